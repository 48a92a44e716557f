"""Reasoning sent inline as ``<think>…</think>`` at the start of the answer text.

Some OpenAI-compatible servers (llama.cpp with ``reasoning_format: none``, Groq's raw format,
Perplexity's reasoning models, Ollama without a reasoning parser) stream a model's thinking
inside ``content``. Only a ``<think>`` that opens the answer counts, so an answer that merely
mentions the tag is left alone. Tags split across deltas are reassembled.
"""

from __future__ import annotations

_OPEN = "<think>"
_CLOSE = "</think>"

_UNDECIDED, _THINKING, _AFTER, _ANSWER = range(4)


class ThinkTagSplitter:
    """Feed content deltas in order; get back ``(is_reasoning, text)`` pieces."""

    __slots__ = ("_pending", "_state")

    def __init__(self) -> None:
        self._state = _UNDECIDED
        self._pending = ""

    @property
    def passthrough(self) -> bool:
        """True once the answer has begun and every later delta is plain text."""
        return self._state == _ANSWER

    def feed(self, text: str) -> list[tuple[bool, str]]:
        state = self._state
        if state == _ANSWER:
            return [(False, text)]
        if state == _UNDECIDED:
            pending = self._pending + text
            stripped = pending.lstrip()
            if stripped.startswith(_OPEN):
                self._state = _THINKING
                self._pending = ""
                return self._thinking(stripped[len(_OPEN) :])
            if not stripped or _OPEN.startswith(stripped):
                self._pending = pending  # could still become "<think>"
                return []
            self._state = _ANSWER
            self._pending = ""
            return [(False, pending)]
        if state == _THINKING:
            return self._thinking(text)
        return self._after(text)

    def close(self) -> list[tuple[bool, str]]:
        """Whatever is held back when the stream ends."""
        pending, self._pending = self._pending, ""
        if not pending:
            return []
        return [(self._state == _THINKING, pending)]

    def _thinking(self, text: str) -> list[tuple[bool, str]]:
        text = self._pending + text
        end = text.find(_CLOSE)
        if end >= 0:
            self._state = _AFTER
            self._pending = ""
            pieces = [(True, text[:end])] if end else []
            return pieces + self._after(text[end + len(_CLOSE) :])
        keep = _partial_suffix(text, _CLOSE)
        self._pending = text[len(text) - keep :] if keep else ""
        reasoning = text[: len(text) - keep]
        return [(True, reasoning)] if reasoning else []

    def _after(self, text: str) -> list[tuple[bool, str]]:
        # The template's blank lines between "</think>" and the answer are not part of it.
        text = text.lstrip()
        if not text:
            return []
        self._state = _ANSWER
        return [(False, text)]


def _partial_suffix(text: str, tag: str) -> int:
    """Length of the longest end of ``text`` that is a proper beginning of ``tag``."""
    for length in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:length]):
            return length
    return 0
