"""The conversation a caller passes, typed and checked once, before any adapter sees it.

The shape is the OpenAI-style message users already write. Every adapter receives it checked:
roles, content parts, images, tool calls and tool answers are valid whatever the provider, so a
conversation that one provider refuses is refused by all of them, before anything is sent.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple, NotRequired, TypedDict, Union, cast

from ._errors import InvalidRequestError
from ._lazy import publish

__all__ = [
    "AssistantMessage",
    "CacheMark",
    "ChatMessage",
    "ContentPart",
    "ImagePart",
    "SystemMessage",
    "TextPart",
    "ToolCallFunction",
    "ToolCallMessagePart",
    "ToolMessage",
    "UserMessage",
]


CacheTtl = Literal["5m", "1h"]
CACHE_TTLS = ("5m", "1h")
CacheMark = Union[bool, CacheTtl, Mapping[str, str]]
"""Where the prompt cache may end: ``True`` (the provider's default lifetime, 5 minutes), or
``{"ttl": "1h"}`` (also ``"5m"``) where the provider offers two; see docs/options.md (prompt caching)."""


class TextPart(TypedDict):
    type: Literal["text"]
    text: str
    cache: NotRequired[CacheMark]


class ImagePart(TypedDict, total=False):
    """An image by ``url`` (``https:`` or ``data:``), or as ``data`` (bytes or base64) with its ``media_type``."""

    type: Literal["image"]
    url: str
    data: bytes | str
    media_type: str
    detail: Literal["auto", "low", "high"]
    cache: CacheMark


ContentPart = Union[TextPart, ImagePart, Mapping[str, Any]]
"""A text or image part, or a provider's own block (passed through by the adapters that know it)."""


class ToolCallFunction(TypedDict):
    name: str
    arguments: str
    """The arguments as JSON text, as the model wrote them."""


class ToolCallMessagePart(TypedDict):
    """One call in an assistant turn (``Completion.to_message()`` writes them)."""

    id: str
    type: Literal["function"]
    function: ToolCallFunction
    provider_data: NotRequired[dict[str, Any]]


class SystemMessage(TypedDict):
    role: Literal["system", "developer"]
    content: str | list[TextPart]
    cache: NotRequired[CacheMark]
    """Mark the end of this message for the prompt cache (its last part)."""


class UserMessage(TypedDict):
    role: Literal["user"]
    content: str | list[ContentPart]
    cache: NotRequired[CacheMark]
    """Mark the end of this message for the prompt cache (its last part)."""


class AssistantMessage(TypedDict, total=False):
    role: Literal["assistant"]
    content: str | list[ContentPart] | None
    tool_calls: list[ToolCallMessagePart]
    reasoning_content: str
    reasoning_blocks: list[dict[str, Any]]
    """Signed or encrypted reasoning to send back verbatim (``Completion.to_message()``)."""
    cache: CacheMark


class ToolMessage(TypedDict):
    role: Literal["tool"]
    tool_call_id: str
    content: str | list[ContentPart]
    cache: NotRequired[CacheMark]
    """Mark the end of this message for the prompt cache (its last part)."""


ChatMessage = Union[SystemMessage, UserMessage, AssistantMessage, ToolMessage]
"""One message of a conversation, for type checkers; plain dicts of the same shape are what is passed."""

Message = dict[str, Any]
"""A checked message as adapters receive it: a new dict, never the caller's."""

ROLES = ("system", "developer", "user", "assistant", "tool")


class ImageSource(NamedTuple):
    """Where an image comes from: a URL, or base64 data with its media type."""

    url: str | None = None
    media_type: str | None = None
    data: str | None = None
    """Base64 text (never raw bytes: JSON cannot carry them)."""


def check_messages(system_prompt: str | None, messages: Sequence[Mapping[str, Any]]) -> list[Message]:
    """Validate the conversation and return it as new dicts (the caller's are never changed),
    with the system prompt first when one is given."""
    if system_prompt is not None and not isinstance(system_prompt, str):
        raise InvalidRequestError(f"system_prompt must be a string or None, got a {type(system_prompt).__name__}")
    if isinstance(messages, (str, bytes)) or not isinstance(messages, Sequence):
        raise InvalidRequestError(
            "messages must be a list of dicts like {'role': 'user', 'content': 'Hi'}, "
            f"got a {type(messages).__name__}"
        )
    checked: list[Message] = []
    if system_prompt:
        checked.append({"role": "system", "content": system_prompt})
    for position, message in enumerate(messages):
        checked.append(_check_message(position, message))
    if not checked:
        raise InvalidRequestError("nothing to send: messages is empty and there is no system prompt")
    return checked


def _check_message(position: int, message: Any) -> Message:
    where = f"messages[{position}]"
    if not isinstance(message, Mapping):
        raise InvalidRequestError(f"{where} must be a dict with 'role' and 'content', got a {type(message).__name__}")
    role = message.get("role")
    if role not in ROLES:
        raise InvalidRequestError(f"{where} has role {role!r}; valid roles: {', '.join(ROLES)}")
    checked = dict(message)
    if "cache" in checked:
        _mark(checked, where)
    content = message.get("content")
    if role == "assistant":
        if content is None and not message.get("tool_calls"):
            raise InvalidRequestError(f"{where}: an assistant message needs 'content' or 'tool_calls'")
        calls = message.get("tool_calls")
        if calls is not None:
            _check_tool_calls(calls, f"{where}.tool_calls")
        blocks = message.get("reasoning_blocks")
        if blocks is not None:
            _check_reasoning_blocks(blocks, f"{where}.reasoning_blocks")
    elif content is None:
        raise InvalidRequestError(f"{where}: a {role} message needs 'content'")
    if content is not None and not isinstance(content, str):
        if isinstance(content, (bytes, Mapping)) or not isinstance(content, Sequence):
            raise InvalidRequestError(
                f"{where}: content must be a string or a list of content parts, got a {type(content).__name__}"
            )
        for part_position, part in enumerate(content):
            if not isinstance(part, Mapping) or not isinstance(part.get("type"), str):
                raise InvalidRequestError(
                    f"{where}.content[{part_position}] must be a dict with a 'type', "
                    "such as {'type': 'text', 'text': '…'}"
                )
            if part["type"] == "image":
                image_source(part, f"{where}.content[{part_position}]")
        if any("cache" in part for part in content):
            checked["content"] = [_marked_part(part, f"{where}.content[{i}]") for i, part in enumerate(content)]
    if role == "tool" and not isinstance(message.get("tool_call_id"), str):
        raise InvalidRequestError(f"{where}: a tool message needs the 'tool_call_id' it answers")
    return checked


def _mark(holder: dict[str, Any], where: str) -> None:
    """Normalise ``holder``'s cache mark to ``"5m"`` or ``"1h"``, or remove it when it marks nothing."""
    ttl = cache_ttl(holder["cache"], where)
    if ttl is None:
        del holder["cache"]
    else:
        holder["cache"] = ttl


def _marked_part(part: Mapping[str, Any], where: str) -> Mapping[str, Any]:
    if "cache" not in part:
        return part
    copy = dict(part)
    _mark(copy, where)
    return copy


def cache_ttl(mark: Any, where: str) -> CacheTtl | None:
    """A cache mark (``True``, ``False``, ``"5m"``, ``"1h"`` or ``{"ttl": …}``) as the lifetime it asks
    for: ``"5m"`` (every provider's default) or ``"1h"``; ``None`` for no mark."""
    if mark is None or mark is False:
        return None
    if mark is True:
        return "5m"
    ttl = mark.get("ttl", "5m") if isinstance(mark, Mapping) and set(mark) <= {"ttl"} else mark
    if isinstance(ttl, str) and ttl in CACHE_TTLS:
        return cast(CacheTtl, ttl)
    raise InvalidRequestError(f"{where}: a cache mark is True, {{'ttl': '5m'}} or {{'ttl': '1h'}}; got {mark!r}")


def without_cache_marks(message: Message) -> Message:
    """``message`` without its cache marks, for a protocol whose caching needs none (OpenAI's is automatic)."""
    if "cache" in message:
        message = {key: value for key, value in message.items() if key != "cache"}
    content = message.get("content")
    if isinstance(content, list) and any("cache" in part for part in content):
        parts = [{k: v for k, v in part.items() if k != "cache"} if "cache" in part else part for part in content]
        message = {**message, "content": parts}
    return message


def _check_tool_calls(calls: Any, where: str) -> None:
    if isinstance(calls, (str, bytes, Mapping)) or not isinstance(calls, Sequence):
        raise InvalidRequestError(f"{where} must be a list of calls, as Completion.to_message() gives")
    for index, call in enumerate(calls):
        function = call.get("function") if isinstance(call, Mapping) else None
        if not isinstance(function, Mapping) or not function.get("name") or not call.get("id"):
            raise InvalidRequestError(f"{where}[{index}] needs an 'id' and a 'function' with a 'name'")
        call_arguments(call, f"{where}[{index}]")


def _check_reasoning_blocks(blocks: Any, where: str) -> None:
    if isinstance(blocks, (str, bytes, Mapping)) or not isinstance(blocks, Sequence):
        raise InvalidRequestError(f"{where} must be a list of dicts, as Completion.to_message() gives")
    for index, block in enumerate(blocks):
        if not isinstance(block, Mapping) or not all(
            isinstance(block.get(key), (str, type(None))) for key in ("text", "signature", "encrypted")
        ):
            raise InvalidRequestError(
                f"{where}[{index}] must be a dict of strings: 'text' and 'signature', or 'encrypted'"
            )
        if not isinstance(block.get("provider_data"), (Mapping, type(None))):
            raise InvalidRequestError(f"{where}[{index}].provider_data must be a dict")
        if not isinstance(block.get("origin"), (str, type(None))):
            raise InvalidRequestError(f"{where}[{index}].origin must be a string")


# -- what every adapter's translation needs ----------------------------------------------------


def reasoning_blocks(message: Message, origin: str) -> list[Mapping[str, Any]]:
    """An assistant turn's reasoning blocks (checked with the conversation) that ``origin``, the
    protocol asking, may send back: its own, and those of no stated origin. A signature made by
    one provider is refused by another, so a conversation that moves between providers (a
    fallback) sends each only what it signed."""
    blocks: Sequence[Mapping[str, Any]] = message.get("reasoning_blocks") or ()
    return [block for block in blocks if block.get("origin", origin) in (origin, None)]


def image_source(part: Mapping[str, Any], where: str) -> ImageSource:
    """Read ``{"type": "image", "url": …}`` or ``{"type": "image", "data": bytes|base64, "media_type": …}``."""
    url = part.get("url")
    if isinstance(url, str) and url:
        return ImageSource(url=url)
    data = part.get("data")
    media_type = part.get("media_type")
    if data is None:
        raise InvalidRequestError(f"{where}: an image part needs 'url', or 'data' and 'media_type'")
    if not isinstance(media_type, str) or not media_type.startswith("image/"):
        raise InvalidRequestError(f"{where}: an image given as data needs a 'media_type' such as 'image/png'")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return ImageSource(media_type=media_type, data=base64.b64encode(bytes(data)).decode("ascii"))
    if isinstance(data, str):
        return ImageSource(media_type=media_type, data=data)
    raise InvalidRequestError(f"{where}: image data must be bytes or base64 text")


def inline_image(source: ImageSource, where: str) -> ImageSource:
    """``source`` with a ``data:`` URL read into its media type and base64 data; other URLs as they are."""
    url = source.url
    if url is None or not url.startswith("data:"):
        return source
    header, _, data = url[5:].partition(",")
    media_type, _, encoding = header.partition(";")
    if encoding != "base64" or not data:
        raise InvalidRequestError(f"{where}: a data URL image must be base64")
    return ImageSource(media_type=media_type, data=data)


def data_url(source: ImageSource) -> str:
    """An image as one URL: its own, or a ``data:`` URL of its bytes."""
    return source.url or f"data:{source.media_type};base64,{source.data}"


def plain_text(content: str | Sequence[Mapping[str, Any]], where: str) -> str:
    """The text of a message that may only hold text (a system prompt, for most providers)."""
    if isinstance(content, str):
        return content
    texts = []
    for index, part in enumerate(content):
        if part.get("type") != "text":
            raise InvalidRequestError(f"{where}.content[{index}]: a system message may only hold text parts")
        texts.append(str(part.get("text", "")))
    return "".join(texts)


def split_system(messages: list[Message]) -> tuple[str | None, list[tuple[int, Message]]]:
    """The ``system`` and ``developer`` messages folded, in order, into one prompt; the rest with
    their positions (for error messages), for protocols that take the system prompt apart."""
    system: list[str] = []
    rest: list[tuple[int, Message]] = []
    for position, message in enumerate(messages):
        if message["role"] in ("system", "developer"):
            system.append(plain_text(message["content"], f"messages[{position}]"))
        else:
            rest.append((position, message))
    return ("\n\n".join(part for part in system if part) or None), rest


def call_arguments(call: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A tool call's arguments as a JSON object (they travel as JSON text in the neutral shape)."""
    arguments = call["function"].get("arguments") or "{}"
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments)
        except ValueError as exc:
            raise InvalidRequestError(f"{where}: the arguments are not JSON ({exc})") from exc
    if not isinstance(arguments, Mapping):
        raise InvalidRequestError(f"{where}: the arguments must be a JSON object")
    return dict(arguments)


def arguments_json(value: Any) -> str:
    """Arguments a provider sent as an object, as the compact JSON text a tool call carries."""
    if value is None or value == {}:
        return "{}"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


publish(globals(), "llmkit")
