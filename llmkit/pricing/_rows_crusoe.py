"""Crusoe Managed Inference: price rows (plain literals; conventions in ``_table``)."""

from __future__ import annotations

from ._data import AliasData, FactsData, RowData
from ._sources import CHECKED_ON, SECONDARY

_CRUSOE = "https://www.crusoe.ai/cloud/pricing"
_READ = (
    SECONDARY
    + "a stored copy of api-evangelist/crusoe plans/crusoe-plans-pricing.yml, which transcribes "
    + _CRUSOE
    + " as read on 2026-09-20 (the valid_from: no earlier price is known here)"
)

ROWS: tuple[RowData, ...] = (
    {
        "provider": "crusoe",
        "model": "deepseek-ai/DeepSeek-V4-Pro",
        "valid_from": "2026-09-20T00:00Z",
        "price": {"input": "1.74", "cached": "0.15", "output": "3.48"},
        "source": _CRUSOE,
        "checked_on": CHECKED_ON,
        "checked": _READ + "; the model id follows the deepseek-ai/DeepSeek-V4-Flash id that juspay/neurolink's "
        "Crusoe guide copies from Crusoe's model list (unverified for Pro).",
    },
    {
        "provider": "crusoe",
        "model": "openai/gpt-oss-120b",
        "valid_from": "2026-09-20T00:00Z",
        "price": {"input": "0.05", "cached": "0.05", "output": "0.20"},
        "source": _CRUSOE,
        "checked_on": CHECKED_ON,
        "checked": _READ + "; mastra.ai's stored Crusoe model list gives the same input/output and a 131K context.",
    },
)

ALIASES: tuple[AliasData, ...] = ()

FACTS: tuple[FactsData, ...] = ()
