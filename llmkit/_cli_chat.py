"""``llmkit chat`` (stream an answer to the terminal) and ``llmkit providers``."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import Any, TextIO

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130
"""What a shell reports for a program stopped by Ctrl-C (128 + SIGINT)."""


def add_chat_command(commands: Any) -> None:
    parser = commands.add_parser(
        "chat",
        help="stream an answer to the terminal",
        description="Stream a model's answer. The prompt comes from the arguments, or from standard input.",
        epilog="Example: llmkit chat --provider deepseek --model deepseek-flash 'Explain entropy briefly.'",
    )
    parser.add_argument("prompt", nargs="*", help="the prompt (default: read standard input)")
    parser.add_argument("--provider", default=os.environ.get("LLMKIT_PROVIDER"), help="default: $LLMKIT_PROVIDER")
    parser.add_argument("--model", default=os.environ.get("LLMKIT_MODEL"), help="default: $LLMKIT_MODEL")
    parser.add_argument("--base-url", help="default: the provider's variable, e.g. $DEEPSEEK_BASE_URL")
    parser.add_argument("--system", help="a system prompt")
    parser.add_argument("--max-tokens", type=int, help="an upper bound on the answer's tokens")
    parser.add_argument("--temperature", type=float)
    parser.add_argument(
        "--reasoning",
        choices=("show", "hide", "stderr"),
        default="show",
        help="reasoning: shown dimmed (default), hidden, or sent to standard error",
    )
    parser.add_argument("--no-usage", action="store_true", help="do not print usage and cost at the end")
    parser.set_defaults(run=run_chat, parser=parser)


def run_chat(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not args.provider or not args.model:
        args.parser.error("--provider and --model are needed (or LLMKIT_PROVIDER and LLMKIT_MODEL)")
    prompt = " ".join(args.prompt) if args.prompt else sys.stdin.read()
    if not prompt.strip():
        args.parser.error("the prompt is empty")
    try:
        return asyncio.run(_chat(args, prompt, out, err))
    except KeyboardInterrupt:
        # asyncio.run has cancelled the stream, which closed its connection on the way out.
        err.write("\n[interrupted]\n")
        return EXIT_INTERRUPTED


async def _chat(args: argparse.Namespace, prompt: str, out: TextIO, err: TextIO) -> int:
    from . import LLMError, create_api_handler

    dim = "\033[2m{}\033[0m" if out.isatty() else "{}"
    try:
        handler = create_api_handler(
            {"api_provider": args.provider, "model_name": args.model, "base_url": args.base_url}
        )
        async with handler:
            stream = await handler.create_message(
                args.system,
                [{"role": "user", "content": prompt}],
                max_tokens=args.max_tokens,
                temperature=args.temperature,
            )
            async with stream:
                reasoning_open = False
                async for chunk in stream:
                    if chunk.type == "reasoning" and args.reasoning != "hide":
                        target = err if args.reasoning == "stderr" else out
                        target.write(dim.format(chunk.reasoning))
                        target.flush()
                        reasoning_open = target is out
                    elif chunk.type == "text":
                        if reasoning_open:
                            out.write("\n\n")
                            reasoning_open = False
                        out.write(chunk.delta)
                        out.flush()
                    elif chunk.type == "usage" and not args.no_usage:
                        err.write(f"\n[{chunk.usage}]")
                    elif chunk.type == "done":
                        out.write("\n")
                        if not args.no_usage:
                            err.write(f"\n[finished: {chunk.finish_reason}]\n")
    except LLMError as error:
        err.write(f"\nllmkit chat: {type(error).__name__}: {error}\n")
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
