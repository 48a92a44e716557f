"""Integration fixtures: a real llama.cpp ``llama-server`` built on first use, run on 127.0.0.1.

A server that cannot be built or started fails these tests; it never skips them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .llama_server.server import Paths, ensure_built, running_server

API_KEY = "sekret-llama-key"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def llama() -> Paths:
    return ensure_built()


@pytest.fixture(scope="session")
def chat_url(llama: Paths) -> Iterator[str]:
    with running_server(llama.chat_model, "tiny") as url:
        yield url


@pytest.fixture(scope="session")
def tool_url(llama: Paths) -> Iterator[str]:
    with running_server(llama.tool_model, "tiny-tool") as url:
        yield url


@pytest.fixture(scope="session")
def keyed_url(llama: Paths) -> Iterator[str]:
    with running_server(llama.chat_model, "tiny", api_key=API_KEY) as url:
        yield url
