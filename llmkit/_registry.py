"""The provider registry and the factory: a subclass that names a provider is found by name."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._errors import ConfigError

if TYPE_CHECKING:
    from ._handler import ApiHandler

_registry: dict[str, type[ApiHandler]] = {}


def _built_in_providers() -> dict[str, str]:
    # Provider name -> module that defines it; importing the providers package loads no adapter.
    providers = import_module(".providers", __package__)
    table: dict[str, str] = providers._BUILT_IN_PROVIDERS
    return table


def _load_built_in(name: str | None = None) -> None:
    """Import the module that defines built-in provider ``name``, or every built-in's."""
    table = _built_in_providers()
    for module in {table[name]} if name is not None else set(table.values()):
        import_module(module, f"{__package__}.providers")


def register(cls: type[ApiHandler]) -> None:
    """Make ``cls`` the adapter for its ``provider_name`` (case-insensitive; a later one wins)."""
    name = cls.provider_name.lower()
    built_in = _built_in_providers().get(name)
    if built_in is not None and cls.__module__ != f"{__package__}.providers{built_in}":
        # The built-in of this name loads on first use: load it now, or it would replace cls then.
        _load_built_in(name)
    _registry[name] = cls


def is_registered(provider: str) -> bool:
    """Whether ``provider`` names an adapter (case-insensitive), loaded yet or not."""
    return provider.lower() in _registry or provider.lower() in _built_in_providers()


def provider_names() -> list[str]:
    """Every registered provider name, sorted."""
    _load_built_in()
    return sorted(_registry)


def handler_class(provider: str) -> type[ApiHandler]:
    """The adapter registered under ``provider`` (case-insensitive)."""
    name = provider.lower() if isinstance(provider, str) else None
    if name is not None and name not in _registry and name in _built_in_providers():
        _load_built_in(name)
    if name is None or name not in _registry:
        raise ConfigError(f"unknown api_provider {provider!r}; valid providers: {', '.join(provider_names())}")
    return _registry[name]


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
