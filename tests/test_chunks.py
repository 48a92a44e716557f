"""The typed chunks: discriminated, frozen, and readable as the dicts of the original spec."""

from __future__ import annotations

from decimal import Decimal

import pydantic
import pytest

import llmkit
from llmkit import DoneChunk, ReasoningChunk, ReasoningStateChunk, TextChunk, ToolCallChunk, Usage, UsageChunk


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
    assert dict(text) == {"type": "text", "delta": "Hi", "choice": 0, "logprobs": None}
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


def test_usage_adds_up_1h_cache_writes() -> None:
    a = Usage(input_tokens=100, cache_write_tokens=50, cache_write_1h_tokens=20)
    b = Usage(input_tokens=10, cache_write_tokens=5, cache_write_1h_tokens=5)
    total = a + b
    assert (total.cache_write_tokens, total.cache_write_1h_tokens) == (55, 25)
    assert sum([a, b]) == total
    assert (a + Usage()).cache_write_1h_tokens == 20
    assert Usage().cache_write_1h_tokens == 0 and Usage()["cache_write_1h_tokens"] == 0
    assert "cache write 50 of which 1h 20" in str(a)
    assert "1h" not in str(Usage(cache_write_tokens=3))


def test_added_usages_keep_the_service_tier_they_share_and_only_that() -> None:
    flex = Usage(input_tokens=1, service_tier="flex")
    assert (flex + Usage(output_tokens=2, service_tier="flex")).service_tier == "flex"
    # Calls served by different tiers (or one that reported none) have no one tier between them.
    assert (flex + Usage(service_tier="priority")).service_tier is None
    assert (flex + Usage()).service_tier is None
    assert (Usage() + Usage()).service_tier is None
    assert sum([flex, flex, flex]).service_tier == "flex"


def test_chunks_iterate_like_dicts_and_usages_sum() -> None:
    chunk = TextChunk(delta="Hi")
    assert list(chunk) == ["type", "delta", "choice", "logprobs"] and len(chunk) == 4
    assert chunk.items() == [("type", "text"), ("delta", "Hi"), ("choice", 0), ("logprobs", None)]
    assert chunk.values() == ["text", "Hi", 0, None]
    assert dict(chunk) == {"type": "text", "delta": "Hi", "choice": 0, "logprobs": None}
    total = sum([Usage(input_tokens=1, cost=Decimal("0.1")), Usage(input_tokens=2, cost=Decimal("0.2"))])
    assert isinstance(total, Usage) and total.input_tokens == 3 and total.cost == Decimal("0.3")
    assert chunk.model_dump() == {"type": "text", "delta": "Hi", "choice": 0, "logprobs": None}
    assert chunk == TextChunk(delta="Hi") and chunk.model_copy(update={"delta": "Ho"}).delta == "Ho"
