"""Z.ai (GLM, international API): price rows and model facts (plain literals; conventions in ``_table``)."""

from __future__ import annotations

from ._data import AliasData, FactsData, RowData
from ._sources import CHECKED_ON, FIRST_SEEN, SECONDARY, genai

_ZAI = "https://docs.z.ai/guides/overview/pricing"
_VERCEL = (
    "the Z.ai row of a stored copy of vercel.com/ai-gateway/models/glm-4.5-air/providers (a gateway's "
    "catalog; release date 2025-07-28 as given there)"
)

ROWS: tuple[RowData, ...] = (
    {
        "provider": "zai",
        "model": "glm-5.3",
        "valid_from": "2026-08-19T00:00Z",
        "price": {"input": "1.40", "cached": "0.26", "output": "4.40"},
        "source": _ZAI,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("zai", "2026-08-19") + "; OpenRouter's stored model page gives the same "
        "prices and 2026-08-19 as the release day (the valid_from).",
    },
    {
        "provider": "zai",
        "model": "glm-5.2",
        "valid_from": "2026-08-04T00:00Z",
        "price": {"input": "1.40", "cached": "0.26", "output": "4.40"},
        "source": _ZAI,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("zai", "2026-08-04") + "." + FIRST_SEEN,
    },
    {
        "provider": "zai",
        "model": "glm-4.5-air",
        "valid_from": "2025-07-28T00:00Z",
        "price": {"input": "0.20", "cached": "0.03", "output": "1.10"},
        "source": _ZAI,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + _VERCEL + "; not in genai-prices' zai.yml.",
    },
)

ALIASES: tuple[AliasData, ...] = ()

FACTS: tuple[FactsData, ...] = (
    {
        "provider": "zai",
        "model": "glm-5.3",
        "context_window": 1_048_576,
        "max_output": 131_072,
        "inputs": ("text",),
        "reasoning": True,
        "tools": True,
        "source": _ZAI,
        "checked_on": CHECKED_ON,
        "checked": "limits from OpenRouter's stored model page (~z-ai/glm-latest, which serves GLM 5.3)",
    },
    {
        "provider": "zai",
        "model": "glm-4.5-air",
        "context_window": 128_000,
        "max_output": 96_000,
        "inputs": ("text",),
        "reasoning": True,
        "tools": True,
        "source": _ZAI,
        "checked_on": CHECKED_ON,
        "checked": "limits from a stored copy of vercel.com/ai-gateway/models/glm-4.5-air.md",
    },
)
