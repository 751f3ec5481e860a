"""to_wire: spec objects -> the AI SDK's own JSON (camelCase, None omitted).

The expected dicts are written from the AI SDK's LanguageModelV4 types (reference notes
sections 1.2-1.6), not from this package's output.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any

import pytest

from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
    CallWarning,
    DataFile,
    FilePart,
    Finish,
    FinishReason,
    FunctionTool,
    GenerateResult,
    InputTokens,
    JsonFormat,
    OutputTokens,
    ProviderTool,
    ReasoningContent,
    ReasoningPart,
    ResponseInfo,
    ResponseMetadata,
    SystemMessage,
    TextContent,
    TextDelta,
    TextPart,
    ToolCallContent,
    ToolCallPart,
    ToolChoice,
    ToolInputStart,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UrlFile,
    Usage,
    UserMessage,
    to_wire,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x01\xff"
PNG_B64 = base64.b64encode(PNG).decode()


def test_full_call_options_match_the_ai_sdk_shape() -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "additionalProperties": False}
    options = CallOptions(
        prompt=[
            SystemMessage(
                "Be brief.", provider_options={"anthropic": {"cacheControl": {"type": "ephemeral"}}}
            ),
            UserMessage(
                [
                    TextPart("What is in this image?"),
                    FilePart(DataFile(PNG), "image/png", filename="cat.png"),
                    FilePart(UrlFile("https://example.com/doc.pdf"), "application/pdf"),
                ]
            ),
            AssistantMessage(
                [
                    ReasoningPart("The user wants weather."),
                    TextPart("Checking."),
                    ToolCallPart("call_1", "weather", {"city": "Oslo"}),
                ]
            ),
            ToolMessage(
                [
                    ToolResultPart("call_1", "weather", ToolResultOutput("json", {"temp_c": 21})),
                    ToolResultPart(
                        "call_2", "shell", ToolResultOutput("execution-denied", reason="not allowed")
                    ),
                ]
            ),
        ],
        max_output_tokens=256,
        temperature=0.5,
        stop_sequences=["END"],
        top_p=0.9,
        top_k=40,
        presence_penalty=0.1,
        frequency_penalty=0.2,
        response_format=JsonFormat(schema, name="weather_report", description="A report"),
        seed=42,
        tools=[
            FunctionTool("weather", schema, description="Get weather", strict=True),
            ProviderTool("openai.web_search", "web_search", {"search_context_size": "low"}),
        ],
        tool_choice=ToolChoice("tool", "weather"),
        include_raw_chunks=True,
        headers={"x-custom-header": "1"},
        reasoning="high",
        provider_options={"openai": {"reasoning_effort": "low", "parallelToolCalls": False}},
    )
    expected: dict[str, Any] = {
        "prompt": [
            {
                "role": "system",
                "content": "Be brief.",
                "providerOptions": {"anthropic": {"cacheControl": {"type": "ephemeral"}}},
            },
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is in this image?"},
                    {
                        "type": "file",
                        "data": {"type": "data", "data": PNG_B64},
                        "mediaType": "image/png",
                        "filename": "cat.png",
                    },
                    {
                        "type": "file",
                        "data": {"type": "url", "url": "https://example.com/doc.pdf"},
                        "mediaType": "application/pdf",
                    },
                ],
            },
            {
                "role": "assistant",
                "content": [
                    {"type": "reasoning", "text": "The user wants weather."},
                    {"type": "text", "text": "Checking."},
                    {
                        "type": "tool-call",
                        "toolCallId": "call_1",
                        "toolName": "weather",
                        "input": {"city": "Oslo"},
                    },
                ],
            },
            {
                "role": "tool",
                "content": [
                    {
                        "type": "tool-result",
                        "toolCallId": "call_1",
                        "toolName": "weather",
                        "output": {"type": "json", "value": {"temp_c": 21}},
                    },
                    {
                        "type": "tool-result",
                        "toolCallId": "call_2",
                        "toolName": "shell",
                        "output": {"type": "execution-denied", "reason": "not allowed"},
                    },
                ],
            },
        ],
        "maxOutputTokens": 256,
        "temperature": 0.5,
        "stopSequences": ["END"],
        "topP": 0.9,
        "topK": 40,
        "presencePenalty": 0.1,
        "frequencyPenalty": 0.2,
        "responseFormat": {
            "type": "json",
            "schema": schema,
            "name": "weather_report",
            "description": "A report",
        },
        "seed": 42,
        "tools": [
            {
                "type": "function",
                "name": "weather",
                "description": "Get weather",
                "inputSchema": schema,
                "strict": True,
            },
            {
                "type": "provider",
                "id": "openai.web_search",
                "name": "web_search",
                "args": {"search_context_size": "low"},
            },
        ],
        "toolChoice": {"type": "tool", "toolName": "weather"},
        "includeRawChunks": True,
        "headers": {"x-custom-header": "1"},
        "reasoning": "high",
        "providerOptions": {"openai": {"reasoning_effort": "low", "parallelToolCalls": False}},
    }
    wire = to_wire(options)
    assert wire == expected
    assert json.loads(json.dumps(wire)) == expected  # plain JSON all the way down


def test_minimal_call_options_omit_unset_fields() -> None:
    assert to_wire(CallOptions(prompt=[UserMessage([TextPart("hi")])])) == {
        "prompt": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (ToolChoice(), {"type": "auto"}),
        (ToolChoice("required"), {"type": "required"}),
        (FinishReason("tool-calls", "tool_calls"), {"unified": "tool-calls", "raw": "tool_calls"}),
        (FinishReason("other"), {"unified": "other"}),
        (
            CallWarning("unsupported", feature="topK", details="not here"),
            {"type": "unsupported", "feature": "topK", "details": "not here"},
        ),
        (
            CallWarning("deprecated", setting="x", message="use y"),
            {"type": "deprecated", "setting": "x", "message": "use y"},
        ),
        (DataFile(PNG), {"type": "data", "data": PNG_B64}),
        (DataFile(PNG_B64), {"type": "data", "data": PNG_B64}),
        (UrlFile("https://a.example/x.png"), {"type": "url", "url": "https://a.example/x.png"}),
        (ToolResultOutput("text", "ok"), {"type": "text", "value": "ok"}),
        (ToolResultOutput("execution-denied"), {"type": "execution-denied"}),
        (
            ToolCallContent("c1", "weather", '{"city":"Oslo"}', provider_executed=False),
            {
                "type": "tool-call",
                "toolCallId": "c1",
                "toolName": "weather",
                "input": '{"city":"Oslo"}',
                "providerExecuted": False,
            },
        ),
        (ToolInputStart("c1", "weather"), {"type": "tool-input-start", "id": "c1", "toolName": "weather"}),
        (TextDelta("txt-0", "Hel"), {"type": "text-delta", "id": "txt-0", "delta": "Hel"}),
    ],
)
def test_shapes(value: Any, expected: dict[str, Any]) -> None:
    assert to_wire(value) == expected


def test_usage_is_nested_camel_case() -> None:
    usage = Usage(
        InputTokens(total=100, no_cache=36, cache_read=64),
        OutputTokens(total=40, text=10, reasoning=30),
        raw={"prompt_tokens": 100, "prompt_tokens_details": {"cached_tokens": 64}},
    )
    assert to_wire(usage) == {
        "inputTokens": {"total": 100, "noCache": 36, "cacheRead": 64},
        "outputTokens": {"total": 40, "text": 10, "reasoning": 30},
        "raw": {"prompt_tokens": 100, "prompt_tokens_details": {"cached_tokens": 64}},
    }
    assert to_wire(Usage()) == {"inputTokens": {}, "outputTokens": {}}


def test_generate_result_and_finish_part() -> None:
    moment = datetime(2025, 2, 3, 4, 5, 6, tzinfo=UTC)
    result = GenerateResult(
        content=[ReasoningContent("hmm"), TextContent("Hi", provider_metadata={"openai": {"item_id": "x"}})],
        finish_reason=FinishReason("stop", "stop"),
        usage=Usage(InputTokens(total=3), OutputTokens(total=1)),
        warnings=[CallWarning("other", message="note")],
        response=ResponseInfo(id="r1", timestamp=moment, model_id="gpt-x"),
    )
    assert to_wire(result) == {
        "content": [
            {"type": "reasoning", "text": "hmm"},
            {"type": "text", "text": "Hi", "providerMetadata": {"openai": {"item_id": "x"}}},
        ],
        "finishReason": {"unified": "stop", "raw": "stop"},
        "usage": {"inputTokens": {"total": 3}, "outputTokens": {"total": 1}},
        "warnings": [{"type": "other", "message": "note"}],
        "response": {"id": "r1", "timestamp": "2025-02-03T04:05:06Z", "modelId": "gpt-x"},
    }
    assert to_wire(Finish(FinishReason("length", "length"))) == {
        "type": "finish",
        "finishReason": {"unified": "length", "raw": "length"},
        "usage": {"inputTokens": {}, "outputTokens": {}},
    }


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC), "2025-01-02T03:04:05Z"),
        (datetime(2025, 1, 2, 3, 4, 5), "2025-01-02T03:04:05Z"),  # naive means UTC
        (datetime(2025, 1, 2, 3, 4, 5, 123000, tzinfo=UTC), "2025-01-02T03:04:05.123000Z"),
    ],
)
def test_datetime_is_iso_utc_with_z(moment: datetime, expected: str) -> None:
    assert to_wire(ResponseMetadata(timestamp=moment)) == {"type": "response-metadata", "timestamp": expected}


def test_datetime_with_other_offset_keeps_the_instant() -> None:
    moment = datetime(2025, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    wire = to_wire(moment)
    assert datetime.fromisoformat(wire.replace("Z", "+00:00")) == moment


@pytest.mark.parametrize("data", [PNG, bytearray(PNG), memoryview(PNG)])
def test_bytes_become_base64(data: bytes | bytearray | memoryview) -> None:
    assert to_wire(data) == PNG_B64
    assert base64.b64decode(to_wire(data)) == PNG


def test_user_mapping_keys_are_untouched() -> None:
    options = {
        "openai": {"reasoning_effort": "low", "prompt_cache_key": "k", "nested_obj": {"snake_key": 1}},
        "my-provider": {"top_k": 3},
    }
    part = TextPart("x", provider_options=options)
    assert to_wire(part)["providerOptions"] == options
    schema = {"type": "object", "properties": {"first_name": {"type": "string"}}}
    assert to_wire(FunctionTool("f", schema))["inputSchema"] == schema
    assert to_wire(ToolCallPart("c", "f", {"snake_case_arg": None}))["input"] == {"snake_case_arg": None}


def test_none_inside_user_data_is_kept_but_unset_fields_are_omitted() -> None:
    wire = to_wire(ToolCallPart("c", "f", {"a": None, "b": [None]}))
    assert wire == {
        "type": "tool-call",
        "toolCallId": "c",
        "toolName": "f",
        "input": {"a": None, "b": [None]},
    }
    assert "providerExecuted" not in wire and "providerOptions" not in wire


def test_any_mapping_and_tuple() -> None:
    assert to_wire(MappingProxyType({"k": (1, 2)})) == {"k": [1, 2]}


def test_unserialisable_value_raises() -> None:
    with pytest.raises(TypeError):
        to_wire({"x": object()})


# -- spec V4 additions (AI SDK 7, reference section 9) --------------------------------------


def test_v4_additions_serialise_in_the_ai_sdk_shape() -> None:
    from ai_sdk_integrations.spec import Ping, ReferenceFile, TextFile, TextStart, ToolInputStart

    citations = [{"type": "url", "url": "https://example.com", "title": "Example"}]
    assert to_wire(TextFile("a,b")) == {"type": "text", "text": "a,b"}
    assert to_wire(ReferenceFile({"openai": "file-abc"})) == {
        "type": "reference",
        "reference": {"openai": "file-abc"},
    }
    assert to_wire(TextStart("t0", citations=citations)) == {
        "id": "t0",
        "citations": citations,
        "type": "text-start",
    }
    assert to_wire(TextContent("hi", citations=citations)) == {
        "text": "hi",
        "citations": citations,
        "type": "text",
    }
    assert to_wire(ToolInputStart("c1", "shell", input_encoding="text")) == {
        "id": "c1",
        "toolName": "shell",
        "inputEncoding": "text",
        "type": "tool-input-start",
    }
    assert to_wire(Ping()) == {"type": "ping"}
    assert to_wire(FinishReason("interrupted")) == {"unified": "interrupted"}
    options = CallOptions(prompt=[UserMessage([TextPart("x")])], reasoning="max")
    assert to_wire(options)["reasoning"] == "max"
    result = GenerateResult([], FinishReason("stop"), Usage(), structured_output_text='{"a": 1}')
    assert to_wire(result)["structuredOutputText"] == '{"a": 1}'


def test_v4_additions_parse_back() -> None:
    from ai_sdk_integrations.spec import Ping, Raw, ReferenceFile, TextFile, TextStart
    from ai_sdk_integrations.spec.wire import parse_content, parse_generate_result, parse_stream_part

    citations = [{"type": "url", "url": "https://example.com"}]
    assert parse_stream_part({"type": "ping"}) == Ping()
    start = parse_stream_part({"type": "text-start", "id": "t0", "citations": [*citations, "junk"]})
    assert start == TextStart("t0", citations=tuple(citations))  # an entry that is not an object is dropped
    assert parse_stream_part({"type": "text-start", "id": "t0", "citations": "junk"}) == TextStart("t0")
    file = parse_content({"type": "file", "mediaType": "text/plain", "data": {"type": "text", "text": "hi"}})
    assert file.data == TextFile("hi")
    ref = parse_content(
        {"type": "file", "mediaType": "image/png", "data": {"type": "reference", "reference": {"x": "1"}}}
    )
    assert ref.data == ReferenceFile({"x": "1"})
    with pytest.raises(TypeError):
        parse_content(
            {"type": "file", "mediaType": "image/png", "data": {"type": "reference", "reference": "x"}}
        )
    future = {"type": "video-frame", "data": "..."}
    assert parse_stream_part(future) == Raw(future) and parse_content(future) == Raw(future)
    result = parse_generate_result(
        {
            "content": [],
            "finishReason": {"unified": "interrupted", "raw": "cut"},
            "structuredOutputText": "{}",
        }
    )
    assert (
        result.finish_reason == FinishReason("interrupted", "cut") and result.structured_output_text == "{}"
    )
    assert parse_generate_result({"structuredOutputText": 5}).structured_output_text is None
