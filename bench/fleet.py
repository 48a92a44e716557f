"""Many replicas, one limit: 4 processes x 200 concurrent streams against one loopback provider.

    .venv/bin/python bench/fleet.py                 # shared through a redis-server it starts, then in-process
    .venv/bin/python bench/fleet.py --windows 5     # a longer run

The provider's limit, 600 requests per minute, is scaled down to its rate over a 6-second window:
60 requests (and 6,000 tokens) per 6 s. Every worker process keeps 200 streams going for the
whole run; the provider notes when each request arrives. Reported: the most requests and tokens
that arrived in any 6-second window (the limit holds if they are <= 60 and <= 6,000), throughput
(arrivals over the run's full windows, against the limit), and the spend charged in Redis against
the sum of the streams' own costs (exact Decimals). Then the same with in-process counters: what
4 replicas each counting alone let through. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import llmkit  # noqa: E402
from llmkit.testing import Exchange, RecordedRequest, ReplayServer, chat_stream  # noqa: E402

WINDOW = 6.0
REQUESTS = 60
TOKENS = 6000
WORKERS = 4
STREAMS = 200
USAGE = {"prompt_tokens": 40, "completion_tokens": 20}  # 60 tokens a request, as the provider reports
MAX_TOKENS = 64
BUDGET = llmkit.Budget("100", period="day", name="fleet-bench")
ANSWER = chat_stream("A short answer of some words.", usage=USAGE, model="gpt-4o-mini")


class Provider:
    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self._lock = threading.Lock()
        self.server = ReplayServer(self._answer)

    def _answer(self, request: RecordedRequest) -> Exchange:
        with self._lock:
            self.arrivals.append(time.time())
        return ANSWER


async def worker(url: str, redis_url: str | None, start_at: float, duration: float) -> dict[str, Any]:
    handler = llmkit.create_api_handler(
        api_provider="openai", api_key="sk-bench", model_name="gpt-4o-mini", base_url=url, max_retries=0
    )
    backend: Any = llmkit.RedisBackend(redis_url) if redis_url else llmkit.LocalBackend()
    limit = llmkit.RateLimit(requests=REQUESTS, tokens=TOKENS, window=WINDOW)
    guarded = llmkit.Guarded(handler, limits=limit, budgets=BUDGET, backend=backend)
    costs: list[Decimal] = []
    refused = 0
    await asyncio.sleep(max(0.0, start_at - time.time()))
    end = time.time() + duration
    messages = [{"role": "user", "content": "Say something short about rate limits, please."}]

    async def stream_forever() -> None:
        nonlocal refused
        while (left := end - time.time()) > 0:
            try:
                stream = await guarded.create_message(None, messages, max_tokens=MAX_TOKENS, timeout=left + 2)
                async for chunk in stream:
                    if chunk.type == "usage":
                        assert chunk.usage.cost is not None
                        costs.append(chunk.usage.cost)
            except llmkit.CapacityTimeoutError:
                refused += 1
                return

    await asyncio.gather(*(stream_forever() for _ in range(STREAMS)))
    await guarded.aclose()
    await backend.aclose()
    return {"requests": len(costs), "cost": str(sum(costs, Decimal(0))), "out_of_time": refused}


async def spent_in_redis(redis_url: str) -> Decimal:
    backend = llmkit.RedisBackend(redis_url)
    try:
        return await backend.spent(BUDGET.bucket(""))
    finally:
        await backend.aclose()


def most_in_window(times: list[float], weights: list[int], window: float) -> int:
    best, total, start = 0, 0, 0
    for end, at in enumerate(times):
        total += weights[end]
        while times[start] <= at - window:
            total -= weights[start]
            start += 1
        best = max(best, total)
    return best


def run(mode: str, provider: Provider, redis_url: str | None, windows: int) -> dict[str, Any]:
    provider.arrivals.clear()
    duration = windows * WINDOW
    start_at = time.time() + 3.0  # every worker imported and connected before the first request
    where = [provider.server.url, redis_url or "-"]
    command = [sys.executable, __file__, "--worker", *where, str(start_at), str(duration)]
    workers = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(WORKERS)]
    reports = [json.loads(process.communicate(timeout=duration + 120)[0]) for process in workers]
    arrivals = sorted(provider.arrivals)
    tokens = [USAGE["prompt_tokens"] + USAGE["completion_tokens"]] * len(arrivals)
    full = [t for t in arrivals if t < arrivals[0] + windows * WINDOW]
    costs = sum((Decimal(r["cost"]) for r in reports), Decimal(0))
    return {
        "mode": mode,
        "requests": len(arrivals),
        "max_requests_in_window": most_in_window(arrivals, [1] * len(arrivals), WINDOW),
        "max_tokens_in_window": most_in_window(arrivals, tokens, WINDOW),
        "throughput": len(full) / (windows * REQUESTS),
        "sum_of_costs": costs,
        "spent_in_redis": asyncio.run(spent_in_redis(redis_url)) if redis_url else None,
        "per_worker": [r["requests"] for r in reports],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--windows", type=int, default=3)
    parser.add_argument("--worker", nargs=4, metavar=("URL", "REDIS", "START", "DURATION"))
    args = parser.parse_args()
    if args.worker:
        url, redis_url, start_at, duration = args.worker
        report = asyncio.run(worker(url, None if redis_url == "-" else redis_url, float(start_at), float(duration)))
        print(json.dumps(report))
        return
    from tests._redis import RedisServer

    provider = Provider()
    results = []
    with provider.server, RedisServer() as redis:
        results.append(run("redis", provider, redis.url, args.windows))
        results.append(run("in-process", provider, None, args.windows))
    print(f"{WORKERS} processes x {STREAMS} streams, limit {REQUESTS} requests and {TOKENS} tokens per {WINDOW:g} s")
    print(f"(600/min scaled to a {WINDOW:g}-second window), {args.windows} windows per run\n")
    print("| counters | requests | most in any window | over | tokens in any window | throughput | spend |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        over = max(0, r["max_requests_in_window"] - REQUESTS)
        spend = (
            f"Redis {r['spent_in_redis']} = sum {r['sum_of_costs']}: {r['spent_in_redis'] == r['sum_of_costs']}"
            if r["spent_in_redis"] is not None
            else f"sum {r['sum_of_costs']}"
        )
        print(
            f"| {r['mode']} | {r['requests']} {r['per_worker']} | {r['max_requests_in_window']} | {over} "
            f"| {r['max_tokens_in_window']} | {r['throughput']:.1%} | {spend} |"
        )


if __name__ == "__main__":
    main()
