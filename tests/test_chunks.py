"""The typed chunks: discriminated, frozen, and readable as the dicts of the original spec."""

from __future__ import annotations

import ast
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pydantic
import pytest

import llmkit
from llmkit import DoneChunk, ReasoningChunk, ReasoningStateChunk, TextChunk, ToolCallChunk, Usage, UsageChunk


def test_public_surface_is_exactly_all() -> None:
    assert sorted(llmkit.__all__) == llmkit.__all__
    for name in llmkit.__all__:  # the lazy names resolve, each to its defining module's object
        assert getattr(llmkit, name) is not None
    public = {name for name in vars(llmkit) if not name.startswith("_")}
    modules = {"handlers", "providers", "testing", "pricing"}
    assert public - modules == set(llmkit.__all__) - {"__version__"}
    assert set(llmkit.__all__) <= set(dir(llmkit))
    with pytest.raises(AttributeError, match="no attribute 'TextChunks'"):
        llmkit.TextChunks  # noqa: B018


def test_lazy_exports_agree_with_the_imports_type_checkers_read() -> None:
    tree = ast.parse(Path(llmkit.__file__).read_text(encoding="utf-8"))
    type_checking = next(node for node in tree.body if isinstance(node, ast.If))
    imported = {
        "." * node.level + (node.module or ""): tuple(alias.name for alias in node.names)
        for node in type_checking.body
        if isinstance(node, ast.ImportFrom)
    }
    assert imported == llmkit._EXPORTS
    exported = sorted(name for names in imported.values() for name in names)
    assert exported == sorted(set(llmkit.__all__) - {"__version__"})


def test_import_llmkit_loads_no_model_and_no_http_client_until_a_name_is_used() -> None:
    script = (
        "import sys, llmkit\n"
        "assert not {'httpx', 'pydantic.main', 'llmkit._chunks'} & set(sys.modules), sorted(sys.modules)\n"
        "from llmkit import LLMError\n"
        "assert 'pydantic.main' not in sys.modules\n"
        "handler = llmkit.create_api_handler(api_provider='openai', api_key='k', model_name='gpt-4o')\n"
        "assert type(handler).__name__ == 'OpenAiHandler' and 'llmkit._chunks' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_chunks_answer_the_mapping_protocol_like_the_seed_dicts() -> None:
    text = TextChunk(delta="Hi")
    assert "delta" in text and text["delta"] == "Hi" and text.get("done", False) is False
    assert "reasoning" not in text and "usage" not in text
    reasoning = ReasoningChunk(reasoning="hmm")
    assert "reasoning" in reasoning and reasoning["reasoning"] == "hmm" and "delta" not in reasoning
    done = DoneChunk(finish_reason="stop", raw_finish_reason="stop")
    assert done.get("done") is True and "delta" not in done
    usage = UsageChunk(usage=Usage(input_tokens=3))
    assert usage["usage"]["input_tokens"] == 3
    assert dict(reasoning) == {"type": "reasoning", "reasoning": "hmm", "choice": 0}
    state = ReasoningStateChunk(signature="c2ln")
    assert state["signature"] == "c2ln" and state.get("encrypted") is None and "reasoning" not in state
    call = ToolCallChunk(index=0, id="c1", name="f", arguments_delta="{")
    assert "delta" not in call and call["arguments_delta"] == "{"
    assert dict(text) == {"type": "text", "delta": "Hi", "choice": 0}
    with pytest.raises(KeyError):
        text["reasoning"]


def test_chunks_are_frozen_and_discriminated() -> None:
    chunk = TextChunk(delta="x")
    with pytest.raises(pydantic.ValidationError):
        chunk.delta = "y"  # type: ignore[misc]
    adapter: pydantic.TypeAdapter[llmkit.StreamChunk] = pydantic.TypeAdapter(llmkit.StreamChunk)
    assert adapter.validate_python({"type": "reasoning", "reasoning": "r"}) == ReasoningChunk(reasoning="r")
    assert adapter.validate_json(chunk.model_dump_json()) == chunk
    state = ReasoningStateChunk(signature="c2ln", choice=1)
    assert adapter.validate_json(state.model_dump_json()) == state


def test_usage_adds_up_and_keeps_unknown_cost_unknown() -> None:
    a = Usage(input_tokens=10, output_tokens=5, cache_read_tokens=4, reasoning_tokens=2, cost=Decimal("0.01"))
    b = Usage(input_tokens=1, output_tokens=1, cost=Decimal("0.002"))
    total = a + b
    assert (total.input_tokens, total.output_tokens, total.cache_read_tokens, total.cost) == (
        11,
        6,
        4,
        Decimal("0.012"),
    )
    assert (a + Usage()).cost is None
    assert a.total_tokens == 15
    assert "cost=$0.01" in str(a) and "cost=unknown" in str(Usage())


def test_chunks_iterate_like_dicts_and_usages_sum() -> None:
    chunk = TextChunk(delta="Hi")
    assert list(chunk) == ["type", "delta", "choice"] and len(chunk) == 3
    assert chunk.items() == [("type", "text"), ("delta", "Hi"), ("choice", 0)]
    assert chunk.values() == ["text", "Hi", 0]
    assert dict(chunk) == {"type": "text", "delta": "Hi", "choice": 0}
    total = sum([Usage(input_tokens=1, cost=Decimal("0.1")), Usage(input_tokens=2, cost=Decimal("0.2"))])
    assert isinstance(total, Usage) and total.input_tokens == 3 and total.cost == Decimal("0.3")
    assert chunk.model_dump() == {"type": "text", "delta": "Hi", "choice": 0}
    assert chunk == TextChunk(delta="Hi") and chunk.model_copy(update={"delta": "Ho"}).delta == "Ho"
