"""Server-sent events from the body's bytes as they arrive, cut into lines by httpx-sse.

httpx-sse's public ``EventSource`` iterates the response itself; here the stream must own every
read (its idle and total timers, cancellation, retries), so the reads are pushed through
httpx-sse's line decoder, which keeps a long line's pieces and joins them once. The fields are
read here, because httpx-sse's event decoder is loose where llmkit's users are not (it dispatches
an event after ``id``, ``event`` or ``retry`` alone and, keeping the last id, at every later blank
line, so keep-alive comments would look like events and reset the idle timer), and because it
costs twice the line decoder per event on a stream's hot path. The most common read of all,
one whole ``data:`` event with nothing pending, is taken as it stands.

The glue also keeps what llmkit promised before httpx-sse:

* the bytes go through as Latin-1, one character per byte, so nothing is decoded here: a UTF-8
  character split across reads is whole again in the data, and the providers' JSON parsers read
  the data bytes directly (``.encode("latin-1")`` gives back exactly the bytes received);
* a leading UTF-8 BOM is dropped, also when it arrives a byte at a time;
* a CR that ends a read ends its line at once (httpx-sse holds it back for a possible LF, and
  with it a CR-delimited event until the next read);
* one line, and the data of one event, are bounded, so a body that never breaks its line costs
  bounded memory and a ``ValueError`` (which the stream turns into ``MalformedResponseError``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import NamedTuple, cast

from httpx_sse._decoders import SSELineDecoder as _LineDecoder

MAX_EVENT_BYTES = 16 * 1024 * 1024
"""The longest line, and the most data one event may carry."""
_BOM = "\xef\xbb\xbf"  # the UTF-8 BOM's bytes, as Latin-1


class SSEEvent(NamedTuple):
    event: str
    """The ``event:`` field, or ``""`` when the event had none (a plain ``message``)."""
    data: bytes


class SSEDecoder:
    """Feed it the body's bytes as they arrive; it returns the events they complete."""

    __slots__ = ("_data", "_data_size", "_event", "_head", "_lines", "_pending", "_skip_lf")

    def __init__(self) -> None:
        self._lines = _LineDecoder()
        self._head: str | None = ""
        """The body's first bytes while they could still be a BOM; ``None`` once past it."""
        self._pending = 0
        """Bytes of the line not yet ended, held by the line decoder."""
        self._skip_lf = False
        self._event = ""
        self._data: list[str] = []
        self._data_size = 0

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        # The common reads, one whole event with nothing pending, need no line decoder: through it, a
        # stream's CPU was 1.37x the raw-httpx floor, against 1.25x this way (bench, 9 rounds). Three
        # framings are common: ``data:`` with LF (OpenAI), with CRLF (Gemini), and ``event:`` then
        # ``data:`` (Anthropic, the Responses API).
        if not self._data_size and not self._lines.buffer and self._head is None and not self._skip_lf:
            if chunk[:6] == b"data: " and not self._event:
                if chunk[-2:] == b"\n\n" and b"\r" not in chunk:
                    payload = chunk[6:-2]
                    if b"\n" not in payload and len(payload) <= MAX_EVENT_BYTES:
                        return [_new_event(("", payload))]
                elif chunk[-4:] == b"\r\n\r\n":
                    payload = chunk[6:-4]
                    if b"\n" not in payload and b"\r" not in payload and len(payload) <= MAX_EVENT_BYTES:
                        return [_new_event(("", payload))]
            elif chunk[:7] == b"event: " and chunk[-2:] == b"\n\n" and b"\r" not in chunk and not self._event:
                head, _, rest = chunk[7:-2].partition(b"\n")
                if rest[:6] == b"data: " and b"\n" not in rest and len(rest) <= MAX_EVENT_BYTES and head.isascii():
                    event = head.decode("ascii")
                    return [_new_event(("" if event == "message" else event, rest[6:]))]
        text = chunk.decode("latin-1")
        if self._skip_lf or self._head is not None or text[-1:] == "\r":
            text = self._edges(text)
            if not text:
                return []
        lines = self._lines.decode(text)
        if not lines:
            # No line ended: the line decoder keeps the read as one more piece, joined once at the end.
            self._pending += len(text)
            if self._pending > MAX_EVENT_BYTES:
                raise ValueError(_too_long("line"))
            return []
        tail = self._lines.buffer
        self._pending = len(tail[0]) if tail else 0
        if self._pending > MAX_EVENT_BYTES:
            raise ValueError(_too_long("line"))
        events: list[SSEEvent] = []
        for line in lines:
            if line[:5] == "data:":
                value = line[6:] if line[5:6] == " " else line[5:]
            elif not line:
                if self._data_size:
                    data = self._data
                    text = data[0] if len(data) == 1 else "\n".join(data)
                    events.append(_new_event((self._event, text.encode("latin-1"))))
                    self._data = []
                    self._data_size = 0
                self._event = ""
                continue
            elif len(line) > MAX_EVENT_BYTES:
                raise ValueError(_too_long("line"))
            elif line[0] == ":":
                continue  # a comment
            else:
                name, _, value = line.partition(":")
                if value[:1] == " ":
                    value = value[1:]
                if name == "event":
                    if not value.isascii():
                        value = value.encode("latin-1").decode("utf-8", "replace")
                    self._event = "" if value == "message" else value
                if name != "data":
                    continue  # ``id`` and ``retry`` serve reconnection, which chat completions never use
            size = self._data_size + len(value) + 1  # never 0 once a data line came, even an empty one
            if size > MAX_EVENT_BYTES + 1:  # one line break more than the data holds: the last one
                raise ValueError(_too_long("event"))
            self._data_size = size
            self._data.append(value)
        return events

    def close(self) -> list[SSEEvent]:
        """At the end of the body: the event a last line with no line break would complete.

        The specification drops such an unterminated last event; servers that omit the final blank
        line (seen on Azure) still mean it, so it is returned, and the caller decides.
        """
        return self.feed(b"\n\n")  # as if the body had ended its last line and event

    def _edges(self, text: str) -> str:
        """The rare reads: the first few bytes (a BOM?), and those around a CR that ends a read."""
        if self._head is not None:
            head = self._head + text
            if len(head) < len(_BOM) and _BOM.startswith(head):
                self._head = head
                return ""
            self._head = None
            text = head[len(_BOM) :] if head.startswith(_BOM) else head
        if self._skip_lf:
            self._skip_lf = False
            if text[:1] == "\n":
                text = text[1:]
        if text[-1:] == "\r":
            # Made a CRLF, one line break still, so that the line decoder ends the line now.
            self._skip_lf = True
            text += "\n"
        return text


# A NamedTuple's own constructor is a Python frame: a third of the glue's cost per event.
_new_event = cast("Callable[[tuple[str, bytes]], SSEEvent]", partial(tuple.__new__, SSEEvent))


def _too_long(what: str) -> str:
    return f"an event-stream {what} is longer than {MAX_EVENT_BYTES} bytes"
