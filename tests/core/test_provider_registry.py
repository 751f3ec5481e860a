"""``create_provider_registry`` and ``custom_provider``: resolution, aliases with preset
settings, fallbacks, errors, and use by name from the plain functions, LangChain and
LlamaIndex. Requests go to the scripted loopback server (an OpenAI-compatible API), so
each test can read back what a preset actually put on the wire."""

from __future__ import annotations

import pickle
from collections.abc import Iterator

import pytest
from http_loopback import (
    API_KEY,
    ScriptedServer,
    completion,
    json_reply,
    retry_delays,
    server,
    stream_reply,
)

import ai_sdk_integrations as ai
from ai_sdk_integrations.core.middleware import WrappedLanguageModel, default_settings_middleware
from ai_sdk_integrations.spec.errors import NoSuchProviderError, UnsupportedFunctionalityError, UsageError

__all__ = ["retry_delays", "server"]


@pytest.fixture(autouse=True)
def forget_registrations() -> Iterator[None]:
    yield
    for name in ("mine", "reg"):
        ai.unregister_provider(name)


def local(server: ScriptedServer) -> ai.Provider:
    return ai.create_openai_compatible(name="local", base_url=server.url, api_key=API_KEY)


def embedding_reply(count: int) -> object:
    data = [{"object": "embedding", "index": i, "embedding": [1.0, 0.0, 0.5]} for i in range(count)]
    return json_reply(
        {"object": "list", "data": data, "model": "emb", "usage": {"prompt_tokens": 1, "total_tokens": 1}}
    )


# -- the registry -----------------------------------------------------------------------------


def test_a_registry_resolves_its_own_names_without_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    registry = ai.create_provider_registry({"oa": ai.create_openai(), "box": "ollama"})
    model = registry.language_model("oa:gpt-4o")
    assert (model.provider, model.model_id) == ("openai", "gpt-4o")
    assert registry.language_model("box:llama3.2:1b").model_id == "llama3.2:1b"  # ids may hold the separator
    assert (
        registry.embedding_model("oa:text-embedding-3-small", dimensions=64).model_id
        == "text-embedding-3-small"
    )
    assert registry.providers == ["box", "oa"]


def test_a_registry_names_what_it_has() -> None:
    registry = ai.create_provider_registry({"box": "ollama"})
    with pytest.raises(NoSuchProviderError, match="no provider 'openai'; it has: box"):
        registry.language_model("openai:gpt-4o")
    with pytest.raises(UsageError, match="provider:model-id"):
        registry.language_model("gpt-4o")
    with pytest.raises(UnsupportedFunctionalityError, match="reranking"):
        registry.reranking_model("box:m")  # an object without a reranking_model method
    with pytest.raises(NoSuchProviderError, match="'nope' is not a known provider"):
        ai.create_provider_registry({"x": "nope"})
    with pytest.raises(UsageError, match="must be non-empty"):
        ai.create_provider_registry({"a:b": "ollama"})


def test_a_custom_separator() -> None:
    registry = ai.create_provider_registry({"box": "ollama"}, separator=" > ")
    assert registry.language_model("box > qwen3:4b").model_id == "qwen3:4b"


def test_registry_middleware_wraps_every_language_model(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    registry = ai.create_provider_registry(
        {"srv": local(server)}, language_model_middleware=default_settings_middleware(temperature=0.25)
    )
    model = registry.language_model("srv:test")
    assert isinstance(model, WrappedLanguageModel)
    assert ai.generate_text(model, prompt="hi").text == "ok"
    assert server.requests[0].json["temperature"] == 0.25


def test_a_registry_model_in_both_frameworks(server: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import ChatAISDK
    from ai_sdk_integrations.llama_index import AISDK

    server.queue(json_reply(completion("lc")), json_reply(completion("li")))
    registry = ai.create_provider_registry({"srv": local(server)})
    assert ChatAISDK(model=registry.language_model("srv:test")).invoke("hi").content == "lc"
    assert AISDK(model=registry.language_model("srv:test")).complete("hi").text == "li"


def test_a_registered_registry_resolves_two_level_names(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    ai.register_provider("reg", ai.create_provider_registry({"srv": local(server)}))
    assert "reg" in ai.known_providers()
    model = ai.language_model("reg:srv:test")
    assert model.model_id == "test"
    assert ai.generate_text("reg:srv:test", prompt="hi").text == "ok"
    assert ai.language_model("reg:srv:test", timeout=3.0).endpoint.timeout == 3.0


# -- custom providers ------------------------------------------------------------------------


def test_aliases_with_preset_settings_reach_the_wire_and_calls_still_win(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("a")), json_reply(completion("b")))
    base = local(server)
    mine = ai.custom_provider(
        language_models={"fast": ai.preset(base.language_model("test"), temperature=0, max_output_tokens=32)}
    )
    fast = mine.language_model("fast")
    ai.generate_text(fast, prompt="hi")
    ai.generate_text(fast, prompt="hi", temperature=0.9)
    first, second = (request.json for request in server.requests)
    assert (first["temperature"], first["max_tokens"]) == (0, 32)
    assert (second["temperature"], second["max_tokens"]) == (0.9, 32)


def test_a_preset_of_a_model_string_splits_call_and_provider_settings() -> None:
    model = ai.preset("ollama:llama3.2", base_url="http://gpu:11434", temperature=0)
    assert isinstance(model, WrappedLanguageModel)
    assert model.endpoint.base_url == "http://gpu:11434/v1"
    assert ai.preset("ollama:llama3.2", base_url="http://gpu:11434").model_id == "llama3.2"
    with pytest.raises(UsageError, match="unknown setting"):
        ai.preset("ollama:llama3.2", temprature=0)


def test_aliases_may_be_strings_or_factories_resolved_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []

    def factory() -> ai.LanguageModel:
        made.append("x")
        return ai.language_model("ollama:qwen3")

    mine = ai.custom_provider(language_models={"smart": "openai:gpt-4o", "local": factory})
    assert made == []
    assert mine.language_model("smart").provider == "openai"
    assert mine.language_model("local").model_id == "qwen3"
    mine.language_model("local")
    assert made == ["x"]  # resolved once


def test_unknown_ids_go_to_the_fallback_or_name_the_known_ones(server: ScriptedServer) -> None:
    with_fallback = ai.custom_provider(language_models={"fast": "ollama:m"}, fallback_provider=local(server))
    assert with_fallback.language_model("anything").model_id == "anything"
    by_name = ai.custom_provider(fallback_provider="openai")
    assert by_name.language_model("gpt-4o-mini").provider == "openai"
    assert (
        by_name.embedding_model("text-embedding-3-small", dimensions=8).model_id == "text-embedding-3-small"
    )
    without = ai.custom_provider(language_models={"fast": "ollama:m", "slow": "ollama:n"})
    with pytest.raises(
        ai.NoSuchModelError, match=r"no language model 'gpt-4o' \(its language models: fast, slow\)"
    ):
        without.language_model("gpt-4o")
    with pytest.raises(ai.NoSuchModelError, match="embedding models: none"):
        without.embedding_model("e")
    with pytest.raises(NoSuchProviderError, match="fallback_provider 'nope'"):
        ai.custom_provider(fallback_provider="nope")


def test_used_by_name_from_the_plain_functions_langchain_and_llamaindex(server: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import ChatAISDK
    from ai_sdk_integrations.llama_index import AISDK

    base = local(server)
    ai.register_provider(
        "mine",
        ai.custom_provider(
            language_models={"fast": ai.preset(base.language_model("test"), temperature=0.1)},
            fallback_provider=base,
        ),
    )
    server.queue(
        json_reply(completion("plain")),
        stream_reply(["lang", "chain"]),
        json_reply(completion("llama")),
        json_reply(completion("fallback")),
    )
    assert ai.generate_text("mine:fast", prompt="hi").text == "plain"
    assert "".join(str(chunk.content) for chunk in ChatAISDK(model="mine:fast").stream("hi")) == "langchain"
    assert AISDK(model="mine:fast").complete("hi").text == "llama"
    assert ChatAISDK(model="mine:other-model").invoke("hi").content == "fallback"
    bodies = [request.json for request in server.requests]
    assert [body.get("temperature") for body in bodies] == [0.1, 0.1, 0.1, None]
    assert bodies[3]["model"] == "other-model"


def test_adapter_settings_apply_to_a_custom_providers_models(server: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import ChatAISDK

    base = local(server)
    ai.register_provider("mine", ai.custom_provider(language_models={"fast": base.language_model("test")}))
    model = ChatAISDK(
        model="mine:fast", timeout=7, max_retries=0, default_headers={"x-team": "a"}
    ).language_model()
    assert (model.endpoint.timeout, model.endpoint.max_retries) == (7, 0)
    assert model.endpoint.headers["x-team"] == "a"
    with pytest.raises(UsageError, match="'api_key' cannot be set here"):
        ChatAISDK(model="mine:fast", api_key="other").language_model()


def test_embedding_and_reranking_aliases(server: ScriptedServer) -> None:
    base = local(server)
    server.queue(embedding_reply(2))
    ai.register_provider(
        "mine",
        ai.custom_provider(
            embedding_models={"docs": base.embedding_model("emb")},
            reranking_models={"rank": "togetherai:Salesforce/Llama-Rank-v1"},
        ),
    )
    result = ai.embed_many("mine:docs", ["a", "b"])
    assert len(result.embeddings) == 2 and server.requests[0].json["model"] == "emb"
    assert ai.reranking_model("mine:rank").model_id == "Salesforce/Llama-Rank-v1"
    with pytest.raises(UsageError, match="dimensions"):
        ai.embedding_model("mine:docs", dimensions=3)


def test_registries_and_custom_providers_nest() -> None:
    mine = ai.custom_provider(language_models={"fast": "ollama:qwen3"})
    registry = ai.create_provider_registry({"mine": mine, "oa": "openai"})
    assert registry.language_model("mine:fast").model_id == "qwen3"
    outer = ai.create_provider_registry({"inner": registry})
    assert outer.language_model("inner:oa:gpt-4o").provider == "openai"


def test_models_from_a_custom_provider_pickle(server: ScriptedServer) -> None:
    mine = ai.custom_provider(
        language_models={"fast": ai.preset(local(server).language_model("test"), seed=1)}
    )
    model = mine.language_model("fast")
    copy = pickle.loads(pickle.dumps(model))
    assert copy.model_id == "test"
    assert API_KEY not in repr(mine) + repr(model)
