"""``from llmkit.handlers.factory import create_api_handler``, as the original spec imported it."""

from .._factory import create_api_handler

__all__ = ["create_api_handler"]
