"""Bedrock embeddings through ``POST /model/{modelId}/invoke``: a sans-I/O codec.

Each model family has its own body, chosen by model id (as the AI SDK does):

* Titan (``amazon.titan-embed-text-v2:0``, ``-v1``): ``{"inputText", "dimensions",
  "normalize"}``, one text per call, answered with ``{"embedding", "inputTextTokenCount"}``;
* Cohere (``cohere.embed-english-v3``, ``cohere.embed-multilingual-v3``,
  ``cohere.embed-v4:0``): ``{"texts", "input_type", "truncate", "output_dimension"}``, up
  to 96 texts, answered with ``{"embeddings": [[...]]}`` (v3) or ``{"embeddings":
  {"float": [[...]]}}`` (v4); the token count is in ``x-amzn-bedrock-input-token-count``.

``input_type`` is ``search_document`` or ``search_query`` (also ``classification``,
``clustering``) from the ``inputType`` provider option; without one it is
``search_query``, the AI SDK's default. Titan's ``normalize`` comes from the option of
that name, its ``dimensions`` (256, 512, 1024) from ``dimensions=``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...spec import CallWarning, EmbeddingModelResult, EmbeddingUsage, ProviderOptions
from ...spec.errors import InvalidResponseDataError
from ...spec.request import PreparedRequest
from ...spec.wire import parse_count
from . import model_ids
from .errors import bedrock_error_message
from .fields import mapping, own_options

COHERE_MAX_TEXTS = 96
_COHERE_OPTIONS = {"inputType": "input_type", "truncate": "truncate", "outputDimension": "output_dimension"}
_NUMBERS = frozenset({int, float})


def is_cohere_embedding(model_id: str) -> bool:
    return "cohere.embed-" in model_id


@dataclass(frozen=True, slots=True)
class BedrockEmbeddingCodec:
    model_id: str
    provider: str = "bedrock"
    dimensions: int | None = None

    @property
    def max_embeddings_per_call(self) -> int:
        return COHERE_MAX_TEXTS if is_cohere_embedding(self.model_id) else 1

    def build_request(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> PreparedRequest:
        own = own_options(provider_options, self.provider)
        warnings: list[CallWarning] = []
        body: dict[str, Any]
        if is_cohere_embedding(self.model_id):
            body = {"texts": list(values), "input_type": own.pop("inputType", "search_query")}
            if self.dimensions is not None:
                body["output_dimension"] = self.dimensions
            for key, value in own.items():
                body[_COHERE_OPTIONS.get(key, key)] = value
        else:
            body = {"inputText": values[0] if values else ""}
            if self.dimensions is not None:
                body["dimensions"] = self.dimensions
            body.update(own)  # normalize, and anything newer, as given
        return PreparedRequest(
            model_ids.model_path(self.model_id, "invoke"),
            body,
            headers={"accept": "application/json", **(headers or {})},
            warnings=tuple(warnings),
        )

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> EmbeddingModelResult:
        data = mapping(body)
        embeddings: Any
        if "embedding" in data:
            embeddings = [data["embedding"]]
            tokens = parse_count(data.get("inputTextTokenCount"))
        else:
            found = data.get("embeddings")
            embeddings = mapping(found).get("float") if isinstance(found, dict) else found
            tokens = None
        if not isinstance(embeddings, list) or not all(_is_vector(v) for v in embeddings):
            raise InvalidResponseDataError(
                f"{self.provider}: the embedding response has no float vectors: {str(body)[:200]}",
                provider=self.provider,
            )
        if tokens is None and headers is not None:
            header = headers.get("x-amzn-bedrock-input-token-count")
            tokens = int(header) if header is not None and header.isdigit() else None
        return EmbeddingModelResult(
            embeddings=embeddings,
            usage=EmbeddingUsage(tokens) if tokens is not None else None,
            response_headers=dict(headers or {}),
        )

    error_message = staticmethod(bedrock_error_message)


def _is_vector(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and {*map(type, value)} <= _NUMBERS
