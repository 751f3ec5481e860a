"""A loopback stand-in for Replicate's HTTP API (``api.replicate.com/v1``) and its file
host (``replicate.delivery``), from Replicate's documentation.

Shapes follow Replicate's HTTP API reference ("Create a prediction", "Get a
prediction", sync mode with ``Prefer: wait``), the recorded traffic in
replicate/replicate-python's test cassettes (201 with ``Preference-Applied: wait``;
401 ``application/problem+json`` ``{"title": "Unauthenticated", "detail": ...}``) and
the AI SDK's Replicate tests. It rejects what Replicate rejects, with RFC 7807 bodies:

* 401: no ``Authorization: Bearer`` or the token ``INVALID_KEY``;
* 404: an unknown model or prediction;
* 422 ``{"title": "Input validation failed", "detail": "- input.<field>: ...",
  "status": 422, "invalid_fields": [{"type", "field", "description"}]}``: an unknown
  top-level field, a missing ``input`` (or ``version`` on ``/v1/predictions``), and
  against each model's input schema a missing required input, a wrong type, a value
  out of range or outside its enum, or an input the schema does not declare
  (``additional_property_not_allowed``, as Replicate validates against the model's
  OpenAPI schema).

Image models finish inside ``Prefer: wait`` (answer ``succeeded`` with the outputs);
the prompt marker ``SLOW`` makes the wait run out (``processing``), and video models
never finish inside a request: they answer ``starting``, then ``processing`` (with
tqdm progress in ``logs``), then ``succeeded`` on successive ``GET``s. ``FAIL_JOB``
ends a prediction ``failed``. Images are real (Pillow; WebP by default as Flux
Schnell); video is ``media_bytes.tiny_mp4`` (an MP4 box layout, not decodable).
"""

from __future__ import annotations

import json
import secrets
import string
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from fake_keys import fake_key
from media_bytes import MEDIA_TYPES, image_bytes, tiny_mp4
from media_hosts import FakeHosts
from openai_wire import WireResponse
from wire_schema import F, Problem, problems

REPLICATE_API = "https://api.replicate.com/v1"
REPLICATE_FILES = "https://replicate.delivery"
INVALID_KEY = fake_key("replicate-invalid")
_ID_ALPHABET = string.ascii_lowercase + string.digits
FLUX_RATIOS = ("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21")
MODELS: Mapping[str, tuple[str, Mapping[str, F]]] = {
    # name -> (kind, input schema)
    "black-forest-labs/flux-schnell": (
        "image",
        {
            "prompt": F("str", required=True),
            "aspect_ratio": F("enum", choices=FLUX_RATIOS),
            "num_outputs": F("int", low=1, high=4),
            "seed": F("int"),
            "output_format": F("enum", choices=("webp", "jpg", "png")),
            "output_quality": F("int", low=0, high=100),
            "num_inference_steps": F("int", low=1, high=4),
            "disable_safety_checker": F("bool"),
            "go_fast": F("bool"),
            "megapixels": F("enum", choices=("1", "0.25")),
        },
    ),
    "minimax/video-01": (
        "video",
        {
            "prompt": F("str", required=True),
            "prompt_optimizer": F("bool"),
            "first_frame_image": F("str"),
            "subject_reference": F("str"),
        },
    ),
    "wan-video/wan-2.2-i2v-fast": (
        "video",
        {
            "image": F("str", required=True),
            "prompt": F("str", required=True),
            "num_frames": F("int", low=81, high=121),
            "resolution": F("enum", choices=("480p", "720p")),
            "frames_per_second": F("int", low=5, high=30),
            "seed": F("int"),
            "go_fast": F("bool"),
        },
    ),
}
VERSIONS = {
    "5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637": "black-forest-labs/flux-schnell"
}
CREATE_FIELDS = frozenset({"input", "version", "webhook", "webhook_events_filter", "stream"})
_JSON_TYPES = {
    "str": "string",
    "int": "integer",
    "num": "number",
    "bool": "boolean",
    "obj": "object",
    "list": "array",
}
_PIXELS = {
    "1:1": (1024, 1024),
    "16:9": (1344, 768),
    "9:16": (768, 1344),
    "4:3": (1184, 896),
    "3:4": (896, 1184),
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _json(status: int, payload: Any, extra: Mapping[str, str] | None = None) -> WireResponse:
    headers = {
        "content-type": "application/json; charset=UTF-8",
        "ratelimit-remaining": "599",
        "ratelimit-reset": "1",
        "replicate-edge-cluster": "services-aws-us-west-2",
        "server": "cloudflare",
        **(extra or {}),
    }
    return WireResponse(status, headers, json.dumps(payload, separators=(",", ":")).encode())


def _problem(
    status: int, title: str, detail: str, invalid: list[dict[str, str]] | None = None
) -> WireResponse:
    payload: dict[str, Any] = {"title": title, "detail": detail, "status": status}
    if invalid:
        payload["invalid_fields"] = invalid
    response = _json(status, payload)
    response.headers["content-type"] = "application/problem+json"
    return response


def _schema_problem(problem: Problem, spec: Mapping[str, F]) -> tuple[str, str, str]:
    """(type, field, description) in JSON Schema's words, as Replicate reports them."""
    field = f"input.{problem.field}"
    if problem.type == "missing":
        return "required", "input", f"{problem.field} is required"
    if problem.type == "extra_forbidden":
        return (
            "additional_property_not_allowed",
            "input",
            f"Additional property {problem.field} is not allowed",
        )
    if problem.type == "literal_error":
        choices = ", ".join(json.dumps(c) for c in spec[problem.field].choices)
        return "enum", field, f"{field} must be one of the following: {choices}"
    if problem.type == "less_than_equal":
        return "number_lte", field, f"Must be less than or equal to {spec[problem.field].high:g}"
    if problem.type == "greater_than_equal":
        return "number_gte", field, f"Must be greater than or equal to {spec[problem.field].low:g}"
    expected = _JSON_TYPES.get(spec[problem.field].kind, "string")
    return "invalid_type", field, f"Invalid type. Expected: {expected}, given: {type(problem.input).__name__}"


def _invalid(found: list[Problem], spec: Mapping[str, F], root: str = "input") -> WireResponse:
    rows = (
        [_schema_problem(p, spec) for p in found]
        if root == "input"
        else [
            ("additional_property_not_allowed", "(root)", f"Additional property {p.field} is not allowed")
            if p.type == "extra_forbidden"
            else ("required", "(root)", f"{p.field} is required")
            for p in found
        ]
    )
    detail = "".join(f"- {field}: {description}\n" for _, field, description in rows)
    invalid = [
        {"type": kind, "field": field, "description": description} for kind, field, description in rows
    ]
    return _problem(422, "Input validation failed", detail, invalid)


class FakeReplicate:
    def __init__(self) -> None:
        self.hosts = FakeHosts(
            {"api.replicate.com": "https://api.replicate.com", "replicate.delivery": REPLICATE_FILES},
            self.respond,
        )
        self._lock = threading.Lock()
        self._predictions: dict[str, dict[str, Any]] = {}
        self._files: dict[str, tuple[bytes, str]] = {}

    @property
    def base_url(self) -> str:
        return self.hosts.origin("api.replicate.com") + "/v1"

    def start(self) -> FakeReplicate:
        self.hosts.start()
        return self

    def stop(self) -> None:
        self.hosts.stop()

    def reset(self) -> None:
        self.hosts.reset()

    def __enter__(self) -> FakeReplicate:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def respond(
        self, host: str, method: str, path: str, headers: Mapping[str, str], raw: bytes
    ) -> WireResponse:
        route = urlsplit(path).path.rstrip("/")
        if host == "replicate.delivery":
            with self._lock:
                found = self._files.get(route)
            if found is None or method != "GET":
                return WireResponse(404, {"content-type": "text/plain"}, b"Not Found")
            return WireResponse(
                200, {"content-type": found[1], "cache-control": "public, max-age=3600"}, found[0]
            )
        auth = headers.get("authorization", "")
        if not auth.startswith("Bearer ") or not auth[7:].strip() or auth[7:].strip() == INVALID_KEY:
            return _problem(401, "Unauthenticated", "You did not pass a valid authentication token")
        parts = route.split("/")
        if (
            method == "POST"
            and len(parts) == 6
            and parts[1:3] == ["v1", "models"]
            and parts[5] == "predictions"
        ):
            return self._create(f"{parts[3]}/{parts[4]}", None, headers, raw)
        if method == "POST" and route == "/v1/predictions":
            return self._create(None, None, headers, raw)
        if method == "GET" and len(parts) == 4 and parts[1:3] == ["v1", "predictions"]:
            return self._get(parts[3])
        return _problem(404, "Not found", "The requested resource could not be found.")

    def _create(self, model: str | None, _: None, headers: Mapping[str, str], raw: bytes) -> WireResponse:
        try:
            body = json.loads(raw)
        except ValueError:
            return _problem(400, "Invalid JSON", "The request body is not valid JSON.")
        if not isinstance(body, dict):
            return _problem(400, "Invalid JSON", "The request body must be a JSON object.")
        top = {name: F("any") for name in CREATE_FIELDS}
        top["input"] = F("obj", required=True)
        if model is None:
            top["version"] = F("str", required=True)
        found = problems(body, top, extra_allowed=False)
        if found:
            return _invalid(found, top, root="(root)")
        if model is None:
            model = VERSIONS.get(body["version"])
            if model is None:
                return _problem(
                    422,
                    "Invalid version or not permitted",
                    "The specified version does not exist (or perhaps you don't have permission to use it?)",
                )
        if model not in MODELS:
            return _problem(404, "Model not found", f"The requested model {model} could not be found.")
        kind, schema = MODELS[model]
        found = problems(body["input"], schema, extra_allowed=False)
        if found:
            return _invalid(found, schema)
        prediction_id = "".join(secrets.choice(_ID_ALPHABET) for _ in range(26))
        base = f"{self.base_url}/predictions/{prediction_id}"
        prediction: dict[str, Any] = {
            "id": prediction_id,
            "model": model,
            "version": body.get("version") or "dp-" + secrets.token_hex(16),
            "input": body["input"],
            "logs": "",
            "output": None,
            "data_removed": False,
            "error": None,
            "status": "starting",
            "created_at": _now(),
            "urls": {
                "cancel": f"{base}/cancel",
                "get": base,
                "stream": f"https://stream.replicate.com/v1/files/{secrets.token_hex(20)}",
                "web": f"https://replicate.com/p/{prediction_id}",
            },
        }
        with self._lock:
            self._predictions[prediction_id] = {"kind": kind, "polls": 0, "body": prediction}
        prefer = headers.get("prefer", "")
        extra = {"preference-applied": prefer} if prefer.startswith("wait") else {}
        if prefer.startswith("wait") and kind == "image":
            if "SLOW" in str(body["input"].get("prompt")):
                prediction["status"] = "processing"
                prediction["logs"] = "Using seed: 1\nRunning prediction...\n"
            else:
                self._finish(prediction_id)
        return _json(201, prediction, extra)

    def _get(self, prediction_id: str) -> WireResponse:
        with self._lock:
            entry = self._predictions.get(prediction_id)
        if entry is None:
            return _problem(404, "Not found", "The requested resource could not be found.")
        prediction = entry["body"]
        if prediction["status"] in ("starting", "processing"):
            entry["polls"] += 1
            if entry["kind"] == "video" and entry["polls"] == 1:
                prediction["status"] = "processing"
                prediction["started_at"] = _now()
                prediction["logs"] = "Generating video...\n 50%|█████     | 3/6 [00:21<00:21,  7.02s/it]\n"
            else:
                self._finish(prediction_id)
        return _json(200, prediction)

    def _finish(self, prediction_id: str) -> None:
        entry = self._predictions[prediction_id]
        prediction = entry["body"]
        model_input = prediction["input"]
        prediction["started_at"] = prediction.get("started_at") or _now()
        prediction["completed_at"] = _now()
        if "FAIL_JOB" in str(model_input.get("prompt")):
            prediction["status"] = "failed"
            prediction["error"] = "NSFW content detected. Try running it again, or try a different prompt."
            prediction["metrics"] = {"predict_time": 1.9}
            return
        if entry["kind"] == "image":
            fmt = model_input.get("output_format", "webp")
            width, height = _PIXELS.get(model_input.get("aspect_ratio", "1:1"), (1024, 1024))
            seed = model_input.get("seed", 0)
            outputs = []
            for index in range(model_input.get("num_outputs", 1)):
                data = image_bytes(width, height, fmt, seed=seed + index)
                outputs.append(
                    self._store(
                        f"/xezq/{secrets.token_urlsafe(33)}/out-{index}.{fmt}", data, MEDIA_TYPES[fmt]
                    )
                )
            prediction["output"] = outputs
            prediction["metrics"] = {"image_count": len(outputs), "predict_time": 0.63, "total_time": 0.71}
        else:
            data = tiny_mp4(1280, 720, 6.0, seed=len(str(model_input.get("prompt"))))
            prediction["output"] = self._store(
                f"/xezq/{secrets.token_urlsafe(33)}/tmpvideo.mp4", data, "video/mp4"
            )
            prediction["metrics"] = {"predict_time": 143.2, "total_time": 151.8}
            prediction["logs"] += "100%|██████████| 6/6 [00:42<00:00,  7.01s/it]\n"
        prediction["status"] = "succeeded"

    def _store(self, path: str, data: bytes, media_type: str) -> str:
        with self._lock:
            self._files[path] = (data, media_type)
        return self.hosts.origin("replicate.delivery") + path
