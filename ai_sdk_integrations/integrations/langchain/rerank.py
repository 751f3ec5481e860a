"""``AISDKRerank``: any reranking model string as a LangChain document compressor.

Use it in ``ContextualCompressionRetriever`` (``langchain_classic.retrievers`` in
LangChain 1.x) to rerank what a retriever found. Each returned ``Document`` is a copy
with ``metadata["relevance_score"]``, as LangChain's own rerankers (Cohere's,
``CrossEncoderReranker``'s callers) put it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import Callbacks
from langchain_core.documents import BaseDocumentCompressor, Document
from pydantic import AliasChoices, ConfigDict, Field, PrivateAttr, SecretStr, model_validator

from ...core.registry import adapter_model, reranking_model
from ...core.rerank import RerankResult, arerank, rerank
from ...provider.reranking_model import RerankingModel
from ..arguments import check_model_string, reject_unknown


class AISDKRerank(BaseDocumentCompressor):
    """``AISDKRerank(model="cohere:rerank-v3.5", top_n=3)``.

    ``top_n``: how many documents to keep, most relevant first (``None``: all, reordered).
    ``provider_options`` go to the provider as in ``rerank()``, e.g.
    ``{"cohere": {"maxTokensPerDoc": 1000}}``.
    """

    model: Any = Field(validation_alias=AliasChoices("model", "model_name"))
    top_n: int | None = 3
    api_key: SecretStr | None = None
    base_url: str | None = None
    default_headers: dict[str, str] | None = None
    timeout: float | None = None
    max_retries: int | None = None
    provider_options: dict[str, dict[str, Any]] | None = None
    model_settings: dict[str, Any] = Field(default_factory=dict)

    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)

    _resolved: RerankingModel | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _known_arguments_only(cls, data: Any) -> Any:
        reject_unknown(cls, data)
        return data

    @model_validator(mode="after")
    def _model_string_is_valid(self) -> AISDKRerank:
        check_model_string(self.model)
        return self

    def reranking_model(self) -> RerankingModel:
        if self._resolved is not None:
            return self._resolved
        resolved: RerankingModel = adapter_model(
            self.model,
            reranking_model,
            api_key=self.api_key.get_secret_value() if self.api_key is not None else None,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=self.max_retries,
            settings=self.model_settings,
            connection={"headers": self.default_headers},
        )
        self._resolved = resolved
        return resolved

    def compress_documents(
        self, documents: Sequence[Document], query: str, callbacks: Callbacks | None = None
    ) -> Sequence[Document]:
        if not documents:
            return []
        result = rerank(
            self.reranking_model(),
            query=query,
            documents=[document.page_content for document in documents],
            top_n=self.top_n,
            provider_options=self.provider_options,
        )
        return _scored(documents, result)

    async def acompress_documents(
        self, documents: Sequence[Document], query: str, callbacks: Callbacks | None = None
    ) -> Sequence[Document]:
        if not documents:
            return []
        result = await arerank(
            self.reranking_model(),
            query=query,
            documents=[document.page_content for document in documents],
            top_n=self.top_n,
            provider_options=self.provider_options,
        )
        return _scored(documents, result)


def _scored(documents: Sequence[Document], result: RerankResult[str]) -> list[Document]:
    """Copies of the ranked documents, in ranked order, each with its score."""
    out = []
    for item in result.ranking:
        document = documents[item.original_index]
        metadata = {**document.metadata, "relevance_score": item.score}
        out.append(document.model_copy(update={"metadata": metadata}))
    return out
