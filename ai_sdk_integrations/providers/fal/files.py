"""Input files as fal and Replicate take them: a URL as given, bytes as a ``data:`` URI."""

from __future__ import annotations

from ...spec.media import InputFile, detect_media_type


def file_uri(file: InputFile) -> str:
    """``file.url``, or the bytes as ``data:<type>;base64,...`` (the type sniffed from
    the bytes when the caller gave none)."""
    if file.url is not None:
        return file.url
    media_type = file.media_type or detect_media_type(file.as_bytes()) or "application/octet-stream"
    return f"data:{media_type};base64,{file.as_base64()}"
