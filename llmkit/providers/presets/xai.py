"""xAI (Grok): ``completion_tokens`` leaves the reasoning tokens out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ..._chunks import Usage
from .._openai_wire import WireUsage
from ._base import CompatibleAdapter, CompatibleHandler

__all__ = [
    "XaiHandler",
]


class _XaiAdapter(CompatibleAdapter):
    def usage_from_wire(self, usage: WireUsage) -> Usage:
        base = super().usage_from_wire(usage)
        reasoning = base.reasoning_tokens
        if not reasoning:
            return base
        # Should xAI ever count reasoning inside completion_tokens, total_tokens will say so.
        if usage.total_tokens is not None and usage.total_tokens == base.input_tokens + base.output_tokens:
            return base
        return base.model_copy(update={"output_tokens": base.output_tokens + reasoning})


class XaiHandler(CompatibleHandler):
    """xAI's API. Grok bills reasoning as output but counts it outside ``completion_tokens``:
    ``total_tokens = prompt_tokens + completion_tokens + reasoning_tokens`` in every recorded
    response, so llmkit's ``output_tokens`` (reasoning included) adds the two."""

    provider_name = "xai"
    adapter = _XaiAdapter
    default_base_url = "https://api.x.ai/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "XAI_API_KEY", "base_url": "XAI_BASE_URL"}
