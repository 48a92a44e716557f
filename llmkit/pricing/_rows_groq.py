"""Groq: price rows and model facts (plain literals; conventions in ``_table``)."""

from __future__ import annotations

from ._data import AliasData, FactsData, RowData
from ._sources import CHECKED_ON, FIRST_SEEN, LIMITS_LITELLM, LITELLM, SECONDARY, genai

_GROQ = "https://groq.com/pricing/"

ROWS: tuple[RowData, ...] = (
    {
        "provider": "groq",
        "model": "openai/gpt-oss-120b",
        "valid_from": "2025-08-06T00:00Z",
        "price": {"input": "0.15", "cached": "0.075", "output": "0.60"},
        "source": _GROQ,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("groq", "2025-08-06") + "; input/output agree with two issues of "
        "braintrustdata/braintrust-proxy (#479, #925) quoting Groq's pages." + FIRST_SEEN,
    },
    {
        "provider": "groq",
        "model": "openai/gpt-oss-20b",
        "valid_from": "2025-08-06T00:00Z",
        "price": {"input": "0.075", "cached": "0.0375", "output": "0.30"},
        "source": _GROQ,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY
        + genai("groq", "2025-08-06")
        + "; litellm's copy has 0.10 / 0.50 (not used)."
        + FIRST_SEEN,
    },
    {
        "provider": "groq",
        "model": "llama-3.3-70b-versatile",
        "valid_from": "2025-08-12T00:00Z",
        "price": {"input": "0.59", "output": "0.79"},
        "source": _GROQ,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("groq", "2025-08-12") + "; " + LITELLM + " agrees." + FIRST_SEEN,
    },
    {
        "provider": "groq",
        "model": "llama-3.1-8b-instant",
        "valid_from": "2025-08-12T00:00Z",
        "price": {"input": "0.05", "output": "0.08"},
        "source": _GROQ,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("groq", "2025-08-12") + "; " + LITELLM + " agrees." + FIRST_SEEN,
    },
)

ALIASES: tuple[AliasData, ...] = ()

FACTS: tuple[FactsData, ...] = (
    {
        "provider": "groq",
        "model": "openai/gpt-oss-120b",
        "context_window": 131_072,
        "max_output": 32_766,
        "inputs": ("text",),
        "reasoning": True,
        "tools": True,
        "source": _GROQ,
        "checked_on": CHECKED_ON,
        "checked": LIMITS_LITELLM,
    },
    {
        "provider": "groq",
        "model": "openai/gpt-oss-20b",
        "context_window": 131_072,
        "max_output": 32_768,
        "inputs": ("text",),
        "reasoning": True,
        "tools": True,
        "source": _GROQ,
        "checked_on": CHECKED_ON,
        "checked": LIMITS_LITELLM,
    },
    {
        "provider": "groq",
        "model": "llama-3.3-70b-versatile",
        "context_window": 128_000,
        "max_output": 32_768,
        "inputs": ("text",),
        "reasoning": False,
        "tools": True,
        "source": _GROQ,
        "checked_on": CHECKED_ON,
        "checked": LIMITS_LITELLM,
    },
    {
        "provider": "groq",
        "model": "llama-3.1-8b-instant",
        "context_window": 128_000,
        "max_output": 8_192,
        "inputs": ("text",),
        "reasoning": False,
        "tools": True,
        "source": _GROQ,
        "checked_on": CHECKED_ON,
        "checked": LIMITS_LITELLM,
    },
)
