"""Behaviour users rely on, each expectation written out here rather than read from llmkit's tables.

These tests were added after deliberately broken builds passed the suite: a finish reason map that
turned ``length`` into ``stop`` (a cut answer looked complete), 403 raised as an authentication
error, a cached-input price of 0 billed at the full input price, the key left in a malformed
chunk's error body, and ``"id" in chunk`` false for a field whose value is ``None``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

import llmkit
from llmkit import Usage
from llmkit.pricing import cost, override_price, price_for
from llmkit.testing import chat_stream

from ._helpers import ANTHROPIC_FINISH, CHAT_FINISH, RETRYABLE_STATUSES, STATUS_CLASSES, collect
from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

CLAUDE = "claude-haiku-4-5"
HI = [{"role": "user", "content": "hi"}]


def handler(provider: str) -> llmkit.ApiHandler:
    model = CLAUDE if provider == "anthropic" else "m"
    return llmkit.create_api_handler(api_provider=provider, api_key=SENTINEL_KEY, model_name=model, max_retries=0)


# -- HTTP status -> error class --------------------------------------------------------------------

ERROR_BODIES = {
    "openai": lambda status: {"error": {"message": f"refused {status}", "type": "some_error", "code": "some_code"}},
    "anthropic": lambda status: {"type": "error", "error": {"type": "some_error", "message": f"refused {status}"}},
}


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
@pytest.mark.parametrize("status", sorted(STATUS_CLASSES))
async def test_an_error_status_raises_its_own_class(httpx_mock: HTTPXMock, provider: str, status: int) -> None:
    httpx_mock.add_response(status_code=status, json=ERROR_BODIES[provider](status), headers={"request-id": "req_s"})
    async with handler(provider) as h:
        with pytest.raises(llmkit.LLMError) as caught:
            await h.create_message(None, HI)
    error = caught.value
    assert type(error) is STATUS_CLASSES[status]
    assert (error.status_code, error.message, error.provider) == (status, f"refused {status}", provider)
    assert error.retryable is (status in RETRYABLE_STATUSES)
    assert error.request_id == "req_s"


@pytest.mark.parametrize("status", [429, 503])
async def test_a_retryable_status_is_sent_again_and_a_final_one_is_not(httpx_mock: HTTPXMock, status: int) -> None:
    httpx_mock.add_response(status_code=status, json={"error": {"message": "busy"}}, headers={"retry-after-ms": "1"})
    httpx_mock.add_response(status_code=403, json={"error": {"message": "no"}})
    h = llmkit.create_api_handler(api_provider="openai", api_key=SENTINEL_KEY, model_name="m", max_retries=3)
    async with h:
        with pytest.raises(llmkit.PermissionDeniedError):
            await h.create_message(None, HI)
    assert len(httpx_mock.get_requests()) == 2


# -- raw finish reason -> normalised, per dialect --------------------------------------------------

UNKNOWN = {"made_up_reason": "other", "pause_turn": "other"}
CHAT_CASES = sorted({**CHAT_FINISH, **UNKNOWN}.items())
ANTHROPIC_CASES = sorted({**ANTHROPIC_FINISH, **UNKNOWN}.items())


def anthropic_sse(stop: str) -> bytes:
    events: list[dict[str, Any]] = [
        {"type": "message_start", "message": {"id": "msg_1", "content": [], "usage": {"input_tokens": 3}}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "ok"}},
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": stop}, "usage": {"output_tokens": 2}},
        {"type": "message_stop"},
    ]
    return b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events)


@pytest.mark.parametrize(("raw", "normalised"), CHAT_CASES)
async def test_chat_completions_stream_finish_reason(httpx_mock: HTTPXMock, raw: str, normalised: str) -> None:
    body = chat_stream("ok", finish_reason=raw).body
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=body)
    async with handler("openai") as h:
        result = await collect(await h.create_message(None, HI))
    assert result.content == "ok"
    assert result.done is not None
    assert (result.done.finish_reason, result.done.raw_finish_reason) == (normalised, raw)


@pytest.mark.parametrize(("raw", "normalised"), CHAT_CASES)
async def test_chat_completions_whole_answer_finish_reason(httpx_mock: HTTPXMock, raw: str, normalised: str) -> None:
    message = {"role": "assistant", "content": "ok"}
    httpx_mock.add_response(
        json={
            "id": "c1",
            "object": "chat.completion",
            "choices": [{"index": 0, "message": message, "finish_reason": raw}],
        }
    )
    async with handler("openai") as h:
        completion = await h.complete(None, HI)
    assert (completion.text, completion.finish_reason, completion.raw_finish_reason) == ("ok", normalised, raw)


@pytest.mark.parametrize(("raw", "normalised"), ANTHROPIC_CASES)
async def test_anthropic_stream_finish_reason(httpx_mock: HTTPXMock, raw: str, normalised: str) -> None:
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=anthropic_sse(raw))
    async with handler("anthropic") as h:
        result = await collect(await h.create_message(None, HI))
    assert result.content == "ok"
    assert result.done is not None
    assert (result.done.finish_reason, result.done.raw_finish_reason) == (normalised, raw)


@pytest.mark.parametrize(("raw", "normalised"), ANTHROPIC_CASES)
async def test_anthropic_whole_answer_finish_reason(httpx_mock: HTTPXMock, raw: str, normalised: str) -> None:
    httpx_mock.add_response(
        json={
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "content": [{"type": "text", "text": "ok"}],
            "stop_reason": raw,
            "usage": {"input_tokens": 3, "output_tokens": 2},
        }
    )
    async with handler("anthropic") as h:
        completion = await h.complete(None, HI)
    assert (completion.text, completion.finish_reason, completion.raw_finish_reason) == ("ok", normalised, raw)


# -- prices of 0 are prices ------------------------------------------------------------------------

AT = datetime(2026, 1, 1, tzinfo=UTC)


def test_a_cached_input_price_of_zero_makes_cache_reads_free() -> None:
    with override_price("acme", "free-cache", input="2", output="8", cached_input="0"):
        price = price_for("acme", "free-cache", AT)
        assert price is not None and price.cached_input == Decimal(0)
        usage = Usage(input_tokens=1_000_000, cache_read_tokens=750_000, output_tokens=0)
        # 250k uncached at $2/M; the 750k cache reads cost nothing.
        assert cost(usage, provider="acme", model="free-cache", at=AT) == Decimal("0.5")


def test_a_cache_write_price_of_zero_makes_cache_writes_free() -> None:
    with override_price("acme", "free-writes", input="2", output="8", cache_write="0", cache_write_1h="0"):
        usage = Usage(input_tokens=1_000_000, cache_write_tokens=600_000, cache_write_1h_tokens=100_000)
        assert cost(usage, provider="acme", model="free-writes", at=AT) == Decimal("0.8")


def test_each_kind_of_token_is_billed_at_its_own_price() -> None:
    prices = {"input": "3", "output": "15", "cached_input": "0.3", "cache_write": "3.75", "cache_write_1h": "6"}
    with override_price("acme", "all-kinds", **prices):
        usage = Usage(
            input_tokens=1_000_000,
            cache_read_tokens=200_000,
            cache_write_tokens=300_000,
            cache_write_1h_tokens=100_000,
            output_tokens=10_000,
            reasoning_tokens=4_000,
        )
        # 500k input * 3 + 200k * 0.3 + 200k * 3.75 + 100k * 6 + 10k output * 15, per million
        expected = Decimal("1.5") + Decimal("0.06") + Decimal("0.75") + Decimal("0.6") + Decimal("0.15")
        assert cost(usage, provider="acme", model="all-kinds", at=AT) == expected


def test_without_cache_prices_cache_tokens_cost_the_input_price() -> None:
    with override_price("acme", "no-cache-price", input="2", output="8"):
        usage = Usage(input_tokens=1_000_000, cache_read_tokens=300_000, cache_write_tokens=200_000, output_tokens=0)
        assert cost(usage, provider="acme", model="no-cache-price", at=AT) == Decimal("2")


# -- the key stays out of a malformed chunk's error ------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "body"),
    [
        ("openai", f'data: {{"choices": [{{"index": "{SENTINEL_KEY}"}}]}}\n\n'.encode()),
        ("anthropic", f'event: message_start\ndata: {{"type": 7, "echo": "{SENTINEL_KEY}"}}\n\n'.encode()),
    ],
)
async def test_a_malformed_chunk_echoing_the_key_is_reported_without_it(
    httpx_mock: HTTPXMock, provider: str, body: bytes
) -> None:
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=body)
    async with handler(provider) as h:
        stream = await h.create_message(None, HI)
        with pytest.raises(llmkit.MalformedResponseError) as caught:
            await collect(stream)
    error = caught.value
    assert error.body is not None and "***" in error.body
    assert SENTINEL_KEY not in (error.body + str(error) + repr(error))
    assert error.message.startswith("malformed ") and " at " in error.message


# -- chunks answer the mapping protocol ------------------------------------------------------------


def test_a_field_whose_value_is_none_is_still_a_key_of_the_chunk() -> None:
    chunk = llmkit.ToolCallChunk(index=2, name="f")
    assert "id" in chunk and chunk["id"] is None and chunk.get("id", "absent") is None
    assert "name" in chunk and chunk["name"] == "f"
    assert "nope" not in chunk and chunk.get("nope", "absent") == "absent" and chunk.get("nope") is None
    with pytest.raises(KeyError, match="nope"):
        chunk["nope"]
    keys = ["type", "index", "id", "name", "arguments_delta", "choice", "provider_data"]
    assert chunk.keys() == keys and list(chunk) == keys and len(chunk) == len(keys)
    assert chunk.values() == ["tool_call", 2, None, "f", "", 0, None]
    assert dict(chunk.items()) == {
        "type": "tool_call",
        "index": 2,
        "id": None,
        "name": "f",
        "arguments_delta": "",
        "choice": 0,
        "provider_data": None,
    }


def test_done_chunk_answers_like_the_dict_it_replaced() -> None:
    done = llmkit.DoneChunk(finish_reason="length")
    assert dict(done.items()) == {"type": "done", "done": True, "finish_reason": "length", "raw_finish_reason": None}
    assert "raw_finish_reason" in done and done.get("done") is True


def test_a_registered_price_holds_only_within_its_dates() -> None:
    start, end = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
    with override_price("acme", "dated", input="1", output="1", valid_from=start, valid_until=end) as row:
        assert (row.valid_from, row.valid_until, row.source) == (start, end, "registered at runtime")
        usage = Usage(input_tokens=1_000_000)
        assert cost(usage, provider="acme", model="dated", at=datetime(2026, 3, 15, tzinfo=UTC)) == Decimal(1)
        assert price_for("acme", "dated", datetime(2026, 2, 28, tzinfo=UTC)) is None
        assert price_for("acme", "dated", end) is None
    assert price_for("acme", "dated", datetime(2026, 3, 15, tzinfo=UTC)) is None


# -- failures before any answer: what the error says -----------------------------------------------


async def test_a_redirect_is_an_error_naming_where_it_pointed(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=307, headers={"location": "https://elsewhere.invalid/v1", "x-request-id": "r7"})
    async with handler("openai") as h:
        with pytest.raises(llmkit.MalformedResponseError) as caught:
            await h.create_message(None, HI)
    error = caught.value
    assert (error.status_code, error.request_id, error.provider) == (307, "r7", "openai")
    assert error.message == (
        "the provider redirected (307) to 'https://elsewhere.invalid/v1'; llmkit does not follow redirects, "
        "so the key never travels to another host: use that URL as base_url"
    )


async def test_a_connection_failure_names_the_url_and_the_cause_without_the_key(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ConnectError(f"refused for {SENTINEL_KEY}"))
    async with handler("openai") as h:
        with pytest.raises(llmkit.APIConnectionError) as caught:
            await h.create_message(None, HI)
    error = caught.value
    assert type(error) is llmkit.APIConnectionError and error.provider == "openai"
    assert error.message.endswith("at https://api.openai.com/v1: ConnectError: refused for ***")


def test_usage_prints_every_count_and_an_unknown_cost() -> None:
    assert str(Usage(input_tokens=10, cache_read_tokens=2, cache_write_tokens=3, output_tokens=4)) == (
        "input=10 (cache read 2, cache write 3) output=4 (reasoning 0) cost=unknown"
    )


async def test_a_collected_stream_keeps_the_request_id(httpx_mock: HTTPXMock) -> None:
    body = chat_stream("ok").body
    httpx_mock.add_response(headers={"content-type": "text/event-stream", "x-request-id": "req_c"}, content=body)
    async with handler("openai") as h:
        completion = await (await h.create_message(None, HI)).collect()
    assert (completion.text, completion.request_id) == ("ok", "req_c")


async def test_a_body_ending_inside_an_event_is_a_cut_stream(httpx_mock: HTTPXMock) -> None:
    body = chat_stream("ok").body.split(b"\n\n")[0] + b"\n\n" + b'data: {"choi'
    httpx_mock.add_response(headers={"content-type": "text/event-stream", "x-request-id": "req_t"}, content=body)
    async with handler("openai") as h:
        with pytest.raises(llmkit.StreamIncompleteError) as caught:
            await collect(await h.create_message(None, HI))
    error = caught.value
    assert error.message == "the stream ended in the middle of an event"
    assert (error.provider, error.status_code, error.request_id) == ("openai", 200, "req_t")
