"""OpenAI Chat Completions: the wire adapter of OpenAI and of every OpenAI-compatible provider.

A compatible provider is a handler subclass that sets data::

    class Acme(CompatibleHandler):
        provider_name = "acme"
        default_base_url = "https://api.acme.example/v1"
        env = {"api_key": "ACME_API_KEY", "base_url": "ACME_BASE_URL"}

and, only for a real quirk, an adapter subclass that overrides one hook (``prepare_messages``,
``usage_from_wire``, ``finish_reason_error``…), named as the handler's ``adapter``. Defining the
handler class registers it with ``create_api_handler``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from .._adapter import ParseContext, Parsed, WireAdapter
from .._chunks import FinishReason, Usage
from .._config import Settings
from .._conversation import Message, data_url, image_source, without_cache_marks
from .._errors import (
    AuthenticationError,
    BadRequestError,
    InvalidRequestError,
    LLMError,
    NotFoundError,
    OverloadedError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from .._handler import ApiHandler
from .._lazy import publish
from .._options import RequestOptions, ResponseFormat, Tool
from .._sse import SSEEvent
from ._chat_stream import ChatStreamParser
from ._openai_wire import WireChunk, WireUsage

__all__ = [
    "ChatCompletionsAdapter",
    "OpenAiHandler",
]


class ChatCompletionsAdapter(WireAdapter):
    """The Chat Completions dialect with OpenAI's own rules (its model names, ``max_completion_tokens``)."""

    chat_path: ClassVar[str] = "/chat/completions"
    stream_options: ClassVar[Mapping[str, Any] | None] = {"include_usage": True}
    """Sent as ``stream_options`` on every streamed request; ``None`` for a server that refuses the field."""
    wire_chunk_model: ClassVar[type[WireChunk]] = WireChunk
    """The narrow model each event is read into; a provider extends it with the fields its quirks need."""
    sends_tool_call_data: ClassVar[bool] = False
    """Whether an assistant turn's tool calls go back with their ``provider_data`` fields (Gemini's
    ``extra_content``): Gemini requires them, OpenAI refuses fields it does not know."""
    max_tokens_field: ClassVar[str] = "max_completion_tokens"
    """``max_tokens`` is deprecated on OpenAI and refused by its reasoning models."""
    option_wire: ClassVar[Mapping[str, str | None]] = {
        "tools": "tools",
        "tool_choice": "tool_choice",
        "parallel_tool_calls": "parallel_tool_calls",
        "response_format": "response_format",
        "max_tokens": "max_completion_tokens",
        "temperature": "temperature",
        "top_p": "top_p",
        "frequency_penalty": "frequency_penalty",
        "presence_penalty": "presence_penalty",
        "stop": "stop",
        "seed": "seed",
        "reasoning_effort": "reasoning_effort",
        "verbosity": "verbosity",
        "logprobs": "logprobs",
        "top_logprobs": "top_logprobs",
        "user": "user",
        "metadata": "metadata",
        "service_tier": "service_tier",
        "prompt_cache_key": "prompt_cache_key",
    }
    reasoning_model_prefixes: ClassVar[tuple[str, ...]] = ("o1", "o3", "o4", "gpt-5")
    non_reasoning_model_prefixes: ClassVar[tuple[str, ...]] = ("gpt-3.5", "gpt-4")
    context_window_markers: ClassVar[tuple[str, ...]] = (
        "context_length_exceeded",
        "maximum context length",
        "context size",
        "too many tokens",
    )
    quota_markers: ClassVar[tuple[str, ...]] = ("insufficient_quota", "exceeded your current quota")
    error_types: ClassVar[Mapping[str, type[LLMError]]] = {
        "server_error": ServerError,
        "api_error": ServerError,
        "overloaded_error": OverloadedError,
        "rate_limit_exceeded": RateLimitError,
        "rate_limit_error": RateLimitError,
        "invalid_request_error": BadRequestError,
        "authentication_error": AuthenticationError,
        "permission_error": PermissionDeniedError,
        "not_found_error": NotFoundError,
    }
    finish_reasons: ClassVar[Mapping[str, FinishReason]] = {
        "stop": "stop",
        "length": "length",
        "tool_calls": "tool_calls",
        "function_call": "tool_calls",
        "content_filter": "content_filter",
    }

    def build_request(
        self, conversation: list[Message], options: RequestOptions, *, model: str, stream: bool
    ) -> httpx.Request:
        body: dict[str, Any] = {"model": model, "messages": self.prepare_messages(conversation)}
        if stream:
            body["stream"] = True
            if self.stream_options is not None:
                body["stream_options"] = dict(self.stream_options)
        self.refuse_unsupported(options)
        self.check_options(options, model)
        body.update(self.request_options(options))
        if options.extra_body:
            body.update(options.extra_body)
        return self.post(self.chat_url(model), body, self.request_headers())

    def new_stream_parser(self, context: ParseContext) -> ChatStreamParser:
        return ChatStreamParser(self, context)

    def parse_completion(self, body: bytes, context: ParseContext) -> Parsed:
        # A chat.completion object reads as one chunk whose choices carry a whole message.
        # DeepSeek may send blank keep-alive lines before the JSON: strip them.
        parser = ChatStreamParser(self, context)
        chunks = list(parser.feed(SSEEvent("", body.strip())))
        parser.ended = True
        tail, usage, done = parser.finish()
        return Parsed([*chunks, *tail], usage, done)

    def chat_url(self, model: str) -> str:
        """Where completions of ``model`` are sent: the base URL and ``chat_path``."""
        return self.settings.base_url + self.chat_path

    def request_headers(self) -> dict[str, str]:
        return openai_headers(self.base_headers(), self.settings)

    def prepare_messages(self, messages: list[Message]) -> list[Message]:
        """The conversation as the provider wants it: neutral image parts become ``image_url``; the
        ``reasoning_blocks`` a ``Completion.to_message()`` may carry (Anthropic's signed reasoning) and
        cache marks are left out, as are tool calls' ``provider_data`` unless ``sends_tool_call_data``: OpenAI refuses
        message fields it does not know."""
        keep = self.sends_tool_call_data
        return [_with_wire_parts(position, message, keep) for position, message in enumerate(messages)]

    def is_reasoning_model(self, model: str) -> bool:
        """OpenAI's o-series and gpt-5 family, which take no sampling parameters."""
        return model.startswith(self.reasoning_model_prefixes)

    @classmethod
    def wire_names(cls) -> dict[str, str | None]:
        """``option_wire`` with ``max_tokens`` where ``max_tokens_field`` sends it."""
        return {**cls.option_wire, "max_tokens": cls.max_tokens_field}

    def check_options(self, options: RequestOptions, model: str) -> None:
        """Refuse what ``model`` cannot honour, naming the option and why."""
        if self.is_reasoning_model(model) and options.reasoning_effort != "none":
            for name in ("temperature", "top_p", "frequency_penalty", "presence_penalty", "logprobs"):
                if getattr(options, name) is not None:
                    raise InvalidRequestError(
                        f"{name} is not supported by the reasoning model {model!r} (only its default); leave it "
                        "out, or on gpt-5.1 and later set reasoning_effort='none'"
                    )
            if options.stop is not None and model.startswith(("o3", "o4")):
                raise InvalidRequestError(f"stop is not supported by {model!r}")
        for name in ("reasoning_effort", "verbosity"):
            if getattr(options, name) is not None and model.startswith(self.non_reasoning_model_prefixes):
                raise InvalidRequestError(f"{name} is only for reasoning models; {model!r} is not one")

    def request_options(self, options: RequestOptions) -> dict[str, Any]:
        """Request-body fields for the caller's options, in this provider's wire form."""
        fields: dict[str, Any] = {}
        if options.tools:
            fields["tools"] = [tool_to_wire(tool) for tool in options.tools]
        if options.tool_choice is not None:
            choice = options.tool_choice
            fields["tool_choice"] = (
                choice if choice in ("auto", "none", "required") else {"type": "function", "function": {"name": choice}}
            )
        if options.response_format is not None:
            fields["response_format"] = self.response_format_to_wire(options.response_format)
        if options.max_tokens is not None:
            fields[self.max_tokens_field] = options.max_tokens
        if options.stop is not None:
            fields[self.option_wire["stop"] or "stop"] = list(options.stop)
        self.put_options(fields, options, _AS_GIVEN)
        return fields

    def response_format_to_wire(self, response_format: ResponseFormat) -> dict[str, Any]:
        if response_format.kind == "json":
            return {"type": "json_object"}
        return {
            "type": "json_schema",
            "json_schema": {
                "name": response_format.name,
                "schema": dict(response_format.schema or {}),
                "strict": response_format.strict,
            },
        }

    def chunk_usage(self, chunk: WireChunk) -> WireUsage | None:
        """The usage a chunk carries, if any; the last chunk that carries one is the stream's."""
        return chunk.usage

    def usage_from_wire(self, usage: WireUsage) -> Usage:
        """llmkit's usage from the provider's: ``prompt_tokens`` already includes cached tokens."""
        prompt = usage.prompt_tokens_details
        completion = usage.completion_tokens_details
        return Usage(
            input_tokens=usage.prompt_tokens or 0,
            output_tokens=usage.completion_tokens or 0,
            cache_read_tokens=(prompt.cached_tokens if prompt is not None else None) or 0,
            cache_write_tokens=(prompt.cache_write_tokens if prompt is not None else None) or 0,
            reasoning_tokens=(completion.reasoning_tokens if completion is not None else None) or 0,
        )

    def finish_reason_error(self, raw: str, context: ParseContext) -> LLMError | None:
        """An error for a finish reason that means the generation failed; none on OpenAI."""
        return None


_AS_GIVEN = (
    "parallel_tool_calls",
    "temperature",
    "top_p",
    "frequency_penalty",
    "presence_penalty",
    "seed",
    "reasoning_effort",
    "verbosity",
    "logprobs",
    "top_logprobs",
    "user",
    "metadata",
    "service_tier",
    "prompt_cache_key",
)
"""Options that travel as the caller gave them, under the name ``option_wire`` gives."""


class OpenAiHandler(ApiHandler):
    """OpenAI's Chat Completions API: any chat model, any base URL, organization and project."""

    provider_name = "openai"
    adapter = ChatCompletionsAdapter
    default_base_url = "https://api.openai.com/v1"
    env: ClassVar[Mapping[str, str]] = {
        "api_key": "OPENAI_API_KEY",
        "base_url": "OPENAI_BASE_URL",
        "organization": "OPENAI_ORG_ID",
        "project": "OPENAI_PROJECT_ID",
    }


def openai_headers(headers: dict[str, str], settings: Settings) -> dict[str, str]:
    """``headers`` with OpenAI's authentication: the key as a bearer token, organization, project."""
    if settings.api_key is not None:
        headers["authorization"] = f"Bearer {settings.api_key.get_secret_value()}"
    if settings.organization:
        headers["openai-organization"] = settings.organization
    if settings.project:
        headers["openai-project"] = settings.project
    return headers


def tool_to_wire(tool: Tool) -> dict[str, Any]:
    """A tool as a Chat Completions function tool."""
    function: dict[str, Any] = {"name": tool.name}
    if tool.description:
        function["description"] = tool.description
    function["parameters"] = tool.parameters_schema()
    if tool.strict is not None:
        function["strict"] = tool.strict
    return {"type": "function", "function": function}


def _with_wire_parts(position: int, message: Message, keep_call_data: bool) -> Message:
    # OpenAI caches every long prompt prefix on its own: a cache mark has nothing to say to it.
    message = without_cache_marks(message)
    if "reasoning_blocks" in message:
        message = {key: value for key, value in message.items() if key != "reasoning_blocks"}
    calls = message.get("tool_calls")
    if calls and any("provider_data" in call for call in calls):
        message = {**message, "tool_calls": [call_to_wire(call, keep_call_data) for call in calls]}
    content = message.get("content")
    if isinstance(content, str) or not content or not any(part.get("type") == "image" for part in content):
        return message
    parts = []
    for index, part in enumerate(content):
        if part.get("type") == "image":
            source = image_source(part, f"messages[{position}].content[{index}]")
            image: dict[str, Any] = {"url": data_url(source)}
            if part.get("detail"):
                image["detail"] = part["detail"]
            parts.append({"type": "image_url", "image_url": image})
        else:
            parts.append(part)
    return {**message, "content": parts}


def call_to_wire(call: Mapping[str, Any], keep_data: bool) -> dict[str, Any]:
    """A tool call of an assistant turn, with its ``provider_data`` fields back on it or left out."""
    wire = {key: value for key, value in call.items() if key != "provider_data"}
    return {**wire, **(call.get("provider_data") or {})} if keep_data else wire


publish(globals(), "llmkit")
