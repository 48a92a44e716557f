"""OpenAI's Responses API: ``POST /v1/responses``, the API of its reasoning models.

Same key, base URL, organization and project as the Chat Completions adapter (``OPENAI_*``),
same prices. The conversation is translated in ``_responses_input``, events are read in
``_responses_stream``; this module is the request, the options and the provider's data.

Nothing is kept server-side unless asked: ``store`` is false by default (``extra_body={"store":
True}`` turns it on), and with reasoning in play the encrypted reasoning is requested
(``include: ["reasoning.encrypted_content"]``) so that a stateless tool loop can send it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import httpx
from pydantic import ValidationError

from .._adapter import ParseContext, Parsed, WireAdapter, put
from .._conversation import Message
from .._errors import InvalidRequestError, LLMError, QuotaExceededError
from .._handler import ApiHandler
from .._lazy import publish
from .._options import RequestOptions
from ._openai import ChatCompletionsAdapter, OpenAiHandler, openai_headers
from ._responses_input import text_format, to_responses_input, tool_to_wire
from ._responses_stream import ResponsesStreamParser, failure_payload, finish, response_chunks, usage_from_wire
from ._responses_wire import WireResponse

__all__ = [
    "OpenAiResponsesHandler",
    "ResponsesAdapter",
]


class ResponsesAdapter(WireAdapter):
    """The Responses dialect: text, reasoning summaries, encrypted reasoning, tools."""

    responses_path: ClassVar[str] = "/responses"
    reasoning_summary: ClassVar[str | None] = "auto"
    """Sent as ``reasoning.summary`` with a ``reasoning_effort``: the summary is the only reasoning
    text OpenAI shows. ``None`` leaves it out (some organizations must be verified to get one)."""
    option_wire: ClassVar[Mapping[str, str | None]] = {
        "tools": "tools",
        "tool_choice": "tool_choice",
        "parallel_tool_calls": "parallel_tool_calls",
        "response_format": "text.format",
        "max_tokens": "max_output_tokens",
        "temperature": "temperature",
        "top_p": "top_p",
        "frequency_penalty": None,
        "presence_penalty": None,
        "stop": None,
        "seed": None,
        "reasoning_effort": "reasoning.effort",
        "verbosity": "text.verbosity",
        "logprobs": "include",
        "top_logprobs": "top_logprobs",
        "user": "user",
        "metadata": "metadata",
        "service_tier": "service_tier",
        "prompt_cache_key": "prompt_cache_key",
    }
    reasoning_model_prefixes: ClassVar[tuple[str, ...]] = ChatCompletionsAdapter.reasoning_model_prefixes
    context_window_markers = ChatCompletionsAdapter.context_window_markers
    quota_markers = ChatCompletionsAdapter.quota_markers
    error_types: ClassVar[Mapping[str, type[LLMError]]] = {
        **ChatCompletionsAdapter.error_types,
        "insufficient_quota": QuotaExceededError,
    }

    def build_request(
        self, conversation: list[Message], options: RequestOptions, *, model: str, stream: bool
    ) -> httpx.Request:
        extra = dict(options.extra_body or {})
        store = bool(extra.get("store", False))
        instructions, items = to_responses_input(conversation, store=store)
        body: dict[str, Any] = {"model": model}
        if instructions is not None:
            body["instructions"] = instructions
        body["input"] = items
        body.update(self.request_options(options, model))
        body["store"] = False
        if stream:
            body["stream"] = True
        body.update(extra)
        if "include" not in extra:
            include = ["message.output_text.logprobs"] if options.logprobs else []
            if not store and self._reasons(options, model):
                include.append("reasoning.encrypted_content")
            if include:
                body["include"] = include
        return self.post(self.settings.base_url + self.responses_path, body, self.request_headers())

    def request_headers(self) -> dict[str, str]:
        return openai_headers(self.base_headers(), self.settings)

    def request_options(self, options: RequestOptions, model: str) -> dict[str, Any]:
        """The options in the Responses wire form; what it cannot honour is refused, never dropped."""
        self.refuse_unsupported(options)
        effort = options.reasoning_effort
        if self._is_reasoning_model(model) and effort != "none":
            for name in ("temperature", "top_p", "logprobs"):
                if getattr(options, name) is not None:
                    raise InvalidRequestError(
                        f"{name} is not supported by the reasoning model {model!r} (only its default); "
                        "leave it out, or on gpt-5.1 and later set reasoning_effort='none'"
                    )
        fields: dict[str, Any] = {}
        if options.tools:
            fields["tools"] = [tool_to_wire(tool) for tool in options.tools]
        if options.tool_choice is not None:
            choice = options.tool_choice
            fields["tool_choice"] = (
                choice if choice in ("auto", "none", "required") else {"type": "function", "name": choice}
            )
        if options.response_format is not None:
            fields["text"] = {"format": text_format(options.response_format)}
        if options.verbosity is not None:
            put(fields, "text.verbosity", options.verbosity)
        if options.max_tokens is not None:
            fields["max_output_tokens"] = options.max_tokens
        if effort is not None:
            reasoning: dict[str, Any] = {"effort": effort}
            if effort != "none" and self.reasoning_summary is not None:
                reasoning["summary"] = self.reasoning_summary
            fields["reasoning"] = reasoning
        self.put_options(
            fields,
            options,
            _AS_GIVEN,
        )
        return fields

    def _is_reasoning_model(self, model: str) -> bool:
        return model.startswith(self.reasoning_model_prefixes)

    def _reasons(self, options: RequestOptions, model: str) -> bool:
        """Whether the model may reason in this request: then its encrypted reasoning is wanted back.

        Asked of a model that never reasons, OpenAI refuses ``include: reasoning.encrypted_content``.
        """
        if options.reasoning_effort is not None:
            return options.reasoning_effort != "none"
        return self._is_reasoning_model(model)

    def new_stream_parser(self, context: ParseContext) -> ResponsesStreamParser:
        return ResponsesStreamParser(self, context)

    def parse_completion(self, body: bytes, context: ParseContext) -> Parsed:
        try:
            response = WireResponse.model_validate_json(body)
        except ValidationError as exc:
            raise self.malformed("response", body, exc, context.request_id) from None
        if response.status == "failed":
            raise self.error_from_event(failure_payload(response), request_id=context.request_id)
        chunks = response_chunks(response)
        calls = sum(chunk.type == "tool_call" for chunk in chunks)
        usage = usage_from_wire(response.usage, response.service_tier) if response.usage is not None else None
        return Parsed(chunks, usage, finish(response, calls))


_AS_GIVEN = (
    "parallel_tool_calls",
    "temperature",
    "top_p",
    "top_logprobs",
    "user",
    "metadata",
    "service_tier",
    "prompt_cache_key",
)


class OpenAiResponsesHandler(ApiHandler):
    """OpenAI models through the Responses API (same key, base URL, organization and project as ``openai``)."""

    provider_name = "openai-responses"
    adapter = ResponsesAdapter
    pricing_provider = "openai"
    default_base_url = OpenAiHandler.default_base_url
    env: ClassVar[Mapping[str, str]] = OpenAiHandler.env


publish(globals(), "llmkit")
