"""Bad input gets a clear error before anything is sent, from every entry point
(the loopback server asserts that no request arrived)."""

from __future__ import annotations

from typing import Any

import pytest
from http_loopback import API_KEY, ScriptedServer

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import InvalidPromptError, UsageError


def _model(server: ScriptedServer) -> Any:
    return ai.language_model("openai-compatible:m", base_url=server.url, api_key=API_KEY)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"temperature": "hot"}, "temperature must be a number, not 'hot'"),
        ({"temperature": 3.5}, "temperature must be between 0 and 2"),
        ({"top_p": 1.5}, "top_p must be between 0 and 1"),
        ({"max_output_tokens": 0}, "max_output_tokens must be at least 1"),
        ({"max_output_tokens": 2.5}, "max_output_tokens must be an integer"),
        ({"top_k": True}, "top_k must be an integer"),
        ({"stop_sequences": "END"}, "stop_sequences must be a list of strings"),
    ],
)
def test_plain_functions_check_settings_before_sending(
    server: ScriptedServer, settings: dict[str, Any], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        ai.generate_text(_model(server), prompt="hi", **settings)
    with pytest.raises(UsageError, match=message):
        "".join(ai.stream_text(_model(server), prompt="hi", **settings).text_stream)
    assert server.requests == []


def test_an_empty_message_list_is_refused_everywhere(server: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import ChatAISDK

    with pytest.raises(InvalidPromptError):
        ai.generate_text(_model(server), messages=[])
    with pytest.raises(InvalidPromptError, match="prompt is empty"):
        ChatAISDK(model=_model(server)).invoke([])
    assert server.requests == []


def test_framework_per_call_settings_are_checked(server: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import ChatAISDK
    from ai_sdk_integrations.llama_index import AISDK

    with pytest.raises(UsageError, match="temperature must be a number"):
        ChatAISDK(model=_model(server)).invoke("hi", temperature="hot")
    with pytest.raises(UsageError, match="top_p must be between 0 and 1"):
        AISDK(model=_model(server)).complete("hi", top_p=7)
    assert server.requests == []
