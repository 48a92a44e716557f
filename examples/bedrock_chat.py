"""Ask a model on Amazon Bedrock a question and stream the answer to the terminal.

    AWS_BEARER_TOKEN_BEDROCK=... AWS_REGION=us-east-1 python examples/bedrock_chat.py "Why is the sky blue?"

Without a Bedrock API key, ``pip install 'llmkit[bedrock]'`` and your AWS credentials sign the
request instead (environment, ``~/.aws`` profiles with ``AWS_PROFILE``, SSO, instance roles).
``BEDROCK_MODEL`` picks the model (default: Amazon Nova Micro through the US inference profile).
``examples/test_bedrock_chat.py`` runs it against a loopback server.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

import llmkit

DEFAULT_MODEL = "us.amazon.nova-micro-v1:0"


def config_from_environment() -> dict[str, Any]:
    """The handler's settings; the key, region and profile come from the AWS variables."""
    return {"api_provider": "bedrock", "model_name": os.environ.get("BEDROCK_MODEL", DEFAULT_MODEL)}


async def ask(question: str, config: Mapping[str, Any], out: TextIO = sys.stdout) -> llmkit.Usage | None:
    """Stream the answer to ``out``; returns the usage (with its cost where llmkit knows the price)."""
    async with llmkit.create_api_handler(config) as handler:
        stream = await handler.create_message("Answer briefly.", [{"role": "user", "content": question}])
        usage = None
        async for chunk in stream:
            if chunk.type == "text":
                out.write(chunk.delta)
                out.flush()
            elif chunk.type == "usage":
                usage = chunk.usage
        out.write("\n")
        return usage


def main() -> int:
    question = " ".join(sys.argv[1:]) or "Why is the sky blue?"
    try:
        usage = asyncio.run(ask(question, config_from_environment()))
    except llmkit.LLMError as error:
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    if usage is not None:
        print(usage, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
