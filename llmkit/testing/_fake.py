"""A scripted provider for testing code built on llmkit, with no server and no network.

``FakeHandler`` is registered as the provider ``"fake"``. Each request it receives takes the next
``FakeResponse`` from the active script and is answered with a real Chat Completions event
stream (or JSON body), so the code under test runs through llmkit's own parsing, usage, cost,
retry and error paths::

    with FakeHandler.script(FakeResponse(text="Hello!"), FakeResponse(error=RateLimitError("slow"))) as fake:
        await code_under_test({"api_provider": "fake", "model_name": "any"})
    assert fake.requests[0]["messages"][-1]["content"] == "Hi"
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx

from .._chunks import Usage
from .._completion import ToolCall
from .._errors import LLMError
from ..providers._openai import call_to_wire
from ..providers.presets._base import CompatibleHandler
from ._exchange import _pieces


@dataclass(frozen=True)
class FakeResponse:
    """One scripted answer: text, reasoning and tool calls as the model would stream them.

    ``error`` is raised instead of answering (as if the provider had refused the request); with
    ``fail_after`` it is raised from the stream after that many chunks instead. A tool call with
    ``id=None`` is sent without one and comes back with a made-up id, as from a real server; its
    ``provider_data`` fields are sent on the call, as Gemini sends its signature.
    """

    text: str = ""
    reasoning: str = ""
    tool_calls: Sequence[ToolCall] = ()
    usage: Usage | None = None
    finish_reason: str | None = None
    error: LLMError | None = None
    fail_after: int | None = None


@dataclass
class Script:
    """The answers still to give, and every request body received so far."""

    responses: list[FakeResponse]
    requests: list[dict[str, Any]] = field(default_factory=list)

    def next_response(self) -> FakeResponse:
        if not self.responses:
            raise AssertionError("the fake provider received more requests than its script has responses")
        return self.responses.pop(0)


# Per task (context variable), so that concurrent tests each answer from their own script.
_active_scripts: ContextVar[tuple[Script, ...]] = ContextVar("llmkit_fake_scripts", default=())


class FakeHandler(CompatibleHandler):
    """The provider ``"fake"``: answers from ``FakeHandler.script(...)``; needs no key or URL."""

    provider_name = "fake"
    default_base_url = "http://fake.llmkit.invalid/v1"
    requires_api_key = False
    has_price_list = False  # priced only if a test registers a price for "fake"

    def __init__(self, **settings: Any) -> None:
        if settings.get("http_client") is None:
            settings["http_client"] = httpx.AsyncClient(transport=httpx.MockTransport(self._answer))
            self._fake_client = True
        else:
            self._fake_client = False
        super().__init__(**settings)

    async def aclose(self) -> None:
        if self._fake_client:
            await self._client.aclose()
        await super().aclose()

    @classmethod
    @contextmanager
    def script(cls, *responses: FakeResponse) -> Iterator[Script]:
        """Answer the requests made inside the ``with`` block with ``responses``, in order."""
        script = Script(list(responses))
        token = _active_scripts.set((*_active_scripts.get(), script))
        try:
            yield script
        finally:
            _active_scripts.reset(token)

    async def _answer(self, request: httpx.Request) -> httpx.Response:
        scripts = _active_scripts.get()
        if not scripts:
            raise AssertionError("the fake provider got a request outside FakeHandler.script(...)")
        script = scripts[-1]
        body = json.loads(request.content)
        script.requests.append(body)
        response = script.next_response()
        if response.error is not None and response.fail_after is None:
            raise response.error
        if not body.get("stream"):
            return httpx.Response(200, json=render_body(response, body["model"]))
        events = render_events(response, body["model"])
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=_EventStream(events, response))


class _EventStream(httpx.AsyncByteStream):
    def __init__(self, events: list[bytes], response: FakeResponse) -> None:
        self._events = events
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for sent, event in enumerate(self._events):
            if self._response.fail_after is not None and sent >= self._response.fail_after + 1:
                assert self._response.error is not None
                raise self._response.error
            yield event


def _chunk(model: str, delta: dict[str, Any], finish: str | None = None, usage: Any = None) -> bytes:
    payload = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    if usage is not None:
        payload["usage"] = usage
    return f"data: {json.dumps(payload)}\n\n".encode()


def render_events(response: FakeResponse, model: str) -> list[bytes]:
    """``response`` as the events of a Chat Completions stream."""
    events = [_chunk(model, {"role": "assistant"})]
    events += [_chunk(model, {"reasoning_content": piece}) for piece in _pieces(response.reasoning)]
    events += [_chunk(model, {"content": piece}) for piece in _pieces(response.text)]
    for index, call in enumerate(response.tool_calls):
        wire = {"index": index, "id": call.id, "type": "function", "function": {"name": call.name, "arguments": ""}}
        events.append(_chunk(model, {"tool_calls": [{**wire, **(call.provider_data or {})}]}))
        events.append(_chunk(model, {"tool_calls": [{"index": index, "function": {"arguments": call.arguments}}]}))
    events.append(_chunk(model, {}, _finish_reason(response), _usage(response.usage)))
    events.append(b"data: [DONE]\n\n")
    return events


def render_body(response: FakeResponse, model: str) -> dict[str, Any]:
    """``response`` as a non-streaming chat.completion body."""
    message: dict[str, Any] = {"role": "assistant", "content": response.text or None}
    if response.reasoning:
        message["reasoning_content"] = response.reasoning
    if response.tool_calls:
        message["tool_calls"] = [_call_body(call) for call in response.tool_calls]
    body: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": _finish_reason(response)}],
    }
    if response.usage is not None:
        body["usage"] = _usage(response.usage)
    return body


def _call_body(call: ToolCall) -> dict[str, Any]:
    """A call as a server sends it: ``provider_data`` fields (a signature) on the call."""
    return call_to_wire(call.to_wire(), keep_data=True)


def _finish_reason(response: FakeResponse) -> str:
    return response.finish_reason or ("tool_calls" if response.tool_calls else "stop")


def _usage(usage: Usage | None) -> dict[str, Any] | None:
    if usage is None:
        return None
    return {
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
        "prompt_tokens_details": {"cached_tokens": usage.cache_read_tokens},
        "completion_tokens_details": {"reasoning_tokens": usage.reasoning_tokens},
    }
