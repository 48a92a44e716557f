"""One cold start, measured from outside as a whole process: import, make a client, stream once, exit.

    python bench/coldstart.py IMPL URL      IMPL: floor or llmkit; URL: the server and scenario

``llmkit`` imports llmkit, creates a handler and reads one short stream (``create_message``,
``async for chunk``). ``floor`` imports what llmkit stands on (``httpx``, ``httpx_sse``,
``pydantic``) and makes the same request with raw httpx, cutting the SSE lines by hand and
``json.loads``-ing each event. Both print what they received (one JSON line) for the runner to
compare. The runner (``run.py``, workload ``coldstart``) times the whole process, interpreter
start-up included, with ``getrusage(RUSAGE_CHILDREN)``: nothing is cached between processes
beyond the bytecode any installed program has.

Only what both sides need is imported at the top, so neither pays for the other.
"""

import asyncio
import json
import sys
import zlib

SYSTEM = "You are a helpful AI assistant."
MESSAGES = [{"role": "user", "content": "Explain quantum computing in simple terms."}]
API_KEY = "sk-bench-not-a-real-key"
MODEL = "bench"


def report(text: str, reasoning: str, usage_tokens: int) -> None:
    received = {
        "text_chars": len(text),
        "reasoning_chars": len(reasoning),
        "usage_tokens": usage_tokens,
        "text_crc": zlib.crc32((text + reasoning).encode()),
        "requests": 1,
    }
    print(json.dumps(received), flush=True)


async def floor(url: str) -> None:
    import httpx
    import httpx_sse  # noqa: F401  (imported as llmkit imports it: the dependencies are the floor)
    import pydantic  # noqa: F401

    text: list[str] = []
    reasoning: list[str] = []
    usage = None
    body = {
        "model": MODEL,
        "messages": [{"role": "system", "content": SYSTEM}, *MESSAGES],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    headers = {"accept": "text/event-stream", "authorization": f"Bearer {API_KEY}"}
    client = httpx.AsyncClient()
    async with client.stream("POST", url + "/chat/completions", json=body, headers=headers) as response:
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}")
        async for line in response.aiter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            event = json.loads(line[6:])
            if event.get("usage"):
                usage = event["usage"]
            for choice in event["choices"]:
                delta = choice["delta"]
                if delta.get("content"):
                    text.append(delta["content"])
                if delta.get("reasoning_content"):
                    reasoning.append(delta["reasoning_content"])
    await client.aclose()
    report("".join(text), "".join(reasoning), usage["completion_tokens"] if usage else -1)


async def llmkit(url: str) -> None:
    from llmkit import create_api_handler

    text: list[str] = []
    reasoning: list[str] = []
    usage_tokens = -1
    handler = create_api_handler({"api_provider": "openai", "api_key": API_KEY, "model_name": MODEL, "base_url": url})
    stream = await handler.create_message(SYSTEM, MESSAGES)
    async for chunk in stream:
        if chunk.type == "text":
            text.append(chunk.delta)
        elif chunk.type == "reasoning":
            reasoning.append(chunk.reasoning)
        elif chunk.type == "usage":
            usage_tokens = chunk.usage.output_tokens
    await handler.aclose()
    report("".join(text), "".join(reasoning), usage_tokens)


if __name__ == "__main__":
    impl, base = sys.argv[1], sys.argv[2]
    asyncio.run({"floor": floor, "llmkit": llmkit}[impl](base))
