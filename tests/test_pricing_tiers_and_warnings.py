"""Service tiers on the bill, the warning an unpriced tier gives, and provider aliases meeting
model aliases. Expectations written out; costs worked by hand."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

import llmkit.pricing as pricing
from llmkit import Usage
from llmkit.pricing import Price, PriceRow, _index, cost, quote, register_price

D = Decimal
AT = datetime(2026, 5, 1, tzinfo=UTC)
MILLION_IN = Usage(input_tokens=1_000_000, output_tokens=0)


@pytest.fixture(autouse=True)
def _no_runtime_rows_nor_past_warnings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(pricing, "_reported", set())
    yield
    _index.registry.clear()


def tiered(tier: str, usage: Usage = MILLION_IN) -> Usage:
    return usage.model_copy(update={"service_tier": tier})


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "llmkit.pricing"]


def test_an_unpriced_tier_costs_none_and_warns_once_per_provider_model_and_tier(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="llmkit.pricing")
    for _ in range(2):
        assert cost(tiered("scale"), provider="openai", model="gpt-4o", at=AT) is None
        assert cost(tiered("batch"), provider="openai", model="gpt-4o", at=AT) is None  # another tier
        assert cost(tiered("scale"), provider="openai", model="gpt-4o-mini", at=AT) is None  # another model
        assert cost(tiered("scale"), provider="azure", model="gpt-4o", at=AT) is None  # another provider
    assert warnings(caplog) == [
        "llmkit knows no price of the 'scale' service tier for openai model 'gpt-4o', so its cost is None",
        "llmkit knows no price of the 'batch' service tier for openai model 'gpt-4o', so its cost is None",
        "llmkit knows no price of the 'scale' service tier for openai model 'gpt-4o-mini', so its cost is None",
        "llmkit knows no price of the 'scale' service tier for azure model 'gpt-4o', so its cost is None",
    ]


@pytest.mark.parametrize("provider", ["deepseek", "acme"])
def test_a_tier_on_a_provider_without_tier_prices_costs_none_with_a_warning(
    provider: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="llmkit.pricing")
    register_price(provider, "m1", input=1, output=1)
    assert cost(MILLION_IN, provider=provider, model="m1", at=AT) == D(1)  # the standard tier: the row's price
    assert cost(tiered("flex"), provider=provider, model="m1", at=AT) is None
    assert warnings(caplog) == [
        f"llmkit knows no price of the 'flex' service tier for {provider} model 'm1', so its cost is None"
    ]


def test_a_dated_snapshot_is_billed_at_its_models_priority_multiple() -> None:
    # gpt-5: $1.25 per million input tokens; priority costs twice that.
    assert cost(tiered("priority"), provider="openai", model="gpt-5-2025-08-07", at=AT) == D("2.50")
    # gpt-4o: $2.50; priority 1.7 times that.
    assert cost(tiered("priority"), provider="openai", model="gpt-4o-2024-08-06", at=AT) == D("4.25")


@pytest.mark.parametrize("model", ["org/team/gpt-4o", "team/gpt-4o-2024-08-06"])
def test_a_model_under_a_path_takes_the_tier_multiple_of_its_last_segment(model: str) -> None:
    register_price("openai", model, input=2, output=2)
    assert cost(MILLION_IN, provider="openai", model=model, at=AT) == D(2)
    assert cost(tiered("priority"), provider="openai", model=model, at=AT) == D("3.4")  # gpt-4o: 1.7 times
    assert cost(tiered("flex"), provider="openai", model=model, at=AT) == D(1)  # every openai model: half


def test_a_cost_keeps_every_digit_of_the_price_whatever_the_tier() -> None:
    # 30 significant digits: more than the default decimal context's 28, so no product may round them.
    register_price("openai", "precise", input="1.23456789012345678901234567891", output=0)
    usage = Usage(input_tokens=1, output_tokens=0)
    assert cost(usage, provider="openai", model="precise", at=AT) == D("0.00000123456789012345678901234567891")
    assert cost(tiered("default", usage), provider="openai", model="precise", at=AT) == D(
        "0.00000123456789012345678901234567891"
    )
    assert cost(tiered("flex", usage), provider="openai", model="precise", at=AT) == D(
        "0.000000617283945061728394506172839455"
    )


def test_a_provider_alias_with_a_row_of_its_own_is_billed_at_that_row() -> None:
    # azure is priced at openai's rows (gpt-4o: $2.50 per million input tokens) until it has its own.
    assert cost(MILLION_IN, provider="azure", model="gpt-4o", at=AT) == D("2.50")
    register_price("azure", "gpt-4o", input=3, output=3)
    found = quote("azure", "gpt-4o", AT)
    assert found is not None
    assert (found.registered, found.row.provider, found.price) == (True, "azure", Price(input=D(3), output=D(3)))
    assert cost(MILLION_IN, provider="azure", model="gpt-4o", at=AT) == D(3)
    register_price("azure", "own-only", input=4, output=4)  # a model openai has no row for
    assert cost(MILLION_IN, provider="azure", model="own-only", at=AT) == D(4)


def aliased_provider_table(length: int) -> _index.ShippedTable:
    """A table whose only row prices ``acme/end``, reached from ``a0`` by ``length`` aliases, and
    whose provider ``acme-eu`` is priced as ``acme``."""
    row = PriceRow(provider="acme", model="end", valid_from=datetime(2020, 1, 1, tzinfo=UTC), price=Price(D(1), D(1)))
    names = [f"a{n}" for n in range(length)] + ["end"]
    return _index.ShippedTable(
        rows={("acme", "end"): (row,)},
        aliases={("acme", name): (_index.Alias("acme", name, target),) for name, target in itertools.pairwise(names)},
        facts={},
        provider_aliases={"acme-eu": "acme"},
    )


def test_the_full_alias_chain_resolves_through_a_provider_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_index, "shipped", lambda: aliased_provider_table(8))
    found = quote("acme-eu", "a0", AT)
    assert found is not None
    assert found.route == ("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "end")
    assert cost(MILLION_IN, provider="acme-eu", model="a0", at=AT) == D(1)
    monkeypatch.setattr(_index, "shipped", lambda: aliased_provider_table(9))
    with pytest.raises(RuntimeError, match=r"^alias loop while pricing acme/end$"):
        quote("acme-eu", "a0", AT)
