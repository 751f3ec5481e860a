"""OpenAI text-to-speech: ``POST /audio/speech``, answered with the audio bytes.

Body ``{model, input, voice, response_format, speed?, instructions?}``; ``voice``
defaults to ``alloy`` and ``response_format`` to ``mp3`` (a format OpenAI does not
make is a warning, and mp3 is sent). ``language`` has no OpenAI field: a warning.
``openai`` provider options are added to the body as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import SpeechCallOptions, SpeechModelResult
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, RequestInfo
from .error_message import openai_error_message

OUTPUT_FORMATS: Mapping[str, str] = {
    "mp3": "audio/mpeg",
    "opus": "audio/opus",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
}
DEFAULT_VOICE = "alloy"


@dataclass(frozen=True, slots=True)
class OpenAISpeechCodec:
    model_id: str
    provider: str = "openai"

    def build_request(self, options: SpeechCallOptions) -> PreparedRequest:
        warnings: list[CallWarning] = []
        output_format = options.output_format or "mp3"
        if output_format not in OUTPUT_FORMATS:
            warnings.append(
                CallWarning(
                    "unsupported",
                    "outputFormat",
                    f"Unsupported output format: {output_format}. Using mp3 instead.",
                )
            )
            output_format = "mp3"
        if options.language is not None:
            warnings.append(
                CallWarning(
                    "unsupported",
                    "language",
                    f"OpenAI speech models do not support language selection. Language parameter "
                    f'"{options.language}" was ignored.',
                )
            )
        body: dict[str, Any] = {
            "model": self.model_id,
            "input": options.text,
            "voice": options.voice or DEFAULT_VOICE,
            "response_format": output_format,
        }
        if options.speed is not None:
            body["speed"] = options.speed
        if options.instructions is not None:
            body["instructions"] = options.instructions
        body.update((options.provider_options or {}).get(self.provider, {}))
        headers = {**(options.headers or {}), "accept": OUTPUT_FORMATS.get(body["response_format"], "*/*")}
        return PreparedRequest("/audio/speech", body, headers=headers, warnings=warnings, expect="bytes")

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> SpeechModelResult:
        if not isinstance(body, bytes) or not body:
            raise InvalidResponseDataError("OpenAI speech returned no audio", provider=self.provider)
        kind = (headers.get("content-type") or "").partition(";")[0].strip()
        if kind.startswith("application/json") or kind.startswith("text/"):
            raise InvalidResponseDataError(
                f"OpenAI speech answered {kind}, not audio: {body[:200]!r}", provider=self.provider
            )
        return SpeechModelResult(audio=body, request=RequestInfo())

    error_message = staticmethod(openai_error_message)
