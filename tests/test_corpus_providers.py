"""Every recorded exchange replays through the adapter a user would pick for its provider.

``tests/test_corpus_stream.py`` replays the OpenAI-dialect files through the generic adapter; here
every file of ../shared/corpus — streams, whole JSON answers and errors, Anthropic's included —
goes through its preset (or the Anthropic adapter, or the generic one where no preset fits), fed
in small reads. The request llmkit sends is checked against the recorded URL, so each preset's
default base URL is checked too, and the answer against ``expected`` read with the provider's own
documented usage convention (Anthropic's input excludes cache tokens, xAI's and Gemini's
completion tokens exclude reasoning, Groq's usage may live in ``x_groq``, OpenRouter and
Perplexity price the request themselves). Where ``expected`` and the provider's documented
behaviour disagree, a comment says so and the provider wins.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

import llmkit
from llmkit import APIStatusError
from llmkit._registry import provider_class as handler_class

from ._helpers import ANTHROPIC_FINISH, CHAT_FINISH, STATUS_CLASSES, collect, recorded_call_id, replay
from .conftest import SENTINEL_KEY, corpus_files, load_recording, require_corpus
from .test_corpus_stream import READ_SIZES, expected_usage

pytestmark = pytest.mark.anyio

ADAPTERS = {
    "anthropic": "anthropic",
    "azure-foundry": "azure-foundry",
    "azure-openai": "azure",
    "cerebras": "cerebras",
    "crusoe": "crusoe",
    "deepseek": "deepseek",
    "gemini-openai-compat": "gemini",
    "groq": "groq",
    "mistral": "mistral",
    "ollama": "ollama",
    "openai": "openai",
    "openrouter": "openrouter",
    "perplexity": "perplexity",
    "xai": "xai",
    "zai": "zai",
    # No preset: GPUStack (a self-hosted cluster in front of llama-box) and Snowflake Cortex (one
    # URL per account) are the generic adapter with the server's base_url.
    "gpustack-llamabox": "openai",
    "snowflake-cortex": "openai",
}

ALL = corpus_files()
STREAMS = corpus_files(lambda r: r["expected"].get("kind") == "stream")
JSON = corpus_files(lambda r: r["expected"].get("kind") == "json")
ERRORS = corpus_files(lambda r: r["expected"].get("kind") == "http-error")
ERROR_EVENT_FILES = {"openrouter__stream-error-chunk-mid-stream.json"}

# Anthropic's server_tool_use blocks are calls Anthropic already ran (the result block follows in
# the same message): there is nothing for the caller to run or answer, so llmkit does not yield
# them as tool calls, although `expected` lists them.
SERVER_TOOL_TYPES = {"server_tool_use"}


def adapter_for(recording: dict[str, Any]) -> str:
    return ADAPTERS[recording["provider"]]


def normalised_finish(provider: str, raw: str) -> str:
    table = ANTHROPIC_FINISH if provider == "anthropic" else CHAT_FINISH
    return table.get(raw, "other")


def test_every_corpus_file_has_an_adapter() -> None:
    for name in ALL:
        if name == "<corpus absent>":
            continue
        assert load_recording(name)["provider"] in ADAPTERS, name


def handler_for(recording: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> llmkit.ApiHandler:
    """The recorded provider's adapter, on its default base URL whenever the recording used it."""
    provider = adapter_for(recording)
    cls = handler_class(provider)
    for variable in [*cls.env.values(), getattr(cls, "api_version_env", "") or "UNSET"]:
        monkeypatch.delenv(variable, raising=False)
    url = httpx.URL(recording["request"]["url"])
    path = url.copy_with(query=None, fragment=None)
    model = recording["request"].get("body", {}).get("model", "recorded-model")
    settings: dict[str, Any] = {"api_provider": provider, "api_key": SENTINEL_KEY, "max_retries": 0}
    if provider == "anthropic":
        base = str(path).removesuffix("/v1/messages")
    elif provider == "azure":
        base, _, rest = str(path).partition("/openai/deployments/")
        model = rest.split("/")[0]  # the deployment
        monkeypatch.setenv("OPENAI_API_VERSION", url.params["api-version"])
    else:
        base = str(path).removesuffix("/chat/completions")
    if not base.startswith("http"):  # a placeholder such as <GPUSTACK_API_BASE>
        base = "https://recorded-host.invalid/v1"
    if base != cls.default_base_url:
        settings["base_url"] = base
    return llmkit.create_api_handler(settings, model_name=model)


def check_request(httpx_mock: HTTPXMock, recording: dict[str, Any], provider: str) -> None:
    sent = httpx_mock.get_requests()[0]
    recorded = httpx.URL(recording["request"]["url"])
    if recording["request"]["url"].startswith("http"):  # not a placeholder such as <OLLAMA_API_BASE>
        if provider == "anthropic":  # the recording's ?beta=true is the SDK's beta client
            recorded = recorded.copy_with(query=None)
        assert sent.url == recorded
    assert SENTINEL_KEY in {sent.headers.get("authorization", "").removeprefix("Bearer "), *sent.headers.values()}
    if provider in ("azure", "azure-foundry"):
        assert sent.headers["api-key"] == SENTINEL_KEY and "authorization" not in sent.headers
    if provider == "anthropic":
        assert sent.headers["x-api-key"] == SENTINEL_KEY
        assert sent.headers["anthropic-version"] == "2023-06-01"


# -- what each provider's usage means, in llmkit's terms ------------------------------------------


def anthropic_usage(raw: dict[str, Any]) -> dict[str, int]:
    """Anthropic: input_tokens excludes cache reads and writes; the total input is all three."""
    steps = raw.get("iterations") or [raw]
    # With server-side compaction the top-level usage covers only the last sampling step and the
    # request is billed for every step in `iterations` (Anthropic's compaction docs): the sum is
    # the usage. `expected` keeps the top-level overlay (input 181, output 8) for the one such file.
    total = {
        "input_tokens": 0,
        "output_tokens": 0,
        "cache_read_tokens": 0,
        "cache_write_tokens": 0,
        "cache_write_1h_tokens": 0,
    }
    for step in steps:
        read, write = step.get("cache_read_input_tokens") or 0, step.get("cache_creation_input_tokens") or 0
        total["input_tokens"] += step["input_tokens"] + read + write
        total["output_tokens"] += step["output_tokens"]
        total["cache_read_tokens"] += read
        total["cache_write_tokens"] += write
        # The writes by lifetime: the 1-hour ones are a part of cache_creation_input_tokens.
        total["cache_write_1h_tokens"] += (step.get("cache_creation") or {}).get("ephemeral_1h_input_tokens") or 0
    return {**total, "reasoning_tokens": 0}


def usage_for(provider: str, expected: dict[str, Any]) -> tuple[dict[str, int] | None, Decimal | None]:
    """The normalised usage (tokens) and, where the provider prices the request itself, the cost."""
    raw = expected["usage"]
    if provider == "groq" and raw is None and expected.get("x_groq_usage"):
        # Groq reports usage in x_groq.usage (compound models): it is the stream's usage, although
        # `expected` only reads the top-level member.
        raw = expected["x_groq_usage"]
    if raw is None:
        return None, None
    if provider == "anthropic":
        return anthropic_usage(raw), None
    usage = expected_usage(raw)
    assert usage is not None
    total = raw.get("total_tokens")
    if provider == "xai" and usage["reasoning_tokens"]:
        # xAI counts reasoning outside completion_tokens; total_tokens proves it in every file.
        assert total == usage["input_tokens"] + usage["output_tokens"] + usage["reasoning_tokens"]
        usage["output_tokens"] = total - usage["input_tokens"]
    if provider == "gemini" and total is not None and total > usage["input_tokens"] + usage["output_tokens"]:
        # Gemini's completion_tokens leave the (billed) thinking out; only total_tokens holds it.
        hidden = total - usage["input_tokens"] - usage["output_tokens"]
        usage["output_tokens"] += hidden
        usage["reasoning_tokens"] = hidden
    cost = None
    if provider in ("openrouter", "perplexity"):
        reported = raw.get("cost")
        if isinstance(reported, dict):
            reported = reported.get("total_cost")
        cost = None if reported is None else Decimal(repr(reported))
    return usage, cost


def expected_calls(recording: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": recorded_call_id(c["id"]), "name": c["name"], "arguments": c["arguments"]}
        for c in recording["expected"]["tool_calls"]
        if c.get("type") not in SERVER_TOOL_TYPES
    ]


def check_usage(provider: str, expected: dict[str, Any], usage: llmkit.Usage | None) -> None:
    tokens, cost = usage_for(provider, expected)
    if tokens is None:
        assert usage is None
        return
    assert usage is not None
    assert usage.model_dump(exclude={"cost", "service_tier"}) == tokens
    if cost is not None:
        assert usage.cost == cost


# -- streams ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("read_size", READ_SIZES)
@pytest.mark.parametrize("name", [n for n in STREAMS if n not in ERROR_EVENT_FILES])
async def test_recorded_stream_replays_through_its_adapter(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch, name: str, read_size: int
) -> None:
    recording = load_recording(name)
    expected = recording["expected"]
    provider = adapter_for(recording)
    replay(httpx_mock, recording, read_size)
    async with handler_for(recording, monkeypatch) as handler:
        assert handler.provider_name == provider
        stream = await handler.create_message(None, [{"role": "user", "content": "replay"}])
        result = await collect(stream)
    check_request(httpx_mock, recording, provider)

    assert result.content == (expected["content"] or "")
    assert result.reasoning.get(0, "") == (expected["reasoning"] or "")
    assert result.refusal.get(0, "") == (expected.get("refusal") or "")
    assert result.tool_calls() == expected_calls(recording)
    for choice in expected.get("choices", [])[1:]:
        assert result.text.get(choice["index"], "") == (choice["content"] or "")

    assert result.done is not None
    assert result.done.raw_finish_reason == expected["finish_reason"]
    if expected["finish_reason"] is None:  # [DONE] without a finish reason: a normal end
        assert result.done.finish_reason == ("tool_calls" if expected_calls(recording) else "other")
    else:
        assert result.done.finish_reason == normalised_finish(provider, expected["finish_reason"])
    check_usage(provider, expected, result.usage)


@pytest.mark.parametrize("read_size", [1, 0])
async def test_openrouter_mid_stream_error_raises_through_the_preset(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch, read_size: int
) -> None:
    recording = load_recording("openrouter__stream-error-chunk-mid-stream.json")
    replay(httpx_mock, recording, read_size)
    reasoning = ""
    async with handler_for(recording, monkeypatch) as handler:
        stream = await handler.create_message(None, [{"role": "user", "content": "replay"}])
        with pytest.raises(llmkit.BadRequestError) as caught:
            async for chunk in stream:
                if chunk.type == "reasoning":
                    reasoning += chunk.reasoning
    assert reasoning == recording["expected"]["reasoning"]
    assert caught.value.provider == "openrouter"
    assert caught.value.message.endswith("Token limit reached")


# -- whole answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", JSON)
async def test_recorded_json_answer_replays_through_its_adapter(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    recording = load_recording(name)
    expected = recording["expected"]
    provider = adapter_for(recording)
    headers = {k: v for k, v in recording["response"]["headers"].items() if k.lower() != "content-encoding"}
    httpx_mock.add_response(headers=headers, content=recording["response"]["body"].encode())
    async with handler_for(recording, monkeypatch) as handler:
        completion = await handler.complete(None, [{"role": "user", "content": "replay"}])
    check_request(httpx_mock, recording, provider)
    assert completion.text == (expected["content"] or "")
    assert completion.reasoning == (expected["reasoning"] or "")
    assert [{"id": c.id, "name": c.name, "arguments": c.arguments} for c in completion.tool_calls] == expected_calls(
        recording
    )
    assert completion.raw_finish_reason == expected["finish_reason"]
    assert completion.finish_reason == normalised_finish(provider, expected["finish_reason"])
    check_usage(provider, expected, completion.usage)


# -- errors ----------------------------------------------------------------------------------------

SPECIFIC_ERRORS = {
    "anthropic__error-400-prompt-too-long.json": llmkit.ContextWindowExceededError,
    "anthropic__error-400-invalid-request.json": llmkit.BadRequestError,
    "openrouter__error-400-context-length.json": llmkit.ContextWindowExceededError,
    "deepseek__error-400-context-length.json": llmkit.ContextWindowExceededError,
    "groq__error-404-model-not-found.json": llmkit.NotFoundError,
    "azure-foundry__error-429-rate-limit-on-oversized-request.json": llmkit.RateLimitError,
}


@pytest.mark.parametrize("name", ERRORS)
async def test_recorded_error_raises_through_its_adapter(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    recording = load_recording(name)
    expected = recording["expected"]["error"]
    provider = adapter_for(recording)
    replay(httpx_mock, recording, 5)
    async with handler_for(recording, monkeypatch) as handler:
        with pytest.raises(APIStatusError) as caught:
            await handler.create_message(None, [{"role": "user", "content": "replay"}])
    error = caught.value
    status = recording["response"]["status"]
    assert error.provider == provider
    assert error.status_code == status
    assert isinstance(error, SPECIFIC_ERRORS.get(name, STATUS_CLASSES[status]))
    assert error.message == expected["message"]
    assert error.code == (None if expected.get("code") is None else str(expected["code"]))
    assert error.error_type == expected.get("type")
    assert error.body == recording["response"]["body"]
    # llmkit reads the request id from the response headers; these recordings kept none, so it has none
    # (it must not take one from elsewhere, e.g. another recording's exchange).
    recorded_headers = {k.lower(): v for k, v in recording["response"]["headers"].items()}
    assert error.request_id == recorded_headers.get("request-id", recorded_headers.get("x-request-id"))
    assert SENTINEL_KEY not in str(error) and SENTINEL_KEY not in repr(error)


def test_the_corpus_is_covered_and_counted() -> None:
    """How many files go through which adapter (also a guard that none is left out)."""
    require_corpus()  # skips where the corpus is absent, fails so under CI=true
    counts: dict[str, int] = {}
    for name in ALL:
        provider = adapter_for(load_recording(name))
        counts[provider] = counts.get(provider, 0) + 1
    assert sum(counts.values()) == len(ALL) == len(STREAMS) + len(JSON) + len(ERRORS)
    assert counts["anthropic"] == 8
    assert set(counts) <= set(llmkit.provider_names())
