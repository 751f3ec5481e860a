"""A loopback stand-in for ``api.elevenlabs.io``: ``/v1/speech-to-text`` and
``/v1/text-to-speech/{voice_id}``.

Shapes follow ElevenLabs' OpenAPI spec (``Body_Speech_to_Text_v1_speech_to_text_post``,
``SpeechToTextChunkResponseModel``, ``HTTPValidationError``), its API reference for
text-to-speech, and the AI SDK's recorded ElevenLabs fixture. Like the real API (a
FastAPI service) it ignores form and JSON fields it does not know, and rejects:

* 401 ``{"detail": {"status": "needs_authorization" | "invalid_api_key", "message"}}``
  without ``xi-api-key`` or with the key ``INVALID_KEY``;
* 422 ``{"detail": [{"type", "loc", "msg", "input"}]}`` for a missing ``model_id`` or
  ``file``, an unknown speech-to-text model, a boolean form field that is not
  ``true``/``false``, ``timestamps_granularity`` / ``file_format`` outside their enums,
  ``num_speakers`` outside 1..32; for text-to-speech a missing ``text``, voice settings
  outside their ranges, an unknown ``output_format`` or ``apply_text_normalization``;
* 400 ``{"detail": {"status": "invalid_content", ...}}`` for a file that is not audio;
* 404 ``{"detail": {"status": "voice_not_found", ...}}`` for a voice id that is not one.

Speech-to-text answers with ``audio_wire.recognize``'s words (word and spacing entries,
``speaker_0`` when diarizing); text-to-speech with real audio spoken by espeak-ng in the
asked format (MP3, PCM, mu-law, a-law, WAV). The text ``RATE_LIMIT`` gets a 429 the
first time it is sent.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import uuid
from typing import Any

from audio_tools import AudioError, synthesize
from audio_wire import Part, Reply, Request, json_reply, parse_multipart, recognize
from fake_keys import fake_key

ELEVENLABS_API = "https://api.elevenlabs.io/v1"
INVALID_KEY = fake_key("elevenlabs-invalid")
RATE_LIMIT_MARKER = "RATE_LIMIT"
STT_MODELS = frozenset({"scribe_v1", "scribe_v1_experimental", "scribe_v2"})
TTS_MODELS = frozenset(
    {
        "eleven_v3",
        "eleven_multilingual_v2",
        "eleven_flash_v2_5",
        "eleven_flash_v2",
        "eleven_turbo_v2_5",
        "eleven_turbo_v2",
        "eleven_monolingual_v1",
        "eleven_multilingual_v1",
    }
)
STT_BOOLEANS = (
    "tag_audio_events",
    "diarize",
    "use_multi_channel",
    "webhook",
    "no_verbatim",
    "detect_speaker_roles",
)
_VOICE_ID = re.compile(r"^[A-Za-z0-9]{20}$")
_OUTPUT = re.compile(
    r"^(mp3_(22050_32|24000_48|44100_(32|64|96|128|192))|pcm_(8000|16000|22050|24000|44100|48000)"
    r"|ulaw_8000|alaw_8000|wav_(8000|16000|22050|24000|44100|48000)|opus_48000_(32|64|96|128|192))$"
)
_VOICE_RANGES = {"stability": (0, 1), "similarity_boost": (0, 1), "style": (0, 1), "speed": (0.7, 1.2)}


def _detail(status: int, kind: str, message: str) -> Reply:
    return json_reply(status, {"detail": {"status": kind, "message": message}})


def _invalid(loc: list[str | int], msg: str, kind: str, given: Any = None) -> Reply:
    return json_reply(422, {"detail": [{"type": kind, "loc": ["body", *loc], "msg": msg, "input": given}]})


class FakeElevenLabs:
    def __init__(self) -> None:
        self._limited: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Reply:
        key = request.headers.get("xi-api-key", "")
        if not key:
            return _detail(
                401,
                "needs_authorization",
                "Neither authorization header nor xi-api-key received, please provide one.",
            )
        if key == INVALID_KEY:
            return _detail(401, "invalid_api_key", "Invalid API key")
        if request.method == "POST" and request.path == "/v1/speech-to-text":
            return self._speech_to_text(request)
        if request.method == "POST" and request.path.startswith("/v1/text-to-speech/"):
            return self._text_to_speech(request, request.path.removeprefix("/v1/text-to-speech/"))
        return json_reply(404, {"detail": "Not Found"})

    # -- speech-to-text -------------------------------------------------------------------

    def _speech_to_text(self, request: Request) -> Reply:
        try:
            parts = parse_multipart(request.headers.get("content-type", ""), request.body)
        except AudioError as exc:
            return _invalid(["model_id"], f"Field required ({exc})", "missing")
        fields: dict[str, Part] = {}
        for part in parts:
            fields.setdefault(part.name, part)
        model = fields.get("model_id")
        if model is None:
            return _invalid(["model_id"], "Field required", "missing")
        if model.text not in STT_MODELS:
            return _invalid(
                ["model_id"], f"Input should be {', '.join(sorted(STT_MODELS))}", "literal_error", model.text
            )
        audio = fields.get("file")
        if audio is None and "cloud_storage_url" not in fields:
            return _invalid(["file"], "Either file or cloud_storage_url must be provided", "value_error")
        for name in STT_BOOLEANS:
            if name in fields and fields[name].text not in ("true", "false"):
                return _invalid(
                    [name],
                    "Input should be a valid boolean, unable to interpret input",
                    "bool_parsing",
                    fields[name].text,
                )
        checks = (
            ("timestamps_granularity", ("none", "word", "character")),
            ("file_format", ("pcm_s16le_16", "other")),
        )
        for name, allowed in checks:
            if name in fields and fields[name].text not in allowed:
                return _invalid([name], f"Input should be {' or '.join(allowed)}", "enum", fields[name].text)
        if "num_speakers" in fields:
            text = fields["num_speakers"].text
            if not text.isdigit() or not 1 <= int(text) <= 32:
                return _invalid(["num_speakers"], "Input should be between 1 and 32", "less_than_equal", text)
        assert audio is not None
        try:
            heard = recognize(audio.data, audio.content_type)
        except AudioError:
            return _detail(400, "invalid_content", "The uploaded file could not be processed as audio.")
        diarize = "diarize" in fields and fields["diarize"].text == "true"
        return json_reply(200, _transcript(heard, diarize), {"request-id": uuid.uuid4().hex})

    # -- text-to-speech ---------------------------------------------------------------------

    def _text_to_speech(self, request: Request, voice: str) -> Reply:
        if not _VOICE_ID.match(voice):
            return _detail(404, "voice_not_found", f"A voice with the voice_id {voice} was not found.")
        output = request.query_dict.get("output_format", "mp3_44100_128")
        if not _OUTPUT.match(output):
            return json_reply(
                422,
                {
                    "detail": [
                        {
                            "type": "enum",
                            "loc": ["query", "output_format"],
                            "msg": "Input should be a supported output format",
                            "input": output,
                        }
                    ]
                },
            )
        try:
            body = json.loads(request.body)
        except ValueError:
            return _invalid([], "JSON decode error", "json_invalid")
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            return _invalid(["text"], "Field required", "missing")
        model = body.get("model_id", "eleven_multilingual_v2")
        if model not in TTS_MODELS:
            return _detail(400, "model_not_found", f"A model with model ID {model} does not exist.")
        settings = body.get("voice_settings") or {}
        if not isinstance(settings, dict):
            return _invalid(["voice_settings"], "Input should be a valid dictionary", "dict_type", settings)
        for name, (low, high) in _VOICE_RANGES.items():
            value = settings.get(name)
            if value is not None and (not isinstance(value, (int, float)) or not low <= value <= high):
                return _invalid(
                    ["voice_settings", name], f"Input should be between {low} and {high}", "range", value
                )
        normalization = body.get("apply_text_normalization")
        if normalization is not None and normalization not in ("auto", "on", "off"):
            return _invalid(
                ["apply_text_normalization"], "Input should be 'auto', 'on' or 'off'", "enum", normalization
            )
        text = body["text"]
        if RATE_LIMIT_MARKER in text and self._first_time(text):
            return _detail(429, "too_many_concurrent_requests", "Too many concurrent requests.")
        try:
            audio, media_type = _speech(text, output)
        except AudioError as exc:  # not an ElevenLabs behaviour: a limit of this fake
            return _detail(501, "fake_cannot_encode", str(exc))
        headers = {
            "content-type": media_type,
            "request-id": uuid.uuid4().hex[:20],
            "history-item-id": uuid.uuid4().hex[:20],
            "character-cost": str(len(text)),
            "x-character-count": str(len(text)),
        }
        return Reply(200, headers, audio)

    def _first_time(self, text: str) -> bool:
        digest = hashlib.sha256(text.encode()).hexdigest()
        with self._lock:
            first = digest not in self._limited
            self._limited.add(digest)
        return first


def _speech(text: str, output: str) -> tuple[bytes, str]:
    kind, _, rest = output.partition("_")
    rate = int(rest.partition("_")[0])
    pcm = ["-e", "signed-integer", "-b", "16"]
    if kind == "mp3":
        return synthesize(text, "mp3", rate=rate, bit_rate=int(rest.partition("_")[2])), "audio/mpeg"
    if kind == "pcm":
        return synthesize(text, "raw", rate=rate, encoding=pcm), "audio/pcm"
    if kind == "ulaw":
        return synthesize(text, "raw", rate=rate, encoding=["-e", "u-law"]), "audio/basic"
    if kind == "alaw":
        return synthesize(text, "raw", rate=rate, encoding=["-e", "a-law"]), "audio/alaw"
    if kind == "wav":
        return synthesize(text, "wav", rate=rate, encoding=pcm), "audio/wav"
    raise AudioError(f"the fake cannot encode {output}")


def _transcript(heard: Any, diarize: bool) -> dict[str, Any]:
    words: list[dict[str, Any]] = []
    shown = [w[:1].upper() + w[1:] if i == 0 else w for i, (w, _, _) in enumerate(heard.words)]
    for index, ((_, start, end), text) in enumerate(zip(heard.words, shown, strict=True)):
        last = index == len(shown) - 1
        entry: dict[str, Any] = {
            "text": text + ("." if last else ""),
            "start": start,
            "end": end,
            "type": "word",
            "logprob": -0.01,
        }
        if diarize:
            entry["speaker_id"] = "speaker_0"
        words.append(entry)
        if not last:
            gap: dict[str, Any] = {
                "text": " ",
                "start": end,
                "end": heard.words[index + 1][1],
                "type": "spacing",
                "logprob": 0.0,
            }
            if diarize:
                gap["speaker_id"] = "speaker_0"
            words.append(gap)
    return {
        "language_code": "eng",
        "language_probability": 0.98 if words else 0.0,
        "text": "".join(w["text"] for w in words),
        "words": words,
        "transcription_id": uuid.uuid4().hex[:20],
    }
