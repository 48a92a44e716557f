"""llmkit.testing: the scripted fake provider and the record-once cassette client."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import llmkit
from llmkit import ToolCall, Usage
from llmkit.pricing import override_price
from llmkit.testing import FakeHandler, FakeResponse, ReplayServer, cassette_client, chat_stream

from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

FAKE = {"api_provider": "fake", "model_name": "fake-1"}


async def test_fake_provider_streams_the_scripted_answer_through_the_real_parser() -> None:
    usage = Usage(input_tokens=10, output_tokens=4, reasoning_tokens=1)
    with FakeHandler.script(FakeResponse(text="Hello there!", reasoning="Greet.", usage=usage)) as script:
        async with llmkit.create_api_handler(FAKE) as handler:
            stream = await handler.create_message("sys", [{"role": "user", "content": "Hi"}])
            completion = await stream.collect()
    assert (completion.text, completion.reasoning, completion.finish_reason) == ("Hello there!", "Greet.", "stop")
    assert completion.usage == usage
    assert script.requests[0]["messages"] == [
        {"role": "system", "content": "sys"},
        {"role": "user", "content": "Hi"},
    ]


async def test_fake_tool_calls_complete_and_pricing_registered_by_the_test() -> None:
    call = ToolCall(id="c1", name="lookup", arguments='{"q": "x"}')
    responses = (FakeResponse(tool_calls=[call], usage=Usage(input_tokens=1_000_000, output_tokens=0)),)
    with FakeHandler.script(*responses), override_price("fake", "fake-1", input="2", output="8"):
        async with llmkit.create_api_handler(FAKE) as handler:
            completion = await handler.complete(None, [{"role": "user", "content": "q"}], tools=[{"name": "lookup"}])
    assert completion.tool_calls == (call,)
    assert completion.usage is not None and completion.usage.cost == Decimal(2)


async def test_fake_errors_before_and_during_the_stream() -> None:
    script = FakeHandler.script(
        FakeResponse(error=llmkit.AuthenticationError("bad key", status_code=401)),
        FakeResponse(text="one two three", error=llmkit.ServerError("boom"), fail_after=2),
    )
    with script:
        async with llmkit.create_api_handler(FAKE) as handler:
            with pytest.raises(llmkit.AuthenticationError):
                await handler.create_message(None, [{"role": "user", "content": "x"}])
            seen = []
            with pytest.raises(llmkit.ServerError, match="boom"):
                async for chunk in await handler.create_message(None, [{"role": "user", "content": "x"}]):
                    seen.append(chunk)
    assert [c.delta for c in seen if c.type == "text"] == ["one", " two"]


async def test_fake_refuses_requests_beyond_its_script() -> None:
    with FakeHandler.script() as script:
        async with llmkit.create_api_handler(FAKE) as handler:
            with pytest.raises(AssertionError, match="more requests than its script"):
                await handler.complete(None, [{"role": "user", "content": "x"}])
    assert len(script.requests) == 1


async def test_cassette_records_once_without_the_key_then_replays_without_a_server(tmp_path: Path) -> None:
    cassette = tmp_path / "hello.json"
    settings = {"api_provider": "openai", "api_key": SENTINEL_KEY, "model_name": "gpt-4o"}
    with ReplayServer(
        chat_stream("Hi from the real server.", usage={"prompt_tokens": 3, "completion_tokens": 5})
    ) as server:
        async with cassette_client(cassette) as client:
            handler = llmkit.create_api_handler(settings, base_url=server.url + "/v1", http_client=client)
            recorded = await (await handler.create_message(None, [{"role": "user", "content": "hi"}])).collect()
    assert cassette.exists()
    assert SENTINEL_KEY not in cassette.read_text()
    async with cassette_client(cassette) as client:  # the server is gone: this must come from the file
        handler = llmkit.create_api_handler(settings, base_url=server.url + "/v1", http_client=client)
        replayed = await (await handler.create_message(None, [{"role": "user", "content": "hi"}])).collect()
    assert replayed.text == recorded.text == "Hi from the real server."
    assert replayed.usage == recorded.usage


async def test_concurrent_tasks_each_answer_from_their_own_script() -> None:
    import asyncio

    async def run(text: str) -> str:
        with FakeHandler.script(FakeResponse(text=text)):
            await asyncio.sleep(0)  # let the other task open its script too
            async with llmkit.create_api_handler(FAKE) as handler:
                return (await handler.complete(None, [{"role": "user", "content": "x"}])).text

    assert await asyncio.gather(run("first"), run("second")) == ["first", "second"]


async def test_last_usage_survives_until_the_next_call_finishes() -> None:
    with FakeHandler.script(FakeResponse(text="a", usage=Usage(input_tokens=1)), FakeResponse(text="b")):
        async with llmkit.create_api_handler(FAKE) as handler:
            await handler.complete(None, [{"role": "user", "content": "x"}])
            stream = await handler.create_message(None, [{"role": "user", "content": "y"}])
            last = await handler.get_api_stream_usage()
            assert last is not None and last.usage.input_tokens == 1  # the open stream has not finished
            await stream.collect()
            assert await handler.get_api_stream_usage() is None  # the second call reported no usage
