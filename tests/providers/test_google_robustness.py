"""The Gemini codec and stream decoder raise only the package's errors, whatever arrives.

The same properties ``test_decoder_robustness`` checks for the other codecs (its
corruption strategies and type checks are reused), over Gemini bodies and streams
(``google_provider/gemini_fixtures.py``): ``parse_response`` returns a well-typed result
or raises ``InvalidResponseDataError``; the decoder never raises, ends with exactly one
``Finish`` and balanced blocks; corrupting metadata (usage, ids, model version, safety,
grounding, finish message) never changes the answer; and a stream cut into SSE byte
chunks anywhere decodes to the same parts as the whole.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from google_provider.gemini_fixtures import BODIES, STREAMS
from hypothesis import given
from hypothesis import strategies as st
from test_decoder_robustness import (
    FAST,
    ODD_CONSTANTS,
    Path_,
    answer,
    assert_balanced_blocks,
    assert_well_typed_parts,
    assert_well_typed_result,
    corrupted,
    corrupted_stream,
    every_single_change,
    returns_or_raises_invalid,
)
from test_decoder_robustness import (
    STREAMS as STREAM_SETTINGS,
)

from ai_sdk_integrations.providers.google.codec import GoogleCodec
from ai_sdk_integrations.spec import CallOptions, Finish, StreamError, StreamPart
from ai_sdk_integrations.transport.framing.sse import SSEDecoder

OPTIONS = CallOptions(prompt=[])
_BODY_METADATA = frozenset({"usageMetadata", "modelVersion", "responseId", "createTime", "promptFeedback"})
_CANDIDATE_METADATA = frozenset(
    {
        "index",
        "finishReason",
        "finishMessage",
        "safetyRatings",
        "groundingMetadata",
        "urlContextMetadata",
        "avgLogprobs",
    }
)


def codec() -> GoogleCodec:
    return GoogleCodec("gemini-2.5-flash", new_id=lambda: "id")


def decode(payloads: list[str]) -> tuple[list[StreamPart], list[StreamPart]]:
    decoder = codec().stream_decoder(OPTIONS)
    fed = [part for data in payloads for part in decoder.feed(data)]
    return fed, decoder.finish()


def metadata(path: Path_) -> bool:
    if not path:
        return False
    if path[0] in _BODY_METADATA - {"promptFeedback"}:
        return True
    return (
        len(path) >= 3 and path[0] == "candidates" and path[2] in _CANDIDATE_METADATA - {"groundingMetadata"}
    )


def without_sources(content: list[Any]) -> list[Any]:
    return [c for c in answer(content) if getattr(c, "type", None) != "source"]


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(BODIES)))
def test_parse_response_returns_or_raises_invalid(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(BODIES[name]), label="body")
    result = returns_or_raises_invalid(codec().parse_response, body)
    if result is not None:
        assert_well_typed_result(result)


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(n for n in BODIES if "candidates" in BODIES[n])))
def test_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(BODIES[name], metadata), label="body")
    result = codec().parse_response(body)
    assert_well_typed_result(result)
    assert without_sources(list(result.content)) == without_sources(
        list(codec().parse_response(BODIES[name]).content)
    )


@pytest.mark.parametrize("name", sorted(BODIES))
def test_every_single_field_change_of_a_body(name: str) -> None:
    for path, _old, new in every_single_change(BODIES[name]):
        result = returns_or_raises_invalid(codec().parse_response, _replaced(BODIES[name], path, new))
        if result is not None:
            assert_well_typed_result(result)


def _replaced(value: Any, path: Path_, new: Any) -> Any:
    from test_decoder_robustness import replaced

    return replaced(value, path, new)


@STREAM_SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(STREAMS)))
def test_stream_decoder_never_raises(data: st.DataObject, name: str) -> None:
    payloads = data.draw(corrupted_stream(STREAMS[name]), label="chunks")
    fed, finished = decode(payloads)
    parts = fed + finished
    assert_well_typed_parts(parts)
    assert not any(isinstance(p, Finish) for p in fed)
    assert isinstance(parts[-1], Finish) and sum(isinstance(p, Finish) for p in parts) == 1
    assert_balanced_blocks(parts)
    if any(isinstance(p, StreamError) for p in parts):
        assert parts[-1].finish_reason.unified == "error"


@STREAM_SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(n for n in STREAMS if n != "error")))
def test_stream_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    payloads = list(STREAMS[name])
    want = without_sources(decode(payloads)[0])
    at = data.draw(st.integers(0, len(payloads) - 1), label="at")
    payloads[at] = json.dumps(data.draw(corrupted(json.loads(payloads[at]), metadata)))
    fed, finished = decode(payloads)
    assert_well_typed_parts(fed + finished)
    assert without_sources(fed) == want


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_every_single_field_change_of_a_chunk(name: str) -> None:
    for chunk in STREAMS[name]:
        for path, _old, new in every_single_change(json.loads(chunk)):
            fed, finished = decode([json.dumps(_replaced(json.loads(chunk), path, new))])
            assert_well_typed_parts(fed + finished)
            assert isinstance(finished[-1], Finish)


@STREAM_SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(STREAMS)))
def test_chunk_boundaries_do_not_change_the_parts(data: st.DataObject, name: str) -> None:
    body = "".join(f"data: {payload}\r\n\r\n" for payload in STREAMS[name]).encode()
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(body) - 1)), max_size=12), label="cuts"))
    pieces = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
    sse = SSEDecoder()
    events = [event.data for piece in pieces for event in sse.feed(piece)] + [e.data for e in sse.finish()]
    assert events == STREAMS[name]
    assert _comparable(decode(events)) == _comparable(decode(STREAMS[name]))


def _comparable(decoded: tuple[list[StreamPart], list[StreamPart]]) -> list[Any]:
    return [
        repr(p) if not isinstance(p, StreamError) else ("error", type(p.error))
        for p in decoded[0] + decoded[1]
    ]


def test_odd_constants_as_whole_chunks() -> None:
    for value in ODD_CONSTANTS:
        fed, finished = decode([json.dumps(value, allow_nan=True)])
        assert_well_typed_parts(fed + finished)
        assert isinstance(finished[-1], Finish)
