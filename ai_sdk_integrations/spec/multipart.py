"""``multipart/form-data`` bodies, built without I/O (RFC 7578).

Uploads (audio for transcription, images for edits) are bytes a codec builds and the
transport sends as they are (``PreparedRequest.content``). The boundary is derived from
the content, so the same call gives the same bytes: cassettes match and tests can
compare bodies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FormFile:
    """A file field: its bytes, the file name the server sees, and its media type."""

    data: bytes
    filename: str
    media_type: str = "application/octet-stream"


FormValue = str | FormFile


def encode_multipart(fields: Iterable[tuple[str, FormValue]]) -> tuple[bytes, str]:
    """The body and its ``content-type`` header value. A name may repeat
    (``timestamp_granularities[]=word``, ``...=segment``)."""
    items = list(fields)
    digest = hashlib.sha256()
    for name, value in items:
        digest.update(name.encode())
        digest.update(value.data if isinstance(value, FormFile) else value.encode())
    boundary = f"ai-sdk-{digest.hexdigest()[:32]}"
    out = bytearray()
    for name, value in items:
        out += f"--{boundary}\r\n".encode()
        if isinstance(value, FormFile):
            disposition = f'form-data; name="{_quote(name)}"; filename="{_quote(value.filename)}"'
            out += f"Content-Disposition: {disposition}\r\nContent-Type: {value.media_type}\r\n\r\n".encode()
            out += value.data
        else:
            out += f'Content-Disposition: form-data; name="{_quote(name)}"\r\n\r\n'.encode()
            out += value.encode()
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def _quote(text: str) -> str:
    """Quotes and line breaks percent-encoded, as browsers do (RFC 7578 section 2)."""
    return text.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")
