"""Bedrock's Rerank API (``bedrock-agent-runtime``) through ``rerank`` / ``arerank``.

Written cassettes in ``cassettes/bedrock_rerank/`` (``bedrock_wire.FakeBedrock`` serves
``POST /rerank``, validated against botocore's model of ``bedrock-agent-runtime``;
see ``test_bedrock_cassettes`` for the write and re-record commands).
"""

from __future__ import annotations

from typing import Any

import pytest
from bedrock_cassettes import exchanges

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.bedrock.rerank import BedrockRerankCodec
from ai_sdk_integrations.spec.reranking import ObjectDocuments, RerankCallOptions

pytestmark = pytest.mark.vcr

DOCUMENTS = [
    "The Eiffel Tower is in Paris.",
    "Bananas are rich in potassium.",
    "Paris is the capital of France and home of the Louvre.",
    "Tokyo is the capital of Japan.",
]
AGENT_API = "https://bedrock-agent-runtime.us-east-1.amazonaws.com"


@pytest.mark.parametrize("model_id", ["amazon.rerank-v1:0", "cohere.rerank-v3-5:0"])
def test_rerank_text_documents(vcr: Any, model_id: str) -> None:
    result = ai.rerank(
        f"bedrock:{model_id}", query="What is the capital of France?", documents=DOCUMENTS, top_n=2
    )
    (exchange,) = exchanges(vcr)
    assert exchange.uri == f"{AGENT_API}/rerank"
    assert "authorization" not in exchange.request_headers
    assert exchange.request == {
        "queries": [{"type": "TEXT", "textQuery": {"text": "What is the capital of France?"}}],
        "sources": [
            {"type": "INLINE", "inlineDocumentSource": {"type": "TEXT", "textDocument": {"text": d}}}
            for d in DOCUMENTS
        ],
        "rerankingConfiguration": {
            "type": "BEDROCK_RERANKING_MODEL",
            "bedrockRerankingConfiguration": {
                "modelConfiguration": {"modelArn": f"arn:aws:bedrock:us-east-1::foundation-model/{model_id}"},
                "numberOfResults": 2,
            },
        },
    }
    wire = exchange.body["results"]
    assert [(r.original_index, r.score) for r in result.ranking] == [
        (w["index"], w["relevanceScore"]) for w in wire
    ]
    assert result.reranked_documents == [DOCUMENTS[w["index"]] for w in wire]


async def test_arerank_object_documents(vcr: Any) -> None:
    documents = [{"city": "Paris", "country": "France"}, {"city": "Lima", "country": "Peru"}]
    result = await ai.arerank("bedrock:amazon.rerank-v1:0", query="France", documents=documents)
    (exchange,) = exchanges(vcr)
    assert exchange.request["sources"][0]["inlineDocumentSource"] == {
        "type": "JSON",
        "jsonDocument": documents[0],
    }
    assert result.reranked_documents[0] == documents[exchange.body["results"][0]["index"]]


def test_codec_options_and_arns() -> None:
    codec = BedrockRerankCodec(
        "arn:aws:bedrock:eu-west-1::foundation-model/cohere.rerank-v3-5:0", "us-east-1"
    )
    options = RerankCallOptions(
        ObjectDocuments([{"a": 1}]),
        "q",
        provider_options={
            "bedrock": {"additionalModelRequestFields": {"max_tokens_per_doc": 512}, "nextToken": "t"}
        },
    )
    body = codec.build_request(options).body
    model = body["rerankingConfiguration"]["bedrockRerankingConfiguration"]["modelConfiguration"]
    assert model == {"modelArn": codec.model_id, "additionalModelRequestFields": {"max_tokens_per_doc": 512}}
    assert body["nextToken"] == "t"
