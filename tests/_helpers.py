"""Small helpers the tests share: collecting a stream and cutting bodies into pieces."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pytest_httpx import HTTPXMock, IteratorStream

import llmkit
from llmkit import ApiStream, DoneChunk, StreamChunk, Usage, UsageChunk

# Written out here, not read from llmkit's tables, so that a wrong entry there fails a test.
STATUS_CLASSES: dict[int, type[llmkit.APIStatusError]] = {
    400: llmkit.BadRequestError,
    401: llmkit.AuthenticationError,
    402: llmkit.InsufficientBalanceError,
    403: llmkit.PermissionDeniedError,
    404: llmkit.NotFoundError,
    408: llmkit.RequestTimeoutError,
    409: llmkit.ConflictError,
    413: llmkit.RequestTooLargeError,
    418: llmkit.APIStatusError,
    422: llmkit.UnprocessableEntityError,
    429: llmkit.RateLimitError,
    500: llmkit.ServerError,
    502: llmkit.ServerError,
    503: llmkit.OverloadedError,
    504: llmkit.ServerError,
    529: llmkit.OverloadedError,
    599: llmkit.ServerError,
}
"""The exact class a user catches for each HTTP error status (no provider words that refine it)."""

RETRYABLE_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504, 529, 599})

CHAT_FINISH: dict[str, str] = {
    "stop": "stop",
    "length": "length",
    "tool_calls": "tool_calls",
    "function_call": "tool_calls",
    "content_filter": "content_filter",
}
"""Chat Completions' raw finish reasons and what llmkit reports for them; any other word is ``other``."""

ANTHROPIC_FINISH: dict[str, str] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
"""Anthropic Messages' stop reasons and what llmkit reports for them; any other word is ``other``."""


class MadeUpCallId:
    """Equal to an id llmkit made up for a tool call the server sent without one."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and re.fullmatch(r"call_[0-9a-f]{24}", other) is not None

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "<made-up call id>"


def recorded_call_id(recorded: str | None) -> str | MadeUpCallId:
    """What llmkit should report for a call the recording gives ``recorded`` as its id."""
    return recorded or MadeUpCallId()


@dataclass
class Collected:
    chunks: list[StreamChunk] = field(default_factory=list)
    text: dict[int, str] = field(default_factory=dict)
    reasoning: dict[int, str] = field(default_factory=dict)
    refusal: dict[int, str] = field(default_factory=dict)
    calls: dict[int, dict[str, Any]] = field(default_factory=dict)
    usage: Usage | None = None
    done: DoneChunk | None = None

    @property
    def content(self) -> str:
        return self.text.get(0, "")

    def tool_calls(self) -> list[dict[str, Any]]:
        return [self.calls[i] for i in sorted(self.calls)]


def collect_into(result: Collected, chunk: StreamChunk) -> None:
    result.chunks.append(chunk)
    if chunk.type == "text":
        result.text[chunk.choice] = result.text.get(chunk.choice, "") + chunk.delta
    elif chunk.type == "reasoning":
        result.reasoning[chunk.choice] = result.reasoning.get(chunk.choice, "") + chunk.reasoning
    elif chunk.type == "refusal":
        result.refusal[chunk.choice] = result.refusal.get(chunk.choice, "") + chunk.refusal
    elif chunk.type == "tool_call":
        assert chunk.choice == 0
        call = result.calls.setdefault(chunk.index, {"id": None, "name": None, "arguments": ""})
        if chunk.id is not None:
            assert call["id"] is None, "a call's id arrives once"
            call["id"] = chunk.id
        if chunk.name is not None:
            assert call["name"] is None, "a call's name arrives once"
            call["name"] = chunk.name
        call["arguments"] += chunk.arguments_delta
    elif chunk.type == "usage":
        assert result.usage is None, "at most one usage chunk"
        result.usage = chunk.usage
    elif chunk.type == "done":
        result.done = chunk


async def collect(stream: ApiStream) -> Collected:
    """Read a whole stream, checking the order rules every stream must keep."""
    result = Collected()
    async for chunk in stream:
        assert result.done is None, "nothing may follow the done chunk"
        if result.usage is not None:
            assert isinstance(chunk, DoneChunk), "only the done chunk may follow the usage chunk"
        collect_into(result, chunk)
    assert result.done is not None, "a stream that ends normally ends with a done chunk"
    assert isinstance(result.chunks[-1], DoneChunk)
    assert sum(isinstance(c, UsageChunk) for c in result.chunks) <= 1
    return result


def pieces(body: bytes, size: int) -> Iterator[bytes]:
    """The body cut into ``size``-byte reads (0: one read)."""
    if size <= 0:
        yield body
        return
    for start in range(0, len(body), size):
        yield body[start : start + size]


def recorded_body(recording: dict[str, Any]) -> bytes:
    """A recorded response's exact bytes (binary bodies, such as AWS event streams, are base64)."""
    response = recording["response"]
    if response.get("body_base64") is not None:
        return base64.b64decode(response["body_base64"])
    body: str = response["body"]
    return body.encode("utf-8")


def replay(httpx_mock: HTTPXMock, recording: dict[str, Any], read_size: int) -> None:
    """Serve a recorded response through pytest-httpx, its body in ``read_size``-byte reads."""
    response = recording["response"]
    headers = {
        k: v
        for k, v in response["headers"].items()
        if k.lower() not in ("content-encoding", "transfer-encoding", "content-length")
    }
    body = recorded_body(recording)
    httpx_mock.add_response(
        status_code=response["status"], headers=headers, stream=IteratorStream(list(pieces(body, read_size)))
    )
