"""``ImageModel``: one image codec bound to one endpoint (``ImageModelV4``).

The codec is sans-I/O: ``build_request(options)`` and ``parse_response(body, headers)``,
plus ``poll_request`` for queued providers (see ``media_job``). The model sends through
the transport, follows polls, downloads URL results and hands back ``GeneratedFile``
images; ``generate_image`` batches ``n`` over ``max_images_per_call``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..spec.media import ImageCallOptions, ImageModelResult
from ..spec.request import PreparedRequest
from .media_job import Polling, check_count
from .media_model import MediaModel


class ImageCodec(Protocol):
    """What ``ImageModel`` needs from a provider's image codec. Optional:
    ``poll_request(options, body, headers) -> Poll | PreparedRequest | None``."""

    @property
    def model_id(self) -> str: ...
    @property
    def max_images_per_call(self) -> int: ...
    def build_request(self, options: ImageCallOptions) -> PreparedRequest: ...
    def parse_response(self, body: Any, headers: Mapping[str, str]) -> ImageModelResult: ...
    def error_message(self, data: Any) -> str | None: ...


@dataclass(frozen=True, slots=True)
class ImageModel(MediaModel[ImageCodec, ImageModelResult]):
    @property
    def max_images_per_call(self) -> int:
        return self.codec.max_images_per_call

    def generate(self, options: ImageCallOptions, *, polling: Polling | None = None) -> ImageModelResult:
        """One call of at most ``max_images_per_call`` images; every image in the
        result is a ``GeneratedFile``."""
        request, result, headers = self._call(options, polling)
        images = self._files(result.images, result.media_type, "image/png", headers)
        return self._finished(request, result, images, headers)

    async def agenerate(
        self, options: ImageCallOptions, *, polling: Polling | None = None
    ) -> ImageModelResult:
        request, result, headers = await self._acall(options, polling)
        images = await self._afiles(result.images, result.media_type, "image/png", headers)
        return self._finished(request, result, images, headers)

    def _request(self, options: ImageCallOptions) -> PreparedRequest:
        check_count(self, options.n, self.max_images_per_call, "images")
        return self.codec.build_request(options)

    def _finished(
        self, request: PreparedRequest, result: ImageModelResult, images: Any, headers: Mapping[str, str]
    ) -> ImageModelResult:
        return dataclasses.replace(
            result,
            images=images,
            warnings=(*request.warnings, *result.warnings),
            response=self._response(result.response, headers),
        )
