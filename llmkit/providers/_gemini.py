"""Google's Gemini API, natively: ``POST /v1beta/models/{model}:streamGenerateContent?alt=sse``.

The conversation is translated in ``_gemini_contents`` (schemas in ``_gemini_schema``), events
are read in ``_gemini_stream``; this module is the request, the options and Google's errors.
Vertex AI speaks the same body format at another URL with other credentials (``_vertex``).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from .._adapter import ParseContext, Parsed, WireAdapter, put
from .._conversation import Message
from .._errormap import ErrorInfo
from .._errors import (
    AuthenticationError,
    InvalidRequestError,
    LLMError,
    PermissionDeniedError,
)
from .._handler import ApiHandler
from .._lazy import publish
from .._options import RequestOptions, ResponseFormat, Tool
from ._gemini_contents import to_gemini
from ._gemini_schema import gemini_schema
from ._gemini_stream import GeminiStreamParser, parse_whole

THINKING_BUDGETS: Mapping[str, int] = {
    "none": 0,
    "minimal": 512,
    "low": 1024,
    "medium": 8192,
    "high": 16384,
    "xhigh": 24576,
    "max": 32768,
}
"""``reasoning_effort`` -> ``thinkingBudget`` (tokens) for Gemini 2.x models."""

THINKING_LEVELS: Mapping[str, str] = {
    "minimal": "minimal",
    "low": "low",
    "medium": "medium",
    "high": "high",
    "xhigh": "high",
    "max": "high",
}
"""``reasoning_effort`` -> ``thinkingLevel`` for Gemini 3 models (which cannot turn thinking off)."""

_CHOICES = {"auto": "AUTO", "none": "NONE", "required": "ANY"}

OPTION_WIRE: Mapping[str, str | None] = {
    "tools": "tools",
    "tool_choice": "toolConfig.functionCallingConfig",
    "parallel_tool_calls": None,
    "response_format": "generationConfig.responseSchema",
    "max_tokens": "generationConfig.maxOutputTokens",
    "temperature": "generationConfig.temperature",
    "top_p": "generationConfig.topP",
    "frequency_penalty": "generationConfig.frequencyPenalty",
    "presence_penalty": "generationConfig.presencePenalty",
    "stop": "generationConfig.stopSequences",
    "seed": "generationConfig.seed",
    "reasoning_effort": "generationConfig.thinkingConfig",
    "verbosity": None,
    "logprobs": "generationConfig.responseLogprobs",
    "top_logprobs": "generationConfig.logprobs",
    "user": None,
    "metadata": None,
    "service_tier": None,
    "prompt_cache_key": None,
}
"""Where the Gemini API takes each option (``GeminiAdapter.option_wire``); ``None``: refused."""
_AS_GIVEN = (
    "max_tokens",
    "temperature",
    "top_p",
    "frequency_penalty",
    "presence_penalty",
    "seed",
    "logprobs",
    "top_logprobs",
)

__all__ = [
    "GeminiAdapter",
    "GoogleHandler",
]


class GeminiAdapter(WireAdapter):
    """The Gemini dialect: thoughts, thought signatures, cache counts, safety finish reasons."""

    api_version: ClassVar[str] = "v1beta"
    option_wire: ClassVar[Mapping[str, str | None]] = OPTION_WIRE
    option_refusals: ClassVar[Mapping[str, str]] = {
        "user": "Gemini has no end-user id field",
        "prompt_cache_key": "Gemini caches repeated prompt prefixes on its own (implicit caching); an explicit "
        "cache made with the cachedContents API goes in extra_body={'cachedContent': name}",
    }
    context_window_markers: ClassVar[tuple[str, ...]] = ("exceeds the maximum number of tokens",)
    error_reasons: ClassVar[Mapping[str, type[LLMError]]] = {
        "API_KEY_INVALID": AuthenticationError,
        "API_KEY_EXPIRED": AuthenticationError,
        "ACCESS_TOKEN_EXPIRED": AuthenticationError,
        "ACCESS_TOKEN_TYPE_UNSUPPORTED": AuthenticationError,
        "CREDENTIALS_MISSING": AuthenticationError,
        "API_KEY_SERVICE_BLOCKED": PermissionDeniedError,
        "SERVICE_DISABLED": PermissionDeniedError,
    }
    """``google.rpc.ErrorInfo`` reasons that say more than the status: Google answers a bad key with
    400 INVALID_ARGUMENT (reason ``API_KEY_INVALID``), which is an authentication error to a user."""

    # -- the request ---------------------------------------------------------------------------

    def build_request(
        self, conversation: list[Message], options: RequestOptions, *, model: str, stream: bool
    ) -> httpx.Request:
        self.refuse_unsupported(options)
        instruction, contents = to_gemini(conversation)
        body: dict[str, Any] = {"contents": contents}
        if instruction is not None:
            body["systemInstruction"] = instruction
        body.update(request_fields(options, model))
        wire = self.option_wire
        if options.metadata is not None and wire["metadata"] is not None:
            put(body, wire["metadata"], dict(options.metadata))
        for key, value in (options.extra_body or {}).items():
            # Extra generationConfig fields join the ones llmkit set; any other field replaces.
            if isinstance(value, Mapping) and isinstance(body.get(key), dict):
                body[key] = {**body[key], **value}
            else:
                body[key] = value
        return self.post(self.model_url(model, stream), body, self.request_headers())

    def model_url(self, model: str, stream: bool) -> str:
        method = "streamGenerateContent?alt=sse" if stream else "generateContent"
        return f"{self.models_url()}/{model.removeprefix('models/')}:{method}"

    def models_url(self) -> str:
        """Where the models are: ``{base_url}/v1beta/models``."""
        return f"{self.settings.base_url}/{self.api_version}/models"

    def request_headers(self) -> dict[str, str]:
        headers = self.base_headers()
        if self.settings.api_key is not None:
            headers["x-goog-api-key"] = self.settings.api_key.get_secret_value()
        return headers

    # -- the answer ----------------------------------------------------------------------------

    def new_stream_parser(self, context: ParseContext) -> GeminiStreamParser:
        return GeminiStreamParser(self, context)

    def parse_completion(self, body: bytes, context: ParseContext) -> Parsed:
        return parse_whole(self, body, context)

    # -- errors: {"error": {"code", "message", "status", "details"}} ---------------------------

    def parse_error_body(self, text: str) -> ErrorInfo:
        info = super().parse_error_body(text)
        status = _error_object(text).get("status")
        return info._replace(error_type=status) if isinstance(status, str) and info.error_type is None else info

    def error_from_response(self, response: httpx.Response, body: bytes) -> LLMError:
        return self._refined(super().error_from_response(response, body))

    def error_from_event(self, payload: bytes, *, request_id: str | None) -> LLMError:
        return self._refined(super().error_from_event(payload, request_id=request_id))

    def _refined(self, error: LLMError) -> LLMError:
        """The error with the class its ``details`` reason calls for, and Google's retry delay."""
        details = _error_object(error.body or "").get("details")
        cls: type[LLMError] | None = None
        delay: float | None = None
        for detail in details if isinstance(details, list) else ():
            if not isinstance(detail, Mapping):
                continue
            reason = detail.get("reason")
            if isinstance(reason, str) and reason in self.error_reasons:
                cls = self.error_reasons[reason]
            retry_delay = detail.get("retryDelay")
            if isinstance(retry_delay, str) and retry_delay.endswith("s"):
                with contextlib.suppress(ValueError):
                    delay = float(retry_delay[:-1])
        if cls is not None and not isinstance(error, cls):
            state = dict(error.__dict__)
            error = cls(error.message)
            error.__dict__.update(state)
        if error.retry_after is None and delay is not None:
            error.retry_after = delay
        return error


class GoogleHandler(ApiHandler):
    """Gemini models through Google's native API (``x-goog-api-key``)."""

    provider_name = "google"
    adapter = GeminiAdapter
    default_base_url = "https://generativelanguage.googleapis.com"
    env: ClassVar[Mapping[str, str]] = {"api_key": "GEMINI_API_KEY", "base_url": "GOOGLE_GEMINI_BASE_URL"}
    key_fallback_env: ClassVar[str | None] = "GOOGLE_API_KEY"
    """Read for the key when neither ``api_key`` nor ``GEMINI_API_KEY`` gives one (Google's SDKs read both)."""

    def __init__(self, **settings: Any) -> None:
        fallback = self.key_fallback_env
        if fallback and settings.get("api_key") is None and not os.environ.get(self.env.get("api_key", "")):
            settings = {**settings, "api_key": os.environ.get(fallback) or None}
        super().__init__(**settings)


def _error_object(text: str) -> dict[str, Any]:
    try:
        payload = json.loads(text)
    except ValueError:
        return {}
    error = payload.get("error") if isinstance(payload, dict) else None
    return error if isinstance(error, dict) else {}


# -- options ---------------------------------------------------------------------------------------


def request_fields(options: RequestOptions, model: str) -> dict[str, Any]:
    """The body fields for the caller's options: ``tools``, ``toolConfig``, ``generationConfig``.

    What Gemini cannot honour was refused before (``WireAdapter.refuse_unsupported``).
    """
    fields: dict[str, Any] = {}
    if options.tools:
        fields["tools"] = [
            {"functionDeclarations": [_declaration(position, tool) for position, tool in enumerate(options.tools)]}
        ]
    if options.tool_choice is not None:
        choice = options.tool_choice
        config: dict[str, Any] = {"mode": _CHOICES.get(choice, "ANY")}
        if choice not in _CHOICES:
            config["allowedFunctionNames"] = [choice]
        fields["toolConfig"] = {"functionCallingConfig": config}
    for name in _AS_GIVEN:
        value = getattr(options, name)
        wire = OPTION_WIRE[name]
        if value is not None and wire is not None:
            put(fields, wire, value)
    if options.stop is not None:
        put(fields, "generationConfig.stopSequences", list(options.stop))
    if options.response_format is not None:
        fields.setdefault("generationConfig", {}).update(_response_format(options.response_format))
    if options.reasoning_effort is not None:
        put(fields, "generationConfig.thinkingConfig", _thinking(options.reasoning_effort, model))
    return fields


def _declaration(position: int, tool: Tool) -> dict[str, Any]:
    declaration: dict[str, Any] = {"name": tool.name}
    if tool.description:
        declaration["description"] = tool.description
    if tool.parameters is not None:
        schema = gemini_schema(tool.parameters, f"tools[{position}].parameters")
        if schema.get("properties") or schema.get("type", "object") != "object":
            declaration["parameters"] = schema  # a function of no arguments declares none
    return declaration


def _response_format(response_format: ResponseFormat) -> dict[str, Any]:
    config: dict[str, Any] = {"responseMimeType": "application/json"}
    if response_format.kind == "json_schema" and response_format.schema is not None:
        config["responseSchema"] = gemini_schema(response_format.schema, "response_format")
    return config


def _thinking(effort: str, model: str) -> dict[str, Any]:
    name = model.removeprefix("models/")
    if name.startswith("gemini-3"):
        if effort == "none":
            raise InvalidRequestError(
                f"{model!r} cannot turn thinking off; the least it takes is reasoning_effort='minimal'"
            )
        return {"thinkingLevel": THINKING_LEVELS[effort], "includeThoughts": True}
    budget = THINKING_BUDGETS[effort]
    if budget == 0:
        return {"thinkingBudget": 0}
    return {"thinkingBudget": budget, "includeThoughts": True}


publish(globals(), "llmkit")
