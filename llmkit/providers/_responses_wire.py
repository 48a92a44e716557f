"""Narrow models of the OpenAI Responses wire format: only the fields llmkit reads.

One event model covers every stream event (``response.output_text.delta``,
``response.output_item.done``, ``response.completed``…); unknown fields and event types are
ignored. The event is a ``TypedDict``: pydantic-core validates it as strictly as a model but
builds a plain dict, which is cheaper on the hot path (one event per token). What only a few
events carry (an output item, the response object) stays models.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter
from typing_extensions import TypedDict


class WirePart(BaseModel):
    """A part of an item: ``output_text``, ``refusal``, ``summary_text``, ``reasoning_text``…"""

    type: str = ""
    text: str | None = None
    refusal: str | None = None


class WireItem(BaseModel):
    """An output item: ``message``, ``reasoning``, ``function_call``, or a built-in tool's item."""

    type: str = ""
    id: str | None = None
    call_id: str | None = None
    name: str | None = None
    arguments: str | None = None
    content: list[WirePart] | None = None
    summary: list[WirePart] | None = None
    encrypted_content: str | None = None


class WireInputDetails(BaseModel):
    cached_tokens: int | None = None


class WireOutputDetails(BaseModel):
    reasoning_tokens: int | None = None


class WireUsage(BaseModel):
    """``input_tokens`` already counts the cached ones, ``output_tokens`` the reasoning ones."""

    input_tokens: int | None = None
    output_tokens: int | None = None
    input_tokens_details: WireInputDetails | None = None
    output_tokens_details: WireOutputDetails | None = None


class WireIncomplete(BaseModel):
    reason: str | None = None


class WireResponse(BaseModel):
    """The response object: the whole answer (non-streamed), or a terminal event's snapshot."""

    status: str | None = None
    output: list[WireItem] | None = None
    usage: WireUsage | None = None
    incomplete_details: WireIncomplete | None = None
    error: Any = None
    service_tier: str | None = None


class WireEvent(TypedDict, total=False):
    type: str
    output_index: int
    item_id: str
    content_index: int
    summary_index: int
    delta: str
    text: str
    arguments: str
    item: WireItem
    response: WireResponse


EVENT = TypeAdapter(WireEvent)
