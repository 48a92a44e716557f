"""The shapes of the catalog's literals: price rows, time-of-day rules, aliases, model facts.

The row modules (``_table.py`` and ``_rows_<provider>.py``) are plain literals of these shapes;
``_index`` turns them into typed objects on the first lookup.
"""

from __future__ import annotations

from typing import TypedDict


class PriceData(TypedDict, total=False):
    input: str
    cached: str
    cache_write: str
    cache_write_1h: str
    output: str


class RuleData(TypedDict):
    label: str
    outside_label: str
    windows: tuple[tuple[str, str], ...]
    weekdays: str  # "all" or "mon-fri"
    weekday_utc_offset_hours: int


class RowData(TypedDict, total=False):
    provider: str
    model: str
    valid_from: str
    valid_until: str
    price: PriceData
    time_of_day: str  # a key of TIME_OF_DAY_RULES
    in_window: PriceData  # the price inside the rule's windows
    long_prompt_above: int
    long_prompt_price: PriceData
    source: str
    checked_on: str  # YYYY-MM-DD: the day this row was last compared with its sources
    checked: str  # against what, and what could not be verified
    note: str


class AliasData(TypedDict, total=False):
    provider: str
    name: str
    target: str
    valid_from: str
    valid_until: str
    note: str
    warn: bool  # log the note once: the name should no longer be answered at all


class FactsData(TypedDict, total=False):
    """What a model can take and give, beside its price: limits in tokens, capabilities."""

    provider: str
    model: str
    context_window: int  # prompt plus output, in tokens
    max_output: int  # the most output tokens one request may ask for
    inputs: tuple[str, ...]  # "text", "image", "audio", "video", "pdf"
    reasoning: bool
    tools: bool
    hard_limit: bool  # two sources agree on max_output: a request asking for more is refused
    source: str
    checked_on: str  # YYYY-MM-DD
    checked: str
