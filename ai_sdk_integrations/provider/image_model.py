"""``ImageModel``: one image codec bound to one endpoint (``ImageModelV4``).

The codec is sans-I/O: ``build_request(options)`` and ``parse_response(body, headers)``,
plus ``poll_request`` for queued providers (see ``media_job``). The model sends through
the transport, follows polls, downloads URL results and hands back ``GeneratedFile``
images; ``generate_image`` batches ``n`` over ``max_images_per_call``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..spec.media import ImageCallOptions, ImageModelResult
from ..spec.request import PreparedRequest
from ..transport.endpoint import Endpoint
from .media_job import Polling, amaterialize, arun_job, check_count, materialize, response_info, run_job
from .media_job import with_endpoint as _with_endpoint
from .profile import DEFAULT, ModelProfile


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
class ImageModel:
    codec: ImageCodec
    endpoint: Endpoint
    profile: ModelProfile = field(default=DEFAULT)

    @property
    def provider(self) -> str:
        return self.endpoint.provider

    @property
    def model_id(self) -> str:
        return self.codec.model_id

    @property
    def max_images_per_call(self) -> int:
        return self.codec.max_images_per_call

    def with_endpoint(self, **changes: Any) -> ImageModel:
        made: ImageModel = _with_endpoint(self, **changes)
        return made

    def generate(self, options: ImageCallOptions, *, polling: Polling | None = None) -> ImageModelResult:
        """One call of at most ``max_images_per_call`` images; every image in the
        result is a ``GeneratedFile``."""
        request = self._request(options)
        body, headers = run_job(self.endpoint, self.codec, options, request, polling)
        result = self.codec.parse_response(body, headers)
        images = materialize(
            self.endpoint, self.codec, result.images, result.media_type, "image/png", headers
        )
        return self._finished(request, result, images, headers)

    async def agenerate(
        self, options: ImageCallOptions, *, polling: Polling | None = None
    ) -> ImageModelResult:
        request = self._request(options)
        body, headers = await arun_job(self.endpoint, self.codec, options, request, polling)
        result = self.codec.parse_response(body, headers)
        images = await amaterialize(
            self.endpoint, self.codec, result.images, result.media_type, "image/png", headers
        )
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
            response=response_info(result.response, self.model_id, headers),
        )
