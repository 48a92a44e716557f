"""The idle and overall deadlines of one stream, cheap enough to keep on the per-chunk path.

Touching the timer stores a float; the loop's timer fires only at a deadline, and if activity
moved the deadline on, it simply re-arms. It cancels the reading task only while the stream is
waiting on the network, never while the caller is busy with a chunk, and the cancellation is
turned back into a typed timeout error where it was caused.
"""

from __future__ import annotations

import asyncio
import math

IDLE = "idle"
TOTAL = "total"


class StreamTimer:
    __slots__ = ("_expired", "_handle", "_idle", "_last", "_loop", "_reading", "_task", "_total")

    def __init__(self, idle: float | None, total_deadline: float | None) -> None:
        self._loop = asyncio.get_running_loop()
        self._idle = idle
        self._total = total_deadline
        self._last = self._loop.time()
        self._reading = False
        self._task: asyncio.Task[object] | None = None
        self._expired: str | None = None
        self._handle: asyncio.TimerHandle | None = None
        if idle is not None or total_deadline is not None:
            self._handle = self._loop.call_at(self._deadline(), self._fire)

    def restart(self) -> None:
        """A new attempt begins: forget an expired idle deadline (the overall one still stands)."""
        if self._expired == IDLE:
            self._expired = None
        self._last = self._loop.time()
        if self._handle is None and self._expired is None and (self._idle is not None or self._total is not None):
            self._handle = self._loop.call_at(self._deadline(), self._fire)

    def touch(self) -> None:
        """Something happened that is not idling: an event arrived, or the caller asked for more."""
        self._last = self._loop.time()

    def start_read(self) -> None:
        """About to wait on the network; raises at once if a deadline passed meanwhile."""
        if self._expired is not None:
            return
        if self._total is not None and self._loop.time() >= self._total:
            self._expired = TOTAL
            return
        self._reading = True
        self._task = asyncio.current_task()

    def end_read(self) -> None:
        self._reading = False

    def expired(self) -> str | None:
        """Which deadline passed (``"idle"`` or ``"total"``), or ``None``."""
        return self._expired

    def claim_cancellation(self) -> bool:
        """True if a ``CancelledError`` just seen was this timer's doing (and only its doing)."""
        if self._expired is None or self._task is None:
            return False
        return self._task.uncancel() == 0

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _deadline(self) -> float:
        idle = self._last + self._idle if self._idle is not None else math.inf
        return min(idle, self._total if self._total is not None else math.inf)

    def _fire(self) -> None:
        now = self._loop.time()
        deadline = self._deadline()
        if self._reading and now >= deadline:
            self._handle = None
            self._expired = TOTAL if self._total is not None and now >= self._total else IDLE
            if self._task is not None:
                self._task.cancel()
            return
        if self._total is not None and now >= self._total:
            self._handle = None  # the caller is busy; the next read notices
            return
        # Activity moved the deadline on, or the caller is busy with a chunk (its time is not
        # the provider's idling, and asking for the next chunk counts as activity): look later.
        later = deadline if deadline > now else now + (self._idle or 0.0)
        self._handle = self._loop.call_at(later, self._fire)
