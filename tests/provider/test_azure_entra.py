"""Azure OpenAI with Microsoft Entra ID instead of a key: a bearer token from a token
provider (as AzureChatOpenAI takes it), a fixed token, or an azure-identity credential."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from http_loopback import API_KEY, ScriptedServer, completion, json_reply

import ai_sdk_integrations as ai
from ai_sdk_integrations.langchain import ChatAISDK
from ai_sdk_integrations.providers.azure.provider import ENTRA_SCOPE, create_azure
from ai_sdk_integrations.spec.errors import UsageError


def test_a_token_provider_is_asked_per_request_and_sent_as_bearer(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("one")), json_reply(completion("two")))
    tokens = iter(["entra-token-1", "entra-token-2"])
    azure = create_azure(
        base_url=server.url.removesuffix("/v1"), azure_ad_token_provider=lambda: next(tokens)
    )
    model = azure.language_model("prod-gpt4o")
    ai.generate_text(model, prompt="hi")
    ai.generate_text(model, prompt="again")
    first, second = server.requests
    assert first.headers["authorization"] == "Bearer entra-token-1"
    assert second.headers["authorization"] == "Bearer entra-token-2"  # refreshed tokens are used
    assert "api-key" not in first.headers
    assert "entra-token" not in repr(model)


def test_an_azure_identity_credential_goes_through_its_token_provider(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[Any, str]] = []

    def get_bearer_token_provider(credential: Any, scope: str) -> Any:
        asked.append((credential, scope))
        return lambda: "from-credential"

    identity = types.ModuleType("azure.identity")
    identity.get_bearer_token_provider = get_bearer_token_provider  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "azure", types.ModuleType("azure"))
    monkeypatch.setitem(sys.modules, "azure.identity", identity)
    server.queue(json_reply(completion("ok")))
    credential = object()
    llm = ChatAISDK(
        model="azure:prod-gpt4o",
        base_url=server.url.removesuffix("/v1"),
        model_settings={"credential": credential},
    )
    assert llm.invoke("hi").text == "ok"
    assert asked == [(credential, ENTRA_SCOPE)]
    assert server.requests[0].headers["authorization"] == "Bearer from-credential"


def test_a_key_and_a_token_together_are_refused() -> None:
    with pytest.raises(UsageError, match="one of api_key, azure_ad_token_provider"):
        create_azure(resource_name="r", api_key=API_KEY, azure_ad_token="t")


def test_credential_without_azure_identity_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "azure.identity", None)
    with pytest.raises(UsageError, match=r"ai-sdk-integrations\[azure\]"):
        create_azure(resource_name="r", credential=object())
