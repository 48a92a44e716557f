"""Narrow models of Gemini's ``GenerateContentResponse``: only the fields llmkit reads.

The same object is a whole ``:generateContent`` answer and one event of
``:streamGenerateContent?alt=sse``. Field names are Google's own (camelCase JSON), so each event
is validated once, straight from its bytes, with no alias lookups. The candidate, its content and
parts come in every event: as ``TypedDict``s pydantic-core builds plain dicts for them, which is
much cheaper than models (see ``_openai_wire``). Unknown fields (safetyRatings, groundingMetadata,
citationMetadata, modelVersion…) are ignored.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
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


class GeminiUsage(BaseModel):
    """``usageMetadata``. Google counts ``cachedContentTokenCount`` inside ``promptTokenCount`` and
    reports thinking (``thoughtsTokenCount``) apart from ``candidatesTokenCount``."""

    promptTokenCount: int | None = None
    candidatesTokenCount: int | None = None
    thoughtsTokenCount: int | None = None
    cachedContentTokenCount: int | None = None
    toolUsePromptTokenCount: int | None = None


class GeminiPromptFeedback(BaseModel):
    blockReason: str | None = None
    blockReasonMessage: str | None = None


class GeminiResponse(BaseModel):
    candidates: list[GeminiCandidate] | None = None
    usageMetadata: GeminiUsage | None = None
    promptFeedback: GeminiPromptFeedback | None = None
    error: Any = None
