"""What ``import llmkit`` loads, and the public surface it offers."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import llmkit
import llmkit.providers
import llmkit.providers.presets
from llmkit import ApiHandler
from llmkit._registry import handler_class

LAZY_PACKAGES = [llmkit, llmkit.providers, llmkit.providers.presets]


def run(script: str) -> None:
    """Run ``script`` in a fresh interpreter: what a program that has imported nothing else sees."""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_public_surface_is_exactly_all() -> None:
    assert sorted(llmkit.__all__) == llmkit.__all__
    for name in llmkit.__all__:  # every lazy name resolves
        assert getattr(llmkit, name) is not None
    public = {name for name in vars(llmkit) if not name.startswith("_")}
    modules = {"handlers", "providers", "testing", "pricing"}
    assert public - modules == set(llmkit.__all__) - {"__version__"}
    assert set(llmkit.__all__) <= set(dir(llmkit))
    with pytest.raises(AttributeError, match="no attribute 'TextChunks'"):
        llmkit.TextChunks  # noqa: B018


@pytest.mark.parametrize("package", LAZY_PACKAGES, ids=lambda package: package.__name__)
def test_lazy_exports_agree_with_the_imports_type_checkers_read(package: ModuleType) -> None:
    tree = ast.parse(Path(str(package.__file__)).read_text(encoding="utf-8"))
    type_checking = next(node for node in tree.body if isinstance(node, ast.If))
    imported = {
        "." * node.level + (node.module or ""): tuple(alias.name for alias in node.names)
        for node in type_checking.body
        if isinstance(node, ast.ImportFrom)
    }
    assert imported == package._EXPORTS
    exported = {name for names in imported.values() for name in names}
    assert exported == set(package.__all__) - {"__version__", "BUILT_IN_PROVIDERS"}
    for module, names in imported.items():
        for name in names:
            assert getattr(package, name) is getattr(importlib.import_module(module, package.__name__), name)


def test_every_built_in_provider_is_found_in_the_module_the_table_names() -> None:
    table = llmkit.providers.BUILT_IN_PROVIDERS
    defined: dict[str, str] = {}
    for module_name in set(table.values()):
        module = importlib.import_module(module_name, "llmkit.providers")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ApiHandler) and cls.__module__ == module.__name__ and "provider_name" in vars(cls):
                defined[cls.provider_name] = module_name
    assert defined == table
    for name, module_name in table.items():
        assert handler_class(name).__module__ == "llmkit.providers" + module_name
    assert set(table) <= set(llmkit.provider_names())


def test_import_llmkit_loads_no_model_and_no_http_client_until_a_name_is_used() -> None:
    run(
        "import sys, llmkit\n"
        "assert not {'httpx', 'pydantic.main', 'llmkit._chunks'} & set(sys.modules), sorted(sys.modules)\n"
        "from llmkit import LLMError\n"
        "assert 'pydantic.main' not in sys.modules\n"
    )


def test_a_handler_loads_its_own_adapter_and_not_the_others() -> None:
    run(
        "import sys, llmkit\n"
        "handler = llmkit.create_api_handler(api_provider='openai', api_key='k', model_name='gpt-4o')\n"
        "assert type(handler).__name__ == 'OpenAiHandler'\n"
        "loaded = {m for m in sys.modules if m.startswith('llmkit.providers.')}\n"
        "assert loaded == {'llmkit.providers._openai', 'llmkit.providers._openai_wire',\n"
        "                  'llmkit.providers._chat_stream', 'llmkit.providers._think'}, sorted(loaded)\n"
        "assert 'llmkit._completion' not in sys.modules  # only complete() and collect() need it\n"
        "groq = llmkit.create_api_handler(api_provider='GROQ', api_key='k', model_name='llama')\n"
        "assert type(groq).__name__ == 'GroqHandler'\n"
        "assert 'llmkit.providers._anthropic' not in sys.modules\n"
        "assert 'llmkit.providers.presets.mistral' not in sys.modules\n"
    )
