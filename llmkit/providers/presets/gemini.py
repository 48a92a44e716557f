"""Gemini's OpenAI-compatible endpoint: thinking tokens are only visible in ``total_tokens``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ..._chunks import Usage
from .._openai_wire import WireUsage
from ._base import CompatibleAdapter, CompatibleHandler

__all__ = [
    "GeminiHandler",
]


class _GeminiAdapter(CompatibleAdapter):
    sends_tool_call_data = True

    def usage_from_wire(self, usage: WireUsage) -> Usage:
        base = super().usage_from_wire(usage)
        if usage.total_tokens is None:
            return base
        hidden = usage.total_tokens - base.input_tokens - base.output_tokens
        if hidden <= 0:
            return base
        return base.model_copy(
            update={
                "output_tokens": base.output_tokens + hidden,
                "reasoning_tokens": max(base.reasoning_tokens, hidden),
            }
        )


class GeminiHandler(CompatibleHandler):
    """Google Gemini through ``/v1beta/openai``, with a Gemini API key.

    ``completion_tokens`` counts the visible answer only; the model's thinking (billed as output)
    shows up as the part of ``total_tokens`` that neither ``prompt_tokens`` nor
    ``completion_tokens`` accounts for. llmkit counts that gap as reasoning, inside output.
    Tool calls may come without an ``id`` (the assembled call gets a made-up one). Gemini 3 signs
    the first tool call of a turn (``extra_content.google.thought_signature``) and refuses a next
    turn that does not send the signature back: it travels as the call's ``provider_data`` and
    goes back on the call (``sends_tool_call_data``).
    """

    provider_name = "gemini"
    default_base_url = "https://generativelanguage.googleapis.com/v1beta/openai"
    env: ClassVar[Mapping[str, str]] = {"api_key": "GEMINI_API_KEY", "base_url": "GEMINI_BASE_URL"}
    adapter = _GeminiAdapter
