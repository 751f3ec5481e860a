"""The loopback fakes refuse what the real services refuse, with the services' own
error bodies; otherwise a written cassette would prove nothing. Raw HTTP, no client."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

import pytest
from rerank_wire import LoopbackFake

GOOD_KEY = "sk-test-good-key"
COHERE_BODY = {"model": "rerank-v3.5", "query": "rainy", "documents": ["sunny", "rainy day"]}
TOGETHER_BODY = {"model": "Salesforce/Llama-Rank-v1", "query": "rainy", "documents": ["sunny", "rainy day"]}
GATEWAY_BODY = {"documents": {"type": "text", "values": ["sunny", "rainy day"]}, "query": "rainy"}
GATEWAY_HEADERS = {
    "ai-gateway-protocol-version": "0.0.1",
    "ai-gateway-auth-method": "api-key",
    "ai-reranking-model-specification-version": "4",
    "ai-model-id": "cohere/rerank-v3.5",
}


def post(
    fake: LoopbackFake,
    path: str,
    body: Any,
    key: str | None = GOOD_KEY,
    headers: Mapping[str, str] | None = None,
) -> tuple[int, Any]:
    sent = {"content-type": "application/json", **(headers or {})}
    if key is not None:
        sent["authorization"] = f"Bearer {key}"
    request = urllib.request.Request(fake.origin + path, json.dumps(body).encode(), sent, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def cohere(fakes: dict[str, LoopbackFake]) -> LoopbackFake:
    fakes["cohere"].reset()
    return fakes["cohere"]


@pytest.fixture
def together(fakes: dict[str, LoopbackFake]) -> LoopbackFake:
    fakes["togetherai"].reset()
    return fakes["togetherai"]


@pytest.fixture
def gateway(fakes: dict[str, LoopbackFake]) -> LoopbackFake:
    fakes["gateway"].reset()
    return fakes["gateway"]


# -- Cohere ---------------------------------------------------------------------------------


def test_cohere_answers_a_documented_request(cohere: LoopbackFake) -> None:
    status, body = post(cohere, "/v2/rerank", {**COHERE_BODY, "top_n": 1, "max_tokens_per_doc": 100})
    assert status == 200
    assert [row["index"] for row in body["results"]] == [1]
    assert set(body) == {"id", "results", "meta"}
    assert body["meta"]["billed_units"] == {"search_units": 1}


@pytest.mark.parametrize(
    ("key", "message"), [(None, "no api key supplied"), ("invalid-key", "invalid api token")]
)
def test_cohere_refuses_a_missing_or_bad_key(cohere: LoopbackFake, key: str | None, message: str) -> None:
    status, body = post(cohere, "/v2/rerank", COHERE_BODY, key=key)
    assert (status, body["message"]) == (401, message)
    assert set(body) == {"id", "message"}


@pytest.mark.parametrize("field", ["return_documents", "rank_fields", "top_k", "max_chunks_per_doc"])
def test_cohere_refuses_unknown_fields(cohere: LoopbackFake, field: str) -> None:
    status, body = post(cohere, "/v2/rerank", {**COHERE_BODY, field: 1})
    assert status == 422
    assert body["message"].startswith(f"unknown field: parameter '{field}' is not a valid field")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"query": ""}, "query must not be empty"),
        ({"documents": []}, "list of documents must not be empty"),
        ({"documents": [{"text": "x"}]}, "documents must be a list of strings"),
        ({"top_n": 0}, "top_n must be a positive integer"),
        ({"max_tokens_per_doc": "5"}, "max_tokens_per_doc must be a positive integer"),
    ],
)
def test_cohere_refuses_bad_values(cohere: LoopbackFake, change: dict[str, Any], problem: str) -> None:
    status, body = post(cohere, "/v2/rerank", {**COHERE_BODY, **change})
    assert status == 400
    assert body["message"].startswith("invalid request: ") and problem in body["message"]


@pytest.mark.parametrize("field", ["model", "query", "documents"])
def test_cohere_refuses_a_missing_field(cohere: LoopbackFake, field: str) -> None:
    status, body = post(cohere, "/v2/rerank", {k: v for k, v in COHERE_BODY.items() if k != field})
    assert (status, body["message"]) == (400, f"invalid request: {field} is required.")


def test_cohere_unknown_model_and_path(cohere: LoopbackFake) -> None:
    status, body = post(cohere, "/v2/rerank", {**COHERE_BODY, "model": "command-r"})
    assert status == 404 and "model 'command-r' not found" in body["message"]
    assert post(cohere, "/v1/rerank", COHERE_BODY)[0] == 404


# -- Together -------------------------------------------------------------------------------


def test_together_answers_a_documented_request(together: LoopbackFake) -> None:
    status, body = post(together, "/v1/rerank", {**TOGETHER_BODY, "return_documents": False, "top_n": 2})
    assert status == 200
    assert (body["object"], body["model"]) == ("rerank", TOGETHER_BODY["model"])
    assert all(row["document"] == {} for row in body["results"])
    assert set(body["usage"]) == {"prompt_tokens", "completion_tokens", "total_tokens"}


def test_together_refuses_a_bad_key(together: LoopbackFake) -> None:
    for key in (None, "invalid-key"):
        status, body = post(together, "/v1/rerank", TOGETHER_BODY, key=key)
        assert (status, body["error"]["code"]) == (401, "invalid_api_key")


def test_together_refuses_unknown_fields(together: LoopbackFake) -> None:
    status, body = post(together, "/v1/rerank", {**TOGETHER_BODY, "max_tokens_per_doc": 10})
    assert status == 400
    assert body["error"] == {
        "message": "Unrecognized request argument supplied: max_tokens_per_doc",
        "type": "invalid_request_error",
        "param": None,
        "code": None,
    }


@pytest.mark.parametrize(
    "change",
    [
        {"query": ""},
        {"documents": ["x", {"a": "b"}]},
        {"rank_fields": ["title"]},  # on text documents
        {"documents": [{"title": "a"}, {"text": "b"}], "rank_fields": ["title"]},
        {"top_n": -1},
        {"return_documents": "no"},
    ],
)
def test_together_refuses_bad_values(together: LoopbackFake, change: dict[str, Any]) -> None:
    status, body = post(together, "/v1/rerank", {**TOGETHER_BODY, **change})
    assert (status, body["error"]["type"]) == (400, "invalid_request_error")


def test_together_unknown_model(together: LoopbackFake) -> None:
    status, body = post(together, "/v1/rerank", {**TOGETHER_BODY, "model": "rerank-v3.5"})
    assert (status, body["error"]["code"]) == (404, "model_not_available")


# -- Gateway --------------------------------------------------------------------------------


def test_gateway_answers_the_call_options(gateway: LoopbackFake) -> None:
    status, body = post(
        gateway, "/v4/ai/reranking-model", {**GATEWAY_BODY, "topN": 1}, headers=GATEWAY_HEADERS
    )
    assert status == 200
    assert [row["index"] for row in body["ranking"]] == [1]
    assert body["providerMetadata"]["gateway"]["generationId"].startswith("gen_")


def test_gateway_refuses_a_missing_or_bad_token(gateway: LoopbackFake) -> None:
    for key in (None, "vck_invalid_123"):
        status, body = post(gateway, "/v4/ai/reranking-model", GATEWAY_BODY, key=key, headers=GATEWAY_HEADERS)
        assert (status, body["error"]["type"]) == (401, "authentication_error")


@pytest.mark.parametrize(
    "body",
    [
        {**GATEWAY_BODY, "topK": 2},
        {**GATEWAY_BODY, "top_n": 2},
        {**GATEWAY_BODY, "documents": ["sunny"]},
        {**GATEWAY_BODY, "documents": {"type": "object", "values": ["sunny"]}},
        {"documents": GATEWAY_BODY["documents"]},
        {**GATEWAY_BODY, "providerOptions": {"cohere": 1}},
    ],
)
def test_gateway_refuses_mis_shaped_bodies_with_zod_issues(gateway: LoopbackFake, body: Any) -> None:
    status, answer = post(gateway, "/v4/ai/reranking-model", body, headers=GATEWAY_HEADERS)
    assert (status, answer["error"]["type"]) == (400, "invalid_request_error")
    assert isinstance(answer["error"]["param"], list) and answer["error"]["param"]


def test_gateway_needs_the_reranking_headers(gateway: LoopbackFake) -> None:
    headers = {**GATEWAY_HEADERS, "ai-reranking-model-specification-version": "3"}
    assert post(gateway, "/v4/ai/reranking-model", GATEWAY_BODY, headers=headers)[0] == 400
    headers = {k: v for k, v in GATEWAY_HEADERS.items() if k != "ai-model-id"}
    assert post(gateway, "/v4/ai/reranking-model", GATEWAY_BODY, headers=headers)[0] == 400


def test_gateway_unknown_model(gateway: LoopbackFake) -> None:
    headers = {**GATEWAY_HEADERS, "ai-model-id": "openai/gpt-4o"}
    status, body = post(gateway, "/v4/ai/reranking-model", GATEWAY_BODY, headers=headers)
    assert (status, body["error"]["type"], body["error"]["param"]) == (
        404,
        "model_not_found",
        {"modelId": "openai/gpt-4o"},
    )
