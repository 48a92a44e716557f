"""Streams abandoned in every way a caller can abandon them give their connections back."""

from __future__ import annotations

import asyncio
import gc

import httpx
import pytest

import llmkit
from llmkit.testing import ReplayServer, chat_stream

from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

LONG = chat_stream(" ".join(f"word{n}" for n in range(200)), usage={"prompt_tokens": 3, "completion_tokens": 200})
MESSAGES = [{"role": "user", "content": "go"}]


class ConsumerFailure(Exception):
    pass


async def abandon_by_break(handler: llmkit.ApiHandler) -> None:
    stream = await handler.create_message(None, MESSAGES)
    async for chunk in stream:
        if chunk.type == "text":
            break


async def abandon_by_aclose(handler: llmkit.ApiHandler) -> None:
    stream = await handler.create_message(None, MESSAGES)
    await stream.__anext__()
    await stream.aclose()


async def abandon_by_async_with(handler: llmkit.ApiHandler) -> None:
    async with await handler.create_message(None, MESSAGES) as stream:
        await stream.__anext__()


async def abandon_by_cancel(handler: llmkit.ApiHandler) -> None:
    started = asyncio.Event()

    async def consume() -> None:
        async for _ in await handler.create_message(None, MESSAGES):
            started.set()
            await asyncio.sleep(0)

    task = asyncio.create_task(consume())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def abandon_by_exception(handler: llmkit.ApiHandler) -> None:
    with pytest.raises(ConsumerFailure):
        async for _ in await handler.create_message(None, MESSAGES):
            raise ConsumerFailure


async def abandon_unread(handler: llmkit.ApiHandler) -> None:
    await handler.create_message(None, MESSAGES)


def busy_connections(handler: llmkit.ApiHandler) -> int:
    transport = handler._client._transport
    assert isinstance(transport, httpx.AsyncHTTPTransport)
    return sum(not connection.is_idle() for connection in transport._pool.connections)


ABANDONERS = [abandon_by_break, abandon_by_aclose, abandon_by_async_with, abandon_by_cancel, abandon_by_exception]


async def test_two_thousand_abandoned_streams_leave_no_connection_busy() -> None:
    with ReplayServer(LONG) as server:
        handler = llmkit.create_api_handler(
            {"api_provider": "openai", "api_key": SENTINEL_KEY, "model_name": "m", "base_url": server.url}
        )
        async with handler:
            for abandon in ABANDONERS:
                for _ in range(2000 // len(ABANDONERS) // 25):
                    await asyncio.gather(*(abandon(handler) for _ in range(25)))
                gc.collect()
                await asyncio.sleep(0.05)
                assert busy_connections(handler) == 0, f"{abandon.__name__} left connections busy"
            # A stream never iterated is released when dropped, too.
            for _ in range(50):
                await abandon_unread(handler)
            gc.collect()
            await asyncio.sleep(0.05)
            assert busy_connections(handler) == 0, "streams never iterated left connections busy"
            # The handler still works after all that.
            stream = await handler.create_message(None, MESSAGES)
            text = "".join([c.delta async for c in stream if c.type == "text"])
            assert text.startswith("word0 word1")
        # Every stream was sent once: none was closed under its reader and sent again.
        assert len(server.requests) == 2000 // len(ABANDONERS) // 25 * 25 * len(ABANDONERS) + 51


async def test_closing_the_handler_closes_its_pool_but_not_a_callers_client() -> None:
    own = llmkit.create_api_handler(api_provider="openai", api_key=SENTINEL_KEY, model_name="m")
    pool = own._client
    await own.aclose()
    assert pool.is_closed  # it was the loop's only user
    async with httpx.AsyncClient() as client:
        borrowed = llmkit.create_api_handler(
            api_provider="openai", api_key=SENTINEL_KEY, model_name="m", http_client=client
        )
        await borrowed.aclose()
        assert not client.is_closed


PACED = chat_stream(
    " ".join(f"word{n}" for n in range(40)),
    usage={"prompt_tokens": 3, "completion_tokens": 40},
    chunk_size=64,
    delay=0.002,
)
PACED_TEXT = " ".join(f"word{n}" for n in range(40))


async def test_a_stream_iterated_without_keeping_it_reads_to_the_end() -> None:
    # `async for chunk in await handler.create_message(...)` keeps only the iterator: dropping the
    # stream object must not close the response under it (it did, once the body took more than one
    # read: a reset mid-stream, or a silent second request before the first chunk).
    with ReplayServer(PACED) as server:
        async with llmkit.create_api_handler(
            {"api_provider": "openai", "api_key": SENTINEL_KEY, "model_name": "m", "base_url": server.url}
        ) as handler:
            for _ in range(5):
                chunks = [c async for c in await handler.create_message(None, MESSAGES)]
                text = "".join(c.delta for c in chunks if c.type == "text")
                assert text == PACED_TEXT
            assert handler.total_requests == 5
            # The same through the fleet wrappers, whose streams read the handler's.
            async with llmkit.Router([handler]) as router:
                async for chunk in await router.create_message(None, MESSAGES):
                    last = chunk
            assert last.type == "done" and last.finish_reason == "stop"
            async with llmkit.Guarded(handler, limits=[llmkit.RateLimit(requests=100)]) as guarded:
                chunks = [c async for c in await guarded.create_message(None, MESSAGES)]
                text = "".join(c.delta for c in chunks if c.type == "text")
            assert text == PACED_TEXT
        assert len(server.requests) == 7, "a stream was sent more than once"
