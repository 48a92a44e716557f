"""Non-streaming calls, whole answers from streams, tool-call assembly and structured output."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel
from pytest_httpx import HTTPXMock

import llmkit
from llmkit import (
    Completion,
    DoneChunk,
    ReasoningBlock,
    ReasoningChunk,
    ReasoningStateChunk,
    RefusalChunk,
    TextChunk,
    ToolCall,
    ToolCallChunk,
)
from llmkit._completion import completion_from_chunks
from llmkit.testing import Exchange, ReplayServer, chat_stream

from ._helpers import recorded_call_id
from .conftest import SENTINEL_KEY, corpus_files, load_recording
from .test_corpus_stream import expected_usage, handler_for

pytestmark = pytest.mark.anyio

JSON_FILES = corpus_files(lambda r: r["provider"] != "anthropic" and r["expected"].get("kind") == "json")


@pytest.mark.parametrize("name", JSON_FILES)
async def test_recorded_json_response_replays_through_complete(httpx_mock: HTTPXMock, name: str) -> None:
    recording = load_recording(name)
    expected = recording["expected"]
    headers = {k: v for k, v in recording["response"]["headers"].items() if k.lower() != "content-encoding"}
    httpx_mock.add_response(headers=headers, content=recording["response"]["body"].encode())
    async with handler_for(recording) as handler:
        completion = await handler.complete(None, [{"role": "user", "content": "replay"}])
    assert completion.text == (expected["content"] or "")
    assert completion.reasoning == (expected["reasoning"] or "")
    assert [(c.id, c.name, c.arguments) for c in completion.tool_calls] == [
        (recorded_call_id(c["id"]), c["name"], c["arguments"]) for c in expected["tool_calls"]
    ]
    assert len({c.id for c in completion.tool_calls}) == len(completion.tool_calls)  # made-up ids are distinct
    assert completion.raw_finish_reason == expected["finish_reason"]
    usage = expected_usage(expected["usage"])
    tokens = None if completion.usage is None else completion.usage.model_dump(exclude={"cost", "service_tier"})
    assert tokens == usage
    for call in completion.tool_calls:
        assert isinstance(call.parsed_arguments, dict)


async def test_deepseek_blank_keep_alive_lines_before_the_json_body(httpx_mock: HTTPXMock) -> None:
    body = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"}, "finish_reason": "stop"}]}
    httpx_mock.add_response(headers={"content-type": "application/json"}, content=b"\n\n\n" + json.dumps(body).encode())
    handler = llmkit.create_api_handler(api_provider="deepseek", api_key=SENTINEL_KEY, model_name="deepseek-flash")
    completion = await handler.complete(None, [{"role": "user", "content": "hi"}])
    assert (completion.text, completion.finish_reason) == ("Hi", "stop")
    request = json.loads(httpx_mock.get_requests()[0].content)
    assert "stream" not in request and "stream_options" not in request


async def test_collect_builds_the_same_completion_as_complete() -> None:
    usage = {"prompt_tokens": 9, "completion_tokens": 5, "completion_tokens_details": {"reasoning_tokens": 2}}
    with ReplayServer(chat_stream("The answer.", reasoning="Think first.", usage=usage)) as server:
        handler = llmkit.create_api_handler(api_provider="deepseek", model_name="deepseek-flash", base_url=server.url)
        async with handler:
            stream = await handler.create_message(None, [{"role": "user", "content": "q"}])
            completion = await stream.collect()
    assert completion.text == "The answer." and completion.reasoning == "Think first."
    assert completion.usage is not None and completion.usage.output_tokens == 5 and completion.usage.cost is not None
    assert completion.finish_reason == "stop"


# -- tool calls --------------------------------------------------------------------------------

WEATHER = {
    "name": "get_weather",
    "description": "Current weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


def tool_call_stream(calls: list[dict[str, Any]], *, reasoning: str = "", model: str = "deepseek-flash") -> Exchange:
    base = {"id": "c", "object": "chat.completion.chunk", "model": model}
    events: list[dict[str, Any]] = [
        {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": None}}]}
    ]
    if reasoning:
        events.append({**base, "choices": [{"index": 0, "delta": {"reasoning_content": reasoning}}]})
    events += [{**base, "choices": [{"index": 0, "delta": {"tool_calls": [call]}}]} for call in calls]
    events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]})
    return Exchange.events(events)


@pytest.mark.parametrize(
    ("fragments", "expected"),
    [
        pytest.param(  # empty first fragment, then the arguments in pieces
            [
                {"index": 0, "id": "call_1", "function": {"name": "get_weather", "arguments": ""}},
                {"index": 0, "function": {"arguments": '{"city":'}},
                {"index": 0, "function": {"arguments": ' "Paris"}'}},
            ],
            [ToolCall(id="call_1", name="get_weather", arguments='{"city": "Paris"}')],
            id="empty-first-fragment",
        ),
        pytest.param(  # the id and name repeated on every fragment
            [
                {"index": 0, "id": "call_1", "function": {"name": "get_weather", "arguments": '{"city"'}},
                {"index": 0, "id": "call_1", "function": {"name": "get_weather", "arguments": ':"Oslo"}'}},
            ],
            [ToolCall(id="call_1", name="get_weather", arguments='{"city":"Oslo"}')],
            id="repeated-ids",
        ),
        pytest.param(  # no id at all (Gemini's compatible endpoint), the whole call at once: one is made up
            [{"function": {"name": "get_weather", "arguments": '{"city":"Rome"}'}}],
            [ToolCall(id=None, name="get_weather", arguments='{"city":"Rome"}')],
            id="no-id-single-chunk",
        ),
        pytest.param(  # the id only on a later fragment: the server's id is kept, none made up
            [
                {"index": 0, "id": "", "function": {"name": "get_weather", "arguments": '{"city":'}},
                {"index": 0, "id": "call_REAL", "function": {"arguments": '"Bern"}'}},
            ],
            [ToolCall(id="call_REAL", name="get_weather", arguments='{"city":"Bern"}')],
            id="late-id",
        ),
        pytest.param(  # a signature on a later fragment, then another field: both kept on the call
            [
                {"index": 0, "id": "s", "function": {"name": "get_weather", "arguments": '{"city":"Graz"}'}},
                {"index": 0, "extra_content": {"google": {"thought_signature": "A"}}},
                {"index": 0, "extra_content": {"google": {"other": "B"}}},
            ],
            [
                ToolCall(
                    id="s",
                    name="get_weather",
                    arguments='{"city":"Graz"}',
                    provider_data={"extra_content": {"google": {"thought_signature": "A", "other": "B"}}},
                )
            ],
            id="signature-on-later-fragments",
        ),
        pytest.param(  # parallel calls streamed whole, each at index 0 and without an id (Gemini)
            [
                {"index": 0, "id": "", "function": {"name": "get_weather", "arguments": '{"city":"Rome"}'}},
                {"index": 0, "id": "", "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'}},
                {"index": 0, "function": {"name": "", "arguments": '{"city":"Lima"}'}},
            ],
            [
                ToolCall(id=None, name="get_weather", arguments='{"city":"Rome"}'),
                ToolCall(id=None, name="get_weather", arguments='{"city":"Oslo"}'),
                ToolCall(id=None, name="", arguments='{"city":"Lima"}'),  # split off, even unnamed
            ],
            id="parallel-whole-calls-at-index-zero",
        ),
        pytest.param(  # a whole call, a stray newline, then the next whole call at the same index
            [
                {"index": 0, "function": {"name": "get_weather", "arguments": '{"city":"Rome"}'}},
                {"index": 0, "function": {"arguments": "\n"}},
                {"index": 0, "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'}},
            ],
            [
                ToolCall(id=None, name="get_weather", arguments='{"city":"Rome"}\n'),
                ToolCall(id=None, name="get_weather", arguments='{"city":"Oslo"}'),
            ],
            id="whole-calls-with-whitespace-between",
        ),
        pytest.param(  # the name repeated on every fragment, no ids: still one call
            [
                {"index": 0, "function": {"name": "get_weather", "arguments": '{"city":'}},
                {"index": 0, "function": {"name": "get_weather", "arguments": ' {"name": "Linz"}}'}},
            ],
            [ToolCall(id=None, name="get_weather", arguments='{"city": {"name": "Linz"}}')],
            id="repeated-name-no-ids",
        ),
        pytest.param(  # every call numbered 0, told apart by id (Ollama, LM Studio)
            [
                {"index": 0, "id": "a", "function": {"name": "get_weather", "arguments": '{"city":"Lima"}'}},
                {"index": 0, "id": "b", "function": {"name": "get_weather", "arguments": '{"city":"Kyiv"}'}},
            ],
            [
                ToolCall(id="a", name="get_weather", arguments='{"city":"Lima"}'),
                ToolCall(id="b", name="get_weather", arguments='{"city":"Kyiv"}'),
            ],
            id="all-index-zero",
        ),
        pytest.param(  # arguments sent as an object rather than a string
            [{"index": 0, "id": "o", "function": {"name": "get_weather", "arguments": {"city": "Nice"}}}],
            [ToolCall(id="o", name="get_weather", arguments='{"city":"Nice"}')],
            id="object-arguments",
        ),
    ],
)
async def test_tool_call_quirks_assemble_into_whole_calls(
    fragments: list[dict[str, Any]], expected: list[ToolCall]
) -> None:
    with ReplayServer(tool_call_stream(fragments)) as server:
        handler = llmkit.create_api_handler(api_provider="openai", model_name="m", base_url=server.url)
        async with handler:
            completion = await (
                await handler.create_message(None, [{"role": "user", "content": "w"}], tools=[WEATHER])
            ).collect()
    assert [(c.id, c.name, c.arguments, c.provider_data) for c in completion.tool_calls] == [
        (recorded_call_id(c.id), c.name, c.arguments, c.provider_data) for c in expected
    ]
    assert completion.finish_reason == "tool_calls"
    assert [c.parsed_arguments["city"] for c in completion.tool_calls] == [
        json.loads(c.arguments)["city"] for c in expected
    ]


def test_bad_tool_arguments_raise_a_typed_error_with_the_raw_text() -> None:
    call = ToolCall(id="x", name="f", arguments='{"city": ')
    with pytest.raises(llmkit.ToolArgumentsError) as caught:
        _ = call.parsed_arguments
    assert caught.value.body == '{"city": '
    assert ToolCall(id="x", name="f", arguments="").parsed_arguments == {}


async def test_agent_loop_sends_the_tool_call_and_its_reasoning_back_to_deepseek() -> None:
    first = tool_call_stream(
        [{"index": 0, "id": "call_9", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}}],
        reasoning="I need the weather tool.",
    )
    second = chat_stream("It is 12°C in Paris.", model="deepseek-flash")
    with ReplayServer([first, second]) as server:
        handler = llmkit.create_api_handler(api_provider="deepseek", model_name="deepseek-flash", base_url=server.url)
        async with handler:
            conversation: list[dict[str, Any]] = [{"role": "user", "content": "Weather in Paris?"}]
            turn = await (await handler.create_message("Be brief.", conversation, tools=[WEATHER])).collect()
            assert turn.finish_reason == "tool_calls"
            conversation.append(turn.to_message())
            for call in turn.tool_calls:
                conversation.append({"role": "tool", "tool_call_id": call.id, "content": "12°C"})
            answer = await (await handler.create_message("Be brief.", conversation, tools=[WEATHER])).collect()
    assert answer.text == "It is 12°C in Paris."
    sent = server.requests[1].json()["messages"]
    assert sent[2] == {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "call_9", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}}
        ],
        "reasoning_content": "I need the weather tool.",
    }
    assert sent[3] == {"role": "tool", "tool_call_id": "call_9", "content": "12°C"}
    assert server.requests[1].json()["tools"][0]["function"]["name"] == "get_weather"


# -- structured output -------------------------------------------------------------------------


class City(BaseModel):
    name: str
    population: int


async def test_structured_output_parses_into_the_model() -> None:
    with ReplayServer(chat_stream('{"name": "Oslo", "population": 709000}', model="gpt-4o")) as server:
        handler = llmkit.create_api_handler(api_provider="openai", model_name="gpt-4o", base_url=server.url)
        async with handler:
            stream = await handler.create_message(None, [{"role": "user", "content": "Oslo?"}], response_format=City)
            completion = await stream.collect()
    assert completion.parsed == City(name="Oslo", population=709000)
    sent = server.requests[0].json()["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["name"] == "City"
    assert sent["json_schema"]["schema"]["required"] == ["name", "population"]


async def test_a_reply_that_does_not_validate_raises_with_the_raw_text(httpx_mock: HTTPXMock) -> None:
    body = {"choices": [{"index": 0, "message": {"content": '{"name": "Oslo"}'}, "finish_reason": "stop"}]}
    httpx_mock.add_response(json=body)
    handler = llmkit.create_api_handler(api_provider="openai", api_key=SENTINEL_KEY, model_name="gpt-4o")
    with pytest.raises(llmkit.StructuredOutputError, match="population") as caught:
        await handler.complete(None, [{"role": "user", "content": "Oslo?"}], response_format=City)
    assert caught.value.body == '{"name": "Oslo"}'


def test_completion_to_message_without_tools() -> None:
    completion = Completion(text="Hi", finish_reason="stop")
    assert completion.to_message() == {"role": "assistant", "content": "Hi"}


# -- reasoning blocks: opaque state kept for the next request ----------------------------------


def reasoning_of(*chunks: ReasoningChunk | ReasoningStateChunk | TextChunk) -> Completion:
    return completion_from_chunks([*chunks, DoneChunk(finish_reason="stop")])


def test_reasoning_without_opaque_state_has_no_blocks_and_no_message_field() -> None:
    completion = reasoning_of(ReasoningChunk(reasoning="a"), ReasoningChunk(reasoning="b"), TextChunk(delta="x"))
    assert completion.reasoning == "ab" and completion.reasoning_blocks == ()
    assert "reasoning_blocks" not in completion.to_message()


def test_a_signature_ends_a_block_and_encrypted_reasoning_stands_alone() -> None:
    completion = reasoning_of(
        ReasoningChunk(reasoning="One "),
        ReasoningChunk(reasoning="two."),
        ReasoningStateChunk(signature="s1"),
        ReasoningChunk(reasoning="Stray."),  # unsigned text before encrypted reasoning: a block of its own
        ReasoningStateChunk(encrypted="e1"),
        ReasoningChunk(reasoning="Three."),
        ReasoningChunk(reasoning="Other choice.", choice=1),
        ReasoningStateChunk(signature="other-choice", choice=1),
        ReasoningStateChunk(signature="s2"),
        TextChunk(delta="Answer."),
        ReasoningChunk(reasoning="Tail."),  # after the last signature: kept, unsigned
    )
    assert completion.reasoning == "One two.Stray.Three.Tail."
    assert completion.reasoning_blocks == (
        ReasoningBlock(text="One two.", signature="s1"),
        ReasoningBlock(text="Stray."),
        ReasoningBlock(encrypted="e1"),
        ReasoningBlock(text="Three.", signature="s2"),
        ReasoningBlock(text="Tail."),
    )
    assert completion.to_message() == {
        "role": "assistant",
        "content": "Answer.",
        "reasoning_content": "One two.Stray.Three.Tail.",
        "reasoning_blocks": [
            {"text": "One two.", "signature": "s1"},
            {"text": "Stray.", "signature": None},
            {"encrypted": "e1"},
            {"text": "Three.", "signature": "s2"},
            {"text": "Tail.", "signature": None},
        ],
    }


SIGNED_TOOL_TURN = {
    "role": "assistant",
    "content": None,
    "tool_calls": [
        {"id": "call_9", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}}
    ],
    "reasoning_content": "I need the weather tool.",
    "reasoning_blocks": [{"text": "I need the weather tool.", "signature": "c2ln"}, {"encrypted": "EmwK"}],
}


@pytest.mark.parametrize("provider", ["openai", "deepseek", "openrouter"])
async def test_chat_completions_adapters_never_send_reasoning_blocks(provider: str) -> None:
    conversation = [
        {"role": "user", "content": "Weather in Paris?"},
        SIGNED_TOOL_TURN,
        {"role": "tool", "tool_call_id": "call_9", "content": "12°C"},
        {
            "role": "assistant",
            "content": "It is 12°C.",
            "reasoning_content": "Answer now.",
            "reasoning_blocks": [{"text": "Answer now.", "signature": "c2ln"}],
        },
        {"role": "user", "content": "Thanks"},
    ]
    with ReplayServer(chat_stream("You're welcome.")) as server:
        handler = llmkit.create_api_handler(
            api_provider=provider, api_key=SENTINEL_KEY, model_name="m", base_url=server.url
        )
        async with handler:
            await (await handler.create_message(None, conversation, tools=[WEATHER])).collect()
    sent = server.requests[0].json()["messages"]
    assert not any("reasoning_blocks" in message for message in sent)
    expected_tool_turn = {k: v for k, v in SIGNED_TOOL_TURN.items() if k != "reasoning_blocks"}
    assert sent[1] == expected_tool_turn  # DeepSeek's reasoning_content rule is unchanged
    assert ("reasoning_content" in sent[3]) is (provider != "deepseek")
    assert "reasoning_blocks" in SIGNED_TOOL_TURN  # the caller's dicts are never changed


class Address(BaseModel):
    street: str
    city: str = "Oslo"


class Person(BaseModel):
    name: str
    nickname: str | None = None
    address: Address


def test_a_pydantic_model_becomes_a_strict_schema_openai_accepts() -> None:
    # OpenAI's strict structured output refuses open objects, optional properties and defaults.
    from llmkit._options import build_options

    options = build_options(response_format=Person)
    assert options.response_format is not None
    schema = options.response_format.schema
    assert schema is not None
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["name", "nickname", "address"]
    address = schema["$defs"]["Address"]
    assert address["additionalProperties"] is False and address["required"] == ["street", "city"]
    assert "default" not in address["properties"]["city"]
    assert Person.model_validate_json('{"name": "Ada", "nickname": null, "address": {"street": "x", "city": "y"}}')


def test_the_message_of_a_turn_does_not_share_its_calls_state() -> None:
    call = ToolCall(id="c", name="f", arguments="{}", provider_data={"extra_content": {"google": {"t": "s"}}})
    message = Completion(finish_reason="tool_calls", tool_calls=(call,)).to_message()
    message["tool_calls"][0]["provider_data"]["extra_content"]["google"]["t"] = "changed"
    assert call.provider_data == {"extra_content": {"google": {"t": "s"}}}


async def test_calls_without_ids_get_distinct_made_up_ids_that_stay_put() -> None:
    fragments = [
        {"index": 0, "function": {"name": "get_weather", "arguments": '{"city":"Rome"}'}},
        {"index": 1, "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'}},
    ]
    with ReplayServer(tool_call_stream(fragments)) as server:
        handler = llmkit.create_api_handler(api_provider="openai", model_name="m", base_url=server.url)
        async with handler:
            stream = await handler.create_message(None, [{"role": "user", "content": "w"}], tools=[WEATHER])
            chunks = [chunk async for chunk in stream]
    assert [chunk.id for chunk in chunks if chunk.type == "tool_call"] == [None, None]  # as the server sent
    assembler = llmkit.ToolCallAssembler()
    for chunk in chunks:
        if chunk.type == "tool_call":
            assembler.add(chunk)
    first = [call.id for call in assembler.calls()]
    assert first == [call.id for call in assembler.calls()]  # asking again gives the same ids
    assert len(set(first)) == 2 and all(recorded_call_id(None) == made_up for made_up in first)


# -- whole answers from chunks: the edges ------------------------------------------------------


def test_an_empty_turn_has_empty_content_and_a_tool_turn_none() -> None:
    # Chat APIs refuse an assistant turn whose content is null unless it calls tools.
    assert Completion(finish_reason="stop").to_message() == {"role": "assistant", "content": ""}
    call = ToolCall(id="call_1", name="f", arguments="{}")
    assert Completion(finish_reason="tool_calls", tool_calls=(call,)).to_message() == {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
    }


def test_a_reasoning_item_goes_back_with_its_text_and_its_own_copy_of_the_items_data() -> None:
    data = {"id": "rs_1", "summary": [{"type": "summary_text", "text": "Think."}]}
    block = ReasoningBlock(text="Think.", encrypted="gAAA", provider_data=data)
    wire = block.to_wire()
    assert wire == {
        "text": "Think.",
        "provider_data": {"id": "rs_1", "summary": [{"type": "summary_text", "text": "Think."}]},
        "encrypted": "gAAA",
    }
    wire["provider_data"]["summary"][0]["text"] = "changed by the caller"
    assert block.provider_data == {"id": "rs_1", "summary": [{"type": "summary_text", "text": "Think."}]}


def test_a_calls_id_and_name_are_those_its_first_fragment_gave() -> None:
    assembler = llmkit.ToolCallAssembler()
    assembler.add(ToolCallChunk(index=0, id="call_1", name="get_weather", arguments_delta='{"city":'))
    assembler.add(ToolCallChunk(index=0, id="call_2", name="get_time", arguments_delta='"Rome"}'))
    assert assembler.calls() == (ToolCall(id="call_1", name="get_weather", arguments='{"city":"Rome"}'),)


def test_chunks_without_their_done_chunk_make_no_completion() -> None:
    with pytest.raises(ValueError, match=r"^a completion needs the stream's done chunk$"):
        completion_from_chunks([TextChunk(delta="Hi")])


def test_reasoning_in_pieces_joins_without_separators_in_every_kind_of_block() -> None:
    completion = reasoning_of(
        ReasoningChunk(reasoning="Stray "),
        ReasoningChunk(reasoning="thought."),
        ReasoningStateChunk(signature="sig-e", encrypted="e1"),  # encrypted, and signed too
        ReasoningChunk(reasoning="Tail "),
        ReasoningChunk(reasoning="end."),
    )
    assert completion.reasoning_blocks == (
        ReasoningBlock(text="Stray thought."),
        ReasoningBlock(signature="sig-e", encrypted="e1"),
        ReasoningBlock(text="Tail end."),
    )


def test_a_refusal_instead_of_structured_output_raises_with_the_refusal() -> None:
    chunks = [RefusalChunk(refusal="I can't "), RefusalChunk(refusal="help."), DoneChunk(finish_reason="stop")]
    with pytest.raises(llmkit.StructuredOutputError) as caught:
        completion_from_chunks(chunks, model=City)
    assert caught.value.message == "the model refused instead of answering: I can't help."
    assert caught.value.body == ""
