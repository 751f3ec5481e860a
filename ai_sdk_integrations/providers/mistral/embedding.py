"""Mistral ``/v1/embeddings`` (``mistral-embed``, ``codestral-embed``): a sans-I/O codec.

As the AI SDK sends it: ``{"model", "input": [...], "encoding_format": "float"}``, at
most 32 values per request, and Mistral's own options from ``provider_options
["mistral"]``: ``outputDimension`` (``output_dimension``; also what ``dimensions=``
sets), ``outputDtype`` (``output_dtype``: float, int8, uint8, binary, ubinary) and
``metadata``. Unknown option keys pass through verbatim.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...spec import EmbeddingModelResult, EmbeddingUsage, ProviderOptions
from ...spec.errors import InvalidResponseDataError
from ...spec.request import PreparedRequest
from ...spec.wire import parse_count as count
from ..openai.response_fields import mapping
from .error_message import mistral_error_message

MAX_EMBEDDINGS_PER_CALL = 32
_OPTION_FIELDS: Mapping[str, str] = {
    "outputDimension": "output_dimension",
    "outputDtype": "output_dtype",
    "metadata": "metadata",
}
_NUMBER_TYPES = frozenset({int, float})


@dataclass(frozen=True, slots=True)
class MistralEmbeddingCodec:
    model_id: str
    provider: str = "mistral"
    dimensions: int | None = None

    @property
    def max_embeddings_per_call(self) -> int:
        return MAX_EMBEDDINGS_PER_CALL

    def build_request(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> PreparedRequest:
        body: dict[str, Any] = {"model": self.model_id, "input": list(values)}
        if self.dimensions is not None:
            body["output_dimension"] = self.dimensions
        for key, value in (provider_options or {}).get(self.provider, {}).items():
            body[_OPTION_FIELDS.get(key, key)] = value
        body["encoding_format"] = "float"
        return PreparedRequest("/embeddings", body, headers=dict(headers or {}))

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> EmbeddingModelResult:
        try:
            rows = sorted(body["data"], key=lambda row: row.get("index", 0))
            embeddings = [row["embedding"] for row in rows]
        except (AttributeError, KeyError, TypeError) as exc:
            raise InvalidResponseDataError(
                f"embedding response has no data[].embedding: {str(body)[:200]}", provider=self.provider
            ) from exc
        if not all(isinstance(v, list) and {*map(type, v)} <= _NUMBER_TYPES for v in embeddings):
            raise InvalidResponseDataError(
                f"an embedding is not a list of numbers: {str(body)[:200]}", provider=self.provider
            )
        tokens = count(mapping(body.get("usage")).get("prompt_tokens"))
        return EmbeddingModelResult(
            embeddings=embeddings,
            usage=EmbeddingUsage(tokens) if tokens is not None else None,
            response_headers=dict(headers or {}),
            response_body=None,
        )

    error_message = staticmethod(mistral_error_message)
