"""Every recorded OpenAI Responses exchange replays through the ``openai-responses`` adapter.

The files of ../shared/corpus-native named ``openai-responses__*`` (OpenAI, Azure, xAI,
DeepSeek, OpenRouter and Bedrock's Responses surface) are served at a loopback base URL in
1-, 7- and 61-byte reads and in one read, and what llmkit yields is checked against
``expected``: text, reasoning, refusal, tool calls, usage, finish reason and errors; the JSON
answers go through ``complete()``.

One documented difference: llmkit yields ``"\\n\\n"`` between reasoning parts (the deltas carry no
separator, so summary parts would run together), so the reasoning is ``expected``'s
``reasoning_parts`` joined by it rather than their plain concatenation (``expected["reasoning"]``).
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

import llmkit
from llmkit import APIStatusError, pricing
from llmkit.providers._responses_stream import PART_SEPARATOR

from ._helpers import collect, replay
from .conftest import NATIVE, SENTINEL_KEY, corpus_files, load_recording, require_corpus

pytestmark = pytest.mark.anyio

PREFIX = "openai-responses__"
BASE_URL = "http://127.0.0.1:8321/v1"
READ_SIZES = [1, 7, 61, 0]


def _kind(kind: str) -> Any:
    return lambda recording: recording["expected"]["kind"] == kind


ALL = corpus_files(folder=NATIVE, prefix=PREFIX)
STREAMS = corpus_files(_kind("stream"), folder=NATIVE, prefix=PREFIX)
JSON = corpus_files(_kind("json"), folder=NATIVE, prefix=PREFIX)
ERRORS = corpus_files(_kind("http-error"), folder=NATIVE, prefix=PREFIX)
ANSWERED = corpus_files(
    lambda r: r["expected"]["kind"] == "stream" and not r["expected"]["must_raise"], folder=NATIVE, prefix=PREFIX
)


def recording_of(name: str) -> dict[str, Any]:
    return load_recording(name, folder=NATIVE)


def handler_for(recording: dict[str, Any]) -> llmkit.ApiHandler:
    return llmkit.create_api_handler(
        {
            "api_provider": "openai-responses",
            "api_key": SENTINEL_KEY,
            "model_name": recording["request"]["model"],
            "base_url": BASE_URL,
            "max_retries": 0,
        }
    )


def check_request(httpx_mock: HTTPXMock, recording: dict[str, Any], *, stream: bool) -> None:
    sent = httpx_mock.get_requests()[0]
    assert sent.url == httpx.URL(BASE_URL + "/responses")
    assert sent.headers["authorization"] == f"Bearer {SENTINEL_KEY}"
    payload = json.loads(sent.read())
    assert payload["model"] == recording["request"]["model"]
    assert payload["store"] is False
    assert payload.get("stream", False) is stream
    assert payload["input"] == [{"role": "user", "content": "replay"}]


def expected_reasoning(expected: dict[str, Any]) -> str:
    parts = expected["reasoning_parts"]
    # The parts are the reasoning, cut where the provider cut it: nothing else is in it.
    assert "".join(parts) == (expected["reasoning"] or "")
    return PART_SEPARATOR.join(parts)


def expected_calls(expected: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": c["id"], "name": c["name"], "arguments": c["arguments"]} for c in expected["tool_calls"]]


def check_usage(recording: dict[str, Any], usage: llmkit.Usage | None) -> None:
    expected = recording["expected"]["usage_normalised"]
    if expected is None:
        assert usage is None
        return
    assert usage is not None
    assert usage.input_tokens == expected["input_tokens"]
    assert usage.output_tokens == expected["output_tokens"]
    assert usage.cache_read_tokens == expected["cache_read_tokens"]
    assert usage.cache_write_tokens == (expected["cache_write_tokens"] or 0)
    assert usage.reasoning_tokens == expected["reasoning_tokens"]
    if recording["served_by"] == "openai":
        # The same model costs the same on either OpenAI API.
        model = recording["request"]["model"]
        tokens = usage.model_copy(update={"cost": None})
        assert usage.cost is not None
        assert usage.cost == pricing.cost(tokens, provider="openai", model=model)


# -- streams ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("read_size", READ_SIZES)
@pytest.mark.parametrize("name", STREAMS)
async def test_recorded_stream_replays(httpx_mock: HTTPXMock, name: str, read_size: int) -> None:
    recording = recording_of(name)
    expected = recording["expected"]
    replay(httpx_mock, recording, read_size)
    async with handler_for(recording) as handler:
        stream = await handler.create_message(None, [{"role": "user", "content": "replay"}])
        if expected["must_raise"]:
            with pytest.raises(llmkit.LLMError) as caught:
                await collect(stream)
            error = caught.value
            assert error.provider == "openai-responses"
            assert error.message.endswith(expected["stream"]["error_events"][0]["error"]["message"])
            # insufficient_quota: the quota is spent, slowing down will not help.
            assert isinstance(error, llmkit.QuotaExceededError)
            assert await handler.get_api_stream_usage() is None
            return
        result = await collect(stream)
        assert await handler.get_api_stream_usage() == llmkit.UsageChunk(usage=result.usage)
    check_request(httpx_mock, recording, stream=True)

    assert result.content == (expected["content"] or "")
    assert result.reasoning.get(0, "") == expected_reasoning(expected)
    assert result.refusal.get(0, "") == (expected.get("refusal") or "")
    assert result.tool_calls() == expected_calls(expected)
    assert result.done is not None
    assert result.done.raw_finish_reason == expected["finish_reason"]
    assert result.done.finish_reason == expected["finish_reason_normalised"]
    check_usage(recording, result.usage)
    # The seed-style mapping access works on these chunks too.
    assert result.done["done"] is True and result.done.get("finish_reason") == expected["finish_reason_normalised"]


@pytest.mark.parametrize("name", ANSWERED)
async def test_every_reasoning_item_comes_back_as_state(httpx_mock: HTTPXMock, name: str) -> None:
    """Each finished reasoning item is one reasoning block: its id, summary parts and encrypted content."""
    recording = recording_of(name)
    replay(httpx_mock, recording, 0)
    async with handler_for(recording) as handler:
        stream = await handler.create_message(None, [{"role": "user", "content": "replay"}])
        completion = await stream.collect()
    items = [item for item in _done_items(recording) if item["type"] == "reasoning"]
    assert [block.provider_data for block in completion.reasoning_blocks] == [
        {"id": item["id"], "summary": [{"type": "summary_text", "text": s["text"]} for s in item["summary"]]}
        for item in items
    ]
    assert [block.encrypted for block in completion.reasoning_blocks] == [
        item.get("encrypted_content") for item in items
    ]


def _done_items(recording: dict[str, Any]) -> list[dict[str, Any]]:
    items = []
    for line in recording["response"]["body"].splitlines():
        if line.startswith("data: {"):
            event = json.loads(line[6:])
            if event.get("type") == "response.output_item.done":
                items.append(event["item"])
    return items


# -- whole answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", JSON)
async def test_recorded_json_answer_replays_through_complete(httpx_mock: HTTPXMock, name: str) -> None:
    recording = recording_of(name)
    expected = recording["expected"]
    headers = {k: v for k, v in recording["response"]["headers"].items() if k.lower() != "content-encoding"}
    httpx_mock.add_response(headers=headers, content=recording["response"]["body"].encode())
    async with handler_for(recording) as handler:
        completion = await handler.complete(None, [{"role": "user", "content": "replay"}])
        assert await handler.get_api_stream_usage() == llmkit.UsageChunk(usage=completion.usage)
    check_request(httpx_mock, recording, stream=False)
    assert completion.text == (expected["content"] or "")
    assert completion.reasoning == expected_reasoning(expected)
    calls = [{"id": c.id, "name": c.name, "arguments": c.arguments} for c in completion.tool_calls]
    assert calls == expected_calls(expected)
    assert completion.raw_finish_reason == expected["finish_reason"]
    assert completion.finish_reason == expected["finish_reason_normalised"]
    check_usage(recording, completion.usage)


# -- errors ----------------------------------------------------------------------------------------

SPECIFIC_ERRORS: dict[str, type[llmkit.LLMError]] = {
    "openai-responses__error-401-invalid-key.json": llmkit.AuthenticationError,
}


@pytest.mark.parametrize("name", ERRORS)
async def test_recorded_error_raises(httpx_mock: HTTPXMock, name: str) -> None:
    recording = recording_of(name)
    expected = recording["expected"]["error"]
    replay(httpx_mock, recording, 5)
    status = recording["response"]["status"]
    async with handler_for(recording) as handler:
        with pytest.raises(APIStatusError) as caught:
            if recording["expected"]["request_was_stream"]:
                await handler.create_message(None, [{"role": "user", "content": "replay"}])
            else:
                await handler.complete(None, [{"role": "user", "content": "replay"}])
    error = caught.value
    assert error.provider == "openai-responses"
    assert error.status_code == status
    assert isinstance(error, SPECIFIC_ERRORS.get(name, llmkit.BadRequestError))
    assert error.message == expected["message"]
    assert error.code == expected["code"]
    assert error.error_type == expected["type"]
    assert error.param == expected["param"]
    assert SENTINEL_KEY not in str(error) and SENTINEL_KEY not in repr(error)


def test_the_responses_corpus_is_covered() -> None:
    require_corpus(NATIVE)
    assert len(ALL) == len(STREAMS) + len(JSON) + len(ERRORS) == 23
