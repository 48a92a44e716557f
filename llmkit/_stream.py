"""``ApiStream``: the async iterator a caller reads, over one HTTP response.

The stream knows no provider: it cuts the body into server-sent events and hands each to the
adapter's ``StreamParser``, which turns wire JSON into chunks. At the end it asks the parser
for the usage and the finish reason, so that every stream closes the same way: content chunks
in wire order, at most one ``UsageChunk``, then exactly one ``DoneChunk`` — or an exception.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

import httpx

from ._chunks import DoneChunk, StreamChunk, Usage, UsageChunk
from ._errors import APIConnectionError, IdleTimeoutError, LLMError, MalformedResponseError, StreamIncompleteError
from ._sse import SSEDecoder, SSEEvent

if TYPE_CHECKING:
    from typing_extensions import Self


class StreamParser(Protocol):
    """What an adapter supplies to read its provider's events."""

    ended: bool
    """Set once the provider's end marker (``[DONE]``, ``message_stop``, …) has been read."""

    def feed(self, event: SSEEvent) -> Sequence[StreamChunk]:
        """The chunks one event carries; raises an ``LLMError`` for an error event."""
        ...

    def finish(self) -> tuple[Sequence[StreamChunk], Usage | None, DoneChunk]:
        """Chunks held back until the end, the stream's usage and its done chunk.

        Raises ``StreamIncompleteError`` if the stream was cut short.
        """
        ...


class StreamContext(Protocol):
    """What a stream needs from the handler that opened it."""

    @property
    def provider_name(self) -> str: ...

    def complete_usage(self, usage: Usage) -> Usage: ...
    def record_usage(self, chunk: UsageChunk | None) -> None: ...


class ApiStream:
    """Iterate with ``async for``; close early with ``aclose()`` or by leaving ``async with``."""

    def __init__(
        self, response: httpx.Response, parser: StreamParser, context: StreamContext, *, request_id: str | None
    ) -> None:
        self._response = response
        self._parser = parser
        self._context = context
        self._chunks = self._generate()
        self.request_id = request_id
        """The provider's id for this request, for support tickets and logs."""

    @property
    def response(self) -> httpx.Response:
        """The underlying HTTP response (status and headers; its body belongs to the stream)."""
        return self._response

    def __aiter__(self) -> AsyncIterator[StreamChunk]:
        return self._chunks

    async def __anext__(self) -> StreamChunk:
        return await self._chunks.__anext__()

    async def aclose(self) -> None:
        """Stop reading and release the connection at once. Safe to call more than once."""
        await self._chunks.aclose()
        await self._response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def _generate(self) -> AsyncGenerator[StreamChunk, None]:
        parser = self._parser
        decoder = SSEDecoder()
        try:
            async for data in self._read():
                if parser.ended:
                    continue  # drain what follows the end marker so the connection can be reused
                for event in decoder.feed(data):
                    for chunk in parser.feed(event):
                        yield chunk
                    if parser.ended:
                        break
            if not parser.ended:
                for event in decoder.close():
                    for chunk in self._feed_last(event):
                        yield chunk
            tail, usage, done = parser.finish()
            for chunk in tail:
                yield chunk
            usage_chunk = None
            if usage is not None:
                usage_chunk = UsageChunk(usage=self._context.complete_usage(usage))
            self._context.record_usage(usage_chunk)
            if usage_chunk is not None:
                yield usage_chunk
            yield done
        except ValueError as exc:
            if isinstance(exc, LLMError):
                raise
            raise self._error(MalformedResponseError, str(exc)) from exc
        finally:
            await self._response.aclose()

    def _feed_last(self, event: SSEEvent) -> Sequence[StreamChunk]:
        """An event the body ended in without its blank line: kept if whole, else the cut it is."""
        try:
            return self._parser.feed(event)
        except MalformedResponseError as exc:
            raise self._error(StreamIncompleteError, "the stream ended in the middle of an event") from exc

    async def _read(self) -> AsyncGenerator[bytes, None]:
        try:
            async for data in self._response.aiter_bytes():
                yield data
        except httpx.ReadTimeout as exc:
            raise self._error(IdleTimeoutError, "no data from the provider within the idle timeout") from exc
        except httpx.RemoteProtocolError as exc:
            raise self._error(StreamIncompleteError, f"the connection broke mid-stream: {exc}") from exc
        except httpx.TransportError as exc:
            raise self._error(APIConnectionError, f"the connection failed mid-stream: {exc}") from exc

    def _error(self, cls: Callable[..., LLMError], message: str) -> LLMError:
        return cls(
            message,
            provider=self._context.provider_name,
            status_code=self._response.status_code,
            request_id=self.request_id,
        )
