"""llmkit: one async streaming interface over many LLM chat APIs.

    from llmkit import create_api_handler

    async with create_api_handler("openai:gpt-4o-mini") as handler:  # the key from OPENAI_API_KEY
        stream = await handler.create_message("You are terse.", [{"role": "user", "content": "Hi"}])
        async for chunk in stream:
            if chunk.type == "text":
                print(chunk.delta, end="")
        print(await handler.get_api_stream_usage())

Every public name is declared once, in the ``__all__`` of the module that defines it; this package
lists those modules and loads each on the first use of one of its names (see ``_lazy.py``).
"""

import logging as _logging
import typing as _typing

from ._lazy import lazy_exports as _lazy_exports

# A library never prints on its own: without this, records reaching an unconfigured ``logging``
# go to Python's last-resort handler, which writes WARNING and above to standard error.
_logging.getLogger("llmkit").addHandler(_logging.NullHandler())

if _typing.TYPE_CHECKING:
    from ._adapter import *
    from ._backend import *
    from ._chunks import *
    from ._completion import *
    from ._conversation import *
    from ._errors import *
    from ._factory import *
    from ._guard import *
    from ._handler import *
    from ._hooks import *
    from ._limits import *
    from ._options import *
    from ._redis_backend import *
    from ._registry import *
    from ._router import *
    from ._schema import *
    from ._stream import *
    from ._telemetry import *
    from .providers._anthropic import *
    from .providers._bedrock import *
    from .providers._custom import *
    from .providers._deepseek import *
    from .providers._gemini import *
    from .providers._openai import *
    from .providers._responses import *
    from .providers._vertex import *
    from .providers.presets._base import *

__version__ = "0.1.0"

if not _typing.TYPE_CHECKING:  # hidden from type checkers, so a misspelt name stays an error there
    __getattr__, __dir__ = _lazy_exports(
        __name__,
        (
            "._adapter",
            "._backend",
            "._chunks",
            "._completion",
            "._conversation",
            "._errors",
            "._factory",
            "._guard",
            "._handler",
            "._hooks",
            "._limits",
            "._options",
            "._redis_backend",
            "._registry",
            "._router",
            "._schema",
            "._stream",
            "._telemetry",
            ".providers._anthropic",
            ".providers._bedrock",
            ".providers._custom",
            ".providers._deepseek",
            ".providers._gemini",
            ".providers._openai",
            ".providers._responses",
            ".providers._vertex",
            ".providers.presets._base",
        ),
        subpackages=("models", "providers", "pricing", "testing"),
        extra=("__version__",),
    )
