"""``RedisBackend``: rate limits and spend counted once for every replica, in Redis.

Each step is a Lua script (``_redis_lua.py``), atomic on the server. When Redis cannot be reached,
``on_unavailable`` decides: ``"fail"`` refuses new requests (``BackendUnavailableError``),
``"wait"`` retries until the request's timeout or ``wait_seconds``, ``"local"`` counts in this
process with ``local_share`` of each limit. Whatever the policy, a charge that could not be
written is kept and written again until Redis takes it (once: charges are idempotent per ticket);
``pending_charges`` shows what is waiting, and every outage is logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ._backend import Cap, Limits, LocalBackend, Refusal
from ._errors import BackendUnavailableError, ConfigError
from ._lazy import publish
from ._limits import from_pico
from ._redis_lua import ACQUIRE, CHARGE, CORRECT, PAUSE, RESERVE, STAMP, UNRESERVE

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisBackend"]

logger = logging.getLogger("llmkit.fleet")

Policy = Literal["fail", "wait", "local"]
_T = TypeVar("_T")
CHARGE_MEMORY_SECONDS = 7 * 86400
"""How long Redis remembers that a ticket was charged: longer than any outage a replay follows."""
REPLAY_INTERVAL = 0.5


class RedisBackend:
    """Counters shared through Redis (``pip install 'llmkit[redis]'``).

    Give a URL (``redis://host:6379/0``) or your own ``redis.asyncio.Redis`` client; a URL gets
    short socket timeouts (``operation_timeout``), no hidden retries (an outage is noticed in
    about that long) and a pool of ``max_connections`` that calls wait for.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        client: Redis | None = None,
        prefix: str = "llmkit",
        on_unavailable: Policy = "fail",
        local_share: float = 1.0,
        wait_seconds: float = 30.0,
        operation_timeout: float = 1.0,
        max_connections: int = 32,
    ) -> None:
        if on_unavailable not in ("fail", "wait", "local"):
            raise ConfigError(f"on_unavailable must be 'fail', 'wait' or 'local', got {on_unavailable!r}")
        if not 0 < local_share <= 1:
            raise ConfigError(f"local_share must be in (0, 1], got {local_share!r}")
        if (url is None) == (client is None):
            raise ConfigError("RedisBackend needs a url or a client (one of them)")
        try:
            from redis import exceptions
            from redis.asyncio import BlockingConnectionPool, Redis
            from redis.asyncio.retry import Retry
            from redis.backoff import NoBackoff
        except ImportError as exc:  # pragma: no cover - the extra is missing
            raise ConfigError("RedisBackend needs redis-py: pip install 'llmkit[redis]'") from exc
        if client is None:
            # Many waiting calls share a few connections: a call waits for one rather than failing.
            pool = BlockingConnectionPool.from_url(
                str(url),
                max_connections=max_connections,
                timeout=operation_timeout * 10,
                socket_timeout=operation_timeout,
                socket_connect_timeout=operation_timeout,
                retry=Retry(NoBackoff(), 0),
            )
            client = Redis(connection_pool=pool)
        self._client = client
        self._failures: tuple[type[BaseException], ...] = (exceptions.RedisError, OSError, TimeoutError)
        self._prefix = prefix
        self.on_unavailable: Policy = on_unavailable
        self._wait_seconds = wait_seconds
        self._local = LocalBackend(share=local_share)
        self._local_tickets: set[str] = set()
        self._outbox: dict[str, tuple[tuple[Cap, ...], int]] = {}
        self._replaying: asyncio.Task[None] | None = None
        self._down = False
        self._scripts = {
            name: client.register_script(source)
            for name, source in (
                ("acquire", ACQUIRE),
                ("stamp", STAMP),
                ("correct", CORRECT),
                ("pause", PAUSE),
                ("reserve", RESERVE),
                ("charge", CHARGE),
                ("unreserve", UNRESERVE),
            )
        }

    def __repr__(self) -> str:
        kwargs = self._client.connection_pool.connection_kwargs
        return f"RedisBackend({kwargs.get('host')}:{kwargs.get('port')}, on_unavailable={self.on_unavailable!r})"

    # -- admission: the outage policy applies --------------------------------------------------

    async def acquire(self, scope: str, limits: Limits, ticket: str, tokens: int, lease_ms: int) -> float:
        keys = self._window_keys(scope)
        numbers = (limits.requests, limits.tokens, limits.concurrent)
        args: list[Any] = [ticket, tokens, *map(_or_none, numbers)]

        async def shared() -> float:
            wait_ms = await self._scripts["acquire"](keys=keys, args=[*args, limits.window_ms, lease_ms])
            return int(wait_ms) / 1000

        async def local() -> float:
            wait = await self._local.acquire(scope, limits, ticket, tokens, lease_ms)
            if wait == 0:
                self._local_tickets.add(ticket)
            return wait

        return await self._admit(shared, local)

    async def reserve(self, caps: Sequence[Cap], ticket: str, amount: int, lease_ms: int) -> Refusal | None:
        if not caps:
            return None
        keys = [key for cap in caps for key in self._bucket_keys(cap.bucket)]
        args: list[Any] = [ticket, amount, lease_ms]
        for cap in caps:
            args += [cap.limit, cap.keep_seconds or 0]

        async def shared() -> Refusal | None:
            refused = await self._scripts["reserve"](keys=keys, args=args)
            return None if refused is None else Refusal(caps[int(refused[0])].bucket, int(refused[1]))

        async def local() -> Refusal | None:
            return await self._local.reserve(caps, ticket, amount, lease_ms)

        return await self._admit(shared, local)

    async def _admit(self, shared: Callable[[], Awaitable[_T]], local: Callable[[], Awaitable[_T]]) -> _T:
        delay = 0.05
        loop = asyncio.get_running_loop()
        give_up = loop.time() + self._wait_seconds
        while True:
            try:
                result = await shared()
            except self._failures as exc:
                self._went_down(exc)
                if self.on_unavailable == "local":
                    return await local()
                if self.on_unavailable == "fail" or loop.time() + delay > give_up:
                    raise BackendUnavailableError(
                        f"the shared rate-limit and budget counters are unreachable: {exc}"
                    ) from exc
                await asyncio.sleep(delay)  # "wait": the caller's own timeout bounds this too
                delay = min(delay * 2, 1.0)
                continue
            self._came_back()
            return result

    # -- what follows an admission: never refused, never lost -----------------------------------

    async def sent(self, scope: str, ticket: str) -> None:
        if ticket in self._local_tickets:
            await self._local.sent(scope, ticket)
            return
        await self._best_effort(self._scripts["stamp"](keys=self._window_keys(scope)[:1], args=[ticket]))

    async def correct(self, scope: str, limits: Limits, ticket: str, tokens: int) -> None:
        if ticket in self._local_tickets:
            await self._local.correct(scope, limits, ticket, tokens)
            return
        keys = self._window_keys(scope)[:3]
        await self._best_effort(self._scripts["correct"](keys=keys, args=[ticket, tokens]))

    async def release(self, scope: str, ticket: str) -> None:
        if ticket in self._local_tickets:
            self._local_tickets.discard(ticket)
            await self._local.release(scope, ticket)
            return
        await self._best_effort(self._client.zrem(self._window_keys(scope)[3], ticket))

    async def pause(self, scope: str, seconds: float) -> None:
        await self._local.pause(scope, seconds)
        ms = max(1, int(seconds * 1000))
        await self._best_effort(self._scripts["pause"](keys=[self._window_keys(scope)[4]], args=[ms]))

    async def unreserve(self, caps: Sequence[Cap], ticket: str) -> None:
        await self._local.unreserve(caps, ticket)
        keys = [key for cap in caps for key in self._bucket_keys(cap.bucket)[1:]]
        if keys:
            await self._best_effort(self._scripts["unreserve"](keys=keys, args=[ticket]))

    async def charge(self, caps: Sequence[Cap], ticket: str, amount: int) -> None:
        if not caps:
            return
        if self.on_unavailable == "local" and (self._down or ticket in self._local_tickets):
            await self._local.charge(caps, ticket, amount)  # what this replica may still spend alone
        try:
            await self._charge(tuple(caps), ticket, amount)
        except self._failures as exc:
            self._went_down(exc)
            self._outbox[ticket] = (tuple(caps), amount)
            self._start_replay()
        else:
            self._came_back()

    async def _charge(self, caps: tuple[Cap, ...], ticket: str, amount: int) -> None:
        keys = [self._key("charged", ticket)] + [key for cap in caps for key in self._bucket_keys(cap.bucket)]
        args: list[Any] = [amount, ticket, CHARGE_MEMORY_SECONDS, *(cap.keep_seconds or 0 for cap in caps)]
        await self._scripts["charge"](keys=keys, args=args)

    async def spent(self, bucket: str) -> Decimal:
        value = await self._client.get(self._bucket_keys(bucket)[0])
        return from_pico(int(value or 0))

    # -- charges kept through an outage ----------------------------------------------------------

    @property
    def pending_charges(self) -> tuple[int, Decimal]:
        """Charges not yet written to Redis: how many, and their USD."""
        return len(self._outbox), from_pico(sum(amount for _, amount in self._outbox.values()))

    async def flush(self) -> bool:
        """Write every kept charge now; True when none is left."""
        for ticket, (caps, amount) in list(self._outbox.items()):
            try:
                await self._charge(caps, ticket, amount)
            except self._failures as exc:
                self._went_down(exc)
                return False
            self._outbox.pop(ticket, None)
        if self._outbox:
            return False
        self._came_back()
        return True

    def _start_replay(self) -> None:
        if self._replaying is None or self._replaying.done():
            self._replaying = asyncio.get_running_loop().create_task(self._replay())

    async def _replay(self) -> None:
        while True:  # nothing signals that Redis is back: only trying tells
            if await self.flush():
                return
            await asyncio.sleep(REPLAY_INTERVAL)

    async def aclose(self) -> None:
        """Write the kept charges (one try), then close the connection; charges still unwritten are logged."""
        if self._replaying is not None:
            self._replaying.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._replaying
        if self._outbox and not await self.flush():
            count, usd = self.pending_charges
            logger.error("closing with %d charge(s) totalling %s USD not written to Redis", count, usd)
        await self._client.aclose()

    # -- plumbing --------------------------------------------------------------------------------

    async def _best_effort(self, step: Awaitable[Any]) -> None:
        """A step whose loss heals by itself (a slot lease or a window entry expires)."""
        try:
            await step
        except self._failures as exc:
            self._went_down(exc)

    def _went_down(self, exc: BaseException) -> None:
        if not self._down:
            self._down = True
            logger.warning(
                "%r cannot reach Redis (%s: %s): %s",
                self,
                type(exc).__name__,
                exc,
                {
                    "fail": "new requests are refused",
                    "wait": "new requests wait for it",
                    "local": "counting in this process meanwhile",
                }[self.on_unavailable],
            )

    def _came_back(self) -> None:
        if self._down and not self._outbox:
            self._down = False
            logger.warning("%r reaches Redis again", self)

    def _key(self, *parts: str) -> str:
        return ":".join((self._prefix, *parts))

    def _window_keys(self, scope: str) -> list[str]:
        return [self._key("rl", scope, part) for part in ("log", "tokens", "total", "leases", "paused")]

    def _bucket_keys(self, bucket: str) -> list[str]:
        return [self._key("budget", bucket, part) for part in ("spent", "held", "expiry")]


def _or_none(value: int | None) -> int:
    return -1 if value is None else value


publish(globals(), "llmkit")
