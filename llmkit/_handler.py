"""``ApiHandler``: the one client users hold: settings, the call flow, retries, deadlines, totals.

A provider is a subclass that declares data (``provider_name``, ``default_base_url``, ``env``…)
and names its wire adapter (``adapter``); the adapter does everything protocol-specific. Adapter
data written on the handler subclass (``max_tokens_field = "max_tokens"``) is moved onto an
adapter subclass made for it, so a preset stays one small class of data.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar

import httpx
from typing_extensions import Unpack  # at run time too, so typing.get_type_hints(create_message) works

from . import _pool
from ._accounting import Ledger, Settlement
from ._adapter import ParseContext, WireAdapter
from ._chunks import StreamChunk, Usage, UsageChunk
from ._completion import Completion, completion_from_chunks
from ._config import Settings, resolve_settings
from ._conversation import check_messages
from ._errors import (
    APIConnectionError,
    ConnectTimeoutError,
    IdleTimeoutError,
    LLMError,
    MalformedResponseError,
    TotalTimeoutError,
)
from ._hooks import Observer, RequestInfo
from ._lazy import publish
from ._options import CallOptions, RequestOptions, build_options
from ._registry import register
from ._retry import RetryPolicy
from ._stream import ApiStream, Attempt
from ._telemetry import default_hooks

if TYPE_CHECKING:
    from typing import Self

__all__ = ["ApiHandler"]


class ApiHandler:
    """One provider over one pooled ``httpx.AsyncClient``; ``create_api_handler`` makes one.

    Calls: ``create_message`` (a stream), ``complete`` (a whole answer), ``get_api_stream_usage``,
    ``total_usage``, ``total_requests``, ``aclose`` (or ``async with``).
    """

    provider_name: ClassVar[str]
    """The name ``create_api_handler`` finds this provider by; declaring it registers the class."""
    adapter: ClassVar[type[WireAdapter]]
    """The wire protocol this provider speaks."""
    default_base_url: ClassVar[str] = ""
    env: ClassVar[Mapping[str, str]] = {}
    """Setting name -> the environment variable it is read from when not given."""
    requires_api_key: ClassVar[bool] = True
    pricing_provider: ClassVar[str | None] = None
    """Whose prices this provider's usage is billed at, when not its own ``provider_name``."""
    has_price_list: ClassVar[bool] = True
    """False for self-hosted servers: no known price is then no news, and costs ``None`` quietly."""

    def __init_subclass__(cls, *, replace: bool = False, **kwargs: Any) -> None:
        """Register a subclass that declares ``provider_name``; a taken name needs ``replace=True``."""
        super().__init_subclass__(**kwargs)
        _move_adapter_data(cls)
        name = cls.__dict__.get("provider_name")
        if name is None:
            if replace:
                raise TypeError(f"{cls.__name__} says replace=True but declares no provider_name to replace")
            return
        if not isinstance(name, str) or not name:
            raise TypeError(f"{cls.__name__}.provider_name must be a non-empty string")
        if not isinstance(getattr(cls, "adapter", None), type):
            raise TypeError(f"{cls.__name__} names no wire adapter: set adapter = <a WireAdapter subclass>")
        register(cls, replace=replace)

    def __init__(self, **settings: Any) -> None:
        self.settings: Settings = resolve_settings(
            self.provider_name,
            settings,
            env=self.env,
            default_base_url=self.default_base_url,
            requires_api_key=self.requires_api_key,
        )
        self._adapter = self.adapter(self.settings, self.provider_name)
        # Streams read with the idle timeout between reads; the whole request has its own timeout.
        self._stream_timeout = httpx.Timeout(
            connect=self.settings.connect_timeout,
            read=self.settings.idle_timeout,
            write=self.settings.timeout,
            pool=self.settings.timeout,
        ).as_dict()
        if self.settings.http_client is None:
            # Made in a running loop (the usual case), the handler takes its pool now: a new pool's
            # client costs milliseconds (an SSL context), better paid here than in the first request.
            with contextlib.suppress(RuntimeError):
                _pool.acquire(self)
        self._hooks = default_hooks() if self.settings.hooks is None else self.settings.hooks
        self._ledger = Ledger()

    @property
    def model_name(self) -> str:
        """The model calls use unless they name another (``model=``)."""
        return self.settings.model_name

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model_name={self.model_name!r}, base_url={self.settings.base_url!r})"

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
        await self._adapter.refresh_credentials()
        call = self._prepare(system_prompt, messages, options, stream=True)
        call.observer.started(call.conversation)

        async def reopen(retries_taken: int) -> Attempt:
            return await self._open(call, retries_taken)

        try:
            attempt = await reopen(0)
        except LLMError as error:
            call.observer.failed(error)
            raise
        call.observer.request.request_id = attempt.request_id
        return ApiStream(
            attempt,
            self.provider_name,
            call.settle,
            observer=call.observer,
            reopen=reopen,
            retry=self._retry_policy,
            idle_timeout=self.settings.idle_timeout,
            total_deadline=call.deadline,
            response_model=call.options.response_format.model if call.options.response_format else None,
        )

    async def complete(
        self,
        system_prompt: str | None,
        messages: Sequence[Mapping[str, Any]],
        **options: Unpack[CallOptions],
    ) -> Completion:
        """One non-streaming request: the whole answer at once, with usage and cost."""
        await self._adapter.refresh_credentials()
        call = self._prepare(system_prompt, messages, options, stream=False)
        call.observer.started(call.conversation)
        try:
            return await self._complete(call)
        except LLMError as error:
            call.observer.failed(error)
            raise

    async def get_api_stream_usage(self) -> UsageChunk | None:
        """The usage of the last call that finished, as a chunk (``result["usage"]`` works); ``None``
        before any, or when that call's provider reported none. With concurrent calls, read each
        call's own usage (``UsageChunk``, ``Completion.usage``) instead."""
        return self._ledger.last

    @property
    def total_usage(self) -> Usage:
        """Tokens and cost of every call this handler finished, added up (cost ``None`` if any
        call's price was unknown)."""
        return self._ledger.total

    @property
    def total_requests(self) -> int:
        """How many calls this handler finished with a usage report."""
        return self._ledger.requests

    async def aclose(self) -> None:
        """Let go of the connection pool (the last handler of an event loop to let go closes it);
        a client the caller passed in is never closed."""
        if self.settings.http_client is None:
            await _pool.release(self)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # -- the call flow -----------------------------------------------------------------------

    @property
    def _client(self) -> httpx.AsyncClient:
        """The caller's client, or the running event loop's shared pool."""
        return self.settings.http_client or _pool.acquire(self)

    def _prepare(
        self, system_prompt: str | None, messages: Sequence[Mapping[str, Any]], given: CallOptions, *, stream: bool
    ) -> _Call:
        """Everything checked and built before anything is sent."""
        conversation = check_messages(system_prompt, messages)
        options = build_options(**given)
        model = options.model or self.settings.model_name
        request = self._adapter.build_request(conversation, options, model=model, stream=stream)
        if options.extra_headers:
            request.headers.update(options.extra_headers)
        timeout = options.timeout if options.timeout is not None else self.settings.timeout
        if not stream:
            # A whole answer sends nothing until it is done: the idle timeout cannot apply to it.
            request.extensions["timeout"] = httpx.Timeout(timeout, connect=self.settings.connect_timeout).as_dict()
        elif self.settings.http_client is None:  # the shared pool has no timeouts of its own
            request.extensions["timeout"] = self._stream_timeout
        info = RequestInfo(
            provider=self.provider_name,
            model=model,
            base_url=self.settings.base_url,
            stream=stream,
            options=options.summary(),
        )
        settle = self._settlement(model)
        if options.max_tokens is not None:
            from .models import check_output_limit  # the catalog loads on the first call that needs it

            check_output_limit(settle.provider, model, options.max_tokens)
        deadline = None if timeout is None else asyncio.get_running_loop().time() + timeout
        observer = Observer(info, self._hooks, log_content=self.settings.log_content)
        return _Call(conversation, options, model, request, deadline, observer, settle)

    def _settlement(self, model: str) -> Settlement:
        """How a call to ``model`` is priced and where its usage is recorded."""
        return Settlement(
            provider=self.pricing_provider or self.provider_name,
            model=model,
            has_price_list=self.has_price_list,
            ledger=self._ledger,
        )

    async def _complete(self, call: _Call) -> Completion:
        retries_taken = 0
        while True:
            started_at = datetime.now(UTC)
            try:
                async with asyncio.timeout_at(call.deadline):
                    response, body = await self._fetch(call.request)
                request_id = self._adapter.request_id_of(response)
                chunks, usage, done = self._adapter.parse_completion(body, call.context(request_id))
                break
            except TimeoutError as exc:
                raise self._total_timeout() from exc
            except LLMError as error:
                retries_taken = await self._retry_or_raise(error, retries_taken, call.deadline)
        call.observer.request.request_id = request_id
        call.observer.first_chunk()
        usage_chunk = call.settle(usage, started_at)
        tail: list[StreamChunk] = [usage_chunk, done] if usage_chunk is not None else [done]
        model = call.options.response_format.model if call.options.response_format else None
        completion = completion_from_chunks([*chunks, *tail], request_id=request_id, model=model)
        call.observer.finished(completion.usage, done, completion.text)
        return completion

    @property
    def _retry_policy(self) -> RetryPolicy:
        return RetryPolicy(max_retries=self.settings.max_retries)

    async def _open(self, call: _Call, retries_taken: int) -> Attempt:
        """Send the call's request until the provider accepts it or an error is not worth retrying."""
        while True:
            started_at = datetime.now(UTC)
            try:
                async with asyncio.timeout_at(call.deadline):
                    response = await self._send(call.request)
            except TimeoutError as exc:
                raise self._total_timeout() from exc
            except LLMError as error:
                retries_taken = await self._retry_or_raise(error, retries_taken, call.deadline)
                continue
            request_id = self._adapter.request_id_of(response)
            return Attempt(
                response,
                self._adapter.new_frame_decoder(),
                self._adapter.new_stream_parser(call.context(request_id)),
                request_id,
                retries_taken,
                started_at,
            )

    async def _retry_or_raise(self, error: LLMError, retries_taken: int, deadline: float | None) -> int:
        """The retry count after waiting for the next retry, or ``error`` raised if none is due."""
        if not await self._retry_policy.pause(error, retries_taken, deadline=deadline, provider=self.provider_name):
            raise error
        return retries_taken + 1

    def _total_timeout(self) -> TotalTimeoutError:
        return TotalTimeoutError(
            f"no answer from {self.settings.base_url} within the request timeout", provider=self.provider_name
        )

    async def _transport(self, request: httpx.Request, *, stream: bool) -> httpx.Response:
        """Send ``request``; what goes wrong on the way becomes llmkit's error for it."""
        errors = self._adapter
        try:
            return await self._client.send(request, stream=stream)
        except httpx.ConnectTimeout as exc:
            raise errors.transport_error(ConnectTimeoutError, "could not connect in time", exc) from exc
        except httpx.TimeoutException as exc:
            raise errors.transport_error(IdleTimeoutError, "the provider did not answer in time", exc) from exc
        except httpx.TransportError as exc:
            raise errors.transport_error(APIConnectionError, "could not reach the provider", exc) from exc

    async def _fetch(self, request: httpx.Request) -> tuple[httpx.Response, bytes]:
        """A non-streaming request's response and its whole body, or the error it stands for."""
        response = await self._transport(request, stream=False)
        if response.status_code >= 400:
            raise self._adapter.error_from_response(response, response.content)
        if response.status_code >= 300:
            raise self._adapter.redirect_error(response)
        return response, response.content

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """A streaming request's response, once it is known to be an event stream."""
        adapter = self._adapter
        response = await self._transport(request, stream=True)
        status = response.status_code
        content_type = response.headers.get("content-type", "")
        if status < 300 and (not content_type or content_type.startswith(adapter.stream_content_types)):
            return response
        try:
            body = await response.aread()
        except httpx.HTTPError:
            body = b""
        finally:
            await response.aclose()
        if status >= 400:
            raise adapter.error_from_response(response, body)
        if 300 <= status < 400:
            raise adapter.redirect_error(response)
        text = adapter.redact(body.decode("utf-8", "replace"))
        info = adapter.parse_error_body(text)
        error = MalformedResponseError(
            f"expected an event stream, got {content_type!r}: {info.message}",
            provider=self.provider_name,
            status_code=status,
            request_id=adapter.request_id_of(response),
            body=text,
        )
        # A gateway's HTML error page served with 200 is as transient as the 5xx it stands for; any
        # other body (a whole JSON answer from a server that ignored stream=true) would be billed again.
        error.retryable = content_type.startswith("text/html")
        raise error


class _Call:
    """One call's checked inputs and the objects that follow it to the end."""

    __slots__ = ("conversation", "deadline", "model", "observer", "options", "request", "settle")

    def __init__(
        self,
        conversation: list[dict[str, Any]],
        options: RequestOptions,
        model: str,
        request: httpx.Request,
        deadline: float | None,
        observer: Observer,
        settle: Settlement,
    ) -> None:
        self.conversation = conversation
        self.options = options
        self.model = model
        self.request = request
        self.deadline = deadline
        self.observer = observer
        self.settle = settle

    def context(self, request_id: str | None) -> ParseContext:
        return ParseContext(self.observer.request.provider, self.model, request_id)


def _move_adapter_data(cls: type[ApiHandler]) -> None:
    """Put adapter data a handler subclass declares (``max_tokens_field = …``) on an adapter subclass.

    A method of the adapter's written on the handler cannot be moved (its ``self`` and ``super()``
    would be wrong): that is refused with the way to write it.
    """
    base = getattr(cls, "adapter", None)
    if not isinstance(base, type) or "adapter" in cls.__dict__:
        return
    moved: dict[str, Any] = {}
    for name, value in cls.__dict__.items():
        if name.startswith("__") or hasattr(ApiHandler, name) or not hasattr(base, name):
            continue
        if inspect.isfunction(value) or isinstance(value, (classmethod, staticmethod, property)):
            raise TypeError(
                f"{cls.__name__}.{name} is a hook of the wire adapter {base.__name__}: override it on an "
                f"adapter subclass and name it on the handler — class MyAdapter({base.__name__}): "
                f"def {name}(...): ...; then in {cls.__name__}: adapter = MyAdapter"
            )
        moved[name] = value
    if moved:
        moved["__module__"] = cls.__module__
        moved["__qualname__"] = f"{cls.__qualname__}.adapter"
        cls.adapter = type(f"{cls.__name__}Adapter", (base,), moved)


publish(globals(), "llmkit")
