"""How a provider's failures become llmkit's errors: status table, the provider's own words, secrets out."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import ClassVar, NamedTuple

import httpx
from pydantic import ValidationError

from ._config import Settings
from ._errors import (
    BadRequestError,
    ContextWindowExceededError,
    LLMError,
    MalformedResponseError,
    QuotaExceededError,
    RateLimitError,
    StreamError,
    status_error_class,
    validation_problem,
)
from ._redact import redact_secret


class ErrorInfo(NamedTuple):
    """What a provider's error body says, in the provider's own words."""

    message: str
    code: str | None = None
    error_type: str | None = None
    param: str | None = None
    status: int | None = None


class ErrorMapping:
    """The error half of an adapter: data that tunes classification, and the mapping itself."""

    provider_name: str
    settings: Settings
    request_id_headers: ClassVar[tuple[str, ...]] = ("x-request-id", "request-id")
    context_window_markers: ClassVar[tuple[str, ...]] = ()
    """Lower-case fragments of an error code or message that mean 'the prompt is too long'."""
    quota_markers: ClassVar[tuple[str, ...]] = ()
    """Lower-case fragments of a 429's code or message that mean 'quota exhausted', not 'slow down'."""
    error_types: ClassVar[Mapping[str, type[LLMError]]] = {}
    """The provider's error ``type``/``code`` words, for error events that carry no HTTP status."""

    def request_id_of(self, response: httpx.Response) -> str | None:
        for header in self.request_id_headers:
            value: str | None = response.headers.get(header)
            if value:
                return value
        return None

    def redirect_error(self, response: httpx.Response) -> LLMError:
        return MalformedResponseError(
            f"the provider redirected ({response.status_code}) to {response.headers.get('location')!r}; llmkit "
            "does not follow redirects, so the key never travels to another host: use that URL as base_url",
            provider=self.provider_name,
            status_code=response.status_code,
            request_id=self.request_id_of(response),
        )

    def transport_error(self, cls: type[LLMError], what: str, exc: Exception) -> LLMError:
        detail = f"{type(exc).__name__}: {self.redact(str(exc))}" if str(exc) else type(exc).__name__
        return cls(f"{what} at {self.settings.base_url}: {detail}", provider=self.provider_name)

    def redact(self, text: str) -> str:
        """``text`` with the API key blanked out, should a provider or the HTTP layer echo it back,
        whole or in part, raw or escaped."""
        key = self.settings.api_key
        return text if key is None else redact_secret(text, key.get_secret_value())

    def malformed(self, what: str, data: bytes, exc: ValidationError, request_id: str | None) -> MalformedResponseError:
        """The error for a ``what`` (chunk, event, message) from the provider that is not its protocol."""
        return MalformedResponseError(
            f"malformed {what} from the provider: {validation_problem(exc)}",
            provider=self.provider_name,
            request_id=request_id,
            body=self.redact(data.decode("utf-8", "replace")),
        )

    def parse_error_body(self, text: str) -> ErrorInfo:
        """Read the common error shapes: ``{"error": {...}}``, ``{"error": "..."}``, ``{"detail": ...}``."""
        try:
            payload = json.loads(text)
        except ValueError:
            return ErrorInfo(text.strip()[:300] or "(empty body)")
        if not isinstance(payload, dict):
            return ErrorInfo(text.strip()[:300])
        error = payload.get("error", payload)
        if isinstance(error, str):
            return ErrorInfo(error)
        if not isinstance(error, dict):
            return ErrorInfo(text.strip()[:300])
        message = error.get("message") or error.get("detail") or payload.get("detail") or text.strip()[:300]
        code = error.get("code")
        status = code if isinstance(code, int) and 400 <= code < 600 else None
        return ErrorInfo(
            message=message if isinstance(message, str) else json.dumps(message),
            code=None if code is None else str(code),
            error_type=error.get("type") if isinstance(error.get("type"), str) else None,
            param=error.get("param") if isinstance(error.get("param"), str) else None,
            status=status,
        )

    def error_class(self, status: int | None, info: ErrorInfo) -> type[LLMError]:
        """The most specific class for an error, by status, then the provider's words."""
        words = " ".join(filter(None, (info.code, info.error_type, info.message))).lower()
        if status is None:
            for word in (info.code, info.error_type):
                if word is not None and word in self.error_types:
                    return self.error_types[word]
            return StreamError
        cls: type[LLMError] = status_error_class(status)
        if issubclass(cls, BadRequestError) and any(m in words for m in self.context_window_markers):
            return ContextWindowExceededError
        if cls is RateLimitError and any(m in words for m in self.quota_markers):
            return QuotaExceededError
        return cls

    def error_from_response(self, response: httpx.Response, body: bytes) -> LLMError:
        text = self.redact(body.decode("utf-8", "replace"))
        info = self.parse_error_body(text)
        cls = self.error_class(response.status_code, info)
        error = cls(
            info.message,
            provider=self.provider_name,
            status_code=response.status_code,
            request_id=self.request_id_of(response),
            code=info.code,
            error_type=info.error_type,
            param=info.param,
            body=text,
            retry_after=retry_after_seconds(response.headers),
        )
        should_retry = response.headers.get("x-should-retry")
        if should_retry in ("true", "false"):
            error.retryable = should_retry == "true"
        return error

    def error_from_event(self, payload: bytes, *, request_id: str | None) -> LLMError:
        """The error an in-stream error event (HTTP status 200 already sent) describes."""
        text = self.redact(payload.decode("utf-8", "replace"))
        info = self.parse_error_body(text)
        cls = self.error_class(info.status, info)
        return cls(
            f"error event in the stream: {info.message}",
            provider=self.provider_name,
            status_code=info.status,
            request_id=request_id,
            code=info.code,
            error_type=info.error_type,
            param=info.param,
            body=text,
        )


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """Seconds to wait as the provider asks: ``retry-after-ms``, then ``retry-after`` (seconds or date)."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds:
        try:
            return max(float(milliseconds) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)
