"""Pricing's edges: what a registered row holds, the errors a bad one raises, time-of-day rules in
words and on a machine whose clock is not UTC. Expectations written out; costs worked by hand."""

from __future__ import annotations

import itertools
import logging
import time as clock
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

import pytest

import llmkit.pricing as pricing
from llmkit import Usage
from llmkit.pricing import (
    EVERY_DAY,
    MONDAY_TO_FRIDAY,
    LongPromptRule,
    Price,
    PriceRow,
    TimeOfDayRule,
    _index,
    cost,
    price_for,
    register_price,
)
from llmkit.pricing._types import ModelFacts

D = Decimal


@pytest.fixture(autouse=True)
def _no_runtime_rows() -> Iterator[None]:
    yield
    pricing._index.registry.clear()


def test_a_registered_row_says_where_it_came_from_and_holds_every_price() -> None:
    long_prompt = LongPromptRule(1000, Price(input=D(4), output=D(8)))
    row = register_price(
        "acme", "m1", input=1, output="2", cached_input=D("0.5"), cache_write="1.25", cache_write_1h=2,
        long_prompt=long_prompt,
    )  # fmt: skip
    assert row == PriceRow(
        provider="acme",
        model="m1",
        valid_from=datetime(1970, 1, 1, tzinfo=UTC),
        price=Price(input=D(1), output=D(2), cached_input=D("0.5"), cache_write=D("1.25"), cache_write_1h=D(2)),
        long_prompt=long_prompt,
        source="registered at runtime",
        checked="registered at runtime",
        note="",
    )
    at = datetime(2026, 5, 1, tzinfo=UTC)
    # 1,001 prompt tokens pass the 1,000 threshold: every token at the long-prompt price, 1001·4 + 10·8.
    assert cost(Usage(input_tokens=1001, output_tokens=10), provider="acme", model="m1", at=at) == D("0.004084")
    # The quoted price is the row's own: the surcharge depends on the usage, which a quote has not seen.
    assert price_for("acme", "m1", at) == Price(
        input=D(1), output=D(2), cached_input=D("0.5"), cache_write=D("1.25"), cache_write_1h=D(2)
    )


def test_a_long_prompt_rule_from_the_first_token_still_quotes_the_rows_own_price() -> None:
    register_price("acme", "m2", input=1, output=1, long_prompt=LongPromptRule(0, Price(input=D(9), output=D(9))))
    assert price_for("acme", "m2", datetime(2026, 5, 1, tzinfo=UTC)) == Price(input=D(1), output=D(1))


@pytest.mark.parametrize("field", ["input", "output", "cached_input", "cache_write", "cache_write_1h"])
def test_a_float_price_is_refused_naming_its_field(field: str) -> None:
    prices: dict[str, Any] = {"input": 1, "output": 1, field: 0.1}
    with pytest.raises(TypeError) as caught:
        register_price("acme", "m3", **prices)
    assert str(caught.value) == f"{field} must be a Decimal, str or int (a float is not exact), got 0.1"


def test_a_naive_start_date_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"^valid_from must be timezone-aware \(for example datetime.now\(UTC\)\)"):
        register_price("acme", "m4", input=1, output=1, valid_from=datetime(2026, 1, 1))


def rule(weekdays: frozenset[int] = EVERY_DAY, offset_hours: int = 0) -> TimeOfDayRule:
    return TimeOfDayRule(
        label="peak",
        outside_label="off-peak",
        windows=((time(1), time(2, 30)), (time(16, 30), time(0, 30))),
        price=Price(input=D(2), output=D(2)),
        weekdays=weekdays,
        weekday_utc_offset=timedelta(hours=offset_hours),
    )


@pytest.mark.parametrize(
    ("weekdays", "offset_hours", "words"),
    [
        (EVERY_DAY, 0, "peak 01:00–02:30, 16:30–00:30 UTC; otherwise off-peak"),
        (
            MONDAY_TO_FRIDAY,
            0,
            "peak 01:00–02:30, 16:30–00:30 UTC, Monday–Friday (weekday judged in UTC); otherwise off-peak",
        ),
        (
            MONDAY_TO_FRIDAY,
            8,
            "peak 01:00–02:30, 16:30–00:30 UTC, Monday–Friday (weekday judged in UTC+8); otherwise off-peak",
        ),
        (
            frozenset({2, 3, 4}),
            -5,
            "peak 01:00–02:30, 16:30–00:30 UTC, Wednesday–Friday (weekday judged in UTC-5); otherwise off-peak",
        ),
        (
            frozenset({0, 1, 2}),
            0,
            "peak 01:00–02:30, 16:30–00:30 UTC, Monday–Wednesday (weekday judged in UTC); otherwise off-peak",
        ),
        (
            frozenset({5, 6}),
            0,
            "peak 01:00–02:30, 16:30–00:30 UTC, Saturday, Sunday (weekday judged in UTC); otherwise off-peak",
        ),
        (
            frozenset({0, 2, 4}),
            0,
            "peak 01:00–02:30, 16:30–00:30 UTC, Monday, Wednesday, Friday (weekday judged in UTC); otherwise off-peak",
        ),
    ],
)
def test_a_time_of_day_rule_in_words(weekdays: frozenset[int], offset_hours: int, words: str) -> None:
    assert rule(weekdays, offset_hours).describe() == words


@pytest.fixture
def machine_clock_in_tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    clock.tzset()
    yield
    monkeypatch.undo()
    clock.tzset()


@pytest.mark.usefixtures("machine_clock_in_tokyo")
def test_windows_are_utc_whatever_the_machines_time_zone() -> None:
    windows = rule()
    assert windows.applies_at(datetime(2026, 5, 4, 1, 0, tzinfo=UTC))  # 10:00 in Tokyo
    assert not windows.applies_at(datetime(2026, 5, 4, 10, 0, tzinfo=UTC))  # 19:00 in Tokyo
    tokyo = datetime(2026, 5, 4, 10, 0).astimezone()  # the machine's own zone: 01:00 UTC
    assert tokyo.utcoffset() == timedelta(hours=9) and windows.applies_at(tokyo)


def test_a_quote_names_the_model_as_asked_and_an_alias_ends_where_its_successor_begins() -> None:
    switch = datetime(2024, 12, 26, tzinfo=UTC)  # deepseek-coder: billed as deepseek-chat by one rule, then another
    before = pricing.quote("DeepSeek", " DeepSeek-Coder ", switch - timedelta(microseconds=1))
    assert before is not None
    assert (before.provider, before.model, before.route) == (
        "DeepSeek",
        " DeepSeek-Coder ",
        ("deepseek-coder", "deepseek-chat"),
    )
    assert before.notes == (
        "deepseek-coder was billed as deepseek-chat in 2024 and merged into it with V2.5 (2024-09-05).",
    )
    at_switch = pricing.quote("deepseek", "deepseek-coder", switch)
    assert at_switch is not None
    assert at_switch.notes == (
        "deepseek-coder is not documented after V2.5; priced as deepseek-chat, which absorbed it (unverified).",
    )


def test_rows_registered_for_one_model_each_hold_until_removed() -> None:
    march, april = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
    first = register_price("acme", "m5", input=1, output=1, valid_until=april)
    second = register_price("acme", "m5", input=2, output=2, valid_from=april, source="contract 7", note="negotiated")
    assert (second.valid_from, second.source, second.note) == (april, "contract 7", "negotiated")
    assert price_for("acme", "m5", march) == Price(input=D(1), output=D(1))
    assert price_for("acme", "m5", april) == Price(input=D(2), output=D(2))
    assert pricing.unregister_price(second) is True
    assert price_for("acme", "m5", march) == Price(input=D(1), output=D(1))
    assert price_for("acme", "m5", april) is None
    assert pricing.unregister_price(second) is False
    assert pricing.unregister_price(first) is True
    assert price_for("acme", "m5", march) is None


def test_each_pricing_warning_says_what_is_wrong_once_per_model(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="llmkit.pricing")
    pricing._reported.clear()
    at = datetime(2026, 8, 1, tzinfo=UTC)
    impossible = Usage(input_tokens=1, cache_read_tokens=5)
    for _ in range(2):
        assert cost(Usage(input_tokens=1), provider="acme", model="nope", at=at) is None
        assert cost(impossible, provider="openai", model="gpt-4o", at=at) is None
        assert cost(impossible, provider="openai", model="gpt-4o-mini", at=at) is None
        assert pricing.quote("deepseek", "deepseek-chat", at) is not None  # retired names: priced, with a warning
        assert pricing.quote("deepseek", "deepseek-reasoner", at) is not None
    retired = "{0} was retired at 2026-07-24 15:59 UTC and DeepSeek says calls fail after it; a usage that still "
    retired += "arrives was served by the flash line, so it is priced as deepseek-v4-flash."
    too_many_cached = "cache reads (5) plus cache writes (0) exceed the prompt tokens (1)"
    assert [record.getMessage() for record in caplog.records if record.name == "llmkit.pricing"] == [
        "llmkit has no price for acme model 'nope' at 2026-08-01T00:00:00+00:00, so its cost is None; "
        "add one with llmkit.pricing.register_price(...)",
        "openai/gpt-4o: cannot price this usage: " + too_many_cached,
        "openai/gpt-4o-mini: cannot price this usage: " + too_many_cached,
        "deepseek/deepseek-chat: " + retired.format("deepseek-chat"),
        "deepseek/deepseek-reasoner: " + retired.format("deepseek-reasoner"),
    ]
    pricing._reported.clear()


def test_a_registered_name_outside_its_dates_is_not_priced_as_its_undated_model() -> None:
    register_price("acme", "m6", input=1, output=1)
    register_price("acme", "m6-2025-01-01", input=2, output=2, valid_from=datetime(2025, 6, 1, tzinfo=UTC))
    assert price_for("acme", "m6-2025-01-01", datetime(2025, 7, 1, tzinfo=UTC)) == Price(input=D(2), output=D(2))
    assert price_for("acme", "m6-2025-01-01", datetime(2025, 1, 1, tzinfo=UTC)) is None
    assert price_for("acme", "m6-2024-01-01", datetime(2025, 1, 1, tzinfo=UTC)) == Price(input=D(1), output=D(1))


def aliased_table(*aliases: tuple[str, str, str]) -> _index.ShippedTable:
    """A table whose only row prices ``acme/end``, with ``(name, target, note)`` aliases."""
    row = PriceRow(provider="acme", model="end", valid_from=datetime(2020, 1, 1, tzinfo=UTC), price=Price(D(1), D(1)))
    return _index.ShippedTable(
        rows={("acme", "end"): (row,)},
        aliases={("acme", name): (_index.Alias("acme", name, target, note=note),) for name, target, note in aliases},
        facts={},
        provider_aliases={},
    )


def chain(length: int) -> list[tuple[str, str, str]]:
    names = [f"a{n}" for n in range(length)] + ["end"]
    return [(name, target, "") for name, target in itertools.pairwise(names)]


def test_a_chain_of_eight_aliases_is_followed_and_a_longer_one_is_taken_for_a_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    monkeypatch.setattr(_index, "shipped", lambda: aliased_table(*chain(8)))
    found = pricing.quote("acme", "a0", at)
    assert found is not None
    assert found.route == ("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "end") and found.notes == ()
    monkeypatch.setattr(_index, "shipped", lambda: aliased_table(*chain(9)))
    with pytest.raises(RuntimeError, match=r"^alias loop while pricing acme/end$"):
        pricing.quote("acme", "a0", at)
    monkeypatch.setattr(_index, "shipped", lambda: aliased_table(("x", "y", "x is y"), ("y", "x", "y is x")))
    with pytest.raises(RuntimeError, match=r"^alias loop while pricing acme/y$"):
        pricing.quote("acme", "x", at)


NEW_YEAR = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"valid_from": datetime(2026, 1, 1)},
            "valid_from must be timezone-aware (for example datetime.now(UTC)), "
            "got datetime.datetime(2026, 1, 1, 0, 0)",
        ),
        (
            {"valid_until": datetime(2026, 2, 1)},
            "valid_until must be timezone-aware (for example datetime.now(UTC)), "
            "got datetime.datetime(2026, 2, 1, 0, 0)",
        ),
        (
            {"valid_until": NEW_YEAR},
            "m7: valid_until 2026-01-01 00:00:00+00:00 is not after valid_from 2026-01-01 00:00:00+00:00",
        ),
        (
            {"time_of_day": rule(), "long_prompt": LongPromptRule(10, Price(D(2), D(2)))},
            "m7: a row may have a time-of-day rule or a long-prompt rule, not both",
        ),
    ],
)
def test_a_row_that_cannot_be_is_refused_saying_why(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        PriceRow(**{"provider": "acme", "model": "m7", "valid_from": NEW_YEAR, "price": Price(D(1), D(1)), **fields})
    assert str(caught.value) == message


def test_a_table_date_without_its_offset_is_refused() -> None:
    assert _index.parse_utc("2026-01-01T09:00+09:00") == NEW_YEAR
    with pytest.raises(ValueError, match=r"^'2026-01-01T00:00' has no UTC offset$"):
        _index.parse_utc("2026-01-01T00:00")


def test_a_dated_snapshot_of_a_registered_model_is_priced_as_the_model_and_says_so() -> None:
    register_price("acme", "m8", input=3, output=3)
    found = pricing.quote("acme", "m8-2025-01-01", NEW_YEAR)
    assert found is not None
    assert (found.registered, found.route, found.notes) == (
        True,
        ("m8-2025-01-01", "m8"),
        ("m8-2025-01-01 has no price of its own; priced as m8",),
    )
    shipped = pricing.quote("openai", "gpt-4o-2099-01-01", NEW_YEAR)
    assert shipped is not None
    assert (shipped.registered, shipped.route) == (False, ("gpt-4o-2099-01-01", "gpt-4o"))


def test_a_snapshot_date_counts_as_one_hop_toward_the_alias_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_index, "shipped", lambda: aliased_table(*chain(7)))
    found = pricing.quote("acme", "a0-2025-01-01", NEW_YEAR)
    assert found is not None and found.route[-1] == "end"
    monkeypatch.setattr(_index, "shipped", lambda: aliased_table(*chain(8)))
    with pytest.raises(RuntimeError, match=r"^alias loop while pricing acme/end$"):
        pricing.quote("acme", "a0-2025-01-01", NEW_YEAR)


def test_a_naive_time_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"^at must be timezone-aware \(for example datetime.now\(UTC\)\)"):
        pricing.quote("openai", "gpt-4o", datetime(2026, 1, 1))


def test_the_shipped_peak_rule_and_a_row_without_a_note() -> None:
    found = pricing.quote("deepseek", "deepseek-v4-pro", datetime(2026, 9, 12, 12, tzinfo=UTC))  # a Saturday
    assert found is not None and found.row.time_of_day is not None
    assert found.period == "off-peak"
    assert found.row.time_of_day.describe() == (
        "peak 01:00–04:00, 06:00–10:00 UTC, Monday–Friday (weekday judged in UTC+8); otherwise off-peak"
    )
    gpt4 = pricing.quote("openai", "gpt-4", NEW_YEAR)
    assert gpt4 is not None and gpt4.row.note == ""


@pytest.mark.usefixtures("machine_clock_in_tokyo")
def test_quotes_and_table_dates_are_in_utc_whatever_the_machines_time_zone() -> None:
    tokyo = datetime(2026, 5, 4, 10, 0).astimezone()
    found = pricing.quote("openai", "gpt-4o", tokyo)
    assert found is not None and found.at.isoformat() == "2026-05-04T01:00:00+00:00"
    assert _index.parse_utc("2026-01-01T09:00+09:00").isoformat() == "2026-01-01T00:00:00+00:00"


class _NoOffset(tzinfo):
    """A time zone that knows no offset: a time in it is not aware, by Python's own definition."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def test_a_time_whose_zone_has_no_offset_is_naive() -> None:
    with pytest.raises(ValueError, match=r"^at must be timezone-aware"):
        pricing.quote("openai", "gpt-4o", datetime(2026, 1, 1, tzinfo=_NoOffset()))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"windows": ()}, "a time-of-day rule needs at least one window"),
        ({"windows": ((time(1, tzinfo=UTC), time(2)),)}, "window times are UTC clock times; give them without tzinfo"),
        ({"windows": ((time(2), time(2)),)}, "empty window 02:00:00-02:00:00"),
        ({"weekdays": frozenset()}, "weekdays must be a non-empty subset of 0..6, got []"),
        ({"weekdays": frozenset({5, 7})}, "weekdays must be a non-empty subset of 0..6, got [5, 7]"),
    ],
)
def test_a_time_of_day_rule_that_cannot_be_is_refused_saying_why(fields: dict[str, Any], message: str) -> None:
    given: dict[str, Any] = {
        "label": "peak",
        "outside_label": "off-peak",
        "windows": ((time(1), time(2)),),
        "price": Price(D(2), D(2)),
        **fields,
    }
    with pytest.raises(ValueError) as caught:
        TimeOfDayRule(**given)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("amount", "shown"), [(D(-1), "-1"), (D("NaN"), "NaN"), (D("Infinity"), "Infinity"), (D("-0.001"), "-0.001")]
)
def test_a_price_that_is_not_a_finite_amount_is_refused(amount: Decimal, shown: str) -> None:
    with pytest.raises(ValueError) as caught:
        Price(input=D(1), output=D(1), cache_write=amount)
    assert str(caught.value) == f"Price.cache_write must be a finite amount >= 0, got {shown}"
    assert Price(input=D(0), output=D(0)).cost_of(Usage(input_tokens=5, output_tokens=5)) == D(0)


def test_a_call_is_priced_at_the_time_it_was_sent_even_on_a_server_without_a_price_list() -> None:
    from llmkit._accounting import Ledger, Settlement

    sent = datetime(2025, 3, 1, tzinfo=UTC)
    register_price("llamacpp", "tiny", input=1, output=1, valid_from=sent, valid_until=datetime(2025, 4, 1, tzinfo=UTC))
    ledger = Ledger()
    settle = Settlement(provider="llamacpp", model="tiny", has_price_list=False, ledger=ledger)
    chunk = settle(Usage(input_tokens=10, output_tokens=10), sent)
    assert chunk is not None and chunk.usage.cost == D("0.00002")  # 10·1 + 10·1 per million
    assert (ledger.last, ledger.requests, ledger.total.cost) == (chunk, 1, D("0.00002"))


def test_a_table_entry_that_gives_only_what_it_must_reads_with_empty_defaults() -> None:
    # The data's fields past the names (and a row's dates and price) are optional: a new entry
    # written with only those must read as "nothing known", not fail or invent a value.
    row = _index._row(
        {"provider": "acme", "model": "m9", "valid_from": "2026-01-01T00:00Z", "price": {"input": "1", "output": "2"}},
        {},
    )
    assert (row.provider, row.model, row.valid_from, row.valid_until) == ("acme", "m9", NEW_YEAR, None)
    assert (row.source, row.checked, row.note, row.checked_on) == ("", "", "", None)
    assert (row.time_of_day, row.long_prompt) == (None, None)
    facts = _index._facts({"provider": "acme", "model": "m9"})
    assert facts == ModelFacts(provider="acme", model="m9")
    assert (facts.inputs, facts.hard_limit, facts.source, facts.checked, facts.checked_on) == ((), False, "", "", None)
    assert (facts.context_window, facts.max_output, facts.reasoning, facts.tools) == (None, None, None, None)


def test_every_shipped_facts_entry_is_filed_under_its_own_names() -> None:
    for name, facts in _index.shipped().facts.items():
        assert _index.key(facts.provider, facts.model) == name
