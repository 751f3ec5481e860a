"""Real media bytes for the fakes, and the checks the tests make on what comes back.

Images are made with Pillow (PNG, JPEG or WebP, at the size the request asked for) and
checked with Pillow, so a cassette holds a file any decoder opens. A real video needs an
encoder these machines do not have (no ffmpeg, no PyAV), so ``tiny_mp4`` is a
structurally valid ISO base media file (``ftyp``, ``moov`` with ``mvhd``, ``mdat``) with
no decodable stream: the right magic numbers and box layout, which ``mp4_boxes`` walks.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG", "jpg": "JPEG", "webp": "WEBP"}
MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "webp": "image/webp"}


def image_bytes(width: int, height: int, fmt: str = "png", *, seed: int = 0) -> bytes:
    """A ``width`` x ``height`` picture in ``fmt`` (png, jpeg/jpg, webp): a gradient with
    a disc whose colour depends on ``seed``, so different requests give different files."""
    from PIL import Image, ImageDraw

    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    colour = ((seed * 67) % 256, (seed * 131 + 80) % 256, (seed * 29 + 160) % 256)
    radius = max(2, min(width, height) // 4)
    cx, cy = width // 2, height // 2
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colour)
    out = io.BytesIO()
    save: dict[str, Any] = {"quality": 60} if fmt != "png" else {"optimize": True}
    image.save(out, PIL_FORMATS[fmt], **save)
    return out.getvalue()


def opened(data: bytes) -> Any:
    """The image Pillow decodes from ``data`` (fully loaded, so a truncated file fails)."""
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def tiny_mp4(width: int = 1280, height: int = 720, duration_s: float = 5.0, *, seed: int = 0) -> bytes:
    """A few hundred bytes laid out as an MP4 (ISO/IEC 14496-12 boxes): ``ftyp`` (brand
    isom, compatible isom/iso2/mp41), ``moov`` holding an ``mvhd`` (timescale 1000, the
    duration) and a ``udta`` naming the size, and an ``mdat`` of filler. Not decodable."""
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41")
    matrix = struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)
    mvhd = _box(
        b"mvhd",
        b"\x00\x00\x00\x00"  # version 0, flags
        + struct.pack(">IIII", 0, 0, 1000, int(duration_s * 1000))
        + struct.pack(">IH", 0x00010000, 0x0100)  # rate 1.0, volume 1.0
        + b"\x00" * 10
        + matrix
        + b"\x00" * 24
        + struct.pack(">I", 2),  # next track id
    )
    udta = _box(b"udta", _box(b"size", struct.pack(">II", width, height)))
    filler = zlib.compress(bytes((seed + i) % 251 for i in range(256)))
    return ftyp + _box(b"moov", mvhd + udta) + _box(b"mdat", filler)


def mp4_boxes(data: bytes) -> list[tuple[bytes, int]]:
    """The top-level boxes (type, size) of an ISO base media file; raises ValueError
    where the sizes do not tile the file exactly or the first box is not ``ftyp``."""
    boxes, offset = [], 0
    while offset < len(data):
        if offset + 8 > len(data):
            raise ValueError(f"truncated box header at {offset}")
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if size < 8 or offset + size > len(data):
            raise ValueError(f"box {kind!r} at {offset} has size {size}")
        boxes.append((kind, size))
        offset += size
    if not boxes or boxes[0][0] != b"ftyp":
        raise ValueError("not an ISO base media file: the first box is not ftyp")
    return boxes
