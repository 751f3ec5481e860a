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
from dataclasses import dataclass
from typing import Any, Protocol

from ..spec.errors import InvalidResponseDataError
from ..spec.media import TranscriptionCallOptions, TranscriptionModelResult
from ..spec.request import PreparedRequest
from .media_job import Polling
from .media_model import MediaModel


class TranscriptionCodec(Protocol):
    """What ``TranscriptionModel`` needs from a provider's transcription codec.
    Optional: ``poll_request(options, body, headers) -> Poll | PreparedRequest | None``."""

    @property
    def model_id(self) -> str: ...
    def build_request(self, options: TranscriptionCallOptions) -> PreparedRequest: ...
    def parse_response(self, body: Any, headers: Mapping[str, str]) -> TranscriptionModelResult: ...
    def error_message(self, data: Any) -> str | None: ...


@dataclass(frozen=True, slots=True)
class TranscriptionModel(MediaModel[TranscriptionCodec, TranscriptionModelResult]):
    def transcribe(
        self, options: TranscriptionCallOptions, *, polling: Polling | None = None
    ) -> TranscriptionModelResult:
        return self._finished(*self._call(options, polling))

    async def atranscribe(
        self, options: TranscriptionCallOptions, *, polling: Polling | None = None
    ) -> TranscriptionModelResult:
        return self._finished(*await self._acall(options, polling))

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
            response=self._response(result.response, headers),
        )
