"""OpenAI-compatible provider presets: each loads when first used.

Each preset is a small handler subclass of data (name, base URL, environment variables) and, only
for a real quirk of its provider, an adapter subclass that overrides one hook. A preset's class is
imported from its own module (``from llmkit.providers.presets.groq import GroqHandler``); this
package and ``llmkit.providers`` also reach every preset the registry lists, by name.
"""

import typing as _typing

from ..._lazy import lazy_exports as _lazy_exports
from ..._registry import BUILT_IN_PROVIDERS as _BUILT_IN_PROVIDERS

if _typing.TYPE_CHECKING:
    from ._hosted import *
    from ._local import *
    from .azure import *
    from .gemini import *
    from .groq import *
    from .mistral import *
    from .openrouter import *
    from .perplexity import *
    from .xai import *

_PRESET_MODULES = {path[len(".presets") :] for path in _BUILT_IN_PROVIDERS.values() if path.startswith(".presets.")}

if not _typing.TYPE_CHECKING:
    __getattr__, __dir__ = _lazy_exports(__name__, sorted(_PRESET_MODULES))
