"""Whatever a server sends, only llmkit's own errors come out of a stream."""

from __future__ import annotations

import asyncio
import json

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import llmkit

from .conftest import SENTINEL_KEY

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
# Plausible chunk shapes, so the fuzzing reaches deep into the parser and not only its first check.
CHUNKS = st.fixed_dictionaries(
    {},
    optional={
        "choices": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "index": JSON,
                    "delta": st.fixed_dictionaries(
                        {},
                        optional={
                            "content": JSON,
                            "reasoning_content": JSON,
                            "tool_calls": st.lists(st.dictionaries(st.sampled_from(["index", "id", "function"]), JSON)),
                        },
                    ),
                    "finish_reason": JSON,
                },
            ),
            max_size=3,
        ),
        "usage": JSON,
        "error": JSON,
    },
)


def run(body: bytes, read_size: int) -> None:
    async def go() -> None:
        def respond(request: httpx.Request) -> httpx.Response:
            pieces = [body[i : i + read_size] for i in range(0, len(body), read_size)] or [b""]
            return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=_Stream(pieces))

        async with httpx.AsyncClient(transport=httpx.MockTransport(respond)) as client:
            handler = llmkit.create_api_handler(
                api_provider="openai", api_key=SENTINEL_KEY, model_name="m", http_client=client, max_retries=0
            )
            try:
                async for _ in await handler.create_message(None, [{"role": "user", "content": "x"}]):
                    pass
            except llmkit.LLMError:
                pass

    asyncio.run(go())


class _Stream(httpx.AsyncByteStream):
    def __init__(self, pieces: list[bytes]) -> None:
        self._pieces = pieces

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        for piece in self._pieces:
            yield piece


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.integers(min_value=1, max_value=50))
def test_arbitrary_bytes_raise_only_llm_errors(body: bytes, read_size: int) -> None:
    run(body, read_size)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JSON | CHUNKS, max_size=6), st.booleans(), st.integers(min_value=1, max_value=50))
def test_arbitrary_json_events_raise_only_llm_errors(events: list[object], done: bool, read_size: int) -> None:
    body = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + ("data: [DONE]\n\n" if done else "")
    run(body.encode(), read_size)
