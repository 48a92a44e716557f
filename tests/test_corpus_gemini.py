"""Every recorded Gemini exchange replays through the native adapters, as a user would call them.

The bodies are real Gemini API and Vertex AI traffic recorded by other projects
(../shared/corpus-native, ``gemini__*``). Each is served by a loopback server in 1-, 7- and
61-byte writes (so events, CRLF pairs and UTF-8 characters are cut across reads) to a handler
made with ``create_api_handler({"api_provider": "google", ..., "base_url": <the server>})``, and
what llmkit yields is checked against the recording's ``expected``. The Vertex-recorded files
(same body format) also go through ``vertex`` with a token passed as ``api_key``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

import llmkit
from llmkit import Completion, ReasoningStateChunk, ToolCallChunk
from llmkit.testing import Exchange, ReplayServer

from ._helpers import collect, recorded_call_id
from .conftest import NATIVE, SENTINEL_KEY, corpus_files, load_recording, require_corpus

pytestmark = pytest.mark.anyio

READ_SIZES = [1, 7, 61]


def gemini_files(predicate: Any = None) -> list[str]:
    return corpus_files(predicate, folder=NATIVE, prefix="gemini__")


def load(name: str) -> dict[str, Any]:
    return load_recording(name, folder=NATIVE)


STREAMS = gemini_files(lambda r: r["expected"]["kind"] == "stream")
JSON = gemini_files(lambda r: r["expected"]["kind"] == "json")
ERRORS = gemini_files(lambda r: r["expected"]["kind"] == "http-error")
VERTEX = gemini_files(lambda r: r["served_by"] == "vertex-ai")


def exchange(recording: dict[str, Any], read_size: int, body: bytes | None = None) -> Exchange:
    response = recording["response"]
    headers = {
        k: v
        for k, v in response["headers"].items()
        if k.lower() not in ("content-encoding", "transfer-encoding", "content-length")
    }
    if body is not None:
        headers["content-type"] = "text/event-stream"
    return Exchange(
        status=response["status"],
        headers=headers,
        body=body if body is not None else response["body"].encode("utf-8"),
        chunk_size=read_size,
    )


def handler(provider: str, recording: dict[str, Any], server: ReplayServer) -> llmkit.ApiHandler:
    settings: dict[str, Any] = {
        "api_provider": provider,
        "api_key": SENTINEL_KEY,
        "model_name": recording["request"]["model"],
        "base_url": server.url,
        "max_retries": 0,
    }
    if provider == "vertex":
        settings.update(project="recorded-project", location="global")
    return llmkit.create_api_handler(settings)


def expected_path(provider: str, recording: dict[str, Any], *, stream: bool) -> str:
    method = "streamGenerateContent?alt=sse" if stream else "generateContent"
    model = recording["request"]["model"]
    if provider == "vertex":
        # Recorded on /v1beta1; llmkit calls the GA /v1 surface (same body format).
        return f"/v1/projects/recorded-project/locations/global/publishers/google/models/{model}:{method}"
    return f"/v1beta/models/{model}:{method}"


def check_request(provider: str, recording: dict[str, Any], server: ReplayServer, *, stream: bool) -> None:
    sent = server.requests[0]
    assert sent.method == "POST"
    assert sent.path == expected_path(provider, recording, stream=stream)
    if provider == "vertex":
        assert sent.headers["authorization"] == f"Bearer {SENTINEL_KEY}"
        assert "x-goog-api-key" not in sent.headers
    else:
        assert sent.headers["x-goog-api-key"] == SENTINEL_KEY
        assert "authorization" not in sent.headers
    assert sent.json()["contents"] == [{"role": "user", "parts": [{"text": "replay"}]}]


def expected_usage(expected: dict[str, Any]) -> dict[str, int]:
    """The corpus's normalised usage (Google's rule: input includes search-tool prompt tokens,
    output includes thinking); ``null`` (not reported) is llmkit's 0."""
    normalised = expected["usage_normalised"]
    usage = {key: normalised[key] or 0 for key in ("input_tokens", "output_tokens", "cache_read_tokens")}
    return {
        **usage,
        "cache_write_tokens": 0,
        "cache_write_1h_tokens": 0,
        "reasoning_tokens": normalised["reasoning_tokens"] or 0,
    }


def expected_calls(expected: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": recorded_call_id(c["id"]), "name": c["name"], "arguments": c["arguments"]}
        for c in expected["tool_calls"]
    ]


def check_completion(completion: Completion, expected: dict[str, Any]) -> None:
    assert completion.text == (expected["content"] or "")
    assert completion.reasoning == (expected["reasoning"] or "")
    calls = [{"id": c.id, "name": c.name, "arguments": c.arguments} for c in completion.tool_calls]
    assert calls == expected_calls(expected)
    assert completion.finish_reason == expected["finish_reason_normalised"]
    assert completion.raw_finish_reason == expected["finish_reason"]
    assert completion.usage is not None
    assert completion.usage.model_dump(exclude={"cost", "service_tier"}) == expected_usage(expected)
    # Each thought signature is kept: on its call (provider_data) or as a signed reasoning block.
    signed_calls = sum(call.provider_data is not None for call in completion.tool_calls)
    signed_blocks = sum(block.signature is not None for block in completion.reasoning_blocks)
    assert signed_calls + signed_blocks == expected["thought_signatures"]["count"]


# -- streams ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("read_size", READ_SIZES)
@pytest.mark.parametrize("name", STREAMS)
async def test_recorded_stream_replays_through_google(name: str, read_size: int) -> None:
    recording = load(name)
    expected = recording["expected"]
    with ReplayServer(exchange(recording, read_size)) as server:
        async with handler("google", recording, server) as google:
            stream = await google.create_message(None, [{"role": "user", "content": "replay"}])
            result = await collect(stream)
    check_request("google", recording, server, stream=True)
    assert result.content == (expected["content"] or "")
    assert result.reasoning.get(0, "") == (expected["reasoning"] or "")
    assert result.tool_calls() == expected_calls(expected)
    assert result.done is not None
    assert result.done.finish_reason == expected["finish_reason_normalised"]
    assert result.done.raw_finish_reason == expected["finish_reason"]
    assert result.usage is not None
    assert result.usage.model_dump(exclude={"cost", "service_tier"}) == expected_usage(expected)
    states = [c for c in result.chunks if isinstance(c, ReasoningStateChunk)]
    signed = [c for c in result.chunks if isinstance(c, ToolCallChunk) and c.provider_data]
    assert len(states) + len(signed) == expected["thought_signatures"]["count"]


@pytest.mark.parametrize("name", STREAMS)
async def test_recorded_stream_collects_into_the_expected_completion(name: str) -> None:
    recording = load(name)
    with ReplayServer(exchange(recording, 61)) as server:
        async with handler("google", recording, server) as google:
            stream = await google.create_message(None, [{"role": "user", "content": "replay"}])
            completion = await stream.collect()
    check_completion(completion, recording["expected"])


# -- whole answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("read_size", READ_SIZES)
@pytest.mark.parametrize("name", JSON)
async def test_recorded_answer_replays_through_complete(name: str, read_size: int) -> None:
    recording = load(name)
    with ReplayServer(exchange(recording, read_size)) as server:
        async with handler("google", recording, server) as google:
            completion = await google.complete(None, [{"role": "user", "content": "replay"}])
    check_request("google", recording, server, stream=False)
    check_completion(completion, recording["expected"])


@pytest.mark.parametrize("name", JSON)
async def test_recorded_answer_streamed_as_one_event_gives_the_same_completion(name: str) -> None:
    """A stream event is the same object as a whole answer: the recorded answer, framed by this
    test as the one event of a stream (CRLF, as Google frames events), reads the same."""
    recording = load(name)
    body = b"data: " + json.dumps(json.loads(recording["response"]["body"])).encode() + b"\r\n\r\n"
    with ReplayServer(exchange(recording, 7, body)) as server:
        async with handler("google", recording, server) as google:
            stream = await google.create_message(None, [{"role": "user", "content": "replay"}])
            completion = await stream.collect()
    check_completion(completion, recording["expected"])


# -- errors ----------------------------------------------------------------------------------------

ERROR_CLASSES = {
    # Google answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID: a key problem.
    "gemini__error-400-api-key-invalid.json": llmkit.AuthenticationError,
    "gemini__error-404-model-not-found.json": llmkit.NotFoundError,
    "gemini__error-400-vertex-url-not-fetchable.json": llmkit.BadRequestError,
}


@pytest.mark.parametrize("stream", [True, False])
@pytest.mark.parametrize("name", ERRORS)
async def test_recorded_error_raises_its_typed_error(name: str, stream: bool) -> None:
    recording = load(name)
    expected = recording["expected"]["error"]
    with ReplayServer(exchange(recording, 7)) as server:
        async with handler("google", recording, server) as google:
            with pytest.raises(llmkit.APIStatusError) as caught:
                if stream:
                    await google.create_message(None, [{"role": "user", "content": "replay"}])
                else:
                    await google.complete(None, [{"role": "user", "content": "replay"}])
    error = caught.value
    assert type(error) is ERROR_CLASSES[name]
    assert error.provider == "google"
    assert error.status_code == recording["response"]["status"]
    assert error.message == expected["message"]
    assert error.code == str(expected["code"])
    assert error.error_type == expected["type"]
    assert not error.retryable
    assert SENTINEL_KEY not in str(error) and SENTINEL_KEY not in repr(error)


# -- Vertex AI -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", VERTEX)
async def test_vertex_recordings_replay_through_vertex_with_a_passed_token(name: str) -> None:
    recording = load(name)
    expected = recording["expected"]
    with ReplayServer(exchange(recording, 7)) as server:
        async with handler("vertex", recording, server) as vertex:
            assert isinstance(vertex, llmkit.VertexHandler)
            if expected["kind"] == "http-error":
                with pytest.raises(llmkit.BadRequestError) as caught:
                    await vertex.complete(None, [{"role": "user", "content": "replay"}])
                assert caught.value.message == expected["error"]["message"]
                assert caught.value.provider == "vertex"
                stream = False
            elif expected["kind"] == "stream":
                completion = await (
                    await vertex.create_message(None, [{"role": "user", "content": "replay"}])
                ).collect()
                check_completion(completion, expected)
                stream = True
            else:
                completion = await vertex.complete(None, [{"role": "user", "content": "replay"}])
                check_completion(completion, expected)
                stream = False
    check_request("vertex", recording, server, stream=stream)


def test_every_gemini_file_is_replayed() -> None:
    require_corpus(NATIVE)  # skips, or fails under CI=true
    assert len(STREAMS) + len(JSON) + len(ERRORS) == len(gemini_files()) == 21
    assert len(VERTEX) == 3


async def test_cached_content_tokens_are_billed_at_the_caching_price() -> None:
    recording = load("gemini__json-cached-content-hit.json")
    with ReplayServer(exchange(recording, 61)) as server:
        async with handler("google", recording, server) as google:
            completion = await google.complete(None, [{"role": "user", "content": "replay"}])
    # gemini-2.5-flash: 13 uncached prompt tokens at 0.30, 9,609 cached at 0.03, 35 + 136 thinking
    # output tokens at 2.50 per million: 3.9 + 288.27 + 427.5 = 719.67 millionths of a dollar.
    assert completion.usage is not None
    assert completion.usage.cost == Decimal("0.00071967")
