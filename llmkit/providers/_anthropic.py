"""Anthropic's Messages API: ``POST /v1/messages`` with ``x-api-key`` and ``anthropic-version``.

The conversation is translated in ``_anthropic_messages``, events are read in
``_anthropic_stream``; this module is the request, the options and the provider's data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import httpx
from pydantic import ValidationError

from .._adapter import ParseContext, Parsed, WireAdapter
from .._chunks import DoneChunk, FinishReason, Usage
from .._conversation import Message
from .._errors import (
    AuthenticationError,
    BadRequestError,
    InsufficientBalanceError,
    InvalidRequestError,
    LLMError,
    NotFoundError,
    OverloadedError,
    PermissionDeniedError,
    RateLimitError,
    RequestTooLargeError,
    ServerError,
)
from .._handler import ApiHandler
from .._lazy import publish
from .._options import RequestOptions, Tool
from ._anthropic_messages import cache_control, count_breakpoints, to_anthropic
from ._anthropic_stream import AnthropicStreamParser, message_chunks
from ._anthropic_wire import AnthropicMessage, AnthropicUsage

__all__ = [
    "AnthropicAdapter",
    "AnthropicHandler",
]


class AnthropicAdapter(WireAdapter):
    """The Messages dialect: text, extended thinking, tool use, cache usage."""

    messages_path: ClassVar[str] = "/v1/messages"
    api_version: ClassVar[str] = "2023-06-01"
    default_max_tokens: ClassVar[int] = 4096
    """``max_tokens`` is required by Anthropic; this is sent when the caller gives none."""
    thinking_budgets: ClassVar[Mapping[str, int]] = {
        "minimal": 1024,
        "low": 2048,
        "medium": 8192,
        "high": 16384,
        "xhigh": 32768,
        "max": 63999,
    }
    """``reasoning_effort`` -> ``thinking.budget_tokens`` (1,024 is Anthropic's minimum)."""
    option_wire: ClassVar[Mapping[str, str | None]] = {
        "tools": "tools",
        "tool_choice": "tool_choice",
        "parallel_tool_calls": "tool_choice.disable_parallel_tool_use",
        "response_format": None,
        "max_tokens": "max_tokens",
        "temperature": "temperature",
        "top_p": "top_p",
        "frequency_penalty": None,
        "presence_penalty": None,
        "stop": "stop_sequences",
        "seed": None,
        "reasoning_effort": "thinking",
        "verbosity": None,
        "logprobs": None,
        "top_logprobs": None,
        "user": "metadata.user_id",
        "metadata": None,
        "service_tier": "service_tier",
        "prompt_cache_key": None,
    }
    option_refusals: ClassVar[Mapping[str, str]] = {
        "response_format": "describe the JSON in the prompt, or pass a tool whose parameters are the schema "
        "and tool_choice naming it, and read the call's arguments",
        "metadata": "Anthropic's metadata holds only an end-user id: pass user=",
        "prompt_cache_key": "Anthropic caches what the conversation marks: see docs/options.md (prompt caching)",
    }
    service_tiers: ClassVar[Mapping[str, str | None]] = {
        "auto": "auto",
        "default": "standard_only",
        "flex": None,
        "priority": None,
    }
    """Neutral tier -> Anthropic's ``service_tier``; its Priority Tier is a commitment that ``auto`` draws on."""
    max_cache_breakpoints: ClassVar[int] = 4
    request_id_headers: ClassVar[tuple[str, ...]] = ("request-id",)
    context_window_markers: ClassVar[tuple[str, ...]] = ("prompt is too long",)
    error_types: ClassVar[Mapping[str, type[LLMError]]] = {
        "invalid_request_error": BadRequestError,
        "authentication_error": AuthenticationError,
        "billing_error": InsufficientBalanceError,
        "permission_error": PermissionDeniedError,
        "not_found_error": NotFoundError,
        "request_too_large": RequestTooLargeError,
        "rate_limit_error": RateLimitError,
        "api_error": ServerError,
        "timeout_error": ServerError,
        "overloaded_error": OverloadedError,
    }
    finish_reasons: ClassVar[Mapping[str, FinishReason]] = {
        "end_turn": "stop",
        "stop_sequence": "stop",
        "max_tokens": "length",
        "tool_use": "tool_calls",
        "refusal": "content_filter",
    }

    def build_request(
        self, conversation: list[Message], options: RequestOptions, *, model: str, stream: bool
    ) -> httpx.Request:
        fields = self.request_options(options)
        extra = options.extra_body or {}
        thinking = extra["thinking"] if "thinking" in extra else fields.get("thinking")
        system, turns = to_anthropic(
            conversation, thinking=isinstance(thinking, Mapping) and thinking.get("type") != "disabled"
        )
        body: dict[str, Any] = {"model": model}
        if system is not None:
            body["system"] = system
        body["messages"] = turns
        body.update(fields)
        if stream:
            body["stream"] = True
        if extra:
            body.update(extra)
        marks = count_breakpoints(body)
        if marks > self.max_cache_breakpoints:
            raise InvalidRequestError(
                f"Anthropic takes at most {self.max_cache_breakpoints} cache breakpoints in a request; "
                f"this one marks {marks} (tools, system prompt and messages together)"
            )
        return self.post(self.settings.base_url + self.messages_path, body, self.request_headers())

    def request_headers(self) -> dict[str, str]:
        headers = self.base_headers()
        headers["anthropic-version"] = self.api_version
        if self.settings.api_key is not None:
            headers["x-api-key"] = self.settings.api_key.get_secret_value()
        return headers

    def request_options(self, options: RequestOptions) -> dict[str, Any]:
        """The options in Anthropic's wire form; what it cannot honour is refused, never dropped."""
        self.refuse_unsupported(options)
        if options.temperature is not None and options.temperature > 1:
            raise InvalidRequestError(f"Anthropic's temperature goes from 0 to 1, got {options.temperature}")
        fields: dict[str, Any] = {"max_tokens": options.max_tokens or self.default_max_tokens}
        effort = options.reasoning_effort
        if effort is not None and effort != "none":
            fields.update(self._thinking(effort, options))
        if options.tools:
            fields["tools"] = [_tool_to_wire(tool) for tool in options.tools]
            choice = options.tool_choice
            if choice is not None:
                fields["tool_choice"] = (
                    {"type": {"auto": "auto", "none": "none", "required": "any"}[choice]}
                    if choice in ("auto", "none", "required")
                    else {"type": "tool", "name": choice}
                )
            # "none" calls no tool, so has no parallel calls to allow or forbid.
            if options.parallel_tool_calls is not None and choice != "none":
                fields.setdefault("tool_choice", {"type": "auto"})
                fields["tool_choice"]["disable_parallel_tool_use"] = not options.parallel_tool_calls
        if options.stop is not None:
            fields["stop_sequences"] = list(options.stop)
        self.put_options(fields, options, ("temperature", "top_p", "user"))
        if options.service_tier is not None:
            tier = self.service_tiers[options.service_tier]
            if tier is None:
                raise InvalidRequestError(
                    f"Anthropic has no {options.service_tier!r} service tier on demand: its Priority Tier is a "
                    "commitment, used with service_tier='auto'; 'default' keeps to the standard tier"
                )
            fields["service_tier"] = tier
        return fields

    def _thinking(self, effort: str, options: RequestOptions) -> dict[str, Any]:
        budget = self.thinking_budgets[effort]
        if options.max_tokens is not None and options.max_tokens <= budget:
            raise InvalidRequestError(
                f"max_tokens ({options.max_tokens}) must be larger than the thinking budget of {budget} tokens "
                f"that reasoning_effort={effort!r} asks for"
            )
        if options.temperature is not None and options.temperature != 1:
            raise InvalidRequestError("Anthropic's extended thinking does not take temperature (only its default)")
        if options.top_p is not None and options.top_p < 0.95:
            raise InvalidRequestError("Anthropic's extended thinking takes top_p only from 0.95 to 1")
        if options.tool_choice is not None and options.tool_choice not in ("auto", "none"):
            raise InvalidRequestError("Anthropic's extended thinking allows tool_choice 'auto' or 'none' only")
        return {
            "thinking": {"type": "enabled", "budget_tokens": budget},
            "max_tokens": options.max_tokens or budget + self.default_max_tokens,
        }

    def new_stream_parser(self, context: ParseContext) -> AnthropicStreamParser:
        return AnthropicStreamParser(self, context)

    def parse_completion(self, body: bytes, context: ParseContext) -> Parsed:
        try:
            message = AnthropicMessage.model_validate_json(body)
        except ValidationError as exc:
            raise self.malformed("message", body, exc, context.request_id) from None
        chunks = message_chunks(message)
        raw = message.stop_reason
        if raw is not None:
            reason = self.finish_reasons.get(raw, "other")
        else:
            reason = "tool_calls" if any(c.type == "tool_call" for c in chunks) else "other"
        usage = self.usage_from_wire(message.usage) if message.usage is not None else None
        return Parsed(chunks, usage, DoneChunk(finish_reason=reason, raw_finish_reason=raw))

    def usage_from_wire(self, usage: AnthropicUsage) -> Usage:
        """Anthropic counts cache reads and writes apart from ``input_tokens``; llmkit's input is all three.

        ``cache_creation.ephemeral_1h_input_tokens`` is the part of the writes made with a 1-hour
        lifetime, billed higher than the 5-minute ones.

        With ``iterations`` (server-side compaction sampled more than once) the request is the sum
        of its iterations; the top-level numbers are the last one's.
        """
        if usage.iterations:
            total = Usage()
            for step in usage.iterations:
                total = total + self.usage_from_wire(step)
            return total.model_copy(update={"service_tier": usage.service_tier})
        cache_read = usage.cache_read_input_tokens or 0
        split = usage.cache_creation
        write_5m = (split.ephemeral_5m_input_tokens or 0) if split is not None else 0
        write_1h = (split.ephemeral_1h_input_tokens or 0) if split is not None else 0
        cache_write = usage.cache_creation_input_tokens
        if cache_write is None:
            cache_write = write_5m + write_1h
        details = usage.output_tokens_details
        return Usage(
            input_tokens=(usage.input_tokens or 0) + cache_read + cache_write,
            output_tokens=usage.output_tokens or 0,
            cache_read_tokens=cache_read,
            cache_write_tokens=cache_write,
            # A part of the writes: never more than the total the same usage reports.
            cache_write_1h_tokens=min(write_1h, cache_write),
            reasoning_tokens=(details.thinking_tokens if details is not None else None) or 0,
            service_tier=usage.service_tier,
        )


class AnthropicHandler(ApiHandler):
    """Claude models through Anthropic's native API."""

    provider_name = "anthropic"
    adapter = AnthropicAdapter
    default_base_url = "https://api.anthropic.com"
    env: ClassVar[Mapping[str, str]] = {"api_key": "ANTHROPIC_API_KEY", "base_url": "ANTHROPIC_BASE_URL"}


def _tool_to_wire(tool: Tool) -> dict[str, Any]:
    wire: dict[str, Any] = {"name": tool.name}
    if tool.description:
        wire["description"] = tool.description
    wire["input_schema"] = tool.parameters_schema()
    if tool.strict is not None:
        wire["strict"] = tool.strict
    ttl = tool.cache_ttl()
    if ttl is not None:
        wire["cache_control"] = cache_control(ttl)
    return wire


publish(globals(), "llmkit")
