"""Prompt files -> Converse ``image`` / ``document`` / ``video`` blocks.

Converse takes files as base64 ``bytes`` (or ``s3Location`` for images and videos);
it fetches no ``https:`` URL, so those are refused with a clear error rather than sent
to fail remotely. A ``data:`` URL is decoded here. Document names may hold only
letters, digits, single spaces, hyphens, parentheses and square brackets (the API
rejects anything else), so a filename is reduced to that and its extension dropped.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from typing import Any

from ...spec import DataFile, FileData, UrlFile
from ...spec.errors import InvalidPromptError, UnsupportedFunctionalityError

IMAGE_FORMATS = {
    "image/jpeg": "jpeg",
    "image/jpg": "jpeg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
}
DOCUMENT_FORMATS = {
    "application/pdf": "pdf",
    "text/csv": "csv",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/html": "html",
    "text/plain": "txt",
    "text/markdown": "md",
}
VIDEO_FORMATS = {
    "video/x-matroska": "mkv",
    "video/quicktime": "mov",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "video/x-flv": "flv",
    "video/mpeg": "mpeg",
    "video/mpg": "mpg",
    "video/wmv": "wmv",
    "video/x-ms-wmv": "wmv",
    "video/3gpp": "three_gp",
}
_SIGNATURES = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"%PDF", "application/pdf"),
)
_NAME_CHARS = re.compile(r"[^A-Za-z0-9\s\-()\[\]]")


def file_block(
    data: FileData, media_type: str, filename: str | None, next_name: Callable[[], str]
) -> dict[str, Any]:
    """One ``{"image": ...}``, ``{"document": ...}`` or ``{"video": ...}`` content block."""
    source, raw = _source(data)
    full = _full_media_type(media_type, raw)
    top = full.split("/", 1)[0]
    if top == "image":
        return {"image": {"format": _format(IMAGE_FORMATS, full, "image"), "source": source}}
    if top == "video":
        return {"video": {"format": _format(VIDEO_FORMATS, full, "video"), "source": source}}
    if "s3Location" in source:
        raise UnsupportedFunctionalityError(
            f"bedrock: a {full} document must be given as bytes; Converse reads only images and "
            "videos from S3"
        )
    name = document_name(filename) or next_name()
    return {
        "document": {"format": _format(DOCUMENT_FORMATS, full, "document"), "name": name, "source": source}
    }


def document_name(filename: str | None) -> str | None:
    if not filename:
        return None
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    cleaned = " ".join(_NAME_CHARS.sub("", stem).split())[:200]
    return cleaned or None


def _source(data: FileData) -> tuple[dict[str, Any], bytes | None]:
    if isinstance(data, DataFile):
        if isinstance(data.data, bytes):
            return {"bytes": base64.b64encode(data.data).decode()}, data.data
        return {"bytes": data.data}, _decoded(data.data)
    if isinstance(data, UrlFile):
        url = data.url
        if url.startswith("s3://"):
            return {"s3Location": {"uri": url}}, None
        if url.startswith("data:"):
            header, _, payload = url.partition(",")
            if ";base64" not in header:
                raw = payload.encode()
                return {"bytes": base64.b64encode(raw).decode()}, raw
            return {"bytes": payload}, _decoded(payload)
        raise UnsupportedFunctionalityError(
            f"bedrock: Converse does not fetch files by URL ({url[:80]}); pass the bytes "
            "(or an s3:// URI for images and videos)"
        )
    raise InvalidPromptError(f"bedrock: unsupported file data {type(data).__name__}")


def _decoded(text: str) -> bytes | None:
    try:
        return base64.b64decode(text[:64] + "=" * (-len(text[:64]) % 4))
    except (binascii.Error, ValueError):
        return None


def _full_media_type(media_type: str, raw: bytes | None) -> str:
    media_type = media_type.lower()
    if "/" in media_type and not media_type.endswith("/*"):
        return media_type
    for magic, kind in _SIGNATURES:
        if raw is not None and raw.startswith(magic):
            return kind
    if raw is not None and raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "image/webp"
    raise InvalidPromptError(
        f"bedrock: cannot tell the format of a file given as {media_type!r}; give its full media type "
        "(e.g. 'image/png' or 'application/pdf')"
    )


def _format(table: dict[str, str], media_type: str, kind: str) -> str:
    found = table.get(media_type)
    if found is None:
        raise UnsupportedFunctionalityError(
            f"bedrock: {media_type} is not a {kind} format Converse takes; expected one of "
            f"{', '.join(sorted(table))}"
        )
    return found
