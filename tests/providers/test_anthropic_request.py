"""Anthropic Messages requests, field by field (``providers/anthropic/request.py``,
``messages.py``, ``files.py``, ``tools.py``, ``schema.py``): pure functions, no I/O."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from ai_sdk_integrations.provider.profile import model_profile
from ai_sdk_integrations.providers.anthropic.codec import AnthropicMessagesCodec
from ai_sdk_integrations.providers.anthropic.schema import anthropic_output_schema
from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
    CallWarning,
    DataFile,
    FilePart,
    FunctionTool,
    JsonFormat,
    ProviderTool,
    ReasoningPart,
    SystemMessage,
    TextPart,
    ToolCallPart,
    ToolChoice,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UrlFile,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import UnsupportedFunctionalityError

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
HI = UserMessage([TextPart("hi")])


def codec(model_id: str = "claude-sonnet-4-5") -> AnthropicMessagesCodec:
    return AnthropicMessagesCodec(model_id, "anthropic", model_profile(model_id), new_id=lambda: "id")


def build(
    *prompt: Any, model_id: str = "claude-sonnet-4-5", stream: bool = False, **options: Any
) -> tuple[dict[str, Any], list[CallWarning], dict[str, str]]:
    request = codec(model_id).build_request(
        CallOptions(prompt=list(prompt) or [HI], **options), stream=stream
    )
    assert request.path == "/messages" and request.method == "POST"
    return dict(request.body), list(request.warnings), dict(request.headers)


def features(warnings: list[CallWarning]) -> list[str | None]:
    return [w.feature for w in warnings]


# -- the basics ----------------------------------------------------------------------------


def test_minimal_body() -> None:
    body, warnings, headers = build(max_output_tokens=100)
    assert body == {
        "model": "claude-sonnet-4-5",
        "max_tokens": 100,
        "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}],
    }
    assert warnings == [] and headers == {}


def test_stream_flag() -> None:
    body, _, _ = build(stream=True, max_output_tokens=5)
    assert body["stream"] is True


@pytest.mark.parametrize(
    ("model_id", "max_tokens"),
    [
        ("claude-sonnet-4-5", 64_000),
        ("claude-opus-4-1", 32_000),
        ("claude-3-haiku-20240307", 4_096),
        ("claude-sonnet-4-6", 128_000),
    ],
)
def test_max_tokens_defaults_to_the_models_limit(model_id: str, max_tokens: int) -> None:
    body, warnings, _ = build(model_id=model_id)
    assert body["max_tokens"] == max_tokens and warnings == []


def test_unknown_model_gets_a_default_and_a_warning() -> None:
    body, warnings, _ = build(model_id="some-compatible-model")
    assert body["max_tokens"] == 4096
    assert warnings[0].type == "compatibility" and warnings[0].feature == "maxOutputTokens"


def test_sampling_settings_and_unsupported_ones() -> None:
    body, warnings, _ = build(
        temperature=0.3, top_k=5, stop_sequences=["END"], seed=1, presence_penalty=0.5, frequency_penalty=0.1
    )
    assert (body["temperature"], body["top_k"], body["stop_sequences"]) == (0.3, 5, ["END"])
    assert "seed" not in body and "presence_penalty" not in body
    assert features(warnings) == ["presencePenalty", "frequencyPenalty", "seed"]


def test_temperature_above_one_is_clamped() -> None:
    body, warnings, _ = build(temperature=1.5)
    assert body["temperature"] == 1 and features(warnings) == ["temperature"]


def test_top_p_with_temperature_is_dropped_for_claude() -> None:
    body, warnings, _ = build(temperature=0.5, top_p=0.9)
    assert "top_p" not in body and features(warnings) == ["topP"]
    body, warnings, _ = build(top_p=0.9)
    assert body["top_p"] == 0.9 and warnings == []


def test_system_messages_become_top_level_system_blocks() -> None:
    body, warnings, _ = build(SystemMessage("a"), SystemMessage("b"), HI)
    assert body["system"] == [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]
    assert warnings == []
    body, warnings, _ = build(HI, SystemMessage("later"))
    assert body["system"] == [{"type": "text", "text": "later"}]
    assert features(warnings) == ["system message"]


def test_turns_alternate_users_and_tools_merge() -> None:
    call = ToolCallPart("toolu_1", "f", {"x": 1})
    result = ToolResultPart("toolu_1", "f", ToolResultOutput("json", {"ok": True}))
    body, _, _ = build(
        HI,
        UserMessage([TextPart("again")]),
        AssistantMessage([TextPart("a")]),
        AssistantMessage([call]),
        ToolMessage([result]),
        UserMessage([TextPart("next")]),
    )
    assert body["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "hi"}, {"type": "text", "text": "again"}]},
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "a"},
                {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {"x": 1}},
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": '{"ok": true}'},
                {"type": "text", "text": "next"},
            ],
        },
    ]


@pytest.mark.parametrize(
    ("output", "content", "is_error"),
    [
        (ToolResultOutput("text", "sunny"), "sunny", None),
        (ToolResultOutput("error-text", "down"), "down", True),
        (ToolResultOutput("error-json", {"code": 5}), '{"code": 5}', True),
        (ToolResultOutput("execution-denied", reason="no"), "no", None),
        (
            ToolResultOutput(
                "content",
                [
                    {"type": "text", "text": "see"},
                    {"type": "file", "data": DataFile(PNG), "mediaType": "image/png"},
                ],
            ),
            [
                {"type": "text", "text": "see"},
                {
                    "type": "image",
                    "source": {
                        "type": "base64",
                        "media_type": "image/png",
                        "data": base64.b64encode(PNG).decode(),
                    },
                },
            ],
            None,
        ),
    ],
    ids=["text", "error-text", "error-json", "denied", "content"],
)
def test_tool_results(output: ToolResultOutput, content: Any, is_error: bool | None) -> None:
    call = AssistantMessage([ToolCallPart("t", "f", {})])
    body, _, _ = build(HI, call, ToolMessage([ToolResultPart("t", "f", output)]))
    block = body["messages"][2]["content"][0]
    assert block["content"] == content
    assert block.get("is_error") is is_error


def test_broken_tool_arguments_in_history_go_as_an_empty_object() -> None:
    body, _, _ = build(
        HI,
        AssistantMessage([ToolCallPart("t", "f", '{"a": 1')]),
        ToolMessage([ToolResultPart("t", "f", ToolResultOutput("text", "x"))]),
    )
    assert body["messages"][1]["content"] == [{"type": "tool_use", "id": "t", "name": "f", "input": {}}]


def test_final_assistant_prefill_is_right_trimmed() -> None:
    body, _, _ = build(HI, AssistantMessage([TextPart("The answer is ")]))
    assert body["messages"][-1] == {
        "role": "assistant",
        "content": [{"type": "text", "text": "The answer is"}],
    }


# -- files ---------------------------------------------------------------------------------


def file_block(part: FilePart) -> dict[str, Any]:
    body, _, _ = build(UserMessage([part]))
    return dict(body["messages"][0]["content"][0])


def test_image_bytes_are_base64_with_a_sniffed_type() -> None:
    assert file_block(FilePart(DataFile(PNG), "image/*")) == {
        "type": "image",
        "source": {"type": "base64", "media_type": "image/png", "data": base64.b64encode(PNG).decode()},
    }


def test_image_url_and_data_url() -> None:
    assert file_block(FilePart(UrlFile("https://x.test/a.jpg"), "image/jpeg")) == {
        "type": "image",
        "source": {"type": "url", "url": "https://x.test/a.jpg"},
    }
    data = base64.b64encode(PNG).decode()
    assert file_block(FilePart(UrlFile(f"data:image/png;base64,{data}"), "image/*"))["source"] == {
        "type": "base64",
        "media_type": "image/png",
        "data": data,
    }


def test_pdf_by_base64_and_by_url_with_document_options() -> None:
    options = {"anthropic": {"citations": {"enabled": True}, "title": "Report", "context": "Q3"}}
    block = file_block(FilePart(DataFile(b"%PDF-1.4"), "application/pdf", "r.pdf", provider_options=options))
    assert block == {
        "type": "document",
        "source": {
            "type": "base64",
            "media_type": "application/pdf",
            "data": base64.b64encode(b"%PDF-1.4").decode(),
        },
        "title": "Report",
        "context": "Q3",
        "citations": {"enabled": True},
    }
    block = file_block(FilePart(UrlFile("https://x.test/r.pdf"), "application/pdf", "r.pdf"))
    assert block == {
        "type": "document",
        "source": {"type": "url", "url": "https://x.test/r.pdf"},
        "title": "r.pdf",
    }


def test_text_document() -> None:
    block = file_block(FilePart(DataFile(b"plain words"), "text/plain"))
    assert block == {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": "plain words"},
    }


def test_unsupported_media_type_is_an_error() -> None:
    with pytest.raises(UnsupportedFunctionalityError, match="audio/wav"):
        build(UserMessage([FilePart(DataFile(b"RIFF"), "audio/wav")]))


# -- caching -------------------------------------------------------------------------------

CACHE = {"anthropic": {"cacheControl": {"type": "ephemeral"}}}


def test_cache_control_on_parts_messages_and_tools() -> None:
    tool = FunctionTool("f", {"type": "object"}, provider_options=CACHE)
    body, warnings, _ = build(
        SystemMessage("sys", provider_options=CACHE),
        UserMessage(
            [TextPart("a"), TextPart("b")],
            provider_options={"anthropic": {"cache_control": {"type": "ephemeral", "ttl": "1h"}}},
        ),
        tools=[tool],
    )
    assert body["tools"][0]["cache_control"] == {"type": "ephemeral"}
    assert body["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert "cache_control" not in body["messages"][0]["content"][0]
    assert body["messages"][0]["content"][1]["cache_control"] == {"type": "ephemeral", "ttl": "1h"}
    assert warnings == []


def test_more_than_four_breakpoints_warn() -> None:
    parts = [TextPart(str(n), provider_options=CACHE) for n in range(5)]
    body, warnings, _ = build(UserMessage(parts))
    assert [("cache_control" in b) for b in body["messages"][0]["content"]] == [True] * 4 + [False]
    assert features(warnings) == ["cacheControl breakpoint limit"]


def test_another_providers_options_are_not_read() -> None:
    body, _, _ = build(
        UserMessage([TextPart("x", provider_options={"openai": {"cacheControl": {"type": "ephemeral"}}})])
    )
    assert "cache_control" not in body["messages"][0]["content"][0]


# -- reasoning -----------------------------------------------------------------------------


def test_signed_and_redacted_reasoning_go_back_and_others_are_dropped() -> None:
    assistant = AssistantMessage(
        [
            ReasoningPart("", {"anthropic": {"redactedData": "EmwKAhgB"}}),
            ReasoningPart("thought", {"anthropic": {"signature": "ErUB"}}),
            ReasoningPart("from elsewhere", {"openai": {"itemId": "rs_1"}}),
            TextPart("answer"),
        ]
    )
    body, warnings, _ = build(HI, assistant, UserMessage([TextPart("more")]))
    assert body["messages"][1]["content"] == [
        {"type": "redacted_thinking", "data": "EmwKAhgB"},
        {"type": "thinking", "thinking": "thought", "signature": "ErUB"},
        {"type": "text", "text": "answer"},
    ]
    assert [w.type for w in warnings] == ["other"]


def test_an_assistant_turn_left_empty_is_dropped_and_users_merge() -> None:
    assistant = AssistantMessage([ReasoningPart("unsigned")])
    body, _, _ = build(HI, assistant, UserMessage([TextPart("more")]))
    assert body["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "hi"}, {"type": "text", "text": "more"}]}
    ]


def test_thinking_provider_option() -> None:
    body, warnings, _ = build(
        max_output_tokens=1000,
        temperature=0.5,
        top_k=3,
        provider_options={"anthropic": {"thinking": {"type": "enabled", "budgetTokens": 2048}}},
    )
    assert body["thinking"] == {"type": "enabled", "budget_tokens": 2048}
    assert body["max_tokens"] == 3048, "the budget comes on top of the answer"
    assert "temperature" not in body and "top_k" not in body
    assert features(warnings) == ["temperature", "topK"]


def test_thinking_without_budget_gets_1024_and_is_capped() -> None:
    body, warnings, _ = build(
        max_output_tokens=64_000, provider_options={"anthropic": {"thinking": {"type": "enabled"}}}
    )
    assert body["thinking"] == {"type": "enabled", "budget_tokens": 1024}
    assert body["max_tokens"] == 64_000
    assert features(warnings) == ["extended thinking", "maxOutputTokens"]


@pytest.mark.parametrize(
    ("model_id", "reasoning", "thinking", "effort"),
    [
        ("claude-sonnet-4-5", "low", {"type": "enabled", "budget_tokens": 6400}, None),
        ("claude-sonnet-4-5", "minimal", {"type": "enabled", "budget_tokens": 1280}, None),
        ("claude-sonnet-4-5", "none", {"type": "disabled"}, None),
        ("claude-sonnet-4-6", "high", {"type": "adaptive", "display": "summarized"}, "high"),
    ],
)
def test_reasoning_call_option(
    model_id: str, reasoning: str, thinking: dict[str, Any], effort: str | None
) -> None:
    body, _, _ = build(model_id=model_id, reasoning=reasoning, max_output_tokens=1000)
    assert body["thinking"] == thinking
    assert body.get("output_config", {}).get("effort") == effort


def test_provider_default_reasoning_sends_nothing() -> None:
    body, _, _ = build(reasoning="provider-default")
    assert "thinking" not in body


# -- tools ---------------------------------------------------------------------------------

WEATHER = FunctionTool(
    "get_weather", {"type": "object", "properties": {"city": {"type": "string"}}}, "Weather."
)


@pytest.mark.parametrize(
    ("choice", "parallel", "wire"),
    [
        (None, None, None),
        (None, True, {"type": "auto", "disable_parallel_tool_use": True}),
        (ToolChoice("auto"), None, {"type": "auto"}),
        (ToolChoice("required"), True, {"type": "any", "disable_parallel_tool_use": True}),
        (ToolChoice("tool", "get_weather"), None, {"type": "tool", "name": "get_weather"}),
        (ToolChoice("none"), None, {"type": "none"}),
    ],
)
def test_tool_choice(choice: ToolChoice | None, parallel: bool | None, wire: Any) -> None:
    options = {"anthropic": {"disableParallelToolUse": parallel}} if parallel is not None else None
    body, _, _ = build(tools=[WEATHER], tool_choice=choice, provider_options=options)
    assert body["tools"] == [
        {"name": "get_weather", "input_schema": WEATHER.input_schema, "description": "Weather."}
    ]
    assert body.get("tool_choice") == wire


def test_provider_tools() -> None:
    search = ProviderTool(
        "anthropic.web_search_20250305", "web_search", {"maxUses": 3, "allowedDomains": ["x.test"]}
    )
    other = ProviderTool("openai.web_search", "web_search")
    body, warnings, _ = build(tools=[search, other])
    assert body["tools"] == [
        {"type": "web_search_20250305", "name": "web_search", "max_uses": 3, "allowed_domains": ["x.test"]}
    ]
    assert features(warnings) == ["provider-defined tool openai.web_search"]


# -- structured output ---------------------------------------------------------------------

SCHEMA = {"type": "object", "properties": {"n": {"type": "integer", "minimum": 1}}, "required": ["n"]}


def test_native_structured_output() -> None:
    body, warnings, _ = build(response_format=JsonFormat(SCHEMA))
    assert body["output_config"] == {
        "format": {"type": "json_schema", "schema": anthropic_output_schema(SCHEMA)}
    }
    assert "tools" not in body and warnings == []


def test_json_tool_where_there_is_no_native_output() -> None:
    body, _, _ = build(model_id="claude-sonnet-4-0", response_format=JsonFormat(SCHEMA))
    assert body["tools"] == [
        {"name": "json", "description": "Respond with a JSON object.", "input_schema": SCHEMA}
    ]
    assert body["tool_choice"] == {"type": "any", "disable_parallel_tool_use": True}
    assert "output_config" not in body


def test_structured_output_mode_option() -> None:
    body, _, _ = build(
        response_format=JsonFormat(SCHEMA),
        provider_options={"anthropic": {"structuredOutputMode": "jsonTool"}},
    )
    assert body["tools"][0]["name"] == "json"
    body, _, _ = build(
        model_id="claude-sonnet-4-0",
        response_format=JsonFormat(SCHEMA),
        provider_options={"anthropic": {"structuredOutputMode": "outputFormat"}},
    )
    assert "output_config" in body


def test_json_without_schema_warns() -> None:
    body, warnings, _ = build(response_format=JsonFormat())
    assert "output_config" not in body and features(warnings) == ["responseFormat"]


def test_output_schema_sanitizer() -> None:
    schema = {
        "type": "object",
        "properties": {
            "n": {"type": "integer", "minimum": 1, "maximum": 9, "description": "count"},
            "s": {"type": "string", "format": "email", "pattern": "^a"},
            "u": {"oneOf": [{"type": "string", "format": "uri-template"}, {"type": "null"}]},
            "items": {
                "type": "array",
                "items": {"type": "object", "properties": {"x": {"type": "string"}}},
                "minItems": 1,
            },
        },
        "required": ["n"],
    }
    assert anthropic_output_schema(schema) == {
        "type": "object",
        "properties": {
            "n": {"type": "integer", "description": "count\nminimum: 1; maximum: 9."},
            "s": {"type": "string", "format": "email", "description": "pattern: ^a."},
            "u": {"anyOf": [{"type": "string", "description": "format: uri-template."}, {"type": "null"}]},
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"x": {"type": "string"}},
                    "additionalProperties": False,
                },
                "description": "min items: 1.",
            },
        },
        "additionalProperties": False,
        "required": ["n"],
    }


# -- other options -------------------------------------------------------------------------


def test_other_options_headers_and_pass_through() -> None:
    body, _, headers = build(
        headers={"anthropic-beta": "a-1"},
        provider_options={
            "anthropic": {
                "metadata": {"userId": "u1"},
                "effort": "medium",
                "anthropicBeta": ["b-2", "a-1"],
                "service_tier": "auto",
                "cacheControl": {"type": "ephemeral"},
            }
        },
    )
    assert body["metadata"] == {"user_id": "u1"}
    assert body["output_config"] == {"effort": "medium"}
    assert body["service_tier"] == "auto", "an unknown option passes through as given"
    assert body["cache_control"] == {"type": "ephemeral"}
    assert headers == {"anthropic-beta": "a-1,b-2"}


def test_count_tokens_request_takes_only_what_the_endpoint_accepts() -> None:
    request = codec().build_count_tokens_request(
        CallOptions(
            prompt=[SystemMessage("s"), HI],
            tools=[WEATHER],
            temperature=0.2,
            max_output_tokens=9,
            stop_sequences=["x"],
        )
    )
    assert request.path == "/messages/count_tokens"
    assert set(request.body) == {"model", "system", "messages", "tools"}
