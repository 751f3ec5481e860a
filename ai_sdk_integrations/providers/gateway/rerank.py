"""The Gateway's reranking route (``POST /reranking-model``): the AI SDK's own reranking
call options as JSON, and its result back.

Body ``{documents: {type, values}, query, topN?, providerOptions?}``; the model id and
the spec version travel in the ``ai-model-id`` and
``ai-reranking-model-specification-version`` headers. Answer ``{ranking: [{index,
relevanceScore}], warnings?, providerMetadata?, usage?}``; typed Gateway errors as for
every other route.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ...spec.errors import InvalidResponseDataError
from ...spec.request import PreparedRequest
from ...spec.reranking import RankedIndex, RerankCallOptions, RerankingModelResult, RerankUsage
from ...spec.results import ResponseInfo
from ...spec.wire import parse_count, parse_provider_metadata, parse_warnings, to_wire
from .codec import served_model_id
from .errors import gateway_error_class, gateway_error_message


@dataclass(frozen=True, slots=True)
class GatewayRerankCodec:
    model_id: str
    spec_version: Literal[3, 4] = 4

    def build_request(self, options: RerankCallOptions) -> PreparedRequest:
        body: dict[str, Any] = {"documents": to_wire(options.documents), "query": options.query}
        if options.top_n is not None:
            body["topN"] = options.top_n
        if options.provider_options:
            body["providerOptions"] = to_wire(options.provider_options)
        headers = {
            **(options.headers or {}),
            "ai-reranking-model-specification-version": str(self.spec_version),
            "ai-model-id": self.model_id,
        }
        return PreparedRequest("/reranking-model", body, headers=headers)

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> RerankingModelResult:
        ranking = body.get("ranking") if isinstance(body, dict) else None
        if not isinstance(ranking, list):
            raise InvalidResponseDataError(
                f"gateway reranking result has no ranking: {str(body)[:200]}", provider="gateway"
            )
        items = []
        for row in ranking:
            index = row.get("index") if isinstance(row, dict) else None
            score = row.get("relevanceScore") if isinstance(row, dict) else None
            if type(index) is not int or not isinstance(score, (int, float)) or isinstance(score, bool):
                raise InvalidResponseDataError(
                    f"gateway ranking entry without an integer index and a numeric relevanceScore: "
                    f"{str(row)[:200]}",
                    provider="gateway",
                )
            items.append(RankedIndex(index, float(score)))
        # everything but the ranking is metadata: a field of the wrong type is not said
        usage = body.get("usage")
        tokens = parse_count(usage.get("tokens")) if isinstance(usage, dict) else None
        return RerankingModelResult(
            ranking=items,
            usage=RerankUsage(tokens) if tokens is not None else None,
            warnings=parse_warnings(body.get("warnings")),
            provider_metadata=parse_provider_metadata(body.get("providerMetadata")),
            response=ResponseInfo(
                model_id=served_model_id(headers, self.model_id), headers=dict(headers or {}), body=body
            ),
        )

    error_message = staticmethod(gateway_error_message)
    error_class = staticmethod(gateway_error_class)
