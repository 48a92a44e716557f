"""Narrow models of the Chat Completions wire format.

Only the fields llmkit reads are declared; everything else in a chunk is ignored while parsing,
so each event's JSON is validated once, straight from its bytes, and nothing else is kept.
"""

from __future__ import annotations

from typing import Any, Union

from pydantic import BaseModel


class WireFunction(BaseModel):
    name: str | None = None
    arguments: Union[str, dict[str, Any], None] = None


class WireToolCall(BaseModel):
    index: int | None = None
    id: str | None = None
    function: WireFunction | None = None


class WirePart(BaseModel):
    """One part of a content list (Mistral): ``text``, or ``thinking`` holding text parts."""

    type: str = ""
    text: str | None = None
    thinking: Union[str, list[WirePart], None] = None


class WireReasoningDetail(BaseModel):
    """An OpenRouter-style ``reasoning_details`` item."""

    type: str = ""
    text: str | None = None
    summary: str | None = None


class WireDelta(BaseModel):
    content: Union[str, list[WirePart], None] = None
    reasoning_content: str | None = None
    reasoning: str | None = None
    reasoning_details: list[WireReasoningDetail] | None = None
    refusal: str | None = None
    tool_calls: list[WireToolCall] | None = None


class WireChoice(BaseModel):
    index: int = 0
    delta: WireDelta | None = None
    message: WireDelta | None = None
    finish_reason: str | None = None


class WirePromptDetails(BaseModel):
    cached_tokens: int | None = None
    cache_write_tokens: int | None = None


class WireCompletionDetails(BaseModel):
    reasoning_tokens: int | None = None


class WireUsage(BaseModel):
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    prompt_tokens_details: WirePromptDetails | None = None
    completion_tokens_details: WireCompletionDetails | None = None
    # DeepSeek's KV-cache accounting; prompt_tokens = hit + miss.
    prompt_cache_hit_tokens: int | None = None
    prompt_cache_miss_tokens: int | None = None


class WireChunk(BaseModel):
    choices: list[WireChoice] | None = None
    usage: WireUsage | None = None
    error: Any = None
