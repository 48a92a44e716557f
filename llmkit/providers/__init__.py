"""Provider adapters. Importing this package registers the built-in providers and presets."""

from ._anthropic import AnthropicHandler
from ._custom import register_provider
from ._deepseek import DeepSeekHandler
from ._openai import OpenAiHandler
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
    "GroqHandler",
    "LlamaCppHandler",
    "LmStudioHandler",
    "MistralHandler",
    "OllamaHandler",
    "OpenAiHandler",
    "OpenRouterHandler",
    "PerplexityHandler",
    "TogetherHandler",
    "VllmHandler",
    "XaiHandler",
    "ZaiHandler",
    "register_provider",
]
