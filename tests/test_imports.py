"""What ``import llmkit`` loads, and the public surface it offers."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType

import pytest

import llmkit
import llmkit.providers
import llmkit.providers.presets
from llmkit import ApiHandler
from llmkit._lazy import defined_in
from llmkit._registry import provider_class as handler_class

LAZY_PACKAGES = [llmkit, llmkit.providers, llmkit.providers.presets]


def run(script: str) -> None:
    """Run ``script`` in a fresh interpreter: what a program that has imported nothing else sees."""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_public_surface_is_exactly_all() -> None:
    assert sorted(llmkit.__all__) == llmkit.__all__
    for name in llmkit.__all__:  # every lazy name resolves
        assert getattr(llmkit, name) is not None
    public = {name for name in vars(llmkit) if not name.startswith("_")}
    modules = {"handlers", "models", "providers", "testing", "pricing"}
    assert public - modules == set(llmkit.__all__) - {"__version__"}
    assert set(llmkit.__all__) <= set(dir(llmkit))
    with pytest.raises(AttributeError, match="no attribute 'TextChunks'"):
        llmkit.TextChunks  # noqa: B018


@pytest.mark.parametrize("package", LAZY_PACKAGES, ids=lambda package: package.__name__)
def test_each_public_name_is_declared_once_in_its_module(package: ModuleType) -> None:
    # A package re-exports whole modules: type checkers read its star imports, which take each
    # module's __all__, and at run time the same __all__ says where a name lives.
    tree = ast.parse(Path(str(package.__file__)).read_text(encoding="utf-8"))
    type_checking = next(node for node in tree.body if isinstance(node, ast.If))
    modules = [
        "." * node.level + (node.module or "")
        for node in type_checking.body
        if isinstance(node, ast.ImportFrom) and [alias.name for alias in node.names] == ["*"]
    ]
    assert len(modules) == len(type_checking.body), "only star imports of whole modules"
    declared: dict[str, str] = {}
    for module_name in modules:
        module = importlib.import_module(module_name, package.__name__)
        names = getattr(module, "__all__", None)
        if names is None:  # a package: its own lazily computed __all__
            names = module.__all__
        for name in names:
            assert name not in declared or getattr(module, name) is getattr(package, name), (
                f"{name} is declared in both {declared[name]} and {module_name}"
            )
            declared.setdefault(name, module_name)
            assert getattr(package, name) is getattr(module, name)
    assert set(declared) == set(package.__all__) - {"__version__"}


def test_module_all_is_the_literal_the_lazy_loader_reads() -> None:
    # The loader reads ``__all__`` from source without importing: it must be one literal list.
    for found in pkgutil.walk_packages(llmkit.__path__, "llmkit."):
        if found.ispkg:
            continue
        module = importlib.import_module(found.name)
        if hasattr(module, "__all__"):
            assert llmkit._lazy.declared_names(found.name, "llmkit") == tuple(module.__all__), found.name


def test_every_built_in_provider_is_in_the_table_under_the_module_that_defines_it() -> None:
    # Walk every module, so that an adapter left out of the table (which create_api_handler
    # could then not find) fails here.
    defined: dict[str, str] = {}
    for found in pkgutil.walk_packages(llmkit.providers.__path__, "llmkit.providers."):
        module = importlib.import_module(found.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ApiHandler) and defined_in(cls) == module.__name__ and "provider_name" in vars(cls):
                defined[cls.provider_name] = module.__name__.removeprefix("llmkit.providers")
    table = llmkit._registry.BUILT_IN_PROVIDERS
    assert defined == table
    for name, module_name in table.items():
        assert defined_in(handler_class(name)) == "llmkit.providers" + module_name


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
        "                  'llmkit.providers._chat_stream', 'llmkit.providers._think',\n"
        "                  'llmkit.providers.presets'}, sorted(loaded)  # the package, no preset\n"
        "groq = llmkit.create_api_handler(api_provider='GROQ', api_key='k', model_name='llama')\n"
        "assert type(groq).__name__ == 'GroqHandler'\n"
        "assert 'llmkit.providers._anthropic' not in sys.modules\n"
        "assert 'llmkit.providers.presets.mistral' not in sys.modules\n"
    )


def test_subpackages_are_reached_as_attributes_without_their_own_import() -> None:
    run(
        "import llmkit\n"
        "assert llmkit.providers.register_provider is llmkit.register_provider\n"
        "assert llmkit.providers.presets.AzureOpenAiHandler.provider_name == 'azure'\n"
    )


def test_a_users_class_under_a_built_in_name_wins_in_any_import_order() -> None:
    run(
        "import llmkit\n"
        "from llmkit.providers import GroqHandler, register_provider\n"
        "class MyGroq(GroqHandler, replace=True):\n"
        "    provider_name = 'groq'\n"
        "mine = register_provider('OpenAI', base_url='http://127.0.0.1:9/v1', replace=True)\n"
        "try:\n"
        "    register_provider('Anthropic', base_url='http://127.0.0.1:9/v1')\n"
        "except llmkit.ConfigError as error:\n"
        "    assert 'already registered' in str(error)\n"
        "else:\n"
        "    raise AssertionError('a built-in name not yet loaded was taken without replace=True')\n"
        "assert type(llmkit.create_api_handler(api_provider='groq', api_key='k', model_name='m')) is MyGroq\n"
        "assert type(llmkit.create_api_handler(api_provider='openai', api_key='k', model_name='m')) is mine\n"
        "assert llmkit.provider_names().count('openai') == 1\n"
        "assert type(llmkit.create_api_handler(api_provider='openai', api_key='k', model_name='m')) is mine\n"
    )


def test_an_adapter_of_ones_own_loads_no_other_built_in() -> None:
    run(
        "import sys, llmkit\n"
        "class Acme(llmkit.CompatibleHandler):\n"
        "    provider_name, default_base_url = 'acme', 'https://llm.example.invalid/v1'\n"
        "assert type(llmkit.create_api_handler(api_provider='acme', api_key='k', model_name='m')) is Acme\n"
        "others = ('llmkit.providers._anthropic', 'llmkit.providers._deepseek', 'llmkit.providers.presets.')\n"
        "loaded = [m for m in sys.modules if m.startswith(others) and m != 'llmkit.providers.presets._base']\n"
        "assert not loaded, loaded\n"
    )


def test_threads_that_first_touch_llmkit_together_each_get_their_handler() -> None:
    run(
        "import threading, llmkit\n"
        "names = ['openai', 'anthropic', 'deepseek', 'groq', 'azure', 'ollama', 'gemini', 'xai']\n"
        "made, failed = {}, []\n"
        "start = threading.Barrier(len(names))\n"
        "def make(name):\n"
        "    start.wait()\n"
        "    try:\n"
        "        made[name] = llmkit.create_api_handler(api_provider=name, api_key='k', model_name='m',\n"
        "                                               base_url='http://127.0.0.1:9/v1')\n"
        "    except Exception as error:\n"
        "        failed.append(repr(error))\n"
        "threads = [threading.Thread(target=make, args=(name,)) for name in names]\n"
        "for thread in threads: thread.start()\n"
        "for thread in threads: thread.join()\n"
        "assert not failed, failed\n"
        "assert {name: type(made[name]).provider_name for name in names} == {name: name for name in names}\n"
    )


@pytest.mark.parametrize("method", ["create_message", "complete", "get_api_stream_usage", "aclose"])
def test_the_handlers_methods_have_type_hints_that_resolve_at_run_time(method: str) -> None:
    # Tools that read annotations at run time (docs generators, validators) must see real types.
    hints = typing.get_type_hints(getattr(llmkit.OpenAiHandler, method))
    assert "return" in hints
    assert typing.get_type_hints(llmkit.ApiStream.collect)["return"] is llmkit.Completion
