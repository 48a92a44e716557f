"""``bedrock_chat.ask`` against a loopback server that answers as Bedrock does: binary event-stream frames."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest

from llmkit.testing import Exchange, ReplayServer

from .bedrock_chat import ask

pytestmark = pytest.mark.anyio


def frame(event_type: str, payload: dict[str, object]) -> bytes:
    """One AWS event-stream frame (string headers, JSON payload), both CRCs included."""
    headers = {":event-type": event_type, ":content-type": "application/json", ":message-type": "event"}
    encoded = b"".join(
        bytes([len(k)]) + k.encode() + b"\x07" + struct.pack("!H", len(v)) + v.encode() for k, v in headers.items()
    )
    body = json.dumps(payload).encode()
    prelude = struct.pack("!II", 16 + len(encoded) + len(body), len(encoded))
    message = prelude + struct.pack("!I", zlib.crc32(prelude)) + encoded + body
    return message + struct.pack("!I", zlib.crc32(message))


ANSWER = b"".join(
    [
        frame("messageStart", {"role": "assistant"}),
        frame("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "Rayleigh "}}),
        frame("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "scattering."}}),
        frame("contentBlockStop", {"contentBlockIndex": 0}),
        frame("messageStop", {"stopReason": "end_turn"}),
        frame("metadata", {"usage": {"inputTokens": 12, "outputTokens": 4, "totalTokens": 16}}),
    ]
)


async def test_the_answer_streams_to_the_terminal_with_its_usage() -> None:
    exchange = Exchange(headers={"content-type": "application/vnd.amazon.eventstream"}, body=ANSWER, chunk_size=9)
    out = io.StringIO()
    config = {
        "api_provider": "bedrock",
        "model_name": "us.amazon.nova-micro-v1:0",
        "api_key": "bedrock-example-key",
        "aws_region": "us-east-1",
    }
    with ReplayServer(exchange) as server:
        usage = await ask("Why is the sky blue?", {**config, "base_url": server.url}, out)
    assert out.getvalue() == "Rayleigh scattering.\n"
    assert usage is not None and (usage.input_tokens, usage.output_tokens) == (12, 4)
    request = server.requests[0]
    assert request.path == "/model/us.amazon.nova-micro-v1%3A0/converse-stream"
    assert request.headers["authorization"] == "Bearer bedrock-example-key"
    assert request.json()["system"] == [{"text": "Answer briefly."}]
