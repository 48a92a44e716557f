"""``llmkit models``: what the catalog knows; and why ``llmkit cost`` found no price.

Both read the catalog through ``llmkit.pricing`` and ``llmkit.models``; nothing here is imported
until one of the commands runs.
"""

from __future__ import annotations

import argparse
import difflib
import logging
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TextIO


def _amount(value: Decimal | None) -> str:
    if value is None:
        return "-"
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _tokens(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def no_price_message(provider: str, model: str, at: datetime) -> str:
    """Why ``llmkit cost`` has no answer, in words a user can act on."""
    from .pricing import _index

    known = sorted(_index.known_providers())
    wanted = provider.strip().lower()
    if wanted not in known:
        near = difflib.get_close_matches(wanted, known, n=3)
        hint = f" Did you mean {', '.join(near)}?" if near else ""
        return f"unknown provider {provider!r}.{hint} Providers with prices: {', '.join(known)}.\n"
    models = sorted(_index.known_models(wanted))
    if model.strip().lower() not in models:
        near = difflib.get_close_matches(model.strip().lower(), models, n=5, cutoff=0.5)
        hint = f" Near matches: {', '.join(near)}." if near else ""
        return (
            f"unknown model {model!r} for {provider}.{hint} `llmkit models --provider {provider}` lists the "
            "models llmkit prices; add a price of your own with llmkit.pricing.register_price(...).\n"
        )
    return (
        f"no price known for {provider} model {model!r} at {at.isoformat()}: it is priced only over the "
        f"dates `llmkit models --provider {provider}` shows. Add a price of your own with "
        "llmkit.pricing.register_price(...).\n"
    )


def add_models_command(commands: Any) -> None:
    parser = commands.add_parser(
        "models",
        help="list the models llmkit knows: prices, limits, check dates",
        description="List the catalog shipped with llmkit (and prices registered at runtime): USD per million "
        "tokens in force now, context window and output limit, and the day each row was last checked.",
    )
    parser.add_argument("--provider", default=None, help="only this provider (openai, groq, mistral, ...)")
    parser.set_defaults(run=_run_models, parser=parser)


def _run_models(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import pricing

    # The table below says what the pricing logger would warn about; keep stderr for errors.
    quiet = logging.NullHandler()
    pricing.logger.addHandler(quiet)
    try:
        return _list_models(args, out, err)
    finally:
        pricing.logger.removeHandler(quiet)


def _list_models(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .models import model_info
    from .pricing import _index

    table = _index.shipped()
    provider = None if args.provider is None else args.provider.strip().lower()
    if provider is not None and provider not in _index.known_providers():
        err.write("llmkit models: " + no_price_message(args.provider, "", datetime.now(UTC)))
        return 2
    owners = {provider, table.provider_aliases.get(provider or "")} if provider else None
    now = datetime.now(UTC)
    shown = {name: rows[0].model for name, rows in table.rows.items()}
    for name, facts in table.facts.items():
        shown.setdefault(name, facts.model)
    for row in _index.registry.all_rows():
        shown.setdefault(_index.key(row.provider, row.model), row.model)
    lines = []
    for (owner, model), display in sorted(shown.items()):
        if owners is not None and owner not in owners:
            continue
        rows = table.rows.get((owner, model), ())
        info = model_info(owner, display, now)
        price = None if info is None else info.price
        checked = "-" if info is None or info.price_checked_on is None else info.price_checked_on.isoformat()
        if info is not None and info.quote is not None and info.quote.registered:
            checked = "registered"
        dates = ", ".join(
            f"{row.valid_from:%Y-%m-%d}→{'' if row.valid_until is None else format(row.valid_until, '%Y-%m-%d')}"
            for row in rows
        )
        lines.append(
            (
                f"{owner}/{display}",
                "-" if price is None else _amount(price.input),
                "-" if price is None else _amount(price.cached_input),
                "-" if price is None else _amount(price.output),
                _tokens(None if info is None else info.context_window),
                _tokens(None if info is None else info.max_output_tokens),
                dates or "-",
                checked,
            )
        )
    header = ("model", "input", "cached", "output", "context", "max out", "valid (UTC)", "checked")
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]
    out.write("USD per million tokens in force now; '-' = not known.\n")
    for line in [header, *lines]:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() + "\n")
    return 0
