"""The Bedrock adapter beyond the recordings: auth both ways, broken frames, in-stream exceptions,
the request body, and the core install without botocore."""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
import sys
import time
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from pytest_httpx import HTTPXMock, IteratorStream

import llmkit
from llmkit.providers._eventstream import EventStreamDecoder

from ._helpers import collect, pieces
from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

MODEL = "us.amazon.nova-micro-v1:0"
STREAM_URL = "https://bedrock-runtime.eu-west-3.amazonaws.com/model/us.amazon.nova-micro-v1%3A0/converse-stream"
EVENTSTREAM = {"content-type": "application/vnd.amazon.eventstream"}
USER = [{"role": "user", "content": "Hi"}]


def frame(headers: dict[str, str], payload: bytes) -> bytes:
    """One event-stream frame, encoded by the spec (string headers only)."""
    encoded = b"".join(
        bytes([len(name)]) + name.encode() + b"\x07" + struct.pack("!H", len(value)) + value.encode()
        for name, value in headers.items()
    )
    total = 16 + len(encoded) + len(payload)
    prelude = struct.pack("!II", total, len(encoded))
    prelude += struct.pack("!I", zlib.crc32(prelude))
    message = prelude + encoded + payload
    return message + struct.pack("!I", zlib.crc32(message))


def event(kind: str, payload: dict[str, Any]) -> bytes:
    headers = {":event-type": kind, ":content-type": "application/json", ":message-type": "event"}
    return frame(headers, json.dumps(payload).encode())


def exception(kind: str, message: str) -> bytes:
    headers = {":exception-type": kind, ":content-type": "application/json", ":message-type": "exception"}
    return frame(headers, json.dumps({"message": message}).encode())


HELLO = [
    event("messageStart", {"role": "assistant"}),
    event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "Hello"}}),
    event("contentBlockStop", {"contentBlockIndex": 0}),
    event("messageStop", {"stopReason": "end_turn"}),
    event("metadata", {"usage": {"inputTokens": 3, "outputTokens": 1, "totalTokens": 4}}),
]


def serve(httpx_mock: HTTPXMock, body: bytes, read_size: int = 0) -> None:
    httpx_mock.add_response(headers=EVENTSTREAM, stream=IteratorStream(list(pieces(body, read_size))))


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A clean AWS environment: no files, no instance metadata, no key, no region."""
    for name in (
        "AWS_BEARER_TOKEN_BEDROCK",
        "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return monkeypatch


def bedrock(**settings: Any) -> llmkit.ApiHandler:
    return llmkit.create_api_handler({"api_provider": "bedrock", "model_name": MODEL, "max_retries": 0, **settings})


# -- SigV4 ------------------------------------------------------------------------------------------


def spec_signature(request: httpx.Request, secret: str, region: str) -> str:
    """The SigV4 Authorization header, computed from AWS's published algorithm for ``request``."""
    stamp = request.headers["x-amz-date"]
    day = stamp[:8]
    auth = request.headers["authorization"]
    signed = auth.split("SignedHeaders=")[1].split(",")[0].split(";")
    # Every service but S3 encodes the path's segments once more in the canonical request.
    path = "/".join(quote(segment, safe="-_.~") for segment in request.url.raw_path.decode().split("/"))
    canonical = "\n".join(
        [
            request.method,
            path,
            "",
            "".join(f"{name}:{request.headers[name].strip()}\n" for name in signed),
            ";".join(signed),
            hashlib.sha256(request.content).hexdigest(),
        ]
    )
    scope = f"{day}/{region}/bedrock/aws4_request"
    to_sign = f"AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    key = f"AWS4{secret}".encode()
    for part in (day, region, "bedrock", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return f"AWS4-HMAC-SHA256 Credential={auth.split('Credential=')[1].split('/')[0]}/{scope}, " + (
        f"SignedHeaders={';'.join(signed)}, Signature={signature}"
    )


async def test_sigv4_signs_with_environment_credentials(httpx_mock: HTTPXMock, aws_env: pytest.MonkeyPatch) -> None:
    aws_env.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    aws_env.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    aws_env.setenv("AWS_SESSION_TOKEN", "session-token-example")
    serve(httpx_mock, b"".join(HELLO))
    async with bedrock(aws_region="eu-west-3") as handler:
        result = await collect(await handler.create_message("Be brief.", USER))
    assert result.content == "Hello"
    sent = httpx_mock.get_requests()[0]
    assert str(sent.url) == STREAM_URL
    auth = sent.headers["authorization"]
    assert auth.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/eu-west-3/bedrock/aws4_request" in auth
    assert "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token," in auth
    assert sent.headers["x-amz-security-token"] == "session-token-example"
    assert auth == spec_signature(sent, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "eu-west-3")


async def test_sigv4_matches_botocores_signer_on_the_same_request(
    httpx_mock: HTTPXMock, aws_env: pytest.MonkeyPatch
) -> None:
    from botocore.auth import SigV4Auth  # type: ignore[import-untyped]
    from botocore.awsrequest import AWSRequest  # type: ignore[import-untyped]
    from botocore.credentials import Credentials  # type: ignore[import-untyped]

    aws_env.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    aws_env.setenv("AWS_SECRET_ACCESS_KEY", "secret-example")
    serve(httpx_mock, b"".join(HELLO))
    async with bedrock(aws_region="us-east-1") as handler:
        await collect(await handler.create_message(None, USER, max_tokens=50, temperature=0.5))
    sent = httpx_mock.get_requests()[0]
    # botocore signs the bytes and URL that went out, at the moment the request was stamped.
    reference = AWSRequest(method="POST", url=str(sent.url), data=sent.content, headers={})
    reference.headers["content-type"] = sent.headers["content-type"]
    reference.context["timestamp"] = sent.headers["x-amz-date"]
    signer = SigV4Auth(Credentials("AKIDEXAMPLE", "secret-example"), "bedrock", "us-east-1")
    reference.headers["X-Amz-Date"] = sent.headers["x-amz-date"]
    canonical = signer.canonical_request(reference)
    signature = signer.signature(signer.string_to_sign(reference, canonical), reference)
    assert sent.headers["authorization"].endswith(f"Signature={signature}")
    assert sent.headers["authorization"] == spec_signature(sent, "secret-example", "us-east-1")


async def test_sigv4_uses_the_named_profile_and_its_region(
    httpx_mock: HTTPXMock, aws_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "credentials").write_text("[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = s3cret\n")
    (tmp_path / "config").write_text("[profile work]\nregion = eu-west-3\n")
    serve(httpx_mock, b"".join(HELLO))
    async with bedrock(aws_profile="work") as handler:
        await collect(await handler.create_message(None, USER))
    sent = httpx_mock.get_requests()[0]
    assert str(sent.url) == STREAM_URL
    assert sent.headers["authorization"] == spec_signature(sent, "s3cret", "eu-west-3")
    assert "Credential=AKIDWORK/" in sent.headers["authorization"]


async def test_sigv4_without_credentials_is_a_config_error_before_sending(
    httpx_mock: HTTPXMock, aws_env: pytest.MonkeyPatch
) -> None:
    async with bedrock(aws_region="us-east-1") as handler:
        with pytest.raises(llmkit.ConfigError, match="no AWS credentials"):
            await handler.create_message(None, USER)
    assert httpx_mock.get_requests() == []


def test_a_region_is_needed_for_the_endpoint(aws_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(llmkit.ConfigError, match="aws_region"):
        bedrock(api_key=SENTINEL_KEY)
    aws_env.setenv("AWS_DEFAULT_REGION", "ap-northeast-1")
    handler = bedrock(api_key=SENTINEL_KEY)
    assert handler.settings.base_url == "https://bedrock-runtime.ap-northeast-1.amazonaws.com"
    aws_env.setenv("AWS_REGION", "eu-central-1")  # AWS_REGION wins over AWS_DEFAULT_REGION
    assert bedrock(api_key=SENTINEL_KEY).settings.base_url == "https://bedrock-runtime.eu-central-1.amazonaws.com"
    assert SENTINEL_KEY not in repr(handler)


# -- the core install: no botocore ------------------------------------------------------------------


@pytest.fixture
def no_botocore(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "botocore" or m.startswith("botocore.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "botocore", None)  # `import botocore...` now raises ImportError


async def test_core_install_streams_with_a_bedrock_api_key(
    httpx_mock: HTTPXMock, aws_env: pytest.MonkeyPatch, no_botocore: None
) -> None:
    aws_env.setenv("AWS_BEARER_TOKEN_BEDROCK", SENTINEL_KEY)
    serve(httpx_mock, b"".join(HELLO), 7)
    async with bedrock(aws_region="eu-west-3") as handler:
        result = await collect(await handler.create_message(None, USER))
    assert result.content == "Hello"
    assert result.usage is not None and result.usage.input_tokens == 3
    sent = httpx_mock.get_requests()[0]
    assert sent.headers["authorization"] == f"Bearer {SENTINEL_KEY}"
    assert sent.headers["accept"] == "application/vnd.amazon.eventstream"
    assert "x-amz-date" not in sent.headers


def test_core_install_without_a_key_names_the_extra(aws_env: pytest.MonkeyPatch, no_botocore: None) -> None:
    with pytest.raises(llmkit.ConfigError) as caught:
        bedrock(aws_region="us-east-1")
    assert "pip install 'llmkit[bedrock]'" in str(caught.value)
    assert "AWS_BEARER_TOKEN_BEDROCK" in str(caught.value)


# -- broken streams ---------------------------------------------------------------------------------


def corrupt(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


@pytest.mark.parametrize(
    ("body", "error", "words"),
    [
        (corrupt(HELLO[0], 2) + b"".join(HELLO[1:]), llmkit.MalformedResponseError, "prelude fails its CRC"),
        (HELLO[0] + corrupt(HELLO[1], 40) + b"".join(HELLO[2:]), llmkit.MalformedResponseError, "message CRC"),
        (b"".join(HELLO)[:-20], llmkit.StreamIncompleteError, "inside an event-stream frame"),
        (b"".join(HELLO[:3]), llmkit.StreamIncompleteError, "before messageStop"),
    ],
    ids=["prelude-crc", "message-crc", "cut-frame", "no-message-stop"],
)
@pytest.mark.parametrize("read_size", [1, 61, 0])
async def test_broken_streams_raise_typed_errors(
    httpx_mock: HTTPXMock, body: bytes, error: type[llmkit.LLMError], words: str, read_size: int
) -> None:
    serve(httpx_mock, body, read_size)
    async with bedrock(api_key=SENTINEL_KEY, aws_region="us-east-1") as handler:
        stream = await handler.create_message(None, USER)
        with pytest.raises(error, match=words) as caught:
            await collect(stream)
    assert caught.value.provider == "bedrock"


def test_a_frame_declaring_more_than_aws_allows_is_refused() -> None:
    prelude = struct.pack("!II", 64 * 1024 * 1024, 0)
    with pytest.raises(llmkit.MalformedResponseError, match="declares a length"):
        EventStreamDecoder("bedrock").feed(prelude + struct.pack("!I", zlib.crc32(prelude)))


def test_the_decoder_stays_linear_at_one_byte_per_read() -> None:
    payload = json.dumps({"contentBlockIndex": 0, "delta": {"text": "x" * 400_000}}).encode()
    body = frame({":event-type": "contentBlockDelta", ":message-type": "event"}, payload)
    decoder = EventStreamDecoder()
    started = time.perf_counter()
    frames = [f for i in range(len(body)) for f in decoder.feed(body[i : i + 1])]
    elapsed = time.perf_counter() - started
    assert [f.payload for f in frames] == [payload]
    # Quadratic work (re-reading the buffer on each byte) would copy ~80 GB here.
    assert elapsed < 10, f"{len(body)} one-byte reads took {elapsed:.1f}s"


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("throttlingException", llmkit.RateLimitError),
        ("modelStreamErrorException", llmkit.ServerError),
        ("validationException", llmkit.BadRequestError),
        ("serviceUnavailableException", llmkit.OverloadedError),
        ("internalServerException", llmkit.ServerError),
    ],
)
async def test_in_stream_exceptions_raise_after_the_output(
    httpx_mock: HTTPXMock, kind: str, error: type[llmkit.LLMError]
) -> None:
    serve(httpx_mock, b"".join(HELLO[:2]) + exception(kind, "Too many tokens, please wait."), 7)
    text = ""
    async with bedrock(api_key=SENTINEL_KEY, aws_region="us-east-1") as handler:
        stream = await handler.create_message(None, USER)
        with pytest.raises(error) as caught:
            async for chunk in stream:
                if chunk.type == "text":
                    text += chunk.delta
    assert text == "Hello"
    assert type(caught.value) is error
    assert caught.value.error_type == kind
    assert "Too many tokens, please wait." in caught.value.message


@pytest.mark.parametrize(
    ("status", "error_type", "message", "error"),
    [
        (429, "ThrottlingException:http://internal.amazon.com/coral/", "Too many requests", llmkit.RateLimitError),
        (400, "ValidationException", "Input is too long for requested model.", llmkit.ContextWindowExceededError),
        (400, "ServiceQuotaExceededException", "quota", llmkit.QuotaExceededError),
        (503, "ServiceUnavailableException", "busy", llmkit.OverloadedError),
        (404, None, "not found", llmkit.NotFoundError),
    ],
)
async def test_http_errors_are_typed_by_the_aws_error_type(
    httpx_mock: HTTPXMock, status: int, error_type: str | None, message: str, error: type[llmkit.LLMError]
) -> None:
    headers = {"content-type": "application/json", "x-amzn-requestid": "req-1"}
    if error_type:
        headers["x-amzn-errortype"] = error_type
    httpx_mock.add_response(status_code=status, headers=headers, json={"message": message})
    async with bedrock(api_key=SENTINEL_KEY, aws_region="us-east-1") as handler:
        with pytest.raises(error) as caught:
            await handler.complete(None, USER)
    assert type(caught.value) is error
    assert caught.value.message == message
    assert caught.value.request_id == "req-1"
    assert caught.value.error_type == (error_type.split(":")[0] if error_type else None)


# -- the request --------------------------------------------------------------------------------------


def sent_body(httpx_mock: HTTPXMock) -> Any:
    return json.loads(httpx_mock.get_requests()[0].content)


async def test_conversation_becomes_converse_messages(httpx_mock: HTTPXMock) -> None:
    serve(httpx_mock, b"".join(HELLO))
    messages = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is this?"},
                {"type": "image", "data": b"\x89PNG", "media_type": "image/png"},
            ],
        },
        {
            "role": "assistant",
            "content": "Let me look.",
            "reasoning_blocks": [{"text": "Think", "signature": "sig-1"}, {"encrypted": "b64-redacted"}],
            "tool_calls": [
                {"id": "tooluse_1", "type": "function", "function": {"name": "look", "arguments": '{"q": 1}'}}
            ],
        },
        {"role": "tool", "tool_call_id": "tooluse_1", "content": "a cat"},
        {
            "role": "user",
            "content": [{"type": "document", "document": {"format": "txt", "name": "n", "source": {"text": "t"}}}],
        },
    ]
    tool = llmkit.Tool(
        name="look", description="Look closer", parameters={"type": "object", "properties": {"q": {"type": "integer"}}}
    )
    async with bedrock(api_key=SENTINEL_KEY, aws_region="us-east-1") as handler:
        await collect(
            await handler.create_message(
                "Be brief.",
                messages,
                tools=[tool],
                tool_choice="look",
                max_tokens=100,
                top_p=0.9,
                stop=["END"],
                user="u-7",
            )
        )
    assert sent_body(httpx_mock) == {
        "messages": [
            {
                "role": "user",
                "content": [{"text": "What is this?"}, {"image": {"format": "png", "source": {"bytes": "iVBORw=="}}}],
            },
            {
                "role": "assistant",
                "content": [
                    {"reasoningContent": {"reasoningText": {"text": "Think", "signature": "sig-1"}}},
                    {"reasoningContent": {"redactedContent": "b64-redacted"}},
                    {"text": "Let me look."},
                    {"toolUse": {"toolUseId": "tooluse_1", "name": "look", "input": {"q": 1}}},
                ],
            },
            # The tool result and the next user message are one user turn: Converse wants roles to alternate.
            {
                "role": "user",
                "content": [
                    {"toolResult": {"toolUseId": "tooluse_1", "content": [{"text": "a cat"}]}},
                    {"document": {"format": "txt", "name": "n", "source": {"text": "t"}}},
                ],
            },
        ],
        "system": [{"text": "Be brief."}],
        "inferenceConfig": {"maxTokens": 100, "topP": 0.9, "stopSequences": ["END"]},
        "toolConfig": {
            "tools": [
                {
                    "toolSpec": {
                        "name": "look",
                        "description": "Look closer",
                        "inputSchema": {"json": {"type": "object", "properties": {"q": {"type": "integer"}}}},
                    }
                }
            ],
            "toolChoice": {"tool": {"name": "look"}},
        },
        "requestMetadata": {"user": "u-7"},
    }


@pytest.mark.parametrize(
    ("model", "fields", "inference"),
    [
        (
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            {"thinking": {"type": "enabled", "budget_tokens": 8192}},
            {"maxTokens": 8192 + 4096},
        ),
        ("us.amazon.nova-2-lite-v1:0", {"reasoningConfig": {"type": "enabled", "maxReasoningEffort": "medium"}}, None),
    ],
)
async def test_reasoning_effort_becomes_the_models_own_field(
    httpx_mock: HTTPXMock, model: str, fields: dict[str, Any], inference: dict[str, Any] | None
) -> None:
    serve(httpx_mock, b"".join(HELLO))
    async with bedrock(api_key=SENTINEL_KEY, aws_region="us-east-1", model_name=model) as handler:
        await collect(await handler.create_message(None, USER, reasoning_effort="medium"))
    body = sent_body(httpx_mock)
    assert body["additionalModelRequestFields"] == fields
    assert body.get("inferenceConfig") == inference


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"reasoning_effort": "high", "model_name": "meta.llama3-70b-instruct-v1:0"}, "additionalModelRequestFields"),
        ({"reasoning_effort": "medium", "max_tokens": 1000, "model_name": "anthropic.claude-3-7-sonnet"}, "budget"),
        ({"seed": 1}, "seed"),
        ({"tool_choice": "none", "tools": [{"name": "f"}]}, "tool_choice 'none'"),
        ({"response_format": "json"}, "JSON schema"),
    ],
)
async def test_what_converse_cannot_honour_is_refused_before_sending(
    httpx_mock: HTTPXMock, options: dict[str, Any], words: str
) -> None:
    options = dict(options)  # the parameter is shared by every run of the test in this process
    model = options.pop("model_name", MODEL)
    async with bedrock(api_key=SENTINEL_KEY, aws_region="us-east-1", model_name=model) as handler:
        with pytest.raises(llmkit.InvalidRequestError, match=words):
            await handler.create_message(None, USER, **options)
    assert httpx_mock.get_requests() == []


async def test_a_json_schema_becomes_output_config(httpx_mock: HTTPXMock) -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    httpx_mock.add_response(
        json={
            "output": {"message": {"role": "assistant", "content": [{"text": '{"city":"Paris"}'}]}},
            "stopReason": "end_turn",
            "usage": {"inputTokens": 5, "outputTokens": 4, "totalTokens": 9},
        }
    )
    async with bedrock(api_key=SENTINEL_KEY, aws_region="us-east-1") as handler:
        completion = await handler.complete(None, USER, response_format=schema)
    assert completion.text == '{"city":"Paris"}'
    sent = httpx_mock.get_requests()[0]
    assert str(sent.url).endswith("/model/us.amazon.nova-micro-v1%3A0/converse")
    assert sent.headers["accept"] == "application/json"
    text_format = sent_body(httpx_mock)["outputConfig"]["textFormat"]
    assert text_format["type"] == "json_schema"
    assert json.loads(text_format["structure"]["jsonSchema"]["schema"]) == schema


async def test_signed_reasoning_goes_back_on_the_next_turn(httpx_mock: HTTPXMock) -> None:
    """A streamed answer's signature and redacted block round-trip through Completion.to_message()."""
    answer = [
        event("messageStart", {"role": "assistant"}),
        event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"reasoningContent": {"text": "Hmm"}}}),
        event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"reasoningContent": {"signature": "SIG"}}}),
        event("contentBlockStop", {"contentBlockIndex": 0}),
        event(
            "contentBlockDelta", {"contentBlockIndex": 1, "delta": {"reasoningContent": {"redactedContent": "UkVE"}}}
        ),
        event("contentBlockStop", {"contentBlockIndex": 1}),
        event("contentBlockStart", {"contentBlockIndex": 2, "start": {"toolUse": {"toolUseId": "t1", "name": "f"}}}),
        event("contentBlockStop", {"contentBlockIndex": 2}),
        event("messageStop", {"stopReason": "tool_use"}),
        event("metadata", {"usage": {"inputTokens": 1, "outputTokens": 2}}),
    ]
    serve(httpx_mock, b"".join(answer), 7)
    serve(httpx_mock, b"".join(HELLO))
    model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
    async with bedrock(api_key=SENTINEL_KEY, aws_region="us-east-1", model_name=model) as handler:
        first = await (await handler.create_message(None, USER)).collect()
        assert first.finish_reason == "tool_calls"
        assert [(c.id, c.name, c.arguments) for c in first.tool_calls] == [("t1", "f", "{}")]
        turn = [*USER, first.to_message(), {"role": "tool", "tool_call_id": "t1", "content": "ok"}]
        await collect(await handler.create_message(None, turn))
    assistant = json.loads(httpx_mock.get_requests()[1].content)["messages"][1]
    assert assistant == {
        "role": "assistant",
        "content": [
            {"reasoningContent": {"reasoningText": {"text": "Hmm", "signature": "SIG"}}},
            {"reasoningContent": {"redactedContent": "UkVE"}},
            {"toolUse": {"toolUseId": "t1", "name": "f", "input": {}}},
        ],
    }


@pytest.mark.parametrize(("region", "cost"), [("us-east-1", "0.000000245"), ("eu-west-3", None)])
async def test_usage_is_priced_only_in_the_region_whose_prices_ship(
    httpx_mock: HTTPXMock, region: str, cost: str | None
) -> None:
    # us.amazon.nova-micro-v1:0 bills as amazon.nova-micro-v1:0 in us-east-1: 3·0.035 + 1·0.14 = 0.245 per million.
    serve(httpx_mock, b"".join(HELLO))
    async with bedrock(api_key=SENTINEL_KEY, aws_region=region) as handler:
        result = await collect(await handler.create_message(None, USER))
    assert result.usage is not None
    assert result.usage.cost == (None if cost is None else Decimal(cost))
