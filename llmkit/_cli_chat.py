"""``llmkit chat`` (stream an answer, or hold a conversation: ``_cli_repl``) and ``llmkit providers``."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import Any, TextIO

from ._cli_answer import error_line, stream_answer

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130
"""What a shell reports for a program stopped by Ctrl-C (128 + SIGINT)."""


def add_chat_command(commands: Any) -> None:
    parser = commands.add_parser(
        "chat",
        help="stream an answer, or hold a conversation",
        description="Stream a model's answer. The prompt comes from the arguments, or from standard input.\n"
        "With neither (standard input a terminal), or with --interactive, chat holds a conversation.",
        epilog="Examples: llmkit chat --provider deepseek --model deepseek-flash 'Explain entropy briefly.'\n"
        "  llmkit chat -o reasoning_effort=high -o max_tokens=800 'Why is the sky blue?'\n"
        "  llmkit chat -i    (a conversation: /reset forgets it, /exit or Ctrl-D ends it)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("prompt", nargs="*", help="the prompt (default: read standard input)")
    parser.add_argument("--provider", default=os.environ.get("LLMKIT_PROVIDER"), help="default: $LLMKIT_PROVIDER")
    parser.add_argument("--model", default=os.environ.get("LLMKIT_MODEL"), help="default: $LLMKIT_MODEL")
    parser.add_argument("--base-url", help="default: the provider's variable, e.g. $DEEPSEEK_BASE_URL")
    parser.add_argument("--system", help="a system prompt")
    parser.add_argument("--max-tokens", type=int, help="an upper bound on the answer's tokens")
    parser.add_argument("--temperature", type=float)
    parser.add_argument(
        "-o",
        "--option",
        dest="options",
        action="append",
        type=_option,
        default=[],
        metavar="NAME=VALUE",
        help="any option of create_message, repeatable: -o reasoning_effort=high -o stop='[\"END\"]' "
        "(the value is read as JSON when it is JSON, else as a string)",
    )
    parser.add_argument(
        "-i",
        "--interactive",
        action="store_true",
        help="hold a conversation, reading one message a line (the default when no prompt is given and "
        "standard input is a terminal)",
    )
    parser.add_argument(
        "--reasoning",
        choices=("show", "hide", "stderr"),
        default="show",
        help="reasoning: shown dimmed (default), hidden, or sent to standard error",
    )
    parser.add_argument("--no-usage", action="store_true", help="do not print usage and cost after answers")
    parser.set_defaults(run=run_chat, parser=parser)


def _option(text: str) -> tuple[str, Any]:
    name, equals, raw = text.partition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        value: Any = json.loads(raw)
    except ValueError:
        value = raw  # a bare word: reasoning_effort=high, model=gpt-4o
    return name.strip(), value


def call_options(args: argparse.Namespace) -> dict[str, Any]:
    """The options of every call: the flags that name one, then each ``-o`` (the library checks them)."""
    options: dict[str, Any] = {
        name: value for name, value in (("max_tokens", args.max_tokens), ("temperature", args.temperature))
        if value is not None
    }  # fmt: skip
    for name, value in args.options:
        if name in options:
            args.parser.error(f"the option {name} is given twice")
        options[name] = value
    return options


def run_chat(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not args.provider or not args.model:
        args.parser.error("--provider and --model are needed (or LLMKIT_PROVIDER and LLMKIT_MODEL)")
    options = call_options(args)
    if args.interactive or (not args.prompt and sys.stdin.isatty()):
        from ._cli_repl import run_repl

        return run_repl(args, options, " ".join(args.prompt), out, err)
    prompt = " ".join(args.prompt) if args.prompt else sys.stdin.read()
    if not prompt.strip():
        args.parser.error("the prompt is empty")
    try:
        return asyncio.run(_chat(args, options, prompt, out, err))
    except KeyboardInterrupt:
        # asyncio.run has cancelled the stream, which closed its connection on the way out.
        err.write("\n[interrupted]\n")
        return EXIT_INTERRUPTED


async def _chat(args: argparse.Namespace, options: dict[str, Any], prompt: str, out: TextIO, err: TextIO) -> int:
    from . import LLMError, create_api_handler

    try:
        handler = create_api_handler(
            {"api_provider": args.provider, "model_name": args.model, "base_url": args.base_url}
        )
        async with handler:
            await stream_answer(handler, args, [{"role": "user", "content": prompt}], options, out, err)
    except LLMError as error:
        out.flush()
        err.write(error_line("chat", error))
        return EXIT_ERROR
    return 0


def add_providers_command(commands: Any) -> None:
    parser = commands.add_parser(
        "providers", help="list the registered providers", description="The registered providers and their settings."
    )
    parser.set_defaults(run=run_providers, parser=parser)


def run_providers(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._registry import provider_class, provider_names

    rows = [("provider", "default base URL", "environment", "key")]
    for name in provider_names():
        cls = provider_class(name)
        variables = ", ".join(f"{variable} ({setting})" for setting, variable in cls.env.items()) or "-"
        rows.append((name, cls.default_base_url or "-", variables, "required" if cls.requires_api_key else "optional"))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(row, [*widths, 0], strict=True)).rstrip() + "\n")
    return 0
