"""A Gemini tool-calling loop on the native ``google`` adapter, thought signatures kept.

Run it against Gemini with a key (``GEMINI_API_KEY=... python examples/gemini_agent.py``), or with
``--offline`` against a loopback server that answers as Gemini 3 does (no key, no network): a
signed ``functionCall`` first, then the answer. ``completion.to_message()`` carries the call's
thought signature into the next request, where Gemini 3 demands it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import llmkit
from llmkit import Tool
from llmkit.testing import Exchange, RecordedRequest, ReplayServer

WEATHER = Tool(
    name="get_weather",
    description="The current weather in a city",
    parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)


def lookup_weather(city: str) -> dict[str, Any]:
    return {"city": city, "celsius": 21, "sky": "sunny"}


async def ask(question: str, settings: dict[str, Any], *, max_turns: int = 4) -> llmkit.Completion:
    """Answer ``question``, running the weather tool for each call the model makes."""
    conversation: list[dict[str, Any]] = [{"role": "user", "content": question}]
    async with llmkit.create_api_handler(settings) as handler:
        for _ in range(max_turns):
            stream = await handler.create_message(
                "Answer weather questions briefly.", conversation, tools=[WEATHER], reasoning_effort="low"
            )
            turn = await stream.collect()
            if turn.reasoning:
                print(turn.reasoning, file=sys.stderr)
            conversation.append(turn.to_message())  # the signatures go back with it
            if not turn.tool_calls:
                print(turn.text)
                return turn
            for call in turn.tool_calls:
                result = lookup_weather(call.parsed_arguments["city"])
                conversation.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)})
    raise RuntimeError("no answer within the turn limit")


def gemini_3(request: RecordedRequest) -> Exchange:
    """A stand-in for Gemini 3: a signed call, then (given the signature back) the answer."""
    contents = request.json()["contents"]
    answered = contents[-1]["parts"][0].get("functionResponse")
    if answered is None:
        parts = [{"functionCall": {"name": "get_weather", "args": {"city": "Lisbon"}}, "thoughtSignature": "c2ln"}]
    elif contents[-2]["parts"][0].get("thoughtSignature") != "c2ln":
        body = {"error": {"code": 400, "message": "Function call is missing a thought_signature", "status": "X"}}
        return Exchange(status=400, headers={"content-type": "application/json"}, body=json.dumps(body).encode())
    else:
        parts = [{"text": f"It is {answered['response']['sky']} and {answered['response']['celsius']}°C in Lisbon."}]
    event = {
        "candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": "STOP", "index": 0}],
        "usageMetadata": {"promptTokenCount": 40, "candidatesTokenCount": 12, "thoughtsTokenCount": 30},
    }
    return Exchange(body=b"data: " + json.dumps(event).encode() + b"\r\n\r\n", chunk_size=16)


async def main(offline: bool) -> None:
    settings: dict[str, Any] = {"api_provider": "google", "model_name": "gemini-3-flash-preview"}
    if not offline:
        await ask("What is the weather in Lisbon?", settings)
        return
    with ReplayServer(gemini_3) as server:
        answer = await ask("What is the weather in Lisbon?", {**settings, "api_key": "offline", "base_url": server.url})
    print(f"[{answer.finish_reason}] {answer.usage}", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main(offline="--offline" in sys.argv))
