"""An incremental server-sent-events decoder over raw bytes.

It follows the WHATWG event-stream rules: lines end at CRLF, LF or CR (also when the CR and LF
arrive in different reads); a blank line dispatches the pending event if it has data; ``data``
lines join with ``\\n``; one space after the colon is dropped; ``:`` lines are comments; a leading
BOM is skipped. It works on bytes and decodes nothing, so a UTF-8 character split across reads
is whole again by the time anyone looks at it: the JSON parser reads the data bytes directly.
"""

from __future__ import annotations

from typing import NamedTuple

MAX_LINE_BYTES = 16 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"


class SSEEvent(NamedTuple):
    event: str
    """The ``event:`` field, or ``""`` when the event had none (a plain ``message``)."""
    data: bytes


class SSEDecoder:
    """Feed it the body's bytes as they arrive; it returns the events they complete."""

    __slots__ = ("_data", "_event", "_skip_lf", "_started", "_tail")

    def __init__(self) -> None:
        self._tail = b""
        self._data: list[bytes] = []
        self._event = ""
        self._skip_lf = False
        self._started = False

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        # The common read: exactly one whole ``data:`` event and nothing pending. Its payload is the
        # bytes between the prefix and the blank line (LF or CRLF framed, as Gemini frames its
        # events), provided no other line break hides inside.
        if not self._tail and not self._data and not self._skip_lf and not self._event:
            if chunk[:6] == b"data: ":
                if chunk[-2:] == b"\n\n" and b"\r" not in chunk:
                    data = chunk[6:-2]
                    if b"\n" not in data:
                        self._started = True
                        return [SSEEvent("", data)]
                elif chunk[-4:] == b"\r\n\r\n":
                    data = chunk[6:-4]
                    if b"\n" not in data and b"\r" not in data:
                        self._started = True
                        return [SSEEvent("", data)]
            # The same with its ``event:`` line before it (Responses and Anthropic streams frame so).
            elif chunk[:7] == b"event: " and chunk[-2:] == b"\n\n" and b"\r" not in chunk:
                name, _, rest = chunk[7:-2].partition(b"\n")
                if rest[:6] == b"data: " and b"\n" not in rest:
                    self._started = True
                    return [SSEEvent(name.decode("utf-8", "replace"), rest[6:])]
        if self._skip_lf:
            self._skip_lf = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        if b"\r" in chunk:
            # A CR at the end of a read ends its line now; an LF opening the next read is its pair.
            self._skip_lf = chunk[-1:] == b"\r"
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if self._tail:
            chunk = self._tail + chunk
        lines = chunk.split(b"\n")
        self._tail = tail = lines.pop()
        if len(tail) > MAX_LINE_BYTES:
            raise ValueError(f"an event-stream line is longer than {MAX_LINE_BYTES} bytes")
        events: list[SSEEvent] = []
        for line in lines:
            self._line(line, events)
        return events

    def close(self) -> list[SSEEvent]:
        """At the end of the body: the event a last line with no line break would complete.

        The specification drops such an unterminated last event; servers that omit the final blank
        line (seen on Azure) still mean it, so it is returned, and the caller decides.
        """
        events: list[SSEEvent] = []
        if self._tail:
            self._line(self._tail, events)
            self._tail = b""
        self._line(b"", events)
        return events

    def _line(self, line: bytes, events: list[SSEEvent]) -> None:
        if not self._started:
            self._started = True
            if line.startswith(_BOM):
                line = line[3:]
        if line.startswith(b"data:"):
            value = line[5:]
            self._data.append(value[1:] if value[:1] == b" " else value)
        elif not line:
            if self._data:
                data = self._data[0] if len(self._data) == 1 else b"\n".join(self._data)
                events.append(SSEEvent(self._event, data))
                self._data = []
            self._event = ""
        elif line[:1] == b":":
            pass
        else:
            field, _, value = line.partition(b":")
            if value[:1] == b" ":
                value = value[1:]
            if field == b"data":
                self._data.append(value)
            elif field == b"event":
                self._event = value.decode("utf-8", "replace")
            # ``id`` and ``retry`` serve reconnection, which chat completions never use.
