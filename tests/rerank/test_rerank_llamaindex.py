"""``AISDKRerank`` as a LlamaIndex node postprocessor: a ``VectorStoreIndex`` query engine
(``MockEmbedding`` and ``MockLLM``, so only the reranker goes over HTTP) returns its
source nodes in the order the Gateway ranked them in the cassette
(``cassettes/rerank_llamaindex/``), scored by the reranker, and LlamaIndex's rerank
events are sent."""

from __future__ import annotations

from typing import Any

import pytest
from llama_index.core import VectorStoreIndex
from llama_index.core.embeddings import MockEmbedding
from llama_index.core.instrumentation.events.rerank import ReRankEndEvent, ReRankStartEvent
from llama_index.core.llms import MockLLM
from llama_index.core.schema import NodeWithScore, TextNode
from llama_index_conformance import instrumented
from openai_wire import cassette_bodies
from rerank_wire import GATEWAY_RERANK_API

from ai_sdk_integrations.llama_index import AISDKRerank

SERVICE = "gateway"
pytestmark = pytest.mark.vcr

MODEL = "gateway:cohere/rerank-v3.5"
QUERY = "How do plants make their food?"
TEXTS = [
    "Photosynthesis is how plants make food from light, water and carbon dioxide.",
    "Plants take up water through their roots.",
    "The mitochondria is the powerhouse of the cell.",
    "Chlorophyll makes plants green and captures light for photosynthesis.",
    "Fungi are not plants; they cannot make their own food.",
]


def query_engine(top_n: int) -> Any:
    nodes = [TextNode(id_=f"node-{i}", text=text) for i, text in enumerate(TEXTS)]
    index = VectorStoreIndex(nodes, embed_model=MockEmbedding(embed_dim=8))
    return index.as_query_engine(
        llm=MockLLM(),
        similarity_top_k=len(TEXTS),
        node_postprocessors=[AISDKRerank(model=MODEL, top_n=top_n)],
    )


def assert_reranked(nodes: list[NodeWithScore], cassette: Any, top_n: int) -> None:
    (exchange,) = cassette_bodies(cassette)
    assert (exchange.uri, exchange.status) == (f"{GATEWAY_RERANK_API}/reranking-model", 200)
    sent = exchange.request["documents"]["values"]
    assert sorted(sent) == sorted(TEXTS)
    assert exchange.request["topN"] == top_n
    ranking = exchange.body["ranking"]
    assert [n.node.get_content() for n in nodes] == [sent[row["index"]] for row in ranking]
    assert [n.score for n in nodes] == [row["relevanceScore"] for row in ranking]


def test_query_engine_returns_reranked_nodes(vcr: Any, service_url: str) -> None:
    with instrumented() as seen:
        response = query_engine(top_n=3).query(QUERY)
    assert_reranked(response.source_nodes, vcr, 3)
    (start,) = seen.of(ReRankStartEvent)
    (end,) = seen.of(ReRankEndEvent)
    assert (start.query.query_str, start.top_n, start.model_name) == (QUERY, 3, MODEL)
    assert len(start.nodes) == len(TEXTS)
    assert [n.node.node_id for n in end.nodes] == [n.node.node_id for n in response.source_nodes]


async def test_query_engine_returns_reranked_nodes_async(vcr: Any, service_url: str) -> None:
    response = await query_engine(top_n=2).aquery(QUERY)
    assert_reranked(response.source_nodes, vcr, 2)
