"""Observability: standard logging under ``llmkit``, and hooks a service can export metrics from.

Subclass ``Hooks``, override what you need, and pass instances as the ``hooks`` setting. They are
called on request, on each chunk (only if ``on_chunk`` is overridden: the per-chunk path stays
free otherwise), on finish and on error. A hook that raises is logged and ignored; it never
breaks a stream. Neither the logs nor the events carry the key, and message content is logged
only with ``log_content=True``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ._chunks import DoneChunk, StreamChunk, Usage
from ._errors import LLMError
from ._lazy import publish

__all__ = [
    "FinishInfo",
    "Hooks",
    "RequestInfo",
]


logger = logging.getLogger("llmkit")


@dataclass(eq=False)
class RequestInfo:
    """One call to ``create_message`` or ``complete``, as hooks see it."""

    provider: str
    model: str
    base_url: str
    stream: bool
    options: dict[str, Any] = field(default_factory=dict)
    """The options the caller set (names and values, tools and schemas summarised)."""
    request_id: str | None = None
    started: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class FinishInfo:
    """How a call ended: its usage (with cost), finish reason and timings in seconds."""

    usage: Usage | None
    finish_reason: str
    raw_finish_reason: str | None
    duration: float
    time_to_first_chunk: float | None


class Hooks:
    """Callbacks around every request; the defaults do nothing."""

    def on_request(self, request: RequestInfo) -> None:
        """The request is about to be sent (once per call, whatever the retries)."""

    def on_chunk(self, request: RequestInfo, chunk: StreamChunk) -> None:
        """A chunk is about to reach the caller."""

    def on_finish(self, request: RequestInfo, finish: FinishInfo) -> None:
        """The call ended normally."""

    def on_error(self, request: RequestInfo, error: LLMError) -> None:
        """The call failed with ``error`` (after any retries)."""

    def on_abandon(self, request: RequestInfo) -> None:
        """The caller stopped reading before the end (break, ``aclose()``, cancellation)."""


def _overrides(hook: Hooks, name: str) -> bool:
    return getattr(type(hook), name) is not getattr(Hooks, name)


class Observer:
    """Logs one call and tells the hooks about it."""

    __slots__ = ("_chunk_hooks", "_ended", "_first_chunk", "_hooks", "_log_content", "request")

    def __init__(self, request: RequestInfo, hooks: Sequence[Hooks], *, log_content: bool) -> None:
        self.request = request
        self._hooks = hooks
        self._chunk_hooks = [hook for hook in hooks if _overrides(hook, "on_chunk")]
        self._log_content = log_content
        self._first_chunk: float | None = None
        self._ended = False

    @property
    def wants_chunks(self) -> bool:
        return bool(self._chunk_hooks)

    def started(self, messages: Sequence[Any]) -> None:
        r = self.request
        logger.debug("llmkit: %s %s request to %s (stream=%s)", r.provider, r.model, r.base_url, r.stream)
        if self._log_content:
            logger.debug("llmkit: %s request messages: %r", r.provider, list(messages))
        self._call("on_request", r)

    def chunk(self, chunk: StreamChunk) -> None:
        for hook in self._chunk_hooks:
            try:
                hook.on_chunk(self.request, chunk)
            except Exception:
                logger.exception("llmkit: hook %r failed in on_chunk", hook)

    def first_chunk(self) -> None:
        if self._first_chunk is None:
            self._first_chunk = time.monotonic()

    def finished(self, usage: Usage | None, done: DoneChunk, text: str | None = None) -> None:
        self._ended = True
        r = self.request
        now = time.monotonic()
        finish = FinishInfo(
            usage=usage,
            finish_reason=done.finish_reason,
            raw_finish_reason=done.raw_finish_reason,
            duration=now - r.started,
            time_to_first_chunk=None if self._first_chunk is None else self._first_chunk - r.started,
        )
        tokens = (
            "no usage reported"
            if usage is None
            else (
                f"{usage.input_tokens} in ({usage.cache_read_tokens} cached) / {usage.output_tokens} out, "
                f"cost {'unknown' if usage.cost is None else f'${usage.cost}'}"
            )
        )
        logger.info(
            "llmkit: %s %s finished (%s) in %.2fs: %s; request id %s",
            r.provider, r.model, done.finish_reason, finish.duration, tokens, r.request_id,
        )  # fmt: skip
        if self._log_content and text is not None:
            logger.debug("llmkit: %s answer: %r", r.provider, text)
        self._call("on_finish", r, finish)

    def failed(self, error: LLMError) -> None:
        self._ended = True
        r = self.request
        # INFO, not WARNING: the caller receives this error and may well handle it; logging it
        # louder would report as a problem what the application has already dealt with.
        logger.info(
            "llmkit: %s %s failed: %s %s; request id %s",
            r.provider, r.model, type(error).__name__, error.message, error.request_id or r.request_id,
        )  # fmt: skip
        self._call("on_error", r, error)

    def abandoned(self) -> None:
        if self._ended:
            return
        self._ended = True
        r = self.request
        logger.info("llmkit: %s %s closed by the caller before the end", r.provider, r.model)
        self._call("on_abandon", r)

    def _call(self, name: str, *args: Any) -> None:
        for hook in self._hooks:
            try:
                getattr(hook, name)(*args)
            except Exception:
                logger.exception("llmkit: hook %r failed in %s", hook, name)


publish(globals(), "llmkit")
