"""A handler's settings: what the caller gave, filled from the provider's environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import httpx
from pydantic import SecretStr

from ._errors import ConfigError
from ._hooks import Hooks

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_IDLE_TIMEOUT = 120.0
DEFAULT_TOTAL_TIMEOUT: float | None = None
DEFAULT_MAX_RETRIES = 2


@dataclass(frozen=True)
class Settings:
    """Resolved settings of one handler. The key is a ``SecretStr``: it never shows in a repr."""

    model_name: str
    api_key: SecretStr | None
    base_url: str
    organization: str | None = None
    project: str | None = None
    location: str | None = None
    """A cloud region, for providers that serve per region (Vertex AI)."""
    headers: Mapping[str, str] = field(default_factory=dict)
    timeout: float | None = DEFAULT_TOTAL_TIMEOUT
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    idle_timeout: float | None = DEFAULT_IDLE_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    http_client: httpx.AsyncClient | None = field(default=None, compare=False)
    hooks: tuple[Hooks, ...] | None = None
    """``None``: the default hooks (OpenTelemetry spans when ``opentelemetry`` is installed)."""
    log_content: bool = False
    aws_region: str | None = None
    """AWS region (Bedrock): the endpoint's and the SigV4 signature's."""
    aws_profile: str | None = None
    """AWS shared-config profile whose credentials sign requests (Bedrock without an API key)."""


SETTING_NAMES = tuple(setting.name for setting in fields(Settings))
"""Every setting a handler takes: the dataclass above is where a setting is declared."""


def resolve_settings(
    provider: str,
    given: Mapping[str, Any],
    *,
    env: Mapping[str, str],
    default_base_url: str,
    requires_api_key: bool,
) -> Settings:
    """Check the caller's values and fill the missing ones from ``env`` (setting -> variable).

    Explicit values win over the environment. The key is demanded only for the provider's own
    endpoint: a proxy or local server given as ``base_url`` may need none.
    """
    unknown = sorted(set(given) - set(SETTING_NAMES))
    if unknown:
        raise ConfigError(
            f"unknown setting(s) {', '.join(map(repr, unknown))} for provider {provider!r}; "
            f"valid settings: api_provider, {', '.join(SETTING_NAMES)}"
        )

    def pick(name: str) -> Any:
        value = given.get(name)
        if value is None and name in env:
            value = os.environ.get(env[name]) or None
        return value

    model_name = given.get("model_name")
    if not isinstance(model_name, str) or not model_name.strip():
        raise ConfigError(f"model_name must be a non-empty string for provider {provider!r}, got {model_name!r}")

    base_url = pick("base_url") or default_base_url
    if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"base_url must be an http(s) URL, got {base_url!r}")
    base_url = base_url.rstrip("/")

    raw_key = pick("api_key")
    if isinstance(raw_key, SecretStr):
        raw_key = raw_key.get_secret_value()
    if raw_key is not None and not isinstance(raw_key, str):
        raise ConfigError(f"api_key must be a string, got a {type(raw_key).__name__}")
    if raw_key:
        raw_key = _clean_key(raw_key)
    if not raw_key and requires_api_key and base_url == default_base_url.rstrip("/"):
        variable = env.get("api_key")
        hint = f" or set {variable}" if variable else ""
        raise ConfigError(f"no API key for provider {provider!r}: pass api_key{hint}")

    headers = given.get("headers") or {}
    if not isinstance(headers, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
    ):
        raise ConfigError("headers must be a mapping of strings to strings")

    max_retries = given.get("max_retries", DEFAULT_MAX_RETRIES)
    if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
        raise ConfigError(f"max_retries must be a whole number >= 0, got {max_retries!r}")

    client = given.get("http_client")
    if client is not None and not isinstance(client, httpx.AsyncClient):
        raise ConfigError(f"http_client must be an httpx.AsyncClient, got a {type(client).__name__}")

    hooks = given.get("hooks")
    if hooks is not None:
        if isinstance(hooks, Hooks):
            hooks = (hooks,)
        if not isinstance(hooks, (list, tuple)) or not all(isinstance(h, Hooks) for h in hooks):
            raise ConfigError("hooks must be a list of llmkit.Hooks instances")
        hooks = tuple(hooks)
    log_content = given.get("log_content", False)
    if not isinstance(log_content, bool):
        raise ConfigError(f"log_content must be True or False, got {log_content!r}")

    return Settings(
        model_name=model_name.strip(),
        api_key=SecretStr(raw_key) if raw_key else None,
        base_url=base_url,
        organization=_optional_str("organization", pick("organization")),
        project=_optional_str("project", pick("project")),
        location=_optional_str("location", pick("location")),
        headers=dict(headers),
        timeout=_seconds("timeout", given.get("timeout", DEFAULT_TOTAL_TIMEOUT), optional=True),
        connect_timeout=_seconds("connect_timeout", given.get("connect_timeout", DEFAULT_CONNECT_TIMEOUT)),
        idle_timeout=_seconds("idle_timeout", given.get("idle_timeout", DEFAULT_IDLE_TIMEOUT), optional=True),
        max_retries=max_retries,
        http_client=client,
        hooks=hooks,
        log_content=log_content,
        aws_region=_optional_str("aws_region", pick("aws_region")),
        aws_profile=_optional_str("aws_profile", pick("aws_profile")),
    )


def _clean_key(key: str) -> str:
    """The key without surrounding whitespace (a key read from a file keeps its newline).

    A character inside that cannot travel in an HTTP header is refused here, before the HTTP layer
    refuses it with the whole header, key included, quoted in its message.
    """
    key = key.strip()
    if key.isascii() and key.isprintable():
        return key
    position, char = next((i, c) for i, c in enumerate(key) if not (c.isascii() and c.isprintable()))
    kind = "a control character" if char.isascii() else "a non-ASCII character"
    raise ConfigError(
        f"api_key has {kind} at position {position + 1} of {len(key)} (the key is not shown): "
        "an API key is printable ASCII; check how it was read or pasted"
    )


def _optional_str(name: str, value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise ConfigError(f"{name} must be a string, got a {type(value).__name__}")


def _seconds(name: str, value: Any, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value)
    allowed = "a positive number of seconds" + (" or None" if optional else "")
    raise ConfigError(f"{name} must be {allowed}, got {value!r}")
