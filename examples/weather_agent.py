"""A small service function built on llmkit: answer a question, calling a weather tool if needed.

``examples/test_weather_agent.py`` tests it with nothing but ``llmkit.testing``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import llmkit
from llmkit import Tool

WEATHER_TOOL = Tool(
    name="get_weather",
    description="The current weather in a city",
    parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)
FALLBACK = "Sorry, the assistant is busy right now. Please try again in a minute."

Lookup = Callable[[str], Awaitable[dict[str, Any]]]


async def answer(question: str, config: Mapping[str, Any], lookup_weather: Lookup, *, max_turns: int = 4) -> str:
    """Answer ``question``; runs ``lookup_weather`` for each weather tool call the model makes."""
    conversation: list[dict[str, Any]] = [{"role": "user", "content": question}]
    async with llmkit.create_api_handler(config) as handler:
        for _ in range(max_turns):
            try:
                stream = await handler.create_message(
                    "You answer weather questions briefly.", conversation, tools=[WEATHER_TOOL]
                )
                turn = await stream.collect()
            except llmkit.RateLimitError:
                return FALLBACK
            conversation.append(turn.to_message())
            if not turn.tool_calls:
                return turn.text
            for call in turn.tool_calls:
                weather = await lookup_weather(call.parsed_arguments["city"])
                conversation.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(weather)})
    return "I could not find an answer."
