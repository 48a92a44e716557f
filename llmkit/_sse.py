"""Server-sent events from the body's bytes as they arrive, decoded by httpx-sse.

httpx-sse's public ``EventSource`` iterates the response itself; here the stream must own every
read (its idle and total timers, cancellation, retries), so the reads are pushed through
httpx-sse's line and event decoders. This glue adds what they leave to their caller or read
loosely against the WHATWG event-stream rules, and what llmkit promises on top:

* UTF-8 decoding that survives a character split across reads, and a leading BOM dropped;
* a CR that ends a read ends its line at once (httpx-sse holds it for a possible LF, which would
  hold a CR-delimited event back until the next read arrives);
* an event is dispatched only if it had a ``data`` line: httpx-sse also dispatches after ``id``,
  ``retry`` or ``event`` alone (and, since it keeps the last id, after every later blank line,
  so a keep-alive comment would look like an event and reset the idle timer);
* one line, and the data of one event, are bounded, so a body that never breaks its line costs
  bounded memory and a ``ValueError`` (which the stream turns into ``MalformedResponseError``);
* the data is handed on as UTF-8 bytes, which the providers' JSON parsers read directly.
"""

from __future__ import annotations

from codecs import utf_8_decode
from typing import NamedTuple

from httpx_sse._decoders import SSEDecoder as _EventDecoder
from httpx_sse._decoders import SSELineDecoder as _LineDecoder

MAX_EVENT_CHARS = 16 * 1024 * 1024
"""The longest line, and the most data one event may carry (characters)."""


class SSEEvent(NamedTuple):
    event: str
    """The ``event:`` field, or ``""`` when the event had none (a plain ``message``)."""
    data: bytes


class SSEDecoder:
    """Feed it the body's bytes as they arrive; it returns the events they complete."""

    __slots__ = ("_data_chars", "_events", "_lines", "_partial", "_pending", "_skip_lf", "_started")

    def __init__(self) -> None:
        self._lines = _LineDecoder()
        self._events = _EventDecoder()
        self._partial = b""
        """The start of a UTF-8 character the last read cut."""
        self._pending = 0
        """Characters of the line not yet ended, held by the line decoder."""
        self._skip_lf = False
        self._started = False
        self._data_chars = 0
        """Characters of the pending event's ``data`` lines: none means no event to dispatch."""

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        if self._partial:
            chunk = self._partial + chunk
            self._partial = b""
        text, used = utf_8_decode(chunk, "replace", False)
        if used < len(chunk):
            self._partial = chunk[used:]
        return self._feed_text(text)

    def _feed_text(self, text: str) -> list[SSEEvent]:
        if self._skip_lf or not self._started or text[-1:] == "\r":
            text = self._edges(text)
            if not text:
                return []
        lines = self._lines.decode(text)
        if not lines:
            # No line ended: the line decoder keeps the read as one more piece, joined once at the end.
            self._pending += len(text)
            if self._pending > MAX_EVENT_CHARS:
                raise ValueError(_too_long("line"))
            return []
        tail = self._lines.buffer
        if tail:
            self._pending = len(tail[0])
            if self._pending > MAX_EVENT_CHARS:
                raise ValueError(_too_long("line"))
        else:
            self._pending = 0
        return self._dispatch(lines)

    def _dispatch(self, lines: list[str]) -> list[SSEEvent]:
        events: list[SSEEvent] = []
        decode = self._events.decode
        for line in lines:
            if line:
                if len(line) > MAX_EVENT_CHARS:
                    raise ValueError(_too_long("line"))
                if line.startswith("data") and (line[4:5] == ":" or len(line) == 4):
                    self._data_chars += len(line)
                    if self._data_chars > MAX_EVENT_CHARS:
                        raise ValueError(_too_long("event"))
                decode(line)
            else:
                sse = decode(line)
                if self._data_chars and sse is not None:
                    name = sse.event
                    events.append(SSEEvent("" if name == "message" else name, sse.data.encode()))
                self._data_chars = 0
        return events

    def _edges(self, text: str) -> str:
        """The rare reads: the first one (a BOM), and those around a CR at the end of a read."""
        if not self._started and text:
            self._started = True
            if text[0] == "\ufeff":
                text = text[1:]
        if self._skip_lf:
            self._skip_lf = False
            if text[:1] == "\n":
                text = text[1:]
        if text[-1:] == "\r":
            # Made a CRLF (one line break still), so the line decoder ends the line now.
            self._skip_lf = True
            text += "\n"
        return text

    def close(self) -> list[SSEEvent]:
        """At the end of the body: the event a last line with no line break would complete.

        The specification drops such an unterminated last event; servers that omit the final blank
        line (seen on Azure) still mean it, so it is returned, and the caller decides.
        """
        events: list[SSEEvent] = []
        if self._partial:
            # A character cut by the end of the body: U+FFFD, as the specification decodes it.
            events += self._feed_text(utf_8_decode(self._partial, "replace", True)[0])
            self._partial = b""
        events += self._dispatch([*self._lines.flush(), ""])
        return events


def _too_long(what: str) -> str:
    return f"an event-stream {what} is longer than {MAX_EVENT_CHARS} characters"
