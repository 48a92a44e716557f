"""xAI (Grok): price rows and model facts (plain literals; conventions in ``_table``)."""

from __future__ import annotations

from ._data import AliasData, FactsData, RowData
from ._sources import CHECKED_ON, FIRST_SEEN, LIMITS_LITELLM, LITELLM, SECONDARY, genai

_XAI = "https://docs.x.ai/docs/models"
_LONG = (
    "xAI bills some models higher for prompts over 128K tokens; no source read here gives that price, so "
    "such prompts are priced at the row's price (an understatement)."
)

ROWS: tuple[RowData, ...] = (
    {
        "provider": "xai",
        "model": "grok-4.5",
        "valid_from": "2026-07-08T00:00Z",
        "price": {"input": "2.00", "cached": "0.50", "output": "6.00"},
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("x_ai", "2026-07-08") + "." + FIRST_SEEN,
        "note": _LONG,
    },
    {
        "provider": "xai",
        "model": "grok-4.3",
        "valid_from": "2026-05-12T00:00Z",
        "price": {"input": "1.25", "cached": "0.20", "output": "2.50"},
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("x_ai", "2026-05-12") + "." + FIRST_SEEN,
        "note": _LONG,
    },
    {
        "provider": "xai",
        "model": "grok-4-0709",
        "valid_from": "2025-07-12T00:00Z",
        "price": {"input": "3.00", "cached": "0.75", "output": "15.00"},
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("x_ai", "2025-07-12") + "; " + LITELLM + " agrees on input/output." + FIRST_SEEN,
        "note": _LONG,
    },
    {
        "provider": "xai",
        "model": "grok-4-1-fast-reasoning",
        "valid_from": "2026-01-19T00:00Z",
        "price": {"input": "0.20", "cached": "0.05", "output": "0.50"},
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("x_ai", "2026-01-19") + "." + FIRST_SEEN,
        "note": _LONG,
    },
    {
        "provider": "xai",
        "model": "grok-4-1-fast-non-reasoning",
        "valid_from": "2026-01-19T00:00Z",
        "price": {"input": "0.20", "cached": "0.05", "output": "0.50"},
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("x_ai", "2026-01-19") + "." + FIRST_SEEN,
        "note": _LONG,
    },
    {
        "provider": "xai",
        "model": "grok-code-fast-1",
        "valid_from": "2025-09-05T00:00Z",
        "price": {"input": "0.20", "cached": "0.02", "output": "1.50"},
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY
        + genai("x_ai", "2026-01-19")
        + "; input/output also in "
        + LITELLM
        + ", whose date is the valid_from."
        + FIRST_SEEN,
    },
)

ALIASES: tuple[AliasData, ...] = (
    {"provider": "xai", "name": "grok-4", "target": "grok-4-0709"},
    {"provider": "xai", "name": "grok-4-latest", "target": "grok-4-0709"},
)

FACTS: tuple[FactsData, ...] = (
    {
        "provider": "xai",
        "model": "grok-4.5",
        "context_window": 500_000,
        "inputs": ("text", "image"),
        "reasoning": True,
        "tools": True,
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": "context window from " + genai("x_ai", "2026-07-08") + "; inputs and capabilities unverified",
    },
    {
        "provider": "xai",
        "model": "grok-4.3",
        "context_window": 1_000_000,
        "inputs": ("text", "image"),
        "reasoning": True,
        "tools": True,
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": "context window from " + genai("x_ai", "2026-05-12") + "; inputs and capabilities unverified",
    },
    {
        "provider": "xai",
        "model": "grok-4-0709",
        "context_window": 256_000,
        "max_output": 256_000,
        "inputs": ("text", "image"),
        "reasoning": True,
        "tools": True,
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": LIMITS_LITELLM + "; image input unverified",
    },
    {
        "provider": "xai",
        "model": "grok-4-1-fast-reasoning",
        "context_window": 2_000_000,
        "inputs": ("text", "image"),
        "reasoning": True,
        "tools": True,
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": "context window from " + genai("x_ai", "2026-01-19") + "; inputs and capabilities unverified",
    },
    {
        "provider": "xai",
        "model": "grok-4-1-fast-non-reasoning",
        "context_window": 2_000_000,
        "inputs": ("text", "image"),
        "reasoning": False,
        "tools": True,
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": "context window from " + genai("x_ai", "2026-01-19") + "; inputs and capabilities unverified",
    },
    {
        "provider": "xai",
        "model": "grok-code-fast-1",
        "context_window": 256_000,
        "max_output": 256_000,
        "inputs": ("text",),
        "reasoning": True,
        "tools": True,
        "source": _XAI,
        "checked_on": CHECKED_ON,
        "checked": LIMITS_LITELLM,
    },
)
