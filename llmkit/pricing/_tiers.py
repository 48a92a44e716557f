"""What a service tier does to a model's standard price: a multiplier, by provider, tier and model.

Kept apart from the price rows (``_table``): a tier is priced as the standard row times the
multiplier its provider publishes, on every kind of token alike (the published tier prices keep
the standard ratios between input, cached input and output). A tier with no published
multiplier for the model prices to ``None`` (never a standard price passed off as the bill).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

__all__: list[str] = []

STANDARD_TIERS = frozenset({"auto", "default", "standard", "standard_only", "on_demand"})
"""The words providers answer for the standard tier: billed at the row's price."""

ANY_MODEL = "*"

TIER_MULTIPLIERS: Mapping[str, Mapping[str, Mapping[str, Decimal]]] = {
    # https://openai.com/api/pricing/ (Flex: the Batch prices, half the standard ones) and
    # https://openai.com/api-priority-processing/ (priority prices per model, divided here by the
    # standard row of the same model: the ratio is the same for input, cached input and output).
    "openai": {
        "flex": {ANY_MODEL: Decimal("0.5")},
        "priority": {
            "gpt-5.5": Decimal("2.5"),
            "gpt-5.4": Decimal(2),
            "gpt-5.4-mini": Decimal(2),
            "gpt-5.2": Decimal(2),
            "gpt-5.1": Decimal(2),
            "gpt-5.1-codex": Decimal(2),
            "gpt-5": Decimal(2),
            "gpt-5-codex": Decimal(2),
            "gpt-5-mini": Decimal("1.8"),
            "gpt-4.1": Decimal("1.75"),
            "gpt-4.1-mini": Decimal("1.75"),
            "gpt-4.1-nano": Decimal(2),
            "gpt-4o": Decimal("1.7"),
        },
    },
    # https://platform.claude.com/docs/en/api/service-tiers: the Message Batches API bills half the
    # standard price. Priority Tier is a commitment bought ahead, with no per-token price to apply.
    "anthropic": {
        "batch": {ANY_MODEL: Decimal("0.5")},
    },
}

_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


def tier_multiplier(provider: str, model: str, tier: str | None) -> Decimal | None:
    """How many times the standard price ``tier`` costs for ``model`` on ``provider``; 1 for the
    standard tier (or none reported), ``None`` when the provider publishes no price for it."""
    if tier is None or tier in STANDARD_TIERS:
        return Decimal(1)
    by_model = TIER_MULTIPLIERS.get(provider, {}).get(tier)
    if by_model is None:
        return None
    name = _SNAPSHOT.sub("", model.rsplit("/", 1)[-1])
    return by_model.get(name, by_model.get(ANY_MODEL))
