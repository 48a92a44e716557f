"""Reading a Chat Completions event stream (OpenAI and every server that speaks its dialect)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from pydantic import ValidationError

from .._adapter import ParseContext, Parsed
from .._chunks import (
    DoneChunk,
    FinishReason,
    ReasoningChunk,
    RefusalChunk,
    StreamChunk,
    TextChunk,
    TokenLogprob,
    ToolCallChunk,
    Usage,
)
from .._errors import LLMError, MalformedResponseError, StreamIncompleteError
from .._sse import SSEEvent
from ._openai_wire import WireChunk, WireDelta, WireTokenLogprob, WireToolCall, WireUsage
from ._think import ThinkTagSplitter


class ChatDialect(Protocol):
    """What the parser reads from its adapter: the dialect's tables and a provider's quirks."""

    wire_chunk_model: ClassVar[type[WireChunk]]
    finish_reasons: ClassVar[Mapping[str, FinishReason]]

    def chunk_usage(self, chunk: WireChunk) -> WireUsage | None: ...
    def usage_from_wire(self, usage: WireUsage) -> Usage: ...
    def finish_reason_error(self, raw: str, context: ParseContext) -> LLMError | None: ...
    def error_from_event(self, payload: bytes, *, request_id: str | None) -> LLMError: ...
    def malformed(
        self, what: str, data: bytes, exc: ValidationError, request_id: str | None
    ) -> MalformedResponseError: ...


_DONE = b"[DONE]"


@dataclass
class _Call:
    index: int
    id: str | None
    name: str | None
    arguments: list[str] = field(default_factory=list)

    def is_complete(self) -> bool:
        """Whether the arguments so far are a whole JSON value: nothing can be appended to them."""
        # Arguments are a JSON object: one that does not end in a closing bracket is not whole, and
        # this check keeps a server that repeats the name on every fragment from parsing each time.
        last = next((piece.rstrip() for piece in reversed(self.arguments) if piece.strip()), "")
        if last[-1:] not in ("}", "]"):
            return False
        text = "".join(self.arguments)
        try:
            json.loads(text)
        except ValueError:
            return False
        return True


class ChatStreamParser:
    """Turns ``chat.completion.chunk`` events into llmkit chunks, one choice's state at a time."""

    def __init__(self, adapter: ChatDialect, context: ParseContext) -> None:
        self.ended = False
        self._adapter = adapter
        self._context = context
        # Validators called directly: no ``model_validate_json`` or ``__init__`` frame per event. The
        # chunk validators build a chunk from a dict of already validated values.
        self._validate = adapter.wire_chunk_model.__pydantic_validator__.validate_json
        self._new_text = TextChunk.__pydantic_validator__.validate_python
        self._new_reasoning = ReasoningChunk.__pydantic_validator__.validate_python
        self._usage: WireUsage | None = None
        self._tier: str | None = None
        self._finish: dict[int, str] = {}
        self._calls: dict[int, dict[int, _Call]] = {}
        self._call_counts: dict[int, int] = {}
        self._think: dict[int, ThinkTagSplitter] = {}

    def feed(self, event: SSEEvent) -> Sequence[StreamChunk]:
        data = event.data
        if data == _DONE:
            self.ended = True
            return ()
        if event.event == "error":  # whatever its data, JSON or not
            raise self._adapter.error_from_event(data, request_id=self._context.request_id)
        try:
            chunk: WireChunk = self._validate(data)
        except ValidationError as exc:
            raise self._adapter.malformed("chunk", data, exc, self._context.request_id) from None
        if chunk.error:
            raise self._adapter.error_from_event(data, request_id=self._context.request_id)
        usage = self._adapter.chunk_usage(chunk)
        if usage is not None:
            self._usage = usage
            self._tier = chunk.service_tier
        choices = chunk.choices
        if not choices:
            return ()
        out: list[StreamChunk] = []
        for choice in choices:
            index = choice.get("index", 0)
            delta = choice.get("delta")
            if delta is None:
                delta = choice.get("message")
            if delta:
                logprobs = choice.get("logprobs")
                if logprobs and logprobs.get("content"):
                    start = len(out)
                    self._delta(index, delta, out)
                    _attach_logprobs(out, start, logprobs.get("content") or ())
                else:
                    self._delta(index, delta, out)
            finish_reason = choice.get("finish_reason")
            if finish_reason:
                error = self._adapter.finish_reason_error(finish_reason, self._context)
                if error is not None:
                    raise error
                self._finish[index] = finish_reason
        return out

    def finish(self) -> Parsed:
        tail: list[StreamChunk] = []
        for choice, splitter in self._think.items():
            tail.extend(_piece(is_reasoning, text, choice) for is_reasoning, text in splitter.close())
        if not self.ended and not self._finish:
            raise StreamIncompleteError(
                "the stream ended without a finish reason or [DONE]: the answer may be cut short",
                provider=self._context.provider,
                request_id=self._context.request_id,
            )
        raw = self._finish.get(0) or next(iter(self._finish.values()), None)
        if raw is not None:
            reason = self._adapter.finish_reasons.get(raw, "other")
        else:
            reason = "tool_calls" if self._call_counts else "other"
        usage = self._adapter.usage_from_wire(self._usage) if self._usage is not None else None
        if usage is not None and self._tier is not None:
            usage = usage.model_copy(update={"service_tier": self._tier})
        return Parsed(tail, usage, DoneChunk(finish_reason=reason, raw_finish_reason=raw))

    def _delta(self, choice: int, delta: WireDelta, out: list[StreamChunk]) -> None:
        reasoning = delta.get("reasoning_content") or delta.get("reasoning")
        if reasoning:
            out.append(self._new_reasoning({"reasoning": reasoning, "choice": choice}))
        else:
            details = delta.get("reasoning_details")
            if details:
                text = "".join(d.text or d.summary or "" for d in details)
                if text:
                    out.append(ReasoningChunk(reasoning=text, choice=choice))
        content = delta.get("content")
        if content:
            if isinstance(content, str):
                self._text(choice, content, out)
            else:
                for part in content:
                    if part.text and part.type == "text":
                        self._text(choice, part.text, out)
                    elif part.thinking:
                        thought = (
                            part.thinking
                            if isinstance(part.thinking, str)
                            else "".join(p.text or "" for p in part.thinking)
                        )
                        if thought:
                            out.append(ReasoningChunk(reasoning=thought, choice=choice))
        refusal = delta.get("refusal")
        if refusal:
            out.append(RefusalChunk(refusal=refusal, choice=choice))
        tool_calls = delta.get("tool_calls")
        if tool_calls:
            for position, call in enumerate(tool_calls):
                self._tool_call(choice, position, call, out)

    def _text(self, choice: int, text: str, out: list[StreamChunk]) -> None:
        splitter = self._think.get(choice)
        if splitter is None:
            splitter = self._think[choice] = ThinkTagSplitter()
        elif splitter.passthrough:
            out.append(self._new_text({"delta": text, "choice": choice}))
            return
        out.extend(_piece(is_reasoning, piece, choice) for is_reasoning, piece in splitter.feed(text))

    def _tool_call(self, choice: int, position: int, call: WireToolCall, out: list[StreamChunk]) -> None:
        calls = self._calls.setdefault(choice, {})
        wire_index = call.index if call.index is not None else position
        function = call.function
        name = function.name if function is not None else None
        arguments = function.arguments if function is not None else None
        if arguments is not None and not isinstance(arguments, str):
            arguments = json.dumps(arguments, ensure_ascii=False, separators=(",", ":"))
        data = {"extra_content": call.extra_content} if call.extra_content else None
        call_id = call.id or None  # Gemini sends "" for "no id"
        known = calls.get(wire_index)
        fresh = known is None or _starts_another_call(known, call_id, name, arguments)
        if known is None or fresh:  # (known is None again for the type checker)
            count = self._call_counts.get(choice, 0)
            self._call_counts[choice] = count + 1
            known = calls[wire_index] = _Call(count, call_id, name)
            new_id, new_name = call_id, name
        else:
            # Ids and names repeated on later fragments are not news.
            new_id = call_id if call_id and not known.id else None
            new_name = name if name and not known.name else None
            if new_id:
                known.id = new_id
            if new_name:
                known.name = new_name
        if arguments:
            known.arguments.append(arguments)
        if fresh or arguments or new_id or new_name or data:
            out.append(
                ToolCallChunk(
                    index=known.index,
                    id=new_id,
                    name=new_name,
                    arguments_delta=arguments or "",
                    choice=choice,
                    provider_data=data,
                )
            )


def _starts_another_call(known: _Call, call_id: str | None, name: str | None, arguments: str | None) -> bool:
    """Whether a fragment at a call's index is really the next call.

    Some servers number every call of a batch 0 and tell them apart only by a new id; Gemini's
    compatible endpoint streams parallel calls whole, each at index 0 and without an id. A fragment
    that names a function again, or opens a JSON value, after the call's arguments are already whole
    JSON cannot belong to that call: appending to them would only make them invalid.
    """
    if call_id and known.id:
        return call_id != known.id
    renamed = bool(name) and bool(known.name)
    opens_value = arguments is not None and arguments.lstrip()[:1] in ("{", "[")
    return (renamed or opens_value) and known.is_complete()


def _attach_logprobs(out: list[StreamChunk], start: int, tokens: Sequence[WireTokenLogprob]) -> None:
    """Put the tokens' log probabilities on the first text chunk the event gave, if it gave one."""
    for position in range(start, len(out)):
        chunk = out[position]
        if isinstance(chunk, TextChunk):
            out[position] = chunk.model_copy(update={"logprobs": tuple(token_logprob(t) for t in tokens)})
            return


def token_logprob(wire: Mapping[str, Any]) -> TokenLogprob:
    """A Chat Completions (or Responses) logprob entry as llmkit's."""
    raw = wire.get("bytes")
    top = wire.get("top_logprobs") or ()
    return TokenLogprob(
        token=wire.get("token", ""),
        logprob=wire.get("logprob", 0.0),
        bytes=tuple(raw) if raw is not None else None,
        top_logprobs=tuple(token_logprob(alternative) for alternative in top),
    )


def _piece(is_reasoning: bool, text: str, choice: int) -> StreamChunk:
    """A piece of content that a ``<think>`` block may have made reasoning."""
    return ReasoningChunk(reasoning=text, choice=choice) if is_reasoning else TextChunk(delta=text, choice=choice)
