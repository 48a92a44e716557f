"""The Anthropic adapter: the request it sends, the options it translates or refuses, and the
events it reads (the recorded streams are replayed in tests/test_corpus_providers.py)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from pytest_httpx import HTTPXMock, IteratorStream

import llmkit
from llmkit import InvalidRequestError, ReasoningBlock, ReasoningChunk, ReasoningStateChunk
from llmkit.providers import AnthropicHandler
from llmkit.testing import Exchange, ReplayServer

from ._helpers import collect, pieces
from .conftest import SENTINEL_KEY, load_recording

pytestmark = pytest.mark.anyio

WEATHER = {
    "name": "get_weather",
    "description": "Current weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
}


def handler(**settings: Any) -> llmkit.ApiHandler:
    return llmkit.create_api_handler(
        {"api_provider": "anthropic", "api_key": SENTINEL_KEY, "model_name": "claude-haiku-4-5", "max_retries": 0},
        **settings,
    )


def sse(*events: dict[str, Any]) -> bytes:
    return b"".join(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode() for event in events)


START = {
    "type": "message_start",
    "message": {
        "id": "msg_1",
        "content": [],
        "stop_reason": None,
        "usage": {
            "input_tokens": 10,
            "cache_creation_input_tokens": 20,
            "cache_read_input_tokens": 30,
            "output_tokens": 1,
        },
    },
}


def text_stream(text: str = "Hi", stop: str = "end_turn") -> bytes:
    return sse(
        START,
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}},
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": stop}, "usage": {"output_tokens": 5}},
        {"type": "message_stop"},
    )


def sent(httpx_mock: HTTPXMock) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(httpx_mock.get_requests()[-1].content)
    return body


async def stream_of(httpx_mock: HTTPXMock, body: bytes, **options: Any) -> Any:
    httpx_mock.add_response(headers={"content-type": "text/event-stream", "request-id": "req_9"}, content=body)
    async with handler() as h:
        stream = await h.create_message("Be brief.", [{"role": "user", "content": "Hi"}], **options)
        assert stream.request_id == "req_9"
        return await collect(stream)


# -- the request ---------------------------------------------------------------------------------


async def test_request_url_headers_system_and_default_max_tokens(httpx_mock: HTTPXMock) -> None:
    result = await stream_of(httpx_mock, text_stream())
    request = httpx_mock.get_requests()[0]
    assert str(request.url) == "https://api.anthropic.com/v1/messages"
    assert request.headers["x-api-key"] == SENTINEL_KEY
    assert request.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in request.headers
    body = sent(httpx_mock)
    assert body == {
        "model": "claude-haiku-4-5",
        "system": "Be brief.",
        "messages": [{"role": "user", "content": "Hi"}],
        "max_tokens": 4096,
        "stream": True,
    }
    assert result.content == "Hi"
    assert result.done is not None and result.done.finish_reason == "stop"
    # input = 10 uncached + 20 written to the cache + 30 read from it
    assert result.usage is not None
    assert result.usage.model_dump(exclude={"cost", "service_tier"}) == {
        "input_tokens": 60,
        "output_tokens": 5,
        "cache_read_tokens": 30,
        "cache_write_tokens": 20,
        "cache_write_1h_tokens": 0,
        "reasoning_tokens": 0,
    }


def test_environment_variables_and_registration(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ANTHROPIC_API_KEY", "sk-ant-env")
    clean_env.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9/")
    h = llmkit.create_api_handler(api_provider="anthropic", model_name="claude-sonnet-4-5")
    assert isinstance(h, AnthropicHandler)
    assert h.settings.base_url == "http://127.0.0.1:9"
    assert h.settings.api_key is not None and h.settings.api_key.get_secret_value() == "sk-ant-env"


def test_a_key_is_required_for_anthropic_itself(clean_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(llmkit.ConfigError, match="ANTHROPIC_API_KEY"):
        llmkit.create_api_handler(api_provider="anthropic", model_name="claude-sonnet-4-5")


def build(messages: list[dict[str, Any]], system: str | None = None, **options: Any) -> dict[str, Any]:
    h = handler()
    conversation = llmkit._conversation.check_messages(system, messages)
    checked = llmkit._options.build_options(**options)
    request = h._adapter.build_request(conversation, checked, model=h.model_name, stream=False)
    body: dict[str, Any] = json.loads(request.content)
    return body


def test_conversation_translation_with_tools_images_and_merged_results() -> None:
    body = build(
        [
            {"role": "developer", "content": "Use metric units."},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Weather here and there?", "cache_control": {"type": "ephemeral"}},
                    {"type": "image", "url": "https://example.com/map.png"},
                    {"type": "image", "data": b"\x89PNG", "media_type": "image/png"},
                    {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,QUJD"}},
                ],
            },
            {
                "role": "assistant",
                "content": "Looking.",
                "reasoning_content": "unsigned thoughts cannot be sent back",
                "tool_calls": [
                    {
                        "id": "toolu_1",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'},
                    },
                    {"id": "toolu_2", "type": "function", "function": {"name": "get_weather", "arguments": ""}},
                ],
            },
            {"role": "tool", "tool_call_id": "toolu_1", "content": "3 C"},
            {"role": "tool", "tool_call_id": "toolu_2", "content": [{"type": "text", "text": "unknown"}]},
            {"role": "user", "content": "Thanks"},
        ],
        system="You are terse.",
        tools=[WEATHER],
        tool_choice="required",
    )
    assert body["system"] == "You are terse.\n\nUse metric units."
    assert body["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Weather here and there?", "cache_control": {"type": "ephemeral"}},
                {"type": "image", "source": {"type": "url", "url": "https://example.com/map.png"}},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw=="}},
                {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "QUJD"}},
            ],
        },
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Looking."},
                {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Oslo"}},
                {"type": "tool_use", "id": "toolu_2", "name": "get_weather", "input": {}},
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": "3 C"},
                {"type": "tool_result", "tool_use_id": "toolu_2", "content": [{"type": "text", "text": "unknown"}]},
            ],
        },
        {"role": "user", "content": "Thanks"},
    ]
    assert body["tools"] == [
        {
            "name": "get_weather",
            "description": "Current weather",
            "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
        }
    ]
    assert body["tool_choice"] == {"type": "any"}


@pytest.mark.parametrize(
    ("choice", "wire"),
    [("auto", {"type": "auto"}), ("none", {"type": "none"}), ("get_weather", {"type": "tool", "name": "get_weather"})],
)
def test_tool_choice(choice: str, wire: dict[str, str]) -> None:
    assert build([{"role": "user", "content": "w"}], tools=[WEATHER], tool_choice=choice)["tool_choice"] == wire


def test_sampling_stop_user_and_max_tokens() -> None:
    body = build(
        [{"role": "user", "content": "q"}], temperature=0.2, top_p=0.9, stop=["END"], user="u-1", max_tokens=77
    )
    assert body["temperature"] == 0.2 and body["top_p"] == 0.9
    assert body["stop_sequences"] == ["END"]
    assert body["metadata"] == {"user_id": "u-1"}
    assert body["max_tokens"] == 77
    assert "stream" not in body


@pytest.mark.parametrize(("effort", "budget"), [("minimal", 1024), ("low", 2048), ("medium", 8192), ("high", 16384)])
def test_reasoning_effort_becomes_a_thinking_budget(effort: str, budget: int) -> None:
    body = build([{"role": "user", "content": "q"}], reasoning_effort=effort)
    assert body["thinking"] == {"type": "enabled", "budget_tokens": budget}
    assert body["max_tokens"] == budget + 4096  # room to answer after thinking


def test_reasoning_effort_none_sends_no_thinking() -> None:
    assert "thinking" not in build([{"role": "user", "content": "q"}], reasoning_effort="none")


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"seed": 1}, "seed"),
        ({"response_format": "json"}, "response_format"),
        ({"response_format": {"type": "object", "properties": {}}}, "response_format"),
        ({"temperature": 1.5}, "0 to 1"),
        ({"reasoning_effort": "high", "max_tokens": 1000}, "thinking budget"),
        ({"reasoning_effort": "low", "temperature": 0.5}, "temperature"),
        ({"reasoning_effort": "low", "top_p": 0.5}, "top_p"),
        ({"reasoning_effort": "low", "tools": [WEATHER], "tool_choice": "required"}, "tool_choice"),
    ],
)
def test_options_anthropic_cannot_honour_are_refused(options: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidRequestError, match=match):
        build([{"role": "user", "content": "q"}], **options)


@pytest.mark.parametrize(
    "messages",
    [
        [{"role": "system", "content": "only a system prompt"}],
        [
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "t", "function": {"name": "f", "arguments": "{"}}],
            }
        ],
        [{"role": "assistant", "content": None, "tool_calls": [{"function": {"name": "f", "arguments": "{}"}}]}],
        [
            {"role": "system", "content": [{"type": "image", "url": "https://example.com/x.png"}]},
            {"role": "user", "content": "q"},
        ],
    ],
)
def test_conversations_anthropic_cannot_take_are_refused(messages: list[dict[str, Any]]) -> None:
    with pytest.raises(InvalidRequestError):
        build(messages)


def test_the_agent_loop_turn_from_a_completion_translates_back() -> None:
    completion = llmkit.Completion(
        text="",
        reasoning="thinking",
        tool_calls=(llmkit.ToolCall(id="toolu_7", name="get_weather", arguments='{"city": "Rome"}'),),
        finish_reason="tool_calls",
    )
    body = build([{"role": "user", "content": "w"}, completion.to_message()])
    assert body["messages"][1] == {
        "role": "assistant",
        "content": [{"type": "tool_use", "id": "toolu_7", "name": "get_weather", "input": {"city": "Rome"}}],
    }


# -- the stream ----------------------------------------------------------------------------------


@pytest.mark.parametrize("read_size", [1, 5, 0])
async def test_thinking_tool_use_and_cumulative_usage(httpx_mock: HTTPXMock, read_size: int) -> None:
    body = sse(
        START,
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "thinking", "thinking": "", "signature": ""},
        },
        {"type": "ping"},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "Need "}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "weather."}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "c2ln"}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "Checking."}},
        {"type": "content_block_stop", "index": 1},
        {
            "type": "content_block_start",
            "index": 2,
            "content_block": {"type": "tool_use", "id": "toolu_a", "name": "get_weather", "input": {}},
        },
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": ""}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": '{"city"'}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": ': "Oslo"}'}},
        {"type": "content_block_stop", "index": 2},
        {
            "type": "content_block_start",
            "index": 3,
            "content_block": {"type": "tool_use", "id": "toolu_b", "name": "get_weather", "input": {"city": "Rome"}},
        },
        {"type": "content_block_stop", "index": 3},
        {"type": "message_delta", "delta": {"stop_reason": "tool_use"}, "usage": {"output_tokens": 40}},
        {"type": "message_delta", "delta": {}, "usage": {"output_tokens": 50, "input_tokens": 12}},
        {"type": "message_stop"},
        {"type": "some_future_event"},
    )
    httpx_mock.add_response(
        headers={"content-type": "text/event-stream"}, stream=IteratorStream(list(pieces(body, read_size)))
    )
    async with handler() as h:
        result = await collect(await h.create_message(None, [{"role": "user", "content": "w"}], tools=[WEATHER]))
    assert result.reasoning[0] == "Need weather."
    # The signature ends the thinking block, before content_block_stop.
    assert [c for c in result.chunks if c.type in ("reasoning", "reasoning_state")] == [
        ReasoningChunk(reasoning="Need "),
        ReasoningChunk(reasoning="weather."),
        ReasoningStateChunk(signature="c2ln", origin="anthropic"),
    ]
    assert result.content == "Checking."
    assert result.tool_calls() == [
        {"id": "toolu_a", "name": "get_weather", "arguments": '{"city": "Oslo"}'},
        {"id": "toolu_b", "name": "get_weather", "arguments": '{"city":"Rome"}'},
    ]
    assert result.done is not None
    assert (result.done.finish_reason, result.done.raw_finish_reason) == ("tool_calls", "tool_use")
    # message_delta usage is cumulative: the last values replace, never add to, the earlier ones.
    assert result.usage is not None
    assert (result.usage.input_tokens, result.usage.output_tokens) == (12 + 20 + 30, 50)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("max_tokens", "length"),
        ("tool_use", "tool_calls"),
        ("refusal", "content_filter"),
        ("pause_turn", "other"),
        ("model_context_window_exceeded", "other"),
    ],
)
async def test_stop_reasons_are_normalised(httpx_mock: HTTPXMock, raw: str, reason: str) -> None:
    result = await stream_of(httpx_mock, text_stream(stop=raw))
    assert result.done is not None
    assert (result.done.finish_reason, result.done.raw_finish_reason) == (reason, raw)


async def test_an_overloaded_error_event_after_output_is_raised(httpx_mock: HTTPXMock) -> None:
    body = text_stream()[: text_stream().index(b"event: content_block_stop")] + sse(
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    )
    httpx_mock.add_response(headers={"content-type": "text/event-stream", "request-id": "req_e"}, content=body)
    text = ""
    async with handler() as h:
        stream = await h.create_message(None, [{"role": "user", "content": "q"}])
        with pytest.raises(llmkit.OverloadedError) as caught:
            async for chunk in stream:
                if chunk.type == "text":
                    text += chunk.delta
    assert text == "Hi"
    error = caught.value
    assert (error.error_type, error.request_id, error.provider) == ("overloaded_error", "req_e", "anthropic")
    assert "Overloaded" in error.message


async def test_an_error_event_before_any_output_is_retried(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        headers={"content-type": "text/event-stream"},
        content=sse({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}),
    )
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=text_stream("again"))
    async with handler(max_retries=1) as h:  # one retry, after about half a second
        result = await collect(await h.create_message(None, [{"role": "user", "content": "q"}]))
    assert result.content == "again"


@pytest.mark.parametrize(("status", "error_class"), [(529, llmkit.OverloadedError), (401, llmkit.AuthenticationError)])
async def test_http_errors(httpx_mock: HTTPXMock, status: int, error_class: type[llmkit.LLMError]) -> None:
    kind = "overloaded_error" if status == 529 else "authentication_error"
    httpx_mock.add_response(
        status_code=status,
        headers={"request-id": "req_x", "x-should-retry": "false"},
        json={"type": "error", "error": {"type": kind, "message": f"{kind} {SENTINEL_KEY}"}, "request_id": "req_x"},
    )
    async with handler() as h:
        with pytest.raises(error_class) as caught:
            await h.create_message(None, [{"role": "user", "content": "q"}])
    assert caught.value.error_type == kind
    assert caught.value.request_id == "req_x"
    assert SENTINEL_KEY not in caught.value.message


async def test_a_stream_cut_before_its_stop_reason_raises(httpx_mock: HTTPXMock) -> None:
    body = text_stream()
    httpx_mock.add_response(
        headers={"content-type": "text/event-stream"}, content=body[: body.index(b"event: message_delta")]
    )
    async with handler() as h:
        stream = await h.create_message(None, [{"role": "user", "content": "q"}])
        with pytest.raises(llmkit.StreamIncompleteError):
            await collect(stream)


async def test_a_stream_ending_after_its_stop_reason_without_message_stop_is_whole(httpx_mock: HTTPXMock) -> None:
    body = text_stream()
    result = await stream_of(httpx_mock, body[: body.index(b"event: message_stop")])
    assert result.content == "Hi" and result.done is not None and result.done.finish_reason == "stop"


async def test_malformed_event_data_is_a_typed_error(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        headers={"content-type": "text/event-stream"}, content=b"event: message_start\ndata: {not json\n\n"
    )
    async with handler() as h:
        stream = await h.create_message(None, [{"role": "user", "content": "q"}])
        with pytest.raises(llmkit.MalformedResponseError):
            await collect(stream)


# -- whole answers -------------------------------------------------------------------------------


async def test_complete_reads_thinking_text_and_tool_use(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        json={
            "id": "msg_2",
            "type": "message",
            "content": [
                {"type": "thinking", "thinking": "Hmm.", "signature": "x"},
                {"type": "text", "text": "Calling."},
                {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "x"}},
                {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Oslo"}},
            ],
            "stop_reason": "tool_use",
            "usage": {"input_tokens": 5, "cache_read_input_tokens": 100, "output_tokens": 9},
        },
        headers={"request-id": "req_c"},
    )
    async with handler() as h:
        completion = await h.complete(None, [{"role": "user", "content": "w"}], tools=[WEATHER])
    assert (completion.text, completion.reasoning) == ("Calling.", "Hmm.")
    assert [(c.id, c.name, c.parsed_arguments) for c in completion.tool_calls] == [
        ("toolu_1", "get_weather", {"city": "Oslo"})
    ]
    assert completion.finish_reason == "tool_calls" and completion.request_id == "req_c"
    assert completion.usage is not None
    assert (completion.usage.input_tokens, completion.usage.cache_read_tokens) == (105, 100)
    assert "stream" not in sent(httpx_mock)


async def test_cost_uses_cache_write_and_read_prices(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        json={
            "content": [{"type": "text", "text": "ok"}],
            "stop_reason": "end_turn",
            "usage": {
                "input_tokens": 1000,
                "cache_creation_input_tokens": 2000,
                "cache_read_input_tokens": 4000,
                "output_tokens": 100,
            },
        }
    )
    async with handler(model_name="claude-haiku-4-5-20251001") as h:
        completion = await h.complete(None, [{"role": "user", "content": "q"}])
    # claude-haiku-4-5: 1.00 input, 1.25 cache write, 0.10 cache read, 5.00 output per million:
    # 1000·1 + 2000·1.25 + 4000·0.1 + 100·5 = 1000 + 2500 + 400 + 500 = 4400 per million.
    assert completion.usage is not None and completion.usage.cost == Decimal("0.0044")


# -- cache writes by lifetime: cache_creation.ephemeral_1h_input_tokens ----------------------------


def start_with(usage: dict[str, Any]) -> dict[str, Any]:
    return {**START, "message": {**START["message"], "usage": usage}}


def stream_with_usage(start: dict[str, Any], *deltas: dict[str, Any]) -> bytes:
    return sse(
        start_with(start),
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}},
        {"type": "content_block_stop", "index": 0},
        *({"type": "message_delta", "delta": {}, "usage": usage} for usage in deltas[:-1]),
        {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": deltas[-1]},
        {"type": "message_stop"},
    )


async def test_streamed_1h_cache_writes_are_read_and_overwritten_not_added(httpx_mock: HTTPXMock) -> None:
    body = stream_with_usage(
        {
            "input_tokens": 10,
            "cache_creation_input_tokens": 500,
            "cache_read_input_tokens": 30,
            "cache_creation": {"ephemeral_5m_input_tokens": 300, "ephemeral_1h_input_tokens": 200},
            "output_tokens": 1,
        },
        # Cumulative: these replace message_start's counts.
        {
            "cache_creation_input_tokens": 1000,
            "cache_creation": {"ephemeral_5m_input_tokens": 400, "ephemeral_1h_input_tokens": 600},
            "output_tokens": 5,
        },
    )
    result = await stream_of(httpx_mock, body)
    assert result.usage is not None
    assert result.usage.model_dump(exclude={"cost", "service_tier"}) == {
        "input_tokens": 1040,  # 10 uncached + 1000 written + 30 read
        "output_tokens": 5,
        "cache_read_tokens": 30,
        "cache_write_tokens": 1000,
        "cache_write_1h_tokens": 600,  # not 200 + 600
        "reasoning_tokens": 0,
    }
    # claude-haiku-4-5: 10 · 1.00 + 30 · 0.10 + 400 · 1.25 + 600 · 2.00 + 5 · 5.00
    # = 10 + 3 + 500 + 1200 + 25 = 1738 per million.
    assert result.usage.cost == Decimal("0.001738")


async def test_a_message_delta_without_the_split_keeps_message_starts(httpx_mock: HTTPXMock) -> None:
    # Anthropic's message_delta repeats cache_creation_input_tokens but not cache_creation; a
    # delta that gives one lifetime only replaces that one.
    body = stream_with_usage(
        {
            "input_tokens": 10,
            "cache_creation_input_tokens": 800,
            "cache_read_input_tokens": 0,
            "cache_creation": {"ephemeral_5m_input_tokens": 200, "ephemeral_1h_input_tokens": 600},
            "output_tokens": 1,
        },
        {"cache_creation_input_tokens": 800, "output_tokens": 3},
        {"cache_creation": {"ephemeral_5m_input_tokens": 200}, "output_tokens": 5},
    )
    result = await stream_of(httpx_mock, body)
    assert result.usage is not None
    assert (result.usage.cache_write_tokens, result.usage.cache_write_1h_tokens) == (800, 600)
    assert result.usage.output_tokens == 5


async def test_a_stream_without_the_split_has_no_1h_writes(httpx_mock: HTTPXMock) -> None:
    result = await stream_of(httpx_mock, text_stream())  # START has no cache_creation
    assert result.usage is not None
    assert (result.usage.cache_write_tokens, result.usage.cache_write_1h_tokens) == (20, 0)


async def test_complete_reads_1h_cache_writes_and_prices_them(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        json={
            "content": [{"type": "text", "text": "ok"}],
            "stop_reason": "end_turn",
            "usage": {
                "input_tokens": 1000,
                "cache_creation_input_tokens": 2000,
                "cache_read_input_tokens": 4000,
                "cache_creation": {"ephemeral_5m_input_tokens": 1500, "ephemeral_1h_input_tokens": 500},
                "output_tokens": 100,
            },
        }
    )
    async with handler(model_name="claude-haiku-4-5-20251001") as h:
        completion = await h.complete(None, [{"role": "user", "content": "q"}])
    assert completion.usage is not None
    assert completion.usage.model_dump(exclude={"cost", "service_tier"}) == {
        "input_tokens": 7000,
        "output_tokens": 100,
        "cache_read_tokens": 4000,
        "cache_write_tokens": 2000,
        "cache_write_1h_tokens": 500,
        "reasoning_tokens": 0,
    }
    # claude-haiku-4-5: 1000 · 1.00 + 1500 · 1.25 + 500 · 2.00 + 4000 · 0.10 + 100 · 5.00
    # = 1000 + 1875 + 1000 + 400 + 500 = 4775 per million.
    assert completion.usage.cost == Decimal("0.004775")


@pytest.mark.parametrize(
    ("usage", "writes"),
    [
        # The split alone: the writes are its sum.
        ({"cache_creation": {"ephemeral_5m_input_tokens": 30, "ephemeral_1h_input_tokens": 70}}, (100, 70)),
        # A split that claims more 1-hour writes than writes: never more than the writes.
        ({"cache_creation_input_tokens": 50, "cache_creation": {"ephemeral_1h_input_tokens": 80}}, (50, 50)),
        # Compaction: the iterations add up, their 1-hour writes too.
        (
            {
                "iterations": [
                    {
                        "input_tokens": 1,
                        "cache_creation_input_tokens": 100,
                        "cache_creation": {"ephemeral_1h_input_tokens": 100},
                    },
                    {
                        "input_tokens": 1,
                        "cache_creation_input_tokens": 50,
                        "cache_creation": {"ephemeral_5m_input_tokens": 50},
                    },
                ]
            },
            (150, 100),
        ),
    ],
)
def test_usage_from_wire_splits_the_writes(usage: dict[str, Any], writes: tuple[int, int]) -> None:
    from llmkit.providers._anthropic_wire import AnthropicUsage

    h = handler()
    assert isinstance(h, AnthropicHandler)
    got = h._adapter.usage_from_wire(AnthropicUsage.model_validate({"input_tokens": 0, "output_tokens": 0, **usage}))
    assert (got.cache_write_tokens, got.cache_write_1h_tokens) == writes


# -- thinking signatures: kept from the stream, sent back verbatim ---------------------------------

SIGNATURE = "EqQBCkgIBxABGAIqQLx+/9fq0Tz3w==\nx"  # opaque: base64 with +, / and = (and one odd byte)


def recorded_signature(body: str) -> str:
    """The signature_delta of a recorded stream, read straight from its events."""
    events = [json.loads(line[6:]) for line in body.splitlines() if line.startswith("data: ")]
    (signature,) = [e["delta"]["signature"] for e in events if e.get("delta", {}).get("type") == "signature_delta"]
    assert isinstance(signature, str) and len(signature) > 100
    return signature


@pytest.mark.parametrize("read_size", [1, 7, 0])
async def test_the_recorded_thinking_stream_yields_its_signature_and_the_completion_keeps_it(
    httpx_mock: HTTPXMock, read_size: int
) -> None:
    recording = load_recording("anthropic__stream-thinking-signature.json")
    body = recording["response"]["body"]
    signature = recorded_signature(body)
    for _ in range(2):
        httpx_mock.add_response(
            headers={"content-type": "text/event-stream"},
            stream=IteratorStream(list(pieces(body.encode(), read_size))),
        )
    async with handler(model_name="claude-sonnet-4-0") as h:
        result = await collect(await h.create_message(None, [{"role": "user", "content": "replay"}]))
        turn = await (await h.create_message(None, [{"role": "user", "content": "replay"}])).collect()

    # One state chunk, after all of the block's text and before the answer's text.
    kinds = [c.type for c in result.chunks]
    state_chunks = [c for c in result.chunks if c.type == "reasoning_state"]
    assert state_chunks == [ReasoningStateChunk(signature=signature, origin="anthropic")]
    state = kinds.index("reasoning_state")
    assert "reasoning" not in kinds[state:] and "text" not in kinds[:state]
    assert result.reasoning[0] == recording["expected"]["reasoning"]

    assert turn.reasoning == recording["expected"]["reasoning"]
    assert turn.reasoning_blocks == (
        ReasoningBlock(text=recording["expected"]["reasoning"], signature=signature, origin="anthropic"),
    )
    message = turn.to_message()
    assert message["reasoning_blocks"] == [
        {"text": recording["expected"]["reasoning"], "signature": signature, "origin": "anthropic"}
    ]
    assert message["reasoning_content"] == recording["expected"]["reasoning"]


def thinking_tool_turn() -> bytes:
    """Turn 1 of an agent loop: thinking with its signature, a sentence, then a tool_use block."""
    return sse(
        START,
        {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "Need the "}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "weather tool."}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": SIGNATURE}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "Checking."}},
        {"type": "content_block_stop", "index": 1},
        {
            "type": "content_block_start",
            "index": 2,
            "content_block": {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {}},
        },
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": '{"city":'}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": '"Paris"}'}},
        {"type": "content_block_stop", "index": 2},
        {"type": "message_delta", "delta": {"stop_reason": "tool_use"}, "usage": {"output_tokens": 60}},
        {"type": "message_stop"},
    )


async def test_an_agent_loop_sends_the_signed_thinking_block_back_before_the_tool_use() -> None:
    with ReplayServer([Exchange(body=thinking_tool_turn()), Exchange(body=text_stream("12 °C in Paris."))]) as server:
        h = handler(base_url=server.url)
        async with h:
            conversation: list[dict[str, Any]] = [{"role": "user", "content": "Weather in Paris?"}]
            options: dict[str, Any] = {"tools": [WEATHER], "reasoning_effort": "low"}
            turn = await (await h.create_message("Be brief.", conversation, **options)).collect()
            assert turn.finish_reason == "tool_calls"
            conversation.append(turn.to_message())
            for call in turn.tool_calls:
                conversation.append({"role": "tool", "tool_call_id": call.id, "content": "12 °C"})
            answer = await (await h.create_message("Be brief.", conversation, **options)).collect()
    assert answer.text == "12 °C in Paris."
    second = server.requests[1].json()
    assert second["thinking"] == {"type": "enabled", "budget_tokens": 2048}
    assert second["messages"] == [
        {"role": "user", "content": "Weather in Paris?"},
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "Need the weather tool.", "signature": SIGNATURE},
                {"type": "text", "text": "Checking."},
                {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}},
            ],
        },
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "12 °C"}]},
    ]


async def test_redacted_thinking_is_kept_as_encrypted_reasoning_in_order(httpx_mock: HTTPXMock) -> None:
    body = sse(
        START,
        {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "First."}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "sig-1"}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1, "content_block": {"type": "redacted_thinking", "data": "EmwK=="}},
        {"type": "content_block_stop", "index": 1},
        {"type": "content_block_start", "index": 2, "content_block": {"type": "thinking", "thinking": ""}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "thinking_delta", "thinking": "Then."}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "signature_delta", "signature": "sig-2"}},
        {"type": "content_block_stop", "index": 2},
        {"type": "content_block_start", "index": 3, "content_block": {"type": "text", "text": "Done."}},
        {"type": "content_block_stop", "index": 3},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 9}},
        {"type": "message_stop"},
    )
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=body)
    async with handler() as h:
        turn = await (await h.create_message(None, [{"role": "user", "content": "q"}])).collect()
    assert (turn.text, turn.reasoning) == ("Done.", "First.Then.")
    assert turn.reasoning_blocks == (
        ReasoningBlock(text="First.", signature="sig-1", origin="anthropic"),
        ReasoningBlock(encrypted="EmwK==", origin="anthropic"),
        ReasoningBlock(text="Then.", signature="sig-2", origin="anthropic"),
    )
    assert turn.to_message()["reasoning_blocks"] == [
        {"text": "First.", "signature": "sig-1", "origin": "anthropic"},
        {"encrypted": "EmwK==", "origin": "anthropic"},
        {"text": "Then.", "signature": "sig-2", "origin": "anthropic"},
    ]


async def test_complete_keeps_signatures_and_redacted_thinking(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        json={
            "content": [
                {"type": "thinking", "thinking": "Hmm.", "signature": SIGNATURE},
                {"type": "redacted_thinking", "data": "EmwK=="},
                {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Oslo"}},
            ],
            "stop_reason": "tool_use",
            "usage": {"input_tokens": 5, "output_tokens": 9},
        }
    )
    async with handler() as h:
        completion = await h.complete(None, [{"role": "user", "content": "w"}], tools=[WEATHER])
    assert completion.reasoning_blocks == (
        ReasoningBlock(text="Hmm.", signature=SIGNATURE, origin="anthropic"),
        ReasoningBlock(encrypted="EmwK==", origin="anthropic"),
    )
    body = build([{"role": "user", "content": "w"}, completion.to_message()], reasoning_effort="low")
    assert body["messages"][1]["content"] == [
        {"type": "thinking", "thinking": "Hmm.", "signature": SIGNATURE},
        {"type": "redacted_thinking", "data": "EmwK=="},
        {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Oslo"}},
    ]


BLOCKS = [
    {"text": "unsigned, from another provider", "signature": None},
    {"text": "Plan.", "signature": "sig-a"},
    {"encrypted": "EmwK=="},
]
WIRE_BLOCKS = [
    {"type": "thinking", "thinking": "Plan.", "signature": "sig-a"},
    {"type": "redacted_thinking", "data": "EmwK=="},
]


def test_thinking_blocks_go_first_on_every_assistant_turn_and_unsigned_ones_are_left_out() -> None:
    call = {"id": "toolu_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
    body = build(
        [
            {"role": "user", "content": "a"},
            {"role": "assistant", "content": "Sure.", "reasoning_blocks": BLOCKS},
            {"role": "user", "content": "b"},
            {"role": "assistant", "content": "Looking.", "tool_calls": [call], "reasoning_blocks": BLOCKS},
            {"role": "tool", "tool_call_id": "toolu_1", "content": "3 C"},
        ]
    )
    assert body["messages"][1]["content"] == [*WIRE_BLOCKS, {"type": "text", "text": "Sure."}]
    assert body["messages"][3]["content"] == [
        *WIRE_BLOCKS,
        {"type": "text", "text": "Looking."},
        {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}},
    ]


@pytest.mark.parametrize(
    ("options", "kept"),
    [
        ({}, False),
        ({"reasoning_effort": "none"}, False),
        ({"reasoning_effort": "low"}, True),
        ({"extra_body": {"thinking": {"type": "enabled", "budget_tokens": 1024}}}, True),
        ({"extra_body": {"thinking": {"type": "adaptive"}}}, True),
        ({"reasoning_effort": "low", "extra_body": {"thinking": {"type": "disabled"}}}, False),
    ],
)
def test_a_final_assistant_turn_holds_thinking_only_when_thinking_is_on(options: dict[str, Any], kept: bool) -> None:
    # Anthropic: "When thinking is disabled, an assistant message in the final position cannot contain thinking".
    body = build(
        [{"role": "user", "content": "a"}, {"role": "assistant", "content": "Partial", "reasoning_blocks": BLOCKS}],
        **options,
    )
    expected = [*WIRE_BLOCKS, {"type": "text", "text": "Partial"}] if kept else "Partial"
    assert body["messages"][1]["content"] == expected


@pytest.mark.parametrize(
    "blocks",
    [{"text": "t", "signature": "s"}, "sig", [{"text": "t", "signature": 7}], [["t", "s"]], [{"encrypted": b"x"}]],
)
def test_malformed_reasoning_blocks_are_refused(blocks: Any) -> None:
    message = {"role": "assistant", "content": "x", "reasoning_blocks": blocks}
    with pytest.raises(InvalidRequestError, match=r"messages\[1\]\.reasoning_blocks"):
        build([{"role": "user", "content": "a"}, message, {"role": "user", "content": "b"}])
