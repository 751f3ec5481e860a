"""The rerank API some OpenAI-compatible services add beside Chat Completions: Together's
``POST /v1/rerank`` (Cohere-compatible), a sans-I/O codec.

Request ``{model, query, documents, top_n?, return_documents: false, rank_fields?}``;
answer ``{id, object: "rerank", model, results: [{index, relevance_score, document}],
usage: {prompt_tokens, completion_tokens, total_tokens}}``. Object documents go as the
objects themselves (``rank_fields`` picks the keys to rank by); ``return_documents`` is
false because the caller has the documents already. Errors are OpenAI-shaped.

Which services have the API is the table ``RERANKING_SERVICES``; a service not in it
has no reranking models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import UnsupportedFunctionalityError
from ...spec.request import PreparedRequest
from ...spec.reranking import RerankCallOptions, RerankingModelResult, RerankUsage
from ...spec.results import CallWarning, ResponseInfo
from ...spec.wire import parse_count
from ..cohere.rerank import parse_cohere_results
from ..openai.error_message import openai_error_message

RERANKING_SERVICES = frozenset({"togetherai"})
"""Services (rows of ``services.SERVICES``, by name) that serve ``POST /rerank``."""

# provider_options[<service>]: the AI SDK's option names -> the API's field names; any
# other key goes into the body as written.
_OPTION_FIELDS = {"rankFields": "rank_fields"}


@dataclass(frozen=True, slots=True)
class TogetherRerankCodec:
    model_id: str
    provider: str = "togetherai"
    """Key for ``provider_options``; the service's name."""

    def build_request(self, options: RerankCallOptions) -> PreparedRequest:
        documents = options.documents
        body: dict[str, Any] = {
            "model": self.model_id,
            "query": options.query,
            "documents": [dict(value) for value in documents.values]
            if documents.type == "object"
            else list(documents.values),
        }
        if options.top_n is not None:
            body["top_n"] = options.top_n
        body["return_documents"] = False
        warnings: list[CallWarning] = []
        for name, value in (options.provider_options or {}).get(self.provider, {}).items():
            field = _OPTION_FIELDS.get(name, name)
            if field == "rank_fields" and documents.type == "text":
                warnings.append(
                    CallWarning(
                        "unsupported",
                        feature="rankFields",
                        details="rank_fields picks keys of object documents; these documents are "
                        "texts, so it was not sent",
                    )
                )
                continue
            body[field] = value
        return PreparedRequest("/rerank", body, headers=dict(options.headers or {}), warnings=tuple(warnings))

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> RerankingModelResult:
        ranking = parse_cohere_results(body, self.provider)
        usage = body.get("usage")
        tokens = None
        if isinstance(usage, dict):
            tokens = parse_count(usage.get("prompt_tokens"))
            tokens = tokens if tokens is not None else parse_count(usage.get("total_tokens"))
        return RerankingModelResult(
            ranking=ranking,
            usage=RerankUsage(tokens) if tokens is not None else None,
            response=ResponseInfo(
                id=_text(body.get("id")),
                model_id=_text(body.get("model")),
                headers=dict(headers or {}),
                body=body,
            ),
        )

    error_message = staticmethod(openai_error_message)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def reranking_codec(service: str, model_id: str) -> TogetherRerankCodec:
    """The rerank codec of a service in ``RERANKING_SERVICES``; for any other a clear error."""
    if service not in RERANKING_SERVICES:
        offered = ", ".join(sorted(RERANKING_SERVICES))
        raise UnsupportedFunctionalityError(
            f"{service} has no rerank API here; reranking models are offered by cohere, the gateway "
            f"and, among OpenAI-compatible services, {offered}"
        )
    return TogetherRerankCodec(model_id, service)
