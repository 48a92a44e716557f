"""Router: fallbacks before the first chunk only, on retryable errors only, and load spreading."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from pydantic import BaseModel

import llmkit
from llmkit.testing import Exchange, ReplayServer, chat_stream

from ._helpers import collect
from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

PRIMARY = chat_stream("From the primary.", usage={"prompt_tokens": 4, "completion_tokens": 4})
BACKUP = chat_stream("From the backup.", usage={"prompt_tokens": 7, "completion_tokens": 9})
TWO_EVENTS = b"\n\n".join(PRIMARY.body.split(b"\n\n")[:2]) + b"\n\n"  # the role-only opening and "From"
HELLO = [{"role": "user", "content": "Hello"}]
WHOLE_BACKUP = Exchange(
    headers={"content-type": "application/json"},
    body=json.dumps(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Whole."}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 7, "completion_tokens": 2},
        }
    ).encode(),
)


def member(server: ReplayServer, **settings: Any) -> llmkit.ApiHandler:
    return llmkit.create_api_handler(
        api_provider="openai",
        api_key=SENTINEL_KEY,
        model_name="gpt-4o-mini",
        base_url=server.url,
        max_retries=0,
        **settings,
    )


async def test_a_member_that_fails_before_its_first_chunk_is_replaced_by_the_next() -> None:
    routes: list[llmkit.Route] = []
    failing = Exchange(body=PRIMARY.body, abort_after=0)  # accepted (200), then the connection drops
    with ReplayServer(failing) as first, ReplayServer(BACKUP) as second:
        async with llmkit.Router([member(first), member(second)], on_route=routes.append) as router:
            stream = await router.create_message(None, HELLO)
            result = await collect(stream)
            usage = await router.get_api_stream_usage()
            total = router.total_usage
        assert (len(first.requests), len(second.requests)) == (1, 1)
    assert result.text == {0: "From the backup."}  # one answer, whole, from one member
    assert stream.route.index == 1
    assert [route.index for route in routes] == [1]
    assert [type(error) for _, error in routes[0].skipped] == [llmkit.StreamIncompleteError]
    assert usage is not None
    assert (usage.usage.input_tokens, usage.usage.output_tokens) == (7, 9)
    assert (total.input_tokens, total.output_tokens) == (7, 9)
    assert total.cost is not None and total.cost > 0  # priced at the answering member's model


class _City(BaseModel):
    city: str


@pytest.mark.parametrize("wrapper", ["router", "guarded", "router of guarded"])
async def test_a_routed_or_guarded_stream_collects_into_one_answer_as_the_stream_would(wrapper: str) -> None:
    answer = chat_stream('{"city": "Lisbon"}', usage={"prompt_tokens": 4, "completion_tokens": 6})
    headers = {**answer.headers, "x-request-id": "req_view"}
    with ReplayServer(Exchange(headers=headers, body=answer.body)) as server:
        handler = member(server)
        guarded = llmkit.Guarded(handler, backend=llmkit.LocalBackend())
        wrapped: Any = {
            "router": llmkit.Router([handler]),
            "guarded": guarded,
            "router of guarded": llmkit.Router([guarded]),  # a guarded handler as a router member
        }[wrapper]
        async with wrapped:
            stream = await wrapped.create_message(None, HELLO, response_format=_City)
            underneath = stream.stream.stream if wrapper == "router of guarded" else stream.stream
            assert isinstance(underneath, llmkit.ApiStream)  # the member's own stream, underneath
            assert stream.request_id == "req_view" and stream.response.status_code == 200
            completion = await stream.collect()
    assert completion.text == '{"city": "Lisbon"}'
    assert completion.parsed == _City(city="Lisbon")
    assert completion.request_id == "req_view"
    assert completion.finish_reason == "stop"
    assert completion.usage is not None
    assert (completion.usage.input_tokens, completion.usage.output_tokens) == (4, 6)


class _OwnStream:
    """A member's stream of the user's own making: the calls the router needs, nothing more."""

    request_id = "own-1"
    response = None

    def __init__(self) -> None:
        self._chunks = iter([llmkit.TextChunk(delta="Mine."), llmkit.DoneChunk(finish_reason="stop")])

    def __aiter__(self) -> _OwnStream:
        return self

    async def __anext__(self) -> llmkit.StreamChunk:
        try:
            return next(self._chunks)
        except StopIteration:
            raise StopAsyncIteration from None

    async def aclose(self) -> None:
        pass


class _OwnMember:
    model_name = "own-model"

    async def create_message(self, system_prompt: str | None, messages: Any, **options: Any) -> _OwnStream:
        return _OwnStream()

    async def complete(self, system_prompt: str | None, messages: Any, **options: Any) -> llmkit.Completion:
        raise AssertionError("not called")

    async def aclose(self) -> None:
        pass


async def test_a_member_of_the_users_own_making_streams_and_collects_through_the_router() -> None:
    async with llmkit.Router([_OwnMember()]) as router:
        stream = await router.create_message(None, HELLO)
        completion = await stream.collect()
    assert (completion.text, completion.finish_reason, completion.request_id) == ("Mine.", "stop", "own-1")
    assert completion.parsed is None


@pytest.mark.parametrize("status", [429, 500, 503, 529])
async def test_a_retryable_status_moves_on(status: int) -> None:
    with ReplayServer(Exchange.error(status, "not now")) as first, ReplayServer(BACKUP) as second:
        async with llmkit.Router([member(first), member(second)]) as router:
            result = await collect(await router.create_message(None, HELLO))
    assert result.text == {0: "From the backup."}


async def test_a_failure_after_the_first_chunk_is_raised_and_not_sent_elsewhere() -> None:
    broken = Exchange(body=PRIMARY.body, abort_after=len(TWO_EVENTS))
    with ReplayServer(broken) as first, ReplayServer(BACKUP) as second:
        async with llmkit.Router([member(first), member(second)]) as router:
            stream = await router.create_message(None, HELLO)
            seen: list[str] = []
            with pytest.raises(llmkit.StreamIncompleteError):
                async for chunk in stream:
                    if chunk.type == "text":
                        seen.append(chunk.delta)
        assert len(second.requests) == 0
    assert "".join(seen) == "From"
    assert stream.route.index == 0


async def test_a_bad_request_is_not_sent_elsewhere() -> None:
    with ReplayServer(Exchange.error(400, "bad field")) as first, ReplayServer(BACKUP) as second:
        async with llmkit.Router([member(first), member(second)]) as router:
            with pytest.raises(llmkit.BadRequestError):
                await router.create_message(None, HELLO)
        assert len(second.requests) == 0


async def test_when_every_member_fails_the_last_error_is_raised_with_the_others_noted() -> None:
    with ReplayServer(Exchange.error(503, "busy")) as first, ReplayServer(Exchange.error(500, "broken")) as second:
        async with llmkit.Router([member(first), member(second)]) as router:
            with pytest.raises(llmkit.ServerError) as caught:
                await router.create_message(None, HELLO)
    assert caught.value.status_code == 500
    assert any("member 0: OverloadedError" in note for note in caught.value.__notes__)


async def test_complete_falls_back_too_and_reports_the_member() -> None:
    routes: list[llmkit.Route] = []
    with ReplayServer(Exchange.error(502, "gateway")) as first, ReplayServer(WHOLE_BACKUP) as second:
        async with llmkit.Router([member(first), member(second)], on_route=routes.append) as router:
            completion = await router.complete(None, HELLO)
            assert router.total_requests == 1
            assert router.total_usage.input_tokens == 7
    assert completion.text == "Whole."
    assert [route.index for route in routes] == [1]


async def test_weighted_spreads_calls_by_weight_across_equivalent_members() -> None:
    routes: list[llmkit.Route] = []
    with ReplayServer(PRIMARY) as first, ReplayServer(BACKUP) as second:
        router = llmkit.Router(
            [member(first), member(second)],
            strategy="weighted",
            weights=[3, 1],
            on_route=routes.append,
            rng=random.Random(7),
        )
        async with router:
            for _ in range(200):
                await collect(await router.create_message(None, HELLO))
        counts = (len(first.requests), len(second.requests))
    assert sum(counts) == 200  # each call answered once, no fallback needed
    assert 130 <= counts[0] <= 170  # 3:1 is 150 of 200; a binomial spread of 6 either way is ~1 sigma
    assert [route.index for route in routes].count(0) == counts[0]


async def test_weighted_still_falls_back_to_the_other_member() -> None:
    with ReplayServer(Exchange.error(503, "busy")) as first, ReplayServer(BACKUP) as second:
        router = llmkit.Router([member(first), member(second)], strategy="weighted", weights=[1000, 1])
        async with router:
            for _ in range(5):
                assert (await collect(await router.create_message(None, HELLO))).text == {0: "From the backup."}


def test_a_router_refuses_bad_settings() -> None:
    with pytest.raises(llmkit.ConfigError):
        llmkit.Router([])
    with ReplayServer(PRIMARY) as server:
        handler = member(server)
        with pytest.raises(llmkit.ConfigError, match="one positive number per member"):
            llmkit.Router([handler], strategy="weighted", weights=[1, 2])
        with pytest.raises(llmkit.ConfigError, match="strategy"):
            llmkit.Router([handler], strategy="random")  # type: ignore[arg-type]
