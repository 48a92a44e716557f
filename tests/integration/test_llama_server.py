"""llmkit against a real third-party server: llama.cpp's llama-server with a tiny scripted model.

The model's weights are set so that it always says the same thing (see llama_server/), so the
tests can assert the exact text: reasoning "The user says hello.\\n", answer "Hello! I am a tiny
test model.", and for the tool model a get_weather call for Paris.
"""

from __future__ import annotations

import asyncio

import pytest

import llmkit

from .conftest import API_KEY

pytestmark = pytest.mark.anyio

REASONING = "The user says hello.\n"
ANSWER = "Hello! I am a tiny test model."
HI = [{"role": "user", "content": "hi"}]
WEATHER = {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}


def handler(url: str, **settings: object) -> llmkit.ApiHandler:
    return llmkit.create_api_handler({"api_provider": "llamacpp", "model_name": "tiny", "base_url": url, **settings})


async def test_stream_gives_the_reasoning_and_answer_exactly_with_usage(chat_url: str) -> None:
    async with handler(chat_url) as h:
        stream = await h.create_message(None, HI)
        chunks = [chunk async for chunk in stream]
    reasoning = "".join(c.reasoning for c in chunks if c.type == "reasoning")
    text = "".join(c.delta for c in chunks if c.type == "text")
    assert (reasoning, text) == (REASONING, ANSWER)
    usage_chunk, done = chunks[-2], chunks[-1]
    assert usage_chunk.type == "usage" and done.type == "done"
    assert done.finish_reason == "stop"
    usage = usage_chunk.usage
    # One event per token: every text and reasoning chunk is at least one completion token, and the
    # <think>, </think>, blank-line and end tokens the server does not stream make up the rest.
    streamed = sum(c.type in ("text", "reasoning") for c in chunks)
    assert usage.output_tokens == 16 and streamed <= usage.output_tokens <= streamed + 4
    assert usage.input_tokens == 21
    assert stream.request_id is None or isinstance(stream.request_id, str)


async def test_non_streaming_complete(chat_url: str) -> None:
    async with handler(chat_url) as h:
        completion = await h.complete("Be nice.", HI)
    assert (completion.reasoning, completion.text, completion.finish_reason) == (REASONING, ANSWER, "stop")
    assert completion.usage is not None and completion.usage.output_tokens == 16


async def test_max_tokens_ends_with_length(chat_url: str) -> None:
    async with handler(chat_url) as h:
        completion = await (await h.create_message(None, HI, max_tokens=3)).collect()
    assert completion.finish_reason == "length"
    assert completion.reasoning == "The user"
    assert completion.usage is not None and completion.usage.output_tokens == 3


async def test_stop_sequence_cuts_the_answer(chat_url: str) -> None:
    async with handler(chat_url) as h:
        completion = await (await h.create_message(None, HI, stop=[" tiny"])).collect()
    assert completion.text == "Hello! I am a"
    assert completion.finish_reason == "stop"


async def test_thinking_switched_off_through_extra_body(chat_url: str) -> None:
    async with handler(chat_url) as h:
        completion = await h.complete(None, HI, extra_body={"chat_template_kwargs": {"enable_thinking": False}})
    assert (completion.reasoning, completion.text) == ("", ANSWER)


async def test_streamed_tool_call_assembles_into_name_and_json_arguments(tool_url: str) -> None:
    async with handler(tool_url, model_name="tiny-tool") as h:
        turn = await (
            await h.create_message(None, [{"role": "user", "content": "weather?"}], tools=[WEATHER])
        ).collect()
    assert turn.finish_reason == "tool_calls"
    (call,) = turn.tool_calls
    assert call.name == "get_weather"
    assert call.parsed_arguments == {"city": "Paris"}
    assert call.id


async def test_prompt_too_long_is_a_context_window_error(chat_url: str) -> None:
    async with handler(chat_url, max_retries=0) as h:
        with pytest.raises(llmkit.ContextWindowExceededError) as caught:
            await h.create_message(None, [{"role": "user", "content": "hello " * 400}])
    assert caught.value.status_code == 400
    assert caught.value.error_type == "exceed_context_size_error"


async def test_wrong_or_missing_key_is_an_authentication_error(keyed_url: str) -> None:
    for key in (None, "wrong-key"):
        async with handler(keyed_url, api_key=key, max_retries=0) as h:
            with pytest.raises(llmkit.AuthenticationError, match="Invalid API Key"):
                await h.create_message(None, HI)
    async with handler(keyed_url, api_key=API_KEY) as h:
        assert (await h.complete(None, HI)).text == ANSWER


async def test_fifty_concurrent_streams_on_one_handler(chat_url: str) -> None:
    async with handler(chat_url) as h:

        async def one() -> str:
            return (await (await h.create_message(None, HI)).collect()).text

        answers = await asyncio.gather(*(one() for _ in range(50)))
        assert answers == [ANSWER] * 50
        assert h.total_requests == 50
        assert h.total_usage.output_tokens == 50 * 16


async def test_early_close_then_a_new_request_on_the_same_handler(chat_url: str) -> None:
    async with handler(chat_url) as h:
        stream = await h.create_message(None, HI)
        first = await stream.__anext__()
        assert first.type == "reasoning"
        await stream.aclose()
        async for chunk in await h.create_message(None, HI):
            if chunk.type == "text":
                break  # abandon a second one by breaking out
        completion = await (await h.create_message(None, HI)).collect()
    assert completion.text == ANSWER
