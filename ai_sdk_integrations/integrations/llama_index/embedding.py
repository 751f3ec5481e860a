"""``AISDKEmbedding``: any embedding model string as a LlamaIndex ``BaseEmbedding``."""

from __future__ import annotations

from typing import Any, Literal

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import Field, PrivateAttr, model_validator
from pydantic import AliasChoices

from ...core.embed import DEFAULT_MAX_PARALLEL_CALLS, aembed_many, embed_many
from ...core.registry import adapter_model, embedding_model
from ...provider.embedding_model import EmbeddingModel
from ..arguments import check_model_string, reject_unknown

_LLAMA_INDEX_MAX_BATCH = 2048


class AISDKEmbedding(BaseEmbedding):
    """``AISDKEmbedding(model="openai:text-embedding-3-small")``.

    ``embed_batch_size`` defaults to LlamaIndex's largest (2048); ``embed_many`` splits each
    batch to the provider's per-call limit, so ingestion sends as few requests as the
    provider allows.
    """

    model: Any = Field(description="A 'provider:model-id' string or an EmbeddingModel.")
    api_key: str | None = Field(
        default=None, exclude=True, repr=False, validation_alias=AliasChoices("api_key", "openai_api_key")
    )
    base_url: str | None = Field(default=None, validation_alias=AliasChoices("base_url", "api_base"))
    default_headers: dict[str, str] | None = None
    dimensions: int | None = None
    timeout: float | None = None
    max_retries: int | None = None
    max_parallel_calls: int = DEFAULT_MAX_PARALLEL_CALLS
    model_settings: dict[str, Any] = Field(default_factory=dict)

    _resolved: EmbeddingModel | None = PrivateAttr(default=None)

    def __init__(self, **data: Any) -> None:
        # Large batches by default: embed_many splits them to the provider's per-call
        # limit, so the model need not be resolved (nor its settings read) until used.
        data.setdefault("embed_batch_size", _LLAMA_INDEX_MAX_BATCH)
        super().__init__(**data)
        if not isinstance(self.model, EmbeddingModel) and self.model_name == "unknown":
            self.model_name = str(self.model)

    @model_validator(mode="before")
    @classmethod
    def _known_arguments_only(cls, data: Any) -> Any:
        reject_unknown(cls, data)
        return data

    @model_validator(mode="after")
    def _model_string_is_valid(self) -> AISDKEmbedding:
        check_model_string(self.model)
        return self

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
            connection={"headers": self.default_headers},
            dimensions=self.dimensions,
        )
        self._resolved = resolved
        return resolved

    def _get_query_embedding(self, query: str) -> list[float]:
        """Embedded as a search query where the provider tells the two apart (Cohere's
        ``search_query``, Google's ``RETRIEVAL_QUERY``)."""
        return self._embed([query], "query")[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return (await self._aembed([query], "query"))[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return (await self._aget_text_embeddings([text]))[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts, "document")

    async def _aget_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return await self._aembed(texts, "document")

    def _embed(self, texts: list[str], kind: Literal["document", "query"]) -> list[list[float]]:
        model = self.embedding_model()
        options = model.input_type_options(kind)
        result = embed_many(
            model, texts, max_parallel_calls=self.max_parallel_calls, provider_options=options
        )
        return [list(vector) for vector in result.embeddings]

    async def _aembed(self, texts: list[str], kind: Literal["document", "query"]) -> list[list[float]]:
        model = self.embedding_model()
        options = model.input_type_options(kind)
        result = await aembed_many(
            model, texts, max_parallel_calls=self.max_parallel_calls, provider_options=options
        )
        return [list(vector) for vector in result.embeddings]
