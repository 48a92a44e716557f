"""Signed reasoning goes back only to the protocol that signed it: a conversation that moves between
providers (a fallback, a switch of model) sends each provider only the state it can verify."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

import llmkit

pytestmark = pytest.mark.anyio

BLOCKS = [
    {"text": "Claude thought.", "signature": "sig-anthropic", "origin": "anthropic"},
    {"text": "Claude on Bedrock thought.", "signature": "sig-bedrock", "origin": "bedrock"},
    {"text": "", "signature": "sig-gemini", "origin": "gemini"},
    {"text": "", "encrypted": "enc-responses", "provider_data": {"id": "rs_1", "summary": []},
     "origin": "openai-responses"},
]  # fmt: skip
CONVERSATION = [
    {"role": "user", "content": "Hi"},
    {"role": "assistant", "content": "Hello.", "reasoning_blocks": BLOCKS},
    {"role": "user", "content": "Again"},
]
SETTINGS: dict[str, dict[str, Any]] = {
    "anthropic": {"base_url": "http://127.0.0.1:9"},
    "bedrock": {"base_url": "http://127.0.0.1:9", "aws_region": "us-east-1"},
    "google": {"base_url": "http://127.0.0.1:9"},
    "openai-responses": {"base_url": "http://127.0.0.1:9/v1"},
    "openai": {"base_url": "http://127.0.0.1:9/v1"},
}


async def sent_body(httpx_mock: HTTPXMock, provider: str, reasoning_blocks: list[dict[str, Any]]) -> str:
    httpx_mock.add_exception(llmkit.APIConnectionError("stop here"))
    handler = llmkit.create_api_handler(api_provider=provider, api_key="k", model_name="m", max_retries=0,
                                        **SETTINGS[provider])  # fmt: skip
    conversation = [dict(m) for m in CONVERSATION]
    conversation[1]["reasoning_blocks"] = reasoning_blocks
    with pytest.raises(llmkit.LLMError):
        await handler.complete(None, conversation)
    return json.loads(httpx_mock.get_requests()[-1].content)


@pytest.mark.parametrize(
    ("provider", "own"),
    [
        ("anthropic", "sig-anthropic"),
        ("bedrock", "sig-bedrock"),
        ("google", "sig-gemini"),
        ("openai-responses", "enc-responses"),
    ],
)
async def test_each_protocol_sends_back_only_its_own_signed_reasoning(
    httpx_mock: HTTPXMock, provider: str, own: str
) -> None:
    text = json.dumps(await sent_body(httpx_mock, provider, BLOCKS))
    assert own in text
    others = {"sig-anthropic", "sig-bedrock", "sig-gemini", "enc-responses"} - {own}
    assert not [other for other in others if other in text]


async def test_chat_completions_sends_no_signed_reasoning(httpx_mock: HTTPXMock) -> None:
    text = json.dumps(await sent_body(httpx_mock, "openai", BLOCKS))
    assert "sig-" not in text and "enc-" not in text


async def test_a_block_of_no_stated_origin_is_sent_as_before(httpx_mock: HTTPXMock) -> None:
    body = await sent_body(httpx_mock, "anthropic", [{"text": "Thought.", "signature": "sig-legacy"}])
    assert body["messages"][1]["content"][0] == {"type": "thinking", "thinking": "Thought.", "signature": "sig-legacy"}


async def test_an_origin_that_is_not_a_string_is_refused_before_sending(httpx_mock: HTTPXMock) -> None:
    handler = llmkit.create_api_handler(api_provider="anthropic", api_key="k", model_name="m",
                                        base_url="http://127.0.0.1:9")  # fmt: skip
    conversation = [dict(m) for m in CONVERSATION]
    conversation[1]["reasoning_blocks"] = [{"signature": "s", "origin": 7}]
    with pytest.raises(llmkit.InvalidRequestError, match=r"reasoning_blocks\[0\]\.origin must be a string"):
        await handler.complete(None, conversation)
    assert httpx_mock.get_requests() == []


async def test_a_completion_marks_its_reasoning_with_the_protocol_that_made_it(httpx_mock: HTTPXMock) -> None:
    body = {
        "id": "msg_1", "type": "message", "role": "assistant", "model": "m", "stop_reason": "end_turn",
        "content": [{"type": "thinking", "thinking": "Hmm.", "signature": "sig-1"}, {"type": "text", "text": "Hi."}],
        "usage": {"input_tokens": 3, "output_tokens": 2},
    }  # fmt: skip
    httpx_mock.add_response(json=body)
    handler = llmkit.create_api_handler(api_provider="anthropic", api_key="k", model_name="m",
                                        base_url="http://127.0.0.1:9")  # fmt: skip
    completion = await handler.complete(None, [{"role": "user", "content": "Hi"}])
    blocks = completion.to_message()["reasoning_blocks"]
    assert blocks == [{"text": "Hmm.", "signature": "sig-1", "origin": "anthropic"}]
