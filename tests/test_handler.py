"""Configuration, the factory and registry, request building and input checks."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any, ClassVar

import httpx
import pytest
from pytest_httpx import HTTPXMock

import llmkit
from llmkit import ConfigError, InvalidRequestError, OpenAiHandler
from llmkit.testing import Exchange, ReplayServer, chat_stream

from ._helpers import collect

pytestmark = pytest.mark.anyio

OK_STREAM = chat_stream("Hello!", usage={"prompt_tokens": 3, "completion_tokens": 1}).body


def sent_body(httpx_mock: HTTPXMock) -> dict[str, Any]:
    request = httpx_mock.get_requests()[-1]
    body: dict[str, Any] = json.loads(request.content)
    return body


# -- factory and configuration -------------------------------------------------------------------


def test_unknown_provider_names_the_valid_ones() -> None:
    with pytest.raises(ConfigError, match=r"unknown api_provider 'deepsek'.*deepseek, .*openai"):
        llmkit.create_api_handler({"api_provider": "deepsek", "api_key": "k", "model_name": "m"})


def test_missing_provider_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="api_provider is required"):
        llmkit.create_api_handler({"api_key": "k", "model_name": "m"})


def test_missing_key_names_the_environment_variable(clean_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="DEEPSEEK_API_KEY"):
        llmkit.create_api_handler({"api_provider": "deepseek", "api_key": None, "model_name": "deepseek-chat"})


@pytest.mark.parametrize("model", ["", "   ", None, 3])
def test_empty_model_is_refused(model: object) -> None:
    with pytest.raises(ConfigError, match="model_name"):
        llmkit.create_api_handler({"api_provider": "openai", "api_key": "k", "model_name": model})


def test_unknown_setting_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(ConfigError, match=r"'modle'.*valid settings: .*model_name"):
        llmkit.create_api_handler({"api_provider": "openai", "api_key": "k", "model_name": "m", "modle": "x"})


@pytest.mark.parametrize(
    ("setting", "value"),
    [("timeout", -1), ("max_retries", -1), ("base_url", "ftp://x"), ("headers", {"a": 1}), ("http_client", object())],
)
def test_bad_values_are_refused(setting: str, value: object) -> None:
    with pytest.raises(ConfigError, match=setting):
        llmkit.create_api_handler({"api_provider": "openai", "api_key": "k", "model_name": "m", setting: value})


def test_environment_fills_what_is_missing_and_explicit_values_win(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("OPENAI_API_KEY", "sk-env")
    clean_env.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1/")
    clean_env.setenv("OPENAI_ORG_ID", "org-env")
    clean_env.setenv("OPENAI_PROJECT_ID", "proj-env")
    from_env = llmkit.create_api_handler(api_provider="openai", model_name="gpt-4o")
    assert from_env.settings.api_key is not None and from_env.settings.api_key.get_secret_value() == "sk-env"
    assert from_env.settings.base_url == "http://127.0.0.1:9/v1"
    assert (from_env.settings.organization, from_env.settings.project) == ("org-env", "proj-env")
    explicit = llmkit.create_api_handler(
        {"api_provider": "openai", "model_name": "gpt-4o", "api_key": "sk-mine"}, organization="org-mine"
    )
    assert explicit.settings.api_key is not None and explicit.settings.api_key.get_secret_value() == "sk-mine"
    assert explicit.settings.organization == "org-mine"


def test_deepseek_reads_its_own_variables(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DEEPSEEK_API_KEY", "sk-ds")
    clean_env.setenv("DEEPSEEK_BASE_URL", "http://127.0.0.1:9")
    handler = llmkit.create_api_handler({"api_provider": "DeepSeek", "api_key": None, "model_name": "deepseek-chat"})
    assert isinstance(handler, llmkit.DeepSeekHandler)
    assert handler.settings.base_url == "http://127.0.0.1:9"


def test_a_key_is_optional_for_a_custom_base_url(clean_env: pytest.MonkeyPatch) -> None:
    handler = llmkit.create_api_handler(api_provider="openai", model_name="local", base_url="http://127.0.0.1:8080/v1")
    assert handler.settings.api_key is None


def test_the_key_never_shows_in_reprs() -> None:
    handler = llmkit.create_api_handler(api_provider="openai", api_key="sk-SENTINEL-123", model_name="gpt-4o")
    assert "sk-SENTINEL-123" not in repr(handler)
    assert "sk-SENTINEL-123" not in repr(handler.settings)
    assert "sk-SENTINEL-123" not in str(handler.settings)


def test_seed_module_path_is_offered() -> None:
    from llmkit.handlers.factory import create_api_handler

    assert create_api_handler is llmkit.create_api_handler


# -- "provider:model" ------------------------------------------------------------------------------


def test_a_provider_model_string_names_both() -> None:
    handler = llmkit.create_api_handler("openai:gpt-4o", api_key="k")
    assert (type(handler), handler.model_name) == (OpenAiHandler, "gpt-4o")
    # The provider's name is case-insensitive, as in the dict form; keyword settings still win.
    assert llmkit.create_api_handler("DeepSeek:deepseek-chat", api_key="k", model_name="other").model_name == "other"


def test_the_model_part_keeps_its_own_colons() -> None:
    handler = llmkit.create_api_handler("bedrock:us.amazon.nova-micro-v1:0", api_key="k", aws_region="us-east-1")
    assert (handler.provider_name, handler.model_name) == ("bedrock", "us.amazon.nova-micro-v1:0")


@pytest.mark.parametrize("spec", ["openai", "openai:", ":gpt-4o", " : "])
def test_a_string_without_provider_and_model_is_refused(spec: str) -> None:
    with pytest.raises(ConfigError, match="expected 'provider:model'"):
        llmkit.create_api_handler(spec, api_key="k")


def test_an_unknown_provider_in_the_string_lists_the_valid_ones() -> None:
    with pytest.raises(ConfigError, match=r"unknown api_provider 'nope'; valid providers: .*openai"):
        llmkit.create_api_handler("nope:model", api_key="k")


# -- the registry ---------------------------------------------------------------------------------


class AcmeHandler(OpenAiHandler):
    provider_name = "acme-test"
    default_base_url = "https://api.acme.invalid/v1"
    env: ClassVar[dict[str, str]] = {"api_key": "ACME_TEST_KEY"}


async def test_a_subclass_that_names_a_provider_is_found_by_the_factory() -> None:
    assert "acme-test" in llmkit.provider_names()
    with ReplayServer(Exchange(body=OK_STREAM)) as server:
        handler = llmkit.create_api_handler(
            {"api_provider": "acme-test", "api_key": "k", "model_name": "acme-1", "base_url": server.url + "/v1"}
        )
        assert isinstance(handler, AcmeHandler)
        async with handler:
            result = await collect(await handler.create_message("sys", [{"role": "user", "content": "hi"}]))
    assert result.content == "Hello!"
    assert server.requests[0].path == "/v1/chat/completions"
    assert server.requests[0].json()["model"] == "acme-1"


def test_a_class_that_says_replace_takes_a_built_in_name_even_before_the_built_ins_load() -> None:
    # A fresh interpreter: nothing has loaded the built-in adapters yet when the user's class,
    # registered under a built-in name, is defined straight on ApiHandler.
    script = (
        "import llmkit\n"
        "class MyOpenAi(llmkit.ApiHandler, replace=True):\n"
        "    provider_name, default_base_url = 'openai', 'https://llm.example.invalid/v1'\n"
        "    adapter = llmkit.CompatibleAdapter\n"
        "handler = llmkit.create_api_handler(api_provider='openai', api_key='k', model_name='m')\n"
        "assert type(handler).__name__ == 'MyOpenAi', type(handler)\n"
        "assert 'anthropic' in llmkit.provider_names()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_a_taken_name_is_refused_without_replace_and_the_error_says_how() -> None:
    # Fresh interpreters: the built-in is not loaded yet, then it is; and a name a class of one's own took.
    for setup in ("", "llmkit.create_api_handler('groq:m', api_key='k')\n"):
        script = (
            "import llmkit\n"
            f"{setup}"
            "try:\n"
            "    class MyGroq(llmkit.CompatibleHandler):\n"
            "        provider_name = 'Groq'\n"
            "except llmkit.ConfigError as error:\n"
            "    print(error)\n"
            "assert type(llmkit.create_api_handler('groq:m', api_key='k')).__name__ == 'GroqHandler'\n"
            "class Acme(llmkit.CompatibleHandler):\n"
            "    provider_name = 'acme'\n"
            "try:\n"
            "    llmkit.register_provider('acme', base_url='http://127.0.0.1:9/v1')\n"
            "except llmkit.ConfigError as error:\n"
            "    print(error)\n"
            "class Acme(llmkit.CompatibleHandler):  # the same class defined again, as a re-run cell does\n"
            "    provider_name = 'acme'\n"
            "assert llmkit.create_api_handler('acme:m', api_key='k').__class__ is Acme\n"
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [
            "provider 'groq' is already a built-in provider; to replace it, say so: "
            "class MyGroq(<base>, replace=True), or register_provider(..., replace=True)",
            "provider 'acme' is already registered; pass replace=True to replace it",
        ]


def test_replace_without_a_provider_name_is_a_mistake() -> None:
    with pytest.raises(TypeError, match="declares no provider_name"):

        class Nameless(OpenAiHandler, replace=True):
            pass


def test_the_subclass_reads_its_own_key_variable(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ACME_TEST_KEY", "acme-secret")
    handler = llmkit.create_api_handler(api_provider="acme-test", model_name="acme-1")
    assert handler.settings.api_key is not None and handler.settings.api_key.get_secret_value() == "acme-secret"


# -- requests -------------------------------------------------------------------------------------


async def test_openai_request_carries_auth_org_project_and_asks_for_usage(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=OK_STREAM)
    handler = llmkit.create_api_handler(
        api_provider="openai",
        api_key="sk-1",
        model_name="gpt-4o",
        organization="org-1",
        project="proj-1",
        headers={"x-extra": "yes"},
    )
    stream = await handler.create_message("Be terse.", [{"role": "user", "content": "Hi"}], max_tokens=5)
    await collect(stream)
    request = httpx_mock.get_requests()[0]
    assert str(request.url) == "https://api.openai.com/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-1"
    assert request.headers["openai-organization"] == "org-1"
    assert request.headers["openai-project"] == "proj-1"
    assert request.headers["x-extra"] == "yes"
    assert sent_body(httpx_mock) == {
        "model": "gpt-4o",
        "messages": [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "Hi"}],
        "stream": True,
        "stream_options": {"include_usage": True},
        "max_completion_tokens": 5,
    }


async def test_unknown_options_are_refused_not_dropped(httpx_mock: HTTPXMock) -> None:
    handler = llmkit.create_api_handler(api_provider="openai", api_key="k", model_name="gpt-4o")
    with pytest.raises(InvalidRequestError, match=r"unknown option\(s\) 'temprature'; valid options: tools, "):
        await handler.create_message(None, [{"role": "user", "content": "hi"}], temprature=0.2)  # type: ignore[call-arg]
    assert httpx_mock.get_requests() == []


async def test_deepseek_maps_developer_and_keeps_reasoning_only_on_tool_call_turns(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=OK_STREAM)
    handler = llmkit.create_api_handler(api_provider="deepseek", api_key="k", model_name="deepseek-reasoner")
    call = {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
    conversation = [
        {"role": "developer", "content": "Use metric units."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello", "reasoning_content": "greet back"},
        {"role": "user", "content": "Weather?"},
        {"role": "assistant", "content": None, "tool_calls": [call], "reasoning_content": "need the tool"},
        {"role": "tool", "tool_call_id": "call_1", "content": "12C"},
    ]
    original = json.dumps(conversation)
    await collect(await handler.create_message(None, conversation, max_tokens=100))
    body = sent_body(httpx_mock)
    assert body["messages"] == [
        {"role": "system", "content": "Use metric units."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello"},
        {"role": "user", "content": "Weather?"},
        {"role": "assistant", "content": None, "tool_calls": [call], "reasoning_content": "need the tool"},
        {"role": "tool", "tool_call_id": "call_1", "content": "12C"},
    ]
    assert body["max_tokens"] == 100
    assert str(httpx_mock.get_requests()[0].url) == "https://api.deepseek.com/chat/completions"
    assert json.dumps(conversation) == original, "the caller's messages are never changed"


@pytest.mark.parametrize(
    ("messages", "problem"),
    [
        ("hello", "messages must be a list"),
        ([], "nothing to send"),
        (["hello"], r"messages\[0\] must be a dict"),
        ([{"role": "wizard", "content": "x"}], r"role 'wizard'; valid roles: system, developer, user"),
        ([{"role": "user"}], "needs 'content'"),
        ([{"role": "assistant", "content": None}], "needs 'content' or 'tool_calls'"),
        ([{"role": "tool", "content": "x"}], "tool_call_id"),
        ([{"role": "user", "content": 42}], "content must be a string or a list"),
        ([{"role": "user", "content": [{"text": "no type"}]}], r"content\[0\] must be a dict with a 'type'"),
    ],
)
async def test_malformed_messages_are_refused_before_sending(
    httpx_mock: HTTPXMock, messages: Any, problem: str
) -> None:
    handler = llmkit.create_api_handler(api_provider="openai", api_key="k", model_name="gpt-4o")
    with pytest.raises(InvalidRequestError, match=problem):
        await handler.create_message(None, messages)
    assert httpx_mock.get_requests() == []


async def test_connection_refused_is_a_typed_error() -> None:
    handler = llmkit.create_api_handler(
        api_provider="openai", model_name="m", base_url="http://127.0.0.1:9/v1", max_retries=0
    )
    with pytest.raises(llmkit.APIConnectionError, match="could not reach"):
        await handler.create_message(None, [{"role": "user", "content": "hi"}])
    await handler.aclose()


async def test_a_callers_client_is_used_and_left_open() -> None:
    with ReplayServer(Exchange(body=OK_STREAM)) as server:
        async with httpx.AsyncClient() as client:
            handler = llmkit.create_api_handler(
                api_provider="openai", model_name="m", base_url=server.url, http_client=client
            )
            async with handler:
                await collect(await handler.create_message(None, [{"role": "user", "content": "hi"}]))
            assert not client.is_closed


async def test_every_stream_carries_its_cost_and_the_handler_keeps_totals(httpx_mock: HTTPXMock) -> None:
    # DeepSeek usage: 1,000 prompt tokens of which 800 were cache hits, 200 completion tokens.
    usage = {
        "prompt_tokens": 1000,
        "completion_tokens": 200,
        "prompt_cache_hit_tokens": 800,
        "prompt_cache_miss_tokens": 200,
    }
    body = chat_stream("Hi", model="deepseek-chat", usage=usage).body
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=body, is_reusable=True)
    handler = llmkit.create_api_handler(api_provider="deepseek", api_key="k", model_name="deepseek-chat")
    first = await collect(await handler.create_message(None, [{"role": "user", "content": "hi"}]))
    assert first.usage is not None and first.usage.cost is not None
    assert first.usage.cache_read_tokens == 800
    reported = await handler.get_api_stream_usage()
    assert reported is not None and reported.usage.cost == first.usage.cost
    second = await collect(await handler.create_message(None, [{"role": "user", "content": "again"}]))
    assert second.usage is not None and second.usage.cost is not None
    assert handler.total_requests == 2
    assert handler.total_usage.input_tokens == 2000 and handler.total_usage.cache_read_tokens == 1600
    assert handler.total_usage.cost == first.usage.cost + second.usage.cost


async def test_unknown_model_costs_none_never_zero(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=OK_STREAM)
    handler = llmkit.create_api_handler(api_provider="openai", api_key="k", model_name="my-private-model")
    result = await collect(await handler.create_message(None, [{"role": "user", "content": "hi"}]))
    assert result.usage is not None and result.usage.cost is None


async def test_a_self_hosted_server_without_a_price_costs_none_quietly(caplog: pytest.LogCaptureFixture) -> None:
    with ReplayServer(Exchange(body=OK_STREAM)) as server:
        handler = llmkit.create_api_handler(api_provider="llamacpp", model_name="tiny", base_url=server.url)
        async with handler:
            result = await collect(await handler.create_message(None, [{"role": "user", "content": "hi"}]))
    assert result.usage is not None and result.usage.cost is None
    assert not [r for r in caplog.records if r.name == "llmkit.pricing"]


def test_a_name_a_class_of_ones_own_holds_is_taken_only_with_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    # The names registered here are forgotten afterwards, so the test holds when run again in one process.
    monkeypatch.setattr(llmkit._registry, "_registry", dict(llmkit._registry._registry))

    class First(OpenAiHandler):
        provider_name = "acme-held"

    with pytest.raises(ConfigError, match=r"'acme-held' is already registered to tests\.test_handler\..*First"):

        class Second(OpenAiHandler):
            provider_name = "acme-held"

    class Third(OpenAiHandler, replace=True):
        provider_name = "acme-held"

    assert type(llmkit.create_api_handler("acme-held:m", api_key="k")) is Third


async def test_a_stream_is_billed_at_the_price_in_force_when_its_request_was_sent(httpx_mock: HTTPXMock) -> None:
    from datetime import UTC, datetime
    from decimal import Decimal

    from llmkit.pricing import register_price, unregister_price

    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=OK_STREAM)
    handler = llmkit.create_api_handler(api_provider="openai", api_key="k", model_name="repriced")
    stream = await handler.create_message(None, [{"role": "user", "content": "hi"}])
    change = datetime.now(UTC)  # the price changes after the request went out, before its usage arrives
    rows = [
        register_price("openai", "repriced", input=1, output=1, valid_until=change),
        register_price("openai", "repriced", input=100, output=100, valid_from=change),
    ]
    try:
        result = await collect(stream)
    finally:
        for row in rows:
            unregister_price(row)
    assert result.usage is not None and result.usage.cost == Decimal("0.000004")  # (3 + 1) tokens at 1 per million
