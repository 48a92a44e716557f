"""A docstring read for a tool: its description, and each parameter's, in Google, NumPy or Sphinx style.

Only what a tool definition needs is read: the text before the first section is the description,
and the entries of a parameters section (``Args:``, ``Parameters`` underlined, ``:param x:``) give
per-parameter descriptions. Everything else (returns, raises, examples) is left out.
"""

from __future__ import annotations

import inspect
import re

_GOOGLE_PARAMS = re.compile(r"^(Args|Arguments|Parameters|Params|Keyword Args|Keyword Arguments|Other Parameters):\s*$")
_GOOGLE_SECTION = re.compile(r"^[A-Z][A-Za-z ]*:\s*$")
_GOOGLE_ENTRY = re.compile(r"^\*{0,2}(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$")
_NUMPY_PARAMS = frozenset({"Parameters", "Other Parameters", "Keyword Arguments"})
_NUMPY_ENTRY = re.compile(r"^\*{0,2}(\w+)\s*(?::.*)?$")
_SPHINX_PARAM = re.compile(r"^:param\s+(?:[^:]*\s)?\*{0,2}(\w+)\s*:\s*(.*)$")
_SPHINX_FIELD = re.compile(r"^:\w+")
_UNDERLINE = re.compile(r"^-{3,}\s*$")


def parse_docstring(doc: str | None) -> tuple[str, dict[str, str]]:
    """``(description, {parameter: description})`` from a docstring; blanks when there is none."""
    if not doc or not doc.strip():
        return "", {}
    lines = inspect.cleandoc(doc).splitlines()
    end = next((i for i in range(len(lines)) if _starts_section(lines, i)), len(lines))
    params: dict[str, str] = {}
    i = end
    while i < len(lines):
        line = lines[i]
        if _GOOGLE_PARAMS.match(line):
            i = _google(lines, i + 1, params)
        elif line.strip() in _NUMPY_PARAMS and i + 1 < len(lines) and _UNDERLINE.match(lines[i + 1]):
            i = _numpy(lines, i + 2, params)
        elif _SPHINX_PARAM.match(line):
            i = _sphinx(lines, i, params)
        else:
            i += 1
    return _paragraphs(lines[:end]), params


def _starts_section(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _GOOGLE_SECTION.match(line) or _SPHINX_FIELD.match(line):
        return True
    return bool(line.strip()) and i + 1 < len(lines) and bool(_UNDERLINE.match(lines[i + 1]))


def _paragraphs(lines: list[str]) -> str:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs if paragraph)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _google(lines: list[str], i: int, params: dict[str, str]) -> int:
    entry_indent: int | None = None
    name: str | None = None
    while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > 0):
        line = lines[i]
        if line.strip():
            if entry_indent is None:
                entry_indent = _indent(line)
            found = _GOOGLE_ENTRY.match(line.strip()) if _indent(line) == entry_indent else None
            if found:
                name = found.group(1)
                params[name] = found.group(2).strip()
            elif name is not None:
                params[name] = f"{params[name]} {line.strip()}".strip()
        i += 1
    return i


def _numpy(lines: list[str], i: int, params: dict[str, str]) -> int:
    name: str | None = None
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and line.strip() and _UNDERLINE.match(lines[i + 1]):
            break  # the next section
        if line.strip() and _indent(line) == 0:
            found = _NUMPY_ENTRY.match(line.strip())
            name = found.group(1) if found else None
            if name is not None:
                params[name] = ""
        elif line.strip() and name is not None:
            params[name] = f"{params[name]} {line.strip()}".strip()
        i += 1
    return i


def _sphinx(lines: list[str], i: int, params: dict[str, str]) -> int:
    found = _SPHINX_PARAM.match(lines[i])
    assert found is not None
    name = found.group(1)
    params[name] = found.group(2).strip()
    i += 1
    while i < len(lines) and lines[i].strip() and _indent(lines[i]) > 0:
        params[name] = f"{params[name]} {lines[i].strip()}"
        i += 1
    return i
