"""DeepSeek: OpenAI-compatible, with its KV-cache accounting and reasoning rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from .._adapter import ParseContext
from .._chunks import Usage
from .._conversation import Message
from .._errors import InvalidRequestError, LLMError, OverloadedError
from .._handler import ApiHandler
from .._lazy import publish
from .._options import RequestOptions
from ._openai import ChatCompletionsAdapter
from ._openai_wire import WireUsage

__all__ = [
    "DeepSeekAdapter",
    "DeepSeekHandler",
]


class DeepSeekAdapter(ChatCompletionsAdapter):
    """DeepSeek's Chat Completions: its KV-cache accounting, thinking switch and refusals."""

    max_tokens_field = "max_tokens"
    option_wire: ClassVar[Mapping[str, str | None]] = {
        **ChatCompletionsAdapter.option_wire,
        "parallel_tool_calls": None,
        "seed": None,
        "verbosity": None,
        "user": "user_id",
        "metadata": None,
        "service_tier": None,
        "prompt_cache_key": None,
    }
    option_refusals: ClassVar[Mapping[str, str]] = {
        "prompt_cache_key": "DeepSeek caches every prompt prefix on its own (its KV cache); nothing to send",
    }
    context_window_markers = ("maximum context length", "context_length_exceeded")

    def prepare_messages(self, messages: list[Message]) -> list[Message]:
        """DeepSeek refuses the ``developer`` role, and wants ``reasoning_content`` back exactly on
        assistant turns that called tools (thinking mode, V3.2 onward); elsewhere it is dropped."""
        prepared = []
        for message in super().prepare_messages(messages):
            role = message.get("role")
            if role == "developer":
                message = {**message, "role": "system"}
            elif role == "assistant" and "reasoning_content" in message and not message.get("tool_calls"):
                message = {k: v for k, v in message.items() if k != "reasoning_content"}
            prepared.append(message)
        return prepared

    def check_options(self, options: RequestOptions, model: str) -> None:
        """DeepSeek's own limits (OpenAI's model-name rules do not apply here)."""
        if options.response_format is not None and options.response_format.kind != "json":
            raise InvalidRequestError(
                "DeepSeek supports JSON mode only: pass response_format='json' and describe the schema in the prompt"
            )

    def request_options(self, options: RequestOptions) -> dict[str, Any]:
        """DeepSeek's thinking switch stands for ``reasoning_effort`` (``'none'`` turns it off)."""
        fields = super().request_options(options)
        if fields.get("reasoning_effort") == "none":
            del fields["reasoning_effort"]
            fields["thinking"] = {"type": "disabled"}
        elif "reasoning_effort" in fields:
            fields["thinking"] = {"type": "enabled"}
        return fields

    def usage_from_wire(self, usage: WireUsage) -> Usage:
        base = super().usage_from_wire(usage)
        if usage.prompt_cache_hit_tokens is None:
            return base
        return base.model_copy(update={"cache_read_tokens": usage.prompt_cache_hit_tokens})

    def finish_reason_error(self, raw: str, context: ParseContext) -> LLMError | None:
        if raw == "insufficient_system_resource":
            return OverloadedError(
                "DeepSeek interrupted the generation for lack of inference resources",
                provider=context.provider,
                request_id=context.request_id,
                code=raw,
            )
        return None


class DeepSeekHandler(ApiHandler):
    """``deepseek-chat``, ``deepseek-reasoner``, ``deepseek-coder`` and the V4-era model names.

    Reasoning streams as ``reasoning_content``; cache hits are ``prompt_cache_hit_tokens``.
    """

    provider_name = "deepseek"
    adapter = DeepSeekAdapter
    default_base_url = "https://api.deepseek.com"
    env: ClassVar[Mapping[str, str]] = {"api_key": "DEEPSEEK_API_KEY", "base_url": "DEEPSEEK_BASE_URL"}


publish(globals(), "llmkit")
