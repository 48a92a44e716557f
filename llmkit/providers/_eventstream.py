"""An incremental decoder of AWS event-stream frames (``application/vnd.amazon.eventstream``).

A frame is: total length (u32), headers length (u32), CRC32 of those 8 bytes, the headers, the
payload, and a CRC32 of everything before it; integers are big-endian. A header is a name (u8
length, bytes), a type byte and a typed value. Both CRCs are checked: a frame that fails either,
or whose lengths are out of bounds, is a ``MalformedResponseError``; a body that ends inside a
frame is a ``StreamIncompleteError``.

Bytes arrive in any cut. The prelude is read once per frame and each read only appends to the
buffer and compares lengths, so the work stays linear in the body even at one byte per read.
"""

from __future__ import annotations

import struct
import uuid
import zlib
from typing import NamedTuple

from .._errors import MalformedResponseError, StreamIncompleteError

PRELUDE_BYTES = 12
CRC_BYTES = 4
MAX_HEADERS_BYTES = 128 * 1024
MAX_PAYLOAD_BYTES = 24 * 1024 * 1024
"""AWS's own limits for one frame's headers and payload."""

HeaderValue = bool | int | bytes | str | uuid.UUID

_INTS = {2: (1, "!b"), 3: (2, "!h"), 4: (4, "!i"), 5: (8, "!q"), 8: (8, "!q")}
"""Header type -> (width, struct format): byte, short, int, long, timestamp (milliseconds)."""


class EventFrame(NamedTuple):
    headers: dict[str, HeaderValue]
    payload: bytes


class EventStreamDecoder:
    """Feed it the body's bytes as they arrive; it returns the frames they complete."""

    __slots__ = ("_buffer", "_need", "_provider")

    def __init__(self, provider: str | None = None) -> None:
        self._buffer = bytearray()
        self._need = 0
        """The current frame's total length once its prelude is read and checked, else 0."""
        self._provider = provider

    def feed(self, data: bytes) -> list[EventFrame]:
        buffer = self._buffer
        buffer += data
        frames: list[EventFrame] = []
        start = 0
        while True:
            if not self._need:
                if len(buffer) - start < PRELUDE_BYTES:
                    break
                self._need = self._prelude(buffer, start)
            end = start + self._need
            if len(buffer) < end:
                break
            frames.append(self._frame(memoryview(bytes(buffer[start:end]))))
            self._need = 0
            start = end
        if start:
            del buffer[:start]
        return frames

    def close(self) -> list[EventFrame]:
        """Nothing more will come: a frame begun and not finished is a cut stream."""
        left = len(self._buffer)
        self._buffer = bytearray()
        if left:
            need = f"of {self._need} " if self._need else ""
            raise StreamIncompleteError(
                f"the stream ended inside an event-stream frame ({left} bytes {need}received)",
                provider=self._provider,
            )
        return []

    def _prelude(self, buffer: bytearray, start: int) -> int:
        total, headers, crc = struct.unpack_from("!III", buffer, start)
        if zlib.crc32(buffer[start : start + 8]) != crc:
            raise self._malformed("an event-stream frame's prelude fails its CRC check")
        if headers > MAX_HEADERS_BYTES:
            raise self._malformed(f"an event-stream frame declares {headers} bytes of headers")
        payload = total - headers - PRELUDE_BYTES - CRC_BYTES
        if payload < 0 or payload > MAX_PAYLOAD_BYTES:
            raise self._malformed(f"an event-stream frame declares a length of {total} bytes")
        return int(total)

    def _frame(self, frame: memoryview) -> EventFrame:
        (crc,) = struct.unpack_from("!I", frame, len(frame) - CRC_BYTES)
        if zlib.crc32(frame[:-CRC_BYTES]) != crc:
            raise self._malformed("an event-stream frame fails its message CRC check")
        (headers_length,) = struct.unpack_from("!I", frame, 4)
        headers_end = PRELUDE_BYTES + headers_length
        headers = self._headers(frame[PRELUDE_BYTES:headers_end])
        return EventFrame(headers, bytes(frame[headers_end:-CRC_BYTES]))

    def _headers(self, data: memoryview) -> dict[str, HeaderValue]:
        headers: dict[str, HeaderValue] = {}
        at = 0
        try:
            while at < len(data):
                size = data[at]
                name = bytes(data[at + 1 : at + 1 + size]).decode("utf-8")
                at += 1 + size
                kind = data[at]
                at += 1
                value: HeaderValue
                if kind in (0, 1):
                    value = kind == 0
                elif kind in _INTS:
                    width, layout = _INTS[kind]
                    (value,) = struct.unpack_from(layout, data, at)
                    at += width
                elif kind in (6, 7):
                    (length,) = struct.unpack_from("!H", data, at)
                    raw = bytes(data[at + 2 : at + 2 + length])
                    if len(raw) != length:
                        raise IndexError(name)
                    value = raw.decode("utf-8") if kind == 7 else raw
                    at += 2 + length
                elif kind == 9:
                    value = uuid.UUID(bytes=bytes(data[at : at + 16]))
                    at += 16
                else:
                    raise self._malformed(f"an event-stream header {name!r} has unknown type {kind}")
                headers[name] = value
        except (IndexError, struct.error, UnicodeDecodeError, ValueError) as exc:
            raise self._malformed(f"an event-stream frame's headers are cut or not UTF-8 ({exc})") from None
        return headers

    def _malformed(self, message: str) -> MalformedResponseError:
        return MalformedResponseError(message, provider=self._provider)
