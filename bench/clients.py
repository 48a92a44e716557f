"""The measured clients: one workload, one implementation, one fresh process.

    python bench/clients.py IMPL WORKLOAD --url http://127.0.0.1:PORT/n20000 [--n 20000 --streams 1 ...]

IMPL is ``floor`` (raw httpx + a hand-written line splitter + ``json.loads``), ``llmkit``, or
``openai`` (the official SDK, when installed). WORKLOAD is ``stream`` (one long stream),
``responses`` (one long stream from the Responses API, ``POST /responses``), ``gemini`` (one
long stream in Gemini's native ``streamGenerateContent`` dialect; floor and llmkit only),
``concurrent`` (``--streams`` streams at once on one client) or ``sequential`` (``--requests``
requests one after the other). Each client reads every stream to the end and keeps the text, the
reasoning and the usage, as a user would. It prints one JSON line: the CPU time and wall time of
the workload alone (imports and client construction excluded), the peak RSS of the whole
process, the time to the first chunk of each request (sequential), and what it received, which
the runner compares across implementations.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import sys
import time
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

MESSAGES = [{"role": "user", "content": "Explain quantum computing in simple terms."}]
SYSTEM = "You are a helpful AI assistant."
API_KEY = "sk-bench-not-a-real-key"
MODEL = "bench"
# The same pool and timeouts as an llmkit handler, so the clients differ only in their parsing.
LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
TIMEOUT = httpx.Timeout(connect=10.0, read=120.0, write=600.0, pool=600.0)


class Received:
    """What one request's stream delivered."""

    __slots__ = ("chunks", "reasoning", "text", "usage_tokens")

    def __init__(self, text: str, reasoning: str, usage_tokens: int, chunks: int) -> None:
        self.text = text
        self.reasoning = reasoning
        self.usage_tokens = usage_tokens
        self.chunks = chunks


# A request: given a callback for the first chunk, stream one answer and return what it held.
Request = Callable[[Callable[[], None]], Awaitable[Received]]


async def make_floor(url: str) -> tuple[Request, Callable[[], Awaitable[None]]]:
    """The floor: the least work that still yields the text, reasoning and usage of a stream."""
    client = httpx.AsyncClient(limits=LIMITS, timeout=TIMEOUT, follow_redirects=False)
    endpoint = url + "/chat/completions"
    body = {
        "model": MODEL,
        "messages": [{"role": "system", "content": SYSTEM}, *MESSAGES],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    headers = {"accept": "text/event-stream", "authorization": f"Bearer {API_KEY}"}
    loads = json.loads

    async def request(first: Callable[[], None]) -> Received:
        text: list[str] = []
        reasoning: list[str] = []
        usage = None
        chunks = 0
        async with client.stream("POST", endpoint, json=body, headers=headers) as response:
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code}")
            tail = b""
            async for data in response.aiter_bytes():
                lines = (tail + data).split(b"\n") if tail else data.split(b"\n")
                tail = lines.pop()
                for line in lines:
                    if not line.startswith(b"data: "):
                        continue
                    payload = line[6:]
                    if payload == b"[DONE]":
                        break
                    event = loads(payload)
                    if chunks == 0:
                        first()
                    chunks += 1
                    if event.get("usage"):
                        usage = event["usage"]
                    for choice in event["choices"]:
                        delta = choice["delta"]
                        content = delta.get("content")
                        if content:
                            text.append(content)
                        thought = delta.get("reasoning_content")
                        if thought:
                            reasoning.append(thought)
        tokens = usage["completion_tokens"] if usage else -1
        return Received("".join(text), "".join(reasoning), tokens, chunks)

    return request, client.aclose


async def make_llmkit(url: str, provider: str = "openai") -> tuple[Request, Callable[[], Awaitable[None]]]:
    """llmkit as its README shows it: a handler, ``create_message``, ``async for chunk``."""
    from llmkit import create_api_handler

    handler = create_api_handler({"api_provider": provider, "api_key": API_KEY, "model_name": MODEL, "base_url": url})

    async def request(first: Callable[[], None]) -> Received:
        text: list[str] = []
        reasoning: list[str] = []
        usage_tokens = -1
        chunks = 0
        stream = await handler.create_message(SYSTEM, MESSAGES)
        async for chunk in stream:
            if chunks == 0:
                first()
            chunks += 1
            if chunk.type == "text":
                text.append(chunk.delta)
            elif chunk.type == "reasoning":
                reasoning.append(chunk.reasoning)
            elif chunk.type == "usage":
                usage_tokens = chunk.usage.output_tokens
        return Received("".join(text), "".join(reasoning), usage_tokens, chunks)

    return request, handler.aclose


async def make_openai(url: str) -> tuple[Request, Callable[[], Awaitable[None]]]:
    """The official SDK, used as its README shows (``reasoning_content`` read as an extra field)."""
    from openai import AsyncOpenAI

    client = AsyncOpenAI(api_key=API_KEY, base_url=url, max_retries=0)

    async def request(first: Callable[[], None]) -> Received:
        text: list[str] = []
        reasoning: list[str] = []
        usage_tokens = -1
        chunks = 0
        stream = await client.chat.completions.create(
            model=MODEL,
            messages=[{"role": "system", "content": SYSTEM}, *MESSAGES],  # type: ignore[list-item]
            stream=True,
            stream_options={"include_usage": True},
        )
        async for chunk in stream:
            if chunks == 0:
                first()
            chunks += 1
            if chunk.usage is not None:
                usage_tokens = chunk.usage.completion_tokens
            for choice in chunk.choices:
                delta = choice.delta
                if delta.content:
                    text.append(delta.content)
                thought = getattr(delta, "reasoning_content", None)
                if thought:
                    reasoning.append(thought)
        return Received("".join(text), "".join(reasoning), usage_tokens, chunks)

    return request, client.close


async def make_floor_responses(url: str) -> tuple[Request, Callable[[], Awaitable[None]]]:
    """The floor of a Responses stream: dispatch on each event's JSON ``type``, keep text and usage."""
    client = httpx.AsyncClient(limits=LIMITS, timeout=TIMEOUT, follow_redirects=False)
    endpoint = url + "/responses"
    body = {"model": MODEL, "instructions": SYSTEM, "input": MESSAGES, "stream": True, "store": False}
    headers = {"accept": "text/event-stream", "authorization": f"Bearer {API_KEY}"}
    loads = json.loads

    async def request(first: Callable[[], None]) -> Received:
        text: list[str] = []
        reasoning: list[str] = []
        usage = None
        chunks = 0
        async with client.stream("POST", endpoint, json=body, headers=headers) as response:
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code}")
            tail = b""
            async for data in response.aiter_bytes():
                lines = (tail + data).split(b"\n") if tail else data.split(b"\n")
                tail = lines.pop()
                for line in lines:
                    if not line.startswith(b"data: "):
                        continue
                    event = loads(line[6:])
                    kind = event["type"]
                    if kind == "response.output_text.delta":
                        if chunks == 0:
                            first()
                        chunks += 1
                        text.append(event["delta"])
                    elif kind == "response.reasoning_summary_text.delta":
                        reasoning.append(event["delta"])
                    elif kind == "response.completed":
                        usage = event["response"]["usage"]
        tokens = usage["output_tokens"] if usage else -1
        return Received("".join(text), "".join(reasoning), tokens, chunks)

    return request, client.aclose


async def make_llmkit_responses(url: str) -> tuple[Request, Callable[[], Awaitable[None]]]:
    """llmkit's ``openai-responses`` adapter, used exactly as the Chat Completions one."""
    return await make_llmkit(url, provider="openai-responses")


async def make_openai_responses(url: str) -> tuple[Request, Callable[[], Awaitable[None]]]:
    """The official SDK's ``responses.create(stream=True)``."""
    from openai import AsyncOpenAI

    client = AsyncOpenAI(api_key=API_KEY, base_url=url, max_retries=0)

    async def request(first: Callable[[], None]) -> Received:
        text: list[str] = []
        usage_tokens = -1
        chunks = 0
        stream = await client.responses.create(
            model=MODEL,
            instructions=SYSTEM,
            input=MESSAGES,
            stream=True,
            store=False,  # type: ignore[arg-type]
        )
        async for event in stream:
            if event.type == "response.output_text.delta":
                if chunks == 0:
                    first()
                chunks += 1
                text.append(event.delta)
            elif event.type == "response.completed" and event.response.usage is not None:
                usage_tokens = event.response.usage.output_tokens
        return Received("".join(text), "", usage_tokens, chunks)

    return request, client.close


async def make_floor_gemini(url: str) -> tuple[Request, Callable[[], Awaitable[None]]]:
    """The floor of a Gemini stream: CRLF lines, ``json.loads``, the parts' text and the last usage."""
    client = httpx.AsyncClient(limits=LIMITS, timeout=TIMEOUT, follow_redirects=False)
    endpoint = f"{url}/v1beta/models/{MODEL}:streamGenerateContent?alt=sse"
    body = {
        "systemInstruction": {"parts": [{"text": SYSTEM}]},
        "contents": [{"role": "user", "parts": [{"text": MESSAGES[0]["content"]}]}],
    }
    headers = {"accept": "text/event-stream", "x-goog-api-key": API_KEY}
    loads = json.loads

    async def request(first: Callable[[], None]) -> Received:
        text: list[str] = []
        reasoning: list[str] = []
        usage = None
        chunks = 0
        async with client.stream("POST", endpoint, json=body, headers=headers) as response:
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code}")
            tail = b""
            async for data in response.aiter_bytes():
                lines = (tail + data).split(b"\r\n") if tail else data.split(b"\r\n")
                tail = lines.pop()
                for line in lines:
                    if not line.startswith(b"data: "):
                        continue
                    event = loads(line[6:])
                    if chunks == 0:
                        first()
                    chunks += 1
                    usage = event.get("usageMetadata") or usage
                    for candidate in event.get("candidates", ()):
                        for part in candidate.get("content", {}).get("parts", ()):
                            piece = part.get("text")
                            if piece:
                                (reasoning if part.get("thought") else text).append(piece)
        tokens = usage.get("candidatesTokenCount", 0) + usage.get("thoughtsTokenCount", 0) if usage else -1
        return Received("".join(text), "".join(reasoning), tokens, chunks)

    return request, client.aclose


async def make_llmkit_gemini(url: str) -> tuple[Request, Callable[[], Awaitable[None]]]:
    """llmkit's native Gemini adapter (``google``), used exactly as the Chat Completions one."""
    return await make_llmkit(url, provider="google")


IMPLEMENTATIONS = {"floor": make_floor, "llmkit": make_llmkit, "openai": make_openai}
RESPONSES_IMPLEMENTATIONS = {
    "floor": make_floor_responses,
    "llmkit": make_llmkit_responses,
    "openai": make_openai_responses,
}
# The OpenAI SDK does not speak Gemini's native dialect: no column for it.
GEMINI_IMPLEMENTATIONS = {"floor": make_floor_gemini, "llmkit": make_llmkit_gemini}
FACTORIES = {"responses": RESPONSES_IMPLEMENTATIONS, "gemini": GEMINI_IMPLEMENTATIONS}


async def run(impl: str, workload: str, url: str, streams: int, requests: int) -> dict[str, Any]:
    factories = FACTORIES.get(workload, IMPLEMENTATIONS)
    if impl not in factories:
        raise SystemExit(f"{impl} has no {workload} client")
    request, close = await factories[impl](url)
    firsts: list[float] = []
    results: list[Received] = []
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    if workload in ("stream", "responses", "gemini"):
        results.append(await request(lambda: None))
    elif workload == "concurrent":
        results.extend(await asyncio.gather(*(request(lambda: None) for _ in range(streams))))
    elif workload == "sequential":
        for _ in range(requests):
            start = time.perf_counter()
            results.append(await request(lambda: firsts.append(time.perf_counter() - start)))  # noqa: B023
    else:
        raise SystemExit(f"unknown workload {workload!r}")
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    await close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    maxrss_kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return {
        "impl": impl,
        "workload": workload,
        "cpu": cpu,
        "wall": wall,
        "maxrss_kib": maxrss_kib,
        "ttfc_median": statistics.median(firsts) if firsts else None,
        "requests": len(results),
        "chunks": sum(r.chunks for r in results),
        "text_chars": sum(len(r.text) for r in results),
        "reasoning_chars": sum(len(r.reasoning) for r in results),
        "usage_tokens": sum(r.usage_tokens for r in results),
        "text_crc": zlib.crc32("".join(r.text + r.reasoning for r in results).encode()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="One measured client run (see the module docstring).")
    parser.add_argument("impl", choices=sorted(IMPLEMENTATIONS))
    parser.add_argument("workload", choices=("stream", "responses", "gemini", "concurrent", "sequential"))
    parser.add_argument("--url", required=True, help="server base URL including the scenario, e.g. …/n20000")
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    result = asyncio.run(run(args.impl, args.workload, args.url, args.streams, args.requests))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
