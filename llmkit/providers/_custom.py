"""Config-only providers: an OpenAI-compatible server registered from its name, URL and key variable."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast

from .._errors import ConfigError
from .._lazy import publish
from .._registry import is_registered
from ._openai import ChatCompletionsAdapter
from .presets._base import CompatibleAdapter, CompatibleHandler

__all__ = [
    "register_provider",
]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def register_provider(
    name: str,
    *,
    base_url: str,
    api_key_env: str | None = None,
    base_url_env: str | None = None,
    requires_api_key: bool = True,
    max_tokens_field: str = "max_tokens",
    stream_usage: bool = True,
    pricing_provider: str | None = None,
    context_window_markers: tuple[str, ...] = (),
    replace: bool = False,
) -> type[CompatibleHandler]:
    """Register an OpenAI-compatible provider without writing a class; returns the class made.

    ``create_api_handler({"api_provider": name, ...})`` finds it from then on. The key is read
    from ``api_key_env`` and the base URL may be overridden by ``base_url_env``. A local server
    that takes no key sets ``requires_api_key=False``; a server that refuses ``stream_options``
    sets ``stream_usage=False``. Names of registered providers are refused unless ``replace``.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ConfigError(f"a provider name must be letters, digits, '-', '_' or '.', got {name!r}")
    if not replace and is_registered(name):
        raise ConfigError(f"provider {name!r} is already registered; pass replace=True to replace it")
    if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"base_url must be an http(s) URL, got {base_url!r}")
    if max_tokens_field not in ("max_tokens", "max_completion_tokens"):
        raise ConfigError(f"max_tokens_field must be 'max_tokens' or 'max_completion_tokens', got {max_tokens_field!r}")
    env: dict[str, str] = {}
    for setting, variable in (("api_key", api_key_env), ("base_url", base_url_env)):
        if variable is not None:
            if not isinstance(variable, str) or not variable:
                raise ConfigError(f"{setting}_env must be the name of an environment variable, got {variable!r}")
            env[setting] = variable
    class_name = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", name)) + "Handler"
    adapter = type(
        f"{class_name[: -len('Handler')]}Adapter",
        (CompatibleAdapter,),
        {
            "__module__": __name__,
            "max_tokens_field": max_tokens_field,
            "stream_options": {"include_usage": True} if stream_usage else None,
            "context_window_markers": (
                tuple(ChatCompletionsAdapter.context_window_markers) + tuple(context_window_markers)
            ),
        },
    )
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__doc__": f"{name}: an OpenAI-compatible provider registered with register_provider().",
        "provider_name": name,
        "adapter": adapter,
        "default_base_url": base_url.rstrip("/"),
        "env": cast(Mapping[str, str], env),
        "requires_api_key": requires_api_key,
        "pricing_provider": pricing_provider,
    }
    return cast(type[CompatibleHandler], type(class_name, (CompatibleHandler,), namespace, replace=replace))


publish(globals(), "llmkit")
