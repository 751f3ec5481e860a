"""Mistral responses, stream chunks and error bodies, field by field: the AI SDK's
recorded Mistral fixtures and the shapes Mistral's API reference documents."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from ai_sdk_integrations.providers.mistral.chat import MistralChatCodec
from ai_sdk_integrations.providers.mistral.embedding import MistralEmbeddingCodec
from ai_sdk_integrations.providers.mistral.error_message import mistral_error_message
from ai_sdk_integrations.providers.mistral.finish_reason import map_finish_reason
from ai_sdk_integrations.providers.mistral.usage import convert_usage
from ai_sdk_integrations.spec import (
    CallOptions,
    Finish,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    ResponseMetadata,
    StreamError,
    TextContent,
    TextDelta,
    TextEnd,
    TextStart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
)
from ai_sdk_integrations.spec.errors import APICallError, InvalidResponseDataError

CODEC = MistralChatCodec("mistral-small-latest", new_id=lambda: "generated")


def completion(message: dict[str, Any], finish: str = "stop", **usage: Any) -> dict[str, Any]:
    return {
        "id": "5319bd0299614c679a0068a4f2c8ffd0",
        "created": 1769088720,
        "model": "mistral-small-latest",
        "usage": usage or {"prompt_tokens": 13, "total_tokens": 21, "completion_tokens": 8},
        "object": "chat.completion",
        "choices": [{"index": 0, "finish_reason": finish, "message": {"role": "assistant", **message}}],
    }


def test_text_response() -> None:
    result = CODEC.parse_response(completion({"tool_calls": None, "content": "Hello, world!"}))
    assert result.content == [TextContent("Hello, world!")]
    assert (result.finish_reason.unified, result.finish_reason.raw) == ("stop", "stop")
    assert result.response is not None
    assert result.response.id == "5319bd0299614c679a0068a4f2c8ffd0"
    assert result.response.model_id == "mistral-small-latest"
    assert result.response.timestamp == datetime.fromtimestamp(1769088720, tz=UTC)
    usage = result.usage
    assert (usage.input_tokens.total, usage.input_tokens.no_cache, usage.input_tokens.cache_read) == (
        13,
        13,
        None,
    )
    assert (usage.output_tokens.total, usage.output_tokens.text, usage.output_tokens.reasoning) == (
        8,
        8,
        None,
    )


def test_content_parts_keep_their_order() -> None:
    parts = [
        {"type": "thinking", "thinking": [{"type": "text", "text": "First thought."}]},
        {"type": "text", "text": "Partial answer."},
        {"type": "thinking", "thinking": [{"type": "text", "text": "Second thought."}]},
        {"type": "text", "text": "Final answer."},
        {"type": "thinking", "thinking": []},
        {"type": "reference", "reference_ids": [1, "2"]},
        {"type": "image_url", "image_url": {"url": "https://x.test/a.png", "detail": None}},
    ]
    result = CODEC.parse_response(completion({"content": parts}))
    assert result.content == [
        ReasoningContent("First thought."),
        TextContent("Partial answer."),
        ReasoningContent("Second thought."),
        TextContent("Final answer."),
    ]


def test_think_tags_in_text_stay_text() -> None:
    text = "<think>\nstep by step\n</think>\n\nHello!"
    assert CODEC.parse_response(completion({"content": text})).content == [TextContent(text)]


def test_tool_call_response() -> None:
    message = {
        "tool_calls": [
            {"id": "gSIMJiOkT", "function": {"name": "weather", "arguments": '{"location": "SF"}'}}
        ]
    }
    result = CODEC.parse_response(completion(message, "tool_calls"))
    assert result.content == [ToolCallContent("gSIMJiOkT", "weather", '{"location": "SF"}')]
    assert result.finish_reason.unified == "tool-calls"


def test_tool_arguments_sent_as_an_object_and_missing_ids() -> None:
    message = {"content": "", "tool_calls": [{"function": {"name": "f", "arguments": {"a": 1}}}]}
    (call,) = CODEC.parse_response(completion(message, "tool_calls")).content
    assert call == ToolCallContent("generated", "f", '{"a": 1}')


@pytest.mark.parametrize(
    ("raw", "unified"),
    [
        ("stop", "stop"),
        ("length", "length"),
        ("model_length", "length"),
        ("tool_calls", "tool-calls"),
        ("error", "other"),
        ("something_new", "other"),
        (None, "other"),
    ],
)
def test_finish_reasons(raw: Any, unified: str) -> None:
    reason = map_finish_reason(raw)
    assert (reason.unified, reason.raw) == (unified, raw)


@pytest.mark.parametrize(
    ("usage", "cached"),
    [
        ({"prompt_tokens": 171, "completion_tokens": 14, "total_tokens": 185, "num_cached_tokens": 128}, 128),
        (
            {"prompt_tokens": 171, "completion_tokens": 14, "prompt_tokens_details": {"cached_tokens": 128}},
            128,
        ),
        (
            {"prompt_tokens": 171, "completion_tokens": 14, "prompt_token_details": {"cached_tokens": 128}},
            128,
        ),
        (
            {"prompt_tokens": 171, "completion_tokens": 14, "prompt_tokens_details": {"cached_tokens": 0}},
            None,
        ),
    ],
)
def test_cached_tokens_under_each_name(usage: dict[str, Any], cached: int | None) -> None:
    converted = convert_usage(usage)
    assert converted.input_tokens.cache_read == cached
    assert converted.input_tokens.no_cache == 171 - (cached or 0)
    assert converted.raw == usage


def test_unreadable_message_is_invalid_response_data() -> None:
    for body in ({}, {"choices": []}, completion({"content": 5}), {"choices": [{"message": "x"}]}):
        with pytest.raises(InvalidResponseDataError):
            CODEC.parse_response(body)


# -- streams -------------------------------------------------------------------------------

_BASE = {
    "id": "a4e2",
    "object": "chat.completion.chunk",
    "created": 1769088912,
    "model": "magistral-medium-2507",
}


def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
    return json.dumps({**_BASE, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra})


def decode(*payloads: str) -> list[Any]:
    decoder = CODEC.stream_decoder(CallOptions(prompt=[]))
    return [part for data in payloads for part in decoder.feed(data)] + decoder.finish()


def thinking(text: str) -> list[dict[str, Any]]:
    return [{"type": "thinking", "thinking": [{"type": "text", "text": text}]}]


USAGE = {"prompt_tokens": 10, "total_tokens": 56, "completion_tokens": 46}


def test_stream_reasoning_then_text() -> None:
    parts = decode(
        chunk({"role": "assistant", "content": thinking("The user is asking")}),
        chunk({"content": thinking(" for 2+2.")}),
        chunk({"content": [{"type": "text", "text": "2 + 2 = 4"}]}),
        chunk({"content": ""}, "stop", usage=USAGE),
        "[DONE]",
    )
    assert parts[:-1] == [
        ResponseMetadata("a4e2", datetime.fromtimestamp(1769088912, tz=UTC), "magistral-medium-2507"),
        ReasoningStart("reasoning-0"),
        ReasoningDelta("reasoning-0", "The user is asking"),
        ReasoningDelta("reasoning-0", " for 2+2."),
        ReasoningEnd("reasoning-0"),
        TextStart("txt-1"),
        TextDelta("txt-1", "2 + 2 = 4"),
        TextEnd("txt-1"),
    ]
    finish = parts[-1]
    assert isinstance(finish, Finish) and finish.finish_reason.unified == "stop"
    assert finish.usage.input_tokens.total == 10 and finish.usage.output_tokens.total == 46


def test_stream_interleaved_thinking_and_text_open_new_blocks() -> None:
    parts = decode(
        chunk({"content": [*thinking("a"), {"type": "text", "text": "b"}, *thinking("c")]}),
        chunk({}, "stop"),
        "[DONE]",
    )
    kinds = [
        (type(p).__name__, getattr(p, "id", None))
        for p in parts
        if not isinstance(p, (ResponseMetadata, Finish))
    ]
    assert kinds == [
        ("ReasoningStart", "reasoning-0"),
        ("ReasoningDelta", "reasoning-0"),
        ("ReasoningEnd", "reasoning-0"),
        ("TextStart", "txt-1"),
        ("TextDelta", "txt-1"),
        ("TextEnd", "txt-1"),
        ("ReasoningStart", "reasoning-2"),
        ("ReasoningDelta", "reasoning-2"),
        ("ReasoningEnd", "reasoning-2"),
    ]


def test_stream_whole_tool_call_in_one_delta() -> None:
    call = {"id": "gSIMJiOkT", "function": {"name": "weather", "arguments": '{"location": "SF"}'}}
    parts = decode(
        chunk({"role": "assistant", "content": ""}),
        chunk({"content": None, "tool_calls": [call]}, "tool_calls", usage=USAGE),
        "[DONE]",
    )
    assert parts[1:-1] == [
        ToolInputStart("gSIMJiOkT", "weather"),
        ToolInputDelta("gSIMJiOkT", '{"location": "SF"}'),
        ToolInputEnd("gSIMJiOkT"),
        ToolCallContent("gSIMJiOkT", "weather", '{"location": "SF"}'),
    ]
    assert parts[-1].finish_reason.unified == "tool-calls"


def test_stream_incremental_tool_call_with_an_empty_name_later() -> None:
    parts = decode(
        chunk(
            {
                "tool_calls": [
                    {
                        "id": "t1",
                        "type": "function",
                        "function": {"name": "search", "arguments": ""},
                        "index": 0,
                    }
                ]
            }
        ),
        chunk(
            {
                "tool_calls": [
                    {"type": "function", "function": {"name": "", "arguments": '{"q": "x"}'}, "index": 0}
                ]
            }
        ),
        chunk({"content": ""}, "tool_calls"),
        "[DONE]",
    )
    (call,) = [p for p in parts if isinstance(p, ToolCallContent)]
    assert call == ToolCallContent("t1", "search", '{"q": "x"}')


def test_stream_error_object_and_cut_stream() -> None:
    error = json.dumps(
        {"object": "error", "message": "Service unavailable.", "type": "internal_error", "code": "3000"}
    )
    parts = decode(chunk({"content": "Hi"}), error)
    (failure,) = [p for p in parts if isinstance(p, StreamError)]
    assert isinstance(failure.error, APICallError) and "Service unavailable." in str(failure.error)
    assert parts[-1].finish_reason.unified == "error"
    cut = decode(chunk({"content": "Hi"}))
    assert isinstance(cut[-2], StreamError) and cut[-1].finish_reason.unified == "error"
    done_without_reason = decode(chunk({"content": "Hi"}), "[DONE]")
    assert done_without_reason[-1].finish_reason.unified == "other" and done_without_reason[-1].warnings


# -- errors and embeddings -------------------------------------------------------------------

EXTRA = {
    "type": "extra_forbidden",
    "loc": ["body", "messages", 0, "user", "name"],
    "msg": "Extra inputs are not permitted",
}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {
                "object": "error",
                "message": "Tool call id was call_1 but must be a-z, A-Z, 0-9, with a length of 9.",
                "type": "invalid_function_call",
                "param": None,
                "code": "3280",
            },
            "Tool call id was call_1 but must be a-z, A-Z, 0-9, with a length of 9.",
        ),
        ({"detail": [EXTRA]}, "body.messages.0.user.name: Extra inputs are not permitted"),
        (
            {
                "object": "error",
                "message": {"detail": [EXTRA, {**EXTRA, "loc": ["body", "n"]}]},
                "type": "invalid_request_error",
            },
            "body.messages.0.user.name: Extra inputs are not permitted; "
            "body.n: Extra inputs are not permitted",
        ),
        (
            {"object": "Error", "detail": [EXTRA], "message": [EXTRA], "code": 3001},
            "body.messages.0.user.name: Extra inputs are not permitted",
        ),
        (
            {"object": "error", "message": json.dumps({"detail": [EXTRA]})},
            "body.messages.0.user.name: Extra inputs are not permitted",
        ),
        ({"detail": "Unauthorized"}, "Unauthorized"),
        ({"message": "Unauthorized", "request_id": "c61f"}, "Unauthorized"),
        (
            {"object": "error", "message": "Rate limit exceeded", "type": "rate_limited", "code": "1300"},
            "Rate limit exceeded",
        ),
        ("not an object", None),
        ({}, None),
    ],
)
def test_error_messages(body: Any, message: str | None) -> None:
    assert mistral_error_message(body) == message


def test_embedding_response() -> None:
    body = {
        "id": "fe87",
        "object": "list",
        "data": [
            {"object": "embedding", "embedding": [0.5, 0.25], "index": 1},
            {"object": "embedding", "embedding": [-0.5, 1], "index": 0},
        ],
        "model": "mistral-embed",
        "usage": {
            "prompt_tokens": 16,
            "total_tokens": 16,
            "completion_tokens": 0,
            "prompt_tokens_details": None,
        },
    }
    result = MistralEmbeddingCodec("mistral-embed").parse_response(body, {"x": "y"})
    assert result.embeddings == [[-0.5, 1], [0.5, 0.25]]
    assert result.usage is not None and result.usage.tokens == 16
    with pytest.raises(InvalidResponseDataError):
        MistralEmbeddingCodec("mistral-embed").parse_response({"data": [{"embedding": "AAAA"}]})
