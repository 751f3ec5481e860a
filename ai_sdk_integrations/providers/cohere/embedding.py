"""Cohere Embed v2 (``POST /v2/embed``): a sans-I/O codec.

Cohere embeds a text differently for what it is for: ``input_type`` is
``search_document`` for what you store and ``search_query`` for what you search with
(also ``classification``, ``clustering``). This codec sends ``search_document`` unless
the provider option ``inputType`` says otherwise (``provider_options={"cohere":
{"inputType": "search_query"}}``), and ``input_type_options(kind)`` gives those options
for a purpose, for callers that know whether they embed documents or a query.

Vectors are asked for as floats (``embedding_types: ["float"]``); ``dimensions``
becomes ``output_dimension`` (embed-v4.0 and later). Other provider options:
``truncate`` (``NONE`` | ``START`` | ``END``), ``maxTokens``, ``priority``; unknown
keys are sent as given. Cohere takes at most 96 texts per request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ...spec import EmbeddingModelResult, EmbeddingUsage, ProviderOptions
from ...spec.errors import InvalidResponseDataError, UnsupportedFunctionalityError
from ...spec.request import PreparedRequest
from ...spec.wire import parse_count
from .fields import PROVIDER, cohere_error_message, mapping

DEFAULT_INPUT_TYPE = "search_document"
INPUT_TYPES: Mapping[str, str] = {"document": "search_document", "query": "search_query"}
MAX_TEXTS_PER_CALL = 96
_OPTION_FIELDS: Mapping[str, str] = {
    "inputType": "input_type",
    "truncate": "truncate",
    "outputDimension": "output_dimension",
    "maxTokens": "max_tokens",
    "priority": "priority",
}
_NUMBER_TYPES = frozenset({int, float})


@dataclass(frozen=True, slots=True)
class CohereEmbeddingCodec:
    model_id: str
    provider: str = PROVIDER
    dimensions: int | None = None

    @property
    def max_embeddings_per_call(self) -> int:
        return MAX_TEXTS_PER_CALL

    def input_type_options(self, kind: Literal["document", "query"]) -> ProviderOptions:
        """The provider options that embed for ``kind``: ``{"cohere": {"inputType": ...}}``."""
        return {self.provider: {"inputType": INPUT_TYPES[kind]}}

    def build_request(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> PreparedRequest:
        own = dict((provider_options or {}).get(self.provider) or {})
        kinds = own.pop("embeddingType", own.pop("embeddingTypes", None))
        if kinds not in (None, "float", ["float"]):
            raise UnsupportedFunctionalityError(
                f"this codec returns float vectors only; embeddingType {kinds!r} is not supported"
            )
        body: dict[str, Any] = {
            "model": self.model_id,
            "texts": list(values),
            "input_type": DEFAULT_INPUT_TYPE,
            "embedding_types": ["float"],
        }
        if self.dimensions is not None:
            body["output_dimension"] = self.dimensions
        for key, value in own.items():
            body[_OPTION_FIELDS.get(key, key)] = value
        return PreparedRequest("/embed", body, headers=dict(headers or {}))

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> EmbeddingModelResult:
        embeddings = mapping(body).get("embeddings")
        vectors = embeddings.get("float") if isinstance(embeddings, dict) else embeddings
        if not isinstance(vectors, list) or not all(_is_vector(v) for v in vectors):
            raise InvalidResponseDataError(
                f"Cohere embed response has no embeddings.float vectors: {str(body)[:200]}",
                provider=self.provider,
            )
        meta = mapping(mapping(body).get("meta"))
        tokens = parse_count(mapping(meta.get("billed_units")).get("input_tokens"))
        warnings = [w for w in meta.get("warnings") or () if isinstance(w, str)]
        metadata = {self.provider: {"warnings": warnings}} if warnings else None
        try:
            floats = [[float(x) for x in vector] for vector in vectors]
        except OverflowError as exc:  # an integer too large for a float is no embedding
            raise InvalidResponseDataError(
                f"Cohere embed response holds a number out of range: {exc}", provider=self.provider
            ) from exc
        return EmbeddingModelResult(
            embeddings=floats,
            usage=EmbeddingUsage(tokens) if tokens is not None else None,
            provider_metadata=metadata,
            response_headers=dict(headers or {}),
        )

    error_message = staticmethod(cohere_error_message)


def _is_vector(value: Any) -> bool:
    return isinstance(value, list) and {*map(type, value)} <= _NUMBER_TYPES
