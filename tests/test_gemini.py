"""The native Gemini adapters: the request they send, what they refuse, the agent-loop round trip
of thought signatures, the stream failures no recording has, and Vertex AI's URL and credentials
(the recorded exchanges are replayed in tests/test_corpus_gemini.py)."""

from __future__ import annotations

import json
import sys
import types
from typing import Any

import pytest
from pydantic import BaseModel
from pytest_httpx import HTTPXMock, IteratorStream

import llmkit
from llmkit import InvalidRequestError

from ._helpers import MadeUpCallId, pieces
from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

GEMINI_URL = "https://generativelanguage.googleapis.com/v1beta/models/gemini-3-flash-preview"
WEATHER = {
    "name": "get_weather",
    "description": "Current weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


def google(**settings: Any) -> llmkit.ApiHandler:
    return llmkit.create_api_handler(
        {"api_provider": "google", "api_key": SENTINEL_KEY, "model_name": "gemini-3-flash-preview", "max_retries": 0},
        **settings,
    )


def sse(*events: dict[str, Any]) -> bytes:
    return b"".join(b"data: " + json.dumps(event).encode() + b"\r\n\r\n" for event in events)


def candidate(*parts: dict[str, Any], finish: str | None = None, index: int = 0) -> dict[str, Any]:
    body: dict[str, Any] = {"content": {"role": "model", "parts": list(parts)}, "index": index}
    if finish:
        body["finishReason"] = finish
    return body


USAGE = {"promptTokenCount": 20, "candidatesTokenCount": 5, "thoughtsTokenCount": 7, "cachedContentTokenCount": 8}


def stream_response(httpx_mock: HTTPXMock, body: bytes, read_size: int = 5) -> None:
    httpx_mock.add_response(
        url=GEMINI_URL + ":streamGenerateContent?alt=sse",
        headers={"content-type": "text/event-stream"},
        stream=IteratorStream(list(pieces(body, read_size))),
    )


def sent_body(httpx_mock: HTTPXMock, index: int = -1) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(httpx_mock.get_requests()[index].content)
    return body


# -- the agent loop --------------------------------------------------------------------------------


@pytest.mark.parametrize("gemini_id", [None, "fc-7"])
async def test_a_signed_call_goes_back_with_its_signature_and_the_answer_names_the_function(
    httpx_mock: HTTPXMock, gemini_id: str | None
) -> None:
    call: dict[str, Any] = {"name": "get_weather", "args": {"city": "Paris"}}
    if gemini_id:
        call["id"] = gemini_id
    stream_response(
        httpx_mock,
        sse(
            {"candidates": [candidate({"text": "Let me look.", "thought": True})]},
            {"candidates": [candidate({"functionCall": call, "thoughtSignature": "SIG-call"})]},
            {"candidates": [candidate({"text": ""}, finish="STOP")], "usageMetadata": USAGE},
        ),
    )
    stream_response(
        httpx_mock,
        sse({"candidates": [candidate({"text": "21 degrees.", "thoughtSignature": "SIG-text"}, finish="STOP")]}),
    )
    async with google() as handler:
        conversation: list[dict[str, Any]] = [{"role": "user", "content": "Weather in Paris?"}]
        first = await (await handler.create_message("Be brief.", conversation, tools=[WEATHER])).collect()
        assert first.finish_reason == "tool_calls"
        assert first.reasoning == "Let me look."
        (tool_call,) = first.tool_calls
        assert tool_call.id == (gemini_id or MadeUpCallId())
        assert tool_call.parsed_arguments == {"city": "Paris"}
        conversation += [
            first.to_message(),
            {"role": "tool", "tool_call_id": tool_call.id, "content": '{"celsius": 21}'},
        ]
        second = await (await handler.create_message("Be brief.", conversation, tools=[WEATHER])).collect()
    assert second.text == "21 degrees."
    body = sent_body(httpx_mock)
    assert body["systemInstruction"] == {"parts": [{"text": "Be brief."}]}
    ids = {"id": gemini_id} if gemini_id else {}  # an id llmkit made up means nothing to Gemini
    assert body["contents"] == [
        {"role": "user", "parts": [{"text": "Weather in Paris?"}]},
        {
            "role": "model",
            "parts": [
                {
                    "functionCall": {"name": "get_weather", "args": {"city": "Paris"}, **ids},
                    "thoughtSignature": "SIG-call",
                }
            ],
        },
        {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"celsius": 21}, **ids}}]},
    ]
    # The text part's signature is kept as a signed reasoning block, and goes back on that part.
    assert [(b.text, b.signature) for b in second.reasoning_blocks] == [("", "SIG-text")]
    assert second.to_message()["reasoning_blocks"] == [{"text": "", "signature": "SIG-text", "origin": "gemini"}]


async def test_a_text_signature_goes_back_on_the_last_text_part_and_tool_answers_share_a_turn(
    httpx_mock: HTTPXMock,
) -> None:
    stream_response(httpx_mock, sse({"candidates": [candidate({"text": "ok"}, finish="STOP")]}))
    calls = [
        {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": "{}"}}
        for n, name in ((1, "a"), (2, "b"))
    ]
    async with google() as handler:
        await (
            await handler.create_message(
                None,
                [
                    {"role": "user", "content": "hi"},
                    {
                        "role": "assistant",
                        "content": "Sure.",
                        "reasoning_blocks": [{"text": "", "signature": "SIG"}],
                    },
                    {"role": "user", "content": "both tools"},
                    {"role": "assistant", "content": None, "tool_calls": calls},
                    {"role": "tool", "tool_call_id": "call_1", "content": "plain text"},
                    {"role": "tool", "tool_call_id": "call_2", "content": "[1, 2]"},
                ],
            )
        ).collect()
    contents = sent_body(httpx_mock)["contents"]
    assert contents[1] == {"role": "model", "parts": [{"text": "Sure.", "thoughtSignature": "SIG"}]}
    assert contents[3]["parts"] == [
        {"functionCall": {"name": "a", "args": {}, "id": "call_1"}},
        {"functionCall": {"name": "b", "args": {}, "id": "call_2"}},
    ]
    assert contents[4] == {
        "role": "user",
        "parts": [
            {"functionResponse": {"name": "a", "response": {"result": "plain text"}, "id": "call_1"}},
            {"functionResponse": {"name": "b", "response": {"result": "[1, 2]"}, "id": "call_2"}},
        ],
    }


async def test_a_tool_answer_to_no_known_call_is_refused_before_sending(httpx_mock: HTTPXMock) -> None:
    async with google() as handler:
        with pytest.raises(InvalidRequestError, match="answers no tool call"):
            await handler.create_message(None, [{"role": "tool", "tool_call_id": "x", "content": "1"}])


# -- options ---------------------------------------------------------------------------------------


class Person(BaseModel):
    name: str
    nickname: str | None
    pet: Pet


class Pet(BaseModel):
    kind: str


Person.model_rebuild()


async def test_options_become_generation_config_tools_and_tool_config(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=GEMINI_URL + ":generateContent",
        json={
            "candidates": [candidate({"text": '{"name":"Ann","nickname":null,"pet":{"kind":"cat"}}'}, finish="STOP")]
        },
    )
    tool = {
        "name": "lookup",
        "parameters": {
            "type": "object",
            "additionalProperties": False,
            "$defs": {"Unit": {"type": "string", "enum": ["c", "f"]}},
            "properties": {"unit": {"$ref": "#/$defs/Unit"}, "days": {"type": ["integer", "null"], "minimum": 1}},
        },
    }
    async with google() as handler:
        completion = await handler.complete(
            None,
            [{"role": "user", "content": "hi"}],
            tools=[tool],
            tool_choice="lookup",
            max_tokens=300,
            temperature=0.5,
            top_p=0.9,
            stop=["END"],
            seed=7,
            reasoning_effort="low",
            response_format=Person,
            extra_body={"generationConfig": {"candidateCount": 1}, "cachedContent": "cachedContents/abc"},
        )
    assert completion.parsed == Person(name="Ann", nickname=None, pet=Pet(kind="cat"))
    body = sent_body(httpx_mock)
    assert body["tools"] == [
        {
            "functionDeclarations": [
                {
                    "name": "lookup",
                    "parameters": {
                        "type": "object",
                        "properties": {
                            "unit": {"type": "string", "enum": ["c", "f"]},
                            "days": {"type": "integer", "nullable": True, "minimum": 1},
                        },
                    },
                }
            ]
        }
    ]
    assert body["toolConfig"] == {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["lookup"]}}
    assert body["cachedContent"] == "cachedContents/abc"
    config = body["generationConfig"]
    assert config["responseSchema"] == {
        "type": "object",
        "title": "Person",
        "properties": {
            "name": {"type": "string", "title": "Name"},
            "nickname": {"type": "string", "nullable": True, "title": "Nickname"},
            "pet": {"type": "object", "title": "Pet", "properties": {"kind": {"type": "string", "title": "Kind"}},
                    "required": ["kind"]},
        },
        "required": ["name", "nickname", "pet"],
    }  # fmt: skip
    assert {k: v for k, v in config.items() if k != "responseSchema"} == {
        "maxOutputTokens": 300,
        "temperature": 0.5,
        "topP": 0.9,
        "seed": 7,
        "stopSequences": ["END"],
        "responseMimeType": "application/json",
        "thinkingConfig": {"thinkingLevel": "low", "includeThoughts": True},
        "candidateCount": 1,
    }


@pytest.mark.parametrize(
    ("model", "effort", "thinking"),
    [
        ("gemini-2.5-flash", "none", {"thinkingBudget": 0}),
        ("gemini-2.5-pro", "medium", {"thinkingBudget": 8192, "includeThoughts": True}),
        ("gemini-3-pro-preview", "max", {"thinkingLevel": "high", "includeThoughts": True}),
    ],
)
async def test_reasoning_effort_is_a_budget_before_gemini_3_and_a_level_from_it(
    httpx_mock: HTTPXMock, model: str, effort: str, thinking: dict[str, Any]
) -> None:
    httpx_mock.add_response(json={"candidates": [candidate({"text": "ok"}, finish="STOP")]})
    async with google(model_name=model) as handler:
        await handler.complete(None, [{"role": "user", "content": "hi"}], reasoning_effort=effort)
    assert sent_body(httpx_mock)["generationConfig"] == {"thinkingConfig": thinking}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"reasoning_effort": "none"}, "cannot turn thinking off"),
        ({"user": "u-1"}, "no user option"),
        ({"tools": [{"name": "t", "parameters": {"$ref": "#/$defs/N", "$defs": {"N": {"$ref": "#/$defs/N"}}}}]},
         "recursive"),
    ],
)  # fmt: skip
async def test_what_gemini_cannot_honour_is_refused_before_sending(
    httpx_mock: HTTPXMock, options: dict[str, Any], message: str
) -> None:
    async with google() as handler:
        with pytest.raises(InvalidRequestError, match=message):
            await handler.create_message(None, [{"role": "user", "content": "hi"}], **options)


async def test_images_go_inline_or_by_uri(httpx_mock: HTTPXMock) -> None:
    stream_response(httpx_mock, sse({"candidates": [candidate({"text": "a cat"}, finish="STOP")]}))
    content = [
        {"type": "text", "text": "What is it?"},
        {"type": "image", "data": b"\x89PNG", "media_type": "image/png"},
        {"type": "image", "url": "https://example.com/cat.jpg"},
        {"type": "image_url", "image_url": {"url": "data:image/webp;base64,AAAA"}},
    ]
    async with google() as handler:
        await (await handler.create_message(None, [{"role": "user", "content": content}])).collect()
    assert sent_body(httpx_mock)["contents"][0]["parts"] == [
        {"text": "What is it?"},
        {"inlineData": {"mimeType": "image/png", "data": "iVBORw=="}},
        {"fileData": {"fileUri": "https://example.com/cat.jpg", "mimeType": "image/jpeg"}},
        {"inlineData": {"mimeType": "image/webp", "data": "AAAA"}},
    ]


# -- stream failures no recording has --------------------------------------------------------------


async def test_a_stream_without_a_finish_reason_is_incomplete(httpx_mock: HTTPXMock) -> None:
    stream_response(httpx_mock, sse({"candidates": [candidate({"text": "Half an ans"})], "usageMetadata": USAGE}))
    text = ""
    async with google() as handler:
        stream = await handler.create_message(None, [{"role": "user", "content": "hi"}])
        with pytest.raises(llmkit.StreamIncompleteError):
            async for chunk in stream:
                if chunk.type == "text":
                    text += chunk.delta
    assert text == "Half an ans"


async def test_an_error_object_in_the_stream_raises_its_typed_error_with_the_retry_delay(
    httpx_mock: HTTPXMock,
) -> None:
    error = {
        "error": {
            "code": 429,
            "message": "Resource has been exhausted (e.g. check quota).",
            "status": "RESOURCE_EXHAUSTED",
            "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "12s"}],
        }
    }
    stream_response(httpx_mock, sse({"candidates": [candidate({"text": "Hel"})]}, error))
    async with google() as handler:
        stream = await handler.create_message(None, [{"role": "user", "content": "hi"}])
        with pytest.raises(llmkit.RateLimitError) as caught:
            async for _ in stream:
                pass
    assert caught.value.error_type == "RESOURCE_EXHAUSTED"
    assert caught.value.retry_after == 12.0
    assert caught.value.status_code == 429


async def test_a_blocked_prompt_is_a_bad_request_naming_the_reason(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}, "usageMetadata": USAGE})
    async with google() as handler:
        with pytest.raises(llmkit.BadRequestError, match="PROHIBITED_CONTENT") as caught:
            await handler.complete(None, [{"role": "user", "content": "hi"}])
    assert caught.value.code == "PROHIBITED_CONTENT"
    assert not caught.value.retryable


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("MAX_TOKENS", "length"), ("RECITATION", "content_filter"), ("MALFORMED_FUNCTION_CALL", "other")],
)
async def test_finish_reasons_and_usage(httpx_mock: HTTPXMock, raw: str, reason: str) -> None:
    httpx_mock.add_response(json={"candidates": [candidate({"text": "x"}, finish=raw)], "usageMetadata": USAGE})
    async with google() as handler:
        completion = await handler.complete(None, [{"role": "user", "content": "hi"}])
    assert (completion.finish_reason, completion.raw_finish_reason) == (reason, raw)
    assert completion.usage is not None
    assert (completion.usage.input_tokens, completion.usage.cache_read_tokens) == (20, 8)
    assert (completion.usage.output_tokens, completion.usage.reasoning_tokens) == (12, 7)


# -- keys and Vertex AI ----------------------------------------------------------------------------


def test_the_key_comes_from_gemini_api_key_then_google_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    with pytest.raises(llmkit.ConfigError, match="GEMINI_API_KEY"):
        llmkit.create_api_handler(api_provider="google", model_name="gemini-2.5-flash")
    monkeypatch.setenv("GOOGLE_API_KEY", "from-google")
    handler = llmkit.create_api_handler(api_provider="google", model_name="gemini-2.5-flash")
    assert handler.settings.api_key is not None and handler.settings.api_key.get_secret_value() == "from-google"
    monkeypatch.setenv("GEMINI_API_KEY", "from-gemini")
    handler = llmkit.create_api_handler(api_provider="google", model_name="gemini-2.5-flash")
    assert handler.settings.api_key is not None and handler.settings.api_key.get_secret_value() == "from-gemini"
    assert "from-gemini" not in repr(handler)


@pytest.fixture
def no_cloud_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("GOOGLE_CLOUD_PROJECT", "GOOGLE_CLOUD_LOCATION", "GOOGLE_VERTEX_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_vertex_needs_a_project(no_cloud_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(llmkit.ConfigError, match="GOOGLE_CLOUD_PROJECT"):
        llmkit.create_api_handler(api_provider="vertex", model_name="gemini-2.5-flash", api_key="tok")


def test_vertex_without_a_token_or_google_auth_names_the_extra(no_cloud_env: pytest.MonkeyPatch) -> None:
    no_cloud_env.setitem(sys.modules, "google.auth", None)  # as if google-auth were not installed
    with pytest.raises(llmkit.ConfigError, match=r"llmkit\[vertex\]"):
        llmkit.create_api_handler(api_provider="vertex", model_name="gemini-2.5-flash", project="p")


class FakeCredentials:
    def __init__(self) -> None:
        self.token: str | None = None
        self.refreshed = 0

    @property
    def valid(self) -> bool:
        return self.token is not None

    def refresh(self, request: object) -> None:
        self.refreshed += 1
        self.token = f"adc-token-{self.refreshed}"


async def test_vertex_gets_its_token_from_application_default_credentials(
    httpx_mock: HTTPXMock, no_cloud_env: pytest.MonkeyPatch
) -> None:
    credentials = FakeCredentials()
    scopes: list[Any] = []

    def default(**kwargs: Any) -> tuple[FakeCredentials, str]:
        scopes.append(kwargs["scopes"])
        return credentials, "adc-project"

    auth = types.ModuleType("google.auth")
    auth.default = default  # type: ignore[attr-defined]
    transport = types.ModuleType("google.auth.transport.requests")
    transport.Request = object  # type: ignore[attr-defined]
    no_cloud_env.setitem(sys.modules, "google.auth", auth)
    no_cloud_env.setitem(sys.modules, "google.auth.transport.requests", transport)
    no_cloud_env.setenv("GOOGLE_CLOUD_PROJECT", "my-project")
    no_cloud_env.setenv("GOOGLE_CLOUD_LOCATION", "europe-west4")
    url = (
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/my-project/locations/europe-west4"
        "/publishers/google/models/gemini-2.5-flash:generateContent"
    )
    for _ in range(2):
        httpx_mock.add_response(url=url, json={"candidates": [candidate({"text": "ok"}, finish="STOP")]})
    async with llmkit.create_api_handler(api_provider="vertex", model_name="gemini-2.5-flash") as vertex:
        for _ in range(2):
            assert (await vertex.complete(None, [{"role": "user", "content": "hi"}])).text == "ok"
    assert [r.headers["authorization"] for r in httpx_mock.get_requests()] == ["Bearer adc-token-1"] * 2
    assert credentials.refreshed == 1  # a valid token is reused
    assert scopes == [["https://www.googleapis.com/auth/cloud-platform"]]


async def test_vertex_global_location_uses_the_global_host(
    httpx_mock: HTTPXMock, no_cloud_env: pytest.MonkeyPatch
) -> None:
    httpx_mock.add_response(
        url="https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/"
        "gemini-2.5-pro:streamGenerateContent?alt=sse",
        headers={"content-type": "text/event-stream"},
        content=sse({"candidates": [candidate({"text": "ok"}, finish="STOP")]}),
    )
    async with llmkit.create_api_handler(
        api_provider="vertex", model_name="gemini-2.5-pro", project="p", api_key=SENTINEL_KEY
    ) as vertex:
        completion = await (await vertex.create_message(None, [{"role": "user", "content": "hi"}])).collect()
    assert completion.text == "ok"
    assert httpx_mock.get_requests()[0].headers["authorization"] == f"Bearer {SENTINEL_KEY}"
