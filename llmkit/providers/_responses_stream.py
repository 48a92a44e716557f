"""Reading an OpenAI Responses event stream (and a whole response object) into llmkit chunks.

Events are dispatched on their JSON ``type`` (Bedrock's Responses surface sends no ``event:``
lines). Output items are tracked by ``output_index`` (``item_id`` when an event lacks it):

* ``response.output_text.delta`` -> text, ``response.refusal.delta`` -> refusal;
* reasoning: the raw ``response.reasoning_text.delta`` where the server sends it (DeepSeek,
  OpenRouter, gpt-oss), else the summary ``response.reasoning_summary_text.delta``; a summary
  delta of an item that already gave raw text is not shown twice. Each new reasoning part (a
  summary part, or another item's text) after earlier reasoning opens with ``PART_SEPARATOR``
  as a chunk of its own: the deltas carry no separator and the parts would otherwise run
  together. The parts themselves go back to the provider apart, in the item's state (below);
* ``function_call`` items -> tool calls, ``id`` = ``call_id`` (what the tool's answer quotes),
  arguments from the delta events, or the ``.done`` event / ``output_item.done`` when no delta
  came;
* a finished ``reasoning`` item -> a ``ReasoningStateChunk``: ``encrypted`` is its
  ``encrypted_content``, ``provider_data`` its ``id`` and summary parts, so that the next turn
  of a stateless tool loop can send the item back;
* the terminal event gives the usage and the finish reason: ``response.completed`` (stop, or
  tool_calls when calls were made), ``response.incomplete`` (``incomplete_details.reason``),
  ``response.failed`` (raised, as are ``error`` events). A stream without one is cut short.

Text an item carries whole, with no delta for it (a proxy that does not stream), is taken from
``output_item.done``, so nothing is lost and nothing doubled.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Protocol

from pydantic import ValidationError

from .._adapter import ParseContext, Parsed
from .._chunks import (
    DoneChunk,
    FinishReason,
    ReasoningChunk,
    ReasoningStateChunk,
    RefusalChunk,
    StreamChunk,
    TextChunk,
    ToolCallChunk,
    Usage,
)
from .._errors import LLMError, MalformedResponseError, StreamIncompleteError
from .._sse import SSEEvent
from ._responses_wire import EVENT, WireEvent, WireItem, WireResponse, WireUsage

PART_SEPARATOR = "\n\n"
"""Yielded between reasoning parts (a reasoning chunk of its own), never inside one."""

TERMINAL = ("response.completed", "response.incomplete", "response.failed")

INCOMPLETE_REASONS: dict[str, FinishReason] = {
    "max_output_tokens": "length",
    "content_filter": "content_filter",
}


ORIGIN = "openai-responses"
"""What this protocol's reasoning state is marked with: its items are valid only here."""


class ResponsesDialect(Protocol):
    """What the parser needs from its adapter: how it words errors."""

    def error_from_event(self, payload: bytes, *, request_id: str | None) -> LLMError: ...

    def malformed(
        self, what: str, data: bytes, exc: ValidationError, request_id: str | None
    ) -> MalformedResponseError: ...


class _Item:
    __slots__ = ("call", "raw_reasoning", "streamed")

    def __init__(self, call: int | None = None) -> None:
        self.call = call
        """The llmkit index of a function call item."""
        self.streamed = False
        """Whether a delta (or ``.done`` event) already gave this item's content."""
        self.raw_reasoning = False


def usage_from_wire(usage: WireUsage, service_tier: str | None = None) -> Usage:
    """llmkit's usage: ``input_tokens`` already counts the cached ones, ``output_tokens`` the reasoning."""
    cached = usage.input_tokens_details.cached_tokens if usage.input_tokens_details is not None else None
    reasoning = usage.output_tokens_details.reasoning_tokens if usage.output_tokens_details is not None else None
    return Usage(
        input_tokens=usage.input_tokens or 0,
        output_tokens=usage.output_tokens or 0,
        cache_read_tokens=cached or 0,
        reasoning_tokens=reasoning or 0,
        service_tier=service_tier,
    )


def reasoning_state(item: WireItem) -> ReasoningStateChunk:
    """A finished reasoning item as the state the next request sends back."""
    summary = [{"type": "summary_text", "text": part.text or ""} for part in item.summary or ()]
    return ReasoningStateChunk(
        encrypted=item.encrypted_content, provider_data={"id": item.id, "summary": summary}, origin=ORIGIN
    )


def _reasoning_texts(item: WireItem) -> list[str]:
    """An item's reasoning parts: the raw text where the server gave it, else the summary."""
    raw = [part.text for part in item.content or () if part.type == "reasoning_text" and part.text]
    return raw or [part.text for part in item.summary or () if part.text]


def finish(response: WireResponse | None, calls: int) -> DoneChunk:
    """The done chunk for a finished response's status."""
    status = response.status if response is not None else None
    if status == "incomplete":
        details = response.incomplete_details if response is not None else None
        raw = details.reason if details is not None else None
        return DoneChunk(finish_reason=INCOMPLETE_REASONS.get(raw or "", "other"), raw_finish_reason=raw or status)
    if status == "completed":
        return DoneChunk(finish_reason="tool_calls" if calls else "stop", raw_finish_reason=status)
    return DoneChunk(finish_reason="tool_calls" if calls else "other", raw_finish_reason=status)


def failure_payload(response: WireResponse) -> bytes:
    """A failed response's ``error`` in the shape error events and bodies have."""
    error = response.error if isinstance(response.error, dict) else {"message": str(response.error or "failed")}
    return json.dumps({"error": error}).encode()


def response_chunks(response: WireResponse) -> list[StreamChunk]:
    """The chunks a whole (non-streamed) response stands for, in output order."""
    out: list[StreamChunk] = []
    calls = 0
    reasoned = False
    for item in response.output or ():
        if item.type == "message":
            for part in item.content or ():
                if part.type == "output_text" and part.text:
                    out.append(TextChunk(delta=part.text))
                elif part.type == "refusal" and part.refusal:
                    out.append(RefusalChunk(refusal=part.refusal))
        elif item.type == "reasoning":
            for text in _reasoning_texts(item):
                if reasoned:
                    out.append(ReasoningChunk(reasoning=PART_SEPARATOR))
                out.append(ReasoningChunk(reasoning=text))
                reasoned = True
            out.append(reasoning_state(item))
        elif item.type == "function_call":
            out.append(
                ToolCallChunk(index=calls, id=item.call_id, name=item.name, arguments_delta=item.arguments or "")
            )
            calls += 1
    return out


def _key(wire: WireEvent) -> int | str:
    """Which output item an event is about."""
    return wire.get("output_index", wire.get("item_id", ""))


class ResponsesStreamParser:
    """Turns Responses stream events into llmkit chunks."""

    def __init__(self, adapter: ResponsesDialect, context: ParseContext) -> None:
        self.ended = False
        self._adapter = adapter
        self._context = context
        self._request_id = context.request_id
        self._items: dict[int | str, _Item] = {}
        self._calls = 0
        self._part: tuple[int | str, int] | None = None
        """The reasoning part being read: (item, part index)."""
        self._reasoned = False
        self._response: WireResponse | None = None
        self._text = False
        """Whether the text of messages streamed as deltas (else it is read from their done items)."""

    def feed(self, event: SSEEvent) -> Sequence[StreamChunk]:
        data = event.data
        if data == b"[DONE]":  # OpenRouter's Chat-Completions-style marker, after the terminal event
            return ()
        try:
            wire = EVENT.validate_json(data)
        except ValidationError as exc:
            if event.event == "error":  # whatever its data
                raise self._adapter.error_from_event(data, request_id=self._request_id) from None
            raise self._adapter.malformed("event", data, exc, self._request_id) from None
        kind = wire.get("type") or event.event
        if kind == "response.output_text.delta":
            delta = wire.get("delta")
            self._text = True
            return (TextChunk(delta=delta),) if delta else ()
        if kind == "response.reasoning_summary_text.delta":
            return self._reasoning(wire, raw=False)
        if kind == "response.reasoning_text.delta":
            return self._reasoning(wire, raw=True)
        if kind == "response.function_call_arguments.delta":
            return self._arguments(wire, wire.get("delta"))
        if kind == "response.function_call_arguments.done":
            item = self._item(wire)
            return () if item.streamed else self._arguments(wire, wire.get("arguments"))
        if kind == "response.refusal.delta":
            delta = wire.get("delta")
            self._text = True
            return (RefusalChunk(refusal=delta),) if delta else ()
        if kind == "response.output_item.added":
            return self._added(wire)
        if kind == "response.output_item.done":
            return self._done(wire)
        if kind in TERMINAL:
            self.ended = True
            self._response = wire.get("response") or WireResponse(status=kind.rpartition(".")[2])
            if kind == "response.failed":
                raise self._adapter.error_from_event(failure_payload(self._response), request_id=self._request_id)
        elif kind == "error":
            raise self._adapter.error_from_event(data, request_id=self._request_id)
        return ()  # response.created, *.done and *.added bookkeeping, and event types newer than this parser

    def finish(self) -> Parsed:
        response = self._response
        if response is None:
            raise StreamIncompleteError(
                "the stream ended before response.completed: the answer may be cut short",
                provider=self._context.provider,
                request_id=self._request_id,
            )
        usage = usage_from_wire(response.usage, response.service_tier) if response.usage is not None else None
        return Parsed((), usage, finish(response, self._calls))

    def _item(self, wire: WireEvent) -> _Item:
        key = _key(wire)
        item = self._items.get(key)
        if item is None:
            item = self._items[key] = _Item()
        return item

    def _reasoning(self, wire: WireEvent, *, raw: bool) -> Sequence[StreamChunk]:
        item = self._item(wire)
        if raw:
            item.raw_reasoning = True
        elif item.raw_reasoning:
            return ()  # the summary of reasoning already shown raw
        item.streamed = True
        delta = wire.get("delta")
        if not delta:
            return ()
        return self._reasoning_part((_key(wire), wire.get("summary_index", wire.get("content_index", 0))), delta)

    def _reasoning_part(self, part: tuple[int | str, int], delta: str) -> Sequence[StreamChunk]:
        if part == self._part:
            return (ReasoningChunk(reasoning=delta),)
        self._part = part
        if not self._reasoned:
            self._reasoned = True
            return (ReasoningChunk(reasoning=delta),)
        return ReasoningChunk(reasoning=PART_SEPARATOR), ReasoningChunk(reasoning=delta)

    def _arguments(self, wire: WireEvent, arguments: str | None) -> Sequence[StreamChunk]:
        item = self._item(wire)
        if item.call is None:
            return ()  # the arguments of a call whose item was never announced: output_item.done has them
        item.streamed = True
        return (ToolCallChunk(index=item.call, arguments_delta=arguments),) if arguments else ()

    def _added(self, wire: WireEvent) -> Sequence[StreamChunk]:
        added: WireItem | None = wire.get("item")
        item = self._item(wire)
        if added is None or added.type != "function_call" or item.call is not None:
            return ()
        item.call = self._calls
        self._calls += 1
        # Arguments an added item may already carry are left for the deltas or the item's done.
        return (ToolCallChunk(index=item.call, id=added.call_id, name=added.name),)

    def _done(self, wire: WireEvent) -> Sequence[StreamChunk]:
        done: WireItem | None = wire.get("item")
        if done is None:
            return ()
        item = self._item(wire)
        if done.type == "function_call":
            out: list[StreamChunk] = []
            if item.call is None:  # never announced: the whole call is here
                out.extend(self._added(wire))
            if not item.streamed and done.arguments:
                assert item.call is not None
                out.append(ToolCallChunk(index=item.call, arguments_delta=done.arguments))
            item.streamed = True
            return out
        if done.type == "reasoning":
            out = []
            if not item.streamed:
                for index, text in enumerate(_reasoning_texts(done)):
                    out.extend(self._reasoning_part((_key(wire), index), text))
            out.append(reasoning_state(done))
            return out
        if done.type == "message" and not self._text:
            return response_chunks(WireResponse(output=[done]))
        return ()
