"""``SpeechModel``: one text-to-speech codec bound to one endpoint (``SpeechModelV4``).

Speech APIs answer with audio bytes (``PreparedRequest(expect="bytes")``) or with JSON
carrying base64; either way the result's ``audio`` is a ``GeneratedFile`` whose media
type comes from the bytes, else the codec, else the response's content type.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..spec.media import SpeechCallOptions, SpeechModelResult
from ..spec.request import PreparedRequest
from ..spec.results import RequestInfo
from .media_job import Polling
from .media_model import MediaModel

FORMAT_MEDIA_TYPES: Mapping[str, str] = {
    "mp3": "audio/mpeg",
    "mpeg": "audio/mpeg",
    "wav": "audio/wav",
    "opus": "audio/opus",
    "ogg": "audio/ogg",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "pcm": "audio/pcm",
    "webm": "audio/webm",
}
"""Output format names as providers spell them -> media types (fallback only)."""


class SpeechCodec(Protocol):
    """What ``SpeechModel`` needs from a provider's speech codec. Optional:
    ``poll_request(options, body, headers) -> Poll | PreparedRequest | None``."""

    @property
    def model_id(self) -> str: ...
    def build_request(self, options: SpeechCallOptions) -> PreparedRequest: ...
    def parse_response(self, body: Any, headers: Mapping[str, str]) -> SpeechModelResult: ...
    def error_message(self, data: Any) -> str | None: ...


@dataclass(frozen=True, slots=True)
class SpeechModel(MediaModel[SpeechCodec, SpeechModelResult]):
    def generate(self, options: SpeechCallOptions, *, polling: Polling | None = None) -> SpeechModelResult:
        request, result, headers = self._call(options, polling)
        declared = result.media_type or FORMAT_MEDIA_TYPES.get((options.output_format or "").lower())
        audio = self._files([result.audio], declared, "audio/mpeg", headers)
        return self._finished(request, result, audio[0], headers)

    async def agenerate(
        self, options: SpeechCallOptions, *, polling: Polling | None = None
    ) -> SpeechModelResult:
        request, result, headers = await self._acall(options, polling)
        declared = result.media_type or FORMAT_MEDIA_TYPES.get((options.output_format or "").lower())
        audio = await self._afiles([result.audio], declared, "audio/mpeg", headers)
        return self._finished(request, result, audio[0], headers)

    def _finished(
        self, request: PreparedRequest, result: SpeechModelResult, audio: Any, headers: Mapping[str, str]
    ) -> SpeechModelResult:
        return dataclasses.replace(
            result,
            audio=audio,
            media_type=audio.media_type,
            warnings=(*request.warnings, *result.warnings),
            request=result.request or RequestInfo(body=request.body if request.content is None else None),
            response=self._response(result.response, headers),
        )
