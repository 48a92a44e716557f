"""Checking the conversation a caller passes, before anything is sent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ._errors import InvalidRequestError
from ._parts import image_source

Message = dict[str, Any]

ROLES = ("system", "developer", "user", "assistant", "tool")


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
