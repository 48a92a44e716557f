"""A pytest plugin that ``make mutate`` loads (``-p tests._mutation``); the normal suite never does.

mutmut forks each mutant's test run from a process that already ran the suite, so anything that
process built once and kept would be inherited, and a mutant of the code that builds it would never
run; and when mutmut first records which tests reach which function, only the first test to build it
would count. The shipped price table is such a thing: it is built again (3 ms) before every test.

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


def pytest_runtest_setup(item: pytest.Item) -> None:
    from llmkit.pricing._index import shipped

    shipped.cache_clear()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    try:
        durations: dict[str, float] = json.loads(_STATS.read_text(encoding="utf-8"))["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return  # the first run, which records them
    items.sort(key=lambda item: durations.get(item.nodeid, 0.0))
