"""A loopback Chat Completions (Responses, Gemini) server that never bottlenecks the client.

Every response body is rendered once, up front, and written with a single ``transport.write``:
the server does no per-chunk work while a client measures. Run it in its own process (the
runner does) so that its CPU is not counted against the client.

The scenario is in the URL, so any client just points ``base_url`` at it::

    http://127.0.0.1:PORT/n20000/chat/completions      20,000 content chunks
    http://127.0.0.1:PORT/n200-r50/chat/completions    200 chunks, the first 50 % reasoning_content
    http://127.0.0.1:PORT/n20000-resp/responses        20,000 Responses API text deltas
    http://127.0.0.1:PORT/g20000-r10/v1beta/models/bench:streamGenerateContent?alt=sse
                                                       20,000 Gemini events, the first 10 % thoughts

Each event is one HTTP chunk (``transfer-encoding: chunked``), as a real provider flushes one event
per token; events are about 300 bytes (320 with reasoning), shaped like OpenAI's (``include_usage``: ``"usage":null`` on
every chunk and a final usage chunk with no choices), or like DeepSeek's when reasoning is on.

Usage: ``python bench/server.py [--port 0]``; it prints ``PORT <n>`` once it listens, and stops
when its standard input closes (so it never outlives the runner) or after ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import threading
from typing import ClassVar

_CREATED = 1741570283
_ID = "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT"
_MODEL = "gpt-4o-mini-2024-07-18"
_FINGERPRINT = "fp_06737a9306"
# Word-sized tokens, some with non-ASCII text as UTF-8 bytes and some with JSON escapes.
_TOKENS = (
    " The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".",
    " Quantum", " computers", " use", " qubits", ",", " which", " can", " be", " in",
    " superposition", " café", " naïve", " — ", " 量子", " 🙂", "\n\n", " \"quoted\"", " tab\there",
)  # fmt: skip
_SCENARIO = re.compile(rb"^/n(\d+)(?:-r(\d+))?(-resp)?(?:/v1)?/(?:chat/completions|responses)$")
_GEMINI_SCENARIO = re.compile(rb"^/g(\d+)(?:-r(\d+))?/v1beta/models/[^/:]+:streamGenerateContent\?alt=sse$")
_GEMINI_RESPONSE_ID = "eb-FapqKAZ36nsEP49ya-As"
GEMINI_MODEL = "bench"


def _event(payload: dict[str, object], i: int) -> bytes:
    """One SSE event, with OpenAI's random-length ``obfuscation`` padding."""
    payload = {**payload, "obfuscation": "Xk3P9qZ"[: 1 + i % 7]}
    return b"data: " + json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n"


def _chunk(delta: dict[str, object], finish: str | None = None, reasoning_model: bool = False) -> dict[str, object]:
    return {
        "id": _ID,
        "object": "chat.completion.chunk",
        "created": _CREATED,
        "model": "deepseek-reasoner" if reasoning_model else _MODEL,
        "system_fingerprint": _FINGERPRINT,
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        "usage": None,
    }


def render_events(n: int, reasoning_percent: int = 0) -> list[bytes]:
    """The events of one streamed answer: ``n`` content-bearing chunks, a finish, usage, ``[DONE]``."""
    reasoning_model = reasoning_percent > 0
    n_reasoning = n * reasoning_percent // 100
    events = []
    for i in range(n):
        token = _TOKENS[i % len(_TOKENS)]
        if i < n_reasoning:
            delta: dict[str, object] = {"content": None, "reasoning_content": token}
        elif reasoning_model:
            delta = {"content": token, "reasoning_content": None}
        else:
            delta = {"content": token}
        if i == 0:
            delta = {"role": "assistant", **delta}
        events.append(_event(_chunk(delta, reasoning_model=reasoning_model), i))
    events.append(_event(_chunk({}, "stop", reasoning_model), n))
    usage = {
        "prompt_tokens": 1200,
        "completion_tokens": n,
        "total_tokens": 1200 + n,
        "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": n_reasoning,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }
    last = _chunk({}, None, reasoning_model)
    last["choices"] = []
    last["usage"] = usage
    events.append(_event(last, n + 1))
    events.append(b"data: [DONE]\n\n")
    return events


_RESP_ID = "resp_0123456789abcdef0123456789abcdef0123456789abcdef"
_MSG_ID = "msg_0123456789abcdef0123456789abcdef0123456789abcdef"


def _typed(payload: dict[str, object]) -> bytes:
    """One Responses event, framed as api.openai.com frames them (``event:`` then ``data:``)."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return b"event: " + str(payload["type"]).encode() + b"\ndata: " + data + b"\n\n"


def render_responses_events(n: int) -> list[bytes]:
    """A Responses API stream: one message item of ``n`` text deltas, then response.completed."""
    response: dict[str, object] = {"id": _RESP_ID, "object": "response", "status": "in_progress", "model": _MODEL}
    events = [_typed({"type": "response.created", "sequence_number": 0, "response": response})]
    item: dict[str, object] = {"id": _MSG_ID, "type": "message", "status": "in_progress", "role": "assistant"}
    events.append(
        _typed(
            {
                "type": "response.output_item.added",
                "sequence_number": 1,
                "output_index": 0,
                "item": {**item, "content": []},
            }
        )
    )
    text = []
    for i in range(n):
        token = _TOKENS[i % len(_TOKENS)]
        text.append(token)
        events.append(
            _typed(
                {
                    "type": "response.output_text.delta",
                    "sequence_number": i + 2,
                    "item_id": _MSG_ID,
                    "output_index": 0,
                    "content_index": 0,
                    "delta": token,
                    "logprobs": [],
                    "obfuscation": "Xk3P9qZ"[: 1 + i % 7],
                }
            )
        )
    done = {**item, "status": "completed", "content": [{"type": "output_text", "text": "".join(text)}]}
    events.append(
        _typed({"type": "response.output_item.done", "sequence_number": n + 2, "output_index": 0, "item": done})
    )
    usage = {
        "input_tokens": 1200,
        "input_tokens_details": {"cached_tokens": 1024},
        "output_tokens": n,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 1200 + n,
    }
    final = {**response, "status": "completed", "output": [done], "usage": usage}
    events.append(_typed({"type": "response.completed", "sequence_number": n + 3, "response": final}))
    return events


def render_gemini_events(n: int, reasoning_percent: int = 0) -> list[bytes]:
    """A Gemini ``streamGenerateContent?alt=sse`` answer: ``n`` events of one part each (the first
    ``reasoning_percent`` % thought parts), ``usageMetadata`` on every event as Gemini sends it, the
    last event with ``finishReason``; CRLF framing, as Google frames its events."""
    n_reasoning = n * reasoning_percent // 100
    events = []
    for i in range(n):
        part: dict[str, object] = {"text": _TOKENS[i % len(_TOKENS)]}
        if i < n_reasoning:
            part["thought"] = True
        candidate: dict[str, object] = {"content": {"parts": [part], "role": "model"}, "index": 0}
        if i == n - 1:
            candidate["finishReason"] = "STOP"
        thoughts = min(i + 1, n_reasoning)
        usage = {
            "promptTokenCount": 1200,
            "candidatesTokenCount": i + 1 - thoughts,
            "totalTokenCount": 1200 + i + 1,
            "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 1200}],
            "thoughtsTokenCount": thoughts,
        }
        payload = {
            "candidates": [candidate],
            "usageMetadata": usage,
            "modelVersion": "gemini-2.5-flash",
            "responseId": _GEMINI_RESPONSE_ID,
        }
        events.append(b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\r\n\r\n")
    return events


def render_response(n: int, reasoning_percent: int = 0, responses: bool = False, *, gemini: bool = False) -> bytes:
    """Status line, headers and the whole chunked body, ready to write."""
    head = (
        b"HTTP/1.1 200 OK\r\n"
        b"content-type: text/event-stream; charset=utf-8\r\n"
        b"transfer-encoding: chunked\r\n"
        b"cache-control: no-cache\r\n"
        b"x-request-id: req_bench_0123456789abcdef\r\n"
        b"openai-processing-ms: 12\r\n"
        b"\r\n"
    )
    parts = [head]
    if gemini:
        events = render_gemini_events(n, reasoning_percent)
    elif responses:
        events = render_responses_events(n)
    else:
        events = render_events(n, reasoning_percent)
    for event in events:
        parts.append(b"%x\r\n%s\r\n" % (len(event), event))
    parts.append(b"0\r\n\r\n")
    return b"".join(parts)


_NOT_FOUND = b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"


class _Connection(asyncio.Protocol):
    """HTTP/1.1 with keep-alive: read a request (headers + content-length body), write a response."""

    cache: ClassVar[dict[bytes, bytes]] = {}

    def __init__(self) -> None:
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self._buffer[:end]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(self._buffer) < end + 4 + length:
                return
            self._buffer = self._buffer[end + 4 + length :]
            path = head.split(b" ", 2)[1]
            assert self._transport is not None
            self._transport.write(self._response(path))

    def _response(self, path: bytes) -> bytes:
        response = self.cache.get(path)
        if response is None:
            gemini = _GEMINI_SCENARIO.match(path)
            match = _SCENARIO.match(path)
            if gemini is not None:
                response = render_response(int(gemini[1]), int(gemini[2] or 0), gemini=True)
            elif match is not None:
                response = render_response(int(match[1]), int(match[2] or 0), bool(match[3]))
            else:
                return _NOT_FOUND
            self.cache[path] = response
        return response


async def serve(port: int, prerender: list[str], max_seconds: float) -> None:
    for scenario in prerender:
        _Connection.cache[_path(scenario)] = _response_for(scenario)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Connection, "127.0.0.1", port, backlog=2048)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    stop = asyncio.Event()
    # Stop when the parent closes our stdin (or dies), so the server never outlives a run.
    threading.Thread(target=_wait_stdin, args=(loop, stop), daemon=True).start()
    waiter = asyncio.ensure_future(stop.wait())
    await asyncio.wait([waiter], timeout=max_seconds)
    waiter.cancel()
    server.close()


def _path(scenario: str) -> bytes:
    if scenario.startswith("g"):
        return f"/{scenario}/v1beta/models/{GEMINI_MODEL}:streamGenerateContent?alt=sse".encode()
    endpoint = "responses" if scenario.endswith("-resp") else "chat/completions"
    return f"/{scenario}/{endpoint}".encode()


def _response_for(scenario: str) -> bytes:
    gemini = _GEMINI_SCENARIO.match(_path(scenario))
    if gemini is not None:
        return render_response(int(gemini[1]), int(gemini[2] or 0), gemini=True)
    match = _SCENARIO.match(_path(scenario))
    if match is None:
        raise SystemExit(f"bad scenario {scenario!r}: expected nN, nN-rP, nN-resp or gN-rP")
    return render_response(int(match[1]), int(match[2] or 0), bool(match[3]))


def _wait_stdin(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    sys.stdin.read()
    loop.call_soon_threadsafe(stop.set)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--prerender", nargs="*", default=[], help="scenarios to render before listening")
    parser.add_argument("--max-seconds", type=float, default=1800.0)
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.prerender, args.max_seconds))


if __name__ == "__main__":
    main()
