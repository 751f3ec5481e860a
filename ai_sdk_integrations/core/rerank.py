"""``rerank`` / ``arerank``: order documents by relevance to a query, as the AI SDK's
``rerank()`` does.

Documents are all strings or all JSON objects (mappings); the result hands back the
caller's own documents, so ``reranked_documents`` are the objects passed in, in their
new order. No documents: no request, an empty ranking.

``telemetry=TelemetrySettings(...)`` traces the call: a ``rerank {model}`` root span
(legacy ``ai.rerank``) over the provider call's span.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from ..provider.reranking_model import RerankingModel
from ..spec.errors import UsageError
from ..spec.prompt import ProviderOptions
from ..spec.reranking import (
    ObjectDocuments,
    RerankCallOptions,
    RerankDocuments,
    RerankingModelResult,
    TextDocuments,
)
from ..spec.results import CallWarning, ProviderMetadata, ResponseInfo
from ..telemetry.operation import OperationSpan, start_operation
from ..telemetry.settings import TelemetrySettings
from .registry import reranking_model

D = TypeVar("D", str, Mapping[str, Any])


@dataclass(frozen=True, slots=True)
class RankedDocument(Generic[D]):
    original_index: int
    """The document's index in the ``documents`` passed to ``rerank``."""
    score: float
    document: D


@dataclass(frozen=True, slots=True)
class RerankResult(Generic[D]):
    original_documents: Sequence[D]
    ranking: Sequence[RankedDocument[D]]
    """Most relevant first; at most ``top_n`` entries."""
    response: ResponseInfo
    provider_metadata: ProviderMetadata | None = None
    warnings: Sequence[CallWarning] = ()
    tokens: int | None = None
    """Input tokens, where the provider reports them."""

    @property
    def reranked_documents(self) -> list[D]:
        return [item.document for item in self.ranking]


def _model(model: str | RerankingModel, max_retries: int | None) -> RerankingModel:
    resolved = reranking_model(model)
    return resolved.with_endpoint(max_retries=max_retries) if max_retries is not None else resolved


def _documents(documents: Sequence[Any]) -> RerankDocuments:
    if isinstance(documents, (str, bytes, Mapping)):
        raise UsageError("documents must be a list of strings or a list of objects, not a single value")
    if all(isinstance(value, str) for value in documents):
        return TextDocuments(list(documents))
    if all(isinstance(value, Mapping) for value in documents):
        return ObjectDocuments(list(documents))
    kinds = sorted({type(value).__name__ for value in documents})
    raise UsageError(
        f"documents must be all strings or all objects (mappings); got {', '.join(kinds)}. "
        "Turn each document into text (or each into a dict) before reranking"
    )


def _options(
    documents: Sequence[Any],
    query: str,
    top_n: int | None,
    provider_options: ProviderOptions | None,
    headers: Mapping[str, str] | None,
) -> RerankCallOptions:
    if not isinstance(query, str):
        raise UsageError(f"query must be a string, not {type(query).__name__}")
    return RerankCallOptions(_documents(documents), query, top_n, provider_options, headers)


def _result(model: RerankingModel, documents: Sequence[D], result: RerankingModelResult) -> RerankResult[D]:
    response = result.response or ResponseInfo()
    return RerankResult(
        original_documents=documents,
        ranking=[
            RankedDocument(item.index, item.relevance_score, documents[item.index]) for item in result.ranking
        ],
        response=ResponseInfo(
            id=response.id,
            timestamp=response.timestamp or datetime.now(UTC),
            model_id=response.model_id or model.model_id,
            headers=response.headers,
            body=response.body,
        ),
        provider_metadata=result.provider_metadata,
        warnings=tuple(result.warnings),
        tokens=result.usage.tokens if result.usage is not None else None,
    )


def _operation(
    model: RerankingModel, documents: Sequence[Any], telemetry: TelemetrySettings | None
) -> OperationSpan:
    """The root span (``NOOP`` when nothing is traced: one flag check)."""
    max_retries = getattr(getattr(model, "endpoint", None), "max_retries", None)
    return start_operation("rerank", model, settings=telemetry, documents=documents, max_retries=max_retries)


def _finish(op: OperationSpan, result: RerankingModelResult) -> None:
    tokens = result.usage.tokens if result.usage is not None else None
    op.finish_rerank(tokens, [(item.index, item.relevance_score) for item in result.ranking])


def _empty(model: RerankingModel) -> RerankResult[Any]:
    return RerankResult([], [], ResponseInfo(timestamp=datetime.now(UTC), model_id=model.model_id))


def rerank(
    model: str | RerankingModel,
    *,
    query: str,
    documents: Sequence[D],
    top_n: int | None = None,
    provider_options: ProviderOptions | None = None,
    max_retries: int | None = None,
    headers: Mapping[str, str] | None = None,
    telemetry: TelemetrySettings | None = None,
) -> RerankResult[D]:
    """Rank ``documents`` by relevance to ``query``; ``top_n`` keeps only the best
    ``top_n`` (``None``: all). ``model`` is a reranking model or a model string such as
    ``"cohere:rerank-v3.5"`` or ``"gateway:cohere/rerank-v3.5"``."""
    resolved = _model(model, max_retries)
    options = _options(documents, query, top_n, provider_options, headers)
    if not documents:
        return _empty(resolved)
    with _operation(resolved, documents, telemetry) as op:
        result = resolved.rerank(options)
        _finish(op, result)
    return _result(resolved, documents, result)


async def arerank(
    model: str | RerankingModel,
    *,
    query: str,
    documents: Sequence[D],
    top_n: int | None = None,
    provider_options: ProviderOptions | None = None,
    max_retries: int | None = None,
    headers: Mapping[str, str] | None = None,
    telemetry: TelemetrySettings | None = None,
) -> RerankResult[D]:
    """The async ``rerank``."""
    resolved = _model(model, max_retries)
    options = _options(documents, query, top_n, provider_options, headers)
    if not documents:
        return _empty(resolved)
    with _operation(resolved, documents, telemetry) as op:
        result = await resolved.arerank(options)
        _finish(op, result)
    return _result(resolved, documents, result)
