"""Together's rerank API (``POST /v1/rerank``) through ``rerank`` / ``arerank``, on
written cassettes (``cassettes/rerank_together/``); expectations come from the cassette."""

from __future__ import annotations

from typing import Any

import pytest
from openai_wire import Exchange, cassette_bodies
from rerank_wire import RATE_LIMIT_MARKER, TOGETHER_API, together_model

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import InvalidRequestError

SERVICE = "togetherai"
pytestmark = pytest.mark.vcr

URL = f"{TOGETHER_API}/rerank"
MODEL_ID = "Salesforce/Llama-Rank-v1"
QUERY = "What animals can I find near Peru?"
DOCUMENTS = [
    "The giant panda, also known as the panda bear, is a bear native to south China.",
    "The llama is a domesticated South American camelid, used as a pack animal by Andean cultures.",
    "The wild Bactrian camel is an endangered camel endemic to Northwest China and Mongolia.",
    "The guanaco is a camelid native to South America, related to the llama; its range includes Peru.",
]
FILMS = [
    {
        "title": "The Lion King",
        "genre": "animation",
        "text": "A young lion prince flees his kingdom in Africa.",
    },
    {"title": "Paddington", "genre": "family", "text": "A polite bear from darkest Peru travels to London."},
    {
        "title": "Madagascar",
        "genre": "animation",
        "text": "Zoo animals from New York are shipped to an island.",
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
    assert result.response.id == answer.body["id"]
    assert result.response.model_id == answer.body["model"]
    assert result.tokens == answer.body["usage"]["prompt_tokens"]
    assert all(row.get("document") in (None, {}) for row in results), "return_documents was false"


def test_rerank(vcr: Any, service_url: str) -> None:
    result = ai.rerank(together_model(service_url), query=QUERY, documents=DOCUMENTS)
    answer = exchange(vcr)
    assert answer.request == {
        "model": MODEL_ID,
        "query": QUERY,
        "documents": DOCUMENTS,
        "return_documents": False,
    }
    assert answer.body["object"] == "rerank"
    assert len(answer.body["results"]) == len(DOCUMENTS)
    assert_ranking(result, answer, DOCUMENTS)


async def test_arerank_top_n(vcr: Any, service_url: str) -> None:
    result = await ai.arerank(together_model(service_url), query=QUERY, documents=DOCUMENTS, top_n=2)
    answer = exchange(vcr)
    assert answer.request["top_n"] == 2
    assert 0 < len(answer.body["results"]) <= 2
    assert_ranking(result, answer, DOCUMENTS)


def test_object_documents_with_rank_fields(vcr: Any, service_url: str) -> None:
    result = ai.rerank(
        together_model(service_url),
        query="a bear from Peru",
        documents=FILMS,
        top_n=2,
        provider_options={"togetherai": {"rankFields": ["title", "text"]}},
    )
    answer = exchange(vcr)
    assert answer.request == {
        "model": MODEL_ID,
        "query": "a bear from Peru",
        "documents": FILMS,
        "top_n": 2,
        "return_documents": False,
        "rank_fields": ["title", "text"],
    }
    assert_ranking(result, answer, FILMS)
    assert result.warnings == ()


@pytest.mark.rerank_written
async def test_rate_limited_then_answered(vcr: Any, service_url: str, retry_delays: list[float]) -> None:
    query = f"{QUERY} {RATE_LIMIT_MARKER}"
    result = await ai.arerank(together_model(service_url), query=query, documents=DOCUMENTS, top_n=2)
    limited, answered = cassette_bodies(vcr)
    assert (limited.uri, limited.status, answered.status) == (URL, 429, 200)
    assert limited.body["error"]["message"]
    assert len(retry_delays) == 1
    assert_ranking(result, answered, DOCUMENTS)


def test_bad_request_is_an_invalid_request_error(vcr: Any, service_url: str) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        ai.rerank(together_model(service_url), query="", documents=DOCUMENTS)
    answer = exchange(vcr, status=400)
    assert raised.value.status_code == 400
    assert answer.body["error"]["message"] in str(raised.value)
