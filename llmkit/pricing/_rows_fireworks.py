"""Fireworks AI (serverless): price rows and model facts (plain literals; conventions in ``_table``).

Fireworks model ids are ``accounts/fireworks/models/<name>``; the rows use the whole id.
"""

from __future__ import annotations

from ._data import AliasData, FactsData, RowData
from ._sources import CHECKED_ON, FIRST_SEEN, SECONDARY, genai

_FIREWORKS = "https://fireworks.ai/pricing"
_M = "accounts/fireworks/models/"

ROWS: tuple[RowData, ...] = (
    {
        "provider": "fireworks",
        "model": _M + "deepseek-v4-pro",
        "valid_from": "2026-06-24T00:00Z",
        "price": {"input": "1.74", "cached": "0.145", "output": "3.48"},
        "source": _FIREWORKS,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("fireworks", "2026-06-24") + "." + FIRST_SEEN,
    },
    {
        "provider": "fireworks",
        "model": _M + "deepseek-v4-flash",
        "valid_from": "2026-08-04T00:00Z",
        "price": {"input": "0.14", "cached": "0.028", "output": "0.28"},
        "source": _FIREWORKS,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("fireworks", "2026-08-04") + " (standard serverless price)." + FIRST_SEEN,
    },
    {
        "provider": "fireworks",
        "model": _M + "kimi-k3",
        "valid_from": "2026-08-04T00:00Z",
        "price": {"input": "3.00", "cached": "0.30", "output": "15.00"},
        "source": _FIREWORKS,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("fireworks", "2026-08-04") + " (standard serverless price; the fast and "
        "US-only variants are other model ids, not priced here)." + FIRST_SEEN,
    },
    {
        "provider": "fireworks",
        "model": _M + "gpt-oss-120b",
        "valid_from": "2026-08-04T00:00Z",
        "price": {"input": "0.15", "cached": "0.014", "output": "0.60"},
        "source": _FIREWORKS,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("fireworks", "2026-08-04") + "; litellm's 2025-09-05 copy has the same "
        "input/output and no cache price." + FIRST_SEEN,
    },
)

ALIASES: tuple[AliasData, ...] = ()

FACTS: tuple[FactsData, ...] = (
    {
        "provider": "fireworks",
        "model": _M + "deepseek-v4-flash",
        "context_window": 1_040_000,
        "inputs": ("text",),
        "reasoning": True,
        "tools": True,
        "source": _FIREWORKS,
        "checked_on": CHECKED_ON,
        "checked": "context window from " + genai("fireworks", "2026-08-04") + "; capabilities unverified",
    },
    {
        "provider": "fireworks",
        "model": _M + "kimi-k3",
        "context_window": 1_040_000,
        "inputs": ("text",),
        "reasoning": True,
        "tools": True,
        "source": _FIREWORKS,
        "checked_on": CHECKED_ON,
        "checked": "context window from " + genai("fireworks", "2026-08-04") + "; capabilities unverified",
    },
    {
        "provider": "fireworks",
        "model": _M + "gpt-oss-120b",
        "context_window": 131_072,
        "inputs": ("text",),
        "reasoning": True,
        "tools": True,
        "source": _FIREWORKS,
        "checked_on": CHECKED_ON,
        "checked": "context window from " + genai("fireworks", "2026-08-04") + "; capabilities from litellm's copy",
    },
)
