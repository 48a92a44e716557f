"""Groq: usage may come only inside ``x_groq.usage`` (compound models, older API versions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import BaseModel

from .._openai_wire import WireChunk, WireUsage
from ._base import CompatibleAdapter, CompatibleHandler

__all__ = [
    "GroqHandler",
]


class _XGroq(BaseModel):
    usage: WireUsage | None = None


class GroqChunk(WireChunk):
    x_groq: _XGroq | None = None


class _GroqAdapter(CompatibleAdapter):
    wire_chunk_model = GroqChunk

    def chunk_usage(self, chunk: WireChunk) -> WireUsage | None:
        """The top-level ``usage``, else Groq's own ``x_groq.usage`` (the same numbers, older place)."""
        if chunk.usage is not None:
            return chunk.usage
        if isinstance(chunk, GroqChunk) and chunk.x_groq is not None:
            return chunk.x_groq.usage
        return None


class GroqHandler(CompatibleHandler):
    """Groq's OpenAI-compatible endpoint. Reasoning arrives as ``reasoning`` (``reasoning_format:
    "parsed"``) or as ``<think>`` in the content (``"raw"``); both are read."""

    provider_name = "groq"
    default_base_url = "https://api.groq.com/openai/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "GROQ_API_KEY", "base_url": "GROQ_BASE_URL"}
    adapter = _GroqAdapter
