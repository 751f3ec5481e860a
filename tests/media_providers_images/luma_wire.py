"""A loopback stand-in for Luma's Dream Machine API (``api.lumalabs.ai``) and its CDN
(``storage.cdn-luma.com``), from Luma's API reference.

Shapes follow Luma's OpenAPI spec as published through its official SDK
(lumalabs/lumaai-python: ``ImageCreateParams``, ``VideoCreateParams``, ``Generation``),
the "Image Generation" guide and the AI SDK's Luma tests. It rejects what FastAPI with
Luma's request models rejects, with FastAPI's bodies:

* 401 ``{"detail": ...}``: no ``Authorization: Bearer`` or the key ``INVALID_KEY``;
* 422 ``{"detail": [{"type", "loc": ["body", <field>], "msg", "input", "ctx"?}]}``: a
  missing ``model``, a model, aspect ratio, duration, resolution or format outside its
  enum, a wrong type, and a field the request model does not declare
  (``extra_forbidden``; an assumption: the models are taken to forbid extras, so a
  misspelt field such as ``image`` for ``image_ref`` fails loudly);
* 404 ``{"detail": "Generation not found"}`` for an unknown id.

A generation is answered ``queued`` (201), then ``dreaming``, then ``completed`` on
successive ``GET``s (``sync: true`` answers it completed at once). The prompt marker
``FAIL_JOB`` ends it ``failed`` with a moderation reason. Images are real JPEG (or PNG
with ``format: png``) at Photon's size for the aspect ratio; video is
``media_bytes.tiny_mp4`` (an MP4 box layout, not decodable).
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from fake_keys import fake_key
from media_bytes import image_bytes, tiny_mp4
from media_hosts import FakeHosts
from openai_wire import WireResponse
from wire_schema import F, problems, pydantic_detail

LUMA_API = "https://api.lumalabs.ai"
LUMA_CDN = "https://storage.cdn-luma.com"
INVALID_KEY = fake_key("luma-invalid")
GENERATIONS = "/dream-machine/v1/generations"
RATIOS = ("1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21")
PHOTON_SIZES = {
    "1:1": (1024, 1024),
    "16:9": (1344, 768),
    "9:16": (768, 1344),
    "4:3": (1184, 896),
    "3:4": (896, 1184),
    "21:9": (1536, 640),
    "9:21": (640, 1536),
}


def _refs(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(r, dict) and isinstance(r.get("url"), str) for r in value)
    return None if ok else "Input should be a list of {url, weight} references"


def _ref(value: Any) -> str | None:
    return (
        None
        if isinstance(value, dict) and isinstance(value.get("url"), str)
        else "Input should be {url, weight}"
    )


def _identities(value: Any) -> str | None:
    ok = isinstance(value, dict) and all(
        isinstance(v, dict) and isinstance(v.get("images"), list) for v in value.values()
    )
    return None if ok else "Input should map identities to {images: [url, ...]}"


def _keyframes(value: Any) -> str | None:
    if not isinstance(value, dict) or not set(value) <= {"frame0", "frame1"}:
        return "Input should be {frame0?, frame1?}"
    for frame in value.values():
        kind = frame.get("type") if isinstance(frame, dict) else None
        if kind == "image" and isinstance(frame.get("url"), str):
            continue
        if kind == "generation" and isinstance(frame.get("id"), str):
            continue
        return "Input should be {type: 'image', url} or {type: 'generation', id}"
    return None


IMAGE_FIELDS: Mapping[str, F] = {
    "model": F("enum", required=True, choices=("photon-1", "photon-flash-1")),
    "prompt": F("str"),
    "aspect_ratio": F("enum", choices=RATIOS),
    "callback_url": F("str"),
    "character_ref": F("obj", check=_identities),
    "format": F("enum", choices=("jpg", "png")),
    "generation_type": F("enum", choices=("image",)),
    "image_ref": F("list", check=_refs),
    "modify_image_ref": F("obj", check=_ref),
    "style_ref": F("list", check=_refs),
    "sync": F("bool"),
    "sync_timeout": F("num"),
}
VIDEO_FIELDS: Mapping[str, F] = {
    "model": F("enum", required=True, choices=("ray-1-6", "ray-2", "ray-flash-2")),
    "prompt": F("str"),
    "aspect_ratio": F("enum", choices=RATIOS),
    "callback_url": F("str"),
    "concepts": F("list"),
    "duration": F("enum", choices=("5s", "9s")),
    "generation_type": F("enum", choices=("video",)),
    "keyframes": F("obj", check=_keyframes),
    "loop": F("bool"),
    "resolution": F("enum", choices=("540p", "720p", "1080p", "4k")),
}
_VIDEO_PIXELS = {"540p": 540, "720p": 720, "1080p": 1080, "4k": 2160}


def _json(status: int, payload: Any) -> WireResponse:
    headers = {"content-type": "application/json", "x-request-id": str(uuid.uuid4()), "server": "cloudflare"}
    return WireResponse(status, headers, json.dumps(payload).encode())


def _error(status: int, detail: Any) -> WireResponse:
    return _json(status, {"detail": detail})


class FakeLuma:
    def __init__(self) -> None:
        self.hosts = FakeHosts({"api.lumalabs.ai": LUMA_API, "storage.cdn-luma.com": LUMA_CDN}, self.respond)
        self._lock = threading.Lock()
        self._generations: dict[str, dict[str, Any]] = {}
        self._files: dict[str, tuple[bytes, str]] = {}

    @property
    def base_url(self) -> str:
        return self.hosts.origin("api.lumalabs.ai")

    def start(self) -> FakeLuma:
        self.hosts.start()
        return self

    def stop(self) -> None:
        self.hosts.stop()

    def reset(self) -> None:
        self.hosts.reset()

    def __enter__(self) -> FakeLuma:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def respond(
        self, host: str, method: str, path: str, headers: Mapping[str, str], raw: bytes
    ) -> WireResponse:
        route = urlsplit(path).path.rstrip("/")
        if host == "storage.cdn-luma.com":
            with self._lock:
                found = self._files.get(route)
            if found is None or method != "GET":
                return WireResponse(
                    404, {"content-type": "application/xml"}, b"<Error><Code>NoSuchKey</Code></Error>"
                )
            return WireResponse(
                200, {"content-type": found[1], "cache-control": "public, max-age=31536000"}, found[0]
            )
        auth = headers.get("authorization", "")
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            return _error(401, "Not authenticated")
        if auth[7:].strip() == INVALID_KEY:
            return _error(401, "Invalid API key")
        if method == "POST" and route in (f"{GENERATIONS}/image", f"{GENERATIONS}/video"):
            return self._create(route.rsplit("/", 1)[1], raw)
        if method == "GET" and route.startswith(GENERATIONS + "/"):
            return self._get(route.rsplit("/", 1)[1])
        return _error(404, "Not Found")

    def _create(self, kind: str, raw: bytes) -> WireResponse:
        try:
            body = json.loads(raw)
        except ValueError:
            return _error(
                422, [{"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error", "input": {}}]
            )
        if not isinstance(body, dict):
            return _error(
                422,
                [
                    {
                        "type": "model_attributes_type",
                        "loc": ["body"],
                        "msg": "Input should be a valid dictionary",
                        "input": body,
                    }
                ],
            )
        found = problems(body, IMAGE_FIELDS if kind == "image" else VIDEO_FIELDS, extra_allowed=False)
        if found:
            return _error(422, pydantic_detail(found))
        generation_id = str(uuid.uuid4())
        generation = {
            "id": generation_id,
            "generation_type": kind,
            "state": "queued",
            "failure_reason": None,
            "created_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "assets": None,
            "model": body["model"],
            "request": {"generation_type": kind, **body},
        }
        with self._lock:
            self._generations[generation_id] = generation
        if kind == "image" and body.get("sync"):
            self._finish(generation)
        return _json(201, generation)

    def _get(self, generation_id: str) -> WireResponse:
        with self._lock:
            generation = self._generations.get(generation_id)
        if generation is None:
            return _error(404, "Generation not found")
        if generation["state"] == "queued":
            generation["state"] = "dreaming"
        elif generation["state"] == "dreaming":
            self._finish(generation)
        return _json(200, generation)

    def _finish(self, generation: dict[str, Any]) -> None:
        request = generation["request"]
        if "FAIL_JOB" in str(request.get("prompt")):
            generation["state"] = "failed"
            generation["failure_reason"] = "400: prompt not allowed because advanced moderation failed"
            return
        name = generation["id"]
        if generation["generation_type"] == "image":
            fmt = request.get("format", "jpg")
            width, height = PHOTON_SIZES[request.get("aspect_ratio", "16:9")]
            data = image_bytes(width, height, fmt, seed=len(request.get("prompt") or ""))
            assets = {
                "image": self._store(
                    f"/dream_machine/{name}/{name}_result.{fmt}",
                    data,
                    f"image/{'png' if fmt == 'png' else 'jpeg'}",
                )
            }
        else:
            short = _VIDEO_PIXELS[request.get("resolution", "720p")]
            ratio = request.get("aspect_ratio", "16:9")
            w, h = (int(x) for x in ratio.split(":"))
            width, height = (round(short * w / h), short) if w >= h else (short, round(short * h / w))
            data = tiny_mp4(width, height, float(request.get("duration", "5s").rstrip("s")))
            thumb = image_bytes(max(16, width // 8), max(16, height // 8), "jpg")
            assets = {
                "video": self._store(f"/dream_machine/{name}/{name}_video.mp4", data, "video/mp4"),
                "image": self._store(f"/dream_machine/{name}/{name}_thumb.jpg", thumb, "image/jpeg"),
            }
        generation["state"] = "completed"
        generation["assets"] = assets

    def _store(self, path: str, data: bytes, media_type: str) -> str:
        with self._lock:
            self._files[path] = (data, media_type)
        return self.hosts.origin("storage.cdn-luma.com") + path
