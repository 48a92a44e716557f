"""Public names that load on first use (PEP 562), as ``import pydantic`` does.

A package lists where each public name lives; its ``__getattr__`` imports that module only when
the name is first read, then keeps the value in the package's namespace, so later reads are plain
attribute lookups. Type checkers read the package's ``TYPE_CHECKING`` imports instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_exports(
    package: str, exports: Mapping[str, tuple[str, ...]], subpackages: tuple[str, ...] = ()
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose ``exports`` maps module -> names.

    ``subpackages`` are public subpackages that ``package.name`` reaches without an import of
    its own, as it did when the package imported them eagerly.
    """
    home = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> object:
        if name in subpackages:
            return import_module(f"{package}.{name}")
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *home, *subpackages})

    return __getattr__, __dir__
