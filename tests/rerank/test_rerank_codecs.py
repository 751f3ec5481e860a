"""The three rerank codecs, field by field, against the documented request and response
shapes (Cohere's v2 rerank reference, Together's rerank reference, the AI SDK's Gateway
reranking model and its fixtures); pure functions, no HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ai_sdk_integrations.providers.cohere.rerank import CohereRerankCodec
from ai_sdk_integrations.providers.gateway.errors import GatewayModelNotFoundError, gateway_error_class
from ai_sdk_integrations.providers.gateway.rerank import GatewayRerankCodec
from ai_sdk_integrations.providers.openai_compatible.rerank import TogetherRerankCodec, reranking_codec
from ai_sdk_integrations.spec.errors import InvalidResponseDataError, UnsupportedFunctionalityError
from ai_sdk_integrations.spec.reranking import ObjectDocuments, RankedIndex, RerankCallOptions, TextDocuments
from ai_sdk_integrations.spec.results import CallWarning

TEXTS = TextDocuments(["sunny day at the beach", "rainy afternoon in the city"])
OBJECTS = ObjectDocuments([{"from": "Paul Doe", "subject": "Ü-Follow-up"}, {"from": "Jane", "n": 2}])


def options(documents: Any = TEXTS, **kwargs: Any) -> RerankCallOptions:
    return RerankCallOptions(documents, "talk about rain", **kwargs)


# -- Cohere ---------------------------------------------------------------------------------

COHERE_ANSWER = {  # the shape of the AI SDK's cohere-reranking.1.json fixture
    "id": "b44fe75b-e3d3-489a-b61e-1a1aede3ef72",
    "results": [{"index": 1, "relevance_score": 0.10183054}, {"index": 0, "relevance_score": 0.03762639}],
    "meta": {"api_version": {"version": "2"}, "billed_units": {"search_units": 1}},
}


def test_cohere_request_for_texts() -> None:
    request = CohereRerankCodec("rerank-v3.5").build_request(options(top_n=1, headers={"x-client-name": "t"}))
    assert (request.method, request.path, request.stream) == ("POST", "/rerank", False)
    assert request.body == {
        "model": "rerank-v3.5",
        "query": "talk about rain",
        "documents": ["sunny day at the beach", "rainy afternoon in the city"],
        "top_n": 1,
    }
    assert request.headers == {"x-client-name": "t"}
    assert request.warnings == ()


def test_cohere_request_omits_top_n_when_unset_and_sends_objects_as_json_strings() -> None:
    body = CohereRerankCodec("rerank-v3.5").build_request(options(OBJECTS)).body
    assert "top_n" not in body
    assert body["documents"] == ['{"from":"Paul Doe","subject":"Ü-Follow-up"}', '{"from":"Jane","n":2}']
    assert [json.loads(text) for text in body["documents"]] == list(OBJECTS.values)


def test_cohere_provider_options_map_known_names_and_pass_the_rest() -> None:
    provider_options = {
        "cohere": {"maxTokensPerDoc": 1000, "priority": 1, "some_new_field": True},
        "togetherai": {"rankFields": ["x"]},
    }
    body = CohereRerankCodec("rerank-v3.5").build_request(options(provider_options=provider_options)).body
    assert body["max_tokens_per_doc"] == 1000
    assert body["priority"] == 1
    assert body["some_new_field"] is True
    assert "rank_fields" not in body and "rankFields" not in body


def test_cohere_response() -> None:
    result = CohereRerankCodec("rerank-v3.5").parse_response(COHERE_ANSWER, {"x-debug-trace-id": "abc"})
    assert result.ranking == [RankedIndex(1, 0.10183054), RankedIndex(0, 0.03762639)]
    assert result.provider_metadata == {"cohere": COHERE_ANSWER["meta"]}
    assert result.response is not None
    assert (result.response.id, result.response.headers) == (COHERE_ANSWER["id"], {"x-debug-trace-id": "abc"})
    assert result.response.body == COHERE_ANSWER
    assert result.usage is None and result.warnings == ()


def test_cohere_meta_tokens_and_warnings() -> None:
    answer = {**COHERE_ANSWER, "meta": {"tokens": {"input_tokens": 42}, "warnings": ["model deprecated", 3]}}
    result = CohereRerankCodec("rerank-v3.5").parse_response(answer)
    assert result.usage is not None and result.usage.tokens == 42
    assert result.warnings == (CallWarning("other", message="model deprecated"),)


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {},
        {"results": None},
        {"results": [{"index": "1", "relevance_score": 0.1}]},
        {"results": [{"index": 1}]},
        {"results": [{"index": 1, "relevance_score": True}]},
        {"results": [None]},
    ],
)
def test_cohere_unreadable_results_are_invalid_response_data(body: Any) -> None:
    with pytest.raises(InvalidResponseDataError):
        CohereRerankCodec("rerank-v3.5").parse_response(body)


def test_cohere_metadata_of_the_wrong_type_is_not_said() -> None:
    result = CohereRerankCodec("rerank-v3.5").parse_response({"results": [], "id": 5, "meta": "x"})
    assert (result.provider_metadata, result.response and result.response.id) == (None, None)


def test_cohere_error_message() -> None:
    codec = CohereRerankCodec("rerank-v3.5")
    assert codec.error_message({"id": "1", "message": "invalid api token"}) == "invalid api token"
    assert codec.error_message("text") is None


# -- Together -------------------------------------------------------------------------------

TOGETHER_ANSWER = {  # the shape of the AI SDK's togetherai-reranking.1.json fixture
    "id": "oGs6Zt9-62bZhn-99529372487b1b0a",
    "object": "rerank",
    "model": "Salesforce/Llama-Rank-v1",
    "results": [
        {"index": 0, "relevance_score": 0.6475887154399037, "document": {}},
        {"index": 5, "relevance_score": 0.6323295373206566, "document": {}},
    ],
    "usage": {"prompt_tokens": 2966, "completion_tokens": 0, "total_tokens": 2966},
}


def test_together_request_for_texts() -> None:
    request = TogetherRerankCodec("Salesforce/Llama-Rank-v1").build_request(options(top_n=2))
    assert (request.method, request.path) == ("POST", "/rerank")
    assert request.body == {
        "model": "Salesforce/Llama-Rank-v1",
        "query": "talk about rain",
        "documents": ["sunny day at the beach", "rainy afternoon in the city"],
        "top_n": 2,
        "return_documents": False,
    }


def test_together_request_sends_objects_as_objects_with_rank_fields() -> None:
    provider_options = {"togetherai": {"rankFields": ["from"]}}
    request = TogetherRerankCodec("m").build_request(options(OBJECTS, provider_options=provider_options))
    assert request.body["documents"] == list(OBJECTS.values)
    assert request.body["rank_fields"] == ["from"]
    assert request.warnings == ()


def test_together_rank_fields_on_texts_is_a_warning_not_a_silent_drop() -> None:
    provider_options = {"togetherai": {"rankFields": ["from"], "other": 1}}
    request = TogetherRerankCodec("m").build_request(options(provider_options=provider_options))
    assert "rank_fields" not in request.body
    assert request.body["other"] == 1
    (warning,) = request.warnings
    assert (warning.type, warning.feature) == ("unsupported", "rankFields")


def test_together_response() -> None:
    result = TogetherRerankCodec("Salesforce/Llama-Rank-v1").parse_response(
        TOGETHER_ANSWER, {"x-request-id": "r"}
    )
    assert result.ranking == [RankedIndex(0, 0.6475887154399037), RankedIndex(5, 0.6323295373206566)]
    assert result.usage is not None and result.usage.tokens == 2966
    assert result.response is not None
    assert (result.response.id, result.response.model_id) == (
        TOGETHER_ANSWER["id"],
        "Salesforce/Llama-Rank-v1",
    )
    assert result.provider_metadata is None


def test_together_error_message_is_openai_shaped() -> None:
    codec = TogetherRerankCodec("m")
    assert codec.error_message({"error": {"message": "Invalid API key", "type": "x"}}) == "Invalid API key"


def test_only_listed_services_have_a_rerank_codec() -> None:
    assert reranking_codec("togetherai", "m") == TogetherRerankCodec("m", "togetherai")
    with pytest.raises(UnsupportedFunctionalityError, match="groq has no rerank API"):
        reranking_codec("groq", "m")


# -- Gateway --------------------------------------------------------------------------------


def test_gateway_request_is_the_call_options_in_the_ai_sdks_json_shape() -> None:
    call = options(
        OBJECTS, top_n=1, provider_options={"cohere": {"maxTokensPerDoc": 10}}, headers={"x-custom": "1"}
    )
    request = GatewayRerankCodec("cohere/rerank-v3.5").build_request(call)
    assert (request.method, request.path) == ("POST", "/reranking-model")
    assert request.body == {
        "documents": {"values": list(OBJECTS.values), "type": "object"},
        "query": "talk about rain",
        "topN": 1,
        "providerOptions": {"cohere": {"maxTokensPerDoc": 10}},
    }
    assert request.headers == {
        "x-custom": "1",
        "ai-reranking-model-specification-version": "4",
        "ai-model-id": "cohere/rerank-v3.5",
    }


def test_gateway_request_leaves_out_what_is_unset() -> None:
    request = GatewayRerankCodec("cohere/rerank-v3.5", spec_version=3).build_request(options())
    assert request.body == {
        "documents": {"values": list(TEXTS.values), "type": "text"},
        "query": "talk about rain",
    }
    assert request.headers["ai-reranking-model-specification-version"] == "3"


def test_gateway_response() -> None:
    body = {
        "ranking": [{"index": 1, "relevanceScore": 0.9}, {"index": 0, "relevanceScore": 0}],
        "providerMetadata": {"gateway": {"generationId": "gen_1"}, "bad": 3},
        "warnings": [{"type": "unsupported", "feature": "topN"}],
        "usage": {"tokens": 12},
    }
    result = GatewayRerankCodec("cohere/rerank-v3.5").parse_response(
        body, {"x-model-id": "cohere/rerank-v3.5-x"}
    )
    assert result.ranking == [RankedIndex(1, 0.9), RankedIndex(0, 0.0)]
    assert result.provider_metadata == {"gateway": {"generationId": "gen_1"}}
    assert result.warnings == (CallWarning("unsupported", feature="topN"),)
    assert result.usage is not None and result.usage.tokens == 12
    assert result.response is not None and result.response.model_id == "cohere/rerank-v3.5-x"


def test_gateway_errors_are_typed_by_error_type() -> None:
    codec = GatewayRerankCodec("nope")
    data = {
        "error": {
            "message": "Model 'nope' not found",
            "type": "model_not_found",
            "param": {"modelId": "nope"},
        }
    }
    assert codec.error_message(data) == "Model 'nope' not found"
    assert codec.error_class(404, data) is gateway_error_class(404, data) is GatewayModelNotFoundError


@pytest.mark.parametrize(
    "body",
    [
        None,
        {},
        {"ranking": {}},
        {"ranking": [{"index": 0}]},
        {"ranking": [{"index": 0.5, "relevanceScore": 1}]},
    ],
)
def test_gateway_unreadable_ranking_is_invalid_response_data(body: Any) -> None:
    with pytest.raises(InvalidResponseDataError):
        GatewayRerankCodec("m").parse_response(body)


# -- whatever the bytes, only our error ---------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
ROWS = st.lists(
    st.dictionaries(
        st.sampled_from(["index", "relevance_score", "relevanceScore", "document"]), JSON, max_size=4
    ),
    max_size=4,
)
BODIES = JSON | st.fixed_dictionaries(
    {"results": ROWS, "ranking": ROWS}, optional={"meta": JSON, "usage": JSON, "id": JSON, "model": JSON}
)
CODECS = [CohereRerankCodec("m"), TogetherRerankCodec("m"), GatewayRerankCodec("m")]


@settings(max_examples=150, deadline=None)
@given(body=BODIES)
def test_parse_response_raises_only_invalid_response_data(body: Any) -> None:
    for codec in CODECS:
        try:
            result = codec.parse_response(body)
        except InvalidResponseDataError:
            continue
        assert all(
            type(item.index) is int and isinstance(item.relevance_score, float) for item in result.ranking
        )
