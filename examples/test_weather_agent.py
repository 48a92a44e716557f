"""A user's own tests of ``weather_agent.answer``, written with llmkit.testing only: no network, no key."""

from __future__ import annotations

from typing import Any

import pytest

import llmkit
from llmkit import ToolCall
from llmkit.testing import FakeHandler, FakeResponse

from .weather_agent import FALLBACK, answer

pytestmark = pytest.mark.anyio
CONFIG = {"api_provider": "fake", "model_name": "any-model"}


async def sunny(city: str) -> dict[str, Any]:
    return {"city": city, "celsius": 21, "sky": "sunny"}


async def test_the_agent_calls_the_tool_and_answers_with_its_result() -> None:
    call = ToolCall(id="call_1", name="get_weather", arguments='{"city": "Lisbon"}')
    with FakeHandler.script(
        FakeResponse(reasoning="I need the weather.", tool_calls=[call]),
        FakeResponse(text="It is sunny and 21°C in Lisbon."),
    ) as script:
        reply = await answer("Weather in Lisbon?", CONFIG, sunny)
    assert reply == "It is sunny and 21°C in Lisbon."
    second = script.requests[1]["messages"]
    assert second[-2]["tool_calls"][0]["function"]["name"] == "get_weather"
    assert second[-1] == {
        "role": "tool",
        "tool_call_id": "call_1",
        "content": '{"city": "Lisbon", "celsius": 21, "sky": "sunny"}',
    }
    assert script.requests[0]["tools"][0]["function"]["name"] == "get_weather"


async def test_the_agent_answers_directly_when_no_tool_is_needed() -> None:
    with FakeHandler.script(FakeResponse(text="I only know about weather.")) as script:
        assert await answer("Who won the cup?", CONFIG, sunny) == "I only know about weather."
    assert len(script.requests) == 1


async def test_the_agent_degrades_gracefully_when_rate_limited() -> None:
    limited = llmkit.RateLimitError("slow down", status_code=429, retry_after=120)
    with FakeHandler.script(FakeResponse(error=limited)):
        assert await answer("Weather in Oslo?", CONFIG, sunny) == FALLBACK
