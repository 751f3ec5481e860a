"""``AISDKEmbedding``: any embedding model string as a LlamaIndex ``BaseEmbedding``."""

from __future__ import annotations

from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import Field, PrivateAttr

from ...core.embed import DEFAULT_MAX_PARALLEL_CALLS, aembed_many, embed_many
from ...core.registry import adapter_model, embedding_model
from ...provider.embedding_model import EmbeddingModel

_LLAMA_INDEX_MAX_BATCH = 2048


class AISDKEmbedding(BaseEmbedding):
    """``AISDKEmbedding(model="openai:text-embedding-3-small")``.

    ``embed_batch_size`` defaults to the provider's per-call maximum, so ingestion sends
    as few requests as the provider allows.
    """

    model: Any = Field(description="A 'provider:model-id' string or an EmbeddingModel.")
    api_key: str | None = Field(default=None, exclude=True, repr=False)
    base_url: str | None = None
    dimensions: int | None = None
    timeout: float | None = None
    max_retries: int | None = None
    max_parallel_calls: int = DEFAULT_MAX_PARALLEL_CALLS
    model_settings: dict[str, Any] = Field(default_factory=dict)

    _resolved: EmbeddingModel | None = PrivateAttr(default=None)

    def __init__(self, **data: Any) -> None:
        explicit_batch = "embed_batch_size" in data
        super().__init__(**data)
        if not isinstance(self.model, EmbeddingModel) and self.model_name == "unknown":
            self.model_name = str(self.model)
        if not explicit_batch:
            self.embed_batch_size = min(
                self.embedding_model().max_embeddings_per_call, _LLAMA_INDEX_MAX_BATCH
            )

    @classmethod
    def class_name(cls) -> str:
        return "AISDKEmbedding"

    def embedding_model(self) -> EmbeddingModel:
        if self._resolved is not None:
            return self._resolved
        resolved: EmbeddingModel = adapter_model(
            self.model,
            embedding_model,
            api_key=self.api_key,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=self.max_retries,
            settings=self.model_settings,
            dimensions=self.dimensions,
        )
        self._resolved = resolved
        return resolved

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._get_text_embeddings([query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return (await self._aget_text_embeddings([query]))[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return (await self._aget_text_embeddings([text]))[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        result = embed_many(self.embedding_model(), texts, max_parallel_calls=self.max_parallel_calls)
        return [list(vector) for vector in result.embeddings]

    async def _aget_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        result = await aembed_many(self.embedding_model(), texts, max_parallel_calls=self.max_parallel_calls)
        return [list(vector) for vector in result.embeddings]
