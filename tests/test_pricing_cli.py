"""``llmkit cost`` and ``llmkit models``, run as a user runs them: ``python -m llmkit ...`` in a subprocess,
and in this process after a program registered prices of its own."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def llmkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "llmkit", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


def cost_json(*args: str) -> dict[str, Any]:
    done = llmkit("cost", "--json", *args)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_the_example_from_the_issue() -> None:
    done = llmkit(
        "cost",
        *("--provider", "deepseek", "--model", "deepseek-chat"),
        *("--input", "1000", "--cached", "800", "--output", "200"),
        *("--at", "2026-09-01T02:00Z"),
    )
    assert done.returncode == 0, done.stderr
    # Tuesday 02:00 UTC is peak; deepseek-chat bills as deepseek-v4-flash at 0.44 / 0.014 / 1.32:
    # 200·0.44 + 800·0.014 + 200·1.32 = 88 + 11.2 + 264 = 363.2 per million.
    assert "$0.0003632 USD" in done.stdout
    assert "period      peak" in done.stdout
    assert "deepseek-chat → deepseek-v4-flash" in done.stdout
    assert "valid 2026-08-16T16:00:00+00:00" in done.stdout
    assert "https://api-docs.deepseek.com/quick_start/pricing" in done.stdout
    assert "retired" in done.stdout  # the note travels with the answer...
    assert done.stderr == ""  # ...not as a log line on stderr


def test_json_report_names_the_row_and_the_period() -> None:
    report = cost_json(
        *("--provider", "deepseek", "--model", "deepseek-flash"),
        *("--input", "1000", "--cached", "800", "--output", "200", "--reasoning", "150"),
        *("--at", "2026-10-03T02:00:00+00:00"),  # a Saturday: off-peak all day
    )
    # 200·0.15 + 800·0.003 + 200·0.60 = 30 + 2.4 + 120 = 152.4 per million.
    assert report["cost_usd"] == "0.0001524"
    assert report["period"] == "off-peak"
    assert report["billed_as"] == "deepseek-flash"
    assert report["price_per_million"] == {
        "input": "0.15",
        "cached_input": "0.003",
        "cache_write": "-",
        "cache_write_1h": "-",
        "output": "0.6",
    }
    assert report["tokens"]["uncached_input"] == 200 and report["tokens"]["reasoning"] == 150
    assert report["row"]["valid_from"] == "2026-09-10T04:00:00+00:00" and report["row"]["valid_until"] is None
    assert "Monday–Friday" in report["row"]["time_of_day"]


def test_an_offset_is_honoured_and_a_missing_one_means_utc() -> None:
    # 10:00 in Beijing is 02:00 UTC: peak on a Tuesday.
    beijing = cost_json(
        "--provider", "deepseek", "--model", "deepseek-flash", "--input", "1000000", "--at", "2026-10-06T10:00+08:00"
    )
    assert beijing["period"] == "peak" and beijing["cost_usd"] == "0.3"
    done = llmkit(
        "cost", "--provider", "deepseek", "--model", "deepseek-flash", "--input", "1", "--at", "2026-10-06T02:00"
    )
    assert done.returncode == 0 and "UTC assumed" in done.stdout


def test_cache_writes_and_long_prompts() -> None:
    report = cost_json(
        *("--provider", "openai", "--model", "gpt-5.4-2026-03-05"),
        *("--input", "300000", "--cached", "100000", "--output", "1000", "--at", "2026-06-01T00:00Z"),
    )
    # Over 272K prompt tokens: 200,000·5.00 + 100,000·0.50 + 1,000·22.50 = 1,072,500 per million.
    assert report["cost_usd"] == "1.0725"
    assert report["period"] == "prompt over 272,000 tokens"
    assert report["route"] == ["gpt-5.4-2026-03-05", "gpt-5.4"]
    sol = cost_json(
        *("--provider", "openai", "--model", "gpt-5.6-sol", "--input", "4000", "--cached", "1000"),
        *("--cache-write", "2000", "--output", "500", "--at", "2026-08-01T00:00Z"),
    )
    assert sol["cost_usd"] == "0.033"  # 1000·5 + 1000·0.5 + 2000·6.25 + 500·30 = 33,000 per million


def test_1h_cache_writes() -> None:
    report = cost_json(
        *("--provider", "anthropic", "--model", "claude-sonnet-4-6", "--input", "12000", "--cache-write", "10000"),
        *("--cache-write-1h", "4000", "--output", "300", "--at", "2026-03-01T00:00Z"),
    )
    # 2,000 · 3.00 + 6,000 · 3.75 + 4,000 · 6.00 + 300 · 15.00 = 6000 + 22500 + 24000 + 4500 = 57,000 per million.
    assert report["cost_usd"] == "0.057"
    assert report["price_per_million"]["cache_write_1h"] == "6"
    assert report["tokens"]["cache_write"] == 10000 and report["tokens"]["cache_write_1h"] == 4000
    done = llmkit(
        *("cost", "--provider", "anthropic", "--model", "claude-sonnet-4-6", "--input", "12000"),
        *("--cache-write", "10000", "--cache-write-1h", "4000", "--at", "2026-03-01T00:00Z"),
    )
    assert "cache write 3.75, 1h cache write 6," in done.stdout
    assert "10000 cache write (4000 of them 1h)" in done.stdout


def test_an_unknown_model_exits_2_with_near_matches() -> None:
    done = llmkit("cost", "--provider", "openai", "--model", "gpt-4p", "--input", "10", "--at", "2026-01-01T00:00Z")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "unknown model 'gpt-4p' for openai" in done.stderr
    assert "gpt-4o" in done.stderr  # a near match
    assert "register_price" in done.stderr and "llmkit models --provider openai" in done.stderr


def test_a_misspelt_provider_is_an_unknown_provider() -> None:
    done = llmkit("cost", "--provider", "opnai", "--model", "gpt-4o", "--input", "10")
    assert done.returncode == 2
    assert "unknown provider 'opnai'. Did you mean openai?" in done.stderr
    assert "groq" in done.stderr and "mistral" in done.stderr  # the known names are listed


# An exact cost for a model of each of five hosted providers: 12,000 prompt tokens of which 2,000
# were cache hits, and 800 output tokens, on 2026-10-01.
FIVE = ("--input", "12000", "--cached", "2000", "--output", "800", "--at", "2026-10-01T00:00Z")


@pytest.mark.parametrize(
    ("provider", "model", "expected"),
    [
        # 10,000·0.15 + 2,000·0.075 + 800·0.60 = 1,500 + 150 + 480 = 2,130 per million
        ("groq", "openai/gpt-oss-120b", "0.00213"),
        # mistral-large-2512: 10,000·0.50 + 2,000·0.05 + 800·1.50 = 5,000 + 100 + 1,200 = 6,300
        ("mistral", "mistral-large-latest", "0.0063"),
        # grok-4-0709: 10,000·3.00 + 2,000·0.75 + 800·15.00 = 30,000 + 1,500 + 12,000 = 43,500
        ("xai", "grok-4", "0.0435"),
        # no cache price: 12,000·0.88 + 800·0.88 = 10,560 + 704 = 11,264
        ("together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "0.011264"),
        # 10,000·1.74 + 2,000·0.145 + 800·3.48 = 17,400 + 290 + 2,784 = 20,474
        ("fireworks", "accounts/fireworks/models/deepseek-v4-pro", "0.020474"),
    ],
)
def test_hosted_providers_cost_exactly(provider: str, model: str, expected: str) -> None:
    report = cost_json("--provider", provider, "--model", model, *FIVE)
    assert report["cost_usd"] == expected
    assert report["row"]["checked_on"] == "2026-12-04"
    done = llmkit("cost", "--provider", provider, "--model", model, *FIVE)
    assert done.returncode == 0 and f"cost        ${expected} USD" in done.stdout


def test_cost_prints_user_facing_text_only() -> None:
    done = llmkit("cost", "--provider", "openai", "--model", "gpt-4o", "--input", "10", "--at", "2026-10-01T00:00Z")
    assert done.returncode == 0
    assert "checked on  2026-11-24" in done.stdout
    for research_note in ("not reachable", "providers.md", "genai-prices", "docs/pricing.md", "stored cop"):
        assert research_note not in done.stdout
    report = cost_json("--provider", "openai", "--model", "gpt-4o", "--input", "10", "--at", "2026-10-01T00:00Z")
    assert "checked" not in report["row"] and report["row"]["checked_on"] == "2026-11-24"


def test_models_lists_prices_limits_and_check_dates() -> None:
    done = llmkit("models", "--provider", "groq")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    row = next(line for line in lines if line.startswith("groq/openai/gpt-oss-120b "))
    assert row.split() == [
        "groq/openai/gpt-oss-120b",
        "0.15",
        "0.075",
        "0.6",
        "131,072",
        "32,766",
        "2025-08-06→",
        "2026-12-04",
    ]
    assert not any(line.startswith("openai/") for line in lines)
    assert done.stderr == ""


def test_models_for_a_provider_that_bills_as_another() -> None:
    done = llmkit("models", "--provider", "gemini")
    assert done.returncode == 0 and "google/gemini-2.5-pro" in done.stdout


def test_models_without_a_provider_lists_every_provider() -> None:
    done = llmkit("models")
    assert done.returncode == 0 and done.stderr == ""
    for name in ("openai/gpt-4o ", "deepseek/deepseek-chat ", "zai/glm-5.3 ", "crusoe/openai/gpt-oss-120b "):
        assert name in done.stdout


def test_models_with_a_misspelt_provider_exits_2() -> None:
    done = llmkit("models", "--provider", "grok")
    assert done.returncode == 2 and "unknown provider 'grok'" in done.stderr and "groq" in done.stderr


def test_a_known_model_before_its_first_price_exits_2() -> None:
    done = llmkit(
        "cost", "--provider", "deepseek", "--model", "deepseek-flash", "--input", "10", "--at", "2026-09-01T00:00Z"
    )
    assert done.returncode == 2 and "no price known" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input", "10", "--cached", "11"], "cannot exceed --input"),
        (["--input", "10", "--cache-write", "5", "--cache-write-1h", "6"], "cannot exceed --cache-write"),
        (["--input", "10", "--output", "5", "--reasoning", "6"], "cannot exceed --output"),
        (["--input", "-1"], "cannot be negative"),
        (["--input", "ten"], "not a whole number"),
        (["--input", "10", "--at", "yesterday"], "not an ISO 8601 time"),
    ],
)
def test_bad_arguments_exit_2(args: list[str], message: str) -> None:
    done = llmkit("cost", "--provider", "openai", "--model", "gpt-4o", *args)
    assert done.returncode == 2
    assert message in done.stderr


def test_a_command_is_required() -> None:
    done = llmkit()
    assert done.returncode == 2 and "COMMAND" in done.stderr


def test_the_console_script_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    target = project["scripts"]["llmkit"]
    module, function = target.split(":")
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}; assert callable({module}.{function})"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


# -- the same commands in this process, with prices a program registered at runtime ------------------


def llmkit_here(*args: str) -> tuple[int, str, str]:
    """``llmkit ARGS`` through the entry point ``python -m llmkit`` calls, in this process: what a
    program that registered its own prices (``register_price``) and then runs the command sees."""
    from llmkit._cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def acme_price() -> Iterator[None]:
    from llmkit.pricing import register_price, unregister_price

    row = register_price("acme", "acme-large-2", input=1, output=2)
    try:
        yield
    finally:
        unregister_price(row)


@pytest.mark.usefixtures("acme_price")
def test_a_registered_provider_and_model_are_known_to_the_commands() -> None:
    code, out, err = llmkit_here("models", "--provider", "acme")
    assert (code, err) == (0, "")
    assert [line.split()[:4] for line in out.splitlines() if line.startswith("acme/")] == [
        ["acme/acme-large-2", "1", "-", "2"]
    ]
    code, out, err = llmkit_here("cost", "--provider", "acme", "--model", "acme-large", "--input", "10")
    assert (code, out) == (2, "")
    assert "unknown model 'acme-large' for acme. Near matches: acme-large-2." in err
    code, _, err = llmkit_here("cost", "--provider", "acmee", "--model", "acme-large-2", "--input", "10")
    assert code == 2 and "unknown provider 'acmee'. Did you mean acme?" in err


def test_near_matches_come_from_the_provider_a_provider_bills_as() -> None:
    code, out, err = llmkit_here("cost", "--provider", "gemini", "--model", "gemini-2.5-pri", "--input", "10")
    assert (code, out) == (2, "")
    assert "unknown model 'gemini-2.5-pri' for gemini. Near matches: gemini-2.5-pro" in err
    code, out, err = llmkit_here("models", "--provider", "gemini")
    assert code == 0 and "google/gemini-2.5-pro " in out
    assert "groq" not in [line.split()[0].split("/")[0] for line in out.splitlines()[1:] if line.strip()]
    code, _, err = llmkit_here("models", "--provider", "gemeni")
    assert code == 2 and err.startswith("llmkit models: unknown provider 'gemeni'. Did you mean gemini")


def test_every_known_provider_is_offered_when_the_name_is_wrong() -> None:
    code, _, err = llmkit_here("cost", "--provider", "nobody-at-all", "--model", "m", "--input", "1")
    assert code == 2
    listed = err.split("Providers with prices: ", 1)[1].rstrip(".\n").split(", ")
    assert {"openai", "anthropic", "deepseek", "gemini", "google", "groq"} <= set(listed)
    assert listed == sorted(listed)
