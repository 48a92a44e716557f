"""What llmkit writes through ``logging``: nothing shown unless the application configures logging,
and errors the caller receives logged as information, not as warnings."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

import llmkit
from llmkit.testing import Exchange, ReplayServer

from ._fresh_install import fresh_install

AGENT = Path(__file__).with_name("_fresh_agent.py")
VERSION = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "version"
]
TOOL_RESULT = {"role": "tool", "tool_call_id": "call_1", "content": '{"city": "Lisbon", "celsius": 21}'}


def run_agent(python: str | Path, *flags: str) -> subprocess.CompletedProcess[str]:
    # -I: the program sees its own environment's llmkit, not the working directory's.
    return subprocess.run(
        [str(python), "-I", str(AGENT), *flags], capture_output=True, text=True, timeout=120, check=False
    )


def test_a_program_that_leaves_logging_alone_gets_nothing_on_stderr() -> None:
    result = run_agent(sys.executable)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["caught"] == ["AuthenticationError", "req_fresh"]
    assert report["answer"] == "Sunny, 21 degrees in Lisbon."


def test_the_same_program_with_logging_configured_sees_retries_failures_prices_and_hooks() -> None:
    result = run_agent(sys.executable, "--log")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("INFO llmkit llmkit: retrying openai request (retry 1 of 2)") for line in lines)
    assert (
        "INFO llmkit llmkit: openai house-model failed: AuthenticationError Incorrect API key; request id req_fresh"
        in lines
    )
    assert any(
        line.startswith("WARNING llmkit.pricing llmkit has no price for openai model 'house-model'") for line in lines
    )
    assert any(line.startswith("ERROR llmkit llmkit: hook") and "failed in on_finish" in line for line in lines)
    assert "RuntimeError: metrics backend down" in lines


@pytest.mark.anyio
async def test_an_error_the_caller_receives_is_logged_at_info_not_as_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    refused = Exchange.error(401, "Incorrect API key", headers={"x-request-id": "req_77"})
    with ReplayServer(refused) as server:
        settings = {"api_provider": "openai", "api_key": "sk-test", "model_name": "gpt-4o", "base_url": server.url}
        async with llmkit.create_api_handler(settings) as handler:
            with pytest.raises(llmkit.AuthenticationError):
                await handler.complete(None, [{"role": "user", "content": "Hi"}])
    failures = [r for r in caplog.records if r.name == "llmkit" and "failed" in r.getMessage()]
    assert [r.levelno for r in failures] == [logging.INFO]
    assert failures[0].getMessage() == (
        "llmkit: openai gpt-4o failed: AuthenticationError Incorrect API key; request id req_77"
    )
    assert not [r for r in caplog.records if r.name.startswith("llmkit") and r.levelno >= logging.WARNING]


@pytest.mark.slow
@pytest.mark.installs
def test_a_fresh_install_runs_a_tool_agent_and_prints_nothing_on_stderr(tmp_path: Path) -> None:
    started = time.monotonic()
    python = fresh_install(tmp_path)
    result = run_agent(python)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report == {
        "caught": ["AuthenticationError", "req_fresh"],
        "answer": "Sunny, 21 degrees in Lisbon.",
        "cost": None,
        "requests": 4,  # the 503 and its retry, the tool call, the answer
        "tool_result_sent": TOOL_RESULT,
    }
    version = subprocess.run(
        [str(python.parent / "llmkit"), "--version"], capture_output=True, text=True, timeout=60, check=True
    )
    assert version.stdout == f"llmkit {VERSION}\n"
    print(f"fresh install and run: {time.monotonic() - started:.1f}s")
