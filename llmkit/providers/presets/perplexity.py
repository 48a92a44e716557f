"""Perplexity: no ``/v1`` in the URL; usage (with its price) repeated on every chunk."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ..._chunks import Usage
from .._openai_wire import WireUsage
from ._base import CompatibleAdapter, CompatibleHandler
from ._cost import CostChunk, CostUsage

__all__ = [
    "PerplexityHandler",
]


class _PerplexityAdapter(CompatibleAdapter):
    wire_chunk_model = CostChunk

    def usage_from_wire(self, usage: WireUsage) -> Usage:
        base = super().usage_from_wire(usage)
        cost = usage.reported_cost() if isinstance(usage, CostUsage) else None
        return base if cost is None else base.model_copy(update={"cost": cost})


class PerplexityHandler(CompatibleHandler):
    """Perplexity's Sonar models. Every chunk repeats a growing usage (the last one counts) and
    the stream may end without ``[DONE]``; reasoning models think in ``<think>`` in the content.
    The usage's ``cost.total_cost`` includes the per-request search fee, so it is taken as the
    cost rather than priced from tokens."""

    provider_name = "perplexity"
    adapter = _PerplexityAdapter
    default_base_url = "https://api.perplexity.ai"
    env: ClassVar[Mapping[str, str]] = {"api_key": "PERPLEXITY_API_KEY", "base_url": "PERPLEXITY_BASE_URL"}
