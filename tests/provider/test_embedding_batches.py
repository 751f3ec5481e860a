"""Embedding batches respect the provider's per-request token limit as well as its
count limit, and ``dimensions=`` either works or is an error (never ignored)."""

from __future__ import annotations

from typing import Any

import pytest
from http_loopback import API_KEY, ScriptedServer, json_reply

import ai_sdk_integrations as ai
from ai_sdk_integrations.core.embed import _batches, estimate_tokens
from ai_sdk_integrations.spec.errors import InvalidResponseDataError


def _vectors(count: int, size: int = 2) -> dict[str, Any]:
    data = [{"index": i, "embedding": [0.25] * size} for i in range(count)]
    return {"data": data, "usage": {"prompt_tokens": count}}


def test_batches_split_by_count_and_by_estimated_tokens() -> None:
    values = ["x" * 30] * 5  # 11 estimated tokens each
    assert [len(b) for b in _batches(values, 2)] == [2, 2, 1]
    assert [len(b) for b in _batches(values, 10, max_tokens=30)] == [2, 2, 1]  # 90% of 30 = 27
    assert [len(b) for b in _batches(values, 2, max_tokens=10_000)] == [2, 2, 1]
    huge = ["y" * 3000]  # alone over the budget: sent alone, the server decides
    assert _batches(huge, 10, max_tokens=100) == [huge]
    assert estimate_tokens("Paris") == 2 and estimate_tokens("東京") == 3


def test_openai_embeddings_stay_under_300000_tokens_per_request(server: ScriptedServer) -> None:
    model = ai.embedding_model("openai:text-embedding-3-small", base_url=server.url, api_key=API_KEY)
    assert (model.max_embeddings_per_call, model.max_tokens_per_call) == (2048, 300_000)
    values = ["a" * 300_000] * 3  # about 100,000 tokens each: two fit under the budget, not three
    server.queue(json_reply(_vectors(2)), json_reply(_vectors(1)))

    result = ai.embed_many(model, values, max_parallel_calls=1)

    assert [len(request.json["input"]) for request in server.requests] == [2, 1]
    assert len(result.embeddings) == 3 and result.tokens == 3


def test_dimensions_the_server_honours_pass(server: ScriptedServer) -> None:
    server.queue(json_reply(_vectors(1, size=4)))
    model = ai.embedding_model("openai-compatible:e", base_url=server.url, dimensions=4)
    assert len(ai.embed(model, "hi").embedding) == 4
    assert server.requests[0].json["dimensions"] == 4


def test_dimensions_a_server_ignores_are_an_error(server: ScriptedServer) -> None:
    server.queue(json_reply(_vectors(1, size=384)))
    model = ai.embedding_model("openai-compatible:e", base_url=server.url, dimensions=64)
    with pytest.raises(InvalidResponseDataError, match="asked for 64 dimensions and returned 384"):
        ai.embed(model, "hi")
