"""Rate limits and spend caps as settings, and what a provider's rate-limit headers tell.

A ``RateLimit`` caps requests and tokens admitted in any sliding window (a minute by default) and
the streams open at once, for one provider, model and key; a ``Budget`` caps the USD charged in a
period. Both are counted by a backend (``LocalBackend`` in-process, ``RedisBackend`` for a fleet)
and applied by ``Guarded``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from ._errors import ConfigError
from ._lazy import publish

__all__ = ["Budget", "RateLimit"]

Period = Literal["minute", "hour", "day", "month"]
_PERIOD_SECONDS = {"minute": 60, "hour": 3600, "day": 86400, "month": 31 * 86400}
_PERIOD_FORMAT = {"minute": "%Y-%m-%dT%H:%M", "hour": "%Y-%m-%dT%H", "day": "%Y-%m-%d", "month": "%Y-%m"}
PICO = Decimal("1e12")
"""Spend is counted in whole pico-dollars: integers add exactly, in Python and in Redis alike."""


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` and ``tokens`` admitted in any ``window`` seconds, and ``concurrent``
    streams open at once, per provider, model (unless ``per_model=False``) and key.

    Tokens are estimated before a request is sent (a quarter of the conversation's characters,
    plus ``max_tokens`` or ``assumed_output_tokens``) and corrected by the usage it reports.
    ``name`` shares one limit between handlers that do not have the same key (or the same one
    under different names); by default the scope is derived from the handler.
    """

    requests: int | None = None
    tokens: int | None = None
    concurrent: int | None = None
    window: float = 60.0
    per_model: bool = True
    assumed_output_tokens: int = 0
    name: str | None = None

    def __post_init__(self) -> None:
        for label in ("requests", "tokens", "concurrent"):
            value = getattr(self, label)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise ConfigError(f"RateLimit.{label} must be a whole number >= 1 or None, got {value!r}")
        if self.requests is None and self.tokens is None and self.concurrent is None:
            raise ConfigError("a RateLimit needs requests, tokens or concurrent")
        if not isinstance(self.window, (int, float)) or isinstance(self.window, bool) or self.window <= 0:
            raise ConfigError(f"RateLimit.window must be a positive number of seconds, got {self.window!r}")

    @classmethod
    def per_minute(
        cls, requests: int | None = None, tokens: int | None = None, *, concurrent: int | None = None, **more: Any
    ) -> RateLimit:
        """The usual way providers state them: requests and tokens per minute."""
        return cls(requests=requests, tokens=tokens, concurrent=concurrent, window=60.0, **more)

    def scope(self, provider: str, model: str, identity: str) -> str:
        """The counter's name: never the key itself, only a fingerprint of it."""
        if self.name is not None:
            return self.name
        return f"{provider}/{model if self.per_model else '*'}/{identity}"


@dataclass(frozen=True)
class Budget:
    """At most ``usd`` charged per ``period`` (UTC calendar; ``None``: ever), for the calls carrying
    ``tag`` (``None``: every call), and per key when ``per_key``."""

    usd: Decimal | str | int
    period: Period | None = "day"
    tag: str | None = None
    per_key: bool = False
    name: str | None = None

    def __post_init__(self) -> None:
        try:
            usd = Decimal(self.usd)
        except ArithmeticError as exc:
            raise ConfigError(f"Budget.usd must be a decimal amount, got {self.usd!r}") from exc
        if isinstance(self.usd, float) or not usd.is_finite() or usd < 0:
            raise ConfigError(f"Budget.usd must be a decimal amount >= 0 (a str or Decimal), got {self.usd!r}")
        object.__setattr__(self, "usd", usd)
        if self.period is not None and self.period not in _PERIOD_SECONDS:
            raise ConfigError(f"Budget.period must be one of {sorted(_PERIOD_SECONDS)} or None, got {self.period!r}")

    @property
    def limit(self) -> Decimal:
        return Decimal(self.usd)

    def applies(self, tags: Sequence[str]) -> bool:
        return self.tag is None or self.tag in tags

    def bucket(self, identity: str, at: datetime | None = None) -> str:
        """This period's counter: ``"tag=team-a:2026-09-01"``."""
        name = self.name or (f"tag={self.tag}" if self.tag is not None else "all")
        if self.per_key:
            name += f"/{identity}"
        if self.period is None:
            return name
        return f"{name}:{(at or datetime.now(UTC)).strftime(_PERIOD_FORMAT[self.period])}"

    @property
    def keep_seconds(self) -> int | None:
        """How long a period's counter is worth keeping (two periods), or ``None`` for ever."""
        return None if self.period is None else 2 * _PERIOD_SECONDS[self.period]


def to_pico(amount: Decimal | int) -> int:
    """USD as whole pico-dollars, rounded up: a charge is never smaller than what was spent."""
    return math.ceil(amount * PICO)


def from_pico(amount: int) -> Decimal:
    return Decimal(amount) / PICO


def identity(base_url: str, api_key: str | None) -> str:
    """A short fingerprint of the endpoint and key: what tells two deployments' counters apart."""
    digest = hashlib.sha256(f"{base_url}\0{api_key or ''}".encode()).hexdigest()
    return digest[:16]


def estimate_tokens(system_prompt: str | None, messages: Sequence[Mapping[str, Any]], output: int) -> int:
    """A request's tokens before it is sent: a quarter of its characters, and the output it may take."""
    text = json.dumps(list(messages), default=str, ensure_ascii=False)
    return (len(system_prompt or "") + len(text)) // 4 + 1 + output


# What each provider's rate-limit headers are called: (remaining, reset) per kind of limit.
_HEADER_PAIRS = tuple(
    pair
    for kind in ("requests", "tokens", "input-tokens", "output-tokens")
    for pair in (
        (f"x-ratelimit-remaining-{kind}", f"x-ratelimit-reset-{kind}"),  # OpenAI, Groq, many compatibles
        (f"anthropic-ratelimit-{kind}-remaining", f"anthropic-ratelimit-{kind}-reset"),
    )
)


def pause_from_headers(headers: Mapping[str, str], now: datetime | None = None) -> float:
    """Seconds the provider says nothing more will be admitted (a limit at 0 remaining), or 0."""
    pause = 0.0
    for remaining_name, reset_name in _HEADER_PAIRS:
        remaining = headers.get(remaining_name)
        if remaining is None:
            continue
        try:
            left = float(remaining)
        except ValueError:
            continue
        if left <= 0:
            pause = max(pause, _reset_seconds(headers.get(reset_name), now))
    return pause


def _reset_seconds(value: str | None, now: datetime | None) -> float:
    """``"1s"``, ``"6m0s"``, ``"2m59.56s"``, ``"120ms"`` (OpenAI, Groq) or an RFC 3339 instant (Anthropic)."""
    if not value:
        return 1.0  # exhausted, with no word of when: wait a little rather than send into a 429
    value = value.strip()
    if "T" in value:
        try:
            at = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return 1.0
        return max(0.0, (at - (now or datetime.now(UTC))).total_seconds())
    try:
        return float(value)
    except ValueError:
        pass
    total, number = 0.0, ""
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    index = 0
    while index < len(value):
        char = value[index]
        if char.isdigit() or char == ".":
            number += char
            index += 1
            continue
        unit = "ms" if value.startswith("ms", index) else char
        if unit not in units or not number:
            return 1.0
        total += float(number) * units[unit]
        number = ""
        index += len(unit)
    return total


publish(globals(), "llmkit")
