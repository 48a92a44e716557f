"""Public names that load on first use (PEP 562), as ``import pydantic`` does.

Each module declares its public names once, in its own ``__all__``. A package lists only the
modules it re-exports; its ``__getattr__`` finds which module declares a name by reading that
literal ``__all__`` from the module's source (a fraction of a millisecond, no import), imports
that module only when one of its names is first read, and keeps the value in the package's
namespace, so later reads are plain attribute lookups. Type checkers read the package's
``TYPE_CHECKING`` star imports, which take the same ``__all__``.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterable
from importlib import import_module
from importlib.util import find_spec

_MARK = "\n__all__ = ["


def declared_names(module: str, package: str) -> tuple[str, ...]:
    """The ``__all__`` of ``module`` (relative to ``package``), read without importing it if possible."""
    spec = find_spec(module, package)
    origin = spec.origin if spec is not None else None
    if origin is not None and origin.endswith(".py"):
        with open(origin, encoding="utf-8") as file:
            source = file.read()
        start = source.find(_MARK)
        if start >= 0:
            end = source.index("]", start)
            names: list[str] = ast.literal_eval(source[start + len(_MARK) - 1 : end + 1])
            return tuple(names)
    return tuple(import_module(module, package).__all__)  # a compiled-only install


def lazy_exports(
    package: str, modules: Iterable[str], subpackages: tuple[str, ...] = (), extra: tuple[str, ...] = ()
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, which re-exports ``modules``.

    ``__all__`` is answered on first use too, as the modules' names and ``extra`` (names the
    package defines itself). ``subpackages`` are public subpackages that ``package.name`` reaches
    without an import of its own, as it did when the package imported them eagerly.
    """
    listed = tuple(modules)
    found: dict[str, str] = {}

    def home() -> dict[str, str]:
        if not found:
            # Built whole before it is shared: a thread arriving meanwhile builds its own copy.
            table = {name: module for module in listed for name in declared_names(module, package)}
            found.update(table)
        return found

    def __getattr__(name: str) -> object:
        if name in subpackages:
            return import_module(f"{package}.{name}")
        if name == "__all__":
            value: object = sorted({*home(), *extra})
        else:
            module = home().get(name)
            if module is None:
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            value = getattr(import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *home(), *subpackages})

    return __getattr__, __dir__
