"""Spec objects <-> the AI SDK's JSON, for everything the Gateway protocol carries.

Sent: every call option, message, prompt part, tool-result output, tool, tool choice
and response format serialises (``spec.wire.to_wire``) to the field names and shapes
of ``LanguageModelV4CallOptions`` / ``LanguageModelV4Prompt`` (reference sections
1.2-1.4); the expected dicts are written here from the reference, not from our code.
Received: every ``LanguageModelV4GenerateResult`` content part, finish reason, usage
(V4 nested and V2 flat), warning and stream part (section 1.5-1.6) parses back
(``parse_generate_result`` / ``parse_stream_part``), and what we model re-serialises to
the same JSON. The Gateway's stream decoder and result codecs are checked on the same
shapes.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from ai_sdk_integrations.providers.gateway import (
    GatewayChatCodec,
    GatewayEmbeddingCodec,
    GatewayFailedDependencyError,
    GatewayRateLimitError,
    GatewayResponseError,
    GatewayStreamDecoder,
)
from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
    CallWarning,
    DataFile,
    EmbeddingUsage,
    FileContent,
    FilePart,
    Finish,
    FinishReason,
    FunctionTool,
    InputTokens,
    JsonFormat,
    OutputTokens,
    ProviderTool,
    Raw,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningPart,
    ReasoningStart,
    ResponseMetadata,
    SourceContent,
    StreamError,
    StreamStart,
    SystemMessage,
    TextContent,
    TextDelta,
    TextEnd,
    TextFormat,
    TextPart,
    TextStart,
    ToolCallContent,
    ToolCallPart,
    ToolChoice,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
    ToolMessage,
    ToolResultContent,
    ToolResultOutput,
    ToolResultPart,
    UrlFile,
    Usage,
    UserMessage,
    to_wire,
)
from ai_sdk_integrations.spec.errors import InvalidResponseDataError
from ai_sdk_integrations.spec.wire import (
    parse_content,
    parse_finish_reason,
    parse_generate_result,
    parse_stream_part,
    parse_usage,
)

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
PDF_B64 = base64.b64encode(PDF).decode()
META = {"anthropic": {"signature": "sig_abc"}}
SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}

# -- what we send -----------------------------------------------------------------------

SENT: list[tuple[str, Any, Any]] = [
    # prompt parts (1.3)
    ("text part", TextPart("hi"), {"type": "text", "text": "hi"}),
    (
        "text part with provider options",
        TextPart("hi", provider_options=META),
        {"type": "text", "text": "hi", "providerOptions": META},
    ),
    (
        "file part, bytes",
        FilePart(DataFile(PDF), "application/pdf", filename="a.pdf"),
        {
            "type": "file",
            "data": {"type": "data", "data": PDF_B64},
            "mediaType": "application/pdf",
            "filename": "a.pdf",
        },
    ),
    (
        "file part, base64 string",
        FilePart(DataFile(PDF_B64), "application/pdf"),
        {"type": "file", "data": {"type": "data", "data": PDF_B64}, "mediaType": "application/pdf"},
    ),
    (
        "file part, URL, top-level media type",
        FilePart(UrlFile("https://example.com/cat.jpg"), "image"),
        {"type": "file", "data": {"type": "url", "url": "https://example.com/cat.jpg"}, "mediaType": "image"},
    ),
    (
        "reasoning part",
        ReasoningPart("thinking", provider_options=META),
        {"type": "reasoning", "text": "thinking", "providerOptions": META},
    ),
    (
        "tool-call part (input is the parsed JSON value)",
        ToolCallPart("call_1", "get_weather", {"city": "Oslo"}, provider_executed=False),
        {
            "type": "tool-call",
            "toolCallId": "call_1",
            "toolName": "get_weather",
            "input": {"city": "Oslo"},
            "providerExecuted": False,
        },
    ),
    (
        "tool-result part",
        ToolResultPart("call_1", "get_weather", ToolResultOutput("text", "sunny"), provider_options=META),
        {
            "type": "tool-result",
            "toolCallId": "call_1",
            "toolName": "get_weather",
            "output": {"type": "text", "value": "sunny"},
            "providerOptions": META,
        },
    ),
    # tool-result outputs
    ("output text", ToolResultOutput("text", "ok"), {"type": "text", "value": "ok"}),
    ("output json", ToolResultOutput("json", {"a": [1, None]}), {"type": "json", "value": {"a": [1, None]}}),
    ("output error-text", ToolResultOutput("error-text", "boom"), {"type": "error-text", "value": "boom"}),
    (
        "output error-json",
        ToolResultOutput("error-json", {"code": 1}),
        {"type": "error-json", "value": {"code": 1}},
    ),
    (
        "output execution-denied",
        ToolResultOutput("execution-denied", reason="user said no"),
        {"type": "execution-denied", "reason": "user said no"},
    ),
    (
        "output content",
        ToolResultOutput(
            "content",
            [
                {"type": "text", "text": "chart"},
                {"type": "file", "data": DataFile(PDF), "mediaType": "application/pdf", "filename": "c.pdf"},
                {"type": "file", "data": UrlFile("https://example.com/c.png"), "mediaType": "image/png"},
            ],
        ),
        {
            "type": "content",
            "value": [
                {"type": "text", "text": "chart"},
                {
                    "type": "file",
                    "data": {"type": "data", "data": PDF_B64},
                    "mediaType": "application/pdf",
                    "filename": "c.pdf",
                },
                {
                    "type": "file",
                    "data": {"type": "url", "url": "https://example.com/c.png"},
                    "mediaType": "image/png",
                },
            ],
        },
    ),
    ("from_value str", ToolResultOutput.from_value("s"), {"type": "text", "value": "s"}),
    ("from_value dict", ToolResultOutput.from_value({"k": 1}), {"type": "json", "value": {"k": 1}}),
    # messages
    ("system message", SystemMessage("be brief"), {"role": "system", "content": "be brief"}),
    (
        "system message with provider options",
        SystemMessage("be brief", provider_options={"anthropic": {"cacheControl": {"type": "ephemeral"}}}),
        {
            "role": "system",
            "content": "be brief",
            "providerOptions": {"anthropic": {"cacheControl": {"type": "ephemeral"}}},
        },
    ),
    (
        "user message",
        UserMessage([TextPart("hi")]),
        {"role": "user", "content": [{"type": "text", "text": "hi"}]},
    ),
    (
        "assistant message",
        AssistantMessage([ReasoningPart("r"), TextPart("t"), ToolCallPart("c", "f", {})]),
        {
            "role": "assistant",
            "content": [
                {"type": "reasoning", "text": "r"},
                {"type": "text", "text": "t"},
                {"type": "tool-call", "toolCallId": "c", "toolName": "f", "input": {}},
            ],
        },
    ),
    (
        "tool message",
        ToolMessage([ToolResultPart("c", "f", ToolResultOutput("json", [1, 2]))]),
        {
            "role": "tool",
            "content": [
                {
                    "type": "tool-result",
                    "toolCallId": "c",
                    "toolName": "f",
                    "output": {"type": "json", "value": [1, 2]},
                }
            ],
        },
    ),
    # tools, tool choice, response format (1.2, 1.4)
    (
        "function tool",
        FunctionTool(
            "get_weather", SCHEMA, "Weather now", strict=True, provider_options={"openai": {"x": 1}}
        ),
        {
            "type": "function",
            "name": "get_weather",
            "inputSchema": SCHEMA,
            "description": "Weather now",
            "strict": True,
            "providerOptions": {"openai": {"x": 1}},
        },
    ),
    (
        "function tool, minimal",
        FunctionTool("f", {"type": "object"}),
        {"type": "function", "name": "f", "inputSchema": {"type": "object"}},
    ),
    (
        "provider tool",
        ProviderTool(
            "gateway.perplexity_search", "search", {"maxResults": 5, "search_domain_filter": ["a.com"]}
        ),
        {
            "type": "provider",
            "id": "gateway.perplexity_search",
            "name": "search",
            "args": {"maxResults": 5, "search_domain_filter": ["a.com"]},
        },
    ),
    ("tool choice auto", ToolChoice(), {"type": "auto"}),
    ("tool choice none", ToolChoice("none"), {"type": "none"}),
    ("tool choice required", ToolChoice("required"), {"type": "required"}),
    ("tool choice tool", ToolChoice("tool", "get_weather"), {"type": "tool", "toolName": "get_weather"}),
    ("text format", TextFormat(), {"type": "text"}),
    ("json format, bare", JsonFormat(), {"type": "json"}),
    (
        "json format with schema",
        JsonFormat(SCHEMA, "City", "A city"),
        {"type": "json", "schema": SCHEMA, "name": "City", "description": "A city"},
    ),
    # whole call options
    (
        "call options, minimal",
        CallOptions(prompt=[UserMessage([TextPart("hi")])]),
        {"prompt": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]},
    ),
    (
        "call options, every setting",
        CallOptions(
            prompt=[SystemMessage("s")],
            max_output_tokens=10,
            temperature=0.0,
            stop_sequences=["\n\n"],
            top_p=1.0,
            top_k=1,
            presence_penalty=0.0,
            frequency_penalty=0.5,
            response_format=TextFormat(),
            seed=0,
            tools=[FunctionTool("f", {"type": "object"})],
            tool_choice=ToolChoice("none"),
            include_raw_chunks=False,
            headers={"x-a": "1"},
            reasoning="xhigh",
            provider_options={
                "gateway": {"order": ["bedrock"], "only": ["bedrock"], "models": ["a/b"], "user": "u1"}
            },
        ),
        {
            "prompt": [{"role": "system", "content": "s"}],
            "maxOutputTokens": 10,
            "temperature": 0.0,
            "stopSequences": ["\n\n"],
            "topP": 1.0,
            "topK": 1,
            "presencePenalty": 0.0,
            "frequencyPenalty": 0.5,
            "responseFormat": {"type": "text"},
            "seed": 0,
            "tools": [{"type": "function", "name": "f", "inputSchema": {"type": "object"}}],
            "toolChoice": {"type": "none"},
            "includeRawChunks": False,
            "headers": {"x-a": "1"},
            "reasoning": "xhigh",
            "providerOptions": {
                "gateway": {"order": ["bedrock"], "only": ["bedrock"], "models": ["a/b"], "user": "u1"}
            },
        },
    ),
]


@pytest.mark.parametrize(("value", "expected"), [(v, e) for _, v, e in SENT], ids=[n for n, _, _ in SENT])
def test_what_we_send_has_the_ai_sdk_field_names_and_shapes(value: Any, expected: Any) -> None:
    wire = to_wire(value)
    assert wire == expected
    assert json.loads(json.dumps(wire)) == expected  # plain JSON, nothing left to convert


def test_the_gateway_codec_sends_the_call_options_object_itself() -> None:
    options = CallOptions(prompt=[UserMessage([TextPart("hi")])], temperature=0.3, headers={"x-a": "1"})
    request = GatewayChatCodec("openai/gpt-5").build_request(options, stream=True)
    assert request.path == "/language-model" and request.method == "POST" and request.stream
    assert request.body == to_wire(options)
    assert dict(request.headers) == {
        "ai-language-model-specification-version": "4",
        "ai-language-model-id": "openai/gpt-5",
        "ai-language-model-streaming": "true",
        "x-a": "1",
    }


def test_the_v3_codec_untags_file_data_everywhere_in_the_prompt() -> None:
    options = CallOptions(
        prompt=[
            UserMessage(
                [
                    FilePart(DataFile(PDF), "application/pdf"),
                    FilePart(UrlFile("https://e.com/x.png"), "image/png"),
                ]
            ),
            AssistantMessage([FilePart(DataFile(PDF_B64), "application/pdf")]),
            UserMessage([FilePart(DataFile(PDF), "")]),
        ],
        reasoning="high",
    )
    body = GatewayChatCodec("openai/gpt-5", 3).build_request(options, stream=False).body
    assert "reasoning" not in body
    assert [p["data"] for m in body["prompt"] for p in m["content"]] == [
        f"data:application/pdf;base64,{PDF_B64}",
        "https://e.com/x.png",
        f"data:application/pdf;base64,{PDF_B64}",
        f"data:application/octet-stream;base64,{PDF_B64}",
    ]


def test_the_embedding_codec_body() -> None:
    codec = GatewayEmbeddingCodec("openai/text-embedding-3-small")
    request = codec.build_request(
        ["a", "b"], provider_options={"openai": {"dimensions": 8}}, headers={"x-b": "2"}
    )
    assert (request.path, request.method) == ("/embedding-model", "POST")
    assert request.body == {"values": ["a", "b"], "providerOptions": {"openai": {"dimensions": 8}}}
    assert dict(request.headers) == {
        "ai-embedding-model-specification-version": "4",
        "ai-model-id": "openai/text-embedding-3-small",
        "x-b": "2",
    }
    assert codec.build_request(["a"]).body == {"values": ["a"]}


# -- what we receive ----------------------------------------------------------------------

GATEWAY_META = {"gateway": {"generationId": "gen_01JZ", "cost": "0.0001"}, "openai": {"responseId": "resp_1"}}

CONTENT: list[tuple[str, dict[str, Any], Any]] = [
    ("text", {"type": "text", "text": "Hello"}, TextContent("Hello")),
    ("text with metadata", {"type": "text", "text": "Hi", "providerMetadata": META}, TextContent("Hi", META)),
    (
        "reasoning",
        {"type": "reasoning", "text": "hmm", "providerMetadata": META},
        ReasoningContent("hmm", META),
    ),
    (
        "tool-call (input is a JSON string)",
        {
            "type": "tool-call",
            "toolCallId": "call_9",
            "toolName": "get_weather",
            "input": '{"city":"Oslo"}',
            "providerExecuted": False,
            "dynamic": True,
            "providerMetadata": META,
        },
        ToolCallContent("call_9", "get_weather", '{"city":"Oslo"}', False, True, META),
    ),
    (
        "tool-result (provider-executed)",
        {
            "type": "tool-result",
            "toolCallId": "ws_1",
            "toolName": "web_search",
            "result": [{"url": "https://a.b"}],
            "isError": False,
        },
        ToolResultContent("ws_1", "web_search", [{"url": "https://a.b"}], False),
    ),
    (
        "file, v4 tagged data",
        {"type": "file", "mediaType": "image/png", "data": {"type": "data", "data": PDF_B64}},
        FileContent("image/png", DataFile(PDF_B64)),
    ),
    (
        "file, v4 url",
        {"type": "file", "mediaType": "image/png", "data": {"type": "url", "url": "https://e.com/i.png"}},
        FileContent("image/png", UrlFile("https://e.com/i.png")),
    ),
    (
        "source url",
        {"type": "source", "sourceType": "url", "id": "src_1", "url": "https://a.b", "title": "A"},
        SourceContent("url", "src_1", url="https://a.b", title="A"),
    ),
    (
        "source document",
        {
            "type": "source",
            "sourceType": "document",
            "id": "doc_1",
            "mediaType": "application/pdf",
            "title": "T",
            "filename": "t.pdf",
        },
        SourceContent("document", "doc_1", title="T", media_type="application/pdf", filename="t.pdf"),
    ),
]
# V4 shapes this port does not model: kept whole as Raw, never dropped.
UNMODELLED_CONTENT = [
    {"type": "custom", "kind": "openai.compaction", "providerMetadata": {"openai": {"id": "c1"}}},
    {"type": "reasoning-file", "mediaType": "image/png", "data": {"type": "data", "data": PDF_B64}},
    {"type": "tool-approval-request", "approvalId": "ap_1", "toolCallId": "call_1"},
]


@pytest.mark.parametrize(
    ("data", "expected"), [(d, e) for _, d, e in CONTENT], ids=[n for n, _, _ in CONTENT]
)
def test_each_content_part_parses_and_serialises_back(data: dict[str, Any], expected: Any) -> None:
    parsed = parse_content(data)
    assert parsed == expected
    assert to_wire(parsed) == data


def test_v3_and_v2_file_content_is_a_plain_base64_string() -> None:
    assert parse_content({"type": "file", "mediaType": "image/png", "data": PDF_B64}) == FileContent(
        "image/png", DataFile(PDF_B64)
    )


@pytest.mark.parametrize("data", UNMODELLED_CONTENT, ids=lambda d: d["type"])
def test_content_we_do_not_model_is_kept_raw(data: dict[str, Any]) -> None:
    assert parse_content(data) == Raw(data)


V4_RESULT: dict[str, Any] = {
    "content": [c for _, c, _ in CONTENT] + UNMODELLED_CONTENT,
    "finishReason": {"unified": "tool-calls", "raw": "tool_use"},
    "usage": {
        "inputTokens": {"total": 1200, "noCache": 176, "cacheRead": 1024, "cacheWrite": 0},
        "outputTokens": {"total": 90, "text": 30, "reasoning": 60},
        "raw": {"input_tokens": 176, "cache_read_input_tokens": 1024, "output_tokens": 90},
    },
    "providerMetadata": GATEWAY_META,
    "response": {"id": "msg_01", "timestamp": "2026-05-01T12:30:45.123Z", "modelId": "claude-sonnet-4-6"},
    "warnings": [],
    "request": {"body": {"ignored": True}},
}
WARNINGS: list[dict[str, Any]] = [
    {"type": "unsupported", "feature": "topK", "details": "ignored"},
    {"type": "compatibility", "feature": "seed"},
    {"type": "deprecated", "setting": "maxTokens", "message": "use maxOutputTokens"},
    {"type": "other", "message": "note"},
]
PARSE_WARNINGS_BUG = (
    "BUG: spec.wire._from_wire never passes 'type' (it skips the discriminator, which every other "
    "parsed class defaults), but CallWarning.type has no default, so parse_warnings raises TypeError "
    "on any non-empty warnings list: a generate result, a stream-start part or an embedding result "
    "that carries a warning cannot be parsed."
)


def test_a_v4_generate_result_parses_completely() -> None:
    result = parse_generate_result(V4_RESULT)
    assert list(result.content) == [e for _, _, e in CONTENT] + [Raw(d) for d in UNMODELLED_CONTENT]
    assert result.finish_reason == FinishReason("tool-calls", "tool_use")
    assert result.usage == Usage(
        InputTokens(1200, 176, 1024, 0),
        OutputTokens(90, 30, 60),
        {"input_tokens": 176, "cache_read_input_tokens": 1024, "output_tokens": 90},
    )
    assert result.usage.total_tokens == 1290
    assert result.provider_metadata == GATEWAY_META
    assert result.response is not None
    assert (result.response.id, result.response.model_id) == ("msg_01", "claude-sonnet-4-6")
    assert result.response.timestamp == datetime(2026, 5, 1, 12, 30, 45, 123000, tzinfo=UTC)
    assert list(result.warnings) == []


def test_warnings_of_every_kind_parse_and_serialise_back() -> None:
    result = parse_generate_result({**V4_RESULT, "warnings": WARNINGS})
    assert list(result.warnings) == [
        CallWarning("unsupported", feature="topK", details="ignored"),
        CallWarning("compatibility", feature="seed"),
        CallWarning("deprecated", setting="maxTokens", message="use maxOutputTokens"),
        CallWarning("other", message="note"),
    ]
    assert [to_wire(w) for w in result.warnings] == WARNINGS


def test_a_stream_start_with_warnings_parses() -> None:
    part = parse_stream_part(
        {"type": "stream-start", "warnings": [{"type": "unsupported", "feature": "seed"}]}
    )
    assert part == StreamStart((CallWarning("unsupported", feature="seed"),))


def test_a_v4_usage_serialises_back_to_the_same_json() -> None:
    assert to_wire(parse_usage(V4_RESULT["usage"])) == V4_RESULT["usage"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"unified": "stop", "raw": "end_turn"}, FinishReason("stop", "end_turn")),
        ({"unified": "length", "raw": "max_tokens"}, FinishReason("length", "max_tokens")),
        ({"unified": "content-filter", "raw": "SAFETY"}, FinishReason("content-filter", "SAFETY")),
        ({"unified": "error"}, FinishReason("error", None)),
        ({"unified": "other", "raw": "pause_turn"}, FinishReason("other", "pause_turn")),
        ({"unified": "something-new", "raw": "x"}, FinishReason("other", "x")),
        # V2: a plain string (``unknown`` became ``other`` in V3)
        ("stop", FinishReason("stop", "stop")),
        ("tool-calls", FinishReason("tool-calls", "tool-calls")),
        ("unknown", FinishReason("other", "unknown")),
    ],
)
def test_finish_reasons_of_every_spec_version(data: Any, expected: FinishReason) -> None:
    assert parse_finish_reason(data) == expected


V2_RESULT: dict[str, Any] = {
    "content": [{"type": "text", "text": "Hi"}, {"type": "file", "mediaType": "image/png", "data": PDF_B64}],
    "finishReason": "stop",
    "usage": {"inputTokens": 12, "outputTokens": 5, "totalTokens": 17},
    "warnings": [],
}


def test_a_v2_result_with_flat_usage_and_a_string_finish_reason_parses() -> None:
    result = parse_generate_result(V2_RESULT)
    assert list(result.content) == [TextContent("Hi"), FileContent("image/png", DataFile(PDF_B64))]
    assert result.finish_reason == FinishReason("stop", "stop")
    assert result.usage == Usage(InputTokens(total=12), OutputTokens(total=5))
    assert result.usage.total_tokens == 17


def test_v2_flat_usage_keeps_cached_and_reasoning_tokens() -> None:
    usage = parse_usage(
        {
            "inputTokens": 100,
            "outputTokens": 40,
            "totalTokens": 140,
            "cachedInputTokens": 64,
            "reasoningTokens": 30,
        }
    )
    assert usage == Usage(InputTokens(total=100, cache_read=64), OutputTokens(total=40, reasoning=30))


def test_missing_usage_and_empty_results_parse_to_unknowns() -> None:
    result = parse_generate_result({"content": [], "finishReason": {"unified": "stop"}})
    assert result.usage == Usage() and result.usage.total_tokens is None
    assert list(result.content) == [] and list(result.warnings) == []
    assert parse_usage({"inputTokens": {"total": 3}}) == Usage(InputTokens(total=3), OutputTokens())


# -- stream parts -------------------------------------------------------------------------

V4_USAGE = {"inputTokens": {"total": 10, "noCache": 10}, "outputTokens": {"total": 4, "text": 4}}
STREAM: list[tuple[str, dict[str, Any], Any]] = [
    ("stream-start", {"type": "stream-start", "warnings": []}, StreamStart(())),
    (
        "text-start",
        {"type": "text-start", "id": "txt-0", "providerMetadata": GATEWAY_META},
        TextStart("txt-0", GATEWAY_META),
    ),
    ("text-delta", {"type": "text-delta", "id": "txt-0", "delta": "Hel"}, TextDelta("txt-0", "Hel")),
    ("text-end", {"type": "text-end", "id": "txt-0"}, TextEnd("txt-0")),
    ("reasoning-start", {"type": "reasoning-start", "id": "r-0"}, ReasoningStart("r-0")),
    ("reasoning-delta", {"type": "reasoning-delta", "id": "r-0", "delta": "hm"}, ReasoningDelta("r-0", "hm")),
    (
        "reasoning-end",
        {"type": "reasoning-end", "id": "r-0", "providerMetadata": META},
        ReasoningEnd("r-0", META),
    ),
    (
        "tool-input-start",
        {
            "type": "tool-input-start",
            "id": "call_1",
            "toolName": "f",
            "providerExecuted": True,
            "dynamic": True,
            "title": "F",
        },
        ToolInputStart("call_1", "f", True, True, "F"),
    ),
    (
        "tool-input-delta",
        {"type": "tool-input-delta", "id": "call_1", "delta": '{"a":'},
        ToolInputDelta("call_1", '{"a":'),
    ),
    ("tool-input-end", {"type": "tool-input-end", "id": "call_1"}, ToolInputEnd("call_1")),
    (
        "tool-call",
        {"type": "tool-call", "toolCallId": "call_1", "toolName": "f", "input": '{"a":1}'},
        ToolCallContent("call_1", "f", '{"a":1}'),
    ),
    (
        "tool-result",
        {"type": "tool-result", "toolCallId": "ws_1", "toolName": "web_search", "result": {"hits": 2}},
        ToolResultContent("ws_1", "web_search", {"hits": 2}),
    ),
    (
        "file",
        {"type": "file", "mediaType": "image/png", "data": {"type": "data", "data": PDF_B64}},
        FileContent("image/png", DataFile(PDF_B64)),
    ),
    (
        "source",
        {"type": "source", "sourceType": "url", "id": "s1", "url": "https://a.b"},
        SourceContent("url", "s1", url="https://a.b"),
    ),
    (
        "finish",
        {
            "type": "finish",
            "finishReason": {"unified": "stop", "raw": "stop"},
            "usage": V4_USAGE,
            "providerMetadata": GATEWAY_META,
        },
        Finish(FinishReason("stop", "stop"), Usage(InputTokens(10, 10), OutputTokens(4, 4)), GATEWAY_META),
    ),
    ("raw", {"type": "raw", "rawValue": {"choices": []}}, Raw({"choices": []})),
    (
        "error",
        {"type": "error", "error": {"message": "x", "type": "rate_limit_exceeded"}},
        StreamError({"message": "x", "type": "rate_limit_exceeded"}),
    ),
]


@pytest.mark.parametrize(("data", "expected"), [(d, e) for _, d, e in STREAM], ids=[n for n, _, _ in STREAM])
def test_each_stream_part_parses_and_serialises_back(data: dict[str, Any], expected: Any) -> None:
    parsed = parse_stream_part(data)
    assert parsed == expected
    assert to_wire(parsed) == data


def test_response_metadata_timestamp_becomes_a_datetime() -> None:
    part = parse_stream_part(
        {"type": "response-metadata", "id": "resp_1", "timestamp": "2026-05-01T12:30:45Z", "modelId": "gpt-5"}
    )
    assert part == ResponseMetadata("resp_1", datetime(2026, 5, 1, 12, 30, 45, tzinfo=UTC), "gpt-5")
    assert parse_stream_part(to_wire(part)) == part


def test_a_v2_finish_part_parses() -> None:
    part = parse_stream_part(
        {
            "type": "finish",
            "finishReason": "length",
            "usage": {"inputTokens": 7, "outputTokens": 9, "totalTokens": 16},
        }
    )
    assert part == Finish(
        FinishReason("length", "length"), Usage(InputTokens(total=7), OutputTokens(total=9))
    )


@pytest.mark.parametrize(
    "data",
    [
        {"type": "custom", "kind": "openai.x"},
        {"type": "reasoning-file", "mediaType": "image/png", "data": {"type": "url", "url": "https://a.b"}},
        {"type": "tool-approval-request", "approvalId": "a", "toolCallId": "c"},
        {"type": "something-from-the-future", "x": 1},
    ],
    ids=lambda d: d["type"],
)
def test_stream_parts_we_do_not_model_are_kept_raw(data: dict[str, Any]) -> None:
    assert parse_stream_part(data) == Raw(data)


# -- the Gateway codecs on these shapes ---------------------------------------------------


def sse(part: dict[str, Any]) -> str:
    return json.dumps(part)


def test_the_stream_decoder_passes_parts_through_and_requires_a_finish() -> None:
    decoder = GatewayStreamDecoder("a/b")
    assert decoder.feed(sse({"type": "text-delta", "id": "t", "delta": "a"})) == [TextDelta("t", "a")]
    assert decoder.feed("[DONE]") == []
    [ended] = decoder.finish()
    assert isinstance(ended, StreamError) and isinstance(ended.error, InvalidResponseDataError)
    finished = GatewayStreamDecoder("a/b")
    finished.feed(sse(STREAM[-3][1]))
    assert finished.finish() == []


def test_the_stream_decoder_names_the_gateway_model_that_served() -> None:
    """``response-metadata`` carries the upstream's own model name; the decoder reports
    the Gateway's (the ``x-model-id`` header, else the model asked for), as vercel/ai
    #19152 does for #18118."""
    part = sse({"type": "response-metadata", "id": "msg_1", "modelId": "claude-sonnet-4-6"})
    [asked] = GatewayStreamDecoder("anthropic/claude-sonnet-4.6").feed(part)
    assert asked == ResponseMetadata("msg_1", None, "anthropic/claude-sonnet-4.6")
    decoder = GatewayStreamDecoder("anthropic/claude-sonnet-4.6")
    decoder.response_headers({"x-model-id": "openai/gpt-5"})  # a fallback served it
    [served] = decoder.feed(part)
    assert served.model_id == "openai/gpt-5"  # type: ignore[union-attr]


def test_the_stream_decoder_drops_raw_parts_unless_asked() -> None:
    raw = sse({"type": "raw", "rawValue": {"x": 1}})
    assert GatewayStreamDecoder("a/b").feed(raw) == []
    assert GatewayStreamDecoder("a/b", include_raw=True).feed(raw) == [Raw({"x": 1})]
    decoder = GatewayChatCodec("a/b").stream_decoder(CallOptions(prompt=[], include_raw_chunks=True))
    assert decoder.feed(raw) == [Raw({"x": 1})]


def test_the_stream_decoder_types_in_band_errors_and_flags_bad_json() -> None:
    decoder = GatewayStreamDecoder("a/b")
    [typed] = decoder.feed(
        sse({"type": "error", "error": {"message": "slow down", "type": "rate_limit_exceeded"}})
    )
    assert isinstance(typed.error, GatewayRateLimitError) and "slow down" in str(typed.error)
    [failed] = decoder.feed(
        sse({"type": "error", "error": {"message": "upstream", "type": "failed_dependency"}})
    )
    assert isinstance(failed.error, GatewayFailedDependencyError)
    [untyped] = decoder.feed(sse({"type": "error", "error": "plain words"}))
    assert isinstance(untyped.error, GatewayResponseError)
    [broken] = decoder.feed("{not json")
    assert isinstance(broken.error, InvalidResponseDataError)


def test_the_chat_codec_parses_a_result_and_refuses_other_shapes() -> None:
    codec = GatewayChatCodec("anthropic/claude-sonnet-4.6")
    parsed = parse_generate_result(V4_RESULT)
    assert parsed.response is not None and parsed.response.model_id == "claude-sonnet-4-6"  # upstream's
    served = dataclasses.replace(parsed.response, model_id="anthropic/claude-sonnet-4.6")
    assert codec.parse_response(V4_RESULT) == dataclasses.replace(parsed, response=served)
    fallback = codec.parse_response(V4_RESULT, {"x-model-id": "openai/gpt-5"})
    assert fallback.response is not None and fallback.response.model_id == "openai/gpt-5"
    with pytest.raises(InvalidResponseDataError):
        codec.parse_response(["not", "an", "object"])
    with pytest.raises(InvalidResponseDataError):
        codec.parse_response({"content": [{"type": "text"}], "finishReason": "stop"})


def test_the_embedding_codec_parses_results() -> None:
    codec = GatewayEmbeddingCodec("openai/text-embedding-3-small")
    body = {
        "embeddings": [[0.1, 0.2], [0.3, 0.4]],
        "usage": {"tokens": 6},
        "warnings": [],
        "providerMetadata": GATEWAY_META,
    }
    result = codec.parse_response(body, {"x-vercel-id": "fra1::abc"})
    assert result.embeddings == [[0.1, 0.2], [0.3, 0.4]]
    assert result.usage == EmbeddingUsage(6)
    assert list(result.warnings) == []
    assert result.provider_metadata == GATEWAY_META
    assert result.response_headers == {"x-vercel-id": "fra1::abc"}
    assert codec.parse_response({"embeddings": [[1.0]], "usage": None}).usage is None
    with pytest.raises(InvalidResponseDataError):
        codec.parse_response({"data": []})


def test_the_embedding_codec_parses_warnings() -> None:
    result = GatewayEmbeddingCodec("a/b").parse_response(
        {"embeddings": [[1.0]], "warnings": [{"type": "other", "message": "m"}]}
    )
    assert list(result.warnings) == [CallWarning("other", message="m")]
