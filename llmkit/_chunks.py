"""The closed set of typed chunks a stream yields, and the normalised token usage.

Every chunk is a frozen pydantic model with a ``type`` discriminator. Chunks also answer the
read-only mapping protocol (``"delta" in chunk``, ``chunk["delta"]``, ``chunk.get("done")``,
``chunk.keys()``) so that code written against the plain dicts of earlier SDKs keeps working.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from ._lazy import publish

__all__ = [
    "DoneChunk",
    "FinishReason",
    "ReasoningChunk",
    "ReasoningStateChunk",
    "RefusalChunk",
    "StreamChunk",
    "TextChunk",
    "TokenLogprob",
    "ToolCallChunk",
    "Usage",
    "UsageChunk",
]


FinishReason = Literal["stop", "length", "tool_calls", "content_filter", "other"]
"""Why generation ended, normalised across providers; the provider's own word is kept beside it."""


class _MappingAccess(BaseModel):
    """Read-only mapping access over a fixed set of keys (the model's public fields)."""

    model_config = ConfigDict(frozen=True)

    _mapping_keys: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._mapping_keys = frozenset(cls.model_fields)

    def __contains__(self, key: object) -> bool:
        return key in self._mapping_keys

    def __getitem__(self, key: str) -> Any:
        if key in self._mapping_keys:
            return getattr(self, key)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        """Like ``dict.get``: the value for ``key``, or ``default`` when the chunk has no such key."""
        if key in self._mapping_keys:
            return getattr(self, key)
        return default

    def keys(self) -> list[str]:
        """The keys this object answers to, as a plain dict of it would have."""
        return list(type(self).model_fields)

    def values(self) -> list[Any]:
        return [getattr(self, key) for key in type(self).model_fields]

    def items(self) -> list[tuple[str, Any]]:
        return [(key, getattr(self, key)) for key in type(self).model_fields]

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]  # a mapping iterates its keys
        return iter(type(self).model_fields)

    def __len__(self) -> int:
        return len(type(self).model_fields)


class Usage(_MappingAccess):
    """Token usage of one request, with one meaning for every provider.

    ``input_tokens`` counts every prompt token, cache reads and cache writes included, whatever
    the provider's own convention; ``output_tokens`` counts every completion token, reasoning
    included. ``cache_read_tokens`` and ``cache_write_tokens`` are the prompt tokens read from
    and written to the provider's prompt cache; ``cache_write_1h_tokens`` is the part of
    ``cache_write_tokens`` written with a 1-hour lifetime (Anthropic bills those higher than
    5-minute writes; every other provider reports 0). ``reasoning_tokens`` is the part of
    ``output_tokens`` spent reasoning. ``cost`` is in USD, or ``None`` when no price is known
    (never a silent zero).
    """

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    """Every prompt token written to the cache, whatever its lifetime (1-hour writes included)."""
    cache_write_1h_tokens: int = 0
    """The part of ``cache_write_tokens`` written with a 1-hour lifetime (Anthropic's ``ttl: "1h"``)."""
    reasoning_tokens: int = 0
    cost: Decimal | None = None
    service_tier: str | None = None
    """The tier that served the request, as the provider reports it (``default``, ``flex``,
    ``priority``, ``standard``…), or ``None`` when it reports none; the cost is that tier's."""

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    def __add__(self, other: Usage) -> Usage:
        if not isinstance(other, Usage):
            return NotImplemented
        cost = None if self.cost is None or other.cost is None else self.cost + other.cost
        counts = {kind: getattr(self, kind) + getattr(other, kind) for kind in TOKEN_KINDS}
        tier = self.service_tier if self.service_tier == other.service_tier else None
        return Usage(**counts, cost=cost, service_tier=tier)

    def __radd__(self, other: object) -> Usage:
        # ``sum(usages)`` starts from 0.
        if other == 0:
            return self
        return NotImplemented

    def __str__(self) -> str:
        cost = "unknown" if self.cost is None else f"${self.cost}"
        write_1h = f" of which 1h {self.cache_write_1h_tokens}" if self.cache_write_1h_tokens else ""
        return (
            f"input={self.input_tokens} (cache read {self.cache_read_tokens}, "
            f"cache write {self.cache_write_tokens}{write_1h}) output={self.output_tokens} "
            f"(reasoning {self.reasoning_tokens}) cost={cost}"
        )


TOKEN_KINDS: tuple[str, ...] = tuple(name for name, field in Usage.model_fields.items() if field.annotation is int)
"""The token counts a usage carries, as ``Usage`` declares them (where a new kind is added, once)."""


class TokenLogprob(BaseModel):
    """One generated token, its log probability, and (with ``top_logprobs``) the likeliest alternatives."""

    model_config = ConfigDict(frozen=True)

    token: str
    logprob: float
    bytes: tuple[int, ...] | None = None
    """The token's UTF-8 bytes, where the provider gives them (a token may be part of a character)."""
    top_logprobs: tuple[TokenLogprob, ...] = ()


class TextChunk(_MappingAccess):
    """A piece of the answer text; ``logprobs`` are its tokens' when the call asked for them."""

    type: Literal["text"] = "text"
    delta: str
    choice: int = 0
    logprobs: tuple[TokenLogprob, ...] | None = None


class ReasoningChunk(_MappingAccess):
    """A piece of the model's reasoning (DeepSeek ``reasoning_content`` and its peers)."""

    type: Literal["reasoning"] = "reasoning"
    reasoning: str
    choice: int = 0


class ReasoningStateChunk(_MappingAccess):
    """Reasoning state the provider wants back, verbatim, with the turn it belongs to; nothing to show.

    ``signature`` ends a reasoning block the provider signed: it covers the reasoning since the
    previous block ended (Anthropic's ``signature_delta``). ``encrypted`` is a block of reasoning
    the provider withheld, as opaque data (Anthropic's ``redacted_thinking``).
    ``provider_data`` is the rest of a reasoning item the provider wants back with it (OpenAI
    Responses: the item's ``id`` and its summary parts); such a chunk ends a block holding the
    reasoning since the previous block ended, its ``encrypted`` data included.
    ``origin`` names the protocol that produced it (``"anthropic"``, ``"bedrock"``, ``"gemini"``,
    ``"openai-responses"``): a signature is only valid where it was made, so each adapter sends back
    only its own (and blocks of no stated origin).
    ``Completion.reasoning_blocks`` and ``to_message()`` keep all of it for the next request.
    """

    type: Literal["reasoning_state"] = "reasoning_state"
    signature: str | None = None
    encrypted: str | None = None
    choice: int = 0
    provider_data: dict[str, Any] | None = None
    origin: str | None = None


class RefusalChunk(_MappingAccess):
    """A piece of a refusal the model gave instead of an answer (OpenAI ``delta.refusal``)."""

    type: Literal["refusal"] = "refusal"
    refusal: str
    choice: int = 0


class ToolCallChunk(_MappingAccess):
    """A fragment of a tool call.

    ``index`` identifies the call within its choice (llmkit's own numbering, unique per call even
    when a provider reuses one index for several calls). ``id`` and ``name`` arrive on the first
    fragment of a call; ``arguments_delta`` pieces concatenate, in order, to the JSON arguments.
    ``provider_data`` is opaque state the provider attached to the call (Gemini's thought
    signature) that must go back with it, unchanged, in the next request.
    """

    type: Literal["tool_call"] = "tool_call"
    index: int
    id: str | None = None
    name: str | None = None
    arguments_delta: str = ""
    choice: int = 0
    provider_data: dict[str, Any] | None = None


class UsageChunk(_MappingAccess):
    """The usage of the whole stream; at most one, just before the done chunk."""

    type: Literal["usage"] = "usage"
    usage: Usage


class DoneChunk(_MappingAccess):
    """The last chunk of every stream that ended normally."""

    type: Literal["done"] = "done"
    done: Literal[True] = True
    finish_reason: FinishReason
    raw_finish_reason: str | None = None


StreamChunk = Annotated[
    Union[TextChunk, ReasoningChunk, ReasoningStateChunk, RefusalChunk, ToolCallChunk, UsageChunk, DoneChunk],
    Field(discriminator="type"),
]
"""Any chunk a stream yields; match on ``type`` or ``isinstance``."""


publish(globals(), "llmkit")
