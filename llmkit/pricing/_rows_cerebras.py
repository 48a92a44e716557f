"""Cerebras Inference (developer tier): price rows and model facts (plain literals; conventions in ``_table``)."""

from __future__ import annotations

from ._data import AliasData, FactsData, RowData
from ._sources import CHECKED_ON, FIRST_SEEN, LITELLM, SECONDARY, genai

_CEREBRAS = "https://www.cerebras.ai/pricing#pricing"
_TIER = "Developer tier price; the free tier has a shorter context."

ROWS: tuple[RowData, ...] = (
    {
        "provider": "cerebras",
        "model": "gpt-oss-120b",
        "valid_from": "2025-11-06T00:00Z",
        "price": {"input": "0.35", "output": "0.75"},
        "source": _CEREBRAS,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("cerebras", "2025-11-06") + "; litellm's 2025-09-05 copy had 0.25 / 0.69, "
        "so the price changed between the two, on a day not known here (earlier requests are not priced)." + FIRST_SEEN,
        "note": _TIER,
    },
    {
        "provider": "cerebras",
        "model": "llama-3.3-70b",
        "valid_from": "2025-11-07T00:00Z",
        "price": {"input": "0.85", "output": "1.20"},
        "source": _CEREBRAS,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("cerebras", "2025-11-07") + "; " + LITELLM + " agrees." + FIRST_SEEN,
        "note": _TIER,
    },
    {
        "provider": "cerebras",
        "model": "llama3.1-8b",
        "valid_from": "2025-11-07T00:00Z",
        "price": {"input": "0.10", "output": "0.10"},
        "source": _CEREBRAS,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("cerebras", "2025-11-07") + "; " + LITELLM + " agrees." + FIRST_SEEN,
        "note": _TIER,
    },
)

ALIASES: tuple[AliasData, ...] = ()

FACTS: tuple[FactsData, ...] = (
    {
        "provider": "cerebras",
        "model": "gpt-oss-120b",
        "context_window": 131_072,
        "inputs": ("text",),
        "reasoning": True,
        "tools": True,
        "source": _CEREBRAS,
        "checked_on": CHECKED_ON,
        "checked": "paid-tier context window from " + genai("cerebras", "2025-11-06") + "; capabilities from "
        "litellm's copy",
    },
    {
        "provider": "cerebras",
        "model": "llama3.1-8b",
        "context_window": 32_768,
        "inputs": ("text",),
        "reasoning": False,
        "tools": True,
        "source": _CEREBRAS,
        "checked_on": CHECKED_ON,
        "checked": "paid-tier context window from " + genai("cerebras", "2025-11-07") + "; tools from litellm's copy",
    },
)
