"""One connection pool per event loop, shared by handlers; per-call model, timeout and headers."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import httpx
import pytest

import llmkit
from llmkit.testing import Exchange, ReplayServer, chat_stream

from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

USAGE = {"prompt_tokens": 1000, "completion_tokens": 100}
MESSAGES = [{"role": "user", "content": "Hi"}]


def handler(server: ReplayServer, model: str = "gpt-4o", **settings: object) -> llmkit.ApiHandler:
    return llmkit.create_api_handler(
        api_provider="openai", api_key=SENTINEL_KEY, model_name=model, base_url=server.url + "/v1", **settings
    )


async def text_of(h: llmkit.ApiHandler, **options: object) -> str:
    stream = await h.create_message(None, MESSAGES, **options)  # type: ignore[arg-type]
    return "".join([chunk.delta async for chunk in stream if chunk.type == "text"])


def test_one_handler_streams_in_two_successive_event_loops() -> None:
    # The script, Celery-task and Django-view pattern: one handler, asyncio.run() per request.
    with ReplayServer(chat_stream("hello there", usage=USAGE)) as server:
        h = handler(server)
        assert asyncio.run(text_of(h)) == "hello there"
        assert asyncio.run(text_of(h)) == "hello there"
        assert len(server.requests) == 2


async def test_handlers_for_fifty_models_share_one_pool() -> None:
    with ReplayServer(chat_stream("ok", usage=USAGE)) as server:
        handlers = [handler(server, model=f"model-{n}") for n in range(50)]
        for h in handlers:
            assert await text_of(h) == "ok"
        assert [r.json()["model"] for r in server.requests] == [f"model-{n}" for n in range(50)]
        # Fifty requests one after another over one kept-alive connection, not fifty pools.
        assert server.connections_accepted == 1
        for h in handlers:
            await h.aclose()


async def test_closing_one_handler_leaves_the_others_pool_working_and_the_last_closes_it() -> None:
    with ReplayServer(chat_stream("ok", usage=USAGE)) as server:
        first, second = handler(server), handler(server)
        assert await text_of(first) == "ok" and await text_of(second) == "ok"
        pool = second._client
        await first.aclose()
        assert not pool.is_closed
        assert await text_of(second) == "ok"
        await second.aclose()
        assert pool.is_closed
        async with handler(server) as third:  # a new pool for whoever comes next
            assert await text_of(third) == "ok"


async def test_a_callers_client_is_used_as_is_and_never_closed() -> None:
    with ReplayServer(chat_stream("ok", usage=USAGE)) as server:
        async with httpx.AsyncClient() as client:
            h = handler(server, http_client=client)
            assert h._client is client
            assert await text_of(h) == "ok"
            await h.aclose()
            assert not client.is_closed


async def test_a_call_names_its_own_model_and_is_priced_and_reported_as_that_model() -> None:
    with ReplayServer(chat_stream("ok", usage=USAGE)) as server:
        seen: list[str] = []

        class Watch(llmkit.Hooks):
            def on_request(self, request: llmkit.RequestInfo) -> None:
                seen.append(request.model)

        async with handler(server, model="gpt-4o", hooks=[Watch()]) as h:
            stream = await h.create_message(None, MESSAGES, model="gpt-4o-mini")
            usage = (await stream.collect()).usage
            assert server.requests[-1].json()["model"] == "gpt-4o-mini"
            assert seen == ["gpt-4o-mini"]
            # gpt-4o-mini: $0.15 in / $0.60 out per million: 1000·0.15 + 100·0.60 = 210 µ$.
            assert usage is not None and usage.cost == Decimal("0.00021")
            plain = await (await h.create_message(None, MESSAGES)).collect()
            assert server.requests[-1].json()["model"] == "gpt-4o"
            assert plain.usage is not None and plain.usage.cost == Decimal("0.0035")  # 2.50 / 10.00


async def test_extra_headers_go_on_this_call_only() -> None:
    with ReplayServer(chat_stream("ok", usage=USAGE)) as server:
        async with handler(server) as h:
            await text_of(h, extra_headers={"x-tenant": "blue"})
            await text_of(h)
            assert server.requests[0].headers["x-tenant"] == "blue"
            assert "x-tenant" not in server.requests[1].headers


async def test_a_call_timeout_bounds_that_call() -> None:
    slow = Exchange(
        headers={"content-type": "text/event-stream"},
        body=b'data: {"choices":[{"index":0,"delta":{"content":"late"}}]}\n\n',
        stall=2.0,
    )
    with ReplayServer(slow) as server:
        async with handler(server, max_retries=0) as h:
            with pytest.raises(llmkit.APITimeoutError):
                await h.complete(None, MESSAGES, timeout=0.3)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"model": ""}, "model must be a non-empty string"),
        ({"timeout": 0}, "timeout must be a positive number"),
        ({"extra_headers": {"x": 1}}, "extra_headers must be a dict"),
    ],
)
async def test_bad_per_call_settings_are_refused_before_sending(options: dict[str, object], message: str) -> None:
    with ReplayServer(chat_stream("ok")) as server:
        async with handler(server) as h:
            with pytest.raises(llmkit.InvalidRequestError, match=message):
                await h.create_message(None, MESSAGES, **options)  # type: ignore[arg-type]
        assert server.requests == []
