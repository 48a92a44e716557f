"""What each call costs, and what a handler's calls add up to.

A call is given a ``Settlement`` when it starts; the stream (or the whole answer) hands it the
usage the provider reported, once, and gets the priced ``UsageChunk`` back. The settlement writes
the handler's ``Ledger``: nothing downstream holds the handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ._chunks import Usage, UsageChunk

__all__: list[str] = []


class Ledger:
    """The usage of the last call that finished, and of all of them."""

    __slots__ = ("last", "requests", "total")

    def __init__(self) -> None:
        self.last: UsageChunk | None = None
        self.total = Usage(cost=Decimal(0))
        self.requests = 0

    def record(self, chunk: UsageChunk | None) -> None:
        self.last = chunk
        if chunk is not None:
            self.total = self.total + chunk.usage
            self.requests += 1


@dataclass(frozen=True, slots=True)
class Settlement:
    """Prices one call's usage at the provider's rates for the model it used, and records it."""

    provider: str
    """Whose prices the usage is billed at."""
    model: str
    has_price_list: bool
    """False for self-hosted servers: no known price is then no news, and the cost stays ``None``."""
    ledger: Ledger

    def __call__(self, usage: Usage | None, started_at: datetime) -> UsageChunk | None:
        chunk = None if usage is None else UsageChunk(usage=self.price(usage, started_at))
        self.ledger.record(chunk)
        return chunk

    def price(self, usage: Usage, started_at: datetime) -> Usage:
        """``usage`` with the cost of a request sent at ``started_at``, unless the provider gave one."""
        if usage.cost is not None:
            return usage
        from . import pricing  # the price table loads on the first cost, never at import

        if not self.has_price_list and pricing.quote(self.provider, self.model, started_at) is None:
            return usage
        cost = pricing.cost(usage, provider=self.provider, model=self.model, at=started_at)
        return usage if cost is None else usage.model_copy(update={"cost": cost})
