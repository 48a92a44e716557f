"""Provider adapters, each loaded when it is first used.

The registry (``llmkit._registry.BUILT_IN_PROVIDERS``) says which module defines each built-in
provider, so ``create_api_handler(api_provider="openai")`` loads the OpenAI adapter and not the
Anthropic one or seventeen presets. This package re-exports the public names of every module in
that table, so a new preset needs no line here.
"""

import typing as _typing

from .._lazy import lazy_exports as _lazy_exports
from .._registry import BUILT_IN_PROVIDERS as _BUILT_IN_PROVIDERS

if _typing.TYPE_CHECKING:
    from ._anthropic import *
    from ._bedrock import *
    from ._custom import *
    from ._deepseek import *
    from ._gemini import *
    from ._openai import *
    from ._openai_wire import *
    from ._responses import *
    from ._vertex import *
    from .presets import *
    from .presets._base import *

if not _typing.TYPE_CHECKING:
    __getattr__, __dir__ = _lazy_exports(
        __name__,
        sorted({*_BUILT_IN_PROVIDERS.values(), "._custom", "._openai_wire", ".presets._base"}),
        subpackages=("presets",),
    )
