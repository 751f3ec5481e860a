"""OpenAI speech-to-text: ``POST /audio/transcriptions``, a multipart upload.

Fields ``model``, ``file`` (named ``audio.<ext>`` with its media type),
``response_format`` (``verbose_json`` where the model gives segments: ``whisper-1``
and the ``*-diarize`` family; the ``gpt-4o(-mini)-transcribe`` models take ``json``
only), and the ``openai`` provider options (``language``, ``prompt``, ``temperature``,
``include``, ``timestampGranularities`` as repeated ``timestamp_granularities[]``).
``verbose_json`` answers ``{task, language: "english", duration, text, segments?:
[{start, end, text, ...}], words?: [{word, start, end}]}``; the language name is mapped
to its ISO-639-1 code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import (
    MEDIA_EXTENSIONS,
    TranscriptionCallOptions,
    TranscriptionModelResult,
    TranscriptSegment,
)
from ...spec.multipart import FormFile, FormValue, encode_multipart
from ...spec.request import PreparedRequest
from ...spec.results import ResponseInfo
from .error_message import openai_error_message

JSON_ONLY_MODELS = frozenset({"gpt-4o-transcribe", "gpt-4o-mini-transcribe"})
_OPTION_FIELDS = {
    "timestampGranularities": "timestamp_granularities",
    "timestamp_granularities": "timestamp_granularities",
}
_EXTENSIONS = {
    **MEDIA_EXTENSIONS,
    "audio/x-wav": "wav",
    "audio/wave": "wav",
    "audio/mp3": "mp3",
    "audio/x-m4a": "m4a",
}

LANGUAGES: Mapping[str, str] = {
    "afrikaans": "af",
    "arabic": "ar",
    "armenian": "hy",
    "azerbaijani": "az",
    "belarusian": "be",
    "bosnian": "bs",
    "bulgarian": "bg",
    "catalan": "ca",
    "chinese": "zh",
    "croatian": "hr",
    "czech": "cs",
    "danish": "da",
    "dutch": "nl",
    "english": "en",
    "estonian": "et",
    "finnish": "fi",
    "french": "fr",
    "galician": "gl",
    "german": "de",
    "greek": "el",
    "hebrew": "he",
    "hindi": "hi",
    "hungarian": "hu",
    "icelandic": "is",
    "indonesian": "id",
    "italian": "it",
    "japanese": "ja",
    "kannada": "kn",
    "kazakh": "kk",
    "korean": "ko",
    "latvian": "lv",
    "lithuanian": "lt",
    "macedonian": "mk",
    "malay": "ms",
    "marathi": "mr",
    "maori": "mi",
    "nepali": "ne",
    "norwegian": "no",
    "persian": "fa",
    "polish": "pl",
    "portuguese": "pt",
    "romanian": "ro",
    "russian": "ru",
    "serbian": "sr",
    "slovak": "sk",
    "slovenian": "sl",
    "spanish": "es",
    "swahili": "sw",
    "swedish": "sv",
    "tagalog": "tl",
    "tamil": "ta",
    "thai": "th",
    "turkish": "tr",
    "ukrainian": "uk",
    "urdu": "ur",
    "vietnamese": "vi",
    "welsh": "cy",
}
"""Whisper's language names -> ISO-639-1 (OpenAI's supported-languages list)."""


@dataclass(frozen=True, slots=True)
class OpenAITranscriptionCodec:
    model_id: str
    provider: str = "openai"

    def build_request(self, options: TranscriptionCallOptions) -> PreparedRequest:
        extension = _EXTENSIONS.get(options.media_type, options.media_type.rpartition("/")[2] or "wav")
        fields: list[tuple[str, FormValue]] = [
            ("model", self.model_id),
            ("file", FormFile(options.audio, f"audio.{extension}", options.media_type)),
            ("response_format", "json" if self.model_id in JSON_ONLY_MODELS else "verbose_json"),
        ]
        for key, value in (options.provider_options or {}).get(self.provider, {}).items():
            if value is None:
                continue
            name = _OPTION_FIELDS.get(key, key)
            if isinstance(value, (list, tuple)):
                fields.extend((f"{name}[]", str(item)) for item in value)
            elif name == "response_format":
                fields[2] = (name, str(value))
            else:
                fields.append((name, value if isinstance(value, str) else json.dumps(value)))
        content, content_type = encode_multipart(fields)
        return PreparedRequest(
            "/audio/transcriptions",
            {},
            headers=dict(options.headers or {}),
            content=content,
            content_type=content_type,
        )

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> TranscriptionModelResult:
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str):
            raise InvalidResponseDataError(
                f"transcription response has no text: {str(body)[:200]}", provider=self.provider
            )
        segments = _segments(body.get("segments"), "text") or _segments(body.get("words"), "word")
        language = body.get("language")
        duration = body.get("duration")
        return TranscriptionModelResult(
            text=text,
            segments=segments,
            language=LANGUAGES.get(language.lower()) if isinstance(language, str) else None,
            duration_in_seconds=float(duration)
            if isinstance(duration, (int, float)) and not isinstance(duration, bool)
            else None,
            response=ResponseInfo(model_id=self.model_id, body=body),
        )

    error_message = staticmethod(openai_error_message)


def _segments(rows: Any, text_field: str) -> list[TranscriptSegment]:
    """Timed pieces; one without numeric times or text is left out (metadata)."""
    out: list[TranscriptSegment] = []
    for row in rows if isinstance(rows, list) else ():
        if not isinstance(row, dict):
            continue
        start, end, text = row.get("start"), row.get("end"), row.get(text_field)
        if isinstance(text, str) and isinstance(start, (int, float)) and isinstance(end, (int, float)):
            if isinstance(start, bool) or isinstance(end, bool):
                continue
            speaker = row.get("speaker")
            out.append(
                TranscriptSegment(
                    text.strip(), float(start), float(end), speaker if isinstance(speaker, str) else None
                )
            )
    return out
