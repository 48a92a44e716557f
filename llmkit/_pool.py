"""One pooled ``httpx.AsyncClient`` per event loop, shared by every handler that brings none.

A connection belongs to the event loop that opened it, so a pool cannot outlive its loop: a
handler made once and used from several ``asyncio.run()`` calls (scripts, Celery tasks, Django
views) finds a fresh pool in each loop. Within a loop, every handler (one per model, say) shares
the same connections to the same hosts. Each request carries its own timeouts, so handlers with
different settings can share a client.

A handler that has used a loop's pool holds it until ``aclose()``; the last handler to let go
closes it, as a handler with a pool of its own always did.
"""

from __future__ import annotations

import asyncio
import weakref

import httpx

__all__: list[str] = []

_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)


class _Pool:
    __slots__ = ("client", "users")

    def __init__(self) -> None:
        self.client = httpx.AsyncClient(limits=_LIMITS, follow_redirects=False, timeout=None)
        self.users: set[int] = set()


_pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Pool] = weakref.WeakKeyDictionary()


def acquire(user: object) -> httpx.AsyncClient:
    """The running loop's shared client, held for ``user`` until ``release``."""
    loop = asyncio.get_running_loop()
    pool = _pools.get(loop)
    if pool is None or pool.client.is_closed:
        pool = _pools[loop] = _Pool()
    pool.users.add(id(user))
    return pool.client


async def release(user: object) -> None:
    """``user`` no longer needs the running loop's pool; the last one out closes it."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    pool = _pools.get(loop)
    if pool is None:
        return
    pool.users.discard(id(user))
    if not pool.users:
        del _pools[loop]
        await pool.client.aclose()
