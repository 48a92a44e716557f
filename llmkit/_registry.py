"""The provider registry and the factory: a subclass that names a provider is found by name."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._errors import ConfigError

if TYPE_CHECKING:
    from ._handler import ApiHandler

_registry: dict[str, type[ApiHandler]] = {}


def _load_built_in_providers() -> None:
    # ``import llmkit`` is lazy, so the adapters shipped with llmkit register on the first
    # lookup or registration; once loaded this is a sys.modules lookup. Loading them before a
    # user's adapter registers keeps "a later one wins" true for a user who replaces one.
    import_module(".providers", __package__)


def register(cls: type[ApiHandler]) -> None:
    """Make ``cls`` the adapter for its ``provider_name`` (case-insensitive; a later one wins)."""
    _load_built_in_providers()
    _registry[cls.provider_name.lower()] = cls


def provider_names() -> list[str]:
    """Every registered provider name, sorted."""
    _load_built_in_providers()
    return sorted(_registry)


def handler_class(provider: str) -> type[ApiHandler]:
    """The adapter registered under ``provider`` (case-insensitive)."""
    _load_built_in_providers()
    if not isinstance(provider, str) or provider.lower() not in _registry:
        raise ConfigError(f"unknown api_provider {provider!r}; valid providers: {', '.join(provider_names())}")
    return _registry[provider.lower()]


def create_api_handler(config: Mapping[str, Any] | None = None, /, **settings: Any) -> ApiHandler:
    """Build the adapter that ``config["api_provider"]`` names.

    Settings come from ``config``, then keyword arguments (which win), then the provider's
    environment variables for whatever is still missing.
    """
    if config is not None and not isinstance(config, Mapping):
        raise ConfigError(f"config must be a dict of settings, got a {type(config).__name__}")
    merged = {**(config or {}), **settings}
    provider = merged.pop("api_provider", None)
    if provider is None:
        raise ConfigError(f"api_provider is required; valid providers: {', '.join(provider_names())}")
    return handler_class(provider)(**merged)
