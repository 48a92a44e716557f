"""A JSON schema in the subset Gemini's ``Schema`` accepts (tool parameters, ``responseSchema``).

Gemini takes an OpenAPI 3.0 flavoured subset and refuses the whole request over a keyword it
does not know. So: ``$ref`` is inlined from ``$defs`` / ``definitions`` (a recursive schema cannot
be, and is refused); ``type: [T, "null"]`` and an ``anyOf`` with a ``{"type": "null"}`` branch
become ``nullable``; ``const`` becomes a one-value ``enum`` (Gemini's enums hold strings only:
others are left out); ``oneOf`` is read as ``anyOf``; a single-branch ``allOf`` is merged; every
other keyword Gemini does not know (``additionalProperties``, ``$schema``, ``patternProperties``,
``not``…) is left out, since it only narrows what the model may produce and the caller validates
the answer anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._errors import InvalidRequestError

_KEPT = frozenset(
    {
        "type",
        "format",
        "title",
        "description",
        "nullable",
        "enum",
        "maxItems",
        "minItems",
        "properties",
        "required",
        "minProperties",
        "maxProperties",
        "minLength",
        "maxLength",
        "pattern",
        "example",
        "anyOf",
        "propertyOrdering",
        "default",
        "items",
        "minimum",
        "maximum",
    }
)


def gemini_schema(schema: Mapping[str, Any], where: str) -> dict[str, Any]:
    """``schema`` in the subset Gemini accepts; ``where`` names it in errors."""
    definitions = {**(schema.get("definitions") or {}), **(schema.get("$defs") or {})}
    return _convert(schema, definitions, (), where)


def _convert(schema: Any, definitions: Mapping[str, Any], seen: tuple[str, ...], where: str) -> dict[str, Any]:
    if not isinstance(schema, Mapping):
        raise InvalidRequestError(f"{where}: a JSON schema must be an object, got {schema!r:.60}")
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name in seen:
            raise InvalidRequestError(f"{where}: Gemini takes no recursive schema ({ref} refers to itself)")
        if name not in definitions:
            raise InvalidRequestError(f"{where}: {ref} is not among the schema's $defs")
        siblings = {key: value for key, value in schema.items() if key != "$ref"}
        return _convert({**definitions[name], **siblings}, definitions, (*seen, name), where)
    merged = dict(schema)
    all_of = merged.pop("allOf", None)
    if isinstance(all_of, list) and len(all_of) == 1:
        merged = {**_convert(all_of[0], definitions, seen, where), **merged}
    if "oneOf" in merged and "anyOf" not in merged:
        merged["anyOf"] = merged.pop("oneOf")
    if "const" in merged and "enum" not in merged:
        merged["enum"] = [merged["const"]]
    out: dict[str, Any] = {}
    for key, value in merged.items():
        if key not in _KEPT:
            continue
        if key == "properties" and isinstance(value, Mapping):
            out[key] = {name: _convert(sub, definitions, seen, where) for name, sub in value.items()}
        elif key == "items" and isinstance(value, Mapping):
            out[key] = _convert(value, definitions, seen, where)
        elif key == "anyOf" and isinstance(value, list):
            branches = [b for b in value if not (isinstance(b, Mapping) and b.get("type") == "null")]
            if len(branches) < len(value):
                out["nullable"] = True
            if len(branches) == 1:
                out.update({k: v for k, v in _convert(branches[0], definitions, seen, where).items() if k not in out})
            else:
                out[key] = [_convert(branch, definitions, seen, where) for branch in branches]
        elif key == "type" and isinstance(value, list):
            types = [t for t in value if t != "null"]
            if len(types) < len(value):
                out["nullable"] = True
            if len(types) == 1:
                out[key] = types[0]
            elif types:
                out["anyOf"] = [{"type": t} for t in types]
        elif key == "enum" and isinstance(value, list):
            # Gemini's enum holds strings only; a null choice is ``nullable``, and an enum of other
            # values is left out (the type still holds).
            if None in value:
                out["nullable"] = True
            values = [v for v in value if v is not None]
            if values and all(isinstance(v, str) for v in values):
                out[key] = values
        else:
            out[key] = value
    return out
