"""The model catalog: every hosted preset priced, ``llmkit.models.model_info``, and the handler's
refusal of a request that asks for more output than the model can give."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

import llmkit
import llmkit.pricing as pricing
from llmkit import ContextWindowExceededError
from llmkit._registry import BUILT_IN_PROVIDERS
from llmkit._registry import provider_class as handler_class
from llmkit.models import ModelInfo, model_info
from llmkit.pricing import _index, override_price

from ._helpers import collect

pytestmark = pytest.mark.anyio

AT = datetime(2026, 12, 1, tzinfo=UTC)
FW = "accounts/fireworks/models/"

# Servers you run yourself: no price list, so nothing to price.
SELF_HOSTED = {"ollama", "vllm", "llamacpp", "lmstudio"}
# Providers that put each request's own price in the usage: that figure is the cost.
REPORT_THEIR_COST = {"openrouter", "perplexity"}

# Every hosted preset's current flagship and small model, as a user would name them.
FLAGSHIP_AND_SMALL = {
    "anthropic": ("claude-opus-4-8", "claude-haiku-4-5"),
    "azure": ("gpt-5.5", "gpt-5.4-nano"),
    "azure-foundry": ("DeepSeek-R1", "Phi-4-mini-instruct"),
    "bedrock": ("amazon.nova-pro-v1:0", "amazon.nova-micro-v1:0"),
    "cerebras": ("gpt-oss-120b", "llama3.1-8b"),
    "crusoe": ("deepseek-ai/DeepSeek-V4-Pro", "openai/gpt-oss-120b"),
    "deepseek": ("deepseek-v4-pro", "deepseek-v4-flash"),
    "fireworks": (FW + "kimi-k3", FW + "deepseek-v4-flash"),
    "gemini": ("gemini-3-pro-preview", "gemini-2.5-flash-lite"),
    "google": ("gemini-3-pro-preview", "gemini-2.5-flash-lite"),
    "groq": ("openai/gpt-oss-120b", "llama-3.1-8b-instant"),
    "mistral": ("mistral-large-latest", "mistral-small-latest"),
    "openai": ("gpt-5.5", "gpt-5.4-nano"),
    "openai-responses": ("gpt-5.5", "gpt-5.4-nano"),
    "together": ("meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"),
    "vertex": ("gemini-3-pro-preview", "gemini-2.5-flash-lite"),
    "xai": ("grok-4.5", "grok-4-1-fast-non-reasoning"),
    "zai": ("glm-5.3", "glm-4.5-air"),
}


@pytest.fixture(autouse=True)
def _fresh_registry() -> Iterator[None]:
    pricing._reported.clear()
    yield
    _index.registry.clear()
    pricing._reported.clear()


def billed_as(provider: str) -> str:
    """The provider name a handler's usage is priced under (what its Settlement uses)."""
    cls = handler_class(provider)
    return str(cls.pricing_provider or cls.provider_name)


def test_the_list_covers_every_hosted_preset() -> None:
    hosted = set(BUILT_IN_PROVIDERS) - SELF_HOSTED - REPORT_THEIR_COST
    assert set(FLAGSHIP_AND_SMALL) == hosted  # a new preset needs its models priced here
    for provider in SELF_HOSTED:
        assert handler_class(provider).has_price_list is False


@pytest.mark.parametrize("provider", sorted(FLAGSHIP_AND_SMALL))
def test_every_hosted_preset_prices_its_flagship_and_small_model(provider: str) -> None:
    for model in FLAGSHIP_AND_SMALL[provider]:
        info = model_info(billed_as(provider), model, AT)
        assert info is not None and info.quote is not None and info.price is not None, (provider, model)
        assert info.price.input > 0 and info.price.output > 0
        assert info.source.startswith("https://")
        assert info.price_checked_on is not None and info.price_checked_on >= date(2026, 11, 1)
        assert info.quote.row.checked  # says what it was checked against


@pytest.mark.parametrize("provider", sorted(REPORT_THEIR_COST))
async def test_providers_that_report_their_cost_keep_that_figure(
    httpx_mock: HTTPXMock, provider: str, caplog: pytest.LogCaptureFixture
) -> None:
    # A model llmkit has no row for, and a price no token rate gives: the reported figure is the cost.
    usage = {"prompt_tokens": 1000, "completion_tokens": 10, "cost": 0.0123}
    body = (
        b'data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}],"usage":'
        + json.dumps(usage).encode()
        + b"}\n\ndata: [DONE]\n\n"
    )
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=body)
    settings = {"api_provider": provider, "api_key": "k", "model_name": "some-vendor/unpriced-model"}
    with caplog.at_level(logging.WARNING, logger="llmkit.pricing"):
        async with llmkit.create_api_handler(settings) as handler:
            result = await collect(await handler.create_message(None, [{"role": "user", "content": "hi"}]))
    assert result.usage.cost == Decimal("0.0123")
    assert not caplog.records  # no "no price" warning for a cost the provider gave


# ------------------------------------------------------------------------------ model_info


def test_model_info_answers_price_limits_dates_and_source() -> None:
    info = model_info("openai", "gpt-4o", AT)
    assert isinstance(info, ModelInfo)
    assert info.context_window == 128_000 and info.max_output_tokens == 16_384
    assert info.price is not None and info.price.input == Decimal("2.50") and info.price.output == Decimal("10.00")
    assert info.price.cached_input == Decimal("1.25")
    assert info.source == "https://developers.openai.com/api/docs/pricing"
    assert info.price_checked_on == date(2026, 11, 24)
    assert info.facts_checked_on == date(2026, 12, 4)
    assert "image" in info.input_modalities and info.supports_tools is True and info.supports_reasoning is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.model = "other"  # type: ignore[misc]


def test_model_info_is_none_for_what_llmkit_does_not_know() -> None:
    assert model_info("openai", "gpt-nonexistent", AT) is None
    assert model_info("no-such-provider", "gpt-4o", AT) is None


def test_a_snapshot_or_alias_has_the_facts_of_the_model_it_bills_as() -> None:
    snapshot = model_info("openai", "gpt-4o-2024-11-20", AT)  # no row of its own: billed as gpt-4o
    assert snapshot is not None and snapshot.max_output_tokens == 16_384
    alias = model_info("xai", "grok-4", AT)
    assert alias is not None and alias.context_window == 256_000
    assert alias.quote is not None and alias.quote.billed_as == "grok-4-0709"
    gemini = model_info("gemini", "gemini-2.5-pro", AT)  # the compatible endpoint, as google
    assert gemini is not None and gemini.context_window == 1_048_576 and gemini.price is not None


def test_model_info_before_a_price_is_known_still_gives_the_facts() -> None:
    info = model_info("groq", "openai/gpt-oss-120b", datetime(2025, 8, 5, tzinfo=UTC))
    assert info is not None and info.price is None and info.context_window == 131_072


def test_a_registered_price_wins_in_model_info() -> None:
    with override_price("groq", "openai/gpt-oss-120b", input="1", output="2"):
        info = model_info("groq", "openai/gpt-oss-120b", AT)
        assert info is not None and info.price is not None and info.price.input == Decimal(1)
        assert info.quote is not None and info.quote.registered and info.price_checked_on is None
        assert info.max_output_tokens == 32_766  # the facts stay
    after = model_info("groq", "openai/gpt-oss-120b", AT)
    assert after is not None and after.price is not None and after.price.input == Decimal("0.15")


def test_facts_rows_have_a_source_and_a_check_day() -> None:
    for facts in _index.shipped().facts.values():
        assert facts.source.startswith("https://"), facts.model
        assert facts.checked_on is not None and facts.checked, facts.model
        assert facts.context_window is None or facts.max_output is None or facts.max_output <= facts.context_window


# ------------------------------------------------------------ refusing what cannot fit


def send_settings(provider: str, model: str) -> dict[str, Any]:
    return {"api_provider": provider, "api_key": "k", "model_name": model}


async def test_max_tokens_above_an_enforced_output_limit_is_refused_before_sending(httpx_mock: HTTPXMock) -> None:
    async with llmkit.create_api_handler(send_settings("openai", "gpt-4o")) as handler:
        with pytest.raises(ContextWindowExceededError, match="16384") as caught:
            await handler.create_message(None, [{"role": "user", "content": "hi"}], max_tokens=16_385)
        with pytest.raises(ContextWindowExceededError):
            await handler.complete(None, [{"role": "user", "content": "hi"}], max_tokens=20_000, model="gpt-4o-mini")
    assert caught.value.param == "max_tokens" and caught.value.provider == "openai"
    assert httpx_mock.get_requests() == []


OK = (
    b'data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}],'
    b'"usage":{"prompt_tokens":3,"completion_tokens":1}}\n\ndata: [DONE]\n\n'
)


@pytest.mark.parametrize(
    ("provider", "model", "max_tokens"),
    [
        ("openai", "gpt-4o", 16_384),  # exactly the limit
        ("groq", "openai/gpt-oss-120b", 40_000),  # above a one-source figure: never a guess that blocks
        ("openai", "gpt-4o-2024-05-13", 100_000),
        ("openai", "my-fine-tune", 1_000_000),  # unknown model
    ],
)
async def test_a_request_is_sent_unless_the_limit_is_certain(
    httpx_mock: HTTPXMock, provider: str, model: str, max_tokens: int
) -> None:
    # gpt-4o-2024-05-13 wrote at most 4,096 tokens, but llmkit holds no facts for it: no refusal.
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=OK)
    async with llmkit.create_api_handler(send_settings(provider, model)) as handler:
        result = await collect(
            await handler.create_message(None, [{"role": "user", "content": "hi"}], max_tokens=max_tokens)
        )
    assert result.text == {0: "ok"}
    assert len(httpx_mock.get_requests()) == 1
