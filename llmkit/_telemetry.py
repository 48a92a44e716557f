"""The hooks every handler gets unless its ``hooks`` setting says otherwise."""

from __future__ import annotations

from ._hooks import Hooks
from ._lazy import publish

__all__ = [
    "default_hooks",
]

_otel_hooks: list[Hooks] | None = None


def default_hooks() -> tuple[Hooks, ...]:
    """OpenTelemetry spans when ``opentelemetry`` is installed; nothing otherwise (checked once)."""
    global _otel_hooks
    if _otel_hooks is None:
        try:
            from ._otel import OpenTelemetryHooks
        except ImportError:
            _otel_hooks = []
        else:
            _otel_hooks = [OpenTelemetryHooks()]
    return tuple(_otel_hooks)


publish(globals(), "llmkit")
