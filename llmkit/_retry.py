"""When to send a request again, and how long to wait first."""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass

from ._errors import LLMError

logger = logging.getLogger("llmkit")


@dataclass(frozen=True)
class RetryPolicy:
    """Capped, jittered exponential backoff that honours the provider's ``retry-after``.

    Only errors marked ``retryable`` are retried (408, 409, 429 but not an exhausted quota, 5xx,
    connection failures, timeouts, streams cut before their first chunk), or whatever the
    provider's ``x-should-retry`` header says. A ``retry-after`` longer than
    ``max_retry_after`` means the provider asks for more patience than a retry loop should
    have: the error is raised at once, carrying ``retry_after`` for the caller to decide.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def delay(self, error: LLMError, retries_taken: int) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` when ``error`` must be raised."""
        if retries_taken >= self.max_retries or not error.retryable:
            return None
        if error.retry_after is not None:
            if error.retry_after > self.max_retry_after:
                return None
            if error.retry_after > 0:
                return error.retry_after
        nominal = min(self.initial_delay * 2.0**retries_taken, self.max_delay)
        return nominal * (1 - 0.25 * random.random())

    async def pause(self, error: LLMError, retries_taken: int, *, deadline: float | None, provider: str) -> bool:
        """Wait before retry number ``retries_taken + 1`` and return True, or return False at once
        when ``error`` is not worth a retry or the wait would overrun ``deadline`` (loop time)."""
        delay = self.delay(error, retries_taken)
        if delay is None or (deadline is not None and asyncio.get_running_loop().time() + delay >= deadline):
            return False
        logger.info(
            "llmkit: retrying %s request (retry %d of %d) in %.3fs: %s %s",
            provider,
            retries_taken + 1,
            self.max_retries,
            delay,
            type(error).__name__,
            error.message,
        )
        await asyncio.sleep(delay)
        return True
