"""Loopback stand-ins for the media routes of OpenAI, the Gemini API (Imagen) and the
Vercel AI Gateway, and a reader for the cassettes they write.

These machines reach none of them, so their media cassettes are *written*: the tests
run against ``FakeMedia`` (one stdlib server on 127.0.0.1; ``/openai/v1``,
``/google/v1beta`` and ``/gateway/v4/ai`` stand for ``api.openai.com/v1``,
``generativelanguage.googleapis.com/v1beta`` and ``ai-gateway.vercel.sh/v4/ai``), VCR
records what it answers, and ``conftest.py`` rewrites the recorded URIs to the real
hosts. Anyone with a key re-records the same tests against the real services.

Each route rejects what its service rejects, with that service's error body: a missing
or wrong credential, an unknown body field or form field, a missing required field, a
value out of range (a size the model does not make, ``n`` over the model's limit,
``response_format`` on a ``gpt-image`` model, timestamp granularities without
``verbose_json``, a file that is not audio). Uploads are parsed as multipart bodies
(RFC 7578) and the files are decoded: images with Pillow, WAV with ``wave``.

Chat completions and embeddings (for the retrieval chains over transcripts) are
answered by ``openai_wire.FakeOpenAI``. What it answers is real media: PNG/JPEG/WebP
images drawn with Pillow at the asked size; speech spoken by espeak-ng (MP3 through
lame, WAV as is); transcripts of the audio it is sent, known because the audio is one
of the committed espeak-ng fixtures or speech this server spoke itself (the
``Phrasebook``); video as a small ISO media file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import re
import secrets
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gateway_wire import error_response as gateway_error
from gateway_wire import json_response as gateway_json
from openai_wire import FakeOpenAI, WireResponse, send_wire_response
from speech_audio import FIXTURES, encode_mp3, speak, wav_info

OPENAI_API = "https://api.openai.com/v1"
GOOGLE_API = "https://generativelanguage.googleapis.com/v1beta"
GATEWAY_API = "https://ai-gateway.vercel.sh/v4/ai"

# -- real media ---------------------------------------------------------------------------

_PIL = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}


def draw_image(prompt: str, width: int, height: int, fmt: str = "png") -> bytes:
    """A picture whose colours follow the prompt: a sky gradient, a sun, a hill."""
    from PIL import Image, ImageDraw

    seed = int(hashlib.sha256(prompt.encode()).hexdigest()[:6], 16)
    sky = ((seed >> 16) % 128 + 64, (seed >> 8) % 128 + 96, seed % 64 + 180)
    image = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    for row in range(0, height, 8):
        shade = tuple(max(0, c - row * 60 // height) for c in sky)
        draw.rectangle((0, row, width, row + 8), fill=shade)
    r = min(width, height) // 8
    draw.ellipse(
        (width * 3 // 4 - r, height // 4 - r, width * 3 // 4 + r, height // 4 + r), fill=(255, 214, 64)
    )
    draw.ellipse((-width // 4, height * 2 // 3, width * 5 // 4, height * 2), fill=(60, 140, 70))
    out = io.BytesIO()
    image.save(out, _PIL[fmt], **({"optimize": True} if fmt == "png" else {"quality": 70}))
    return out.getvalue()


def tiny_mp4(seconds: float) -> bytes:
    """An ISO base media file: ``ftyp`` (isom/mp42), ``moov`` with an ``mvhd`` giving
    the duration, and an ``mdat``. Structurally valid; carries no decodable stream."""

    def box(kind: bytes, payload: bytes) -> bytes:
        return (8 + len(payload)).to_bytes(4, "big") + kind + payload

    timescale = 1000
    mvhd = (
        bytes(4)
        + bytes(8)
        + timescale.to_bytes(4, "big")
        + int(seconds * timescale).to_bytes(4, "big")
        + (0x00010000).to_bytes(4, "big")
        + (0x0100).to_bytes(2, "big")
        + bytes(10)
        + b"".join(v.to_bytes(4, "big") for v in (0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000))
        + bytes(24)
        + (2).to_bytes(4, "big")
    )
    return (
        box(b"ftyp", b"isom" + bytes(4) + b"isommp42")
        + box(b"moov", box(b"mvhd", mvhd))
        + box(b"mdat", bytes(64))
    )


class Phrasebook:
    """What this fake can "hear": audio whose SHA-256 it knows, with its transcript."""

    def __init__(self) -> None:
        self._known: dict[str, dict[str, Any]] = {}
        for path in sorted(FIXTURES.glob("*.json")):
            transcript = json.loads(path.read_text())
            for key in ("sha256", "mp3_sha256"):
                if key in transcript:
                    self._known[transcript[key]] = transcript

    def learn(self, audio: bytes, text: str, duration: float) -> None:
        segment = {"text": text, "start_second": 0.0, "end_second": round(duration, 3)}
        self._known[hashlib.sha256(audio).hexdigest()] = {
            "text": text,
            "segments": [segment],
            "duration": round(duration, 3),
            "language": "en",
        }

    def recognize(self, audio: bytes) -> dict[str, Any] | None:
        return self._known.get(hashlib.sha256(audio).hexdigest())


# -- multipart -----------------------------------------------------------------------------


@dataclass
class FormPart:
    name: str
    value: bytes
    filename: str | None = None
    content_type: str | None = None

    @property
    def text(self) -> str:
        return self.value.decode()


def parse_multipart(content_type: str, body: bytes) -> list[FormPart]:
    """RFC 7578 ``multipart/form-data``; raises ``ValueError`` where it is not one."""
    if not content_type.startswith("multipart/form-data") or "boundary=" not in content_type:
        raise ValueError("Content-Type must be multipart/form-data with a boundary")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise ValueError("the body is not a multipart message")
    parts = []
    for part in message.iter_parts():
        disposition = part.get("content-disposition", "")
        name = part.get_param("name", header="content-disposition")
        if not disposition.startswith("form-data") or not name:
            raise ValueError("every part needs Content-Disposition: form-data; name=...")
        payload = part.get_payload(decode=True) or b""
        parts.append(FormPart(str(name), payload, part.get_filename(), part.get_content_type()))
    return parts


# -- the server ------------------------------------------------------------------------------


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    raw: bytes
    status: int = 0


OPENAI_IMAGE_SIZES = {
    "dall-e-2": {"256x256", "512x512", "1024x1024"},
    "dall-e-3": {"1024x1024", "1792x1024", "1024x1792"},
    "gpt-image-1": {"1024x1024", "1536x1024", "1024x1536", "auto"},
    "gpt-image-1-mini": {"1024x1024", "1536x1024", "1024x1536", "auto"},
}
OPENAI_IMAGE_FIELDS = {
    "model",
    "prompt",
    "n",
    "size",
    "quality",
    "style",
    "response_format",
    "background",
    "moderation",
    "output_compression",
    "output_format",
    "partial_images",
    "stream",
    "user",
}
OPENAI_EDIT_FIELDS = {
    "model",
    "prompt",
    "n",
    "size",
    "quality",
    "response_format",
    "background",
    "image",
    "image[]",
    "mask",
    "input_fidelity",
    "output_compression",
    "output_format",
    "partial_images",
    "stream",
    "user",
}
OPENAI_VOICES = {
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "fable",
    "nova",
    "onyx",
    "sage",
    "shimmer",
    "verse",
    "marin",
    "cedar",
}
OPENAI_SPEECH_FIELDS = {
    "model",
    "input",
    "voice",
    "instructions",
    "response_format",
    "speed",
    "stream_format",
}
OPENAI_SPEECH_MEDIA = {"mp3": "audio/mpeg", "wav": "audio/wav", "flac": "audio/flac", "pcm": "audio/pcm"}
OPENAI_TRANSCRIPTION_FIELDS = {
    "file",
    "model",
    "language",
    "prompt",
    "response_format",
    "temperature",
    "timestamp_granularities[]",
    "include[]",
    "chunking_strategy",
    "stream",
    "known_speaker_names[]",
    "known_speaker_references[]",
}
AUDIO_EXTENSIONS = ("flac", "mp3", "mp4", "mpeg", "mpga", "m4a", "ogg", "wav", "webm")
IMAGEN_ASPECTS = {
    "1:1": (1024, 1024),
    "3:4": (896, 1280),
    "4:3": (1280, 896),
    "9:16": (768, 1408),
    "16:9": (1408, 768),
}
IMAGEN_PARAMETERS = {
    "sampleCount",
    "aspectRatio",
    "personGeneration",
    "outputOptions",
    "sampleImageSize",
    "imageSize",
    "safetySetting",
    "includeRaiReason",
    "language",
    "enhancePrompt",
    "addWatermark",
    "negativePrompt",
}
GATEWAY_BODIES = {
    "image": {"prompt", "n", "size", "aspectRatio", "seed", "providerOptions", "files", "mask"},
    "speech": {"text", "voice", "outputFormat", "instructions", "speed", "language", "providerOptions"},
    "transcription": {"audio", "mediaType", "providerOptions"},
    "video": {
        "prompt",
        "n",
        "aspectRatio",
        "resolution",
        "duration",
        "fps",
        "seed",
        "image",
        "providerOptions",
        "generateAudio",
        "frameImages",
        "inputReferences",
    },
}
GATEWAY_MODELS = {
    "image": {"openai/gpt-image-1", "google/imagen-4.0-generate-001", "bfl/flux-pro-1.1"},
    "speech": {"openai/gpt-4o-mini-tts", "elevenlabs/eleven-multilingual-v2"},
    "transcription": {"openai/whisper-1", "deepgram/nova-3"},
    "video": {"google/veo-3.0-generate-001", "bytedance/seedance-v1.0-pro"},
}


def _openai_error(
    status: int, message: str, type_: str, code: str | None = None, param: str | None = None
) -> WireResponse:
    body = {"error": {"message": message, "type": type_, "param": param, "code": code}}
    return _openai_json(status, body)


def _openai_json(status: int, payload: Any) -> WireResponse:
    return WireResponse(
        status, {**_openai_headers(), "content-type": "application/json"}, json.dumps(payload).encode()
    )


def _openai_headers() -> dict[str, str]:
    return {
        "x-request-id": f"req_{secrets.token_hex(16)}",
        "openai-processing-ms": str(200 + secrets.randbelow(800)),
        "openai-version": "2020-10-01",
        "date": time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()),
    }


def _google_error(status: int, message: str, state: str, reason: str | None = None) -> WireResponse:
    error: dict[str, Any] = {"code": status, "message": message, "status": state}
    if reason:
        error["details"] = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": reason,
                "domain": "googleapis.com",
            }
        ]
    return WireResponse(
        status, {"content-type": "application/json; charset=UTF-8"}, json.dumps({"error": error}).encode()
    )


class FakeMedia:
    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.phrasebook = Phrasebook()
        self._text = FakeOpenAI()  # chat and embeddings, answered as a function (never started)
        self.video_jobs_seconds = 0.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                seen = Seen(self.command, self.path, headers, raw)
                fake.seen.append(seen)
                try:
                    answer = fake.respond(seen)
                except Exception as exc:  # a bug in the fake: say so, as a 500
                    answer = WireResponse(
                        500, {"content-type": "text/plain"}, f"fake media server: {exc!r}".encode()
                    )
                seen.status = answer.status
                send_wire_response(self, answer)

            do_POST = _handle
            do_GET = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeMedia:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        self.seen.clear()
        self._text.reset()

    def respond(self, seen: Seen) -> WireResponse:
        path = urlsplit(seen.path).path
        for prefix, handler in (
            ("/openai/v1", self._openai),
            ("/google/v1beta", self._google),
            ("/gateway/v4/ai", self._gateway),
        ):
            if path.startswith(prefix + "/"):
                return handler(seen, path.removeprefix(prefix))
        return WireResponse(404, {"content-type": "text/plain"}, b"Not Found")

    # -- OpenAI --------------------------------------------------------------------------

    def _openai(self, seen: Seen, route: str) -> WireResponse:
        auth = seen.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            return _openai_error(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header "
                "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                "invalid_request_error",
            )
        if auth[7:].startswith("sk-invalid"):
            return _openai_error(
                401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"
            )
        if route in ("/chat/completions", "/embeddings"):  # for the retrieval chains over transcripts
            return self._text.respond("/v1" + route, seen.headers, seen.raw, method=seen.method)
        if seen.method != "POST":
            return _openai_error(
                405, f"Invalid method for URL ({seen.method} {route})", "invalid_request_error"
            )
        content_type = seen.headers.get("content-type", "")
        if route in ("/images/edits", "/audio/transcriptions"):
            try:
                parts = parse_multipart(content_type, seen.raw)
            except ValueError as exc:
                return _openai_error(400, f"Could not parse multipart form: {exc}", "invalid_request_error")
            return self._openai_edit(parts) if route == "/images/edits" else self._openai_transcribe(parts)
        try:
            body = json.loads(seen.raw)
        except ValueError:
            return _openai_error(
                400, "We could not parse the JSON body of your request.", "invalid_request_error"
            )
        if not isinstance(body, dict):
            return _openai_error(400, "The request body must be a JSON object.", "invalid_request_error")
        if route == "/images/generations":
            return self._openai_image(body)
        if route == "/audio/speech":
            return self._openai_speech(body)
        return _openai_error(404, f"Invalid URL (POST /v1{route})", "invalid_request_error")

    @staticmethod
    def _unknown(fields: set[str], allowed: set[str]) -> WireResponse | None:
        for name in sorted(fields - allowed):
            return _openai_error(
                400, f"Unknown parameter: '{name}'.", "invalid_request_error", "unknown_parameter", name
            )
        return None

    def _image_checks(
        self, model: str, size: str | None, n: int, response_format: Any
    ) -> WireResponse | None:
        if model not in OPENAI_IMAGE_SIZES:
            return _openai_error(
                404, f"The model '{model}' does not exist.", "invalid_request_error", "model_not_found"
            )
        if size is not None and size not in OPENAI_IMAGE_SIZES[model]:
            allowed = ", ".join(f"'{s}'" for s in sorted(OPENAI_IMAGE_SIZES[model]))
            return _openai_error(
                400,
                f"Invalid value: '{size}'. Supported values are: {allowed}.",
                "invalid_request_error",
                "invalid_value",
                "size",
            )
        if type(n) is not int or not 1 <= n <= (1 if model == "dall-e-3" else 10):
            message = (
                "You must provide n=1 for this model."
                if model == "dall-e-3"
                else "n must be between 1 and 10."
            )
            return _openai_error(400, message, "invalid_request_error", "invalid_value", "n")
        if response_format is not None and model.startswith("gpt-image-"):
            return _openai_error(
                400,
                "Unknown parameter: 'response_format'.",
                "invalid_request_error",
                "unknown_parameter",
                "response_format",
            )
        if response_format not in (None, "b64_json", "url"):
            return _openai_error(
                400, f"Invalid value: '{response_format}'.", "invalid_request_error", "invalid_value"
            )
        return None

    def _images_answer(
        self, model: str, prompt: str, n: int, size: str | None, fmt: str, edit: bool
    ) -> WireResponse:
        width, height = map(int, (size if size and size != "auto" else "1024x1024").split("x"))
        data = []
        for index in range(n):
            image = draw_image(f"{prompt}#{index}", width, height, fmt)
            row: dict[str, Any] = {"b64_json": base64.b64encode(image).decode()}
            if model == "dall-e-3":
                row["revised_prompt"] = f"A detailed illustration: {prompt}"
            data.append(row)
        body: dict[str, Any] = {"created": int(time.time()), "data": data}
        if model.startswith("gpt-image-"):
            text_tokens = max(1, len(prompt) // 4)
            body.update(
                background="opaque",
                output_format=fmt,
                quality="medium",
                size=f"{width}x{height}",
                usage={
                    "input_tokens": text_tokens + (323 if edit else 0),
                    "input_tokens_details": {"image_tokens": 323 if edit else 0, "text_tokens": text_tokens},
                    "output_tokens": 1056 * n,
                    "total_tokens": text_tokens + (323 if edit else 0) + 1056 * n,
                },
            )
        return _openai_json(200, body)

    def _openai_image(self, body: dict[str, Any]) -> WireResponse:
        problem = self._unknown(set(body), OPENAI_IMAGE_FIELDS)
        if problem:
            return problem
        prompt, model = body.get("prompt"), body.get("model", "dall-e-2")
        if not isinstance(prompt, str) or not prompt:
            return _openai_error(
                400,
                "Missing required parameter: 'prompt'.",
                "invalid_request_error",
                "missing_required_parameter",
                "prompt",
            )
        n = body.get("n", 1)
        problem = self._image_checks(model, body.get("size"), n, body.get("response_format"))
        if problem:
            return problem
        fmt = body.get("output_format", "png")
        if fmt not in _PIL or (fmt != "png" and not model.startswith("gpt-image-")):
            return _openai_error(
                400, f"Invalid value: '{fmt}'.", "invalid_request_error", "invalid_value", "output_format"
            )
        return self._images_answer(model, prompt, n, body.get("size"), fmt, edit=False)

    def _openai_edit(self, parts: list[FormPart]) -> WireResponse:
        from PIL import Image

        problem = self._unknown({part.name for part in parts}, OPENAI_EDIT_FIELDS)
        if problem:
            return problem
        fields = {part.name: part.text for part in parts if part.filename is None}
        images = [part for part in parts if part.name in ("image", "image[]")]
        if not images:
            return _openai_error(
                400,
                "Missing required parameter: 'image'.",
                "invalid_request_error",
                "missing_required_parameter",
                "image",
            )
        for part in images + [part for part in parts if part.name == "mask"]:
            try:
                Image.open(io.BytesIO(part.value)).load()
            except Exception:
                return _openai_error(
                    400,
                    f"Invalid image file for '{part.name}': not a PNG, JPEG or WebP image.",
                    "invalid_request_error",
                    "invalid_image_format",
                    part.name,
                )
        model = fields.get("model", "dall-e-2")
        if "prompt" not in fields:
            return _openai_error(
                400,
                "Missing required parameter: 'prompt'.",
                "invalid_request_error",
                "missing_required_parameter",
                "prompt",
            )
        try:
            n = int(fields.get("n", "1"))
        except ValueError:
            return _openai_error(400, "Invalid value for 'n'.", "invalid_request_error", "invalid_value", "n")
        problem = self._image_checks(model, fields.get("size"), n, fields.get("response_format"))
        if problem:
            return problem
        return self._images_answer(
            model, fields["prompt"], n, fields.get("size"), fields.get("output_format", "png"), edit=True
        )

    def _openai_speech(self, body: dict[str, Any]) -> WireResponse:
        problem = self._unknown(set(body), OPENAI_SPEECH_FIELDS)
        if problem:
            return problem
        for name in ("model", "input", "voice"):
            if not isinstance(body.get(name), str) or not body[name]:
                return _openai_error(
                    400,
                    f"Missing required parameter: '{name}'.",
                    "invalid_request_error",
                    "missing_required_parameter",
                    name,
                )
        if body["model"] not in ("tts-1", "tts-1-hd", "gpt-4o-mini-tts"):
            return _openai_error(
                404,
                f"The model '{body['model']}' does not exist.",
                "invalid_request_error",
                "model_not_found",
            )
        if body["voice"] not in OPENAI_VOICES:
            return _openai_error(
                400, f"Invalid value: '{body['voice']}'.", "invalid_request_error", "invalid_value", "voice"
            )
        if "instructions" in body and body["model"] in ("tts-1", "tts-1-hd"):
            return _openai_error(
                400,
                "Instructions are not supported for tts-1 or tts-1-hd.",
                "invalid_request_error",
                "invalid_value",
                "instructions",
            )
        speed = body.get("speed", 1.0)
        if not isinstance(speed, (int, float)) or not 0.25 <= speed <= 4.0:
            return _openai_error(
                400, "speed must be between 0.25 and 4.0.", "invalid_request_error", "invalid_value", "speed"
            )
        fmt = body.get("response_format", "mp3")
        if fmt not in OPENAI_SPEECH_MEDIA:
            return _openai_error(
                400, f"Invalid value: '{fmt}'.", "invalid_request_error", "invalid_value", "response_format"
            )
        if len(body["input"]) > 4096:
            return _openai_error(
                400,
                "input must be at most 4096 characters.",
                "invalid_request_error",
                "string_above_max_length",
                "input",
            )
        wav = speak(body["input"])
        audio = self._encode(wav, fmt)
        self.phrasebook.learn(audio, body["input"], wav_info(wav).duration)
        return WireResponse(200, {**_openai_headers(), "content-type": OPENAI_SPEECH_MEDIA[fmt]}, audio)

    @staticmethod
    def _encode(wav: bytes, fmt: str) -> bytes:
        if fmt == "mp3":
            return encode_mp3(wav)
        if fmt == "pcm":
            with __import__("wave").open(io.BytesIO(wav)) as reader:
                return reader.readframes(reader.getnframes())
        return wav

    def _openai_transcribe(self, parts: list[FormPart]) -> WireResponse:
        problem = self._unknown({part.name for part in parts}, OPENAI_TRANSCRIPTION_FIELDS)
        if problem:
            return problem
        fields = {part.name: part.text for part in parts if part.filename is None}
        granularities = [part.text for part in parts if part.name == "timestamp_granularities[]"]
        files = [part for part in parts if part.name == "file"]
        if not files or files[0].filename is None:
            return _openai_error(
                400,
                "Missing required parameter: 'file'.",
                "invalid_request_error",
                "missing_required_parameter",
                "file",
            )
        model = fields.get("model")
        if model not in ("whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"):
            return _openai_error(
                400 if model is None else 404,
                "Missing required parameter: 'model'."
                if model is None
                else f"The model '{model}' does not exist.",
                "invalid_request_error",
            )
        fmt = fields.get("response_format", "json")
        if fmt not in ("json", "text", "srt", "verbose_json", "vtt") or (
            model != "whisper-1" and fmt not in ("json", "text")
        ):
            return _openai_error(
                400,
                f"response_format '{fmt}' is not compatible with model '{model}'.",
                "invalid_request_error",
                "unsupported_value",
                "response_format",
            )
        if granularities and fmt != "verbose_json":
            return _openai_error(
                400,
                "timestamp_granularities requires response_format=verbose_json.",
                "invalid_request_error",
                "invalid_value",
                "timestamp_granularities",
            )
        upload = files[0]
        extension = (upload.filename or "").rpartition(".")[2].lower()
        if extension not in AUDIO_EXTENSIONS:
            return _openai_error(
                400,
                f"Invalid file format. Supported formats: {list(AUDIO_EXTENSIONS)}",
                "invalid_request_error",
                "invalid_value",
                "file",
            )
        duration = self._duration(upload.value, extension)
        if duration is None:
            return _openai_error(
                400,
                "Audio file might be corrupted or unsupported",
                "invalid_request_error",
                "invalid_value",
                "file",
            )
        heard = self.phrasebook.recognize(upload.value) or {"text": "", "segments": [], "duration": duration}
        if fmt == "text":
            return WireResponse(
                200,
                {**_openai_headers(), "content-type": "text/plain; charset=utf-8"},
                heard["text"].encode(),
            )
        body: dict[str, Any] = {
            "text": heard["text"],
            "usage": {"type": "duration", "seconds": max(1, round(duration))},
        }
        if fmt == "verbose_json":
            body = {"task": "transcribe", "language": "english", "duration": duration, **body}
            if not granularities or "segment" in granularities:
                body["segments"] = [_whisper_segment(i, s) for i, s in enumerate(heard["segments"])]
            if "word" in granularities:
                body["words"] = [w for s in heard["segments"] for w in _words(s)]
        return _openai_json(200, body)

    @staticmethod
    def _duration(audio: bytes, extension: str) -> float | None:
        try:
            if extension == "wav":
                return round(wav_info(audio).duration, 3)
            from speech_audio import mp3_frames

            return round(mp3_frames(audio)[2], 3) if extension in ("mp3", "mpga", "mpeg") else 1.0
        except Exception:
            return None

    # -- Google (Imagen) -----------------------------------------------------------------------

    def _google(self, seen: Seen, route: str) -> WireResponse:
        key = seen.headers.get("x-goog-api-key", "")
        if not key:
            return _google_error(
                403,
                "Method doesn't allow unregistered callers (callers without established identity). "
                "Please use API Key or other form of API consumer identity to call this API.",
                "PERMISSION_DENIED",
            )
        if key.startswith("invalid"):
            return _google_error(
                400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT", "API_KEY_INVALID"
            )
        match = re.fullmatch(r"/models/([\w.-]+):predict", route)
        if seen.method != "POST" or match is None:
            return _google_error(404, f"Method not found: {route}", "NOT_FOUND")
        if not match.group(1).startswith("imagen-"):
            return _google_error(
                404,
                f"models/{match.group(1)} is not found for API version v1beta, "
                "or is not supported for predict.",
                "NOT_FOUND",
            )
        try:
            body = json.loads(seen.raw)
        except ValueError:
            return _google_error(400, "Invalid JSON payload received.", "INVALID_ARGUMENT")
        for name in sorted(set(body) - {"instances", "parameters"}):
            return _google_error(
                400,
                f'Invalid JSON payload received. Unknown name "{name}": Cannot find field.',
                "INVALID_ARGUMENT",
            )
        parameters = body.get("parameters", {})
        for name in sorted(set(parameters) - IMAGEN_PARAMETERS):
            return _google_error(
                400,
                f"Invalid JSON payload received. Unknown name \"{name}\" at 'parameters': Cannot find field.",
                "INVALID_ARGUMENT",
            )
        instances = body.get("instances")
        prompt = (
            instances[0].get("prompt")
            if isinstance(instances, list) and instances and isinstance(instances[0], dict)
            else None
        )
        if not isinstance(prompt, str) or not prompt:
            return _google_error(400, "Empty instances.prompt; a prompt is required.", "INVALID_ARGUMENT")
        count = parameters.get("sampleCount", 4)
        if type(count) is not int or not 1 <= count <= 4:
            return _google_error(400, "sampleCount must be between 1 and 4.", "INVALID_ARGUMENT")
        aspect = parameters.get("aspectRatio", "1:1")
        if aspect not in IMAGEN_ASPECTS:
            return _google_error(400, f"Unsupported aspect ratio: {aspect}.", "INVALID_ARGUMENT")
        width, height = IMAGEN_ASPECTS[aspect]
        mime = (parameters.get("outputOptions") or {}).get("mimeType", "image/png")
        fmt = {"image/png": "png", "image/jpeg": "jpeg"}.get(mime)
        if fmt is None:
            return _google_error(400, f"Unsupported output mime type: {mime}.", "INVALID_ARGUMENT")
        predictions = [
            {
                "bytesBase64Encoded": base64.b64encode(
                    draw_image(f"{prompt}#{i}", width // 4, height // 4, fmt)
                ).decode(),
                "mimeType": mime,
            }
            for i in range(count)
        ]
        return WireResponse(
            200,
            {"content-type": "application/json; charset=UTF-8"},
            json.dumps({"predictions": predictions}).encode(),
        )

    # -- the Gateway -------------------------------------------------------------------------

    def _gateway(self, seen: Seen, route: str) -> WireResponse:
        auth = seen.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            return gateway_error(401, "authentication_error", "No authentication provided.")
        if auth[7:].startswith("vck_invalid") or seen.headers.get("ai-gateway-auth-method") not in (
            "api-key",
            "oidc",
        ):
            return gateway_error(
                401, "authentication_error", "Invalid API key or token", code="invalid_api_key"
            )
        kind = route.removeprefix("/").removesuffix("-model")
        if seen.method != "POST" or kind not in GATEWAY_BODIES:
            return gateway_error(404, "not_found", f"No route for {seen.method} {route}")
        version = seen.headers.get(f"ai-{kind}-model-specification-version")
        if version != "4":
            return gateway_error(
                400,
                "invalid_request_error",
                f"ai-{kind}-model-specification-version must be 4 on /v4/ai, got {version!r}",
            )
        model = seen.headers.get("ai-model-id", "")
        if model not in GATEWAY_MODELS[kind]:
            return gateway_error(
                404, "model_not_found", f"Model {model!r} not found", param={"modelId": model}
            )
        try:
            body = json.loads(seen.raw)
        except ValueError:
            return gateway_error(400, "invalid_request_error", "Body is not JSON")
        unknown = sorted(set(body) - GATEWAY_BODIES[kind]) if isinstance(body, dict) else ["<not an object>"]
        if unknown:
            issues = [
                {
                    "code": "unrecognized_keys",
                    "keys": unknown,
                    "path": [],
                    "message": f"Unrecognized key(s) in object: {unknown}",
                }
            ]
            return gateway_error(400, "invalid_request_error", "Invalid request body", param=issues)
        extra = {"x-model-id": model}
        upstream = model.partition("/")[0]
        if kind == "image":
            prompt, n = body.get("prompt"), body.get("n")
            if not isinstance(prompt, str) or type(n) is not int or n < 1:
                return gateway_error(
                    400, "invalid_request_error", "prompt (string) and n (positive integer) are required"
                )
            images = [base64.b64encode(draw_image(f"{prompt}#{i}", 256, 256)).decode() for i in range(n)]
            warnings = (
                [{"type": "unsupported", "feature": "seed", "details": f"{upstream} takes no seed"}]
                if "seed" in body
                else []
            )
            metadata = {
                upstream: {"images": [{} for _ in images]},
                "gateway": {"generationId": f"gen_{secrets.token_hex(13)}"},
            }
            usage = {
                "inputTokens": len(prompt) // 4 + 1,
                "outputTokens": 1056 * n,
                "totalTokens": len(prompt) // 4 + 1 + 1056 * n,
            }
            return gateway_json(
                200,
                {"images": images, "warnings": warnings, "providerMetadata": metadata, "usage": usage},
                extra,
            )
        if kind == "speech":
            text = body.get("text")
            if not isinstance(text, str) or not text:
                return gateway_error(400, "invalid_request_error", "text is required")
            fmt = body.get("outputFormat", "mp3")
            if fmt not in ("mp3", "wav"):
                return gateway_error(
                    400, "invalid_request_error", f"outputFormat {fmt!r} is not offered by {model}"
                )
            wav = speak(text)
            audio = self._encode(wav, fmt)
            self.phrasebook.learn(audio, text, wav_info(wav).duration)
            metadata = {"gateway": {"generationId": f"gen_{secrets.token_hex(13)}"}}
            return gateway_json(
                200,
                {"audio": base64.b64encode(audio).decode(), "warnings": [], "providerMetadata": metadata},
                extra,
            )
        if kind == "transcription":
            try:
                audio = base64.b64decode(body.get("audio", ""), validate=True)
            except (binascii.Error, ValueError, TypeError):
                return gateway_error(400, "invalid_request_error", "audio must be base64")
            media_type = body.get("mediaType")
            if not isinstance(media_type, str) or not media_type.startswith("audio/"):
                return gateway_error(400, "invalid_request_error", "mediaType must be an audio media type")
            duration = self._duration(audio, "wav" if "wav" in media_type else "mp3")
            if duration is None:
                return gateway_error(400, "invalid_request_error", "audio could not be decoded")
            heard = self.phrasebook.recognize(audio) or {"text": "", "segments": [], "language": "en"}
            segments = [
                {"text": s["text"], "startSecond": s["start_second"], "endSecond": s["end_second"]}
                for s in heard["segments"]
            ]
            metadata = {"gateway": {"generationId": f"gen_{secrets.token_hex(13)}"}}
            answer = {
                "text": heard["text"],
                "segments": segments,
                "language": "en",
                "durationInSeconds": duration,
                "warnings": [],
                "providerMetadata": metadata,
            }
            return gateway_json(200, answer, extra)
        return self._gateway_video(seen, body, model, extra)

    def _gateway_video(
        self, seen: Seen, body: dict[str, Any], model: str, extra: dict[str, str]
    ) -> WireResponse:
        if seen.headers.get("accept") != "text/event-stream":
            return gateway_error(
                400, "invalid_request_error", "the video route answers text/event-stream only"
            )
        prompt, n = body.get("prompt"), body.get("n")
        if not isinstance(prompt, str) or type(n) is not int or n < 1:
            return gateway_error(
                400, "invalid_request_error", "prompt (string) and n (positive integer) are required"
            )
        seconds = float(body.get("duration") or 4)
        if "fail" in prompt:
            event: dict[str, Any] = {
                "type": "error",
                "message": "The upstream provider refused the prompt",
                "errorType": "failed_dependency",
                "statusCode": 424,
                "param": None,
            }
        else:
            videos = [
                {
                    "type": "base64",
                    "data": base64.b64encode(tiny_mp4(seconds)).decode(),
                    "mediaType": "video/mp4",
                }
                for _ in range(n)
            ]
            event = {
                "type": "result",
                "videos": videos,
                "warnings": [],
                "providerMetadata": {"gateway": {"generationId": f"gen_{secrets.token_hex(13)}"}},
            }
        events = [b": keep-alive\n\n", f"data: {json.dumps(event)}\n\n".encode()]
        headers = {"content-type": "text/event-stream", "cache-control": "no-cache", **extra}
        return WireResponse(200, headers, events=events)


def _whisper_segment(index: int, segment: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": index,
        "seek": 0,
        "start": segment["start_second"],
        "end": segment["end_second"],
        "text": " " + segment["text"],
        "tokens": [50364 + i for i in range(len(segment["text"].split()))],
        "temperature": 0.0,
        "avg_logprob": -0.21,
        "compression_ratio": 1.3,
        "no_speech_prob": 0.01,
    }


def _words(segment: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    words = segment["text"].split()
    start, end = segment["start_second"], segment["end_second"]
    step = (end - start) / max(1, len(words))
    for i, word in enumerate(words):
        yield {
            "word": word.strip(".,"),
            "start": round(start + i * step, 3),
            "end": round(start + (i + 1) * step, 3),
        }


# -- reading cassettes ------------------------------------------------------------------------


@dataclass
class Exchange:
    method: str
    uri: str
    request_headers: dict[str, str]
    request: bytes
    status: int
    headers: dict[str, str]
    body: bytes
    form: list[FormPart] = field(default_factory=list)

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def request_json(self) -> Any:
        return json.loads(self.request)

    def form_fields(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for part in self.form:
            if part.filename is None:
                out.setdefault(part.name, []).append(part.text)
        return out


def _bytes(value: Any) -> bytes:
    if value is None:
        return b""
    return value if isinstance(value, bytes) else str(value).encode()


def exchanges(source: Any) -> list[Exchange]:
    """The live ``vcr`` cassette's requests and responses, bodies as bytes, multipart
    request bodies parsed."""
    out = []
    for request, response in zip(source.requests, source.responses, strict=True):
        headers = {
            str(k).lower(): (v[0] if isinstance(v, list) else v) for k, v in response["headers"].items()
        }
        request_headers = {str(k).lower(): str(v) for k, v in request.headers.items()}
        raw = _bytes(request.body)
        exchange = Exchange(
            request.method,
            request.uri,
            request_headers,
            raw,
            int(response["status"]["code"]),
            headers,
            _bytes(response["body"].get("string")),
        )
        content_type = request_headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            exchange.form = parse_multipart(content_type, raw)
        out.append(exchange)
    return out


def sse_payloads(body: bytes) -> list[Any]:
    return [json.loads(line[5:]) for line in body.decode().splitlines() if line.startswith("data:")]


def fixture_paths() -> list[Path]:
    return sorted(FIXTURES.glob("*.wav"))
