"""``AISDKEmbeddings``: any embedding model string as LangChain ``Embeddings``."""

from __future__ import annotations

from typing import Any

from langchain_core.embeddings import Embeddings
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, PrivateAttr, SecretStr

from ..embeddings import DEFAULT_MAX_PARALLEL_CALLS, aembed_many, embed_many
from ..http import Secret
from ..model import EmbeddingModel
from ..registry import embedding_model


class AISDKEmbeddings(BaseModel, Embeddings):
    """``AISDKEmbeddings(model="openai:text-embedding-3-small")``.

    Documents are batched to the provider's per-call maximum and sent with up to
    ``max_parallel_calls`` requests in flight.
    """

    model: Any = Field(validation_alias=AliasChoices("model", "model_name"))
    api_key: SecretStr | None = None
    base_url: str | None = None
    dimensions: int | None = None
    timeout: float | None = None
    max_retries: int | None = None
    max_parallel_calls: int = DEFAULT_MAX_PARALLEL_CALLS
    model_settings: dict[str, Any] = Field(default_factory=dict)

    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True, defer_build=True)

    _resolved: EmbeddingModel | None = PrivateAttr(default=None)

    def embedding_model(self) -> EmbeddingModel:
        if self._resolved is not None:
            return self._resolved
        settings: dict[str, Any] = dict(self.model_settings)
        if self.timeout is not None:
            settings["timeout"] = self.timeout
        if self.max_retries is not None:
            settings["max_retries"] = self.max_retries
        if isinstance(self.model, EmbeddingModel):
            resolved = self.model.with_endpoint(**settings) if settings else self.model
        else:
            if self.api_key is not None:
                settings["api_key"] = Secret(self.api_key.get_secret_value())
            if self.base_url is not None:
                settings["base_url"] = self.base_url
            resolved = embedding_model(str(self.model), dimensions=self.dimensions, **settings)
        self._resolved = resolved
        return resolved

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        result = embed_many(self.embedding_model(), texts, max_parallel_calls=self.max_parallel_calls)
        return [list(vector) for vector in result.embeddings]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        result = await aembed_many(self.embedding_model(), texts, max_parallel_calls=self.max_parallel_calls)
        return [list(vector) for vector in result.embeddings]

    async def aembed_query(self, text: str) -> list[float]:
        return (await self.aembed_documents([text]))[0]
