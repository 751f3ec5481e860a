"""ElevenLabs speech-to-text (``POST /v1/speech-to-text``): a sans-I/O codec.

A ``multipart/form-data`` upload, as the AI SDK sends it: ``model_id``, the audio as
``file`` (``audio.<ext>`` with its media type) and ``diarize=true`` unless
``provider_options["elevenlabs"]["diarize"]`` says otherwise. The other options
(``languageCode``, ``tagAudioEvents``, ``numSpeakers``, ``timestampsGranularity``,
``fileFormat``, and any key ElevenLabs adds later) are sent as form fields under their
snake_case names; lists and objects (``additionalFormats``, ``keyterms``) as JSON.
``streaming`` options belong to the realtime model: a warning here. The realtime model
``scribe_v2_realtime`` cannot transcribe a file.

The answer's ``text`` is the transcript and its ``words`` the segments (the word and
audio-event entries with times; the spacing entries carry no words),
``language_code`` (ISO-639-3, e.g. ``eng``, as ElevenLabs and the AI SDK give it) the
language, and the last word's end the duration. ``language_probability`` and
``transcription_id`` go to ``provider_metadata["elevenlabs"]``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError, UnsupportedFunctionalityError
from ...spec.media import (
    MEDIA_EXTENSIONS,
    TranscriptionCallOptions,
    TranscriptionModelResult,
    TranscriptSegment,
)
from ...spec.multipart import FormFile, FormValue, encode_multipart
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from ...spec.wire import parse_seconds
from .errors import elevenlabs_error_message, snake

REALTIME_MODELS = frozenset({"scribe_v2_realtime"})


def form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return str(value)


def audio_filename(options: TranscriptionCallOptions) -> str:
    if options.filename:
        return options.filename
    extension = MEDIA_EXTENSIONS.get(options.media_type.partition(";")[0].strip().lower(), "bin")
    return f"audio.{extension}"


@dataclass(frozen=True, slots=True)
class ElevenLabsTranscriptionCodec:
    model_id: str
    provider: str = "elevenlabs"

    def build_request(self, options: TranscriptionCallOptions) -> PreparedRequest:
        if self.model_id in REALTIME_MODELS:
            raise UnsupportedFunctionalityError(
                f"{self.model_id} transcribes live audio only; use scribe_v2 or scribe_v1 for a file"
            )
        given = dict((options.provider_options or {}).get(self.provider, {}))
        warnings: list[CallWarning] = []
        if given.pop("streaming", None) is not None:
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="providerOptions.elevenlabs.streaming",
                    details="ElevenLabs batch transcription does not support streaming options.",
                )
            )
        diarize = given.pop("diarize", None)
        fields: list[tuple[str, FormValue]] = [
            ("model_id", self.model_id),
            ("file", FormFile(options.audio, audio_filename(options), options.media_type)),
            ("diarize", form_value(diarize if isinstance(diarize, bool) else True)),
        ]
        fields += [(snake(name), form_value(value)) for name, value in given.items() if value is not None]
        content, content_type = encode_multipart(fields)
        return PreparedRequest(
            "/speech-to-text",
            {},
            headers=dict(options.headers or {}),
            warnings=tuple(warnings),
            content=content,
            content_type=content_type,
        )

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> TranscriptionModelResult:
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise InvalidResponseDataError(
                f"ElevenLabs sent a transcription without text: {str(body)[:200]}", provider=self.provider
            )
        segments = _segments(body.get("words"))
        language = body.get("language_code")
        metadata = {
            name: body[key]
            for key, name in (
                ("language_probability", "languageProbability"),
                ("transcription_id", "transcriptionId"),
            )
            if body.get(key) is not None
        }
        return TranscriptionModelResult(
            text=body["text"],
            segments=segments,
            language=language if isinstance(language, str) and language else None,
            duration_in_seconds=segments[-1].end_second if segments else None,
            provider_metadata={self.provider: metadata} if metadata else None,
            response=ResponseInfo(headers=dict(headers), body=body),
        )

    error_message = staticmethod(elevenlabs_error_message)


def _segments(words: Any) -> list[TranscriptSegment]:
    out = []
    for word in words if isinstance(words, list) else ():
        if not isinstance(word, dict) or word.get("type") == "spacing":
            continue
        text, start, end = word.get("text"), word.get("start"), word.get("end")
        if not isinstance(text, str) or not text.strip():
            continue
        start = parse_seconds(start) or 0.0
        end = parse_seconds(end) or start
        speaker = word.get("speaker_id")
        out.append(
            TranscriptSegment(text, start, max(start, end), speaker if isinstance(speaker, str) else None)
        )
    return out
