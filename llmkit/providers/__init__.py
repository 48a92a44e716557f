"""Provider adapters, each loaded when it is first used.

``_BUILT_IN_PROVIDERS`` tells the registry which module defines each built-in provider, so that
``create_api_handler(api_provider="openai")`` loads the OpenAI adapter and not the Anthropic one
or seventeen presets. Defining an adapter class still registers it (see ``ApiHandler``).
"""

import typing as _typing

from .._lazy import lazy_exports as _lazy_exports

if _typing.TYPE_CHECKING:
    from ._anthropic import AnthropicHandler
    from ._custom import register_provider
    from ._deepseek import DeepSeekHandler
    from ._gemini import GoogleHandler
    from ._openai import OpenAiHandler
    from ._vertex import VertexHandler
    from .presets import (
        AzureFoundryHandler,
        AzureOpenAiHandler,
        CerebrasHandler,
        CrusoeHandler,
        FireworksHandler,
        GeminiHandler,
        GroqHandler,
        LlamaCppHandler,
        LmStudioHandler,
        MistralHandler,
        OllamaHandler,
        OpenRouterHandler,
        PerplexityHandler,
        TogetherHandler,
        VllmHandler,
        XaiHandler,
        ZaiHandler,
    )
    from .presets._base import CompatibleHandler

# Provider name -> the module (relative to this package) whose import registers it.
_BUILT_IN_PROVIDERS: dict[str, str] = {
    "anthropic": "._anthropic",
    "azure": ".presets.azure",
    "azure-foundry": ".presets.azure",
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
    "openrouter": ".presets.openrouter",
    "perplexity": ".presets.perplexity",
    "together": ".presets._hosted",
    "vertex": "._vertex",
    "vllm": ".presets._local",
    "xai": ".presets.xai",
    "zai": ".presets._hosted",
}

_EXPORTS: dict[str, tuple[str, ...]] = {
    "._anthropic": ("AnthropicHandler",),
    "._custom": ("register_provider",),
    "._deepseek": ("DeepSeekHandler",),
    "._gemini": ("GoogleHandler",),
    "._openai": ("OpenAiHandler",),
    "._vertex": ("VertexHandler",),
    ".presets": (
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
    ),
    ".presets._base": ("CompatibleHandler",),
}

if not _typing.TYPE_CHECKING:
    __getattr__, __dir__ = _lazy_exports(__name__, _EXPORTS, subpackages=("presets",))

__all__ = [
    "AnthropicHandler",
    "AzureFoundryHandler",
    "AzureOpenAiHandler",
    "CerebrasHandler",
    "CompatibleHandler",
    "CrusoeHandler",
    "DeepSeekHandler",
    "FireworksHandler",
    "GeminiHandler",
    "GoogleHandler",
    "GroqHandler",
    "LlamaCppHandler",
    "LmStudioHandler",
    "MistralHandler",
    "OllamaHandler",
    "OpenAiHandler",
    "OpenRouterHandler",
    "PerplexityHandler",
    "TogetherHandler",
    "VertexHandler",
    "VllmHandler",
    "XaiHandler",
    "ZaiHandler",
    "register_provider",
]
