"""LangChain serialisation (``langchain_core.load``) of ChatAISDK and AISDKEmbeddings:
the key is a named secret, never a value; ``loads`` rebuilds an equivalent object that
holds no key and reads the provider's variable per request (checked on the recorded
request of the scripted loopback server)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fake_keys import fake_key
from http_loopback import API_KEY, ScriptedServer, completion, json_reply, retry_delays, server
from langchain_core.load import dumpd, dumps, load, loads

from ai_sdk_integrations.langchain import AISDKEmbeddings, ChatAISDK

__all__ = ["retry_delays", "server"]  # the loopback fixtures

pytestmark = pytest.mark.filterwarnings(
    "ignore:The function `load:langchain_core._api.beta_decorator.LangChainBetaWarning"
)

NAMESPACES = ["ai_sdk_integrations"]
SECRET = fake_key("serialised-SECRET-0123456789abcdef")


def everything_but_secrets(model: Any) -> dict[str, Any]:
    return model.model_dump(exclude={"api_key", "metadata", "http_client", "http_async_client"})


def test_is_lc_serializable_under_the_public_import_path() -> None:
    assert ChatAISDK.is_lc_serializable() and AISDKEmbeddings.is_lc_serializable()
    assert ChatAISDK.lc_id() == ["ai_sdk_integrations", "langchain", "ChatAISDK"]
    assert AISDKEmbeddings.lc_id() == ["ai_sdk_integrations", "langchain", "AISDKEmbeddings"]


@pytest.mark.parametrize(
    ("model", "settings", "variable"),
    [
        ("openai:gpt-4o-mini", {}, "OPENAI_API_KEY"),
        ("gateway:openai/gpt-4o-mini", {}, "AI_GATEWAY_API_KEY"),
        ("groq:llama-3.1-8b-instant", {}, "GROQ_API_KEY"),
        ("togetherai:meta-llama/Llama-3.3-70B-Instruct-Turbo", {}, "TOGETHER_API_KEY"),
        ("azure:my-deployment", {"resource_name": "res"}, "AZURE_OPENAI_API_KEY"),
        ("openai:gpt-4o-mini", {"api_key_env": "MY_TEAM_OPENAI_KEY"}, "MY_TEAM_OPENAI_KEY"),
    ],
)
def test_the_key_is_a_secret_named_after_the_provider_variable(
    model: str, settings: dict[str, Any], variable: str
) -> None:
    llm = ChatAISDK(model=model, api_key=SECRET, model_settings=settings)
    assert llm.lc_secrets == {"api_key": variable}
    serialised = dumpd(llm)
    assert serialised["kwargs"]["api_key"] == {"lc": 1, "type": "secret", "id": [variable]}
    assert SECRET not in json.dumps(serialised) and SECRET not in dumps(llm)


def test_dumpd_leaves_out_the_http_clients_and_keeps_every_setting() -> None:
    class NotSerialisable:
        pass

    llm = ChatAISDK(
        model="openai:gpt-4o-mini",
        api_key=SECRET,
        base_url="http://proxy.internal/v1",
        temperature=0.3,
        max_tokens=77,
        stop=["END"],
        model_kwargs={"logprobs": True},
        provider_options={"openai": {"user": "u1"}},
        default_headers={"x-team": "search"},
        http_client=NotSerialisable(),
        http_async_client=NotSerialisable(),
    )
    kwargs = dumpd(llm)["kwargs"]
    assert "http_client" not in kwargs and "http_async_client" not in kwargs
    assert kwargs["base_url"] == "http://proxy.internal/v1"
    assert (kwargs["temperature"], kwargs["max_tokens"], kwargs["stop"]) == (0.3, 77, ["END"])
    assert kwargs["model_kwargs"] == {"logprobs": True}
    assert kwargs["default_headers"] == {"x-team": "search"}


def test_a_chat_model_round_trips_without_its_key() -> None:
    llm = ChatAISDK(
        model="openai:gpt-4o-mini",
        api_key=SECRET,
        temperature=0.3,
        max_tokens=77,
        model_kwargs={"logprobs": True},
        provider_options={"openai": {"user": "u1"}},
        reasoning_effort="low",
    )
    rebuilt = loads(dumps(llm), allowed_objects=[ChatAISDK], valid_namespaces=NAMESPACES)
    assert type(rebuilt) is ChatAISDK
    assert everything_but_secrets(rebuilt) == everything_but_secrets(llm)
    assert rebuilt.asdict() == llm.asdict()
    assert rebuilt.api_key is None  # it holds no key: the provider's variable is read per request

    with_key = load(
        dumpd(llm),
        allowed_objects=[ChatAISDK],
        valid_namespaces=NAMESPACES,
        secrets_map={"OPENAI_API_KEY": SECRET},
    )
    assert with_key.api_key is not None and with_key.api_key.get_secret_value() == SECRET


def test_the_rebuilt_model_reads_the_variable_per_request(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    llm = ChatAISDK(model="openai:gpt-4o-mini", api_key=SECRET, base_url=server.url, max_retries=0)
    rebuilt = loads(dumps(llm), allowed_objects=[ChatAISDK], valid_namespaces=NAMESPACES)
    server.queue(json_reply(completion("one")), json_reply(completion("two")))
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    assert rebuilt.invoke("hi").text == "one"
    rotated = fake_key("rotated-key-0123456789abcdef")
    monkeypatch.setenv("OPENAI_API_KEY", rotated)
    assert rebuilt.invoke("hi").text == "two"
    assert [r.headers["authorization"] for r in server.requests] == [f"Bearer {API_KEY}", f"Bearer {rotated}"]
    assert server.requests[0].path == "/v1/chat/completions"


def test_embeddings_round_trip_without_their_key() -> None:
    embeddings = AISDKEmbeddings(
        model="gateway:openai/text-embedding-3-small", api_key=SECRET, dimensions=256, max_parallel_calls=2
    )
    serialised = dumpd(embeddings)
    assert serialised["id"] == ["ai_sdk_integrations", "langchain", "AISDKEmbeddings"]
    assert serialised["kwargs"]["api_key"] == {"lc": 1, "type": "secret", "id": ["AI_GATEWAY_API_KEY"]}
    assert SECRET not in json.dumps(serialised)
    rebuilt = load(serialised, allowed_objects=[AISDKEmbeddings], valid_namespaces=NAMESPACES)
    assert type(rebuilt) is AISDKEmbeddings
    assert everything_but_secrets(rebuilt) == everything_but_secrets(embeddings)
    assert rebuilt.api_key is None


def test_the_rebuilt_embeddings_reach_the_same_endpoint(server: ScriptedServer) -> None:
    embeddings = AISDKEmbeddings(model="openai:text-embedding-3-small", api_key=SECRET, base_url=server.url)
    rebuilt = loads(
        dumps(embeddings),
        allowed_objects=[AISDKEmbeddings],
        valid_namespaces=NAMESPACES,
        secrets_map={"OPENAI_API_KEY": API_KEY},
    )
    reply = {
        "object": "list",
        "data": [{"object": "embedding", "index": 0, "embedding": [0.5, 0.25]}],
        "model": "text-embedding-3-small",
        "usage": {"prompt_tokens": 1, "total_tokens": 1},
    }
    server.queue(json_reply(reply))
    assert rebuilt.embed_query("hi") == [0.5, 0.25]
    [request] = server.requests
    assert request.path == "/v1/embeddings" and request.headers["authorization"] == f"Bearer {API_KEY}"


def test_loading_is_refused_unless_the_class_is_allowed() -> None:
    """langchain-core's default allowlist is its own classes: a payload naming ChatAISDK
    loads only when the caller allows it."""
    with pytest.raises(ValueError, match="not allowed"):
        loads(
            dumps(ChatAISDK(model="openai:gpt-4o-mini")), allowed_objects="core", valid_namespaces=NAMESPACES
        )


def test_a_key_in_model_settings_is_hidden_too(server: ScriptedServer) -> None:
    """``model_settings`` takes what ``language_model()`` takes, a key included: it is
    moved to the ``api_key`` field, so it is written as a secret and filled back."""
    llm = ChatAISDK(model="openai:gpt-4o-mini", base_url=server.url, model_settings={"api_key": API_KEY})
    assert llm.api_key is not None and llm.api_key.get_secret_value() == API_KEY
    assert "api_key" not in llm.model_settings
    assert API_KEY not in dumps(llm)
    rebuilt = loads(
        dumps(llm),
        allowed_objects=[ChatAISDK],
        valid_namespaces=NAMESPACES,
        secrets_map={"OPENAI_API_KEY": API_KEY},
    )
    server.queue(json_reply(completion("ok")))
    assert rebuilt.invoke("hi").text == "ok"
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"

    def rotating() -> str:
        return API_KEY

    keeps_callable = ChatAISDK(model="openai:gpt-4o-mini", model_settings={"api_key": rotating})
    assert keeps_callable.model_settings["api_key"] is rotating
    with pytest.raises(NotImplementedError):  # a function cannot be saved: loading says so
        loads(dumps(keeps_callable), allowed_objects=[ChatAISDK], valid_namespaces=NAMESPACES)
