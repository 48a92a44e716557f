"""``create_api_handler``: settings in, the registered provider's handler out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._errors import ConfigError
from ._handler import ApiHandler
from ._lazy import publish
from ._registry import provider_class, provider_names

__all__ = ["create_api_handler"]


def create_api_handler(config: Mapping[str, Any] | str | None = None, /, **settings: Any) -> ApiHandler:
    """Build the handler of the provider ``config["api_provider"]`` names.

    ``config`` is a dict of settings, or a ``"provider:model"`` string (``"openai:gpt-4o"``)
    that sets ``api_provider`` and ``model_name``; the model is everything after the first
    ``:``, so ``"bedrock:us.amazon.nova-micro-v1:0"`` keeps its own. Settings come from
    ``config``, then keyword arguments (which win), then the provider's environment variables
    for whatever is still missing.
    """
    if isinstance(config, str):
        config = _provider_and_model(config)
    if config is not None and not isinstance(config, Mapping):
        raise ConfigError(f"config must be a dict of settings or 'provider:model', got a {type(config).__name__}")
    merged = {**(config or {}), **settings}
    provider = merged.pop("api_provider", None)
    if provider is None:
        raise ConfigError(f"api_provider is required; valid providers: {', '.join(provider_names())}")
    cls: type[ApiHandler] = provider_class(provider)
    return cls(**merged)


def _provider_and_model(spec: str) -> dict[str, str]:
    provider, colon, model = spec.partition(":")
    if not colon or not provider.strip() or not model.strip():
        raise ConfigError(f"expected 'provider:model' (like 'openai:gpt-4o'), got {spec!r}")
    return {"api_provider": provider.strip(), "model_name": model.strip()}


publish(globals(), "llmkit")
