"""How a stream reads its body: raw bytes when nothing is encoded, httpx's decoders otherwise."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest

import llmkit

pytestmark = pytest.mark.anyio

EVENTS = (
    b'data: {"choices":[{"index":0,"delta":{"content":"Hello"}}]}\n\n'
    b'data: {"choices":[{"index":0,"delta":{"content":", caf\xc3\xa9"}}]}\n\n'
    b'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n'
    b"data: [DONE]\n\n"
)


class _Pieces(httpx.AsyncByteStream):
    def __init__(self, body: bytes, size: int) -> None:
        self._pieces = [body[i : i + size] for i in range(0, len(body), size)]

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self._pieces:
            yield piece


def _deflate(body: bytes) -> bytes:
    compressor = zlib.compressobj()
    return compressor.compress(body) + compressor.flush()


@pytest.mark.parametrize("encoding", ["", "identity", "gzip", "deflate"])
@pytest.mark.parametrize("size", [1, 7, 4096])
async def test_a_stream_reads_its_body_whatever_the_content_encoding(encoding: str, size: int) -> None:
    body = {"gzip": gzip.compress, "deflate": _deflate}.get(encoding, lambda b: b)(EVENTS)
    headers = {"content-type": "text/event-stream"}
    if encoding:
        headers["content-encoding"] = encoding

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers, stream=_Pieces(body, size))

    async with httpx.AsyncClient(transport=httpx.MockTransport(respond)) as client:
        handler = llmkit.create_api_handler(api_provider="openai", api_key="k", model_name="m", http_client=client)
        chunks = [chunk async for chunk in await handler.create_message(None, [{"role": "user", "content": "x"}])]
    assert "".join(c.delta for c in chunks if c.type == "text") == "Hello, café"
    assert chunks[-1].type == "done" and chunks[-1].finish_reason == "stop"


async def test_a_body_already_in_memory_is_replayed() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=EVENTS)

    async with httpx.AsyncClient(transport=httpx.MockTransport(respond)) as client:
        handler = llmkit.create_api_handler(api_provider="openai", api_key="k", model_name="m", http_client=client)
        chunks = [chunk async for chunk in await handler.create_message(None, [{"role": "user", "content": "x"}])]
    assert "".join(c.delta for c in chunks if c.type == "text") == "Hello, café"
