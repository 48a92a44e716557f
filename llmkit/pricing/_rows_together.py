"""Together AI (serverless): price rows and model facts (plain literals; conventions in ``_table``)."""

from __future__ import annotations

from ._data import AliasData, FactsData, RowData
from ._sources import CHECKED_ON, FIRST_SEEN, LITELLM, SECONDARY, genai

_TOGETHER = "https://www.together.ai/pricing"

ROWS: tuple[RowData, ...] = (
    {
        "provider": "together",
        "model": "meta-llama/Llama-3.3-70B-Instruct-Turbo",
        "valid_from": "2025-07-03T00:00Z",
        "price": {"input": "0.88", "output": "0.88"},
        "source": _TOGETHER,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("together", "2025-07-03") + "; " + LITELLM + " agrees." + FIRST_SEEN,
    },
    {
        "provider": "together",
        "model": "meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8",
        "valid_from": "2025-07-03T00:00Z",
        "price": {"input": "0.27", "output": "0.85"},
        "source": _TOGETHER,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("together", "2025-07-03") + "; " + LITELLM + " agrees." + FIRST_SEEN,
    },
    {
        "provider": "together",
        "model": "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo",
        "valid_from": "2025-07-03T00:00Z",
        "price": {"input": "0.18", "output": "0.18"},
        "source": _TOGETHER,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("together", "2025-07-03") + "; " + LITELLM + " agrees." + FIRST_SEEN,
    },
    {
        "provider": "together",
        "model": "openai/gpt-oss-120b",
        "valid_from": "2025-09-05T00:00Z",
        "price": {"input": "0.15", "output": "0.60"},
        "source": _TOGETHER,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + LITELLM + " (together_ai/openai/gpt-oss-120b); not in genai-prices." + FIRST_SEEN,
    },
)

ALIASES: tuple[AliasData, ...] = ()

FACTS: tuple[FactsData, ...] = (
    {
        "provider": "together",
        "model": "openai/gpt-oss-120b",
        "context_window": 128_000,
        "inputs": ("text",),
        "reasoning": True,
        "tools": True,
        "source": _TOGETHER,
        "checked_on": CHECKED_ON,
        "checked": "context window from " + LITELLM + "; capabilities from the model family (unverified)",
    },
)
