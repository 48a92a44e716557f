"""What a replay server answers: one HTTP response, scripted in code or read from a recording."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_SSE_HEADERS = {"content-type": "text/event-stream; charset=utf-8"}
# Headers that describe the recorded transfer, not the body as stored: the server sets its own.
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection"}


@dataclass(frozen=True)
class Exchange:
    """One response: status, headers and body, and how to deliver the body.

    ``chunk_size`` writes the body in pieces of that many bytes (or ``parts`` gives the pieces
    themselves), ``delay`` waits between them, ``stall`` waits after the body before ending it,
    and ``abort_after`` sends only that many bytes and then resets the connection (for fault
    tests).
    """

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=lambda: dict(_SSE_HEADERS))
    body: bytes = b""
    chunk_size: int | None = None
    delay: float = 0.0
    stall: float | None = None
    abort_after: int | None = None
    parts: tuple[bytes, ...] | None = None

    def pieces(self) -> list[bytes]:
        """The body as it goes on the wire, piece by piece."""
        if self.parts is not None:
            pieces = list(self.parts)
        else:
            size = self.chunk_size or len(self.body) or 1
            pieces = [self.body[start : start + size] for start in range(0, len(self.body), size)]
        if self.abort_after is None:
            return pieces
        kept, sent = [], 0
        for piece in pieces:
            if sent >= self.abort_after:
                break
            kept.append(piece[: self.abort_after - sent])
            sent += len(kept[-1])
        return kept

    @classmethod
    def from_recording(cls, path: str | Path, **delivery: Any) -> Exchange:
        """The response of a recorded exchange (the ``shared/corpus`` JSON format)."""
        recording = json.loads(Path(path).read_text(encoding="utf-8"))
        response = recording["response"]
        headers = {k: v for k, v in response.get("headers", {}).items() if k.lower() not in _TRANSFER_HEADERS}
        return cls(status=response["status"], headers=headers, body=response["body"].encode("utf-8"), **delivery)

    @classmethod
    def events(cls, events: Iterable[Mapping[str, Any] | str], *, done: bool = True, **delivery: Any) -> Exchange:
        """A Chat Completions event stream of the given JSON payloads, ended by ``[DONE]``."""
        body = "".join(f"data: {e if isinstance(e, str) else json.dumps(e)}\n\n" for e in events)
        if done:
            body += "data: [DONE]\n\n"
        return cls(body=body.encode("utf-8"), **delivery)

    @classmethod
    def error(
        cls,
        status: int,
        message: str,
        *,
        code: str | None = None,
        error_type: str = "invalid_request_error",
        headers: Mapping[str, str] | None = None,
    ) -> Exchange:
        """An OpenAI-shaped JSON error response."""
        payload = {"error": {"message": message, "type": error_type, "param": None, "code": code}}
        return cls(
            status=status,
            headers={"content-type": "application/json", **(headers or {})},
            body=json.dumps(payload).encode("utf-8"),
        )


def chat_stream(
    content: str,
    *,
    reasoning: str | None = None,
    model: str = "deepseek-reasoner",
    finish_reason: str = "stop",
    usage: Mapping[str, Any] | None = None,
    reasoning_field: str = "reasoning_content",
    **delivery: Any,
) -> Exchange:
    """A realistic streamed answer in the Chat Completions dialect, one event per word.

    Reasoning (when given) streams first in ``reasoning_field``, as DeepSeek does; ``usage``
    rides on the last content event, also as DeepSeek does.
    """
    base = {"id": "chatcmpl-replay", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": model}

    def event(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, Any]:
        return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}

    events = [event({"role": "assistant", "content": ""})]
    events += [event({"content": None, reasoning_field: piece}) for piece in _pieces(reasoning or "")]
    events += [event({"content": piece}) for piece in _pieces(content)]
    events.append(event({"content": ""}, finish_reason, usage=dict(usage) if usage else None))
    return Exchange.events(events, **delivery)


def _pieces(text: str) -> list[str]:
    """Split text the way tokens arrive: each word with the space before it."""
    return re.findall(r"\s*\S+|\s+$", text)
