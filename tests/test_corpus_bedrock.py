"""Every recorded Bedrock Converse exchange of ../shared/corpus-native replays through ``bedrock``.

Streams are binary event-stream frames (``response.body_base64``), fed in 1-, 7- and 61-byte reads
(frames cut anywhere) and whole; whole answers go through ``complete()``; errors are raised typed.
What llmkit yields is checked against ``expected``: content, reasoning, tool calls, the finish
reason (raw and normalised), usage by Bedrock's rule (input = inputTokens + cache reads + cache
writes), and the reasoning signatures and redacted blocks that must go back on the next turn.
Our frame decoder is also checked against botocore's own on every recorded body.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from pytest_httpx import HTTPXMock

import llmkit
from llmkit import APIStatusError, ReasoningStateChunk
from llmkit.providers._eventstream import EventStreamDecoder

from ._helpers import collect, pieces, recorded_body, replay
from .conftest import NATIVE, SENTINEL_KEY, corpus_files, load_recording

pytestmark = pytest.mark.anyio

BASE_URL = "http://127.0.0.1:8765"
READ_SIZES = [1, 7, 61, 0]


def _kind(kind: str) -> Any:
    return lambda recording: recording["expected"].get("kind") == kind


STREAMS = corpus_files(_kind("stream"), folder=NATIVE, prefix="bedrock__")
JSON = corpus_files(_kind("json"), folder=NATIVE, prefix="bedrock__")
ERRORS = corpus_files(_kind("http-error"), folder=NATIVE, prefix="bedrock__")

# Bedrock's server_tool_use blocks (Nova's web grounding) are tools Bedrock ran itself, the result
# in the same answer: nothing for the caller to run, so llmkit leaves them out (README: "may be
# surfaced or left out"), as it does Anthropic's.
SERVER_TOOL_TYPES = {"server_tool_use"}


def handler_for(recording: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> llmkit.ApiHandler:
    for variable in ("AWS_BEARER_TOKEN_BEDROCK", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    return llmkit.create_api_handler(
        {
            "api_provider": "bedrock",
            "api_key": SENTINEL_KEY,
            "model_name": recording["request"]["model"],
            "base_url": BASE_URL,
            "aws_region": "us-east-1",
            "max_retries": 0,
        }
    )


def check_request(httpx_mock: HTTPXMock, recording: dict[str, Any], *, stream: bool) -> None:
    sent = httpx_mock.get_requests()[0]
    model = quote(recording["request"]["model"], safe="")
    assert str(sent.url) == f"{BASE_URL}/model/{model}/{'converse-stream' if stream else 'converse'}"
    assert ":" not in sent.url.raw_path.decode()  # us.amazon.nova-micro-v1:0 -> ...-v1%3A0
    assert sent.headers["authorization"] == f"Bearer {SENTINEL_KEY}"
    assert sent.method == "POST"


def expected_calls(expected: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": call["id"], "name": call["name"], "arguments": call["arguments"]}
        for call in expected["tool_calls"]
        if call.get("type") not in SERVER_TOOL_TYPES
    ]


def expected_usage(expected: dict[str, Any]) -> dict[str, int]:
    normalised = expected["usage_normalised"]
    return {
        "input_tokens": normalised["input_tokens"],
        "output_tokens": normalised["output_tokens"],
        "cache_read_tokens": normalised["cache_read_tokens"] or 0,
        "cache_write_tokens": normalised["cache_write_tokens"] or 0,
        "cache_write_1h_tokens": 0,
        "reasoning_tokens": normalised["reasoning_tokens"] or 0,
    }


def check_reasoning_state(states: list[ReasoningStateChunk], expected: dict[str, Any]) -> None:
    blocks = expected["content_blocks"]
    assert sum(state.signature is not None for state in states) == blocks["reasoning_signatures"]
    assert sum(state.encrypted is not None for state in states) == blocks["redacted_reasoning"]


@pytest.mark.parametrize("read_size", READ_SIZES)
@pytest.mark.parametrize("name", STREAMS)
async def test_recorded_stream_replays(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch, name: str, read_size: int
) -> None:
    recording = load_recording(name, folder=NATIVE)
    expected = recording["expected"]
    replay(httpx_mock, recording, read_size)
    async with handler_for(recording, monkeypatch) as handler:
        stream = await handler.create_message(None, [{"role": "user", "content": "replay"}])
        result = await collect(stream)
    check_request(httpx_mock, recording, stream=True)
    assert result.content == (expected["content"] or "")
    assert result.reasoning.get(0, "") == (expected["reasoning"] or "")
    assert result.tool_calls() == expected_calls(expected)
    assert result.done is not None
    assert result.done.raw_finish_reason == expected["finish_reason"]
    assert result.done.finish_reason == expected["finish_reason_normalised"]
    assert result.usage is not None
    assert result.usage.model_dump(exclude={"cost", "service_tier"}) == expected_usage(expected)
    check_reasoning_state([c for c in result.chunks if isinstance(c, ReasoningStateChunk)], expected)


@pytest.mark.parametrize("name", STREAMS)
async def test_recorded_stream_collects_into_the_completion(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """``stream.collect()``: the same answer as one Completion, signed reasoning kept for the next turn."""
    recording = load_recording(name, folder=NATIVE)
    expected = recording["expected"]
    replay(httpx_mock, recording, 61)
    async with handler_for(recording, monkeypatch) as handler:
        stream = await handler.create_message(None, [{"role": "user", "content": "replay"}])
        completion = await stream.collect()
    assert completion.text == (expected["content"] or "")
    assert completion.finish_reason == expected["finish_reason_normalised"]
    signed = [block for block in completion.reasoning_blocks if block.signature]
    assert len(signed) == expected["content_blocks"]["reasoning_signatures"]
    if signed:  # one signed block holding all the reasoning text
        assert signed[0].text == expected["reasoning"]


@pytest.mark.parametrize("name", JSON)
async def test_recorded_json_answer_replays_through_complete(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    recording = load_recording(name, folder=NATIVE)
    expected = recording["expected"]
    httpx_mock.add_response(headers=recording["response"]["headers"], content=recorded_body(recording))
    async with handler_for(recording, monkeypatch) as handler:
        completion = await handler.complete(None, [{"role": "user", "content": "replay"}])
    check_request(httpx_mock, recording, stream=False)
    assert completion.text == (expected["content"] or "")
    assert completion.reasoning == (expected["reasoning"] or "")
    calls = [{"id": c.id, "name": c.name, "arguments": c.arguments} for c in completion.tool_calls]
    assert calls == expected_calls(expected)
    assert completion.raw_finish_reason == expected["finish_reason"]
    assert completion.finish_reason == expected["finish_reason_normalised"]
    assert completion.usage is not None
    assert completion.usage.model_dump(exclude={"cost", "service_tier"}) == expected_usage(expected)
    blocks = expected["content_blocks"]
    assert sum(1 for b in completion.reasoning_blocks if b.signature) == blocks["reasoning_signatures"]
    assert sum(1 for b in completion.reasoning_blocks if b.encrypted) == blocks["redacted_reasoning"]


@pytest.mark.parametrize("streamed", [True, False])
@pytest.mark.parametrize("name", ERRORS)
async def test_recorded_error_raises_typed(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch, name: str, streamed: bool
) -> None:
    recording = load_recording(name, folder=NATIVE)
    expected = recording["expected"]["error"]
    replay(httpx_mock, recording, 5)
    async with handler_for(recording, monkeypatch) as handler:
        with pytest.raises(APIStatusError) as caught:
            if streamed:
                await handler.create_message(None, [{"role": "user", "content": "replay"}])
            else:
                await handler.complete(None, [{"role": "user", "content": "replay"}])
    error = caught.value
    status = recording["response"]["status"]
    assert error.provider == "bedrock"
    assert error.status_code == status
    assert error.message == expected["message"]
    assert error.error_type == expected["type"]
    assert error.request_id == recording["response"]["headers"].get("x-amzn-requestid")
    # AWS answers an unknown credential with 403 UnrecognizedClientException: a bad key, so
    # AuthenticationError (its status stays 403); the 400s are ValidationExceptions.
    wanted = llmkit.AuthenticationError if expected["type"] == "UnrecognizedClientException" else llmkit.BadRequestError
    assert type(error) is wanted
    assert SENTINEL_KEY not in str(error)


@pytest.mark.parametrize("read_size", [1, 7, 61])
@pytest.mark.parametrize("name", STREAMS)
def test_frame_decoder_agrees_with_botocore(name: str, read_size: int) -> None:
    from botocore.eventstream import EventStreamBuffer  # type: ignore[import-untyped]

    body = recorded_body(load_recording(name, folder=NATIVE))
    decoder = EventStreamDecoder("bedrock")
    ours = [frame for piece in pieces(body, read_size) for frame in decoder.feed(piece)]
    assert decoder.close() == []
    reference = EventStreamBuffer()
    reference.add_data(body)
    assert [(frame.headers, frame.payload) for frame in ours] == [(m.headers, m.payload) for m in reference]
    assert len(ours) == recording_frames(name)


def recording_frames(name: str) -> int:
    frames: int = load_recording(name, folder=NATIVE)["expected"]["stream"]["frames"]
    return frames
