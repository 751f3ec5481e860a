"""``AISDKEmbeddings``: any embedding model string as LangChain ``Embeddings``."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.embeddings import Embeddings
from langchain_core.load.serializable import Serializable
from pydantic import AliasChoices, ConfigDict, Field, PrivateAttr, SecretStr, model_validator

from ...core.embed import DEFAULT_MAX_PARALLEL_CALLS, aembed_many, embed_many
from ...core.registry import adapter_model, embedding_model
from ...provider.embedding_model import EmbeddingModel
from ..arguments import check_model_string, reject_unknown
from ._serialization import NAMESPACE, key_variable, lift_settings_key


class AISDKEmbeddings(Serializable, Embeddings):
    """``AISDKEmbeddings(model="openai:text-embedding-3-small")``.

    Documents are batched to the provider's per-call maximum and sent with up to
    ``max_parallel_calls`` requests in flight. LangChain-serializable as ``ChatAISDK``
    is: the key is written as a secret named after the provider's variable.
    """

    model: Any = Field(validation_alias=AliasChoices("model", "model_name"))
    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("api_key", "openai_api_key")
    )
    base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("base_url", "openai_api_base", "api_base")
    )
    default_headers: dict[str, str] | None = None
    dimensions: int | None = None
    timeout: float | None = Field(default=None, validation_alias=AliasChoices("timeout", "request_timeout"))
    max_retries: int | None = None
    max_parallel_calls: int = DEFAULT_MAX_PARALLEL_CALLS
    model_settings: dict[str, Any] = Field(default_factory=dict)

    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True, defer_build=True)

    _resolved: EmbeddingModel | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _known_arguments_only(cls, data: Any) -> Any:
        reject_unknown(cls, data)
        return lift_settings_key(data)

    @classmethod
    def is_lc_serializable(cls) -> bool:
        return True

    @classmethod
    def get_lc_namespace(cls) -> list[str]:
        return list(NAMESPACE)

    @property
    def lc_secrets(self) -> dict[str, str]:
        return {"api_key": key_variable(self.model, self.embedding_model)}

    @model_validator(mode="after")
    def _model_string_is_valid(self) -> AISDKEmbeddings:
        check_model_string(self.model)
        return self

    def embedding_model(self) -> EmbeddingModel:
        if self._resolved is not None:
            return self._resolved
        resolved: EmbeddingModel = adapter_model(
            self.model,
            embedding_model,
            api_key=self.api_key.get_secret_value() if self.api_key is not None else None,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=self.max_retries,
            settings=self.model_settings,
            connection={"headers": self.default_headers},
            dimensions=self.dimensions,
        )
        self._resolved = resolved
        return resolved

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts, "document")

    def embed_query(self, text: str) -> list[float]:
        """Embedded as a search query where the provider tells the two apart (Cohere's
        ``search_query``, Google's ``RETRIEVAL_QUERY``)."""
        return self._embed([text], "query")[0]

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        return await self._aembed(texts, "document")

    async def aembed_query(self, text: str) -> list[float]:
        return (await self._aembed([text], "query"))[0]

    def _embed(self, texts: list[str], kind: Literal["document", "query"]) -> list[list[float]]:
        if not texts:
            return []
        model = self.embedding_model()
        options = model.input_type_options(kind)
        result = embed_many(
            model, texts, max_parallel_calls=self.max_parallel_calls, provider_options=options
        )
        return [list(vector) for vector in result.embeddings]

    async def _aembed(self, texts: list[str], kind: Literal["document", "query"]) -> list[list[float]]:
        if not texts:
            return []
        model = self.embedding_model()
        options = model.input_type_options(kind)
        result = await aembed_many(
            model, texts, max_parallel_calls=self.max_parallel_calls, provider_options=options
        )
        return [list(vector) for vector in result.embeddings]
