"""The Cohere codecs' inbound side: Chat v2 response bodies, every Chat v2 stream event
type, Embed v2 bodies and error bodies, in the shapes Cohere documents (its OpenAPI
spec) and the AI SDK's recorded Cohere fixtures show (ids, citations, usage with
``billed_units``, ``tokens`` and ``cached_tokens``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ai_sdk_integrations.core.stream_reducer import StreamReducer
from ai_sdk_integrations.providers.cohere.chat import CohereChatCodec
from ai_sdk_integrations.providers.cohere.embedding import CohereEmbeddingCodec
from ai_sdk_integrations.providers.cohere.fields import cohere_error_message, map_finish_reason
from ai_sdk_integrations.spec import (
    CallOptions,
    Finish,
    Raw,
    ReasoningContent,
    ResponseMetadata,
    SourceContent,
    StreamError,
    StreamPart,
    TextContent,
    ToolCallContent,
)
from ai_sdk_integrations.spec.errors import APICallError, InvalidResponseDataError

USAGE = {
    "billed_units": {"input_tokens": 119, "output_tokens": 44},
    "tokens": {"input_tokens": 1549, "output_tokens": 95},
    "cached_tokens": 1504,
}
DOCUMENT = {
    "id": "doc:0",
    "text": "AI provides: 1. Automation of tasks 2. Cost reduction",
    "title": "benefits.txt",
}
CITATION = {
    "start": 21,
    "end": 40,
    "text": "automation of tasks",
    "sources": [{"type": "document", "id": "doc:0", "document": DOCUMENT}],
    "type": "TEXT_CONTENT",
}


def codec() -> CohereChatCodec:
    return CohereChatCodec("command-a-03-2025", new_id=lambda: "id")


def decode(events: list[Any], *, include_raw: bool = False) -> list[StreamPart]:
    decoder = codec().stream_decoder(CallOptions(prompt=[], include_raw_chunks=include_raw))
    parts: list[StreamPart] = []
    for event in events:
        parts.extend(decoder.feed(event if isinstance(event, str) else json.dumps(event)))
    return parts + decoder.finish()


def start(message_id: str = "2941521a-b87a") -> dict[str, Any]:
    empty = {"role": "assistant", "content": [], "tool_plan": "", "tool_calls": [], "citations": []}
    return {"id": message_id, "type": "message-start", "delta": {"message": empty}}


def content(kind: str, index: int, *pieces: str) -> list[dict[str, Any]]:
    opening = {
        "type": "content-start",
        "index": index,
        "delta": {"message": {"content": {"type": kind, kind: ""}}},
    }
    deltas = [
        {"type": "content-delta", "index": index, "delta": {"message": {"content": {kind: piece}}}}
        for piece in pieces
    ]
    return [opening, *deltas, {"type": "content-end", "index": index}]


def end(reason: str = "COMPLETE", usage: Any = USAGE) -> dict[str, Any]:
    return {"type": "message-end", "delta": {"finish_reason": reason, "usage": usage}}


def tool_call(index: int, call_id: str, name: str, *fragments: str) -> list[dict[str, Any]]:
    opening = {"id": call_id, "type": "function", "function": {"name": name, "arguments": ""}}
    return [
        {"type": "tool-call-start", "index": index, "delta": {"message": {"tool_calls": opening}}},
        *(
            {
                "type": "tool-call-delta",
                "index": index,
                "delta": {"message": {"tool_calls": {"function": {"arguments": f}}}},
            }
            for f in fragments
        ),
        {"type": "tool-call-end", "index": index},
    ]


def plan(*pieces: str) -> list[dict[str, Any]]:
    return [{"type": "tool-plan-delta", "delta": {"message": {"tool_plan": p}}} for p in pieces]


def reduced(parts: list[StreamPart]) -> Any:
    reducer = StreamReducer()
    for part in parts:
        reducer.add(part)
    return reducer.result()


# -- generate ---------------------------------------------------------------------------------


def test_text_response() -> None:
    body = {
        "id": "5a9e2d51",
        "message": {"role": "assistant", "content": [{"type": "text", "text": "Hello, World!"}]},
        "finish_reason": "COMPLETE",
        "usage": USAGE,
    }
    result = codec().parse_response(body, {"x-debug-trace-id": "t"})
    assert result.content == [TextContent("Hello, World!")]
    assert (result.finish_reason.unified, result.finish_reason.raw) == ("stop", "COMPLETE")
    usage = result.usage
    assert (usage.input_tokens.total, usage.input_tokens.cache_read, usage.input_tokens.no_cache) == (
        1549,
        1504,
        45,
    )
    assert (usage.output_tokens.total, usage.output_tokens.text, usage.output_tokens.reasoning) == (
        95,
        95,
        None,
    )
    assert usage.raw == USAGE
    assert result.provider_metadata == {"cohere": {"billedUnits": USAGE["billed_units"]}}
    assert result.response is not None and result.response.id == "5a9e2d51"
    assert result.response.headers == {"x-debug-trace-id": "t"} and result.response.body == body


def test_tool_plan_and_tool_calls_with_null_arguments() -> None:
    body = {
        "id": "f201af17",
        "message": {
            "role": "assistant",
            "tool_plan": "I will use the weather tool.",
            "tool_calls": [
                {
                    "id": "weather_dq",
                    "type": "function",
                    "function": {"name": "weather", "arguments": '{"location":"SF"}'},
                },
                {
                    "id": "time_tf",
                    "type": "function",
                    "function": {"name": "currentTime", "arguments": "null"},
                },
            ],
        },
        "finish_reason": "TOOL_CALL",
        "usage": USAGE,
    }
    result = codec().parse_response(body)
    assert result.content == [
        ReasoningContent("I will use the weather tool.", {"cohere": {"type": "tool_plan"}}),
        ToolCallContent("weather_dq", "weather", '{"location":"SF"}'),
        ToolCallContent("time_tf", "currentTime", "{}"),
    ]
    assert result.finish_reason.unified == "tool-calls"


def test_thinking_and_citations() -> None:
    body = {
        "id": "53bcb235",
        "message": {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "Let me look."},
                {"type": "text", "text": "The key benefits are automation of tasks."},
            ],
            "citations": [
                {**CITATION, "content_index": 1},
                {**CITATION, "type": "THINKING_CONTENT", "content_index": 0},
            ],
        },
        "finish_reason": "COMPLETE",
    }
    result = codec().parse_response(body)
    reasoning, text, *sources = result.content
    assert reasoning == ReasoningContent("Let me look.", {"cohere": {"type": "thinking"}})
    assert isinstance(text, TextContent) and text.citations == ({**CITATION, "content_index": 1},)
    assert [s.title for s in sources if isinstance(s, SourceContent)] == ["benefits.txt", "benefits.txt"]
    first = sources[0]
    assert isinstance(first, SourceContent)
    assert (first.source_type, first.id, first.media_type) == ("document", "id", "text/plain")
    assert first.provider_metadata == {
        "cohere": {
            "start": 21,
            "end": 40,
            "text": "automation of tasks",
            "sources": CITATION["sources"],
            "citationType": "TEXT_CONTENT",
            "documentIds": ["doc:0"],
        }
    }
    assert result.usage.input_tokens.total is None  # no usage: not said


@pytest.mark.parametrize(
    ("raw", "unified"),
    [
        ("COMPLETE", "stop"),
        ("STOP_SEQUENCE", "stop"),
        ("MAX_TOKENS", "length"),
        ("TOOL_CALL", "tool-calls"),
        ("ERROR", "error"),
        ("TIMEOUT", "interrupted"),
        ("SOMETHING_NEW", "other"),
        (None, "other"),
    ],
)
def test_finish_reasons(raw: str | None, unified: str) -> None:
    assert map_finish_reason(raw).unified == unified and map_finish_reason(raw).raw == raw


def test_unreadable_answers_are_invalid_response_data() -> None:
    for body in (
        {},
        {"message": "x"},
        {"message": {"content": "text"}},
        {"message": {"content": [{"type": "text"}]}},
    ):
        with pytest.raises(InvalidResponseDataError):
            codec().parse_response(body)
    # metadata of the wrong type reads as not said
    result = codec().parse_response(
        {
            "message": {"content": [{"type": "text", "text": "ok"}]},
            "usage": "lots",
            "finish_reason": 3,
            "id": 9,
        }
    )
    assert result.content == [TextContent("ok")] and result.finish_reason.unified == "other"


# -- stream -----------------------------------------------------------------------------------


def test_stream_of_every_event_type() -> None:
    events = [
        start(),
        {"type": "debug", "prompt": "<internal prompt>"},
        *content("thinking", 0, "The", " user"),
        *content("text", 1, "The key benefits are ", "automation of tasks."),
        {"type": "citation-start", "index": 0, "delta": {"message": {"citations": CITATION}}},
        {"type": "citation-end", "index": 0},
        *plan("I", " will"),
        *tool_call(0, "weather_e8", "weather", '{"', "location", '":"SF"}'),
        {"type": "some-future-event"},
        end("TOOL_CALL"),
    ]
    parts = decode(events)
    assert [p.type for p in parts] == [
        "response-metadata",
        "reasoning-start",
        "reasoning-delta",
        "reasoning-delta",
        "reasoning-end",
        "text-start",
        "text-delta",
        "text-delta",
        "text-end",
        "source",
        "reasoning-start",
        "reasoning-delta",
        "reasoning-delta",
        "reasoning-end",
        "tool-input-start",
        "tool-input-delta",
        "tool-input-delta",
        "tool-input-delta",
        "tool-input-end",
        "tool-call",
        "finish",
    ]
    assert parts[0] == ResponseMetadata("2941521a-b87a", None, "command-a-03-2025")
    finish = parts[-1]
    assert isinstance(finish, Finish) and finish.finish_reason.raw == "TOOL_CALL"
    assert finish.usage.input_tokens.cache_read == 1504
    assert finish.provider_metadata == {"cohere": {"billedUnits": USAGE["billed_units"]}}
    result = reduced(parts)
    assert [type(c).__name__ for c in result.content] == [
        "ReasoningContent",
        "TextContent",
        "SourceContent",
        "ReasoningContent",
        "ToolCallContent",
    ]
    assert result.content[0].provider_metadata == {"cohere": {"type": "thinking"}}
    assert result.content[3].provider_metadata == {"cohere": {"type": "tool_plan"}}
    assert result.content[4] == ToolCallContent("weather_e8", "weather", '{"location":"SF"}')


def test_stream_and_generate_give_the_same_content() -> None:
    body = {
        "id": "m1",
        "message": {
            "role": "assistant",
            "content": [{"type": "thinking", "thinking": "Hmm."}],
            "tool_plan": "I will call two tools.",
            "tool_calls": [
                {"id": "a_1", "type": "function", "function": {"name": "a", "arguments": '{"x":1}'}},
                {"id": "b_2", "type": "function", "function": {"name": "b", "arguments": ""}},
            ],
        },
        "finish_reason": "TOOL_CALL",
        "usage": USAGE,
    }
    events = [
        start("m1"),
        *content("thinking", 0, "Hm", "m."),
        *plan("I will ", "call two tools."),
        *tool_call(0, "a_1", "a", '{"x"', ":1}"),
        *tool_call(1, "b_2", "b"),
        end("TOOL_CALL"),
    ]
    generated = codec().parse_response(body)
    streamed = reduced(decode(events))
    assert list(streamed.content) == list(generated.content)
    assert streamed.usage == generated.usage and streamed.finish_reason == generated.finish_reason


def test_message_end_error_is_an_error_part() -> None:
    parts = decode(
        [
            start(),
            *content("text", 0, "Par"),
            {"type": "message-end", "delta": {"finish_reason": "ERROR", "error": "internal failure"}},
        ]
    )
    (error,) = [p for p in parts if isinstance(p, StreamError)]
    assert isinstance(error.error, APICallError) and "internal failure" in str(error.error)
    finish = parts[-1]
    assert isinstance(finish, Finish) and finish.finish_reason.unified == "error"


def test_cut_off_and_done_streams() -> None:
    cut = decode([start(), *content("text", 0, "Hel")][:-1])
    assert [p.type for p in cut[-3:]] == ["text-end", "error", "finish"]
    assert isinstance(cut[-1], Finish) and cut[-1].finish_reason.unified == "error"
    done = decode([start(), *content("text", 0, "Hi"), "[DONE]"])
    assert isinstance(done[-1], Finish) and done[-1].finish_reason.unified == "other" and done[-1].warnings
    ended = decode([start(), *content("text", 0, "Hi"), end(), "[DONE]"])
    assert isinstance(ended[-1], Finish) and ended[-1].finish_reason.unified == "stop"


def test_unreadable_events_become_error_parts_and_the_stream_goes_on() -> None:
    parts = decode(
        [
            start(),
            "not json",
            '"a string"',
            {"type": "content-delta", "index": 0, "delta": {"message": {"content": 5}}},
            *content("text", 1, "ok"),
            end(),
        ],
        include_raw=True,
    )
    errors = [p for p in parts if isinstance(p, StreamError)]
    assert len(errors) == 3 and all(isinstance(e.error, InvalidResponseDataError) for e in errors)
    assert reduced(parts).content == [TextContent("ok")]
    assert any(isinstance(p, Raw) for p in parts)
    finish = parts[-1]
    assert isinstance(finish, Finish) and finish.finish_reason.unified == "error"


def test_content_delta_without_start_opens_the_block() -> None:
    delta = {"type": "content-delta", "index": 0, "delta": {"message": {"content": {"text": "Hi"}}}}
    parts = decode([start(), delta, end()])
    assert [p.type for p in parts] == ["response-metadata", "text-start", "text-delta", "text-end", "finish"]


# -- embeddings and errors --------------------------------------------------------------------


def test_embedding_response() -> None:
    body = {
        "id": "f5aa3e7b",
        "texts": ["sunny day", "rainy day"],
        "embeddings": {"float": [[0.033, 0.02, -0.019], [-0.046, 0, -0.061]]},
        "meta": {"api_version": {"version": "2"}, "billed_units": {"input_tokens": 10}, "warnings": ["w"]},
        "response_type": "embeddings_by_type",
    }
    result = CohereEmbeddingCodec("embed-english-v3.0").parse_response(body, {"num_chars": "18"})
    assert result.embeddings == [[0.033, 0.02, -0.019], [-0.046, 0.0, -0.061]]
    assert result.usage is not None and result.usage.tokens == 10
    assert result.provider_metadata == {"cohere": {"warnings": ["w"]}}
    assert result.response_headers == {"num_chars": "18"}
    for bad in ({}, {"embeddings": {"int8": [[1]]}}, {"embeddings": {"float": [["x"]]}}, []):
        with pytest.raises(InvalidResponseDataError):
            CohereEmbeddingCodec("embed-english-v3.0").parse_response(bad)


def test_error_messages() -> None:
    assert cohere_error_message({"id": "4b1e", "message": "invalid api token"}) == "invalid api token"
    assert cohere_error_message({"message": "no api key supplied"}) == "no api key supplied"
    assert cohere_error_message({"data": None}) is None and cohere_error_message("x") is None
