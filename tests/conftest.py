"""Shared fixtures: the recorded corpus, an async backend, handlers wired to pytest-httpx."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from llmkit import LLMError

SENTINEL_KEY = "sk-SENTINEL-never-leak-7f3a"
"""The key tests pass to handlers on error paths; no exception or log record may contain it."""

ROOT = Path(__file__).resolve().parent.parent


def corpus_dir() -> Path | None:
    """Where the recorded exchanges are: $LLMKIT_CORPUS, else ../shared/corpus beside the project."""
    configured = os.environ.get("LLMKIT_CORPUS")
    path = Path(configured) if configured else ROOT.parent / "shared" / "corpus"
    return path if path.is_dir() else None


def require_corpus() -> Path:
    path = corpus_dir()
    if path is None:
        reason = "the recorded corpus is absent (set LLMKIT_CORPUS or put shared/ beside the project)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — under CI=true that is a failure")
        pytest.skip(reason)
    return path


def corpus_files(predicate: Any = None) -> list[str]:
    """Names of the corpus files (for parametrising), filtered by ``predicate(recording)``."""
    path = corpus_dir()
    if path is None:
        return ["<corpus absent>"]
    names = []
    for file in sorted(path.glob("*.json")):
        if predicate is None or predicate(json.loads(file.read_text(encoding="utf-8"))):
            names.append(file.name)
    return names


def load_recording(name: str) -> dict[str, Any]:
    path = require_corpus()
    data: dict[str, Any] = json.loads((path / name).read_text(encoding="utf-8"))
    return data


def native_corpus_dir() -> Path | None:
    """The native-dialect recordings (Responses, Gemini, Bedrock): $LLMKIT_CORPUS_NATIVE, else
    ../shared/corpus-native beside the project."""
    configured = os.environ.get("LLMKIT_CORPUS_NATIVE")
    path = Path(configured) if configured else ROOT.parent / "shared" / "corpus-native"
    return path if path.is_dir() else None


def native_corpus_files(prefix: str, predicate: Any = None) -> list[str]:
    """Names of the native recordings starting with ``prefix``, filtered by ``predicate(recording)``."""
    path = native_corpus_dir()
    if path is None:
        return ["<corpus absent>"]
    return [
        file.name
        for file in sorted(path.glob(f"{prefix}*.json"))
        if predicate is None or predicate(json.loads(file.read_text(encoding="utf-8")))
    ]


def load_native_recording(name: str) -> dict[str, Any]:
    path = native_corpus_dir()
    if path is None:
        reason = "the native corpus is absent (set LLMKIT_CORPUS_NATIVE or put shared/ beside the project)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — under CI=true that is a failure")
        pytest.skip(reason)
    data: dict[str, Any] = json.loads((path / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No provider variables from the machine leak into a test."""
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "DEEPSEEK_", "ANTHROPIC_")):
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.fixture(autouse=True)
def key_never_leaks(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Around every test: no LLMError built and no log record written may show the sentinel key."""
    built: list[LLMError] = []
    original_init = LLMError.__init__

    def recording_init(self: LLMError, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        built.append(self)

    monkeypatch.setattr(LLMError, "__init__", recording_init)
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="llmkit")
    yield
    for error in built:
        for text in (str(error), repr(error), error.message, error.body or ""):
            assert SENTINEL_KEY not in text, f"the key leaked into {type(error).__name__}: {text[:200]}"
    for record in caplog.records:
        assert SENTINEL_KEY not in record.getMessage(), f"the key leaked into a log record: {record.getMessage()}"
