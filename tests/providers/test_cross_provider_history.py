"""A conversation started on one provider continues on any other (issue 10): each codec
builds its request from a history holding another provider's reasoning signatures,
redacted reasoning and thought signatures, sends the text, tool call and result in its
own shape, and never forwards metadata that is not its own."""

from __future__ import annotations

import json

import pytest

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
    FunctionTool,
    ReasoningPart,
    TextPart,
    ToolCallPart,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UserMessage,
)

ANTHROPIC_SIGNATURE = "EqQBCkYIARgCKkA-anthropic-signature"
REDACTED = "EmwKAhgB-anthropic-redacted"
GOOGLE_SIGNATURE = "Cq0BAdHtim-google-thought-signature"
OPENAI_ENCRYPTED = "gAAAAA-openai-encrypted-reasoning"

HISTORY = [
    UserMessage([TextPart("What is the weather in Paris?")]),
    AssistantMessage(
        [
            ReasoningPart(
                "The user wants the weather; call the tool.",
                {"anthropic": {"signature": ANTHROPIC_SIGNATURE}},
            ),
            ReasoningPart("", {"anthropic": {"redactedData": REDACTED}}),
            ReasoningPart("", {"openai": {"itemId": "rs_1", "reasoningEncryptedContent": OPENAI_ENCRYPTED}}),
            TextPart("Let me check."),
            ToolCallPart(
                "toolu_01A09q90qw90lq917835lq9",
                "get_weather",
                {"city": "Paris"},
                provider_options={"google": {"thoughtSignature": GOOGLE_SIGNATURE}},
            ),
        ]
    ),
    ToolMessage(
        [
            ToolResultPart(
                "toolu_01A09q90qw90lq917835lq9", "get_weather", ToolResultOutput("json", {"temp_c": 18})
            )
        ]
    ),
    UserMessage([TextPart("Thanks! And tomorrow?")]),
]
OWN = {
    ANTHROPIC_SIGNATURE: {"anthropic"},
    REDACTED: {"anthropic"},
    GOOGLE_SIGNATURE: {"google", "vertex"},
    OPENAI_ENCRYPTED: set(),  # stored by default: the Responses API gets a reference to rs_1
}


@pytest.fixture(autouse=True)
def _cloud_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOOGLE_VERTEX_PROJECT", "my-project")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AZURE_RESOURCE_NAME", "my-resource")


@pytest.mark.parametrize(
    "model_string",
    [
        "openai:gpt-4o-mini",
        "openai.responses:gpt-4o-mini",
        "azure:my-deployment",
        "anthropic:claude-sonnet-4-5",
        "google:gemini-2.5-flash",
        "vertex:gemini-2.5-flash",
        "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "mistral:mistral-large-latest",
        "cohere:command-a-03-2025",
        "deepseek:deepseek-chat",
        "gateway:openai/gpt-5",
    ],
)
def test_a_history_from_another_provider_goes_on(model_string: str) -> None:
    model = ai.language_model(model_string)
    weather = FunctionTool("get_weather", {"type": "object", "properties": {"city": {"type": "string"}}})
    request = model.codec.build_request(CallOptions(prompt=HISTORY, tools=[weather]), stream=False)
    sent = json.dumps(request.body)
    assert "Paris" in sent and "Thanks! And tomorrow?" in sent and "get_weather" in sent
    assert "18" in sent  # the tool result went too
    provider = model_string.partition(":")[0]
    if provider == "openai.responses":
        assert {"type": "item_reference", "id": "rs_1"} in request.body["input"]
    for value, owners in OWN.items():
        if provider == "gateway":
            continue  # the Gateway takes the spec's own shape, provider options included, for its upstream
        if provider in owners:
            assert value in sent, f"{provider} lost its own {value}"
        else:
            assert value not in sent, f"{provider} was sent another provider's {value}"
