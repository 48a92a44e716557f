"""Narrow models of Gemini's ``GenerateContentResponse``: only the fields llmkit reads.

The same object is a whole ``:generateContent`` answer and one event of
``:streamGenerateContent?alt=sse``. Field names are Google's own (camelCase JSON), so each event
is validated once, straight from its bytes, with no alias lookups. Everything, ``usageMetadata``
included, comes in nearly every event: as ``TypedDict``s pydantic-core validates them as strictly
as models but builds plain dicts, which is much cheaper (see ``_openai_wire``). Unknown fields
(safetyRatings, groundingMetadata, citationMetadata, modelVersion…) are ignored.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter
from typing_extensions import TypedDict


class GeminiFunctionCall(TypedDict, total=False):
    name: str
    args: dict[str, Any] | None
    id: str | None


class GeminiPart(TypedDict, total=False):
    """One part: ``text`` (a thought when ``thought`` is true), a ``functionCall``, or something
    llmkit does not read (``inlineData``, ``executableCode``…). ``thoughtSignature`` may sit on any."""

    text: str
    thought: bool
    thoughtSignature: str
    functionCall: GeminiFunctionCall


class GeminiContent(TypedDict, total=False):
    parts: list[GeminiPart]
    role: str


class GeminiCandidate(TypedDict, total=False):
    content: GeminiContent
    finishReason: str
    index: int


class GeminiUsage(TypedDict, total=False):
    """``usageMetadata``. Google counts ``cachedContentTokenCount`` inside ``promptTokenCount`` and
    reports thinking (``thoughtsTokenCount``) apart from ``candidatesTokenCount``."""

    promptTokenCount: int
    candidatesTokenCount: int
    thoughtsTokenCount: int
    cachedContentTokenCount: int
    toolUsePromptTokenCount: int


class GeminiPromptFeedback(TypedDict, total=False):
    blockReason: str
    blockReasonMessage: str


class GeminiResponse(TypedDict, total=False):
    candidates: list[GeminiCandidate]
    usageMetadata: GeminiUsage
    promptFeedback: GeminiPromptFeedback
    error: Any


validate_response = TypeAdapter(GeminiResponse).validator.validate_json
"""The core validator itself: no ``TypeAdapter`` frame per event."""
