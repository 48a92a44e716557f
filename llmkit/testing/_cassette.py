"""Record a real exchange to a file once, and replay it from the file ever after.

``cassette_client(path)`` returns an ``httpx.AsyncClient`` to pass as a handler's
``http_client``: while the file does not exist it talks to the real provider and writes every
exchange to it (keys and cookies scrubbed); once it exists it serves the file and sends nothing.
The file uses the same format as the recorded corpus, so ``Exchange.from_recording`` and
``ReplayServer`` can serve it too.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx

_SECRET_HEADERS = {
    "authorization", "proxy-authorization", "api-key", "x-api-key", "x-goog-api-key", "cookie", "set-cookie",
    "openai-organization", "openai-project",
}  # fmt: skip
_KEPT_RESPONSE_HEADERS = {"content-type", "retry-after", "retry-after-ms", "x-request-id", "request-id"}


def cassette_client(path: str | Path, **client_options: Any) -> httpx.AsyncClient:
    """A client that records to ``path`` (when it is missing) or replays from it."""
    file = Path(path)
    if file.exists():
        return httpx.AsyncClient(transport=_ReplayTransport(file), **client_options)
    return httpx.AsyncClient(transport=_RecordingTransport(file), **client_options)


class _RecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self, file: Path) -> None:
        self._file = file
        self._inner = httpx.AsyncHTTPTransport()
        self._interactions: list[dict[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # Ask for an unencoded body so the file holds the text as the provider meant it.
        request.headers["accept-encoding"] = "identity"
        response = await self._inner.handle_async_request(request)
        recorded = {
            "request": {
                "method": request.method,
                "url": str(request.url),
                "headers": {k: v for k, v in request.headers.items() if k.lower() not in _SECRET_HEADERS},
                "body": json.loads(request.content) if request.content else None,
            },
            "response": {
                "status": response.status_code,
                "headers": {k: v for k, v in response.headers.items() if k.lower() in _KEPT_RESPONSE_HEADERS},
            },
        }
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_Tee(response.stream, lambda body: self._save(recorded, body)),
            extensions=response.extensions,
        )

    def _save(self, recorded: dict[str, Any], body: bytes) -> None:
        recorded["response"]["body"] = body.decode("utf-8", "replace")
        self._interactions.append(recorded)
        self._file.parent.mkdir(parents=True, exist_ok=True)
        first, *rest = self._interactions
        document = {**first, "more_interactions": rest} if rest else first
        self._file.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")

    async def aclose(self) -> None:
        await self._inner.aclose()


class _Tee(httpx.AsyncByteStream):
    def __init__(self, stream: Any, done: Any) -> None:
        self._stream = stream
        self._done = done

    async def __aiter__(self) -> AsyncIterator[bytes]:
        parts = []
        async for part in self._stream:
            parts.append(part)
            yield part
        self._done(b"".join(parts))

    async def aclose(self) -> None:
        await self._stream.aclose()


class _ReplayTransport(httpx.AsyncBaseTransport):
    def __init__(self, file: Path) -> None:
        document = json.loads(file.read_text(encoding="utf-8"))
        self._file = file
        self._interactions = [document, *document.get("more_interactions", [])]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self._interactions:
            raise AssertionError(f"{self._file} has no more recorded exchanges for {request.method} {request.url}")
        recorded = self._interactions.pop(0)
        expected = recorded["request"]
        if (expected["method"], httpx.URL(expected["url"]).path) != (request.method, request.url.path):
            raise AssertionError(
                f"{self._file}: expected {expected['method']} {expected['url']}, got {request.method} {request.url}"
            )
        response = recorded["response"]
        return httpx.Response(response["status"], headers=response["headers"], content=response["body"].encode("utf-8"))
