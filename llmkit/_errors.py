"""One exception hierarchy for every provider.

``LLMError`` is the root. HTTP statuses map to classes through ``STATUS_ERRORS`` (a table, not a
chain of conditions); transport failures, timeouts, mid-stream error events, malformed chunks and
streams that stop early have classes of their own. Every error carries what a caller needs to act:
provider, status, request id, the provider's own message and code, the body and ``retry_after``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._lazy import publish

if TYPE_CHECKING:
    from decimal import Decimal

    from pydantic import ValidationError


__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BackendUnavailableError",
    "BadRequestError",
    "BudgetExceededError",
    "CapacityTimeoutError",
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
]

_BODY_PREVIEW = 500


class LLMError(Exception):
    """Root of every error llmkit raises."""

    retryable: bool = False
    """Whether the same request may succeed if sent again (used by the retry policy)."""

    def __init__(
        self,
        message: str,
        *,
        provider: str | None = None,
        status_code: int | None = None,
        request_id: str | None = None,
        code: str | None = None,
        error_type: str | None = None,
        param: str | None = None,
        body: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.provider = provider
        self.status_code = status_code
        self.request_id = request_id
        self.code = code
        self.error_type = error_type
        self.param = param
        self.body = body
        self.retry_after = retry_after

    def __str__(self) -> str:
        details = [
            f"{label}={value}"
            for label, value in (
                ("provider", self.provider),
                ("status", self.status_code),
                ("code", self.code),
                ("type", self.error_type),
                ("request_id", self.request_id),
                ("retry_after", self.retry_after),
            )
            if value is not None
        ]
        text = self.message
        if details:
            text += f" ({', '.join(details)})"
        if self.body:
            preview = self.body[:_BODY_PREVIEW]
            more = f"… [{len(self.body) - _BODY_PREVIEW} more chars]" if len(self.body) > _BODY_PREVIEW else ""
            text += f"\nbody: {preview}{more}"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, provider={self.provider!r}, status_code={self.status_code!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: type[LLMError], message: str, state: dict[str, Any]) -> LLMError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class ConfigError(LLMError, ValueError):
    """The handler's configuration is unusable: unknown provider, missing key, empty model, …"""


class InvalidRequestError(ConfigError):
    """The request given to a handler is malformed (messages, options); nothing was sent."""


class APIConnectionError(LLMError):
    """The request could not reach the provider, or the connection broke."""

    retryable = True


class APITimeoutError(APIConnectionError):
    """A deadline passed before the provider answered."""


class ConnectTimeoutError(APITimeoutError):
    """No connection could be opened within the connect timeout."""


class IdleTimeoutError(APITimeoutError):
    """The provider sent no data event for longer than the idle timeout."""


class TotalTimeoutError(APITimeoutError):
    """The whole request took longer than its overall timeout."""

    retryable = False  # the time it was given is spent


class APIStatusError(LLMError):
    """The provider answered with an HTTP error status."""


class BadRequestError(APIStatusError):
    """400: the provider rejected the request as invalid."""


class ContextWindowExceededError(BadRequestError):
    """The prompt (plus requested output) does not fit the model's context window."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or revoked."""


class InsufficientBalanceError(APIStatusError):
    """402: the account has no balance left (DeepSeek); top up, do not retry."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not use this model or endpoint, or the region is not served."""


class NotFoundError(APIStatusError):
    """404: unknown model or endpoint."""


class RequestTimeoutError(APIStatusError):
    """408: the provider timed out waiting for the request."""

    retryable = True


class ConflictError(APIStatusError):
    """409: a conflicting request is in progress."""

    retryable = True


class RequestTooLargeError(APIStatusError):
    """413: the request body is larger than the provider accepts."""


class UnprocessableEntityError(APIStatusError):
    """422: the request is well-formed but has invalid parameters."""


class RateLimitError(APIStatusError):
    """429: too many requests or tokens for now; retry after a while."""

    retryable = True


class QuotaExceededError(RateLimitError):
    """429 for an exhausted quota or plan: retrying will not help."""

    retryable = False


class ServerError(APIStatusError):
    """5xx: the provider failed."""

    retryable = True


class OverloadedError(ServerError):
    """503 / 529: the provider is overloaded; retry after a while."""


class BudgetExceededError(LLMError):
    """A spend cap (``llmkit.Budget``) is reached: the request was refused before anything was sent."""

    def __init__(
        self,
        message: str,
        *,
        budget: str | None = None,
        spent: Decimal | None = None,
        limit: Decimal | None = None,
        **details: Any,
    ) -> None:
        super().__init__(message, **details)
        self.budget = budget
        """The refusing budget's name and period bucket (``"tag=team-a:2026-09-01"``)."""
        self.spent = spent
        """USD charged (and reserved by calls in flight) against it when the request was refused."""
        self.limit = limit


class CapacityTimeoutError(LLMError):
    """A rate limit (``llmkit.RateLimit``) had no room for the request before its timeout; nothing was sent."""

    retryable = True  # nothing reached the provider: another deployment (``Router``) may have room


class BackendUnavailableError(LLMError):
    """The shared counters (Redis) could not be reached, and the backend's policy is not to count locally."""

    retryable = True


class StreamError(LLMError):
    """Something went wrong after the stream started."""


class StreamIncompleteError(StreamError):
    """The connection ended before the stream's end marker or a finish reason."""

    retryable = True


class StreamClosedError(StreamError):
    """The caller closed the stream (``aclose()``) while another task was reading it."""


class MalformedResponseError(StreamError):
    """The provider sent something that is not the protocol: bad JSON, wrong content type, …"""


class ResponseContentError(LLMError):
    """The answer arrived whole but its content is not what was asked for."""


class StructuredOutputError(ResponseContentError):
    """The reply does not validate against the requested schema; ``body`` holds the raw text."""


class ToolArgumentsError(ResponseContentError):
    """A tool call's arguments are not a JSON object; ``body`` holds the raw arguments."""


def validation_problem(exc: ValidationError) -> str:
    """The first thing pydantic found wrong, and where: ``"Field required at choices.0.index"``."""
    problem = exc.errors(include_url=False)[0]
    return f"{problem['msg']} at {'.'.join(map(str, problem['loc'])) or 'top level'}"


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientBalanceError,
    403: PermissionDeniedError,
    404: NotFoundError,
    408: RequestTimeoutError,
    409: ConflictError,
    413: RequestTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: ServerError,
    502: ServerError,
    503: OverloadedError,
    504: ServerError,
    529: OverloadedError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    """The error class for an HTTP status, by the table; unknown 5xx are server errors."""
    if status in STATUS_ERRORS:
        return STATUS_ERRORS[status]
    return ServerError if status >= 500 else APIStatusError


publish(globals(), "llmkit")
