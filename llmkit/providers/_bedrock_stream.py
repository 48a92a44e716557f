"""Reading a Bedrock Converse answer, streamed (event-stream frames) or whole, into llmkit chunks.

Frames whose ``:message-type`` is ``event`` are read by ``:event-type``: text deltas become text
chunks, ``reasoningContent`` deltas reasoning chunks (its ``signature`` and ``redactedContent``
become ``ReasoningStateChunk``s, to be sent back on the next turn), ``toolUse`` blocks tool-call
chunks numbered by llmkit in the order they began. A ``server_tool_use`` block is a tool Bedrock
ran itself (Nova's web grounding): its result is in the same answer and there is nothing for the
caller to run, so it is not yielded. Citations and tool results are skipped.

``messageStop`` carries the stop reason and ``metadata`` (which follows it) the usage; the stream
is whole after ``metadata``, and cut short without ``messageStop``. An ``exception`` (or ``error``)
frame is raised as the typed error its type names.

The parser needs from its adapter only ``redact`` (``BedrockDialect``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

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
from .._errors import (
    AuthenticationError,
    BadRequestError,
    ContextWindowExceededError,
    LLMError,
    MalformedResponseError,
    NotFoundError,
    OverloadedError,
    PermissionDeniedError,
    QuotaExceededError,
    RateLimitError,
    RequestTimeoutError,
    ServerError,
    StreamError,
    StreamIncompleteError,
    status_error_class,
    validation_problem,
)
from ._bedrock_wire import BedrockEvent, BedrockResponse, BedrockUsage
from ._eventstream import EventFrame

FINISH_REASONS: Mapping[str, FinishReason] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "tool_use": "tool_calls",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "guardrail_intervened": "content_filter",
    "content_filtered": "content_filter",
}

ERROR_TYPES: Mapping[str, type[LLMError]] = {
    "throttlingexception": RateLimitError,
    "servicequotaexceededexception": QuotaExceededError,
    "validationexception": BadRequestError,
    "accessdeniedexception": PermissionDeniedError,
    "unrecognizedclientexception": AuthenticationError,
    "resourcenotfoundexception": NotFoundError,
    "modeltimeoutexception": RequestTimeoutError,
    # AWS: "retry your request" for both; the model's own failure mid-answer.
    "modelstreamerrorexception": ServerError,
    "modelerrorexception": ServerError,
    "modelnotreadyexception": ServerError,
    "internalserverexception": ServerError,
    "serviceunavailableexception": OverloadedError,
}
"""AWS error types (``x-amzn-errortype``, an exception frame's ``:exception-type``), case-folded."""

CONTEXT_WINDOW_MARKERS = ("input is too long", "too many input tokens", "prompt is too long", "context window")

_SERVER_TOOL = "server_tool_use"


ORIGIN = "bedrock"
"""What this protocol's reasoning state is marked with: its signatures are valid only here."""


class BedrockDialect(Protocol):
    """What the parser needs from its adapter: the key kept out of what it quotes."""

    def redact(self, text: str) -> str: ...


def error_class(error_type: str | None, status: int | None, message: str) -> type[LLMError]:
    """The class for an AWS error: by its type when known, else by the HTTP status."""
    cls = ERROR_TYPES.get((error_type or "").lower())
    if cls is None:
        cls = status_error_class(status) if status is not None else StreamError
    if issubclass(cls, BadRequestError) and any(m in message.lower() for m in CONTEXT_WINDOW_MARKERS):
        return ContextWindowExceededError
    return cls


def usage_from_wire(usage: BedrockUsage) -> Usage:
    """Bedrock counts cache reads and writes apart from ``inputTokens``; llmkit's input is all three."""
    read = usage.cacheReadInputTokens or 0
    write = usage.cacheWriteInputTokens or 0
    return Usage(
        input_tokens=(usage.inputTokens or 0) + read + write,
        output_tokens=usage.outputTokens or 0,
        cache_read_tokens=read,
        cache_write_tokens=write,
    )


def finish(raw: str | None, calls: bool) -> DoneChunk:
    reason: FinishReason = FINISH_REASONS.get(raw, "other") if raw is not None else "other"
    if raw is None and calls:
        reason = "tool_calls"
    return DoneChunk(finish_reason=reason, raw_finish_reason=raw)


def _arguments(value: Any) -> str:
    if value is None or value == {}:
        return "{}"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def response_chunks(response: BedrockResponse) -> list[StreamChunk]:
    """The chunks a whole ``converse`` answer stands for, in block order."""
    out: list[StreamChunk] = []
    message = response.output.message if response.output is not None else None
    calls = 0
    for block in (message.content if message is not None else None) or ():
        if block.text:
            out.append(TextChunk(delta=block.text))
        elif block.citationsContent is not None:
            out.extend(TextChunk(delta=part.text) for part in block.citationsContent.content or () if part.text)
        elif block.reasoningContent is not None:
            reasoning = block.reasoningContent
            if reasoning.reasoningText is not None:
                if reasoning.reasoningText.text:
                    out.append(ReasoningChunk(reasoning=reasoning.reasoningText.text))
                if reasoning.reasoningText.signature:
                    out.append(ReasoningStateChunk(signature=reasoning.reasoningText.signature, origin=ORIGIN))
            if reasoning.redactedContent:
                out.append(ReasoningStateChunk(encrypted=reasoning.redactedContent, origin=ORIGIN))
        elif block.toolUse is not None and block.toolUse.type != _SERVER_TOOL:
            tool = block.toolUse
            out.append(
                ToolCallChunk(index=calls, id=tool.toolUseId, name=tool.name, arguments_delta=_arguments(tool.input))
            )
            calls += 1
    return out


class BedrockStreamParser:
    """Turns ``converse-stream`` frames into llmkit chunks."""

    def __init__(self, adapter: BedrockDialect, context: ParseContext) -> None:
        self.ended = False
        self._adapter = adapter
        self._context = context
        self._request_id = context.request_id
        self._stop: str | None = None
        self._stopped = False
        self._usage: BedrockUsage | None = None
        self._calls: dict[int, int] = {}
        """Content block index -> llmkit's call number."""
        self._streamed: set[int] = set()
        """Blocks whose arguments came in deltas."""

    def feed(self, frame: EventFrame) -> Sequence[StreamChunk]:
        headers = frame.headers
        if headers.get(":message-type", "event") != "event":
            raise self._exception(frame)
        try:
            event = BedrockEvent.model_validate_json(frame.payload)
        except ValidationError as exc:
            raise MalformedResponseError(
                f"malformed event from the provider: {validation_problem(exc)}",
                provider=self._context.provider,
                request_id=self._request_id,
                body=self._adapter.redact(frame.payload.decode("utf-8", "replace")),
            ) from None
        kind = headers.get(":event-type")
        if kind == "contentBlockDelta":
            return self._delta(event)
        if kind == "contentBlockStart":
            return self._start(event)
        if kind == "contentBlockStop":
            return self._stop_block(event.contentBlockIndex)
        if kind == "messageStop":
            self._stopped = True
            self._stop = event.stopReason
        elif kind == "metadata":
            self._usage = event.usage
            self.ended = self._stopped  # metadata is the last event; usage follows the stop
        return ()  # messageStart, and event types newer than this parser

    def finish(self) -> Parsed:
        if not self._stopped:
            raise StreamIncompleteError(
                "the stream ended before messageStop: the answer may be cut short",
                provider=self._context.provider,
                request_id=self._request_id,
            )
        usage = usage_from_wire(self._usage) if self._usage is not None else None
        return Parsed((), usage, finish(self._stop, bool(self._calls)))

    def _start(self, event: BedrockEvent) -> Sequence[StreamChunk]:
        tool = event.start.toolUse if event.start is not None else None
        if tool is None or tool.type == _SERVER_TOOL:
            return ()
        call = self._calls[event.contentBlockIndex] = len(self._calls)
        return (ToolCallChunk(index=call, id=tool.toolUseId, name=tool.name),)

    def _delta(self, event: BedrockEvent) -> Sequence[StreamChunk]:
        delta = event.delta
        if delta is None:
            return ()
        if delta.text:
            return (TextChunk(delta=delta.text),)
        if delta.reasoningContent is not None:
            reasoning = delta.reasoningContent
            if reasoning.text:
                return (ReasoningChunk(reasoning=reasoning.text),)
            if reasoning.signature:
                return (ReasoningStateChunk(signature=reasoning.signature, origin=ORIGIN),)
            if reasoning.redactedContent:
                return (ReasoningStateChunk(encrypted=reasoning.redactedContent, origin=ORIGIN),)
            return ()
        if delta.toolUse is not None and delta.toolUse.input:
            call = self._calls.get(event.contentBlockIndex)
            if call is None:  # a server tool's input
                return ()
            self._streamed.add(event.contentBlockIndex)
            return (ToolCallChunk(index=call, arguments_delta=delta.toolUse.input),)
        return ()  # citation, toolResult, and newer delta types

    def _stop_block(self, index: int) -> Sequence[StreamChunk]:
        call = self._calls.get(index)
        if call is None or index in self._streamed:
            return ()
        return (ToolCallChunk(index=call, arguments_delta="{}"),)  # a call without arguments

    def _exception(self, frame: EventFrame) -> LLMError:
        headers = frame.headers
        text = self._adapter.redact(frame.payload.decode("utf-8", "replace"))
        error_type = headers.get(":exception-type") or headers.get(":error-code")
        message = headers.get(":error-message")
        with contextlib.suppress(ValidationError):  # the headers alone still name the error
            message = BedrockEvent.model_validate_json(frame.payload).message or message
        message = str(message or text or "(no message)")
        kind = str(error_type) if error_type is not None else None
        return error_class(kind, None, message)(
            f"error event in the stream: {self._adapter.redact(message)}",
            provider=self._context.provider,
            request_id=self._request_id,
            error_type=kind,
            body=text,
        )
