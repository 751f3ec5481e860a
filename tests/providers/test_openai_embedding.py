"""OpenAIEmbeddingCodec: ``/embeddings`` request and response (real OpenAI body)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ai_sdk_integrations.providers.openai.dialect import ChatDialect
from ai_sdk_integrations.providers.openai.embedding import OpenAIEmbeddingCodec
from ai_sdk_integrations.spec import EmbeddingUsage
from ai_sdk_integrations.spec.errors import InvalidResponseDataError

BODY: dict[str, Any] = json.loads(
    (
        Path(__file__).resolve().parent.parent / "fixtures" / "openai_chat" / "openai-embedding.json"
    ).read_text()
)


def codec(dimensions: int | None = None, **dialect: Any) -> OpenAIEmbeddingCodec:
    return OpenAIEmbeddingCodec("text-embedding-3-small", ChatDialect("openai", **dialect), dimensions)


def test_request_body() -> None:
    request = codec().build_request(["sunny day", "é🙂"], headers={"X-Trace": "1"})
    assert request.path == "/embeddings"
    assert request.method == "POST"
    assert request.stream is False
    assert request.headers == {"X-Trace": "1"}
    assert request.body == {
        "model": "text-embedding-3-small",
        "input": ["sunny day", "é🙂"],
        "encoding_format": "float",
    }


def test_request_dimensions_and_provider_options() -> None:
    request = codec(256).build_request(
        ("a",), provider_options={"openai": {"user": "u-1"}, "cohere": {"input_type": "query"}}
    )
    assert request.body["dimensions"] == 256
    assert request.body["input"] == ["a"]  # any sequence becomes a list
    assert request.body["user"] == "u-1"
    assert "input_type" not in request.body


def test_max_embeddings_per_call_comes_from_the_dialect() -> None:
    assert codec().max_embeddings_per_call == 2048
    assert codec(max_embeddings_per_call=32).max_embeddings_per_call == 32


def test_real_response() -> None:
    result = codec().parse_response(BODY, {"x-request-id": "r"})
    assert [list(e) for e in result.embeddings] == [row["embedding"] for row in BODY["data"]]
    assert result.usage == EmbeddingUsage(BODY["usage"]["prompt_tokens"])
    assert result.response_headers == {"x-request-id": "r"}
    assert result.warnings == ()


def test_rows_are_sorted_by_index() -> None:
    body = copy.deepcopy(BODY)
    body["data"].reverse()
    assert [row["index"] for row in body["data"]] == [1, 0]
    result = codec().parse_response(body)
    by_index = {row["index"]: row["embedding"] for row in BODY["data"]}
    assert [list(e) for e in result.embeddings] == [by_index[0], by_index[1]]


@pytest.mark.parametrize(
    ("usage", "tokens"),
    [
        ({"prompt_tokens": 7, "total_tokens": 9}, 7),
        ({"total_tokens": 9}, 9),
        ({}, None),
        (None, None),
    ],
)
def test_usage_tokens(usage: dict[str, int] | None, tokens: int | None) -> None:
    body = copy.deepcopy(BODY)
    if usage is None:
        del body["usage"]
    else:
        body["usage"] = usage
    result = codec().parse_response(body)
    assert result.usage == (None if tokens is None else EmbeddingUsage(tokens))


def test_base64_embeddings_are_rejected() -> None:
    body = copy.deepcopy(BODY)
    for row in body["data"]:
        row["embedding"] = "AAAAAAAA8D8="
    with pytest.raises(InvalidResponseDataError, match="base64"):
        codec().parse_response(body)


def test_empty_data_is_no_embeddings() -> None:
    assert list(codec().parse_response({"data": []}).embeddings) == []


@pytest.mark.parametrize(
    "body",
    [None, "text", [], {}, {"data": None}, {"data": [{"index": 0}]}, {"error": {"message": "bad key"}}],
    ids=repr,
)
def test_malformed_response(body: Any) -> None:
    with pytest.raises(InvalidResponseDataError):
        codec().parse_response(body)


@pytest.mark.parametrize("body", [{"data": [None]}, {"data": ["x"]}, {"data": {"0": [0.1]}}], ids=repr)
def test_malformed_rows(body: Any) -> None:
    with pytest.raises(InvalidResponseDataError):
        codec().parse_response(body)


def test_error_message_helper_is_shared() -> None:
    assert OpenAIEmbeddingCodec.error_message({"error": {"message": "bad key"}}) == "bad key"
