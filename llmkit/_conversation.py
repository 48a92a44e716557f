"""The conversation a caller passes, typed and checked once, before any adapter sees it.

The shape is the OpenAI-style message users already write. Every adapter receives it checked:
roles, content parts, images, tool calls and tool answers are valid whatever the provider, so a
conversation that one provider refuses is refused by all of them, before anything is sent.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple, NotRequired, TypedDict, Union

from ._errors import InvalidRequestError
from ._lazy import publish

__all__ = [
    "AssistantMessage",
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


class TextPart(TypedDict):
    type: Literal["text"]
    text: str


class ImagePart(TypedDict, total=False):
    """An image by ``url`` (``https:`` or ``data:``), or as ``data`` (bytes or base64) with its ``media_type``."""

    type: Literal["image"]
    url: str
    data: bytes | str
    media_type: str
    detail: Literal["auto", "low", "high"]


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


class UserMessage(TypedDict):
    role: Literal["user"]
    content: str | list[ContentPart]


class AssistantMessage(TypedDict, total=False):
    role: Literal["assistant"]
    content: str | list[ContentPart] | None
    tool_calls: list[ToolCallMessagePart]
    reasoning_content: str
    reasoning_blocks: list[dict[str, Any]]
    """Signed or encrypted reasoning to send back verbatim (``Completion.to_message()``)."""


class ToolMessage(TypedDict):
    role: Literal["tool"]
    tool_call_id: str
    content: str | list[ContentPart]


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
    content = message.get("content")
    if role == "assistant":
        if content is None and not message.get("tool_calls"):
            raise InvalidRequestError(f"{where}: an assistant message needs 'content' or 'tool_calls'")
        calls = message.get("tool_calls")
        if calls is not None:
            _check_tool_calls(calls, f"{where}.tool_calls")
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
    if role == "tool" and not isinstance(message.get("tool_call_id"), str):
        raise InvalidRequestError(f"{where}: a tool message needs the 'tool_call_id' it answers")
    return dict(message)


def _check_tool_calls(calls: Any, where: str) -> None:
    if isinstance(calls, (str, bytes, Mapping)) or not isinstance(calls, Sequence):
        raise InvalidRequestError(f"{where} must be a list of calls, as Completion.to_message() gives")
    for index, call in enumerate(calls):
        function = call.get("function") if isinstance(call, Mapping) else None
        if not isinstance(function, Mapping) or not function.get("name") or not call.get("id"):
            raise InvalidRequestError(f"{where}[{index}] needs an 'id' and a 'function' with a 'name'")
        call_arguments(call, f"{where}[{index}]")


# -- what every adapter's translation needs ----------------------------------------------------


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
