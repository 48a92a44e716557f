"""Whatever a server sends, only llmkit's own errors come out of a stream."""

from __future__ import annotations

import asyncio
import json

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import llmkit
from llmkit.testing import chat_stream

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


Run = tuple[list[llmkit.StreamChunk], BaseException | None]


def run(body: bytes, read_size: int) -> Run:
    """What a stream over ``body`` (in ``read_size``-byte reads) yields, and the error that ended it."""
    yielded: list[llmkit.StreamChunk] = []

    async def go() -> BaseException | None:
        def respond(request: httpx.Request) -> httpx.Response:
            pieces = [body[i : i + read_size] for i in range(0, len(body), read_size)] or [b""]
            return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=_Stream(pieces))

        async with httpx.AsyncClient(transport=httpx.MockTransport(respond)) as client:
            handler = llmkit.create_api_handler(
                api_provider="openai", api_key=SENTINEL_KEY, model_name="m", http_client=client, max_retries=0
            )
            try:
                async for chunk in await handler.create_message(None, [{"role": "user", "content": "x"}]):
                    yielded.append(chunk)
            except Exception as exc:  # the property under test: which exceptions escape
                return exc
            return None

    return yielded, asyncio.run(go())


def assert_only_llm_errors(outcome: Run) -> None:
    _, error = outcome
    assert error is None or isinstance(error, llmkit.LLMError), f"{type(error).__name__} escaped: {error!r}"


def shape(outcome: Run) -> tuple[list[llmkit.StreamChunk], type[BaseException] | None]:
    chunks, error = outcome
    return chunks, None if error is None else type(error)


def output(chunks: list[llmkit.StreamChunk]) -> list[llmkit.StreamChunk]:
    """The answer's own chunks: neither the usage nor the done chunk, which only a whole stream has."""
    return [c for c in chunks if c.type not in ("usage", "done")]


class _Stream(httpx.AsyncByteStream):
    def __init__(self, pieces: list[bytes]) -> None:
        self._pieces = pieces

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        for piece in self._pieces:
            yield piece


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.integers(min_value=1, max_value=50))
def test_arbitrary_bytes_raise_only_llm_errors_whatever_the_reads(body: bytes, read_size: int) -> None:
    outcome = run(body, read_size)
    assert_only_llm_errors(outcome)
    # How the network cuts the body changes nothing: the same chunks, then the same end.
    assert shape(outcome) == shape(run(body, len(body) or 1))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JSON | CHUNKS, max_size=6), st.booleans(), st.integers(min_value=1, max_value=50))
def test_arbitrary_json_events_raise_only_llm_errors_whatever_the_reads(
    events: list[object], done: bool, read_size: int
) -> None:
    body = ("".join(f"data: {json.dumps(e)}\n\n" for e in events) + ("data: [DONE]\n\n" if done else "")).encode()
    outcome = run(body, read_size)
    assert_only_llm_errors(outcome)
    assert shape(outcome) == shape(run(body, len(body) or 1))


WORDS = st.text(alphabet="abc xyz", min_size=1, max_size=30)
# A fault no server sends on purpose: bytes that are not an event's JSON, or the connection cut short.
GARBAGE = st.binary(min_size=1, max_size=60).map(
    lambda b: b"data: " + b.replace(b"\n", b"").replace(b"\r", b"") + b"\n\n"
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WORDS, st.none() | WORDS, st.data(), st.integers(min_value=1, max_value=50))
def test_what_a_broken_stream_yields_is_a_prefix_of_the_clean_answer(
    content: str, reasoning: str | None, data: st.DataObject, read_size: int
) -> None:
    clean_body = chat_stream(content, reasoning=reasoning, usage={"prompt_tokens": 3, "completion_tokens": 4}).body
    clean, clean_error = run(clean_body, read_size)
    assert clean_error is None and clean[-1].type == "done"
    events = [e + b"\n\n" for e in clean_body.split(b"\n\n") if e]
    if data.draw(st.booleans(), label="cut the connection"):
        broken = clean_body[: data.draw(st.integers(min_value=0, max_value=len(clean_body) - 1), label="cut at")]
    else:
        at = data.draw(st.integers(min_value=0, max_value=len(events)), label="garbage at")
        broken = b"".join([*events[:at], data.draw(GARBAGE, label="garbage"), *events[at:]])
    chunks, error = outcome = run(broken, read_size)
    assert_only_llm_errors(outcome)
    # Nothing made up, nothing lost before the fault: the answer so far, as the clean stream had it.
    assert output(chunks) == output(clean)[: len(output(chunks))]
    if error is None:
        assert chunks[-1].type == "done"
