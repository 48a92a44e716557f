"""``Guarded``: a handler that waits for rate-limit room and stays within budgets.

Before a call is sent: its estimated cost is reserved on every budget that applies (or
``BudgetExceededError``), then it waits for room in its rate limits (or ``CapacityTimeoutError``
when its timeout would pass first). When the stream reports usage, the tokens are corrected and
the priced cost charged; when it ends, its stream slot is freed. A provider's ``x-ratelimit-*``
headers at 0 remaining, and its 429s, pause the limit for every replica until the reset.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import AsyncGenerator, Mapping, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from ._backend import Backend, Cap, Limits, LocalBackend
from ._chunks import StreamChunk, Usage, UsageChunk
from ._completion import Completion
from ._errors import BudgetExceededError, CapacityTimeoutError, ConfigError, LLMError, RateLimitError
from ._handler import ApiHandler
from ._lazy import publish
from ._limits import Budget, RateLimit, estimate_tokens, from_pico, identity, pause_from_headers, to_pico
from ._options import CallOptions
from ._stream import StreamView

if TYPE_CHECKING:
    from typing import Self

    import httpx

    from ._stream import ApiStream

__all__ = ["Guarded", "GuardedStream"]

logger = logging.getLogger("llmkit.fleet")

DEFAULT_LEASE = 600.0
"""How long a stream slot or a budget reservation outlives a replica that died holding it (seconds)."""

_shared_local = LocalBackend()


class Guarded:
    """``handler`` with rate limits and budgets, counted by ``backend`` (in-process by default,
    ``RedisBackend`` for many replicas). Same calls as a handler; ``tags`` given here apply to
    every call, ``tags=`` on a call adds to them."""

    def __init__(
        self,
        handler: ApiHandler,
        *,
        limits: RateLimit | Sequence[RateLimit] = (),
        budgets: Budget | Sequence[Budget] = (),
        backend: Backend | None = None,
        tags: Sequence[str] = (),
        lease: float = DEFAULT_LEASE,
    ) -> None:
        self.handler = handler
        self.limits = (limits,) if isinstance(limits, RateLimit) else tuple(limits)
        self.budgets = (budgets,) if isinstance(budgets, Budget) else tuple(budgets)
        if not all(isinstance(limit, RateLimit) for limit in self.limits):
            raise ConfigError("limits must be llmkit.RateLimit objects")
        if not all(isinstance(budget, Budget) for budget in self.budgets):
            raise ConfigError("budgets must be llmkit.Budget objects")
        self.backend: Backend = backend if backend is not None else _shared_local
        self.tags = tuple(tags)
        self._lease_ms = int(lease * 1000)
        settings = handler.settings
        key = settings.api_key.get_secret_value() if settings.api_key is not None else None
        self._identity = identity(settings.base_url, key)

    @property
    def model_name(self) -> str:
        return self.handler.model_name

    @property
    def provider_name(self) -> str:
        return self.handler.provider_name

    def __repr__(self) -> str:
        return f"Guarded({self.handler!r}, limits={len(self.limits)}, budgets={len(self.budgets)})"

    async def create_message(
        self,
        system_prompt: str | None,
        messages: Sequence[Mapping[str, Any]],
        *,
        tags: Sequence[str] = (),
        **options: Unpack[CallOptions],
    ) -> GuardedStream:
        """As ``ApiHandler.create_message``, once the budgets and rate limits admit the call."""
        ticket = await self._admit(system_prompt, messages, tags, options)
        try:
            stream = await self.handler.create_message(system_prompt, messages, **options)
        except BaseException as error:
            await ticket.failed(error)
            raise
        await ticket.learn(stream.response.headers)
        return GuardedStream(stream, ticket)

    async def complete(
        self,
        system_prompt: str | None,
        messages: Sequence[Mapping[str, Any]],
        *,
        tags: Sequence[str] = (),
        **options: Unpack[CallOptions],
    ) -> Completion:
        """As ``ApiHandler.complete``, once the budgets and rate limits admit the call."""
        ticket = await self._admit(system_prompt, messages, tags, options)
        try:
            completion = await self.handler.complete(system_prompt, messages, **options)
        except BaseException as error:
            await ticket.failed(error)
            raise
        await ticket.learn({})
        await ticket.settled(completion.usage)
        await ticket.ended()
        return completion

    async def get_api_stream_usage(self) -> UsageChunk | None:
        return await self.handler.get_api_stream_usage()

    @property
    def total_usage(self) -> Usage:
        return self.handler.total_usage

    @property
    def total_requests(self) -> int:
        return self.handler.total_requests

    async def spent(self, budget: Budget, *, at: datetime | None = None) -> Any:
        """USD charged on ``budget`` in the period of ``at`` (now), by every replica sharing the backend."""
        return await self.backend.spent(budget.bucket(self._identity, at))

    async def aclose(self) -> None:
        await self.handler.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # -- admission -------------------------------------------------------------------------------

    async def _admit(
        self,
        system_prompt: str | None,
        messages: Sequence[Mapping[str, Any]],
        tags: Sequence[str],
        options: CallOptions,
    ) -> _Ticket:
        handler = self.handler
        model = options.get("model") or handler.model_name
        timeout = options.get("timeout", handler.settings.timeout)
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        ticket = _Ticket(self, str(model), uuid.uuid4().hex)
        all_tags = (*self.tags, *tags)
        caps = tuple(
            Cap(budget.bucket(self._identity), to_pico(budget.limit), budget.keep_seconds)
            for budget in self.budgets
            if budget.applies(all_tags)
        )
        if caps:
            estimate = to_pico(self._estimated_cost(ticket.model, system_prompt, messages, options))
            refused = await self.backend.reserve(caps, ticket.id, estimate, self._lease_ms)
            if refused is not None:
                cap_limit = next(cap.limit for cap in caps if cap.bucket == refused.bucket)
                raise BudgetExceededError(
                    f"budget {refused.bucket!r} is spent: {from_pico(refused.used)} of {from_pico(cap_limit)} USD "
                    "charged or reserved",
                    budget=refused.bucket,
                    spent=from_pico(refused.used),
                    limit=from_pico(cap_limit),
                    provider=handler.provider_name,
                )
            ticket.caps = caps
        if self.limits:
            output = options.get("max_tokens")
            try:
                for limit in self.limits:
                    tokens = estimate_tokens(
                        system_prompt, messages, output if output is not None else limit.assumed_output_tokens
                    )
                    await self._wait_for_room(limit, ticket, tokens, deadline)
            except BaseException as error:
                await ticket.failed(error)
                raise
        return ticket

    def _estimated_cost(
        self, model: str, system_prompt: str | None, messages: Sequence[Mapping[str, Any]], options: CallOptions
    ) -> Any:
        """The most the call can cost: its estimated prompt and its whole ``max_tokens`` (0 if unpriced)."""
        prompt = estimate_tokens(system_prompt, messages, 0)
        usage = Usage(input_tokens=prompt, output_tokens=options.get("max_tokens") or 0)
        priced = self.handler._settlement(model).price(usage, datetime.now(UTC))
        return priced.cost or 0

    async def _wait_for_room(self, limit: RateLimit, ticket: _Ticket, tokens: int, deadline: float | None) -> None:
        scope = limit.scope(self.handler.provider_name, ticket.model, self._identity)
        limits = Limits(limit.requests, limit.tokens, limit.concurrent, int(limit.window * 1000))
        if limit.tokens is not None and tokens > limit.tokens:
            raise CapacityTimeoutError(
                f"the request needs about {tokens} tokens, more than the limit of {limit.tokens} per "
                f"{limit.window:g} s allows at all",
                provider=self.handler.provider_name,
            )
        loop = asyncio.get_running_loop()
        while True:
            wait = await self.backend.acquire(scope, limits, ticket.id, tokens, self._lease_ms)
            if wait <= 0:
                ticket.windows.append((scope, limits))
                return
            # A little jitter, so that the waiters of many replicas do not all ask again at once.
            wait += random.uniform(0, min(0.05, wait / 4))
            if deadline is not None and loop.time() + wait > deadline:
                raise CapacityTimeoutError(
                    f"no room in the rate limit {scope!r} within the request's timeout",
                    provider=self.handler.provider_name,
                    retry_after=wait,
                )
            await asyncio.sleep(wait)


class _Ticket:
    """One admitted call: what it holds on the backend until it ends."""

    def __init__(self, guard: Guarded, model: str, ticket: str) -> None:
        self.guard = guard
        self.model = model
        self.id = ticket
        self.caps: tuple[Cap, ...] = ()
        self.windows: list[tuple[str, Limits]] = []
        self.charged = False
        self.done = False

    async def learn(self, headers: httpx.Headers | Mapping[str, str]) -> None:
        """The provider has answered: the request counts from now, and its headers may say to pause."""
        for scope, _ in self.windows:
            await self.guard.backend.sent(scope, self.id)
        pause = pause_from_headers(headers)
        if pause > 0:
            await self._pause(pause)

    async def _pause(self, seconds: float) -> None:
        for scope, _ in self.windows:
            await self.guard.backend.pause(scope, seconds)

    async def settled(self, usage: Usage | None) -> None:
        if usage is None or self.charged:
            return
        self.charged = True
        backend = self.guard.backend
        for scope, limits in self.windows:
            await backend.correct(scope, limits, self.id, usage.total_tokens)
        if self.caps:
            if usage.cost is None:
                logger.warning("a call to %s has no known price: it is charged 0 USD on its budgets", self.model)
            await backend.charge(self.caps, self.id, to_pico(usage.cost or 0))

    async def failed(self, error: BaseException) -> None:
        if isinstance(error, RateLimitError) and error.retry_after:
            await self._pause(error.retry_after)
        elif isinstance(error, LLMError) and error.status_code == 429:
            await self._pause(1.0)
        await self.ended()

    async def ended(self) -> None:
        if self.done:
            return
        self.done = True
        backend = self.guard.backend
        for scope, _ in self.windows:
            await backend.release(scope, self.id)
        if self.caps and not self.charged:
            await backend.unreserve(self.caps, self.id)


class GuardedStream(StreamView):
    """The stream of a guarded call: charges its usage and frees its slot as it ends."""

    def __init__(self, stream: ApiStream, ticket: _Ticket) -> None:
        self._ticket = ticket
        super().__init__(stream, self._watch(stream))

    async def _watch(self, stream: ApiStream) -> AsyncGenerator[StreamChunk, None]:
        try:
            async for chunk in stream:
                if chunk.type == "usage":
                    await self._ticket.settled(chunk.usage)
                yield chunk
        except LLMError as error:
            await self._ticket.failed(error)
            raise
        finally:
            await self._ticket.ended()

    async def aclose(self) -> None:
        await super().aclose()
        await self._ticket.ended()


publish(globals(), "llmkit")
