"""OpenAIChatStreamDecoder on real recorded streams (and broken ones).

What each stream should produce is derived from its own chunks (text, reasoning, tool-call
fragments per index, last finish reason, last usage), never typed in by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ai_sdk_integrations.providers.openai.chat import (
    OpenAIChatCodec,
    OpenAIChatStreamDecoder,
    convert_usage,
    map_finish_reason,
)
from ai_sdk_integrations.providers.openai.dialect import ChatDialect
from ai_sdk_integrations.spec import (
    CallOptions,
    Finish,
    FinishReason,
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
    TextPart,
    TextStart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
    Usage,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import APICallError, InvalidResponseDataError
from ai_sdk_integrations.transport.framing.sse import SSEDecoder

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "openai_chat"
STREAMS = sorted(path.stem for path in FIXTURES.glob("*.sse"))
# json and sse recorded from the same prompt whose answers agree (see the fixtures README)
MATCHING = ["xai-text", "xai-tool-call", "deepseek-tool-call", "groq-tool-call"]
OPTIONS = CallOptions(prompt=[UserMessage([TextPart("hi")])])


def payloads(name: str) -> list[str]:
    decoder = SSEDecoder()
    events = decoder.feed((FIXTURES / f"{name}.sse").read_bytes()) + decoder.finish()
    return [event.data for event in events]


def codec(provider: str = "openai") -> OpenAIChatCodec:
    return OpenAIChatCodec("test-model", ChatDialect(provider), new_id=lambda: "generated-id")


def decode(data: list[str], *, include_raw: bool = False) -> list[StreamPart]:
    decoder = OpenAIChatStreamDecoder("openai", lambda: "generated-id", include_raw=include_raw)
    parts: list[StreamPart] = []
    for item in data:
        parts.extend(decoder.feed(item))
    parts.extend(decoder.finish())
    return parts


@dataclass
class Expected:
    """What the chunks themselves say, aggregated the obvious way."""

    first: dict[str, Any]
    text: str = ""
    reasoning: str = ""
    calls: dict[int, dict[str, Any]] = field(default_factory=dict)
    finish_reason: str | None = None
    usage: Any = None


def expected(name: str) -> Expected:
    chunks = [json.loads(item) for item in payloads(name) if item != "[DONE]"]
    out = Expected(first=chunks[0])
    for chunk in chunks:
        if chunk.get("usage"):
            out.usage = chunk["usage"]
        for choice in chunk.get("choices") or ():
            delta = choice.get("delta") or {}
            out.text += delta.get("content") or ""
            out.reasoning += delta.get("reasoning_content") or delta.get("reasoning") or ""
            for call in delta.get("tool_calls") or ():
                entry = out.calls.setdefault(call["index"], {"id": None, "name": None, "args": ""})
                entry["id"] = entry["id"] or call.get("id")
                entry["name"] = entry["name"] or (call.get("function") or {}).get("name")
                entry["args"] += (call.get("function") or {}).get("arguments") or ""
            if choice.get("finish_reason"):
                out.finish_reason = choice["finish_reason"]
    return out


def block(parts: list[StreamPart], start: type, delta: type, end: type) -> tuple[list[int], str]:
    """Positions of (start, first delta, last delta, end) and the joined deltas."""
    starts = [i for i, p in enumerate(parts) if isinstance(p, start)]
    deltas = [i for i, p in enumerate(parts) if isinstance(p, delta)]
    ends = [i for i, p in enumerate(parts) if isinstance(p, end)]
    joined = "".join(parts[i].delta for i in deltas)  # type: ignore[attr-defined]
    if not deltas:
        assert starts == [] and ends == []
        return [], ""
    assert len(starts) == 1 and len(ends) == 1
    assert starts[0] < deltas[0] and deltas[-1] < ends[0]
    ids = {parts[i].id for i in starts + deltas + ends}  # type: ignore[attr-defined]
    assert len(ids) == 1
    return [starts[0], deltas[0], deltas[-1], ends[0]], joined


# -- real streams ---------------------------------------------------------------------


@pytest.mark.parametrize("name", STREAMS)
def test_real_stream(name: str) -> None:
    want = expected(name)
    parts = decode(payloads(name))

    assert parts[0] == ResponseMetadata(
        want.first.get("id"),
        datetime.fromtimestamp(want.first["created"], tz=UTC),
        want.first.get("model"),
    )
    assert sum(isinstance(p, ResponseMetadata) for p in parts) == 1
    assert not any(isinstance(p, (StreamError, Raw)) for p in parts)

    text_at, text = block(parts, TextStart, TextDelta, TextEnd)
    reasoning_at, reasoning = block(parts, ReasoningStart, ReasoningDelta, ReasoningEnd)
    assert text == want.text
    assert reasoning == want.reasoning
    if text_at and reasoning_at:
        assert reasoning_at[3] < text_at[0]  # reasoning closed before text starts

    calls = [p for p in parts if isinstance(p, ToolCallContent)]
    assert [(c.tool_call_id, c.tool_name, c.input) for c in calls] == [
        (call["id"], call["name"], call["args"] or "{}") for _, call in sorted(want.calls.items())
    ]
    for call, (_, want_call) in zip(calls, sorted(want.calls.items()), strict=True):
        mine = [p for p in parts if getattr(p, "id", None) == call.tool_call_id]
        assert type(mine[0]) is ToolInputStart
        assert type(mine[-1]) is ToolInputEnd
        assert "".join(p.delta for p in mine if isinstance(p, ToolInputDelta)) == want_call["args"]
        assert parts.index(mine[-1]) < parts.index(call)
        json.loads(call.input)

    finish = parts[-1]
    assert isinstance(finish, Finish)
    assert sum(isinstance(p, Finish) for p in parts) == 1
    assert finish.finish_reason == map_finish_reason(want.finish_reason)
    assert finish.finish_reason.unified != "error"
    assert finish.usage == convert_usage(want.usage)
    if want.usage is not None:
        assert finish.usage.input_tokens.total == want.usage["prompt_tokens"]
        completion = want.usage["completion_tokens"]
        reasoning = (want.usage.get("completion_tokens_details") or {}).get("reasoning_tokens") or 0
        # reasoning billed beside completion_tokens (xAI) is added to the output
        assert finish.usage.output_tokens.total == completion + (reasoning if reasoning > completion else 0)
        assert finish.usage.raw == want.usage


def test_usage_only_final_chunk_is_used() -> None:
    data = payloads("openai-text")
    last = json.loads(data[-2])  # data[-1] is [DONE]
    assert last["choices"] == [] and last["usage"]
    finish = decode(data)[-1]
    assert isinstance(finish, Finish)
    assert finish.usage.input_tokens.total == last["usage"]["prompt_tokens"]
    assert finish.usage.output_tokens.total == last["usage"]["completion_tokens"]
    assert finish.usage.input_tokens.cache_read == last["usage"]["prompt_tokens_details"]["cached_tokens"]
    without_usage = decode(data[:-2])[-1]
    assert isinstance(without_usage, Finish)
    assert without_usage.usage == Usage()
    assert without_usage.finish_reason == finish.finish_reason


def test_reasoning_field_named_reasoning() -> None:
    data = payloads("groq-reasoning")
    assert any('"reasoning":' in item for item in data) and not any(
        '"reasoning_content"' in item for item in data
    )
    parts = decode(data)
    assert any(isinstance(p, ReasoningDelta) for p in parts)
    assert [type(p) for p in parts if isinstance(p, (ReasoningStart, ReasoningEnd, TextStart, TextEnd))] == [
        ReasoningStart,
        ReasoningEnd,
        TextStart,
        TextEnd,
    ]


@pytest.mark.parametrize("name", ["xai-tool-call", "deepseek-tool-call"])
def test_reasoning_closed_before_tool_input(name: str) -> None:
    parts = decode(payloads(name))
    reasoning_end = next(i for i, p in enumerate(parts) if isinstance(p, ReasoningEnd))
    tool_start = next(i for i, p in enumerate(parts) if isinstance(p, ToolInputStart))
    assert reasoning_end < tool_start


def test_tool_call_at_index_one_with_empty_fragments() -> None:
    want = expected("anthropic-fallback-tool-call")
    assert list(want.calls) == [1]
    parts = decode(payloads("anthropic-fallback-tool-call"))
    call = want.calls[1]
    assert next(
        p for p in parts if isinstance(p, (ToolInputStart, ToolInputDelta, ToolInputEnd, ToolCallContent))
    ) == (ToolInputStart(call["id"], call["name"]))
    deltas = [p.delta for p in parts if isinstance(p, ToolInputDelta)]
    assert "".join(deltas) == call["args"]
    assert "" not in deltas  # empty fragments are not forwarded
    # the text came first and is still one block
    assert "".join(p.delta for p in parts if isinstance(p, TextDelta)) == want.text


# -- generate and stream agree --------------------------------------------------------


@pytest.mark.parametrize("name", MATCHING)
def test_generate_and_stream_agree(name: str) -> None:
    result = codec().parse_response(json.loads((FIXTURES / f"{name}.json").read_text()))
    parts = decode(payloads(name))
    generate_text = "".join(c.text for c in result.content if c.type == "text")
    stream_text = "".join(p.delta for p in parts if isinstance(p, TextDelta))
    assert stream_text == generate_text
    generate_calls = [
        (c.tool_name, json.loads(c.input)) for c in result.content if isinstance(c, ToolCallContent)
    ]
    stream_calls = [(c.tool_name, json.loads(c.input)) for c in parts if isinstance(c, ToolCallContent)]
    assert stream_calls == generate_calls
    finish = parts[-1]
    assert isinstance(finish, Finish)
    assert finish.finish_reason == result.finish_reason
    has_reasoning = any(c.type == "reasoning" for c in result.content)
    assert any(isinstance(p, ReasoningDelta) for p in parts) == has_reasoning


# -- failures are parts, not exceptions -------------------------------------------------


def test_malformed_json_chunk_is_a_stream_error() -> None:
    data = payloads("groq-tool-call")
    broken = [data[0], '{"id": "x", "choices": [', *data[1:]]
    parts = decode(broken)
    errors = [p for p in parts if isinstance(p, StreamError)]
    assert len(errors) == 1
    assert isinstance(errors[0].error, InvalidResponseDataError)
    finish = parts[-1]
    assert isinstance(finish, Finish)
    assert finish.finish_reason.unified == "error"
    # the rest of the stream is still decoded
    assert [c.tool_name for c in parts if isinstance(c, ToolCallContent)] == [
        expected("groq-tool-call").calls[0]["name"]
    ]


@pytest.mark.parametrize("chunk", ["[1, 2]", '"text"', "42", "null"])
def test_non_object_json_chunk_is_a_stream_error(chunk: str) -> None:
    parts = decode([chunk])
    assert isinstance(parts[0], StreamError)
    assert isinstance(parts[0].error, InvalidResponseDataError)
    assert isinstance(parts[-1], Finish) and parts[-1].finish_reason.unified == "error"


def test_in_band_error_chunk_is_a_stream_error() -> None:
    error_chunk = {"error": {"message": "model overloaded", "type": "server_error", "code": 503}}
    data = payloads("xai-text")
    parts = decode([data[0], json.dumps(error_chunk)])
    errors = [p for p in parts if isinstance(p, StreamError)]
    assert len(errors) == 1
    error = errors[0].error
    assert isinstance(error, APICallError)
    assert str(error) == "model overloaded"
    assert error.data == error_chunk
    assert error.provider == "openai"
    finish = parts[-1]
    assert isinstance(finish, Finish) and finish.finish_reason.unified == "error"


def test_in_band_error_wins_over_a_later_finish_reason() -> None:
    data = payloads("groq-tool-call")
    parts = decode([data[0], '{"error": "boom"}', *data[1:]])
    finish = parts[-1]
    assert isinstance(finish, Finish)
    assert finish.finish_reason.unified == "error"
    assert str(next(p for p in parts if isinstance(p, StreamError)).error) == "boom"


@pytest.mark.parametrize("name", ["xai-text", "deepseek-tool-call", "openai-text"])
def test_stream_ending_without_finish_reason(name: str) -> None:
    data = [item for item in payloads(name) if item != "[DONE]"]
    cut = max(i for i, item in enumerate(data) if '"finish_reason":"' in item.replace(" ", ""))
    parts = decode(data[:cut])
    errors = [p for p in parts if isinstance(p, StreamError)]
    assert len(errors) == 1
    assert isinstance(errors[0].error, InvalidResponseDataError)
    assert parts[-2] is errors[0]
    assert parts[-1] == Finish(FinishReason("error", None), parts[-1].usage)  # type: ignore[union-attr]
    # blocks opened before the cut are still closed
    assert sum(isinstance(p, (TextStart, ReasoningStart, ToolInputStart)) for p in parts) == sum(
        isinstance(p, (TextEnd, ReasoningEnd, ToolInputEnd)) for p in parts
    )


@pytest.mark.parametrize(
    "chunk",
    [
        '{"choices": [null]}',
        '{"choices": [{"delta": "text"}]}',
        '{"choices": [{"delta": {"tool_calls": [null]}}]}',
        '{"choices": {"0": {}}}',
        '{"choices": [], "usage": "n/a"}',
    ],
)
def test_schema_invalid_chunk_is_a_stream_error(chunk: str) -> None:
    parts = decode([chunk])
    assert any(isinstance(p, StreamError) for p in parts)
    assert isinstance(parts[-1], Finish) and parts[-1].finish_reason.unified == "error"


def test_done_is_ignored() -> None:
    decoder = OpenAIChatStreamDecoder("openai", lambda: "generated-id")
    assert decoder.feed("[DONE]") == []
    data = payloads("groq-tool-call")
    assert decode(data) == decode([item for item in data if item != "[DONE]"])
    assert decode(data) == decode(["[DONE]", *data])


# -- raw chunks -----------------------------------------------------------------------


def test_include_raw_chunks() -> None:
    data = payloads("deepseek-tool-call")
    chunks = [json.loads(item) for item in data if item != "[DONE]"]
    with_raw = decode(data, include_raw=True)
    raws = [p for p in with_raw if isinstance(p, Raw)]
    assert [r.raw_value for r in raws] == chunks
    assert isinstance(with_raw[0], Raw)  # before the chunk's own parts
    assert [p for p in with_raw if not isinstance(p, Raw)] == decode(data)


def test_include_raw_chunks_comes_from_call_options() -> None:
    from dataclasses import replace

    data = payloads("groq-tool-call")[:1]
    assert isinstance(codec().stream_decoder(replace(OPTIONS, include_raw_chunks=True)).feed(data[0])[0], Raw)
    assert not any(isinstance(p, Raw) for p in codec().stream_decoder(OPTIONS).feed(data[0]))


def test_raw_chunk_is_kept_for_an_error_chunk() -> None:
    parts = decode(['{"error": {"message": "x"}}'], include_raw=True)
    assert parts[0] == Raw({"error": {"message": "x"}})
    assert isinstance(parts[1], StreamError)


def test_streamed_url_citations_become_source_parts() -> None:
    decoder = OpenAIChatStreamDecoder("openai", lambda: "generated-id")
    citation = {"url": "https://example.com/b", "title": "B", "start_index": 0, "end_index": 1}
    chunk = {"choices": [{"delta": {"annotations": [{"type": "url_citation", "url_citation": citation}]}}]}
    parts = decoder.feed(json.dumps(chunk))
    sources = [p for p in parts if isinstance(p, SourceContent)]
    assert sources == [SourceContent("url", "generated-id", url="https://example.com/b", title="B")]
