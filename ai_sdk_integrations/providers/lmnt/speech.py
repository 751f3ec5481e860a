"""LMNT speech synthesis (``POST /v1/ai/speech/bytes``): a sans-I/O codec.

The body is ``{model, text, voice, format}`` (voice default ``ava``, format from
``output_format``: ``mp3``, ``aac``, ``mulaw``, ``raw``, ``wav``; anything else is a
warning and mp3), with ``speed`` and ``language`` when given, and
``provider_options["lmnt"]``: ``conversational``, ``length``, ``seed``, ``speed``,
``temperature``, ``topP``, ``sampleRate`` (snake_cased; other keys too, so ``debug`` or
a field LMNT adds later can be sent). The format goes as ``format``, the field LMNT's
API reference documents (the AI SDK sends ``response_format``).

The answer is the audio bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import SpeechCallOptions, SpeechModelResult
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo

DEFAULT_VOICE = "ava"
FORMATS = frozenset({"mp3", "aac", "mulaw", "raw", "wav"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def lmnt_error_message(data: Any) -> str | None:
    """``{"error": "..."}``, ``{"error": {"message"}}`` (what the AI SDK reads),
    ``{"message"}`` or FastAPI's ``{"detail": ...}``."""
    if not isinstance(data, dict):
        return None
    error = data.get("error")
    if isinstance(error, str) and error:
        return error
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])
    for key in ("message", "detail"):
        if isinstance(data.get(key), str) and data[key]:
            return str(data[key])
    detail = data.get("detail")
    if isinstance(detail, list):
        found = [str(d.get("msg")) for d in detail if isinstance(d, dict) and d.get("msg")]
        if found:
            return "; ".join(found)
    return None


@dataclass(frozen=True, slots=True)
class LMNTSpeechCodec:
    model_id: str
    """``blizzard`` or ``aurora``."""
    provider: str = "lmnt"

    def build_request(self, options: SpeechCallOptions) -> PreparedRequest:
        warnings: tuple[CallWarning, ...] = ()
        output_format = options.output_format or "mp3"
        if output_format not in FORMATS:
            warnings = (
                CallWarning(
                    "unsupported",
                    feature="outputFormat",
                    details=f"Unsupported output format: {output_format}. Using mp3 instead.",
                ),
            )
            output_format = "mp3"
        body: dict[str, Any] = {
            "model": self.model_id,
            "text": options.text,
            "voice": options.voice or DEFAULT_VOICE,
            "format": output_format,
        }
        if options.speed is not None:
            body["speed"] = options.speed
        if options.language:
            body["language"] = options.language
        for name, value in (options.provider_options or {}).get(self.provider, {}).items():
            if value is not None:
                body[_CAMEL.sub("_", name).lower()] = value
        return PreparedRequest(
            "/ai/speech/bytes", body, headers=dict(options.headers or {}), warnings=warnings, expect="bytes"
        )

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> SpeechModelResult:
        if not isinstance(body, bytes) or not body:
            raise InvalidResponseDataError("LMNT sent no audio", provider=self.provider)
        return SpeechModelResult(audio=body, response=ResponseInfo(headers=dict(headers)))

    error_message = staticmethod(lmnt_error_message)
