"""Every recorded OpenAI-dialect stream and error replays through the public API as recorded.

The bodies are real provider traffic recorded by other projects (../shared/corpus). Each one is fed
to llmkit in small reads, so events, lines, CRLF pairs and UTF-8 characters are split across
reads, and what llmkit yields is checked against the recording's ``expected``.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_httpx import HTTPXMock

import llmkit
from llmkit import APIStatusError, LLMError

from ._helpers import CHAT_FINISH, STATUS_CLASSES, collect, recorded_call_id, replay
from .conftest import SENTINEL_KEY, corpus_files, load_recording

pytestmark = pytest.mark.anyio


def _openai_dialect(recording: dict[str, Any]) -> bool:
    return recording["provider"] != "anthropic"


STREAMS = corpus_files(lambda r: _openai_dialect(r) and r["expected"].get("kind") == "stream")
ERRORS = corpus_files(lambda r: _openai_dialect(r) and r["expected"].get("kind") == "http-error")
READ_SIZES = [1, 7, 61, 0]

# Files whose recorded stream carries an error event: llmkit raises it (after yielding what came
# before) rather than ending normally; see test_mid_stream_error_event_raises_after_the_output.
ERROR_EVENT_FILES = {"openrouter__stream-error-chunk-mid-stream.json"}


def handler_for(recording: dict[str, Any]) -> llmkit.ApiHandler:
    """The adapter a user would pick for the recorded provider, pointed at the recorded URL."""
    url = recording["request"]["url"]
    base_url = url.split("?")[0].removesuffix("/chat/completions")
    if not base_url.startswith("http"):  # some recordings keep a placeholder such as <GPUSTACK_API_BASE>
        base_url = "https://recorded-host.invalid/v1"
    provider = "deepseek" if recording["provider"] == "deepseek" else "openai"
    model = recording["request"].get("body", {}).get("model", "recorded-model")
    return llmkit.create_api_handler(
        {
            "api_provider": provider,
            "api_key": SENTINEL_KEY,
            "model_name": model,
            "base_url": base_url,
            "max_retries": 0,  # these tests are about what one response means
        }
    )


def expected_usage(raw: dict[str, Any] | None) -> dict[str, int] | None:
    """llmkit's meaning of a Chat Completions usage object (see DESIGN: input includes cache hits)."""
    if raw is None:
        return None
    prompt_details = raw.get("prompt_tokens_details") or {}
    completion_details = raw.get("completion_tokens_details") or {}
    cache_read = raw.get("prompt_cache_hit_tokens")
    if cache_read is None:
        cache_read = prompt_details.get("cached_tokens") or 0
    return {
        "input_tokens": raw.get("prompt_tokens") or 0,
        "output_tokens": raw.get("completion_tokens") or 0,
        "cache_read_tokens": cache_read,
        "cache_write_tokens": prompt_details.get("cache_write_tokens") or 0,
        "cache_write_1h_tokens": 0,  # Chat Completions usage has no cache lifetimes
        "reasoning_tokens": completion_details.get("reasoning_tokens") or 0,
    }


@pytest.mark.parametrize("read_size", READ_SIZES)
@pytest.mark.parametrize("name", [n for n in STREAMS if n not in ERROR_EVENT_FILES])
async def test_recorded_stream_replays_as_recorded(httpx_mock: HTTPXMock, name: str, read_size: int) -> None:
    recording = load_recording(name)
    expected = recording["expected"]
    replay(httpx_mock, recording, read_size)
    async with handler_for(recording) as handler:
        stream = await handler.create_message(None, [{"role": "user", "content": "replay"}])
        result = await collect(stream)

    assert result.content == (expected["content"] or "")
    assert result.reasoning.get(0, "") == (expected["reasoning"] or "")
    assert result.refusal.get(0, "") == (expected.get("refusal") or "")
    assert result.tool_calls() == [
        {"id": recorded_call_id(c["id"]), "name": c["name"], "arguments": c["arguments"]}
        for c in expected["tool_calls"]
    ]
    for choice in expected.get("choices", [])[1:]:
        assert result.text.get(choice["index"], "") == (choice["content"] or "")

    assert result.done is not None
    if expected["finish_reason"] is not None:
        assert result.done.raw_finish_reason == expected["finish_reason"]
        assert result.done.finish_reason == CHAT_FINISH.get(expected["finish_reason"], "other")
    else:
        # The provider sent [DONE] but never a finish reason: a normal end (DESIGN), and the
        # normalised reason says whether tools were called.
        assert result.done.raw_finish_reason is None
        assert result.done.finish_reason == ("tool_calls" if expected["tool_calls"] else "other")

    usage = expected_usage(expected["usage"])
    if usage is None:
        assert result.usage is None
    else:
        assert result.usage is not None
        assert result.usage.model_dump(exclude={"cost", "service_tier"}) == usage
    assert await handler.get_api_stream_usage() == (
        None if result.usage is None else llmkit.UsageChunk(usage=result.usage)
    )


@pytest.mark.parametrize("read_size", [1, 0])
async def test_mid_stream_error_event_raises_after_the_output(httpx_mock: HTTPXMock, read_size: int) -> None:
    # pydantic-ai's own test for this recording expects an error too (pytest.raises(ModelHTTPError)).
    recording = load_recording("openrouter__stream-error-chunk-mid-stream.json")
    replay(httpx_mock, recording, read_size)
    reasoning = ""
    async with handler_for(recording) as handler:
        stream = await handler.create_message(None, [{"role": "user", "content": "replay"}])
        with pytest.raises(LLMError) as caught:
            async for chunk in stream:
                if chunk.type == "reasoning":
                    reasoning += chunk.reasoning
    assert reasoning == recording["expected"]["reasoning"]
    error = caught.value
    assert error.message.endswith("Token limit reached")
    assert error.code == "400"
    assert isinstance(error, llmkit.BadRequestError)
    assert error.provider == "openai"


@pytest.mark.parametrize("name", ERRORS)
async def test_recorded_error_raises_typed_error(httpx_mock: HTTPXMock, name: str) -> None:
    recording = load_recording(name)
    expected = recording["expected"]["error"]
    replay(httpx_mock, recording, 5)
    async with handler_for(recording) as handler:
        with pytest.raises(APIStatusError) as caught:
            await handler.create_message(None, [{"role": "user", "content": "replay"}])
    error = caught.value
    status = recording["response"]["status"]
    assert error.status_code == status
    assert isinstance(error, STATUS_CLASSES[status])  # the specific test below checks refinements
    assert error.message == expected["message"]
    assert error.code == (None if expected.get("code") is None else str(expected["code"]))
    assert error.body == recording["response"]["body"]
    assert SENTINEL_KEY not in str(error) and SENTINEL_KEY not in repr(error)


@pytest.mark.parametrize(
    ("name", "error_class"),
    [
        ("deepseek__error-400-context-length.json", llmkit.ContextWindowExceededError),
        ("openrouter__error-400-context-length.json", llmkit.ContextWindowExceededError),
        ("openai__error-401-invalid-key.json", llmkit.AuthenticationError),
        ("openai__error-404-model-not-found.json", llmkit.NotFoundError),
        ("groq__error-400-tool-use-failed.json", llmkit.BadRequestError),
        ("azure-foundry__error-429-rate-limit-on-oversized-request.json", llmkit.RateLimitError),
    ],
)
async def test_recorded_errors_map_to_specific_classes(
    httpx_mock: HTTPXMock, name: str, error_class: type[LLMError]
) -> None:
    recording = load_recording(name)
    replay(httpx_mock, recording, 0)
    async with handler_for(recording) as handler:
        with pytest.raises(error_class):
            await handler.create_message(None, [{"role": "user", "content": "replay"}])
