"""A whole answer: what ``complete()`` returns and what ``stream.collect()`` builds from chunks."""

from __future__ import annotations

import copy
import json
import secrets
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ._chunks import DoneChunk, FinishReason, ReasoningStateChunk, StreamChunk, TokenLogprob, ToolCallChunk, Usage
from ._errors import StructuredOutputError, ToolArgumentsError, validation_problem
from ._lazy import publish

__all__ = [
    "Completion",
    "ReasoningBlock",
    "ToolCall",
    "ToolCallAssembler",
]


class ToolCall(BaseModel):
    """One complete tool call: its id, the tool's name and the JSON text of its arguments.

    ``provider_data`` is opaque state the provider attached to the call (Gemini's thought
    signature); ``to_wire()`` carries it so that the adapter can send it back.
    """

    model_config = ConfigDict(frozen=True)

    id: str | None
    name: str
    arguments: str
    provider_data: dict[str, Any] | None = None

    @property
    def parsed_arguments(self) -> dict[str, Any]:
        """The arguments as a dict (``{}`` for a call with none); a typed error if not JSON."""
        if not self.arguments.strip():
            return {}
        try:
            value = json.loads(self.arguments)
        except ValueError as exc:
            raise ToolArgumentsError(
                f"tool call {self.name!r} has arguments that are not JSON: {exc}", body=self.arguments
            ) from exc
        if not isinstance(value, dict):
            raise ToolArgumentsError(
                f"tool call {self.name!r} has arguments that are not a JSON object", body=self.arguments
            )
        return value

    def to_wire(self) -> dict[str, Any]:
        """The call as an assistant message carries it (OpenAI shape; adapters translate)."""
        wire: dict[str, Any] = {
            "id": self.id,
            "type": "function",
            "function": {"name": self.name, "arguments": self.arguments},
        }
        if self.provider_data is not None:
            wire["provider_data"] = copy.deepcopy(self.provider_data)  # the message must not alias this call
        return wire


class ReasoningBlock(BaseModel):
    """One block of reasoning as the provider delimited it, with the opaque state it came with.

    ``signature`` authenticates ``text``; ``encrypted`` is reasoning the provider withheld. A
    provider that checks them (Anthropic) wants both back exactly as they were given.
    """

    model_config = ConfigDict(frozen=True)

    text: str = ""
    signature: str | None = None
    encrypted: str | None = None
    provider_data: dict[str, Any] | None = None
    """The rest of the provider's reasoning item, opaque (OpenAI Responses: its id and summary parts)."""
    origin: str | None = None
    """The protocol that produced the block; adapters send back only their own."""

    def to_wire(self) -> dict[str, Any]:
        """The block as an assistant message carries it in ``reasoning_blocks`` (adapters translate)."""
        if self.provider_data is not None:
            wire: dict[str, Any] = {"text": self.text, "provider_data": copy.deepcopy(self.provider_data)}
            if self.encrypted is not None:
                wire["encrypted"] = self.encrypted
        elif self.encrypted is not None:
            wire = {"encrypted": self.encrypted}
        else:
            wire = {"text": self.text, "signature": self.signature}
        if self.origin is not None:
            wire["origin"] = self.origin
        return wire


class Completion(BaseModel):
    """A finished answer: text, reasoning, tool calls, usage with cost, and why it ended."""

    model_config = ConfigDict(frozen=True)

    text: str = ""
    reasoning: str = ""
    reasoning_blocks: tuple[ReasoningBlock, ...] = ()
    """The reasoning in the provider's blocks with their signatures (or encrypted data); empty when
    the provider sent no such state, and then ``reasoning`` is all there is to send back."""
    refusal: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage | None = None
    finish_reason: FinishReason
    raw_finish_reason: str | None = None
    request_id: str | None = None
    parsed: Any = None
    """With a pydantic model as ``response_format``: the validated instance of it."""
    logprobs: tuple[TokenLogprob, ...] | None = None
    """The answer's tokens with their log probabilities, when the call asked for ``logprobs``."""

    def to_message(self) -> dict[str, Any]:
        """The assistant turn to append to the conversation for the next request (an agent loop).

        Each tool call carries its ``provider_data`` (Gemini 3's thought signature), which only an
        adapter whose provider wants it back sends. Reasoning travels along as ``reasoning_content``,
        and as ``reasoning_blocks`` (a list of ``{"text", "signature"}`` or ``{"encrypted"}`` dicts)
        when the provider gave state to send back with it: adapters keep, translate or drop them as
        their provider requires (DeepSeek wants ``reasoning_content`` back exactly on turns that
        called tools, Anthropic its signed thinking blocks; the Chat Completions adapters never send
        ``reasoning_blocks``).
        """
        message: dict[str, Any] = {"role": "assistant", "content": self.text or None}
        if self.tool_calls:
            message["tool_calls"] = [call.to_wire() for call in self.tool_calls]
        if self.reasoning:
            message["reasoning_content"] = self.reasoning
        if self.reasoning_blocks:
            message["reasoning_blocks"] = [block.to_wire() for block in self.reasoning_blocks]
        if message["content"] is None and not self.tool_calls:
            message["content"] = ""
        return message


class ToolCallAssembler:
    """Joins ``ToolCallChunk`` fragments into whole calls, in the order the calls began.

    A call that ends without an id (Gemini's compatible endpoint sends none) gets a made-up one
    of OpenAI's shape, ``call_`` and 24 hex digits: a tool's answer must name the call it answers.
    """

    def __init__(self) -> None:
        self._calls: dict[int, dict[str, Any]] = {}

    def add(self, chunk: ToolCallChunk) -> None:
        call = self._calls.setdefault(chunk.index, {"id": None, "name": "", "arguments": [], "provider_data": None})
        if chunk.id and not call["id"]:
            call["id"] = chunk.id
        if chunk.name and not call["name"]:
            call["name"] = chunk.name
        if chunk.arguments_delta:
            call["arguments"].append(chunk.arguments_delta)
        if chunk.provider_data:
            call["provider_data"] = _merged(call["provider_data"] or {}, chunk.provider_data)

    def calls(self) -> tuple[ToolCall, ...]:
        return tuple(
            ToolCall(
                id=c["id"] or c.setdefault("made_up_id", f"call_{secrets.token_hex(12)}"),
                name=c["name"],
                arguments="".join(c["arguments"]),
                provider_data=c["provider_data"],
            )
            for _, c in sorted(self._calls.items())
        )


def _merged(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``old`` updated with ``new``, nested dicts merged (a later fragment adds, never erases)."""
    out = dict(old)
    for key, value in new.items():
        before = out.get(key)
        out[key] = _merged(before, value) if isinstance(before, dict) and isinstance(value, dict) else value
    return out


def completion_from_chunks(
    chunks: Iterable[StreamChunk], *, request_id: str | None = None, model: type[BaseModel] | None = None
) -> Completion:
    """The ``Completion`` a whole stream of chunks adds up to (choice 0)."""
    text: list[str] = []
    reasoning: list[str] = []
    blocks: list[ReasoningBlock] = []
    block_start = 0  # where in ``reasoning`` the block being read began
    refusal: list[str] = []
    tools = ToolCallAssembler()
    usage: Usage | None = None
    done: DoneChunk | None = None
    logprobs: list[TokenLogprob] | None = None
    for chunk in chunks:
        if chunk.type == "usage":
            usage = chunk.usage
        elif chunk.type == "done":
            done = chunk
        elif chunk.choice != 0:
            continue
        elif chunk.type == "text":
            text.append(chunk.delta)
            if chunk.logprobs is not None:
                logprobs = logprobs if logprobs is not None else []
                logprobs.extend(chunk.logprobs)
        elif chunk.type == "reasoning":
            reasoning.append(chunk.reasoning)
        elif chunk.type == "reasoning_state":
            _end_block(blocks, reasoning, block_start, chunk)
            block_start = len(reasoning)
        elif chunk.type == "refusal":
            refusal.append(chunk.refusal)
        elif chunk.type == "tool_call":
            tools.add(chunk)
    if done is None:
        raise ValueError("a completion needs the stream's done chunk")
    if blocks and any(reasoning[block_start:]):  # reasoning after the last signed block: unsigned
        blocks.append(ReasoningBlock(text="".join(reasoning[block_start:])))
    answer = "".join(text)
    parsed = None if model is None else _parse(model, answer, refusal)
    return Completion(
        text=answer,
        reasoning="".join(reasoning),
        reasoning_blocks=tuple(blocks),
        refusal="".join(refusal) or None,
        tool_calls=tools.calls(),
        usage=usage,
        finish_reason=done.finish_reason,
        raw_finish_reason=done.raw_finish_reason,
        request_id=request_id,
        parsed=parsed,
        logprobs=None if logprobs is None else tuple(logprobs),
    )


def _end_block(blocks: list[ReasoningBlock], reasoning: list[str], start: int, state: ReasoningStateChunk) -> None:
    """Close the block ``state`` ends: a signed block is the reasoning since ``start``; an encrypted
    one stands alone, after the reasoning before it (if any) as an unsigned block, unless the chunk
    carries the rest of a reasoning item (``provider_data``): that item holds the reasoning before it."""
    if state.encrypted is None or state.provider_data is not None:
        blocks.append(
            ReasoningBlock(
                text="".join(reasoning[start:]),
                signature=state.signature,
                encrypted=state.encrypted,
                provider_data=state.provider_data,
                origin=state.origin,
            )
        )
        return
    if any(reasoning[start:]):
        blocks.append(ReasoningBlock(text="".join(reasoning[start:])))
    blocks.append(ReasoningBlock(signature=state.signature, encrypted=state.encrypted, origin=state.origin))


def _parse(model: type[BaseModel], text: str, refusal: list[str]) -> BaseModel:
    if refusal:
        raise StructuredOutputError(f"the model refused instead of answering: {''.join(refusal)}", body=text)
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        raise StructuredOutputError(
            f"the reply does not match {model.__name__}: {validation_problem(exc)}", body=text
        ) from exc


publish(globals(), "llmkit")
