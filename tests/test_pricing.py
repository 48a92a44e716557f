"""Pricing: the dated table, the cost rules, aliases, runtime prices, and lazy loading.

Every expected cost below is worked out by hand from the published per-million prices, written
as a literal with its arithmetic beside it, so the test does not share the code's formula.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import llmkit.pricing as pricing
from llmkit import Usage
from llmkit.pricing import (
    MONDAY_TO_FRIDAY,
    Price,
    TimeOfDayRule,
    _index,
    _page,
    _table,
    cost,
    override_price,
    price_for,
    quote,
    register_price,
    shipped_rows,
    unregister_price,
)

from ._pricing_cases import CATALOG_CASES, JUST_BEFORE, USAGE, Case, cases, launch
from .conftest import load_recording

ROOT = Path(__file__).resolve().parent.parent
D = Decimal


def utc(text: str) -> datetime:
    """An aware UTC datetime from ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]`` (Z implied)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_registry_and_reports() -> Iterator[None]:
    """Each test starts with no runtime rows and with every warning not yet given."""
    pricing._reported.clear()
    yield
    _index.registry.clear()
    pricing._reported.clear()


# DeepSeek per-million prices (input / cache hit / output) and the cost of USAGE at each:
V2 = "0.000434"  # 0.14 / 0.014 / 0.28:  2000·0.14 + 1000·0.014 + 500·0.28 = 280 + 14 + 140 = 434
V3 = "0.00116"  # 0.27 / 0.07 / 1.10:  540 + 70 + 550 = 1160
NIGHT_2025 = "0.00058"  # 0.135 / 0.035 / 0.55:  270 + 35 + 275 = 580
R1 = "0.002335"  # 0.55 / 0.14 / 2.19:  1100 + 140 + 1095 = 2335
V31 = "0.00203"  # 0.56 / 0.07 / 1.68:  1120 + 70 + 840 = 2030
V32 = "0.000798"  # 0.28 / 0.028 / 0.42:  560 + 28 + 210 = 798
FLASH_V4 = "0.000448"  # 0.14 / 0.028 / 0.28:  280 + 28 + 140 = 448
FLASH_V4_CUT = "0.0004228"  # 0.14 / 0.0028 / 0.28:  280 + 2.8 + 140 = 422.8
FLASH_V4_OFF = "0.000777"  # 0.22 / 0.007 / 0.66:  440 + 7 + 330 = 777
FLASH_V4_PEAK = "0.001554"  # 0.44 / 0.014 / 1.32:  880 + 14 + 660 = 1554
FLASH_OFF = "0.000603"  # 0.15 / 0.003 / 0.60:  300 + 3 + 300 = 603
FLASH_PEAK = "0.001206"  # 0.30 / 0.006 / 1.20:  600 + 6 + 600 = 1206
PRO_V4 = "0.005365"  # 1.74 / 0.145 / 3.48:  3480 + 145 + 1740 = 5365
PRO_PROMO = "0.001308625"  # 0.435 / 0.003625 / 0.87:  870 + 3.625 + 435 = 1308.625
PRO_OFF = "0.002332"  # 0.66 / 0.022 / 1.98:  1320 + 22 + 990 = 2332
PRO_PEAK = "0.004664"  # 1.32 / 0.044 / 3.96:  2640 + 44 + 1980 = 4664


DEEPSEEK_CASES = [
    # deepseek-chat: every price change, both sides.
    *cases(
        "deepseek",
        "deepseek-chat",
        ("2023-12-31T23:59:59.999999", None),  # before the table's horizon
        ("2024-01-01T00:00", V2),
        ("2024-12-25T" + JUST_BEFORE, V2),
        ("2024-12-26T00:00", V2),  # V3 launches at its promotion price: same price
        ("2025-02-08T15:59:59.999999", V2),
        ("2025-02-08T16:00", V3),  # promotion ends 2025-02-08 24:00 Beijing
        ("2025-02-26T16:29:59.999999", V3),
        ("2025-02-26T16:30", NIGHT_2025),  # the first night-discount window opens
        ("2025-09-04T16:30", NIGHT_2025),  # the last one
        ("2025-09-05T15:59:59.999999", V3),  # 15:59 UTC is outside the discount window
        ("2025-09-05T16:00", V31),  # V3.1 prices, no more discount...
        ("2025-09-05T16:30", V31),  # ...not even inside the old window
        ("2025-09-28T" + JUST_BEFORE, V31),
        ("2025-09-29T00:00", V32),
        ("2026-04-23T" + JUST_BEFORE, V32),
        ("2026-04-24T00:00", FLASH_V4),  # now an alias of deepseek-v4-flash
        ("2026-04-25T" + JUST_BEFORE, FLASH_V4),
        ("2026-04-26T00:00", FLASH_V4_CUT),
        ("2026-07-24T15:59:59.999999", FLASH_V4_CUT),
        ("2026-07-24T16:00", FLASH_V4_CUT),  # retired; still priced as the flash line (see docs)
        ("2026-08-16T15:59:59.999999", FLASH_V4_CUT),
        ("2026-08-16T16:00", FLASH_V4_OFF),  # a Sunday: off-peak
        ("2026-09-01T02:00", FLASH_V4_PEAK),  # a Tuesday inside 01:00-04:00
        ("2026-10-01T02:00", FLASH_PEAK),  # via deepseek-v4-flash -> deepseek-flash
    ),
    # The 2025 night discount (16:30-00:30 UTC, every day), both sides of both edges.
    *cases(
        "deepseek",
        "deepseek-chat",
        ("2025-05-01T16:29:59.999999", V3),
        ("2025-05-01T16:30", NIGHT_2025),
        ("2025-05-01T23:59:59.999999", NIGHT_2025),
        ("2025-05-02T00:00", NIGHT_2025),  # the window crosses midnight
        ("2025-05-02T00:29:59.999999", NIGHT_2025),
        ("2025-05-02T00:30", V3),
        ("2025-05-03T17:00", NIGHT_2025),  # a Saturday: the discount applies every day
    ),
    *cases(
        "deepseek",
        "deepseek-reasoner",
        ("2025-01-19T" + JUST_BEFORE, None),
        ("2025-01-20T00:00", R1),
        ("2025-02-26T16:29:59.999999", R1),
        ("2025-02-26T16:30", NIGHT_2025),  # 75 % off R1 lands on the same prices as 50 % off V3
        ("2025-05-01T16:29:59.999999", R1),
        ("2025-05-02T00:29:59.999999", NIGHT_2025),
        ("2025-05-02T00:30", R1),
        ("2025-09-05T15:59:59.999999", R1),
        ("2025-09-05T16:00", V31),
        ("2025-09-28T" + JUST_BEFORE, V31),
        ("2025-09-29T00:00", V32),
        ("2026-04-23T" + JUST_BEFORE, V32),
        ("2026-04-24T00:00", FLASH_V4),
        ("2026-08-18T01:00", FLASH_V4_PEAK),
        ("2026-07-24T16:00", FLASH_V4_CUT),
    ),
    # The 2026 peak windows (01:00-04:00 and 06:00-10:00 UTC, Monday-Friday), both sides of
    # each edge, on Tuesday 2026-08-18.
    *cases(
        "deepseek",
        "deepseek-v4-flash",
        ("2026-04-23T" + JUST_BEFORE, None),
        ("2026-04-24T00:00", FLASH_V4),
        ("2026-04-25T" + JUST_BEFORE, FLASH_V4),
        ("2026-04-26T00:00", FLASH_V4_CUT),
        ("2026-08-16T15:59:59.999999", FLASH_V4_CUT),
        ("2026-08-16T16:00", FLASH_V4_OFF),
        ("2026-08-18T00:59:59.999999", FLASH_V4_OFF),
        ("2026-08-18T01:00", FLASH_V4_PEAK),
        ("2026-08-18T03:59:59.999999", FLASH_V4_PEAK),
        ("2026-08-18T04:00", FLASH_V4_OFF),
        ("2026-08-18T05:59:59.999999", FLASH_V4_OFF),
        ("2026-08-18T06:00", FLASH_V4_PEAK),
        ("2026-08-18T09:59:59.999999", FLASH_V4_PEAK),
        ("2026-08-18T10:00", FLASH_V4_OFF),
        ("2026-08-21T09:59:59.999999", FLASH_V4_PEAK),  # Friday
        ("2026-08-22T02:00", FLASH_V4_OFF),  # Saturday: off-peak all day
        ("2026-08-23T07:00", FLASH_V4_OFF),  # Sunday
        ("2026-08-24T01:00", FLASH_V4_PEAK),  # Monday
        ("2026-09-10T03:59:59.999999", FLASH_V4_PEAK),  # Thursday, last instant of V4-Flash
        ("2026-09-10T04:00", FLASH_OFF),  # billed as deepseek-flash; 04:00 is off-peak
        ("2026-09-10T06:00", FLASH_PEAK),
        ("2026-09-11T02:00", FLASH_PEAK),
    ),
    *cases(
        "deepseek",
        "deepseek-flash",
        ("2026-09-10T03:59:59.999999", None),
        ("2026-09-10T04:00", FLASH_OFF),
        ("2026-10-05T00:59:59.999999", FLASH_OFF),  # Monday
        ("2026-10-05T01:00", FLASH_PEAK),
        ("2026-10-05T03:59:59.999999", FLASH_PEAK),
        ("2026-10-05T04:00", FLASH_OFF),
        ("2026-10-05T05:59:59.999999", FLASH_OFF),
        ("2026-10-05T06:00", FLASH_PEAK),
        ("2026-10-05T09:59:59.999999", FLASH_PEAK),
        ("2026-10-05T10:00", FLASH_OFF),
        ("2026-10-10T02:00", FLASH_OFF),  # Saturday
    ),
    *cases(
        "deepseek",
        "deepseek-v4-pro",
        ("2026-04-23T" + JUST_BEFORE, None),
        ("2026-04-24T00:00", PRO_V4),
        ("2026-04-25T" + JUST_BEFORE, PRO_V4),
        ("2026-04-26T00:00", PRO_PROMO),
        ("2026-08-16T15:59:59.999999", PRO_PROMO),
        ("2026-08-16T16:00", PRO_OFF),
        ("2026-08-18T00:59:59.999999", PRO_OFF),
        ("2026-08-18T01:00", PRO_PEAK),
        ("2026-08-18T10:00", PRO_OFF),
        ("2026-09-10T04:00", PRO_OFF),  # unchanged by the V4.1 launch
        ("2026-09-11T02:00", PRO_PEAK),
    ),
    *cases(
        "deepseek",
        "deepseek-coder",
        ("2023-12-31T23:59:59.999999", None),
        ("2024-06-01T00:00", V2),
        ("2025-03-01T12:00", V3),  # billed as deepseek-chat after the merge
        ("2026-10-01T02:00", FLASH_PEAK),
    ),
    *cases(
        "deepseek",
        "deepseek-v4-flash-vision-exp",
        ("2026-04-23T" + JUST_BEFORE, None),  # deepseek-v4-flash had no price yet
        ("2026-08-18T01:00", FLASH_V4_PEAK),
        ("2026-09-10T03:59:59.999999", FLASH_V4_PEAK),
        ("2026-09-10T04:00", FLASH_OFF),
    ),
]


# OpenAI per-million prices (input / cached input / output) and the cost of USAGE; where a model
# has no cached price its cache hits are billed as input: 3000·input + 500·output.
OPENAI_CASES = [
    # gpt-4o: the alias cost 5/15 while it served gpt-4o-2024-05-13.
    *cases(
        "openai",
        "gpt-4o",
        ("2024-05-12T" + JUST_BEFORE, None),
        ("2024-05-13T00:00", "0.0225"),  # 3000·5 + 500·15 = 15000 + 7500 = 22500
        ("2024-10-01T" + JUST_BEFORE, "0.0225"),
        ("2024-10-02T00:00", "0.01125"),  # 2000·2.5 + 1000·1.25 + 500·10 = 5000 + 1250 + 5000
    ),
    *launch("openai", "gpt-4o-2024-05-13", "2024-05-13", "0.0225"),  # its own price
    *cases(
        "openai",
        "gpt-4o-2024-08-06",
        ("2024-08-05T" + JUST_BEFORE, None),
        ("2024-08-06T00:00", "0.01125"),  # its own row: cheaper than the alias until 2024-10-02
    ),
    *cases("openai", "gpt-4o-2024-11-20", ("2025-01-01T00:00", "0.01125")),  # no row: stripped to gpt-4o
    *cases(
        "openai",
        "o3",
        ("2025-04-15T" + JUST_BEFORE, None),
        ("2025-04-16T00:00", "0.0425"),  # 2000·10 + 1000·2.5 + 500·40 = 20000 + 2500 + 20000
        ("2025-06-09T" + JUST_BEFORE, "0.0425"),
        ("2025-06-10T00:00", "0.0085"),  # 2000·2 + 1000·0.5 + 500·8 = 4000 + 500 + 4000
    ),
    *cases("openai", "o3-2025-04-16", ("2025-05-01T00:00", "0.0425"), ("2025-07-01T00:00", "0.0085")),
    *cases(
        "openai",
        "gpt-3.5-turbo",
        ("2024-02-15T" + JUST_BEFORE, None),
        ("2024-02-16T00:00", "0.00225"),  # 3000·0.5 + 500·1.5 = 1500 + 750
    ),
    *launch("openai", "gpt-3.5-turbo-0125", "2024-01-25", "0.00225"),
    *launch("openai", "gpt-3.5-turbo-1106", "2023-11-06", "0.004"),  # 3000·1 + 500·2
    *launch("openai", "gpt-3.5-turbo-0613", "2023-06-13", "0.0055"),  # 3000·1.5 + 500·2
    *cases(
        "openai",
        "gpt-3.5-turbo-16k",
        ("2023-06-12T" + JUST_BEFORE, None),
        ("2023-06-13T00:00", "0.011"),  # 3000·3 + 500·4
    ),
    *cases("openai", "gpt-3.5-turbo-16k-0613", ("2024-01-01T00:00", "0.011")),
    *cases(
        "openai",
        "gpt-4",
        ("2023-03-13T" + JUST_BEFORE, None),
        ("2023-03-14T00:00", "0.12"),  # 3000·30 + 500·60 = 90000 + 30000
    ),
    *cases("openai", "gpt-4-0613", ("2024-01-01T00:00", "0.12")),
    *launch("openai", "gpt-4-32k", "2023-03-14", "0.24"),  # 3000·60 + 500·120
    *cases(
        "openai",
        "gpt-4-turbo",
        ("2024-04-08T" + JUST_BEFORE, None),
        ("2024-04-09T00:00", "0.045"),  # 3000·10 + 500·30 = 30000 + 15000
    ),
    *cases("openai", "gpt-4-turbo-2024-04-09", ("2024-05-01T00:00", "0.045")),
    *launch("openai", "gpt-4-1106-preview", "2023-11-06", "0.045"),
    *cases("openai", "gpt-4-0125-preview", ("2024-01-24T" + JUST_BEFORE, None), ("2024-01-25T00:00", "0.045")),
    *cases("openai", "gpt-4-turbo-preview", ("2024-01-24T" + JUST_BEFORE, None), ("2024-01-25T00:00", "0.045")),
    *cases(
        "openai",
        "gpt-4o-mini",
        ("2024-07-17T" + JUST_BEFORE, None),
        ("2024-07-18T00:00", "0.000675"),  # 2000·0.15 + 1000·0.075 + 500·0.6 = 300 + 75 + 300
    ),
    *cases(
        "openai",
        "gpt-4.1",
        ("2025-04-13T" + JUST_BEFORE, None),
        ("2025-04-14T00:00", "0.0085"),  # 2000·2 + 1000·0.5 + 500·8
    ),
    *launch("openai", "gpt-4.1-mini", "2025-04-14", "0.0017"),  # 800 + 100 + 800
    *launch("openai", "gpt-4.1-nano", "2025-04-14", "0.000425"),  # 200 + 25 + 200
    *cases("openai", "gpt-4.1-nano-2025-04-14", ("2025-04-14T00:00", "0.000425")),
    *cases(
        "openai",
        "o1",
        ("2024-12-16T" + JUST_BEFORE, None),
        ("2024-12-17T00:00", "0.0675"),  # 2000·15 + 1000·7.5 + 500·60 = 30000 + 7500 + 30000
    ),
    *launch("openai", "o1-preview", "2024-09-12", "0.0675"),
    *cases("openai", "o1-mini", ("2025-01-30T" + JUST_BEFORE, None), ("2025-01-31T00:00", "0.00495")),
    *launch("openai", "o1-pro", "2025-03-19", "0.75"),  # 3000·150 + 500·600
    *launch("openai", "o3-pro", "2025-06-10", "0.1"),  # 3000·20 + 500·80
    *cases(
        "openai",
        "o3-mini",
        ("2025-01-30T" + JUST_BEFORE, None),
        ("2025-01-31T00:00", "0.00495"),  # 2000·1.1 + 1000·0.55 + 500·4.4 = 2200 + 550 + 2200
    ),
    *cases(
        "openai",
        "o4-mini",
        ("2025-04-15T" + JUST_BEFORE, None),
        ("2025-04-16T00:00", "0.004675"),  # 2200 + 1000·0.275 + 2200
    ),
    *cases(
        "openai",
        "gpt-5",
        ("2025-08-06T" + JUST_BEFORE, None),
        ("2025-08-07T00:00", "0.007625"),  # 2000·1.25 + 1000·0.125 + 500·10 = 2500 + 125 + 5000
    ),
    *cases("openai", "gpt-5-2025-08-07", ("2025-09-01T00:00", "0.007625")),
    *cases("openai", "gpt-5-chat-latest", ("2025-08-06T" + JUST_BEFORE, None), ("2025-08-07T00:00", "0.007625")),
    *launch("openai", "gpt-5-mini", "2025-08-07", "0.001525"),  # 500 + 25 + 1000
    *launch("openai", "gpt-5-nano", "2025-08-07", "0.000305"),  # 100 + 5 + 200
    *launch("openai", "gpt-5-pro", "2025-10-06", "0.105"),  # 3000·15 + 500·120
    *cases("openai", "gpt-5.1", ("2025-11-12T" + JUST_BEFORE, None), ("2025-11-13T00:00", "0.007625")),
    *cases("openai", "gpt-5.1-codex", ("2025-11-13T00:00", "0.007625")),
    *cases(
        "openai",
        "gpt-5.2",
        ("2025-12-10T" + JUST_BEFORE, None),
        ("2025-12-11T00:00", "0.010675"),  # 2000·1.75 + 1000·0.175 + 500·14 = 3500 + 175 + 7000
    ),
    *launch("openai", "gpt-5.2-pro", "2025-12-11", "0.147"),  # 3000·21 + 500·168
    *cases(
        "openai",
        "gpt-5.4",
        ("2026-03-04T" + JUST_BEFORE, None),
        ("2026-03-05T00:00", "0.01275"),  # 2000·2.5 + 1000·0.25 + 500·15 = 5000 + 250 + 7500
    ),
    *cases("openai", "gpt-5.4-2026-03-05", ("2026-06-01T00:00", "0.01275")),
    *launch("openai", "gpt-5.4-pro", "2026-03-05", "0.18"),  # 3000·30 + 500·180
    *launch("openai", "gpt-5.4-mini", "2026-03-17", "0.003825"),  # 1500 + 75 + 2250
    *launch("openai", "gpt-5.4-nano", "2026-03-17", "0.001045"),  # 400 + 20 + 625
    *cases("openai", "gpt-5.5", ("2026-04-23T" + JUST_BEFORE, None), ("2026-04-24T00:00", "0.0255")),
    *launch("openai", "gpt-5.5-pro", "2026-04-24", "0.18"),
    *cases("openai", "gpt-5.6-sol", ("2026-07-14T" + JUST_BEFORE, None), ("2026-07-15T00:00", "0.0255")),
]


# Anthropic per-million prices (input / cache read / output; USAGE writes nothing to the cache):
HAIKU_35 = "0.00368"  # 0.80 / 0.08 / 4.00:  2000·0.8 + 1000·0.08 + 500·4 = 1600 + 80 + 2000 = 3680
SONNET = "0.0138"  # 3.00 / 0.30 / 15.00:  6000 + 300 + 7500 = 13800
OPUS_4 = "0.069"  # 15.00 / 1.50 / 75.00:  30000 + 1500 + 37500 = 69000
HAIKU_45 = "0.0046"  # 1.00 / 0.10 / 5.00:  2000 + 100 + 2500 = 4600
OPUS_45 = "0.023"  # 5.00 / 0.50 / 25.00:  10000 + 500 + 12500 = 23000
SONNET_5 = "0.0092"  # 2.00 / 0.20 / 10.00:  4000 + 200 + 5000 = 9200
OPUS_55 = "0.0182"  # 4.00 / 0.20 / 20.00:  8000 + 200 + 10000 = 18200
FABLE_5 = "0.046"  # 10.00 / 1.00 / 50.00:  20000 + 1000 + 25000 = 46000
FABLE_51 = "0.04525"  # 10.00 / 0.25 / 50.00:  20000 + 250 + 25000 = 45250
HAIKU_55 = "0.00046"  # 0.10 / 0.01 / 0.50 (prompt under 100K):  200 + 10 + 250 = 460

ANTHROPIC_CASES = [
    *launch("anthropic", "claude-3-5-haiku", "2024-10-22", HAIKU_35),
    *launch("anthropic", "claude-3-7-sonnet", "2025-02-19", SONNET),
    *launch("anthropic", "claude-opus-4", "2025-05-14", OPUS_4),
    *launch("anthropic", "claude-sonnet-4", "2025-05-14", SONNET),
    *launch("anthropic", "claude-opus-4-1", "2025-08-05", OPUS_4),
    *launch("anthropic", "claude-sonnet-4-5", "2025-09-29", SONNET),
    *launch("anthropic", "claude-haiku-4-5", "2025-10-01", HAIKU_45),
    *launch("anthropic", "claude-opus-4-5", "2025-11-01", OPUS_45),
    # Dated snapshot ids and -latest / -0 pointers bill as their model.
    *cases(
        "anthropic",
        "claude-haiku-4-5-20251001",
        ("2025-09-30T" + JUST_BEFORE, None),
        ("2026-08-19T14:34:11", HAIKU_45),  # the corpus's claude-haiku-4-5-20251001 responses
    ),
    *cases("anthropic", "claude-sonnet-4-20250514", ("2026-01-01T00:00", SONNET)),
    *cases("anthropic", "claude-sonnet-4-0", ("2026-01-01T00:00", SONNET)),
    *cases("anthropic", "claude-opus-4-0", ("2026-01-01T00:00", OPUS_4)),
    *cases("anthropic", "claude-opus-4-20250514", ("2026-01-01T00:00", OPUS_4)),
    *cases("anthropic", "claude-opus-4-1-20250805", ("2026-01-01T00:00", OPUS_4)),
    *cases("anthropic", "claude-sonnet-4-5-20250929", ("2026-01-01T00:00", SONNET)),
    *cases("anthropic", "claude-opus-4-5-20251101", ("2026-01-01T00:00", OPUS_45)),
    *cases("anthropic", "claude-3-7-sonnet-latest", ("2026-01-01T00:00", SONNET)),
    *cases("anthropic", "claude-3-7-sonnet-20250219", ("2026-01-01T00:00", SONNET)),
    *cases("anthropic", "claude-3-5-haiku-latest", ("2026-01-01T00:00", HAIKU_35)),
    *cases("anthropic", "claude-3-5-haiku-20241022", ("2026-01-01T00:00", HAIKU_35)),
    # Claude 4.6 and later: one undated model id each, priced from its release day.
    *launch("anthropic", "claude-opus-4-6", "2026-02-05", OPUS_45),
    *launch("anthropic", "claude-sonnet-4-6", "2026-02-17", SONNET),
    *launch("anthropic", "claude-opus-4-7", "2026-04-15", OPUS_45),
    *launch("anthropic", "claude-opus-4-8", "2026-05-28", OPUS_45),
    *launch("anthropic", "claude-fable-5", "2026-06-09", FABLE_5),
    *launch("anthropic", "claude-mythos-5", "2026-06-09", FABLE_5),
    *launch("anthropic", "claude-sonnet-5", "2026-06-30", SONNET_5),
    *cases("anthropic", "claude-sonnet-5", ("2026-09-01T00:00", SONNET_5)),  # no dated price rise
    *launch("anthropic", "claude-opus-5", "2026-07-24", OPUS_45),
    *launch("anthropic", "claude-fable-5-1", "2026-09-01", FABLE_51),
    *launch("anthropic", "claude-mythos-5-1", "2026-09-01", FABLE_51),
    *launch("anthropic", "claude-opus-5-5", "2026-09-23", OPUS_55),
    *launch("anthropic", "claude-sonnet-5-5", "2026-09-28", SONNET_5),
    *launch("anthropic", "claude-haiku-5-5", "2026-10-07", HAIKU_55),
    # Names compare without case or surrounding spaces.
    *cases("anthropic", " Claude-Opus-5-5 ", ("2026-11-24T00:00", OPUS_55)),
    # No dated snapshot id is documented for these models, and an 8-digit date is never stripped,
    # so an invented snapshot id has no price rather than a guessed one.
    *cases("anthropic", "claude-opus-4-6-20260205", ("2026-11-24T00:00", None)),
    *cases("anthropic", "claude-sonnet-5-20260630", ("2026-11-24T00:00", None)),
    *cases("anthropic", "claude-fable-5-2", ("2026-11-24T00:00", None)),  # not priced (see docs)
]

# Bedrock on-demand in us-east-1 (input / output; no cache prices, so USAGE's 1,000 cache reads are input):
NOVA_MICRO = "0.000175"  # 0.035 / 0.14:  3000·0.035 + 500·0.14 = 105 + 70 = 175
NOVA_LITE = "0.0003"  # 0.06 / 0.24:  180 + 120 = 300
NOVA_PRO = "0.004"  # 0.80 / 3.20:  2400 + 1600 = 4000
NOVA_2_LITE = "0.002365"  # 0.33 / 2.75:  990 + 1375 = 2365

BEDROCK_CASES = [
    *launch("bedrock", "amazon.nova-micro-v1:0", "2024-12-03", NOVA_MICRO),
    *launch("bedrock", "amazon.nova-lite-v1:0", "2024-12-03", NOVA_LITE),
    *launch("bedrock", "amazon.nova-pro-v1:0", "2024-12-03", NOVA_PRO),
    *launch("bedrock", "amazon.nova-2-lite-v1:0", "2025-12-02", NOVA_2_LITE),
    # A US geographic inference profile bills as its base model; other profiles are not priced.
    *cases("bedrock", "us.amazon.nova-micro-v1:0", ("2026-08-19T14:00", NOVA_MICRO)),
    *cases("bedrock", "us.amazon.nova-lite-v1:0", ("2026-08-19T14:00", NOVA_LITE)),
    *cases("bedrock", "us.amazon.nova-pro-v1:0", ("2026-08-19T14:00", NOVA_PRO)),
    *cases(
        "bedrock", "us.amazon.nova-2-lite-v1:0", ("2025-12-01T" + JUST_BEFORE, None), ("2026-08-19T14:00", NOVA_2_LITE)
    ),
    *cases("bedrock", "eu.amazon.nova-micro-v1:0", ("2026-08-19T14:00", None)),
    *cases("bedrock", "global.amazon.nova-2-lite-v1:0", ("2026-08-19T14:00", None)),
]


# Gemini per-million prices (input / cached / output) and the cost of USAGE at each:
GEMINI_20_FLASH = "0.000425"  # 0.10 / 0.025 / 0.40:  200 + 25 + 200 = 425
GEMINI_20_LITE = "0.000375"  # 0.075 / — / 0.30: cache hits bill as input: 3000·0.075 + 500·0.30 = 225 + 150
GEMINI_25_PRO = "0.007625"  # 1.25 / 0.125 / 10.00:  2500 + 125 + 5000 = 7625
GEMINI_25_FLASH = "0.00188"  # 0.30 / 0.03 / 2.50:  600 + 30 + 1250 = 1880
GEMINI_25_LITE = "0.00041"  # 0.10 / 0.01 / 0.40:  200 + 10 + 200 = 410
GEMINI_3_PRO = "0.0102"  # 2.00 / 0.20 / 12.00:  4000 + 200 + 6000 = 10200
GEMINI_3_FLASH = "0.00255"  # 0.50 / 0.05 / 3.00:  1000 + 50 + 1500 = 2550

GOOGLE_CASES = [
    *launch("google", "gemini-2.0-flash", "2025-02-05", GEMINI_20_FLASH),
    *launch("google", "gemini-2.0-flash-lite", "2025-02-25", GEMINI_20_LITE),
    *launch("google", "gemini-2.5-pro", "2025-06-17", GEMINI_25_PRO),
    *launch("google", "gemini-2.5-flash", "2025-06-17", GEMINI_25_FLASH),
    *launch("google", "gemini-2.5-flash-lite", "2025-07-22", GEMINI_25_LITE),
    *launch("google", "gemini-3-pro-preview", "2025-11-18", GEMINI_3_PRO),
    *launch("google", "gemini-3-flash-preview", "2025-12-17", GEMINI_3_FLASH),
    # Recorded model names with no row: no guessed price.
    *cases("google", "gemini-2.0-flash-exp", ("2026-11-24T00:00", None)),
    *cases("google", "gemini-1.5-flash", ("2026-11-24T00:00", None)),
]

ALL_CASES = DEEPSEEK_CASES + OPENAI_CASES + ANTHROPIC_CASES + BEDROCK_CASES + GOOGLE_CASES + CATALOG_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: case.id)
def test_cost_by_provider_model_and_instant(case: Case) -> None:
    got = cost(USAGE, provider=case.provider, model=case.model, at=utc(case.at))
    if case.expected is None:
        assert got is None
    else:
        assert got == D(case.expected)
        assert isinstance(got, Decimal)


def test_every_shipped_model_has_a_case() -> None:
    tested = {(case.provider, case.model) for case in ALL_CASES if case.expected is not None}
    untested = {(row.provider, row.model) for row in shipped_rows()} - tested
    assert not untested


def test_every_dated_change_has_a_case_on_each_side() -> None:
    """For every row boundary, the table cases price the instant just before and the instant at it."""
    instants = {(case.provider, case.model, utc(case.at)) for case in ALL_CASES}
    tick = timedelta(microseconds=1)
    missing = []
    for row in shipped_rows():
        for edge in (row.valid_from, row.valid_until):
            if edge is None:
                continue
            names = {row.model} | {
                alias.name
                for aliases in _index.shipped().aliases.values()
                for alias in aliases
                if alias.target == row.model
            }
            if not any((row.provider, name, edge) in instants for name in names):
                missing.append((row.model, edge, "at"))
            if not any((row.provider, name, edge - tick) in instants for name in names):
                missing.append((row.model, edge, "before"))
    assert not missing


# ----------------------------------------------------------------------------- cost rules


def test_cached_tokens_are_billed_once_at_the_cached_price() -> None:
    at = utc("2025-06-01T00:00")
    all_cached = Usage(input_tokens=1_000_000, cache_read_tokens=1_000_000)
    assert cost(all_cached, provider="openai", model="gpt-4.1", at=at) == D("0.50")  # only the cached price
    none_cached = Usage(input_tokens=1_000_000)
    assert cost(none_cached, provider="openai", model="gpt-4.1", at=at) == D("2.00")


def test_reasoning_tokens_are_output_and_not_billed_twice() -> None:
    at = utc("2025-06-01T00:00")
    plain = Usage(input_tokens=10, output_tokens=1_000_000)
    thinking = Usage(input_tokens=10, output_tokens=1_000_000, reasoning_tokens=900_000)
    assert cost(thinking, provider="openai", model="o4-mini", at=at) == cost(
        plain, provider="openai", model="o4-mini", at=at
    )
    assert cost(thinking, provider="openai", model="o4-mini", at=at) == D("4.400011")  # 10·1.10 + 1e6·4.40


def test_cache_writes_at_their_own_price() -> None:
    # gpt-5.6-sol: 1,000 uncached · 5.00 + 1,000 read · 0.50 + 2,000 written · 6.25 + 500 out · 30.00
    # = 5000 + 500 + 12500 + 15000 = 33000 per million.
    usage = Usage(input_tokens=4_000, cache_read_tokens=1_000, cache_write_tokens=2_000, output_tokens=500)
    assert cost(usage, provider="openai", model="gpt-5.6-sol", at=utc("2026-08-01T00:00")) == D("0.033")


def test_anthropic_cache_writes_and_reads_at_their_own_prices() -> None:
    # claude-sonnet-4-5: 1,000 uncached · 3.00 + 2,000 written · 3.75 + 4,000 read · 0.30 + 100 out · 15.00
    # = 3000 + 7500 + 1200 + 1500 = 13200 per million.
    usage = Usage(input_tokens=7_000, cache_write_tokens=2_000, cache_read_tokens=4_000, output_tokens=100)
    assert cost(usage, provider="anthropic", model="claude-sonnet-4-5", at=utc("2026-01-01T00:00")) == D("0.0132")


def test_anthropic_long_prompts_reprice_the_whole_request() -> None:
    # Over 200K prompt tokens, claude-sonnet-4-5 bills 6.00 / 0.60 read / 7.50 write / 22.50 for all of them:
    # 200,001 · 6.00 + 1,000 · 22.50 = 1,200,006 + 22,500 = 1,222,506 per million.
    at = utc("2026-01-01T00:00")
    long = Usage(input_tokens=200_001, output_tokens=1_000)
    assert cost(long, provider="anthropic", model="claude-sonnet-4-5", at=at) == D("1.222506")
    short = Usage(input_tokens=200_000, output_tokens=1_000)  # 600,000 + 15,000
    assert cost(short, provider="anthropic", model="claude-sonnet-4-5", at=at) == D("0.615")


@dataclass(frozen=True)
class Published:
    """Anthropic's published per-million prices: input, 5-minute cache write, cache hit, output,
    1-hour cache write."""

    model: str
    at: str
    input: str
    cache_write: str
    cache_hit: str
    output: str
    cache_write_1h: str


# As published on Anthropic's pages (see each row's ``checked``), typed in here by hand.
CLAUDE_PUBLISHED = [
    Published("claude-opus-4-6", "2026-03-01T00:00", "5", "6.25", "0.50", "25", "10"),
    Published("claude-sonnet-4-6", "2026-03-01T00:00", "3", "3.75", "0.30", "15", "6"),
    Published("claude-opus-4-7", "2026-05-01T00:00", "5", "6.25", "0.50", "25", "10"),
    Published("claude-opus-4-8", "2026-06-01T00:00", "5", "6.25", "0.50", "25", "10"),
    Published("claude-fable-5", "2026-07-01T00:00", "10", "12.50", "1", "50", "20"),
    Published("claude-mythos-5", "2026-07-01T00:00", "10", "12.50", "1", "50", "20"),
    Published("claude-sonnet-5", "2026-07-01T00:00", "2", "2.50", "0.20", "10", "4"),
    Published("claude-opus-5", "2026-08-01T00:00", "5", "6.25", "0.50", "25", "10"),
    Published("claude-fable-5-1", "2026-10-01T00:00", "10", "12.50", "0.25", "50", "20"),
    Published("claude-mythos-5-1", "2026-10-01T00:00", "10", "12.50", "0.25", "50", "20"),
    Published("claude-opus-5-5", "2026-10-01T00:00", "4", "5", "0.20", "20", "8"),
    Published("claude-sonnet-5-5", "2026-10-01T00:00", "2", "2.50", "0.20", "10", "4"),
    Published("claude-haiku-5-5", "2026-11-01T00:00", "0.10", "0.125", "0.01", "0.50", "0.20"),  # prompt <= 100K
]


@pytest.mark.parametrize("published", CLAUDE_PUBLISHED, ids=lambda published: published.model)
def test_new_claude_models_bill_each_kind_of_token_at_its_published_price(published: Published) -> None:
    # 10,000 prompt tokens: 4,000 cache hits, 2,000 written to the cache (5-minute), 4,000 uncached;
    # 1,500 output tokens of which 600 were thinking (already inside the output count).
    usage = Usage(
        input_tokens=10_000,
        cache_read_tokens=4_000,
        cache_write_tokens=2_000,
        output_tokens=1_500,
        reasoning_tokens=600,
    )
    expected = (
        4_000 * D(published.input)
        + 4_000 * D(published.cache_hit)
        + 2_000 * D(published.cache_write)
        + 1_500 * D(published.output)
    ) / 1_000_000
    assert cost(usage, provider="anthropic", model=published.model, at=utc(published.at)) == expected


@pytest.mark.parametrize("published", CLAUDE_PUBLISHED, ids=lambda published: published.model)
def test_new_claude_models_bill_1h_cache_writes_at_their_published_price(published: Published) -> None:
    # The same request with 2,000 of its 3,000 cache writes made with a 1-hour lifetime.
    usage = Usage(
        input_tokens=10_000,
        cache_read_tokens=4_000,
        cache_write_tokens=3_000,
        cache_write_1h_tokens=2_000,
        output_tokens=1_500,
    )
    expected = (
        3_000 * D(published.input)
        + 4_000 * D(published.cache_hit)
        + 1_000 * D(published.cache_write)
        + 2_000 * D(published.cache_write_1h)
        + 1_500 * D(published.output)
    ) / 1_000_000
    assert cost(usage, provider="anthropic", model=published.model, at=utc(published.at)) == expected


def test_new_claude_models_hand_worked() -> None:
    usage = Usage(input_tokens=10_000, cache_read_tokens=4_000, cache_write_tokens=2_000, output_tokens=1_500)
    at = utc("2026-11-24T00:00")
    # claude-opus-5-5: 4,000 · 4.00 + 4,000 · 0.20 + 2,000 · 5.00 + 1,500 · 20.00
    # = 16000 + 800 + 10000 + 30000 = 56800 per million.
    assert cost(usage, provider="anthropic", model="claude-opus-5-5", at=at) == D("0.0568")
    # claude-fable-5-1: 40000 + 4,000 · 0.25 (= 1000) + 25000 + 75000 = 141000.
    assert cost(usage, provider="anthropic", model="claude-fable-5-1", at=at) == D("0.141")
    # claude-sonnet-5: 8000 + 800 + 5000 + 15000 = 28800.
    assert cost(usage, provider="anthropic", model="claude-sonnet-5", at=at) == D("0.0288")
    # claude-haiku-5-5 (prompt under 100K): 400 + 40 + 250 + 750 = 1440.
    assert cost(usage, provider="anthropic", model="claude-haiku-5-5", at=at) == D("0.00144")


def test_claude_haiku_5_5_prompts_over_100k_reprice_the_whole_request() -> None:
    at = utc("2026-11-01T00:00")
    # At 100,000 prompt tokens (cache included) the lower price applies:
    # 50,000 · 0.10 + 30,000 · 0.01 + 20,000 · 0.125 + 2,000 · 0.50 = 5000 + 300 + 2500 + 1000 = 8800.
    at_threshold = Usage(input_tokens=100_000, cache_read_tokens=30_000, cache_write_tokens=20_000, output_tokens=2_000)
    assert cost(at_threshold, provider="anthropic", model="claude-haiku-5-5", at=at) == D("0.0088")
    # One token over: every token at the higher price, output included:
    # 50,001 · 0.50 + 30,000 · 0.05 + 20,000 · 0.625 + 2,000 · 2.50 = 25000.5 + 1500 + 12500 + 5000 = 44000.5.
    over = Usage(input_tokens=100_001, cache_read_tokens=30_000, cache_write_tokens=20_000, output_tokens=2_000)
    assert cost(over, provider="anthropic", model="claude-haiku-5-5", at=at) == D("0.0440005")
    found = quote("anthropic", "claude-haiku-5-5", at)
    assert found is not None and found.row.long_prompt is not None
    assert found.row.long_prompt.label == "prompt over 100,000 tokens"


# A request that wrote 3,000 prompt tokens to the cache, 1,000 of them with a 1-hour lifetime.
MIXED_WRITES = Usage(
    input_tokens=10_000,
    cache_read_tokens=4_000,
    cache_write_tokens=3_000,
    cache_write_1h_tokens=1_000,
    output_tokens=1_500,
)


def test_1h_cache_writes_at_their_own_price_hand_worked() -> None:
    # claude-sonnet-4-6: 3,000 uncached · 3.00 + 4,000 read · 0.30 + 2,000 5-minute writes · 3.75
    # + 1,000 1-hour writes · 6.00 + 1,500 out · 15.00 = 9000 + 1200 + 7500 + 6000 + 22500 = 46200 per million.
    at = utc("2026-03-01T00:00")
    assert cost(MIXED_WRITES, provider="anthropic", model="claude-sonnet-4-6", at=at) == D("0.0462")
    # Counted as 5-minute writes (as before the split was read), they would cost 3.75: 2,250 less.
    all_5m = MIXED_WRITES.model_copy(update={"cache_write_1h_tokens": 0})
    assert cost(all_5m, provider="anthropic", model="claude-sonnet-4-6", at=at) == D("0.04395")
    # claude-opus-5-5: 3,000 · 4.00 + 4,000 · 0.20 + 2,000 · 5.00 + 1,000 · 8.00 + 1,500 · 20.00
    # = 12000 + 800 + 10000 + 8000 + 30000 = 60800.
    assert cost(MIXED_WRITES, provider="anthropic", model="claude-opus-5-5", at=utc("2026-10-01T00:00")) == D("0.0608")
    # claude-3-5-haiku: 3,000 · 0.80 + 4,000 · 0.08 + 2,000 · 1.00 + 1,000 · 1.60 + 1,500 · 4.00
    # = 2400 + 320 + 2000 + 1600 + 6000 = 12320.
    assert cost(MIXED_WRITES, provider="anthropic", model="claude-3-5-haiku", at=utc("2025-01-01T00:00")) == D(
        "0.01232"
    )


def test_1h_cache_writes_follow_the_long_prompt_tier() -> None:
    at = utc("2026-11-01T00:00")
    # claude-haiku-5-5 at 100,000 prompt tokens, 20,000 written of which 5,000 for an hour:
    # 50,000 · 0.10 + 30,000 · 0.01 + 15,000 · 0.125 + 5,000 · 0.20 + 2,000 · 0.50
    # = 5000 + 300 + 1875 + 1000 + 1000 = 9175 per million.
    at_threshold = Usage(
        input_tokens=100_000,
        cache_read_tokens=30_000,
        cache_write_tokens=20_000,
        cache_write_1h_tokens=5_000,
        output_tokens=2_000,
    )
    assert cost(at_threshold, provider="anthropic", model="claude-haiku-5-5", at=at) == D("0.009175")
    # One token over, every token at the higher price, the 1-hour writes at 1.00:
    # 50,001 · 0.50 + 30,000 · 0.05 + 15,000 · 0.625 + 5,000 · 1.00 + 2,000 · 2.50
    # = 25000.5 + 1500 + 9375 + 5000 + 5000 = 45875.5.
    over = at_threshold.model_copy(update={"input_tokens": 100_001})
    assert cost(over, provider="anthropic", model="claude-haiku-5-5", at=at) == D("0.0458755")
    # claude-sonnet-4-5 over 200K: 100,000 · 6.00 + 100,000 · 0.60 + 30,000 · 7.50 + 20,000 · 12.00 + 1,000 · 22.50
    # = 600000 + 60000 + 225000 + 240000 + 22500 = 1,147,500.
    long = Usage(
        input_tokens=250_000,
        cache_read_tokens=100_000,
        cache_write_tokens=50_000,
        cache_write_1h_tokens=20_000,
        output_tokens=1_000,
    )
    assert cost(long, provider="anthropic", model="claude-sonnet-4-5", at=utc("2026-01-01T00:00")) == D("1.1475")


def test_without_a_1h_price_1h_writes_cost_the_cache_write_price() -> None:
    # gpt-5.6-sol has a cache-write price (6.25) and no 1-hour one: the split changes nothing.
    # 1,000 · 5.00 + 1,000 · 0.50 + 2,000 · 6.25 + 500 · 30.00 = 33000 per million.
    usage = Usage(
        input_tokens=4_000,
        cache_read_tokens=1_000,
        cache_write_tokens=2_000,
        cache_write_1h_tokens=1_500,
        output_tokens=500,
    )
    assert cost(usage, provider="openai", model="gpt-5.6-sol", at=utc("2026-08-01T00:00")) == D("0.033")
    # gpt-4 has neither: every prompt token is input, 4,000 · 30.00 + 500 · 60.00 = 150000.
    assert cost(usage, provider="openai", model="gpt-4", at=utc("2024-01-01T00:00")) == D("0.15")
    price = Price(input=D(1), output=D(2), cache_write=D("1.25"))
    assert price.cache_write_1h is None
    # No cached price either: 1,000 · 1 + 1,000 read · 1 + 2,000 · 1.25 + 500 · 2 = 5500.
    assert price.cost_of(usage) == D("0.0055")


def test_every_claude_row_prices_1h_writes_at_twice_the_input() -> None:
    claude = [row for row in shipped_rows() if row.provider == "anthropic"]
    assert claude
    for row in claude:
        prices = [row.price] + ([row.long_prompt.price] if row.long_prompt is not None else [])
        for price in prices:
            assert price.cache_write_1h == 2 * price.input, row.model
        assert "1-hour rate (2 x input)" in row.note, row.model
        assert "1-hour writes cost 2 x input and are under-priced" not in row.note, row.model
        assert "1-hour-write prices are not modelled" not in row.checked, row.model


def test_a_usage_type_without_1h_writes_is_still_priced() -> None:
    @dataclass(frozen=True)
    class Counts:  # a TokenCounts written before cache_write_1h_tokens existed
        input_tokens: int
        output_tokens: int
        cache_read_tokens: int
        cache_write_tokens: int

    counts = Counts(input_tokens=10_000, output_tokens=1_500, cache_read_tokens=4_000, cache_write_tokens=3_000)
    # claude-sonnet-4-6, every write at 3.75: 9000 + 1200 + 11250 + 22500 = 43950.
    assert cost(counts, provider="anthropic", model="claude-sonnet-4-6", at=utc("2026-03-01T00:00")) == D("0.04395")


def test_more_1h_writes_than_writes_costs_none_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="llmkit.pricing")
    usage = Usage(input_tokens=100, cache_write_tokens=10, cache_write_1h_tokens=11)
    assert cost(usage, provider="anthropic", model="claude-sonnet-4-6", at=utc("2026-03-01T00:00")) is None
    assert "1-hour cache writes (11) exceed the cache writes (10)" in caplog.records[0].getMessage()
    with pytest.raises(ValueError, match="1-hour"):
        Price(input=D(1), output=D(1)).cost_of(usage)
    with pytest.raises(ValueError, match=">= 0"):
        Price(input=D(1), output=D(1)).cost_of(Usage(input_tokens=1, cache_write_1h_tokens=-1))


@given(
    st.lists(
        st.tuples(*(st.integers(0, 10**9) for _ in range(5))),
        min_size=1,
        max_size=5,
    )
)
def test_with_1h_writes_the_cost_of_a_sum_is_the_sum_of_the_costs(parts: list[tuple[int, ...]]) -> None:
    usages = [
        Usage(
            input_tokens=uncached + read + write_5m + write_1h,
            cache_read_tokens=read,
            cache_write_tokens=write_5m + write_1h,
            cache_write_1h_tokens=write_1h,
            output_tokens=out,
        )
        for uncached, read, write_5m, write_1h, out in parts
    ]
    at = utc("2026-03-01T00:00")
    costs = [cost(usage, provider="anthropic", model="claude-sonnet-4-6", at=at) for usage in usages]
    assert None not in costs
    assert cost(sum(usages[1:], usages[0]), provider="anthropic", model="claude-sonnet-4-6", at=at) == sum(
        c for c in costs if c is not None
    )


def test_claude_models_after_4_5_have_no_long_context_tier() -> None:
    # 900,000 uncached prompt tokens bill at the base price on the 1M-window models:
    # claude-opus-4-6: 900,000 · 5.00 + 1,000 · 25.00 = 4,500,000 + 25,000 per million.
    long = Usage(input_tokens=900_000, output_tokens=1_000)
    assert cost(long, provider="anthropic", model="claude-opus-4-6", at=utc("2026-06-01T00:00")) == D("4.525")
    # claude-sonnet-4-6: 900,000 · 3.00 + 1,000 · 15.00 = 2,700,000 + 15,000.
    assert cost(long, provider="anthropic", model="claude-sonnet-4-6", at=utc("2026-06-01T00:00")) == D("2.715")


def test_new_claude_rows_cite_anthropic_and_say_where_valid_from_comes_from() -> None:
    for row in shipped_rows():
        if row.provider == "anthropic" and row.valid_from >= utc("2026-01-01T00:00"):
            assert row.source.startswith("https://platform.claude.com/docs/en/"), row.model
            assert "valid_from" in row.checked, row.model


def test_without_a_cached_or_cache_write_price_those_tokens_are_input() -> None:
    # gpt-4: 30.00 input, no cached or cache-write price: 3,000 prompt tokens · 30 + 0 output.
    usage = Usage(input_tokens=3_000, cache_read_tokens=1_000, cache_write_tokens=1_000)
    assert cost(usage, provider="openai", model="gpt-4", at=utc("2024-01-01T00:00")) == D("0.09")


def test_cost_is_exact_and_never_rounded() -> None:
    one = Usage(input_tokens=1, cache_read_tokens=1)
    got = cost(one, provider="deepseek", model="deepseek-v4-pro", at=utc("2026-05-01T00:00"))
    assert got == D("0.000000003625")  # 1 · 0.003625 / 1e6
    huge = Usage(input_tokens=10**15, output_tokens=10**15 + 1)
    got = cost(huge, provider="deepseek", model="deepseek-v4-pro", at=utc("2026-05-01T00:00"))
    assert got == D("1305000000.00000087")  # 1e9·0.435 + (1e9 + 1e-6)·0.87


@pytest.mark.parametrize(
    ("model", "input_tokens", "expected"),
    [
        # 200,000 prompt tokens is still the base tier: 150000·2.00 + 50000·0.20 + 1000·12.00
        ("gemini-3-pro-preview", 200_000, "0.322"),
        # Over it, every token at the long-prompt price: 200000·4.00 + 50000·0.40 + 1000·18.00
        ("gemini-3-pro-preview", 250_000, "0.838"),
        # 2.5 Pro: 150000·1.25 + 50000·0.125 + 1000·10 (base); 200000·2.50 + 50000·0.25 + 1000·15 (long)
        ("gemini-2.5-pro", 200_000, "0.20375"),
        ("gemini-2.5-pro", 250_000, "0.5275"),
    ],
)
def test_gemini_prompts_over_200k_reprice_the_whole_request(model: str, input_tokens: int, expected: str) -> None:
    usage = Usage(input_tokens=input_tokens, cache_read_tokens=50_000, output_tokens=1_000)
    assert cost(usage, provider="google", model=model, at=utc("2026-11-24T00:00")) == D(expected)


def test_long_prompt_tier_reprices_the_whole_request() -> None:
    at = utc("2026-06-01T00:00")
    # At the threshold: 172,000·2.50 + 100,000·0.25 + 1,000·15 = 430000 + 25000 + 15000.
    at_threshold = Usage(input_tokens=272_000, cache_read_tokens=100_000, output_tokens=1_000)
    assert cost(at_threshold, provider="openai", model="gpt-5.4", at=at) == D("0.47")
    # One token over: 172,001·5.00 + 100,000·0.50 + 1,000·22.50 = 860005 + 50000 + 22500.
    over = Usage(input_tokens=272_001, cache_read_tokens=100_000, output_tokens=1_000)
    assert cost(over, provider="openai", model="gpt-5.4", at=at) == D("0.932505")


def test_a_model_without_a_price_costs_none_and_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="llmkit.pricing")
    at = utc("2026-01-01T00:00")
    assert cost(USAGE, provider="openai", model="gpt-unknown", at=at) is None
    assert cost(USAGE, provider="openai", model="gpt-unknown", at=at) is None
    assert cost(USAGE, provider="OpenAI", model=" GPT-UNKNOWN", at=at) is None  # the same model
    assert cost(USAGE, provider="acme", model="gpt-4o", at=at) is None  # an unknown provider
    warnings = [record for record in caplog.records if record.name == "llmkit.pricing"]
    assert len(warnings) == 2
    assert "gpt-unknown" in warnings[0].getMessage() and "register_price" in warnings[0].getMessage()
    assert "acme" in warnings[1].getMessage()


def test_a_known_model_outside_its_dates_costs_none(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="llmkit.pricing")
    # Stripping the date must not price a snapshot before it existed through its base model.
    assert cost(USAGE, provider="openai", model="gpt-4o-2024-08-06", at=utc("2024-08-01T00:00")) is None
    assert len(caplog.records) == 1


def test_an_impossible_usage_costs_none_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="llmkit.pricing")
    usage = Usage(input_tokens=10, cache_read_tokens=20)
    assert cost(usage, provider="openai", model="gpt-4o", at=utc("2025-01-01T00:00")) is None
    assert "exceed the prompt tokens" in caplog.records[0].getMessage()
    with pytest.raises(ValueError, match="exceed"):
        Price(input=D(1), output=D(1)).cost_of(usage)


def test_a_retired_name_is_priced_as_its_successor_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="llmkit.pricing")
    at = utc("2026-08-01T00:00")
    found = quote("deepseek", "deepseek-chat", at)
    assert found is not None
    assert found.route == ("deepseek-chat", "deepseek-v4-flash")
    assert any("retired" in note for note in found.notes)
    quote("deepseek", "deepseek-chat", at)
    assert len(caplog.records) == 1 and "retired" in caplog.records[0].getMessage()
    assert quote("deepseek", "deepseek-chat", utc("2026-06-01T00:00")) is not None
    assert len(caplog.records) == 1  # before the retirement there is nothing to warn about


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        cost(USAGE, provider="openai", model="gpt-4o", at=datetime(2025, 1, 1))


def test_at_defaults_to_now() -> None:
    now = quote("deepseek", "deepseek-v4-pro")
    assert now is not None
    assert abs(now.at - datetime.now(UTC)) < timedelta(minutes=1)
    assert cost(USAGE, provider="deepseek", model="deepseek-v4-pro") in {D(PRO_OFF), D(PRO_PEAK)}


def test_an_aware_instant_in_another_zone_is_the_same_instant() -> None:
    beijing = timezone(timedelta(hours=8))
    # 09:30 Beijing on Tuesday 2026-08-18 is 01:30 UTC: peak.
    assert cost(
        USAGE, provider="deepseek", model="deepseek-v4-flash", at=datetime(2026, 8, 18, 9, 30, tzinfo=beijing)
    ) == D(FLASH_V4_PEAK)


@given(
    st.lists(
        st.tuples(st.integers(0, 10**9), st.integers(0, 10**9), st.integers(0, 10**9), st.integers(0, 10**9)),
        min_size=1,
        max_size=5,
    )
)
def test_the_cost_of_a_sum_is_the_sum_of_the_costs(parts: list[tuple[int, int, int, int]]) -> None:
    usages = [
        Usage(input_tokens=uncached + read + write, cache_read_tokens=read, cache_write_tokens=write, output_tokens=out)
        for uncached, read, write, out in parts
    ]
    at = utc("2026-08-01T00:00")
    costs = [cost(usage, provider="openai", model="gpt-5.6-sol", at=at) for usage in usages]
    total = usages[0]
    for usage in usages[1:]:
        total = total + usage
    assert cost(total, provider="openai", model="gpt-5.6-sol", at=at) == sum(c for c in costs if c is not None)


# ------------------------------------------------------------------- the recorded corpus


def _corpus(name: str) -> dict[str, Any]:
    return load_recording(name)  # skips where the corpus is absent, fails so under CI=true


def _created(recording: dict[str, Any]) -> datetime:
    """When the provider answered: the ``created`` of the response (first chunk for a stream)."""
    body = recording["response"]["body"]
    first = body if body.lstrip().startswith("{") else body.split("data: ", 1)[1].split("\n", 1)[0]
    return datetime.fromtimestamp(json.loads(first)["created"], UTC)


def test_openai_cached_tokens_from_the_corpus_are_discounted_once() -> None:
    recording = _corpus("openai__json-cached-tokens-hit.json")
    wire = recording["expected"]["usage"]
    # As the OpenAI adapter maps it: prompt_tokens already includes cached_tokens.
    usage = Usage(
        input_tokens=wire["prompt_tokens"],
        output_tokens=wire["completion_tokens"],
        cache_read_tokens=wire["prompt_tokens_details"]["cached_tokens"],
        cache_write_tokens=wire["prompt_tokens_details"].get("cache_write_tokens") or 0,
        reasoning_tokens=wire["completion_tokens_details"]["reasoning_tokens"],
    )
    assert (usage.input_tokens, usage.cache_read_tokens, usage.output_tokens) == (4020, 4012, 4)
    at = _created(recording)
    assert at == utc("2026-07-15T05:10:52")
    got = cost(usage, provider="openai", model=recording["expected"]["model"], at=at)
    # gpt-5.6-sol: 8 uncached · 5.00 + 4,012 cached · 0.50 + 4 output · 30.00 = 40 + 2006 + 120 = 2166.
    assert got == D("0.002166")
    # Billing the cached tokens at the input price too would have cost 4,020 · 5.00 + ... instead.
    assert got < D("0.0201")


def test_deepseek_cache_hits_from_the_corpus_are_discounted_once() -> None:
    recording = _corpus("deepseek__chat-stream-after-tool-result-cache-hit.json")
    wire = recording["expected"]["usage"]
    # As the DeepSeek adapter maps it: prompt_cache_hit_tokens are the cache reads.
    usage = Usage(
        input_tokens=wire["prompt_tokens"],
        output_tokens=wire["completion_tokens"],
        cache_read_tokens=wire["prompt_cache_hit_tokens"],
    )
    assert wire["prompt_cache_hit_tokens"] + wire["prompt_cache_miss_tokens"] == wire["prompt_tokens"]
    at = _created(recording)
    assert at == utc("2026-06-08T18:48:53")
    # Requested as deepseek-chat, answered by deepseek-v4-flash: 0.14 / 0.0028 / 0.28 that day.
    # 67 missed · 0.14 + 384 hit · 0.0028 + 21 output · 0.28 = 9.38 + 1.0752 + 5.88 = 16.3352.
    for model in (recording["request"]["body"]["model"], recording["expected"]["model"]):
        assert cost(usage, provider="deepseek", model=model, at=at) == D("0.0000163352")


# ------------------------------------------------------------------------ runtime prices


def test_a_registered_price_wins_and_can_be_removed() -> None:
    at = utc("2026-08-18T01:00")
    row = register_price("deepseek", "deepseek-v4-flash", input="0.10", cached_input="0.01", output="0.20")
    # 2000·0.10 + 1000·0.01 + 500·0.20 = 200 + 10 + 100 = 310 (no peak rule on the registered row).
    assert cost(USAGE, provider="deepseek", model="deepseek-v4-flash", at=at) == D("0.00031")
    found = quote("deepseek", "deepseek-chat", at)  # an alias resolving to it gets it too
    assert found is not None and found.registered and found.row is row
    assert unregister_price(row) is True
    assert unregister_price(row) is False
    assert cost(USAGE, provider="deepseek", model="deepseek-v4-flash", at=at) == D(FLASH_V4_PEAK)


def test_override_price_lasts_for_the_with_block() -> None:
    at = utc("2025-06-01T00:00")
    with override_price("openai", "gpt-4o", input=1, output=2) as row:
        assert row.price == Price(input=D(1), output=D(2))
        assert cost(USAGE, provider="openai", model="gpt-4o", at=at) == D("0.004")  # 3000·1 + 500·2
        assert cost(USAGE, provider="openai", model="gpt-4o-2024-11-20", at=at) == D("0.004")
    assert cost(USAGE, provider="openai", model="gpt-4o", at=at) == D("0.01125")


def test_a_registered_price_only_wins_while_in_force() -> None:
    since = utc("2026-01-01T00:00")
    register_price("openai", "gpt-4.1", input="1", output="4", valid_from=since)
    assert cost(USAGE, provider="openai", model="gpt-4.1", at=since) == D("0.005")  # 3000·1 + 500·4
    assert cost(USAGE, provider="openai", model="gpt-4.1", at=since - timedelta(microseconds=1)) == D("0.0085")


def test_the_newest_registered_price_wins() -> None:
    register_price("private", "my-llama", input="1", output="1")
    register_price("private", "my-llama", input="2", output="2")
    assert cost(USAGE, provider="private", model="my-llama", at=utc("2026-01-01T00:00")) == D("0.007")  # 3500·2


def test_a_new_provider_and_model_with_a_time_of_day_rule() -> None:
    night = TimeOfDayRule(
        label="night",
        outside_label="day",
        windows=((time(22), time(6)),),
        price=Price(input=D("0.5"), output=D("0.5")),
    )
    register_price("private", "my-llama", input="1", output="1", time_of_day=night)
    assert cost(USAGE, provider="private", model="my-llama", at=utc("2026-01-01T21:59:59")) == D("0.0035")
    assert cost(USAGE, provider="private", model="my-llama", at=utc("2026-01-01T22:00")) == D("0.00175")
    assert price_for("private", "my-llama", utc("2026-01-02T05:59")) == Price(input=D("0.5"), output=D("0.5"))


def test_a_registered_row_may_price_1h_cache_writes() -> None:
    at = utc("2026-03-01T00:00")
    # 3,000 · 1 + 4,000 · 0.10 + 2,000 · 1.25 + 1,000 · 2 + 1,500 · 5 = 3000 + 400 + 2500 + 2000 + 7500 = 15400.
    row = register_price(
        "private", "my-claude", input="1", cached_input="0.10", cache_write="1.25", cache_write_1h="2", output=5
    )
    assert row.price.cache_write_1h == D(2)
    assert cost(MIXED_WRITES, provider="private", model="my-claude", at=at) == D("0.0154")
    # Without a 1-hour price the 1,000 1-hour writes cost 1.25 like the others: 750 less.
    with override_price("private", "my-claude", input="1", cached_input="0.10", cache_write="1.25", output=5) as plain:
        assert plain.price.cache_write_1h is None
        assert cost(MIXED_WRITES, provider="private", model="my-claude", at=at) == D("0.01465")
    with override_price("private", "my-claude", input=1, cache_write_1h=D(3), output=5) as only_1h:
        # No cache-write or cached price: 9,000 prompt tokens as input, the 1,000 1-hour writes at 3.
        assert only_1h.price == Price(input=D(1), output=D(5), cache_write_1h=D(3))
        assert cost(MIXED_WRITES, provider="private", model="my-claude", at=at) == D("0.0195")  # 9000 + 3000 + 7500


def test_floats_are_refused_as_prices() -> None:
    with pytest.raises(TypeError, match="float"):
        register_price("openai", "gpt-4o", input=0.1, output="1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cache_write_1h"):
        register_price("anthropic", "claude-x", input="1", output="1", cache_write_1h=2.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Price\.cache_write_1h"):
        Price(input=D(1), output=D(1), cache_write_1h=2.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Decimal"):
        Price(input=0.1, output=D(1))  # type: ignore[arg-type]


# ------------------------------------------------------------------------- lookup details


def test_price_for_applies_the_time_of_day_rule() -> None:
    off = price_for("deepseek", "deepseek-flash", utc("2026-10-05T00:00"))
    peak = price_for("deepseek", "deepseek-flash", utc("2026-10-05T01:00"))
    assert off == Price(input=D("0.15"), cached_input=D("0.003"), output=D("0.60"))
    assert peak == Price(input=D("0.30"), cached_input=D("0.006"), output=D("1.20"))
    assert price_for("openai", "no-such-model", utc("2026-10-05T00:00")) is None


def test_quote_names_the_row_and_the_period() -> None:
    found = quote("deepseek", "deepseek-chat", utc("2026-09-01T02:00"))
    assert found is not None
    assert found.billed_as == "deepseek-v4-flash"
    assert found.period == "peak"
    assert found.row.valid_from == utc("2026-08-16T16:00")
    assert found.row.source.startswith("https://api-docs.deepseek.com/")
    assert found.registered is False
    snapshot = quote("openai", "gpt-4o-2024-11-20", utc("2025-01-01T00:00"))
    assert snapshot is not None and snapshot.route == ("gpt-4o-2024-11-20", "gpt-4o") and snapshot.period is None


def test_weekdays_are_judged_on_the_rules_clock() -> None:
    # A window late in the UTC day shows the difference: 20:00 UTC Friday is Saturday in Beijing.
    rule = TimeOfDayRule(
        label="peak",
        outside_label="off-peak",
        windows=((time(20), time(23)),),
        price=Price(input=D(2), output=D(2)),
        weekdays=MONDAY_TO_FRIDAY,
        weekday_utc_offset=timedelta(hours=8),
    )
    assert not rule.applies_at(utc("2026-08-21T20:00"))  # Friday UTC, Saturday in Beijing
    assert rule.applies_at(utc("2026-08-23T20:00"))  # Sunday UTC, Monday in Beijing
    assert rule.applies_at(utc("2026-08-20T22:59:59.999999"))
    assert not rule.applies_at(utc("2026-08-20T23:00"))
    assert "Monday–Friday" in rule.describe() and "UTC+8" in rule.describe()


# ------------------------------------------------------------------------ the table itself


def test_rows_of_a_model_do_not_overlap() -> None:
    for rows in _index.shipped().rows.values():
        for earlier, later in itertools.pairwise(rows):
            assert earlier.valid_until is not None, f"{earlier.model}: an open-ended row is followed by another"
            assert earlier.valid_until <= later.valid_from, f"{earlier.model} overlaps at {later.valid_from}"


def test_every_row_is_sourced_and_checked_on_its_own_day_and_in_utc() -> None:
    for row in shipped_rows():
        assert row.source.startswith("https://"), row
        assert row.checked_on is not None and date(2026, 1, 1) <= row.checked_on <= date.today(), row
        assert row.checked, row  # says against what it was checked
        assert row.valid_from.utcoffset() == timedelta(0)


def test_no_row_dates_its_check_in_the_free_text() -> None:
    # A check date in the text would go stale when the row is re-checked (issue #13): the date
    # belongs in checked_on alone.
    for row in shipped_rows():
        assert not re.match(r"\d{4}-\d{2}-\d{2}:", row.checked), row.model
    assert not hasattr(_table, "CHECKED_ON")


def test_every_alias_leads_to_a_priced_model() -> None:
    table = _index.shipped()
    for aliases in table.aliases.values():
        for alias in aliases:
            assert (alias.provider, alias.target) in table.rows or (alias.provider, alias.target) in table.aliases
            assert (alias.provider, alias.name) not in table.rows or alias.valid_from is not None


def test_the_docs_list_every_priced_model_with_its_source_and_check_date() -> None:
    docs = (ROOT / "docs" / "pricing.md").read_text(encoding="utf-8").lower()
    table = _index.shipped()
    names = {name for _, name in table.rows} | {name for _, name in table.aliases}
    missing = sorted(name for name in names if f"`{name}`" not in docs)
    assert not missing
    for row in shipped_rows():
        assert row.source.lower() in docs
        assert f"`{row.model.lower()}` | {row.valid_from:%Y-%m-%d}" in docs
        assert row.checked_on is not None and row.checked_on.isoformat() in docs


def test_the_committed_docs_page_is_the_generated_one() -> None:
    # Run `python -m llmkit.pricing._page` after changing a row.
    page = (ROOT / "docs" / "pricing.md").read_text(encoding="utf-8")
    assert _page.rewrite(page) == page


# ------------------------------------------------------------------------- lazy loading

_IMPORT_PROBE = r"""
import sys

events = []


def audit(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        path = args[0] if isinstance(args[0], str) else args[0].decode(errors="replace")
        if "pricing" in path:
            events.append(path)
    elif event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        events.append(event)


sys.addaudithook(audit)

import llmkit

assert "llmkit.pricing" not in sys.modules, "import llmkit imported llmkit.pricing"
assert events == [], events

import llmkit.pricing

assert "llmkit.pricing._table" not in sys.modules, "import llmkit.pricing loaded the price table"
assert not any("_table" in event for event in events), events
assert not any(event.startswith(("socket", "urllib", "http")) for event in events), events

from datetime import UTC, datetime

price = llmkit.pricing.cost(
    llmkit.Usage(input_tokens=10, output_tokens=10),
    provider="deepseek",
    model="deepseek-v4-pro",
    at=datetime(2026, 5, 1, tzinfo=UTC),
)
assert price is not None
assert "llmkit.pricing._table" in sys.modules
assert not any(event.startswith(("socket", "urllib", "http")) for event in events), events
print("ok")
"""


def test_importing_llmkit_reads_no_prices_until_a_cost_is_asked_for() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
