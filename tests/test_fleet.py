"""Rate limits and budgets: counted in-process, and shared through a real redis-server."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

import llmkit
from llmkit._limits import pause_from_headers
from llmkit.testing import Exchange, RecordedRequest, ReplayServer, chat_stream

from ._helpers import collect
from ._redis import RedisServer
from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

HELLO = [{"role": "user", "content": "Hello"}]
ANSWER = chat_stream("Fine.", usage={"prompt_tokens": 4, "completion_tokens": 4})
CALL_COST = Decimal("0.000003")  # gpt-4o-mini: 4 x $0.15/M in + 4 x $0.60/M out


class Stamped:
    """A loopback provider that notes when each request arrived."""

    def __init__(self, exchange: Exchange = ANSWER) -> None:
        self.arrivals: list[float] = []
        self.server = ReplayServer(self._answer)
        self._exchange = exchange

    def _answer(self, request: RecordedRequest) -> Exchange:
        self.arrivals.append(time.monotonic())
        return self._exchange

    def handler(self, **settings: Any) -> llmkit.ApiHandler:
        return llmkit.create_api_handler(
            api_provider="openai",
            api_key=SENTINEL_KEY,
            model_name="gpt-4o-mini",
            base_url=self.server.url,
            max_retries=0,
            **settings,
        )


@pytest.fixture
def provider() -> Iterator[Stamped]:
    stamped = Stamped()
    with stamped.server:
        yield stamped


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


@pytest.fixture
async def shared(redis_server: RedisServer) -> AsyncIterator[list[llmkit.RedisBackend]]:
    """Two replicas' backends on one Redis."""
    backends = [llmkit.RedisBackend(redis_server.url) for _ in range(2)]
    yield backends
    for backend in backends:
        await backend.aclose()


def most_in_any_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max((sum(1 for t in times[i:] if t < start + window) for i, start in enumerate(times)), default=0)


# -- what providers' headers say -----------------------------------------------------------------


def test_headers_at_zero_remaining_pause_until_their_reset() -> None:
    now = datetime(2026, 9, 1, 12, 0, 0, tzinfo=UTC)
    assert pause_from_headers({"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "6m0s"}) == 360
    assert pause_from_headers({"x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "2m59.56s"}) == (
        pytest.approx(179.56)
    )
    assert pause_from_headers({"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "120ms"}) == (
        pytest.approx(0.12)
    )
    anthropic = {
        "anthropic-ratelimit-input-tokens-remaining": "0",
        "anthropic-ratelimit-input-tokens-reset": "2026-09-01T12:00:30Z",
    }
    assert pause_from_headers(anthropic, now) == 30
    assert pause_from_headers({"x-ratelimit-remaining-requests": "12", "x-ratelimit-reset-requests": "1s"}) == 0


async def test_a_response_at_zero_remaining_holds_back_the_next_request() -> None:
    exhausted = Exchange(
        body=ANSWER.body,
        headers={
            "content-type": "text/event-stream",
            "x-ratelimit-remaining-requests": "0",
            "x-ratelimit-reset-requests": "400ms",
        },
    )
    stamped = Stamped(exhausted)
    with stamped.server:
        guarded = llmkit.Guarded(
            stamped.handler(), limits=llmkit.RateLimit(requests=100), backend=llmkit.LocalBackend()
        )
        async with guarded:
            for _ in range(2):
                await collect(await guarded.create_message(None, HELLO))
    assert stamped.arrivals[1] - stamped.arrivals[0] >= 0.39


# -- in-process ----------------------------------------------------------------------------------


async def test_requests_beyond_the_limit_wait_for_the_window_instead_of_being_sent(provider: Stamped) -> None:
    guarded = llmkit.Guarded(
        provider.handler(), limits=llmkit.RateLimit(requests=3, window=0.5), backend=llmkit.LocalBackend()
    )
    async with guarded:
        results = await asyncio.gather(*(_answer(guarded) for _ in range(7)))
    assert results == ["Fine."] * 7
    assert most_in_any_window(provider.arrivals, 0.5) <= 3
    assert provider.arrivals[-1] - provider.arrivals[0] >= 1.0  # 7 requests at 3 per 0.5 s: three windows


async def test_no_room_before_the_timeout_is_a_typed_error_and_nothing_is_sent(provider: Stamped) -> None:
    guarded = llmkit.Guarded(provider.handler(), limits=llmkit.RateLimit(requests=1), backend=llmkit.LocalBackend())
    async with guarded:
        assert await _answer(guarded) == "Fine."
        started = time.monotonic()
        with pytest.raises(llmkit.CapacityTimeoutError):
            await guarded.create_message(None, HELLO, timeout=0.3)
    assert time.monotonic() - started < 0.3
    assert len(provider.arrivals) == 1


async def test_a_request_larger_than_the_token_limit_is_refused_at_once(provider: Stamped) -> None:
    guarded = llmkit.Guarded(provider.handler(), limits=llmkit.RateLimit(tokens=50), backend=llmkit.LocalBackend())
    async with guarded:
        with pytest.raises(llmkit.CapacityTimeoutError, match="more than the limit"):
            await guarded.create_message(None, HELLO, max_tokens=100)
    assert provider.arrivals == []


async def test_tokens_are_corrected_by_the_reported_usage(provider: Stamped) -> None:
    # Each call is estimated at 10 + 100 tokens, and uses 8: with a limit of 230, the third call
    # fits only because the first two were corrected down to what they used.
    guarded = llmkit.Guarded(
        provider.handler(), limits=llmkit.RateLimit(tokens=230, window=30), backend=llmkit.LocalBackend()
    )
    async with guarded:
        for _ in range(3):
            assert (await collect(await guarded.create_message(None, HELLO, max_tokens=100, timeout=1))).done
    assert len(provider.arrivals) == 3


async def test_concurrent_streams_are_capped(provider: Stamped) -> None:
    guarded = llmkit.Guarded(provider.handler(), limits=llmkit.RateLimit(concurrent=1), backend=llmkit.LocalBackend())
    async with guarded:
        first = await guarded.create_message(None, HELLO)
        with pytest.raises(llmkit.CapacityTimeoutError):
            await guarded.create_message(None, HELLO, timeout=0.2)
        await collect(first)  # its end frees the slot
        assert await _answer(guarded) == "Fine."


async def test_a_budget_refuses_the_call_that_would_start_over_it(provider: Stamped) -> None:
    started = datetime.now(UTC)
    budget = llmkit.Budget("0.00001", period="day")
    guarded = llmkit.Guarded(provider.handler(), budgets=budget, backend=llmkit.LocalBackend())
    async with guarded:
        for _ in range(3):
            assert await _answer(guarded) == "Fine."
        # 3 calls spent $0.000009; the 4th is estimated at 10 prompt tokens ($0.0000015): over $0.00001.
        with pytest.raises(llmkit.BudgetExceededError) as caught:
            await guarded.create_message(None, HELLO)
        assert await guarded.spent(budget) == 3 * CALL_COST
    assert len(provider.arrivals) == 3
    assert caught.value.limit == Decimal("0.00001")
    # The refusing budget's counter: every call ("all"), today's (UTC) period.
    assert caught.value.budget in {f"all:{day:%Y-%m-%d}" for day in (started, datetime.now(UTC))}
    assert isinstance(caught.value, llmkit.LLMError)


async def test_a_tagged_budget_counts_only_the_calls_with_its_tag(provider: Stamped) -> None:
    team = llmkit.Budget("1", tag="team-a", period=None)
    guarded = llmkit.Guarded(provider.handler(), budgets=team, backend=llmkit.LocalBackend())
    async with guarded:
        await collect(await guarded.create_message(None, HELLO, tags=["team-a"]))
        await collect(await guarded.create_message(None, HELLO, tags=["team-b"]))
        assert await guarded.spent(team) == CALL_COST


# -- shared through Redis ------------------------------------------------------------------------


async def test_two_replicas_share_one_request_limit(provider: Stamped, shared: list[llmkit.RedisBackend]) -> None:
    limit = llmkit.RateLimit(requests=4, window=0.6)
    replicas = [llmkit.Guarded(provider.handler(), limits=limit, backend=backend) for backend in shared]
    results = await asyncio.gather(*(_answer(replicas[n % 2]) for n in range(10)))
    for replica in replicas:
        await replica.aclose()
    assert results == ["Fine."] * 10
    assert most_in_any_window(provider.arrivals, 0.55) <= 4  # each replica alone would have let 8 through


async def test_spend_through_redis_is_the_exact_sum_of_the_calls(
    provider: Stamped, shared: list[llmkit.RedisBackend]
) -> None:
    budget = llmkit.Budget("5", period="month")
    replicas = [llmkit.Guarded(provider.handler(), budgets=budget, backend=backend) for backend in shared]
    await asyncio.gather(*(_answer(replicas[n % 2]) for n in range(20)))
    assert await replicas[0].spent(budget) == 20 * CALL_COST
    assert await replicas[1].spent(budget) == 20 * CALL_COST


async def test_a_budget_spent_by_one_replica_refuses_the_other(
    provider: Stamped, shared: list[llmkit.RedisBackend]
) -> None:
    budget = llmkit.Budget("0.000004", period="day")
    first, second = (llmkit.Guarded(provider.handler(), budgets=budget, backend=backend) for backend in shared)
    await _answer(first)
    with pytest.raises(llmkit.BudgetExceededError) as caught:
        await second.create_message(None, HELLO)  # $0.000003 spent by the first + $0.0000015 estimated
    assert caught.value.spent == CALL_COST
    assert len(provider.arrivals) == 1


# -- Redis stopped mid-run -----------------------------------------------------------------------


async def test_fail_closed_refuses_new_calls_at_once_and_keeps_the_charges_of_calls_in_flight(
    provider: Stamped, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    budget = llmkit.Budget("5", period="day")
    backend = llmkit.RedisBackend(redis_server.url, on_unavailable="fail")
    guarded = llmkit.Guarded(provider.handler(), budgets=budget, limits=llmkit.RateLimit(requests=100), backend=backend)
    streams = [await guarded.create_message(None, HELLO) for _ in range(3)]
    redis_server.kill()
    with caplog.at_level(logging.WARNING, logger="llmkit.fleet"):
        for stream in streams:
            await collect(stream)  # admitted before the outage: they finish
        started = time.monotonic()
        with pytest.raises(llmkit.BackendUnavailableError):
            await guarded.create_message(None, HELLO)
        assert time.monotonic() - started < 2.5  # nothing hangs
    assert backend.pending_charges == (3, 3 * CALL_COST)  # nothing lost
    assert any("cannot reach Redis" in r.getMessage() for r in caplog.records)
    redis_server.start()  # back, empty (no persistence): the kept charges are written once
    assert await backend.flush()
    assert await backend.flush()
    assert await guarded.spent(budget) == 3 * CALL_COST
    assert backend.pending_charges == (0, Decimal(0))
    await backend.aclose()


async def test_local_fallback_keeps_serving_and_replays_the_charges(
    provider: Stamped, redis_server: RedisServer
) -> None:
    budget = llmkit.Budget("5", period="day")
    backend = llmkit.RedisBackend(redis_server.url, on_unavailable="local", local_share=0.5)
    limit = llmkit.RateLimit(requests=8, window=30)
    guarded = llmkit.Guarded(provider.handler(), budgets=budget, limits=limit, backend=backend)
    assert await _answer(guarded) == "Fine."
    redis_server.kill()
    for _ in range(4):  # half of 8 per window, counted here alone
        assert await _answer(guarded) == "Fine."
    with pytest.raises(llmkit.CapacityTimeoutError):
        await guarded.create_message(None, HELLO, timeout=0.5)
    assert backend.pending_charges == (4, 4 * CALL_COST)
    redis_server.start()
    assert await backend.flush()
    assert await guarded.spent(budget) == 4 * CALL_COST  # the restarted Redis had lost the first
    await backend.aclose()


async def test_wait_resumes_when_redis_comes_back(provider: Stamped, redis_server: RedisServer) -> None:
    backend = llmkit.RedisBackend(redis_server.url, on_unavailable="wait", wait_seconds=10)
    guarded = llmkit.Guarded(provider.handler(), limits=llmkit.RateLimit(requests=100), backend=backend)
    redis_server.kill()
    call = asyncio.create_task(_answer(guarded))
    await asyncio.sleep(0.5)
    assert not call.done() and provider.arrivals == []
    redis_server.start()
    assert await asyncio.wait_for(call, 5) == "Fine."
    short = llmkit.RedisBackend(redis_server.url, on_unavailable="wait", wait_seconds=0.5)
    redis_server.kill()
    with pytest.raises(llmkit.BackendUnavailableError):
        await llmkit.Guarded(provider.handler(), limits=llmkit.RateLimit(requests=100), backend=short).create_message(
            None, HELLO
        )
    await backend.aclose()
    await short.aclose()


async def _answer(guarded: llmkit.Guarded) -> str:
    result = await collect(await guarded.create_message(None, HELLO))
    return result.text[0]
