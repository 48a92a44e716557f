"""Exact, dated prices for LLM usage: what a stream cost, in USD, as a ``Decimal``.

::

    from datetime import UTC, datetime
    from llmkit import Usage
    from llmkit.pricing import cost

    usage = Usage(input_tokens=1000, cache_read_tokens=800, output_tokens=200)
    cost(usage, provider="deepseek", model="deepseek-chat", at=datetime(2026, 9, 1, 2, tzinfo=UTC))
    # Decimal('0.0003632')

Prices come from a table shipped with llmkit (``llmkit models`` lists every model, its price,
limits and the day its row was checked; ``llmkit.models.model_info`` answers the same in code),
read on the first lookup and never at import. Rows registered at
runtime (``register_price``, ``override_price``) win over the shipped ones, for a private
deployment or a negotiated rate. A model with no known price costs ``None``, never 0, and is
reported once per provider and model on the ``llmkit.pricing`` logger.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal, localcontext

from .._lazy import publish
from ._index import find, key, quote_for, registry, shipped
from ._tiers import tier_multiplier
from ._types import (
    EVERY_DAY,
    MONDAY_TO_FRIDAY,
    LongPromptRule,
    Price,
    PriceQuote,
    PriceRow,
    TimeOfDayRule,
    TokenCounts,
    require_aware,
)

__all__ = [
    "EVERY_DAY",
    "MONDAY_TO_FRIDAY",
    "LongPromptRule",
    "Price",
    "PriceQuote",
    "PriceRow",
    "TimeOfDayRule",
    "TokenCounts",
    "cost",
    "override_price",
    "price_for",
    "quote",
    "register_price",
    "shipped_rows",
    "unregister_price",
]

logger = logging.getLogger("llmkit.pricing")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_reported: set[tuple[str, ...]] = set()
_reported_lock = threading.Lock()


def _report_once(topic: tuple[str, ...], message: str, *args: object) -> None:
    """Log ``message`` at WARNING the first time ``topic`` comes up in this process."""
    with _reported_lock:
        if topic in _reported:
            return
        _reported.add(topic)
    logger.warning(message, *args)


def _instant(at: datetime | None) -> datetime:
    return datetime.now(UTC) if at is None else require_aware(at).astimezone(UTC)


def quote(provider: str, model: str, at: datetime | None = None) -> PriceQuote | None:
    """The price row that bills ``model`` on ``provider`` at ``at`` (default: now), and how it
    was found; ``None`` when llmkit knows no price for it then.

    ``provider`` is the adapter's name (``"openai"``, ``"deepseek"``…). ``model`` may be an alias,
    a legacy name, or a dated snapshot: it resolves to the model that billed for it at ``at``.
    ``at`` must be timezone-aware.
    """
    instant = _instant(at)
    found = find(provider, model, instant)
    if found is None:
        return None
    for warning in found.warnings:
        _report_once((*key(provider, model), warning), "%s/%s: %s", provider, model, warning)
    return quote_for(found, provider, model, instant)


def price_for(provider: str, model: str, at: datetime | None = None) -> Price | None:
    """The per-million-token ``Price`` of ``model`` at ``at`` (default: now), time-of-day rule
    applied; ``None`` when no price is known. A long-prompt surcharge depends on the usage, so
    it is not applied here (``cost`` applies it)."""
    found = quote(provider, model, at)
    return None if found is None else found.price


def cost(usage: TokenCounts, *, provider: str, model: str, at: datetime | None = None) -> Decimal | None:
    """The exact cost in USD of ``usage`` for ``model`` on ``provider`` at ``at`` (default: now).

    ``at`` is when the request was made, timezone-aware: it selects the dated row and any
    peak/off-peak price. Cache reads are billed at the cached price and cache writes at the
    cache-write price (1-hour writes at the 1-hour price where the row has one), each once;
    reasoning tokens are output. A usage that reports a ``service_tier`` (flex, priority…) is
    billed at the tier's published multiple of the price. Returns ``None``, with one
    warning per provider and model, when no price is known or the usage is impossible
    (more cache tokens than prompt tokens), so a stream never fails over its bill.
    """
    instant = _instant(at)
    found = quote(provider, model, instant)
    if found is None:
        _report_once(
            key(provider, model),
            "llmkit has no price for %s model %r at %s, so its cost is None; add one with "
            "llmkit.pricing.register_price(...)",
            provider,
            model,
            instant.isoformat(),
        )
        return None
    try:
        standard = found.cost_of(usage)
    except ValueError as error:
        _report_once((*key(provider, model), "usage"), "%s/%s: cannot price this usage: %s", provider, model, error)
        return None
    tier = getattr(usage, "service_tier", None)
    multiplier = tier_multiplier(provider, model, tier)
    if multiplier is None:
        _report_once(
            (*key(provider, model), "tier", str(tier)),
            "llmkit knows no price of the %r service tier for %s model %r, so its cost is None",
            tier,
            provider,
            model,
        )
        return None
    if multiplier == 1:
        return standard
    with localcontext() as context:
        context.prec = 100  # as exact as the standard cost (Price.cost_of): no digit rounded away
        return standard * multiplier


def _amount(value: Decimal | str | int, name: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"{name} must be a Decimal, str or int (a float is not exact), got {value!r}")
    return Decimal(value)


def _optional_amount(value: Decimal | str | int | None, name: str) -> Decimal | None:
    return None if value is None else _amount(value, name)


def register_price(
    provider: str,
    model: str,
    *,
    input: Decimal | str | int,
    output: Decimal | str | int,
    cached_input: Decimal | str | int | None = None,
    cache_write: Decimal | str | int | None = None,
    cache_write_1h: Decimal | str | int | None = None,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    time_of_day: TimeOfDayRule | None = None,
    long_prompt: LongPromptRule | None = None,
    source: str = "registered at runtime",
    note: str = "",
) -> PriceRow:
    """Price ``model`` on ``provider`` in USD per million tokens, ahead of the shipped table.

    The row wins wherever it is in force (``valid_from``, default always, to ``valid_until``,
    default never); outside that period the shipped rows still apply. It also prices any alias
    that resolves to ``model``, and may name a provider or model llmkit does not know. Returns
    the row; pass it to ``unregister_price`` to remove it again. ``cache_write_1h`` prices the
    cache writes made with a 1-hour lifetime (``Usage.cache_write_1h_tokens``); without it they
    cost ``cache_write``.
    """
    row = PriceRow(
        provider=provider,
        model=model,
        valid_from=_EPOCH if valid_from is None else require_aware(valid_from, "valid_from"),
        valid_until=valid_until,
        price=Price(
            input=_amount(input, "input"),
            output=_amount(output, "output"),
            cached_input=_optional_amount(cached_input, "cached_input"),
            cache_write=_optional_amount(cache_write, "cache_write"),
            cache_write_1h=_optional_amount(cache_write_1h, "cache_write_1h"),
        ),
        time_of_day=time_of_day,
        long_prompt=long_prompt,
        source=source,
        checked="registered at runtime",
        note=note,
    )
    registry.add(row)
    return row


def unregister_price(row: PriceRow) -> bool:
    """Remove a row ``register_price`` returned; False when it was not registered."""
    return registry.remove(row)


@contextmanager
def override_price(
    provider: str,
    model: str,
    *,
    input: Decimal | str | int,
    output: Decimal | str | int,
    cached_input: Decimal | str | int | None = None,
    cache_write: Decimal | str | int | None = None,
    cache_write_1h: Decimal | str | int | None = None,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    time_of_day: TimeOfDayRule | None = None,
    long_prompt: LongPromptRule | None = None,
    source: str = "registered at runtime",
    note: str = "",
) -> Iterator[PriceRow]:
    """``register_price`` for the duration of a ``with`` block; yields the row."""
    row = register_price(
        provider,
        model,
        input=input,
        output=output,
        cached_input=cached_input,
        cache_write=cache_write,
        cache_write_1h=cache_write_1h,
        valid_from=valid_from,
        valid_until=valid_until,
        time_of_day=time_of_day,
        long_prompt=long_prompt,
        source=source,
        note=note,
    )
    try:
        yield row
    finally:
        unregister_price(row)


def shipped_rows() -> tuple[PriceRow, ...]:
    """Every row of the shipped table, by provider, model and date (loads the table)."""
    table = shipped()
    return tuple(row for name in sorted(table.rows) for row in table.rows[name])


publish(globals())
