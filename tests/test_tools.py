"""Tools from Python functions and pydantic models, and the model's calls run back through them."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field
from pytest_httpx import HTTPXMock

import llmkit
from llmkit import Tool, ToolCall

from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio


def get_weather(city: str, days: int = 1, unit: Literal["c", "f"] = "c") -> str:
    """Forecast the weather in a city.

    Uses the national weather service.

    Args:
        city: The city, as its inhabitants spell it.
        days (int): How many days ahead,
            counting today.
        unit: Celsius or Fahrenheit.

    Returns:
        The forecast as text.
    """
    return f"{city}: sunny for {days} day(s), 20°{unit.upper()}"


def test_a_function_becomes_a_tool_named_and_described_by_itself() -> None:
    tool = Tool.from_function(get_weather)
    assert tool.name == "get_weather"
    assert tool.description == "Forecast the weather in a city.\n\nUses the national weather service."
    assert tool.strict is None
    assert tool.parameters == {
        "type": "object",
        "properties": {
            "city": {"title": "City", "type": "string", "description": "The city, as its inhabitants spell it."},
            "days": {
                "title": "Days",
                "type": "integer",
                "default": 1,
                "description": "How many days ahead, counting today.",
            },
            "unit": {
                "title": "Unit",
                "enum": ["c", "f"],
                "type": "string",
                "default": "c",
                "description": "Celsius or Fahrenheit.",
            },
        },
        "required": ["city"],
        "additionalProperties": False,
    }


def numpy_style(query: str, limit: int = 10) -> list[str]:
    """Search the catalogue.

    Parameters
    ----------
    query : str
        Words to look for.
    limit : int, optional
        At most this many
        results.

    Returns
    -------
    list of str
    """
    return [query] * limit


def sphinx_style(path: str, *, follow: bool = False) -> str:
    """Read a file.

    :param path: Where the file is.
    :param bool follow: Whether to follow
        symbolic links.
    :returns: its text
    """
    return path


@pytest.mark.parametrize(
    ("function", "summary", "described"),
    [
        (numpy_style, "Search the catalogue.", {"query": "Words to look for.", "limit": "At most this many results."}),
        (sphinx_style, "Read a file.", {"path": "Where the file is.", "follow": "Whether to follow symbolic links."}),
    ],
)
def test_numpy_and_sphinx_docstrings_describe_the_parameters(
    function: Any, summary: str, described: dict[str, str]
) -> None:
    tool = Tool.from_function(function)
    assert tool.description == summary
    assert tool.parameters is not None
    assert {name: spec["description"] for name, spec in tool.parameters["properties"].items()} == described


class Address(BaseModel):
    street: str
    city: str


def ship(
    item: Annotated[str, Field(description="What to ship")], to: Address, json: bool = False, note: str | None = None
) -> dict[str, Any]:
    return {"item": item, "to": to, "json": json, "note": note}


def test_calling_a_tool_hands_the_function_its_own_types() -> None:
    tool = Tool.from_function(ship, name="ship_item", description="Ship an item")
    assert (tool.name, tool.description) == ("ship_item", "Ship an item")
    call = ToolCall(id="c1", name="ship_item", arguments='{"item": "book", "to": {"street": "1 Main", "city": "Oslo"}}')
    assert tool.call(call) == {"item": "book", "to": Address(street="1 Main", city="Oslo"), "json": False, "note": None}
    assert tool.validate_arguments(call) == {
        "item": "book",
        "to": Address(street="1 Main", city="Oslo"),
        "json": False,
        "note": None,
    }
    assert tool.parameters is not None and tool.parameters["properties"]["item"]["description"] == "What to ship"


def test_bad_arguments_raise_a_tool_arguments_error_the_model_can_read() -> None:
    tool = Tool.from_function(get_weather)
    call = ToolCall(id="c1", name="get_weather", arguments='{"days": "soon", "country": "NO"}')
    with pytest.raises(llmkit.ToolArgumentsError) as caught:
        tool.call(call)
    assert caught.value.message == (
        "invalid arguments for tool 'get_weather': city: Field required; "
        "days: Input should be a valid integer, unable to parse string as an integer; "
        "country: Extra inputs are not permitted"
    )
    assert caught.value.body == '{"days": "soon", "country": "NO"}'
    with pytest.raises(llmkit.ToolArgumentsError, match="not JSON"):
        tool.call(ToolCall(id="c2", name="get_weather", arguments="{city: Oslo"))
    with pytest.raises(llmkit.ToolArgumentsError, match="for tool 'ship', not 'get_weather'"):
        tool.call(ToolCall(id="c3", name="ship", arguments="{}"))


def test_text_and_dict_arguments_are_accepted_too() -> None:
    tool = Tool.from_function(get_weather)
    assert tool.call('{"city": "Rome", "days": "2"}') == "Rome: sunny for 2 day(s), 20°C"
    assert tool.call({"city": "Rome", "unit": "f"}) == "Rome: sunny for 1 day(s), 20°F"


async def fetch_page(url: str, /, wait: float = 5.0) -> str:
    """Fetch a page."""
    return f"{url} in {wait}s"


async def test_async_functions_and_positional_only_parameters() -> None:
    tool = Tool.from_function(fetch_page)
    call = ToolCall(id="c1", name="fetch_page", arguments='{"url": "http://a.invalid", "wait": 2}')
    assert await tool.acall(call) == "http://a.invalid in 2.0s"
    assert await tool.call(call) == "http://a.invalid in 2.0s"
    assert await Tool.from_function(get_weather).acall('{"city": "Oslo"}') == "Oslo: sunny for 1 day(s), 20°C"


class Lookup(BaseModel):
    """Look a word up in the dictionary."""

    word: str
    language: str = "en"


def test_a_model_becomes_a_tool_and_its_calls_validate_into_the_model() -> None:
    tool = Tool.from_model(Lookup, strict=True)
    assert (tool.name, tool.description, tool.strict) == ("Lookup", "Look a word up in the dictionary.", True)
    assert tool.parameters == {
        "type": "object",
        "properties": {
            "word": {"title": "Word", "type": "string"},
            "language": {"title": "Language", "type": "string"},
        },
        "required": ["word", "language"],
        "additionalProperties": False,
    }
    call = ToolCall(id="c1", name="Lookup", arguments='{"word": "tool", "language": "fr"}')
    assert tool.validate_arguments(call) == Lookup(word="tool", language="fr")
    with pytest.raises(TypeError, match="no function to call"):
        tool.call(call)


def test_functions_a_model_could_not_call_are_refused() -> None:
    def anything(*args: int) -> None:
        pass

    with pytest.raises(TypeError, match=r"takes \*args"):
        Tool.from_function(anything)
    with pytest.raises(TypeError, match="no usable name"):
        Tool.from_function(lambda city: city)
    with pytest.raises(TypeError, match="pydantic model class"):
        Tool.from_model(dict)  # type: ignore[arg-type]


def test_a_tool_from_a_function_is_still_a_plain_tool() -> None:
    # Equality and repr are about what goes on the wire, not the function behind it.
    made = Tool.from_function(fetch_page, description="")
    assert made == Tool(name="fetch_page", parameters=made.parameters)
    assert repr(made).startswith("Tool(name='fetch_page', description='', parameters=")
    assert "function" not in repr(made)


STREAM = (
    b'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function",'
    b'"function":{"name":"get_weather","arguments":"{\\"city\\": \\"Oslo\\", \\"days\\": 3}"}}]},'
    b'"finish_reason":"tool_calls"}]}\n\ndata: [DONE]\n\n'
)


async def test_a_tool_loop_through_the_public_api(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=STREAM)
    tool = Tool.from_function(get_weather, strict=True)
    handler = llmkit.create_api_handler("openai:gpt-4o", api_key=SENTINEL_KEY)
    async with handler:
        stream = await handler.create_message(None, [{"role": "user", "content": "Oslo?"}], tools=[tool])
        turn = await stream.collect()
    assert [tool.call(call) for call in turn.tool_calls] == ["Oslo: sunny for 3 day(s), 20°C"]
    sent = json.loads(httpx_mock.get_requests()[0].content)
    assert sent["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Forecast the weather in a city.\n\nUses the national weather service.",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "city": {
                            "title": "City",
                            "type": "string",
                            "description": "The city, as its inhabitants spell it.",
                        },
                        "days": {
                            "title": "Days",
                            "type": "integer",
                            "description": "How many days ahead, counting today.",
                        },
                        "unit": {
                            "title": "Unit",
                            "enum": ["c", "f"],
                            "type": "string",
                            "description": "Celsius or Fahrenheit.",
                        },
                    },
                    "required": ["city", "days", "unit"],
                    "additionalProperties": False,
                },
                "strict": True,
            },
        }
    ]
