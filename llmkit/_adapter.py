"""The wire-adapter contract: what one protocol (Chat Completions, Anthropic Messages, …) supplies.

The handler (``ApiHandler``) is the client a user holds: settings, the HTTP client, retries,
deadlines, hooks, usage totals and cost. It holds one ``WireAdapter``, which knows nothing of any
of that. Data flows one way through it:

* down: ``build_request(conversation, options, model=…, stream=…)`` → an ``httpx.Request``;
* up: ``new_frame_decoder()`` cuts the body into events, ``new_stream_parser(context)`` turns
  them into chunks; ``parse_completion(body, context)`` reads a whole (non-streamed) answer;
* errors: the ``ErrorMapping`` half reads the provider's error bodies and words.

A parser is given a ``ParseContext`` (which request it reads) and the adapter that made it (the
protocol's tables: finish reasons, usage shape, error words), never the handler.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, NamedTuple, Protocol

import httpx

from ._chunks import DoneChunk, StreamChunk, Usage
from ._config import Settings
from ._conversation import Message
from ._errormap import ErrorMapping
from ._errors import InvalidRequestError
from ._lazy import publish
from ._options import BODY_OPTIONS, RequestOptions
from ._sse import SSEDecoder

__all__ = ["FrameDecoder", "ParseContext", "Parsed", "StreamParser", "WireAdapter", "put"]


@dataclass(frozen=True, slots=True)
class ParseContext:
    """Which request a parser reads: what its errors name."""

    provider: str
    model: str
    request_id: str | None = None


class Parsed(NamedTuple):
    """What a whole answer (or the end of a stream) comes to."""

    chunks: Sequence[StreamChunk]
    usage: Usage | None
    done: DoneChunk


class FrameDecoder(Protocol):
    """Cuts a response body into events as its bytes arrive (server-sent events by default)."""

    def feed(self, data: bytes) -> Sequence[Any]:
        """The events ``data`` completes."""
        ...

    def close(self) -> Sequence[Any]:
        """What the body ended in without its terminator (a last event, or nothing)."""
        ...


class StreamParser(Protocol):
    """Reads one stream's events into chunks."""

    ended: bool
    """Set once the provider's end marker (``[DONE]``, ``message_stop``, …) has been read."""

    def feed(self, event: Any) -> Sequence[StreamChunk]:
        """The chunks one event carries; raises an ``LLMError`` for an error event."""
        ...

    def finish(self) -> Parsed:
        """Chunks held back until the end, the stream's usage and its done chunk.

        Raises ``StreamIncompleteError`` if the stream was cut short.
        """
        ...


class WireAdapter(ErrorMapping, ABC):
    """One wire protocol, for one provider's settings. Subclass it for a new protocol.

    Class attributes are the protocol's data; a provider's quirk is a subclass that changes one
    attribute or overrides one named hook.
    """

    option_wire: ClassVar[Mapping[str, str | None]] = {}
    """Each of ``BODY_OPTIONS`` -> where the protocol sends it (a body field, dotted when nested), or
    ``None``: refused. The adapter's translation reads it and docs/options.md is generated from it."""
    option_refusals: ClassVar[Mapping[str, str]] = {}
    """What to say, option by option, when one is refused (what to do instead)."""
    stream_content_types: ClassVar[tuple[str, ...]] = ("text/event-stream",)
    """Content types a streamed answer may come in; anything else is an error body."""
    accept: ClassVar[str] = "text/event-stream"

    def __init__(self, settings: Settings, provider: str) -> None:
        self.settings = settings
        self.provider_name = provider

    def __repr__(self) -> str:
        return f"{type(self).__name__}(provider={self.provider_name!r}, base_url={self.settings.base_url!r})"

    @abstractmethod
    def build_request(
        self, conversation: list[Message], options: RequestOptions, *, model: str, stream: bool
    ) -> httpx.Request:
        """The HTTP request for a completion of ``conversation`` by ``model``, streamed or not."""

    @abstractmethod
    def new_stream_parser(self, context: ParseContext) -> StreamParser:
        """A fresh parser for one stream's events."""

    @abstractmethod
    def parse_completion(self, body: bytes, context: ParseContext) -> Parsed:
        """A non-streaming response body as the chunks, usage and done chunk a stream would give."""

    async def refresh_credentials(self) -> None:
        """Called before each call's request is built: where a short-lived token is renewed (in a
        worker thread if the renewal blocks). Nothing to do for a fixed key."""

    @classmethod
    def wire_names(cls) -> dict[str, str | None]:
        """Where each option goes, for docs/options.md: ``option_wire`` unless the adapter words it otherwise."""
        return dict(cls.option_wire)

    def refuse_unsupported(self, options: RequestOptions) -> None:
        """Refuse, before anything is sent, each option given that ``option_wire`` maps to ``None``."""
        wire = self.option_wire
        for name in BODY_OPTIONS:
            if getattr(options, name) not in (None, ()) and wire.get(name, "") is None:
                hint = self.option_refusals.get(name)
                raise InvalidRequestError(f"{self.provider_name} has no {name} option" + (f": {hint}" if hint else ""))

    def put_options(self, fields: dict[str, Any], options: RequestOptions, names: tuple[str, ...]) -> None:
        """Copy the options ``names`` that were given, as they are, to where ``option_wire`` sends them."""
        for name in names:
            value = getattr(options, name)
            if value is not None:
                wire = self.option_wire[name]
                if wire is not None:
                    put(fields, wire, value)

    def new_frame_decoder(self) -> FrameDecoder:
        """The decoder that cuts this protocol's stream into events."""
        return SSEDecoder()

    def base_headers(self) -> dict[str, str]:
        """Headers every request carries, before the adapter adds its authentication."""
        return {"accept": self.accept, **self.settings.headers}

    @staticmethod
    def post(url: str, body: Any, headers: Mapping[str, str]) -> httpx.Request:
        """A POST of ``body`` as JSON to ``url``: the request every adapter sends."""
        return httpx.Request("POST", _parsed_url(url), json=body, headers=headers)


@lru_cache(maxsize=256)
def _parsed_url(url: str) -> httpx.URL:
    # A handler posts to the same few URLs call after call; httpx's check of a URL string, character
    # by character, costs about as much as encoding the body. Its parsed form is immutable.
    return httpx.URL(url)


def put(body: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at a dotted ``path`` of ``body`` (``generationConfig.topP``), making the objects on the way."""
    *parents, last = path.split(".")
    for key in parents:
        body = body.setdefault(key, {})
    body[last] = value


publish(globals(), "llmkit")
