"""The llmkit command line, run as a user runs it: a real subprocess against a loopback server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from llmkit.testing import Exchange, ReplayServer, chat_stream

from .conftest import NATIVE, load_recording, require_corpus

USAGE = {"prompt_tokens": 8, "completion_tokens": 12, "completion_tokens_details": {"reasoning_tokens": 3}}


def llmkit_cli(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "DEEPSEEK_", "LLMKIT_", "AWS_"))}
    return subprocess.run(
        [sys.executable, "-m", "llmkit", *args],
        input=stdin,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_chat_streams_reasoning_answer_usage_and_cost() -> None:
    with ReplayServer(chat_stream("Blue light scatters most.", reasoning="Rayleigh.", usage=USAGE)) as server:
        result = llmkit_cli(
            "chat", "--provider", "deepseek", "--model", "deepseek-flash", "--base-url", server.url, "Why blue?",
            env={"DEEPSEEK_API_KEY": "sk-cli"},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Rayleigh.\n\nBlue light scatters most.\n"
    assert "input=8" in result.stderr and "cost=$" in result.stderr and "[finished: stop]" in result.stderr
    assert server.requests[0].json()["messages"] == [{"role": "user", "content": "Why blue?"}]


def test_chat_reads_stdin_and_environment_and_can_send_reasoning_elsewhere() -> None:
    with ReplayServer(chat_stream("Answer.", reasoning="Thinking.", usage=USAGE)) as server:
        result = llmkit_cli(
            "chat", "--reasoning", "stderr", "--no-usage", stdin="question from a pipe",
            env={"LLMKIT_PROVIDER": "openai", "LLMKIT_MODEL": "gpt-4o", "OPENAI_BASE_URL": server.url},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Answer.\n"
    assert result.stderr == "Thinking."
    assert server.requests[0].json()["messages"][0]["content"] == "question from a pipe"


def test_chat_reports_errors_with_their_class_and_exits_1() -> None:
    with ReplayServer(chat_stream("x")) as server:
        result = llmkit_cli("chat", "--provider", "nope", "--model", "m", "--base-url", server.url, "hi")
    assert result.returncode == 1
    assert "ConfigError: unknown api_provider 'nope'" in result.stderr


def test_ctrl_c_mid_stream_closes_the_stream_cleanly() -> None:
    slow = chat_stream(" ".join(f"word{n}" for n in range(400)), chunk_size=40, delay=0.05)
    with ReplayServer(slow) as server:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LLMKIT_"))}
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llmkit",
                "chat",
                "--provider",
                "openai",
                "--model",
                "m",
                "--base-url",
                server.url,
                "go",
            ],
            env={**clean, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        first = process.stdout.read(5)  # some of the answer has arrived
        assert first.startswith("word")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        deadline = time.monotonic() + 5
        while server.open_connections and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.open_connections == 0, "the connection was left open"
    assert process.returncode == 130
    assert "[interrupted]" in err
    assert "Traceback" not in err
    assert "word399" not in first + out


def test_providers_lists_names_urls_and_variables() -> None:
    result = llmkit_cli("providers")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["provider", "default", "base", "URL", "environment", "key"]
    deepseek = next(line for line in lines if line.startswith("deepseek "))
    assert "https://api.deepseek.com" in deepseek and "DEEPSEEK_API_KEY (api_key)" in deepseek
    assert any(line.startswith("openai ") and "OPENAI_ORG_ID" in line for line in lines)


def test_chat_through_the_responses_api_streams_a_recorded_answer() -> None:
    name = "openai-responses__stream-gpt5-nano-count.json"
    recording = load_recording(name, folder=NATIVE)
    path = require_corpus(NATIVE) / name
    with ReplayServer(Exchange.from_recording(path, chunk_size=50)) as server:
        result = llmkit_cli(
            "chat", "--provider", "openai-responses", "--model", "gpt-5-nano", "--base-url", server.url + "/v1",
            "--system", "Count briefly.", "Count from 1 to 3",
            env={"OPENAI_API_KEY": "sk-cli"},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == recording["expected"]["content"] + "\n"
    assert "input=13" in result.stderr and "(reasoning 256)" in result.stderr
    assert "cost=$" in result.stderr and "[finished: stop]" in result.stderr
    request = server.requests[0]
    assert request.path == "/v1/responses" and request.headers["authorization"] == "Bearer sk-cli"
    body = request.json()
    assert body["instructions"] == "Count briefly."
    assert body["input"] == [{"role": "user", "content": "Count from 1 to 3"}]


def test_chat_with_bedrock_streams_event_stream_frames() -> None:
    from .test_bedrock import HELLO

    answer = Exchange(
        headers={"content-type": "application/vnd.amazon.eventstream"}, body=b"".join(HELLO), chunk_size=5
    )
    with ReplayServer(answer) as server:
        result = llmkit_cli(
            "chat", "--provider", "bedrock", "--model", "us.amazon.nova-micro-v1:0", "--base-url", server.url, "Hi",
            env={"AWS_BEARER_TOKEN_BEDROCK": "bedrock-cli-key", "AWS_REGION": "us-east-1"},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Hello\n"
    assert "input=3" in result.stderr and "cost=$" in result.stderr and "[finished: stop]" in result.stderr
    request = server.requests[0]
    assert request.path == "/model/us.amazon.nova-micro-v1%3A0/converse-stream"
    assert request.headers["authorization"] == "Bearer bedrock-cli-key"
    assert request.json()["messages"] == [{"role": "user", "content": [{"text": "Hi"}]}]


def test_chat_with_the_native_gemini_adapter() -> None:
    events = [
        {"candidates": [{"content": {"role": "model", "parts": [{"text": "Short light.", "thought": True}]}}]},
        {"candidates": [{"content": {"role": "model", "parts": [{"text": "Blue light "}]}}]},
        {
            "candidates": [
                {"content": {"role": "model", "parts": [{"text": "scatters most."}]}, "finishReason": "STOP"}
            ],
            "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 5, "thoughtsTokenCount": 4},
        },
    ]
    body = b"".join(b"data: " + json.dumps(event).encode() + b"\r\n\r\n" for event in events)
    with ReplayServer(Exchange(body=body, chunk_size=9)) as server:
        result = llmkit_cli(
            "chat", "--provider", "google", "--model", "gemini-2.5-flash", "--base-url", server.url, "Why blue?",
            env={"GEMINI_API_KEY": "gm-cli"},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Short light.\n\nBlue light scatters most.\n"
    assert "input=8" in result.stderr and "output=9 (reasoning 4)" in result.stderr
    assert "cost=$" in result.stderr and "[finished: stop]" in result.stderr
    request = server.requests[0]
    assert request.path == "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
    assert request.headers["x-goog-api-key"] == "gm-cli"
    assert request.json()["contents"] == [{"role": "user", "parts": [{"text": "Why blue?"}]}]


def test_version_prints_the_installed_version() -> None:
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    result = llmkit_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"llmkit {project['version']}\n"


def test_options_given_with_o_reach_the_request_body() -> None:
    with ReplayServer(chat_stream("Fine.")) as server:
        result = llmkit_cli(
            "chat", "--provider", "openai", "--model", "gpt-5-mini", "--base-url", server.url, "--no-usage",
            "-o", "reasoning_effort=high", "-o", "max_tokens=200", "-o", "seed=7", "-o", "user=alice",
            "-o", 'stop=["\\n", "END"]', "-o", 'extra_body={"service_tier": "flex"}', "Hi",
            env={"OPENAI_API_KEY": "sk-cli"},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Fine.\n"
    body = server.requests[0].json()
    assert body["reasoning_effort"] == "high"
    assert body["max_completion_tokens"] == 200
    assert body["seed"] == 7 and body["user"] == "alice"
    assert body["stop"] == ["\n", "END"]
    assert body["service_tier"] == "flex"


def test_temperature_with_o_and_an_option_given_twice() -> None:
    with ReplayServer(chat_stream("Fine.")) as server:
        result = llmkit_cli(
            "chat", "--provider", "deepseek", "--model", "deepseek-chat", "--base-url", server.url,
            "-o", "temperature=0.2", "Hi", env={"DEEPSEEK_API_KEY": "sk-cli"},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert server.requests[0].json()["temperature"] == 0.2
        twice = llmkit_cli(
            "chat", "--provider", "deepseek", "--model", "deepseek-chat", "--base-url", server.url,
            "--max-tokens", "5", "-o", "max_tokens=9", "Hi", env={"DEEPSEEK_API_KEY": "sk-cli"},
        )  # fmt: skip
        assert len(server.requests) == 1  # nothing sent the second time
    assert twice.returncode == 2
    assert "the option max_tokens is given twice" in twice.stderr


def test_an_unknown_option_is_refused_with_the_valid_ones_and_nothing_is_sent() -> None:
    with ReplayServer(chat_stream("Fine.")) as server:
        result = llmkit_cli(
            "chat", "--provider", "openai", "--model", "gpt-4o", "--base-url", server.url,
            "-o", "reasoning=high", "Hi", env={"OPENAI_API_KEY": "sk-cli"},
        )  # fmt: skip
        assert server.requests == []
    assert result.returncode == 1
    assert result.stderr.startswith("llmkit chat: InvalidRequestError: unknown option(s) 'reasoning'; valid options: ")
    assert "reasoning_effort" in result.stderr and "max_tokens" in result.stderr
    assert result.stderr.count("\n") == 1
    bad = llmkit_cli("chat", "--provider", "openai", "--model", "gpt-4o", "-o", "no-equals-sign", "Hi")
    assert bad.returncode == 2 and "expected NAME=VALUE, got 'no-equals-sign'" in bad.stderr


def test_an_error_is_printed_once_with_its_class_status_and_request_id() -> None:
    refused = Exchange.error(401, "Incorrect API key provided", headers={"x-request-id": "req_cli_1"})
    with ReplayServer(refused) as server:
        result = llmkit_cli(
            "chat", "--provider", "openai", "--model", "gpt-4o", "--base-url", server.url, "Hi",
            env={"OPENAI_API_KEY": "sk-cli"},
        )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "llmkit chat: AuthenticationError: Incorrect API key provided (status 401, request id req_cli_1)\n"
    )


def test_an_error_mid_answer_ends_the_partial_line_and_is_printed_once() -> None:
    whole = chat_stream("one two three four five six seven")
    with ReplayServer(Exchange(body=whole.body, chunk_size=30, abort_after=len(whole.body) // 2)) as server:
        result = llmkit_cli(
            "chat", "--provider", "openai", "--model", "gpt-4o", "--base-url", server.url, "Count",
            env={"OPENAI_API_KEY": "sk-cli"},
        )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout.startswith("one") and result.stdout.endswith("\n") and "seven" not in result.stdout
    assert result.stderr.startswith("llmkit chat: StreamIncompleteError: the connection broke mid-stream")
    assert result.stderr.count("StreamIncompleteError") == 1 and "Traceback" not in result.stderr


def test_verbose_shows_the_library_logs() -> None:
    refused = Exchange.error(401, "Incorrect API key provided", headers={"x-request-id": "req_cli_2"})
    with ReplayServer(refused) as server:
        result = llmkit_cli(
            "-v", "chat", "--provider", "openai", "--model", "gpt-4o", "--base-url", server.url, "Hi",
            env={"OPENAI_API_KEY": "sk-cli"},
        )  # fmt: skip
    assert result.returncode == 1
    error_line = "llmkit chat: AuthenticationError: Incorrect API key provided (status 401, request id req_cli_2)"
    assert result.stderr.splitlines() == [
        "INFO llmkit: openai gpt-4o failed: AuthenticationError Incorrect API key provided; request id req_cli_2",
        error_line,
    ]
