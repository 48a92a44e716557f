"""A pytest plugin that ``make mutate`` loads (``-p tests._mutation``); the normal suite never does.

mutmut forks each mutant's test run from a process that already ran the suite, so anything that
process built once and kept would be inherited, and a mutant of the code that builds it would never
run; and when mutmut first records which tests reach which function, only the first test to build it
would count. The shipped price table is such a thing: it is built again (3 ms) before each test of
the files that check prices and model facts (``TABLE_TESTS``). Only those: a test rebuilding it
"reaches" every function that builds it, and a surviving mutant of one runs every test that
reaches it, which for all ~2,000 tests is a minute per mutant. Every other test reads the table the
unmutated code built, as a table built at import would be read.

mutmut hands a mutant the tests that reach it in no particular order and stops at the first
failure, so the tests run fastest first, by the durations its first full run recorded: a mutant of
the stream is then usually killed by a decoder test in milliseconds, not after the 11-second leak
test (tests it has not timed yet, new ones, go first).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

_STATS = Path("mutmut-stats.json")  # mutmut runs the tests inside mutants/, where it keeps this


TABLE_TESTS = tuple(
    f"tests/{name}.py"
    for name in (
        "test_pricing",
        "test_pricing_rules",
        "test_pricing_cli",
        "test_pricing_tiers_and_warnings",
        "test_catalog",
        "test_call_options",
        "test_contracts",
        "test_handler",
        "test_presets",
        "test_corpus_responses",
        "test_testing_tools",
    )
)
"""The files whose tests check prices or model facts, and so build the table anew."""


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.nodeid.startswith(TABLE_TESTS):
        from llmkit.pricing._index import shipped

        shipped.cache_clear()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    try:
        durations: dict[str, float] = json.loads(_STATS.read_text(encoding="utf-8"))["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return  # the first run, which records them
    items.sort(key=lambda item: durations.get(item.nodeid, 0.0))
