"""Reading an Anthropic Messages event stream (and a whole message) into llmkit chunks.

Content blocks arrive by ``index``: text blocks become text chunks, thinking blocks reasoning
chunks, ``tool_use`` blocks tool-call chunks (numbered by llmkit, in the order they began).
A thinking block's ``signature_delta`` becomes a ``ReasoningStateChunk`` with the ``signature``
(it ends the block), a ``redacted_thinking`` block one with its ``data`` as ``encrypted``:
Anthropic wants both back, verbatim, on the next request.
``server_tool_use`` blocks are calls Anthropic ran itself (code execution, web search): their
results follow in the same message and there is nothing for the caller to run, so they are not
yielded as tool calls. Citations and other block types are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from pydantic import ValidationError

from .._adapter import ParseContext, Parsed
from .._chunks import (
    DoneChunk,
    FinishReason,
    ReasoningChunk,
    ReasoningStateChunk,
    StreamChunk,
    TextChunk,
    ToolCallChunk,
    Usage,
)
from .._conversation import arguments_json
from .._errors import LLMError, MalformedResponseError, StreamIncompleteError
from .._sse import SSEEvent
from ._anthropic_wire import AnthropicBlock, AnthropicCacheCreation, AnthropicEvent, AnthropicMessage, AnthropicUsage

ORIGIN = "anthropic"
"""What this protocol's reasoning state is marked with: its signatures are valid only here."""


class MessagesDialect(Protocol):
    """What the parser reads from its adapter: the finish reasons, the usage shape, the error words."""

    finish_reasons: ClassVar[Mapping[str, FinishReason]]

    def usage_from_wire(self, usage: AnthropicUsage) -> Usage: ...
    def error_from_event(self, payload: bytes, *, request_id: str | None) -> LLMError: ...
    def malformed(
        self, what: str, data: bytes, exc: ValidationError, request_id: str | None
    ) -> MalformedResponseError: ...


_USAGE_FIELDS = (
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
    "output_tokens_details",
    "iterations",
    "service_tier",
)


@dataclass
class _ToolBlock:
    call: int
    input: Any
    streamed: bool = False


def _thinking(block: AnthropicBlock) -> list[StreamChunk]:
    """A thinking block's text, and its signature when the block carries it."""
    out: list[StreamChunk] = []
    if block.thinking:
        out.append(ReasoningChunk(reasoning=block.thinking))
    if block.signature:
        out.append(ReasoningStateChunk(signature=block.signature, origin=ORIGIN))
    return out


def message_chunks(message: AnthropicMessage) -> list[StreamChunk]:
    """The chunks a whole (non-streamed) message stands for, in block order."""
    out: list[StreamChunk] = []
    calls = 0
    for block in message.content or ():
        if block.type == "text" and block.text:
            out.append(TextChunk(delta=block.text))
        elif block.type == "thinking":
            out.extend(_thinking(block))
        elif block.type == "redacted_thinking" and block.data:
            out.append(ReasoningStateChunk(encrypted=block.data, origin=ORIGIN))
        elif block.type == "tool_use":
            out.append(
                ToolCallChunk(index=calls, id=block.id, name=block.name, arguments_delta=arguments_json(block.input))
            )
            calls += 1
    return out


class AnthropicStreamParser:
    """Turns Messages stream events into llmkit chunks."""

    def __init__(self, adapter: MessagesDialect, context: ParseContext) -> None:
        self.ended = False
        self._adapter = adapter
        self._context = context
        self._usage: dict[str, Any] = {}
        self._stop: str | None = None
        self._tools: dict[int, _ToolBlock] = {}
        self._skipped: set[int] = set()

    def feed(self, event: SSEEvent) -> Sequence[StreamChunk]:
        if event.event == "error":  # whatever its data, JSON or not
            raise self._adapter.error_from_event(event.data, request_id=self._context.request_id)
        try:
            wire = AnthropicEvent.model_validate_json(event.data)
        except ValidationError as exc:
            raise self._adapter.malformed("event", event.data, exc, self._context.request_id) from None
        kind = wire.type or event.event
        if kind == "content_block_delta":
            return self._delta(wire)
        if kind == "content_block_start":
            return self._start(wire.index, wire.content_block)
        if kind == "content_block_stop":
            return self._stop_block(wire.index)
        if kind == "message_start":
            if wire.message is not None:
                self._overlay(wire.message.usage)
        elif kind == "message_delta":
            if wire.delta is not None and wire.delta.stop_reason:
                self._stop = wire.delta.stop_reason
            self._overlay(wire.usage)
        elif kind == "message_stop":
            self.ended = True
        elif kind == "error":
            raise self._adapter.error_from_event(event.data, request_id=self._context.request_id)
        return ()  # ping, and event types newer than this parser

    def finish(self) -> Parsed:
        if not self.ended and self._stop is None:
            raise StreamIncompleteError(
                "the stream ended before message_stop or a stop_reason: the answer may be cut short",
                provider=self._context.provider,
                request_id=self._context.request_id,
            )
        raw = self._stop
        reason = self._adapter.finish_reasons.get(raw, "other") if raw is not None else "other"
        if raw is None and self._tools:
            reason = "tool_calls"
        usage = self._adapter.usage_from_wire(AnthropicUsage(**self._usage)) if self._usage else None
        return Parsed((), usage, DoneChunk(finish_reason=reason, raw_finish_reason=raw))

    def _overlay(self, usage: AnthropicUsage | None) -> None:
        """``message_delta`` usage is cumulative: each value given replaces the one before.

        So does each count in ``cache_creation`` (the writes by lifetime), one by one: a count
        the event leaves out keeps its earlier value.
        """
        if usage is None:
            return
        for name in _USAGE_FIELDS:
            value = getattr(usage, name)
            if value is not None:
                self._usage[name] = value
        split = usage.cache_creation
        if split is not None:
            before: AnthropicCacheCreation | None = self._usage.get("cache_creation")
            if before is not None:
                split = before.model_copy(update=split.model_dump(exclude_none=True))
            self._usage["cache_creation"] = split

    def _start(self, index: int, block: AnthropicBlock | None) -> Sequence[StreamChunk]:
        if block is None:
            return ()
        if block.type == "text":
            return (TextChunk(delta=block.text),) if block.text else ()
        if block.type == "thinking":
            # Streamed, the block starts empty and its signature comes as a delta; a block that
            # comes whole here (from a proxy that does not stream it) is also ended here.
            return _thinking(block)
        if block.type == "redacted_thinking":
            return (ReasoningStateChunk(encrypted=block.data, origin=ORIGIN),) if block.data else ()
        if block.type == "tool_use":
            tool = self._tools[index] = _ToolBlock(call=len(self._tools), input=block.input)
            return (ToolCallChunk(index=tool.call, id=block.id, name=block.name),)
        self._skipped.add(index)
        return ()

    def _delta(self, wire: AnthropicEvent) -> Sequence[StreamChunk]:
        delta = wire.delta
        if delta is None or wire.index in self._skipped:
            return ()
        if delta.type == "text_delta":
            return (TextChunk(delta=delta.text),) if delta.text else ()
        if delta.type == "thinking_delta":
            return (ReasoningChunk(reasoning=delta.thinking),) if delta.thinking else ()
        if delta.type == "input_json_delta":
            tool = self._tools.get(wire.index)
            if tool is None or not delta.partial_json:
                return ()
            tool.streamed = True
            return (ToolCallChunk(index=tool.call, arguments_delta=delta.partial_json),)
        if delta.type == "signature_delta":
            return (ReasoningStateChunk(signature=delta.signature, origin=ORIGIN),) if delta.signature else ()
        return ()  # citations_delta, and newer delta types

    def _stop_block(self, index: int) -> Sequence[StreamChunk]:
        tool = self._tools.get(index)
        if tool is None or tool.streamed or tool.input in (None, {}):
            return ()
        # A block whose input came whole in content_block_start, with no deltas after it.
        return (ToolCallChunk(index=tool.call, arguments_delta=arguments_json(tool.input)),)
