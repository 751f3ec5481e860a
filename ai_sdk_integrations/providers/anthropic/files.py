"""Spec file parts -> Anthropic ``image`` and ``document`` blocks (outbound only).

Images go as ``{"type": "base64", "media_type", "data"}`` or ``{"type": "url", "url"}``
sources; PDFs as ``document`` blocks with the same two sources; ``text/plain`` as a
``document`` whose source is the text itself. A ``data:`` URL is sent as its base64
payload (Anthropic fetches only ``https:`` URLs). Document blocks take the
``title``, ``context`` and ``citations`` provider options, as the AI SDK's do.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from ...spec import DataFile, FileData, UrlFile
from ...spec.errors import InvalidPromptError, UnsupportedFunctionalityError

_IMAGE_SIGNATURES = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),
)


def file_block(
    data: FileData | Any, media_type: str, filename: str | None, options: Mapping[str, Any]
) -> dict[str, Any]:
    """The block for one file; ``options`` are the part's own provider options."""
    data = _as_file(data)
    if media_type == "image" or media_type.startswith("image/"):
        return {"type": "image", "source": _source(data, media_type, image=True)}
    if media_type == "application/pdf":
        return _document(_source(data, media_type, image=False), filename, options)
    if media_type == "text/plain":
        if isinstance(data, UrlFile) and not data.url.startswith("data:"):
            source: dict[str, Any] = {"type": "url", "url": data.url}
        else:
            source = {"type": "text", "media_type": "text/plain", "data": _bytes(data).decode("utf-8")}
        return _document(source, filename, options)
    raise UnsupportedFunctionalityError(
        f"file parts of media type {media_type!r} cannot be sent to Anthropic; "
        "send images, PDFs or text/plain documents"
    )


def _as_file(data: Any) -> FileData:
    if isinstance(data, (DataFile, UrlFile)):
        return data
    if isinstance(data, (bytes, bytearray)):
        return DataFile(bytes(data))
    if isinstance(data, str):
        return UrlFile(data) if data.startswith(("http://", "https://", "data:")) else DataFile(data)
    raise InvalidPromptError(f"file data must be bytes, a URL or base64, not {type(data).__name__}")


def _document(source: dict[str, Any], filename: str | None, options: Mapping[str, Any]) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "document", "source": source}
    title = options.get("title") or filename
    if title:
        block["title"] = title
    if options.get("context"):
        block["context"] = options["context"]
    citations = options.get("citations")
    if isinstance(citations, Mapping) and citations.get("enabled"):
        block["citations"] = {"enabled": True}
    return block


def _source(data: FileData, media_type: str, *, image: bool) -> dict[str, Any]:
    if isinstance(data, UrlFile):
        if not data.url.startswith("data:"):
            return {"type": "url", "url": data.url}
        header, _, payload = data.url.partition(",")
        if ";base64" not in header:
            raise InvalidPromptError("a data: URL for Anthropic must be base64-encoded")
        media_type = header[5:].split(";")[0] or media_type
        data = DataFile(payload)
    encoded = _base64(data)
    if image and media_type in ("image", "image/*"):
        media_type = sniff_image_type(encoded)
    return {"type": "base64", "media_type": media_type, "data": encoded}


def _base64(file: DataFile) -> str:
    data = file.data
    return data if isinstance(data, str) else base64.b64encode(data).decode("ascii")


def _bytes(file: FileData) -> bytes:
    if isinstance(file, UrlFile):
        return base64.b64decode(file.url.partition(",")[2])
    data = file.data
    return data if isinstance(data, bytes) else base64.b64decode(data)


def sniff_image_type(encoded: str) -> str:
    """The media type of base64 image data, from its first bytes (JPEG if unknown)."""
    try:
        head = base64.b64decode(encoded[:24] + "=" * (-len(encoded[:24]) % 4))
    except (binascii.Error, ValueError):
        head = b""
    for signature, media_type in _IMAGE_SIGNATURES:
        if head.startswith(signature):
            return media_type
    return "image/jpeg"
