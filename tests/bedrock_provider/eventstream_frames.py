"""A small encoder of the AWS binary event stream, written from the format description
(the same one ``transport/framing/aws_eventstream`` decodes), used by the fake Bedrock
server and the decoder tests. Each message is framed exactly as AWS frames it:

    total length (u32) | headers length (u32) | prelude CRC32 (u32)
    headers | payload | message CRC32 (u32)

with string headers (type 7: u8 name length, name, type, u16 value length, value) in
the order Bedrock sends them: ``:event-type``, ``:content-type``, ``:message-type`` for
events; ``:exception-type``, ``:content-type``, ``:message-type`` for exceptions.
"""

from __future__ import annotations

import json
import string
import struct
import zlib
from collections.abc import Mapping
from typing import Any

_PAD = string.ascii_lowercase + string.ascii_uppercase + string.digits


def encode_headers(headers: Mapping[str, str]) -> bytes:
    out = b""
    for name, value in headers.items():
        raw_name, raw_value = name.encode(), value.encode()
        out += (
            struct.pack("!B", len(raw_name))
            + raw_name
            + b"\x07"
            + struct.pack("!H", len(raw_value))
            + raw_value
        )
    return out


def encode_message(headers: Mapping[str, str], payload: bytes) -> bytes:
    raw_headers = encode_headers(headers)
    total = 12 + len(raw_headers) + len(payload) + 4
    prelude = struct.pack("!II", total, len(raw_headers))
    prelude += struct.pack("!I", zlib.crc32(prelude))
    body = prelude + raw_headers + payload
    return body + struct.pack("!I", zlib.crc32(body))


def padded(payload: Mapping[str, Any], pad: int) -> bytes:
    """The payload with Bedrock's ``p`` field: filler that hides the length of the content."""
    return json.dumps({**payload, "p": _PAD[: max(0, pad) % len(_PAD)]}, separators=(",", ":")).encode()


def event(event_type: str, payload: Mapping[str, Any], pad: int = 0) -> bytes:
    headers = {":event-type": event_type, ":content-type": "application/json", ":message-type": "event"}
    return encode_message(headers, padded(payload, pad) if pad else json.dumps(payload).encode())


def exception(exception_type: str, payload: Mapping[str, Any]) -> bytes:
    headers = {
        ":exception-type": exception_type,
        ":content-type": "application/json",
        ":message-type": "exception",
    }
    return encode_message(headers, json.dumps(payload, separators=(",", ":")).encode())
