"""Azure: an ``api-key`` header, an ``api-version`` query parameter, deployments in the URL.

Two Azure endpoints speak Chat Completions:

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

from ..._errors import ConfigError
from .._openai import OpenAiHandler
from ._base import CompatibleHandler


class _AzureAuth(OpenAiHandler):
    """What both Azure endpoints share: the key header, the version, a base URL that must be given."""

    api_version: ClassVar[str] = ""
    """The ``api-version`` sent when the environment names none."""
    api_version_env: ClassVar[str] = ""
    endpoint_example: ClassVar[str] = ""

    def __init__(self, **settings: Any) -> None:
        variable = self.env.get("base_url")
        if not settings.get("base_url") and not (variable and os.environ.get(variable)):
            raise ConfigError(
                f"provider {self.provider_name!r} needs base_url, your resource's endpoint "
                f"(for example {self.endpoint_example}), or the {variable} environment variable"
            )
        super().__init__(**settings)
        self.version = os.environ.get(self.api_version_env) or self.api_version

    def request_headers(self) -> dict[str, str]:
        """``api-key`` instead of ``Authorization: Bearer``; an Entra ID token goes in ``headers``."""
        headers = self.auth_headers()
        if self.settings.api_key is not None:
            headers["api-key"] = self.settings.api_key.get_secret_value()
        return headers


class AzureOpenAiHandler(_AzureAuth):
    """Azure OpenAI. OpenAI's models, so OpenAI's option rules and prices (by deployment name)."""

    provider_name = "azure"
    default_base_url = ""
    env: ClassVar[Mapping[str, str]] = {"api_key": "AZURE_OPENAI_API_KEY", "base_url": "AZURE_OPENAI_ENDPOINT"}
    api_version = "2024-10-21"
    api_version_env = "OPENAI_API_VERSION"
    endpoint_example = "https://my-resource.openai.azure.com"
    pricing_provider = "openai"

    def chat_url(self) -> str:
        base = self.settings.base_url
        if base.endswith("/openai/v1"):
            return base + self.chat_path
        deployment = quote(self.model_name, safe="")
        return f"{base}/openai/deployments/{deployment}{self.chat_path}?api-version={quote(self.version)}"


class AzureFoundryHandler(_AzureAuth, CompatibleHandler):
    """Azure AI Foundry Models (the model inference endpoint of an AI Services resource)."""

    provider_name = "azure-foundry"
    default_base_url = ""
    env: ClassVar[Mapping[str, str]] = {"api_key": "AZURE_AI_API_KEY", "base_url": "AZURE_AI_API_BASE"}
    api_version = "2024-05-01-preview"
    api_version_env = "AZURE_AI_API_VERSION"
    endpoint_example = "https://my-resource.services.ai.azure.com/models"

    def chat_url(self) -> str:
        return f"{self.settings.base_url}{self.chat_path}?api-version={quote(self.version)}"
