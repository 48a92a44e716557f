"""What an error says: the provider's words read from every common body shape, bytes that are not
UTF-8, in-stream error events, malformed chunks and ``retry-after`` — each expectation written out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from pytest_httpx import HTTPXMock, IteratorStream

import llmkit
from llmkit._errormap import retry_after_seconds

from ._helpers import collect
from .conftest import SENTINEL_KEY

pytestmark = pytest.mark.anyio

HI = [{"role": "user", "content": "hi"}]
LONG = "x" * 400
PADDED = '{"error": {"code": "c1"}, "pad": "' + LONG + '"}'
LONG_LIST = '["' + LONG + '"]'
LONG_ERROR_LIST = '{"error": ["' + LONG + '"]}'


def openai() -> llmkit.ApiHandler:
    return llmkit.create_api_handler(api_provider="openai", api_key=SENTINEL_KEY, model_name="m", max_retries=0)


async def refused_with(httpx_mock: HTTPXMock, body: bytes, status: int = 400) -> llmkit.LLMError:
    httpx_mock.add_response(status_code=status, content=body, headers={"x-request-id": "req_e"})
    async with openai() as handler:
        with pytest.raises(llmkit.LLMError) as caught:
            await handler.create_message(None, HI)
    return caught.value


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "(empty body)"),
        (b"  \n", "(empty body)"),
        (b"  Bad gateway  \n", "Bad gateway"),
        (LONG.encode(), "x" * 300),  # a page, not JSON: its first 300 characters
        (b'["not", "an", "object"]', '["not", "an", "object"]'),
        (b'{"error": "Invalid model name"}', "Invalid model name"),
        (b'{"error": 42}', '{"error": 42}'),
        (b'{"error": {"detail": "Not allowed here"}}', "Not allowed here"),
        (b'{"detail": "Model not found"}', "Model not found"),  # FastAPI servers (vLLM, TGI)
        (b'{"error": {"code": "c1"}, "detail": "Said outside the error"}', "Said outside the error"),
        (PADDED.encode(), PADDED[:300]),
        (LONG_LIST.encode(), LONG_LIST[:300]),
        (LONG_ERROR_LIST.encode(), LONG_ERROR_LIST[:300]),  # no message: the body's first 300 characters
        (b'{"detail": [{"loc": ["body", "n"], "msg": "too big"}]}', '[{"loc": ["body", "n"], "msg": "too big"}]'),
    ],
)
async def test_the_providers_words_are_found_in_every_common_body_shape(
    httpx_mock: HTTPXMock, body: bytes, message: str
) -> None:
    error = await refused_with(httpx_mock, body)
    assert type(error) is llmkit.BadRequestError
    assert error.message == message
    assert (error.status_code, error.request_id, error.body) == (400, "req_e", body.decode())


async def test_code_type_and_param_of_an_error_body_are_kept(httpx_mock: HTTPXMock) -> None:
    body = b'{"error": {"message": "bad value", "type": "invalid_request_error", "param": "temperature", "code": "x1"}}'
    error = await refused_with(httpx_mock, body)
    assert (error.message, error.code, error.error_type, error.param) == (
        "bad value",
        "x1",
        "invalid_request_error",
        "temperature",
    )


async def test_a_type_or_param_that_is_not_text_is_left_out(httpx_mock: HTTPXMock) -> None:
    error = await refused_with(httpx_mock, b'{"error": {"message": "bad", "type": 5, "param": ["messages", 0]}}')
    assert (error.message, error.code, error.error_type, error.param) == ("bad", None, None, None)


async def test_an_error_body_that_is_not_utf8_is_read_with_replacement_characters(httpx_mock: HTTPXMock) -> None:
    error = await refused_with(httpx_mock, b'{"error": {"message": "caf\xe9 closed"}}', status=503)
    assert type(error) is llmkit.OverloadedError
    assert error.message == "caf\ufffd closed"
    assert error.body == '{"error": {"message": "caf\ufffd closed"}}'


async def test_a_past_retry_after_date_means_retry_now(httpx_mock: HTTPXMock) -> None:
    past = format_datetime(datetime.now(UTC) - timedelta(minutes=5), usegmt=True)
    assert retry_after_seconds(httpx.Headers({"retry-after": past})) == 0.0
    assert retry_after_seconds(httpx.Headers({"retry-after": "-3"})) == 0.0
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "-3"})) == 0.0


# -- in-stream error events and malformed chunks -----------------------------------------------------


async def stream_error(httpx_mock: HTTPXMock, body: bytes) -> llmkit.LLMError:
    httpx_mock.add_response(headers={"content-type": "text/event-stream", "x-request-id": "req_s"}, content=body)
    async with openai() as handler:
        stream = await handler.create_message(None, HI)
        with pytest.raises(llmkit.LLMError) as caught:
            await collect(stream)
    return caught.value


async def test_an_error_event_keeps_the_providers_words_param_and_the_request_id(httpx_mock: HTTPXMock) -> None:
    event = b'{"error": {"message": "caf\xe9 overloaded", "type": "server_error", "param": "model"}}'
    body = b"event: error\ndata: " + event + b"\n\n"
    error = await stream_error(httpx_mock, body)
    assert type(error) is llmkit.ServerError
    assert error.message == "error event in the stream: caf\ufffd overloaded"
    assert (error.provider, error.request_id, error.status_code) == ("openai", "req_s", None)
    assert (error.error_type, error.param) == ("server_error", "model")


@pytest.mark.parametrize(
    ("code", "cls", "status"),
    [
        (429, llmkit.RateLimitError, 429),
        (599, llmkit.ServerError, 599),
        (600, llmkit.StreamError, None),  # not an HTTP status: an unknown code
        ("some_new_code", llmkit.StreamError, None),
    ],
)
async def test_an_error_event_with_a_status_as_its_code_is_raised_as_that_status(
    httpx_mock: HTTPXMock, code: object, cls: type[llmkit.LLMError], status: int | None
) -> None:
    code_json = f'"{code}"' if isinstance(code, str) else str(code)
    body = f'data: {{"error": {{"message": "stopped", "code": {code_json}}}}}\n\n'.encode()
    error = await stream_error(httpx_mock, body)
    assert type(error) is cls
    assert (error.status_code, error.code, error.message) == (status, str(code), "error event in the stream: stopped")


async def test_a_malformed_chunk_names_the_provider_the_request_and_keeps_bytes_that_are_not_utf8(
    httpx_mock: HTTPXMock,
) -> None:
    error = await stream_error(httpx_mock, b"data: {\xff\n\n")
    assert type(error) is llmkit.MalformedResponseError
    assert error.message.startswith("malformed chunk from the provider: ")
    assert (error.provider, error.request_id) == ("openai", "req_s")
    assert error.body == "{\ufffd"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"[1]", "Input should be an object at top level"),
        (b'{"choices": "nope"}', "Input should be a valid array at choices"),
        (
            b'{"choices": [{"index": "first"}]}',
            "Input should be a valid integer, unable to parse string as an integer at choices.0.index",
        ),
    ],
)
async def test_a_malformed_chunk_says_what_is_wrong_and_where(httpx_mock: HTTPXMock, data: bytes, problem: str) -> None:
    error = await stream_error(httpx_mock, b"data: " + data + b"\n\n")
    assert type(error) is llmkit.MalformedResponseError
    assert error.message == f"malformed chunk from the provider: {problem}"


@pytest.mark.parametrize(
    ("failure", "cls", "message"),
    [
        (
            httpx.RemoteProtocolError(""),
            llmkit.StreamIncompleteError,
            "the connection broke mid-stream: RemoteProtocolError",
        ),
        (
            httpx.RemoteProtocolError("peer closed connection"),
            llmkit.StreamIncompleteError,
            "the connection broke mid-stream: RemoteProtocolError: peer closed connection",
        ),
        (httpx.ReadError(""), llmkit.APIConnectionError, "the connection failed mid-stream: ReadError"),
        (
            httpx.ReadTimeout("read timed out"),
            llmkit.IdleTimeoutError,
            "no data from the provider within the idle timeout",
        ),
    ],
)
async def test_a_connection_lost_mid_stream_is_named_by_its_cause(
    httpx_mock: HTTPXMock, failure: Exception, cls: type[llmkit.LLMError], message: str
) -> None:
    def body() -> Iterator[bytes]:
        yield b'data: {"choices": [{"index": 0, "delta": {"content": "Hel"}}]}\n\n'
        raise failure

    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, stream=IteratorStream(body()))
    async with openai() as handler:
        stream = await handler.create_message(None, HI)
        with pytest.raises(llmkit.LLMError) as caught:
            await collect(stream)
    assert type(caught.value) is cls
    assert (caught.value.message, caught.value.provider, caught.value.status_code) == (message, "openai", 200)


async def test_a_body_past_the_event_bound_is_malformed_with_the_provider_and_request(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import llmkit._sse

    monkeypatch.setattr(llmkit._sse, "MAX_EVENT_BYTES", 10)
    error = await stream_error(httpx_mock, b"data: 0123456789abc\n\n")
    assert type(error) is llmkit.MalformedResponseError
    assert error.message == "an event-stream event is longer than 10 bytes"
    assert (error.provider, error.request_id, error.status_code) == ("openai", "req_s", 200)
