"""Cohere Rerank v2 (``POST /v2/rerank``): a sans-I/O codec.

Request ``{model, query, documents: [str], top_n?, max_tokens_per_doc?, priority?}``;
answer ``{id, results: [{index, relevance_score}], meta: {api_version, billed_units,
tokens?, warnings?}}``. The API takes texts only, so object documents are sent as one
JSON string each, as the AI SDK's Cohere reranking model sends them. ``meta`` becomes
``provider_metadata["cohere"]``; ``meta.warnings`` become call warnings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.request import PreparedRequest
from ...spec.reranking import RankedIndex, RerankCallOptions, RerankingModelResult, RerankUsage
from ...spec.results import CallWarning, ResponseInfo
from ...spec.wire import parse_count
from .fields import cohere_error_message

# provider_options["cohere"]: the AI SDK's option names -> the API's field names. Any
# other key goes into the body as written, so a field Cohere adds later can be sent.
_OPTION_FIELDS = {"maxTokensPerDoc": "max_tokens_per_doc", "priority": "priority"}


def _document_text(value: Mapping[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class CohereRerankCodec:
    model_id: str
    provider: str = "cohere"
    """Key for ``provider_options`` and ``provider_metadata``."""

    def build_request(self, options: RerankCallOptions) -> PreparedRequest:
        documents = options.documents
        texts = (
            list(documents.values)
            if documents.type == "text"
            else [_document_text(value) for value in documents.values]
        )
        body: dict[str, Any] = {"model": self.model_id, "query": options.query, "documents": texts}
        if options.top_n is not None:
            body["top_n"] = options.top_n
        for name, value in (options.provider_options or {}).get(self.provider, {}).items():
            body[_OPTION_FIELDS.get(name, name)] = value
        return PreparedRequest("/rerank", body, headers=dict(options.headers or {}))

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> RerankingModelResult:
        ranking = parse_cohere_results(body, self.provider)
        meta = body.get("meta")
        meta = meta if isinstance(meta, dict) else None
        return RerankingModelResult(
            ranking=ranking,
            usage=_usage(meta),
            warnings=_warnings(meta),
            provider_metadata={self.provider: meta} if meta is not None else None,
            response=ResponseInfo(
                id=body.get("id") if isinstance(body.get("id"), str) else None,
                headers=dict(headers or {}),
                body=body,
            ),
        )

    error_message = staticmethod(cohere_error_message)


def parse_cohere_results(body: Any, provider: str) -> list[RankedIndex]:
    """``results[]`` as ranked indexes (Together answers in the same shape). It is the
    answer itself, so anything unreadable fails."""
    results = body.get("results") if isinstance(body, dict) else None
    if not isinstance(results, list):
        raise InvalidResponseDataError(
            f"rerank response has no results: {str(body)[:200]}", provider=provider
        )
    ranking = []
    for row in results:
        index = row.get("index") if isinstance(row, dict) else None
        score = row.get("relevance_score") if isinstance(row, dict) else None
        if type(index) is not int or not isinstance(score, (int, float)) or isinstance(score, bool):
            raise InvalidResponseDataError(
                f"rerank result without an integer index and a numeric relevance_score: {str(row)[:200]}",
                provider=provider,
            )
        ranking.append(RankedIndex(index, float(score)))
    return ranking


def _usage(meta: Mapping[str, Any] | None) -> RerankUsage | None:
    """``meta.tokens.input_tokens`` where Cohere reports it (billing is in search units,
    which stay in the provider metadata)."""
    tokens = meta.get("tokens") if meta is not None else None
    count = parse_count(tokens.get("input_tokens")) if isinstance(tokens, dict) else None
    return RerankUsage(count) if count is not None else None


def _warnings(meta: Mapping[str, Any] | None) -> tuple[CallWarning, ...]:
    found = meta.get("warnings") if meta is not None else None
    if not isinstance(found, list):
        return ()
    return tuple(CallWarning("other", message=text) for text in found if isinstance(text, str))
