"""The shape the code keeps: no import loop, a handler surface for callers, one table per fact."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import llmkit
from llmkit import ApiHandler, WireAdapter
from llmkit._lazy import defined_in
from llmkit._registry import BUILT_IN_PROVIDERS

PACKAGE = Path(llmkit.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the llmkit modules it imports anywhere: top level, in functions, typing-only."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                for alias in node.names:
                    candidate = f"{target}.{alias.name}"
                    targets.add(candidate if candidate in modules else target)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_import_graph_has_no_cycle_typing_only_imports_included() -> None:
    graph = import_graph()
    assert "llmkit._handler" in graph["llmkit._factory"]  # the walk sees real imports
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_shared_module_imports_a_provider() -> None:
    # Data flows one way: the providers use the core; the core never reaches into a provider.
    graph = import_graph()
    core = [name for name in graph if not name.startswith(("llmkit.providers", "llmkit.testing", "llmkit._cli"))]
    for name in core:
        if name in ("llmkit", "llmkit.handlers.factory"):
            continue  # the package's re-exports
        reached = {target for target in graph[name] if target.startswith("llmkit.providers.")}
        assert not reached, f"{name} imports {reached}"


# What a caller uses on a handler: calls, results, settings. Everything else is private or the
# class-level data a provider declares.
CALLER_SURFACE = {
    "aclose",
    "complete",
    "create_message",
    "get_api_stream_usage",
    "model_name",
    "settings",
    "total_requests",
    "total_usage",
}
DECLARATIONS = {
    "adapter",
    "default_base_url",
    "env",
    "has_price_list",
    "pricing_provider",
    "provider_name",
    "requires_api_key",
}


@pytest.mark.parametrize("provider", ["openai", "anthropic", "deepseek", "groq", "azure"])
def test_a_handler_shows_callers_only_what_they_use(provider: str) -> None:
    settings = {"base_url": "https://example.invalid/v1"} if provider == "azure" else {}
    handler = llmkit.create_api_handler(api_provider=provider, api_key="k", model_name="m", **settings)
    public = {name for name in dir(handler) if not name.startswith("_")}
    assert public == CALLER_SURFACE | DECLARATIONS


def test_every_adapter_hook_is_on_the_adapter_not_the_handler() -> None:
    hooks = {"build_request", "new_stream_parser", "parse_completion", "new_frame_decoder", "error_from_response"}
    assert hooks <= set(dir(WireAdapter))
    assert not hooks & set(dir(ApiHandler))


def test_a_method_of_the_adapter_written_on_the_handler_is_refused_with_the_way_to_write_it() -> None:
    with pytest.raises(TypeError, match=r"class MyAdapter\(CompatibleAdapter\)"):

        class Quirky(llmkit.CompatibleHandler):
            def usage_from_wire(self, usage: object) -> object:
                return usage


def test_adapter_data_written_on_the_handler_reaches_the_requests() -> None:
    class Data(llmkit.CompatibleHandler):
        max_tokens_field = "max_completion_tokens"

    assert Data.adapter.max_tokens_field == "max_completion_tokens"
    assert llmkit.CompatibleHandler.adapter.max_tokens_field == "max_tokens"


def test_each_built_in_is_one_table_line_to_its_own_module_and_documented() -> None:
    # Walking every module: a provider class left out of the table could not be found by name.
    defined: dict[str, str] = {}
    for found in pkgutil.walk_packages(llmkit.providers.__path__, "llmkit.providers."):
        module = importlib.import_module(found.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ApiHandler) and defined_in(cls) == module.__name__ and "provider_name" in vars(cls):
                defined[cls.provider_name] = module.__name__.removeprefix("llmkit.providers")
                assert getattr(llmkit.providers, cls.__name__) is cls  # reachable without another edit
    assert defined == BUILT_IN_PROVIDERS
    providers_page = (PACKAGE.parent / "docs" / "providers.md").read_text(encoding="utf-8")
    for name in BUILT_IN_PROVIDERS:
        assert f"`{name}`" in providers_page, f"docs/providers.md does not mention `{name}`"
