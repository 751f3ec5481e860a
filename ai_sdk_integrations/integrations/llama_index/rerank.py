"""``AISDKRerank``: any reranking model string as a LlamaIndex node postprocessor.

``index.as_query_engine(node_postprocessors=[AISDKRerank(model=..., top_n=3)])`` reranks
what the retriever found and sets each ``NodeWithScore.score`` to the model's
relevance score. It reports itself as LlamaIndex's own rerankers do: a
``ReRankStartEvent`` / ``ReRankEndEvent`` pair on the instrumentation dispatcher, and a
``RERANKING`` event to callback handlers.
"""

from __future__ import annotations

from typing import Any

from llama_index.core.bridge.pydantic import Field, PrivateAttr, model_validator
from llama_index.core.callbacks import CBEventType, EventPayload
from llama_index.core.instrumentation import get_dispatcher  # type: ignore[attr-defined]
from llama_index.core.instrumentation.events.rerank import ReRankEndEvent, ReRankStartEvent
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import MetadataMode, NodeWithScore, QueryBundle

from ...core.registry import adapter_model, reranking_model
from ...core.rerank import RerankResult, arerank, rerank
from ...provider.reranking_model import RerankingModel
from ..arguments import check_model_string, reject_unknown

dispatcher = get_dispatcher(__name__)


class AISDKRerank(BaseNodePostprocessor):
    """``AISDKRerank(model="cohere:rerank-v3.5", top_n=2)``.

    ``top_n``: how many nodes to keep, most relevant first (``None``: all, reordered).
    ``keep_retrieval_score`` keeps the retriever's score in ``metadata["retrieval_score"]``.
    """

    model: Any = Field(description="A 'provider:model-id' string or a RerankingModel.")
    top_n: int | None = Field(default=2, description="Nodes to return, most relevant first.")
    keep_retrieval_score: bool = False
    api_key: str | None = Field(default=None, exclude=True, repr=False)
    base_url: str | None = None
    default_headers: dict[str, str] | None = None
    timeout: float | None = None
    max_retries: int | None = None
    provider_options: dict[str, dict[str, Any]] | None = None
    model_settings: dict[str, Any] = Field(default_factory=dict)

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

    @classmethod
    def class_name(cls) -> str:
        return "AISDKRerank"

    @property
    def model_name(self) -> str:
        model = self.model
        return model if isinstance(model, str) else f"{model.provider}:{model.model_id}"

    def reranking_model(self) -> RerankingModel:
        if self._resolved is not None:
            return self._resolved
        resolved: RerankingModel = adapter_model(
            self.model,
            reranking_model,
            api_key=self.api_key,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=self.max_retries,
            settings=self.model_settings,
            connection={"headers": self.default_headers},
        )
        self._resolved = resolved
        return resolved

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        texts = self._start(nodes, query_bundle)
        if not texts:
            return self._end([])
        assert query_bundle is not None
        with self.callback_manager.event(
            CBEventType.RERANKING, payload=self._payload(nodes, query_bundle)
        ) as event:
            result = rerank(
                self.reranking_model(),
                query=query_bundle.query_str,
                documents=texts,
                top_n=self.top_n,
                provider_options=self.provider_options,
            )
            reranked = self._scored(nodes, result)
            event.on_end(payload={EventPayload.NODES: reranked})
        return self._end(reranked)

    async def _apostprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        texts = self._start(nodes, query_bundle)
        if not texts:
            return self._end([])
        assert query_bundle is not None
        with self.callback_manager.event(
            CBEventType.RERANKING, payload=self._payload(nodes, query_bundle)
        ) as event:
            result = await arerank(
                self.reranking_model(),
                query=query_bundle.query_str,
                documents=texts,
                top_n=self.top_n,
                provider_options=self.provider_options,
            )
            reranked = self._scored(nodes, result)
            event.on_end(payload={EventPayload.NODES: reranked})
        return self._end(reranked)

    def _start(self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None) -> list[str]:
        """Announce the rerank and return the texts to send (the content the node's
        embedding saw, as LlamaIndex's rerankers send)."""
        top_n = self.top_n if self.top_n is not None else len(nodes)
        dispatcher.event(
            ReRankStartEvent(query=query_bundle, nodes=nodes, top_n=top_n, model_name=self.model_name)
        )
        if query_bundle is None:
            raise ValueError("AISDKRerank needs the query: pass query_bundle or query_str")
        return [node.node.get_content(metadata_mode=MetadataMode.EMBED) for node in nodes]

    def _end(self, reranked: list[NodeWithScore]) -> list[NodeWithScore]:
        dispatcher.event(ReRankEndEvent(nodes=reranked))
        return reranked

    def _payload(self, nodes: list[NodeWithScore], query_bundle: QueryBundle) -> dict[str, Any]:
        return {
            EventPayload.NODES: nodes,
            EventPayload.MODEL_NAME: self.model_name,
            EventPayload.QUERY_STR: query_bundle.query_str,
            EventPayload.TOP_K: self.top_n,
        }

    def _scored(self, nodes: list[NodeWithScore], result: RerankResult[str]) -> list[NodeWithScore]:
        """The ranked nodes, in ranked order, scored by the reranker; the nodes
        themselves are shared, not copied (a retriever's nodes are the index's)."""
        out = []
        for item in result.ranking:
            found = nodes[item.original_index]
            if self.keep_retrieval_score:
                found.node.metadata["retrieval_score"] = found.score
            out.append(NodeWithScore(node=found.node, score=item.score))
        return out
