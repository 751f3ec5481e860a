"""``RerankingModel``: one reranking codec bound to one endpoint.

The same model serves ``rerank()`` and both framework adapters (LangChain's document
compressor, LlamaIndex's node postprocessor). What a provider answers is checked here
once, for every codec: each index must name a document that was sent, at most once,
and the ranking comes back most relevant first and no longer than ``top_n``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..spec.errors import InvalidResponseDataError, UsageError
from ..spec.request import PreparedRequest
from ..spec.reranking import RerankCallOptions, RerankingModelResult
from ..telemetry import state as _telemetry
from ..transport import client as transport
from ..transport.endpoint import Endpoint
from .profile import DEFAULT, ModelProfile


class RerankCodec(Protocol):
    """What ``RerankingModel`` needs from a provider's rerank codec (``providers/``)."""

    @property
    def model_id(self) -> str: ...
    def build_request(self, options: RerankCallOptions) -> PreparedRequest: ...
    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> RerankingModelResult: ...
    def error_message(self, data: Any) -> str | None: ...


@dataclass(frozen=True, slots=True)
class RerankingModel:
    codec: RerankCodec
    endpoint: Endpoint
    profile: ModelProfile = field(default=DEFAULT)

    @property
    def provider(self) -> str:
        return self.endpoint.provider

    @property
    def model_id(self) -> str:
        return self.codec.model_id

    def with_endpoint(self, **changes: Any) -> RerankingModel:
        """A copy with endpoint settings changed, e.g. ``max_retries=0``."""
        if all(getattr(self.endpoint, key) == value for key, value in changes.items()):
            return self
        return dataclasses.replace(self, endpoint=dataclasses.replace(self.endpoint, **changes))

    def rerank(self, options: RerankCallOptions) -> RerankingModelResult:
        if _telemetry.armed:  # one flag check per call; spans only once telemetry is on
            from ..telemetry import model_calls

            return model_calls.rerank(self, options, self._rerank)
        return self._rerank(options)

    async def arerank(self, options: RerankCallOptions) -> RerankingModelResult:
        if _telemetry.armed:
            from ..telemetry import model_calls

            return await model_calls.arerank(self, options, self._arerank)
        return await self._arerank(options)

    def _rerank(self, options: RerankCallOptions) -> RerankingModelResult:
        request = self._request(options)
        body, headers = transport.request_json(self.endpoint, request, self.codec)
        return self._checked(options, request, self.codec.parse_response(body, headers))

    async def _arerank(self, options: RerankCallOptions) -> RerankingModelResult:
        request = self._request(options)
        body, headers = await transport.arequest_json(self.endpoint, request, self.codec)
        return self._checked(options, request, self.codec.parse_response(body, headers))

    def _request(self, options: RerankCallOptions) -> PreparedRequest:
        if options.top_n is not None and (type(options.top_n) is not int or options.top_n < 1):
            raise UsageError(f"top_n must be a positive integer or None, not {options.top_n!r}")
        return self.codec.build_request(options)

    def _checked(
        self, options: RerankCallOptions, request: PreparedRequest, result: RerankingModelResult
    ) -> RerankingModelResult:
        count = len(options.documents.values)
        seen: set[int] = set()
        for item in result.ranking:
            if not 0 <= item.index < count or item.index in seen:
                problem = "twice" if item.index in seen else f"but {count} documents were sent"
                raise InvalidResponseDataError(
                    f"{self.provider}:{self.model_id} ranked document index {item.index} {problem}",
                    provider=self.provider,
                )
            seen.add(item.index)
        ranking = sorted(result.ranking, key=lambda item: item.relevance_score, reverse=True)
        if options.top_n is not None:
            ranking = ranking[: options.top_n]
        return dataclasses.replace(result, ranking=ranking, warnings=(*request.warnings, *result.warnings))
