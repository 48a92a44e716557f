"""``ApiStream``: the async iterator a caller reads, over one HTTP response.

The stream knows no provider: the adapter's ``FrameDecoder`` cuts the body into events (server-sent
events, or AWS event-stream frames) and its ``StreamParser`` turns each into chunks. At the end it
asks the parser for the usage and the finish reason, and has the call's settlement price the
usage, so that every stream closes the same way: content chunks in wire order, at most one
``UsageChunk``, then exactly one ``DoneChunk`` — or an exception.

A failure before the first chunk reaches the caller is retried by sending the request again;
after that, output has been seen and the error is raised, so nothing is ever repeated.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import BaseModel

from ._adapter import FrameDecoder, StreamParser
from ._chunks import StreamChunk, Usage, UsageChunk
from ._completion import Completion, completion_from_chunks
from ._errors import (
    APIConnectionError,
    IdleTimeoutError,
    LLMError,
    MalformedResponseError,
    StreamClosedError,
    StreamIncompleteError,
    TotalTimeoutError,
)
from ._hooks import Observer
from ._lazy import publish
from ._retry import RetryPolicy
from ._timer import IDLE, StreamTimer

if TYPE_CHECKING:
    from typing import Self


__all__ = [
    "ApiStream",
]

DRAIN_SECONDS = 0.5


class Attempt:
    """One HTTP response being read, and what reading it needs."""

    __slots__ = ("decoder", "parser", "request_id", "response", "retries_taken", "started_at")

    def __init__(
        self,
        response: httpx.Response,
        decoder: FrameDecoder,
        parser: StreamParser,
        request_id: str | None,
        retries_taken: int,
        started_at: datetime,
    ) -> None:
        self.response = response
        self.decoder = decoder
        self.parser = parser
        self.request_id = request_id
        self.retries_taken = retries_taken
        self.started_at = started_at
        """When the request was sent: what it is billed at (prices can depend on the hour)."""


Reopen = Callable[[int], Awaitable[Attempt]]
"""Send the request again, as retry number ``n``; returns the new attempt."""

Settle = Callable[[Usage | None, datetime], UsageChunk | None]
"""Price the stream's usage (sent at the given time) and record it; the chunk to yield, if any."""


class ApiStream:
    """Iterate with ``async for``; close early with ``aclose()`` or by leaving ``async with``.

    Breaking out of the loop, an exception in it, or cancelling the task also releases the
    connection, once the stream object is dropped; ``aclose()`` does so at once.
    """

    def __init__(
        self,
        attempt: Attempt,
        provider: str,
        settle: Settle,
        *,
        reopen: Reopen,
        retry: RetryPolicy,
        idle_timeout: float | None,
        total_deadline: float | None,
        response_model: type[BaseModel] | None = None,
        observer: Observer,
    ) -> None:
        self._response_model = response_model
        # The generator gets no reference to this object, so dropping the stream frees it at once.
        self._live = _Live(attempt)
        self._handed_out = False
        self._chunks = _generate(self._live, provider, settle, reopen, retry, idle_timeout, total_deadline, observer)

    @property
    def request_id(self) -> str | None:
        """The provider's id for this request, for support tickets and logs."""
        return self._live.attempt.request_id

    @property
    def response(self) -> httpx.Response:
        """The underlying HTTP response (status and headers; its body belongs to the stream)."""
        return self._live.attempt.response

    def __aiter__(self) -> AsyncIterator[StreamChunk]:
        # `async for chunk in await handler.create_message(...)` keeps only this iterator: from here
        # on the generator owns the response and closes it when it ends or is dropped.
        self._handed_out = True
        return self._chunks

    async def __anext__(self) -> StreamChunk:
        return await self._chunks.__anext__()

    async def collect(self) -> Completion:
        """Read the rest of the stream into one ``Completion`` (as ``handler.complete`` returns)."""
        chunks = [chunk async for chunk in self._chunks]
        return completion_from_chunks(chunks, request_id=self.request_id, model=self._response_model)

    async def aclose(self) -> None:
        """Stop reading and release the connection at once. Safe to call more than once, and from
        another task than the one reading (which then gets ``StreamClosedError``)."""
        self._live.closed = True
        await self._live.attempt.response.aclose()
        # Another task may be inside the generator: the closed response stops it there.
        with contextlib.suppress(RuntimeError):
            await self._chunks.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __del__(self) -> None:
        # A stream never iterated has no generator finaliser to close its response. One handed to
        # an `async for` is still being read: closing it here would cut the read short.
        response = self._live.attempt.response
        if not self._handed_out and not response.is_closed:
            _close_later(response)


class StreamView:
    """A stream read through another's chunks (a router's replay, a guard's accounting), with the
    calls of ``ApiStream``: ``async for``, ``collect()``, ``aclose()``, ``async with``."""

    def __init__(self, stream: Any, chunks: AsyncGenerator[StreamChunk, None]) -> None:
        self.stream = stream
        """The stream underneath."""
        self._chunks = chunks

    @property
    def request_id(self) -> str | None:
        """The provider's id for this request, for support tickets and logs."""
        request_id: str | None = self.stream.request_id
        return request_id

    @property
    def response(self) -> httpx.Response:
        """The underlying HTTP response (status and headers)."""
        response: httpx.Response = self.stream.response
        return response

    @property
    def _response_model(self) -> type[BaseModel] | None:
        # Asked down the chain, so a view of a view (a router of guarded handlers) still parses.
        model: type[BaseModel] | None = getattr(self.stream, "_response_model", None)
        return model

    def __aiter__(self) -> AsyncIterator[StreamChunk]:
        return self._chunks

    async def __anext__(self) -> StreamChunk:
        return await self._chunks.__anext__()

    async def collect(self) -> Completion:
        """Read the rest of the stream into one ``Completion``."""
        chunks = [chunk async for chunk in self._chunks]
        return completion_from_chunks(chunks, request_id=self.request_id, model=self._response_model)

    async def aclose(self) -> None:
        """Stop reading and release the connection at once."""
        await self.stream.aclose()
        await self._chunks.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class _Live:
    __slots__ = ("attempt", "closed")

    def __init__(self, attempt: Attempt) -> None:
        self.attempt = attempt
        self.closed = False


_closing: set[asyncio.Task[None]] = set()


def _close_later(response: httpx.Response) -> None:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return  # no loop to close on: the process or the loop is ending anyway
    task = loop.create_task(response.aclose())
    _closing.add(task)
    task.add_done_callback(_closing.discard)


async def _generate(
    live: _Live,
    provider: str,
    settle: Settle,
    reopen: Reopen,
    retry: RetryPolicy,
    idle_timeout: float | None,
    total_deadline: float | None,
    observer: Observer,
) -> AsyncGenerator[StreamChunk, None]:
    timer = StreamTimer(idle_timeout, total_deadline)
    delivered = False
    watch = observer.chunk if observer.wants_chunks else None
    try:
        while True:
            attempt = live.attempt
            try:
                async for chunk in _read_attempt(attempt, provider, settle, timer, observer):
                    if not delivered:
                        delivered = True
                        observer.first_chunk()
                    if watch is not None:
                        watch(chunk)
                    yield chunk
                    timer.touch()
                return
            except (LLMError, httpx.StreamError) as failure:
                if live.closed:
                    closed = _error(attempt, provider, StreamClosedError, "the stream was closed by the caller")
                    observer.failed(closed)
                    raise closed from None
                if not isinstance(failure, LLMError):
                    raise
                await attempt.response.aclose()
                if delivered or not await retry.pause(
                    failure, attempt.retries_taken, deadline=total_deadline, provider=provider
                ):
                    observer.failed(failure)
                    raise
                try:
                    live.attempt = await reopen(attempt.retries_taken + 1)
                except LLMError as reopen_error:
                    observer.failed(reopen_error)
                    raise
                observer.request.request_id = live.attempt.request_id
                timer.restart()
    finally:
        timer.stop()
        observer.abandoned()  # no-op when the call already finished or failed
        await live.attempt.response.aclose()


async def _read_attempt(
    attempt: Attempt, provider: str, settle: Settle, timer: StreamTimer, observer: Observer
) -> AsyncGenerator[StreamChunk, None]:
    response = attempt.response
    # With no content-encoding the decoded bytes are the raw bytes: skip httpx's decoding layer
    # (unless the body was already read into memory, which only aiter_bytes replays).
    raw = response.headers.get("content-encoding", "identity") == "identity" and not response.is_stream_consumed
    body = (response.aiter_raw() if raw else response.aiter_bytes()).__aiter__()
    parser = attempt.parser
    decoder = attempt.decoder
    try:
        # The network reads are inline rather than in a generator of their own: one async
        # generator hop less on every read.
        while True:
            timer.start_read()
            try:
                if timer.expired() is not None:
                    raise _timeout(attempt, provider, timer)
                data = await body.__anext__()
            except StopAsyncIteration:
                break
            except asyncio.CancelledError:
                if not timer.claim_cancellation():
                    raise
                raise _timeout(attempt, provider, timer) from None
            except httpx.ReadTimeout as exc:
                raise _error(
                    attempt, provider, IdleTimeoutError, "no data from the provider within the idle timeout"
                ) from exc
            except httpx.RemoteProtocolError as exc:
                raise _error(
                    attempt, provider, StreamIncompleteError, f"the connection broke mid-stream: {_why(exc)}"
                ) from exc
            except httpx.TransportError as exc:
                raise _error(
                    attempt, provider, APIConnectionError, f"the connection failed mid-stream: {_why(exc)}"
                ) from exc
            finally:
                timer.end_read()
            events = decoder.feed(data)
            if events:
                timer.touch()
            for event in events:
                for chunk in parser.feed(event):
                    yield chunk
                if parser.ended:
                    break
            if parser.ended:
                break  # the answer is whole: what follows the end marker must not delay or fail it
        if not parser.ended:
            for event in decoder.close():
                for chunk in _feed_last(attempt, provider, event):
                    yield chunk
    except ValueError as exc:
        if isinstance(exc, LLMError):
            raise
        raise _error(attempt, provider, MalformedResponseError, str(exc)) from exc
    tail, usage, done = parser.finish()
    for chunk in tail:
        yield chunk
    usage_chunk = settle(usage, attempt.started_at)
    observer.finished(None if usage_chunk is None else usage_chunk.usage, done)
    if usage_chunk is not None:
        yield usage_chunk
    yield done
    await _drain(body)


async def _drain(body: AsyncIterator[bytes]) -> None:
    """Read the little that follows the end marker, so the connection can serve the next request.

    Best effort and brief: a server that keeps the connection open or resets it after the end
    marker costs a new connection, never the answer.
    """
    try:
        async with asyncio.timeout(DRAIN_SECONDS):
            async for _ in body:
                pass
    except (TimeoutError, httpx.HTTPError):
        pass


def _feed_last(attempt: Attempt, provider: str, event: Any) -> Sequence[StreamChunk]:
    """An event the body ended in without its blank line: kept if whole, else the cut it is."""
    try:
        return attempt.parser.feed(event)
    except MalformedResponseError as exc:
        raise _error(attempt, provider, StreamIncompleteError, "the stream ended in the middle of an event") from exc


def _why(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _timeout(attempt: Attempt, provider: str, timer: StreamTimer) -> LLMError:
    if timer.expired() == IDLE:
        return _error(attempt, provider, IdleTimeoutError, "no data event within the idle timeout")
    return _error(attempt, provider, TotalTimeoutError, "the request took longer than its timeout")


def _error(attempt: Attempt, provider: str, cls: type[LLMError], message: str) -> LLMError:
    return cls(
        message,
        provider=provider,
        status_code=attempt.response.status_code,
        request_id=attempt.request_id,
    )


publish(globals(), "llmkit")
