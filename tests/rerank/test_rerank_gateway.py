"""The Gateway's reranking route through ``rerank`` / ``arerank`` with ``gateway:`` model
strings, on written cassettes (``cassettes/rerank_gateway/``); expectations come from the
cassette."""

from __future__ import annotations

from typing import Any

import pytest
from openai_wire import Exchange, cassette_bodies
from rerank_wire import GATEWAY_RERANK_API, RATE_LIMIT_MARKER

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.gateway.errors import GatewayInvalidRequestError

SERVICE = "gateway"
pytestmark = pytest.mark.vcr

URL = f"{GATEWAY_RERANK_API}/reranking-model"
MODEL = "gateway:cohere/rerank-v3.5"
QUERY = "talk about rain"
DOCUMENTS = ["sunny day at the beach", "rainy afternoon in the city", "snowy night in the mountains"]
EMAILS = [
    {
        "from": "Paul Doe",
        "subject": "Follow-up",
        "text": "We are happy to give you a discount of 20% on your next order.",
    },
    {
        "from": "John McGill",
        "subject": "Missing Info",
        "text": "Here is the pricing information from Oracle: $5000/month.",
    },
]


def exchange(cassette: Any, status: int = 200) -> Exchange:
    (only,) = cassette_bodies(cassette)
    assert (only.method, only.uri, only.status) == ("POST", URL, status)
    headers = cassette.requests[0].headers
    assert headers["ai-reranking-model-specification-version"] == "4"
    assert headers["ai-model-id"] == "cohere/rerank-v3.5"
    assert headers["ai-gateway-protocol-version"] == "0.0.1"
    return only


def assert_ranking(result: ai.RerankResult[Any], answer: Exchange, documents: list[Any]) -> None:
    ranking = answer.body["ranking"]
    assert [(r.original_index, r.score) for r in result.ranking] == [
        (row["index"], row["relevanceScore"]) for row in ranking
    ]
    assert result.reranked_documents == [documents[row["index"]] for row in ranking]
    assert result.provider_metadata == answer.body["providerMetadata"]
    assert result.response.model_id == answer.headers.get("x-model-id", "cohere/rerank-v3.5")


def test_rerank(vcr: Any, service_url: str) -> None:
    result = ai.rerank(MODEL, query=QUERY, documents=DOCUMENTS)
    answer = exchange(vcr)
    assert answer.request == {"documents": {"values": DOCUMENTS, "type": "text"}, "query": QUERY}
    assert_ranking(result, answer, DOCUMENTS)
    assert result.provider_metadata is not None
    assert result.provider_metadata["gateway"]["generationId"].startswith("gen_")


async def test_arerank_top_n(vcr: Any, service_url: str) -> None:
    result = await ai.arerank(MODEL, query=QUERY, documents=DOCUMENTS, top_n=2)
    answer = exchange(vcr)
    assert answer.request == {"documents": {"values": DOCUMENTS, "type": "text"}, "query": QUERY, "topN": 2}
    assert 0 < len(answer.body["ranking"]) <= 2
    assert_ranking(result, answer, DOCUMENTS)


def test_object_documents_and_provider_options(vcr: Any, service_url: str) -> None:
    options = {"cohere": {"maxTokensPerDoc": 512}, "gateway": {"order": ["cohere"]}}
    result = ai.rerank(
        MODEL, query="pricing from Oracle", documents=EMAILS, top_n=1, provider_options=options
    )
    answer = exchange(vcr)
    assert answer.request == {
        "documents": {"values": EMAILS, "type": "object"},
        "query": "pricing from Oracle",
        "topN": 1,
        "providerOptions": options,
    }
    assert_ranking(result, answer, EMAILS)


@pytest.mark.rerank_written
def test_rate_limited_then_answered(vcr: Any, service_url: str, retry_delays: list[float]) -> None:
    query = f"{QUERY} {RATE_LIMIT_MARKER}"
    result = ai.rerank(MODEL, query=query, documents=DOCUMENTS)
    limited, answered = cassette_bodies(vcr)
    assert (limited.status, limited.body["error"]["type"], answered.status) == (
        429,
        "rate_limit_exceeded",
        200,
    )
    assert retry_delays == [float(limited.headers["retry-after"])]
    assert_ranking(result, answered, DOCUMENTS)


def test_bad_request_is_a_gateway_invalid_request_error(vcr: Any, service_url: str) -> None:
    with pytest.raises(GatewayInvalidRequestError) as raised:
        ai.rerank(MODEL, query="", documents=DOCUMENTS)
    answer = exchange(vcr, status=400)
    assert answer.body["error"]["type"] == "invalid_request_error"
    assert raised.value.status_code == 400
