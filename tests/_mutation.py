"""A pytest plugin that ``make mutate`` loads (``-p tests._mutation``); the normal suite never does.

mutmut forks each mutant's test run from a process that already ran the suite, so anything that
process built once and kept would be inherited, and a mutant of the code that builds it would never
run. The shipped price table is such a thing: it is built again in every mutant's run.
"""

from __future__ import annotations

import pytest


def pytest_sessionstart(session: pytest.Session) -> None:
    from llmkit.pricing._index import shipped

    shipped.cache_clear()
