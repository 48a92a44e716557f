"""What every OpenAI-compatible preset shares: the compatible servers' own defaults.

A preset is data on top of this class plus, at most, a hook for a real quirk of its provider.
OpenAI's own rules stay on ``ChatCompletionsAdapter``: its model-name checks (which models take sampling
parameters) do not apply to other servers' model names, and ``max_tokens`` is the field every
compatible server accepts (``max_completion_tokens`` is OpenAI's newer name for it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ..._lazy import publish
from .._openai import ChatCompletionsAdapter, OpenAiHandler

__all__ = [
    "CompatibleAdapter",
    "CompatibleHandler",
]


class CompatibleAdapter(ChatCompletionsAdapter):
    """Chat Completions as compatible servers speak it: ``max_tokens``, no model-name rules."""

    max_tokens_field = "max_tokens"
    reasoning_model_prefixes: ClassVar[tuple[str, ...]] = ()
    non_reasoning_model_prefixes: ClassVar[tuple[str, ...]] = ()
    # OpenAI's own fields: a compatible server does not know them (and may ignore them unseen).
    option_wire: ClassVar[Mapping[str, str | None]] = {
        **ChatCompletionsAdapter.option_wire,
        "verbosity": None,
        "metadata": None,
        "service_tier": None,
        "prompt_cache_key": None,
    }


class CompatibleHandler(OpenAiHandler):
    """Base of the presets; registers nothing itself (it names no provider of its own)."""

    adapter = CompatibleAdapter


publish(globals(), "llmkit")
