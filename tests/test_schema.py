"""Strict JSON schemas: what a pydantic response_format (or a strict tool) puts on the wire.

Field names that are also JSON Schema keywords (``default``, ``properties``, ``required``…) must
stay fields, and every object must come out closed with all its properties required.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field
from pytest_httpx import HTTPXMock

import llmkit

from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

REPLY = '{"name": "Ada", "properties": [{"street": "Main", "default": true}], "required": null}'
STREAM = (
    b"data: "
    + json.dumps({"choices": [{"index": 0, "delta": {"content": REPLY}, "finish_reason": "stop"}]}).encode()
    + b"\n\ndata: [DONE]\n\n"
)


class Keywords(BaseModel):
    """Fields named like the keywords of JSON Schema."""

    default: int = 3
    properties: list[str]
    required: bool
    type: str | None = None
    items: dict[str, int] = {}
    ref: str = Field(alias="$ref")


def strict(model: type[BaseModel]) -> dict[str, Any]:
    return llmkit.strict_schema(model.model_json_schema())


def test_fields_named_like_keywords_stay_fields() -> None:
    assert strict(Keywords) == {
        "description": "Fields named like the keywords of JSON Schema.",
        "title": "Keywords",
        "type": "object",
        "properties": {
            "default": {"title": "Default", "type": "integer"},
            "properties": {"title": "Properties", "type": "array", "items": {"type": "string"}},
            "required": {"title": "Required", "type": "boolean"},
            "type": {"title": "Type", "anyOf": [{"type": "string"}, {"type": "null"}]},
            "items": {"title": "Items", "type": "object", "additionalProperties": {"type": "integer"}},
            "$ref": {"title": "$Ref", "type": "string"},
        },
        "required": ["default", "properties", "required", "type", "items", "$ref"],
        "additionalProperties": False,
    }


def test_the_input_schema_is_not_changed() -> None:
    original = Keywords.model_json_schema()
    before = json.dumps(original, sort_keys=True)
    llmkit.strict_schema(original)
    assert json.dumps(original, sort_keys=True) == before


class Tree(BaseModel):
    label: str
    children: list[Tree] = []
    parent: Tree | None = None


def test_a_recursive_model_keeps_its_refs_and_closes_its_definition() -> None:
    node = {
        "title": "Tree",
        "type": "object",
        "properties": {
            "label": {"title": "Label", "type": "string"},
            "children": {"title": "Children", "type": "array", "items": {"$ref": "#/$defs/Tree"}},
            "parent": {"anyOf": [{"$ref": "#/$defs/Tree"}, {"type": "null"}]},
        },
        "required": ["label", "children", "parent"],
        "additionalProperties": False,
    }
    # pydantic writes the root out in full and again under $defs, for the refs to reach.
    assert strict(Tree) == {**node, "$defs": {"Tree": node}}


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


class Cat(BaseModel):
    kind: Literal["cat"]
    lives: int = 9


class Dog(BaseModel):
    kind: Literal["dog"]
    good: bool = True


class Pet(BaseModel):
    colour: Colour = Colour.RED
    animal: Cat | Dog = Field(discriminator="kind")
    nickname: str | None = None


def test_enums_unions_and_optional_fields() -> None:
    schema = strict(Pet)
    assert schema["required"] == ["colour", "animal", "nickname"]
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Colour"] == {"title": "Colour", "type": "string", "enum": ["red", "green"]}
    # The colour's default is gone; the ref stays bare, as strict mode wants it.
    assert schema["properties"]["colour"] == {"$ref": "#/$defs/Colour"}
    # Optional stays optional by being nullable, and is required.
    assert schema["properties"]["nickname"] == {"title": "Nickname", "anyOf": [{"type": "string"}, {"type": "null"}]}
    animal = schema["properties"]["animal"]
    assert animal["oneOf"] == [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}]
    # The discriminator's mapping is data, not schemas: copied as it was.
    assert animal["discriminator"] == {"propertyName": "kind", "mapping": {"cat": "#/$defs/Cat", "dog": "#/$defs/Dog"}}
    assert schema["$defs"]["Cat"] == {
        "title": "Cat",
        "type": "object",
        "properties": {
            "kind": {"title": "Kind", "type": "string", "const": "cat"},
            "lives": {"title": "Lives", "type": "integer"},
        },
        "required": ["kind", "lives"],
        "additionalProperties": False,
    }
    # What a strict model gives back for it still validates.
    reply = '{"colour": "green", "animal": {"kind": "dog", "good": false}, "nickname": null}'
    assert Pet.model_validate_json(reply) == Pet(colour=Colour.GREEN, animal=Dog(kind="dog", good=False))


def test_values_that_look_like_schemas_are_left_alone() -> None:
    schema = {
        "type": "object",
        "properties": {"shape": {"const": {"type": "object", "properties": {"x": {}}}, "default": 1}},
        "examples": [{"properties": 1, "default": 2}],
        "enum": [{"type": "object"}],
    }
    assert llmkit.strict_schema(schema) == {
        "type": "object",
        "properties": {"shape": {"const": {"type": "object", "properties": {"x": {}}}}},
        "examples": [{"properties": 1, "default": 2}],
        "enum": [{"type": "object"}],
        "required": ["shape"],
        "additionalProperties": False,
    }


def test_every_place_a_subschema_can_be_is_walked() -> None:
    closed = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "required": ["a"],
        "additionalProperties": False,
    }
    given = {"type": "object", "properties": {"a": {"type": "string", "default": "x"}}}
    schema = {
        "type": "array",
        "prefixItems": [given],
        "items": given,
        "contains": given,
        "not": given,
        "if": given,
        "then": given,
        "else": given,
        "allOf": [given, given],
        "anyOf": [given],
        "oneOf": [given],
        "definitions": {"d": given},
        "$defs": {"e": given},
        "patternProperties": {"^x": given},
        "additionalProperties": given,
    }
    expected = {key: closed for key in ("items", "contains", "not", "if", "then", "else", "additionalProperties")}
    expected |= {key: [closed] for key in ("prefixItems", "anyOf", "oneOf")}
    expected |= {"type": "array", "allOf": [closed, closed], "definitions": {"d": closed}, "$defs": {"e": closed}}
    expected |= {"patternProperties": {"^x": closed}}
    assert llmkit.strict_schema(schema) == expected


def test_a_ref_with_siblings_is_inlined_and_a_one_branch_all_of_merged() -> None:
    schema = {
        "type": "object",
        "properties": {
            "home": {"$ref": "#/$defs/Place", "description": "Where they live"},
            "work": {"allOf": [{"$ref": "#/$defs/Place"}], "description": "Where they work"},
        },
        "$defs": {"Place": {"type": "object", "properties": {"city": {"type": "string"}}}},
    }
    place = {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    }
    strict_form = llmkit.strict_schema(schema)
    assert strict_form["properties"]["home"] == {**place, "description": "Where they live"}
    assert strict_form["properties"]["work"] == {**place, "description": "Where they work"}
    assert strict_form["$defs"]["Place"] == place


class Address(BaseModel):
    street: str
    default: bool = False


class Customer(BaseModel):
    name: str
    properties: list[Address]
    required: Address | None = None


async def test_a_pydantic_response_format_goes_out_strict_with_its_fields_intact(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=STREAM)
    handler = llmkit.create_api_handler(api_provider="openai", api_key=SENTINEL_KEY, model_name="gpt-4o")
    async with handler:
        stream = await handler.create_message(None, [{"role": "user", "content": "hi"}], response_format=Customer)
        answer = await stream.collect()
    assert answer.parsed == Customer(name="Ada", properties=[Address(street="Main", default=True)])
    sent = json.loads(httpx_mock.get_requests()[0].content)
    address = {
        "title": "Address",
        "type": "object",
        "properties": {
            "street": {"title": "Street", "type": "string"},
            "default": {"title": "Default", "type": "boolean"},
        },
        "required": ["street", "default"],
        "additionalProperties": False,
    }
    assert sent["response_format"] == {
        "type": "json_schema",
        "json_schema": {
            "name": "Customer",
            "strict": True,
            "schema": {
                "$defs": {"Address": address},
                "title": "Customer",
                "type": "object",
                "properties": {
                    "name": {"title": "Name", "type": "string"},
                    "properties": {"title": "Properties", "type": "array", "items": {"$ref": "#/$defs/Address"}},
                    "required": {"anyOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}]},
                },
                "required": ["name", "properties", "required"],
                "additionalProperties": False,
            },
        },
    }
