"""The ``openai-responses`` adapter: the request it sends, the agent loop, and the stream's edges.

The recorded exchanges are checked in ``test_corpus_responses.py``; here are the request bodies
(checked field by field) and the cases no recording has: ``response.incomplete``, refusals, a
top-level error event, a stream cut before its terminal event, calls whose arguments come whole.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_httpx import HTTPXMock, IteratorStream

import llmkit
from llmkit import Tool

from ._helpers import collect, pieces
from .conftest import NATIVE, SENTINEL_KEY, load_recording

pytestmark = pytest.mark.anyio

BASE_URL = "http://127.0.0.1:8321/v1"
WEATHER = Tool(
    name="get_weather",
    description="The weather in a city",
    parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)


def handler(model: str = "gpt-5-nano", **settings: Any) -> llmkit.ApiHandler:
    config = {"api_provider": "openai-responses", "api_key": SENTINEL_KEY, "model_name": model}
    return llmkit.create_api_handler({**config, "base_url": BASE_URL, "max_retries": 0, **settings})


def sse(*events: dict[str, Any], done_marker: bool = False) -> bytes:
    body = "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events)
    return (body + ("data: [DONE]\n\n" if done_marker else "")).encode()


def serve(httpx_mock: HTTPXMock, body: bytes, read_size: int = 0) -> None:
    httpx_mock.add_response(
        headers={"content-type": "text/event-stream"}, stream=IteratorStream(list(pieces(body, read_size)))
    )


def completed(usage: dict[str, Any] | None = None, **response: Any) -> dict[str, Any]:
    return {"type": "response.completed", "response": {"status": "completed", "usage": usage, **response}}


def sent_body(httpx_mock: HTTPXMock, index: int = 0) -> Any:
    return json.loads(httpx_mock.get_requests()[index].read())


# -- the request -----------------------------------------------------------------------------------


async def test_the_request_body_carries_instructions_input_items_tools_and_options(httpx_mock: HTTPXMock) -> None:
    serve(httpx_mock, sse(completed()))
    async with handler("gpt-5-nano", organization="org-1", project="proj-1") as client:
        stream = await client.create_message(
            "Be brief.",
            [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "What is here?"},
                        {"type": "image", "url": "https://example.invalid/cat.png", "detail": "low"},
                        {"type": "image", "data": b"\x89PNG", "media_type": "image/png"},
                    ],
                },
            ],
            tools=[WEATHER],
            tool_choice="get_weather",
            max_tokens=300,
            reasoning_effort="low",
            response_format={"type": "object", "properties": {"a": {"type": "string"}}},
            user="user-7",
        )
        await collect(stream)
    request = httpx_mock.get_requests()[0]
    assert str(request.url) == BASE_URL + "/responses"
    assert request.headers["authorization"] == f"Bearer {SENTINEL_KEY}"
    assert request.headers["openai-organization"] == "org-1"
    assert request.headers["openai-project"] == "proj-1"
    assert json.loads(request.read()) == {
        "model": "gpt-5-nano",
        "instructions": "Be brief.",
        "input": [
            {
                "role": "user",
                "content": [
                    {"type": "input_text", "text": "What is here?"},
                    {"type": "input_image", "image_url": "https://example.invalid/cat.png", "detail": "low"},
                    {"type": "input_image", "image_url": "data:image/png;base64,iVBORw==", "detail": "auto"},
                ],
            }
        ],
        "tools": [
            {
                "type": "function",
                "name": "get_weather",
                "description": "The weather in a city",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
                "strict": False,
            }
        ],
        "tool_choice": {"type": "function", "name": "get_weather"},
        "text": {
            "format": {
                "type": "json_schema",
                "name": "response",
                "schema": {"type": "object", "properties": {"a": {"type": "string"}}},
                "strict": True,
            }
        },
        "max_output_tokens": 300,
        "reasoning": {"effort": "low", "summary": "auto"},
        "user": "user-7",
        "store": False,
        "stream": True,
        "include": ["reasoning.encrypted_content"],
    }


async def test_a_model_that_does_not_reason_is_not_asked_for_encrypted_reasoning(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"status": "completed", "output": []})
    async with handler("gpt-4o") as client:
        await client.complete(None, [{"role": "user", "content": "hi"}], temperature=0.5, response_format="json")
    body = sent_body(httpx_mock)
    assert "include" not in body and "stream" not in body
    assert body["temperature"] == 0.5 and body["store"] is False
    assert body["text"] == {"format": {"type": "json_object"}}


async def test_store_true_from_extra_body_keeps_the_response_and_asks_for_nothing_encrypted(
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_response(json={"status": "completed", "output": []})
    async with handler("o3-mini") as client:
        await client.complete(None, [{"role": "user", "content": "hi"}], extra_body={"store": True})
    body = sent_body(httpx_mock)
    assert body["store"] is True and "include" not in body


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"stop": "END"}, "no stop option"),
        ({"seed": 3}, "no seed option"),
        ({"temperature": 0.2}, "temperature is not supported by the reasoning model"),
    ],
)
async def test_what_the_responses_api_cannot_honour_is_refused_before_sending(
    httpx_mock: HTTPXMock, options: dict[str, Any], words: str
) -> None:
    async with handler("gpt-5") as client:
        with pytest.raises(llmkit.InvalidRequestError, match=words):
            await client.create_message(None, [{"role": "user", "content": "hi"}], **options)
    assert httpx_mock.get_requests() == []


async def test_a_conversation_without_a_user_turn_is_refused(httpx_mock: HTTPXMock) -> None:
    async with handler() as client:
        with pytest.raises(llmkit.InvalidRequestError, match="at least one message"):
            await client.create_message("only a system prompt", [])
    assert httpx_mock.get_requests() == []


# -- the agent loop --------------------------------------------------------------------------------


async def test_a_stateless_tool_loop_sends_the_encrypted_reasoning_back_before_the_call(
    httpx_mock: HTTPXMock,
) -> None:
    """Turn 1 (recorded): gpt-5 reasons (encrypted) and calls final_result. Turn 2 must carry the
    reasoning item, the call and its output, in that order, as the model produced them."""
    recording = load_recording("openai-responses__stream-reasoning-item-then-function-call.json", folder=NATIVE)
    body = recording["response"]["body"]
    serve(httpx_mock, body.encode(), 61)
    serve(httpx_mock, sse(completed(output=[])))
    done_items = [
        json.loads(line[6:])["item"]
        for line in body.splitlines()
        if line.startswith("data: {") and '"response.output_item.done"' in line
    ]
    reasoning, call = done_items
    conversation: list[dict[str, Any]] = [{"role": "user", "content": "Calculate 100 * 200 / 3"}]
    async with handler("gpt-5") as client:
        turn = await (await client.create_message(None, conversation, reasoning_effort="low")).collect()
        assert turn.finish_reason == "tool_calls"
        conversation.append(turn.to_message())
        for tool_call in turn.tool_calls:
            conversation.append({"role": "tool", "tool_call_id": tool_call.id, "content": "6666"})
        await collect(await client.create_message(None, conversation, reasoning_effort="low"))
    second = sent_body(httpx_mock, 1)
    assert second["include"] == ["reasoning.encrypted_content"]
    assert second["input"] == [
        {"role": "user", "content": "Calculate 100 * 200 / 3"},
        {
            "type": "reasoning",
            "id": reasoning["id"],
            "summary": [],
            "encrypted_content": reasoning["encrypted_content"],
        },
        {"type": "function_call", "call_id": call["call_id"], "name": "final_result", "arguments": '{"result":6666}'},
        {"type": "function_call_output", "call_id": call["call_id"], "output": "6666"},
    ]


async def test_summary_parts_go_back_apart_and_text_goes_back_as_an_assistant_message(httpx_mock: HTTPXMock) -> None:
    item = {
        "type": "reasoning",
        "id": "rs_1",
        "encrypted_content": "ENC",
        "summary": [{"type": "summary_text", "text": "**A**\n\none."}, {"type": "summary_text", "text": "**B**"}],
    }
    serve(
        httpx_mock,
        sse(
            {"type": "response.output_item.added", "output_index": 0, "item": {**item, "summary": []}},
            {"type": "response.reasoning_summary_text.delta", "output_index": 0, "summary_index": 0, "delta": "**A**"},
            {
                "type": "response.reasoning_summary_text.delta",
                "output_index": 0,
                "summary_index": 0,
                "delta": "\n\none.",
            },
            {"type": "response.reasoning_summary_text.delta", "output_index": 0, "summary_index": 1, "delta": "**B**"},
            {"type": "response.output_item.done", "output_index": 0, "item": item},
            {"type": "response.output_text.delta", "output_index": 1, "delta": "Done."},
            completed(),
        ),
    )
    serve(httpx_mock, sse(completed()))
    async with handler() as client:
        turn = await (await client.create_message(None, [{"role": "user", "content": "go"}])).collect()
        assert turn.reasoning == "**A**\n\none.\n\n**B**"
        assert turn.text == "Done." and turn.finish_reason == "stop"
        await collect(await client.create_message(None, [{"role": "user", "content": "go"}, turn.to_message()]))
    assert sent_body(httpx_mock, 1)["input"][1:] == [
        {"type": "reasoning", "id": "rs_1", "summary": item["summary"], "encrypted_content": "ENC"},
        {"role": "assistant", "content": "Done."},
    ]


async def test_reasoning_without_encrypted_content_is_not_sent_back_unless_stored(httpx_mock: HTTPXMock) -> None:
    assistant = {
        "role": "assistant",
        "content": "4",
        "reasoning_blocks": [
            {"text": "2+2", "provider_data": {"id": "rs_tmp", "summary": []}},
            {"text": "Anthropic's", "signature": "sig"},
        ],
    }
    conversation = [{"role": "user", "content": "2+2?"}, assistant, {"role": "user", "content": "and 3+3?"}]
    httpx_mock.add_response(json={"status": "completed", "output": []})
    httpx_mock.add_response(json={"status": "completed", "output": []})
    async with handler("openai/gpt-oss-20b") as client:
        await client.complete(None, conversation)
        await client.complete(None, conversation, extra_body={"store": True})
    assert [item.get("type", item.get("role")) for item in sent_body(httpx_mock, 0)["input"]] == [
        "user",
        "assistant",
        "user",
    ]
    assert sent_body(httpx_mock, 1)["input"][1] == {"type": "reasoning", "id": "rs_tmp", "summary": []}


# -- the stream's edges ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "finish"), [("max_output_tokens", "length"), ("content_filter", "content_filter"), ("other", "other")]
)
async def test_an_incomplete_response_ends_with_its_reason(httpx_mock: HTTPXMock, reason: str, finish: str) -> None:
    usage = {
        "input_tokens": 20,
        "input_tokens_details": {"cached_tokens": 8},
        "output_tokens": 16,
        "output_tokens_details": {"reasoning_tokens": 16},
    }
    terminal = {
        "type": "response.incomplete",
        "response": {"status": "incomplete", "incomplete_details": {"reason": reason}, "usage": usage},
    }
    serve(httpx_mock, sse({"type": "response.output_text.delta", "output_index": 0, "delta": "Par"}, terminal), 7)
    async with handler() as client:
        result = await collect(await client.create_message(None, [{"role": "user", "content": "hi"}]))
    assert result.content == "Par"
    assert result.done is not None
    assert (result.done.finish_reason, result.done.raw_finish_reason) == (finish, reason)
    assert result.usage is not None
    assert (result.usage.input_tokens, result.usage.cache_read_tokens) == (20, 8)
    assert (result.usage.output_tokens, result.usage.reasoning_tokens) == (16, 16)


async def test_a_refusal_streams_as_refusal_chunks(httpx_mock: HTTPXMock) -> None:
    serve(
        httpx_mock,
        sse(
            {"type": "response.refusal.delta", "output_index": 0, "delta": "I can't "},
            {"type": "response.refusal.delta", "output_index": 0, "delta": "help with that."},
            completed(),
        ),
        1,
    )
    async with handler() as client:
        completion = await (await client.create_message(None, [{"role": "user", "content": "hi"}])).collect()
    assert completion.refusal == "I can't help with that." and completion.text == ""


async def test_a_call_whose_arguments_come_whole_is_read_from_its_done_events(httpx_mock: HTTPXMock) -> None:
    call = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather", "arguments": ""}
    whole = {**call, "arguments": '{"city":"Oslo"}'}
    other = {"type": "function_call", "id": "fc_2", "call_id": "call_2", "name": "get_time", "arguments": "{}"}
    serve(
        httpx_mock,
        sse(
            {"type": "response.output_item.added", "output_index": 0, "item": call},
            {"type": "response.function_call_arguments.done", "output_index": 0, "arguments": whole["arguments"]},
            {"type": "response.output_item.done", "output_index": 0, "item": whole},
            # Never announced by output_item.added: the whole call is in its done event.
            {"type": "response.output_item.done", "output_index": 1, "item": other},
            completed(),
        ),
    )
    async with handler() as client:
        result = await collect(await client.create_message(None, [{"role": "user", "content": "hi"}]))
    assert result.tool_calls() == [
        {"id": "call_1", "name": "get_weather", "arguments": '{"city":"Oslo"}'},
        {"id": "call_2", "name": "get_time", "arguments": "{}"},
    ]
    assert result.done is not None and result.done.finish_reason == "tool_calls"


async def test_an_error_event_with_top_level_fields_raises_after_the_output(httpx_mock: HTTPXMock) -> None:
    error = {"type": "error", "code": "server_error", "message": "The server had an error.", "param": None}
    serve(httpx_mock, sse({"type": "response.output_text.delta", "output_index": 0, "delta": "Hel"}, error), 7)
    text = ""
    async with handler() as client:
        stream = await client.create_message(None, [{"role": "user", "content": "hi"}])
        with pytest.raises(llmkit.ServerError) as caught:
            async for chunk in stream:
                if chunk.type == "text":
                    text += chunk.delta
    assert text == "Hel"
    assert caught.value.message.endswith("The server had an error.") and caught.value.code == "server_error"


async def test_a_failed_response_raises_its_error(httpx_mock: HTTPXMock) -> None:
    failed = {
        "type": "response.failed",
        "response": {"status": "failed", "error": {"code": "rate_limit_exceeded", "message": "Slow down."}},
    }
    serve(httpx_mock, sse(failed))
    async with handler() as client:
        stream = await client.create_message(None, [{"role": "user", "content": "hi"}])
        with pytest.raises(llmkit.RateLimitError, match="Slow down"):
            await collect(stream)


async def test_a_stream_cut_before_its_terminal_event_raises(httpx_mock: HTTPXMock) -> None:
    body = b": keep-alive\n\n" + sse({"type": "response.output_text.delta", "output_index": 0, "delta": "Hi"})
    serve(httpx_mock, body + b"data: [DONE]\n\n", 1)  # a [DONE] is no terminal event
    async with handler() as client:
        stream = await client.create_message(None, [{"role": "user", "content": "hi"}])
        with pytest.raises(llmkit.StreamIncompleteError):
            await collect(stream)


async def test_a_whole_failed_response_raises(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"status": "failed", "error": {"code": "server_error", "message": "Boom."}})
    async with handler() as client:
        with pytest.raises(llmkit.ServerError, match="Boom"):
            await client.complete(None, [{"role": "user", "content": "hi"}])
