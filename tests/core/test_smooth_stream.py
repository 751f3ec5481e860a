"""``smooth_stream``: over parts and over plain text, sync and async, and as middleware."""

from __future__ import annotations

import pickle
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import closing
from typing import Any

import pytest
from http_loopback import AWAIT_CLOSE, ScriptedServer, make_model, retry_delays, server, stream_reply
from hypothesis import given, settings
from hypothesis import strategies as st

import ai_sdk_integrations
from ai_sdk_integrations.core.middleware import wrap_language_model
from ai_sdk_integrations.core.smooth_stream import SmoothStream, smooth_stream
from ai_sdk_integrations.spec import (
    Finish,
    FinishReason,
    ReasoningDelta,
    StreamPart,
    TextDelta,
    TextEnd,
    TextStart,
    ToolCallContent,
)
from ai_sdk_integrations.spec.errors import UsageError

__all__ = ["retry_delays", "server"]


class Pauses:
    """Records the pauses instead of sleeping."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.seconds.append(seconds)


def smoother(pauses: Pauses, **kwargs: Any) -> SmoothStream:
    return smooth_stream(sleep=pauses, asleep=pauses.asleep, **kwargs)


def test_words_come_one_at_a_time_with_a_pause_after_each() -> None:
    pauses = Pauses()
    parts: list[StreamPart] = [
        TextStart("1"),
        TextDelta("1", "Hello, wor"),
        TextDelta("1", "ld! How are"),
        TextDelta("1", " you?"),
        TextEnd("1"),
        Finish(FinishReason("stop")),
    ]
    out = list(smoother(pauses).transform(parts))
    assert [p.delta for p in out if isinstance(p, TextDelta)] == [
        "Hello, ",
        "world! ",
        "How ",
        "are ",
        "you?",
    ]
    assert [type(p) for p in out] == [TextStart, *[TextDelta] * 5, TextEnd, Finish]
    assert pauses.seconds == [0.01] * 4  # the last word went out with the flush, unpaced


def test_other_parts_flush_the_buffer_first() -> None:
    call = ToolCallContent("c1", "weather", "{}")
    parts: list[StreamPart] = [TextDelta("1", "partial wo"), call, TextDelta("1", "rd")]
    out = list(smooth_stream(delay_in_ms=None).transform(parts))
    assert out == [TextDelta("1", "partial "), TextDelta("1", "wo"), call, TextDelta("1", "rd")]


def test_reasoning_is_smoothed_and_kept_apart_from_text() -> None:
    parts: list[StreamPart] = [
        ReasoningDelta("r", "think a", {"anthropic": {"signature": "s"}}),
        ReasoningDelta("r", "bit "),
        TextDelta("t", "then answer"),
    ]
    out = list(smooth_stream(delay_in_ms=None).transform(parts))
    assert out == [
        ReasoningDelta("r", "think ", {"anthropic": {"signature": "s"}}),  # metadata once, on the next chunk
        ReasoningDelta("r", "abit "),
        TextDelta("t", "then "),
        TextDelta("t", "answer"),
    ]


def test_lines_a_pattern_and_a_function() -> None:
    text = ["first line\nsec", "ond line\n\nthird"]
    assert list(smooth_stream(None, "line").transform(text)) == ["first line\n", "second line\n\n", "third"]
    assert list(smooth_stream(None, re.compile(r"[.,]")).transform(["a,b.c"])) == ["a,", "b.", "c"]
    two = smooth_stream(None, lambda buffer: buffer[:2] if len(buffer) >= 2 else None)
    assert list(two.transform(["abcde"])) == ["ab", "cd", "e"]


@pytest.mark.parametrize(
    ("chunking", "message"),
    [
        ("words", "chunking must be"),
        (re.compile(r"x*"), "matched an empty string"),
        (lambda buffer: "zz", "non-empty prefix"),
        (lambda buffer: "", "non-empty prefix"),
    ],
)
def test_bad_chunking_is_a_clear_error(chunking: Any, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        list(smooth_stream(None, chunking).transform(["abc def"]))


def test_closing_the_smoothed_stream_closes_its_source() -> None:
    closed: list[bool] = []

    def source() -> Iterable[str]:
        try:
            yield from ["one two three four"]
        finally:
            closed.append(True)

    smoothed = smooth_stream(None).transform(source())
    assert next(smoothed) == "one "
    smoothed.close()
    assert closed == [True]


async def test_async_smoothing_paces_with_asleep() -> None:
    pauses = Pauses()

    async def pieces() -> AsyncIterator[str]:
        for piece in ["a b", "c d"]:
            yield piece

    out = [chunk async for chunk in smoother(pauses, delay_in_ms=25).atransform(pieces())]
    assert out == ["a ", "bc ", "d"] and pauses.seconds == [0.025, 0.025]


@settings(max_examples=100, deadline=None)
@given(pieces=st.lists(st.text(alphabet="ab \n", max_size=6), max_size=8))
def test_smoothing_never_changes_the_text(pieces: list[str]) -> None:
    for chunking in ("word", "line"):
        assert "".join(smooth_stream(None, chunking).transform(pieces)) == "".join(pieces)  # type: ignore[arg-type]


def test_as_middleware_and_over_stream_text(server: ScriptedServer) -> None:
    pauses = Pauses()
    wrapped = wrap_language_model(make_model(server.url), smoother(pauses))
    server.queue(stream_reply(["The quick br", "own fox"]), stream_reply(["The quick br", "own fox"]))
    assert list(ai_sdk_integrations.stream_text(wrapped, prompt="hi").text_stream) == [
        "The ",
        "quick ",
        "brown ",
        "fox",
    ]
    full = ai_sdk_integrations.stream_text(make_model(server.url), prompt="hi").full_stream
    deltas = [p.delta for p in smooth_stream(None).transform(full) if isinstance(p, TextDelta)]
    assert deltas == ["The ", "quick ", "brown ", "fox"]
    assert pauses.seconds == [0.01] * 3


def test_the_default_smoother_pickles() -> None:
    assert pickle.loads(pickle.dumps(smooth_stream())) == smooth_stream()


# -- stream_text(transform=...) -----------------------------------------------------------


class Shout:
    """A transform that changes the text (upper case), to see where transforms apply."""

    def __init__(self) -> None:
        self.closed = False

    def transform(self, parts: Iterable[Any]) -> Iterator[Any]:
        try:
            for part in parts:
                yield TextDelta(part.id, part.delta.upper()) if isinstance(part, TextDelta) else part
        finally:
            self.closed = True

    async def atransform(self, parts: AsyncIterator[Any]) -> AsyncIterator[Any]:
        try:
            async for part in parts:
                yield TextDelta(part.id, part.delta.upper()) if isinstance(part, TextDelta) else part
        finally:
            self.closed = True


def test_stream_text_takes_transforms_in_order_and_its_results_say_what_was_streamed(
    server: ScriptedServer,
) -> None:
    pauses = Pauses()
    server.queue(stream_reply(["The quick br", "own fox"]))
    result = ai_sdk_integrations.stream_text(
        make_model(server.url), prompt="hi", transform=[smoother(pauses), Shout()]
    )
    assert list(result.text_stream) == ["THE ", "QUICK ", "BROWN ", "FOX"]
    assert result.text == "THE QUICK BROWN FOX"  # the results read the transformed parts
    assert result.steps[0].text == "THE QUICK BROWN FOX"
    assert pauses.seconds == [0.01] * 3


async def test_astream_text_takes_a_transform(server: ScriptedServer) -> None:
    pauses = Pauses()
    server.queue(stream_reply(["The quick br", "own fox"]))
    result = ai_sdk_integrations.astream_text(make_model(server.url), prompt="hi", transform=smoother(pauses))
    assert [piece async for piece in result.text_stream] == ["The ", "quick ", "brown ", "fox"]
    assert result.text == "The quick brown fox"
    assert pauses.seconds == [0.01] * 3


def test_leaving_a_transformed_stream_early_closes_the_transform_and_the_response(
    server: ScriptedServer,
) -> None:
    shout = Shout()
    server.queue(stream_reply(["one ", "two ", "three"], tail=[AWAIT_CLOSE]))  # open until we hang up
    result = ai_sdk_integrations.stream_text(make_model(server.url), prompt="hi", transform=shout)
    with closing(result.text_stream) as pieces:
        assert next(pieces) == "ONE "
    assert shout.closed
    assert server.requests[0].client_closed.wait(5)  # the server saw the client hang up


def test_a_transform_without_the_stream_methods_is_refused_before_anything_is_sent(
    server: ScriptedServer,
) -> None:
    with pytest.raises(TypeError, match="transform= takes stream transforms"):
        ai_sdk_integrations.stream_text(make_model(server.url), prompt="hi", transform=str.upper)  # type: ignore[arg-type]
    assert server.requests == []
