"""Faults from a loopback server that misbehaves on purpose: typed errors, safe retries, no repeats."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

import llmkit
from llmkit import Usage
from llmkit._errormap import retry_after_seconds
from llmkit._retry import RetryPolicy
from llmkit.testing import Exchange, ReplayServer, chat_stream

from ._helpers import Collected, collect, collect_into
from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

ANSWER = "One two three four."
OK = chat_stream(ANSWER, usage={"prompt_tokens": 4, "completion_tokens": 4})
FIRST_EVENT = OK.body.split(b"\n\n")[0] + b"\n\n"  # role-only opening event, no content
TWO_EVENTS = b"\n\n".join(OK.body.split(b"\n\n")[:2]) + b"\n\n"  # ... and "One"


def fast_retry_errors(status: int, count: int, **headers: str) -> list[Exchange]:
    return [Exchange.error(status, f"failure {n}", headers={"retry-after-ms": "5", **headers}) for n in range(count)]


def handler(server: ReplayServer, **settings: Any) -> llmkit.ApiHandler:
    return llmkit.create_api_handler(
        {"api_provider": "openai", "api_key": SENTINEL_KEY, "model_name": "m", "base_url": server.url, **settings}
    )


async def read_until_error(stream: llmkit.ApiStream) -> tuple[Collected, BaseException]:
    result = Collected()
    with pytest.raises(llmkit.LLMError) as caught:
        async for chunk in stream:
            collect_into(result, chunk)
    return result, caught.value


def retry_delays(caplog: pytest.LogCaptureFixture) -> list[float]:
    retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    return [float(m) for message in retries for m in re.findall(r"in ([0-9.]+)s:", message)]


# -- faults after output: raised, never retried, output kept ------------------------------------


async def test_connection_reset_mid_stream_keeps_output_and_is_not_retried() -> None:
    with ReplayServer([Exchange(body=OK.body, abort_after=len(TWO_EVENTS)), OK]) as server:
        async with handler(server) as h:
            result, error = await read_until_error(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == "One"
    assert isinstance(error, llmkit.StreamIncompleteError | llmkit.APIConnectionError)
    assert len(server.requests) == 1, "a stream that delivered output is never sent again"


async def test_truncated_event_after_output_is_a_cut_stream() -> None:
    with ReplayServer(Exchange(body=OK.body, abort_after=len(TWO_EVENTS) + 30)) as server:
        async with handler(server) as h:
            result, error = await read_until_error(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == "One"
    assert isinstance(error, llmkit.StreamIncompleteError)
    assert error.message.startswith("the connection broke mid-stream: RemoteProtocolError: ")
    assert (error.provider, error.status_code) == ("openai", 200)
    assert len(server.requests) == 1


async def test_stall_after_the_first_event_hits_the_idle_timeout() -> None:
    with ReplayServer(Exchange(body=TWO_EVENTS, stall=5)) as server:
        async with handler(server, idle_timeout=0.3) as h:
            result, error = await read_until_error(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == "One"
    assert isinstance(error, llmkit.IdleTimeoutError)
    assert error.message == "no data event within the idle timeout"
    assert (error.provider, error.status_code) == ("openai", 200)
    assert len(server.requests) == 1


async def test_keep_alive_comments_do_not_reset_the_idle_timeout() -> None:
    keep_alives = tuple([b": keep-alive\n\n"] * 40)
    with ReplayServer(Exchange(parts=(TWO_EVENTS, *keep_alives), delay=0.05)) as server:
        async with handler(server, idle_timeout=0.4) as h:
            result, error = await read_until_error(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == "One"
    assert isinstance(error, llmkit.IdleTimeoutError)


async def test_a_slow_consumer_is_not_mistaken_for_an_idle_provider() -> None:
    with ReplayServer(OK) as server:
        async with handler(server, idle_timeout=0.2) as h:
            stream = await h.create_message(None, [{"role": "user", "content": "x"}])
            text = ""
            async for chunk in stream:
                await asyncio.sleep(0.1)  # 5 chunks x 0.1 s: longer than the idle timeout in total
                if chunk.type == "text":
                    text += chunk.delta
    assert text == ANSWER


async def test_overall_timeout_ends_a_stream_that_trickles_forever() -> None:
    trickle = Exchange(body=OK.body, chunk_size=8, delay=0.05)
    with ReplayServer(trickle) as server:
        async with handler(server, timeout=0.3, max_retries=0) as h:
            _, error = await read_until_error(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert isinstance(error, llmkit.TotalTimeoutError)
    assert error.message == "the request took longer than its timeout"
    assert (error.provider, error.status_code) == ("openai", 200)


async def test_deepseek_insufficient_resource_finish_is_an_error_not_an_end() -> None:
    stream = chat_stream("Partial", finish_reason="insufficient_system_resource")
    with ReplayServer(stream) as server:
        h = llmkit.create_api_handler(
            {"api_provider": "deepseek", "api_key": SENTINEL_KEY, "model_name": "deepseek-chat", "base_url": server.url}
        )
        async with h:
            result, error = await read_until_error(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == "Partial"
    assert isinstance(error, llmkit.OverloadedError)
    assert error.code == "insufficient_system_resource"


# -- faults before output: retried, then success or the typed error -----------------------------


async def test_burst_of_503s_then_success(caplog: pytest.LogCaptureFixture) -> None:
    with ReplayServer([*fast_retry_errors(503, 2), OK]) as server:
        async with handler(server, max_retries=2) as h:
            result = await collect(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == ANSWER
    assert len(server.requests) == 3
    messages = [r.getMessage() for r in caplog.records if r.name == "llmkit" and "retrying" in r.getMessage()]
    assert all(r.levelno == logging.INFO for r in caplog.records if "retrying" in r.getMessage())
    assert len(messages) == 2
    assert "retry 1 of 2" in messages[0] and "OverloadedError failure 0" in messages[0]
    assert retry_delays(caplog) == [0.005, 0.005], "retry-after-ms is honoured"


async def test_too_many_503s_raise_after_the_retries() -> None:
    with ReplayServer([*fast_retry_errors(503, 5), OK]) as server:
        async with handler(server, max_retries=2) as h:
            with pytest.raises(llmkit.OverloadedError, match="failure 2"):
                await h.create_message(None, [{"role": "user", "content": "x"}])
    assert len(server.requests) == 3


async def test_429_with_retry_after_seconds_waits_as_asked(caplog: pytest.LogCaptureFixture) -> None:
    limited = Exchange.error(429, "Rate limit reached", code="rate_limit_exceeded", headers={"retry-after": "0.2"})
    with ReplayServer([limited, OK]) as server:
        async with handler(server) as h:
            result = await collect(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == ANSWER
    assert retry_delays(caplog) == [0.2]


async def test_429_asking_for_more_than_the_cap_is_raised_with_its_retry_after() -> None:
    limited = Exchange.error(429, "Rate limit reached", headers={"retry-after": "120"})
    with ReplayServer([limited, OK]) as server:
        async with handler(server) as h:
            with pytest.raises(llmkit.RateLimitError) as caught:
                await h.create_message(None, [{"role": "user", "content": "x"}])
    assert caught.value.retry_after == 120
    assert len(server.requests) == 1


async def test_exhausted_quota_is_not_retried() -> None:
    quota = Exchange.error(429, "You exceeded your current quota, please check your plan", code="insufficient_quota")
    with ReplayServer([quota, OK]) as server:
        async with handler(server) as h:
            with pytest.raises(llmkit.QuotaExceededError):
                await h.create_message(None, [{"role": "user", "content": "x"}])
    assert len(server.requests) == 1


@pytest.mark.parametrize(("status", "should_retry", "requests"), [(500, "false", 1), (400, "true", 2)])
async def test_x_should_retry_overrides_the_status(status: int, should_retry: str, requests: int) -> None:
    failing = Exchange.error(status, "told so", headers={"x-should-retry": should_retry, "retry-after-ms": "1"})
    with ReplayServer([failing, failing]) as server:
        async with handler(server, max_retries=1) as h:
            with pytest.raises(llmkit.APIStatusError):
                await h.create_message(None, [{"role": "user", "content": "x"}])
    assert len(server.requests) == requests


async def test_non_json_502_page_is_a_server_error_with_its_text() -> None:
    page = Exchange(status=502, headers={"content-type": "text/html"}, body=b"<html><h1>502 Bad Gateway</h1></html>")
    with ReplayServer(page) as server:
        async with handler(server, max_retries=0) as h:
            with pytest.raises(llmkit.ServerError) as caught:
                await h.create_message(None, [{"role": "user", "content": "x"}])
    assert caught.value.status_code == 502
    assert "502 Bad Gateway" in caught.value.message
    assert caught.value.body == "<html><h1>502 Bad Gateway</h1></html>"


async def test_200_with_html_is_refused_and_retried_once_then_raised() -> None:
    page = Exchange(headers={"content-type": "text/html"}, body=b"<html>maintenance</html>")
    with ReplayServer([page, page]) as server:
        async with handler(server, max_retries=1) as h:
            with pytest.raises(llmkit.MalformedResponseError, match="expected an event stream"):
                await h.create_message(None, [{"role": "user", "content": "x"}])
    assert len(server.requests) == 2


async def test_reset_before_any_output_is_retried_and_the_answer_arrives_once() -> None:
    with ReplayServer([Exchange(body=OK.body, abort_after=len(FIRST_EVENT)), OK]) as server:
        async with handler(server) as h:
            result = await collect(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == ANSWER
    assert len(server.requests) == 2


async def test_stall_before_any_output_is_retried() -> None:
    with ReplayServer([Exchange(body=FIRST_EVENT, stall=5), OK]) as server:
        async with handler(server, idle_timeout=0.3, max_retries=1) as h:
            result = await collect(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == ANSWER
    assert result.usage == Usage(input_tokens=4, output_tokens=4)


async def test_redirects_are_not_followed_so_the_key_stays_home() -> None:
    redirect = Exchange(status=307, headers={"location": "http://127.0.0.2:1/steal"}, body=b"")
    with ReplayServer(redirect) as server:
        async with handler(server, max_retries=0) as h:
            with pytest.raises(llmkit.MalformedResponseError, match="does not follow redirects"):
                await h.create_message(None, [{"role": "user", "content": "x"}])
    assert len(server.requests) == 1


async def test_a_key_echoed_by_the_provider_is_blanked_out() -> None:
    echo = Exchange.error(401, f"Incorrect API key provided: {SENTINEL_KEY}.", code="invalid_api_key")
    with ReplayServer(echo) as server:
        async with handler(server) as h:
            with pytest.raises(llmkit.AuthenticationError) as caught:
                await h.create_message(None, [{"role": "user", "content": "x"}])
    assert caught.value.message == "Incorrect API key provided: ***."


# -- the retry policy and retry-after parsing ------------------------------------------------------


def test_backoff_is_capped_exponential_with_jitter() -> None:
    policy = RetryPolicy(max_retries=10)
    error = llmkit.ServerError("boom")
    for retries_taken, nominal in enumerate([0.5, 1, 2, 4, 8, 8]):
        delays = {policy.delay(error, retries_taken) for _ in range(50)}
        assert all(d is not None and 0.75 * nominal <= d <= nominal for d in delays)
    assert policy.delay(error, 10) is None
    assert policy.delay(llmkit.BadRequestError("no"), 0) is None


def test_retry_after_accepts_milliseconds_seconds_and_dates() -> None:
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "1500", "retry-after": "9"})) == 1.5
    assert retry_after_seconds(httpx.Headers({"retry-after": "2.5"})) == 2.5
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    seconds = retry_after_seconds(httpx.Headers({"retry-after": when}))
    assert seconds is not None and 25 <= seconds <= 30
    assert retry_after_seconds(httpx.Headers({"retry-after": "soon"})) is None


async def test_connect_timeout_is_its_own_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
        h = llmkit.create_api_handler(
            api_provider="openai", api_key=SENTINEL_KEY, model_name="m", http_client=client, max_retries=0
        )
        with pytest.raises(llmkit.ConnectTimeoutError):
            await h.create_message(None, [{"role": "user", "content": "x"}])


def test_errors_survive_pickling_with_their_details() -> None:
    import pickle

    error = llmkit.RateLimitError("slow down", provider="openai", status_code=429, retry_after=3.0, body="{}")
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.message, copy.status_code, copy.retry_after) == (
        llmkit.RateLimitError,
        "slow down",
        429,
        3.0,
    )
    assert json.loads(copy.body) == {}
    assert copy.args == ("slow down",) and str(copy) == str(error)


# -- found in review: ends of streams, whole answers, closing from elsewhere, deadlines ----------


async def test_an_answer_is_done_at_its_end_marker_even_if_the_server_then_stalls() -> None:
    with ReplayServer(Exchange(body=OK.body, stall=30)) as server:
        async with handler(server, idle_timeout=0.5) as h:
            result = await collect(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == ANSWER
    assert result.done is not None and result.done.finish_reason == "stop"


async def test_an_answer_is_done_at_its_end_marker_even_if_the_server_then_resets() -> None:
    with ReplayServer(Exchange(body=OK.body, abort_after=len(OK.body))) as server:
        async with handler(server) as h:
            result = await collect(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == ANSWER and result.usage is not None
    assert len(server.requests) == 1


async def test_a_whole_answer_may_take_longer_than_the_idle_timeout() -> None:
    body = json.dumps({"choices": [{"index": 0, "message": {"content": "slow but sure"}, "finish_reason": "stop"}]})
    slow = Exchange(headers={"content-type": "application/json"}, parts=(b" ", body.encode()), delay=1.0)
    with ReplayServer(slow) as server:
        async with handler(server, idle_timeout=0.3, max_retries=0) as h:
            completion = await h.complete(None, [{"role": "user", "content": "x"}])
    assert completion.text == "slow but sure"


async def test_aclose_from_another_task_stops_the_reader_with_a_closed_error() -> None:
    slow = Exchange(body=OK.body, chunk_size=20, delay=0.2)
    with ReplayServer(slow) as server:
        async with handler(server) as h:
            stream = await h.create_message(None, [{"role": "user", "content": "x"}])
            seen: list[str] = []
            first_text = asyncio.Event()

            async def read() -> None:
                async for chunk in stream:
                    if chunk.type == "text":
                        seen.append(chunk.delta)
                        first_text.set()

            reader = asyncio.create_task(read())
            await first_text.wait()
            await stream.aclose()
            with pytest.raises(llmkit.StreamClosedError) as caught:
                await reader
    assert (caught.value.message, caught.value.provider, caught.value.status_code) == (
        "the stream was closed by the caller",
        "openai",
        200,
    )
    assert "".join(seen) != ANSWER, "the stream stopped, it did not run to its end"
    assert len(server.requests) == 1


async def test_a_retry_that_would_overrun_the_timeout_is_not_attempted() -> None:
    limited = Exchange.error(429, "Rate limit reached", headers={"retry-after": "6"})
    with ReplayServer([limited, OK]) as server:
        async with handler(server, timeout=1.0) as h:
            with pytest.raises(llmkit.RateLimitError):
                await h.create_message(None, [{"role": "user", "content": "x"}])
    assert len(server.requests) == 1
    assert not llmkit.TotalTimeoutError("x").retryable


async def test_an_error_event_with_plain_text_data_is_still_the_providers_error() -> None:
    body = TWO_EVENTS + b"event: error\ndata: upstream overloaded, try again\n\n"
    with ReplayServer(Exchange(body=body)) as server:
        async with handler(server) as h:
            result, error = await read_until_error(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == "One"
    assert isinstance(error, llmkit.StreamError) and not isinstance(error, llmkit.MalformedResponseError)
    assert "upstream overloaded" in error.message


async def test_a_whole_json_answer_to_a_streaming_request_is_not_sent_again() -> None:
    body = json.dumps({"choices": [{"index": 0, "message": {"content": "hi"}, "finish_reason": "stop"}]}).encode()
    with ReplayServer(Exchange(headers={"content-type": "application/json"}, body=body)) as server:
        async with handler(server) as h:
            with pytest.raises(llmkit.MalformedResponseError, match="expected an event stream"):
                await h.create_message(None, [{"role": "user", "content": "x"}])
    assert len(server.requests) == 1, "a whole answer would be billed again"


async def test_a_server_holding_the_connection_after_the_end_marker_delays_the_end_by_the_drain_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(llmkit._stream, "DRAIN_SECONDS", 0.05)
    with ReplayServer(Exchange(body=OK.body, stall=3)) as server:
        async with handler(server) as h:
            started = time.monotonic()
            result = await collect(await h.create_message(None, [{"role": "user", "content": "x"}]))
            elapsed = time.monotonic() - started
    assert result.content == ANSWER and result.done is not None
    assert elapsed < 1.5, "the stream waits a moment for what follows its end marker, never for the server"


# -- retries of a stream cut before its first chunk: counted, logged, bounded, observed -----------


def cut_before_output(request_id: str) -> Exchange:
    return Exchange(
        headers={"content-type": "text/event-stream", "x-request-id": request_id},
        body=OK.body,
        abort_after=len(FIRST_EVENT),
    )


class ErrorLog(llmkit.Hooks):
    def __init__(self) -> None:
        self.errors: list[tuple[str | None, llmkit.LLMError]] = []
        self.finished: list[str | None] = []

    def on_error(self, request: llmkit.RequestInfo, error: llmkit.LLMError) -> None:
        self.errors.append((request.request_id, error))

    def on_finish(self, request: llmkit.RequestInfo, finish: llmkit.FinishInfo) -> None:
        self.finished.append(request.request_id)


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff of a millisecond, so that retries cost no test time."""
    monkeypatch.setattr(
        llmkit.ApiHandler,
        "_retry_policy",
        property(lambda self: RetryPolicy(max_retries=self.settings.max_retries, initial_delay=0.001)),
    )


@pytest.mark.usefixtures("quick_retries")
async def test_a_stream_cut_before_output_is_sent_again_up_to_max_retries(caplog: pytest.LogCaptureFixture) -> None:
    hooks = ErrorLog()
    with ReplayServer([cut_before_output("r1"), cut_before_output("r2"), cut_before_output("r3"), OK]) as server:
        async with handler(server, max_retries=2, hooks=[hooks]) as h:
            _, error = await read_until_error(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert isinstance(error, llmkit.StreamIncompleteError)
    assert len(server.requests) == 3
    retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert [m.split(" in ")[0] for m in retries] == [
        "llmkit: retrying openai request (retry 1 of 2)",
        "llmkit: retrying openai request (retry 2 of 2)",
    ]
    assert [(request_id, type(e)) for request_id, e in hooks.errors] == [("r3", llmkit.StreamIncompleteError)]


@pytest.mark.usefixtures("quick_retries")
async def test_a_stream_sent_again_reports_the_new_request_and_the_error_of_the_retry() -> None:
    hooks = ErrorLog()
    refused = Exchange.error(400, "no more", headers={"x-request-id": "r2"})
    with ReplayServer([cut_before_output("r1"), refused]) as server:
        async with handler(server, max_retries=2, hooks=[hooks]) as h:
            _, error = await read_until_error(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert isinstance(error, llmkit.BadRequestError) and error.message == "no more"
    assert [e for _, e in hooks.errors] == [error]
    hooks = ErrorLog()
    with ReplayServer([cut_before_output("r1"), Exchange(headers={"x-request-id": "r2"}, body=OK.body)]) as server:
        async with handler(server, hooks=[hooks]) as h:
            result = await collect(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert result.content == ANSWER and hooks.finished == ["r2"]


async def test_a_stream_is_not_sent_again_when_the_wait_would_overrun_its_timeout() -> None:
    # The first backoff is at least 0.375 s; the call has 0.3 s in all.
    with ReplayServer([cut_before_output("r1"), OK]) as server:
        async with handler(server, timeout=0.3) as h:
            _, error = await read_until_error(await h.create_message(None, [{"role": "user", "content": "x"}]))
    assert isinstance(error, llmkit.StreamIncompleteError)
    assert len(server.requests) == 1


async def test_a_timeout_that_passed_while_the_caller_was_busy_ends_the_stream_at_its_next_read() -> None:
    with ReplayServer(Exchange(parts=(TWO_EVENTS, OK.body[len(TWO_EVENTS) :]))) as server:
        async with handler(server, timeout=0.1, max_retries=0) as h:
            stream = await h.create_message(None, [{"role": "user", "content": "x"}])
            with pytest.raises(llmkit.TotalTimeoutError) as caught:
                async for _ in stream:
                    time.sleep(0.15)  # noqa: ASYNC251  # the caller blocks the loop with its own work
    assert caught.value.message == "the request took longer than its timeout"
    assert (caught.value.provider, caught.value.status_code) == ("openai", 200)
