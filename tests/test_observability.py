"""Logging, hooks and OpenTelemetry spans around every request."""

from __future__ import annotations

import logging

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import llmkit
from llmkit import Hooks
from llmkit.testing import Exchange, ReplayServer, chat_stream

from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

ANSWER = chat_stream("Secret plans.", model="gpt-4o", usage={"prompt_tokens": 12, "completion_tokens": 3})
EXPORTER = InMemorySpanExporter()
_provider = TracerProvider()
_provider.add_span_processor(SimpleSpanProcessor(EXPORTER))
trace.set_tracer_provider(_provider)


class Recorder(Hooks):
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def on_request(self, request: llmkit.RequestInfo) -> None:
        self.events.append(("request", request.model))

    def on_chunk(self, request: llmkit.RequestInfo, chunk: llmkit.StreamChunk) -> None:
        self.events.append(("chunk", chunk.type))

    def on_finish(self, request: llmkit.RequestInfo, finish: llmkit.FinishInfo) -> None:
        assert finish.time_to_first_chunk is not None and finish.time_to_first_chunk <= finish.duration
        self.events.append(("finish", (finish.usage.output_tokens if finish.usage else None, finish.finish_reason)))

    def on_error(self, request: llmkit.RequestInfo, error: llmkit.LLMError) -> None:
        self.events.append(("error", type(error).__name__))


class Broken(Hooks):
    def on_chunk(self, request: llmkit.RequestInfo, chunk: llmkit.StreamChunk) -> None:
        raise RuntimeError("metrics backend down")


def handler(server: ReplayServer, **settings: object) -> llmkit.ApiHandler:
    return llmkit.create_api_handler(
        {"api_provider": "openai", "api_key": SENTINEL_KEY, "model_name": "gpt-4o", "base_url": server.url, **settings}
    )


async def test_hooks_see_request_chunks_finish_and_errors() -> None:
    recorder = Recorder()
    failing = Exchange.error(401, "Incorrect API key", code="invalid_api_key")
    with ReplayServer([ANSWER, failing]) as server:
        async with handler(server, hooks=[recorder]) as h:
            await (await h.create_message(None, [{"role": "user", "content": "hi"}])).collect()
            with pytest.raises(llmkit.AuthenticationError):
                await h.complete(None, [{"role": "user", "content": "hi"}])
    kinds = [kind for kind, _ in recorder.events]
    # on_finish comes as the stream ends, before its last chunks (usage, done) reach the caller,
    # so a caller that stops reading at the done chunk cannot skip it.
    assert kinds[0] == "request" and kinds[-5:] == ["finish", "chunk", "chunk", "request", "error"]
    assert ("chunk", "text") in recorder.events and ("chunk", "done") in recorder.events
    assert ("finish", (3, "stop")) in recorder.events
    assert recorder.events[-1] == ("error", "AuthenticationError")


async def test_a_failing_hook_never_breaks_the_stream(caplog: pytest.LogCaptureFixture) -> None:
    with ReplayServer(ANSWER) as server:
        async with handler(server, hooks=[Broken()]) as h:
            completion = await (await h.create_message(None, [{"role": "user", "content": "hi"}])).collect()
    assert completion.text == "Secret plans."
    assert any("hook" in r.getMessage() and "on_chunk" in r.getMessage() for r in caplog.records)


async def test_finish_is_logged_with_tokens_and_cost_but_no_content(caplog: pytest.LogCaptureFixture) -> None:
    with ReplayServer(ANSWER) as server:
        async with handler(server) as h:
            await (await h.create_message(None, [{"role": "user", "content": "my secret question"}])).collect()
    finished = [r for r in caplog.records if r.name == "llmkit" and "finished" in r.getMessage()]
    assert len(finished) == 1 and finished[0].levelno == logging.INFO
    assert "12 in (0 cached) / 3 out, cost $0.00006" in finished[0].getMessage()
    everything = " ".join(r.getMessage() for r in caplog.records)
    assert "my secret question" not in everything and "Secret plans" not in everything


async def test_content_is_logged_only_when_asked(caplog: pytest.LogCaptureFixture) -> None:
    body = b'{"choices": [{"index": 0, "message": {"content": "Secret plans."}, "finish_reason": "stop"}]}'
    with ReplayServer(Exchange(headers={"content-type": "application/json"}, body=body)) as server:
        async with handler(server, log_content=True) as h:
            await h.complete(None, [{"role": "user", "content": "my question"}])
    everything = " ".join(r.getMessage() for r in caplog.records if r.name == "llmkit")
    assert "my question" in everything and "Secret plans." in everything


async def test_opentelemetry_spans_carry_genai_attributes() -> None:
    EXPORTER.clear()
    with ReplayServer([ANSWER, Exchange.error(429, "slow down", headers={"retry-after": "999"})]) as server:
        async with handler(server) as h:
            await (await h.create_message(None, [{"role": "user", "content": "hi"}], max_tokens=20)).collect()
            with pytest.raises(llmkit.RateLimitError):
                await h.create_message(None, [{"role": "user", "content": "hi"}])
    ok, failed = EXPORTER.get_finished_spans()
    assert ok.name == "chat gpt-4o"
    assert ok.attributes is not None and failed.attributes is not None
    assert ok.attributes["gen_ai.system"] == "openai"
    assert ok.attributes["gen_ai.request.model"] == "gpt-4o"
    assert ok.attributes["gen_ai.request.max_tokens"] == 20
    assert ok.attributes["gen_ai.usage.input_tokens"] == 12
    assert ok.attributes["gen_ai.usage.output_tokens"] == 3
    assert ok.attributes["gen_ai.response.finish_reasons"] == ("stop",)
    assert failed.attributes["error.type"] == "RateLimitError"
    assert failed.status.status_code == trace.StatusCode.ERROR


async def test_a_caller_that_stops_early_is_reported_and_its_span_ended() -> None:
    class Abandons(Hooks):
        def __init__(self) -> None:
            self.abandoned = 0

        def on_abandon(self, request: llmkit.RequestInfo) -> None:
            self.abandoned += 1

    hook = Abandons()
    EXPORTER.clear()
    with ReplayServer(ANSWER) as server:
        async with handler(server, hooks=[hook, *llmkit.default_hooks()]) as h:
            stream = await h.create_message(None, [{"role": "user", "content": "hi"}])
            async for _ in stream:
                break
            await stream.aclose()
    assert hook.abandoned == 1
    (span,) = EXPORTER.get_finished_spans()
    assert span.attributes is not None and span.attributes["llmkit.closed_early"] is True
