"""OpenAI-compatible provider presets: each loads when first used.

Each preset is a small subclass of the OpenAI adapter: data (name, base URL, environment
variables) and, only for a real quirk of its provider, one overridden hook.
"""

import typing as _typing

from ..._lazy import lazy_exports as _lazy_exports

if _typing.TYPE_CHECKING:
    from ._hosted import CerebrasHandler, CrusoeHandler, FireworksHandler, TogetherHandler, ZaiHandler
    from ._local import LlamaCppHandler, LmStudioHandler, OllamaHandler, VllmHandler
    from .azure import AzureFoundryHandler, AzureOpenAiHandler
    from .gemini import GeminiHandler
    from .groq import GroqHandler
    from .mistral import MistralHandler
    from .openrouter import OpenRouterHandler
    from .perplexity import PerplexityHandler
    from .xai import XaiHandler

_EXPORTS: dict[str, tuple[str, ...]] = {
    "._hosted": (
        "CerebrasHandler",
        "CrusoeHandler",
        "FireworksHandler",
        "TogetherHandler",
        "ZaiHandler",
    ),
    "._local": (
        "LlamaCppHandler",
        "LmStudioHandler",
        "OllamaHandler",
        "VllmHandler",
    ),
    ".azure": (
        "AzureFoundryHandler",
        "AzureOpenAiHandler",
    ),
    ".gemini": ("GeminiHandler",),
    ".groq": ("GroqHandler",),
    ".mistral": ("MistralHandler",),
    ".openrouter": ("OpenRouterHandler",),
    ".perplexity": ("PerplexityHandler",),
    ".xai": ("XaiHandler",),
}

if not _typing.TYPE_CHECKING:
    __getattr__, __dir__ = _lazy_exports(__name__, _EXPORTS)

__all__ = [
    "AzureFoundryHandler",
    "AzureOpenAiHandler",
    "CerebrasHandler",
    "CrusoeHandler",
    "FireworksHandler",
    "GeminiHandler",
    "GroqHandler",
    "LlamaCppHandler",
    "LmStudioHandler",
    "MistralHandler",
    "OllamaHandler",
    "OpenRouterHandler",
    "PerplexityHandler",
    "TogetherHandler",
    "VllmHandler",
    "XaiHandler",
    "ZaiHandler",
]
