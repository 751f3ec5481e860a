"""A loopback stand-in for ``api.hume.ai``: ``/v0/tts/file``.

Shapes follow Hume's TTS API reference ("Text-to-Speech (File)": ``OctaveBodyArgs`` with
``utterances``, ``context``, ``format``, ``num_generations``, ``split_utterances``,
``strip_headers``, ``version``, ``instant_mode``, ``include_timestamp_types``) and the
AI SDK's Hume tests. It rejects:

* 401 ``{"message": ...}`` (Hume's API gateway answers 401 with a bare message)
  without ``X-Hume-Api-Key`` or with the key ``INVALID_KEY``;
* 422 ``{"detail": [{"loc", "msg", "type"}]}`` for a body without ``utterances`` or with
  an empty list, an utterance without ``text`` or with text over 5000 characters, a
  ``speed`` outside 0.5..2, ``trailing_silence`` outside 0..5, a voice without ``id`` or
  ``name`` or with another ``provider`` than ``HUME_AI`` / ``CUSTOM_VOICE``, a
  ``format.type`` other than mp3/wav/pcm, ``version`` other than "1"/"2",
  ``num_generations`` outside 1..5, ``instant_mode`` without a voice; and (an
  assumption: Hume's reference does not say whether unknown fields are ignored; the
  fake refuses them so a misspelt option fails here) a field the reference does not list.

It answers real audio spoken by espeak-ng (MP3, WAV, or raw 48 kHz PCM). The text
``RATE_LIMIT`` gets a 429 ``{"message": "API rate limit exceeded"}`` the first time.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

from audio_tools import synthesize
from audio_wire import Reply, Request, json_reply
from fake_keys import fake_key

HUME_API = "https://api.hume.ai"
INVALID_KEY = fake_key("hume-invalid")
RATE_LIMIT_MARKER = "RATE_LIMIT"
BODY_FIELDS = frozenset(
    {
        "utterances",
        "context",
        "format",
        "num_generations",
        "split_utterances",
        "strip_headers",
        "version",
        "instant_mode",
        "include_timestamp_types",
    }
)
UTTERANCE_FIELDS = frozenset({"text", "description", "speed", "trailing_silence", "voice"})


def _invalid(loc: list[Any], msg: str, kind: str) -> Reply:
    return json_reply(422, {"detail": [{"loc": ["body", *loc], "msg": msg, "type": kind}]})


def _check_utterance(utterance: Any, where: list[Any]) -> Reply | None:
    if not isinstance(utterance, dict):
        return _invalid(where, "value is not a valid dict", "type_error.dict")
    for name in utterance:
        if name not in UTTERANCE_FIELDS:
            return _invalid([*where, name], "extra fields not permitted", "value_error.extra")
    text = utterance.get("text")
    if not isinstance(text, str):
        return _invalid([*where, "text"], "field required", "value_error.missing")
    if len(text) > 5000:
        return _invalid(
            [*where, "text"],
            "ensure this value has at most 5000 characters",
            "value_error.any_str.max_length",
        )
    speed = utterance.get("speed")
    if speed is not None and (not isinstance(speed, (int, float)) or not 0.5 <= speed <= 2):
        return _invalid(
            [*where, "speed"], "ensure this value is between 0.5 and 2.0", "value_error.number.range"
        )
    silence = utterance.get("trailing_silence")
    if silence is not None and (not isinstance(silence, (int, float)) or not 0 <= silence <= 5):
        return _invalid(
            [*where, "trailing_silence"], "ensure this value is between 0 and 5", "value_error.number.range"
        )
    voice = utterance.get("voice")
    if voice is not None:
        if not isinstance(voice, dict) or not (
            isinstance(voice.get("id"), str) or isinstance(voice.get("name"), str)
        ):
            return _invalid([*where, "voice"], "a voice needs an id or a name", "value_error")
        if voice.get("provider", "HUME_AI") not in ("HUME_AI", "CUSTOM_VOICE"):
            return _invalid(
                [*where, "voice", "provider"], "value is not a valid enumeration member", "type_error.enum"
            )
    return None


class FakeHume:
    def __init__(self) -> None:
        self._limited: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Reply:
        key = request.headers.get("x-hume-api-key", "")
        if not key or key == INVALID_KEY:
            return json_reply(401, {"message": "Invalid API key" if key else "No API key found in request"})
        if request.method != "POST" or request.path != "/v0/tts/file":
            return json_reply(404, {"message": "no Route matched with those values"})
        try:
            body = json.loads(request.body)
        except ValueError:
            return _invalid([], "Expecting value: the body is not JSON", "value_error.jsondecode")
        if not isinstance(body, dict):
            return _invalid([], "value is not a valid dict", "type_error.dict")
        for name in body:
            if name not in BODY_FIELDS:
                return _invalid([name], "extra fields not permitted", "value_error.extra")
        utterances = body.get("utterances")
        if not isinstance(utterances, list) or not utterances:
            return _invalid(
                ["utterances"], "ensure this value has at least 1 items", "value_error.list.min_items"
            )
        for index, utterance in enumerate(utterances):
            problem = _check_utterance(utterance, ["utterances", index])
            if problem is not None:
                return problem
        context = body.get("context")
        if isinstance(context, dict):
            for index, utterance in enumerate(context.get("utterances") or []):
                problem = _check_utterance(utterance, ["context", "utterances", index])
                if problem is not None:
                    return problem
        kind = (
            (body.get("format") or {"type": "mp3"}).get("type")
            if isinstance(body.get("format"), (dict, type(None)))
            else None
        )
        if kind not in ("mp3", "wav", "pcm"):
            return _invalid(["format", "type"], "value is not a valid enumeration member", "type_error.enum")
        if body.get("version") not in (None, "1", "2"):
            return _invalid(["version"], "unexpected value; permitted: '1', '2'", "value_error.const")
        generations = body.get("num_generations", 1)
        if not isinstance(generations, int) or not 1 <= generations <= 5:
            return _invalid(
                ["num_generations"], "ensure this value is between 1 and 5", "value_error.number.range"
            )
        if body.get("instant_mode") and not all(isinstance(u.get("voice"), dict) for u in utterances):
            return _invalid(
                ["instant_mode"], "instant_mode requires a voice for every utterance", "value_error"
            )
        text = " ".join(u["text"] for u in utterances)
        if RATE_LIMIT_MARKER in text and self._first_time(text):
            return json_reply(429, {"message": "API rate limit exceeded"})
        if kind == "mp3":
            audio, media_type = synthesize(text, "mp3", rate=48000, bit_rate=64), "audio/mpeg"
        elif kind == "wav":
            audio, media_type = (
                synthesize(text, "wav", rate=48000, encoding=["-e", "signed-integer", "-b", "16"]),
                "audio/wav",
            )
        else:
            audio, media_type = (
                synthesize(text, "raw", rate=48000, encoding=["-e", "signed-integer", "-b", "16"]),
                "audio/pcm",
            )
        return Reply(200, {"content-type": media_type}, audio)

    def _first_time(self, text: str) -> bool:
        digest = hashlib.sha256(text.encode()).hexdigest()
        with self._lock:
            first = digest not in self._limited
            self._limited.add(digest)
        return first
