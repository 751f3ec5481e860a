"""The built-in middleware, over HTTP to the scripted loopback server and, for the
stream transformers, fed parts directly (whatever the chunk boundaries)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable

import pytest
from http_loopback import (
    ScriptedServer,
    completion,
    json_reply,
    make_model,
    retry_delays,
    server,
    stream_reply,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import ai_sdk_integrations
from ai_sdk_integrations.core.middleware import (
    default_instructions_middleware,
    default_settings_middleware,
    extract_json_middleware,
    extract_reasoning_middleware,
    simulate_streaming_middleware,
    wrap_language_model,
)
from ai_sdk_integrations.core.middleware._parts import transform_parts
from ai_sdk_integrations.core.stream_reducer import StreamReducer
from ai_sdk_integrations.spec import (
    Finish,
    FinishReason,
    GenerateResult,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    StreamPart,
    SystemMessage,
    TextContent,
    TextDelta,
    TextEnd,
    TextStart,
    ToolChoice,
    Usage,
)
from ai_sdk_integrations.spec.errors import UsageError

__all__ = ["retry_delays", "server"]


def text_stream(pieces: Iterable[str], block: str = "0") -> list[StreamPart]:
    return [
        TextStart(block),
        *(TextDelta(block, piece) for piece in pieces),
        TextEnd(block),
        Finish(FinishReason("stop")),
    ]


def reduced(parts: Iterable[StreamPart]) -> list[object]:
    reducer = StreamReducer()
    for part in parts:
        reducer.add(part)
    return list(reducer.result().content)


def generated(text: str) -> GenerateResult:
    return GenerateResult([TextContent(text)], FinishReason("stop"), Usage())


def split(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(text) + 1) for c in cuts} | {0, len(text)})
    return [text[a:b] for a, b in itertools.pairwise(points)]


# -- default settings -------------------------------------------------------------------


def test_default_settings_fill_what_the_call_leaves_unset(server: ScriptedServer) -> None:
    model = make_model(server.url)
    defaults = default_settings_middleware(
        temperature=0.3,
        max_output_tokens=50,
        headers={"x-a": "default", "x-b": "default"},
        provider_options={model.provider: {"user": "default", "metadata": {"a": "1", "b": "1"}}},
    )
    wrapped = wrap_language_model(model, defaults)
    server.queue(json_reply(completion("x")), json_reply(completion("y")))

    ai_sdk_integrations.generate_text(wrapped, prompt="hi")
    ai_sdk_integrations.generate_text(
        wrapped,
        prompt="hi",
        temperature=0.9,
        headers={"x-b": "call"},
        provider_options={model.provider: {"metadata": {"b": "2"}}},
    )

    first, second = (request.json for request in server.requests)
    assert (first["temperature"], first["max_tokens"], first["user"]) == (0.3, 50, "default")
    assert (second["temperature"], second["max_tokens"]) == (0.9, 50)  # the call's value wins
    assert second["user"] == "default" and second["metadata"] == {"a": "1", "b": "2"}  # merged deeply
    assert server.requests[1].headers["x-a"] == "default" and server.requests[1].headers["x-b"] == "call"


def test_default_settings_take_the_shorthands_and_reject_unknown_names() -> None:
    middleware = default_settings_middleware({"tool_choice": "required"}, response_format="json")
    assert middleware.settings["tool_choice"] == ToolChoice("required")
    assert middleware.settings["response_format"].type == "json"
    with pytest.raises(UsageError, match="did you mean 'temperature'"):
        default_settings_middleware(temprature=0)
    with pytest.raises(UsageError, match="default_instructions_middleware"):
        default_settings_middleware(system="be brief")


# -- default instructions ---------------------------------------------------------------


def test_default_instructions_are_added_to_calls_without_their_own(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(
        make_model(server.url), default_instructions_middleware("Answer in French.")
    )
    server.queue(json_reply(completion("x")), json_reply(completion("y")))
    ai_sdk_integrations.generate_text(wrapped, prompt="hi")
    ai_sdk_integrations.generate_text(wrapped, prompt="hi", system="Answer in German.")
    first, second = (request.json["messages"] for request in server.requests)
    assert first[0] == {"role": "system", "content": "Answer in French."}
    assert [m for m in second if m["role"] == "system"] == [
        {"role": "system", "content": "Answer in German."}
    ]


def test_default_instructions_take_system_messages() -> None:
    middleware = default_instructions_middleware(["One.", SystemMessage("Two.", {"anthropic": {"x": 1}})])
    assert middleware.messages == (SystemMessage("One."), SystemMessage("Two.", {"anthropic": {"x": 1}}))
    with pytest.raises(UsageError, match="a string, a SystemMessage"):
        default_instructions_middleware([1])  # type: ignore[list-item]


# -- extract reasoning ------------------------------------------------------------------


def test_reasoning_in_tags_becomes_reasoning(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(make_model(server.url), extract_reasoning_middleware())
    server.queue(json_reply(completion("<think>Two and two.</think>Four.")))
    result = ai_sdk_integrations.generate_text(wrapped, prompt="2+2?")
    assert [type(p) for p in result.content] == [ReasoningContent, TextContent]
    assert (result.reasoning_text, result.text) == ("Two and two.", "Four.")


@pytest.mark.parametrize(
    ("text", "reasoning", "answer"),
    [
        ("no tags here", None, "no tags here"),
        ("a<think>x</think>b<think>y</think>c", "x\ny", "a\nb\nc"),
        ("<think>only reasoning</think>", "only reasoning", ""),
        ("<think></think>answer", "", "answer"),
        ("a<think>unclosed", "unclosed", "a"),  # the model stopped while reasoning
    ],
)
def test_reasoning_extraction_from_a_whole_answer(text: str, reasoning: str | None, answer: str) -> None:
    result = extract_reasoning_middleware().transform_result(generated(text))
    texts = [p.text for p in result.content if isinstance(p, TextContent)]
    reasonings = [p.text for p in result.content if isinstance(p, ReasoningContent)]
    assert "".join(texts) == answer
    assert (reasonings[0] if reasonings else None) == reasoning


def test_start_with_reasoning_and_literal_delimiters() -> None:
    started = extract_reasoning_middleware(start_with_reasoning=True).transform_result(
        generated("why</think>so")
    )
    assert [(type(p).__name__, p.text) for p in started.content] == [  # type: ignore[union-attr]
        ("ReasoningContent", "why"),
        ("TextContent", "so"),
    ]
    channel = extract_reasoning_middleware(("<|channel>thought", "<channel|>"), separator=" ")
    result = channel.transform_result(generated("<|channel>thought a|b <channel|>done"))
    assert [p.text for p in result.content] == [" a|b ", "done"]  # type: ignore[union-attr]
    with pytest.raises(UsageError):
        extract_reasoning_middleware("")


def test_streamed_tags_split_across_chunks(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(make_model(server.url), extract_reasoning_middleware())
    server.queue(stream_reply(["<", "thi", "nk>Two a", "nd two.</th", "ink", ">Fo", "ur.<"]))
    stream = ai_sdk_integrations.stream_text(wrapped, prompt="2+2?")
    parts = [p.type for p in stream.full_stream]
    assert (stream.result.reasoning_text, stream.text) == ("Two and two.", "Four.<")
    # the text block starts after the reasoning block, never before it
    assert parts.index("reasoning-start") < parts.index("text-start") < parts.index("text-delta")
    assert parts.index("reasoning-end") < parts.index("text-start")


async def test_streamed_extraction_async(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(make_model(server.url), extract_reasoning_middleware())
    server.queue(stream_reply(["<think>a", "</think>", "b"]))
    stream = await ai_sdk_integrations.astream_text(wrapped, prompt="q").consume()
    assert (stream.result.reasoning_text, stream.text) == ("a", "b")


def test_a_reasoning_block_the_stream_never_closes_is_ended() -> None:
    parts = list(transform_parts(iter(text_stream(["<think>still think", "ing"])), _reasoning()))
    assert [type(p) for p in parts] == [
        ReasoningStart,
        ReasoningDelta,
        ReasoningDelta,
        ReasoningEnd,
        TextStart,
        TextEnd,
        Finish,
    ]
    assert reduced(parts) == [ReasoningContent("still thinking")]


def test_text_that_only_looks_like_a_tag_start_is_sent_at_the_end() -> None:
    parts = list(transform_parts(iter(text_stream(["a <thin"])), _reasoning()))
    assert reduced(parts) == [TextContent("a <thin")]


def _reasoning(start: bool = False) -> object:
    return extract_reasoning_middleware(start_with_reasoning=start).part_transformer()


@settings(max_examples=150, deadline=None)
@given(
    segments=st.lists(
        st.tuples(
            st.sampled_from(["plain", "tagged", "opened"]),
            st.text(alphabet="ab <>/thinkT\n", min_size=0, max_size=8),
        ),
        max_size=5,
    ),
    cuts=st.lists(st.integers(min_value=0, max_value=60), max_size=8),
    start=st.booleans(),
)
def test_streamed_and_whole_extraction_agree_whatever_the_chunks(
    segments: list[tuple[str, str]], cuts: list[int], start: bool
) -> None:
    forms = {"plain": "{}", "tagged": "<think>{}</think>", "opened": "<think>{}"}
    text = "".join(forms[kind].format(body) for kind, body in segments)
    whole = extract_reasoning_middleware(start_with_reasoning=start).transform_result(generated(text))
    streamed = reduced(transform_parts(iter(text_stream(split(text, cuts))), _reasoning(start)))  # type: ignore[arg-type]

    def joined(content: Iterable[object], kind: type) -> str:
        """The kind's text without separators: where the separator goes between
        neighbouring sections differs (as in the AI SDK); the words may not."""
        return "".join(p.text for p in content if isinstance(p, kind)).replace("\n", "")  # type: ignore[attr-defined]

    assert joined(streamed, TextContent) == joined(whole.content, TextContent)
    assert joined(streamed, ReasoningContent) == joined(whole.content, ReasoningContent)


# -- extract JSON -----------------------------------------------------------------------

FENCED = '```json\n{"city": "Berlin", "country": "Germany"}\n```'


def test_json_fences_are_stripped(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(make_model(server.url), extract_json_middleware())
    server.queue(json_reply(completion(FENCED)))
    result = ai_sdk_integrations.generate_text(wrapped, prompt="city?")
    assert json.loads(result.text) == {"city": "Berlin", "country": "Germany"}


@pytest.mark.parametrize(
    "text",
    [
        FENCED,
        '```\n{"a": 1}\n```  ',
        '```json\n{"a": 1}',  # the model stopped before the closing fence
        '{"a": 1}',
        '  {"a": 1}  ',
        "``",
        "`code` and more text after a single backtick",
    ],
)
@pytest.mark.parametrize("size", [1, 2, 5, 100])
def test_streamed_fences_are_stripped_like_whole_ones(text: str, size: int) -> None:
    whole = extract_json_middleware().transform_result(generated(text))
    pieces = [text[i : i + size] for i in range(0, len(text), size)]
    streamed = reduced(
        transform_parts(iter(text_stream(pieces)), extract_json_middleware().part_transformer())
    )
    assert "".join(p.text for p in streamed if isinstance(p, TextContent)) == whole.content[0].text  # type: ignore[union-attr]


@settings(max_examples=150, deadline=None)
@given(
    opening=st.sampled_from(["", "```json\n", "```\n", "  ```json  \n", "\n```json\n", "`", "``"]),
    body=st.text(alphabet='{}":ab `\n', max_size=20),
    closing=st.sampled_from(["", "\n```", "```", "\n```  \n"]),
    cuts=st.lists(st.integers(min_value=0, max_value=40), max_size=6),
)
def test_streamed_and_whole_fence_stripping_agree_whatever_the_chunks(
    opening: str, body: str, closing: str, cuts: list[int]
) -> None:
    text = opening + body + closing
    whole = extract_json_middleware().transform_result(generated(text)).content
    streamed = reduced(
        transform_parts(iter(text_stream(split(text, cuts))), extract_json_middleware().part_transformer())
    )
    assert "".join(p.text for p in streamed if isinstance(p, TextContent)) == whole[0].text  # type: ignore[union-attr]


def test_json_streams_as_it_arrives(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(make_model(server.url), extract_json_middleware())
    pieces = ["```json\n", '{"city": ', '"Berlin", ', '"country": ', '"Germany"}', "\n```"]
    server.queue(stream_reply(pieces))
    deltas = list(ai_sdk_integrations.stream_text(wrapped, prompt="city?").text_stream)
    assert len(deltas) > 1  # not held to the end
    assert json.loads("".join(deltas)) == {"city": "Berlin", "country": "Germany"}


def test_a_custom_transform_sees_the_whole_text(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(make_model(server.url), extract_json_middleware(str.upper))
    server.queue(json_reply(completion("abc")), stream_reply(["a", "b", "c"]))
    assert ai_sdk_integrations.generate_text(wrapped, prompt="q").text == "ABC"
    assert list(ai_sdk_integrations.stream_text(wrapped, prompt="q").text_stream) == ["ABC"]


# -- simulate streaming -----------------------------------------------------------------


def test_a_stream_is_answered_by_one_generate_call(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(make_model(server.url), simulate_streaming_middleware())
    server.queue(json_reply(completion("whole answer")))
    stream = ai_sdk_integrations.stream_text(wrapped, prompt="hi")
    types = [p.type for p in stream.full_stream]
    assert "stream" not in server.requests[0].json  # a plain request, not a streamed one
    assert types == ["stream-start", "response-metadata", "text-start", "text-delta", "text-end", "finish"]
    assert stream.text == "whole answer" and stream.usage.output_tokens.total == 2


async def test_a_stream_is_answered_by_one_agenerate_call(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(
        make_model(server.url), [extract_reasoning_middleware(), simulate_streaming_middleware()]
    )
    server.queue(json_reply(completion("<think>r</think>t")))
    stream = await ai_sdk_integrations.astream_text(wrapped, prompt="hi").consume()
    assert (stream.result.reasoning_text, stream.text) == ("r", "t")
    assert "stream" not in server.requests[0].json
