"""``create_api_handler``: settings in, the registered provider's handler out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._errors import ConfigError
from ._handler import ApiHandler
from ._registry import provider_class, provider_names

__all__ = ["create_api_handler"]


def create_api_handler(config: Mapping[str, Any] | None = None, /, **settings: Any) -> ApiHandler:
    """Build the handler of the provider ``config["api_provider"]`` names.

    Settings come from ``config``, then keyword arguments (which win), then the provider's
    environment variables for whatever is still missing.
    """
    if config is not None and not isinstance(config, Mapping):
        raise ConfigError(f"config must be a dict of settings, got a {type(config).__name__}")
    merged = {**(config or {}), **settings}
    provider = merged.pop("api_provider", None)
    if provider is None:
        raise ConfigError(f"api_provider is required; valid providers: {', '.join(provider_names())}")
    cls: type[ApiHandler] = provider_class(provider)
    return cls(**merged)
