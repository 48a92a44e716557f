"""Azure: Data Zone / Regional OpenAI deployments and Azure AI Foundry Models (plain literals).

The ``azure`` handler bills at OpenAI's own rows, which are Azure's Global Standard prices. Data
Zone and Regional deployments cost about 10% more: their rows are under ``azure-data-zone``, for a
handler subclass that sets ``pricing_provider = "azure-data-zone"``. ``azure-foundry`` rows price
the partner models of the Foundry Models endpoint by model name.
"""

from __future__ import annotations

from ._data import AliasData, FactsData, RowData
from ._sources import CHECKED_ON, LITELLM, SECONDARY

_AZURE_OPENAI = "https://azure.microsoft.com/en-us/pricing/details/cognitive-services/openai-service/"
_FOUNDRY = "https://azure.microsoft.com/en-us/pricing/details/ai-foundry-models/"
_READ = (
    SECONDARY + LITELLM + ", entry {entry}; valid_from is that copy's date (no earlier price is known here). "
    "genai-prices' azure.yml lists Global prices only."
)
_ZONE = "A Data Zone (us/eu) or Regional deployment; Global Standard deployments bill at OpenAI's rows (azure)."

ROWS: tuple[RowData, ...] = (
    {
        "provider": "azure-data-zone",
        "model": "gpt-4o-2024-08-06",
        "valid_from": "2025-09-05T00:00Z",
        "price": {"input": "2.75", "cached": "1.375", "output": "11.00"},
        "source": _AZURE_OPENAI,
        "checked_on": CHECKED_ON,
        "checked": _READ.format(entry="azure/us/gpt-4o-2024-08-06 (azure/eu/ the same)"),
        "note": _ZONE,
    },
    {
        "provider": "azure-data-zone",
        "model": "gpt-4o-mini-2024-07-18",
        "valid_from": "2025-09-05T00:00Z",
        "price": {"input": "0.165", "cached": "0.083", "output": "0.66"},
        "source": _AZURE_OPENAI,
        "checked_on": CHECKED_ON,
        "checked": _READ.format(entry="azure/us/gpt-4o-mini-2024-07-18 (azure/eu/ the same)"),
        "note": _ZONE,
    },
    {
        "provider": "azure-data-zone",
        "model": "o3-mini-2025-01-31",
        "valid_from": "2025-09-05T00:00Z",
        "price": {"input": "1.21", "cached": "0.605", "output": "4.84"},
        "source": _AZURE_OPENAI,
        "checked_on": CHECKED_ON,
        "checked": _READ.format(entry="azure/us/o3-mini-2025-01-31 (azure/eu/ the same)"),
        "note": _ZONE,
    },
    {
        "provider": "azure-data-zone",
        "model": "o1-2024-12-17",
        "valid_from": "2025-09-05T00:00Z",
        "price": {"input": "16.50", "cached": "8.25", "output": "66.00"},
        "source": _AZURE_OPENAI,
        "checked_on": CHECKED_ON,
        "checked": _READ.format(entry="azure/us/o1-2024-12-17 (azure/eu/ the same)"),
        "note": _ZONE,
    },
    {
        "provider": "azure-foundry",
        "model": "DeepSeek-R1",
        "valid_from": "2025-09-05T00:00Z",
        "price": {"input": "1.35", "output": "5.40"},
        "source": _FOUNDRY,
        "checked_on": CHECKED_ON,
        "checked": _READ.format(entry="azure_ai/deepseek-r1"),
    },
    {
        "provider": "azure-foundry",
        "model": "DeepSeek-V3-0324",
        "valid_from": "2025-09-05T00:00Z",
        "price": {"input": "1.14", "output": "4.56"},
        "source": _FOUNDRY,
        "checked_on": CHECKED_ON,
        "checked": _READ.format(entry="azure_ai/deepseek-v3-0324"),
    },
    {
        "provider": "azure-foundry",
        "model": "Llama-3.3-70B-Instruct",
        "valid_from": "2025-09-05T00:00Z",
        "price": {"input": "0.71", "output": "0.71"},
        "source": _FOUNDRY,
        "checked_on": CHECKED_ON,
        "checked": _READ.format(entry="azure_ai/Llama-3.3-70B-Instruct"),
    },
    {
        "provider": "azure-foundry",
        "model": "Phi-4-mini-instruct",
        "valid_from": "2025-09-05T00:00Z",
        "price": {"input": "0.075", "output": "0.30"},
        "source": _FOUNDRY,
        "checked_on": CHECKED_ON,
        "checked": _READ.format(entry="azure_ai/Phi-4-mini-instruct") + " genai-prices has 0.08 / 0.35, "
        "imported from OpenRouter (not used).",
    },
)

ALIASES: tuple[AliasData, ...] = (
    {
        "provider": "azure-data-zone",
        "name": "gpt-4o",
        "target": "gpt-4o-2024-08-06",
        "note": "A gpt-4o deployment bills as gpt-4o-2024-08-06; version 2024-11-20 has the same input/output "
        "prices (litellm's copy gives it no cache price).",
    },
    {"provider": "azure-data-zone", "name": "gpt-4o-mini", "target": "gpt-4o-mini-2024-07-18"},
    {"provider": "azure-data-zone", "name": "o3-mini", "target": "o3-mini-2025-01-31"},
    {"provider": "azure-data-zone", "name": "o1", "target": "o1-2024-12-17"},
)

FACTS: tuple[FactsData, ...] = (
    {
        "provider": "azure-foundry",
        "model": "DeepSeek-R1",
        "context_window": 128_000,
        "max_output": 8_192,
        "inputs": ("text",),
        "reasoning": True,
        "tools": False,
        "source": _FOUNDRY,
        "checked_on": CHECKED_ON,
        "checked": "limits and capabilities from " + LITELLM,
    },
    {
        "provider": "azure-foundry",
        "model": "Phi-4-mini-instruct",
        "context_window": 131_072,
        "max_output": 4_096,
        "inputs": ("text",),
        "reasoning": False,
        "tools": True,
        "source": _FOUNDRY,
        "checked_on": CHECKED_ON,
        "checked": "limits and capabilities from " + LITELLM,
    },
)
