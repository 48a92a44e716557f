"""An API key as users really pass it (read from a file, pasted) never shows in an error or a log."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote, unquote_plus

import httpx
import pytest
from pytest_httpx import HTTPXMock

import llmkit
from llmkit._redact import redact_secret

pytestmark = pytest.mark.anyio

KEY = "sk-proj-Q7xv9LmN2pR4sT6uW8yZ0aB3/cD5+eF7=gH9"
MESSAGES = [{"role": "user", "content": "hi"}]


def leaks(text: str, key: str) -> list[str]:
    """The 8-character pieces of ``key`` that ``text`` shows, also once unescaped."""
    core = key.strip()
    shown = (text, text.replace("\\/", "/"), unquote_plus(text))
    return sorted({core[i : i + 8] for i in range(len(core) - 7) if any(core[i : i + 8] in t for t in shown)})


def error_texts(error: BaseException) -> list[str]:
    texts = [str(error), repr(error)]
    if isinstance(error, llmkit.LLMError):
        texts += [error.message, error.body or ""]
    return texts


def assert_nowhere(key: str, error: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    for text in [*error_texts(error), *(record.getMessage() for record in caplog.records)]:
        assert not leaks(text, key), f"the key shows in {text[:300]!r}"


@pytest.mark.parametrize("around", ["\n", "\r\n", "\t", " \n", "\n\n"], ids=repr)
async def test_a_key_with_surrounding_whitespace_is_sent_stripped_and_never_shown(
    around: str, caplog: pytest.LogCaptureFixture
) -> None:
    sent: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        # An HTTP layer that quotes the header it refuses, as h11 does for an illegal value.
        sent.append(request.headers["authorization"])
        raise httpx.ConnectError(
            f"refused: {request.headers.raw!r}; Authorization={request.headers['authorization']!r}"
        )

    key = KEY + around if around.startswith("\n") else around + KEY + around
    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
        handler = llmkit.create_api_handler(
            api_provider="openai", api_key=key, model_name="gpt-4o", max_retries=0, http_client=client
        )
        with pytest.raises(llmkit.APIConnectionError) as caught:
            await handler.complete(None, MESSAGES)
    assert sent == [f"Bearer {KEY}"]
    assert "refused" in caught.value.message
    assert_nowhere(key, caught.value, caplog)


@pytest.mark.parametrize(
    "key",
    [
        KEY[:20] + "\n" + KEY[20:],
        KEY[:20] + "\r\n" + KEY[20:],
        KEY[:20] + "\t" + KEY[20:],
        KEY + "\x00",
        KEY[:20] + "\x00" + KEY[20:],
        KEY + "é",
        KEY[:20] + "é" + KEY[20:],
    ],
    ids=["LF", "CRLF", "tab", "NUL-end", "NUL", "é-end", "é"],
)
@pytest.mark.parametrize("provider", ["openai", "anthropic"])
async def test_a_key_with_a_character_no_header_can_carry_is_refused_without_showing_it(
    key: str, provider: str, httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(llmkit.ConfigError, match=r"api_key has a (control|non-ASCII) character at position") as caught:
        llmkit.create_api_handler(api_provider=provider, api_key=key, model_name="m")
    assert_nowhere(key, caught.value, caplog)
    assert not httpx_mock.get_requests()


async def test_a_key_from_the_environment_loses_its_newline(
    clean_env: pytest.MonkeyPatch, httpx_mock: HTTPXMock
) -> None:
    clean_env.setenv("OPENAI_API_KEY", KEY + "\n")
    httpx_mock.add_response(json={"id": "x", "choices": [{"index": 0, "message": {"content": "ok"}}]})
    handler = llmkit.create_api_handler(api_provider="openai", model_name="gpt-4o")
    await handler.complete(None, MESSAGES)
    assert httpx_mock.get_requests()[0].headers["authorization"] == f"Bearer {KEY}"


def test_a_key_of_whitespace_only_is_no_key(clean_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(llmkit.ConfigError, match="no API key"):
        llmkit.create_api_handler(api_provider="openai", api_key=" \n", model_name="gpt-4o")


ECHOES = {
    "json-escaped": json.dumps({"error": {"message": f"invalid key {KEY}"}}).replace("/", "\\/"),
    "percent-encoded": json.dumps({"error": {"message": f"bad request to /v1?key={quote(KEY, safe='')}"}}),
    "percent-encoded, lower-case hex": json.dumps({"error": {"message": f"?key={quote(KEY, safe='').lower()}"}}),
    "prefix shown": json.dumps({"error": {"message": f"Incorrect API key provided: {KEY[:14]}...{KEY[-4:]}."}}),
    "suffix shown": json.dumps({"error": {"message": f"The key ending in {KEY[-9:]} was revoked."}}),
    "middle run": json.dumps({"error": {"message": f"key fragment {KEY[5:25]} is unknown"}}),
}


@pytest.mark.parametrize("body", list(ECHOES.values()), ids=list(ECHOES))
async def test_a_key_the_provider_echoes_escaped_or_in_part_is_blanked(
    body: str, httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="llmkit")
    httpx_mock.add_response(status_code=401, content=body.encode(), headers={"content-type": "application/json"})
    handler = llmkit.create_api_handler(api_provider="openai", api_key=KEY, model_name="gpt-4o", max_retries=0)
    with pytest.raises(llmkit.AuthenticationError) as caught:
        await handler.complete(None, MESSAGES)
    assert "***" in caught.value.message
    assert_nowhere(KEY, caught.value, caplog)
    # The failure is logged (at INFO: the caller may catch it), with the echo blanked there too.
    assert any("failed" in record.getMessage() and "***" in record.getMessage() for record in caplog.records)


def test_what_a_provider_shows_on_purpose_stays_and_the_rest_of_the_text_too() -> None:
    # Four to six characters at either end identify a key without giving it away.
    text = f"Incorrect API key provided: {KEY[:6]}************{KEY[-4:]}. See https://platform.example/keys."
    assert redact_secret(text, KEY) == text
    assert redact_secret(f"a {KEY} b {KEY[:10]}", KEY) == "a *** b ***"


def test_a_long_body_full_of_key_pieces_is_blanked_in_one_pass() -> None:
    pieces = [KEY, KEY[:8], KEY[-8:], KEY[3:40], "filler text"] * 20_000
    body = " ".join(pieces)
    redacted = redact_secret(body, KEY)
    assert redacted.split(" ") == ["***", "***", "***", "***", "filler", "text"] * 20_000


@pytest.mark.parametrize("odd", ["\n", "\r\n", "\t", "\x00", "é"], ids=repr)
def test_a_key_that_reached_the_http_layer_unstripped_is_blanked_in_its_quoted_forms(odd: str) -> None:
    # The second line of defence, should a key with such a character ever get past the settings.
    key = KEY + odd
    for shown in (repr(f"Bearer {key}"), repr(f"Bearer {key}".encode()), json.dumps({"key": key})):
        assert not leaks(redact_secret(shown, key), key), shown
