"""llmkit: one async streaming interface over many LLM chat-completion APIs."""

# The public names load on first use (see _lazy.py): ``import llmkit`` costs less than its
# dependencies, and each name brings in only the modules it needs (``except llmkit.LLMError``
# builds no pydantic model). Type checkers read the imports below; tests/test_imports.py keeps
# them, ``_EXPORTS`` and ``__all__`` in step.

import typing as _typing

from ._lazy import lazy_exports as _lazy_exports

if _typing.TYPE_CHECKING:
    from ._chunks import (
        DoneChunk,
        FinishReason,
        ReasoningChunk,
        ReasoningStateChunk,
        RefusalChunk,
        StreamChunk,
        TextChunk,
        ToolCallChunk,
        Usage,
        UsageChunk,
    )
    from ._completion import (
        Completion,
        ReasoningBlock,
        ToolCall,
        ToolCallAssembler,
    )
    from ._errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ConfigError,
        ConflictError,
        ConnectTimeoutError,
        ContextWindowExceededError,
        IdleTimeoutError,
        InsufficientBalanceError,
        InvalidRequestError,
        LLMError,
        MalformedResponseError,
        NotFoundError,
        OverloadedError,
        PermissionDeniedError,
        QuotaExceededError,
        RateLimitError,
        RequestTimeoutError,
        RequestTooLargeError,
        ResponseContentError,
        ServerError,
        StreamClosedError,
        StreamError,
        StreamIncompleteError,
        StructuredOutputError,
        ToolArgumentsError,
        TotalTimeoutError,
        UnprocessableEntityError,
    )
    from ._handler import (
        ApiHandler,
    )
    from ._hooks import (
        FinishInfo,
        Hooks,
        RequestInfo,
        default_hooks,
    )
    from ._options import (
        ResponseFormat,
        Tool,
    )
    from ._registry import (
        create_api_handler,
        provider_names,
    )
    from ._stream import (
        ApiStream,
    )
    from .providers import (
        AnthropicHandler,
        CompatibleHandler,
        DeepSeekHandler,
        GoogleHandler,
        OpenAiHandler,
        VertexHandler,
        register_provider,
    )

__version__ = "0.1.0"

_EXPORTS: dict[str, tuple[str, ...]] = {
    "._chunks": (
        "DoneChunk",
        "FinishReason",
        "ReasoningChunk",
        "ReasoningStateChunk",
        "RefusalChunk",
        "StreamChunk",
        "TextChunk",
        "ToolCallChunk",
        "Usage",
        "UsageChunk",
    ),
    "._completion": (
        "Completion",
        "ReasoningBlock",
        "ToolCall",
        "ToolCallAssembler",
    ),
    "._errors": (
        "APIConnectionError",
        "APIStatusError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "ConfigError",
        "ConflictError",
        "ConnectTimeoutError",
        "ContextWindowExceededError",
        "IdleTimeoutError",
        "InsufficientBalanceError",
        "InvalidRequestError",
        "LLMError",
        "MalformedResponseError",
        "NotFoundError",
        "OverloadedError",
        "PermissionDeniedError",
        "QuotaExceededError",
        "RateLimitError",
        "RequestTimeoutError",
        "RequestTooLargeError",
        "ResponseContentError",
        "ServerError",
        "StreamClosedError",
        "StreamError",
        "StreamIncompleteError",
        "StructuredOutputError",
        "ToolArgumentsError",
        "TotalTimeoutError",
        "UnprocessableEntityError",
    ),
    "._handler": ("ApiHandler",),
    "._hooks": (
        "FinishInfo",
        "Hooks",
        "RequestInfo",
        "default_hooks",
    ),
    "._options": (
        "ResponseFormat",
        "Tool",
    ),
    "._registry": (
        "create_api_handler",
        "provider_names",
    ),
    "._stream": ("ApiStream",),
    ".providers": (
        "AnthropicHandler",
        "CompatibleHandler",
        "DeepSeekHandler",
        "GoogleHandler",
        "OpenAiHandler",
        "VertexHandler",
        "register_provider",
    ),
}


if not _typing.TYPE_CHECKING:  # hidden from type checkers, so a misspelt name stays an error there
    __getattr__, __dir__ = _lazy_exports(__name__, _EXPORTS, subpackages=("providers",))

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AnthropicHandler",
    "ApiHandler",
    "ApiStream",
    "AuthenticationError",
    "BadRequestError",
    "CompatibleHandler",
    "Completion",
    "ConfigError",
    "ConflictError",
    "ConnectTimeoutError",
    "ContextWindowExceededError",
    "DeepSeekHandler",
    "DoneChunk",
    "FinishInfo",
    "FinishReason",
    "GoogleHandler",
    "Hooks",
    "IdleTimeoutError",
    "InsufficientBalanceError",
    "InvalidRequestError",
    "LLMError",
    "MalformedResponseError",
    "NotFoundError",
    "OpenAiHandler",
    "OverloadedError",
    "PermissionDeniedError",
    "QuotaExceededError",
    "RateLimitError",
    "ReasoningBlock",
    "ReasoningChunk",
    "ReasoningStateChunk",
    "RefusalChunk",
    "RequestInfo",
    "RequestTimeoutError",
    "RequestTooLargeError",
    "ResponseContentError",
    "ResponseFormat",
    "ServerError",
    "StreamChunk",
    "StreamClosedError",
    "StreamError",
    "StreamIncompleteError",
    "StructuredOutputError",
    "TextChunk",
    "Tool",
    "ToolArgumentsError",
    "ToolCall",
    "ToolCallAssembler",
    "ToolCallChunk",
    "TotalTimeoutError",
    "UnprocessableEntityError",
    "Usage",
    "UsageChunk",
    "VertexHandler",
    "__version__",
    "create_api_handler",
    "default_hooks",
    "provider_names",
    "register_provider",
]
