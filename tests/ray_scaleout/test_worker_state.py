"""Models and adapters cross process boundaries cleanly: they pickle, and the pools are rebuilt.

Why: Ray (or multiprocessing) pickles what a worker needs. A model must pickle without
its HTTP client, must not carry an API key it read from the environment, and must not
find a parent's connection pool in a forked child: the transport's sync pool is
keyed by process id, so a child makes its own. No Ray needed here.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from fake_keys import fake_key
from ray_echo import EchoServer, answer_for, vector_for

import ai_sdk_integrations as ai
from ai_sdk_integrations.integrations.ray import EmbedBatches, GenerateBatches
from ai_sdk_integrations.transport import client as http_client

ENV_KEY = fake_key("ray-env-SECRET-0123456789abcdef")


@pytest.fixture
def echo() -> Iterator[EchoServer]:
    server = EchoServer().start()
    try:
        yield server
    finally:
        server.stop()


def _objects(url: str, **key: Any) -> dict[str, Any]:
    from ai_sdk_integrations.langchain import AISDKEmbeddings, ChatAISDK
    from ai_sdk_integrations.llama_index import AISDK, AISDKEmbedding

    return {
        "language_model": ai.language_model("openai:m", base_url=url, **key),
        "embedding_model": ai.embedding_model("openai:e", base_url=url, **key),
        "ChatAISDK": ChatAISDK(model="openai:m", base_url=url, **key),
        "AISDKEmbeddings": AISDKEmbeddings(model="openai:e", base_url=url, **key),
        "AISDK": AISDK(model="openai:m", base_url=url, **key),
        "AISDKEmbedding": AISDKEmbedding(model="openai:e", base_url=url, **key),
        "EmbedBatches": EmbedBatches("openai:e", base_url=url, **key),
        "GenerateBatches": GenerateBatches("openai:m", model_settings={"base_url": url, **key}),
    }


def _use(name: str, obj: Any) -> str:
    """One real call through each object, so any lazily made state exists before pickling."""
    if name == "language_model":
        return ai.generate_text(obj, prompt="hi").text
    if name == "embedding_model":
        return str(ai.embed(obj, "hi").embedding)
    if name == "ChatAISDK":
        return str(obj.invoke("hi").content)
    if name == "AISDKEmbeddings":
        return str(obj.embed_query("hi"))
    if name == "AISDK":
        return str(obj.complete("hi").text)
    if name == "AISDKEmbedding":
        return str(obj.get_text_embedding("hi"))
    column = "text" if name == "EmbedBatches" else "prompt"
    return str(obj({column: ["hi"]}))


def test_models_and_adapters_pickle_after_use_without_the_env_key(
    echo: EchoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", ENV_KEY)
    for name, obj in _objects(echo.url).items():
        before = _use(name, obj)
        data = pickle.dumps(obj)
        assert ENV_KEY.encode() not in data, name
        assert _use(name, pickle.loads(data)) == before, name
    assert all(r.headers["authorization"] == f"Bearer {ENV_KEY}" for r in echo.requests)


def test_a_recipe_callable_drops_its_resolved_model_when_pickled(echo: EchoServer) -> None:
    embed = EmbedBatches("openai:e", base_url=echo.url, api_key="k")
    assert embed({"text": ["a", "bb"]})["embedding"] == [vector_for("a"), vector_for("bb")]
    assert embed._resolved is not None
    assert pickle.loads(pickle.dumps(embed))._resolved is None


def _child(url: str, parent_client_id: int, queue: Any) -> None:
    text = ai.generate_text(ai.language_model("openai:m", base_url=url, api_key="k"), prompt="child").text
    pid, client = http_client._sync_client or (None, None)
    queue.put((text, os.getpid(), pid, id(client) != parent_client_id))


def test_a_forked_child_builds_its_own_pool(echo: EchoServer) -> None:
    model = ai.language_model("openai:m", base_url=echo.url, api_key="k")
    assert ai.generate_text(model, prompt="parent").text == answer_for("parent")
    parent = http_client.sync_client()
    assert http_client._sync_client == (os.getpid(), parent)

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(echo.url, id(parent), queue))
    process.start()
    text, child_pid, pool_pid, new_client = queue.get(timeout=30)
    process.join(30)
    assert text == answer_for("child")
    assert pool_pid == child_pid != os.getpid()
    assert new_client
    assert http_client.sync_client() is parent  # the parent's pool is untouched
