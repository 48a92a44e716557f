"""An OpenAI-shaped conversation as Responses ``instructions`` and ``input`` items.

* the leading ``system`` / ``developer`` messages become ``instructions``; later ones stay
  messages of their role in ``input``;
* user content parts: ``text`` -> ``input_text``, neutral ``image`` parts and Chat Completions
  ``image_url`` parts -> ``input_image``; any other part (``input_file``…) goes as it is;
* an assistant turn: its ``reasoning_blocks`` that came from a Responses reasoning item
  (``provider_data`` holds the item's id) go back first as ``reasoning`` items, then its text as
  an assistant message, then each tool call as a ``function_call`` item;
* ``tool`` messages -> ``function_call_output`` items;
* cache marks are left out: OpenAI caches long prompt prefixes by itself (``prompt_cache_key``
  steers which requests share a cache).

A reasoning item is sent back when it carries ``encrypted_content``, or when the request stores
responses (``store=true``: the id alone then names it). Without either the server has nothing
to find it by, so it is left out, as are other providers' blocks (Anthropic's signed thinking).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._conversation import Message, image_source, reasoning_blocks
from .._errors import InvalidRequestError
from .._options import ResponseFormat, Tool
from ._responses_stream import ORIGIN


def to_responses_input(messages: list[Message], *, store: bool) -> tuple[str | None, list[dict[str, Any]]]:
    """``(instructions, input)`` for the request body."""
    instructions: list[str] = []
    items: list[dict[str, Any]] = []
    for position, message in enumerate(messages):
        where = f"messages[{position}]"
        role = message["role"]
        if role in ("system", "developer") and not items:
            instructions.append(_plain_text(message["content"], where))
        elif role == "tool":
            items.append(
                {
                    "type": "function_call_output",
                    "call_id": message["tool_call_id"],
                    "output": _content(message["content"], where),
                }
            )
        elif role == "assistant":
            items.extend(_assistant(message, where, store))
        else:
            items.append({"role": role, "content": _content(message["content"], where)})
    if not items:
        raise InvalidRequestError("the Responses API needs at least one message besides the system prompt")
    return ("\n\n".join(part for part in instructions if part) or None), items


def tool_to_wire(tool: Tool) -> dict[str, Any]:
    """A function tool in the Responses shape (flat, no nested ``function``)."""
    wire: dict[str, Any] = {"type": "function", "name": tool.name}
    if tool.description:
        wire["description"] = tool.description
    wire["parameters"] = dict(tool.parameters) if tool.parameters is not None else {"type": "object", "properties": {}}
    # The Responses API makes tools strict unless told otherwise, and strict mode refuses most
    # hand-written schemas: llmkit asks for it only when the caller does.
    wire["strict"] = bool(tool.strict)
    return wire


def text_format(response_format: ResponseFormat) -> dict[str, Any]:
    """``response_format`` as the Responses ``text.format``."""
    if response_format.kind == "json":
        return {"type": "json_object"}
    return {
        "type": "json_schema",
        "name": response_format.name,
        "schema": dict(response_format.schema or {}),
        "strict": response_format.strict,
    }


def _plain_text(content: str | Sequence[Mapping[str, Any]], where: str) -> str:
    if isinstance(content, str):
        return content
    texts = []
    for index, part in enumerate(content):
        if part.get("type") not in ("text", "input_text"):
            raise InvalidRequestError(f"{where}.content[{index}]: a system message may only hold text parts")
        texts.append(str(part.get("text", "")))
    return "".join(texts)


def _content(content: str | Sequence[Mapping[str, Any]], where: str) -> str | list[dict[str, Any]]:
    if isinstance(content, str):
        return content
    return [_part(part, f"{where}.content[{index}]") for index, part in enumerate(content)]


def _part(part: Mapping[str, Any], where: str) -> dict[str, Any]:
    kind = part.get("type")
    if kind == "text":
        return {"type": "input_text", "text": part.get("text", "")}
    if kind == "image":
        source = image_source(part, where)
        data_url = source.url or f"data:{source.media_type};base64,{source.data}"
        return {"type": "input_image", "image_url": data_url, "detail": part.get("detail") or "auto"}
    if kind == "image_url":
        image = part.get("image_url")
        url = image.get("url") if isinstance(image, Mapping) else image
        if not isinstance(url, str) or not url:
            raise InvalidRequestError(f"{where}: an image_url part needs a url")
        detail = image.get("detail") if isinstance(image, Mapping) else None
        return {"type": "input_image", "image_url": url, "detail": detail or "auto"}
    # OpenAI caches long prompt prefixes on its own: a cache mark has nothing to say to it.
    return {key: value for key, value in part.items() if key != "cache"}


def _assistant(message: Message, where: str, store: bool) -> list[dict[str, Any]]:
    items = _reasoning_items(message, store)
    content = message.get("content")
    if isinstance(content, str):
        if content:
            items.append({"role": "assistant", "content": content})
    elif content:
        texts = []
        for index, part in enumerate(content):
            if part.get("type") not in ("text", "output_text"):
                raise InvalidRequestError(f"{where}.content[{index}]: an assistant message may only hold text parts")
            texts.append({"type": "output_text", "text": str(part.get("text", ""))})
        items.append({"type": "message", "role": "assistant", "content": texts})
    for index, call in enumerate(message.get("tool_calls") or ()):
        items.append(_function_call(call, f"{where}.tool_calls[{index}]"))
    return items


def _reasoning_items(message: Message, store: bool) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for block in reasoning_blocks(message, ORIGIN):
        data = block.get("provider_data")
        if not isinstance(data, Mapping) or not isinstance(data.get("id"), str):
            continue  # not a Responses reasoning item
        encrypted = block.get("encrypted")
        if not encrypted and not store:
            continue
        item: dict[str, Any] = {"type": "reasoning", "id": data["id"], "summary": list(data.get("summary") or ())}
        if encrypted:
            item["encrypted_content"] = encrypted
        items.append(item)
    return items


def _function_call(call: Any, where: str) -> dict[str, Any]:
    function = call.get("function") if isinstance(call, Mapping) else None
    if not isinstance(function, Mapping) or not function.get("name") or not call.get("id"):
        raise InvalidRequestError(f"{where} needs an 'id' and a 'function' with a 'name'")
    arguments = function.get("arguments") or "{}"
    if not isinstance(arguments, str):
        raise InvalidRequestError(f"{where}: the arguments must be the JSON text of an object")
    return {"type": "function_call", "call_id": call["id"], "name": function["name"], "arguments": arguments}
