"""Hosted OpenAI-compatible APIs that need nothing but their data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ..._lazy import publish
from ._base import CompatibleHandler

__all__ = [
    "CerebrasHandler",
    "CrusoeHandler",
    "FireworksHandler",
    "TogetherHandler",
    "ZaiHandler",
]


class TogetherHandler(CompatibleHandler):
    """Together AI. Reasoning models stream ``reasoning`` or ``<think>`` in the content (both read)."""

    provider_name = "together"
    default_base_url = "https://api.together.xyz/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "TOGETHER_API_KEY", "base_url": "TOGETHER_BASE_URL"}


class FireworksHandler(CompatibleHandler):
    """Fireworks AI; model ids look like ``accounts/fireworks/models/<name>``."""

    provider_name = "fireworks"
    default_base_url = "https://api.fireworks.ai/inference/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "FIREWORKS_API_KEY", "base_url": "FIREWORKS_BASE_URL"}


class CerebrasHandler(CompatibleHandler):
    """Cerebras Inference; reasoning models answer with a ``reasoning`` field."""

    provider_name = "cerebras"
    default_base_url = "https://api.cerebras.ai/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "CEREBRAS_API_KEY", "base_url": "CEREBRAS_BASE_URL"}


class ZaiHandler(CompatibleHandler):
    """Z.ai (GLM models); reasoning arrives as ``reasoning_content``."""

    provider_name = "zai"
    default_base_url = "https://api.z.ai/api/paas/v4"
    env: ClassVar[Mapping[str, str]] = {"api_key": "ZAI_API_KEY", "base_url": "ZAI_BASE_URL"}


class CrusoeHandler(CompatibleHandler):
    """Crusoe Managed Inference."""

    provider_name = "crusoe"
    default_base_url = "https://api.inference.crusoecloud.com/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "CRUSOE_API_KEY", "base_url": "CRUSOE_BASE_URL"}


publish(globals(), "llmkit.providers")
