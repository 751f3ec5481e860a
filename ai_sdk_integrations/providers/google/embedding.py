"""Google embeddings: the Gemini API's ``batchEmbedContents`` and Vertex AI's ``predict``.

Both take a task type (provider option ``taskType``: ``RETRIEVAL_DOCUMENT`` for what
you store, ``RETRIEVAL_QUERY`` for what you search with, ``SEMANTIC_SIMILARITY``,
``CLASSIFICATION``, ``CLUSTERING``, ``QUESTION_ANSWERING``, ``FACT_VERIFICATION``,
``CODE_RETRIEVAL_QUERY``), an optional document ``title``, and ``dimensions`` as
``outputDimensionality``. The Gemini API takes at most 100 requests per batch
("at most 100 requests can be in one batch"); Vertex AI's text-embedding models take
250 instances. Other provider options go into each request (Gemini API) or into
``parameters`` (Vertex AI) as given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ...spec import EmbeddingModelResult, EmbeddingUsage, ProviderOptions
from ...spec.errors import InvalidResponseDataError
from ...spec.request import PreparedRequest
from ...spec.wire import parse_count as count
from .codec import model_path
from .error_message import google_error_class, google_error_message, google_retry_after
from .fields import items, mapping

GEMINI_BATCH_LIMIT = 100
VERTEX_BATCH_LIMIT = 250
_NUMBER_TYPES = frozenset({int, float})


TASK_TYPES = {"document": "RETRIEVAL_DOCUMENT", "query": "RETRIEVAL_QUERY"}


def _is_vector(value: Any) -> bool:
    return isinstance(value, list) and {*map(type, value)} <= _NUMBER_TYPES


def _options(provider_options: ProviderOptions | None, keys: Sequence[str]) -> dict[str, Any]:
    for key in keys:
        found = (provider_options or {}).get(key)
        if isinstance(found, Mapping):
            return dict(found)
    return {}


def _checked(vectors: list[Any], body: Any, provider: str) -> list[list[float]]:
    if not all(_is_vector(vector) for vector in vectors):
        raise InvalidResponseDataError(
            f"an embedding is not a list of numbers: {str(body)[:200]}", provider=provider
        )
    return vectors


@dataclass(frozen=True, slots=True)
class GoogleEmbeddingCodec:
    """The Gemini API: ``POST /models/{id}:batchEmbedContents``."""

    model_id: str
    provider: str = "google"
    dimensions: int | None = None

    def input_type_options(self, kind: Literal["document", "query"]) -> ProviderOptions:
        """The task type that embeds for ``kind`` (what LangChain's ``embed_query`` and
        LlamaIndex's query embeddings ask for)."""
        return {self.provider: {"taskType": TASK_TYPES[kind]}}

    @property
    def max_embeddings_per_call(self) -> int:
        return GEMINI_BATCH_LIMIT

    def build_request(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> PreparedRequest:
        options = _options(provider_options, (self.provider, "google"))
        if self.dimensions is not None:
            options.setdefault("outputDimensionality", self.dimensions)
        path = model_path(self.model_id)
        requests = [{"model": path, "content": {"parts": [{"text": value}]}, **options} for value in values]
        return PreparedRequest(
            f"/{path}:batchEmbedContents", {"requests": requests}, headers=dict(headers or {})
        )

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> EmbeddingModelResult:
        try:
            vectors = [row["values"] for row in body["embeddings"]]
        except (KeyError, TypeError) as exc:
            raise InvalidResponseDataError(
                f"embedding response has no embeddings[].values: {str(body)[:200]}", provider=self.provider
            ) from exc
        tokens = count(mapping(mapping(body).get("usageMetadata")).get("promptTokenCount"))
        return EmbeddingModelResult(
            embeddings=_checked(vectors, body, self.provider),
            usage=EmbeddingUsage(tokens) if tokens is not None else None,
            response_headers=dict(headers or {}),
        )

    error_message = staticmethod(google_error_message)
    error_class = staticmethod(google_error_class)
    retry_after = staticmethod(google_retry_after)


@dataclass(frozen=True, slots=True)
class VertexEmbeddingCodec:
    """Vertex AI: ``POST .../publishers/google/models/{id}:predict`` with ``instances``."""

    model_id: str
    provider: str = "vertex"
    dimensions: int | None = None

    def input_type_options(self, kind: Literal["document", "query"]) -> ProviderOptions:
        """The task type that embeds for ``kind`` (what LangChain's ``embed_query`` and
        LlamaIndex's query embeddings ask for)."""
        return {self.provider: {"taskType": TASK_TYPES[kind]}}

    @property
    def max_embeddings_per_call(self) -> int:
        return VERTEX_BATCH_LIMIT

    def build_request(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> PreparedRequest:
        options = _options(provider_options, (self.provider, "vertex", "googleVertex", "google"))
        instance: dict[str, Any] = {}
        if options.get("taskType") is not None:
            instance["task_type"] = options.pop("taskType")
        if options.get("title") is not None:
            instance["title"] = options.pop("title")
        parameters = {k: v for k, v in options.items() if k not in ("taskType", "title")}
        if self.dimensions is not None:
            parameters.setdefault("outputDimensionality", self.dimensions)
        body: dict[str, Any] = {"instances": [{"content": value, **instance} for value in values]}
        if parameters:
            body["parameters"] = parameters
        return PreparedRequest(f"/{model_path(self.model_id)}:predict", body, headers=dict(headers or {}))

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> EmbeddingModelResult:
        try:
            predictions = [row["embeddings"] for row in body["predictions"]]
            vectors = [prediction["values"] for prediction in predictions]
        except (KeyError, TypeError) as exc:
            raise InvalidResponseDataError(
                f"predict response has no predictions[].embeddings.values: {str(body)[:200]}",
                provider=self.provider,
            ) from exc
        counts = [count(mapping(mapping(p).get("statistics")).get("token_count")) for p in items(predictions)]
        tokens = sum(c for c in counts if c is not None) if any(c is not None for c in counts) else None
        return EmbeddingModelResult(
            embeddings=_checked(vectors, body, self.provider),
            usage=EmbeddingUsage(tokens) if tokens is not None else None,
            response_headers=dict(headers or {}),
        )

    error_message = staticmethod(google_error_message)
    error_class = staticmethod(google_error_class)
    retry_after = staticmethod(google_retry_after)
