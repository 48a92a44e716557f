"""An OpenAI-shaped conversation as Anthropic Messages: a top-level system prompt and content blocks.

* ``system`` and ``developer`` messages are folded, in order, into the top-level ``system``;
* assistant ``tool_calls`` become ``tool_use`` blocks after the assistant's text;
* ``tool`` messages become ``tool_result`` blocks in a user turn, consecutive ones in the same turn;
* neutral image parts (and OpenAI ``image_url`` parts) become ``image`` blocks; any other part is
  passed through as it is, so Anthropic's own blocks (``document``, ``cache_control``…) work;
* an assistant's ``reasoning_blocks`` become ``thinking`` (signed) and ``redacted_thinking``
  (encrypted) blocks at the start of its content, verbatim (see ``_thinking_blocks``).

An assistant's plain ``reasoning_content`` is not sent back: Anthropic accepts thinking only as
signed blocks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._conversation import (
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


def to_anthropic(messages: list[Message], *, thinking: bool = False) -> tuple[str | None, list[dict[str, Any]]]:
    """``(system, messages)`` for the request body; ``thinking``: whether the request turns thinking on."""
    final = len(messages) - 1
    system: list[str] = []
    turns: list[dict[str, Any]] = []
    for position, message in enumerate(messages):
        where = f"messages[{position}]"
        role = message["role"]
        if role in ("system", "developer"):
            system.append(plain_text(message["content"], where))
        elif role == "tool":
            result = {
                "type": "tool_result",
                "tool_use_id": message["tool_call_id"],
                "content": _content(message["content"], where),
            }
            last = turns[-1] if turns else None
            if last is not None and last.get("tool_results"):
                last["content"].append(result)
            else:
                turns.append({"role": "user", "content": [result], "tool_results": True})
        elif role == "user":
            turns.append({"role": "user", "content": _content(message["content"], where)})
        else:
            # Thinking blocks are sent back on every assistant turn: Anthropic requires them on the
            # turn whose tool_use the tool results answer (with thinking on), and on earlier turns
            # filters them out itself or keeps them in context (newer models), recommending that
            # they be sent. The exception: an assistant turn in the final position (a prefill, or a
            # turn to continue) may not hold thinking when the request does not turn thinking on.
            keep_thinking = thinking or position != final
            turns.append({"role": "assistant", "content": _assistant(message, where, keep_thinking)})
    for turn in turns:
        turn.pop("tool_results", None)
    if not turns:
        raise InvalidRequestError("Anthropic needs at least one user message besides the system prompt")
    return ("\n\n".join(part for part in system if part) or None), turns


def _content(content: str | Sequence[Mapping[str, Any]], where: str) -> str | list[dict[str, Any]]:
    if isinstance(content, str):
        return content
    return [_part(part, f"{where}.content[{index}]") for index, part in enumerate(content)]


def _part(part: Mapping[str, Any], where: str) -> dict[str, Any]:
    kind = part.get("type")
    if kind == "image":
        source = inline_image(image_source(part, where), where)
    elif kind == "image_url":
        image = part.get("image_url")
        url = image.get("url") if isinstance(image, Mapping) else image
        if not isinstance(url, str) or not url:
            raise InvalidRequestError(f"{where}: an image_url part needs a url")
        source = inline_image(ImageSource(url=url), where)
    else:
        return dict(part)
    if source.url is not None:
        return {"type": "image", "source": {"type": "url", "url": source.url}}
    return {"type": "image", "source": {"type": "base64", "media_type": source.media_type, "data": source.data}}


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
