"""Every code example in the docs runs, against a loopback server, and the site builds."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from llmkit.testing import ReplayServer

from ._docs_server import answer
from .conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(p.name for p in DOCS.glob("*.md") if "```python" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES)
def test_every_python_example_on_the_page_runs(page: str, tmp_path: Path) -> None:
    with ReplayServer(answer) as server:
        env = {k: v for k, v in os.environ.items() if not k.endswith(("_API_KEY", "_BASE_URL"))}
        env.update(
            OPENAI_API_KEY="sk-docs", OPENAI_BASE_URL=server.url + "/v1",
            DEEPSEEK_API_KEY="sk-docs", DEEPSEEK_BASE_URL=server.url,
            PYTHONPATH=str(ROOT),
        )  # fmt: skip
        result = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "_docs_runner.py"), str(DOCS / page)],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert result.returncode == 0, f"{page}:\n{result.stderr[-3000:]}"
    blocks = len(re.findall(r"^```python\n", (DOCS / page).read_text(encoding="utf-8"), re.M))
    assert result.stderr.count(" ran\n") == blocks
