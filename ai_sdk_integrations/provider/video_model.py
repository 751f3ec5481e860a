"""``VideoModel``: one video codec bound to one endpoint (``Experimental_VideoModelV4``).

Video is the long-running case: the codec submits, ``poll_request`` follows the job
until it is done (``media_job`` waits, times out, reports progress), and the clips come
back as ``GeneratedFile`` objects (URL results are downloaded without credentials).
A streamed request (the Gateway's SSE route) reaches ``parse_response`` as the list of
its events' data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..spec.media import VideoCallOptions, VideoModelResult
from ..spec.request import PreparedRequest
from .media_job import Polling, check_count
from .media_model import MediaModel


class VideoCodec(Protocol):
    """What ``VideoModel`` needs from a provider's video codec. Optional:
    ``poll_request(options, body, headers) -> Poll | PreparedRequest | None``."""

    @property
    def model_id(self) -> str: ...
    @property
    def max_videos_per_call(self) -> int: ...
    def build_request(self, options: VideoCallOptions) -> PreparedRequest: ...
    def parse_response(self, body: Any, headers: Mapping[str, str]) -> VideoModelResult: ...
    def error_message(self, data: Any) -> str | None: ...


@dataclass(frozen=True, slots=True)
class VideoModel(MediaModel[VideoCodec, VideoModelResult]):
    @property
    def max_videos_per_call(self) -> int:
        return self.codec.max_videos_per_call

    def generate(self, options: VideoCallOptions, *, polling: Polling | None = None) -> VideoModelResult:
        request, result, headers = self._call(options, polling)
        videos = self._files(result.videos, result.media_type, "video/mp4", headers)
        return self._finished(request, result, videos, headers)

    async def agenerate(
        self, options: VideoCallOptions, *, polling: Polling | None = None
    ) -> VideoModelResult:
        request, result, headers = await self._acall(options, polling)
        videos = await self._afiles(result.videos, result.media_type, "video/mp4", headers)
        return self._finished(request, result, videos, headers)

    def _request(self, options: VideoCallOptions) -> PreparedRequest:
        check_count(self, options.n, self.max_videos_per_call, "videos")
        return self.codec.build_request(options)

    def _finished(
        self, request: PreparedRequest, result: VideoModelResult, videos: Any, headers: Mapping[str, str]
    ) -> VideoModelResult:
        return dataclasses.replace(
            result,
            videos=videos,
            warnings=(*request.warnings, *result.warnings),
            response=self._response(result.response, headers),
        )
