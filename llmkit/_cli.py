"""The ``llmkit`` command line: ``llmkit <command> ...`` (also ``python -m llmkit``).

Commands: ``chat`` (stream an answer, or hold a conversation), ``cost`` (price a usage),
``models`` (what the catalog knows), ``providers`` (list them).

Each command is a function that adds its subparser and sets ``run`` on it; ``main`` parses
and calls it. To add a command, write an ``_add_<name>_command`` beside ``_add_cost_command``
and list it in ``_COMMANDS``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TextIO

from ._chunks import Usage
from ._cli_chat import add_chat_command, add_providers_command
from ._cli_models import add_models_command, no_price_message

EXIT_OK = 0
EXIT_USAGE = 2
"""Bad arguments, or nothing to answer with (no price known): the same code argparse uses."""

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]


def _tokens(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of tokens: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"token counts cannot be negative: {text}")
    return value


def _instant(text: str) -> datetime:
    """An ISO 8601 time; one without an offset stays naive, to be taken as UTC by the command."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 time: {text!r} (for example 2026-09-01T02:00Z or 2026-09-01T10:00+08:00)"
        ) from None


def _amount(value: Decimal | None) -> str:
    """A price or cost in plain notation, without trailing zeros (exact: nothing is rounded)."""
    if value is None:
        return "-"
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _add_cost_command(commands: Any) -> None:
    parser = commands.add_parser(
        "cost",
        help="price a usage offline",
        description="Price a usage with llmkit's price table: exact USD, at the time of the request.",
        epilog="Example: llmkit cost --provider deepseek --model deepseek-chat --input 1000 --cached 800 "
        "--output 200 --at 2026-09-01T02:00Z",
    )
    parser.add_argument("--provider", required=True, help="the adapter's provider name: openai, deepseek, ...")
    parser.add_argument("--model", required=True, help="the model id sent (aliases and dated snapshots resolve)")
    parser.add_argument("--input", type=_tokens, required=True, help="all prompt tokens, cached ones included")
    parser.add_argument("--cached", type=_tokens, default=0, help="prompt tokens read from the cache (of --input)")
    parser.add_argument(
        "--cache-write", type=_tokens, default=0, help="prompt tokens written to the cache (of --input)"
    )
    parser.add_argument(
        "--cache-write-1h",
        type=_tokens,
        default=0,
        help="cache writes with a 1-hour lifetime (of --cache-write; Anthropic bills them higher)",
    )
    parser.add_argument("--output", type=_tokens, default=0, help="all completion tokens, reasoning included")
    parser.add_argument("--reasoning", type=_tokens, default=0, help="reasoning tokens (of --output; shown only)")
    parser.add_argument(
        "--at",
        type=_instant,
        default=None,
        help="when the request was made, ISO 8601 (default: now; no offset means UTC)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.set_defaults(run=_run_cost, parser=parser)


def _run_cost(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import pricing  # only this command needs the price table

    if args.cached + args.cache_write > args.input:
        args.parser.error("--cached plus --cache-write cannot exceed --input (they are part of the prompt)")
    if args.cache_write_1h > args.cache_write:
        args.parser.error("--cache-write-1h cannot exceed --cache-write (1-hour writes are part of the writes)")
    if args.reasoning > args.output:
        args.parser.error("--reasoning cannot exceed --output (reasoning tokens are part of the output)")
    given: datetime | None = args.at
    assumed_utc = given is not None and given.tzinfo is None
    at = datetime.now(UTC) if given is None else given.replace(tzinfo=UTC) if assumed_utc else given
    usage = Usage(
        input_tokens=args.input,
        output_tokens=args.output,
        cache_read_tokens=args.cached,
        cache_write_tokens=args.cache_write,
        cache_write_1h_tokens=args.cache_write_1h,
        reasoning_tokens=args.reasoning,
    )
    # Whatever the pricing logger would say goes into the report below (its warnings show only with -v).
    quote = pricing.quote(args.provider, args.model, at)
    if quote is None:
        err.write("llmkit cost: " + no_price_message(args.provider, args.model, at))
        return EXIT_USAGE
    price, period = quote.row.price_at(quote.at, usage.input_tokens)
    total = price.cost_of(usage)
    report = {
        "cost_usd": _amount(total),
        "provider": args.provider,
        "model": args.model,
        "billed_as": quote.billed_as,
        "route": list(quote.route),
        "at": quote.at.isoformat(),
        "period": period,
        "price_per_million": {
            "input": _amount(price.input),
            "cached_input": _amount(price.cached_input),
            "cache_write": _amount(price.cache_write),
            "cache_write_1h": _amount(price.cache_write_1h),
            "output": _amount(price.output),
        },
        "tokens": {
            "input": usage.input_tokens,
            "uncached_input": usage.input_tokens - usage.cache_read_tokens - usage.cache_write_tokens,
            "cache_read": usage.cache_read_tokens,
            "cache_write": usage.cache_write_tokens,
            "cache_write_1h": usage.cache_write_1h_tokens,
            "output": usage.output_tokens,
            "reasoning": usage.reasoning_tokens,
        },
        "row": {
            "valid_from": quote.row.valid_from.isoformat(),
            "valid_until": None if quote.row.valid_until is None else quote.row.valid_until.isoformat(),
            "time_of_day": None if quote.row.time_of_day is None else quote.row.time_of_day.describe(),
            "source": quote.row.source,
            "checked_on": None if quote.row.checked_on is None else quote.row.checked_on.isoformat(),
            "note": quote.row.note,
            "registered": quote.registered,
        },
        "notes": list(quote.notes),
    }
    if args.json:
        out.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(_cost_text(report, assumed_utc=assumed_utc))
    return EXIT_OK


def _cost_text(report: dict[str, Any], *, assumed_utc: bool) -> str:
    row, tokens, prices = report["row"], report["tokens"], report["price_per_million"]
    until = row["valid_until"] or "open-ended"

    def price_or_input(name: str) -> str:
        # No price of its own: the provider bills these tokens as ordinary input.
        value: str = prices[name]
        return "as input" if value == "-" else value

    # The 1-hour writes are shown where they matter: a row with a price for them, or a usage with some.
    write_1h_price = ""
    if prices["cache_write_1h"] != "-":
        write_1h_price = f", 1h cache write {prices['cache_write_1h']}"
    elif tokens["cache_write_1h"]:
        write_1h_price = ", 1h cache write as cache write"
    write_1h_tokens = f" ({tokens['cache_write_1h']} of them 1h)" if tokens["cache_write_1h"] else ""

    lines = [
        f"cost        ${report['cost_usd']} USD",
        f"model       {report['provider']} / {' → '.join(report['route'])}",
        f"at          {report['at']}" + (" (UTC assumed: no offset given)" if assumed_utc else ""),
        f"period      {report['period'] or 'single price'}",
        f"price row   {report['billed_as']}, valid {row['valid_from']} → {until}",
    ]
    if row["time_of_day"]:
        lines.append(f"rule        {row['time_of_day']}")
    lines += [
        f"per 1M      input {prices['input']}, cached input {price_or_input('cached_input')}, "
        f"cache write {price_or_input('cache_write')}{write_1h_price}, output {prices['output']}",
        f"tokens      input {tokens['input']} = {tokens['uncached_input']} uncached + {tokens['cache_read']} cache "
        f"read + {tokens['cache_write']} cache write{write_1h_tokens}; "
        f"output {tokens['output']} ({tokens['reasoning']} reasoning)",
        f"source      {row['source']}",
        f"checked on  {row['checked_on'] or 'not checked (registered at runtime)'}",
    ]
    if row["registered"]:
        lines.append("registered  yes (a runtime price, not the shipped table)")
    if row["note"]:
        lines.append(f"row note    {row['note']}")
    lines += [f"note        {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def _version() -> str:
    """The installed distribution's version; the package's own when it runs from a source tree."""
    from importlib import metadata

    from . import __version__

    try:
        return metadata.version("llmkit")
    except metadata.PackageNotFoundError:
        return __version__


_COMMANDS: tuple[Callable[[Any], None], ...] = (
    add_chat_command,
    _add_cost_command,
    add_models_command,
    add_providers_command,
)


def build_parser() -> argparse.ArgumentParser:
    """The ``llmkit`` parser with every command."""
    parser = argparse.ArgumentParser(prog="llmkit", description="llmkit command-line tools.")
    parser.add_argument("--version", action="version", version=f"llmkit {_version()}")
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log to standard error what llmkit does: -v requests, retries and failures, -vv also their details",
    )
    commands = parser.add_subparsers(title="commands", dest="command", required=True, metavar="COMMAND")
    for add in _COMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run ``llmkit`` with ``argv`` (default: ``sys.argv[1:]``); the exit status.

    Bad arguments make argparse exit with status 2 (``SystemExit``), as command lines do.
    """
    args = build_parser().parse_args(argv)
    if args.verbose:
        # The library only logs; a program decides whether logs are shown, and this one is asked to.
        logging.basicConfig(format="%(levelname)s %(message)s", stream=err or sys.stderr)
        logging.getLogger("llmkit").setLevel(logging.INFO if args.verbose == 1 else logging.DEBUG)
    run: Command = args.run
    return run(args, out or sys.stdout, err or sys.stderr)


def main_entry() -> None:
    """The console-script entry point: ``llmkit ...``."""
    raise SystemExit(main())
