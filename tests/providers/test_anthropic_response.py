"""Anthropic messages and stream events -> spec results and parts, field by field, on
the shapes Anthropic documents (Messages API reference, streaming, extended thinking,
citations, web search, errors)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ai_sdk_integrations.provider.profile import model_profile
from ai_sdk_integrations.providers.anthropic.codec import AnthropicMessagesCodec
from ai_sdk_integrations.providers.anthropic.errors import anthropic_error_class, anthropic_error_message
from ai_sdk_integrations.providers.anthropic.finish_reason import map_stop_reason
from ai_sdk_integrations.spec import (
    CallOptions,
    DataFile,
    FilePart,
    Finish,
    FinishReason,
    InputTokens,
    JsonFormat,
    OutputTokens,
    Ping,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    ResponseMetadata,
    SourceContent,
    StreamError,
    StreamPart,
    TextContent,
    TextDelta,
    TextEnd,
    TextPart,
    TextStart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
    ToolResultContent,
    Usage,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import (
    AuthenticationError,
    InvalidRequestError,
    InvalidResponseDataError,
    NotFoundError,
    RateLimitError,
    ServerError,
)


def codec(model_id: str = "claude-sonnet-4-5") -> AnthropicMessagesCodec:
    return AnthropicMessagesCodec(model_id, "anthropic", model_profile(model_id), new_id=lambda: "id")


OPTIONS = CallOptions(prompt=[UserMessage([TextPart("hi")])])


def decode(
    events: list[dict[str, Any]], options: CallOptions = OPTIONS, model_id: str = "claude-sonnet-4-5"
) -> list[StreamPart]:
    decoder = codec(model_id).stream_decoder(options)
    parts = [part for event in events for part in decoder.feed(json.dumps(event))]
    return parts + decoder.finish()


USAGE = {
    "input_tokens": 2095,
    "output_tokens": 503,
    "cache_creation_input_tokens": 0,
    "cache_read_input_tokens": 0,
}


def message(
    *content: dict[str, Any], stop_reason: str = "end_turn", usage: dict[str, Any] = USAGE
) -> dict[str, Any]:
    return {
        "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5-20250929",
        "content": list(content),
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": usage,
    }


# -- generate ------------------------------------------------------------------------------


def test_text_message() -> None:
    body = message({"type": "text", "text": "Hi! My name is Claude."})
    result = codec().parse_response(body, {"request-id": "req_1"})
    assert result.content == [TextContent("Hi! My name is Claude.")]
    assert result.finish_reason == FinishReason("stop", "end_turn")
    assert result.usage == Usage(InputTokens(2095, 2095, 0, 0), OutputTokens(503), raw=USAGE)
    assert result.response is not None
    assert (result.response.id, result.response.model_id) == (body["id"], body["model"])
    assert result.response.headers == {"request-id": "req_1"} and result.response.body == body
    assert result.provider_metadata == {
        "anthropic": {"usage": USAGE, "cacheCreationInputTokens": 0, "stopSequence": None}
    }


def test_cache_usage_sums_into_the_input_total() -> None:
    usage = {
        "input_tokens": 21,
        "cache_creation_input_tokens": 188086,
        "cache_read_input_tokens": 5,
        "output_tokens": 393,
    }
    result = codec().parse_response(message({"type": "text", "text": "x"}, usage=usage))
    assert result.usage.input_tokens == InputTokens(
        total=188112, no_cache=21, cache_read=5, cache_write=188086
    )
    assert result.usage.total_tokens == 188112 + 393
    assert result.provider_metadata is not None
    assert result.provider_metadata["anthropic"]["cacheCreationInputTokens"] == 188086


def test_missing_cache_fields_are_unknown_not_zero() -> None:
    result = codec().parse_response(
        message({"type": "text", "text": "x"}, usage={"input_tokens": 3, "output_tokens": 1})
    )
    assert result.usage.input_tokens == InputTokens(total=3, no_cache=3)


def test_tool_use_and_thinking_blocks() -> None:
    body = message(
        {"type": "thinking", "thinking": "Let me check.", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
        {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4a"},
        {"type": "text", "text": "I'll look that up."},
        {
            "type": "tool_use",
            "id": "toolu_01A09q90qw90lq917835lq9",
            "name": "get_weather",
            "input": {"location": "San Francisco, CA", "unit": "celsius"},
        },
        stop_reason="tool_use",
    )
    result = codec().parse_response(body)
    assert result.content == [
        ReasoningContent("Let me check.", {"anthropic": {"signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"}}),
        ReasoningContent("", {"anthropic": {"redactedData": "EmwKAhgBEgy3va3pzix/LafPsn4a"}}),
        TextContent("I'll look that up."),
        ToolCallContent(
            "toolu_01A09q90qw90lq917835lq9",
            "get_weather",
            '{"location":"San Francisco, CA","unit":"celsius"}',
        ),
    ]
    assert result.finish_reason == FinishReason("tool-calls", "tool_use")


def test_json_tool_is_the_answer_text() -> None:
    body = message(
        {"type": "tool_use", "id": "toolu_1", "name": "json", "input": {"n": 1}}, stop_reason="tool_use"
    )
    options = CallOptions(prompt=OPTIONS.prompt, response_format=JsonFormat({"type": "object"}))
    for result in (
        codec("claude-sonnet-4-0").parse_response(body, None, options),
        codec("claude-sonnet-4-0").parse_response(body),
    ):
        assert result.content == [TextContent('{"n":1}')]
        assert result.finish_reason == FinishReason("stop", "tool_use")
    assert isinstance(codec().parse_response(body, None, OPTIONS).content[0], ToolCallContent)


def test_document_citations_become_sources() -> None:
    citation = {
        "type": "char_location",
        "cited_text": "The grass is green.",
        "document_index": 0,
        "document_title": "Example Document",
        "start_char_index": 0,
        "end_char_index": 20,
    }
    page = {
        "type": "page_location",
        "cited_text": "Revenue",
        "document_index": 1,
        "document_title": None,
        "start_page_number": 1,
        "end_page_number": 2,
    }
    body = message({"type": "text", "text": "the grass is green", "citations": [citation, page]})
    cite = {"anthropic": {"citations": {"enabled": True}}}
    options = CallOptions(
        prompt=[
            UserMessage(
                [
                    FilePart(DataFile(b"The grass is green."), "text/plain", provider_options=cite),
                    FilePart(DataFile(b"%PDF"), "application/pdf", "q3.pdf", provider_options=cite),
                ]
            )
        ]
    )
    result = codec().parse_response(body, None, options)
    assert result.content == [
        TextContent("the grass is green", citations=(citation, page)),
        SourceContent(
            "document",
            "id",
            title="Example Document",
            media_type="text/plain",
            provider_metadata={
                "anthropic": {"citedText": "The grass is green.", "startCharIndex": 0, "endCharIndex": 20}
            },
        ),
        SourceContent(
            "document",
            "id",
            title="q3.pdf",
            media_type="application/pdf",
            filename="q3.pdf",
            provider_metadata={
                "anthropic": {"citedText": "Revenue", "startPageNumber": 1, "endPageNumber": 2}
            },
        ),
    ]


def test_web_search_blocks() -> None:
    body = message(
        {
            "type": "server_tool_use",
            "id": "srvtoolu_01",
            "name": "web_search",
            "input": {"query": "claude shannon birth date"},
        },
        {
            "type": "web_search_tool_result",
            "tool_use_id": "srvtoolu_01",
            "content": [
                {
                    "type": "web_search_result",
                    "url": "https://en.wikipedia.org/wiki/Claude_Shannon",
                    "title": "Claude Shannon - Wikipedia",
                    "encrypted_content": "EqgfCioIARgB",
                    "page_age": "April 30, 2025",
                }
            ],
        },
        {
            "type": "text",
            "text": "Claude Shannon was born on April 30, 1916",
            "citations": [
                {
                    "type": "web_search_result_location",
                    "url": "https://en.wikipedia.org/wiki/Claude_Shannon",
                    "title": "Claude Shannon - Wikipedia",
                    "encrypted_index": "Eo8BCioIAhgB",
                    "cited_text": "Claude Elwood Shannon (April 30, 1916 ...",
                }
            ],
        },
    )
    content = codec().parse_response(body).content
    assert content[0] == ToolCallContent(
        "srvtoolu_01", "web_search", '{"query":"claude shannon birth date"}', provider_executed=True
    )
    assert isinstance(content[1], ToolResultContent) and content[1].result[0]["pageAge"] == "April 30, 2025"
    assert content[2] == SourceContent(
        "url",
        "id",
        url="https://en.wikipedia.org/wiki/Claude_Shannon",
        title="Claude Shannon - Wikipedia",
        provider_metadata={"anthropic": {"pageAge": "April 30, 2025"}},
    )
    assert isinstance(content[3], TextContent)
    assert content[4].url == "https://en.wikipedia.org/wiki/Claude_Shannon"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "unified"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("pause_turn", "stop"),
        ("max_tokens", "length"),
        ("model_context_window_exceeded", "length"),
        ("tool_use", "tool-calls"),
        ("refusal", "content-filter"),
        ("something_new", "other"),
        (None, "other"),
    ],
)
def test_stop_reasons(raw: str | None, unified: str) -> None:
    assert map_stop_reason(raw) == FinishReason(unified, raw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "body", [{}, {"content": "x"}, {"content": [{"type": "text", "text": 5}]}, [], None, {"content": [3]}]
)
def test_unreadable_messages_raise_invalid_response_data(body: Any) -> None:
    with pytest.raises(InvalidResponseDataError):
        codec().parse_response(body)


def test_unknown_blocks_are_skipped() -> None:
    assert codec().parse_response(message({"type": "container_upload", "file_id": "f"})).content == []


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("invalid_request_error", InvalidRequestError),
        ("authentication_error", AuthenticationError),
        ("permission_error", AuthenticationError),
        ("not_found_error", NotFoundError),
        ("rate_limit_error", RateLimitError),
        ("api_error", ServerError),
        ("overloaded_error", ServerError),
        ("brand_new_error", None),
    ],
)
def test_error_bodies(kind: str, cls: type | None) -> None:
    body = {"type": "error", "error": {"type": kind, "message": "Something broke"}, "request_id": "req_1"}
    assert anthropic_error_message(body) == "Something broke"
    assert anthropic_error_class(400, body) is cls


def test_other_error_shapes() -> None:
    assert anthropic_error_message({"error": {"message": "openai-style"}}) == "openai-style"
    assert anthropic_error_message({"error": "plain"}) == "plain"
    assert anthropic_error_message("x") is None


# -- stream --------------------------------------------------------------------------------

START = {
    "type": "message_start",
    "message": {
        "id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY",
        "type": "message",
        "role": "assistant",
        "content": [],
        "model": "claude-opus-4-1-20250805",
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 25, "output_tokens": 1},
    },
}
STOP = {"type": "message_stop"}


def end(reason: str = "end_turn", output_tokens: int = 15) -> dict[str, Any]:
    return {
        "type": "message_delta",
        "delta": {"stop_reason": reason, "stop_sequence": None},
        "usage": {"output_tokens": output_tokens},
    }


def block_start(index: int, block: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_start", "index": index, "content_block": block}


def delta(index: int, payload: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": index, "delta": payload}


def block_stop(index: int) -> dict[str, Any]:
    return {"type": "content_block_stop", "index": index}


def test_documented_text_stream() -> None:
    parts = decode(
        [
            START,
            block_start(0, {"type": "text", "text": ""}),
            {"type": "ping"},
            delta(0, {"type": "text_delta", "text": "Hello"}),
            delta(0, {"type": "text_delta", "text": "!"}),
            block_stop(0),
            end(),
            STOP,
        ]
    )
    usage = {"input_tokens": 25, "output_tokens": 15}
    assert parts == [
        ResponseMetadata("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", None, "claude-opus-4-1-20250805"),
        TextStart("0"),
        Ping(),
        TextDelta("0", "Hello"),
        TextDelta("0", "!"),
        TextEnd("0"),
        Finish(
            FinishReason("stop", "end_turn"),
            Usage(InputTokens(25, 25), OutputTokens(15), raw=usage),
            {"anthropic": {"usage": usage, "cacheCreationInputTokens": None, "stopSequence": None}},
        ),
    ]


def test_documented_tool_use_stream() -> None:
    fragments = ['{"location":', ' "San Fra', "ncisc", 'o, CA"', ", ", '"unit": "fah', 'renheit"}']
    parts = decode(
        [
            START,
            block_start(0, {"type": "text", "text": ""}),
            delta(0, {"type": "text_delta", "text": "Okay, let's check."}),
            block_stop(0),
            block_start(
                1,
                {
                    "type": "tool_use",
                    "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                    "name": "get_weather",
                    "input": {},
                },
            ),
            delta(1, {"type": "input_json_delta", "partial_json": ""}),
            *[delta(1, {"type": "input_json_delta", "partial_json": f}) for f in fragments],
            block_stop(1),
            end("tool_use", 89),
            STOP,
        ]
    )
    call_id = "toolu_01T1x1fJ34qAmk2tNTrN7Up6"
    tool_parts = [
        p for p in parts if isinstance(p, (ToolInputStart, ToolInputDelta, ToolInputEnd, ToolCallContent))
    ]
    assert tool_parts == [
        ToolInputStart(call_id, "get_weather"),
        *[ToolInputDelta(call_id, f) for f in fragments],
        ToolInputEnd(call_id),
        ToolCallContent(call_id, "get_weather", "".join(fragments)),
    ]
    assert isinstance(parts[-1], Finish) and parts[-1].finish_reason == FinishReason("tool-calls", "tool_use")


def test_tool_use_without_deltas_uses_its_start_input() -> None:
    parts = decode(
        [
            START,
            block_start(0, {"type": "tool_use", "id": "t", "name": "f", "input": {"a": 1}}),
            block_stop(0),
            end("tool_use"),
            STOP,
        ]
    )
    assert [p for p in parts if isinstance(p, ToolCallContent)] == [ToolCallContent("t", "f", '{"a":1}')]


def test_documented_thinking_stream_with_signature() -> None:
    parts = decode(
        [
            START,
            block_start(0, {"type": "thinking", "thinking": ""}),
            delta(
                0,
                {
                    "type": "thinking_delta",
                    "thinking": "Let me solve this step by step:\n\n1. First break down 27 * 453",
                },
            ),
            delta(0, {"type": "thinking_delta", "thinking": "\n2. 453 = 400 + 50 + 3"}),
            delta(
                0,
                {
                    "type": "signature_delta",
                    "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...",
                },
            ),
            block_stop(0),
            block_start(1, {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"}),
            block_stop(1),
            block_start(2, {"type": "text", "text": ""}),
            delta(2, {"type": "text_delta", "text": "27 * 453 = 12,231"}),
            block_stop(2),
            end(),
            STOP,
        ]
    )
    reasoning = [p for p in parts if isinstance(p, (ReasoningStart, ReasoningDelta, ReasoningEnd))]
    assert reasoning == [
        ReasoningStart("0"),
        ReasoningDelta("0", "Let me solve this step by step:\n\n1. First break down 27 * 453"),
        ReasoningDelta("0", "\n2. 453 = 400 + 50 + 3"),
        ReasoningEnd(
            "0", {"anthropic": {"signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."}}
        ),
        ReasoningStart("1", {"anthropic": {"redactedData": "EmwKAhgBEgy3va3pzix"}}),
        ReasoningEnd("1"),
    ]


def test_citations_delta_becomes_a_source() -> None:
    citation = {
        "type": "char_location",
        "cited_text": "The grass is green.",
        "document_index": 0,
        "document_title": "Doc",
        "start_char_index": 0,
        "end_char_index": 20,
    }
    parts = decode(
        [
            START,
            block_start(0, {"type": "text", "text": "", "citations": []}),
            delta(0, {"type": "citations_delta", "citation": citation}),
            delta(0, {"type": "text_delta", "text": "green"}),
            block_stop(0),
            end(),
            STOP,
        ]
    )
    (source,) = [p for p in parts if isinstance(p, SourceContent)]
    assert source.title == "Doc" and source.provider_metadata == {
        "anthropic": {"citedText": "The grass is green.", "startCharIndex": 0, "endCharIndex": 20}
    }


def test_json_tool_streams_as_text() -> None:
    options = CallOptions(prompt=OPTIONS.prompt, response_format=JsonFormat({"type": "object"}))
    parts = decode(
        [
            START,
            block_start(0, {"type": "tool_use", "id": "t", "name": "json", "input": {}}),
            delta(0, {"type": "input_json_delta", "partial_json": '{"n":'}),
            delta(0, {"type": "input_json_delta", "partial_json": "1}"}),
            block_stop(0),
            end("tool_use"),
            STOP,
        ],
        options,
        "claude-sonnet-4-0",
    )
    assert [p for p in parts if isinstance(p, (TextStart, TextDelta, TextEnd))] == [
        TextStart("0"),
        TextDelta("0", '{"n":'),
        TextDelta("0", "1}"),
        TextEnd("0"),
    ]
    assert not any(isinstance(p, ToolCallContent) for p in parts)
    assert isinstance(parts[-1], Finish) and parts[-1].finish_reason == FinishReason("stop", "tool_use")


def test_message_delta_usage_updates_the_input_side_too() -> None:
    final = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"input_tokens": 30, "cache_read_input_tokens": 1000, "output_tokens": 7},
    }
    parts = decode([START, final, STOP])
    assert isinstance(parts[-1], Finish)
    assert parts[-1].usage.input_tokens == InputTokens(total=1030, no_cache=30, cache_read=1000)


def test_error_event_mid_stream() -> None:
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    parts = decode(
        [
            START,
            block_start(0, {"type": "text", "text": ""}),
            delta(0, {"type": "text_delta", "text": "Hel"}),
            error,
        ]
    )
    (failure,) = [p for p in parts if isinstance(p, StreamError)]
    assert isinstance(failure.error, ServerError)
    assert failure.error.status_code == 529 and failure.error.is_retryable
    assert "overloaded_error: Overloaded" in str(failure.error)
    assert parts[-2:] == [TextEnd("0"), parts[-1]] and isinstance(parts[-1], Finish)
    assert parts[-1].finish_reason.unified == "error"


def test_cut_off_stream_is_an_error() -> None:
    parts = decode(
        [START, block_start(0, {"type": "text", "text": ""}), delta(0, {"type": "text_delta", "text": "Hel"})]
    )
    errors = [p for p in parts if isinstance(p, StreamError)]
    assert len(errors) == 1 and isinstance(errors[0].error, InvalidResponseDataError)
    assert isinstance(parts[-1], Finish) and parts[-1].finish_reason == FinishReason("error", None)


def test_unknown_events_and_blocks_are_skipped() -> None:
    parts = decode(
        [
            START,
            {"type": "brand_new_event"},
            block_start(0, {"type": "brand_new_block"}),
            delta(0, {"type": "brand_new_delta"}),
            block_stop(0),
            end(),
            STOP,
        ]
    )
    assert not any(isinstance(p, StreamError) for p in parts)


def test_raw_chunks_when_asked() -> None:
    options = CallOptions(prompt=OPTIONS.prompt, include_raw_chunks=True)
    parts = decode([START, end(), STOP], options)
    assert sum(type(p).__name__ == "Raw" for p in parts) == 3


def test_a_users_own_json_tool_is_a_tool_call_not_structured_output() -> None:
    """LanguageModel hands the call options to parse_response, so the codec knows whether
    it forced its ``json`` tool for structured output or the user has a tool of that name."""
    from http_loopback import ScriptedServer, json_reply

    from ai_sdk_integrations import language_model
    from ai_sdk_integrations.spec import (
        CallOptions,
        FunctionTool,
        JsonFormat,
        TextPart,
        ToolCallContent,
        UserMessage,
    )

    body = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-0",
        "content": [{"type": "tool_use", "id": "toolu_1", "name": "json", "input": {"city": "Paris"}}],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 10, "output_tokens": 5},
    }
    server = ScriptedServer().start()
    try:
        server.queue(json_reply(body), json_reply(body))
        model = language_model("anthropic:claude-sonnet-4-0", base_url=server.url, api_key="k")
        prompt = [UserMessage([TextPart("weather?")])]
        schema = {"type": "object", "properties": {"city": {"type": "string"}}}
        called = model.generate(CallOptions(prompt=prompt, tools=[FunctionTool("json", schema)]))
        structured = model.generate(CallOptions(prompt=prompt, response_format=JsonFormat(schema)))
    finally:
        server.stop()
    [call] = [part for part in called.content if isinstance(part, ToolCallContent)]
    assert call.tool_name == "json" and called.finish_reason.unified == "tool-calls"
    assert [part.type for part in structured.content] == ["text"]
    assert structured.finish_reason.unified == "stop"
