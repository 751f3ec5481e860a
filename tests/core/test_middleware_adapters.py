"""Wrapped models from every entry point: ``ChatAISDK``, ``AISDK``, ``AISDKEmbeddings``,
``AISDKEmbedding`` and the embedding functions, over the scripted loopback server."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from http_loopback import (
    API_KEY,
    ScriptedServer,
    completion,
    json_reply,
    make_model,
    retry_delays,
    server,
    stream_reply,
)

import ai_sdk_integrations
from ai_sdk_integrations.core.middleware import (
    EmbeddingModelMiddleware,
    EmbedParams,
    WrappedEmbeddingModel,
    default_embedding_settings_middleware,
    default_settings_middleware,
    extract_reasoning_middleware,
    wrap_embedding_model,
    wrap_language_model,
)
from ai_sdk_integrations.provider.embedding_model import EmbeddingModel
from ai_sdk_integrations.spec import EmbeddingModelResult
from ai_sdk_integrations.spec.errors import UsageError

__all__ = ["retry_delays", "server"]

THOUGHT = "<think>Two and two.</think>Four."


def thinking(server: ScriptedServer) -> Any:
    return wrap_language_model(
        make_model(server.url),
        [default_settings_middleware(temperature=0.2), extract_reasoning_middleware()],
        model_id="thinker",
    )


# -- LangChain --------------------------------------------------------------------------


def test_chat_aisdk_invokes_a_wrapped_model(server: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import ChatAISDK

    chat = ChatAISDK(model=thinking(server), max_retries=0)
    server.queue(json_reply(completion(THOUGHT)))
    message = chat.invoke("2+2?")
    assert message.content == "Four."
    assert message.additional_kwargs["reasoning_content"] == "Two and two."
    assert server.requests[0].json["temperature"] == 0.2
    assert chat.model_string == "openai-compatible:thinker" and chat.model_name == "thinker"


def test_chat_aisdk_streams_a_wrapped_model(server: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import ChatAISDK

    chat = ChatAISDK(model=thinking(server))
    server.queue(stream_reply(["<thi", "nk>Two and", " two.</thi", "nk>Fo", "ur."]))
    chunks = list(chat.stream("2+2?"))
    text = "".join(str(chunk.content) for chunk in chunks)
    reasoning = "".join(chunk.additional_kwargs.get("reasoning_content", "") for chunk in chunks)
    assert (text, reasoning) == ("Four.", "Two and two.")


async def test_chat_aisdk_async_with_a_wrapped_model(server: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import ChatAISDK

    chat = ChatAISDK(model=thinking(server))
    server.queue(json_reply(completion(THOUGHT)), stream_reply(["<think>a</think>", "b"]))
    message = await chat.ainvoke("2+2?")
    assert (message.content, message.additional_kwargs["reasoning_content"]) == ("Four.", "Two and two.")
    text = "".join([str(chunk.content) async for chunk in chat.astream("q")])
    assert text == "b"


def test_chat_aisdk_applies_its_timeout_and_retries_to_the_inner_model(server: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import ChatAISDK

    chat = ChatAISDK(model=thinking(server), max_retries=0, timeout=7)
    model = chat.language_model()
    assert model.model_id == "thinker"  # still wrapped
    assert model.model.model.endpoint.max_retries == 0  # type: ignore[attr-defined]
    assert model.model.model.endpoint.timeout == 7  # type: ignore[attr-defined]


# -- LlamaIndex -------------------------------------------------------------------------


def test_aisdk_chats_with_a_wrapped_model(server: ScriptedServer) -> None:
    from llama_index.core.base.llms.types import ChatMessage, ThinkingBlock

    from ai_sdk_integrations.llama_index import AISDK

    llm = AISDK(model=thinking(server))
    server.queue(json_reply(completion(THOUGHT)))
    response = llm.chat([ChatMessage(role="user", content="2+2?")])
    assert response.message.content == "Four."
    thinking_blocks = [b for b in response.message.blocks if isinstance(b, ThinkingBlock)]
    assert [b.content for b in thinking_blocks] == ["Two and two."]
    assert llm.metadata.model_name == "thinker"


def test_aisdk_streams_a_wrapped_model(server: ScriptedServer) -> None:
    from llama_index.core.base.llms.types import ChatMessage

    from ai_sdk_integrations.llama_index import AISDK

    llm = AISDK(model=thinking(server))
    server.queue(stream_reply(["<", "think>Two and two.<", "/think>Four."]))
    responses = list(llm.stream_chat([ChatMessage(role="user", content="2+2?")]))
    thoughts = "".join(r.additional_kwargs.get("thinking_delta") or "" for r in responses)
    assert responses[-1].message.content == "Four." and thoughts == "Two and two."


async def test_aisdk_async_with_a_wrapped_model(server: ScriptedServer) -> None:
    from llama_index.core.base.llms.types import ChatMessage

    from ai_sdk_integrations.llama_index import AISDK

    llm = AISDK(model=thinking(server))
    server.queue(json_reply(completion(THOUGHT)), stream_reply(["<think>a</think>", "b"]))
    response = await llm.achat([ChatMessage(role="user", content="q")])
    assert response.message.content == "Four."
    responses = [r async for r in await llm.astream_chat([ChatMessage(role="user", content="q")])]
    assert responses[-1].message.content == "b"


# -- embeddings -------------------------------------------------------------------------


def embedding_reply(count: int, start: int = 0) -> Any:
    return json_reply(
        {
            "object": "list",
            "data": [
                {"object": "embedding", "index": i, "embedding": [float(start + i), 1.0]}
                for i in range(count)
            ],
            "model": "test",
            "usage": {"prompt_tokens": count, "total_tokens": count},
        }
    )


def embedder(url: str) -> EmbeddingModel:
    return ai_sdk_integrations.embedding_model("openai-compatible:test", base_url=url, api_key=API_KEY)


@pytest.mark.parametrize("parallel", [True, False])
def test_embedding_overrides_reach_embed_many(server: ScriptedServer, parallel: bool) -> None:
    class Batching(EmbeddingModelMiddleware):
        def override_max_embeddings_per_call(self, model: EmbeddingModel) -> int | None:
            return 2

        def override_supports_parallel_calls(self, model: EmbeddingModel) -> bool | None:
            return parallel

        def override_model_id(self, model: EmbeddingModel) -> str | None:
            return "batched"

    model = wrap_embedding_model(embedder(server.url), Batching())
    assert (model.model_id, model.max_embeddings_per_call, model.supports_parallel_calls) == (
        "batched",
        2,
        parallel,
    )
    server.queue(embedding_reply(2), embedding_reply(2), embedding_reply(1))
    result = ai_sdk_integrations.embed_many(model, ["a", "b", "c", "d", "e"])
    assert len(server.requests) == 3 and len(result.embeddings) == 5
    assert sorted(len(r.json["input"]) for r in server.requests) == [1, 2, 2]


async def test_default_embedding_settings_are_merged_into_every_call(server: ScriptedServer) -> None:
    inner = embedder(server.url)
    model = wrap_embedding_model(
        inner,
        default_embedding_settings_middleware(
            provider_options={inner.provider: {"user": "default", "extra": {"a": 1}}}, headers={"x-team": "t"}
        ),
    )
    server.queue(embedding_reply(1), embedding_reply(1))
    ai_sdk_integrations.embed(model, "a")
    await ai_sdk_integrations.aembed(model, "b", provider_options={inner.provider: {"extra": {"b": 2}}})
    first, second = server.requests
    assert first.json["user"] == "default" and first.headers["x-team"] == "t"
    assert second.json["extra"] == {"a": 1, "b": 2}


def test_embedding_middleware_order_and_one_sided_hooks(server: ScriptedServer) -> None:
    log: list[str] = []

    class Logging(EmbeddingModelMiddleware):
        def __init__(self, name: str) -> None:
            self.name = name

        def transform_params(self, *, params: EmbedParams, model: EmbeddingModel) -> EmbedParams:
            log.append(f"{self.name}.transform")
            return EmbedParams(
                [v + self.name for v in params.values], params.provider_options, params.headers
            )

        def wrap_embed(
            self, *, do_embed: Any, params: EmbedParams, model: EmbeddingModel
        ) -> EmbeddingModelResult:
            log.append(f"{self.name}.wrap")
            return do_embed()

    model = wrap_embedding_model(embedder(server.url), [Logging("A"), Logging("B")])
    server.queue(embedding_reply(1))
    ai_sdk_integrations.embed(model, "x")
    assert server.requests[0].json["input"] == ["xAB"]
    assert log == ["A.transform", "A.wrap", "B.transform", "B.wrap"]
    with pytest.raises(UsageError, match="defines wrap_embed but not awrap_embed"):
        import asyncio

        asyncio.run(ai_sdk_integrations.aembed(model, "x"))


def test_langchain_and_llama_index_embeddings_take_a_wrapped_model(server: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import AISDKEmbeddings
    from ai_sdk_integrations.llama_index import AISDKEmbedding

    inner = embedder(server.url)
    model = wrap_embedding_model(
        inner, default_embedding_settings_middleware(headers={"x-team": "t"}), model_id="renamed"
    )
    server.queue(embedding_reply(2), embedding_reply(1), embedding_reply(1))
    assert AISDKEmbeddings(model=model).embed_documents(["a", "b"]) == [[0.0, 1.0], [1.0, 1.0]]
    assert AISDKEmbeddings(model=model).embed_query("q") == [0.0, 1.0]
    llama = AISDKEmbedding(model=model)
    assert llama.get_text_embedding("t") == [0.0, 1.0]
    assert all(r.headers["x-team"] == "t" for r in server.requests)


def test_a_wrapped_embedding_model_pickles_and_renews_its_endpoint() -> None:
    model = wrap_embedding_model(
        embedder("http://127.0.0.1:9/v1"), default_embedding_settings_middleware(headers={"x": "1"})
    )
    assert isinstance(model, WrappedEmbeddingModel)
    assert pickle.loads(pickle.dumps(model)) == model
    assert model.with_endpoint(max_retries=model.endpoint.max_retries) is model
    changed = model.with_endpoint(max_retries=0)
    assert changed.endpoint.max_retries == 0 and changed.model.endpoint.max_retries == 0  # type: ignore[attr-defined]
    with pytest.raises(UsageError, match="did you mean 'headers'"):
        default_embedding_settings_middleware(header={"x": "1"})


def test_every_public_member_of_embedding_model_is_handled_by_the_wrapper() -> None:
    import dataclasses

    fields = {f.name for f in dataclasses.fields(EmbeddingModel)}
    public = {name for name in dir(EmbeddingModel) if not name.startswith("_")} - fields
    for name in sorted(public):
        assert name in WrappedEmbeddingModel.__dict__, f"WrappedEmbeddingModel does not override {name}"
