"""The event-stream decoder and the stream's end rules, on hand-written bodies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpx import HTTPXMock, IteratorStream

import llmkit
from llmkit._sse import SSEDecoder, SSEEvent

from ._helpers import collect, pieces

pytestmark = pytest.mark.anyio


def decode(body: bytes, read_size: int = 0) -> list[SSEEvent]:
    decoder = SSEDecoder()
    events = []
    for piece in pieces(body, read_size):
        events += decoder.feed(piece)
    return events + decoder.close()


@pytest.mark.parametrize("read_size", [1, 2, 3, 0])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_every_line_ending_gives_the_same_events(newline: bytes, read_size: int) -> None:
    body = newline.join([b"data: one", b"", b"event: error", b"data: two", b"", b""])
    assert decode(body, read_size) == [SSEEvent("", b"one"), SSEEvent("error", b"two")]


def test_crlf_split_across_reads_is_one_line_break() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert decoder.feed(b"\n\r") == [SSEEvent("", b"a")]
    assert decoder.feed(b"\ndata: b\r\n\r\n") == [SSEEvent("", b"b")]


def test_a_whole_crlf_event_per_read_is_one_event_and_hidden_breaks_still_split_lines() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b'data: {"a": 1}\r\n\r\n') == [SSEEvent("", b'{"a": 1}')]
    assert decoder.feed(b"data: x\rdata: y\r\n\r\n") == [SSEEvent("", b"x\ny")]
    assert decoder.feed(b"data: p\ndata: q\r\n\r\n") == [SSEEvent("", b"p\nq")]
    assert decoder.feed(b"data: s\rdata: t\n\n") == [SSEEvent("", b"s\nt")]
    assert decoder.feed(b"event: u\rdata: v\n\n") == [SSEEvent("u", b"v")]
    assert decoder.feed(b"event: w\ndata: x\rdata: y\n\n") == [SSEEvent("w", b"x\ny")]


def test_comments_are_skipped_and_multiline_data_is_joined() -> None:
    body = b": keep-alive\n\n: OPENROUTER PROCESSING\ndata: first\ndata:second\ndata:  third\n\n"
    assert decode(body) == [SSEEvent("", b"first\nsecond\n third")]


def test_unknown_fields_and_leading_space_lines_are_ignored() -> None:
    # " data: x" is a field named " data" by the specification, not a data line.
    assert decode(b" data: lost\n\nid: 7\nretry: 10\nfoo: bar\ndata: kept\n\n") == [SSEEvent("", b"kept")]


def test_bom_at_start_is_skipped_and_utf8_split_across_reads_survives() -> None:
    body = "\ufeffdata: héllo 😊\n\n".encode()
    assert decode(body, 1) == [SSEEvent("", "héllo 😊".encode())]


def test_unterminated_final_event_is_returned_at_close() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n\ndata: [DONE]") == [SSEEvent("", b"a")]
    assert decoder.close() == [SSEEvent("", b"[DONE]")]


def test_a_line_without_end_is_refused_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llmkit._sse, "MAX_EVENT_BYTES", 10)
    decoder = SSEDecoder()
    assert decoder.feed(b"data: xxxx") == []
    with pytest.raises(ValueError, match="line is longer than 10"):
        decoder.feed(b"x")


def test_an_event_of_many_short_data_lines_is_refused_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llmkit._sse, "MAX_EVENT_BYTES", 10)
    with pytest.raises(ValueError, match="event is longer than 10"):
        decode(b"data: abcd\ndata: abcd\ndata: abcd\n\n")  # each line fits, their 14 characters do not


def test_a_line_just_under_16_mib_in_small_reads_is_one_pass_of_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # The decoder this replaced re-copied the growing line on every read: 43 s of CPU for this body.
    handed: list[int] = []

    class CountingLineDecoder(llmkit._sse._LineDecoder):
        def decode(self, text: str) -> list[str]:
            handed.append(len(text))
            return super().decode(text)

    monkeypatch.setattr(llmkit._sse, "_LineDecoder", CountingLineDecoder)
    payload = b"x" * (llmkit._sse.MAX_EVENT_BYTES - 6)
    body = b"data: " + payload + b"\n\n"
    events = decode(body, 1460)
    assert events == [SSEEvent("", payload)]
    # Every byte read is handed on once, never again with the next read (+ 2: close() ends the body's last line).
    assert sum(handed) == len(body) + 2


async def test_a_16_mib_line_in_small_reads_is_refused_once_past_the_bound(httpx_mock: HTTPXMock) -> None:
    reads = 0

    def endless_line() -> Iterator[bytes]:
        nonlocal reads
        piece = b"x" * 1460
        yield b"data: "
        while True:  # 32 MiB and more would follow: the stream must stop long before
            reads += 1
            yield piece

    httpx_mock.add_response(headers={"content-type": "text/event-stream"}, stream=IteratorStream(endless_line()))
    handler = llmkit.create_api_handler(api_provider="openai", api_key="k", model_name="gpt-4o", max_retries=0)
    stream = await handler.create_message(None, [{"role": "user", "content": "hi"}])
    with pytest.raises(llmkit.MalformedResponseError, match="line is longer than 16777216 bytes"):
        await collect(stream)
    assert reads == (llmkit._sse.MAX_EVENT_BYTES - 6) // 1460 + 1, "refused at the read that passed the bound"


def test_an_event_without_data_dispatches_nothing() -> None:
    # After an id, httpx-sse alone would dispatch an empty event at every blank line, keep-alives included.
    body = b"id: 1\n\nevent: ping\n\nretry: 5\n\nid: 2\ndata: a\n\n: keep-alive\n\n: keep-alive\n\ndata:\n\n"
    assert decode(body) == [SSEEvent("", b"a"), SSEEvent("", b"")]


def test_an_explicit_message_event_is_a_plain_event() -> None:
    assert decode(b"event: message\ndata: a\n\nevent: error\ndata: b\n\n") == [
        SSEEvent("", b"a"),
        SSEEvent("error", b"b"),
    ]


def test_only_a_leading_bom_is_dropped() -> None:
    body = "\ufeffdata: a\ufeff\n\n\ufeffdata: lost\n\n".encode()
    assert decode(body, 1) == [SSEEvent("", "a\ufeff".encode())]


def test_bytes_go_through_as_received_even_invalid_utf8() -> None:
    # The JSON parser reads the data bytes and names invalid UTF-8 itself; the event name is decoded.
    decoder = SSEDecoder()
    assert decoder.feed(b"event: caf\xc3") == []
    assert decoder.feed(b"\xa9\ndata: a\xffb \xf0\x9f") == []
    assert decoder.feed(b"\x98\x8a\n\ndata: \xc3") == [SSEEvent("café", "a\udcffb 😊".encode(errors="surrogateescape"))]
    assert decoder.close() == [SSEEvent("", b"\xc3")]


@pytest.mark.parametrize(
    ("read", "events"),
    [
        (b"event: response.completed\ndata: {}\n\n", [SSEEvent("response.completed", b"{}")]),
        (b"event: a\ndata: 1\ndata: 2\n\n", [SSEEvent("a", b"1\n2")]),
        (b"event: a\nid: 7\ndata: 1\n\n", [SSEEvent("a", b"1")]),
        (b"event: a\ndata: 1\n\nevent: b\ndata: 2\n\n", [SSEEvent("a", b"1"), SSEEvent("b", b"2")]),
        (b"event: a\n\n", []),
    ],
)
def test_a_named_event_in_one_read_is_read_as_any_other(read: bytes, events: list[SSEEvent]) -> None:
    assert SSEDecoder().feed(read) == events


@given(st.lists(st.binary(max_size=40), max_size=8), st.integers(min_value=1, max_value=9))
def test_read_boundaries_never_change_the_events(lines: list[bytes], read_size: int) -> None:
    body = b"".join(b"data: " + line.replace(b"\r", b"").replace(b"\n", b"") + b"\r\n\r\n" for line in lines)
    assert decode(body, read_size) == decode(body)


_LINE = st.text(st.characters(exclude_characters="\r\n", exclude_categories=("Cs",)), max_size=12)


@given(
    st.lists(st.lists(_LINE, min_size=1, max_size=3), max_size=5),
    st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=4),
    st.integers(min_value=1, max_value=9),
)
def test_any_mix_of_line_endings_and_reads_gives_the_events_written(
    events: list[list[str]], newlines: list[str], read_size: int
) -> None:
    lines = [": keep-alive", ""]
    for data_lines in events:
        lines += ["id: 3", *(f"data: {line}" for line in data_lines), ""]
    text = ""
    for i, line in enumerate(lines):
        newline = newlines[i % len(newlines)]
        # A CR then an LF would be one CRLF: the LF that follows a CR-ended line comes as a CRLF.
        text += line + ("\r\n" if newline == "\n" and text.endswith("\r") and not line else newline)
    body = text.encode()
    assert decode(body, read_size) == [SSEEvent("", "\n".join(data_lines).encode()) for data_lines in events]


@given(st.lists(st.tuples(st.sampled_from(["", "event: delta\n", "id: 3\n"]), st.lists(_LINE, min_size=1, max_size=2))))
def test_one_event_per_read_gives_the_events_written(events: list[tuple[str, list[str]]]) -> None:
    # Mostly the common read, one whole data event with nothing pending, between others.
    decoder = SSEDecoder()
    seen = decoder.feed(b": hello\n\n")
    for prefix, data_lines in events:
        seen += decoder.feed((prefix + "".join(f"data: {line}\n" for line in data_lines) + "\n").encode())
    seen += decoder.close()
    expected = [
        SSEEvent(prefix[7:-1] if prefix.startswith("event") else "", "\n".join(data).encode())
        for prefix, data in events
    ]
    assert seen == expected


# -- stream endings through the public API ------------------------------------------------------


def chunk(delta: dict[str, object] | None = None, finish: str | None = None, **extra: object) -> str:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    return json.dumps({"id": "x", "object": "chat.completion.chunk", "choices": choices, **extra})


def body_of(*events: str, done: bool = True, newline: str = "\n") -> bytes:
    text = "".join(f"data: {e}{newline}{newline}" for e in events)
    if done:
        text += f"data: [DONE]{newline}{newline}"
    return text.encode()


async def stream_of(httpx_mock: HTTPXMock, body: bytes, read_size: int = 3) -> llmkit.ApiStream:
    httpx_mock.add_response(
        headers={"content-type": "text/event-stream"}, stream=IteratorStream(list(pieces(body, read_size)))
    )
    handler = llmkit.create_api_handler(api_provider="openai", api_key="k", model_name="gpt-4o", max_retries=0)
    return await handler.create_message("be brief", [{"role": "user", "content": "hi"}])


USAGE = {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
async def test_stream_with_finish_reason_but_no_done_marker_ends_normally(httpx_mock: HTTPXMock, newline: str) -> None:
    body = body_of(chunk({"content": "Hi"}), chunk({}, "stop", usage=USAGE), done=False, newline=newline)
    result = await collect(await stream_of(httpx_mock, body))
    assert result.content == "Hi"
    assert result.done is not None and result.done.finish_reason == "stop"
    assert result.usage is not None and result.usage.input_tokens == 5


async def test_stream_cut_before_finish_and_done_raises(httpx_mock: HTTPXMock) -> None:
    stream = await stream_of(httpx_mock, body_of(chunk({"content": "Hel"}), done=False))
    seen = []
    with pytest.raises(llmkit.StreamIncompleteError, match="cut short"):
        async for c in stream:
            seen.append(c)
    assert [c.delta for c in seen if c.type == "text"] == ["Hel"]


async def test_truncated_last_event_raises_instead_of_pretending_to_be_done(httpx_mock: HTTPXMock) -> None:
    body = body_of(chunk({"content": "Hel"}), done=False) + b'data: {"choices":[{"index":0,"delta":{"cont'
    with pytest.raises(llmkit.StreamIncompleteError, match="middle of an event"):
        await collect(await stream_of(httpx_mock, body))


async def test_done_marker_without_finish_reason_is_a_normal_end(httpx_mock: HTTPXMock) -> None:
    result = await collect(await stream_of(httpx_mock, body_of(chunk({"content": "ok"}))))
    assert result.done is not None
    assert (result.done.finish_reason, result.done.raw_finish_reason) == ("other", None)


async def test_empty_choices_chunks_and_usage_on_a_chunk_with_choices(httpx_mock: HTTPXMock) -> None:
    body = body_of(
        chunk(None, prompt_filter_results=[]),  # Azure's opening chunk: no choices at all
        chunk({"content": "A"}),
        chunk({"content": "B"}, "stop", usage=USAGE),  # DeepSeek puts usage on the last content chunk
        chunk(None),
    )
    result = await collect(await stream_of(httpx_mock, body))
    assert result.content == "AB"
    # gpt-4o: $2.50 per million input tokens, $10.00 per million output tokens.
    assert result.usage == llmkit.Usage(input_tokens=5, output_tokens=2, cost=Decimal("0.0000325"))
    assert isinstance(result.chunks[-2], llmkit.UsageChunk) and isinstance(result.chunks[-1], llmkit.DoneChunk)


async def test_usage_repeated_on_every_chunk_keeps_the_last(httpx_mock: HTTPXMock) -> None:
    body = body_of(
        chunk({"content": "A"}, usage={"prompt_tokens": 5, "completion_tokens": 1}),
        chunk({"content": "B"}, "stop", usage={"prompt_tokens": 5, "completion_tokens": 2}),
        done=False,
    )
    result = await collect(await stream_of(httpx_mock, body))
    assert result.usage is not None
    assert (result.usage.input_tokens, result.usage.output_tokens) == (5, 2)


async def test_malformed_json_raises_a_typed_error_naming_the_problem(httpx_mock: HTTPXMock) -> None:
    stream = await stream_of(httpx_mock, body_of(chunk({"content": "A"}), "{not json"))
    with pytest.raises(llmkit.MalformedResponseError, match="malformed chunk") as caught:
        await collect(stream)
    assert caught.value.body == "{not json"


async def test_json_of_the_wrong_shape_is_malformed_too(httpx_mock: HTTPXMock) -> None:
    stream = await stream_of(httpx_mock, body_of(json.dumps({"choices": "nope"})))
    with pytest.raises(llmkit.MalformedResponseError):
        await collect(stream)


async def test_event_error_field_raises(httpx_mock: HTTPXMock) -> None:
    body = body_of(chunk({"content": "A"})).replace(b"data: [DONE]", b'event: error\ndata: {"message": "boom"}')
    with pytest.raises(llmkit.LLMError, match="boom"):
        await collect(await stream_of(httpx_mock, body))


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("text/html", b"<html>Bad gateway</html>"), ("application/json", b'{"id": "x", "choices": []}')],
)
async def test_a_200_that_is_not_an_event_stream_is_refused(
    httpx_mock: HTTPXMock, content_type: str, body: bytes
) -> None:
    httpx_mock.add_response(headers={"content-type": content_type}, content=body)
    handler = llmkit.create_api_handler(api_provider="openai", api_key="k", model_name="gpt-4o", max_retries=0)
    with pytest.raises(llmkit.MalformedResponseError, match="expected an event stream"):
        await handler.create_message(None, [{"role": "user", "content": "hi"}])


@pytest.mark.parametrize(
    ("first", "second", "events"),
    [
        (b"data: a\n", b"data: b\n\n", [SSEEvent("", b"a\nb")]),  # data pending: the read completes its event
        (b"event: delta\n", b"data: b\n\n", [SSEEvent("delta", b"b")]),  # an event name pending
        (b"data: a", b"data: b\n\n", [SSEEvent("", b"adata: b")]),  # a line pending: the read continues it
        (b"\xef\xbb", b"\xbfdata: b\n\n", [SSEEvent("", b"b")]),  # a BOM pending
        (b"event: delta\n", b"event: other\ndata: b\n\n", [SSEEvent("other", b"b")]),
        (b"data: a\n", b"event: other\ndata: b\n\n", [SSEEvent("other", b"a\nb")]),
        (b"data: a\n", b"data: b\r\n\r\n", [SSEEvent("", b"a\nb")]),
    ],
)
def test_a_whole_event_in_one_read_joins_what_the_reads_before_left_pending(
    first: bytes, second: bytes, events: list[SSEEvent]
) -> None:
    decoder = SSEDecoder()
    assert decoder.feed(first) == []
    assert decoder.feed(second) == events
    assert decoder.feed(b"data: c\n\n") == [SSEEvent("", b"c")]  # and nothing stays pending after it


def test_bom_bytes_after_the_first_event_are_not_a_bom() -> None:
    # "\ufeffdata" is then a field of that name, which the specification ignores.
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n\n") == [SSEEvent("", b"a")]
    assert decoder.feed(b"\xef\xbb\xbfdata: b\n\n") == []
    assert decoder.feed(b"data: c\n\n") == [SSEEvent("", b"c")]


@pytest.mark.parametrize(
    ("read", "event"),
    [
        (b'data: {"a": 1}\n\n', SSEEvent("", b'{"a": 1}')),  # OpenAI
        (b'data: {"a": 1}\r\n\r\n', SSEEvent("", b'{"a": 1}')),  # Gemini
        (b'event: delta\ndata: {"a": 1}\n\n', SSEEvent("delta", b'{"a": 1}')),  # Anthropic, Responses
        (b"event: message\ndata: x\n\n", SSEEvent("", b"x")),
        (b"data: \n\n", SSEEvent("", b"")),
    ],
)
def test_the_common_reads_are_taken_as_they_stand(
    monkeypatch: pytest.MonkeyPatch, read: bytes, event: SSEEvent
) -> None:
    # The hot path (module docstring): one whole event per read, nothing pending, no line decoder.
    handed: list[str] = []

    class CountingLineDecoder(llmkit._sse._LineDecoder):
        def decode(self, text: str) -> list[str]:
            handed.append(text)
            return super().decode(text)

    monkeypatch.setattr(llmkit._sse, "_LineDecoder", CountingLineDecoder)
    decoder = SSEDecoder()
    assert decoder.feed(b": the first read is checked for a BOM\n\n") == []
    handed.clear()
    assert decoder.feed(read) == [event]
    assert decoder.feed(read) == [event]
    assert handed == []


@pytest.mark.parametrize("pending", [b"", b"event: d\n"], ids=["one read", "after a pending name"])
def test_an_event_may_carry_exactly_the_bound_in_data_and_not_a_byte_more(
    monkeypatch: pytest.MonkeyPatch, pending: bytes
) -> None:
    # The same rule whether the read is taken as it stands or through the line decoder.
    monkeypatch.setattr(llmkit._sse, "MAX_EVENT_BYTES", 10)
    decoder = SSEDecoder()
    decoder.feed(b":\n\n" + pending)  # past the first read (a BOM?)
    assert [event.data for event in decoder.feed(b"data: 0123456789\n\n")] == [b"0123456789"]
    decoder.feed(pending)
    assert [event.data for event in decoder.feed(b"data: 01234\ndata: 6789\n\n")] == [b"01234\n6789"]
    decoder.feed(pending)
    with pytest.raises(ValueError, match=r"^an event-stream event is longer than 10 bytes$"):
        decoder.feed(b"data: 0123456789X\n\n")


def test_a_cr_that_ends_a_read_ends_its_line_and_event_with_that_read() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b":\n") == []
    assert decoder.feed(b"data: a\r\r") == [SSEEvent("", b"a")]
    assert decoder.feed(b"\ndata: b\r") == []  # that LF made a CRLF with the CR before it
    assert decoder.feed(b"\r") == [SSEEvent("", b"b")]
    assert SSEDecoder().feed(b"data: c\r\r") == [SSEEvent("", b"c")]  # the body's first read too


def test_the_line_bound_counts_the_part_of_a_line_that_came_with_earlier_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llmkit._sse, "MAX_EVENT_BYTES", 10)
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n\ndata: 0123") == [SSEEvent("", b"a")]  # 10 characters of a line pending
    with pytest.raises(ValueError, match="line is longer than 10"):
        decoder.feed(b"4")
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n\n:\n") == [SSEEvent("", b"a")]  # every line ended: none pending
    assert decoder.feed(b"data: 0123") == []  # exactly the bound
    with pytest.raises(ValueError, match="line is longer than 10"):
        decoder.feed(b"4")


def test_a_read_that_ends_lines_and_leaves_too_long_a_line_pending_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llmkit._sse, "MAX_EVENT_BYTES", 10)
    with pytest.raises(ValueError, match=r"^an event-stream line is longer than 10 bytes$"):
        SSEDecoder().feed(b"data: a\n\ndata: 01234")


def test_a_field_value_may_hold_colons_and_a_whole_line_is_bounded_too(monkeypatch: pytest.MonkeyPatch) -> None:
    assert decode(b": hi\nevent: tool:call\ndata: x\n\n") == [SSEEvent("tool:call", b"x")]
    monkeypatch.setattr(llmkit._sse, "MAX_EVENT_BYTES", 10)
    decoder = SSEDecoder()
    assert decoder.feed(b"event: abc\n") == []  # exactly the bound
    with pytest.raises(ValueError, match=r"^an event-stream line is longer than 10 bytes$"):
        decoder.feed(b"event: abcd\n")


def test_a_bare_data_line_is_an_empty_data_line_and_a_name_not_utf8_is_replaced() -> None:
    # The specification: a line with no colon is a field with that name and an empty value.
    assert decode(b"data\n\n: next\ndata\ndata: x\n\n") == [SSEEvent("", b""), SSEEvent("", b"\nx")]
    assert decode(b"event: caf\xff\ndata: x\n\n") == [SSEEvent("caf\ufffd", b"x")]
