"""``OpenAIResponsesStreamDecoder``: every event type, and robustness.

The event sequences follow OpenAI's documented streaming events (as in the AI SDK's
recorded ``*.chunks.txt`` fixtures), written here with our own values. The property
tests corrupt the streams and bodies of ``cassettes/openai_responses_cassettes`` and
cut them into arbitrary byte chunks: the decoder yields well-typed parts or ``error``
parts carrying the package's errors, never raises, and gives the same parts whatever
the chunk boundaries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from test_decoder_robustness import (
    FAST,
    STREAMS,
    answer,
    assert_well_typed_parts,
    assert_well_typed_result,
    corrupted,
    corrupted_stream,
)

from ai_sdk_integrations.providers.openai.responses import OpenAIResponsesCodec
from ai_sdk_integrations.spec import (
    CallOptions,
    Finish,
    Raw,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    ResponseMetadata,
    SourceContent,
    StreamError,
    StreamPart,
    TextDelta,
    TextEnd,
    TextStart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
    ToolResultContent,
)
from ai_sdk_integrations.spec.errors import AISDKError, InvalidResponseDataError, RateLimitError, ServerError
from ai_sdk_integrations.transport.framing.sse import SSEDecoder

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "openai_responses_cassettes"
CODEC = OpenAIResponsesCodec("gpt-5-mini", new_id=lambda: "id-1")
NO_STORE = CallOptions(prompt=[], provider_options={"openai": {"store": False}})
STORE = CallOptions(prompt=[])


def decode(events: Iterable[Any], options: CallOptions = NO_STORE) -> list[StreamPart]:
    decoder = CODEC.stream_decoder(options)
    parts = [p for e in events for p in decoder.feed(e if isinstance(e, str) else json.dumps(e))]
    return parts + decoder.finish()


RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1765552659, "model": "gpt-5-mini-2025-08-07"}
USAGE = {
    "input_tokens": 10,
    "input_tokens_details": {"cached_tokens": 0},
    "output_tokens": 20,
    "output_tokens_details": {"reasoning_tokens": 8},
    "total_tokens": 30,
}


def reasoning_events(item_id: str = "rs_1") -> list[dict[str, Any]]:
    common = {"item_id": item_id, "output_index": 0}
    return [
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": {"id": item_id, "type": "reasoning", "summary": [], "encrypted_content": "interim"},
        },
        {
            "type": "response.reasoning_summary_part.added",
            **common,
            "summary_index": 0,
            "part": {"type": "summary_text", "text": ""},
        },
        {"type": "response.reasoning_summary_text.delta", **common, "summary_index": 0, "delta": "**Plan"},
        {"type": "response.reasoning_summary_text.delta", **common, "summary_index": 0, "delta": "**"},
        {"type": "response.reasoning_summary_text.done", **common, "summary_index": 0, "text": "**Plan**"},
        {
            "type": "response.reasoning_summary_part.done",
            **common,
            "summary_index": 0,
            "part": {"type": "summary_text", "text": "**Plan**"},
        },
        {
            "type": "response.reasoning_summary_part.added",
            **common,
            "summary_index": 1,
            "part": {"type": "summary_text", "text": ""},
        },
        {"type": "response.reasoning_summary_text.delta", **common, "summary_index": 1, "delta": "Act"},
        {
            "type": "response.reasoning_summary_part.done",
            **common,
            "summary_index": 1,
            "part": {"type": "summary_text", "text": "Act"},
        },
        {
            "type": "response.output_item.done",
            "output_index": 0,
            "item": {
                "id": item_id,
                "type": "reasoning",
                "encrypted_content": "final",
                "summary": [
                    {"type": "summary_text", "text": "**Plan**"},
                    {"type": "summary_text", "text": "Act"},
                ],
            },
        },
    ]


FUNCTION_CALL = [
    {
        "type": "response.output_item.added",
        "output_index": 1,
        "item": {
            "id": "fc_1",
            "type": "function_call",
            "status": "in_progress",
            "arguments": "",
            "call_id": "call_1",
            "name": "calc",
        },
    },
    {
        "type": "response.function_call_arguments.delta",
        "item_id": "fc_1",
        "output_index": 1,
        "delta": '{"a":',
    },
    {"type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 1, "delta": "1}"},
    {
        "type": "response.function_call_arguments.done",
        "item_id": "fc_1",
        "output_index": 1,
        "arguments": '{"a":1}',
    },
    {
        "type": "response.output_item.done",
        "output_index": 1,
        "item": {
            "id": "fc_1",
            "type": "function_call",
            "status": "completed",
            "arguments": '{"a":1}',
            "call_id": "call_1",
            "name": "calc",
        },
    },
]
CITATION = {"type": "url_citation", "start_index": 0, "end_index": 2, "url": "https://a.test/", "title": "A"}
MESSAGE = [
    {
        "type": "response.output_item.added",
        "output_index": 2,
        "item": {
            "id": "msg_1",
            "type": "message",
            "status": "in_progress",
            "content": [],
            "role": "assistant",
        },
    },
    {
        "type": "response.content_part.added",
        "item_id": "msg_1",
        "output_index": 2,
        "content_index": 0,
        "part": {"type": "output_text", "annotations": [], "text": ""},
    },
    {
        "type": "response.output_text.delta",
        "item_id": "msg_1",
        "output_index": 2,
        "content_index": 0,
        "delta": "Hi",
        "logprobs": [],
    },
    {
        "type": "response.output_text.annotation.added",
        "item_id": "msg_1",
        "output_index": 2,
        "content_index": 0,
        "annotation_index": 0,
        "annotation": CITATION,
    },
    {
        "type": "response.output_text.delta",
        "item_id": "msg_1",
        "output_index": 2,
        "content_index": 0,
        "delta": " there",
        "logprobs": [],
    },
    {
        "type": "response.output_text.done",
        "item_id": "msg_1",
        "output_index": 2,
        "content_index": 0,
        "text": "Hi there",
    },
    {
        "type": "response.content_part.done",
        "item_id": "msg_1",
        "output_index": 2,
        "content_index": 0,
        "part": {"type": "output_text", "text": "Hi there"},
    },
    {
        "type": "response.output_item.done",
        "output_index": 2,
        "item": {
            "id": "msg_1",
            "type": "message",
            "status": "completed",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Hi there", "annotations": [CITATION]}],
        },
    },
]
CREATED = [
    {
        "type": "response.created",
        "response": {**RESPONSE, "status": "in_progress", "output": [], "usage": None},
    },
    {
        "type": "response.in_progress",
        "response": {**RESPONSE, "status": "in_progress", "output": [], "usage": None},
    },
]
COMPLETED = {
    "type": "response.completed",
    "response": {**RESPONSE, "status": "completed", "service_tier": "default", "usage": USAGE},
}


def test_a_whole_stream_without_store() -> None:
    parts = decode([*CREATED, *reasoning_events(), *FUNCTION_CALL, *MESSAGE, COMPLETED])
    start = {"openai": {"itemId": "rs_1", "reasoningEncryptedContent": "interim"}}
    end = {"openai": {"itemId": "rs_1", "reasoningEncryptedContent": "final"}}
    assert parts[0] == ResponseMetadata("resp_1", parts[0].timestamp, "gpt-5-mini-2025-08-07")  # type: ignore[union-attr]
    assert parts[1:12] == [
        ReasoningStart("rs_1:0", start),
        ReasoningDelta("rs_1:0", "**Plan"),
        ReasoningDelta("rs_1:0", "**"),
        ReasoningEnd("rs_1:0", {"openai": {"itemId": "rs_1"}}),  # concluded by its successor
        ReasoningStart("rs_1:1", start),
        ReasoningDelta("rs_1:1", "Act"),
        ReasoningEnd("rs_1:1", end),  # the last part ends with the final encrypted content
        ToolInputStart("call_1", "calc", provider_metadata={"openai": {"itemId": "fc_1"}}),
        ToolInputDelta("call_1", '{"a":'),
        ToolInputDelta("call_1", "1}"),
        ToolInputEnd("call_1"),
    ]
    assert parts[12:18] == [
        ToolCallContent("call_1", "calc", '{"a":1}', provider_metadata={"openai": {"itemId": "fc_1"}}),
        TextStart("msg_1", {"openai": {"itemId": "msg_1"}}),
        TextDelta("msg_1", "Hi"),
        SourceContent("url", "id-1", url="https://a.test/", title="A"),
        TextDelta("msg_1", " there"),
        TextEnd("msg_1", {"openai": {"itemId": "msg_1", "annotations": [CITATION]}}),
    ]
    finish = parts[-1]
    assert isinstance(finish, Finish) and len(parts) == 19
    assert finish.finish_reason.unified == "tool-calls"
    assert finish.usage.output_tokens.reasoning == 8 and finish.usage.input_tokens.total == 10
    assert finish.provider_metadata == {"openai": {"responseId": "resp_1", "serviceTier": "default"}}


def test_with_store_each_summary_part_ends_at_once() -> None:
    parts = decode([*CREATED, *reasoning_events(), COMPLETED], STORE)
    ends = [p for p in parts if isinstance(p, ReasoningEnd)]
    assert ends == [
        ReasoningEnd("rs_1:0", {"openai": {"itemId": "rs_1"}}),
        ReasoningEnd("rs_1:1", {"openai": {"itemId": "rs_1"}}),
    ]
    assert parts.index(ends[0]) < [type(p) for p in parts].index(ReasoningStart, 2)


def test_built_in_tools() -> None:
    events = [
        *CREATED,
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": {"id": "ws_1", "type": "web_search_call", "status": "in_progress"},
        },
        {"type": "response.web_search_call.in_progress", "output_index": 0, "item_id": "ws_1"},
        {"type": "response.web_search_call.searching", "output_index": 0, "item_id": "ws_1"},
        {"type": "response.web_search_call.completed", "output_index": 0, "item_id": "ws_1"},
        {
            "type": "response.output_item.done",
            "output_index": 0,
            "item": {
                "id": "ws_1",
                "type": "web_search_call",
                "status": "completed",
                "action": {"type": "search", "query": "q"},
            },
        },
        {
            "type": "response.output_item.added",
            "output_index": 1,
            "item": {
                "id": "ci_1",
                "type": "code_interpreter_call",
                "status": "in_progress",
                "code": "",
                "container_id": "cntr_1",
            },
        },
        {"type": "response.code_interpreter_call.in_progress", "output_index": 1, "item_id": "ci_1"},
        {
            "type": "response.code_interpreter_call_code.delta",
            "output_index": 1,
            "item_id": "ci_1",
            "delta": 'print("a")',
        },
        {
            "type": "response.code_interpreter_call_code.done",
            "output_index": 1,
            "item_id": "ci_1",
            "code": 'print("a")',
        },
        {"type": "response.code_interpreter_call.interpreting", "output_index": 1, "item_id": "ci_1"},
        {"type": "response.code_interpreter_call.completed", "output_index": 1, "item_id": "ci_1"},
        {
            "type": "response.output_item.done",
            "output_index": 1,
            "item": {
                "id": "ci_1",
                "type": "code_interpreter_call",
                "status": "completed",
                "code": 'print("a")',
                "container_id": "cntr_1",
                "outputs": [{"type": "logs", "logs": "a"}],
            },
        },
        {
            "type": "response.output_item.added",
            "output_index": 2,
            "item": {
                "id": "fs_1",
                "type": "file_search_call",
                "status": "in_progress",
                "queries": [],
                "results": None,
            },
        },
        {"type": "response.file_search_call.searching", "output_index": 2, "item_id": "fs_1"},
        {
            "type": "response.output_item.done",
            "output_index": 2,
            "item": {
                "id": "fs_1",
                "type": "file_search_call",
                "status": "completed",
                "queries": ["q"],
                "results": None,
            },
        },
        COMPLETED,
    ]
    parts = decode(events)
    executed = {"openai": {"itemId": "ws_1", "providerExecuted": True}}
    assert parts[1:5] == [
        ToolInputStart("ws_1", "web_search", provider_executed=True),
        ToolInputEnd("ws_1"),
        ToolCallContent("ws_1", "web_search", "{}", True, provider_metadata=executed),
        ToolResultContent(
            "ws_1", "web_search", {"action": {"type": "search", "query": "q"}}, provider_metadata=executed
        ),
    ]
    code = "".join(p.delta for p in parts if isinstance(p, ToolInputDelta) and p.id == "ci_1")
    assert json.loads(code) == {"containerId": "cntr_1", "code": 'print("a")'}
    results = [p for p in parts if isinstance(p, ToolResultContent)]
    assert [r.result for r in results[1:]] == [
        {"outputs": [{"type": "logs", "logs": "a"}]},
        {"queries": ["q"], "results": None},
    ]
    finish = parts[-1]
    assert isinstance(finish, Finish) and finish.finish_reason.unified == "stop"


def test_incomplete_stream() -> None:
    incomplete = {
        "type": "response.incomplete",
        "response": {
            **RESPONSE,
            "status": "incomplete",
            "incomplete_details": {"reason": "max_output_tokens"},
            "usage": USAGE,
        },
    }
    finish = decode([*CREATED, *MESSAGE, incomplete])[-1]
    assert isinstance(finish, Finish)
    assert (finish.finish_reason.unified, finish.finish_reason.raw) == ("length", "max_output_tokens")


def test_error_event_then_failed_is_one_typed_error() -> None:
    error = {
        "type": "error",
        "code": "rate_limit_exceeded",
        "message": "Slow down.",
        "param": None,
        "sequence_number": 3,
    }
    failed = {
        "type": "response.failed",
        "response": {
            **RESPONSE,
            "status": "failed",
            "error": {"code": "rate_limit_exceeded", "message": "Slow down."},
        },
    }
    parts = decode([*CREATED, MESSAGE[0], MESSAGE[2], error, failed])
    errors = [p for p in parts if isinstance(p, StreamError)]
    assert len(errors) == 1 and isinstance(errors[0].error, RateLimitError)
    assert [type(p) for p in parts[-3:]] == [StreamError, TextEnd, Finish]
    assert parts[-1].finish_reason.unified == "error"  # type: ignore[union-attr]
    nested = {
        "type": "error",
        "sequence_number": 2,
        "error": {"type": "server_error", "code": "server_error", "message": "x", "param": None},
    }
    assert isinstance(decode([nested])[0].error, ServerError)  # type: ignore[union-attr]
    only_failed = decode([*CREATED, failed])
    assert isinstance(only_failed[1], StreamError) and isinstance(only_failed[1].error, RateLimitError)


def test_cut_off_unknown_and_raw() -> None:
    parts = decode([*CREATED, *MESSAGE[:3]])
    assert isinstance(parts[-2], StreamError) and isinstance(parts[-2].error, InvalidResponseDataError)
    assert parts[-1].finish_reason.unified == "error"  # type: ignore[union-attr]
    new_event = {"type": "response.something_new", "sequence_number": 9}
    assert CODEC.stream_decoder(NO_STORE).feed(json.dumps(new_event)) == []
    raw = CODEC.stream_decoder(CallOptions(prompt=[], include_raw_chunks=True)).feed(json.dumps(new_event))
    assert raw == [Raw(new_event)]
    assert isinstance(decode(["not json"])[0], StreamError)


# -- robustness --------------------------------------------------------------------------


def _cassette(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CASSETTES / name).read_text())
    return data


def _sse_payloads(body: bytes) -> list[str]:
    decoder = SSEDecoder()
    return [event.data for event in [*decoder.feed(body), *decoder.finish()]]


STREAM_BODIES: dict[str, bytes] = {
    path.stem: str(item["response"]["body"]["string"]).encode()
    for path in sorted(CASSETTES.glob("test_stream*.yaml"))
    for item in _cassette(path.name)["interactions"][:1]
}
STREAMS_DATA: dict[str, list[str]] = {name: _sse_payloads(body) for name, body in STREAM_BODIES.items()} | {
    "documented": [
        json.dumps(e) for e in [*CREATED, *reasoning_events(), *FUNCTION_CALL, *MESSAGE, COMPLETED]
    ]
}
BODIES: dict[str, Any] = {
    path.stem: json.loads(item["response"]["body"]["string"])
    for path in sorted(CASSETTES.glob("*.yaml"))
    if not path.stem.startswith("test_stream")
    and path.stem not in ("test_mid_stream_error", "test_unknown_parameter_is_a_400")
    for item in _cassette(path.name)["interactions"][:1]
}


def test_the_material_is_there() -> None:
    assert len(STREAMS_DATA) >= 5 and len(BODIES) >= 6


@pytest.mark.parametrize("name", sorted(STREAMS_DATA))
@given(data=st.data())
@STREAMS
def test_stream_decoder_never_raises(data: st.DataObject, name: str) -> None:
    payloads = data.draw(corrupted_stream(STREAMS_DATA[name]))
    parts = decode(payloads)
    assert_well_typed_parts(parts)
    assert isinstance(parts[-1], Finish) and sum(isinstance(p, Finish) for p in parts) == 1


@pytest.mark.parametrize("name", sorted(BODIES))
@given(data=st.data())
@FAST
def test_parse_response_returns_or_raises_our_errors(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(BODIES[name]))
    try:
        result = CODEC.parse_response(body)
    except AISDKError:
        return
    assert_well_typed_result(result)


_METADATA = frozenset(
    {
        "id",
        "object",
        "created_at",
        "model",
        "usage",
        "service_tier",
        "status",
        "billing",
        "tools",
        "text",
        "reasoning",
        "metadata",
    }
)


@pytest.mark.parametrize("name", sorted(BODIES))
@given(data=st.data())
@FAST
def test_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    body = BODIES[name]
    expected = answer(CODEC.parse_response(body).content)
    changed = data.draw(corrupted(body, only=lambda path: path[0] in _METADATA))
    assert answer(CODEC.parse_response(changed).content) == expected


@pytest.mark.parametrize("name", sorted(STREAM_BODIES))
@given(cuts=st.lists(st.integers(min_value=1, max_value=200), max_size=40))
@STREAMS
def test_any_chunking_gives_the_same_parts(cuts: list[int], name: str) -> None:
    body = STREAM_BODIES[name]
    whole = decode(_sse_payloads(body))
    decoder, at, payloads = SSEDecoder(), 0, []
    for size in cuts:
        payloads += [e.data for e in decoder.feed(body[at : at + size])]
        at += size
    payloads += [e.data for e in decoder.feed(body[at:])] + [e.data for e in decoder.finish()]
    assert _without_ids(decode(payloads)) == _without_ids(whole)


def _without_ids(parts: list[StreamPart]) -> list[Any]:
    return [
        (type(p).__name__, getattr(p, "delta", None), getattr(p, "id", None))
        for p in parts
        if not isinstance(p, ResponseMetadata)
    ]


@pytest.mark.parametrize("name", sorted(STREAMS_DATA))
def test_every_recorded_stream_decodes_cleanly(name: str) -> None:
    parts = decode(STREAMS_DATA[name])
    assert_well_typed_parts(parts)
    errors = [p for p in parts if isinstance(p, StreamError)]
    assert errors == [] or name == "test_mid_stream_error"
