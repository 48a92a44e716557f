"""Servers that run on the caller's own machine: no key needed, none sent unless one is given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ..._lazy import publish
from ._base import CompatibleHandler

__all__ = [
    "LlamaCppHandler",
    "LmStudioHandler",
    "OllamaHandler",
    "VllmHandler",
]


class OllamaHandler(CompatibleHandler):
    """Ollama (local, or Ollama Cloud at ``https://ollama.com/v1`` with ``OLLAMA_API_KEY``).

    Reasoning arrives as ``reasoning``; parallel tool calls may all carry index 0 (the shared
    parser tells them apart by id).
    """

    provider_name = "ollama"
    default_base_url = "http://localhost:11434/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "OLLAMA_API_KEY", "base_url": "OLLAMA_BASE_URL"}
    requires_api_key = False
    has_price_list = False


class VllmHandler(CompatibleHandler):
    """vLLM's OpenAI-compatible server (``vllm serve``); a key only if started with ``--api-key``."""

    provider_name = "vllm"
    default_base_url = "http://localhost:8000/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "VLLM_API_KEY", "base_url": "VLLM_BASE_URL"}
    requires_api_key = False
    has_price_list = False


class LlamaCppHandler(CompatibleHandler):
    """llama.cpp's ``llama-server``; ``reasoning_content`` or ``<think>`` by ``--reasoning-format``."""

    provider_name = "llamacpp"
    default_base_url = "http://127.0.0.1:8080/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "LLAMA_API_KEY", "base_url": "LLAMACPP_BASE_URL"}
    requires_api_key = False
    has_price_list = False


class LmStudioHandler(CompatibleHandler):
    """LM Studio's local server; ``reasoning_content`` when its reasoning setting is on."""

    provider_name = "lmstudio"
    default_base_url = "http://localhost:1234/v1"
    env: ClassVar[Mapping[str, str]] = {"api_key": "LM_STUDIO_API_KEY", "base_url": "LM_STUDIO_BASE_URL"}
    requires_api_key = False
    has_price_list = False


publish(globals(), "llmkit.providers")
