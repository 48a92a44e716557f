"""``ApiHandler``: the provider-neutral half of every adapter: settings, the call flow, retries."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar

import httpx
from typing_extensions import Unpack  # at run time too, so typing.get_type_hints(create_message) works

from ._chunks import DoneChunk, StreamChunk, Usage, UsageChunk
from ._completion import Completion, completion_from_chunks
from ._config import Settings, resolve_settings
from ._errormap import ErrorMapping
from ._errors import (
    APIConnectionError,
    ConnectTimeoutError,
    IdleTimeoutError,
    LLMError,
    MalformedResponseError,
    TotalTimeoutError,
)
from ._hooks import Observer, RequestInfo, default_hooks
from ._messages import Message, check_messages
from ._options import CallOptions, RequestOptions, build_options
from ._registry import register
from ._retry import RetryPolicy
from ._sse import SSEDecoder
from ._stream import ApiStream, Attempt, FrameDecoder, StreamParser

if TYPE_CHECKING:
    from typing import Self


class ApiHandler(ErrorMapping, ABC):
    """One provider and model over one pooled ``httpx.AsyncClient``.

    A concrete adapter declares ``provider_name`` (which registers it with the factory),
    ``default_base_url`` and ``env`` (setting name -> environment variable), and implements
    ``build_request`` and ``new_stream_parser``. The data below tunes the shared behaviour.
    """

    provider_name: ClassVar[str]
    default_base_url: ClassVar[str] = ""
    env: ClassVar[Mapping[str, str]] = {}
    requires_api_key: ClassVar[bool] = True
    pricing_provider: ClassVar[str | None] = None
    """Whose prices this provider's usage is billed at, when not its own ``provider_name``."""
    has_price_list: ClassVar[bool] = True
    """False for self-hosted servers: no known price is then no news, and costs ``None`` quietly."""
    stream_content_types: ClassVar[tuple[str, ...]] = ("text/event-stream",)
    """The content types a streamed answer may come as (anything else is an error)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("provider_name")
        if name is not None:
            if not isinstance(name, str) or not name:
                raise TypeError(f"{cls.__name__}.provider_name must be a non-empty string")
            register(cls)

    def __init__(self, **settings: Any) -> None:
        self.settings: Settings = resolve_settings(
            self.provider_name,
            settings,
            env=self.env,
            default_base_url=self.default_base_url,
            requires_api_key=self.requires_api_key,
        )
        self._owns_client = self.settings.http_client is None
        self._client = self.settings.http_client or httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=self.settings.connect_timeout,
                read=self.settings.idle_timeout,
                write=self.settings.timeout,
                pool=self.settings.timeout,
            ),
            limits=httpx.Limits(max_connections=1000, max_keepalive_connections=100),
            follow_redirects=False,
        )
        self._hooks = default_hooks() if self.settings.hooks is None else self.settings.hooks
        self._last_usage: UsageChunk | None = None
        self._total_usage = Usage(cost=Decimal(0))
        self._requests = 0

    @property
    def model_name(self) -> str:
        return self.settings.model_name

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model_name={self.model_name!r}, base_url={self.settings.base_url!r})"

    # -- what adapters implement -------------------------------------------------------------

    @abstractmethod
    def build_request(self, messages: list[Message], options: RequestOptions, *, stream: bool) -> httpx.Request:
        """The HTTP request for a completion of ``messages``, streamed or not."""

    @abstractmethod
    def new_stream_parser(self, request_id: str | None) -> StreamParser:
        """A fresh parser for one stream's events (the request id goes into its errors)."""

    def new_frame_decoder(self) -> FrameDecoder:
        """A fresh decoder cutting one stream's bytes into the events its parser reads."""
        return SSEDecoder()

    @abstractmethod
    def parse_completion(
        self, body: bytes, request_id: str | None
    ) -> tuple[Sequence[StreamChunk], Usage | None, DoneChunk]:
        """A non-streaming response body as the chunks, usage and done chunk a stream would give."""

    # -- the public interface ----------------------------------------------------------------

    async def create_message(
        self,
        system_prompt: str | None,
        messages: Sequence[Mapping[str, Any]],
        **options: Unpack[CallOptions],
    ) -> ApiStream:
        """Send the conversation and return the stream of its answer once the provider accepts it.

        Errors the provider reports before streaming (bad key, unknown model, rate limit…) are
        raised here, after any retries; errors during the stream are raised by the iterator.
        Options (``CallOptions``) are keyword-only; one this provider cannot honour raises
        ``InvalidRequestError``.
        """
        conversation = check_messages(system_prompt, messages)
        checked = build_options(**options)
        request = self.build_request(conversation, checked, stream=True)
        deadline = self._deadline()
        observer = self._observer(checked, stream=True)
        observer.started(conversation)

        async def reopen(retries_taken: int) -> Attempt:
            return await self._open(request, retries_taken, deadline)

        try:
            attempt = await reopen(0)
        except LLMError as error:
            observer.failed(error)
            raise
        observer.request.request_id = attempt.request_id
        return ApiStream(
            attempt,
            self,
            observer=observer,
            reopen=reopen,
            retry=self.retry_policy,
            idle_timeout=self.settings.idle_timeout,
            total_deadline=deadline,
            response_model=checked.response_format.model if checked.response_format else None,
        )

    async def complete(
        self,
        system_prompt: str | None,
        messages: Sequence[Mapping[str, Any]],
        **options: Unpack[CallOptions],
    ) -> Completion:
        """One non-streaming request: the whole answer at once, with usage and cost."""
        conversation = check_messages(system_prompt, messages)
        checked = build_options(**options)
        request = self.build_request(conversation, checked, stream=False)
        # A whole answer sends nothing until it is done: the idle timeout cannot apply to it, only
        # the request's overall timeout.
        request.extensions["timeout"] = httpx.Timeout(
            self.settings.timeout, connect=self.settings.connect_timeout
        ).as_dict()
        deadline = self._deadline()
        observer = self._observer(checked, stream=False)
        observer.started(conversation)
        try:
            return await self._complete(request, deadline, checked, observer)
        except LLMError as error:
            observer.failed(error)
            raise

    async def _complete(
        self, request: httpx.Request, deadline: float | None, options: RequestOptions, observer: Observer
    ) -> Completion:
        policy = self.retry_policy
        retries_taken = 0
        while True:
            started_at = datetime.now(UTC)
            try:
                async with asyncio.timeout_at(deadline):
                    response, body = await self._fetch(request)
                request_id = self.request_id_of(response)
                chunks, usage, done = self.parse_completion(body, request_id)
                break
            except TimeoutError as exc:
                raise self._total_timeout() from exc
            except LLMError as error:
                retries_taken = await self._retry_or_raise(policy, error, retries_taken, deadline)
        observer.request.request_id = request_id
        observer.first_chunk()
        usage_chunk = None if usage is None else UsageChunk(usage=self.complete_usage(usage, started_at))
        self.record_usage(usage_chunk)
        tail: list[StreamChunk] = [usage_chunk, done] if usage_chunk is not None else [done]
        model = options.response_format.model if options.response_format else None
        completion = completion_from_chunks([*chunks, *tail], request_id=request_id, model=model)
        observer.finished(completion.usage, done, completion.text)
        return completion

    async def get_api_stream_usage(self) -> UsageChunk | None:
        """The usage of the last call that finished, as a chunk (``result["usage"]`` works); ``None``
        before any, or when that call's provider reported none. With concurrent calls, read each
        call's own usage (``UsageChunk``, ``Completion.usage``) instead."""
        return self._last_usage

    @property
    def total_usage(self) -> Usage:
        """Tokens and cost of every call this handler finished, added up (cost ``None`` if any
        call's price was unknown)."""
        return self._total_usage

    @property
    def total_requests(self) -> int:
        """How many calls this handler finished with a usage report."""
        return self._requests

    async def aclose(self) -> None:
        """Close the connection pool, unless the caller passed in their own client."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # -- shared machinery --------------------------------------------------------------------

    def auth_headers(self) -> dict[str, str]:
        """Headers every request carries; adapters add their own authentication."""
        return {"accept": "text/event-stream", **self.settings.headers}

    def complete_usage(self, usage: Usage, started_at: datetime) -> Usage:
        """The usage with the cost of the request sent at ``started_at`` filled in."""
        if usage.cost is not None:
            return usage
        from . import pricing  # the price table loads on the first cost, never at import

        provider = self.pricing_provider or self.provider_name
        if not self.has_price_list and pricing.quote(provider, self.model_name, started_at) is None:
            return usage  # a self-hosted server has no price unless the user registered one
        cost = pricing.cost(usage, provider=provider, model=self.model_name, at=started_at)
        return usage if cost is None else usage.model_copy(update={"cost": cost})

    def record_usage(self, chunk: UsageChunk | None) -> None:
        self._last_usage = chunk
        if chunk is not None:
            self._total_usage = self._total_usage + chunk.usage
            self._requests += 1

    @property
    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(max_retries=self.settings.max_retries)

    async def _open(self, request: httpx.Request, retries_taken: int, deadline: float | None) -> Attempt:
        """Send ``request`` until the provider accepts it or an error is not worth retrying."""
        policy = self.retry_policy
        while True:
            started_at = datetime.now(UTC)
            try:
                async with asyncio.timeout_at(deadline):
                    response = await self._send(request)
            except TimeoutError as exc:
                raise self._total_timeout() from exc
            except LLMError as error:
                retries_taken = await self._retry_or_raise(policy, error, retries_taken, deadline)
                continue
            request_id = self.request_id_of(response)
            parser = self.new_stream_parser(request_id)
            return Attempt(response, parser, request_id, retries_taken, started_at, self.new_frame_decoder())

    def _observer(self, options: RequestOptions, *, stream: bool) -> Observer:
        info = RequestInfo(
            provider=self.provider_name,
            model=self.model_name,
            base_url=self.settings.base_url,
            stream=stream,
            options=options.summary(),
        )
        return Observer(info, self._hooks, log_content=self.settings.log_content)

    def _deadline(self) -> float | None:
        timeout = self.settings.timeout
        return None if timeout is None else asyncio.get_running_loop().time() + timeout

    async def _retry_or_raise(
        self, policy: RetryPolicy, error: LLMError, retries_taken: int, deadline: float | None
    ) -> int:
        """The retry count after waiting for the next retry, or ``error`` raised if none is due."""
        if not await policy.pause(error, retries_taken, deadline=deadline, provider=self.provider_name):
            raise error
        return retries_taken + 1

    def _total_timeout(self) -> TotalTimeoutError:
        return TotalTimeoutError(
            f"no answer from {self.settings.base_url} within the request timeout", provider=self.provider_name
        )

    async def _transport(self, request: httpx.Request, *, stream: bool) -> httpx.Response:
        """Send ``request``; what goes wrong on the way becomes llmkit's error for it."""
        try:
            return await self._client.send(request, stream=stream)
        except httpx.ConnectTimeout as exc:
            raise self._transport_error(ConnectTimeoutError, "could not connect in time", exc) from exc
        except httpx.TimeoutException as exc:
            raise self._transport_error(IdleTimeoutError, "the provider did not answer in time", exc) from exc
        except httpx.TransportError as exc:
            raise self._transport_error(APIConnectionError, "could not reach the provider", exc) from exc

    async def _fetch(self, request: httpx.Request) -> tuple[httpx.Response, bytes]:
        """A non-streaming request's response and its whole body, or the error it stands for."""
        response = await self._transport(request, stream=False)
        if response.status_code >= 400:
            raise self.error_from_response(response, response.content)
        if response.status_code >= 300:
            raise self._redirect_error(response)
        return response, response.content

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """A streaming request's response, once it is known to be an event stream."""
        response = await self._transport(request, stream=True)
        status = response.status_code
        content_type = response.headers.get("content-type", "")
        if status < 300 and (not content_type or content_type.startswith(self.stream_content_types)):
            return response
        try:
            body = await response.aread()
        except httpx.HTTPError:
            body = b""
        finally:
            await response.aclose()
        if status >= 400:
            raise self.error_from_response(response, body)
        if 300 <= status < 400:
            raise self._redirect_error(response)
        request_id = self.request_id_of(response)
        text = self.redact(body.decode("utf-8", "replace"))
        info = self.parse_error_body(text)
        error = MalformedResponseError(
            f"expected an event stream, got {content_type!r}: {info.message}",
            provider=self.provider_name,
            status_code=status,
            request_id=request_id,
            body=text,
        )
        # A gateway's HTML error page served with 200 is as transient as the 5xx it stands for; any
        # other body (a whole JSON answer from a server that ignored stream=true) would be billed again.
        error.retryable = content_type.startswith("text/html")
        raise error
