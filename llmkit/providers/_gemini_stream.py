"""Reading Gemini's ``streamGenerateContent`` events (and a whole ``generateContent`` answer).

Every event is a whole ``GenerateContentResponse``; each candidate (``index``, llmkit's choice)
carries new parts:

* ``text`` parts are answer text, ``thought: true`` parts reasoning;
* a ``functionCall`` part is one whole call: one ``ToolCallChunk`` with its id (made up, as
  ``call_`` and 24 hex digits, where Gemini sends none), name and the whole JSON arguments;
* a ``thoughtSignature`` must go back, verbatim, on the part it came with. On a function call it
  travels as the call's ``provider_data`` (``{"extra_content": {"google": {"thought_signature":
  …}}}``, the shape Gemini's compatible endpoint uses, so a conversation moves between the
  ``gemini`` and ``google`` adapters); on a text or thought part it is a ``ReasoningStateChunk``
  (``Completion.reasoning_blocks``), which ``_gemini_contents`` puts back on the turn's last part.

Nothing ends a Gemini stream but the end of the body: a stream in which no candidate gave a
``finishReason`` was cut short. ``usageMetadata`` rides on many events; the last one wins.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Sequence
from typing import Protocol

from pydantic import ValidationError

from .._adapter import ParseContext, Parsed
from .._chunks import (
    DoneChunk,
    FinishReason,
    ReasoningChunk,
    ReasoningStateChunk,
    StreamChunk,
    TextChunk,
    ToolCallChunk,
    Usage,
)
from .._errors import BadRequestError, LLMError, MalformedResponseError, StreamIncompleteError
from .._sse import SSEEvent
from ._gemini_wire import GeminiFunctionCall, GeminiPart, GeminiResponse, GeminiUsage, validate_response

FINISH_REASONS: dict[str, FinishReason] = {
    "STOP": "stop",
    "MAX_TOKENS": "length",
    "SAFETY": "content_filter",
    "RECITATION": "content_filter",
    "BLOCKLIST": "content_filter",
    "PROHIBITED_CONTENT": "content_filter",
    "SPII": "content_filter",
    "IMAGE_SAFETY": "content_filter",
    "MODEL_ARMOR": "content_filter",
}
"""Gemini's ``finishReason`` -> llmkit's; anything else (MALFORMED_FUNCTION_CALL, OTHER…) is ``other``."""

_MADE_UP_ID = re.compile(r"call_[0-9a-f]{24}")


ORIGIN = "gemini"
"""What this protocol's reasoning state is marked with: its signatures are valid only here."""


class GeminiDialect(Protocol):
    """What the parser needs from its adapter: how it words errors."""

    def malformed(
        self, what: str, data: bytes, exc: ValidationError, request_id: str | None
    ) -> MalformedResponseError: ...

    def error_from_event(self, payload: bytes, *, request_id: str | None) -> LLMError: ...


def made_up_call_id() -> str:
    return f"call_{secrets.token_hex(12)}"


def is_made_up_call_id(call_id: str) -> bool:
    """Whether llmkit made ``call_id`` up (Gemini never saw it, so it is not sent back to Gemini)."""
    return _MADE_UP_ID.fullmatch(call_id) is not None


def signature_data(signature: str) -> dict[str, dict[str, dict[str, str]]]:
    """A call's ``provider_data`` for its thought signature."""
    return {"extra_content": {"google": {"thought_signature": signature}}}


def usage_from_wire(usage: GeminiUsage) -> Usage:
    """llmkit's usage: input includes the prompt tokens a built-in tool (search) added, output the
    thinking Google reports apart from the candidates (and bills as output)."""
    thoughts = usage.get("thoughtsTokenCount", 0)
    return Usage(
        input_tokens=usage.get("promptTokenCount", 0) + usage.get("toolUsePromptTokenCount", 0),
        output_tokens=usage.get("candidatesTokenCount", 0) + thoughts,
        cache_read_tokens=usage.get("cachedContentTokenCount", 0),
        reasoning_tokens=thoughts,
    )


class GeminiStreamParser:
    """Turns ``GenerateContentResponse`` events into llmkit chunks."""

    def __init__(self, adapter: GeminiDialect, context: ParseContext) -> None:
        self.ended = False  # Gemini has no end marker: the stream is read to the end of the body
        self._adapter = adapter
        self._context = context
        self._request_id = context.request_id
        self._usage: GeminiUsage | None = None
        self._finish: dict[int, str] = {}
        self._calls: dict[int, int] = {}  # choice -> calls so far
        # Validators called directly: no ``__init__`` frame per chunk (see ``_chat_stream``).
        self._new_text = TextChunk.__pydantic_validator__.validate_python
        self._new_reasoning = ReasoningChunk.__pydantic_validator__.validate_python

    def feed(self, event: SSEEvent) -> Sequence[StreamChunk]:
        data = event.data
        try:
            response: GeminiResponse = validate_response(data)
        except ValidationError as exc:
            raise self._adapter.malformed("event", data, exc, self._request_id) from None
        if response.get("error") is not None:
            raise self._adapter.error_from_event(data, request_id=self._request_id)
        usage = response.get("usageMetadata")
        if usage is not None:
            self._usage = usage
        candidates = response.get("candidates")
        if not candidates:
            feedback = response.get("promptFeedback")
            if feedback is not None and feedback.get("blockReason"):
                raise self._blocked(feedback["blockReason"], feedback.get("blockReasonMessage"), data)
            return ()
        out: list[StreamChunk] = []
        for candidate in candidates:
            choice = candidate.get("index", 0)
            content = candidate.get("content")
            if content is not None:
                parts = content.get("parts")
                if parts:
                    for part in parts:
                        self._part(choice, part, out)
            reason = candidate.get("finishReason")
            if reason:
                self._finish[choice] = reason
        return out

    def finish(self) -> Parsed:
        if not self._finish:
            raise StreamIncompleteError(
                "the stream ended before any finishReason: the answer may be cut short",
                provider=self._context.provider,
                request_id=self._request_id,
            )
        first = 0 if 0 in self._finish else next(iter(self._finish))
        raw = self._finish[first]
        reason = FINISH_REASONS.get(raw, "other")
        if reason == "stop" and self._calls.get(first):
            reason = "tool_calls"
        usage = usage_from_wire(self._usage) if self._usage is not None else None
        return Parsed((), usage, DoneChunk(finish_reason=reason, raw_finish_reason=raw))

    def _part(self, choice: int, part: GeminiPart, out: list[StreamChunk]) -> None:
        signature = part.get("thoughtSignature")
        call = part.get("functionCall")
        if call is not None:
            out.append(self._tool_call(choice, call, signature))
            return
        text = part.get("text")
        if text:
            if part.get("thought"):
                out.append(self._new_reasoning({"reasoning": text, "choice": choice}))
            else:
                out.append(self._new_text({"delta": text, "choice": choice}))
        if signature:
            out.append(ReasoningStateChunk(signature=signature, choice=choice, origin=ORIGIN))

    def _tool_call(self, choice: int, call: GeminiFunctionCall, signature: str | None) -> ToolCallChunk:
        index = self._calls.get(choice, 0)
        self._calls[choice] = index + 1
        args = call.get("args")
        return ToolCallChunk(
            index=index,
            id=call.get("id") or made_up_call_id(),
            name=call.get("name") or "",
            arguments_delta=json.dumps(args, ensure_ascii=False, separators=(",", ":")) if args else "{}",
            choice=choice,
            provider_data=signature_data(signature) if signature else None,
        )

    def _blocked(self, reason: str, message: str | None, data: bytes) -> LLMError:
        return BadRequestError(
            f"Gemini blocked the prompt ({reason}){': ' + message if message else ''}; nothing was generated",
            provider=self._context.provider,
            request_id=self._request_id,
            code=reason,
            error_type="PROMPT_BLOCKED",
            body=data.decode("utf-8", "replace"),
        )


def parse_whole(adapter: GeminiDialect, body: bytes, context: ParseContext) -> Parsed:
    """A ``generateContent`` answer: one response object, read as a stream of one event."""
    parser = GeminiStreamParser(adapter, context)
    chunks = list(parser.feed(SSEEvent("", body.strip())))
    tail, usage, done = parser.finish()
    return Parsed([*chunks, *tail], usage, done)
