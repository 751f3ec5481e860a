"""OpenAIChatCodec.parse_response on real recorded chat completions (and broken ones).

Expected values are read from each fixture's own JSON, so the tests say how a body maps
to a ``GenerateResult``, not what a model once answered.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ai_sdk_integrations.providers.openai.chat import OpenAIChatCodec, convert_usage, map_finish_reason
from ai_sdk_integrations.providers.openai.dialect import ChatDialect
from ai_sdk_integrations.spec import (
    FinishReason,
    GenerateResult,
    ReasoningContent,
    SourceContent,
    TextContent,
    ToolCallContent,
    Usage,
)
from ai_sdk_integrations.spec.errors import InvalidResponseDataError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "openai_chat"
BODIES = [
    "xai-text.json",
    "xai-tool-call.json",
    "deepseek-tool-call.json",
    "deepseek-reasoning.json",
    "groq-tool-call.json",
    "groq-reasoning.json",
    "openai-text.json",
]


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return data


def codec(provider: str = "openai") -> OpenAIChatCodec:
    return OpenAIChatCodec("test-model", ChatDialect(provider), new_id=lambda: "generated-id")


def parse(body: Any, headers: dict[str, str] | None = None) -> GenerateResult:
    return codec().parse_response(body, headers)


def message_content(message: dict[str, Any]) -> list[Any]:
    """The AI SDK's order: reasoning, then text, then tool calls; empty strings dropped."""
    expected: list[Any] = []
    reasoning = message.get("reasoning_content") or message.get("reasoning")
    if reasoning:
        expected.append(ReasoningContent(reasoning))
    if message.get("content"):
        expected.append(TextContent(message["content"]))
    for call in message.get("tool_calls") or ():
        expected.append(ToolCallContent(call["id"], call["function"]["name"], call["function"]["arguments"]))
    return expected


@pytest.mark.parametrize("name", BODIES)
def test_content_from_real_bodies(name: str) -> None:
    body = load(name)
    message = body["choices"][0]["message"]
    result = parse(body)
    assert list(result.content) == message_content(message)
    assert result.content  # every fixture has something
    kinds = [part.type for part in result.content]
    assert kinds == sorted(kinds, key=["reasoning", "text", "tool-call"].index)


@pytest.mark.parametrize("name", BODIES)
def test_metadata_from_real_bodies(name: str) -> None:
    body = load(name)
    result = parse(body, {"x-request-id": "req-1"})
    assert result.response is not None
    assert result.response.id == body["id"]
    assert result.response.model_id == body["model"]
    assert result.response.timestamp == datetime.fromtimestamp(body["created"], tz=UTC)
    assert result.response.timestamp.tzinfo is not None
    assert result.response.headers == {"x-request-id": "req-1"}
    assert result.response.body is body
    raw = body["choices"][0]["finish_reason"]
    assert result.finish_reason == FinishReason({"stop": "stop", "tool_calls": "tool-calls"}[raw], raw)


@pytest.mark.parametrize("name", BODIES)
def test_usage_from_real_bodies(name: str) -> None:
    body = load(name)
    raw = body["usage"]
    usage = parse(body).usage
    cached = (raw.get("prompt_tokens_details") or {}).get("cached_tokens")
    reasoning = (raw.get("completion_tokens_details") or {}).get("reasoning_tokens")
    assert usage.raw == raw
    assert usage.input_tokens.total == raw["prompt_tokens"]
    assert usage.input_tokens.cache_read == cached
    assert usage.input_tokens.no_cache == raw["prompt_tokens"] - (cached or 0)
    assert usage.input_tokens.cache_write is None
    assert usage.output_tokens.reasoning == reasoning
    if raw["completion_tokens"] >= (reasoning or 0):
        assert usage.output_tokens.total == raw["completion_tokens"]
        assert usage.output_tokens.text == raw["completion_tokens"] - (reasoning or 0)
    else:  # reasoning billed beside completion_tokens (xAI, DeepInfra's Gemini), whatever the dialect
        assert usage.output_tokens.total == raw["completion_tokens"] + reasoning
        assert usage.output_tokens.text == raw["completion_tokens"]


def test_xai_bills_reasoning_beside_completion_tokens() -> None:
    """Real xAI usage: 2 completion tokens, 320 reasoning tokens, total 334 = 12 + 2 + 320;
    as the AI SDK's xAI provider counts it, output is 322 of which 2 are text."""
    body = load("xai-text.json")
    usage = (
        OpenAIChatCodec("m", ChatDialect("xai", reasoning_outside_completion=True)).parse_response(body).usage
    )
    assert (usage.output_tokens.total, usage.output_tokens.text, usage.output_tokens.reasoning) == (
        322,
        2,
        320,
    )
    assert usage.total_tokens == body["usage"]["total_tokens"]


def test_xai_service_has_that_dialect() -> None:
    from ai_sdk_integrations import language_model

    assert language_model("xai:grok-3-mini").codec.dialect.reasoning_outside_completion  # type: ignore[attr-defined]


def test_text_tokens_are_never_negative_on_real_xai_usage() -> None:
    body = load("xai-text.json")
    assert body["usage"]["completion_tokens"] < body["usage"]["completion_tokens_details"]["reasoning_tokens"]
    text = parse(body).usage.output_tokens.text
    assert text is not None and text >= 0


@pytest.mark.parametrize(
    ("usage", "no_cache", "cache_read", "text", "reasoning"),
    [
        ({"prompt_tokens": 100, "completion_tokens": 40}, 100, None, 40, None),
        (
            {
                "prompt_tokens": 100,
                "completion_tokens": 40,
                "prompt_tokens_details": {"cached_tokens": 64},
                "completion_tokens_details": {"reasoning_tokens": 30},
            },
            36,
            64,
            10,
            30,
        ),
        (
            {
                "prompt_tokens": 5,
                "completion_tokens": 5,
                "prompt_tokens_details": None,
                "completion_tokens_details": None,
            },
            5,
            None,
            5,
            None,
        ),
    ],
)
def test_usage_mapping(
    usage: dict[str, Any], no_cache: int, cache_read: int | None, text: int, reasoning: int | None
) -> None:
    converted = convert_usage(usage)
    assert converted.input_tokens.total == usage["prompt_tokens"]
    assert (converted.input_tokens.no_cache, converted.input_tokens.cache_read) == (no_cache, cache_read)
    assert converted.output_tokens.total == usage["completion_tokens"]
    assert (converted.output_tokens.text, converted.output_tokens.reasoning) == (text, reasoning)
    assert converted.total_tokens == usage["prompt_tokens"] + usage["completion_tokens"]


@pytest.mark.parametrize("usage", [None, {}])
def test_missing_usage_is_all_none(usage: Any) -> None:
    body = load("openai-text.json")
    if usage is None:
        del body["usage"]
    else:
        body["usage"] = usage
    result = parse(body)
    assert result.usage == Usage()
    assert result.usage.total_tokens is None
    assert result.usage.input_tokens.total is None and result.usage.output_tokens.total is None
    assert result.provider_metadata is None


FINISH_REASONS = [
    ("stop", "stop"),
    ("length", "length"),
    ("content_filter", "content-filter"),
    ("tool_calls", "tool-calls"),
    ("function_call", "tool-calls"),
    ("eos", "other"),
    ("insufficient_system_resource", "other"),
    ("", "other"),
]


@pytest.mark.parametrize(("raw", "unified"), FINISH_REASONS)
def test_finish_reason_mapping(raw: str, unified: str) -> None:
    body = load("openai-text.json")
    body["choices"][0]["finish_reason"] = raw
    assert parse(body).finish_reason == FinishReason(unified, raw)  # type: ignore[arg-type]
    assert map_finish_reason(raw) == FinishReason(unified, raw)  # type: ignore[arg-type]


def test_missing_finish_reason_is_other_with_no_raw() -> None:
    body = load("openai-text.json")
    body["choices"][0]["finish_reason"] = None
    assert parse(body).finish_reason == FinishReason("other", None)


def test_prediction_token_metadata_is_keyed_by_provider() -> None:
    body = load("xai-text.json")
    details = body["usage"]["completion_tokens_details"]
    result = OpenAIChatCodec("m", ChatDialect("xai")).parse_response(body)
    assert result.provider_metadata == {
        "xai": {
            "acceptedPredictionTokens": details["accepted_prediction_tokens"],
            "rejectedPredictionTokens": details["rejected_prediction_tokens"],
        }
    }
    assert parse(load("deepseek-tool-call.json")).provider_metadata is None  # no prediction fields


def test_tool_call_without_id_or_arguments() -> None:
    body = load("groq-tool-call.json")
    call = body["choices"][0]["message"]["tool_calls"][0]
    del call["id"]
    del call["function"]["arguments"]
    [content] = parse(body).content
    assert content == ToolCallContent("generated-id", call["function"]["name"], "{}")


def test_several_tool_calls_keep_their_order() -> None:
    body = load("xai-tool-call.json")
    message = body["choices"][0]["message"]
    first = message["tool_calls"][0]
    second = {
        "id": "call_second",
        "type": "function",
        "function": {"name": "time", "arguments": '{"tz":"UTC"}'},
    }
    message["tool_calls"] = [first, second]
    calls = [c for c in parse(body).content if isinstance(c, ToolCallContent)]
    assert [(c.tool_call_id, c.tool_name, c.input) for c in calls] == [
        (first["id"], first["function"]["name"], first["function"]["arguments"]),
        ("call_second", "time", '{"tz":"UTC"}'),
    ]


def test_reasoning_content_wins_over_reasoning() -> None:
    body = load("openai-text.json")
    body["choices"][0]["message"].update(
        reasoning_content="from reasoning_content", reasoning="from reasoning"
    )
    assert parse(body).content[0] == ReasoningContent("from reasoning_content")


def test_empty_and_null_content_produce_no_text() -> None:
    for content in ("", None):
        body = load("groq-tool-call.json")
        body["choices"][0]["message"]["content"] = content
        assert [part.type for part in parse(body).content] == ["tool-call"]


@pytest.mark.parametrize(
    "body",
    [
        None,
        "not a body",
        [],
        {},
        {"choices": []},
        {"choices": None},
        {"choices": [{}]},
        {"choices": [None]},
        {"error": {"message": "overloaded"}},
    ],
    ids=repr,
)
def test_malformed_body_raises_invalid_response_data(body: Any) -> None:
    with pytest.raises(InvalidResponseDataError):
        parse(body)


@pytest.mark.parametrize(
    "body",
    [
        {"choices": [{"message": None}]},
        {"choices": [{"message": "hello"}]},
        {"choices": [{"message": {"tool_calls": [None]}}]},
        {"choices": [{"message": {"content": 42}}]},
    ],
    ids=repr,
)
def test_schema_invalid_body_raises_invalid_response_data(body: Any) -> None:
    with pytest.raises(InvalidResponseDataError):
        parse(body)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("usage", "n/a"),
        ("usage", {"prompt_tokens": "many", "completion_tokens": -1}),
        ("created", 1_733_000_000_000),  # milliseconds
        ("created", 10**30),
        ("created", "yesterday"),
        ("id", {"not": "a string"}),
        ("model", 7),
    ],
    ids=repr,
)
def test_a_bad_metadata_field_never_loses_the_answer(field: str, value: Any) -> None:
    body = {
        "id": "c1",
        "model": "m",
        "created": 1,
        "choices": [{"message": {"content": "kept"}}],
        field: value,
    }
    result = parse(body)
    assert [part.text for part in result.content if isinstance(part, TextContent)] == ["kept"]


def test_millisecond_created_is_read_as_milliseconds() -> None:
    body = {"created": 1_733_000_000_000, "choices": [{"message": {"content": "x"}}]}
    assert parse(body).response.timestamp.year == 2024  # type: ignore[union-attr]


def test_tool_arguments_sent_as_an_object_are_kept_as_json_text() -> None:
    call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": {"a": 1}}}
    result = parse({"choices": [{"message": {"content": None, "tool_calls": [call]}}]})
    [tool_call] = [part for part in result.content if isinstance(part, ToolCallContent)]
    assert json.loads(tool_call.input) == {"a": 1}


def test_content_as_typed_parts_maps_text_and_thinking() -> None:
    """Mistral's reasoning models send ``content`` as a list of text and thinking parts."""
    content = [
        {"type": "thinking", "thinking": [{"type": "text", "text": "Let me think."}]},
        {"type": "text", "text": "The answer is 4."},
    ]
    result = parse({"choices": [{"message": {"content": content}}]})
    assert [(type(p).__name__, p.text) for p in result.content] == [  # type: ignore[union-attr]
        ("ReasoningContent", "Let me think."),
        ("TextContent", "The answer is 4."),
    ]


def test_error_message_from_real_error_body() -> None:
    body = load("reasoning-model-legacy-parameter-error.json")
    assert OpenAIChatCodec.error_message(body) == body["error"]["message"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"error": "plain text"}, "plain text"),
        ({"message": "top-level message"}, "top-level message"),
        ({"error": {"code": 500}}, None),
        ("not a dict", None),
        (None, None),
    ],
)
def test_error_message_shapes(data: Any, expected: str | None) -> None:
    assert OpenAIChatCodec.error_message(data) == expected


def test_url_citations_become_sources() -> None:
    """OpenAI's search models annotate the answer with ``url_citation`` s (its documented
    shape: ``{"type": "url_citation", "url_citation": {start_index, end_index, url, title}}``)."""
    citation = {"start_index": 0, "end_index": 5, "url": "https://example.com/a", "title": "A"}
    message = {
        "role": "assistant",
        "content": "Paris is the capital.",
        "annotations": [{"type": "url_citation", "url_citation": citation}, {"type": "other"}, "junk"],
    }
    result = parse({"choices": [{"message": message, "finish_reason": "stop"}]})
    [source] = [part for part in result.content if isinstance(part, SourceContent)]
    assert (source.source_type, source.url, source.title) == ("url", "https://example.com/a", "A")
