"""SSEDecoder: the same events for every way of cutting the same bytes.

The property test builds arbitrary event lists, serialises them with LF, CRLF or CR line
endings, cuts the bytes at arbitrary points and checks the decoder against the events it
was built from. The fixture tests push real recorded provider streams through the whole
SSE -> chat stream decoder pipeline whole, line by line and byte by byte.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_sdk_integrations.providers.openai.chat import OpenAIChatCodec
from ai_sdk_integrations.providers.openai.dialect import ChatDialect
from ai_sdk_integrations.spec import CallOptions, StreamPart, UserMessage
from ai_sdk_integrations.spec.prompt import TextPart
from ai_sdk_integrations.transport.framing.sse import ServerSentEvent, SSEDataDecoder, SSEDecoder

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "openai_chat"
STREAM_FIXTURES = sorted(path.name for path in FIXTURES.glob("*.sse"))


def decode(chunks: Iterable[bytes]) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    events.extend(decoder.finish())
    return events


def cut(body: bytes, points: Iterable[int]) -> list[bytes]:
    bounds = [0, *sorted(points), len(body)]
    return [body[a:b] for a, b in itertools.pairwise(bounds)]


# -- property test ------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One event as written: comments before it, optional event name / id, data lines."""

    comments: tuple[str, ...]
    event: str | None
    id: str | None
    data: tuple[str, ...]


# Any text without line breaks; explicitly mix in multi-byte UTF-8 (2, 3 and 4 bytes) and
# characters that str.splitlines (but not the SSE grammar) treats as line breaks.
_tricky = st.sampled_from(
    ["é", "ß", "日本語", "€", "🙂", "👩‍💻", "\u2028", "\x85", "\x0b", "\x1c", ":", " ", "\t"]
)
_plain = st.characters(exclude_categories=("Cs",), exclude_characters="\r\n")
_line = st.lists(st.one_of(_plain, _tricky), max_size=12).map("".join)
_id = st.lists(st.one_of(_plain.filter(lambda c: c != "\0"), _tricky), max_size=6).map("".join)
_spec = st.builds(
    Spec,
    comments=st.lists(_line, max_size=2).map(tuple),
    event=st.none() | _line,
    id=st.none() | _id,
    data=st.lists(_line, min_size=1, max_size=4).map(tuple),
)


def serialise(specs: Sequence[Spec], newline: str, final_blank_line: bool) -> bytes:
    lines: list[str] = []
    for spec in specs:
        lines.extend(f":{comment}" for comment in spec.comments)
        if spec.event is not None:
            lines.append(f"event: {spec.event}")
        if spec.id is not None:
            lines.append(f"id: {spec.id}")
        lines.extend(f"data: {value}" for value in spec.data)
        lines.append("")
    if specs and not final_blank_line:
        lines.pop()  # the last event is only terminated by finish()
    return "".join(line + newline for line in lines).encode("utf-8")


def expected_events(specs: Sequence[Spec]) -> list[ServerSentEvent]:
    events: list[ServerSentEvent] = []
    last_id: str | None = None  # the last event id persists until changed
    for spec in specs:
        if spec.id is not None:
            last_id = spec.id
        events.append(ServerSentEvent("\n".join(spec.data), spec.event, last_id, None))
    return events


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    specs=st.lists(_spec, max_size=5),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    final_blank_line=st.booleans(),
    data=st.data(),
)
def test_any_chunking_yields_the_events_written(
    specs: list[Spec], newline: str, final_blank_line: bool, data: st.DataObject
) -> None:
    body = serialise(specs, newline, final_blank_line)
    points = data.draw(st.lists(st.integers(0, len(body)), max_size=12), label="cut points")
    whole = decode([body])
    chunked = decode(cut(body, points))
    assert chunked == whole
    assert whole == expected_events(specs)


# -- examples -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b": keep-alive\n\n", []),
        (b"data: a\n\n", [ServerSentEvent("a")]),
        (b"data:a\n\n", [ServerSentEvent("a")]),  # the space after ":" is optional
        (b"data:  a\n\n", [ServerSentEvent(" a")]),  # ... and only one is stripped
        (b"data\n\n", [ServerSentEvent("")]),  # a field without ":" has an empty value
        (b"data: a\ndata: b\n\n", [ServerSentEvent("a\nb")]),
        (b"data: \ndata: \n\n", [ServerSentEvent("\n")]),
        (b"event: ping\n\ndata: x\n\n", [ServerSentEvent("x")]),  # no data: no event, name reset
        (b"event: update\ndata: x\n\n", [ServerSentEvent("x", "update")]),
        (b"id: 7\ndata: a\n\ndata: b\n\n", [ServerSentEvent("a", id="7"), ServerSentEvent("b", id="7")]),
        (b"id: a\0b\ndata: x\n\n", [ServerSentEvent("x")]),  # an id with NUL is ignored
        (b"retry: 1500\ndata: x\n\n", [ServerSentEvent("x", retry=1500)]),
        (b"retry: soon\ndata: x\n\n", [ServerSentEvent("x")]),
        (b"unknown: y\ndata: x\n\n", [ServerSentEvent("x")]),
        (b"data: x", [ServerSentEvent("x")]),  # flushed by finish() without a line ending
        (b"data: x\r", [ServerSentEvent("x")]),
        (b"data: a\r\rdata: b\r\r", [ServerSentEvent("a"), ServerSentEvent("b")]),
        (b"data: a\r\n\r\ndata: b\n\n", [ServerSentEvent("a"), ServerSentEvent("b")]),
        ("data: 日本🙂\n\n".encode(), [ServerSentEvent("日本🙂")]),
        (b"", []),
    ],
)
def test_examples(body: bytes, expected: list[ServerSentEvent]) -> None:
    assert decode([body]) == expected
    assert decode([body[i : i + 1] for i in range(len(body))]) == expected


def test_crlf_split_between_chunks_is_one_line_ending() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    # "\n" completes "\r\n"; only the next "\r\n" is the blank line that dispatches.
    assert decoder.feed(b"\n") == []
    assert decoder.feed(b"\r\n") == [ServerSentEvent("a")]
    assert decoder.finish() == []


def test_multibyte_character_split_between_chunks() -> None:
    encoded = "data: é🙂\n\n".encode()
    for point in range(len(encoded) + 1):
        assert decode([encoded[:point], encoded[point:]]) == [ServerSentEvent("é🙂")]


def test_events_are_returned_as_soon_as_their_blank_line_arrives() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: one\n") == []
    assert decoder.feed(b"\ndata: two\n") == [ServerSentEvent("one")]
    assert decoder.finish() == [ServerSentEvent("two")]


# -- real streams through the whole pipeline ------------------------------------------


def stream_parts(chunks: Iterable[bytes]) -> tuple[list[StreamPart], int]:
    codec = OpenAIChatCodec("test-model", ChatDialect("openai"), new_id=lambda: "generated-id")
    decoder = codec.stream_decoder(CallOptions(prompt=[UserMessage([TextPart("hi")])]))
    sse = SSEDecoder()
    parts: list[StreamPart] = []
    events = 0
    for chunk in chunks:
        for event in sse.feed(chunk):
            events += 1
            parts.extend(decoder.feed(event.data))
    for event in sse.finish():
        events += 1
        parts.extend(decoder.feed(event.data))
    parts.extend(decoder.finish())
    return parts, events


@pytest.mark.parametrize("name", STREAM_FIXTURES)
def test_fixture_stream_is_independent_of_chunking(name: str) -> None:
    body = (FIXTURES / name).read_bytes()
    data_lines = sum(1 for line in body.splitlines() if line.startswith(b"data:"))

    whole, events = stream_parts([body])
    assert events == data_lines  # every "data:" line of these streams is one event
    assert whole[-1].type == "finish"
    assert not any(part.type == "error" for part in whole)

    by_line, _ = stream_parts(body.splitlines(keepends=True))
    by_byte, _ = stream_parts(body[i : i + 1] for i in range(len(body)))
    by_seven, _ = stream_parts(body[i : i + 7] for i in range(0, len(body), 7))
    assert by_line == whole
    assert by_byte == whole
    assert by_seven == whole


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_fixture_stream_with_other_line_endings(newline: bytes) -> None:
    body = (FIXTURES / "deepseek-tool-call.sse").read_bytes()
    converted = body.replace(b"\n", newline)
    assert stream_parts([converted]) == stream_parts([body])
    assert stream_parts(converted[i : i + 1] for i in range(len(converted))) == stream_parts([body])


# -- the data-only decoder the codecs read through ------------------------------------


def decode_data(chunks: Iterable[bytes]) -> list[str]:
    decoder = SSEDataDecoder()
    data: list[str] = []
    for chunk in chunks:
        data.extend(decoder.feed(chunk))
    data.extend(decoder.finish())
    return data


_field_like = st.sampled_from(
    [
        b"data",
        b"data:",
        b"data: ",
        b"dataset: x",
        b"datum:",
        b"event: e",
        b"id: 1",
        b"retry: 9",
        b": c",
        b"\n",
        b"\r",
        b"\r\n",
        b"x",
        b" data: y",
        "é🙂".encode(),
        b"\xff",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.one_of(_field_like, st.binary(max_size=6)), max_size=30),
    data=st.data(),
)
def test_the_data_decoder_reads_any_bytes_as_the_full_decoder_does(
    pieces: list[bytes], data: st.DataObject
) -> None:
    """Whatever the bytes and however they are cut, the codecs' data-only decoder
    yields exactly the ``data`` of the events the full decoder yields."""
    body = b"".join(pieces)
    points = data.draw(st.lists(st.integers(0, len(body)), max_size=12), label="cut points")
    expected = [event.data for event in decode([body])]
    assert decode_data([body]) == expected
    assert decode_data(cut(body, points)) == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(_spec, max_size=5), newline=st.sampled_from(["\n", "\r\n", "\r"]), data=st.data())
def test_the_data_decoder_yields_the_data_written(
    specs: list[Spec], newline: str, data: st.DataObject
) -> None:
    body = serialise(specs, newline, final_blank_line=True)
    points = data.draw(st.lists(st.integers(0, len(body)), max_size=12), label="cut points")
    assert decode_data(cut(body, points)) == ["\n".join(spec.data) for spec in specs]
