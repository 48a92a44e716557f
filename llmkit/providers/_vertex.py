"""Gemini on Vertex AI: the Gemini body format at a per-project URL, with an OAuth access token.

``POST https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/
publishers/google/models/{model}:streamGenerateContent?alt=sse`` (location ``global``: the host is
``aiplatform.googleapis.com``), ``Authorization: Bearer <token>``. The token is the ``api_key``
the caller passes, or one from Application Default Credentials through ``google-auth`` (the
``llmkit[vertex]`` extra, imported only when a handler needs it). ``google-auth`` is synchronous
and may call the network to refresh, so the refresh runs in a worker thread before each call.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
from collections.abc import Mapping
from typing import Any, ClassVar

from .._config import Settings
from .._errors import AuthenticationError, ConfigError
from .._lazy import publish
from ._gemini import GeminiAdapter, GoogleHandler

__all__ = [
    "VertexAdapter",
    "VertexHandler",
]

SCOPE = "https://www.googleapis.com/auth/cloud-platform"
DEFAULT_LOCATION = "global"


class AdcToken:
    """Access tokens from Application Default Credentials, refreshed when they expire."""

    def __init__(self) -> None:
        try:
            self._auth = importlib.import_module("google.auth")
            self._transport = importlib.import_module("google.auth.transport.requests")
        except ImportError as exc:
            raise ConfigError(
                "Vertex AI needs an access token: pass one as api_key, or install the llmkit[vertex] extra "
                f"(google-auth) to use Application Default Credentials ({exc})",
                provider="vertex",
            ) from None
        self._credentials: Any = None
        self._lock = threading.Lock()

    def token(self) -> str:
        """A valid token (blocking: call it from a worker thread)."""
        with self._lock:
            try:
                if self._credentials is None:
                    self._credentials, _ = self._auth.default(scopes=[SCOPE])
                if not self._credentials.valid:
                    self._credentials.refresh(self._transport.Request())
            except Exception as exc:  # google-auth's own errors: no credentials, refresh refused
                raise AuthenticationError(
                    f"no access token from Application Default Credentials: {type(exc).__name__}: {exc}",
                    provider="vertex",
                ) from exc
            return str(self._credentials.token)


class VertexAdapter(GeminiAdapter):
    """The Gemini dialect at a per-project URL, with an OAuth access token."""

    api_version = "v1"
    default_host = "https://aiplatform.googleapis.com"
    # Vertex's request labels show up in Cloud Billing: cost attribution, what metadata is for.
    option_wire: ClassVar[Mapping[str, str | None]] = {**GeminiAdapter.option_wire, "metadata": "labels"}

    def __init__(self, settings: Settings, provider: str) -> None:
        super().__init__(settings, provider)
        self.location = settings.location or DEFAULT_LOCATION
        self._adc = AdcToken() if settings.api_key is None else None
        self._token: str | None = None

    async def refresh_credentials(self) -> None:
        if self._adc is not None:
            self._token = await asyncio.to_thread(self._adc.token)

    def models_url(self) -> str:
        base = self.settings.base_url
        if base == self.default_host and self.location != DEFAULT_LOCATION:
            base = f"https://{self.location}-aiplatform.googleapis.com"
        return (
            f"{base}/{self.api_version}/projects/{self.settings.project}/locations/{self.location}"
            "/publishers/google/models"
        )

    def request_headers(self) -> dict[str, str]:
        headers = self.base_headers()
        key = self.settings.api_key
        token = key.get_secret_value() if key is not None else self._token
        if token:
            headers["authorization"] = f"Bearer {token}"
        return headers

    def redact(self, text: str) -> str:
        text = super().redact(text)
        return text.replace(self._token, "***") if self._token else text


class VertexHandler(GoogleHandler):
    """Gemini models on Google Cloud's Vertex AI (project, location, OAuth token)."""

    provider_name = "vertex"
    adapter = VertexAdapter
    default_base_url = VertexAdapter.default_host
    env: ClassVar[Mapping[str, str]] = {
        "base_url": "GOOGLE_VERTEX_BASE_URL",
        "project": "GOOGLE_CLOUD_PROJECT",
        "location": "GOOGLE_CLOUD_LOCATION",
    }
    key_fallback_env = None
    requires_api_key = False
    pricing_provider = "google"

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        if not self.settings.project:
            raise ConfigError(
                "Vertex AI needs a Google Cloud project: pass project=... or set GOOGLE_CLOUD_PROJECT",
                provider=self.provider_name,
            )


publish(globals(), "llmkit")
