"""Call options -> Gemini request bodies, field by field (the codec only, no HTTP).

Shapes from Google's REST reference (``GenerateContentRequest``) and what the AI SDK's
google provider sends; each test pins one mapping, or the warning for what cannot be sent.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from ai_sdk_integrations.providers.google.codec import GoogleCodec
from ai_sdk_integrations.providers.google.contents import SKIP_THOUGHT_SIGNATURE
from ai_sdk_integrations.providers.google.schema import gemini_json_schema, to_gemini_schema
from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
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
WEATHER = FunctionTool(
    "get_weather",
    {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    },
    "Weather for a city",
)


def body(
    options: CallOptions, model: str = "gemini-2.5-flash", service: Any = "gemini", stream: bool = False
) -> Any:
    return GoogleCodec(model, "vertex" if service == "vertex" else "google", service).build_request(
        options, stream=stream
    )


def user(text: str) -> UserMessage:
    return UserMessage([TextPart(text)])


def test_paths_system_instruction_and_generation_config() -> None:
    options = CallOptions(
        [SystemMessage("Be brief."), user("Hi")],
        max_output_tokens=100,
        temperature=0.2,
        top_p=0.9,
        top_k=40,
        seed=7,
        stop_sequences=["END"],
    )
    request = body(options)
    assert request.path == "/models/gemini-2.5-flash:generateContent"
    assert body(options, stream=True).path == "/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
    assert request.body == {
        "contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
        "systemInstruction": {"parts": [{"text": "Be brief."}]},
        "generationConfig": {
            "maxOutputTokens": 100,
            "temperature": 0.2,
            "topP": 0.9,
            "topK": 40,
            "seed": 7,
            "stopSequences": ["END"],
        },
    }
    assert request.warnings == ()


def test_a_system_message_after_the_start_is_refused() -> None:
    with pytest.raises(UnsupportedFunctionalityError, match="start of the conversation"):
        body(CallOptions([user("a"), SystemMessage("late")]))


def test_penalties_are_sent_to_older_models_and_warned_about_on_newer() -> None:
    options = CallOptions([user("x")], presence_penalty=0.5, frequency_penalty=0.1)
    assert body(options, "gemini-2.0-flash").body["generationConfig"] == {
        "presencePenalty": 0.5,
        "frequencyPenalty": 0.1,
    }
    request = body(options, "gemini-2.5-flash")
    assert "generationConfig" not in request.body
    assert [w.feature for w in request.warnings] == ["presencePenalty", "frequencyPenalty"]


def test_files_inline_and_by_uri() -> None:
    options = CallOptions(
        [
            UserMessage(
                [
                    TextPart("Look"),
                    FilePart(DataFile(PNG), "image/*"),
                    FilePart(UrlFile("data:application/pdf;base64,JVBERi0x"), "application/pdf"),
                    FilePart(
                        UrlFile("https://generativelanguage.googleapis.com/v1beta/files/abc"),
                        "application/pdf",
                    ),
                    FilePart(UrlFile("gs://bucket/cat.jpg"), "image"),
                ]
            )
        ]
    )
    parts = body(options).body["contents"][0]["parts"]
    assert parts == [
        {"text": "Look"},
        {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(PNG).decode()}},
        {"inlineData": {"mimeType": "application/pdf", "data": "JVBERi0x"}},
        {
            "fileData": {
                "mimeType": "application/pdf",
                "fileUri": "https://generativelanguage.googleapis.com/v1beta/files/abc",
            }
        },
        {"fileData": {"mimeType": "image/jpeg", "fileUri": "gs://bucket/cat.jpg"}},
    ]


def tool_loop(signature_key: str = "google", signature: str | None = "SIG") -> list[Any]:
    options = {signature_key: {"thoughtSignature": signature}} if signature else None
    return [
        user("Weather in Paris?"),
        AssistantMessage(
            [
                ReasoningPart("thinking", provider_options={signature_key: {"thoughtSignature": "RSIG"}}),
                TextPart("Let me check."),
                ToolCallPart("call-1", "get_weather", {"city": "Paris"}, provider_options=options),
                ToolCallPart("call-2", "get_weather", '{"city": "Lyon"}'),
            ]
        ),
        ToolMessage(
            [
                ToolResultPart("call-1", "get_weather", ToolResultOutput("json", {"temp": 18})),
                ToolResultPart("call-2", "get_weather", ToolResultOutput("text", "sunny")),
            ]
        ),
    ]


def test_signatures_go_back_on_their_parts_and_ids_on_the_gemini_api() -> None:
    request = body(CallOptions(tool_loop()), "gemini-3-pro-preview")
    model, results = request.body["contents"][1:]
    assert model == {
        "role": "model",
        "parts": [
            {"text": "thinking", "thought": True, "thoughtSignature": "RSIG"},
            {"text": "Let me check."},
            {
                "functionCall": {"id": "call-1", "name": "get_weather", "args": {"city": "Paris"}},
                "thoughtSignature": "SIG",
            },
            {"functionCall": {"id": "call-2", "name": "get_weather", "args": {"city": "Lyon"}}},
        ],
    }
    assert results == {
        "role": "user",
        "parts": [
            {
                "functionResponse": {
                    "id": "call-1",
                    "name": "get_weather",
                    "response": {"name": "get_weather", "content": {"temp": 18}},
                }
            },
            {
                "functionResponse": {
                    "id": "call-2",
                    "name": "get_weather",
                    "response": {"name": "get_weather", "content": "sunny"},
                }
            },
        ],
    }
    assert request.warnings == ()


def test_vertex_sends_no_function_call_ids_and_reads_the_google_key_too() -> None:
    request = body(CallOptions(tool_loop("google")), "gemini-3-pro-preview", "vertex")
    model, results = request.body["contents"][1:]
    assert model["parts"][2] == {
        "functionCall": {"name": "get_weather", "args": {"city": "Paris"}},
        "thoughtSignature": "SIG",
    }
    assert "id" not in results["parts"][0]["functionResponse"]


def test_other_providers_signatures_are_not_sent() -> None:
    request = body(CallOptions(tool_loop("anthropic")), "gemini-2.5-flash")
    parts = request.body["contents"][1]["parts"]
    assert all("thoughtSignature" not in part for part in parts)


def test_gemini3_without_a_signature_gets_the_documented_sentinel_and_a_warning() -> None:
    request = body(CallOptions(tool_loop(signature=None)), "gemini-3-flash-preview")
    calls = [p for p in request.body["contents"][1]["parts"] if "functionCall" in p]
    assert calls[0]["thoughtSignature"] == SKIP_THOUGHT_SIGNATURE
    assert "thoughtSignature" not in calls[1]  # only the first call of a parallel batch is signed
    [warning] = request.warnings
    assert warning.type == "other" and "get_weather" in (warning.message or "")
    assert (
        "thoughtSignature" not in body(CallOptions(tool_loop(signature=None))).body["contents"][1]["parts"][2]
    )


def test_broken_tool_arguments_go_as_an_empty_object_with_a_warning() -> None:
    history = [
        user("x"),
        AssistantMessage([ToolCallPart("c", "f", '{"a": 1')]),
        ToolMessage([ToolResultPart("c", "f", ToolResultOutput("text", "r"))]),
    ]
    request = body(CallOptions(history))
    assert request.body["contents"][1]["parts"][0]["functionCall"]["args"] == {}
    assert [w.feature for w in request.warnings] == ["toolCallArguments"]


def test_tool_results_with_files() -> None:
    output = ToolResultOutput(
        "content",
        [{"type": "text", "text": "here"}, {"type": "file", "data": DataFile(PNG), "mediaType": "image/png"}],
    )
    history = [
        user("x"),
        AssistantMessage([ToolCallPart("c", "f", {})]),
        ToolMessage([ToolResultPart("c", "f", output)]),
    ]
    inline = {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(PNG).decode()}}
    newer = body(CallOptions(history), "gemini-3-pro-preview").body["contents"][2]["parts"]
    assert newer == [
        {
            "functionResponse": {
                "id": "c",
                "name": "f",
                "response": {"name": "f", "content": "here"},
                "parts": [inline],
            }
        }
    ]
    older = body(CallOptions(history), "gemini-2.5-flash").body["contents"][2]["parts"]
    assert older[0]["functionResponse"]["response"]["content"] == "here" and older[1] == inline


@pytest.mark.parametrize(
    ("choice", "config"),
    [
        (None, None),
        (ToolChoice("auto"), {"functionCallingConfig": {"mode": "AUTO"}}),
        (ToolChoice("none"), {"functionCallingConfig": {"mode": "NONE"}}),
        (ToolChoice("required"), {"functionCallingConfig": {"mode": "ANY"}}),
        (
            ToolChoice("tool", "get_weather"),
            {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}},
        ),
    ],
)
def test_function_declarations_and_calling_config(choice: ToolChoice | None, config: Any) -> None:
    request = body(CallOptions([user("x")], tools=[WEATHER], tool_choice=choice))
    assert request.body["tools"] == [
        {
            "functionDeclarations": [
                {
                    "name": "get_weather",
                    "description": "Weather for a city",
                    "parameters": {
                        "type": "object",
                        "required": ["city"],
                        "properties": {"city": {"type": "string"}},
                    },
                }
            ]
        }
    ]
    assert request.body.get("toolConfig") == config


def test_google_tools_and_unknown_provider_tools() -> None:
    tools = [
        ProviderTool("google.google_search", "google_search"),
        ProviderTool("openai.web_search", "web_search"),
    ]
    request = body(CallOptions([user("x")], tools=tools))
    assert request.body["tools"] == [{"googleSearch": {}}]
    assert [w.feature for w in request.warnings] == ["provider-defined tool openai.web_search"]


def test_json_output_with_a_response_schema() -> None:
    schema = {
        "type": "object",
        "properties": {"n": {"type": ["integer", "null"]}},
        "required": ["n"],
        "additionalProperties": False,
        "$schema": "http://json-schema.org/draft-07/schema#",
    }
    config = body(CallOptions([user("x")], response_format=JsonFormat(schema))).body["generationConfig"]
    assert config == {
        "responseMimeType": "application/json",
        "responseSchema": {
            "type": "object",
            "required": ["n"],
            "properties": {"n": {"type": "integer", "nullable": True}},
        },
    }
    plain = body(CallOptions([user("x")], response_format=JsonFormat())).body["generationConfig"]
    assert plain == {"responseMimeType": "application/json"}
    off = CallOptions(
        [user("x")],
        response_format=JsonFormat(schema),
        provider_options={"google": {"structuredOutputs": False}},
    )
    assert body(off).body["generationConfig"] == {"responseMimeType": "application/json"}


@pytest.mark.parametrize(
    ("model", "reasoning", "thinking"),
    [
        ("gemini-2.5-flash", "none", {"thinkingBudget": 0}),
        ("gemini-2.5-flash", "low", {"thinkingBudget": 6554}),
        ("gemini-2.5-flash", "xhigh", {"thinkingBudget": 24576}),
        ("gemini-2.5-pro", "high", {"thinkingBudget": 32768}),
        ("gemini-3-pro-preview", "medium", {"thinkingLevel": "medium"}),
        ("gemini-3-pro-preview", "minimal", {"thinkingLevel": "minimal"}),
        ("gemini-3.7-flash", "minimal", {"thinkingLevel": "low"}),
        ("gemini-2.0-flash", "high", None),
    ],
)
def test_reasoning_becomes_thinking_config(model: str, reasoning: Any, thinking: Any) -> None:
    request = body(CallOptions([user("x")], reasoning=reasoning), model)
    assert (request.body.get("generationConfig") or {}).get("thinkingConfig") == thinking
    if thinking is None:
        assert [w.feature for w in request.warnings] == ["reasoning"]


def test_provider_options_merge_thinking_and_pass_unknown_fields_through() -> None:
    options = CallOptions(
        [user("x")],
        reasoning="low",
        provider_options={
            "google": {
                "thinkingConfig": {"includeThoughts": True},
                "threshold": "BLOCK_ONLY_HIGH",
                "cachedContent": "cachedContents/abc",
                "responseModalities": ["TEXT"],
                "labels": {"team": "a"},
                "somethingNew": {"x": 1},
            }
        },
    )
    request = body(options, "gemini-3-pro-preview")
    assert request.body["generationConfig"] == {
        "thinkingConfig": {"thinkingLevel": "low", "includeThoughts": True},
        "responseModalities": ["TEXT"],
    }
    assert request.body["cachedContent"] == "cachedContents/abc"
    assert request.body["somethingNew"] == {"x": 1}
    assert len(request.body["safetySettings"]) == 4
    assert "labels" not in request.body and [w.feature for w in request.warnings] == ["labels"]
    vertex = body(options, "gemini-3-pro-preview", "vertex")
    assert vertex.body["labels"] == {"team": "a"} and vertex.warnings == ()  # no vertex key: google's is read
    vertex_own = body(
        CallOptions([user("x")], provider_options={"vertex": {"labels": {"team": "a"}}}), service="vertex"
    )
    assert vertex_own.body["labels"] == {"team": "a"} and vertex_own.warnings == ()


# -- schema conversion (as the AI SDK's convertJSONSchemaToOpenAPISchema) -------------------


def test_schema_conversion() -> None:
    schema = {
        "$defs": {"Pet": {"type": "object", "properties": {"kind": {"const": "cat"}}, "title": "Pet"}},
        "type": "object",
        "properties": {
            "pet": {"$ref": "#/$defs/Pet", "description": "a pet"},
            "size": {"enum": [1, 2, None]},
            "choice": {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
            "either": {"oneOf": [{"type": "string", "format": "email"}, {"type": "number"}]},
            "both": {
                "allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"required": ["a"]}]
            },
            "empty": {"type": "object"},
            "flag": True,
        },
        "additionalProperties": False,
    }
    assert to_gemini_schema(schema) == {
        "type": "object",
        "properties": {
            "pet": {
                "description": "a pet",
                "type": "object",
                "properties": {"kind": {"type": "string", "enum": ["cat"]}},
            },
            "size": {"type": "number", "nullable": True, "format": "enum", "enum": ["1", "2"]},
            "choice": {"nullable": True, "anyOf": [{"type": "string"}, {"type": "integer"}]},
            "either": {"anyOf": [{"type": "string"}, {"type": "number"}]},
            "both": {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
            "empty": {"type": "object"},
            "flag": {"type": "boolean", "properties": {}},
        },
    }
    assert to_gemini_schema({"type": "object", "properties": {}}) is None
    assert gemini_json_schema({"type": "object"}) == {"type": "object"}
    with pytest.raises(UnsupportedFunctionalityError, match="recursive"):
        to_gemini_schema(
            {
                "$defs": {"N": {"type": "object", "properties": {"n": {"$ref": "#/$defs/N"}}}},
                "$ref": "#/$defs/N",
            }
        )
    with pytest.raises(UnsupportedFunctionalityError):
        to_gemini_schema({"enum": [1, "a"]})
