"""``Router``: one handler made of several, for fallbacks and load spreading.

A call goes to one member; if that member fails before the caller has seen any output, with an
error that sending again could cure (``LLMError.retryable``: 5xx, 429, timeouts, connection
errors, overload, no rate-limit room), the next member is tried. A stream is handed over only
once its first chunk is in hand, so nothing a caller reads can come from two members; after
that, every error is the caller's. A bad request is never sent elsewhere.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Protocol

from typing_extensions import Unpack

from ._accounting import Ledger
from ._chunks import StreamChunk, Usage, UsageChunk
from ._completion import Completion
from ._errors import ConfigError, LLMError
from ._lazy import publish
from ._options import CallOptions
from ._stream import StreamView

if TYPE_CHECKING:
    from typing import Self

    import httpx

__all__ = ["Route", "RoutedStream", "Router"]


class _Stream(Protocol):
    """What a member's stream offers: ``ApiStream``, ``GuardedStream`` or ``RoutedStream``."""

    @property
    def request_id(self) -> str | None: ...
    @property
    def response(self) -> httpx.Response: ...
    def __aiter__(self) -> AsyncIterator[StreamChunk]: ...
    async def __anext__(self) -> StreamChunk: ...
    async def aclose(self) -> None: ...


class Member(Protocol):
    """What a router member offers: ``ApiHandler``, ``Guarded`` or another ``Router``."""

    @property
    def model_name(self) -> str: ...
    async def create_message(
        self, system_prompt: str | None, messages: Sequence[Mapping[str, Any]], **options: Unpack[CallOptions]
    ) -> _Stream: ...
    async def complete(
        self, system_prompt: str | None, messages: Sequence[Mapping[str, Any]], **options: Unpack[CallOptions]
    ) -> Completion: ...
    async def aclose(self) -> None: ...


@dataclass(frozen=True)
class Route:
    """Which member answered a call, and why the ones tried before it did not."""

    index: int
    member: Any
    skipped: tuple[tuple[int, LLMError], ...] = field(default=())


class Router:
    """Members tried in order (``strategy="ordered"``), or in an order drawn by ``weights``
    (``"weighted"``: spread across equivalent deployments, each still a fallback for the others).

    Same calls as a handler. ``on_route`` is called with the ``Route`` of every answered call;
    a stream's ``route`` tells it too. Members keep their own retries: give them few
    (``max_retries=0`` or 1), the router's fallback is the retry.
    """

    def __init__(
        self,
        members: Sequence[Member],
        *,
        strategy: Literal["ordered", "weighted"] = "ordered",
        weights: Sequence[float] | None = None,
        on_route: Callable[[Route], None] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.members = tuple(members)
        if not self.members:
            raise ConfigError("a Router needs at least one member")
        if strategy not in ("ordered", "weighted"):
            raise ConfigError(f"strategy must be 'ordered' or 'weighted', got {strategy!r}")
        if strategy == "weighted":
            weights = [1.0] * len(self.members) if weights is None else list(weights)
            if len(weights) != len(self.members) or not all(
                isinstance(w, (int, float)) and not isinstance(w, bool) and w > 0 for w in weights
            ):
                raise ConfigError("weights must be one positive number per member")
        elif weights is not None:
            raise ConfigError("weights apply to strategy='weighted' only")
        self.strategy = strategy
        self.weights = tuple(weights) if weights is not None else None
        self._on_route = on_route
        self._rng = rng or random.Random()
        self._ledger = Ledger()

    @property
    def model_name(self) -> str:
        """The first member's model."""
        return self.members[0].model_name

    def __repr__(self) -> str:
        return f"Router({list(self.members)!r}, strategy={self.strategy!r})"

    def order(self) -> list[int]:
        """The members' indexes in the order the next call tries them."""
        indexes = list(range(len(self.members)))
        if self.weights is None:
            return indexes
        # Weighted sampling without replacement: each member's key is u ** (1 / weight).
        keys = {i: self._rng.random() ** (1 / self.weights[i]) for i in indexes}
        return sorted(indexes, key=keys.__getitem__, reverse=True)

    async def create_message(
        self, system_prompt: str | None, messages: Sequence[Mapping[str, Any]], **options: Unpack[CallOptions]
    ) -> RoutedStream:
        """The first member's stream whose first chunk arrives; a member that fails before it is
        replaced by the next, on a retryable error."""
        skipped: list[tuple[int, LLMError]] = []
        order = self.order()
        for position, index in enumerate(order):
            member = self.members[index]
            stream: _Stream | None = None
            try:
                stream = await member.create_message(system_prompt, messages, **options)
                first = await stream.__anext__()
            except LLMError as error:
                if stream is not None:
                    await stream.aclose()
                if not error.retryable or position == len(order) - 1:
                    _note(error, skipped)
                    raise
                skipped.append((index, error))
                continue
            except StopAsyncIteration:  # pragma: no cover - a stream always ends with a done chunk
                raise LLMError("the member's stream ended before any chunk") from None
            route = Route(index, member, tuple(skipped))
            if self._on_route is not None:
                self._on_route(route)
            return RoutedStream(stream, first, route, self._ledger)
        raise AssertionError("unreachable")  # pragma: no cover

    async def complete(
        self, system_prompt: str | None, messages: Sequence[Mapping[str, Any]], **options: Unpack[CallOptions]
    ) -> Completion:
        """The first member's whole answer; a member that fails is replaced by the next, on a
        retryable error (a whole answer reaches the caller only once it is complete)."""
        skipped: list[tuple[int, LLMError]] = []
        order = self.order()
        for position, index in enumerate(order):
            member = self.members[index]
            try:
                completion = await member.complete(system_prompt, messages, **options)
            except LLMError as error:
                if not error.retryable or position == len(order) - 1:
                    _note(error, skipped)
                    raise
                skipped.append((index, error))
                continue
            self._ledger.record(None if completion.usage is None else UsageChunk(usage=completion.usage))
            if self._on_route is not None:
                self._on_route(Route(index, member, tuple(skipped)))
            return completion
        raise AssertionError("unreachable")  # pragma: no cover

    async def get_api_stream_usage(self) -> UsageChunk | None:
        """The usage of the last call the router finished: that of the member that answered it."""
        return self._ledger.last

    @property
    def total_usage(self) -> Usage:
        """Tokens and cost of every call answered through this router."""
        return self._ledger.total

    @property
    def total_requests(self) -> int:
        return self._ledger.requests

    async def aclose(self) -> None:
        await asyncio.gather(*(member.aclose() for member in self.members))

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


def _note(error: LLMError, skipped: list[tuple[int, LLMError]]) -> None:
    if skipped:
        tried = "; ".join(f"member {index}: {type(e).__name__}" for index, e in skipped)
        error.add_note(f"router: members tried before this one failed too ({tried})")


class RoutedStream(StreamView):
    """The answering member's stream, first chunk included; ``route`` says which member it is."""

    def __init__(self, stream: _Stream, first: StreamChunk, route: Route, ledger: Ledger) -> None:
        super().__init__(stream, _replay(stream, first, ledger))
        self.route = route

    @property
    def member(self) -> Any:
        """The member that answered."""
        return self.route.member


async def _replay(stream: _Stream, first: StreamChunk, ledger: Ledger) -> AsyncGenerator[StreamChunk, None]:
    usage: UsageChunk | None = None
    chunk = first
    while True:
        if chunk.type == "usage":
            usage = chunk
        elif chunk.type == "done":
            ledger.record(usage)
        yield chunk
        try:
            chunk = await stream.__anext__()
        except StopAsyncIteration:
            return


publish(globals(), "llmkit")
