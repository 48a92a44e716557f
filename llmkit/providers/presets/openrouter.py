"""OpenRouter: its own price of each request, ``reasoning`` requests, errors in the middle of a stream."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ..._chunks import Usage
from ..._options import RequestOptions
from .._openai_wire import WireUsage
from ._base import CompatibleAdapter, CompatibleHandler
from ._cost import CostChunk, CostUsage

__all__ = [
    "OpenRouterHandler",
]


class _OpenRouterAdapter(CompatibleAdapter):
    wire_chunk_model = CostChunk
    context_window_markers: ClassVar[tuple[str, ...]] = (
        "context_length_exceeded",
        "maximum context length",
        "prompt is too long",
        "context window",
    )

    def request_options(self, options: RequestOptions) -> dict[str, Any]:
        """``reasoning_effort`` becomes OpenRouter's ``reasoning`` object (``none`` turns it off)."""
        fields = super().request_options(options)
        effort = fields.pop("reasoning_effort", None)
        if effort == "none":
            fields["reasoning"] = {"enabled": False}
        elif effort is not None:
            fields["reasoning"] = {"effort": effort}
        return fields

    def usage_from_wire(self, usage: WireUsage) -> Usage:
        """The tokens, and OpenRouter's ``usage.cost`` (USD credits) as the cost when it gives one."""
        base = super().usage_from_wire(usage)
        cost = usage.reported_cost() if isinstance(usage, CostUsage) else None
        return base if cost is None else base.model_copy(update={"cost": cost})


class OpenRouterHandler(CompatibleHandler):
    """OpenRouter's router over many providers; model ids are ``vendor/model``.

    Reasoning arrives as ``reasoning`` and ``reasoning_details`` (read by the shared parser);
    an error after the stream began is a ``data:`` event with an ``error`` member and is raised.
    Attribution headers (``HTTP-Referer``, ``X-Title``) go in the ``headers`` setting.
    """

    provider_name = "openrouter"
    adapter = _OpenRouterAdapter
    default_base_url = "https://openrouter.ai/api/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "OPENROUTER_API_KEY", "base_url": "OPENROUTER_BASE_URL"}
