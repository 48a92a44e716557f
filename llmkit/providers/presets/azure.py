"""Azure: an ``api-key`` header, an ``api-version`` query parameter; two Chat Completions endpoints:

* **Azure OpenAI** (``azure``): ``{endpoint}/openai/deployments/{deployment}/chat/completions
  ?api-version=…``, where the deployment is ``model_name``; or the v1 API, when the base URL ends
  in ``/openai/v1``: ``{endpoint}/openai/v1/chat/completions`` with no ``api-version``.
* **Azure AI Foundry Models** (``azure-foundry``): ``{endpoint}/models/chat/completions
  ?api-version=…`` with the model named in the body (Grok, Llama, Mistral, DeepSeek… on Azure).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import quote

from ..._config import Settings
from ..._errors import ConfigError
from .._openai import ChatCompletionsAdapter, OpenAiHandler
from ._base import CompatibleAdapter, CompatibleHandler

__all__ = [
    "AzureFoundryHandler",
    "AzureOpenAiHandler",
]


class _AzureAdapter(ChatCompletionsAdapter):
    """What both Azure endpoints share on the wire: the ``api-key`` header and the ``api-version``."""

    api_version: ClassVar[str] = ""  # sent when the environment names none
    api_version_env: ClassVar[str] = ""

    def __init__(self, settings: Settings, provider: str) -> None:
        super().__init__(settings, provider)
        self.version = os.environ.get(self.api_version_env) or self.api_version

    def request_headers(self) -> dict[str, str]:
        # ``api-key`` instead of ``Authorization: Bearer``; an Entra ID token goes in ``headers``.
        headers = self.base_headers()
        if self.settings.api_key is not None:
            headers["api-key"] = self.settings.api_key.get_secret_value()
        return headers


class _AzureOpenAiAdapter(_AzureAdapter):
    api_version = "2024-10-21"
    api_version_env = "OPENAI_API_VERSION"

    def chat_url(self, model: str) -> str:
        base = self.settings.base_url
        if base.endswith("/openai/v1"):
            return base + self.chat_path
        deployment = quote(model, safe="")
        return f"{base}/openai/deployments/{deployment}{self.chat_path}?api-version={quote(self.version)}"


class _AzureFoundryAdapter(_AzureAdapter, CompatibleAdapter):
    api_version = "2024-05-01-preview"
    api_version_env = "AZURE_AI_API_VERSION"

    def chat_url(self, model: str) -> str:
        return f"{self.settings.base_url}{self.chat_path}?api-version={quote(self.version)}"


class _AzureEndpoint(OpenAiHandler):
    """Both Azure endpoints: a base URL (the resource's endpoint) that must be given."""

    _endpoint_example: ClassVar[str] = ""

    def __init__(self, **settings: Any) -> None:
        variable = self.env.get("base_url")
        if not settings.get("base_url") and not (variable and os.environ.get(variable)):
            raise ConfigError(
                f"provider {self.provider_name!r} needs base_url, your resource's endpoint "
                f"(for example {self._endpoint_example}), or the {variable} environment variable"
            )
        super().__init__(**settings)


class AzureOpenAiHandler(_AzureEndpoint):
    """Azure OpenAI. OpenAI's models, so OpenAI's option rules and prices (by deployment name)."""

    provider_name = "azure"
    adapter = _AzureOpenAiAdapter
    default_base_url = ""
    env: ClassVar[Mapping[str, str]] = {"api_key": "AZURE_OPENAI_API_KEY", "base_url": "AZURE_OPENAI_ENDPOINT"}
    _endpoint_example = "https://my-resource.openai.azure.com"
    pricing_provider = "openai"


class AzureFoundryHandler(_AzureEndpoint, CompatibleHandler):
    """Azure AI Foundry Models (the model inference endpoint of an AI Services resource)."""

    provider_name = "azure-foundry"
    adapter = _AzureFoundryAdapter
    default_base_url = ""
    env: ClassVar[Mapping[str, str]] = {"api_key": "AZURE_AI_API_KEY", "base_url": "AZURE_AI_API_BASE"}
    _endpoint_example = "https://my-resource.services.ai.azure.com/models"
