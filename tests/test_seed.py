"""The original users' example and the demo, run as a user runs them: as programs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from llmkit.testing import Exchange, ReplayServer

from .conftest import ROOT, load_recording, require_corpus


def run_python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "DEEPSEEK_"))}
    return subprocess.run(
        [sys.executable, *args], env={**clean, **env}, capture_output=True, text=True, timeout=60, check=False
    )


def test_seed_usage_runs_with_only_its_import_changed(tmp_path: Path) -> None:
    seed_file = require_corpus().parent / "seed-usage.py"
    seed = seed_file.read_text(encoding="utf-8")
    old_import = "from src.llm.handlers.factory import create_api_handler"
    assert old_import in seed
    script = tmp_path / "seed_usage.py"
    script.write_text(seed.replace(old_import, "from llmkit import create_api_handler"), encoding="utf-8")

    name = "deepseek__reasoner-stream-reasoning-content.json"
    recording = load_recording(name)
    with ReplayServer(Exchange.from_recording(require_corpus() / name, chunk_size=50)) as server:
        result = run_python([str(script)], {"DEEPSEEK_BASE_URL": server.url, "DEEPSEEK_API_KEY": "sk-local"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    expected = recording["expected"]
    assert expected["content"] in out
    # The seed prints every reasoning piece after its own "[Reasoning]:" label, in order.
    body = recording["response"]["body"]
    non_empty_pieces = body.count('"reasoning_content":"') - body.count('"reasoning_content":""')
    assert out.count("[Reasoning]: ") == non_empty_pieces
    assert out.startswith("\n[Reasoning]: H\n\n[Reasoning]: mm\n\n[Reasoning]: ,\n\n[Reasoning]:  the\n")
    assert "[Stream completed]" in out
    assert "Usage: input=6 (cache read 0, cache write 0) output=212 (reasoning 198)" in out
    assert "Final usage statistics: input=6" in out
    assert server.requests[0].path == "/chat/completions"
    assert server.requests[0].headers["authorization"] == "Bearer sk-local"


def test_demo_prints_reasoning_answer_usage_and_completion() -> None:
    result = run_python([str(ROOT / "examples" / "demo.py")], {})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[Reasoning]" in out and "superposition and entanglement" in out
    assert "[Answer] A normal computer stores information" in out
    assert "Usage: input=28" in out and "reasoning 31" in out
    assert "[Stream completed: stop]" in out
