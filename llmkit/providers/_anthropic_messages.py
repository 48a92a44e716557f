"""An OpenAI-shaped conversation as Anthropic Messages: a top-level system prompt and content blocks.

* ``system`` and ``developer`` messages are folded, in order, into the top-level ``system``;
* assistant ``tool_calls`` become ``tool_use`` blocks after the assistant's text;
* ``tool`` messages become ``tool_result`` blocks in a user turn, consecutive ones in the same turn;
* neutral image parts (and OpenAI ``image_url`` parts) become ``image`` blocks; any other part is
  passed through as it is, so Anthropic's own blocks (``document``, ``cache_control``…) work;
* an assistant's ``reasoning_blocks`` become ``thinking`` (signed) and ``redacted_thinking``
  (encrypted) blocks at the start of its content, verbatim (see ``_thinking_blocks``);
* a cache mark (``"cache"`` on a part, or on a message: its last block) becomes ``cache_control``
  on that block; a marked system message makes ``system`` a list of text blocks.

An assistant's plain ``reasoning_content`` is not sent back: Anthropic accepts thinking only as
signed blocks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._conversation import (
    CacheTtl,
    ImageSource,
    Message,
    call_arguments,
    image_source,
    inline_image,
    plain_text,
    reasoning_blocks,
)
from .._errors import InvalidRequestError
from ._anthropic_stream import ORIGIN


def to_anthropic(
    messages: list[Message], *, thinking: bool = False
) -> tuple[str | list[dict[str, Any]] | None, list[dict[str, Any]]]:
    """``(system, messages)`` for the request body; ``thinking``: whether the request turns thinking on."""
    final = len(messages) - 1
    system: list[dict[str, Any]] = []
    turns: list[dict[str, Any]] = []
    for position, message in enumerate(messages):
        where = f"messages[{position}]"
        role = message["role"]
        if role in ("system", "developer"):
            system.extend(_system_blocks(message, where))
        elif role == "tool":
            result: dict[str, Any] = {
                "type": "tool_result",
                "tool_use_id": message["tool_call_id"],
                "content": _content(message["content"], where),
            }
            if "cache" in message:
                result["cache_control"] = cache_control(message["cache"])
            last = turns[-1] if turns else None
            if last is not None and last.get("tool_results"):
                last["content"].append(result)
            else:
                turns.append({"role": "user", "content": [result], "tool_results": True})
        elif role == "user":
            turns.append({"role": "user", "content": _marked(_content(message["content"], where), message)})
        else:
            # Thinking blocks are sent back on every assistant turn: Anthropic requires them on the
            # turn whose tool_use the tool results answer (with thinking on), and on earlier turns
            # filters them out itself or keeps them in context (newer models), recommending that
            # they be sent. The exception: an assistant turn in the final position (a prefill, or a
            # turn to continue) may not hold thinking when the request does not turn thinking on.
            keep_thinking = thinking or position != final
            turns.append({"role": "assistant", "content": _marked(_assistant(message, where, keep_thinking), message)})
    for turn in turns:
        turn.pop("tool_results", None)
    if not turns:
        raise InvalidRequestError("Anthropic needs at least one user message besides the system prompt")
    if any("cache_control" in block for block in system):
        return system, turns
    return ("\n\n".join(block["text"] for block in system if block["text"]) or None), turns


def cache_control(ttl: CacheTtl) -> dict[str, str]:
    """A cache mark as Anthropic's breakpoint: 5 minutes is its default, 1 hour is asked for."""
    return {"type": "ephemeral"} if ttl == "5m" else {"type": "ephemeral", "ttl": "1h"}


def count_breakpoints(body: Mapping[str, Any]) -> int:
    """The ``cache_control`` breakpoints of a request body: tools, system blocks, content blocks."""
    blocks: list[Any] = list(body.get("tools") or ())
    if isinstance(body.get("system"), list):
        blocks.extend(body["system"])
    for turn in body.get("messages") or ():
        content = turn.get("content") if isinstance(turn, Mapping) else None
        if isinstance(content, list):
            blocks.extend(content)
            for block in content:
                inner = block.get("content") if isinstance(block, Mapping) else None
                if isinstance(inner, list):  # a tool result's own blocks
                    blocks.extend(inner)
    return sum(1 for block in blocks if isinstance(block, Mapping) and block.get("cache_control"))


def _system_blocks(message: Message, where: str) -> list[dict[str, Any]]:
    content = message["content"]
    blocks: list[dict[str, Any]]
    if isinstance(content, str):
        blocks = [{"type": "text", "text": content}]
    else:
        blocks = []
        for index, part in enumerate(content):
            text = plain_text([part], f"{where}.content[{index}]")
            blocks.append({"type": "text", "text": text})
            if "cache" in part:
                blocks[-1]["cache_control"] = cache_control(part["cache"])
    if "cache" in message and blocks:
        blocks[-1]["cache_control"] = cache_control(message["cache"])
    return blocks


def _marked(content: str | list[dict[str, Any]], message: Message) -> str | list[dict[str, Any]]:
    """``content`` with its last block marked when the message carries a cache mark."""
    if "cache" not in message:
        return content
    blocks: list[dict[str, Any]] = [{"type": "text", "text": content}] if isinstance(content, str) else content
    if not blocks:
        raise InvalidRequestError("a cache mark needs content to mark")
    blocks[-1] = {**blocks[-1], "cache_control": cache_control(message["cache"])}
    return blocks


def _content(content: str | Sequence[Mapping[str, Any]], where: str) -> str | list[dict[str, Any]]:
    if isinstance(content, str):
        return content
    return [_part(part, f"{where}.content[{index}]") for index, part in enumerate(content)]


def _part(part: Mapping[str, Any], where: str) -> dict[str, Any]:
    kind = part.get("type")
    if kind == "image":
        source = inline_image(image_source(part, where), where)
    elif kind == "image_url":
        wire_image = part.get("image_url")
        url = wire_image.get("url") if isinstance(wire_image, Mapping) else wire_image
        if not isinstance(url, str) or not url:
            raise InvalidRequestError(f"{where}: an image_url part needs a url")
        source = inline_image(ImageSource(url=url), where)
    else:
        block = dict(part)
        if "cache" in block:
            block["cache_control"] = cache_control(block.pop("cache"))
        return block
    image: dict[str, Any] = (
        {"type": "image", "source": {"type": "url", "url": source.url}}
        if source.url is not None
        else {"type": "image", "source": {"type": "base64", "media_type": source.media_type, "data": source.data}}
    )
    if "cache" in part:
        image["cache_control"] = cache_control(part["cache"])
    return image


def _assistant(message: Message, where: str, keep_thinking: bool) -> str | list[dict[str, Any]]:
    content = message.get("content")
    calls = message.get("tool_calls") or []
    blocks = _thinking_blocks(message) if keep_thinking else []
    if not calls and not blocks:
        return _content(content if content is not None else "", where)
    if isinstance(content, str):
        if content:
            blocks.append({"type": "text", "text": content})
    elif content:
        blocks.extend(_part(part, f"{where}.content[{index}]") for index, part in enumerate(content))
    for index, call in enumerate(calls):
        blocks.append(_tool_use(call, f"{where}.tool_calls[{index}]"))
    return blocks


def _thinking_blocks(message: Message) -> list[dict[str, Any]]:
    """The neutral reasoning blocks as Anthropic's, unchanged: its signatures cover them exactly.

    A block with neither a signature nor encrypted data (reasoning from another provider, or cut
    short before its signature) is left out: Anthropic refuses a thinking block it did not sign.
    """
    blocks: list[dict[str, Any]] = []
    for block in reasoning_blocks(message, ORIGIN):
        if block.get("provider_data") is not None:
            continue  # another protocol's reasoning item (OpenAI Responses): Anthropic did not sign it
        if block.get("encrypted"):
            blocks.append({"type": "redacted_thinking", "data": block["encrypted"]})
        elif block.get("signature"):
            blocks.append({"type": "thinking", "thinking": block.get("text") or "", "signature": block["signature"]})
    return blocks


def _tool_use(call: Mapping[str, Any], where: str) -> dict[str, Any]:
    # The call was checked with the conversation: it has an id, a name and JSON-object arguments.
    arguments = call_arguments(call, where)
    return {"type": "tool_use", "id": call["id"], "name": call["function"]["name"], "input": arguments}
