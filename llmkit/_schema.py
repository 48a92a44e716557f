"""JSON Schema rewritten into the form strict structured output and strict tools accept.

OpenAI's strict mode wants every object closed (``additionalProperties: false``) with all its
properties required, and no ``default`` keywords; an optional field stays optional by being
nullable (pydantic writes ``X | None`` as ``anyOf: [X, {"type": "null"}]``), and the pydantic model
still validates what comes back. The rewrite walks the schema by its structure: it descends only
where JSON Schema puts a subschema (``properties``, ``items``, ``anyOf``, ``$defs``…), so a field
named ``default``, ``properties`` or ``required`` is a field, and an ``enum`` or ``const`` value
that looks like a schema is left as it is.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ._lazy import publish

__all__ = [
    "strict_schema",
]

# Keywords whose value is one subschema, a list of them, or a name -> subschema map.
_ONE = frozenset(
    {
        "additionalItems",
        "contains",
        "else",
        "if",
        "not",
        "propertyNames",
        "then",
        "unevaluatedItems",
    }
)
_MANY = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_MAP = frozenset({"$defs", "definitions", "dependentSchemas", "patternProperties", "properties"})
# Boolean or schema: false/true stay as they are.
_ONE_OR_BOOL = frozenset({"additionalProperties", "unevaluatedProperties"})


def strict_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` (a JSON schema, e.g. a pydantic model's) in the form strict mode accepts.

    Every object with ``properties`` (or with ``type: object`` and no word on extra keys) is
    closed and lists all its properties as required; ``default`` keywords are removed; a ``$ref``
    with sibling keywords, which strict mode refuses, is replaced by the definition it points to
    with the siblings merged in; a one-branch ``allOf`` is merged into its schema. The input is
    not changed.
    """
    root = dict(schema)
    strict: dict[str, Any] = _rewrite(root, root)
    return strict


def _rewrite(schema: Any, root: Mapping[str, Any]) -> Any:
    if not isinstance(schema, Mapping):
        return copy.deepcopy(schema)  # true/false schemas, or a malformed value: not ours to fix
    schema = _unref(_merge_all_of({key: value for key, value in schema.items() if key != "default"}), root)
    strict: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _MAP and isinstance(value, Mapping):
            strict[key] = {name: _rewrite(sub, root) for name, sub in value.items()}
        elif key in _MANY and isinstance(value, list):
            strict[key] = [_rewrite(sub, root) for sub in value]
        elif key == "items":  # one schema, or a tuple's list of schemas (before prefixItems)
            strict[key] = [_rewrite(sub, root) for sub in value] if isinstance(value, list) else _rewrite(value, root)
        elif key in _ONE or key in _ONE_OR_BOOL:
            strict[key] = _rewrite(value, root)
        elif key == "dependencies" and isinstance(value, Mapping):  # draft 7: a schema or a list of names
            strict[key] = {
                name: _rewrite(sub, root) if isinstance(sub, Mapping) else copy.deepcopy(sub)
                for name, sub in value.items()
            }
        else:  # an annotation or a value (enum, const, examples, title…): copied, never walked
            strict[key] = copy.deepcopy(value)
    if _is_object(schema):
        properties = strict.setdefault("properties", {})
        strict["required"] = list(properties) if isinstance(properties, Mapping) else []
        strict["additionalProperties"] = False
    return strict


def _is_object(schema: Mapping[str, Any]) -> bool:
    if isinstance(schema.get("properties"), Mapping):
        return True
    kind = schema.get("type")
    is_object = kind == "object" or (isinstance(kind, list) and "object" in kind)
    # An object whose extra keys are typed (``dict[str, int]``) is a map, not a record to close.
    return is_object and "additionalProperties" not in schema


def _merge_all_of(schema: dict[str, Any]) -> dict[str, Any]:
    branches = schema.get("allOf")
    if isinstance(branches, list) and len(branches) == 1 and isinstance(branches[0], Mapping):
        del schema["allOf"]
        return {**branches[0], **schema}
    return schema


def _unref(schema: dict[str, Any], root: Mapping[str, Any]) -> dict[str, Any]:
    """A ``$ref`` with siblings (a field's description beside its model's ref) inlined once."""
    ref = schema.get("$ref")
    if not isinstance(ref, str) or len(schema) == 1 or not ref.startswith("#/"):
        return schema
    target: Any = root
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, Mapping) or part not in target:
            return schema  # a ref we cannot resolve is the provider's to judge
        target = target[part]
    if not isinstance(target, Mapping):
        return schema
    siblings = {key: value for key, value in schema.items() if key != "$ref"}
    return {**target, **siblings}


publish(globals(), "llmkit")
