"""``llmkit chat`` as a conversation, run as a user runs it: piped lines, and a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from llmkit.testing import Exchange, ReplayServer, chat_stream

from .test_cli import USAGE, llmkit_cli

SERVER_ARGS = ("--provider", "openai", "--model", "gpt-4o")
KEY = {"OPENAI_API_KEY": "sk-repl"}


def messages(server: ReplayServer, index: int) -> list[dict[str, str]]:
    found: list[dict[str, str]] = server.requests[index].json()["messages"]
    return found


def test_piped_lines_make_a_conversation_that_keeps_its_history() -> None:
    answers = [chat_stream("Paris.", usage=USAGE), chat_stream("About 2.1 million.", usage=USAGE)]
    with ReplayServer([*answers, chat_stream("Hello again.")]) as server:
        result = llmkit_cli(
            "chat", "-i", *SERVER_ARGS, "--base-url", server.url, "--system", "Be brief.", "-o", "seed=3",
            stdin="Capital of France?\n\nHow many people live there?\n/reset\nHello\n/exit\nnever sent\n",
            env=KEY,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Paris.\nAbout 2.1 million.\nHello again.\n"
    assert len(server.requests) == 3
    assert messages(server, 0) == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Capital of France?"},
    ]
    assert messages(server, 1) == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Capital of France?"},
        {"role": "assistant", "content": "Paris."},
        {"role": "user", "content": "How many people live there?"},
    ]
    assert messages(server, 2) == [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello"}]
    assert all(request.json()["seed"] == 3 for request in server.requests)
    # Usage and cost after each answer, the conversation's total at the end.
    assert result.stderr.count("[finished: stop]") == 3
    assert result.stderr.count("input=8 ") == 2
    assert "[conversation forgotten]" in result.stderr
    assert "[conversation: input=16 " in result.stderr


def test_a_prompt_argument_with_i_is_the_first_message_of_the_conversation() -> None:
    with ReplayServer([chat_stream("Hi."), chat_stream("Bye.")]) as server:
        result = llmkit_cli(
            "chat", "-i", *SERVER_ARGS, "--base-url", server.url, "--no-usage", "Hello", stdin="Goodbye\n", env=KEY
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Hi.\nBye.\n" and result.stderr == ""
    assert [m["content"] for m in messages(server, 1)] == ["Hello", "Hi.", "Goodbye"]


def test_a_failed_answer_is_printed_once_not_kept_and_the_conversation_goes_on() -> None:
    refused = Exchange.error(400, "Invalid 'messages[0]'", headers={"x-request-id": "req_r"})
    with ReplayServer([refused, chat_stream("Fine now.")]) as server:
        result = llmkit_cli(
            "chat", "-i", *SERVER_ARGS, "--base-url", server.url, "--no-usage",
            stdin="first\nsecond\n", env={**KEY},
        )  # fmt: skip
    assert result.returncode == 1  # an answer failed
    assert result.stdout == "Fine now.\n"
    assert result.stderr == "llmkit chat: BadRequestError: Invalid 'messages[0]' (status 400, request id req_r)\n"
    assert len(server.requests) == 2
    assert messages(server, 1) == [{"role": "user", "content": "second"}]


class Terminal:
    """``python -m llmkit ...`` on a pseudo-terminal of its own, as a user's shell would run it."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        self.fd, follower = pty.openpty()
        # The child becomes a session leader with this terminal as its controlling one, so Ctrl-C
        # typed on it (\x03) reaches it as SIGINT, as it would from a real terminal.
        take_terminal = (
            "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); os.execv(sys.argv[1], sys.argv[1:])"
        )
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LLMKIT_"))}
        self.process = subprocess.Popen(
            [sys.executable, "-c", take_terminal, sys.executable, "-m", "llmkit", *args],
            stdin=follower, stdout=follower, stderr=follower, start_new_session=True,
            env={**clean, "TERM": "dumb", **env},
        )  # fmt: skip
        os.close(follower)
        self.output = ""
        self.seen = 0

    def read_until(self, text: str, timeout: float = 30) -> str:
        """What the terminal shows after the last text waited for, up to and including ``text``."""
        deadline = time.monotonic() + timeout
        while text not in self.output[self.seen :]:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{text!r} never appeared; the terminal shows:\n{self.output}"
            if select.select([self.fd], [], [], remaining)[0]:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:  # the child has gone and closed the terminal
                    data = b""
                assert data, f"the program ended before {text!r}; the terminal shows:\n{self.output}"
                self.output += data.decode("utf-8", "replace")
        start, self.seen = self.seen, self.output.index(text, self.seen) + len(text)
        return self.output[start : self.seen]

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def interrupt_at_prompt(self, attempts: int = 10) -> None:
        """Ctrl-C at the prompt. The prompt is on the screen a moment before readline reads the
        keyboard; a Ctrl-C typed in that moment (a loaded machine makes it long) is lost, as it would
        be for a person, who would press it again."""
        for _ in range(attempts):
            self.type("\x03")
            try:
                self.process.wait(2)
                return
            except subprocess.TimeoutExpired:
                continue

    def finish(self, timeout: float = 30) -> int:
        code = self.process.wait(timeout)
        while select.select([self.fd], [], [], 0.1)[0]:
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                break
            if not data:
                break
            self.output += data.decode("utf-8", "replace")
        os.close(self.fd)
        return code


def test_a_terminal_conversation_ends_with_ctrl_d(tmp_path: Path) -> None:
    answers = [chat_stream("Paris.", usage=USAGE), chat_stream("Lyon, maybe.", usage=USAGE)]
    with ReplayServer(answers) as server:
        terminal = Terminal("chat", *SERVER_ARGS, "--base-url", server.url, env=KEY)
        terminal.read_until("/exit or Ctrl-D ends it")
        terminal.read_until("> ")
        terminal.type("Capital of France?\r")
        assert "Paris." in terminal.read_until("> ")
        terminal.type("And the second city?\r")
        shown = terminal.read_until("> ")
        assert "Lyon, maybe." in shown and "input=8" in shown and "[finished: stop]" in shown
        terminal.type("\x04")  # Ctrl-D
        assert terminal.finish() == 0
    assert "Traceback" not in terminal.output
    assert [m["content"] for m in messages(server, 1)] == ["Capital of France?", "Paris.", "And the second city?"]


def test_ctrl_c_stops_an_answer_and_a_second_ctrl_c_at_the_prompt_ends_the_conversation() -> None:
    # Long enough (about 40 s) that a loaded machine still delivers the Ctrl-C mid-answer.
    slow = chat_stream(" ".join(f"word{n}" for n in range(4000)), chunk_size=40, delay=0.05)
    with ReplayServer([chat_stream("Hello."), slow, chat_stream("Still here.")]) as server:
        terminal = Terminal("chat", *SERVER_ARGS, "--base-url", server.url, "--no-usage", env=KEY)
        terminal.read_until("> ")
        terminal.type("Hi\r")
        terminal.read_until("Hello.")
        terminal.read_until("> ")
        terminal.type("Count to 400\r")
        terminal.read_until("word1")
        terminal.type("\x03")  # Ctrl-C during the answer: that answer stops, the conversation goes on
        terminal.read_until("[interrupted: this answer is not kept]")
        terminal.read_until("> ")
        deadline = time.monotonic() + 10
        while server.open_connections and time.monotonic() < deadline:
            time.sleep(0.05)
        # The first answer's connection was reused for the stopped one, which closed it.
        assert server.open_connections == 0
        terminal.type("Are you there?\r")
        terminal.read_until("Still here.")
        terminal.read_until("> ")
        terminal.interrupt_at_prompt()  # Ctrl-C at the prompt ends the conversation
        assert terminal.finish() == 0
    assert "word3999" not in terminal.output
    assert "Traceback" not in terminal.output and "KeyboardInterrupt" not in terminal.output
    # The stopped turn was not kept: the third request follows on from the first answer.
    assert [m["content"] for m in messages(server, 2)] == ["Hi", "Hello.", "Are you there?"]
