"""Cohere Rerank v2 through ``rerank`` / ``arerank``, on written cassettes
(``cassettes/rerank_cohere/``). Expectations are read from the cassette, never
hard-coded, so a re-recording against the real API passes unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai_wire import Exchange, cassette_bodies
from rerank_wire import COHERE_API, RATE_LIMIT_MARKER, cohere_model

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import InvalidRequestError

SERVICE = "cohere"
pytestmark = pytest.mark.vcr

URL = f"{COHERE_API}/rerank"
QUERY = "What is the capital of the United States?"
DOCUMENTS = [
    "Carson City is the capital city of the American state of Nevada.",
    "The Commonwealth of the Northern Mariana Islands is a group of islands in the Pacific Ocean. "
    "Its capital is Saipan.",
    "Washington, D.C. (also known as simply Washington or D.C.) is the capital of the United States. "
    "It is a federal district.",
    "Capitalization in English grammar is the use of a capital letter at the start of a word.",
    "Capital punishment has existed in the United States since before the United States was a country.",
]
EMAILS = [
    {
        "from": "Paul Doe",
        "subject": "Follow-up",
        "text": "We are happy to give you a discount of 20% on your next order.",
    },
    {
        "from": "John McGill",
        "subject": "Missing Info",
        "text": "Sorry, but here is the pricing information from Oracle: $5000/month.",
    },
    {
        "from": "Jane Smith",
        "subject": "Invoice",
        "text": "Please find attached the invoice for last month's services.",
    },
]


def exchange(cassette: Any, status: int = 200) -> Exchange:
    (only,) = cassette_bodies(cassette)
    assert (only.method, only.uri, only.status) == ("POST", URL, status)
    return only


def assert_ranking(result: ai.RerankResult[Any], answer: Exchange, documents: list[Any]) -> None:
    results = answer.body["results"]
    assert [(r.original_index, r.score) for r in result.ranking] == [
        (row["index"], row["relevance_score"]) for row in results
    ]
    assert result.reranked_documents == [documents[row["index"]] for row in results]
    scores = [r.score for r in result.ranking]
    assert scores == sorted(scores, reverse=True)
    assert result.original_documents == documents
    assert result.response.id == answer.body["id"]
    assert result.response.model_id == "rerank-v3.5"
    assert result.provider_metadata == {"cohere": answer.body["meta"]}


def test_rerank(vcr: Any, service_url: str) -> None:
    result = ai.rerank(cohere_model(service_url), query=QUERY, documents=DOCUMENTS)
    answer = exchange(vcr)
    assert answer.request == {"model": "rerank-v3.5", "query": QUERY, "documents": DOCUMENTS}
    assert len(answer.body["results"]) == len(DOCUMENTS)
    assert_ranking(result, answer, DOCUMENTS)
    assert result.warnings == ()


async def test_arerank_top_n(vcr: Any, service_url: str) -> None:
    result = await ai.arerank(cohere_model(service_url), query=QUERY, documents=DOCUMENTS, top_n=2)
    answer = exchange(vcr)
    assert answer.request == {"model": "rerank-v3.5", "query": QUERY, "documents": DOCUMENTS, "top_n": 2}
    assert 0 < len(answer.body["results"]) <= 2
    assert_ranking(result, answer, DOCUMENTS)


def test_object_documents_are_sent_as_json_strings(vcr: Any, service_url: str) -> None:
    result = ai.rerank(
        cohere_model(service_url),
        query="Which pricing did we get from Oracle?",
        documents=EMAILS,
        top_n=2,
        provider_options={"cohere": {"maxTokensPerDoc": 512}},
    )
    answer = exchange(vcr)
    assert answer.request["documents"] == [
        json.dumps(email, ensure_ascii=False, separators=(",", ":")) for email in EMAILS
    ]
    assert answer.request["max_tokens_per_doc"] == 512
    assert answer.request["top_n"] == 2
    assert_ranking(result, answer, EMAILS)
    assert all(isinstance(document, dict) for document in result.reranked_documents)


@pytest.mark.rerank_written
def test_rate_limited_then_answered(vcr: Any, service_url: str, retry_delays: list[float]) -> None:
    query = f"{QUERY} {RATE_LIMIT_MARKER}"
    result = ai.rerank(cohere_model(service_url), query=query, documents=DOCUMENTS, top_n=3)
    limited, answered = cassette_bodies(vcr)
    assert (limited.uri, limited.status, answered.status) == (URL, 429, 200)
    assert isinstance(limited.body["message"], str) and limited.body["message"]
    assert limited.request == answered.request
    assert len(retry_delays) == 1
    assert_ranking(result, answered, DOCUMENTS)


def test_bad_request_is_an_invalid_request_error(vcr: Any, service_url: str) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        ai.rerank(cohere_model(service_url), query="", documents=DOCUMENTS)
    answer = exchange(vcr, status=400)
    assert raised.value.status_code == 400
    assert answer.body["message"] in str(raised.value)
    assert not raised.value.is_retryable
