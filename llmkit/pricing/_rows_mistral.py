"""Mistral (La Plateforme): price rows and model facts (plain literals; conventions in ``_table``)."""

from __future__ import annotations

from ._data import AliasData, FactsData, RowData
from ._sources import CHECKED_ON, FIRST_SEEN, SECONDARY, genai

_MISTRAL = "https://mistral.ai/pricing#api-pricing"
_LATEST = (
    "Mistral moves a -latest name to each new release; which release it served before the day this row was "
    "first seen is not known here, so the name has no price before then (unverified)."
)

ROWS: tuple[RowData, ...] = (
    {
        "provider": "mistral",
        "model": "mistral-large-2512",
        "valid_from": "2026-06-09T00:00Z",
        "price": {"input": "0.50", "cached": "0.05", "output": "1.50"},
        "source": _MISTRAL,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("mistral", "2026-06-09") + "." + FIRST_SEEN,
    },
    {
        "provider": "mistral",
        "model": "mistral-small-2603",
        "valid_from": "2026-06-09T00:00Z",
        "price": {"input": "0.15", "cached": "0.015", "output": "0.60"},
        "source": _MISTRAL,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("mistral", "2026-06-09") + "." + FIRST_SEEN,
    },
    {
        "provider": "mistral",
        "model": "codestral-2508",
        "valid_from": "2026-06-09T00:00Z",
        "price": {"input": "0.30", "cached": "0.03", "output": "0.90"},
        "source": _MISTRAL,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("mistral", "2026-06-09") + "." + FIRST_SEEN,
    },
    {
        "provider": "mistral",
        "model": "ministral-3b-2512",
        "valid_from": "2026-06-09T00:00Z",
        "price": {"input": "0.10", "cached": "0.01", "output": "0.10"},
        "source": _MISTRAL,
        "checked_on": CHECKED_ON,
        "checked": SECONDARY + genai("mistral", "2026-06-09") + "." + FIRST_SEEN,
    },
)

ALIASES: tuple[AliasData, ...] = (
    {
        "provider": "mistral",
        "name": "mistral-large-latest",
        "target": "mistral-large-2512",
        "valid_from": "2026-06-09T00:00Z",
        "note": _LATEST,
    },
    {
        "provider": "mistral",
        "name": "mistral-small-latest",
        "target": "mistral-small-2603",
        "valid_from": "2026-06-09T00:00Z",
        "note": _LATEST,
    },
    {
        "provider": "mistral",
        "name": "codestral-latest",
        "target": "codestral-2508",
        "valid_from": "2026-06-09T00:00Z",
        "note": _LATEST,
    },
)

FACTS: tuple[FactsData, ...] = ()
