"""The Anthropic codec only raises the package's errors, whatever the server sends.

The same properties as ``test_decoder_robustness`` (whose corruption strategies and
type checks this module reuses), for the Messages API: every message body and event
stream of the written Anthropic cassettes (``cassettes/anthropic_*``), plus Anthropic's
documented examples, corrupted at random:

* ``parse_response`` returns a well-typed result or raises ``InvalidResponseDataError``;
* the stream decoder never raises: an unreadable event is a ``StreamError`` part, the
  blocks it opened are closed, and exactly one ``Finish`` ends the stream;
* corrupting only metadata (ids, model, usage, stop reason and sequence, pings) never
  changes the answer (text, reasoning, tool calls);
* a recorded stream cut into SSE byte chunks at any points decodes to the same parts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_decoder_robustness import (
    Path_,
    answer,
    assert_balanced_blocks,
    assert_well_typed_parts,
    assert_well_typed_result,
    comparable,
    corrupted,
    corrupted_stream,
    cut,
    returns_or_raises_invalid,
    through_sse,
)

from ai_sdk_integrations.provider.profile import model_profile
from ai_sdk_integrations.providers.anthropic.codec import AnthropicMessagesCodec
from ai_sdk_integrations.spec import CallOptions, Finish, StreamError, StreamPart
from ai_sdk_integrations.transport.framing.sse import SSEDecoder

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = CallOptions(prompt=[])
ERROR_STREAMS = ("test_error_event_mid_stream",)


def codec() -> AnthropicMessagesCodec:
    return AnthropicMessagesCodec(
        "claude-sonnet-4-5", "anthropic", model_profile("claude-sonnet-4-5"), new_id=lambda: "id"
    )


def _recorded() -> tuple[dict[str, Any], dict[str, bytes]]:
    bodies: dict[str, Any] = {}
    streams: dict[str, bytes] = {}
    for path in sorted(ROOT.glob("cassettes/anthropic_*/*.yaml")):
        data = yaml.safe_load(path.read_text())
        for n, item in enumerate(data["interactions"]):
            response = item["response"]
            text = response["body"]["string"]
            text = text.decode() if isinstance(text, bytes) else text
            name = f"{path.parent.name}/{path.stem}/{n}"
            kind = response["headers"].get("content-type") or response["headers"].get("Content-Type") or [""]
            if kind[0].startswith("text/event-stream"):
                streams[name] = text.encode()
            elif response["status"]["code"] == 200 and '"type": "message"' in text:
                bodies[name] = json.loads(text)
    return bodies, streams


RECORDED_BODIES, RECORDED_STREAMS = _recorded()
# A small sample keeps the property tests quick: every twelfth, plus every one that
# thinks, cites or uses the JSON tool.
_SPECIAL = ("thinking", "citations", "json_tool", "tool_use")


def _sample(recorded: dict[str, Any]) -> dict[str, Any]:
    step = max(1, len(recorded) // 12)
    return {
        name: value
        for n, (name, value) in enumerate(recorded.items())
        if n % step == 0 or (name.startswith("anthropic_cassettes/") and any(s in name for s in _SPECIAL))
    }


BODIES = _sample(RECORDED_BODIES)
STREAM_BODIES = _sample(RECORDED_STREAMS)


def sse_payloads(body: bytes) -> list[str]:
    decoder = SSEDecoder()
    return [event.data for event in [*decoder.feed(body), *decoder.finish()]]


DOCUMENTED_STREAM = [
    {
        "type": "message_start",
        "message": {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "content": [],
            "model": "claude-sonnet-4-5-20250929",
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 25, "cache_read_input_tokens": 0, "output_tokens": 1},
        },
    },
    {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": ""}},
    {"type": "ping"},
    {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "thinking_delta", "thinking": "Let me think"},
    },
    {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "signature_delta", "signature": "EqQBCgIYAhIM"},
    },
    {"type": "content_block_stop", "index": 0},
    {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
    {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "Okay"}},
    {"type": "content_block_stop", "index": 1},
    {
        "type": "content_block_start",
        "index": 2,
        "content_block": {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}},
    },
    {
        "type": "content_block_delta",
        "index": 2,
        "delta": {"type": "input_json_delta", "partial_json": '{"a":'},
    },
    {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": " 1}"}},
    {"type": "content_block_stop", "index": 2},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use", "stop_sequence": None},
        "usage": {"output_tokens": 15},
    },
    {"type": "message_stop"},
]
STREAMS: dict[str, list[str]] = {name: sse_payloads(body) for name, body in STREAM_BODIES.items()} | {
    "documented": [json.dumps(e) for e in DOCUMENTED_STREAM]
}


def decode(payloads: Iterable[str]) -> tuple[list[StreamPart], list[StreamPart]]:
    decoder = codec().stream_decoder(OPTIONS)
    fed = [part for data in payloads for part in decoder.feed(data)]
    return fed, decoder.finish()


FAST = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

# -- parse_response ------------------------------------------------------------------------------

_MESSAGE_METADATA = frozenset(
    {"id", "type", "role", "model", "stop_reason", "stop_sequence", "usage", "container"}
)


def message_metadata(path: Path_) -> bool:
    """Fields that say nothing of the answer (citations do: they are its sources)."""
    return path[0] in _MESSAGE_METADATA


def parse(body: Any) -> Any:
    return codec().parse_response(body)


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(BODIES)))
def test_parse_response_returns_or_raises_invalid(data: st.DataObject, name: str) -> None:
    result = returns_or_raises_invalid(parse, data.draw(corrupted(BODIES[name])))
    if result is not None:
        assert_well_typed_result(result)


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(BODIES)))
def test_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(BODIES[name], message_metadata))
    result = parse(body)
    assert_well_typed_result(result)
    assert answer(result.content) == answer(parse(BODIES[name]).content)


# -- the stream decoder --------------------------------------------------------------------------


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(STREAMS)))
def test_stream_decoder_never_raises(data: st.DataObject, name: str) -> None:
    fed, finished = decode(data.draw(corrupted_stream(STREAMS[name]), label="events"))
    parts = fed + finished
    assert_well_typed_parts(parts)
    assert not any(isinstance(p, Finish) for p in fed)
    assert isinstance(parts[-1], Finish) and sum(isinstance(p, Finish) for p in parts) == 1
    assert_balanced_blocks(parts)
    if any(isinstance(p, StreamError) for p in parts):
        assert parts[-1].finish_reason.unified == "error"


def event_metadata(event: dict[str, Any]) -> Callable[[Path_], bool]:
    kind = event.get("type")
    if kind == "message_start":
        return lambda path: (
            path[0] == "message" and len(path) >= 2 and path[1] in ("id", "model", "usage", "role", "type")
        )
    if kind == "message_delta":
        return lambda path: path[0] == "usage" or path[-1] == "stop_sequence"
    return lambda path: False


@cache
def decoded(name: str) -> list[StreamPart]:
    return decode(STREAMS[name])[0]


@FAST
@given(
    data=st.data(), name=st.sampled_from(sorted(s for s in STREAMS if not any(e in s for e in ERROR_STREAMS)))
)
def test_stream_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    payloads = list(STREAMS[name])
    for _ in range(data.draw(st.integers(1, 3), label="events changed")):
        at = data.draw(st.integers(0, len(payloads) - 1), label="at")
        event = json.loads(payloads[at])
        only = event_metadata(event)
        if not any(only((key,)) or only((key, "id")) for key in event):
            continue
        payloads[at] = json.dumps(data.draw(corrupted(event, only)))
    fed, finished = decode(payloads)
    assert answer(fed) == answer(decoded(name))
    assert_well_typed_parts(fed + finished)
    assert not any(isinstance(p, StreamError) for p in fed + finished)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(sorted(STREAM_BODIES)))
def test_any_chunking_gives_the_same_parts(data: st.DataObject, name: str) -> None:
    body = STREAM_BODIES[name]
    points = data.draw(st.lists(st.integers(0, len(body)), max_size=20), label="cut points")
    whole = through_sse([body], codec().stream_decoder(OPTIONS))
    assert comparable(through_sse(cut(body, points), codec().stream_decoder(OPTIONS))) == comparable(whole)


@pytest.mark.parametrize("name", sorted(RECORDED_STREAMS))
def test_every_recorded_stream_decodes_cleanly(name: str) -> None:
    parts = through_sse([RECORDED_STREAMS[name]], codec().stream_decoder(OPTIONS))
    assert_well_typed_parts(parts)
    errors = [p for p in parts if isinstance(p, StreamError)]
    if any(e in name for e in ERROR_STREAMS):
        assert errors and parts[-1].finish_reason.unified == "error"  # type: ignore[union-attr]
    else:
        assert errors == [] and isinstance(parts[-1], Finish)


@pytest.mark.parametrize("name", sorted(RECORDED_BODIES))
def test_every_recorded_message_parses(name: str) -> None:
    assert_well_typed_result(parse(RECORDED_BODIES[name]))
