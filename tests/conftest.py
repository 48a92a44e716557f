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


NATIVE = "corpus-native"
"""The recorded exchanges of the native dialects (Responses, Gemini, Bedrock): ``folder=NATIVE``."""

_CORPUS_VARIABLES = {"corpus": "LLMKIT_CORPUS", NATIVE: "LLMKIT_CORPUS_NATIVE"}


def corpus_dir(folder: str = "corpus") -> Path | None:
    """Where the recorded exchanges are: $LLMKIT_CORPUS (or $LLMKIT_CORPUS_NATIVE), else
    ../shared/<folder> beside the project."""
    configured = os.environ.get(_CORPUS_VARIABLES[folder])
    path = Path(configured) if configured else ROOT.parent / "shared" / folder
    return path if path.is_dir() else None


def require_corpus(folder: str = "corpus") -> Path:
    path = corpus_dir(folder)
    if path is None:
        variable = _CORPUS_VARIABLES[folder]
        reason = f"the recorded {folder} is absent (set {variable} or put shared/ beside the project)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — under CI=true that is a failure")
        pytest.skip(reason)
    return path


def corpus_files(predicate: Any = None, *, folder: str = "corpus", prefix: str = "") -> list[str]:
    """Names of the corpus files (for parametrising) starting with ``prefix``, filtered by
    ``predicate(recording)``."""
    path = corpus_dir(folder)
    if path is None:
        return ["<corpus absent>"]
    names = []
    for file in sorted(path.glob(f"{prefix}*.json")):
        if predicate is None or predicate(json.loads(file.read_text(encoding="utf-8"))):
            names.append(file.name)
    return names


def load_recording(name: str, *, folder: str = "corpus") -> dict[str, Any]:
    path = require_corpus(folder)
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
