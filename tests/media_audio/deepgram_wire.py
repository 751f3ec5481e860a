"""A loopback stand-in for ``api.deepgram.com``: ``/v1/listen`` and ``/v1/speak``.

Shapes follow Deepgram's API reference and OpenAPI spec (``listen`` / ``speak``
parameters, ``ListenV1Response``, the ``ErrorResponse`` shapes of its error page) and
the AI SDK's recorded Deepgram fixture. It rejects what Deepgram rejects:

* 401 ``{"err_code": "INVALID_AUTH", "err_msg": "Invalid credentials.", "request_id"}``
  without ``Authorization: Token <key>`` (a ``Bearer`` key included) or with the key
  ``INVALID_KEY``;
* 400 ``{"err_code": "Bad Request", "err_msg": "Bad Request: failed to process audio:
  corrupt or unsupported data"}`` for a body that is not audio (decoded by sox, as
  Deepgram decodes it), or that was sent as JSON without a ``url``;
* 400 for an unknown model ("No such model/language/tier combination found"), a
  boolean parameter that is not ``true``/``false``, and (stricter than the docs say,
  so a misspelt option fails here) a query parameter the endpoint does not list;
* for ``/v1/speak``: 400 ``{"category": "INVALID_JSON", "message", "details"}`` for a
  body that is not ``{"text": ...}`` (unknown fields, as serde's ``deny_unknown_fields``
  words it), an encoding/container/sample-rate combination Deepgram's table refuses, or
  an unknown ``aura`` model.

``/v1/listen`` transcribes with ``audio_wire.recognize`` (real decoding and word
timing of the test speech); ``/v1/speak`` answers real audio that espeak-ng speaks and
sox encodes as asked (mp3 at 22.05 kHz, linear16 in WAV or raw, mu-law, a-law, FLAC).
The text ``RATE_LIMIT`` gets a 429 the first time it is sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import uuid
from typing import Any

from audio_tools import AudioError, synthesize
from audio_wire import Reply, Request, json_reply, recognize
from fake_keys import fake_key

DEEPGRAM_API = "https://api.deepgram.com/v1"
INVALID_KEY = fake_key("deepgram-invalid")
RATE_LIMIT_MARKER = "RATE_LIMIT"
LISTEN_MODELS = frozenset(
    {
        "nova-3",
        "nova-3-general",
        "nova-3-medical",
        "nova-2",
        "nova-2-general",
        "nova-2-meeting",
        "nova-2-phonecall",
        "nova-2-finance",
        "nova-2-conversationalai",
        "nova-2-voicemail",
        "nova-2-video",
        "nova-2-medical",
        "nova-2-drivethru",
        "nova-2-automotive",
        "nova-2-atc",
        "nova",
        "nova-general",
        "nova-phonecall",
        "nova-medical",
        "enhanced",
        "enhanced-general",
        "enhanced-meeting",
        "enhanced-phonecall",
        "enhanced-finance",
        "base",
        "base-general",
        "base-meeting",
        "base-phonecall",
        "base-finance",
        "base-conversationalai",
        "base-voicemail",
        "base-video",
        "whisper",
        "whisper-base",
        "whisper-small",
        "whisper-medium",
        "whisper-large",
    }
)
LISTEN_PARAMS = frozenset(
    {
        "callback",
        "callback_method",
        "extra",
        "sentiment",
        "summarize",
        "tag",
        "topics",
        "custom_topic",
        "custom_topic_mode",
        "intents",
        "custom_intent",
        "custom_intent_mode",
        "detect_entities",
        "detect_language",
        "diarize",
        "diarize_model",
        "dictation",
        "encoding",
        "filler_words",
        "keyterm",
        "keywords",
        "language",
        "measurements",
        "model",
        "multichannel",
        "numerals",
        "paragraphs",
        "profanity_filter",
        "punctuate",
        "redact",
        "replace",
        "search",
        "smart_format",
        "utterances",
        "utt_split",
        "version",
        "mip_opt_out",
        "sample_rate",
        "channels",
        "alternatives",
    }
)
LISTEN_BOOLEANS = frozenset(
    {
        "sentiment",
        "topics",
        "intents",
        "detect_entities",
        "diarize",
        "dictation",
        "filler_words",
        "measurements",
        "multichannel",
        "numerals",
        "paragraphs",
        "profanity_filter",
        "punctuate",
        "smart_format",
        "utterances",
        "mip_opt_out",
    }
)
SPEAK_PARAMS = frozenset(
    {
        "callback",
        "callback_method",
        "mip_opt_out",
        "tag",
        "bit_rate",
        "container",
        "encoding",
        "model",
        "sample_rate",
        "speed",
    }
)
# encoding -> (containers allowed, sample rates allowed (None: fixed), default rate)
SPEAK_ENCODINGS: dict[str, tuple[tuple[str, ...], tuple[int, ...] | None, int]] = {
    "linear16": (("wav", "none"), (8000, 16000, 24000, 32000, 48000), 24000),
    "mulaw": (("wav", "none"), (8000, 16000), 8000),
    "alaw": (("wav", "none"), (8000, 16000), 8000),
    "mp3": ((), None, 22050),
    "flac": ((), (8000, 16000, 22050, 32000, 48000), 48000),
    "opus": (("ogg",), None, 48000),
    "aac": ((), None, 22050),
}


def _request_id() -> str:
    return str(uuid.uuid4())


def legacy_error(status: int, code: str, message: str) -> Reply:
    return json_reply(status, {"err_code": code, "err_msg": message, "request_id": _request_id()})


def _bad(message: str) -> Reply:
    return legacy_error(400, "Bad Request", message)


class FakeDeepgram:
    """The handler for ``audio_wire.FakeAPI``."""

    def __init__(self) -> None:
        self._limited: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Reply:
        auth = request.headers.get("authorization", "")
        scheme, _, key = auth.partition(" ")
        if scheme != "Token" or not key.strip() or key.strip() == INVALID_KEY:
            return legacy_error(401, "INVALID_AUTH", "Invalid credentials.")
        if request.method != "POST":
            return json_reply(405, {"err_code": "METHOD_NOT_ALLOWED", "err_msg": "Method not allowed"})
        if request.path == "/v1/listen":
            return self._listen(request)
        if request.path == "/v1/speak":
            return self._speak(request)
        return json_reply(404, {"err_code": "NOT_FOUND", "err_msg": "Not Found", "request_id": _request_id()})

    # -- /v1/listen -------------------------------------------------------------------

    def _listen(self, request: Request) -> Reply:
        params = request.query_dict
        for name, value in request.query:
            if name not in LISTEN_PARAMS:
                return _bad(f"Bad Request: failed to deserialize query parameters: unknown field `{name}`")
            if name in LISTEN_BOOLEANS and value not in ("true", "false"):
                return _bad(f"Bad Request: {name} must be true or false, got {value!r}")
        model = params.get("model", "base")
        if model not in LISTEN_MODELS:
            return _bad(
                "Bad Request: No such model/language/tier combination found. Use the /v1/models "
                "endpoint to list available models."
            )
        kind = request.headers.get("content-type", "")
        if kind.startswith("application/json"):
            return _bad("Bad Request: remote URLs are not fetched by this fake; send the audio bytes")
        try:
            heard = recognize(request.body, kind)
        except AudioError:
            return _bad("Bad Request: failed to process audio: corrupt or unsupported data")
        return json_reply(200, _listen_response(heard, params), {"dg-request-id": _request_id()})

    # -- /v1/speak --------------------------------------------------------------------

    def _speak(self, request: Request) -> Reply:
        params = request.query_dict
        for name, _ in request.query:
            if name not in SPEAK_PARAMS:
                return _bad(f"Bad Request: failed to deserialize query parameters: unknown field `{name}`")
        model = params.get("model", "aura-asteria-en")
        if not model.startswith("aura-"):
            return _bad("Bad Request: No such model found.")
        try:
            body = json.loads(request.body)
        except ValueError as exc:
            return _invalid_json(f"Json deserialize error: {exc}")
        if not isinstance(body, dict):
            return _invalid_json("Json deserialize error: invalid type: expected struct TextRequest")
        for name in body:
            if name != "text":
                return _invalid_json(f"Json deserialize error: unknown field `{name}`, expected `text`")
        text = body.get("text")
        if not isinstance(text, str):
            return _invalid_json("Json deserialize error: missing field `text`")
        if RATE_LIMIT_MARKER in text and self._first_time(text):
            return legacy_error(429, "TOO_MANY_REQUESTS", "Too many requests. Please try again later.")
        encoding = params.get("encoding", "mp3")
        if encoding not in SPEAK_ENCODINGS:
            return _bad(f"Bad Request: Unsupported encoding: {encoding}")
        containers, rates, default_rate = SPEAK_ENCODINGS[encoding]
        container = params.get("container", containers[0] if containers else "none")
        if container not in (*containers, "none") or (encoding == "opus" and container != "ogg"):
            return _bad(f"Bad Request: Unsupported container {container!r} for encoding {encoding!r}")
        rate_text = params.get("sample_rate")
        if rate_text is not None and (
            rates is None or not rate_text.isdigit() or int(rate_text) not in rates
        ):
            return _bad(f"Bad Request: Unsupported sample_rate {rate_text} for encoding {encoding!r}")
        rate = int(rate_text) if rate_text else default_rate
        try:
            audio, media_type = _speak_audio(text, encoding, container, rate)
        except AudioError as exc:  # not a Deepgram behaviour: a limit of this fake
            return legacy_error(501, "FAKE_CANNOT_ENCODE", str(exc))
        headers = {
            "content-type": media_type,
            "dg-model-name": model,
            "dg-model-uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, model)),
            "dg-char-count": str(len(text)),
            "dg-request-id": _request_id(),
        }
        return Reply(200, headers, audio)

    def _first_time(self, text: str) -> bool:
        digest = hashlib.sha256(text.encode()).hexdigest()
        with self._lock:
            first = digest not in self._limited
            self._limited.add(digest)
        return first


def _invalid_json(details: str) -> Reply:
    return json_reply(
        400,
        {
            "category": "INVALID_JSON",
            "message": "Invalid JSON submitted.",
            "details": details,
            "request_id": _request_id(),
        },
    )


def _speak_audio(text: str, encoding: str, container: str, rate: int) -> tuple[bytes, str]:
    if encoding == "mp3":
        return synthesize(text, "mp3", rate=22050, bit_rate=48), "audio/mpeg"
    if encoding == "flac":
        return synthesize(text, "flac", rate=rate), "audio/flac"
    if encoding in ("opus", "aac"):
        raise AudioError(f"the fake cannot encode {encoding}")  # sox has no opus/aac encoder
    sox_encoding = {
        "linear16": ["-e", "signed-integer", "-b", "16"],
        "mulaw": ["-e", "u-law"],
        "alaw": ["-e", "a-law"],
    }
    if container == "wav":
        return synthesize(text, "wav", rate=rate, encoding=sox_encoding[encoding]), "audio/wav"
    return synthesize(text, "raw", rate=rate, encoding=sox_encoding[encoding]), "application/octet-stream"


def _listen_response(heard: Any, params: dict[str, str]) -> dict[str, Any]:
    formatted = params.get("smart_format") == "true" or params.get("punctuate") == "true"
    diarize = params.get("diarize") == "true"
    words = []
    for index, (word, start, end) in enumerate(heard.words):
        entry: dict[str, Any] = {"word": word.lower(), "start": start, "end": end, "confidence": 0.99}
        if formatted:
            shown = word[:1].upper() + word[1:] if index == 0 else word
            entry["punctuated_word"] = shown + ("." if index == len(heard.words) - 1 else "")
        if diarize:
            entry["speaker"], entry["speaker_confidence"] = 0, 0.9
        words.append(entry)
    transcript = (
        " ".join(w["punctuated_word"] for w in words) if formatted else " ".join(w["word"] for w in words)
    )
    model = params.get("model", "base")
    model_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, model))
    channel: dict[str, Any] = {
        "alternatives": [{"transcript": transcript, "confidence": 0.99 if words else 0, "words": words}]
    }
    if params.get("detect_language") not in (None, "false"):
        channel["detected_language"], channel["language_confidence"] = heard.language, 0.98
    results: dict[str, Any] = {"channels": [channel]}
    if params.get("utterances") == "true" and words:
        results["utterances"] = [
            {
                "start": group[0][1],
                "end": group[-1][2],
                "confidence": 0.99,
                "channel": 0,
                "transcript": " ".join(w for w, _, _ in group),
                "words": [],
                "speaker": 0,
                "id": str(uuid.uuid4()),
            }
            for group in heard.utterances()
        ]
    return {
        "metadata": {
            "transaction_key": "deprecated",
            "request_id": _request_id(),
            "sha256": heard.sha256,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "duration": heard.duration,
            "channels": heard.channels,
            "models": [model_uuid],
            "model_info": {
                model_uuid: {"name": f"general-{model}", "version": "2025-07-31.0", "arch": model}
            },
        },
        "results": results,
    }
