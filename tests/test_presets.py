"""The OpenAI-compatible presets: their data, their quirks, and providers registered from config."""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

import llmkit
from llmkit import Completion, ToolCall
from llmkit._completion import completion_from_chunks
from llmkit._registry import provider_class as handler_class
from llmkit.providers import OpenAiHandler, register_provider
from llmkit.providers.presets import AzureOpenAiHandler
from llmkit.testing import Exchange, ReplayServer, chat_stream

from ._helpers import collect
from .conftest import SENTINEL_KEY
from .test_completion import WEATHER

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parent.parent

# name: (default base URL, key variable, key required for the default URL)
PRESETS = {
    "openrouter": ("https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", True),
    "groq": ("https://api.groq.com/openai/v1", "GROQ_API_KEY", True),
    "together": ("https://api.together.xyz/v1", "TOGETHER_API_KEY", True),
    "mistral": ("https://api.mistral.ai/v1", "MISTRAL_API_KEY", True),
    "xai": ("https://api.x.ai/v1", "XAI_API_KEY", True),
    "fireworks": ("https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY", True),
    "perplexity": ("https://api.perplexity.ai", "PERPLEXITY_API_KEY", True),
    "gemini": ("https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY", True),
    "cerebras": ("https://api.cerebras.ai/v1", "CEREBRAS_API_KEY", True),
    "zai": ("https://api.z.ai/api/paas/v4", "ZAI_API_KEY", True),
    "crusoe": ("https://api.inference.crusoecloud.com/v1", "CRUSOE_API_KEY", True),
    "ollama": ("http://localhost:11434/v1", "OLLAMA_API_KEY", False),
    "vllm": ("http://localhost:8000/v1", "VLLM_API_KEY", False),
    "llamacpp": ("http://127.0.0.1:8080/v1", "LLAMA_API_KEY", False),
    "lmstudio": ("http://localhost:1234/v1", "LM_STUDIO_API_KEY", False),
}

OK = (
    b'data: {"choices":[{"index":0,"delta":{"content":"ok"}}]}\n\n'
    b'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],'
    b'"usage":{"prompt_tokens":3,"completion_tokens":1}}\n\ndata: [DONE]\n\n'
)


def clear(monkeypatch: pytest.MonkeyPatch, provider: str) -> None:
    cls = handler_class(provider)
    for variable in [*cls.env.values(), "OPENAI_API_VERSION", "AZURE_AI_API_VERSION"]:
        monkeypatch.delenv(variable, raising=False)


async def send(httpx_mock: HTTPXMock, settings: dict[str, Any], body: bytes = OK, **options: Any) -> Any:
    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, content=body)
    async with llmkit.create_api_handler(settings) as handler:
        result = await collect(await handler.create_message(None, [{"role": "user", "content": "hi"}], **options))
    return httpx_mock.get_requests()[-1], result


@pytest.mark.parametrize("provider", sorted(PRESETS))
async def test_preset_sends_to_its_base_url_with_its_key(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch, provider: str
) -> None:
    base_url, variable, _ = PRESETS[provider]
    clear(monkeypatch, provider)
    monkeypatch.setenv(variable, SENTINEL_KEY)
    request, result = await send(httpx_mock, {"api_provider": provider, "model_name": "m-1"}, max_tokens=5)
    assert str(request.url) == base_url + "/chat/completions"
    assert request.headers["authorization"] == f"Bearer {SENTINEL_KEY}"
    body = json.loads(request.content)
    assert body["model"] == "m-1" and body["max_tokens"] == 5 and "max_completion_tokens" not in body
    assert result.content == "ok"


@pytest.mark.parametrize("provider", sorted(PRESETS))
def test_key_requirement_and_base_url_variable(monkeypatch: pytest.MonkeyPatch, provider: str) -> None:
    _, variable, required = PRESETS[provider]
    clear(monkeypatch, provider)
    if required:
        with pytest.raises(llmkit.ConfigError, match=variable):
            llmkit.create_api_handler(api_provider=provider, model_name="m")
    else:
        assert llmkit.create_api_handler(api_provider=provider, model_name="m").settings.api_key is None
    monkeypatch.setenv(handler_class(provider).env["base_url"], "http://127.0.0.1:9/v1")
    handler = llmkit.create_api_handler(api_provider=provider, model_name="m")
    assert handler.settings.base_url == "http://127.0.0.1:9/v1"


@pytest.mark.parametrize("provider", ["ollama", "vllm", "llamacpp", "lmstudio"])
async def test_local_servers_send_no_authorization_without_a_key(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch, provider: str
) -> None:
    clear(monkeypatch, provider)
    request, _ = await send(httpx_mock, {"api_provider": provider, "model_name": "local"})
    assert "authorization" not in request.headers


@pytest.mark.parametrize("provider", ["openrouter", "ollama", "groq"])
@pytest.mark.parametrize("model", ["o3", "gpt-4o"])
async def test_presets_keep_openai_model_rules_to_openai(httpx_mock: HTTPXMock, provider: str, model: str) -> None:
    # On a router, o3 may take a temperature and gpt-4o is not refused reasoning_effort: both are sent.
    settings = {"api_provider": provider, "api_key": "k", "model_name": model}
    request, result = await send(httpx_mock, settings, temperature=0.5, reasoning_effort="low")
    body = json.loads(request.content)
    assert body["temperature"] == 0.5
    if provider == "openrouter":
        assert body["reasoning"] == {"effort": "low"}
    else:
        assert body["reasoning_effort"] == "low"
    assert result.content == "ok"


@pytest.mark.parametrize(("model", "option"), [("o3", {"temperature": 0.5}), ("gpt-4o", {"reasoning_effort": "low"})])
async def test_openai_itself_refuses_what_its_model_cannot_honour(
    httpx_mock: HTTPXMock, model: str, option: dict[str, Any]
) -> None:
    async with llmkit.create_api_handler(api_provider="openai", api_key="k", model_name=model) as handler:
        with pytest.raises(llmkit.InvalidRequestError, match=next(iter(option))):
            await handler.create_message(None, [{"role": "user", "content": "hi"}], **option)
    assert httpx_mock.get_requests() == []


# -- quirks ----------------------------------------------------------------------------------------


async def test_groq_falls_back_to_x_groq_usage(httpx_mock: HTTPXMock) -> None:
    body = (
        b'data: {"choices":[{"index":0,"delta":{"content":"ok"}}],"x_groq":{"id":"req_1"}}\n\n'
        b'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],'
        b'"x_groq":{"usage":{"prompt_tokens":11,"completion_tokens":4}}}\n\ndata: [DONE]\n\n'
    )
    _, result = await send(httpx_mock, {"api_provider": "groq", "api_key": "k", "model_name": "m"}, body)
    assert (result.usage.input_tokens, result.usage.output_tokens) == (11, 4)


async def test_the_generic_adapter_ignores_x_groq(httpx_mock: HTTPXMock) -> None:
    body = (
        b'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],'
        b'"x_groq":{"usage":{"prompt_tokens":11,"completion_tokens":4}}}\n\ndata: [DONE]\n\n'
    )
    _, result = await send(httpx_mock, {"api_provider": "openai", "api_key": "k", "model_name": "m"}, body)
    assert result.usage is None


@pytest.mark.parametrize(
    ("usage", "output"),
    [
        ({"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 35, "reasoning": 20}, 25),  # excluded
        ({"prompt_tokens": 10, "completion_tokens": 25, "total_tokens": 35, "reasoning": 20}, 25),  # included
        ({"prompt_tokens": 10, "completion_tokens": 5, "reasoning": 20}, 25),  # no total: xAI's convention
        ({"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}, 5),  # no reasoning
    ],
)
def test_xai_output_counts_reasoning_once(usage: dict[str, int], output: int) -> None:
    from llmkit.providers._openai_wire import WireUsage

    usage = dict(usage)  # the parameter is shared by every run of the test in this process
    reasoning = usage.pop("reasoning", 0)
    wire = WireUsage.model_validate({**usage, "completion_tokens_details": {"reasoning_tokens": reasoning}})
    handler = llmkit.create_api_handler(api_provider="xai", api_key="k", model_name="grok-4.3")
    assert isinstance(handler, OpenAiHandler)
    got = handler._adapter.usage_from_wire(wire)
    assert (got.output_tokens, got.reasoning_tokens) == (output, reasoning)


def test_gemini_hidden_thinking_tokens_are_output() -> None:
    from llmkit.providers._openai_wire import WireUsage

    handler = llmkit.create_api_handler(api_provider="gemini", api_key="k", model_name="gemini-2.5-pro")
    assert isinstance(handler, OpenAiHandler)
    got = handler._adapter.usage_from_wire(WireUsage(prompt_tokens=35, completion_tokens=12, total_tokens=109))
    assert (got.input_tokens, got.output_tokens, got.reasoning_tokens) == (35, 74, 62)
    plain = handler._adapter.usage_from_wire(WireUsage(prompt_tokens=35, completion_tokens=12, total_tokens=47))
    assert (plain.output_tokens, plain.reasoning_tokens) == (12, 0)


SIGNED = {"google": {"thought_signature": "c2lnbmVkLWJ5LWdlbWluaQ=="}}


def gemini_tool_turn(call: dict[str, Any]) -> Exchange:
    """A Gemini 3 turn that calls a tool: one whole call in one delta, as its endpoint streams it."""
    base = {"id": "g", "object": "chat.completion.chunk", "model": "gemini-3-pro-preview"}
    return Exchange.events(
        [
            {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "tool_calls": [call]}}]},
            {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]},
        ]
    )


async def test_a_gemini_agent_loop_sends_each_calls_thought_signature_back() -> None:
    call = {"function": {"name": "get_weather", "arguments": '{"city":"Rome"}'}, "type": "function"}
    first = gemini_tool_turn({**call, "id": "function-call-1", "extra_content": SIGNED})
    second = chat_stream("Sunny in Rome.", model="gemini-3-pro-preview")
    with ReplayServer([first, second]) as server:
        handler = llmkit.create_api_handler(
            api_provider="gemini", api_key="k", model_name="gemini-3-pro-preview", base_url=server.url
        )
        async with handler:
            conversation: list[dict[str, Any]] = [{"role": "user", "content": "Weather in Rome?"}]
            stream = await handler.create_message(None, conversation, tools=[WEATHER])
            chunks = [chunk async for chunk in stream]
            calls = [chunk for chunk in chunks if chunk.type == "tool_call"]
            assert calls[0].provider_data == {"extra_content": SIGNED}
            turn = completion_from_chunks(chunks)
            assert turn.tool_calls[0].provider_data == {"extra_content": SIGNED}
            conversation.append(turn.to_message())
            conversation.append({"role": "tool", "tool_call_id": turn.tool_calls[0].id, "content": "sunny"})
            await (await handler.create_message(None, conversation, tools=[WEATHER])).collect()
    sent = server.requests[1].json()["messages"][1]
    assert sent["tool_calls"] == [{**call, "id": "function-call-1", "extra_content": SIGNED}]


@pytest.mark.parametrize("provider", ["openai", "deepseek", "openrouter"])
async def test_another_provider_gets_the_gemini_turn_without_the_signature(provider: str) -> None:
    turn = Completion(
        finish_reason="tool_calls",
        tool_calls=(ToolCall(id="c1", name="get_weather", arguments="{}", provider_data={"extra_content": SIGNED}),),
    )
    with ReplayServer(chat_stream("ok", model="gpt-4o")) as server:
        settings = {"api_provider": provider, "api_key": "k", "model_name": "gpt-4o", "base_url": server.url}
        async with llmkit.create_api_handler(settings) as handler:
            conversation = [
                {"role": "user", "content": "w"},
                turn.to_message(),
                {"role": "tool", "tool_call_id": "c1", "content": "sunny"},
            ]
            await (await handler.create_message(None, conversation)).collect()
    sent = server.requests[0].json()["messages"][1]["tool_calls"]
    assert sent == [{"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}]


async def test_a_whole_gemini_answer_with_parallel_calls_sends_back_the_one_signature(
    httpx_mock: HTTPXMock,
) -> None:
    def call(city: str, **extra: Any) -> dict[str, Any]:
        function = {"name": "get_weather", "arguments": json.dumps({"city": city})}
        return {"id": "", "type": "function", "function": function, **extra}

    message = {"role": "assistant", "tool_calls": [call("Rome", extra_content=SIGNED), call("Oslo")]}
    httpx_mock.add_response(json={"choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}]})
    httpx_mock.add_response(json={"choices": [{"index": 0, "message": {"content": "ok"}, "finish_reason": "stop"}]})
    handler = llmkit.create_api_handler(api_provider="gemini", api_key="k", model_name="gemini-3-flash")
    async with handler:
        turn = await handler.complete(None, [{"role": "user", "content": "w"}], tools=[WEATHER])
        answers = [{"role": "tool", "tool_call_id": c.id, "content": "sunny"} for c in turn.tool_calls]
        await handler.complete(None, [{"role": "user", "content": "w"}, turn.to_message(), *answers])
    sent = json.loads(httpx_mock.get_requests()[1].content)["messages"][1]["tool_calls"]
    assert [c.get("extra_content") for c in sent] == [SIGNED, None]
    assert [c["id"] for c in sent] == [c.id for c in turn.tool_calls] and sent[0]["id"] != sent[1]["id"]


async def test_a_scripted_fake_can_sign_a_call_and_omit_its_id() -> None:
    from llmkit.testing import FakeHandler, FakeResponse

    signed = ToolCall(id=None, name="get_weather", arguments="{}", provider_data={"extra_content": SIGNED})
    with FakeHandler.script(FakeResponse(tool_calls=[signed])):
        async with FakeHandler(model_name="m") as handler:
            turn = await (await handler.create_message(None, [{"role": "user", "content": "w"}])).collect()
    assert turn.tool_calls[0].provider_data == {"extra_content": SIGNED}
    assert turn.tool_calls[0].id is not None and turn.tool_calls[0].id.startswith("call_")


async def test_a_gemini_call_without_an_id_gets_one_the_tool_answer_can_name() -> None:
    call = {"function": {"name": "get_weather", "arguments": '{"city":"Rome"}'}, "type": "function", "id": ""}
    with ReplayServer([gemini_tool_turn(call), chat_stream("Sunny.", model="gemini-2.5-pro")]) as server:
        handler = llmkit.create_api_handler(
            api_provider="gemini", api_key="k", model_name="gemini-2.5-pro", base_url=server.url
        )
        async with handler:
            conversation: list[dict[str, Any]] = [{"role": "user", "content": "Weather in Rome?"}]
            turn = await (await handler.create_message(None, conversation, tools=[WEATHER])).collect()
            made_up = turn.tool_calls[0].id
            assert made_up is not None and made_up.startswith("call_") and len(made_up) == 29
            conversation += [turn.to_message(), {"role": "tool", "tool_call_id": made_up, "content": "sunny"}]
            await (await handler.create_message(None, conversation, tools=[WEATHER])).collect()
    sent = server.requests[1].json()["messages"]
    assert sent[1]["tool_calls"][0]["id"] == made_up and sent[2]["tool_call_id"] == made_up


async def test_mistral_sends_random_seed_and_no_stream_options(httpx_mock: HTTPXMock) -> None:
    request, _ = await send(httpx_mock, {"api_provider": "mistral", "api_key": "k", "model_name": "m"}, seed=7)
    body = json.loads(request.content)
    assert body["random_seed"] == 7 and "seed" not in body
    assert "stream_options" not in body and body["stream"] is True


@pytest.mark.parametrize(("effort", "wire"), [("high", {"effort": "high"}), ("none", {"enabled": False})])
async def test_openrouter_reasoning_effort_becomes_its_reasoning_object(
    httpx_mock: HTTPXMock, effort: str, wire: dict[str, Any]
) -> None:
    settings = {"api_provider": "openrouter", "api_key": "k", "model_name": "x/y", "headers": {"X-Title": "app"}}
    request, _ = await send(httpx_mock, settings, reasoning_effort=effort)
    body = json.loads(request.content)
    assert body["reasoning"] == wire and "reasoning_effort" not in body
    assert request.headers["x-title"] == "app"


@pytest.mark.parametrize(
    ("usage", "cost"),
    [
        ({"cost": 0.00333825}, "0.00333825"),
        ({"cost": 0.0001, "is_byok": True, "cost_details": {"upstream_inference_cost": 0.002}}, "0.0021"),
        ({"cost": {"input_tokens_cost": 1e-05, "request_cost": 0.005, "total_cost": 0.00501}}, "0.00501"),
    ],
)
@pytest.mark.parametrize("provider", ["openrouter", "perplexity"])
async def test_provider_reported_cost_is_the_cost(
    httpx_mock: HTTPXMock, provider: str, usage: dict[str, Any], cost: str
) -> None:
    wire_usage = {"prompt_tokens": 3, "completion_tokens": 1, **usage}
    body = (
        b'data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}],"usage":'
        + json.dumps(wire_usage).encode()
        + b"}\n\n"
    )
    _, result = await send(httpx_mock, {"api_provider": provider, "api_key": "k", "model_name": "m"}, body)
    assert result.usage.cost == Decimal(cost)


# -- Azure -----------------------------------------------------------------------------------------


async def test_azure_deployment_url_api_key_header_and_version(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear(monkeypatch, "azure")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", SENTINEL_KEY)
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com/")
    request, _ = await send(httpx_mock, {"api_provider": "azure", "model_name": "my gpt-4o"})
    assert str(request.url) == (
        f"https://res.openai.azure.com/openai/deployments/my%20gpt-4o/chat/completions"
        f"?api-version={AzureOpenAiHandler.adapter.api_version}"
    )
    assert request.headers["api-key"] == SENTINEL_KEY and "authorization" not in request.headers
    monkeypatch.setenv("OPENAI_API_VERSION", "2025-04-01-preview")
    request, _ = await send(httpx_mock, {"api_provider": "azure", "model_name": "d"})
    assert request.url.params["api-version"] == "2025-04-01-preview"


async def test_azure_v1_api_takes_the_model_in_the_body(httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch) -> None:
    clear(monkeypatch, "azure")
    settings = {
        "api_provider": "azure",
        "api_key": "k",
        "model_name": "gpt-4o",
        "base_url": "https://r.openai.azure.com/openai/v1",
    }
    request, _ = await send(httpx_mock, settings)
    assert str(request.url) == "https://r.openai.azure.com/openai/v1/chat/completions"
    assert json.loads(request.content)["model"] == "gpt-4o"


@pytest.mark.parametrize("provider", ["azure", "azure-foundry"])
def test_azure_needs_its_endpoint(monkeypatch: pytest.MonkeyPatch, provider: str) -> None:
    clear(monkeypatch, provider)
    with pytest.raises(llmkit.ConfigError, match=handler_class(provider).env["base_url"]):
        llmkit.create_api_handler(api_provider=provider, api_key="k", model_name="m")


def test_azure_is_priced_as_openai_and_keeps_openai_rules() -> None:
    handler = llmkit.create_api_handler(
        api_provider="azure", api_key="k", model_name="o3", base_url="https://r.openai.azure.com"
    )
    assert handler.pricing_provider == "openai"
    with pytest.raises(llmkit.InvalidRequestError, match="temperature"):
        handler._adapter.build_request(
            [{"role": "user", "content": "q"}], llmkit._options.build_options(temperature=0.5), model="o3", stream=True
        )


# -- providers registered from config --------------------------------------------------------------


async def test_register_provider_from_name_url_and_key_variable(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cls = register_provider(
        "acme-cfg",
        base_url="https://api.acme.invalid/v1/",
        api_key_env="ACME_CFG_KEY",
        base_url_env="ACME_CFG_URL",
        replace=True,
    )
    assert issubclass(cls, OpenAiHandler) and cls.__name__ == "AcmeCfgHandler"
    assert "acme-cfg" in llmkit.provider_names()
    monkeypatch.delenv("ACME_CFG_URL", raising=False)
    monkeypatch.delenv("ACME_CFG_KEY", raising=False)
    with pytest.raises(llmkit.ConfigError, match="ACME_CFG_KEY"):
        llmkit.create_api_handler(api_provider="acme-cfg", model_name="m")
    monkeypatch.setenv("ACME_CFG_KEY", SENTINEL_KEY)
    request, result = await send(httpx_mock, {"api_provider": "ACME-cfg", "model_name": "m"})
    assert str(request.url) == "https://api.acme.invalid/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {SENTINEL_KEY}"
    assert result.content == "ok"


async def test_register_a_keyless_local_server_without_stream_options(httpx_mock: HTTPXMock) -> None:
    register_provider(
        "tiny-local", base_url="http://127.0.0.1:5000/v1", requires_api_key=False, stream_usage=False, replace=True
    )
    request, _ = await send(httpx_mock, {"api_provider": "tiny-local", "model_name": "m"})
    assert "authorization" not in request.headers
    assert "stream_options" not in json.loads(request.content)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ({"name": "openai", "base_url": "https://x.invalid"}, "already registered"),
        ({"name": "bad name", "base_url": "https://x.invalid"}, "provider name"),
        ({"name": "ok-name", "base_url": "ftp://x"}, "base_url"),
        ({"name": "ok-name", "base_url": "https://x.invalid", "api_key_env": ""}, "api_key_env"),
        ({"name": "ok-name", "base_url": "https://x.invalid", "max_tokens_field": "n"}, "max_tokens_field"),
    ],
)
def test_register_provider_refuses_bad_config(args: dict[str, Any], match: str) -> None:
    with pytest.raises(llmkit.ConfigError, match=match):
        register_provider(**args)


# -- the design rules ------------------------------------------------------------------------------


def test_preset_modules_are_short() -> None:
    for path in sorted((ROOT / "llmkit" / "providers" / "presets").glob("*.py")):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 100, path.name


def test_shared_code_names_no_provider() -> None:
    names = set(llmkit.provider_names()) - {"acme-cfg", "tiny-local", "acme-test"}
    for module in ("_handler.py", "_stream.py", "_sse.py", "providers/_chat_stream.py"):
        tree = ast.parse((ROOT / "llmkit" / module).read_text(encoding="utf-8"))
        strings = {
            node.value.lower()
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        # Docstrings may mention providers as examples; no string compared in code may be a name.
        compared = {
            node.comparators[0].value.lower()
            for node in ast.walk(tree)
            if isinstance(node, ast.Compare)
            and isinstance(node.comparators[0], ast.Constant)
            and isinstance(node.comparators[0].value, str)
        }
        assert not (compared & names), (module, compared & names)
        assert not ({s for s in strings if s in names}), module
