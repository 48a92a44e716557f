"""What every OpenAI-compatible preset shares: the compatible servers' own defaults.

A preset is data on top of this class plus, at most, a hook for a real quirk of its provider.
OpenAI's own rules stay on ``OpenAiHandler``: its model-name checks (which models take sampling
parameters) do not apply to other servers' model names, and ``max_tokens`` is the field every
compatible server accepts (``max_completion_tokens`` is OpenAI's newer name for it).
"""

from __future__ import annotations

from typing import ClassVar

from .._openai import OpenAiHandler


class CompatibleHandler(OpenAiHandler):
    """Base of the presets; registers nothing itself (it names no provider)."""

    max_tokens_field = "max_tokens"
    reasoning_model_prefixes: ClassVar[tuple[str, ...]] = ()
    non_reasoning_model_prefixes: ClassVar[tuple[str, ...]] = ()
