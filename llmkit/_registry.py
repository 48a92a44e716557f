"""The provider registry: provider name -> the class that serves it, built-ins loaded on first use.

The registry knows providers only as classes with a ``provider_name``; it imports no handler,
so the handler module can register its subclasses here without an import loop.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from ._errors import ConfigError

__all__ = ["provider_names"]

# Built-in provider name -> the module (under ``llmkit.providers``) whose import registers it.
# A new built-in is one module and one line here (tests/test_registry.py fails when one is missed).
BUILT_IN_PROVIDERS: dict[str, str] = {
    "anthropic": "._anthropic",
    "azure": ".presets.azure",
    "azure-foundry": ".presets.azure",
    "bedrock": "._bedrock",
    "cerebras": ".presets._hosted",
    "crusoe": ".presets._hosted",
    "deepseek": "._deepseek",
    "fireworks": ".presets._hosted",
    "gemini": ".presets.gemini",
    "google": "._gemini",
    "groq": ".presets.groq",
    "llamacpp": ".presets._local",
    "lmstudio": ".presets._local",
    "mistral": ".presets.mistral",
    "ollama": ".presets._local",
    "openai": "._openai",
    "openai-responses": "._responses",
    "openrouter": ".presets.openrouter",
    "perplexity": ".presets.perplexity",
    "together": ".presets._hosted",
    "vertex": "._vertex",
    "vllm": ".presets._local",
    "xai": ".presets.xai",
    "zai": ".presets._hosted",
}

_PROVIDERS_PACKAGE = f"{__package__}.providers"
_registry: dict[str, type[Any]] = {}


def _load_built_in(name: str | None = None) -> None:
    """Import the module that defines built-in provider ``name``, or every built-in's."""
    modules = {BUILT_IN_PROVIDERS[name]} if name is not None else set(BUILT_IN_PROVIDERS.values())
    for module in sorted(modules):
        import_module(module, _PROVIDERS_PACKAGE)


def register(cls: type[Any]) -> None:
    """Make ``cls`` the class for its ``provider_name`` (case-insensitive; a later one wins)."""
    name = cls.provider_name.lower()
    built_in = BUILT_IN_PROVIDERS.get(name)
    if built_in is not None and cls.__module__ != f"{_PROVIDERS_PACKAGE}{built_in}":
        # The built-in of this name loads on first use: load it now, or it would replace cls then.
        _load_built_in(name)
    _registry[name] = cls


def is_registered(provider: str) -> bool:
    """Whether ``provider`` names a provider (case-insensitive), loaded yet or not."""
    return provider.lower() in _registry or provider.lower() in BUILT_IN_PROVIDERS


def provider_names() -> list[str]:
    """Every registered provider name, sorted."""
    _load_built_in()
    return sorted(_registry)


def provider_class(provider: Any) -> type[Any]:
    """The class registered under ``provider`` (case-insensitive)."""
    name = provider.lower() if isinstance(provider, str) else None
    if name is not None and name not in _registry and name in BUILT_IN_PROVIDERS:
        _load_built_in(name)
    if name is None or name not in _registry:
        raise ConfigError(f"unknown api_provider {provider!r}; valid providers: {', '.join(provider_names())}")
    return _registry[name]
