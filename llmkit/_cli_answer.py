"""One streamed answer on the terminal, and one line per error: what ``chat`` and its REPL share."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ._errors import LLMError
    from ._handler import ApiHandler


async def stream_answer(
    handler: ApiHandler,
    args: argparse.Namespace,
    messages: Sequence[Mapping[str, Any]],
    options: Mapping[str, Any],
    out: TextIO,
    err: TextIO,
) -> str:
    """Stream one answer to ``out`` (reasoning as ``--reasoning`` says, usage to ``err``); its text."""
    dim = "\033[2m{}\033[0m" if out.isatty() else "{}"
    text: list[str] = []
    mid_line = False  # the answer so far ends without a newline
    try:
        stream = await handler.create_message(args.system, messages, **options)
        async with stream:
            reasoning_open = False
            async for chunk in stream:
                if chunk.type == "reasoning" and args.reasoning != "hide":
                    target = err if args.reasoning == "stderr" else out
                    target.write(dim.format(chunk.reasoning))
                    target.flush()
                    reasoning_open = mid_line = target is out
                elif chunk.type == "text":
                    if reasoning_open:
                        out.write("\n\n")
                        reasoning_open = False
                    out.write(chunk.delta)
                    out.flush()
                    text.append(chunk.delta)
                    mid_line = True
                elif chunk.type == "usage" and not args.no_usage:
                    err.write(f"\n[{chunk.usage}]")
                elif chunk.type == "done":
                    out.write("\n")
                    out.flush()
                    mid_line = False
                    if not args.no_usage:
                        err.write(f"\n[finished: {chunk.finish_reason}]\n")
                        err.flush()
    finally:
        if mid_line:  # cut short (an error, Ctrl-C): what comes next starts on a line of its own
            out.write("\n")
            out.flush()
    return "".join(text)


def error_line(command: str, error: LLMError) -> str:
    """The one line a user sees for ``error``: its class, its message, the status and request id
    when known (the body and the rest stay in the exception, for programs)."""
    details = [
        f"{label} {value}"
        for label, value in (("status", error.status_code), ("request id", error.request_id))
        if value is not None
    ]
    suffix = f" ({', '.join(details)})" if details else ""
    return f"llmkit {command}: {type(error).__name__}: {error.message}{suffix}\n"
