"""The price table llmkit ships: plain literals, turned into rows on the first lookup.

Nothing here runs beyond building these literals; ``_index`` imports this module only when a
price is first asked for, so ``import llmkit`` never pays for it.

Conventions (see docs/pricing.md for the reasoning behind each choice):

* Prices are strings of USD per million tokens: ``input`` (uncached prompt tokens), ``cached``
  (prompt tokens read from the cache), ``cache_write`` (prompt tokens written to it),
  ``cache_write_1h`` (the writes made with a 1-hour lifetime, Anthropic), ``output`` (completion
  tokens, reasoning included). A missing ``cached`` or ``cache_write`` means the provider bills
  those tokens as ordinary input; a missing ``cache_write_1h`` bills 1-hour writes at
  ``cache_write``.
* ``valid_from`` / ``valid_until`` are UTC instants, ``valid_until`` excluded. A date without a
  published hour is taken as 00:00 UTC and the row's ``checked`` says so.
* ``source`` is the page that publishes the price. ``checked_on`` is the day the row was last
  compared with its sources, each row its own; ``checked`` says against what: there is no web
  access where this table was written, so it names the stored copies that were read, or marks
  the value as unverified.
* ``ALIASES`` map a name to the model whose price it bills at, over a period: renames, legacy
  ids served by a newer model, and undated names. Dated snapshots (``-2024-08-06``, ``-0613``)
  need no alias: lookup strips the date when the snapshot has no row of its own.
"""

from __future__ import annotations

from . import (
    _facts_core,
    _rows_azure,
    _rows_cerebras,
    _rows_crusoe,
    _rows_fireworks,
    _rows_groq,
    _rows_mistral,
    _rows_together,
    _rows_xai,
    _rows_zai,
)
from ._data import AliasData, FactsData, RowData, RuleData

_OPENAI = "https://developers.openai.com/api/docs/pricing"
_DEEPSEEK = "https://api-docs.deepseek.com/quick_start/pricing"
_ANTHROPIC = "https://www.anthropic.com/pricing#api"

_NO_WEB = "official page not reachable where this row was checked; "
_OAI_MD = "value from providers.md §4 (genai-prices openai.yml @47df840, cross-checked against litellm)"
_OAI_BOTH = (
    _NO_WEB + _OAI_MD + "; matches the stored copies of pydantic/genai-prices prices/providers/openai.yml "
    "and simonw/llm-prices data/openai.json"
)
_OAI_GENAI = _NO_WEB + _OAI_MD + "; matches the stored copy of pydantic/genai-prices prices/providers/openai.yml"
_OAI_SIMONW = _NO_WEB + _OAI_MD + "; matches the stored copy of simonw/llm-prices data/openai.json"
_OAI_MD_ONLY = _NO_WEB + _OAI_MD + "; no second source read here (unverified)"
_SNAPSHOT_DATE = " valid_from is the release date in the model's first snapshot id."
_CLAUDE = (
    _NO_WEB + "not in providers.md (no Anthropic prices there); input/cached/output match the stored copies of "
    "pydantic/genai-prices prices/providers/anthropic.yml and simonw/llm-prices data/anthropic.json"
)
_CLAUDE_SIMONW = (
    _NO_WEB + "not in providers.md (no Anthropic prices there); input/cached/output match the stored copy of "
    "simonw/llm-prices data/anthropic.json; the cache-write price (1.25 x input, Anthropic's 5-minute rate) is "
    "from the maintainer's knowledge only (unverified)"
)
_CLAUDE_DATE = " valid_from is the date in the model's snapshot id."
_CLAUDE_WRITES = (
    "Cache writes are billed at the 5-minute rate (1.25 x input), except the 1-hour writes among them "
    "(Usage.cache_write_1h_tokens, from cache_creation.ephemeral_1h_input_tokens), billed at the 1-hour rate "
    "(2 x input)."
)
_CLAUDE_1H_SEEN = (
    " Its 1h cache write (2 x input) is in the Model pricing table of a stored copy of Anthropic's pricing page "
    "(docs.anthropic.com/en/docs/about-claude/pricing: input / 5m cache write / 1h cache write / cache hits / "
    "output)."
)
_CLAUDE_1H_RATE = (
    " Its 1h cache write is Anthropic's 1-hour rate, 2 x input; the figure for this model was not seen in a "
    "stored official copy (unverified)."
)

# Claude models from Opus 4.6 on: figures read in stored copies of Anthropic's own pages (a search index
# over saved pages; no live web here). Third-party pages were used only to find them; where a figure or a
# date was seen only on a third-party page, the row's ``checked`` says so and calls it unverified.
_CLAUDE_PRICING = "https://platform.claude.com/docs/en/about-claude/pricing"
_CLAUDE_MODELS = "https://platform.claude.com/docs/en/models/"  # + "<model>/overview"
_SEEN = "no live web where this row was checked; read in stored copies of Anthropic's pages: "
_SEEN_TABLE = (
    "the Model pricing table of " + _CLAUDE_PRICING + " (copy listing Fable 5.1 to Opus 4.5, taken between the "
    "Fable 5.1 and Opus 5.5 launches) has input / 5m cache write / 1h cache write / cache hits / output "
)
_SEEN_RELEASED = " valid_from is the 'Released' date on the official overview page ("
_CLAUDE_FLAT = (
    " No long-context tier: the official overview gives a 1M-token window at one price. Fast mode, Batch and "
    "regional (inference_geo) prices are not modelled."
)

# Gemini (provider "google"; the "vertex" adapter bills at these rows too). Paid tier, text input, USD
# per million tokens; "cached" is the context-caching price (implicit and explicit cache hits), which
# Google bills instead of the input price for cachedContentTokenCount. Cache storage (per hour) is
# not a token price and is not counted. Prompts over 200K tokens bill the whole request at the
# long-prompt price where Google publishes one.
_GEMINI = "https://ai.google.dev/gemini-api/docs/pricing"
_GEMINI_READ = _NO_WEB + "not in providers.md (no Gemini prices there); "
_GEMINI_DATE = (
    " valid_from is the model's general-availability (or preview) launch day from the maintainer's knowledge "
    "(unverified); no earlier price is known to llmkit."
)


_BEDROCK = "https://aws.amazon.com/bedrock/pricing/"
_BEDROCK_SEEN = (
    "no live web where this row was checked; values read in a stored copy of api-evangelist/amazon-nova "
    "plans/amazon-nova-plans-pricing.yml, which transcribes the AWS Price List Bulk API (offer AmazonBedrock, "
    "us-east-1, version 20260901205051) for on-demand input/output per 1K tokens."
)
_BEDROCK_NOVA = " valid_from is Nova's general availability (2024-12-03, re:Invent), from memory (unverified)."
_BEDROCK_CACHE = (
    "No cache prices in the source read: cache reads and writes are billed here as ordinary input, which "
    "overstates a cached request (AWS discounts Nova cache reads)."
)

TIME_OF_DAY_RULES: dict[str, RuleData] = {
    # DeepSeek 2025-02-26 → 2025-09-05: a nightly discount, every day of the week.
    "deepseek-2025-night-discount": {
        "label": "off-peak discount",
        "outside_label": "standard",
        "windows": (("16:30", "00:30"),),
        "weekdays": "all",
        "weekday_utc_offset_hours": 0,
    },
    # DeepSeek since 2026-08-16 16:00 UTC: peak hours cost twice the off-peak price. Peak is
    # Monday-Friday; the weekday is read in Beijing time (UTC+8), as the zh-cn page defines it.
    # Chinese statutory holidays (off-peak all day per the zh-cn page) are not modelled.
    "deepseek-2026-peak": {
        "label": "peak",
        "outside_label": "off-peak",
        "windows": (("01:00", "04:00"), ("06:00", "10:00")),
        "weekdays": "mon-fri",
        "weekday_utc_offset_hours": 8,
    },
}

_ROWS: tuple[RowData, ...] = (
    # ------------------------------------------------------------------ OpenAI (Standard tier)
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-3.5-turbo",
        "valid_from": "2024-02-16T00:00Z",
        "price": {"input": "0.50", "output": "1.50"},
        "source": _OPENAI,
        "checked": _OAI_GENAI + ". litellm has 1.50/2.00, the gpt-3.5-turbo-0613 price: not used.",
        "note": "The alias serves gpt-3.5-turbo-0125; the date it switched to 0125 (2024-02-16) is unverified. "
        "Earlier traffic on the alias is not priced.",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-3.5-turbo-0125",
        "valid_from": "2024-01-25T00:00Z",
        "price": {"input": "0.50", "output": "1.50"},
        "source": _OPENAI,
        "checked": _OAI_GENAI + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-3.5-turbo-1106",
        "valid_from": "2023-11-06T00:00Z",
        "price": {"input": "1.00", "output": "2.00"},
        "source": _OPENAI,
        "checked": _OAI_GENAI + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-3.5-turbo-0613",
        "valid_from": "2023-06-13T00:00Z",
        "price": {"input": "1.50", "output": "2.00"},
        "source": _OPENAI,
        "checked": _OAI_GENAI + " (prices_checked 2025-11-07)." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-3.5-turbo-16k",
        "valid_from": "2023-06-13T00:00Z",
        "price": {"input": "3.00", "output": "4.00"},
        "source": _OPENAI,
        "checked": _OAI_GENAI + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4",
        "valid_from": "2023-03-14T00:00Z",
        "price": {"input": "30.00", "output": "60.00"},
        "source": _OPENAI,
        "checked": _OAI_GENAI + ". valid_from is gpt-4's launch (gpt-4-0314).",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4-32k",
        "valid_from": "2023-03-14T00:00Z",
        "price": {"input": "60.00", "output": "120.00"},
        "source": _OPENAI,
        "checked": _OAI_GENAI + ". valid_from is gpt-4's launch (gpt-4-32k-0314).",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4-1106-preview",
        "valid_from": "2023-11-06T00:00Z",
        "price": {"input": "10.00", "output": "30.00"},
        "source": _OPENAI,
        "checked": _OAI_GENAI + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4-0125-preview",
        "valid_from": "2024-01-25T00:00Z",
        "price": {"input": "10.00", "output": "30.00"},
        "source": _OPENAI,
        "checked": _OAI_GENAI + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4-turbo",
        "valid_from": "2024-04-09T00:00Z",
        "price": {"input": "10.00", "output": "30.00"},
        "source": _OPENAI,
        "checked": _OAI_GENAI + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4o",
        "valid_from": "2024-05-13T00:00Z",
        "valid_until": "2024-10-02T00:00Z",
        "price": {"input": "5.00", "output": "15.00"},
        "source": _OPENAI,
        "checked": _NO_WEB + "the alias then served gpt-4o-2024-05-13, priced as that snapshot (providers.md §4, "
        "litellm). The switch date 2024-10-02 is from OpenAI's model page as remembered: unverified.",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4o",
        "valid_from": "2024-10-02T00:00Z",
        "price": {"input": "2.50", "cached": "1.25", "output": "10.00"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + " (genai-prices prices_checked 2025-07-04).",
        "note": "The alias serves gpt-4o-2024-08-06 (community.openai.com alias list).",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4o-2024-05-13",
        "valid_from": "2024-05-13T00:00Z",
        "price": {"input": "5.00", "output": "15.00"},
        "source": _OPENAI,
        "checked": _NO_WEB
        + "value from providers.md §4 (litellm; genai-prices wrongly lumps it with gpt-4o)."
        + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4o-2024-08-06",
        "valid_from": "2024-08-06T00:00Z",
        "price": {"input": "2.50", "cached": "1.25", "output": "10.00"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
        "note": "Its own row because the gpt-4o alias cost more until 2024-10-02.",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4o-mini",
        "valid_from": "2024-07-18T00:00Z",
        "price": {"input": "0.15", "cached": "0.075", "output": "0.60"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4.1",
        "valid_from": "2025-04-14T00:00Z",
        "price": {"input": "2.00", "cached": "0.50", "output": "8.00"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4.1-mini",
        "valid_from": "2025-04-14T00:00Z",
        "price": {"input": "0.40", "cached": "0.10", "output": "1.60"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-4.1-nano",
        "valid_from": "2025-04-14T00:00Z",
        "price": {"input": "0.10", "cached": "0.025", "output": "0.40"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "o1-preview",
        "valid_from": "2024-09-12T00:00Z",
        "price": {"input": "15.00", "cached": "7.50", "output": "60.00"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + " (genai-prices and simonw price o1-preview as o1)." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "o1",
        "valid_from": "2024-12-17T00:00Z",
        "price": {"input": "15.00", "cached": "7.50", "output": "60.00"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "o1-mini",
        "valid_from": "2025-01-31T00:00Z",
        "price": {"input": "1.10", "cached": "0.55", "output": "4.40"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + ". o1-mini launched on 2024-09-12 at a higher price that is not tabled; "
        "valid_from is taken as o3-mini's launch, when the lower price is believed to start: unverified.",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "o1-pro",
        "valid_from": "2025-03-19T00:00Z",
        "price": {"input": "150.00", "output": "600.00"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "o3",
        "valid_from": "2025-04-16T00:00Z",
        "valid_until": "2025-06-10T00:00Z",
        "price": {"input": "10.00", "cached": "2.50", "output": "40.00"},
        "source": _OPENAI,
        "checked": _NO_WEB + "input/output from providers.md §4 and the stored genai-prices openai.yml (10/40 until "
        "2025-06-10). Cached 2.50 is unverified: genai-prices and simonw store 0.50; 2.50 keeps o3's 75 % cache "
        "discount. Hour of the 2025-06-10 cut unpublished, taken as 00:00 UTC.",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "o3",
        "valid_from": "2025-06-10T00:00Z",
        "price": {"input": "2.00", "cached": "0.50", "output": "8.00"},
        "source": _OPENAI,
        "checked": _OAI_GENAI + " (prices_checked 2025-07-12; the 80 % cut is dated 2025-06-10 there).",
        "note": "The cut applies to the o3-2025-04-16 snapshot as well (it resolves to this row).",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "o3-pro",
        "valid_from": "2025-06-10T00:00Z",
        "price": {"input": "20.00", "output": "80.00"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "o3-mini",
        "valid_from": "2025-01-31T00:00Z",
        "price": {"input": "1.10", "cached": "0.55", "output": "4.40"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "o4-mini",
        "valid_from": "2025-04-16T00:00Z",
        "price": {"input": "1.10", "cached": "0.275", "output": "4.40"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5",
        "valid_from": "2025-08-07T00:00Z",
        "price": {"input": "1.25", "cached": "0.125", "output": "10.00"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + " (genai-prices prices_checked 2025-11-13)." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5-mini",
        "valid_from": "2025-08-07T00:00Z",
        "price": {"input": "0.25", "cached": "0.025", "output": "2.00"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5-nano",
        "valid_from": "2025-08-07T00:00Z",
        "price": {"input": "0.05", "cached": "0.005", "output": "0.40"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5-pro",
        "valid_from": "2025-10-06T00:00Z",
        "price": {"input": "15.00", "output": "120.00"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5.1",
        "valid_from": "2025-11-13T00:00Z",
        "price": {"input": "1.25", "cached": "0.125", "output": "10.00"},
        "source": _OPENAI,
        "checked": _OAI_BOTH + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5.2",
        "valid_from": "2025-12-11T00:00Z",
        "price": {"input": "1.75", "cached": "0.175", "output": "14.00"},
        "source": _OPENAI,
        "checked": _OAI_SIMONW + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5.2-pro",
        "valid_from": "2025-12-11T00:00Z",
        "price": {"input": "21.00", "output": "168.00"},
        "source": _OPENAI,
        "checked": _OAI_SIMONW + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5.4",
        "valid_from": "2026-03-05T00:00Z",
        "price": {"input": "2.50", "cached": "0.25", "output": "15.00"},
        "long_prompt_above": 272_000,
        "long_prompt_price": {"input": "5.00", "cached": "0.50", "output": "22.50"},
        "source": _OPENAI,
        "checked": _OAI_SIMONW + " (both tiers)." + _SNAPSHOT_DATE,
        "note": "Prompts over 272K tokens are billed at the higher price for the whole request.",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5.4-pro",
        "valid_from": "2026-03-05T00:00Z",
        "price": {"input": "30.00", "output": "180.00"},
        "long_prompt_above": 272_000,
        "long_prompt_price": {"input": "60.00", "output": "270.00"},
        "source": _OPENAI,
        "checked": _NO_WEB + "not in providers.md; value from the stored copy of simonw/llm-prices data/openai.json "
        "only (unverified). valid_from is gpt-5.4's release date (assumed the same).",
        "note": "Prompts over 272K tokens are billed at the higher price for the whole request.",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5.4-mini",
        "valid_from": "2026-03-17T00:00Z",
        "price": {"input": "0.75", "cached": "0.075", "output": "4.50"},
        "source": _OPENAI,
        "checked": _OAI_SIMONW + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5.4-nano",
        "valid_from": "2026-03-17T00:00Z",
        "price": {"input": "0.20", "cached": "0.02", "output": "1.25"},
        "source": _OPENAI,
        "checked": _OAI_SIMONW + "." + _SNAPSHOT_DATE,
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5.5",
        "valid_from": "2026-04-24T00:00Z",
        "price": {"input": "5.00", "cached": "0.50", "output": "30.00"},
        "long_prompt_above": 272_000,
        "long_prompt_price": {"input": "10.00", "cached": "1.00", "output": "45.00"},
        "source": _OPENAI,
        "checked": _OAI_SIMONW + "; the >272K tier (10/1/45) is from simonw only (unverified). Release date not "
        "known here: valid_from is the date providers.md first saw the price.",
        "note": "Prompts over 272K tokens are billed at the higher price for the whole request.",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5.5-pro",
        "valid_from": "2026-04-24T00:00Z",
        "price": {"input": "30.00", "output": "180.00"},
        "source": _OPENAI,
        "checked": _OAI_SIMONW + " (≤272K price; no long-prompt price published there). Release date not known "
        "here: valid_from is the date providers.md first saw the price.",
    },
    {
        "provider": "openai",
        "checked_on": "2026-11-24",
        "model": "gpt-5.6-sol",
        "valid_from": "2026-07-15T00:00Z",
        "price": {"input": "5.00", "cached": "0.50", "cache_write": "6.25", "output": "30.00"},
        "source": _OPENAI,
        "checked": _NO_WEB + "value from providers.md §4 (genai-prices openai.yml @47df840); no second source read "
        "here (unverified). Release date not known here: valid_from is the day of the earliest recorded response "
        "(shared corpus openai__json-cached-tokens-hit.json, created 2026-07-15 05:10 UTC).",
        "note": "Bills cache writes separately (6.25 per million).",
    },
    # ---------------------------------------------------------------------------- DeepSeek
    # Columns on DeepSeek's page: cache hit = cached, cache miss = input, output.
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-chat",
        "valid_from": "2024-01-01T00:00Z",
        "valid_until": "2024-12-26T00:00Z",
        "price": {"input": "0.14", "cached": "0.014", "output": "0.28"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 (litellm deepseek-chat via tokencost; ¥1 / ¥0.1 / ¥2). "
        "valid_from is the table's horizon (start of 2024), not a price change; cache hits exist from 2024-08-02.",
        "note": "DeepSeek-V2 / V2.5.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-chat",
        "valid_from": "2024-12-26T00:00Z",
        "valid_until": "2025-02-08T16:00Z",
        "price": {"input": "0.14", "cached": "0.014", "output": "0.28"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 (pricing footnote, apifox/apidog mirrors 2025-02: promo "
        "until 2025-02-08 24:00 Beijing); matches the stored copy of simonw/llm-prices data/deepseek.json "
        "(0.14/0.28 until 2025-02-08). Hour of the V3 launch unpublished, taken as 00:00 UTC (same price both sides).",
        "note": "DeepSeek-V3 at its launch promotion price.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-chat",
        "valid_from": "2025-02-08T16:00Z",
        "valid_until": "2025-02-26T16:30Z",
        "price": {"input": "0.27", "cached": "0.07", "output": "1.10"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 ([doc] pricing-details-usd); matches the stored copies of "
        "simonw/llm-prices data/deepseek.json (0.27/1.10 from 2025-02-08) and pydantic/genai-prices deepseek.yml.",
        "note": "DeepSeek-V3 list price.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-chat",
        "valid_from": "2025-02-26T16:30Z",
        "valid_until": "2025-09-05T16:00Z",
        "price": {"input": "0.27", "cached": "0.07", "output": "1.10"},
        "time_of_day": "deepseek-2025-night-discount",
        "in_window": {"input": "0.135", "cached": "0.035", "output": "0.55"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 (V3.1 snapshot: STANDARD UTC 00:30-16:30, DISCOUNT UTC "
        "16:30-00:30); matches the stored copy of pydantic/genai-prices deepseek.yml (prices_checked 2025-07-12). "
        "The discount was announced for 2025-02-26; its first window is taken to open 2025-02-26 16:30 UTC "
        "(00:30 Beijing on the 27th): unverified.",
        "note": "50 % off deepseek-chat from 16:30 to 00:30 UTC every day.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-chat",
        "valid_from": "2025-09-05T16:00Z",
        "valid_until": "2025-09-29T00:00Z",
        "price": {"input": "0.56", "cached": "0.07", "output": "1.68"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 (V3.1 snapshot: new prices and the end of the night "
        "discount at 2025-09-05 16:00 UTC); no second source read here.",
        "note": "DeepSeek-V3.1 (non-thinking); no night discount any more.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-chat",
        "valid_from": "2025-09-29T00:00Z",
        "valid_until": "2026-04-24T00:00Z",
        "price": {"input": "0.28", "cached": "0.028", "output": "0.42"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 ([3p] benchlm.ai quoting the official page; Roo-Code "
        "deepseek.ts 'Updated Dec 9, 2025'). Hour of the V3.2-Exp cut unpublished, taken as 00:00 UTC: unverified.",
        "note": "DeepSeek-V3.2-Exp, then V3.2 from 2025-12-01 at the same price.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-reasoner",
        "valid_from": "2025-01-20T00:00Z",
        "valid_until": "2025-02-26T16:30Z",
        "price": {"input": "0.55", "cached": "0.14", "output": "2.19"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9; matches the stored copies of simonw/llm-prices "
        "data/deepseek.json (0.55/2.19) and pydantic/genai-prices deepseek.yml (0.55/0.14/2.19). Hour of the R1 "
        "launch unpublished, taken as 00:00 UTC.",
        "note": "DeepSeek-R1; its chain of thought is billed as output.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-reasoner",
        "valid_from": "2025-02-26T16:30Z",
        "valid_until": "2025-09-05T16:00Z",
        "price": {"input": "0.55", "cached": "0.14", "output": "2.19"},
        "time_of_day": "deepseek-2025-night-discount",
        "in_window": {"input": "0.135", "cached": "0.035", "output": "0.55"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9; matches the stored copy of pydantic/genai-prices "
        "deepseek.yml (prices_checked 2025-07-12). First window taken to open 2025-02-26 16:30 UTC: unverified.",
        "note": "75 % off deepseek-reasoner from 16:30 to 00:30 UTC every day. From 2025-08-21 the name serves "
        "V3.1 thinking mode, still at these prices until 2025-09-05 16:00 UTC.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-reasoner",
        "valid_from": "2025-09-05T16:00Z",
        "valid_until": "2025-09-29T00:00Z",
        "price": {"input": "0.56", "cached": "0.07", "output": "1.68"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 (V3.1 snapshot); no second source read here.",
        "note": "DeepSeek-V3.1 (thinking); same price as deepseek-chat from here on.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-reasoner",
        "valid_from": "2025-09-29T00:00Z",
        "valid_until": "2026-04-24T00:00Z",
        "price": {"input": "0.28", "cached": "0.028", "output": "0.42"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 ([3p] benchlm.ai, Roo-Code). Hour of the cut "
        "unpublished, taken as 00:00 UTC: unverified.",
        "note": "DeepSeek-V3.2-Exp, then V3.2 (thinking).",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-v4-flash",
        "valid_from": "2026-04-24T00:00Z",
        "valid_until": "2026-04-26T00:00Z",
        "price": {"input": "0.14", "cached": "0.028", "output": "0.28"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 ([3p] simonw/llm-prices, runware.ai, openrouter.ai). "
        "Hours of the V4 launch and of the 2026-04-26 cut unpublished, taken as 00:00 UTC: unverified.",
        "note": "DeepSeek-V4-Flash preview.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-v4-flash",
        "valid_from": "2026-04-26T00:00Z",
        "valid_until": "2026-08-16T16:00Z",
        "price": {"input": "0.14", "cached": "0.0028", "output": "0.28"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 (official snapshot ?model_version=DeepSeek-V4-Pro-0813 "
        "lists it as list price); matches the stored copy of pydantic/genai-prices deepseek.yml (prices_checked "
        "2026-05-12).",
        "note": "Cache-hit price cut to a tenth on 2026-04-26.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-v4-flash",
        "valid_from": "2026-08-16T16:00Z",
        "valid_until": "2026-09-10T04:00Z",
        "price": {"input": "0.22", "cached": "0.007", "output": "0.66"},
        "time_of_day": "deepseek-2026-peak",
        "in_window": {"input": "0.44", "cached": "0.014", "output": "1.32"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 (snapshot ?article_id=article_1779470751466: 'The new "
        "prices take effect at 16:00 UTC on August 16, 2026'); no second source read here.",
        "note": "Peak/off-peak billing: peak costs twice off-peak.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-flash",
        "valid_from": "2026-09-10T04:00Z",
        "price": {"input": "0.15", "cached": "0.003", "output": "0.60"},
        "time_of_day": "deepseek-2026-peak",
        "in_window": {"input": "0.30", "cached": "0.006", "output": "1.20"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 (snapshots ?helper=penn&method=individual, "
        "?check=20261115; CNY ¥1/¥0.02/¥4 off-peak on the zh-cn page). The 04:00 UTC start is third-party "
        "(apidog.com): unverified.",
        "note": "DeepSeek-V4.1-Flash (V4.1-Flash-1017 from 2026-10-17, same price).",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-v4-pro",
        "valid_from": "2026-04-24T00:00Z",
        "valid_until": "2026-04-26T00:00Z",
        "price": {"input": "1.74", "cached": "0.145", "output": "3.48"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 ([3p] anomalyco/opencode#29008, simonw/llm-prices). "
        "Hours unpublished, taken as 00:00 UTC: unverified.",
        "note": "DeepSeek-V4-Pro preview at list price.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-v4-pro",
        "valid_from": "2026-04-26T00:00Z",
        "valid_until": "2026-08-16T16:00Z",
        "price": {"input": "0.435", "cached": "0.003625", "output": "0.87"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 (75 % promotion from 2026-04-26, made permanent "
        "2026-05-22 per opencode#29008; official July-Aug 2026 snapshot lists it as list price); matches the stored "
        "copy of pydantic/genai-prices deepseek.yml (prices_checked 2026-06-02).",
        "note": "The promotion's announced end dates (2026-05-05, 2026-05-31) never took effect.",
    },
    {
        "provider": "deepseek",
        "checked_on": "2026-11-24",
        "model": "deepseek-v4-pro",
        "valid_from": "2026-08-16T16:00Z",
        "price": {"input": "0.66", "cached": "0.022", "output": "1.98"},
        "time_of_day": "deepseek-2026-peak",
        "in_window": {"input": "1.32", "cached": "0.044", "output": "3.96"},
        "source": _DEEPSEEK,
        "checked": _NO_WEB + "value from providers.md §2.9 (article_1779470751466; unchanged on ?check=20261115; "
        "CNY ¥4.5/¥0.15/¥13.5 off-peak on the zh-cn page). Third-party reports (2026-09-14) that deepseek-v4-pro "
        "is served by V4.1-Flash contradict the later official pages, which are followed.",
        "note": "DeepSeek-V4-Pro-0813.",
    },
    # --------------------------------------------------------------------------- Anthropic
    # Columns on Anthropic's page: base input, 5-minute cache write, 1-hour cache write, cache hit (read), output.
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-3-5-haiku",
        "valid_from": "2024-10-22T00:00Z",
        "price": {"input": "0.80", "cached": "0.08", "cache_write": "1.00", "cache_write_1h": "1.60", "output": "4.00"},
        "source": _ANTHROPIC,
        "checked": _CLAUDE + " (genai-prices also has the 1.00 cache write)." + _CLAUDE_DATE + _CLAUDE_1H_SEEN,
        "note": _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-3-7-sonnet",
        "valid_from": "2025-02-19T00:00Z",
        "price": {
            "input": "3.00",
            "cached": "0.30",
            "cache_write": "3.75",
            "cache_write_1h": "6.00",
            "output": "15.00",
        },
        "source": _ANTHROPIC,
        "checked": _CLAUDE + " (genai-prices also has the 3.75 cache write)." + _CLAUDE_DATE + _CLAUDE_1H_SEEN,
        "note": _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-opus-4",
        "valid_from": "2025-05-14T00:00Z",
        "price": {
            "input": "15.00",
            "cached": "1.50",
            "cache_write": "18.75",
            "cache_write_1h": "30.00",
            "output": "75.00",
        },
        "source": _ANTHROPIC,
        "checked": _CLAUDE + " (genai-prices also has the 18.75 cache write)." + _CLAUDE_DATE + _CLAUDE_1H_SEEN,
        "note": _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-sonnet-4",
        "valid_from": "2025-05-14T00:00Z",
        "price": {
            "input": "3.00",
            "cached": "0.30",
            "cache_write": "3.75",
            "cache_write_1h": "6.00",
            "output": "15.00",
        },
        "long_prompt_above": 200_000,
        "long_prompt_price": {
            "input": "6.00",
            "cached": "0.60",
            "cache_write": "7.50",
            "cache_write_1h": "12.00",
            "output": "22.50",
        },
        "source": _ANTHROPIC,
        "checked": _CLAUDE + " (genai-prices also has the 3.75 cache write); the >200K tier 6/0.60/22.50 is from "
        "simonw only and its 7.50 cache write from the maintainer's knowledge (unverified)."
        + _CLAUDE_DATE
        + _CLAUDE_1H_SEEN
        + " The >200K tier's 12.00 1h cache write is 2 x its input, not seen officially (unverified).",
        "note": "Prompts over 200K tokens (1M-context beta) are billed at the higher price for the whole request. "
        + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-opus-4-1",
        "valid_from": "2025-08-05T00:00Z",
        "price": {
            "input": "15.00",
            "cached": "1.50",
            "cache_write": "18.75",
            "cache_write_1h": "30.00",
            "output": "75.00",
        },
        "source": _ANTHROPIC,
        "checked": _CLAUDE
        + " (genai-prices by its claude-opus-4 prefix, with the 18.75 cache write)."
        + _CLAUDE_DATE
        + _CLAUDE_1H_SEEN,
        "note": _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-sonnet-4-5",
        "valid_from": "2025-09-29T00:00Z",
        "price": {
            "input": "3.00",
            "cached": "0.30",
            "cache_write": "3.75",
            "cache_write_1h": "6.00",
            "output": "15.00",
        },
        "long_prompt_above": 200_000,
        "long_prompt_price": {
            "input": "6.00",
            "cached": "0.60",
            "cache_write": "7.50",
            "cache_write_1h": "12.00",
            "output": "22.50",
        },
        "source": _ANTHROPIC,
        "checked": _CLAUDE_SIMONW + "; the >200K tier 6/0.60/22.50 is from simonw, its 7.50 cache write from the "
        "maintainer's knowledge (unverified)." + _CLAUDE_DATE + _CLAUDE_1H_RATE + " So is the >200K tier's 12.00.",
        "note": "Prompts over 200K tokens (1M-context beta) are billed at the higher price for the whole request. "
        + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-haiku-4-5",
        "valid_from": "2025-10-01T00:00Z",
        "price": {"input": "1.00", "cached": "0.10", "cache_write": "1.25", "cache_write_1h": "2.00", "output": "5.00"},
        "source": _ANTHROPIC,
        "checked": _CLAUDE_SIMONW + "." + _CLAUDE_DATE + _CLAUDE_1H_RATE,
        "note": _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-opus-4-5",
        "valid_from": "2025-11-01T00:00Z",
        "price": {
            "input": "5.00",
            "cached": "0.50",
            "cache_write": "6.25",
            "cache_write_1h": "10.00",
            "output": "25.00",
        },
        "source": _ANTHROPIC,
        "checked": _CLAUDE_SIMONW + "." + _CLAUDE_DATE + _CLAUDE_1H_RATE,
        "note": _CLAUDE_WRITES,
    },
    # Claude 4.6 and later have no dated snapshot ids: the official pages give one model id each
    # (claude-opus-4-6, ...), so there are no snapshot aliases to add.
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-opus-4-6",
        "valid_from": "2026-02-05T00:00Z",
        "price": {
            "input": "5.00",
            "cached": "0.50",
            "cache_write": "6.25",
            "cache_write_1h": "10.00",
            "output": "25.00",
        },
        "source": _CLAUDE_PRICING,
        "checked": _SEEN + _SEEN_TABLE + "$5 / $6.25 / $10 / $0.50 / $25 for Claude Opus 4.6; the same row on an "
        "older copy (platform.claude.com/docs/en/docs/about-claude/pricing). Model id claude-opus-4-6 and "
        "'Legacy. Released February 5, 2026' on " + _CLAUDE_MODELS + "opus-4-6/overview (.md copy); the older "
        "models overview (zh-CN) lists claude-opus-4-6 as both API id and alias (no dated snapshot)."
        + _SEEN_RELEASED
        + "date only, taken as 00:00 UTC). Its long-context price during the 1M beta was not found on an "
        "official page (unverified).",
        "note": "Flat price over the whole 1M window. Until the 1M window became GA (2026-03-13 per third parties, "
        "unverified), prompts over 200K tokens sent with the context-1m beta header were billed at a long-context "
        "price (stated on the official models overview of the time; amount not seen): such requests are "
        "under-priced here. " + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-sonnet-4-6",
        "valid_from": "2026-02-17T00:00Z",
        "price": {
            "input": "3.00",
            "cached": "0.30",
            "cache_write": "3.75",
            "cache_write_1h": "6.00",
            "output": "15.00",
        },
        "source": _CLAUDE_PRICING,
        "checked": _SEEN + "the Model pricing table of an older copy of " + _CLAUDE_PRICING + " (at "
        "platform.claude.com/docs/en/docs/about-claude/pricing) has $3 / $3.75 / $6 / $0.30 / $15 for Claude "
        "Sonnet 4.6. Model id claude-sonnet-4-6 and 'Legacy. Released February 17, 2026' on "
        + _CLAUDE_MODELS
        + "sonnet-4-6/overview (zh-CN and pt-BR .md copies)."
        + _SEEN_RELEASED
        + "date only, taken as 00:00 UTC). Long-context price during the 1M beta not seen officially (third "
        "parties: 6 / 22.50 above 200K until 2026-03-13; unverified).",
        "note": "Flat price over the whole 1M window. Until the 1M window became GA (2026-03-13 per third parties, "
        "unverified), prompts over 200K tokens in the 1M beta were billed at a long-context price (not seen "
        "officially): such requests are under-priced here. " + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-opus-4-7",
        "valid_from": "2026-04-15T00:00Z",
        "price": {
            "input": "5.00",
            "cached": "0.50",
            "cache_write": "6.25",
            "cache_write_1h": "10.00",
            "output": "25.00",
        },
        "source": _CLAUDE_PRICING,
        "checked": _SEEN + _SEEN_TABLE + "$5 / $6.25 / $10 / $0.50 / $25 for Claude Opus 4.7. Its official "
        "overview page was not in the stored copies: the model id claude-opus-4-7 and the release date are from "
        "third-party pages only (Google Cloud: released April 15, 2026; AWS Bedrock and others: April 16) and "
        "unverified; valid_from takes the earlier date, 00:00 UTC." + _CLAUDE_FLAT,
        "note": _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-opus-4-8",
        "valid_from": "2026-05-28T00:00Z",
        "price": {
            "input": "5.00",
            "cached": "0.50",
            "cache_write": "6.25",
            "cache_write_1h": "10.00",
            "output": "25.00",
        },
        "source": _CLAUDE_PRICING,
        "checked": _SEEN + _SEEN_TABLE + "$5 / $6.25 / $10 / $0.50 / $25 for Claude Opus 4.8. Model id "
        "claude-opus-4-8 and 'Legacy. Released May 28, 2026' on "
        + _CLAUDE_MODELS
        + "opus-4-8/overview (de, fr, ru .md copies)."
        + _SEEN_RELEASED
        + "date only, taken as 00:00 UTC)."
        + _CLAUDE_FLAT,
        "note": _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-fable-5",
        "valid_from": "2026-06-09T00:00Z",
        "price": {
            "input": "10.00",
            "cached": "1.00",
            "cache_write": "12.50",
            "cache_write_1h": "20.00",
            "output": "50.00",
        },
        "source": _CLAUDE_PRICING,
        "checked": _SEEN + _SEEN_TABLE + "$10 / $12.50 / $20 / $1 / $50 for Claude Fable 5. Model id claude-fable-5 "
        "and 'Legacy. Released June 9, 2026' on "
        + _CLAUDE_MODELS
        + "fable-5/overview (en .md copy)."
        + _SEEN_RELEASED
        + "date only, taken as 00:00 UTC)."
        + _CLAUDE_FLAT,
        "note": "Thinking is always on and billed as output. Fable 5 has its own billing rules for refused requests "
        "(official 'Introducing Claude Fable 5' page), not modelled. " + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-mythos-5",
        "valid_from": "2026-06-09T00:00Z",
        "price": {
            "input": "10.00",
            "cached": "1.00",
            "cache_write": "12.50",
            "cache_write_1h": "20.00",
            "output": "50.00",
        },
        "source": _CLAUDE_PRICING,
        "checked": _SEEN + _SEEN_TABLE + "$10 / $12.50 / $20 / $1 / $50 for 'Claude Mythos 5 (limited "
        "availability)'. Model id claude-mythos-5 on the official Fable 5 migration guide and 'Introducing Claude "
        "Fable 5 and Claude Mythos 5' page; the Fable 5 overview says it shares Fable 5's specifications and "
        "pricing. Its own overview page was not in the stored copies: valid_from is Fable 5's release date "
        "(same announcement), approximate." + _CLAUDE_FLAT,
        "note": "Access-gated (Project Glasswing / verification programs). " + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-sonnet-5",
        "valid_from": "2026-06-30T00:00Z",
        "price": {
            "input": "2.00",
            "cached": "0.20",
            "cache_write": "2.50",
            "cache_write_1h": "4.00",
            "output": "10.00",
        },
        "source": _CLAUDE_MODELS + "sonnet-5/overview",
        "checked": _SEEN + "the Pricing list of " + _CLAUDE_MODELS + "sonnet-5/overview (zh-CN copy) has input $2, "
        "output $10, 5m cache write $2.50, 1h cache write $4, cache read $0.20. Model id claude-sonnet-5 and "
        "'Legacy. Released June 30, 2026' on the .md copies (pt-BR, zh-CN, ja). Official pages from both before "
        "and after 2026-09-01 show $2 / $10." + _SEEN_RELEASED + "date only, taken as 00:00 UTC)." + _CLAUDE_FLAT,
        "note": "Third parties report $2 / $10 as an introductory price to 2026-08-31 with a rise to $3 / $15 "
        "announced for 2026-09-01 and then cancelled; no official page seen here shows any price but $2 / $10. "
        + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-opus-5",
        "valid_from": "2026-07-24T00:00Z",
        "price": {
            "input": "5.00",
            "cached": "0.50",
            "cache_write": "6.25",
            "cache_write_1h": "10.00",
            "output": "25.00",
        },
        "source": _CLAUDE_PRICING,
        "checked": _SEEN + _SEEN_TABLE + "$5 / $6.25 / $10 / $0.50 / $25 for Claude Opus 5; the same figures in the "
        "Pricing list of " + _CLAUDE_MODELS + "opus-5/overview. Model id claude-opus-5 and 'Legacy. Released July "
        "24, 2026' on the .md copies (zh-CN, ko, es)."
        + _SEEN_RELEASED
        + "date only, taken as 00:00 UTC)."
        + _CLAUDE_FLAT,
        "note": "Fast mode (2 x the price, per third parties) is not modelled. " + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-fable-5-1",
        "valid_from": "2026-09-01T00:00Z",
        "price": {
            "input": "10.00",
            "cached": "0.25",
            "cache_write": "12.50",
            "cache_write_1h": "20.00",
            "output": "50.00",
        },
        "source": _CLAUDE_PRICING,
        "checked": _SEEN + _SEEN_TABLE + "$10 / $12.50 / $20 / $0.25 (footnote 1, text not in the excerpt read) / "
        "$50 for Claude Fable 5.1. Model id claude-fable-5-1 and 'Latest. Released September 1, 2026' on "
        + _CLAUDE_MODELS
        + "fable-5-1/overview (zh-CN .md copy), which says cache reads cost a quarter of Fable 5's."
        + _SEEN_RELEASED
        + "date only, taken as 00:00 UTC)."
        + _CLAUDE_FLAT,
        "note": "Cache hits are 0.025 x input, not 0.1 x. " + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-mythos-5-1",
        "valid_from": "2026-09-01T00:00Z",
        "price": {
            "input": "10.00",
            "cached": "0.25",
            "cache_write": "12.50",
            "cache_write_1h": "20.00",
            "output": "50.00",
        },
        "source": _CLAUDE_PRICING,
        "checked": _SEEN + _SEEN_TABLE + "$10 / $12.50 / $20 / $0.25 / $50 for 'Claude Mythos 5.1 (limited "
        "availability)'. The Fable 5.1 overview says Mythos 5.1 offers the same capabilities to verified "
        "organisations. The model id claude-mythos-5-1 was seen only on a third-party page (unverified); "
        "valid_from is Fable 5.1's release date, approximate." + _CLAUDE_FLAT,
        "note": "Access-gated (verification programs). Cache hits are 0.025 x input. " + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-opus-5-5",
        "valid_from": "2026-09-23T00:00Z",
        "price": {
            "input": "4.00",
            "cached": "0.20",
            "cache_write": "5.00",
            "cache_write_1h": "8.00",
            "output": "20.00",
        },
        "source": _CLAUDE_MODELS + "opus-5-5/overview",
        "checked": _SEEN + "the Pricing list of " + _CLAUDE_MODELS + "opus-5-5/overview (zh-CN copy) has input $4, "
        "output $20, 5m cache write $5, 1h cache write $8, cache read $0.20; the models overview lists Claude "
        "Opus 5.5 at $4 / $20. The model id claude-opus-5-5 matches the official page slug (opus-5-5) but was seen "
        "written out only on third-party pages (unverified). No copy of the pricing page listing it was found. "
        "Its 'Released' date was not in the excerpts read: valid_from 2026-09-23 is from third parties "
        "(pricing-page refresh that day) and unverified." + _CLAUDE_FLAT,
        "note": "Cache hits are 0.05 x input, not 0.1 x. Fast mode is not modelled. " + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-sonnet-5-5",
        "valid_from": "2026-09-28T00:00Z",
        "price": {
            "input": "2.00",
            "cached": "0.20",
            "cache_write": "2.50",
            "cache_write_1h": "4.00",
            "output": "10.00",
        },
        "source": _CLAUDE_MODELS + "sonnet-5-5/overview",
        "checked": _SEEN + "the Pricing list of " + _CLAUDE_MODELS + "sonnet-5-5/overview (zh-CN copy, taken before "
        "Haiku 5.5's launch) has input $2, output $10, 5m cache write $2.50, 1h cache write $4, cache read $0.20. "
        "The model id claude-sonnet-5-5 matches the official page slug (sonnet-5-5) but was seen written out "
        "only on third-party pages (unverified). Its "
        "'Released' date was not in the excerpts read: valid_from 2026-09-28 is third-party (Runware) and "
        "unverified." + _CLAUDE_FLAT,
        "note": "Third parties report the cache-hit price cut to $0.10 (0.05 x input) from 2026-10-07; no official "
        "page seen here shows it, so cache reads are priced at the official $0.20 throughout and may be "
        "over-priced from 2026-10-07. " + _CLAUDE_WRITES,
    },
    {
        "provider": "anthropic",
        "checked_on": "2026-11-24",
        "model": "claude-haiku-5-5",
        "valid_from": "2026-10-07T00:00Z",
        "price": {
            "input": "0.10",
            "cached": "0.01",
            "cache_write": "0.125",
            "cache_write_1h": "0.20",
            "output": "0.50",
        },
        "long_prompt_above": 100_000,
        "long_prompt_price": {
            "input": "0.50",
            "cached": "0.05",
            "cache_write": "0.625",
            "cache_write_1h": "1.00",
            "output": "2.50",
        },
        "source": _CLAUDE_MODELS + "haiku-5-5/overview",
        "checked": _SEEN + "the Pricing list of " + _CLAUDE_MODELS + "haiku-5-5/overview (zh-CN, zh-TW, ja copies) "
        "has input $0.10 / $0.50, output $0.50 / $2.50, 5m cache write $0.125 / $0.625, 1h cache write $0.20 / "
        "$1 'for prompts up to 100,000 tokens' / 'over 100,000 tokens'. Model id claude-haiku-5-5 and 'Latest. "
        "Released October 7, 2026' on the .md copies (en, de, id)." + _SEEN_RELEASED + "date only, taken as "
        "00:00 UTC). The cache-read prices ($0.01 / $0.05, 0.1 x input) were cut off in every official excerpt "
        "and are from third-party pages only (unverified), as is counting cache reads and writes in the "
        "100,000 (third parties say so; llmkit's input_tokens includes them).",
        "note": "A request whose prompt (input + cache reads + cache writes) is over 100,000 tokens is billed at the "
        "higher price for all its tokens, output included. " + _CLAUDE_WRITES,
    },
    # --------------------------------------------- Amazon Bedrock (on-demand, us-east-1 source region)
    # Bedrock bills a request at the price of the Region it was sent to (the source Region), also for
    # cross-Region inference profiles; these are us-east-1's. Geographic ``us.`` profiles bill as the base
    # model; ``eu.``, ``apac.``, ``global.``… and other source Regions differ and have no price here.
    {
        "provider": "bedrock",
        "checked_on": "2026-12-04",
        "model": "amazon.nova-micro-v1:0",
        "valid_from": "2024-12-03T00:00Z",
        "price": {"input": "0.035", "output": "0.14"},
        "source": _BEDROCK,
        "checked": _BEDROCK_SEEN + _BEDROCK_NOVA,
        "note": _BEDROCK_CACHE,
    },
    {
        "provider": "bedrock",
        "checked_on": "2026-12-04",
        "model": "amazon.nova-lite-v1:0",
        "valid_from": "2024-12-03T00:00Z",
        "price": {"input": "0.06", "output": "0.24"},
        "source": _BEDROCK,
        "checked": _BEDROCK_SEEN + _BEDROCK_NOVA,
        "note": _BEDROCK_CACHE,
    },
    {
        "provider": "bedrock",
        "checked_on": "2026-12-04",
        "model": "amazon.nova-pro-v1:0",
        "valid_from": "2024-12-03T00:00Z",
        "price": {"input": "0.80", "output": "3.20"},
        "source": _BEDROCK,
        "checked": _BEDROCK_SEEN + _BEDROCK_NOVA,
        "note": _BEDROCK_CACHE,
    },
    {
        "provider": "bedrock",
        "checked_on": "2026-12-04",
        "model": "amazon.nova-2-lite-v1:0",
        "valid_from": "2025-12-02T00:00Z",
        "price": {"input": "0.33", "output": "2.75"},
        "source": _BEDROCK,
        "checked": _BEDROCK_SEEN + " valid_from is Nova 2 Lite's launch day as a third-party page gives it "
        "(unverified). Served only through cross-Region profiles (us., global.).",
        "note": _BEDROCK_CACHE,
    },
    # ------------------------------------------------------------------------------ Gemini
    {
        "provider": "google",
        "checked_on": "2026-12-04",
        "model": "gemini-2.0-flash",
        "valid_from": "2025-02-05T00:00Z",
        "price": {"input": "0.10", "cached": "0.025", "output": "0.40"},
        "source": _GEMINI,
        "checked": _GEMINI_READ + "input/output match the stored copies of pydantic/genai-prices "
        "prices/providers/google.yml and simonw/llm-prices data/google.json; the cached price is from the "
        "maintainer's knowledge only (unverified)." + _GEMINI_DATE,
    },
    {
        "provider": "google",
        "checked_on": "2026-12-04",
        "model": "gemini-2.0-flash-lite",
        "valid_from": "2025-02-25T00:00Z",
        "price": {"input": "0.075", "output": "0.30"},
        "source": _GEMINI,
        "checked": _GEMINI_READ + "matches the stored copies of pydantic/genai-prices prices/providers/google.yml "
        "and simonw/llm-prices data/google.json (no caching price: cache hits bill as input)." + _GEMINI_DATE,
    },
    {
        "provider": "google",
        "checked_on": "2026-12-04",
        "model": "gemini-2.5-pro",
        "valid_from": "2025-06-17T00:00Z",
        "price": {"input": "1.25", "cached": "0.125", "output": "10.00"},
        "long_prompt_above": 200_000,
        "long_prompt_price": {"input": "2.50", "cached": "0.25", "output": "15.00"},
        "source": _GEMINI,
        "checked": _GEMINI_READ + "both tiers match the stored copy of simonw/llm-prices data/google.json "
        "(gemini-2.5-pro and gemini-2.5-pro-200k); the caching prices 0.125 / 0.25 are also quoted from the "
        "official page in a stored discuss.ai.google.dev thread (question-about-gemini-api-caching-pricing); "
        "the stored genai-prices copy is older (cached 0.31)." + _GEMINI_DATE,
        "note": "Prompts over 200K tokens are billed at the higher price for the whole request.",
    },
    {
        "provider": "google",
        "checked_on": "2026-12-04",
        "model": "gemini-2.5-flash",
        "valid_from": "2025-06-17T00:00Z",
        "price": {"input": "0.30", "cached": "0.03", "output": "2.50"},
        "source": _GEMINI,
        "checked": _GEMINI_READ + "matches the stored copy of simonw/llm-prices data/google.json; input/output "
        "also match pydantic/genai-prices (whose stored copy has the older cached price 0.075)." + _GEMINI_DATE,
    },
    {
        "provider": "google",
        "checked_on": "2026-12-04",
        "model": "gemini-2.5-flash-lite",
        "valid_from": "2025-07-22T00:00Z",
        "price": {"input": "0.10", "cached": "0.01", "output": "0.40"},
        "source": _GEMINI,
        "checked": _GEMINI_READ + "matches the stored copy of simonw/llm-prices data/google.json." + _GEMINI_DATE,
    },
    {
        "provider": "google",
        "checked_on": "2026-12-04",
        "model": "gemini-3-pro-preview",
        "valid_from": "2025-11-18T00:00Z",
        "price": {"input": "2.00", "cached": "0.20", "output": "12.00"},
        "long_prompt_above": 200_000,
        "long_prompt_price": {"input": "4.00", "cached": "0.40", "output": "18.00"},
        "source": _GEMINI,
        "checked": _GEMINI_READ + "input/output of both tiers match the stored copy of simonw/llm-prices "
        "data/google.json (gemini-3-pro-preview and -200k); the cached prices (a tenth of input) are from the "
        "maintainer's knowledge only (unverified)." + _GEMINI_DATE,
        "note": "Prompts over 200K tokens are billed at the higher price for the whole request.",
    },
    {
        "provider": "google",
        "checked_on": "2026-12-04",
        "model": "gemini-3-flash-preview",
        "valid_from": "2025-12-17T00:00Z",
        "price": {"input": "0.50", "cached": "0.05", "output": "3.00"},
        "source": _GEMINI,
        "checked": _GEMINI_READ + "input/output match the stored copy of simonw/llm-prices data/google.json; "
        "all three are quoted from the official page in a stored third-party copy "
        "(factquire.com models/google/gemini-3-flash-preview.json, accessed 2026-07-04)." + _GEMINI_DATE,
    },
)

_ALIASES: tuple[AliasData, ...] = (
    # ------------------------------------------------------------------------------ OpenAI
    {"provider": "openai", "name": "gpt-3.5-turbo-16k-0613", "target": "gpt-3.5-turbo-16k"},
    {"provider": "openai", "name": "gpt-4-turbo-preview", "target": "gpt-4-0125-preview"},
    {"provider": "openai", "name": "gpt-5-chat", "target": "gpt-5"},
    {"provider": "openai", "name": "gpt-5-chat-latest", "target": "gpt-5"},
    {"provider": "openai", "name": "gpt-5-codex", "target": "gpt-5"},
    {"provider": "openai", "name": "gpt-5.1-chat-latest", "target": "gpt-5.1"},
    {"provider": "openai", "name": "gpt-5.1-codex", "target": "gpt-5.1"},
    {"provider": "openai", "name": "gpt-5.2-chat-latest", "target": "gpt-5.2"},
    {"provider": "openai", "name": "gpt-5.2-codex", "target": "gpt-5.2"},
    # ---------------------------------------------------------------------------- DeepSeek
    {
        "provider": "deepseek",
        "name": "deepseek-coder",
        "target": "deepseek-chat",
        "valid_until": "2024-12-26T00:00Z",
        "note": "deepseek-coder was billed as deepseek-chat in 2024 and merged into it with V2.5 (2024-09-05).",
    },
    {
        "provider": "deepseek",
        "name": "deepseek-coder",
        "target": "deepseek-chat",
        "valid_from": "2024-12-26T00:00Z",
        "note": "deepseek-coder is not documented after V2.5; priced as deepseek-chat, which absorbed it (unverified).",
    },
    {
        "provider": "deepseek",
        "name": "deepseek-chat",
        "target": "deepseek-v4-flash",
        "valid_from": "2026-04-24T00:00Z",
        "valid_until": "2026-07-24T16:00Z",
        "note": "deepseek-chat is deepseek-v4-flash (non-thinking mode) since V4 (2026-04-24).",
    },
    {
        "provider": "deepseek",
        "name": "deepseek-chat",
        "target": "deepseek-v4-flash",
        "valid_from": "2026-07-24T16:00Z",
        "note": "deepseek-chat was retired at 2026-07-24 15:59 UTC and DeepSeek says calls fail after it; a usage "
        "that still arrives was served by the flash line, so it is priced as deepseek-v4-flash.",
        "warn": True,
    },
    {
        "provider": "deepseek",
        "name": "deepseek-reasoner",
        "target": "deepseek-v4-flash",
        "valid_from": "2026-04-24T00:00Z",
        "valid_until": "2026-07-24T16:00Z",
        "note": "deepseek-reasoner is deepseek-v4-flash (thinking mode) since V4 (2026-04-24).",
    },
    {
        "provider": "deepseek",
        "name": "deepseek-reasoner",
        "target": "deepseek-v4-flash",
        "valid_from": "2026-07-24T16:00Z",
        "note": "deepseek-reasoner was retired at 2026-07-24 15:59 UTC and DeepSeek says calls fail after it; a "
        "usage that still arrives was served by the flash line, so it is priced as deepseek-v4-flash.",
        "warn": True,
    },
    {
        "provider": "deepseek",
        "name": "deepseek-v4-flash",
        "target": "deepseek-flash",
        "valid_from": "2026-09-10T04:00Z",
        "note": "deepseek-v4-flash is still accepted but served by DeepSeek-V4.1-Flash at the deepseek-flash price "
        "since 2026-09-10.",
    },
    {
        "provider": "deepseek",
        "name": "deepseek-v4-flash-vision-exp",
        "target": "deepseek-v4-flash",
        "valid_until": "2026-09-10T04:00Z",
        "note": "deepseek-v4-flash-vision-exp is billed at the deepseek-v4-flash price (launch date not known here).",
    },
    {
        "provider": "deepseek",
        "name": "deepseek-v4-flash-vision-exp",
        "target": "deepseek-flash",
        "valid_from": "2026-09-10T04:00Z",
        "note": "deepseek-v4-flash-vision-exp is still accepted but served by DeepSeek-V4.1-Flash at the "
        "deepseek-flash price since 2026-09-10.",
    },
    # ---------------------------------------------------------------------------- Anthropic
    # Dated snapshot ids (-YYYYMMDD) and Anthropic's -latest / -0 pointers bill as their model.
    {"provider": "anthropic", "name": "claude-3-5-haiku-20241022", "target": "claude-3-5-haiku"},
    {"provider": "anthropic", "name": "claude-3-5-haiku-latest", "target": "claude-3-5-haiku"},
    {"provider": "anthropic", "name": "claude-3-7-sonnet-20250219", "target": "claude-3-7-sonnet"},
    {"provider": "anthropic", "name": "claude-3-7-sonnet-latest", "target": "claude-3-7-sonnet"},
    {"provider": "anthropic", "name": "claude-opus-4-20250514", "target": "claude-opus-4"},
    {"provider": "anthropic", "name": "claude-opus-4-0", "target": "claude-opus-4"},
    {"provider": "anthropic", "name": "claude-sonnet-4-20250514", "target": "claude-sonnet-4"},
    {"provider": "anthropic", "name": "claude-sonnet-4-0", "target": "claude-sonnet-4"},
    {"provider": "anthropic", "name": "claude-opus-4-1-20250805", "target": "claude-opus-4-1"},
    {"provider": "anthropic", "name": "claude-sonnet-4-5-20250929", "target": "claude-sonnet-4-5"},
    {"provider": "anthropic", "name": "claude-haiku-4-5-20251001", "target": "claude-haiku-4-5"},
    {"provider": "anthropic", "name": "claude-opus-4-5-20251101", "target": "claude-opus-4-5"},
    # ------------------------------------------------------------------------------ Bedrock
    # A geographic US inference profile bills at its source Region's price: us-east-1's for a request
    # sent there. Other profiles (eu., apac., global.) are not aliased: their source Regions' prices differ.
    {"provider": "bedrock", "name": "us.amazon.nova-micro-v1:0", "target": "amazon.nova-micro-v1:0"},
    {"provider": "bedrock", "name": "us.amazon.nova-lite-v1:0", "target": "amazon.nova-lite-v1:0"},
    {"provider": "bedrock", "name": "us.amazon.nova-pro-v1:0", "target": "amazon.nova-pro-v1:0"},
    {"provider": "bedrock", "name": "us.amazon.nova-2-lite-v1:0", "target": "amazon.nova-2-lite-v1:0"},
)

# Providers added with issue #18 keep their rows in their own modules; this table collects them.
_PROVIDER_MODULES = (
    _rows_azure,
    _rows_cerebras,
    _rows_crusoe,
    _rows_fireworks,
    _rows_groq,
    _rows_mistral,
    _rows_together,
    _rows_xai,
    _rows_zai,
)

ROWS: tuple[RowData, ...] = _ROWS + tuple(row for module in _PROVIDER_MODULES for row in module.ROWS)
ALIASES: tuple[AliasData, ...] = _ALIASES + tuple(alias for module in _PROVIDER_MODULES for alias in module.ALIASES)
FACTS: tuple[FactsData, ...] = _facts_core.FACTS + tuple(
    facts for module in _PROVIDER_MODULES for facts in module.FACTS
)

PROVIDER_ALIASES: dict[str, str] = {
    # Handlers whose usage bills at another provider's rows, by the provider name a user may type.
    "gemini": "google",  # the OpenAI-compatible Gemini endpoint: the Gemini API's prices
    "vertex": "google",
    "openai-responses": "openai",
    "azure": "openai",  # Global Standard deployments; Data Zone / Regional: azure-data-zone
}
"""Provider name -> the provider whose rows price it, when it has no row of its own."""
