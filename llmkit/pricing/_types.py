"""The value types of the price table: a price, the rules that switch it, a dated row, a quote.

Every amount is a ``Decimal`` in USD per million tokens, so a cost is exact: nothing here rounds.
Times are timezone-aware; windows and validity ranges are half-open (start included, end not).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, localcontext
from typing import Protocol

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EVERY_DAY: frozenset[int] = frozenset(range(7))
"""All weekdays (``datetime.weekday()`` numbers, Monday = 0)."""
MONDAY_TO_FRIDAY: frozenset[int] = frozenset(range(5))
"""Monday to Friday (``datetime.weekday()`` numbers)."""


class TokenCounts(Protocol):
    """What pricing reads from a usage; ``llmkit.Usage`` is one.

    ``input_tokens`` counts every prompt token, cache reads and cache writes included;
    ``output_tokens`` counts every completion token, reasoning included.

    A usage may also have ``cache_write_1h_tokens``, the part of ``cache_write_tokens`` written
    with a 1-hour lifetime; pricing reads it when present and takes 0 otherwise, so it is not a
    member here (a usage type written before it existed still qualifies).
    """

    @property
    def input_tokens(self) -> int: ...

    @property
    def output_tokens(self) -> int: ...

    @property
    def cache_read_tokens(self) -> int: ...

    @property
    def cache_write_tokens(self) -> int: ...


def require_aware(at: datetime, what: str = "at") -> datetime:
    """``at`` itself, or a ``ValueError`` when it has no time zone (a naive time is ambiguous)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (for example datetime.now(UTC)), got {at!r}")
    return at


@dataclass(frozen=True)
class Price:
    """USD per million tokens for each kind of token a request is billed for.

    ``cached_input`` is the price of a prompt token read from the provider's cache and
    ``cache_write`` the price of a prompt token written to it. ``None`` means the provider has no
    separate price for that kind, so those tokens are ordinary input and cost ``input``.
    ``cache_write_1h`` is the price of a prompt token written with a 1-hour lifetime (Anthropic
    bills those at 2 x input, 5-minute writes at 1.25 x); ``None`` bills them at ``cache_write``,
    like every other write.
    """

    input: Decimal
    output: Decimal
    cached_input: Decimal | None = None
    cache_write: Decimal | None = None
    cache_write_1h: Decimal | None = None

    def __post_init__(self) -> None:
        for name in ("input", "output", "cached_input", "cache_write", "cache_write_1h"):
            value = getattr(self, name)
            if value is None:
                continue
            if not isinstance(value, Decimal):
                # A float would carry its binary rounding error into every cost.
                raise TypeError(f"Price.{name} must be a Decimal (build it from a string), got {value!r}")
            if not value.is_finite() or value < 0:
                raise ValueError(f"Price.{name} must be a finite amount >= 0, got {value}")

    def cost_of(self, usage: TokenCounts) -> Decimal:
        """The exact cost of ``usage`` at this price, in USD.

        Cached and cache-write tokens are part of ``input_tokens``; each prompt token is billed
        once, at the price of its kind. The 1-hour writes (``cache_write_1h_tokens``, when the
        usage has it) are part of ``cache_write_tokens`` and cost ``cache_write_1h``, the other
        writes ``cache_write``. Reasoning tokens are already inside ``output_tokens``.
        Raises ``ValueError`` for counts that cannot be a real usage (negative, more cache
        tokens than prompt tokens, or more 1-hour writes than writes).
        """
        read, write = usage.cache_read_tokens, usage.cache_write_tokens
        # Not a member of TokenCounts, so that a usage type without it still qualifies.
        write_1h: int = getattr(usage, "cache_write_1h_tokens", 0)
        counts = (usage.input_tokens, usage.output_tokens, read, write, write_1h)
        if min(counts) < 0:
            raise ValueError(f"token counts must be >= 0, got {counts}")
        uncached = usage.input_tokens - read - write
        if uncached < 0:
            raise ValueError(
                f"cache reads ({read}) plus cache writes ({write}) exceed the prompt tokens ({usage.input_tokens})"
            )
        if write_1h > write:
            raise ValueError(f"1-hour cache writes ({write_1h}) exceed the cache writes ({write})")
        # No cached or cache-write price of its own: the provider bills those tokens as input;
        # no 1-hour price of its own: those writes cost what the other writes cost.
        cached_price = self.input if self.cached_input is None else self.cached_input
        write_price = self.input if self.cache_write is None else self.cache_write
        write_1h_price = write_price if self.cache_write_1h is None else self.cache_write_1h
        # Enough digits that neither the products nor the shift by 10**-6 can round.
        with localcontext() as context:
            context.prec = 100
            per_million = (
                uncached * self.input
                + read * cached_price
                + (write - write_1h) * write_price
                + write_1h * write_1h_price
                + usage.output_tokens * self.output
            )
            return per_million.scaleb(-6)


@dataclass(frozen=True)
class TimeOfDayRule:
    """A second price that a row charges inside daily UTC windows, and only on some weekdays.

    ``windows`` are ``(start, end)`` UTC clock times, start included and end excluded; a window
    whose end is not after its start crosses midnight (``16:30``–``00:30``). The windows apply on
    ``weekdays`` (Monday = 0), judged on the clock ``weekday_utc_offset`` ahead of UTC, because a
    provider may define its working week in its own time zone.
    """

    label: str
    """The name of ``price``, the price inside the windows (``"peak"``, ``"off-peak discount"``)."""
    outside_label: str
    """The name of the row's own price, charged outside the windows (``"off-peak"``, ``"standard"``)."""
    windows: tuple[tuple[time, time], ...]
    price: Price
    weekdays: frozenset[int] = EVERY_DAY
    weekday_utc_offset: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if not self.windows:
            raise ValueError("a time-of-day rule needs at least one window")
        for start, end in self.windows:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("window times are UTC clock times; give them without tzinfo")
            if start == end:
                raise ValueError(f"empty window {start}-{end}")
        if not self.weekdays or not self.weekdays <= EVERY_DAY:
            raise ValueError(f"weekdays must be a non-empty subset of 0..6, got {sorted(self.weekdays)}")

    def applies_at(self, at: datetime) -> bool:
        """Whether ``at`` (timezone-aware) falls inside one of the windows on one of the weekdays."""
        utc = require_aware(at).astimezone(UTC)
        if (utc + self.weekday_utc_offset).weekday() not in self.weekdays:
            return False
        clock = utc.time().replace(tzinfo=None)
        for start, end in self.windows:
            inside = start <= clock < end if start < end else clock >= start or clock < end
            if inside:
                return True
        return False

    def describe(self) -> str:
        """The rule in words, for the CLI and the docs."""
        spans = ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in self.windows)
        text = f"{self.label} {spans} UTC"
        if self.weekdays != EVERY_DAY:
            days = _describe_days(self.weekdays)
            hours = self.weekday_utc_offset.total_seconds() / 3600
            clock = "UTC" if hours == 0 else f"UTC{hours:+g}"
            text += f", {days} (weekday judged in {clock})"
        return f"{text}; otherwise {self.outside_label}"


def _describe_days(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{_WEEKDAY_NAMES[ordered[0]]}–{_WEEKDAY_NAMES[ordered[-1]]}"
    return ", ".join(_WEEKDAY_NAMES[day] for day in ordered)


@dataclass(frozen=True)
class LongPromptRule:
    """A higher price for the whole request once the prompt is longer than a threshold.

    OpenAI bills some models this way (gpt-5.4: prompts over 272K tokens cost more for every
    token of the request, output included).
    """

    above_input_tokens: int
    price: Price

    @property
    def label(self) -> str:
        """The name of the price, for the CLI and quotes."""
        return f"prompt over {self.above_input_tokens:,} tokens"


@dataclass(frozen=True)
class PriceRow:
    """One model's price over one period: valid from ``valid_from`` (included) to ``valid_until``.

    ``source`` is the page that publishes the price; ``checked_on`` is the day the row was last
    compared with its sources (``None`` for a row registered at runtime) and ``checked`` says
    against what, or what could not be verified. ``note`` carries anything a reader of the bill needs.
    """

    provider: str
    model: str
    valid_from: datetime
    price: Price
    valid_until: datetime | None = None
    time_of_day: TimeOfDayRule | None = None
    long_prompt: LongPromptRule | None = None
    source: str = ""
    checked: str = ""
    note: str = ""
    checked_on: date | None = None

    def __post_init__(self) -> None:
        require_aware(self.valid_from, "valid_from")
        if self.valid_until is not None and require_aware(self.valid_until, "valid_until") <= self.valid_from:
            raise ValueError(f"{self.model}: valid_until {self.valid_until} is not after valid_from {self.valid_from}")
        if self.time_of_day is not None and self.long_prompt is not None:
            # No provider combines them; supporting it would mean guessing which applies first.
            raise ValueError(f"{self.model}: a row may have a time-of-day rule or a long-prompt rule, not both")

    def covers(self, at: datetime) -> bool:
        """Whether the row is in force at ``at``."""
        return self.valid_from <= at and (self.valid_until is None or at < self.valid_until)

    def price_at(self, at: datetime, input_tokens: int = 0) -> tuple[Price, str | None]:
        """The price charged at ``at`` for a prompt of ``input_tokens``, and its name (``None``
        when the row has a single price)."""
        if self.time_of_day is not None:
            if self.time_of_day.applies_at(at):
                return self.time_of_day.price, self.time_of_day.label
            return self.price, self.time_of_day.outside_label
        if self.long_prompt is not None and input_tokens > self.long_prompt.above_input_tokens:
            return self.long_prompt.price, self.long_prompt.label
        return self.price, None


@dataclass(frozen=True)
class PriceQuote:
    """The answer to "what does this model cost at this time": the row found and how.

    ``route`` lists the names walked from the model asked for to the row's model (aliases,
    renames, a dated snapshot stripped); ``notes`` says why, where the reason matters.
    ``price`` is the price in force at ``at``; a long-prompt rule, which depends on the
    usage, is applied by ``cost_of``.
    """

    provider: str
    model: str
    at: datetime
    row: PriceRow
    price: Price
    period: str | None
    route: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    registered: bool = False
    """True when the row was registered at runtime rather than shipped with llmkit."""

    @property
    def billed_as(self) -> str:
        """The model whose price applies."""
        return self.row.model

    def cost_of(self, usage: TokenCounts) -> Decimal:
        """The exact cost of ``usage`` under this quote (long-prompt rule included), in USD."""
        price, _ = self.row.price_at(self.at, usage.input_tokens)
        return price.cost_of(usage)


@dataclass(frozen=True)
class ModelFacts:
    """What a model takes and gives, beside its price: limits in tokens and capabilities.

    ``None`` means not known. ``max_output`` is the most output tokens one request may ask for;
    ``hard_limit`` says two sources agree on it, and only then does a handler refuse a request
    asking for more before sending it.
    """

    provider: str
    model: str
    context_window: int | None = None
    max_output: int | None = None
    inputs: tuple[str, ...] = ()
    reasoning: bool | None = None
    tools: bool | None = None
    hard_limit: bool = False
    source: str = ""
    checked_on: date | None = None
    checked: str = ""
