"""Incremental decoder for the AWS binary event stream: bytes in, messages out, no I/O.

Amazon Bedrock's ConverseStream (and InvokeModelWithResponseStream) answer with
``application/vnd.amazon.eventstream``, a binary framing rather than SSE. Written by hand
on the standard library so that streaming from Bedrock needs neither botocore nor the
AWS CRT. Each message on the wire is::

    total length (u32) | headers length (u32) | prelude CRC32 (u32)
    headers (headers length bytes) | payload | message CRC32 (u32)

all big-endian; the prelude CRC covers the first 8 bytes, the message CRC everything
before it. A header is ``name length (u8) | name (UTF-8) | type (u8) | value``, with the
ten value types of the format: bool true / false (no value bytes), byte, short, int,
long (signed, big-endian), bytes and string (u16 length prefix), timestamp (i64
milliseconds since the epoch) and uuid (16 bytes).

Decoded header values: ``bool`` for the two booleans, ``int`` for byte/short/int/long,
``bytes``, ``str``, an aware UTC ``datetime`` for timestamps and ``uuid.UUID`` for uuids
(botocore keeps the raw int and raw 16 bytes for the last two).

The remote is not trusted: both CRCs are checked before anything is parsed, a message
must be 16 bytes to 24 MiB long with at most 128 KiB of headers (the service-side
maximum that AWS's aws-c-event-stream enforces since 2025, and botocore's header limit;
botocore allows payloads up to 24 MiB too), and every kind of corruption surfaces as
:class:`~ai_sdk_integrations.spec.errors.InvalidResponseDataError`, never as
``struct.error``, ``IndexError`` or ``UnicodeDecodeError``. A length is checked as soon
as its 12-byte prelude has arrived, so garbage cannot make the decoder buffer 4 GiB.

Chunk boundaries never change the result: the messages come out in the same order
whatever the cuts, and when the stream is corrupt every complete message before the
corruption is returned first and the error is raised by the next ``feed`` or ``finish``
(tests/transport/test_aws_eventstream.py checks both with hypothesis).
"""

from __future__ import annotations

import datetime as _dt
import struct
import uuid
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeAlias

from ai_sdk_integrations.spec.errors import InvalidResponseDataError

__all__ = ["EventStreamDecoder", "EventStreamMessage", "HeaderValue"]

HeaderValue: TypeAlias = bool | int | bytes | str | _dt.datetime | uuid.UUID

PRELUDE_LENGTH = 12
MIN_MESSAGE_LENGTH = PRELUDE_LENGTH + 4
MAX_MESSAGE_LENGTH = 24 * 1024 * 1024
MAX_HEADERS_LENGTH = 128 * 1024

_PRELUDE = struct.Struct("!III")
_U32 = struct.Struct("!I")
_U16 = struct.Struct("!H")
_INTS = {2: struct.Struct("!b"), 3: struct.Struct("!h"), 4: struct.Struct("!i"), 5: struct.Struct("!q")}
_I64 = struct.Struct("!q")
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_EMPTY_HEADERS: Mapping[str, HeaderValue] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class EventStreamMessage:
    """One decoded message: its headers (in wire order) and its raw payload."""

    headers: Mapping[str, HeaderValue] = field(default_factory=lambda: _EMPTY_HEADERS)
    payload: bytes = b""

    def _string_header(self, name: str) -> str | None:
        value = self.headers.get(name)
        return value if isinstance(value, str) else None

    @property
    def message_type(self) -> str | None:
        """``:message-type``: ``event``, ``exception`` or ``error``."""
        return self._string_header(":message-type")

    @property
    def event_type(self) -> str | None:
        """``:event-type`` of an event, e.g. ``contentBlockDelta``."""
        return self._string_header(":event-type")

    @property
    def exception_type(self) -> str | None:
        """``:exception-type`` of a modelled exception, e.g. ``throttlingException``."""
        return self._string_header(":exception-type")


class _Corrupt(Exception):
    """Internal: the bytes are not a valid message (turned into InvalidResponseDataError)."""


class EventStreamDecoder:
    """Feed raw response bytes as they arrive; get back every message completed so far."""

    __slots__ = ("_buffer", "_error")

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._error: str | None = None

    def feed(self, chunk: bytes) -> list[EventStreamMessage]:
        """Decode the messages that ``chunk`` completes.

        Raises :class:`InvalidResponseDataError` on corrupt input; messages completed
        earlier in the same chunk are returned first and the error is raised on the
        next call, so no valid message is lost and chunking never matters.
        """
        self._raise_if_failed()
        if chunk:
            self._buffer += chunk
        messages: list[EventStreamMessage] = []
        while True:
            try:
                message = self._next_message()
            except _Corrupt as exc:
                self._error = str(exc)
                self._buffer.clear()
                if messages:
                    return messages
                raise self._failure() from None
            if message is None:
                return messages
            messages.append(message)

    def finish(self) -> list[EventStreamMessage]:
        """The stream has ended: raise if it stopped in the middle of a message."""
        self._raise_if_failed()
        if self._buffer:
            pending = len(self._buffer)
            self._error = f"the stream ended inside a message ({pending} bytes of an incomplete message)"
            self._buffer.clear()
            raise self._failure()
        return []

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise self._failure()

    def _failure(self) -> InvalidResponseDataError:
        return InvalidResponseDataError(f"Invalid AWS event stream: {self._error}")

    def _next_message(self) -> EventStreamMessage | None:
        buffer = self._buffer
        if len(buffer) < PRELUDE_LENGTH:
            return None
        total_length, headers_length, prelude_crc = _PRELUDE.unpack_from(buffer)
        computed = zlib.crc32(buffer[:8])
        if computed != prelude_crc:
            raise _Corrupt(
                f"prelude checksum mismatch (expected 0x{prelude_crc:08x}, computed 0x{computed:08x})"
            )
        if not MIN_MESSAGE_LENGTH <= total_length <= MAX_MESSAGE_LENGTH:
            raise _Corrupt(
                f"message length {total_length} outside {MIN_MESSAGE_LENGTH}..{MAX_MESSAGE_LENGTH} bytes"
            )
        if headers_length > MAX_HEADERS_LENGTH:
            raise _Corrupt(f"headers length {headers_length} exceeds the maximum of {MAX_HEADERS_LENGTH}")
        if headers_length > total_length - MIN_MESSAGE_LENGTH:
            raise _Corrupt(f"headers length {headers_length} does not fit in a {total_length}-byte message")
        if len(buffer) < total_length:
            return None
        message = bytes(buffer[:total_length])
        (message_crc,) = _U32.unpack_from(message, total_length - 4)
        computed = zlib.crc32(memoryview(message)[: total_length - 4])
        if computed != message_crc:
            raise _Corrupt(
                f"message checksum mismatch (expected 0x{message_crc:08x}, computed 0x{computed:08x})"
            )
        headers_end = PRELUDE_LENGTH + headers_length
        headers = _parse_headers(message, PRELUDE_LENGTH, headers_end)
        payload = message[headers_end : total_length - 4]
        del buffer[:total_length]
        return EventStreamMessage(headers, payload)


def _parse_headers(data: bytes, start: int, end: int) -> Mapping[str, HeaderValue]:
    if start == end:
        return _EMPTY_HEADERS
    headers: dict[str, HeaderValue] = {}
    pos = start
    while pos < end:
        name_length = data[pos]
        pos += 1
        name = _text(_take(data, pos, name_length, end), "header name")
        pos += name_length
        if name in headers:
            raise _Corrupt(f"duplicate header {name!r}")
        value_type = _take(data, pos, 1, end)[0]
        pos += 1
        value: HeaderValue
        if value_type == 0:
            value = True
        elif value_type == 1:
            value = False
        elif value_type in _INTS:
            unpacker = _INTS[value_type]
            (value,) = unpacker.unpack(_take(data, pos, unpacker.size, end))
            pos += unpacker.size
        elif value_type in (6, 7):
            (length,) = _U16.unpack(_take(data, pos, 2, end))
            pos += 2
            raw = _take(data, pos, length, end)
            pos += length
            value = raw if value_type == 6 else _text(raw, f"value of header {name!r}")
        elif value_type == 8:
            (millis,) = _I64.unpack(_take(data, pos, 8, end))
            pos += 8
            value = _timestamp(millis, name)
        elif value_type == 9:
            value = uuid.UUID(bytes=_take(data, pos, 16, end))
            pos += 16
        else:
            raise _Corrupt(f"unknown type {value_type} for header {name!r}")
        headers[name] = value
    return MappingProxyType(headers)


def _take(data: bytes, pos: int, length: int, end: int) -> bytes:
    if pos + length > end:
        raise _Corrupt("a header runs past the end of the headers section")
    return data[pos : pos + length]


def _text(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _Corrupt(f"{what} is not valid UTF-8") from None


def _timestamp(millis: int, name: str) -> _dt.datetime:
    try:
        return _EPOCH + _dt.timedelta(milliseconds=millis)
    except OverflowError:
        raise _Corrupt(f"timestamp header {name!r} is out of range ({millis} ms)") from None
