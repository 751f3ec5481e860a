"""A loopback stand-in for ``api.lmnt.com``: ``/v1/ai/speech/bytes``.

Shapes follow LMNT's API reference ("Synthesize speech (bytes)": ``voice``, ``text``,
``model``, ``language``, ``format``, ``sample_rate``, ``seed``, ``temperature``,
``top_p``, ``speed``, ``conversational``, ``length``, ``debug``) and the AI SDK's LMNT
tests. It rejects:

* 401 ``{"error": ...}`` without ``X-API-Key`` or with the key ``INVALID_KEY``;
* 400 ``{"error": ...}`` for a body without ``voice`` or ``text``, an unknown ``model``,
  ``format`` (mp3, aac, mulaw, raw, wav), ``sample_rate`` (8000, 16000, 24000) or
  ``language``, ``speed`` outside 0.25..2, ``top_p`` outside 0..1, a negative
  ``temperature``, ``length`` over 300; and (stricter than LMNT documents, so a
  misspelt option fails here) a field the reference does not list, ``response_format``
  included.

It answers real audio spoken by espeak-ng: MP3, WAV, mu-law or raw 16-bit PCM at
``sample_rate`` (default 24 kHz). The text ``RATE_LIMIT`` gets a 429 the first time.
"""

from __future__ import annotations

import hashlib
import json
import threading

from audio_tools import AudioError, synthesize
from audio_wire import Reply, Request, json_reply
from fake_keys import fake_key

LMNT_API = "https://api.lmnt.com/v1"
INVALID_KEY = fake_key("lmnt-invalid")
RATE_LIMIT_MARKER = "RATE_LIMIT"
FIELDS = frozenset(
    {
        "voice",
        "text",
        "model",
        "language",
        "format",
        "sample_rate",
        "seed",
        "temperature",
        "top_p",
        "speed",
        "conversational",
        "length",
        "debug",
        "return_durations",
    }
)
LANGUAGES = frozenset(
    {
        "auto",
        "en",
        "es",
        "pt",
        "fr",
        "de",
        "zh",
        "ko",
        "hi",
        "ja",
        "ru",
        "it",
        "tr",
        "nl",
        "pl",
        "sv",
        "th",
        "uk",
        "vi",
        "ar",
        "id",
    }
)


def _bad(message: str, status: int = 400) -> Reply:
    return json_reply(status, {"error": message})


class FakeLMNT:
    def __init__(self) -> None:
        self._limited: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Reply:
        key = request.headers.get("x-api-key", "")
        if not key or key == INVALID_KEY:
            return _bad("Unauthorized: invalid or missing API key", 401)
        if request.method != "POST" or request.path != "/v1/ai/speech/bytes":
            return _bad("Not Found", 404)
        try:
            body = json.loads(request.body)
        except ValueError:
            return _bad("Request body is not valid JSON")
        if not isinstance(body, dict):
            return _bad("Request body must be a JSON object")
        for name in body:
            if name not in FIELDS:
                return _bad(f"Unknown field: {name}")
        for name in ("voice", "text"):
            if not isinstance(body.get(name), str) or not body[name]:
                return _bad(f"Missing required field: {name}")
        checks = (
            ("model", lambda v: v in ("blizzard", "aurora")),
            ("format", lambda v: v in ("mp3", "aac", "mulaw", "raw", "wav")),
            ("sample_rate", lambda v: v in (8000, 16000, 24000)),
            ("language", lambda v: v in LANGUAGES),
            ("speed", lambda v: isinstance(v, (int, float)) and 0.25 <= v <= 2),
            ("top_p", lambda v: isinstance(v, (int, float)) and 0 <= v <= 1),
            ("temperature", lambda v: isinstance(v, (int, float)) and v >= 0),
            ("length", lambda v: isinstance(v, (int, float)) and 0 < v <= 300),
            ("seed", lambda v: isinstance(v, int) and not isinstance(v, bool)),
        )
        for name, valid in checks:
            if name in body and not valid(body[name]):
                return _bad(f"Invalid value for {name}: {body[name]!r}")
        text = body["text"]
        if RATE_LIMIT_MARKER in text and self._first_time(text):
            return _bad("Rate limit exceeded", 429)
        kind, rate = body.get("format", "mp3"), body.get("sample_rate", 24000)
        pcm = ["-e", "signed-integer", "-b", "16"]
        try:
            if kind == "mp3":
                audio, media_type = synthesize(text, "mp3", rate=rate, bit_rate=64), "audio/mpeg"
            elif kind == "wav":
                audio, media_type = synthesize(text, "wav", rate=rate, encoding=pcm), "audio/wav"
            elif kind == "mulaw":
                audio, media_type = (
                    synthesize(text, "raw", rate=8000, encoding=["-e", "u-law"]),
                    "audio/basic",
                )
            elif kind == "raw":
                audio, media_type = synthesize(text, "raw", rate=rate, encoding=pcm), "audio/pcm"
            else:
                raise AudioError(f"the fake cannot encode {kind}")
        except AudioError as exc:  # not an LMNT behaviour: a limit of this fake
            return _bad(str(exc), 501)
        return Reply(200, {"content-type": media_type}, audio)

    def _first_time(self, text: str) -> bool:
        digest = hashlib.sha256(text.encode()).hexdigest()
        with self._lock:
            first = digest not in self._limited
            self._limited.add(digest)
        return first
