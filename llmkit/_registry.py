"""The provider registry: provider name -> the class that serves it, built-ins loaded on first use.

The registry knows providers only as classes with a ``provider_name``; it imports no handler,
so the handler module can register its subclasses here without an import loop.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._errors import ConfigError
from ._lazy import defined_in, publish

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

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
PLUGIN_GROUP = "llmkit.providers"
"""The entry-point group through which an installed distribution adds providers: each entry point
is named after its provider and points at its handler class (``acme = "acme_llm:AcmeHandler"``)."""

_registry: dict[str, type[Any]] = {}
_plugins: dict[str, EntryPoint] | None = None
_settled_plugins: set[str] = set()  # loaded, or superseded by a class given replace=True


def _load_built_in(name: str | None = None) -> None:
    """Import the module that defines built-in provider ``name``, or every built-in's."""
    modules = {BUILT_IN_PROVIDERS[name]} if name is not None else set(BUILT_IN_PROVIDERS.values())
    for module in sorted(modules):
        import_module(module, _PROVIDERS_PACKAGE)


def _plugin_entry_points() -> dict[str, EntryPoint]:
    """The installed provider plugins by name, read from the distributions' metadata once."""
    global _plugins
    if _plugins is None:
        from importlib.metadata import entry_points  # not at import: it costs more than llmkit's own import

        found: dict[str, EntryPoint] = {}
        for entry_point in entry_points(group=PLUGIN_GROUP):
            found.setdefault(entry_point.name.lower(), entry_point)  # the first on sys.path, as imports go
        _plugins = found
    return _plugins


def _load_plugin(name: str) -> None:
    entry_point = _plugin_entry_points().get(name)
    if entry_point is None or name in _settled_plugins:
        return
    origin = f"provider plugin {name!r} ({entry_point.value}"
    origin += f", from {entry_point.dist.name})" if entry_point.dist is not None else ")"
    try:
        loaded = entry_point.load()
    except Exception as exc:
        raise ConfigError(f"{origin} failed to load: {exc}") from exc
    _settled_plugins.add(name)
    declared = getattr(loaded, "provider_name", None)
    if isinstance(loaded, type) and (not isinstance(declared, str) or declared.lower() != name):
        raise ConfigError(f"{origin} names {loaded.__qualname__}, whose provider_name is {declared!r}, not {name!r}")
    if name not in _registry:
        raise ConfigError(f"{origin} registered no provider of that name")


def register(cls: type[Any], *, replace: bool = False) -> None:
    """Make ``cls`` the class for its ``provider_name`` (case-insensitive).

    A name that is taken (a built-in, an installed plugin, a class registered before) is taken
    over only with ``replace=True``; defining the same class again (same module and qualified
    name, as a re-run notebook cell does) is no takeover.
    """
    name = cls.provider_name.lower()
    built_in = BUILT_IN_PROVIDERS.get(name)
    own_built_in = built_in is not None and cls.__module__ == f"{_PROVIDERS_PACKAGE}{built_in}"
    if not replace and not own_built_in:
        holder = _holder(name, cls)
        if holder is not None:
            raise ConfigError(
                f"provider {name!r} is already {holder}; to replace it, say so: "
                f"class {cls.__name__}(<base>, replace=True), or register_provider(..., replace=True)"
            )
    if built_in is not None and not own_built_in:
        # The built-in of this name loads on first use: load it now, or it would replace cls then.
        _load_built_in(name)
    if replace:
        _settled_plugins.add(name)  # an installed plugin of this name must not take it back
    _registry[name] = cls


def _holder(name: str, cls: type[Any]) -> str | None:
    """What holds ``name`` already, in words; ``None`` when it is free (or held by ``cls`` itself)."""
    current = _registry.get(name)
    built_in = BUILT_IN_PROVIDERS.get(name)
    if current is not None and (defined_in(current), current.__qualname__) == (cls.__module__, cls.__qualname__):
        return None
    if built_in is not None and (current is None or defined_in(current) == f"{_PROVIDERS_PACKAGE}{built_in}"):
        return "a built-in provider"
    if current is not None:
        return f"registered to {current.__module__}.{current.__qualname__}"
    entry_point = _plugin_entry_points().get(name)
    if entry_point is not None and not cls.__module__.startswith(entry_point.module):
        return f"provided by the installed plugin {entry_point.value!r}"
    return None


def is_registered(provider: str) -> bool:
    """Whether ``provider`` names a provider (case-insensitive), loaded yet or not."""
    name = provider.lower()
    return name in _registry or name in BUILT_IN_PROVIDERS or name in _plugin_entry_points()


def provider_names() -> list[str]:
    """Every provider name: the built-ins, the installed plugins' and those registered, sorted."""
    _load_built_in()
    for name in sorted(_plugin_entry_points()):
        _load_plugin(name)
    return sorted(_registry)


def provider_class(provider: Any) -> type[Any]:
    """The class registered under ``provider`` (case-insensitive), loading its plugin or built-in."""
    name = provider.lower() if isinstance(provider, str) else None
    if name is not None:
        _load_plugin(name)
        if name not in _registry and name in BUILT_IN_PROVIDERS:
            _load_built_in(name)
    if name is None or name not in _registry:
        raise ConfigError(f"unknown api_provider {provider!r}; valid providers: {', '.join(provider_names())}")
    return _registry[name]


publish(globals(), "llmkit")
