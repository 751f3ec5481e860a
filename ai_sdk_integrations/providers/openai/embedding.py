"""OpenAI ``/embeddings`` and compatible servers: a sans-I/O codec."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...spec import EmbeddingModelResult, EmbeddingUsage, ProviderOptions
from ...spec.errors import InvalidResponseDataError
from ...spec.request import PreparedRequest
from ...spec.wire import parse_count as count
from .dialect import ChatDialect
from .error_message import openai_error_message
from .response_fields import mapping

_NUMBER_TYPES = frozenset({int, float})


def _is_vector(value: Any) -> bool:
    return isinstance(value, list) and {*map(type, value)} <= _NUMBER_TYPES


@dataclass(frozen=True, slots=True)
class OpenAIEmbeddingCodec:
    model_id: str
    dialect: ChatDialect
    dimensions: int | None = None

    @property
    def max_embeddings_per_call(self) -> int:
        return self.dialect.max_embeddings_per_call

    @property
    def max_tokens_per_call(self) -> int | None:
        return self.dialect.max_embedding_tokens_per_call

    def build_request(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> PreparedRequest:
        body: dict[str, Any] = {"model": self.model_id, "input": list(values), "encoding_format": "float"}
        if self.dimensions is not None:
            body["dimensions"] = self.dimensions
        body.update((provider_options or {}).get(self.dialect.provider, {}))
        return PreparedRequest("/embeddings", body, headers=dict(headers or {}))

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> EmbeddingModelResult:
        try:
            rows = sorted(body["data"], key=lambda row: row.get("index", 0))
            embeddings = [row["embedding"] for row in rows]
        except (AttributeError, KeyError, TypeError) as exc:
            raise InvalidResponseDataError(
                f"embedding response has no data[].embedding: {str(body)[:200]}",
                provider=self.dialect.provider,
            ) from exc
        if any(isinstance(vector, str) for vector in embeddings):
            raise InvalidResponseDataError(
                "embeddings came back base64-encoded; this codec asks for floats",
                provider=self.dialect.provider,
            )
        if not all(_is_vector(vector) for vector in embeddings):
            raise InvalidResponseDataError(
                f"an embedding is not a list of numbers: {str(body)[:200]}", provider=self.dialect.provider
            )
        usage = mapping(body.get("usage"))  # usage is metadata: unreadable means not said
        tokens = count(usage.get("prompt_tokens"))
        if tokens is None:
            tokens = count(usage.get("total_tokens"))
        return EmbeddingModelResult(
            embeddings=embeddings,
            usage=EmbeddingUsage(tokens) if tokens is not None else None,
            response_headers=dict(headers or {}),
            response_body=None,
        )

    error_message = staticmethod(openai_error_message)
