"""EventStreamDecoder on real and reference bytes, for every way of cutting them.

Sources (details in tests/fixtures/aws_eventstream/README.md): botocore's own decoder
test cases (inline below, as upstream), the AWS SDKs' event stream test vectors (via
smithy-typescript), and a real Amazon Bedrock ConverseStream response recorded by the
Vercel AI SDK maintainers. The hypothesis tests encode arbitrary messages with a small
encoder written here from the format description, cross-check it against botocore's
decoder when botocore is installed, and then check that any cutting of the bytes gives
the same messages and that garbage or corrupted bytes only ever raise
InvalidResponseDataError.
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib.util
import itertools
import json
import struct
import uuid
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_sdk_integrations.spec.errors import InvalidResponseDataError
from ai_sdk_integrations.transport.framing.aws_eventstream import (
    MAX_HEADERS_LENGTH,
    MAX_MESSAGE_LENGTH,
    EventStreamDecoder,
    EventStreamMessage,
    HeaderValue,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "aws_eventstream"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

needs_botocore = pytest.mark.skipif(importlib.util.find_spec("botocore") is None, reason="needs botocore")


def decode(chunks: Iterable[bytes]) -> list[EventStreamMessage]:
    decoder = EventStreamDecoder()
    messages: list[EventStreamMessage] = []
    for chunk in chunks:
        messages.extend(decoder.feed(chunk))
    messages.extend(decoder.finish())
    return messages


def decode_until_error(chunks: Iterable[bytes]) -> tuple[list[EventStreamMessage], str | None]:
    """Messages before the first error, and that error's message (None if there was none)."""
    decoder = EventStreamDecoder()
    messages: list[EventStreamMessage] = []
    try:
        for chunk in chunks:
            messages.extend(decoder.feed(chunk))
        messages.extend(decoder.finish())
    except InvalidResponseDataError as exc:
        return messages, str(exc)
    return messages, None


def cut(body: bytes, points: Iterable[int]) -> list[bytes]:
    bounds = [0, *sorted(points), len(body)]
    return [body[a:b] for a, b in itertools.pairwise(bounds)]


def byte_by_byte(body: bytes) -> list[bytes]:
    return [body[i : i + 1] for i in range(len(body))]


def message_ends(body: bytes) -> list[int]:
    """Offsets where the messages of a valid stream end, read from their preludes."""
    ends: list[int] = []
    at = 0
    while at < len(body):
        at += struct.unpack_from("!I", body, at)[0]
        ends.append(at)
    return ends


# -- botocore's test cases (boto/botocore tests/unit/test_eventstream.py) ---------------

EMPTY_MESSAGE = b"\x00\x00\x00\x10\x00\x00\x00\x00\x05\xc2H\xeb}\x98\xc8\xff"
INT8_HEADER = b"\x00\x00\x00\x17\x00\x00\x00\x07)\x86\x01X\x04byte\x02\xff\xc2\xf8i\xdc"
INT16_HEADER = b"\x00\x00\x00\x19\x00\x00\x00\tq\x0e\x92>\x05short\x03\xff\xff\xb2|\xb6\xcc"
INT32_HEADER = (
    b"\x00\x00\x00\x1d\x00\x00\x00\r\x83\xe3\xf0\xe7\x07integer\x04\xff\xff\xff\xff\x8b\x8e\x12\xeb"
)
INT64_HEADER = (
    b"\x00\x00\x00\x1e\x00\x00\x00\x0e]J\xdb\x8d\x04long\x05\xff\xff\xff\xff\xff\xff\xff\xffK\xc22\xda"
)
PAYLOAD_NO_HEADERS = b"\x00\x00\x00\x1d\x00\x00\x00\x00\xfdR\x8cZ{'foo':'bar'}\xc3e96"
PAYLOAD_ONE_STR_HEADER = (
    b"\x00\x00\x00=\x00\x00\x00 \x07\xfd\x83\x96\x0ccontent-type\x07\x00\x10"
    b"application/json{'foo':'bar'}\x8d\x9c\x08\xb1"
)
ALL_HEADERS_TYPES = (
    b"\x00\x00\x00\x62\x00\x00\x00\x52\x03\xb5\xcb\x9c"
    b"\x010\x00\x011\x01\x012\x02\x02\x013\x03\x00\x03"
    b"\x014\x04\x00\x00\x00\x04\x015\x05\x00\x00\x00\x00\x00\x00\x00\x05"
    b"\x016\x06\x00\x05bytes\x017\x07\x00\x04utf8"
    b"\x018\x08\x00\x00\x00\x00\x00\x00\x00\x08\x019\x090123456789abcdef"
    b"\x63\x35\x36\x71"
)
ERROR_EVENT_MESSAGE = (
    b"\x00\x00\x00\x52\x00\x00\x00\x42\xbf\x23\x63\x7e"
    b"\x0d:message-type\x07\x00\x05error"
    b"\x0b:error-code\x07\x00\x04code"
    b"\x0e:error-message\x07\x00\x07message"
    b"\x6b\x6c\xea\x3d"
)

BOTOCORE_POSITIVE: list[tuple[str, bytes, dict[str, HeaderValue], bytes]] = [
    ("empty-message", EMPTY_MESSAGE, {}, b""),
    ("int8-header", INT8_HEADER, {"byte": -1}, b""),
    ("int16-header", INT16_HEADER, {"short": -1}, b""),
    ("int32-header", INT32_HEADER, {"integer": -1}, b""),
    ("int64-header", INT64_HEADER, {"long": -1}, b""),
    ("payload-no-headers", PAYLOAD_NO_HEADERS, {}, b"{'foo':'bar'}"),
    (
        "payload-one-str-header",
        PAYLOAD_ONE_STR_HEADER,
        {"content-type": "application/json"},
        b"{'foo':'bar'}",
    ),
    (
        "all-header-types",
        ALL_HEADERS_TYPES,
        {
            "0": True,
            "1": False,
            "2": 0x02,
            "3": 0x03,
            "4": 0x04,
            "5": 0x05,
            "6": b"bytes",
            "7": "utf8",
            # botocore keeps the raw values: 0x08 (ms) and b"0123456789abcdef".
            "8": EPOCH + dt.timedelta(milliseconds=8),
            "9": uuid.UUID(bytes=b"0123456789abcdef"),
        },
        b"",
    ),
    (
        "error-event",
        ERROR_EVENT_MESSAGE,
        {":message-type": "error", ":error-code": "code", ":error-message": "message"},
        b"",
    ),
]

BOTOCORE_NEGATIVE: list[tuple[str, bytes]] = [
    ("corrupted-length", b"\x01\x00\x00\x1d\x00\x00\x00\x00\xfdR\x8cZ{'foo':'bar'}\xc3e96"),
    ("corrupted-payload", b"\x00\x00\x00\x1d\x00\x00\x00\x00\xfdR\x8cZ{'foo':'bar'\x8d\xc3e96"),
    (
        "corrupted-headers",
        b"\x00\x00\x00=\x00\x00\x00 \x07\xfd\x83\x96\x0ccontent+type\x07\x00\x10"
        b"application/json{'foo':'bar'}\x8d\x9c\x08\xb1",
    ),
    (
        "corrupted-headers-length",
        b"\x00\x00\x00=\xff\x00\x01\x02\x07\xfd\x83\x96\x0ccontent-type\x07\x00"
        b"\x10application/json{'foo':'bar'}\x8d\x9c\x08\xb1",
    ),
    (
        "duplicate-headers",
        b"\x00\x00\x00\x24\x00\x00\x00\x14\x4b\xb9\x82\xd0\x04test\x04asdf\x04test\x04asdf\xf3\xf4\x75\x63",
    ),
    (
        "invalid-headers-length",  # checksums match; the headers length is over the limit
        b"\x00\x00\x00\x3d\xff\x00\x01\x02\x15\x83\xf5\xc2"
        b"\x0ccontent-type\x07\x00\x10application/json{'foo':'bar'}\x2f\x37\x7f\x5d",
    ),
    (
        "invalid-payload-length",  # checksums match; the message is over the limit
        b"\x01\x80\x00\x21\x00\x00\x00\x00\xdd\x3f\x33\xb1" + b"0" * (24 * 1024**2 + 1) + b"\x2a\xb4\xc5\xa5",
    ),
]

# Streams that botocore's tests deliver in these exact network chunks.
BOTOCORE_CHUNKED: list[tuple[str, list[bytes], dict[str, HeaderValue], bytes]] = [
    (
        "event-id",
        [
            b"\x00\x00\x00+\x00\x00\x00\x0e4\x8b\xec{\x08event-id\x04\x00",
            b"\x00\xa0\x0c{'foo':'bar'}\xd3\x89\x02\x85",
        ],
        {"event-id": 0x0000A00C},
        b"{'foo':'bar'}",
    ),
    (
        "initial-response",
        [
            b"\x00\x00\x00~\x00\x00\x00O\xc5\xa3\xdd\xc6\r:message-type\x07\x00",
            b"\x05event\x0b:event-type\x07\x00\x10initial-response\r:content-type",
            b'\x07\x00\ttext/json{"InitialResponse": "sometext"}\xf6\x98$\x83',
        ],
        {":message-type": "event", ":event-type": "initial-response", ":content-type": "text/json"},
        b'{"InitialResponse": "sometext"}',
    ),
]


@pytest.mark.parametrize(
    ("encoded", "headers", "payload"),
    [case[1:] for case in BOTOCORE_POSITIVE],
    ids=[case[0] for case in BOTOCORE_POSITIVE],
)
def test_botocore_positive_cases(encoded: bytes, headers: dict[str, HeaderValue], payload: bytes) -> None:
    expected = [EventStreamMessage(headers, payload)]
    assert decode([encoded]) == expected
    assert decode(byte_by_byte(encoded)) == expected
    assert list(decode([encoded])[0].headers) == list(headers)  # wire order kept


def test_botocore_positive_cases_back_to_back() -> None:
    body = b"".join(case[1] for case in BOTOCORE_POSITIVE)
    expected = [EventStreamMessage(case[2], case[3]) for case in BOTOCORE_POSITIVE]
    assert decode([body]) == expected
    assert decode(byte_by_byte(body)) == expected


@pytest.mark.parametrize(
    "encoded", [case[1] for case in BOTOCORE_NEGATIVE], ids=[case[0] for case in BOTOCORE_NEGATIVE]
)
def test_botocore_negative_cases(encoded: bytes) -> None:
    with pytest.raises(InvalidResponseDataError):
        decode([encoded])


@pytest.mark.parametrize(
    ("chunks", "headers", "payload"),
    [case[1:] for case in BOTOCORE_CHUNKED],
    ids=[case[0] for case in BOTOCORE_CHUNKED],
)
def test_botocore_chunked_streams(
    chunks: list[bytes], headers: dict[str, HeaderValue], payload: bytes
) -> None:
    decoder = EventStreamDecoder()
    assert all(decoder.feed(chunk) == [] for chunk in chunks[:-1])
    assert decoder.feed(chunks[-1]) == [EventStreamMessage(headers, payload)]
    assert decoder.finish() == []


# -- the AWS SDKs' test vectors (smithy-typescript TestVectors.fixture.ts) ---------------

VECTORS: dict[str, Any] = json.loads((FIXTURES / "smithy-eventstream-test-vectors.json").read_text())


def typed_value(spec: Mapping[str, Any]) -> HeaderValue:
    kind, value = spec["type"], spec["value"]
    if kind == "binary":
        return bytes.fromhex(value)
    if kind == "timestamp":
        return EPOCH + dt.timedelta(milliseconds=value)
    if kind == "uuid":
        return uuid.UUID(value)
    assert isinstance(value, bool | int | str)
    return value


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_aws_sdk_test_vectors(name: str) -> None:
    vector = VECTORS[name]
    encoded = bytes.fromhex(vector["encoded_hex"])
    if vector["expectation"] == "failure":
        with pytest.raises(InvalidResponseDataError):
            decode([encoded])
        return
    decoded = vector["decoded"]
    headers = {key: typed_value(spec) for key, spec in decoded["headers"].items()}
    expected = [EventStreamMessage(headers, bytes.fromhex(decoded["body_hex"]))]
    assert decode([encoded]) == expected
    assert decode(byte_by_byte(encoded)) == expected


def test_aws_sdk_vector_header_types() -> None:
    (message,) = decode([bytes.fromhex(VECTORS["all_headers"]["encoded_hex"])])
    assert message.headers["timestamp"] == dt.datetime(1970, 1, 1, 2, 24, 35, 309000, tzinfo=dt.UTC)
    assert message.headers["uuid"] == uuid.UUID("01020304-0506-0708-090a-0b0c0d0e0f10")
    assert message.headers["byte"] == -49
    assert message.headers["bool true"] is True
    assert message.headers["bool false"] is False


# -- a real Bedrock ConverseStream response ---------------------------------------------

BEDROCK = json.loads((FIXTURES / "issue-18994-live-converse-stream.json").read_text())
BEDROCK_BODY = base64.b64decode(BEDROCK["response"]["bodyBase64"])


def test_bedrock_converse_stream_recording() -> None:
    assert BEDROCK["response"]["contentType"] == "application/vnd.amazon.eventstream"
    messages = decode([BEDROCK_BODY])
    assert [m.event_type for m in messages] == [
        "messageStart",
        "contentBlockDelta",
        "contentBlockDelta",
        "contentBlockStop",
        "messageStop",
        "metadata",
    ]
    assert {m.message_type for m in messages} == {"event"}
    assert all(m.exception_type is None for m in messages)
    assert {m.headers[":content-type"] for m in messages} == {"application/json"}

    events = [json.loads(m.payload) for m in messages]
    assert events[0]["role"] == "assistant"
    text = "".join(e["delta"]["text"] for e in events if "delta" in e)
    assert text == BEDROCK["observed"]["text"] == "OK."
    assert events[4]["stopReason"] == "end_turn"
    usage = events[5]["usage"]
    assert (usage["inputTokens"], usage["outputTokens"]) == (
        BEDROCK["observed"]["inputTokens"],
        BEDROCK["observed"]["outputTokens"],
    )


def test_bedrock_recording_byte_by_byte_and_in_every_two_piece_cut() -> None:
    whole = decode([BEDROCK_BODY])
    assert decode(byte_by_byte(BEDROCK_BODY)) == whole
    for point in range(len(BEDROCK_BODY) + 1):
        assert decode(cut(BEDROCK_BODY, [point])) == whole


@needs_botocore
def test_bedrock_recording_matches_botocore() -> None:
    from botocore.eventstream import EventStreamBuffer

    buffer = EventStreamBuffer()
    buffer.add_data(BEDROCK_BODY)
    theirs = [(dict(m.headers), m.payload) for m in buffer]
    assert [(dict(m.headers), m.payload) for m in decode([BEDROCK_BODY])] == theirs


def test_finish_inside_a_message_raises_and_at_a_boundary_does_not() -> None:
    boundaries = set(message_ends(BEDROCK_BODY))
    assert len(boundaries) == 6
    for end in range(1, len(BEDROCK_BODY)):
        decoder = EventStreamDecoder()
        decoder.feed(BEDROCK_BODY[:end])
        if end in boundaries:
            assert decoder.finish() == []
        else:
            with pytest.raises(InvalidResponseDataError, match="incomplete message"):
                decoder.finish()


# -- hand-made corruption with valid checksums ------------------------------------------


def frame(raw_headers: bytes, payload: bytes = b"", *, total: int | None = None) -> bytes:
    """Frame raw header bytes with correct checksums (and optionally a lying length)."""
    total_length = 16 + len(raw_headers) + len(payload) if total is None else total
    prelude = struct.pack("!II", total_length, len(raw_headers))
    prelude += struct.pack("!I", zlib.crc32(prelude))
    body = prelude + raw_headers + payload
    return body + struct.pack("!I", zlib.crc32(body))


@pytest.mark.parametrize(
    "raw_headers",
    [
        b"\x04name\x0a",  # type 10 does not exist
        b"\x04name\x07\x00\x02\xff\xfe",  # string that is not UTF-8
        b"\x02\xff\xfe\x00",  # name that is not UTF-8
        b"\x04name\x07\x00\x10short",  # string longer than the headers section
        b"\x04name\x04\x00\x00",  # int32 cut short
        b"\x04name",  # no type byte
        b"\x10name",  # name longer than the headers section
        b"\x04name\x08\x7f\xff\xff\xff\xff\xff\xff\xff",  # timestamp beyond year 9999
        b"\x04name\x09" + b"\x00" * 15,  # uuid cut short
    ],
)
def test_malformed_headers_with_valid_checksums(raw_headers: bytes) -> None:
    with pytest.raises(InvalidResponseDataError):
        decode([frame(raw_headers, b"payload")])


def test_lengths_are_checked_as_soon_as_the_prelude_arrives() -> None:
    too_long = frame(b"", total=MAX_MESSAGE_LENGTH + 1)[:12]
    with pytest.raises(InvalidResponseDataError, match="message length"):
        EventStreamDecoder().feed(too_long)
    too_short = frame(b"", total=15)[:12]
    with pytest.raises(InvalidResponseDataError, match="message length"):
        EventStreamDecoder().feed(too_short)
    too_many_headers = struct.pack("!II", 1024, MAX_HEADERS_LENGTH + 1)
    with pytest.raises(InvalidResponseDataError, match="headers length"):
        EventStreamDecoder().feed(too_many_headers + struct.pack("!I", zlib.crc32(too_many_headers)))
    headers_overflow = struct.pack("!II", 20, 5)
    with pytest.raises(InvalidResponseDataError, match="does not fit"):
        EventStreamDecoder().feed(headers_overflow + struct.pack("!I", zlib.crc32(headers_overflow)))


def test_a_message_of_the_maximum_length_is_accepted() -> None:
    payload = b"x" * (MAX_MESSAGE_LENGTH - 16)
    assert decode([frame(b"", payload)]) == [EventStreamMessage({}, payload)]


def test_messages_before_a_corruption_come_out_first() -> None:
    good = PAYLOAD_ONE_STR_HEADER
    bad = BOTOCORE_NEGATIVE[1][1]
    decoder = EventStreamDecoder()
    assert (
        decoder.feed(good + good + bad)
        == [EventStreamMessage({"content-type": "application/json"}, b"{'foo':'bar'}")] * 2
    )
    with pytest.raises(InvalidResponseDataError, match="checksum"):
        decoder.finish()
    with pytest.raises(InvalidResponseDataError):  # and it stays failed
        decoder.feed(good)


def test_message_properties() -> None:
    exception = EventStreamMessage(
        {
            ":message-type": "exception",
            ":exception-type": "throttlingException",
            ":content-type": "application/json",
        },
        b'{"message":"Too many requests"}',
    )
    assert exception.message_type == "exception"
    assert exception.exception_type == "throttlingException"
    assert exception.event_type is None
    assert EventStreamMessage().headers == {}
    assert EventStreamMessage({":event-type": 7}).event_type is None  # not a string header


# -- property tests ------------------------------------------------------------------

_TYPE_CODES = {"byte": (2, "!b"), "short": (3, "!h"), "int": (4, "!i"), "long": (5, "!q")}


def encode_value(kind: str, value: HeaderValue) -> bytes:
    if kind == "bool":
        return b"\x00" if value else b"\x01"
    if kind in _TYPE_CODES:
        code, fmt = _TYPE_CODES[kind]
        return bytes([code]) + struct.pack(fmt, value)
    if kind == "bytes":
        assert isinstance(value, bytes)
        return b"\x06" + struct.pack("!H", len(value)) + value
    if kind == "string":
        assert isinstance(value, str)
        raw = value.encode()
        return b"\x07" + struct.pack("!H", len(raw)) + raw
    if kind == "timestamp":
        assert isinstance(value, dt.datetime)
        millis = (value - EPOCH) // dt.timedelta(milliseconds=1)
        return b"\x08" + struct.pack("!q", millis)
    assert isinstance(value, uuid.UUID)
    return b"\x09" + value.bytes


def kind_of(value: HeaderValue) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "long"
    if isinstance(value, bytes):
        return "bytes"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.datetime):
        return "timestamp"
    return "uuid"


def encode(message: EventStreamMessage, kinds: Mapping[str, str] | None = None) -> bytes:
    raw = b""
    for name, value in message.headers.items():
        raw_name = name.encode()
        kind = (kinds or {}).get(name) or kind_of(value)
        raw += bytes([len(raw_name)]) + raw_name + encode_value(kind, value)
    return frame(raw, message.payload)


_names = st.text(min_size=1, max_size=12).filter(lambda name: len(name.encode()) <= 255)
_ms = st.integers(min_value=-62_135_596_800_000, max_value=253_402_300_799_999)  # years 1..9999
_typed_values = st.one_of(
    st.tuples(st.just("bool"), st.booleans()),
    st.tuples(st.just("byte"), st.integers(-(2**7), 2**7 - 1)),
    st.tuples(st.just("short"), st.integers(-(2**15), 2**15 - 1)),
    st.tuples(st.just("int"), st.integers(-(2**31), 2**31 - 1)),
    st.tuples(st.just("long"), st.integers(-(2**63), 2**63 - 1)),
    st.tuples(st.just("bytes"), st.binary(max_size=40)),
    st.tuples(st.just("string"), st.text(max_size=20)),
    st.tuples(st.just("timestamp"), _ms.map(lambda ms: EPOCH + dt.timedelta(milliseconds=ms))),
    st.tuples(st.just("uuid"), st.uuids()),
)


@st.composite
def messages(draw: st.DrawFn) -> tuple[EventStreamMessage, bytes]:
    typed = draw(st.dictionaries(_names, _typed_values, max_size=6))
    message = EventStreamMessage(
        {name: value for name, (_, value) in typed.items()}, draw(st.binary(max_size=64))
    )
    return message, encode(message, {name: kind for name, (kind, _) in typed.items()})


@st.composite
def streams(draw: st.DrawFn) -> tuple[list[EventStreamMessage], bytes]:
    drawn = draw(st.lists(messages(), max_size=5))
    real = draw(
        st.lists(st.sampled_from([BEDROCK_BODY, *[case[1] for case in BOTOCORE_POSITIVE]]), max_size=2)
    )
    parts = [body for _, body in drawn] + real
    order = draw(st.permutations(range(len(parts))))
    body = b"".join(parts[i] for i in order)
    return decode([body]), body


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(messages())
def test_encoded_messages_decode_to_themselves(case: tuple[EventStreamMessage, bytes]) -> None:
    message, body = case
    assert decode([body]) == [message]


@needs_botocore
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(messages())
def test_the_test_encoder_agrees_with_botocore(case: tuple[EventStreamMessage, bytes]) -> None:
    """botocore decodes the test encoder's bytes to the same values (in its raw forms)."""
    from botocore.eventstream import EventStreamBuffer

    message, body = case
    buffer = EventStreamBuffer()
    buffer.add_data(body)
    (theirs,) = list(buffer)
    ours: dict[str, Any] = {}
    for name, value in message.headers.items():
        if isinstance(value, dt.datetime):
            ours[name] = (value - EPOCH) // dt.timedelta(milliseconds=1)
        elif isinstance(value, uuid.UUID):
            ours[name] = value.bytes
        else:
            ours[name] = value
    assert theirs.headers == ours
    assert theirs.payload == message.payload


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(streams(), st.data())
def test_any_cutting_gives_the_same_messages(
    case: tuple[list[EventStreamMessage], bytes], data: st.DataObject
) -> None:
    expected, body = case
    points = data.draw(st.lists(st.integers(0, len(body)), max_size=12))
    assert decode(cut(body, points)) == expected


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.data())
def test_random_bytes_only_raise_invalid_response_data(body: bytes, data: st.DataObject) -> None:
    points = data.draw(st.lists(st.integers(0, len(body)), max_size=6))
    decode_until_error(cut(body, points))  # anything but InvalidResponseDataError fails the test


Corruption = tuple[str, int, int]
_corruptions = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "set"]), st.integers(0, 10**6), st.integers(0, 255)
    ),
    min_size=1,
    max_size=4,
)


def corrupt(body: bytes, corruptions: Sequence[Corruption]) -> bytes:
    data = bytearray(body)
    for action, where, byte in corruptions:
        at = where % (len(data) + 1)
        if action == "insert":
            data.insert(at, byte)
        elif data and at < len(data):
            if action == "delete":
                del data[at]
            elif action == "flip":
                data[at] ^= 1 << (byte % 8)
            else:
                data[at] = byte
    return bytes(data)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(streams(), _corruptions, st.data())
def test_corrupted_streams_give_a_prefix_then_invalid_response_data(
    case: tuple[list[EventStreamMessage], bytes], corruptions: list[Corruption], data: st.DataObject
) -> None:
    expected, body = case
    damaged = corrupt(body, corruptions)
    whole = decode_until_error([damaged])
    points = data.draw(st.lists(st.integers(0, len(damaged)), max_size=8))
    # Same messages and same error whatever the cutting (only other exceptions fail here).
    assert decode_until_error(cut(damaged, points)) == whole
    messages_out, error = whole
    if error is None and damaged != body:
        return  # a change that still frames valid messages (e.g. an inserted empty message) is fine
    # Every message before the damage is still delivered intact.
    first_change = next(
        (i for i, (a, b) in enumerate(zip(body, damaged, strict=False)) if a != b),
        min(len(body), len(damaged)),
    )
    intact = sum(1 for end in message_ends(body) if end <= first_change)
    assert messages_out[:intact] == expected[:intact]
