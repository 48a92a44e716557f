"""Provider adapters. Importing this package registers the built-in providers."""

from ._deepseek import DeepSeekHandler
from ._openai import OpenAiHandler

__all__ = ["DeepSeekHandler", "OpenAiHandler"]
