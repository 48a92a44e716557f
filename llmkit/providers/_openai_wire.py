"""Narrow models of the Chat Completions wire format.

Only the fields llmkit reads are declared; everything else in a chunk is ignored while parsing,
so each event's JSON is validated once, straight from its bytes, and nothing else is kept.
"""

from __future__ import annotations

from typing import Any, Union

from pydantic import BaseModel
from typing_extensions import TypedDict

from .._lazy import publish

__all__ = [
    "WireChunk",
    "WireUsage",
]


class WireFunction(BaseModel):
    name: str | None = None
    arguments: Union[str, dict[str, Any], None] = None


class WireToolCall(BaseModel):
    index: int | None = None
    id: str | None = None
    function: WireFunction | None = None
    # Gemini: ``{"google": {"thought_signature": ...}}``, to be sent back with the call.
    extra_content: dict[str, Any] | None = None


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


# The choice and its delta come in every event: as ``TypedDict``s pydantic-core validates them as
# strictly as models but builds plain dicts, which halves the cost of reading an event. What only
# some events carry (usage, tool calls, content parts, reasoning details) stays models.


class WireDelta(TypedDict, total=False):
    content: Union[str, list[WirePart], None]
    reasoning_content: str | None
    reasoning: str | None
    reasoning_details: list[WireReasoningDetail] | None
    refusal: str | None
    tool_calls: list[WireToolCall] | None


class WireTopLogprob(TypedDict, total=False):
    token: str
    logprob: float
    bytes: list[int] | None


class WireTokenLogprob(WireTopLogprob, total=False):
    top_logprobs: list[WireTopLogprob] | None


class WireLogprobs(TypedDict, total=False):
    content: list[WireTokenLogprob] | None


class WireChoice(TypedDict, total=False):
    index: int
    delta: WireDelta | None
    message: WireDelta | None
    finish_reason: str | None
    logprobs: WireLogprobs | None


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
    service_tier: str | None = None


publish(globals(), "llmkit.providers")
