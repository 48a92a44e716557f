"""Blanking an API key out of text a provider or the HTTP layer sends back, whole or in part.

A key comes back in more shapes than its own: quoted by ``repr`` (an HTTP library refusing a
header), JSON-escaped (an error body), percent-encoded (a URL), and cut short by a provider that
shows "the key you sent" as its first and last characters. Each of those shapes is searched for
whole and for runs of :data:`MIN_RUN` or more of its characters: every run that starts or ends
the key, and every longer run (2 x ``MIN_RUN`` - 1: it holds one of the key's ``MIN_RUN``-wide
blocks). The work is a few ``str.find`` scans per shape, linear in the text.
"""

from __future__ import annotations

import json
from urllib.parse import quote, quote_plus

MIN_RUN = 8
"""The fewest characters of a key taken for a leak; providers show 4 to 6 on purpose."""
MASK = "***"


def redact_secret(text: str, secret: str) -> str:
    """``text`` with every whole or partial occurrence of ``secret`` replaced by ``***``."""
    if not secret or not text:
        return text
    spans: list[tuple[int, int]] = []
    for form in _forms(secret):
        if len(form) < MIN_RUN:
            _whole(text, form, spans)
        else:
            _runs(text, form, spans)
    if not spans:
        return text
    spans.sort()
    out: list[str] = []
    done = 0
    for start, end in spans:
        if end <= done:
            continue
        if start >= done:
            out.append(text[done:start])
            out.append(MASK)
        done = end
    out.append(text[done:])
    return "".join(out)


def _forms(secret: str) -> set[str]:
    """The key as it may be written back: raw, repr-quoted, JSON-escaped, percent-encoded."""
    json_form = json.dumps(secret)[1:-1]
    forms = {
        secret,
        repr(secret)[1:-1],
        repr(secret.encode("utf-8", "replace"))[2:-1],
        json_form,
        json_form.replace("/", "\\/"),
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret),
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
    }
    forms |= {_lower_hex(form) for form in forms if "%" in form}
    return forms


def _lower_hex(form: str) -> str:
    parts = form.split("%")
    return parts[0] + "".join("%" + part[:2].lower() + part[2:] for part in parts[1:])


def _whole(text: str, form: str, spans: list[tuple[int, int]]) -> None:
    at = text.find(form)
    while at != -1:
        spans.append((at, at + len(form)))
        at = text.find(form, at + len(form))


def _runs(text: str, form: str, spans: list[tuple[int, int]]) -> None:
    size = len(form)
    anchors = sorted({*range(0, size - MIN_RUN + 1, MIN_RUN), size - MIN_RUN})
    # A run found lies on one diagonal (text index - key index); a later anchor inside it is skipped,
    # so each run is extended once, however many anchors it holds.
    run_end: dict[int, int] = {}
    for offset in anchors:
        block = form[offset : offset + MIN_RUN]
        at = text.find(block)
        while at != -1:
            diagonal = at - offset
            if at >= run_end.get(diagonal, -1):
                start = at - _common_suffix(text, at, form, offset)
                end = at + MIN_RUN + _common_prefix(text, at + MIN_RUN, form, offset + MIN_RUN)
                run_end[diagonal] = end
                spans.append((start, end))
            at = text.find(block, at + 1)


def _common_prefix(text: str, at: int, form: str, offset: int) -> int:
    """How many characters of ``text`` from ``at`` continue ``form`` from ``offset``."""
    rest = form[offset:]
    if text.startswith(rest, at):
        return len(rest)
    count = 0
    for a, b in zip(text[at : at + len(rest)], rest, strict=False):
        if a != b:
            break
        count += 1
    return count


def _common_suffix(text: str, at: int, form: str, offset: int) -> int:
    """How many characters of ``text`` before ``at`` match ``form`` before ``offset``."""
    head = form[:offset]
    if not head:
        return 0
    if text.endswith(head, 0, at):
        return len(head)
    count = 0
    for a, b in zip(reversed(text[max(at - len(head), 0) : at]), reversed(head), strict=False):
        if a != b:
            break
        count += 1
    return count
