"""A loopback provider that answers the docs' examples plausibly, whatever they ask.

Tools get a call to the first tool, a JSON schema gets an object that fits it, everything else
gets a short streamed (or whole) answer with reasoning and usage — all in the Chat Completions
dialect, which every provider in the examples but Anthropic speaks.
"""

from __future__ import annotations

import json
from typing import Any

from llmkit import ToolCall, Usage
from llmkit.testing import Exchange, RecordedRequest
from llmkit.testing._fake import FakeResponse, render_body, render_events

USAGE = Usage(input_tokens=24, output_tokens=9, cache_read_tokens=8, reasoning_tokens=3)


def sample(schema: dict[str, Any]) -> Any:
    """A value that fits a (simple) JSON schema."""
    kind = schema.get("type")
    if kind == "object":
        return {name: sample(field) for name, field in schema.get("properties", {}).items()}
    return {"integer": 42, "number": 1.5, "boolean": True, "array": [], "string": "example"}.get(kind or "")


def answer(request: RecordedRequest) -> Exchange:
    body = request.json()
    last = body["messages"][-1]
    tools = body.get("tools")
    schema = (body.get("response_format") or {}).get("json_schema", {}).get("schema")
    if tools and last.get("role") != "tool":
        function = tools[0]["function"]
        arguments = json.dumps(sample(function.get("parameters") or {}))
        response = FakeResponse(tool_calls=[ToolCall(id="call_docs", name=function["name"], arguments=arguments)])
    elif schema is not None:
        response = FakeResponse(text=json.dumps(sample(schema)), usage=USAGE)
    else:
        response = FakeResponse(text="Hello from the docs server.", reasoning="A short answer will do.", usage=USAGE)
    if body.get("stream"):
        return Exchange(body=b"".join(render_events(response, body["model"])))
    return Exchange(
        headers={"content-type": "application/json"}, body=json.dumps(render_body(response, body["model"])).encode()
    )
