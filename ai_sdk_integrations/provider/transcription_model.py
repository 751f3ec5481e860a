"""``TranscriptionModel``: one speech-to-text codec bound to one endpoint
(``TranscriptionModelV4``).

Uploads are built by the codec (multipart via ``spec.multipart``, raw bytes, or base64
in JSON); asynchronous APIs (upload, submit, poll) are a chain of ``poll_request``
steps run by ``media_job``. Segments come back in time order with ``start_second <=
end_second``: checked here once for every codec.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..spec.errors import InvalidResponseDataError
from ..spec.media import TranscriptionCallOptions, TranscriptionModelResult
from ..spec.request import PreparedRequest
from ..transport.endpoint import Endpoint
from .media_job import Polling, arun_job, response_info, run_job
from .media_job import with_endpoint as _with_endpoint
from .profile import DEFAULT, ModelProfile


class TranscriptionCodec(Protocol):
    """What ``TranscriptionModel`` needs from a provider's transcription codec.
    Optional: ``poll_request(options, body, headers) -> Poll | PreparedRequest | None``."""

    @property
    def model_id(self) -> str: ...
    def build_request(self, options: TranscriptionCallOptions) -> PreparedRequest: ...
    def parse_response(self, body: Any, headers: Mapping[str, str]) -> TranscriptionModelResult: ...
    def error_message(self, data: Any) -> str | None: ...


@dataclass(frozen=True, slots=True)
class TranscriptionModel:
    codec: TranscriptionCodec
    endpoint: Endpoint
    profile: ModelProfile = field(default=DEFAULT)

    @property
    def provider(self) -> str:
        return self.endpoint.provider

    @property
    def model_id(self) -> str:
        return self.codec.model_id

    def with_endpoint(self, **changes: Any) -> TranscriptionModel:
        made: TranscriptionModel = _with_endpoint(self, **changes)
        return made

    def transcribe(
        self, options: TranscriptionCallOptions, *, polling: Polling | None = None
    ) -> TranscriptionModelResult:
        request = self.codec.build_request(options)
        body, headers = run_job(self.endpoint, self.codec, options, request, polling)
        return self._finished(request, self.codec.parse_response(body, headers), headers)

    async def atranscribe(
        self, options: TranscriptionCallOptions, *, polling: Polling | None = None
    ) -> TranscriptionModelResult:
        request = self.codec.build_request(options)
        body, headers = await arun_job(self.endpoint, self.codec, options, request, polling)
        return self._finished(request, self.codec.parse_response(body, headers), headers)

    def _finished(
        self, request: PreparedRequest, result: TranscriptionModelResult, headers: Mapping[str, str]
    ) -> TranscriptionModelResult:
        for segment in result.segments:
            if not 0 <= segment.start_second <= segment.end_second:
                raise InvalidResponseDataError(
                    f"{self.provider}:{self.model_id} sent a segment from {segment.start_second} s "
                    f"to {segment.end_second} s",
                    provider=self.provider,
                )
        return dataclasses.replace(
            result,
            segments=sorted(result.segments, key=lambda s: (s.start_second, s.end_second)),
            warnings=(*request.warnings, *result.warnings),
            response=response_info(result.response, self.model_id, headers),
        )
