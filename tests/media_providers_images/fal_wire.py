"""A loopback stand-in for fal.ai: ``fal.run`` (synchronous), ``queue.fal.run`` (the
queue) and ``v3.fal.media`` (generated files), from fal's documentation.

Shapes follow fal's API docs (model pages' input/output schemas; "Queue API";
"Model Errors" and "Request Errors") and the AI SDK's fal tests and fixtures. It
rejects what fal rejects:

* 401 ``{"detail": ...}``: no ``Authorization: Key <key>`` (a ``Bearer`` token is the
  wrong scheme), or the key ``INVALID_KEY``;
* 404: an unknown model (``Application ... not found``) or request id;
* 422 ``{"detail": [{"loc": ["body", <field>], "msg", "type", "input", "ctx"?}]}``: a
  missing required field, a wrong type, a value out of range or not in an enum.
  fal's inputs are pydantic models that ignore fields they do not declare, so unknown
  fields are accepted, as fal accepts them (the AI SDK passes options through);
* through the queue the input is checked when the job runs: the submit is accepted and
  the result answers the 422; ``GET`` of a result before it is done answers 400
  ``{"detail": "Request is still in progress"}``.

Images are real (Pillow; JPEG by default as fal's FLUX endpoints, PNG with
``output_format: png``) at the requested size; video is ``media_bytes.tiny_mp4`` (an
MP4 box layout, not decodable). The prompt marker ``RATE_LIMIT`` gets a 429 once per
request body; ``FAIL_JOB`` makes a queued job fail its content check.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from fake_keys import fake_key
from media_bytes import MEDIA_TYPES, image_bytes, tiny_mp4
from media_hosts import FakeHosts
from openai_wire import WireResponse
from wire_schema import F, problems, pydantic_detail

FAL_RUN = "https://fal.run"
FAL_QUEUE = "https://queue.fal.run"
FAL_MEDIA = "https://v3.fal.media"
INVALID_KEY = fake_key("fal-invalid")
NAMED_SIZES = {
    "square_hd": (1024, 1024),
    "square": (512, 512),
    "portrait_4_3": (768, 1024),
    "portrait_16_9": (576, 1024),
    "landscape_4_3": (1024, 768),
    "landscape_16_9": (1024, 576),
}


def _image_size(value: Any) -> str | None:
    if isinstance(value, str):
        return None if value in NAMED_SIZES else f"Input should be one of {', '.join(NAMED_SIZES)}"
    sides = ("width", "height")
    if (
        isinstance(value, dict)
        and set(value) == set(sides)
        and all(type(value[k]) is int and 1 <= value[k] <= 14142 for k in sides)
    ):
        return None
    return "Input should be a named size or an object with integer width and height"


_FLUX_COMMON = {
    "prompt": F("str", required=True),
    "image_size": F("any", check=_image_size),
    "seed": F("int"),
    "sync_mode": F("bool"),
    "num_images": F("int", low=1, high=4),
    "enable_safety_checker": F("bool"),
    "output_format": F("enum", choices=("jpeg", "png")),
    "acceleration": F("enum", choices=("none", "regular", "high")),
}
IMAGE_MODELS: Mapping[str, Mapping[str, F]] = {
    "fal-ai/flux/schnell": {**_FLUX_COMMON, "num_inference_steps": F("int", low=1, high=12)},
    "fal-ai/flux/dev": {
        **_FLUX_COMMON,
        "num_inference_steps": F("int", low=1, high=50),
        "guidance_scale": F("num", low=1, high=20),
    },
    "fal-ai/flux/dev/image-to-image": {
        **_FLUX_COMMON,
        "image_url": F("str", required=True),
        "strength": F("num", low=0.01, high=1),
        "num_inference_steps": F("int", low=1, high=50),
        "guidance_scale": F("num", low=1, high=20),
    },
}
VIDEO_MODELS: Mapping[str, Mapping[str, F]] = {
    "fal-ai/luma-dream-machine": {
        "prompt": F("str", required=True),
        "aspect_ratio": F("enum", choices=("16:9", "9:16", "4:3", "3:4", "21:9", "9:21")),
        "loop": F("bool"),
        "resolution": F("enum", choices=("540p", "720p", "1080p")),
        "duration": F("enum", choices=("5s", "9s")),
    },
    "fal-ai/luma-dream-machine/image-to-video": {
        "prompt": F("str", required=True),
        "image_url": F("str", required=True),
        "end_image_url": F("str"),
        "aspect_ratio": F("enum", choices=("16:9", "9:16", "4:3", "3:4", "21:9", "9:21")),
        "loop": F("bool"),
        "resolution": F("enum", choices=("540p", "720p", "1080p")),
        "duration": F("enum", choices=("5s", "9s")),
    },
    "fal-ai/minimax/video-01": {"prompt": F("str", required=True), "prompt_optimizer": F("bool")},
}
_RATIO_PIXELS = {
    "16:9": (1280, 720),
    "9:16": (720, 1280),
    "4:3": (960, 720),
    "3:4": (720, 960),
    "21:9": (1680, 720),
}


def _json(status: int, payload: Any, extra: Mapping[str, str] | None = None) -> WireResponse:
    headers = {
        "content-type": "application/json",
        "x-fal-request-id": str(uuid.uuid4()),
        "x-robots-tag": "noindex",
        **(extra or {}),
    }
    return WireResponse(status, headers, json.dumps(payload).encode())


def _error(status: int, detail: Any, extra: Mapping[str, str] | None = None) -> WireResponse:
    return _json(status, {"detail": detail}, extra)


class FakeFal:
    def __init__(self) -> None:
        self.hosts = FakeHosts(
            {"fal.run": FAL_RUN, "queue.fal.run": FAL_QUEUE, "v3.fal.media": FAL_MEDIA}, self.respond
        )
        self._lock = threading.Lock()
        self._files: dict[str, tuple[bytes, str]] = {}
        self._jobs: dict[str, dict[str, Any]] = {}
        self._limited: set[str] = set()

    @property
    def base_url(self) -> str:
        return self.hosts.origin("fal.run")

    @property
    def queue_url(self) -> str:
        return self.hosts.origin("queue.fal.run")

    def start(self) -> FakeFal:
        self.hosts.start()
        return self

    def stop(self) -> None:
        self.hosts.stop()

    def reset(self) -> None:
        self.hosts.reset()
        with self._lock:
            self._limited.clear()

    def __enter__(self) -> FakeFal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- routing ------------------------------------------------------------------------

    def respond(
        self, host: str, method: str, path: str, headers: Mapping[str, str], raw: bytes
    ) -> WireResponse:
        route = urlsplit(path).path.rstrip("/")
        if host == "v3.fal.media":
            return self._file(method, route)
        auth = headers.get("authorization", "")
        if not auth.startswith("Key ") or not auth[4:].strip():
            return _error(
                401, "Authentication is required to access this resource; use 'Authorization: Key <key>'"
            )
        if auth[4:].strip() == INVALID_KEY:
            return _error(401, "No user found for Key ID and Secret")
        if host == "fal.run":
            return self._run(method, route.lstrip("/"), raw)
        return self._queue(method, route.lstrip("/"), raw)

    def _body(self, raw: bytes) -> dict[str, Any] | WireResponse:
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return _error(422, [{"loc": ["body"], "msg": "JSON decode error", "type": "json_invalid"}])
        if not isinstance(body, dict):
            return _error(
                422, [{"loc": ["body"], "msg": "Input should be a valid dictionary", "type": "dict_type"}]
            )
        return body

    def _run(self, method: str, model: str, raw: bytes) -> WireResponse:
        if method != "POST":
            return _error(405, "Method Not Allowed")
        schema = IMAGE_MODELS.get(model)
        if schema is None:
            return _error(404, f"Application '{model}' not found")
        body = self._body(raw)
        if isinstance(body, WireResponse):
            return body
        found = problems(body, schema, extra_allowed=True)
        if found:
            return _error(422, pydantic_detail(found))
        if "RATE_LIMIT" in str(body.get("prompt")):
            digest = hashlib.sha256(raw).hexdigest()
            with self._lock:
                first = digest not in self._limited
                self._limited.add(digest)
            if first:
                return _error(429, "Rate limit exceeded", {"retry-after": "1"})
        return _json(200, self._images(model, body))

    def _images(self, model: str, body: Mapping[str, Any]) -> dict[str, Any]:
        size = body.get("image_size", "landscape_4_3")
        width, height = NAMED_SIZES[size] if isinstance(size, str) else (size["width"], size["height"])
        fmt = body.get("output_format", "jpeg")
        seed = body.get("seed", secrets.randbelow(2**31))
        images = []
        for index in range(body.get("num_images", 1)):
            data = image_bytes(width, height, fmt, seed=seed + index)
            if body.get("sync_mode"):
                url = f"data:{MEDIA_TYPES[fmt]};base64,{base64.b64encode(data).decode()}"
            else:
                url = self._store(data, MEDIA_TYPES[fmt], f"{uuid.uuid4().hex[:21]}.{fmt}")
            images.append({"url": url, "width": width, "height": height, "content_type": MEDIA_TYPES[fmt]})
        return {
            "images": images,
            "timings": {"inference": round(0.2 + len(images) * 0.11, 3)},
            "seed": seed,
            "has_nsfw_concepts": [False] * len(images),
            "prompt": body.get("prompt"),
        }

    def _store(self, data: bytes, media_type: str, name: str) -> str:
        folder = secrets.choice(["zebra", "koala", "panda", "tiger", "rabbit", "monkey"])
        path = f"/files/{folder}/{name}"
        with self._lock:
            self._files[path] = (data, media_type)
        return self.hosts.origin("v3.fal.media") + path

    def _file(self, method: str, route: str) -> WireResponse:
        with self._lock:
            found = self._files.get(route)
        if method != "GET" or found is None:
            return WireResponse(404, {"content-type": "text/plain"}, b"Not Found")
        data, media_type = found
        return WireResponse(
            200,
            {"content-type": media_type, "cache-control": "max-age=2592000", "accept-ranges": "bytes"},
            data,
        )

    # -- the queue ------------------------------------------------------------------------

    def _queue(self, method: str, route: str, raw: bytes) -> WireResponse:
        parts = route.split("/")
        if "requests" in parts:
            at = parts.index("requests")
            app, rest = "/".join(parts[:at]), parts[at + 1 :]
            return self._request(method, app, rest)
        if method != "POST":
            return _error(405, "Method Not Allowed")
        schema = VIDEO_MODELS.get(route)
        if schema is None:
            return _error(404, f"Application '{route}' not found")
        body = self._body(raw)
        if isinstance(body, WireResponse):
            return body
        request_id = str(uuid.uuid4())
        app = "/".join(parts[:2])
        with self._lock:
            self._jobs[request_id] = {"model": route, "app": app, "body": body, "polls": 0}
        return _json(200, {**self._links(app, request_id), "status": "IN_QUEUE", "queue_position": 0})

    def _links(self, app: str, request_id: str) -> dict[str, Any]:
        base = f"{self.queue_url}/{app}/requests/{request_id}"
        return {
            "request_id": request_id,
            "response_url": base,
            "status_url": f"{base}/status",
            "cancel_url": f"{base}/cancel",
            "logs": None,
            "metrics": {},
        }

    def _request(self, method: str, app: str, rest: list[str]) -> WireResponse:
        with self._lock:
            job = self._jobs.get(rest[0]) if rest else None
        if job is None or job["app"] != app:
            return _error(404, "Request not found")
        request_id = rest[0]
        if rest[1:] == ["status"] and method == "GET":
            with self._lock:
                job["polls"] += 1
                polls = job["polls"]
            if polls == 1:
                return _json(202, {**self._links(app, request_id), "status": "IN_PROGRESS", "logs": None})
            metrics = {"inference_time": 41.7}
            return _json(200, {**self._links(app, request_id), "status": "COMPLETED", "metrics": metrics})
        if rest[1:] or method != "GET":
            return _error(405, "Method Not Allowed")
        if job["polls"] < 2:
            return _error(400, "Request is still in progress")
        return self._video(job)

    def _video(self, job: Mapping[str, Any]) -> WireResponse:
        body = job["body"]
        found = problems(body, VIDEO_MODELS[job["model"]], extra_allowed=True)
        if found:
            return _error(422, pydantic_detail(found))
        if "FAIL_JOB" in str(body.get("prompt")):
            flagged = {
                "loc": ["body", "prompt"],
                "msg": "The content was flagged by a content checker.",
                "type": "content_policy_violation",
                "url": "https://docs.fal.ai/errors#content_policy_violation",
                "input": body.get("prompt"),
            }
            return _error(422, [flagged], {"x-fal-retryable": "false"})
        width, height = _RATIO_PIXELS.get(body.get("aspect_ratio", "16:9"), (1280, 720))
        duration = float(str(body.get("duration", "5s")).rstrip("s"))
        data = tiny_mp4(width, height, duration, seed=len(job["body"].get("prompt", "")))
        url = self._store(data, "video/mp4", f"{uuid.uuid4().hex[:21]}_output.mp4")
        return _json(
            200,
            {
                "video": {
                    "url": url,
                    "content_type": "video/mp4",
                    "file_name": "output.mp4",
                    "file_size": len(data),
                }
            },
        )
