"""The Gemini example runs as a user runs it, offline, and its second request keeps the signature."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from llmkit.testing import ReplayServer

from .gemini_agent import ask, gemini_3

pytestmark = pytest.mark.anyio
EXAMPLE = Path(__file__).with_name("gemini_agent.py")


async def test_the_loop_sends_the_signature_back_and_answers() -> None:
    with ReplayServer(gemini_3) as server:
        settings = {"api_provider": "google", "model_name": "gemini-3-flash-preview"}
        answer = await ask("Weather in Lisbon?", {**settings, "api_key": "k", "base_url": server.url})
    assert answer.text == "It is sunny and 21°C in Lisbon."
    second = server.requests[1].json()["contents"]
    assert second[1]["parts"][0]["thoughtSignature"] == "c2ln"
    assert second[2]["parts"][0]["functionResponse"]["name"] == "get_weather"


def test_the_example_runs_offline_as_a_script() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--offline"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "It is sunny and 21°C in Lisbon.\n"
    assert "[stop] input=40" in result.stderr
