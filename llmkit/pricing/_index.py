"""Finding the row that prices a model at an instant: shipped rows, runtime rows, aliases.

The shipped table is turned into rows once, on the first lookup (``shipped()``), never at import.
Rows registered at runtime live beside it and win over it wherever they are in force.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from ._types import (
    EVERY_DAY,
    MONDAY_TO_FRIDAY,
    LongPromptRule,
    ModelFacts,
    Price,
    PriceQuote,
    PriceRow,
    TimeOfDayRule,
)

if TYPE_CHECKING:
    from ._data import FactsData, PriceData, RowData, RuleData

# A dated snapshot id ends in -YYYY-MM-DD (OpenAI since 2024) or -MMDD (older OpenAI ids).
_SNAPSHOT_SUFFIX = re.compile(r"-(?:\d{4}-\d{2}-\d{2}|\d{4})$")
_MAX_ALIAS_HOPS = 8


def key(provider: str, model: str) -> tuple[str, str]:
    """The table key of a provider and model: names compare without case or surrounding spaces."""
    return provider.strip().lower(), model.strip().lower()


@dataclass(frozen=True)
class Alias:
    """Over ``[valid_from, valid_until)``, ``name`` bills at ``target``'s price."""

    provider: str
    name: str
    target: str
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    note: str = ""
    warn: bool = False

    def covers(self, at: datetime) -> bool:
        return (self.valid_from is None or self.valid_from <= at) and (
            self.valid_until is None or at < self.valid_until
        )


@dataclass(frozen=True)
class ShippedTable:
    """The shipped table, indexed by ``key(provider, model)``; rows sorted by ``valid_from``."""

    rows: dict[tuple[str, str], tuple[PriceRow, ...]]
    aliases: dict[tuple[str, str], tuple[Alias, ...]]
    facts: dict[tuple[str, str], ModelFacts]
    provider_aliases: dict[str, str]
    """Provider name -> the provider whose rows price it when it has none of its own."""


def parse_utc(text: str) -> datetime:
    """A UTC ``datetime`` from ISO 8601 text, which must carry its offset (``Z`` or ``+HH:MM``)."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset")
    return value.astimezone(UTC)


def _price(data: PriceData) -> Price:
    cached, write, write_1h = data.get("cached"), data.get("cache_write"), data.get("cache_write_1h")
    return Price(
        input=Decimal(data["input"]),
        output=Decimal(data["output"]),
        cached_input=None if cached is None else Decimal(cached),
        cache_write=None if write is None else Decimal(write),
        cache_write_1h=None if write_1h is None else Decimal(write_1h),
    )


def _rule(data: RuleData, price: Price) -> TimeOfDayRule:
    return TimeOfDayRule(
        label=data["label"],
        outside_label=data["outside_label"],
        windows=tuple((time.fromisoformat(start), time.fromisoformat(end)) for start, end in data["windows"]),
        price=price,
        weekdays={"all": EVERY_DAY, "mon-fri": MONDAY_TO_FRIDAY}[data["weekdays"]],
        weekday_utc_offset=timedelta(hours=data["weekday_utc_offset_hours"]),
    )


def _row(data: RowData, rules: dict[str, RuleData]) -> PriceRow:
    until = data.get("valid_until")
    rule_name = data.get("time_of_day")
    above = data.get("long_prompt_above")
    return PriceRow(
        provider=data["provider"],
        model=data["model"],
        valid_from=parse_utc(data["valid_from"]),
        valid_until=None if until is None else parse_utc(until),
        price=_price(data["price"]),
        time_of_day=None if rule_name is None else _rule(rules[rule_name], _price(data["in_window"])),
        long_prompt=None if above is None else LongPromptRule(above, _price(data["long_prompt_price"])),
        source=data.get("source", ""),
        checked=data.get("checked", ""),
        note=data.get("note", ""),
        checked_on=_day(data.get("checked_on")),
    )


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _facts(data: FactsData) -> ModelFacts:
    return ModelFacts(
        provider=data["provider"],
        model=data["model"],
        context_window=data.get("context_window"),
        max_output=data.get("max_output"),
        inputs=data.get("inputs", ()),
        reasoning=data.get("reasoning"),
        tools=data.get("tools"),
        hard_limit=data.get("hard_limit", False),
        source=data.get("source", ""),
        checked_on=_day(data.get("checked_on")),
        checked=data.get("checked", ""),
    )


@cache
def shipped() -> ShippedTable:
    """The shipped table, built on first use and kept (the lookup runs once per stream)."""
    from . import _table  # deferred on purpose: importing llmkit must not load the table

    rows: dict[tuple[str, str], list[PriceRow]] = {}
    for data in _table.ROWS:
        row = _row(data, _table.TIME_OF_DAY_RULES)
        rows.setdefault(key(row.provider, row.model), []).append(row)
    aliases: dict[tuple[str, str], list[Alias]] = {}
    for entry in _table.ALIASES:
        since, until = entry.get("valid_from"), entry.get("valid_until")
        alias = Alias(
            provider=entry["provider"],
            name=entry["name"],
            target=entry["target"],
            valid_from=None if since is None else parse_utc(since),
            valid_until=None if until is None else parse_utc(until),
            note=entry.get("note", ""),
            warn=entry.get("warn", False),
        )
        aliases.setdefault(key(alias.provider, alias.name), []).append(alias)
    facts: dict[tuple[str, str], ModelFacts] = {}
    for entry_facts in _table.FACTS:
        name = key(entry_facts["provider"], entry_facts["model"])
        if name in facts:
            raise ValueError(f"two facts rows for {name[0]}/{name[1]}")
        facts[name] = _facts(entry_facts)
    return ShippedTable(
        rows={name: tuple(sorted(found, key=lambda row: row.valid_from)) for name, found in rows.items()},
        aliases={name: tuple(found) for name, found in aliases.items()},
        facts=facts,
        provider_aliases=dict(_table.PROVIDER_ALIASES),
    )


class Registry:
    """Rows added at runtime; the newest row in force at an instant wins over older ones."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Replaced, never mutated, so a lookup reads a consistent snapshot without the lock.
        self._rows: dict[tuple[str, str], tuple[PriceRow, ...]] = {}

    def add(self, row: PriceRow) -> None:
        with self._lock:
            name = key(row.provider, row.model)
            self._rows = {**self._rows, name: (*self._rows.get(name, ()), row)}

    def remove(self, row: PriceRow) -> bool:
        """Remove ``row`` (the object ``add`` got); False when it is not registered."""
        with self._lock:
            name = key(row.provider, row.model)
            kept = tuple(existing for existing in self._rows.get(name, ()) if existing is not row)
            if len(kept) == len(self._rows.get(name, ())):
                return False
            rows = dict(self._rows)
            if kept:
                rows[name] = kept
            else:
                del rows[name]
            self._rows = rows
            return True

    def clear(self) -> None:
        with self._lock:
            self._rows = {}

    def rows_for(self, name: tuple[str, str]) -> tuple[PriceRow, ...]:
        return self._rows.get(name, ())

    def names(self) -> tuple[tuple[str, str], ...]:
        return tuple(self._rows)

    def all_rows(self) -> Iterable[PriceRow]:
        for rows in self._rows.values():
            yield from rows


registry = Registry()


@dataclass(frozen=True)
class Found:
    """A row, whether it was registered, and the names and notes that led to it."""

    row: PriceRow
    registered: bool
    route: tuple[str, ...]
    notes: tuple[str, ...]
    warnings: tuple[str, ...]


def find(provider: str, model: str, at: datetime) -> Found | None:
    """The row pricing ``model`` at ``at`` (UTC-aware), or None when there is none.

    Order, at each name: a registered row in force, a shipped row in force, an alias in force
    (followed to its target), and only for a name the table does not know at all, the same
    name without its snapshot date. A known name outside its rows' dates has no price. A
    provider with no row for the name is then looked up as the provider whose rows price it
    (``gemini`` as ``google``).
    """
    name = key(provider, model)
    found = _find(name, at, 0)
    target = shipped().provider_aliases.get(name[0])
    if found is None and target is not None:
        return _find((target, name[1]), at, 0)
    return found


def known_providers() -> frozenset[str]:
    """Every provider name the table or the runtime rows can price (lower case)."""
    table = shipped()
    names = {provider for provider, _ in table.rows} | {provider for provider, _ in registry.names()}
    return frozenset(names | set(table.provider_aliases))


def known_models(provider: str) -> frozenset[str]:
    """Every model name (rows and aliases, shipped or registered) known for ``provider`` (lower case)."""
    table = shipped()
    wanted = {provider.strip().lower()}
    target = table.provider_aliases.get(provider.strip().lower())
    if target is not None:
        wanted.add(target)
    names = [*table.rows, *table.aliases, *registry.names()]
    return frozenset(model for owner, model in names if owner in wanted)


def _find(name: tuple[str, str], at: datetime, hops: int) -> Found | None:
    if hops > _MAX_ALIAS_HOPS:
        raise RuntimeError(f"alias loop while pricing {name[0]}/{name[1]}")
    table = shipped()
    for row in reversed(registry.rows_for(name)):
        if row.covers(at):
            return Found(row, True, (row.model,), (), ())
    for row in table.rows.get(name, ()):
        if row.covers(at):
            return Found(row, False, (row.model,), (), ())
    aliases = table.aliases.get(name, ())
    for alias in aliases:
        if alias.covers(at):
            found = _find(key(alias.provider, alias.target), at, hops + 1)
            if found is None:
                return None
            notes = (alias.note, *found.notes) if alias.note else found.notes
            warnings = (alias.note, *found.warnings) if alias.warn else found.warnings
            return Found(found.row, found.registered, (alias.name, *found.route), notes, warnings)
    if registry.rows_for(name) or name in table.rows or aliases:
        return None
    stripped = _SNAPSHOT_SUFFIX.sub("", name[1])
    if stripped == name[1]:
        return None
    found = _find((name[0], stripped), at, hops + 1)
    if found is None:
        return None
    note = f"{name[1]} has no price of its own; priced as {stripped}"
    return Found(found.row, found.registered, (name[1], *found.route), (note, *found.notes), found.warnings)


def quote_for(found: Found, provider: str, model: str, at: datetime) -> PriceQuote:
    """The public quote for what ``find`` returned."""
    price, period = found.row.price_at(at)
    return PriceQuote(
        provider=provider,
        model=model,
        at=at,
        row=found.row,
        price=price,
        period=period,
        route=found.route,
        notes=found.notes,
        registered=found.registered,
    )
