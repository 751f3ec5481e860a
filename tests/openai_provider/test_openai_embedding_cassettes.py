"""OpenAI embeddings through ``embed`` / ``embed_many`` and their async twins, against
cassettes. Expectations are read from the cassette's responses, never hard-coded."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pytest
from openai_wire import OPENAI_API, Exchange, cassette_bodies

import ai_sdk_integrations as ai

pytestmark = pytest.mark.vcr

MODEL = "openai:text-embedding-3-small"
EMBEDDINGS_URL = f"{OPENAI_API}/embeddings"
VALUES = [
    "The quick brown fox jumps over the lazy dog.",
    "A journey of a thousand miles begins with a single step.",
    "To be, or not to be, that is the question.",
    "All that glitters is not gold.",
    "Knowledge is power.",
]


def embedding_exchanges(cassette: Any) -> list[Exchange]:
    exchanges = cassette_bodies(cassette)
    assert exchanges, "the cassette recorded nothing"
    for exchange in exchanges:
        assert (exchange.method, exchange.uri, exchange.status) == ("POST", EMBEDDINGS_URL, 200)
        assert exchange.body["object"] == "list"
        assert exchange.request["encoding_format"] == "float"
        assert exchange.request["model"] == "text-embedding-3-small"
    return exchanges


def wire_vectors(exchange: Exchange) -> list[list[float]]:
    rows = exchange.body["data"]
    assert [row["object"] for row in rows] == ["embedding"] * len(rows)
    assert sorted(row["index"] for row in rows) == list(range(len(rows)))
    return [row["embedding"] for row in sorted(rows, key=lambda row: row["index"])]


def assert_unit_length(vectors: Sequence[Sequence[float]], dimensions: int) -> None:
    for vector in vectors:
        assert len(vector) == dimensions
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, abs_tol=1e-3)


def test_embed_with_dimensions(vcr: Any) -> None:
    model = ai.embedding_model(MODEL, dimensions=256)
    result = ai.embed(model, VALUES[0])
    (exchange,) = embedding_exchanges(vcr)
    assert exchange.request == {
        "model": "text-embedding-3-small",
        "input": [VALUES[0]],
        "encoding_format": "float",
        "dimensions": 256,
    }
    (vector,) = wire_vectors(exchange)
    assert result.value == VALUES[0]
    assert list(result.embedding) == vector
    assert_unit_length([result.embedding], 256)
    assert result.tokens == exchange.body["usage"]["prompt_tokens"]
    assert result.response_headers is not None
    assert result.response_headers.get("x-request-id") == exchange.headers.get("x-request-id")


async def test_aembed_with_dimensions_provider_option(vcr: Any) -> None:
    result = await ai.aembed(MODEL, VALUES[1], provider_options={"openai": {"dimensions": 64}})
    (exchange,) = embedding_exchanges(vcr)
    assert exchange.request["dimensions"] == 64
    assert exchange.request["input"] == [VALUES[1]]
    (vector,) = wire_vectors(exchange)
    assert list(result.embedding) == vector
    assert_unit_length([result.embedding], 64)
    assert result.tokens == exchange.body["usage"]["prompt_tokens"]


def assert_batched(result: ai.EmbedManyResult, exchanges: list[Exchange], per_call: int) -> None:
    """Several requests of at most ``per_call`` values, in any order; results in input order."""
    batches = sorted((e.request["input"] for e in exchanges), key=lambda batch: VALUES.index(batch[0]))
    assert batches == [VALUES[i : i + per_call] for i in range(0, len(VALUES), per_call)]
    assert len(exchanges) == math.ceil(len(VALUES) / per_call) > 1
    by_value: dict[str, list[float]] = {}
    for exchange in exchanges:
        assert exchange.request["dimensions"] == 256
        vectors = wire_vectors(exchange)
        assert len(vectors) == len(exchange.request["input"])
        by_value.update(zip(exchange.request["input"], vectors, strict=True))
    assert list(result.values) == VALUES
    assert [list(v) for v in result.embeddings] == [by_value[v] for v in VALUES]
    assert_unit_length(result.embeddings, 256)
    assert result.tokens == sum(e.body["usage"]["prompt_tokens"] for e in exchanges)


def batched_model(per_call: int) -> ai.EmbeddingModel:
    return ai.embedding_model(MODEL, dimensions=256, max_embeddings_per_call=per_call)


def test_embed_many_batches_requests(vcr: Any) -> None:
    model = batched_model(2)
    assert model.max_embeddings_per_call == 2
    result = ai.embed_many(model, VALUES)
    assert_batched(result, embedding_exchanges(vcr), 2)


async def test_aembed_many_batches_requests(vcr: Any) -> None:
    result = await ai.aembed_many(batched_model(2), VALUES, max_parallel_calls=2)
    assert_batched(result, embedding_exchanges(vcr), 2)


def test_embed_many_single_request_within_limit(vcr: Any) -> None:
    result = ai.embed_many(ai.embedding_model(MODEL, dimensions=256), VALUES)
    (exchange,) = embedding_exchanges(vcr)
    assert exchange.request["input"] == VALUES
    assert [list(v) for v in result.embeddings] == wire_vectors(exchange)
    assert result.tokens == exchange.body["usage"]["prompt_tokens"]
