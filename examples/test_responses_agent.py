"""The Responses example runs as a user runs it, and its second request keeps the reasoning."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent / "responses_agent.py"


def test_the_responses_example_runs_and_sends_the_reasoning_back_before_the_call() -> None:
    result = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "[reasoning] The user wants Lisbon's weather: call the tool.",
        "[tool] get_weather(Lisbon)",
        "Sunny and 21°C in Lisbon.",
        "[second request's input] user, reasoning, function_call, function_call_output",
    ]
