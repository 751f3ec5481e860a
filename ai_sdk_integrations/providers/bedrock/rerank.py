"""Bedrock's Rerank API (``POST /rerank`` on ``bedrock-agent-runtime``): a sans-I/O codec.

Request ``{queries: [{type: "TEXT", textQuery: {text}}], sources: [{type: "INLINE",
inlineDocumentSource: {type: "TEXT", textDocument: {text}} | {type: "JSON",
jsonDocument}}], rerankingConfiguration: {type: "BEDROCK_RERANKING_MODEL",
bedrockRerankingConfiguration: {numberOfResults?, modelConfiguration: {modelArn,
additionalModelRequestFields?}}}}``; the model is named by its foundation-model ARN
(``arn:aws:bedrock:{region}::foundation-model/amazon.rerank-v1:0``,
``cohere.rerank-v3-5:0``), made here from a bare id. Answer ``{results: [{index,
relevanceScore}], nextToken?}``. Provider options: ``additionalModelRequestFields`` and
``nextToken``, as the AI SDK's Bedrock reranking model takes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.request import PreparedRequest
from ...spec.reranking import RankedIndex, RerankCallOptions, RerankingModelResult
from ...spec.results import CallWarning, ResponseInfo
from .errors import bedrock_error_message
from .fields import mapping, own_options


@dataclass(frozen=True, slots=True)
class BedrockRerankCodec:
    model_id: str
    region: str
    provider: str = "bedrock"

    @property
    def model_arn(self) -> str:
        if self.model_id.startswith("arn:"):
            return self.model_id
        return f"arn:aws:bedrock:{self.region}::foundation-model/{self.model_id}"

    def build_request(self, options: RerankCallOptions) -> PreparedRequest:
        documents = options.documents
        if documents.type == "object":
            sources = [
                {"type": "INLINE", "inlineDocumentSource": {"type": "JSON", "jsonDocument": dict(value)}}
                for value in documents.values
            ]
        else:
            sources = [
                {"type": "INLINE", "inlineDocumentSource": {"type": "TEXT", "textDocument": {"text": value}}}
                for value in documents.values
            ]
        own = own_options(options.provider_options, self.provider)
        model: dict[str, Any] = {"modelArn": self.model_arn}
        warnings: list[CallWarning] = []
        extra = own.pop("additionalModelRequestFields", None)
        if isinstance(extra, Mapping):
            model["additionalModelRequestFields"] = dict(extra)
        configuration: dict[str, Any] = {"modelConfiguration": model}
        if options.top_n is not None:
            configuration["numberOfResults"] = options.top_n
        body: dict[str, Any] = {
            "queries": [{"type": "TEXT", "textQuery": {"text": options.query}}],
            "sources": sources,
            "rerankingConfiguration": {
                "type": "BEDROCK_RERANKING_MODEL",
                "bedrockRerankingConfiguration": configuration,
            },
        }
        body.update(own)  # nextToken, and anything newer, as given
        return PreparedRequest("/rerank", body, headers=dict(options.headers or {}), warnings=tuple(warnings))

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> RerankingModelResult:
        results = mapping(body).get("results")
        if not isinstance(results, list):
            raise InvalidResponseDataError(
                f"{self.provider}: the rerank response has no results: {str(body)[:200]}",
                provider=self.provider,
            )
        ranking: list[RankedIndex] = []
        for item in results:
            index, score = mapping(item).get("index"), mapping(item).get("relevanceScore")
            if type(index) is not int or not isinstance(score, (int, float)) or isinstance(score, bool):
                raise InvalidResponseDataError(
                    f"{self.provider}: a rerank result has no index or score: {str(item)[:200]}",
                    provider=self.provider,
                )
            ranking.append(RankedIndex(index, float(score)))
        headers = headers or {}
        return RerankingModelResult(
            ranking=ranking,
            response=ResponseInfo(
                id=headers.get("x-amzn-requestid"), model_id=self.model_id, headers=dict(headers), body=body
            ),
        )

    error_message = staticmethod(bedrock_error_message)
