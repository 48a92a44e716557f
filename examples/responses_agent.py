"""A stateless tool loop over OpenAI's Responses API, keeping the model's reasoning between turns.

Nothing is stored server-side (``store`` is false): each turn's encrypted reasoning comes back
in ``Completion.reasoning_blocks`` and ``to_message()`` carries it into the next request, before
the tool call it led to. Run ``python examples/responses_agent.py``: it plays both turns from a
loopback server (no key, no network). With ``OPENAI_API_KEY`` set and ``--real`` it asks OpenAI.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

import llmkit
from llmkit import Tool
from llmkit.testing import Exchange, ReplayServer

WEATHER = Tool(
    name="get_weather",
    description="The current weather in a city",
    parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)


async def ask(question: str, config: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The answer to ``question`` and the conversation that led to it."""
    conversation: list[dict[str, Any]] = [{"role": "user", "content": question}]
    async with llmkit.create_api_handler(config) as handler:
        for _ in range(4):
            stream = await handler.create_message(
                "Answer weather questions briefly.", conversation, tools=[WEATHER], reasoning_effort="low"
            )
            turn = await stream.collect()
            if turn.reasoning:
                print(f"[reasoning] {turn.reasoning}")
            conversation.append(turn.to_message())  # the encrypted reasoning travels in here
            if not turn.tool_calls:
                return turn.text, conversation
            for call in turn.tool_calls:
                city = call.parsed_arguments["city"]
                print(f"[tool] {call.name}({city})")
                weather = {"city": city, "celsius": 21, "sky": "sunny"}
                conversation.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(weather)})
    return "no answer after four turns", conversation


def _events(*events: dict[str, Any]) -> Exchange:
    body = "".join(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n" for event in events)
    return Exchange(body=body.encode(), chunk_size=40)


def scripted_turns() -> list[Exchange]:
    """What OpenAI streams for the two turns (shortened): reasoning and a call, then the answer."""
    thought = "The user wants Lisbon's weather: call the tool."
    reasoning: dict[str, Any] = {
        "type": "reasoning",
        "id": "rs_demo",
        "encrypted_content": "gAAAA-demo-encrypted-reasoning",
        "summary": [{"type": "summary_text", "text": thought}],
    }
    call = {"type": "function_call", "id": "fc_demo", "call_id": "call_demo", "name": "get_weather"}
    usage = {"input_tokens": 60, "output_tokens": 40, "output_tokens_details": {"reasoning_tokens": 24}}
    first = _events(
        {"type": "response.output_item.added", "output_index": 0, "item": {**reasoning, "summary": []}},
        {
            "type": "response.reasoning_summary_text.delta",
            "output_index": 0,
            "summary_index": 0,
            "delta": thought,
        },
        {"type": "response.output_item.done", "output_index": 0, "item": reasoning},
        {"type": "response.output_item.added", "output_index": 1, "item": {**call, "arguments": ""}},
        {"type": "response.function_call_arguments.delta", "output_index": 1, "delta": '{"city":"Lisbon"}'},
        {"type": "response.output_item.done", "output_index": 1, "item": {**call, "arguments": '{"city":"Lisbon"}'}},
        {"type": "response.completed", "response": {"status": "completed", "usage": usage}},
    )
    second = _events(
        {"type": "response.output_text.delta", "output_index": 0, "delta": "Sunny and 21°C in Lisbon."},
        {"type": "response.completed", "response": {"status": "completed", "usage": usage}},
    )
    return [first, second]


async def main(real: bool = False) -> None:
    config: dict[str, Any] = {"api_provider": "openai-responses", "model_name": "gpt-5-mini"}
    if real:
        answer, _ = await ask("What's the weather in Lisbon?", config)
        print(answer)
        return
    with ReplayServer(scripted_turns()) as server:
        config.update(api_key="sk-demo", base_url=server.url + "/v1")
        answer, _ = await ask("What's the weather in Lisbon?", config)
        print(answer)
        sent = [item.get("type", item.get("role")) for item in server.requests[1].json()["input"]]
        print(f"[second request's input] {', '.join(sent)}")


if __name__ == "__main__":
    asyncio.run(main(real="--real" in sys.argv and bool(os.environ.get("OPENAI_API_KEY"))))
