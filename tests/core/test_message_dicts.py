"""AI SDK ``ModelMessage`` dicts keep their provider options, on messages and parts, so
what only dicts can say (Anthropic's cache control, a signature) reaches the codec."""

from __future__ import annotations

import pytest

from ai_sdk_integrations.core.messages import standardize_prompt
from ai_sdk_integrations.providers.anthropic.codec import AnthropicMessagesCodec
from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
    FilePart,
    ReasoningPart,
    SystemMessage,
    TextPart,
    ToolCallPart,
    ToolResultPart,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import InvalidPromptError

CACHE = {"anthropic": {"cacheControl": {"type": "ephemeral"}}}
SIGNED = {"anthropic": {"signature": "sig-1"}}


def test_provider_options_are_kept_on_messages_and_parts() -> None:
    system, user, assistant, tool = standardize_prompt(
        messages=[
            {"role": "system", "content": "Be brief.", "providerOptions": CACHE},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Long document...", "providerOptions": CACHE},
                    {"type": "file", "data": "aGk=", "mediaType": "text/plain", "provider_options": CACHE},
                ],
            },
            {
                "role": "assistant",
                "content": [
                    {"type": "reasoning", "text": "Think.", "providerOptions": SIGNED},
                    {
                        "type": "tool-call",
                        "toolCallId": "c1",
                        "toolName": "f",
                        "input": {},
                        "providerOptions": SIGNED,
                    },
                ],
            },
            {
                "role": "tool",
                "content": [{"type": "tool-result", "toolCallId": "c1", "toolName": "f", "output": "ok"}],
            },
        ]
    )
    assert system == SystemMessage("Be brief.", CACHE)
    assert isinstance(user, UserMessage)
    text, file = user.content
    assert isinstance(text, TextPart) and text.provider_options == CACHE
    assert isinstance(file, FilePart) and file.provider_options == CACHE
    assert isinstance(assistant, AssistantMessage)
    assert assistant.content == [
        ReasoningPart("Think.", SIGNED),
        ToolCallPart("c1", "f", {}, None, SIGNED),
    ]
    [result] = tool.content  # type: ignore[attr-defined]
    assert isinstance(result, ToolResultPart) and result.provider_options is None


def test_cache_control_from_a_message_dict_reaches_anthropic() -> None:
    prompt = standardize_prompt(
        messages=[
            {
                "role": "user",
                "content": [{"type": "text", "text": "A long shared context.", "providerOptions": CACHE}],
            }
        ]
    )
    body = (
        AnthropicMessagesCodec("claude-sonnet-4-5")
        .build_request(CallOptions(prompt=prompt), stream=False)
        .body
    )
    [message] = body["messages"]
    assert message["content"][0]["cache_control"] == {"type": "ephemeral"}


def test_malformed_provider_options_are_refused_before_sending() -> None:
    with pytest.raises(InvalidPromptError, match="providerOptions must map a provider name"):
        standardize_prompt(
            messages=[
                {
                    "role": "user",
                    "content": [{"type": "text", "text": "hi", "providerOptions": {"cacheControl": "x"}}],
                }
            ]
        )
