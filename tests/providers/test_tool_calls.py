"""ToolCallTracker: streamed tool-call fragments -> tool-input blocks and complete calls."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ai_sdk_integrations.providers.openai.tool_calls import ToolCallTracker
from ai_sdk_integrations.spec import StreamPart, ToolCallContent, ToolInputDelta, ToolInputEnd, ToolInputStart


def id_factory(prefix: str = "gen") -> Callable[[], str]:
    counter = itertools.count(1)
    return lambda: f"{prefix}-{next(counter)}"


def run(deltas: Iterable[list[dict[str, Any]]], new_id: Callable[[], str] | None = None) -> list[StreamPart]:
    """Feed each chunk's ``delta.tool_calls`` list, then finish."""
    tracker = ToolCallTracker(new_id or id_factory())
    parts: list[StreamPart] = []
    for tool_calls in deltas:
        for position, delta in enumerate(tool_calls):
            parts.extend(tracker.feed(delta, position))
    parts.extend(tracker.finish())
    assert not tracker.active
    return parts


def calls(parts: list[StreamPart]) -> list[tuple[str, str, str]]:
    return [(p.tool_call_id, p.tool_name, p.input) for p in parts if isinstance(p, ToolCallContent)]


def fn(name: str | None = None, arguments: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if name is not None:
        out["name"] = name
    if arguments is not None:
        out["arguments"] = arguments
    return out


def assert_well_formed(parts: list[StreamPart]) -> None:
    """Per call id: one start, then deltas, one end, then one tool-call with the joined input."""
    for call in (p for p in parts if isinstance(p, ToolCallContent)):
        mine = [p for p in parts if getattr(p, "id", None) == call.tool_call_id or p is call]
        kinds = [p.type for p in mine]
        assert kinds[0] == "tool-input-start"
        assert kinds[-2:] == ["tool-input-end", "tool-call"]
        assert set(kinds[1:-2]) <= {"tool-input-delta"}
        joined = "".join(p.delta for p in mine if isinstance(p, ToolInputDelta))
        assert call.input == (joined or "{}")


def test_standard_openai_index_deltas() -> None:
    parts = run(
        [
            [{"index": 0, "id": "call_a", "type": "function", "function": fn("weather", "")}],
            [{"index": 0, "function": fn(arguments='{"loc')}],
            [{"index": 0, "function": fn(arguments='ation": "Paris"}')}],
        ]
    )
    assert parts == [
        ToolInputStart("call_a", "weather"),
        ToolInputDelta("call_a", '{"loc'),
        ToolInputDelta("call_a", 'ation": "Paris"}'),
        ToolInputEnd("call_a"),
        ToolCallContent("call_a", "weather", '{"location": "Paris"}'),
    ]


def test_parallel_calls_by_index_interleaved() -> None:
    parts = run(
        [
            [
                {"index": 0, "id": "call_a", "function": fn("weather", '{"city":')},
                {"index": 1, "id": "call_b", "function": fn("time", '{"tz":')},
            ],
            [{"index": 1, "function": fn(arguments='"UTC"}')}],
            [{"index": 0, "function": fn(arguments='"Oslo"}')}],
        ]
    )
    assert calls(parts) == [
        ("call_a", "weather", '{"city":"Oslo"}'),
        ("call_b", "time", '{"tz":"UTC"}'),
    ]
    assert_well_formed(parts)


def test_missing_index_uses_position_in_the_list() -> None:
    parts = run(
        [
            [
                {"id": "call_a", "function": fn("weather", '{"city":"Oslo"}')},
                {"id": "call_b", "function": fn("time", '{"tz":"UTC"}')},
            ]
        ]
    )
    assert calls(parts) == [
        ("call_a", "weather", '{"city":"Oslo"}'),
        ("call_b", "time", '{"tz":"UTC"}'),
    ]
    assert_well_formed(parts)


def test_missing_index_fragments_without_id_continue_the_call() -> None:
    parts = run(
        [
            [{"id": "call_a", "function": fn("weather", '{"city"')}],
            [{"function": fn(arguments=':"Oslo"}')}],
        ]
    )
    assert calls(parts) == [("call_a", "weather", '{"city":"Oslo"}')]


def test_index_zero_reused_with_new_id_is_a_second_call() -> None:
    parts = run(
        [
            [{"index": 0, "id": "call_a", "function": fn("weather", '{"city":')}],
            [{"index": 0, "function": fn(arguments='"Oslo"}')}],
            [{"index": 0, "id": "call_b", "function": fn("time", '{"tz":')}],
            [{"index": 0, "function": fn(arguments='"UTC"}')}],
        ]
    )
    assert calls(parts) == [
        ("call_a", "weather", '{"city":"Oslo"}'),
        ("call_b", "time", '{"tz":"UTC"}'),
    ]
    assert_well_formed(parts)
    # the second call's block starts when it arrives, not at the end
    starts = [i for i, p in enumerate(parts) if isinstance(p, ToolInputStart)]
    first_end = next(i for i, p in enumerate(parts) if isinstance(p, ToolInputEnd))
    assert len(starts) == 2 and starts[1] < first_end


def test_index_reused_with_same_id_is_the_same_call() -> None:
    parts = run(
        [
            [{"index": 0, "id": "call_a", "function": fn("weather", '{"a":')}],
            [{"index": 0, "id": "call_a", "function": fn(arguments="1}")}],
        ]
    )
    assert calls(parts) == [("call_a", "weather", '{"a":1}')]


def test_name_after_first_argument_fragment() -> None:
    tracker = ToolCallTracker(id_factory())
    assert tracker.feed({"index": 0, "id": "call_a", "function": fn(arguments='{"a"')}, 0) == []
    assert tracker.active
    assert tracker.feed({"index": 0, "function": fn("calc", ":1")}, 0) == [
        ToolInputStart("call_a", "calc"),
        ToolInputDelta("call_a", '{"a"'),  # buffered fragment released with the start
        ToolInputDelta("call_a", ":1"),
    ]
    assert tracker.feed({"index": 0, "function": fn(arguments="}")}, 0) == [ToolInputDelta("call_a", "}")]
    assert tracker.finish() == [ToolInputEnd("call_a"), ToolCallContent("call_a", "calc", '{"a":1}')]


def test_missing_id_comes_from_the_injected_factory() -> None:
    made: list[str] = []

    def new_id() -> str:
        made.append(f"made-{len(made)}")
        return made[-1]

    parts = run(
        [
            [{"index": 0, "function": fn("weather", '{"city":"Oslo"}')}],
            [{"index": 1, "function": fn("time", "{}")}],
        ],
        new_id,
    )
    assert made == ["made-0", "made-1"]  # one id per call, used by every part of it
    assert calls(parts) == [("made-0", "weather", '{"city":"Oslo"}'), ("made-1", "time", "{}")]
    assert_well_formed(parts)


def test_id_arriving_after_the_first_fragment_is_kept() -> None:
    parts = run(
        [
            [{"index": 0, "function": fn(arguments="{")}],
            [{"index": 0, "id": "late", "function": fn("f", "}")}],
        ],
        id_factory("never"),
    )
    assert calls(parts) == [("late", "f", "{}")]


def test_empty_arguments_become_an_empty_object() -> None:
    parts = run([[{"index": 0, "id": "call_a", "function": fn("ping", "")}]])
    assert parts == [
        ToolInputStart("call_a", "ping"),
        ToolInputEnd("call_a"),
        ToolCallContent("call_a", "ping", "{}"),
    ]
    parts = run([[{"index": 0, "id": "call_b", "function": {"name": "ping"}}]])
    assert calls(parts) == [("call_b", "ping", "{}")]


def test_finish_resets_the_tracker() -> None:
    tracker = ToolCallTracker(id_factory())
    tracker.feed({"index": 0, "id": "a", "function": fn("f", "{}")}, 0)
    assert tracker.finish() == [ToolInputEnd("a"), ToolCallContent("a", "f", "{}")]
    assert tracker.finish() == []
    assert not tracker.active


@settings(max_examples=150, deadline=None)
@given(
    arguments=st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=8), max_size=4).map(
        json.dumps
    ),
    data=st.data(),
)
def test_any_fragmentation_reassembles_the_arguments(arguments: str, data: st.DataObject) -> None:
    points = sorted(data.draw(st.lists(st.integers(0, len(arguments)), max_size=6)))
    bounds = [0, *points, len(arguments)]
    fragments = [arguments[a:b] for a, b in itertools.pairwise(bounds)]
    name_at = data.draw(st.integers(0, len(fragments) - 1), label="fragment carrying the name")
    with_id = data.draw(st.booleans(), label="server sends an id")
    deltas: list[list[dict[str, Any]]] = []
    for i, fragment in enumerate(fragments):
        delta: dict[str, Any] = {"index": 0, "function": fn("tool" if i == name_at else None, fragment)}
        if with_id and i == 0:
            delta["id"] = "call_x"
        deltas.append([delta])
    parts = run(deltas, id_factory())
    expected_id = "call_x" if with_id else "gen-1"
    assert calls(parts) == [(expected_id, "tool", arguments)]
    assert_well_formed(parts)
