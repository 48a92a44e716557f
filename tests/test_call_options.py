"""The everyday call options on every adapter, prompt-cache marks, service tiers and log probabilities."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

import llmkit
from llmkit import InvalidRequestError, LLMError, Tool, Usage
from llmkit._completion import completion_from_chunks
from llmkit._option_docs import END, START, options_table
from llmkit._options import BODY_OPTIONS
from llmkit._registry import BUILT_IN_PROVIDERS, provider_class
from llmkit.pricing import cost

from ._helpers import collect, replay
from .conftest import NATIVE, ROOT, load_recording

pytestmark = pytest.mark.anyio

TOOL = Tool(name="search", description="Search the docs", parameters={"type": "object", "properties": {}})
SETTINGS: dict[str, dict[str, Any]] = {
    "openai": {"model_name": "gpt-4.1"},
    "deepseek": {"model_name": "deepseek-chat"},
    "together": {"model_name": "meta-llama/Llama-3.3-70B-Instruct-Turbo"},
    "groq": {"model_name": "llama-3.3-70b-versatile"},
    "anthropic": {"model_name": "claude-sonnet-4-5"},
    "openai-responses": {"model_name": "gpt-4.1"},
    "google": {"model_name": "gemini-2.5-flash"},
    "vertex": {"model_name": "gemini-2.5-flash", "project": "p"},
    "bedrock": {"model_name": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "aws_region": "us-east-1"},
}
GIVEN: dict[str, dict[str, Any]] = {
    "parallel_tool_calls": {"tools": [TOOL], "parallel_tool_calls": False},
    "frequency_penalty": {"frequency_penalty": 0.5},
    "presence_penalty": {"presence_penalty": -0.5},
    "verbosity": {"verbosity": "low"},
    "logprobs": {"logprobs": True},
    "top_logprobs": {"logprobs": True, "top_logprobs": 3},
    "user": {"user": "u-1"},
    "metadata": {"metadata": {"team": "search"}},
    "service_tier": {"service_tier": "flex"},
    "prompt_cache_key": {"prompt_cache_key": "k1"},
}
R = "refused"
PARALLEL_OFF = {"parallel_tool_calls": False}
# provider -> option -> the body fields it produces (compared key by key), or R.
EXPECTED: dict[str, dict[str, Any]] = {
    "openai": {
        "parallel_tool_calls": PARALLEL_OFF,
        "frequency_penalty": {"frequency_penalty": 0.5},
        "presence_penalty": {"presence_penalty": -0.5},
        "verbosity": "verbosity is only for reasoning models",  # gpt-4.1
        "logprobs": {"logprobs": True},
        "top_logprobs": {"logprobs": True, "top_logprobs": 3},
        "user": {"user": "u-1"},
        "metadata": {"metadata": {"team": "search"}},
        "service_tier": {"service_tier": "flex"},
        "prompt_cache_key": {"prompt_cache_key": "k1"},
    },
    "deepseek": {
        "parallel_tool_calls": R,
        "frequency_penalty": {"frequency_penalty": 0.5},
        "presence_penalty": {"presence_penalty": -0.5},
        "verbosity": R,
        "logprobs": {"logprobs": True},
        "top_logprobs": {"logprobs": True, "top_logprobs": 3},
        "user": {"user_id": "u-1"},
        "metadata": R,
        "service_tier": R,
        "prompt_cache_key": R,
    },
    "together": {
        "parallel_tool_calls": PARALLEL_OFF,
        "frequency_penalty": {"frequency_penalty": 0.5},
        "presence_penalty": {"presence_penalty": -0.5},
        "verbosity": R,
        "logprobs": {"logprobs": True},
        "top_logprobs": {"logprobs": True, "top_logprobs": 3},
        "user": {"user": "u-1"},
        "metadata": R,
        "service_tier": R,
        "prompt_cache_key": R,
    },
    "groq": {
        "parallel_tool_calls": PARALLEL_OFF,
        "frequency_penalty": {"frequency_penalty": 0.5},
        "presence_penalty": {"presence_penalty": -0.5},
        "verbosity": R,
        "logprobs": R,
        "top_logprobs": "has no logprobs option",  # the logprobs it needs is refused first
        "user": {"user": "u-1"},
        "metadata": R,
        "service_tier": R,
        "prompt_cache_key": R,
    },
    "anthropic": {
        "parallel_tool_calls": {"tool_choice": {"type": "auto", "disable_parallel_tool_use": True}},
        "frequency_penalty": R,
        "presence_penalty": R,
        "verbosity": R,
        "logprobs": R,
        "top_logprobs": "has no logprobs option",  # the logprobs it needs is refused first
        "user": {"metadata": {"user_id": "u-1"}},
        "metadata": "metadata holds only an end-user id",
        "service_tier": "Priority Tier is a commitment",  # flex
        "prompt_cache_key": "caches what the conversation marks",
    },
    "openai-responses": {
        "parallel_tool_calls": PARALLEL_OFF,
        "frequency_penalty": R,
        "presence_penalty": R,
        "verbosity": {"text": {"verbosity": "low"}},
        "logprobs": {"include": ["message.output_text.logprobs"]},
        "top_logprobs": {"include": ["message.output_text.logprobs"], "top_logprobs": 3},
        "user": {"user": "u-1"},
        "metadata": {"metadata": {"team": "search"}},
        "service_tier": {"service_tier": "flex"},
        "prompt_cache_key": {"prompt_cache_key": "k1"},
    },
    "google": {
        "parallel_tool_calls": R,
        "frequency_penalty": {"generationConfig": {"frequencyPenalty": 0.5}},
        "presence_penalty": {"generationConfig": {"presencePenalty": -0.5}},
        "verbosity": R,
        "logprobs": {"generationConfig": {"responseLogprobs": True}},
        "top_logprobs": {"generationConfig": {"responseLogprobs": True, "logprobs": 3}},
        "user": R,
        "metadata": R,
        "service_tier": R,
        "prompt_cache_key": "implicit caching",
    },
    "bedrock": {
        "parallel_tool_calls": R,
        "frequency_penalty": R,
        "presence_penalty": R,
        "verbosity": R,
        "logprobs": R,
        "top_logprobs": "has no logprobs option",  # the logprobs it needs is refused first
        "user": {"requestMetadata": {"user": "u-1"}},
        "metadata": {"requestMetadata": {"team": "search"}},
        "service_tier": {"serviceTier": {"type": "flex"}},
        "prompt_cache_key": R,
    },
}
EXPECTED["vertex"] = {**EXPECTED["google"], "metadata": {"labels": {"team": "search"}}}
CASES = [
    (provider, option, expected) for provider, by_option in EXPECTED.items() for option, expected in by_option.items()
]


def handler_for(provider: str, **extra: Any) -> llmkit.ApiHandler:
    return llmkit.create_api_handler(
        {"api_provider": provider, "api_key": "sk-test", "max_retries": 0, **SETTINGS[provider], **extra}
    )


async def sent_body(httpx_mock: HTTPXMock, provider: str, conversation: list[dict[str, Any]], **options: Any) -> Any:
    """The body ``complete`` sends (the server answers 400: only the request matters here)."""
    httpx_mock.add_response(status_code=400, json={"error": {"message": "test", "type": "invalid_request_error"}})
    with pytest.raises(LLMError):
        await handler_for(provider).complete(None, conversation, **options)
    return json.loads(httpx_mock.get_requests()[-1].content)


@pytest.mark.parametrize(("provider", "option", "expected"), CASES)
async def test_each_option_on_each_adapter(httpx_mock: HTTPXMock, provider: str, option: str, expected: Any) -> None:
    conversation = [{"role": "user", "content": "hi"}]
    if isinstance(expected, str):
        with pytest.raises(InvalidRequestError) as caught:
            await handler_for(provider).complete(None, conversation, **GIVEN[option])
        assert option in caught.value.message if expected == R else expected in caught.value.message
        assert httpx_mock.get_requests() == []
        return
    body = await sent_body(httpx_mock, provider, conversation, **GIVEN[option])
    assert {key: body.get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("provider", "options", "expected"),
    [
        ("openai", {"verbosity": "high"}, {"verbosity": "high"}),  # a gpt-5 model takes it
        ("anthropic", {"service_tier": "default"}, {"service_tier": "standard_only"}),
        ("anthropic", {"service_tier": "auto"}, {"service_tier": "auto"}),
        ("bedrock", {"user": "u-1", "metadata": {"team": "x"}}, {"requestMetadata": {"team": "x", "user": "u-1"}}),
        ("mistral", {"seed": 7}, {"random_seed": 7}),
    ],
)
async def test_option_values_each_provider_words_its_own_way(
    httpx_mock: HTTPXMock, provider: str, options: dict[str, Any], expected: dict[str, Any]
) -> None:
    SETTINGS.setdefault("mistral", {"model_name": "mistral-small-latest"})
    conversation = [{"role": "user", "content": "hi"}]
    if provider == "openai":
        httpx_mock.add_response(status_code=400, json={"error": {"message": "test"}})
        with pytest.raises(LLMError):
            await handler_for(provider, model_name="gpt-5").complete(None, conversation, **options)
        body = json.loads(httpx_mock.get_requests()[-1].content)
    else:
        body = await sent_body(httpx_mock, provider, conversation, **options)
    assert {key: body.get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"frequency_penalty": 3}, "frequency_penalty must be a number from -2 to 2"),
        ({"top_logprobs": 2}, "top_logprobs needs logprobs=True"),
        ({"logprobs": True, "top_logprobs": 21}, "from 0 to 20"),
        ({"service_tier": "fast"}, "service_tier must be one of auto, default, flex, priority"),
        ({"verbosity": "loud"}, "verbosity must be one of low, medium, high"),
        ({"metadata": {"n": 1}}, "metadata must be a dict of up to 16 string keys"),
        ({"parallel_tool_calls": True}, "parallel_tool_calls needs tools"),
        ({"logprobs": "yes"}, "logprobs must be True or False"),
        ({"tools": [Tool(name="t", cache="forever")]}, "a cache mark is True"),
        ({"prompt_cache_kee": "x"}, "valid options:"),
    ],
)
async def test_bad_values_are_refused_before_sending(
    httpx_mock: HTTPXMock, options: dict[str, Any], problem: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        await handler_for("openai").complete(None, [{"role": "user", "content": "hi"}], **options)
    assert problem in caught.value.message
    assert httpx_mock.get_requests() == []


def test_every_adapter_says_where_every_option_goes() -> None:
    for provider in BUILT_IN_PROVIDERS:
        wire = provider_class(provider).adapter.wire_names()
        assert sorted(wire) == sorted(BODY_OPTIONS), provider


def test_the_options_page_holds_the_generated_table() -> None:
    page = (ROOT / "docs" / "options.md").read_text(encoding="utf-8")
    assert f"{START}\n{options_table()}{END}" in page, "run: python -m llmkit._option_docs"


# -- prompt caching --------------------------------------------------------------------------------

SYSTEM = "You answer from the manual.\n\n" + "The manual. " * 50
FIRST_TURN = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "claude-haiku-4-5-20251001",
    "content": [{"type": "tool_use", "id": "toolu_1", "name": "search", "input": {}}],
    "stop_reason": "tool_use",
    "usage": {
        "input_tokens": 12,
        "cache_creation_input_tokens": 7351,
        "cache_read_input_tokens": 0,
        "output_tokens": 9,
    },
}


async def test_anthropic_agent_loop_sends_breakpoints_and_prices_the_cache_read(httpx_mock: HTTPXMock) -> None:
    cached_tool = Tool(name="search", description="Search the docs", cache=True)
    conversation: list[dict[str, Any]] = [
        {"role": "system", "content": SYSTEM, "cache": True},
        {"role": "user", "content": "How do I reset it?"},
    ]
    httpx_mock.add_response(json=FIRST_TURN)
    recording = load_recording("anthropic__json-cache-read.json")  # a real answer that read 7,351 cached tokens
    httpx_mock.add_response(json=json.loads(recording["response"]["body"]))
    handler = llmkit.create_api_handler(api_provider="anthropic", api_key="sk-test", model_name="claude-haiku-4-5")
    first = await handler.complete(None, conversation, tools=[cached_tool])
    conversation.append(first.to_message())
    conversation.append(
        {"role": "tool", "tool_call_id": "toolu_1", "content": "Hold the button.", "cache": {"ttl": "1h"}}
    )
    second = await handler.complete(None, conversation, tools=[cached_tool])

    body = json.loads(httpx_mock.get_requests()[1].content)
    assert body["system"] == [{"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}]
    assert body["tools"][-1]["cache_control"] == {"type": "ephemeral"}
    assert body["messages"][-1]["content"] == [
        {
            "type": "tool_result",
            "tool_use_id": "toolu_1",
            "content": "Hold the button.",
            "cache_control": {"type": "ephemeral", "ttl": "1h"},
        }
    ]
    assert second.usage is not None
    assert (second.usage.cache_read_tokens, second.usage.input_tokens) == (7351, 7361)
    # claude-haiku-4-5: $1 input, $0.10 cache read, $5 output per million tokens.
    assert second.usage.cost == Decimal("0.0000100") + Decimal("0.0007351") + Decimal("0.0000200")
    assert second.usage.service_tier == "standard"


async def test_anthropic_refuses_a_fifth_breakpoint(httpx_mock: HTTPXMock) -> None:
    conversation = [{"role": "user", "content": [{"type": "text", "text": str(i), "cache": True} for i in range(5)]}]
    with pytest.raises(InvalidRequestError, match="at most 4 cache breakpoints"):
        await handler_for("anthropic").complete(None, conversation)
    assert httpx_mock.get_requests() == []


async def test_a_bad_cache_mark_is_refused_for_every_provider(httpx_mock: HTTPXMock) -> None:
    for provider in ("openai", "google", "bedrock"):
        with pytest.raises(InvalidRequestError, match=r"messages\[0\]: a cache mark"):
            await handler_for(provider).complete(None, [{"role": "user", "content": "hi", "cache": {"ttl": "2h"}}])
    assert httpx_mock.get_requests() == []


async def test_bedrock_marks_become_cache_points(httpx_mock: HTTPXMock) -> None:
    conversation = [
        {"role": "system", "content": "Rules.", "cache": True},
        {
            "role": "user",
            "content": [{"type": "text", "text": "Doc.", "cache": {"ttl": "1h"}}, {"type": "text", "text": "Q?"}],
        },
    ]
    body = await sent_body(httpx_mock, "bedrock", conversation, tools=[Tool(name="search", cache=True)])
    assert body["system"] == [{"text": "Rules."}, {"cachePoint": {"type": "default"}}]
    assert body["messages"][0]["content"] == [
        {"text": "Doc."},
        {"cachePoint": {"type": "default", "ttl": "1h"}},
        {"text": "Q?"},
    ]
    assert body["toolConfig"]["tools"][-1] == {"cachePoint": {"type": "default"}}


@pytest.mark.parametrize("provider", ["openai", "openai-responses", "google", "deepseek"])
async def test_automatic_caches_get_no_marks(httpx_mock: HTTPXMock, provider: str) -> None:
    conversation = [
        {"role": "system", "content": "Rules.", "cache": True},
        {"role": "user", "content": [{"type": "text", "text": "Doc.", "cache": True}]},
    ]
    body = await sent_body(httpx_mock, provider, conversation)
    assert "cache" not in json.dumps(body).replace("prompt_cache", "")


# -- service tiers -----------------------------------------------------------------------------------


async def test_a_flex_response_is_priced_at_half(httpx_mock: HTTPXMock) -> None:
    recording = load_recording("openai-responses__stream-reasoning-item-then-function-call.json", folder=NATIVE)
    replay(httpx_mock, recording, 512)
    handler = llmkit.create_api_handler(api_provider="openai-responses", api_key="sk-test", model_name="gpt-5")
    result = await collect(await handler.create_message(None, [{"role": "user", "content": "hi"}], service_tier="flex"))
    assert result.usage is not None and result.usage.service_tier == "flex"
    # gpt-5: $1.25 input and $10 output per million; flex bills half: (53 × 1.25 + 469 × 10) / 2 / 1e6.
    assert result.usage.cost == Decimal("0.002378125")


def test_priority_is_priced_per_model_and_an_unpublished_tier_costs_none() -> None:
    usage = Usage(input_tokens=1_000_000, output_tokens=0)
    assert cost(usage.model_copy(update={"service_tier": "priority"}), provider="openai", model="gpt-5") == Decimal(
        "2.50"
    )
    assert cost(usage.model_copy(update={"service_tier": "priority"}), provider="openai", model="gpt-4.1") == Decimal(
        "3.50"
    )
    assert cost(usage.model_copy(update={"service_tier": "default"}), provider="openai", model="gpt-5") == Decimal(
        "1.25"
    )
    assert (
        cost(usage.model_copy(update={"service_tier": "priority"}), provider="anthropic", model="claude-haiku-4-5")
        is None
    )


# -- log probabilities -----------------------------------------------------------------------------


async def test_logprobs_come_on_text_chunks_and_the_completion(httpx_mock: HTTPXMock) -> None:
    replay(httpx_mock, load_recording("openai__stream-content-logprobs.json"), 256)
    handler = llmkit.create_api_handler(api_provider="openai", api_key="sk-test", model_name="gpt-4o-2024-08-06")
    stream = await handler.create_message(None, [{"role": "user", "content": "Say foo"}], logprobs=True)
    chunks = [chunk async for chunk in stream]
    texts = [chunk for chunk in chunks if chunk.type == "text"]
    assert [(c.delta, [(t.token, t.logprob, t.bytes) for t in c.logprobs or ()]) for c in texts] == [
        ("Foo", [("Foo", -0.0025094282, (70, 111, 111))]),
        ("!", [("!", -0.26638845, (33,))]),
    ]
    completion = completion_from_chunks(chunks)
    assert completion.logprobs is not None and [t.token for t in completion.logprobs] == ["Foo", "!"]


async def test_a_stream_without_logprobs_has_none(httpx_mock: HTTPXMock) -> None:
    replay(httpx_mock, load_recording("openai__stream-gpt5-nano-include-usage.json"), 256)
    handler = llmkit.create_api_handler(api_provider="openai", api_key="sk-test", model_name="gpt-5-nano")
    chunks = [chunk async for chunk in await handler.create_message(None, [{"role": "user", "content": "hi"}])]
    assert [chunk.logprobs for chunk in chunks if chunk.type == "text"] == [None] * sum(
        c.type == "text" for c in chunks
    )
    assert completion_from_chunks(chunks).logprobs is None
