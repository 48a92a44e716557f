"""Narrow models of the Bedrock Converse wire format: only the fields llmkit reads.

One event model covers every ``converse-stream`` event payload (``messageStart``,
``contentBlockStart/Delta/Stop``, ``messageStop``, ``metadata``); the event's kind travels in the
frame's ``:event-type`` header, not in the payload. Unknown fields (the ``p`` padding, metrics,
trace, server-tool usage) are ignored.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class BedrockUsage(BaseModel):
    """``inputTokens`` leaves the cache reads and writes out: they are counted apart."""

    inputTokens: int | None = None
    outputTokens: int | None = None
    cacheReadInputTokens: int | None = None
    cacheWriteInputTokens: int | None = None


class BedrockToolUse(BaseModel):
    """A ``toolUse`` block (whole, with ``input``) or a ``start.toolUse`` (without); ``type``
    is ``server_tool_use`` for a tool Bedrock ran itself (Nova's web grounding)."""

    toolUseId: str | None = None
    name: str | None = None
    input: Any = None
    type: str | None = None


class BedrockReasoningText(BaseModel):
    text: str | None = None
    signature: str | None = None


class BedrockReasoning(BaseModel):
    """A whole ``reasoningContent`` block; ``redactedContent`` is base64 of opaque bytes."""

    reasoningText: BedrockReasoningText | None = None
    redactedContent: str | None = None


class BedrockText(BaseModel):
    text: str | None = None


class BedrockCitations(BaseModel):
    content: list[BedrockText] | None = None


class BedrockBlock(BaseModel):
    """A content block of a whole message: exactly one of these members is set."""

    text: str | None = None
    reasoningContent: BedrockReasoning | None = None
    toolUse: BedrockToolUse | None = None
    citationsContent: BedrockCitations | None = None


class BedrockMessage(BaseModel):
    content: list[BedrockBlock] | None = None


class BedrockOutput(BaseModel):
    message: BedrockMessage | None = None


class BedrockResponse(BaseModel):
    """The ``converse`` (non-streaming) response body."""

    output: BedrockOutput | None = None
    stopReason: str | None = None
    usage: BedrockUsage | None = None


class BedrockStart(BaseModel):
    toolUse: BedrockToolUse | None = None


class BedrockReasoningDelta(BaseModel):
    text: str | None = None
    signature: str | None = None
    redactedContent: str | None = None


class BedrockToolUseDelta(BaseModel):
    input: str | None = None
    """A piece of the arguments' JSON text."""


class BedrockDelta(BaseModel):
    text: str | None = None
    toolUse: BedrockToolUseDelta | None = None
    reasoningContent: BedrockReasoningDelta | None = None


class BedrockEvent(BaseModel):
    contentBlockIndex: int = 0
    start: BedrockStart | None = None
    delta: BedrockDelta | None = None
    stopReason: str | None = None
    usage: BedrockUsage | None = None
    message: str | None = None
    """An exception frame's message."""
