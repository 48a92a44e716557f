"""The three ways reasoning arrives on OpenAI-compatible servers, all read by the generic adapter."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpx import HTTPXMock, IteratorStream

import llmkit
from llmkit.providers._think import ThinkTagSplitter

from ._helpers import collect, pieces

pytestmark = pytest.mark.anyio


def events(*deltas: dict[str, object]) -> bytes:
    body = "".join(
        "data: " + json.dumps({"choices": [{"index": 0, "delta": d, "finish_reason": None}]}) + "\n\n" for d in deltas
    )
    return (body + 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n').encode()


async def run(httpx_mock: HTTPXMock, body: bytes) -> tuple[str, str]:
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, stream=IteratorStream(list(pieces(body, 5))))
    handler = llmkit.create_api_handler(api_provider="openai", model_name="m", base_url="http://127.0.0.1:1/v1")
    result = await collect(await handler.create_message(None, [{"role": "user", "content": "hi"}]))
    return result.reasoning.get(0, ""), result.content


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning"])
async def test_reasoning_fields(httpx_mock: HTTPXMock, field: str) -> None:
    body = events({field: "Let me think."}, {field: " Done."}, {"content": "Answer."})
    assert await run(httpx_mock, body) == ("Let me think. Done.", "Answer.")


async def test_think_tags_in_content_split_across_deltas(httpx_mock: HTTPXMock) -> None:
    body = events(
        {"content": "<thi"},
        {"content": "nk>\nThe user"},
        {"content": " says hi.\n</th"},
        {"content": "ink>\n\n"},
        {"content": "Hello!"},
        {"content": " <think> is a tag."},
    )
    assert await run(httpx_mock, body) == ("\nThe user says hi.\n", "Hello! <think> is a tag.")


async def test_a_think_tag_later_in_the_answer_is_just_text(httpx_mock: HTTPXMock) -> None:
    body = events({"content": "Use <think>"}, {"content": " tags</think>."})
    assert await run(httpx_mock, body) == ("", "Use <think> tags</think>.")


async def test_an_unclosed_think_at_the_end_is_reasoning(httpx_mock: HTTPXMock) -> None:
    assert await run(httpx_mock, events({"content": "<think>still thinking </thi"})) == ("still thinking </thi", "")


@given(
    st.text(alphabet="ab<>/thinkx \n", max_size=30),
    st.text(alphabet="ab<>/thinkx \n", max_size=30),
    st.integers(min_value=1, max_value=5),
)
def test_splitting_never_loses_or_reorders_text(reasoning: str, answer: str, size: int) -> None:
    answer = answer.lstrip()
    if "</think>" in reasoning:
        return
    text = f"<think>{reasoning}</think>\n\n{answer}"
    splitter = ThinkTagSplitter()
    parts = []
    for start in range(0, len(text), size):
        parts += splitter.feed(text[start : start + size])
    parts += splitter.close()
    assert "".join(t for r, t in parts if r) == reasoning
    assert "".join(t for r, t in parts if not r) == answer
