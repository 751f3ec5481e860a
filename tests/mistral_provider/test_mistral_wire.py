"""The fake Mistral refuses what the real API refuses, with Mistral's error bodies
(otherwise the written cassettes would prove nothing), and takes what our codec sends."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mistral_wire import INVALID_KEY, FakeMistral, WireResponse

from ai_sdk_integrations.providers.mistral.chat import MistralChatCodec
from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
    FunctionTool,
    JsonFormat,
    ReasoningPart,
    TextPart,
    ToolCallPart,
    ToolChoice,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UserMessage,
)

SERVER = FakeMistral()  # not started: ``respond`` is the whole server as a function
BEARER = {"authorization": "Bearer test-key"}
HELLO = {"role": "user", "content": "Hello"}


def post(body: Any, headers: dict[str, str] = BEARER, path: str = "/v1/chat/completions") -> tuple[int, Any]:
    response: WireResponse = SERVER.respond(path, headers, json.dumps(body).encode())
    return response.status, (json.loads(response.body) if response.events is None else response.text)


def test_auth() -> None:
    assert post({"model": "mistral-small-latest", "messages": [HELLO]}, {}) == (
        401,
        {"detail": "Unauthorized"},
    )
    status, _ = post(
        {"model": "mistral-small-latest", "messages": [HELLO]}, {"authorization": f"Bearer {INVALID_KEY}"}
    )
    assert status == 401
    assert post({"model": "mistral-small-latest", "messages": [HELLO]}, {"x-api-key": "test-key"})[0] == 401


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"model": "mistral-small-latest", "messages": [HELLO], "seed": 1}, ["body", "seed"]),
        (
            {"model": "mistral-small-latest", "messages": [HELLO], "stream_options": {}},
            ["body", "stream_options"],
        ),
        (
            {"model": "mistral-small-latest", "messages": [{**HELLO, "name": "bob"}]},
            ["body", "messages", 0, "user", "name"],
        ),
        (
            {
                "model": "mistral-small-latest",
                "messages": [
                    HELLO,
                    {"role": "assistant", "content": "x", "reasoning_content": "y", "prefix": True},
                ],
            },
            ["body", "messages", 1, "assistant", "reasoning_content"],
        ),
        (
            {
                "model": "mistral-small-latest",
                "messages": [
                    {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "u", "x": 1}}]}
                ],
            },
            ["body", "messages", 0, "user", "content", 0, "image_url", "image_url", "x"],
        ),
    ],
)
def test_unknown_fields_are_a_422(body: dict[str, Any], loc: list[Any]) -> None:
    status, payload = post(body)
    assert status == 422 and payload["type"] == "invalid_request_error"
    assert {
        "type": "extra_forbidden",
        "loc": loc,
        "msg": "Extra inputs are not permitted",
    }.items() <= payload["detail"][0].items()


def test_missing_fields_are_a_422() -> None:
    status, payload = post({"messages": [HELLO]})
    assert (
        status == 422
        and payload["detail"][0]["type"] == "missing"
        and payload["detail"][0]["loc"] == ["body", "model"]
    )


def test_semantic_400s() -> None:
    call = {"id": "call_123456", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    status, payload = post(
        {
            "model": "mistral-small-latest",
            "messages": [
                HELLO,
                {"role": "assistant", "content": "", "tool_calls": [call]},
                {"role": "tool", "content": "x", "tool_call_id": "call_123456"},
            ],
        }
    )
    assert (
        status == 400 and payload["type"] == "invalid_function_call" and "length of 9" in payload["message"]
    )
    status, payload = post(
        {"model": "mistral-small-latest", "messages": [HELLO, {"role": "assistant", "content": "x"}]}
    )
    assert status == 400 and "prefix True" in payload["message"]
    assert post({"model": "mistral-colossal", "messages": [HELLO]})[1]["type"] == "invalid_model"
    assert post({}, path="/v1/models")[0] == 404


def test_everything_our_codec_sends_is_accepted() -> None:
    tool = FunctionTool(
        "get_time", {"type": "object", "properties": {"timezone": {"type": "string"}}}, "Time."
    )
    prompt = [
        UserMessage([TextPart("What time is it in Tokyo?")]),
        AssistantMessage(
            [
                ReasoningPart("Use the tool."),
                TextPart("Checking."),
                ToolCallPart("call_foreign_1", "get_time", {"timezone": "Asia/Tokyo"}),
            ]
        ),
        ToolMessage([ToolResultPart("call_foreign_1", "get_time", ToolResultOutput("text", "14:05"))]),
    ]
    for model in ("mistral-small-latest", "magistral-medium-latest"):
        codec = MistralChatCodec(model)
        for stream in (False, True):
            options = CallOptions(
                prompt,
                tools=[tool],
                tool_choice=ToolChoice("required"),
                response_format=JsonFormat({"type": "object"}),
                seed=1,
                provider_options={"mistral": {"safePrompt": False, "parallelToolCalls": True}},
            )
            status, _ = post(dict(codec.build_request(options, stream=stream).body))
            assert status == 200
