"""``llmkit chat`` as a conversation: one message a line, the answers kept so the model sees them.

``/reset`` forgets the conversation; ``/exit``, end of input (Ctrl-D) or Ctrl-C at the prompt end
it with status 0 (1 if an answer failed). Ctrl-C during an answer stops that answer only: the
stream is cancelled, which closes its connection, and the turn is not kept.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from ._cli_answer import error_line, stream_answer

if TYPE_CHECKING:
    from ._handler import ApiHandler

EXIT_OK = 0
EXIT_ERROR = 1
COMMANDS = {"/exit": "end the conversation", "/reset": "forget the conversation so far", "/help": "this list"}


def run_repl(args: argparse.Namespace, options: dict[str, Any], first: str, out: TextIO, err: TextIO) -> int:
    """Hold a conversation on standard input; ``first`` (when not empty) is its first message."""
    from . import LLMError, create_api_handler

    terminal = sys.stdin.isatty()
    if terminal:
        with contextlib.suppress(ImportError):  # absent on some platforms: input() then works without editing
            import readline  # noqa: F401  (imported for its side effect: line editing in input())
        err.write(
            f"llmkit chat: {args.provider} {args.model}. /reset forgets the conversation, /exit or Ctrl-D "
            "ends it, Ctrl-C stops an answer.\n"
        )
    read: Callable[[], str] = _prompt if terminal else _line
    try:
        handler = create_api_handler(
            {"api_provider": args.provider, "model_name": args.model, "base_url": args.base_url}
        )
    except LLMError as error:
        err.write(error_line("chat", error))
        return EXIT_ERROR
    history: list[dict[str, str]] = []
    failed = False
    # One event loop for the whole conversation: the handler and its connections live across turns.
    with asyncio.Runner() as runner:
        try:
            while True:
                try:
                    line, first = first or read(), ""
                except (EOFError, KeyboardInterrupt):  # Ctrl-D, or Ctrl-C at the prompt
                    if terminal:
                        out.write("\n")
                    break
                message = line.strip()
                if not message:
                    continue
                if message.startswith("/") and " " not in message:
                    if message == "/exit":
                        break
                    if message == "/reset":
                        history.clear()
                        err.write("[conversation forgotten]\n")
                    else:
                        err.write("".join(f"{name:8} {what}\n" for name, what in COMMANDS.items()))
                    continue
                turn = [*history, {"role": "user", "content": message}]
                try:
                    answer = runner.run(stream_answer(handler, args, turn, options, out, err))
                except KeyboardInterrupt:
                    err.write("[interrupted: this answer is not kept]\n")
                    continue
                except LLMError as error:
                    err.write(error_line("chat", error))
                    failed = True
                    continue
                history += [turn[-1], {"role": "assistant", "content": answer}]
        except KeyboardInterrupt:  # Ctrl-C between a turn and the prompt: end as at the prompt
            out.write("\n")
        finally:
            _close(runner, handler, err, show_usage=not args.no_usage and bool(history))
    return EXIT_ERROR if failed else EXIT_OK


def _prompt() -> str:
    return input("> ")


def _line() -> str:
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line


def _close(runner: asyncio.Runner, handler: ApiHandler, err: TextIO, *, show_usage: bool) -> None:
    # Leaving must not wait on a connection that will not close: a few seconds, then go anyway.
    with contextlib.suppress(KeyboardInterrupt, TimeoutError):
        runner.run(asyncio.wait_for(handler.aclose(), 5))
    total = handler.total_usage
    if show_usage and (total.input_tokens or total.output_tokens):  # nothing to add up when none was reported
        err.write(f"[conversation: {handler.total_usage}]\n")
