"""Mistral: ``random_seed`` for ``seed``; usage comes on the last chunk without being asked for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ..._options import RequestOptions
from ._base import CompatibleAdapter, CompatibleHandler

__all__ = [
    "MistralHandler",
]


class _MistralAdapter(CompatibleAdapter):
    # Every recorded Mistral stream reports usage on its final chunk with no stream_options sent,
    # so the OpenAI-only field is left out rather than risk Mistral's strict request validation.
    stream_options: ClassVar[Mapping[str, Any] | None] = None

    def request_options(self, options: RequestOptions) -> dict[str, Any]:
        fields = super().request_options(options)
        if "seed" in fields:
            fields["random_seed"] = fields.pop("seed")
        return fields


class MistralHandler(CompatibleHandler):
    """La Plateforme. Content may be a list of parts, Magistral's thinking among them (read by
    the shared parser); a single chunk may carry a whole tool call."""

    provider_name = "mistral"
    default_base_url = "https://api.mistral.ai/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "MISTRAL_API_KEY", "base_url": "MISTRAL_BASE_URL"}
    adapter = _MistralAdapter
