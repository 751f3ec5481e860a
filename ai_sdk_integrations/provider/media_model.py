"""``MediaModel``: what the four media model kinds share (image, speech, transcription,
video).

Each kind is one codec bound to one endpoint and runs the same I/O flow: the codec's
request is sent, its polls followed (``media_job``), its body parsed, URL results
downloaded, and the response stamped with the model id and headers. That flow lives
here once; each kind keeps only its public methods and what its result needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, Self, TypeVar

from ..spec.media import GeneratedFile, MediaData
from ..spec.request import PreparedRequest
from ..spec.results import ResponseInfo
from ..transport.endpoint import Endpoint
from .media_job import Polling, amaterialize, arun_job, materialize, response_info, run_job, with_endpoint
from .profile import DEFAULT, ModelProfile


class _Codec(Protocol):
    """What the shared flow calls on a media codec; the kinds' codec protocols add to it."""

    @property
    def model_id(self) -> str: ...
    def build_request(self, options: Any) -> PreparedRequest: ...
    def parse_response(self, body: Any, headers: Mapping[str, str]) -> Any: ...
    def error_message(self, data: Any) -> str | None: ...


C = TypeVar("C", bound=_Codec)
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class MediaModel(Generic[C, R]):
    """A codec ``C`` whose ``parse_response`` gives ``R``, bound to an endpoint."""

    codec: C
    endpoint: Endpoint
    profile: ModelProfile = field(default=DEFAULT)

    @property
    def provider(self) -> str:
        return self.endpoint.provider

    @property
    def model_id(self) -> str:
        return self.codec.model_id

    def with_endpoint(self, **changes: Any) -> Self:
        made: Self = with_endpoint(self, **changes)
        return made

    def _request(self, options: Any) -> PreparedRequest:
        """The first request of a call; a kind that checks the options first overrides it."""
        return self.codec.build_request(options)

    def _call(self, options: Any, polling: Polling | None) -> tuple[PreparedRequest, R, Mapping[str, str]]:
        """Build, send, follow polls and parse: the request, the parsed result, the headers."""
        request = self._request(options)
        body, headers = run_job(self.endpoint, self.codec, options, request, polling)
        result: R = self.codec.parse_response(body, headers)
        return request, result, headers

    async def _acall(
        self, options: Any, polling: Polling | None
    ) -> tuple[PreparedRequest, R, Mapping[str, str]]:
        request = self._request(options)
        body, headers = await arun_job(self.endpoint, self.codec, options, request, polling)
        result: R = self.codec.parse_response(body, headers)
        return request, result, headers

    def _files(
        self, items: Sequence[MediaData], declared: str | None, fallback: str, headers: Mapping[str, str]
    ) -> list[GeneratedFile]:
        """The result's files as ``GeneratedFile``s, URLs downloaded without credentials."""
        return materialize(self.endpoint, self.codec, items, declared, fallback, headers)

    async def _afiles(
        self, items: Sequence[MediaData], declared: str | None, fallback: str, headers: Mapping[str, str]
    ) -> list[GeneratedFile]:
        return await amaterialize(self.endpoint, self.codec, items, declared, fallback, headers)

    def _response(self, given: ResponseInfo | None, headers: Mapping[str, str]) -> ResponseInfo:
        return response_info(given, self.model_id, headers)
