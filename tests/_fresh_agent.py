"""A program as a user writes it, run in an environment with nothing but llmkit installed.

An agent loop with one function tool against a server on 127.0.0.1, a failing call it catches
(after a retry), a metrics hook that breaks, and a model without a known price. It prints one
JSON line with what happened; with logging left unconfigured it must print nothing on standard
error (``--log`` configures logging, to show that the same run does log all of this).
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from typing import Any

import llmkit
from llmkit.testing import Exchange, RecordedRequest, ReplayServer, chat_stream

WEATHER = llmkit.Tool(
    name="get_weather",
    description="Current weather in a city",
    parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)
USAGE = {"prompt_tokens": 20, "completion_tokens": 5}


def _delta(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "id": "c1",
        "model": "house-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }


OPENING = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": ""}}
CALL = Exchange.events(
    [
        _delta({"role": "assistant", "tool_calls": [OPENING]}),
        _delta({"tool_calls": [{"index": 0, "function": {"arguments": '{"city": "Lisbon"}'}}]}),
        _delta({}, "tool_calls", usage=USAGE),
    ]
)
ANSWER = chat_stream("Sunny, 21 degrees in Lisbon.", model="house-model", usage=USAGE)
REFUSED = Exchange.error(401, "Incorrect API key", headers={"x-request-id": "req_fresh"})
BUSY = Exchange.error(503, "Overloaded, try again", error_type="server_error")
wrong_keys_seen = 0


def respond(request: RecordedRequest) -> Exchange:
    global wrong_keys_seen
    if request.headers.get("authorization") != "Bearer sk-right":
        wrong_keys_seen += 1
        return BUSY if wrong_keys_seen == 1 else REFUSED
    return ANSWER if request.json()["messages"][-1]["role"] == "tool" else CALL


class BrokenMetrics(llmkit.Hooks):
    def on_finish(self, request: llmkit.RequestInfo, finish: llmkit.FinishInfo) -> None:
        raise RuntimeError("metrics backend down")


async def main() -> dict[str, Any]:
    report: dict[str, Any] = {}
    with ReplayServer(respond) as server:
        settings = {"api_provider": "openai", "model_name": "house-model", "base_url": server.url}
        async with llmkit.create_api_handler({**settings, "api_key": "sk-wrong"}) as wrong:
            try:
                await wrong.complete(None, [{"role": "user", "content": "Hi"}])
            except llmkit.AuthenticationError as error:
                report["caught"] = [type(error).__name__, error.request_id]
        async with llmkit.create_api_handler(
            {**settings, "api_key": "sk-right", "hooks": [BrokenMetrics()]}
        ) as handler:
            conversation: list[dict[str, Any]] = [{"role": "user", "content": "Weather in Lisbon?"}]
            while True:
                turn = await (await handler.create_message("Be brief.", conversation, tools=[WEATHER])).collect()
                conversation.append(turn.to_message())
                if not turn.tool_calls:
                    break
                for call in turn.tool_calls:
                    result = {"city": call.parsed_arguments["city"], "celsius": 21}
                    conversation.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)})
            report["answer"] = turn.text
            report["cost"] = None if handler.total_usage.cost is None else str(handler.total_usage.cost)
        report["requests"] = len(server.requests)
        report["tool_result_sent"] = server.requests[-1].json()["messages"][-1]
    return report


if __name__ == "__main__":
    if sys.argv[1:] == ["--log"]:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    print(json.dumps(asyncio.run(main())))
