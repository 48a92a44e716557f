"""The demo: a DeepSeek-style reasoning answer streamed from a loopback server (no key, no network).

It runs the example from the README unchanged; only the base URL points at the local server.
"""

from __future__ import annotations

import asyncio
import os
import sys

from llmkit import create_api_handler
from llmkit.testing import ReplayServer, chat_stream

REASONING = (
    "The user wants quantum computing in simple terms. Start from ordinary bits, then qubits, "
    "superposition and entanglement, and keep it short."
)
ANSWER = (
    "A normal computer stores information in bits that are either 0 or 1. A quantum computer uses "
    "qubits, which can be a blend of 0 and 1 at once (superposition) and can be linked so that "
    "measuring one tells you about another (entanglement). For some problems, such as simulating "
    "molecules, this lets it explore many possibilities together."
)
DIM = "\033[2m{}\033[0m" if sys.stdout.isatty() else "{}"
USAGE = {
    "prompt_tokens": 28,
    "completion_tokens": 96,
    "total_tokens": 124,
    "prompt_tokens_details": {"cached_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 31},
    "prompt_cache_hit_tokens": 0,
    "prompt_cache_miss_tokens": 28,
}


async def main(provider: str = "deepseek", model: str = "deepseek-flash") -> None:
    handler = create_api_handler(
        {
            "api_provider": provider,
            "api_key": os.environ.get(f"{provider.upper()}_API_KEY"),
            "model_name": model,
        }
    )
    async with handler:
        stream = await handler.create_message(
            "You are a helpful AI assistant.",
            [{"role": "user", "content": "Explain quantum computing in simple terms."}],
        )
        in_reasoning = False
        async for chunk in stream:
            if chunk.type == "reasoning":
                if not in_reasoning:
                    print("[Reasoning] ", end="")
                    in_reasoning = True
                print(DIM.format(chunk.reasoning), end="", flush=True)
            elif chunk.type == "text":
                if in_reasoning:
                    print("\n\n[Answer] ", end="")
                    in_reasoning = False
                print(chunk.delta, end="", flush=True)
            elif chunk.type == "usage":
                print(f"\n\nUsage: {chunk.usage}")
            elif chunk.type == "done":
                print(f"[Stream completed: {chunk.finish_reason}]")
        final = await handler.get_api_stream_usage()
        if final is not None:
            print(f"Tokens: {final.usage.input_tokens} in, {final.usage.output_tokens} out; cost: {final.usage.cost}")


if __name__ == "__main__":
    exchange = chat_stream(ANSWER, reasoning=REASONING, model="deepseek-flash", usage=USAGE, delay=0.01)
    with ReplayServer(exchange) as server:
        os.environ["DEEPSEEK_BASE_URL"] = server.url
        os.environ.setdefault("DEEPSEEK_API_KEY", "demo-key-not-sent-anywhere")
        print(f"(loopback server at {server.url}; reasoning is shown dimmed)\n")
        asyncio.run(main())
