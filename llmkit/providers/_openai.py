"""OpenAI Chat Completions, and the base of every OpenAI-compatible provider.

A compatible provider is a subclass that sets data::

    class Acme(OpenAiHandler):
        provider_name = "acme"
        default_base_url = "https://api.acme.example/v1"
        env = {"api_key": "ACME_API_KEY", "base_url": "ACME_BASE_URL"}

and overrides a hook (``prepare_messages``, ``usage_from_wire``, ``finish_reason_error``…) only
for a real quirk. Defining the class registers it with ``create_api_handler``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from .._chunks import FinishReason, Usage
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
from .._messages import Message
from ._chat_stream import ChatStreamParser
from ._openai_wire import WireUsage

# Option name -> the request field it becomes; translated per adapter where the wire differs.
_PASSTHROUGH_OPTIONS = (
    "temperature",
    "top_p",
    "stop",
    "seed",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "response_format",
    "reasoning_effort",
    "user",
    "presence_penalty",
    "frequency_penalty",
    "n",
)


class OpenAiHandler(ApiHandler):
    """OpenAI's Chat Completions API: any chat model, any base URL, organization and project."""

    provider_name = "openai"
    default_base_url = "https://api.openai.com/v1"
    env: ClassVar[Mapping[str, str]] = {
        "api_key": "OPENAI_API_KEY",
        "base_url": "OPENAI_BASE_URL",
        "organization": "OPENAI_ORG_ID",
        "project": "OPENAI_PROJECT_ID",
    }
    chat_path: ClassVar[str] = "/chat/completions"
    max_tokens_field: ClassVar[str] = "max_completion_tokens"
    """``max_tokens`` is deprecated on OpenAI and refused by its reasoning models."""
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

    def build_request(self, messages: list[Message], options: Mapping[str, Any]) -> httpx.Request:
        body: dict[str, Any] = {
            "model": self.model_name,
            "messages": self.prepare_messages(messages),
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        body.update(self.request_options(options))
        return self._client.build_request(
            "POST", self.settings.base_url + self.chat_path, json=body, headers=self.request_headers()
        )

    def new_stream_parser(self, request_id: str | None) -> ChatStreamParser:
        return ChatStreamParser(self, request_id)

    def request_headers(self) -> dict[str, str]:
        headers = self.auth_headers()
        if self.settings.api_key is not None:
            headers["authorization"] = f"Bearer {self.settings.api_key.get_secret_value()}"
        if self.settings.organization:
            headers["openai-organization"] = self.settings.organization
        if self.settings.project:
            headers["openai-project"] = self.settings.project
        return headers

    def prepare_messages(self, messages: list[Message]) -> list[Message]:
        """The conversation as this provider wants it; OpenAI takes it as given."""
        return messages

    def request_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """Request-body fields for the caller's options; unknown options are refused, not dropped."""
        fields: dict[str, Any] = {}
        for name, value in options.items():
            if value is None:
                continue
            if name == "max_tokens":
                if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                    raise InvalidRequestError(f"max_tokens must be a whole number >= 1, got {value!r}")
                fields[self.max_tokens_field] = value
            elif name == "extra_body":
                if not isinstance(value, Mapping):
                    raise InvalidRequestError("extra_body must be a dict of extra request fields")
            elif name in _PASSTHROUGH_OPTIONS:
                fields[name] = value
            else:
                valid = ", ".join(("max_tokens", *_PASSTHROUGH_OPTIONS, "extra_body"))
                raise InvalidRequestError(f"unknown option {name!r} for {self.provider_name}; valid options: {valid}")
        extra = options.get("extra_body")
        if extra:
            fields.update(extra)
        return fields

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

    def finish_reason_error(self, raw: str, request_id: str | None) -> LLMError | None:
        """An error for a finish reason that means the generation failed; none on OpenAI."""
        return None
