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
import inspect
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


_defined_in: dict[object, str] = {}


def defined_in(value: object) -> str:
    """The module that defined ``value``, whatever ``__module__`` it reports to users."""
    return _defined_in.get(value) or str(getattr(value, "__module__", ""))


def publish(namespace: dict[str, object], package: str | None = None) -> None:
    """Give the classes and functions a module exports the ``__module__`` users import them from.

    Called at the end of each public module (``publish(globals(), "llmkit")``), or of a package
    that imports its names eagerly (``publish(globals())``), so a traceback reads
    ``llmkit.ConfigError`` rather than ``llmkit._errors.ConfigError``; pickle finds the name
    there too. String annotations are resolved first, in the module that wrote them, since
    ``typing.get_type_hints`` and pydantic look names up in ``__module__``'s namespace.
    """
    home = str(namespace["__name__"])
    target = package or home
    exported = namespace["__all__"]
    assert isinstance(exported, (list, tuple))
    for name in exported:
        value = namespace[name]
        module = getattr(value, "__module__", None)
        if not (isinstance(value, type) or inspect.isfunction(value)) or module == target:
            continue
        if not isinstance(module, str) or not module.startswith(f"{home.partition('.')[0]}."):
            continue  # a name re-exported from elsewhere (typing, another library)
        if isinstance(value, type):
            _resolve_annotations(value, vars(sys.modules[module]))
        _defined_in[value] = module
        value.__module__ = target


def _resolve_annotations(cls: type, module_globals: dict[str, object]) -> None:
    annotations = dict(inspect.get_annotations(cls))
    scope = dict(vars(cls))
    resolved = False
    for name, annotation in annotations.items():
        if isinstance(annotation, str):
            try:
                annotations[name] = eval(annotation, dict(module_globals), scope)
            except Exception:  # a name only type checkers see: it stays a string, as it was
                continue
            resolved = True
    if resolved:
        cls.__annotations__ = annotations
