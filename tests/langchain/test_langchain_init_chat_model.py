"""``init_chat_model`` with LangChain's provider names and model strings, answered by
ChatAISDK; requests checked on the scripted loopback server."""

from __future__ import annotations

import pytest
from http_loopback import API_KEY, ScriptedServer, completion, json_reply, retry_delays, server

import ai_sdk_integrations
from ai_sdk_integrations.integrations.langchain.init import (
    NOT_IMPLEMENTED_YET,
    PROVIDER_ALIASES,
    ProviderNotImplementedError,
    init_chat_model,
)
from ai_sdk_integrations.langchain import ChatAISDK
from ai_sdk_integrations.spec.errors import NoSuchProviderError, UsageError

__all__ = ["retry_delays", "server"]  # the loopback fixtures


@pytest.mark.parametrize(
    ("model", "provider", "expected"),
    [
        ("openai:gpt-4o-mini", None, "openai:gpt-4o-mini"),
        ("gpt-4o-mini", None, "openai:gpt-4o-mini"),  # inferred, as LangChain infers it
        ("o3-mini", None, "openai:o3-mini"),
        (
            "together:meta-llama/Llama-3.3-70B-Instruct-Turbo",
            None,
            "togetherai:meta-llama/Llama-3.3-70B-Instruct-Turbo",
        ),
        (
            "meta-llama/Llama-3.3-70B-Instruct-Turbo",
            "together",
            "togetherai:meta-llama/Llama-3.3-70B-Instruct-Turbo",
        ),
        ("my-deployment", "azure_openai", "azure:my-deployment"),
        ("my-deployment", "azure-openai", "azure:my-deployment"),  # LangChain normalises "-" to "_"
        (
            "fireworks:accounts/fireworks/models/llama-v3p1-8b-instruct",
            None,
            "fireworks:accounts/fireworks/models/llama-v3p1-8b-instruct",
        ),
        (
            "accounts/fireworks/models/llama-v3p1-8b-instruct",
            None,
            "fireworks:accounts/fireworks/models/llama-v3p1-8b-instruct",
        ),
        ("groq:llama-3.1-8b-instant", None, "groq:llama-3.1-8b-instant"),
        ("ollama:llama3.2:1b", None, "ollama:llama3.2:1b"),  # a tag after the id stays with it
        ("llama3.2:1b", "ollama", "ollama:llama3.2:1b"),
        ("grok-4", None, "xai:grok-4"),
        ("deepseek-chat", None, "deepseek:deepseek-chat"),
        ("sonar-pro", None, "perplexity:sonar-pro"),
        ("openrouter:openai/gpt-4o", None, "openrouter:openai/gpt-4o"),
        ("gateway:anthropic/claude-sonnet-4.5", None, "gateway:anthropic/claude-sonnet-4.5"),  # ours
        (
            "togetherai:meta-llama/Llama-3.3-70B-Instruct-Turbo",
            None,
            "togetherai:meta-llama/Llama-3.3-70B-Instruct-Turbo",
        ),
        ("local:smollm2", None, "local:smollm2"),
        ("anthropic:claude-sonnet-4-5-20250929", None, "anthropic:claude-sonnet-4-5-20250929"),
        ("claude-3-5-haiku-latest", None, "anthropic:claude-3-5-haiku-latest"),  # inferred
        ("gemini-2.5-flash", "google_genai", "google:gemini-2.5-flash"),
        ("gemini-2.5-flash", None, "vertex:gemini-2.5-flash"),  # inferred: google_vertexai
        ("mistral-large-latest", "mistralai", "mistral:mistral-large-latest"),
        ("command-r-plus", None, "cohere:command-r-plus"),  # inferred
        (
            "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "bedrock_converse",
            "bedrock:anthropic.claude-3-5-sonnet-20241022-v2:0",
        ),
        ("amazon.nova-pro-v1:0", None, "bedrock:amazon.nova-pro-v1:0"),  # inferred
    ],
)
def test_langchain_model_strings_give_the_same_service(
    model: str, provider: str | None, expected: str
) -> None:
    llm = init_chat_model(model, model_provider=provider, temperature=0, max_tokens=5)
    assert isinstance(llm, ChatAISDK)
    assert llm.model_string == expected
    assert (llm.temperature, llm.max_tokens) == (0, 5)


def test_every_alias_names_a_provider_of_this_package() -> None:
    known = set(ai_sdk_integrations.known_providers())
    assert set(PROVIDER_ALIASES.values()) <= known
    assert not set(NOT_IMPLEMENTED_YET) & known


@pytest.mark.parametrize(
    ("model", "provider", "suggestion"),
    [
        ("us.anthropic.claude-3-5-sonnet-20241022-v2:0", "azure_ai", "gateway:<vendor>/<model>"),
    ],
)
def test_a_provider_not_implemented_yet_says_so_and_names_the_gateway(
    model: str, provider: str | None, suggestion: str
) -> None:
    with pytest.raises(ProviderNotImplementedError) as caught:
        init_chat_model(model, model_provider=provider)
    message = str(caught.value)
    assert "not implemented yet" in message and repr(suggestion) in message
    assert isinstance(caught.value, NotImplementedError) and isinstance(caught.value, NoSuchProviderError)


def test_unknown_and_unguessable_providers_are_errors() -> None:
    with pytest.raises(NoSuchProviderError, match=r"known providers: .*openai.*together"):
        init_chat_model("x", model_provider="acme")
    with pytest.raises(UsageError, match="cannot tell the provider of 'my-model'"):
        init_chat_model("my-model")
    with pytest.raises(UsageError, match="configurable"):
        init_chat_model("openai:gpt-4o", configurable_fields="any")


def test_together_through_init_chat_model_reaches_the_server(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("hi from together")))
    llm = init_chat_model(
        "together:meta-llama/Llama-3.3-70B-Instruct-Turbo",
        base_url=server.url,
        api_key=API_KEY,
        max_retries=0,
    )
    assert llm.invoke("hi").text == "hi from together"
    [request] = server.requests
    assert request.json["model"] == "meta-llama/Llama-3.3-70B-Instruct-Turbo"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"


def test_azure_openai_arguments_are_understood(server: ScriptedServer) -> None:
    """AzureChatOpenAI's spellings: ``azure_endpoint``, ``azure_deployment`` (the model id
    here), ``api_version`` / ``openai_api_version``."""
    server.queue(json_reply(completion("hi from azure")))
    root = server.url.removesuffix("/v1")
    llm = init_chat_model(
        "gpt-4o",
        model_provider="azure_openai",
        azure_endpoint=root,
        azure_deployment="prod-gpt4o",
        openai_api_version="2025-01-01-preview",
        api_key=API_KEY,
        max_retries=0,
    )
    assert llm.model_string == "azure:prod-gpt4o"
    assert llm.invoke("hi").text == "hi from azure"
    [request] = server.requests
    assert request.path == "/openai/deployments/prod-gpt4o/chat/completions?api-version=2025-01-01-preview"
    assert request.headers["api-key"] == API_KEY
