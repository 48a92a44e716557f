"""Each option, as each adapter puts it on the wire — or refuses it, before anything is sent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel
from pytest_httpx import HTTPXMock

import llmkit
from llmkit import InvalidRequestError, Tool

from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

STREAM = b'data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'
TOOL = Tool(name="lookup", description="Look a word up", parameters={"type": "object", "properties": {}})


async def body_sent(httpx_mock: HTTPXMock, provider: str, model: str, **options: Any) -> dict[str, Any]:
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=STREAM)
    handler = llmkit.create_api_handler(api_provider=provider, api_key=SENTINEL_KEY, model_name=model)
    async for _ in await handler.create_message(None, [{"role": "user", "content": "hi"}], **options):
        pass
    sent: dict[str, Any] = json.loads(httpx_mock.get_requests()[-1].content)
    return sent


async def refused(provider: str, model: str, **options: Any) -> str:
    handler = llmkit.create_api_handler(api_provider=provider, api_key=SENTINEL_KEY, model_name=model)
    with pytest.raises(InvalidRequestError) as caught:
        await handler.create_message(None, [{"role": "user", "content": "hi"}], **options)
    return caught.value.message


class Answer(BaseModel):
    word: str


@pytest.mark.parametrize(
    ("model", "options", "expected"),
    [
        ("gpt-4o", {"max_tokens": 50}, {"max_completion_tokens": 50}),
        ("o3", {"max_tokens": 50}, {"max_completion_tokens": 50}),
        ("gpt-4o", {"temperature": 0.2, "top_p": 0.9, "seed": 7}, {"temperature": 0.2, "top_p": 0.9, "seed": 7}),
        ("gpt-4o", {"stop": "END"}, {"stop": ["END"]}),
        ("gpt-4o", {"user": "u-1"}, {"user": "u-1"}),
        ("o4-mini", {"reasoning_effort": "high"}, {"reasoning_effort": "high"}),
        ("gpt-5.1", {"reasoning_effort": "none", "temperature": 0.5}, {"reasoning_effort": "none", "temperature": 0.5}),
        (
            "gpt-4o",
            {"tools": [TOOL], "tool_choice": "lookup"},
            {
                "tools": [
                    {
                        "type": "function",
                        "function": {
                            "name": "lookup",
                            "description": "Look a word up",
                            "parameters": {"type": "object", "properties": {}},
                        },
                    }
                ],
                "tool_choice": {"type": "function", "function": {"name": "lookup"}},
            },
        ),
        ("gpt-4o", {"response_format": "json"}, {"response_format": {"type": "json_object"}}),
        (
            "gpt-4o",
            {"response_format": {"type": "object", "properties": {"a": {"type": "integer"}}}},
            {
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {
                        "name": "response",
                        "schema": {"type": "object", "properties": {"a": {"type": "integer"}}},
                        "strict": True,
                    },
                }
            },
        ),
        ("gpt-4o", {"extra_body": {"service_tier": "flex"}}, {"service_tier": "flex"}),
    ],
)
async def test_openai_options_on_the_wire(
    httpx_mock: HTTPXMock, model: str, options: dict[str, Any], expected: dict[str, Any]
) -> None:
    sent = await body_sent(httpx_mock, "openai", model, **options)
    assert {k: v for k, v in sent.items() if k not in ("model", "messages", "stream", "stream_options")} == expected


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"max_tokens": 50}, {"max_tokens": 50}),
        ({"reasoning_effort": "none"}, {"thinking": {"type": "disabled"}}),
        ({"reasoning_effort": "max"}, {"reasoning_effort": "max", "thinking": {"type": "enabled"}}),
        ({"user": "tenant-7"}, {"user_id": "tenant-7"}),
        ({"response_format": "json"}, {"response_format": {"type": "json_object"}}),
        ({"temperature": 0.3, "stop": ["x", "y"]}, {"temperature": 0.3, "stop": ["x", "y"]}),
    ],
)
async def test_deepseek_options_on_the_wire(
    httpx_mock: HTTPXMock, options: dict[str, Any], expected: dict[str, Any]
) -> None:
    sent = await body_sent(httpx_mock, "deepseek", "deepseek-flash", **options)
    assert {k: v for k, v in sent.items() if k not in ("model", "messages", "stream", "stream_options")} == expected


@pytest.mark.parametrize(
    ("provider", "model", "options", "problem"),
    [
        ("openai", "o3", {"temperature": 0.2}, "temperature is not supported by the reasoning model 'o3'"),
        ("openai", "gpt-5", {"top_p": 0.5}, "top_p is not supported"),
        ("openai", "o4-mini", {"stop": ["x"]}, "stop is not supported"),
        ("openai", "gpt-4o", {"reasoning_effort": "high"}, "only for reasoning models"),
        ("deepseek", "deepseek-flash", {"seed": 1}, "no seed"),
        ("deepseek", "deepseek-flash", {"response_format": Answer}, "JSON mode only"),
        ("openai", "gpt-4o", {"temperature": 3}, "temperature must be a number from 0 to 2"),
        ("openai", "gpt-4o", {"max_tokens": 0}, "max_tokens must be a whole number >= 1"),
        ("openai", "gpt-4o", {"stop": ["a", "b", "c", "d", "e"]}, "1 to 4"),
        ("openai", "gpt-4o", {"reasoning_effort": "huge"}, "reasoning_effort must be one of"),
        ("openai", "gpt-4o", {"tool_choice": "required"}, "needs tools"),
        ("openai", "gpt-4o", {"tools": [TOOL], "tool_choice": "search"}, "not among the tools"),
        ("openai", "gpt-4o", {"tools": [{"description": "nameless"}]}, "needs a 'name'"),
        ("openai", "gpt-4o", {"response_format": 42}, "response_format must be"),
        ("openai", "gpt-4o", {"extra_body": ["x"]}, "extra_body must be a dict"),
    ],
)
async def test_options_a_provider_cannot_honour_are_refused(
    httpx_mock: HTTPXMock, provider: str, model: str, options: dict[str, Any], problem: str
) -> None:
    assert problem in await refused(provider, model, **options)
    assert httpx_mock.get_requests() == []


async def test_images_become_each_providers_parts(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=STREAM)
    handler = llmkit.create_api_handler(api_provider="openai", api_key=SENTINEL_KEY, model_name="gpt-4o")
    message = {
        "role": "user",
        "content": [
            {"type": "text", "text": "What is in these?"},
            {"type": "image", "url": "https://example.com/cat.png", "detail": "low"},
            {"type": "image", "data": b"\x89PNG", "media_type": "image/png"},
        ],
    }
    async for _ in await handler.create_message(None, [message]):
        pass
    sent = json.loads(httpx_mock.get_requests()[0].content)["messages"][0]["content"]
    assert sent == [
        {"type": "text", "text": "What is in these?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw=="}},
    ]


async def test_an_image_without_a_source_is_refused() -> None:
    handler = llmkit.create_api_handler(api_provider="openai", api_key=SENTINEL_KEY, model_name="gpt-4o")
    with pytest.raises(InvalidRequestError, match=r"content\[0\]: an image given as data needs a 'media_type'"):
        await handler.create_message(None, [{"role": "user", "content": [{"type": "image", "data": b"x"}]}])
