"""The one stream reducer, fed spec stream parts directly."""

from __future__ import annotations

import pytest

from ai_sdk_integrations.core.stream_reducer import StreamReducer
from ai_sdk_integrations.core.tool_arguments import parse_tool_arguments
from ai_sdk_integrations.spec import (
    CallWarning,
    Finish,
    FinishReason,
    InputTokens,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    ResponseMetadata,
    SourceContent,
    StreamError,
    StreamStart,
    TextContent,
    TextDelta,
    ToolCallContent,
    ToolInputDelta,
    ToolInputStart,
    Usage,
)
from ai_sdk_integrations.spec.errors import APIError, InvalidToolInputError

SIGNED = {"anthropic": {"signature": "sig-1"}}


def reduce(*parts: object) -> StreamReducer:
    reducer = StreamReducer()
    for part in parts:
        reducer.add(part)  # type: ignore[arg-type]
    return reducer


def test_content_keeps_the_order_the_model_produced() -> None:
    reducer = reduce(
        StreamStart((CallWarning("unsupported", feature="topK"),)),
        ResponseMetadata("r1", None, "m"),
        ReasoningStart("r"),
        ReasoningDelta("r", "think "),
        ReasoningDelta("r", "more"),
        ReasoningEnd("r", SIGNED),
        TextDelta("t", "Hello "),
        TextDelta("t", "world"),
        ToolCallContent("c1", "f", '{"a": 1}'),
        SourceContent("url", "s1", url="https://example.com"),
        TextDelta("t2", "after"),
        Finish(FinishReason("tool-calls", "tool_calls"), Usage(InputTokens(total=3))),
    )
    assert reducer.content() == [
        ReasoningContent("think more", SIGNED),
        TextContent("Hello world"),
        ToolCallContent("c1", "f", '{"a": 1}'),
        SourceContent("url", "s1", url="https://example.com"),
        TextContent("after"),
    ]
    result = reducer.result()
    assert result.finish_reason == FinishReason("tool-calls", "tool_calls")
    assert result.usage.input_tokens.total == 3
    assert result.response is not None and result.response.id == "r1"
    assert [w.feature for w in result.warnings] == ["topK"]
    assert reducer.text == "Hello worldafter"


def test_reasoning_with_only_a_signature_is_kept() -> None:
    """Redacted thinking has no text, only provider metadata to send back."""
    reducer = reduce(ReasoningStart("r", SIGNED), ReasoningEnd("r"), TextDelta("t", "answer"))
    assert reducer.content() == [ReasoningContent("", SIGNED), TextContent("answer")]


def test_tool_calls_are_returned_when_complete_and_shown_while_streaming() -> None:
    reducer = StreamReducer()
    assert reducer.add(ToolInputStart("c1", "search")) is None
    reducer.add(ToolInputDelta("c1", '{"q": "pa'))
    assert reducer.tool_inputs == {"c1": ["search", '{"q": "pa']}
    call = ToolCallContent("c1", "search", '{"q": "paris"}')
    assert reducer.add(call) is call
    assert reducer.tool_inputs == {}


def test_an_error_is_recorded_not_raised_and_failed_keeps_what_came() -> None:
    reducer = reduce(TextDelta("t", "partial "), StreamError("boom"), StreamError("second"))
    assert isinstance(reducer.error, APIError) and "boom" in str(reducer.error)
    error = reducer.failed(reducer.error)
    assert error.partial_text == "partial "
    assert error.partial_content == [TextContent("partial ")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", {}), ("  ", {}), ('{"a": [1, 2]}', {"a": [1, 2]})],
)
def test_tool_arguments_policy_accepts(text: str, expected: object) -> None:
    assert parse_tool_arguments(text) == expected


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '"a string"', "42"])
def test_tool_arguments_policy_rejects_with_a_readable_error(text: str) -> None:
    with pytest.raises(InvalidToolInputError, match="get_weather"):
        parse_tool_arguments(text, tool_name="get_weather")


def test_partial_tool_arguments_parse_as_far_as_they_go() -> None:
    assert parse_tool_arguments('{"city": "Par', partial=True) == {"city": "Par"}


def test_back_to_back_reasoning_blocks_keep_their_own_signatures() -> None:
    second = {"anthropic": {"signature": "sig-2"}}
    reducer = reduce(
        ReasoningStart("r1"),
        ReasoningDelta("r1", "first"),
        ReasoningEnd("r1", SIGNED),
        ReasoningStart("r2"),
        ReasoningDelta("r2", "second"),
        ReasoningEnd("r2", second),
    )
    assert reducer.content() == [ReasoningContent("first", SIGNED), ReasoningContent("second", second)]


def test_citations_on_a_text_block_stay_with_its_text() -> None:
    from ai_sdk_integrations.spec import TextStart

    citation = {"type": "url", "url": "https://example.com"}
    reducer = reduce(TextStart("t", citations=[citation]), TextDelta("t", "Paris."))
    [text] = reducer.content()
    assert text == TextContent("Paris.", citations=(citation,))


def test_a_text_block_keeps_the_provider_metadata_of_its_parts() -> None:
    """The Gateway's generation id on ``text-start``, Gemini's thought signature on a text
    part: kept on the text (so on partial content after a failure too), per block."""
    from ai_sdk_integrations.spec import TextEnd, TextStart

    gateway = {"gateway": {"generationId": "gen_1"}}
    signed = {"google": {"thoughtSignature": "c2ln"}}
    reducer = reduce(
        TextStart("t", gateway),
        TextDelta("t", "Par"),
        TextDelta("t", "is.", signed),
        ReasoningStart("r"),
        ReasoningDelta("r", "hm"),
        TextDelta("u", "Yes."),
        TextEnd("u"),
    )
    first, _, second = reducer.content()
    assert first == TextContent("Paris.", {**gateway, **signed})
    assert second == TextContent("Yes.")
    failed = reduce(TextStart("t", gateway), TextDelta("t", "Par"), StreamError("cut"))
    assert failed.failed(APIError("cut")).partial_content[0].provider_metadata == gateway  # type: ignore[attr-defined]
