"""A loopback HTTP server that answers with scripted or recorded exchanges.

It runs its own event loop in a background thread, so it serves synchronous code, other event
loops and subprocesses alike. Each request gets the next exchange in the script (the last one
repeats); every request is kept for assertions. Only 127.0.0.1 is ever bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from ._exchange import Exchange

_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    529: "Overloaded",
}


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = field(repr=False)

    def json(self) -> Any:
        return json.loads(self.body)


Responder = Callable[["RecordedRequest"], Exchange]
"""Chooses the answer to each request from the request itself."""


class ReplayServer:
    """Serve ``exchanges`` on ``127.0.0.1``; use as a context manager (sync or async).

    ``exchanges`` is one exchange (repeated), a list (in order; the last repeats), or a function
    of the request that returns the exchange to answer it with.
    """

    def __init__(self, exchanges: Exchange | Sequence[Exchange] | Responder, *, port: int = 0) -> None:
        self._responder: Responder | None = None
        if callable(exchanges) and not isinstance(exchanges, Exchange):
            self._responder = exchanges
            self._script: list[Exchange] = []
        else:
            self._script = [exchanges] if isinstance(exchanges, Exchange) else list(exchanges)
            if not self._script:
                raise ValueError("a replay server needs at least one exchange")
        self._port = port
        self.requests: list[RecordedRequest] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._writers: set[asyncio.StreamWriter] = set()
        self._served = 0
        self._accepted = 0
        self._error: BaseException | None = None

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (no path: the server answers every path)."""
        return f"http://127.0.0.1:{self._port}"

    @property
    def open_connections(self) -> int:
        """Client connections the server holds open right now."""
        return len(self._writers)

    @property
    def connections_accepted(self) -> int:
        """Client connections the server has accepted since it started (reused ones count once)."""
        return self._accepted

    def start(self) -> ReplayServer:
        self._thread = threading.Thread(target=self._run, name="llmkit-replay", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise RuntimeError(f"the replay server could not start: {self._error}") from self._error
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is not None and self._thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            self._thread.join(10)
            self._loop = None

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    async def __aenter__(self) -> ReplayServer:
        return self.start()

    async def __aexit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            self._server = loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", self._port))
            self._port = self._server.sockets[0].getsockname()[1]
        except OSError as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            self._server.close()
            for writer in list(self._writers):
                writer.close()
            loop.run_until_complete(asyncio.sleep(0))
            for task in asyncio.all_tasks(loop):
                task.cancel()
            with contextlib.suppress(BaseException):
                loop.run_until_complete(asyncio.gather(*asyncio.all_tasks(loop), return_exceptions=True))
            loop.close()

    def _next_exchange(self, request: RecordedRequest) -> Exchange:
        if self._responder is not None:
            return self._responder(request)
        exchange = self._script[min(self._served, len(self._script) - 1)]
        self._served += 1
        return exchange

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._accepted += 1
        self._writers.add(writer)
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    return
                self.requests.append(request)
                if not await self._respond(self._next_exchange(request), writer):
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            return  # the client went away, or the server is stopping
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _respond(self, exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        """Write one response; False when the connection is to be dropped afterwards."""
        head = [f"HTTP/1.1 {exchange.status} {_REASONS.get(exchange.status, 'Status')}"]
        head += [f"{name}: {value}" for name, value in exchange.headers.items()]
        head += ["transfer-encoding: chunked", "connection: keep-alive", "", ""]
        writer.write("\r\n".join(head).encode("latin-1"))
        for piece in exchange.pieces():
            if not piece:
                continue
            writer.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            await writer.drain()
            if exchange.delay:
                await asyncio.sleep(exchange.delay)
        if exchange.stall is not None:
            await asyncio.sleep(exchange.stall)
        if exchange.abort_after is not None:
            transport = writer.transport
            transport.abort()
            return False
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        return True


async def _read_request(reader: asyncio.StreamReader) -> RecordedRequest | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    body = b""
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            data = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += data[:-2]
    return RecordedRequest(method, path, headers, body)
