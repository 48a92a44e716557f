"""Where rate limits and spend are counted: the contract, and the in-process backend.

Every operation is one atomic step on the counters of a scope (a rate limit's) or of budget
buckets. ``LocalBackend`` counts in this process; ``RedisBackend`` runs the same steps as Lua
scripts in Redis, so every replica sees one count.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from ._lazy import publish
from ._limits import from_pico

__all__ = ["Backend", "LocalBackend"]

CONCURRENCY_POLL = 0.02
"""How soon to look again when every stream slot is taken (slots free when streams end, not on a clock)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """One rate limit's numbers, as a backend counts them (the window in milliseconds)."""

    requests: int | None
    tokens: int | None
    concurrent: int | None
    window_ms: int


@dataclass(frozen=True, slots=True)
class Cap:
    """One budget bucket's limit, in pico-dollars, and how long its counter is kept."""

    bucket: str
    limit: int
    keep_seconds: int | None


@dataclass(frozen=True, slots=True)
class Refusal:
    """The bucket that refused a reservation, and what was charged and reserved on it."""

    bucket: str
    used: int


class Backend(Protocol):
    """The counting steps ``Guarded`` takes; each is atomic on the backend."""

    async def acquire(self, scope: str, limits: Limits, ticket: str, tokens: int, lease_ms: int) -> float:
        """Admit the request (0.0), or the seconds after which it may be admitted."""
        ...

    async def sent(self, scope: str, ticket: str) -> None:
        """The request reached the provider: its window counts from now (the provider counts from
        its arrival, which a request's admission precedes)."""
        ...

    async def correct(self, scope: str, limits: Limits, ticket: str, tokens: int) -> None:
        """Replace an admitted request's estimated tokens with those it used."""
        ...

    async def release(self, scope: str, ticket: str) -> None:
        """The request's stream ended: free its slot."""
        ...

    async def pause(self, scope: str, seconds: float) -> None:
        """Admit nothing in ``scope`` for ``seconds`` (the provider said its limit is reached)."""
        ...

    async def reserve(self, caps: Sequence[Cap], ticket: str, amount: int, lease_ms: int) -> Refusal | None:
        """Reserve ``amount`` on every bucket, or none if one would go over its limit."""
        ...

    async def charge(self, caps: Sequence[Cap], ticket: str, amount: int) -> None:
        """Charge ``amount`` and drop the ticket's reservation; a ticket is charged once, however often sent."""
        ...

    async def unreserve(self, caps: Sequence[Cap], ticket: str) -> None:
        """Drop the ticket's reservation without a charge (the call failed before any usage)."""
        ...

    async def spent(self, bucket: str) -> Decimal:
        """USD charged on ``bucket`` so far (reservations not included)."""
        ...

    async def aclose(self) -> None: ...


@dataclass
class _Window:
    log: dict[str, tuple[float, int]] = field(default_factory=dict)
    """Admitted tickets, oldest first: admission time and tokens."""
    tokens: int = 0
    leases: dict[str, float] = field(default_factory=dict)
    paused_until: float = 0.0


@dataclass
class _Bucket:
    spent: int = 0
    reserved: dict[str, tuple[int, float]] = field(default_factory=dict)


class LocalBackend:
    """Counts in this process (the default): exact for one replica, blind to the others."""

    def __init__(self, *, share: float = 1.0) -> None:
        # A replica counting alone while the shared counters are away takes ``share`` of each limit.
        self._share = share
        self._windows: dict[str, _Window] = {}
        self._buckets: dict[str, _Bucket] = {}

    def _scaled(self, value: int | None) -> int | None:
        return None if value is None else max(1, int(value * self._share))

    async def acquire(self, scope: str, limits: Limits, ticket: str, tokens: int, lease_ms: int) -> float:
        now = time.monotonic()
        state = self._prune(scope, limits, now)
        if state.paused_until > now:
            return state.paused_until - now
        window = limits.window_ms / 1000
        wait = 0.0
        requests, token_limit, concurrent = (
            self._scaled(limits.requests),
            self._scaled(limits.tokens),
            self._scaled(limits.concurrent),
        )
        if requests is not None and len(state.log) >= requests:
            wait = max(wait, next(iter(state.log.values()))[0] + window - now)
        if token_limit is not None and state.tokens + tokens > token_limit:
            freed = 0
            for admitted, used in state.log.values():
                freed += used
                if state.tokens - freed + tokens <= token_limit:
                    wait = max(wait, admitted + window - now)
                    break
        if concurrent is not None and len(state.leases) >= concurrent:
            wait = max(wait, CONCURRENCY_POLL)
        if wait > 0:
            return wait
        state.log[ticket] = (now, tokens)
        state.tokens += tokens
        if concurrent is not None:
            state.leases[ticket] = now + lease_ms / 1000
        return 0.0

    def _prune(self, scope: str, limits: Limits, now: float) -> _Window:
        state = self._windows.setdefault(scope, _Window())
        cutoff = now - limits.window_ms / 1000
        while state.log:
            ticket, (admitted, used) = next(iter(state.log.items()))
            if admitted > cutoff:
                break
            del state.log[ticket]
            state.tokens -= used
        for ticket in [t for t, expiry in state.leases.items() if expiry <= now]:
            del state.leases[ticket]
        return state

    async def sent(self, scope: str, ticket: str) -> None:
        state = self._windows.get(scope)
        if state is not None and ticket in state.log:
            _, tokens = state.log.pop(ticket)
            state.log[ticket] = (time.monotonic(), tokens)  # the newest: the log stays in time order

    async def correct(self, scope: str, limits: Limits, ticket: str, tokens: int) -> None:
        state = self._windows.get(scope)
        if state is not None and ticket in state.log:
            admitted, estimated = state.log[ticket]
            state.log[ticket] = (admitted, tokens)
            state.tokens += tokens - estimated

    async def release(self, scope: str, ticket: str) -> None:
        state = self._windows.get(scope)
        if state is not None:
            state.leases.pop(ticket, None)

    async def pause(self, scope: str, seconds: float) -> None:
        state = self._windows.setdefault(scope, _Window())
        state.paused_until = max(state.paused_until, time.monotonic() + seconds)

    async def reserve(self, caps: Sequence[Cap], ticket: str, amount: int, lease_ms: int) -> Refusal | None:
        now = time.monotonic()
        for cap in caps:
            bucket = self._buckets.setdefault(cap.bucket, _Bucket())
            for held in [t for t, (_, expiry) in bucket.reserved.items() if expiry <= now]:
                del bucket.reserved[held]
            used = bucket.spent + sum(reserved for reserved, _ in bucket.reserved.values())
            limit = int(cap.limit * self._share)
            if used >= limit or used + amount > limit:
                return Refusal(cap.bucket, used)
        for cap in caps:
            self._buckets[cap.bucket].reserved[ticket] = (amount, now + lease_ms / 1000)
        return None

    async def charge(self, caps: Sequence[Cap], ticket: str, amount: int) -> None:
        for cap in caps:
            bucket = self._buckets.setdefault(cap.bucket, _Bucket())
            bucket.reserved.pop(ticket, None)
            bucket.spent += amount

    async def unreserve(self, caps: Sequence[Cap], ticket: str) -> None:
        for cap in caps:
            bucket = self._buckets.get(cap.bucket)
            if bucket is not None:
                bucket.reserved.pop(ticket, None)

    async def spent(self, bucket: str) -> Decimal:
        state = self._buckets.get(bucket)
        return from_pico(0 if state is None else state.spent)

    async def aclose(self) -> None:
        return None


publish(globals(), "llmkit")
