"""A pytest plugin that ``make mutate`` loads (``-p tests._mutation``); the normal suite never does.

mutmut forks each mutant's test run from a process that already ran the suite, so anything that
process built once and kept would be inherited, and a mutant of the code that builds it would never
run; and when mutmut first records which tests reach which function, only the first test to build it
would count. The shipped price table is such a thing: it is built again (3 ms) before every test.
"""

from __future__ import annotations

import pytest


def pytest_runtest_setup(item: pytest.Item) -> None:
    from llmkit.pricing._index import shipped

    shipped.cache_clear()
