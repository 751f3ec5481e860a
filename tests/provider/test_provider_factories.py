"""Provider factories, the registry of names, and model profiles, over the scripted
loopback server: a user-registered provider works from all three entry points, and a
model's profile changes what is sent."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from http_loopback import API_KEY, ScriptedServer, completion, json_reply

import ai_sdk_integrations as ai
from ai_sdk_integrations.provider.profile import DEFAULT, ModelProfile, model_profile, openai_strict_schema
from ai_sdk_integrations.spec.errors import NoSuchProviderError, UsageError


@pytest.fixture
def mine(server: ScriptedServer) -> Iterator[ScriptedServer]:
    ai.register_provider(
        "mine", ai.create_openai_compatible(name="mine", base_url=server.url, api_key=API_KEY)
    )
    try:
        yield server
    finally:
        ai.unregister_provider("mine")


def test_factories_make_models_with_their_settings() -> None:
    openai = ai.create_openai(api_key="k1", organization="org-1", max_retries=7)
    model = openai.language_model("gpt-4o-mini")
    assert (model.provider, model.model_id, model.endpoint.max_retries) == ("openai", "gpt-4o-mini", 7)
    headers, secrets = model.endpoint.request_headers({})
    assert headers["authorization"] == "Bearer k1" and headers["OpenAI-Organization"] == "org-1"
    assert secrets[0] == "k1"
    assert openai.embedding_model("text-embedding-3-small", dimensions=64).codec.dimensions == 64  # type: ignore[attr-defined]

    compatible = ai.create_openai_compatible(
        name="vllm-box", base_url="http://box:8000", headers={"x-team": "a"}
    )
    served = compatible.language_model("qwen2.5")
    assert served.endpoint.url("/chat/completions") == "http://box:8000/v1/chat/completions"
    assert served.endpoint.headers["x-team"] == "a"

    gateway = ai.create_gateway(api_key="gw", team="t1").language_model("openai/gpt-5")
    assert gateway.endpoint.headers["x-vercel-ai-gateway-team"] == "t1"


def test_a_registered_provider_works_from_the_plain_functions(mine: ScriptedServer) -> None:
    mine.queue(json_reply(completion("plain")))
    assert ai.generate_text("mine:some-model", prompt="hi").text == "plain"
    assert mine.requests[-1].json["model"] == "some-model"
    assert mine.requests[-1].headers["authorization"] == f"Bearer {API_KEY}"
    assert "mine" in ai.known_providers()


def test_a_registered_provider_works_from_langchain(mine: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import ChatAISDK

    mine.queue(json_reply(completion("from langchain")))
    assert ChatAISDK(model="mine:lc-model").invoke("hi").content == "from langchain"
    assert mine.requests[-1].json["model"] == "lc-model"


def test_a_registered_provider_works_from_llama_index(mine: ScriptedServer) -> None:
    from ai_sdk_integrations.llama_index import AISDK

    mine.queue(json_reply(completion("from llama-index")))
    assert AISDK(model="mine:li-model").complete("hi").text == "from llama-index"
    assert mine.requests[-1].json["model"] == "li-model"


def test_a_registered_factory_gets_the_settings(server: ScriptedServer) -> None:
    made: list[dict[str, Any]] = []

    def factory(**settings: Any) -> Any:
        made.append(settings)
        return ai.create_openai_compatible(name="fact", base_url=server.url, **settings)

    ai.register_provider("fact", factory)
    try:
        model = ai.language_model("fact:m", max_retries=4)
    finally:
        ai.unregister_provider("fact")
    assert made == [{"max_retries": 4}] and model.endpoint.max_retries == 4


def test_settings_on_a_registered_provider_make_a_changed_copy(mine: ScriptedServer) -> None:
    assert ai.language_model("mine:m", timeout=3).endpoint.timeout == 3
    assert ai.language_model("mine:m").endpoint.timeout != 3


def test_names_are_checked() -> None:
    with pytest.raises(UsageError):
        ai.register_provider("bad:name", ai.create_openai())
    with pytest.raises(NoSuchProviderError, match="register_provider"):
        ai.language_model("nobody:m")


def test_models_from_factories_pickle() -> None:
    model = ai.create_openai(api_key="pickled").language_model("o3-mini")
    assert pickle.loads(pickle.dumps(model)) == model


# -- profiles ---------------------------------------------------------------------------


def test_profiles_are_keyed_by_model_family_not_server() -> None:
    on_groq = ai.language_model("groq:qwen-qwq-32b").profile
    on_vllm = ai.language_model("vllm:Qwen/qwen-qwq-32b").profile
    assert on_groq == on_vllm == model_profile("qwen")
    assert ai.language_model("openai:gpt-5").profile.sampling_parameters is False
    assert ai.language_model("openai:gpt-4o").profile.sampling_parameters is True
    assert model_profile("brand-new-model-2030") == DEFAULT


def test_a_service_override_sits_on_top_of_the_family() -> None:
    assert ai.language_model("openai:deepseek-chat").profile.structured_output == "json_schema"
    assert ai.language_model("deepseek:deepseek-chat").profile.structured_output == "json_mode"
    assert ai.language_model("deepseek:deepseek-chat").profile.context_window == 128_000


def test_sampling_parameters_a_reasoning_model_rejects_are_dropped_with_warnings(
    server: ScriptedServer,
) -> None:
    server.queue(json_reply(completion("thought about it")))
    model = ai.language_model("openai:o3-mini", base_url=server.url, api_key=API_KEY)

    result = ai.generate_text(model, prompt="hi", temperature=0.3, top_p=0.9, seed=4)

    sent = server.requests[-1].json
    assert "temperature" not in sent and "top_p" not in sent
    assert sent["seed"] == 4
    assert [(w.type, w.feature) for w in result.warnings] == [
        ("unsupported", "temperature"),
        ("unsupported", "topP"),
    ]


def test_the_same_settings_reach_a_model_that_takes_them(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    model = ai.language_model("openai:gpt-4o-mini", base_url=server.url, api_key=API_KEY)
    result = ai.generate_text(model, prompt="hi", temperature=0.3)
    assert server.requests[-1].json["temperature"] == 0.3 and result.warnings == ()


def test_openai_strict_schema_requires_every_property_and_forbids_extras() -> None:
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "age": {"type": "integer", "default": 3},
            "pet": {"type": "object", "properties": {"kind": {"type": "string"}}},
        },
        "required": ["name"],
    }
    strict = openai_strict_schema(schema)
    assert strict["required"] == ["name", "age", "pet"]
    assert strict["additionalProperties"] is False
    assert strict["properties"]["age"] == {"type": ["integer", "null"]}
    assert strict["properties"]["pet"]["additionalProperties"] is False
    assert strict["properties"]["pet"]["required"] == ["kind"]
    assert schema["required"] == ["name"]  # the caller's schema is not changed


def test_strict_json_schema_is_transformed_by_the_profile(server: ScriptedServer) -> None:
    from ai_sdk_integrations.spec import JsonFormat

    server.queue(json_reply(completion("{}")))
    model = ai.language_model("openai:gpt-4o-mini", base_url=server.url, api_key=API_KEY)
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    ai.generate_text(
        model,
        prompt="hi",
        response_format=JsonFormat(schema),
        provider_options={"openai": {"strictJsonSchema": True}},
    )
    sent = server.requests[-1].json["response_format"]["json_schema"]
    assert sent["strict"] is True
    assert sent["schema"] == {
        "type": "object",
        "properties": {"a": {"type": ["string", "null"]}},
        "required": ["a"],
        "additionalProperties": False,
    }


def test_profiles_feed_the_frameworks() -> None:
    from ai_sdk_integrations.langchain import ChatAISDK
    from ai_sdk_integrations.llama_index import AISDK

    assert ChatAISDK(model="openai:gpt-5").profile["temperature"] is False  # type: ignore[index]
    assert ChatAISDK(model="openai:gpt-4o").profile["max_input_tokens"] == 128_000  # type: ignore[index]
    assert AISDK(model="openai:gpt-4.1").metadata.context_window == 1_047_576
    assert isinstance(ai.language_model("local:smollm2").profile, ModelProfile)
