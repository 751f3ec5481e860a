"""``AISDKRerank`` as LangChain's document compressor: a ``ContextualCompressionRetriever``
over an in-memory vector store (a deterministic fake embedding, so only the reranker
goes over HTTP) returns the documents in the order Cohere ranked them in the cassette
(``cassettes/rerank_langchain/``), each with its ``relevance_score``."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_classic.retrievers import ContextualCompressionRetriever
from langchain_core.documents import Document
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.retrievers import BaseRetriever
from langchain_core.vectorstores import InMemoryVectorStore
from openai_wire import cassette_bodies
from rerank_wire import COHERE_API, cohere_model

from ai_sdk_integrations.langchain import AISDKRerank

SERVICE = "cohere"
pytestmark = pytest.mark.vcr

QUERY = "Which city is the capital of France?"
TEXTS = [
    "Berlin is the capital and largest city of Germany.",
    "Paris is the capital and most populous city of France.",
    "France is a country in Western Europe with overseas regions.",
    "The Eiffel Tower is a wrought-iron tower in Paris, France.",
    "Lyon is the third-largest city of France, known for its cuisine.",
    "Madrid is the capital of Spain.",
]


def base_retriever() -> BaseRetriever:
    store = InMemoryVectorStore(DeterministicFakeEmbedding(size=16))
    store.add_documents(
        [
            Document(page_content=text, metadata={"source": f"doc-{i}"}, id=f"doc-{i}")
            for i, text in enumerate(TEXTS)
        ]
    )
    return store.as_retriever(search_kwargs={"k": 5})


def assert_reranked(found: list[Document], cassette: Any, retrieved: list[Document]) -> None:
    (exchange,) = cassette_bodies(cassette)
    assert (exchange.uri, exchange.status) == (f"{COHERE_API}/rerank", 200)
    sent = exchange.request["documents"]
    assert sent == [document.page_content for document in retrieved]
    results = exchange.body["results"]
    assert exchange.request["top_n"] == 3 and len(results) <= 3
    assert [d.page_content for d in found] == [sent[row["index"]] for row in results]
    assert [d.metadata["relevance_score"] for d in found] == [row["relevance_score"] for row in results]
    assert [d.metadata["source"] for d in found] == [
        retrieved[row["index"]].metadata["source"] for row in results
    ]


def test_contextual_compression_retriever_reranks(vcr: Any, service_url: str) -> None:
    base = base_retriever()
    retriever = ContextualCompressionRetriever(
        base_compressor=AISDKRerank(model=cohere_model(service_url), top_n=3), base_retriever=base
    )
    found = retriever.invoke(QUERY)
    assert_reranked(found, vcr, base.invoke(QUERY))


async def test_contextual_compression_retriever_reranks_async(vcr: Any, service_url: str) -> None:
    base = base_retriever()
    retriever = ContextualCompressionRetriever(
        base_compressor=AISDKRerank(model=cohere_model(service_url), top_n=3), base_retriever=base
    )
    found = await retriever.ainvoke(QUERY)
    assert_reranked(found, vcr, base.invoke(QUERY))
