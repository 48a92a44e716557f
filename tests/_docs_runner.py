"""Run every Python example of one docs page, in order, in one namespace, as a reader would.

Examples may use top-level ``await`` (as in ``python -m asyncio``); each such block runs in an
event loop of its own.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
import sys
from pathlib import Path

FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def main(page: str) -> None:
    namespace: dict[str, object] = {"__name__": "__main__"}
    for number, block in enumerate(FENCE.findall(Path(page).read_text(encoding="utf-8")), 1):
        code = compile(block, f"{page} example {number}", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        result = eval(code, namespace)
        if inspect.iscoroutine(result):
            asyncio.run(result)
        print(f"-- {page} example {number} ran", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
