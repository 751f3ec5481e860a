"""``SpeechModel``: one text-to-speech codec bound to one endpoint (``SpeechModelV4``).

Speech APIs answer with audio bytes (``PreparedRequest(expect="bytes")``) or with JSON
carrying base64; either way the result's ``audio`` is a ``GeneratedFile`` whose media
type comes from the bytes, else the codec, else the response's content type.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..spec.media import SpeechCallOptions, SpeechModelResult
from ..spec.request import PreparedRequest
from ..spec.results import RequestInfo
from ..transport.endpoint import Endpoint
from .media_job import Polling, amaterialize, arun_job, materialize, response_info, run_job
from .media_job import with_endpoint as _with_endpoint
from .profile import DEFAULT, ModelProfile

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
class SpeechModel:
    codec: SpeechCodec
    endpoint: Endpoint
    profile: ModelProfile = field(default=DEFAULT)

    @property
    def provider(self) -> str:
        return self.endpoint.provider

    @property
    def model_id(self) -> str:
        return self.codec.model_id

    def with_endpoint(self, **changes: Any) -> SpeechModel:
        made: SpeechModel = _with_endpoint(self, **changes)
        return made

    def generate(self, options: SpeechCallOptions, *, polling: Polling | None = None) -> SpeechModelResult:
        request = self.codec.build_request(options)
        body, headers = run_job(self.endpoint, self.codec, options, request, polling)
        result = self.codec.parse_response(body, headers)
        declared = result.media_type or FORMAT_MEDIA_TYPES.get((options.output_format or "").lower())
        audio = materialize(self.endpoint, self.codec, [result.audio], declared, "audio/mpeg", headers)
        return self._finished(request, result, audio[0], headers)

    async def agenerate(
        self, options: SpeechCallOptions, *, polling: Polling | None = None
    ) -> SpeechModelResult:
        request = self.codec.build_request(options)
        body, headers = await arun_job(self.endpoint, self.codec, options, request, polling)
        result = self.codec.parse_response(body, headers)
        declared = result.media_type or FORMAT_MEDIA_TYPES.get((options.output_format or "").lower())
        audio = await amaterialize(self.endpoint, self.codec, [result.audio], declared, "audio/mpeg", headers)
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
            response=response_info(result.response, self.model_id, headers),
        )
