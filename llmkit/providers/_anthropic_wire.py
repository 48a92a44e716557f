"""Narrow models of the Anthropic Messages wire format: only the fields llmkit reads.

One event model covers every stream event (``message_start``, ``content_block_*``,
``message_delta``…); unknown fields and unknown event types are ignored, as Anthropic's
versioning policy asks of clients.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class AnthropicOutputDetails(BaseModel):
    thinking_tokens: int | None = None


class AnthropicCacheCreation(BaseModel):
    """The cache writes (``cache_creation_input_tokens``) split by lifetime."""

    ephemeral_5m_input_tokens: int | None = None
    ephemeral_1h_input_tokens: int | None = None


class AnthropicUsage(BaseModel):
    """``input_tokens`` here excludes the cache reads and writes, which are counted apart.

    ``cache_creation`` splits the writes by lifetime (5-minute and 1-hour, billed differently).
    ``iterations`` appears when server-side compaction ran a sampling step of its own: the
    top-level numbers then cover the last step only and the request is billed for them all.
    """

    input_tokens: int | None = None
    output_tokens: int | None = None
    cache_creation_input_tokens: int | None = None
    cache_read_input_tokens: int | None = None
    cache_creation: AnthropicCacheCreation | None = None
    output_tokens_details: AnthropicOutputDetails | None = None
    iterations: list[AnthropicUsage] | None = None
    service_tier: str | None = None


class AnthropicBlock(BaseModel):
    """A content block: ``text``, ``thinking``, ``redacted_thinking``, ``tool_use``, ``server_tool_use``…"""

    type: str = ""
    text: str | None = None
    thinking: str | None = None
    signature: str | None = None
    data: str | None = None
    """A ``redacted_thinking`` block's encrypted reasoning."""
    id: str | None = None
    name: str | None = None
    input: Any = None


class AnthropicDelta(BaseModel):
    """A ``content_block_delta``'s delta, or a ``message_delta``'s (which has ``stop_reason``)."""

    type: str = ""
    text: str | None = None
    thinking: str | None = None
    signature: str | None = None
    partial_json: str | None = None
    stop_reason: str | None = None


class AnthropicMessage(BaseModel):
    """A whole message: the non-streaming response, and ``message_start``'s snapshot."""

    content: list[AnthropicBlock] | None = None
    stop_reason: str | None = None
    usage: AnthropicUsage | None = None


class AnthropicEvent(BaseModel):
    type: str = ""
    index: int = 0
    message: AnthropicMessage | None = None
    content_block: AnthropicBlock | None = None
    delta: AnthropicDelta | None = None
    usage: AnthropicUsage | None = None
    error: Any = None
