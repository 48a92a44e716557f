"""OpenAI-compatible provider presets: importing this package registers every one of them.

Each preset is a small subclass of the OpenAI adapter: data (name, base URL, environment
variables) and, only for a real quirk of its provider, one overridden hook.
"""

from ._hosted import CerebrasHandler, CrusoeHandler, FireworksHandler, TogetherHandler, ZaiHandler
from ._local import LlamaCppHandler, LmStudioHandler, OllamaHandler, VllmHandler
from .azure import AzureFoundryHandler, AzureOpenAiHandler
from .gemini import GeminiHandler
from .groq import GroqHandler
from .mistral import MistralHandler
from .openrouter import OpenRouterHandler
from .perplexity import PerplexityHandler
from .xai import XaiHandler

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
