"""The Cohere codecs only raise the package's errors, whatever the server sends.

The same properties as ``test_decoder_robustness`` (whose corruption strategies and
type checks this module reuses), for Chat v2 and Embed v2: every response body and
event stream of the written Cohere cassettes (``cassettes/cohere_*``), plus a stream
of every documented event type, corrupted at random:

* ``parse_response`` returns a well-typed result or raises ``InvalidResponseDataError``;
* the stream decoder never raises: an unreadable event is a ``StreamError`` part, the
  blocks it opened are closed, and exactly one ``Finish`` ends the stream;
* corrupting only metadata (ids, usage, debug events) never changes the answer;
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

from ai_sdk_integrations.providers.cohere.chat import CohereChatCodec
from ai_sdk_integrations.providers.cohere.embedding import CohereEmbeddingCodec
from ai_sdk_integrations.spec import CallOptions, Finish, StreamError, StreamPart
from ai_sdk_integrations.spec.errors import InvalidResponseDataError
from ai_sdk_integrations.transport.framing.sse import SSEDecoder

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = CallOptions(prompt=[])


def codec() -> CohereChatCodec:
    return CohereChatCodec("command-a-03-2025", new_id=lambda: "id")


def _recorded() -> tuple[dict[str, Any], dict[str, bytes], dict[str, Any]]:
    bodies: dict[str, Any] = {}
    streams: dict[str, bytes] = {}
    embeddings: dict[str, Any] = {}
    for path in sorted(ROOT.glob("cassettes/cohere_*/*.yaml")):
        data = yaml.safe_load(path.read_text())
        for n, item in enumerate(data["interactions"]):
            response = item["response"]
            text = response["body"]["string"]
            text = text.decode() if isinstance(text, bytes) else text
            name = f"{path.parent.name}/{path.stem}/{n}"
            headers = {k.lower(): v for k, v in response["headers"].items()}
            if headers.get("content-type", [""])[0].startswith("text/event-stream"):
                streams[name] = text.encode()
            elif response["status"]["code"] == 200 and '"message"' in text:
                bodies[name] = json.loads(text)
            elif response["status"]["code"] == 200 and '"embeddings"' in text:
                embeddings[name] = json.loads(text)
    return bodies, streams, embeddings


RECORDED_BODIES, RECORDED_STREAMS, RECORDED_EMBEDDINGS = _recorded()


def _sample(recorded: dict[str, Any]) -> dict[str, Any]:
    step = max(1, len(recorded) // 12)
    special = ("citations", "thinking", "tool")
    return {
        name: value
        for n, (name, value) in enumerate(recorded.items())
        if n % step == 0 or (name.startswith("cohere_cassettes/") and any(s in name for s in special))
    }


BODIES = _sample(RECORDED_BODIES)
STREAM_BODIES = _sample(RECORDED_STREAMS)


def sse_payloads(body: bytes) -> list[str]:
    decoder = SSEDecoder()
    return [event.data for event in [*decoder.feed(body), *decoder.finish()]]


def _content(kind: str, index: int, *pieces: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "content-start",
            "index": index,
            "delta": {"message": {"content": {"type": kind, kind: ""}}},
        },
        *(
            {"type": "content-delta", "index": index, "delta": {"message": {"content": {kind: p}}}}
            for p in pieces
        ),
        {"type": "content-end", "index": index},
    ]


CITATION = {
    "start": 0,
    "end": 4,
    "text": "Okay",
    "sources": [
        {"type": "document", "id": "doc:0", "document": {"id": "doc:0", "text": "Okay.", "title": "t"}}
    ],
    "type": "TEXT_CONTENT",
}
DOCUMENTED_STREAM = [
    {"id": "c9117d7f", "type": "message-start", "delta": {"message": {"role": "assistant", "content": []}}},
    {"type": "debug", "prompt": "..."},
    *_content("thinking", 0, "Let me", " think"),
    *_content("text", 1, "Okay", "."),
    {"type": "citation-start", "index": 0, "delta": {"message": {"citations": CITATION}}},
    {"type": "citation-end", "index": 0},
    {"type": "tool-plan-delta", "delta": {"message": {"tool_plan": "I will call f."}}},
    {
        "type": "tool-call-start",
        "index": 0,
        "delta": {
            "message": {
                "tool_calls": {"id": "f_1", "type": "function", "function": {"name": "f", "arguments": ""}}
            }
        },
    },
    {
        "type": "tool-call-delta",
        "index": 0,
        "delta": {"message": {"tool_calls": {"function": {"arguments": '{"a":'}}}},
    },
    {
        "type": "tool-call-delta",
        "index": 0,
        "delta": {"message": {"tool_calls": {"function": {"arguments": " 1}"}}}},
    },
    {"type": "tool-call-end", "index": 0},
    {
        "type": "message-end",
        "delta": {
            "finish_reason": "TOOL_CALL",
            "usage": {
                "billed_units": {"input_tokens": 8, "output_tokens": 50},
                "tokens": {"input_tokens": 1394, "output_tokens": 54},
                "cached_tokens": 1360,
            },
        },
    },
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


def test_the_cassettes_were_found() -> None:
    assert BODIES and STREAM_BODIES and RECORDED_EMBEDDINGS


# -- parse_response ------------------------------------------------------------------------------


def parse(body: Any) -> Any:
    return codec().parse_response(body)


def body_metadata(path: Path_) -> bool:
    """Fields that say nothing of the answer."""
    return path[0] in ("id", "usage", "finish_reason", "logprobs")


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(BODIES)))
def test_parse_response_returns_or_raises_invalid(data: st.DataObject, name: str) -> None:
    result = returns_or_raises_invalid(parse, data.draw(corrupted(BODIES[name])))
    if result is not None:
        assert_well_typed_result(result)


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(BODIES)))
def test_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    result = parse(data.draw(corrupted(BODIES[name], body_metadata)))
    assert_well_typed_result(result)
    assert answer(result.content) == answer(parse(BODIES[name]).content)


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(RECORDED_EMBEDDINGS)))
def test_embedding_parse_returns_or_raises_invalid(data: st.DataObject, name: str) -> None:
    embedding = CohereEmbeddingCodec("embed-v4.0")
    try:
        result = embedding.parse_response(data.draw(corrupted(RECORDED_EMBEDDINGS[name])))
    except InvalidResponseDataError:
        return
    assert all(isinstance(x, float) for vector in result.embeddings for x in vector)


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
    if kind == "message-start":
        return lambda path: path[0] in ("id", "delta")
    if kind == "message-end":
        return lambda path: path[0] == "delta" and len(path) >= 2 and path[1] == "usage"
    if kind == "debug":
        return lambda path: path[0] == "prompt"
    return lambda path: False


@cache
def decoded(name: str) -> list[StreamPart]:
    return decode(STREAMS[name])[0]


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(STREAMS)))
def test_stream_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    payloads = list(STREAMS[name])
    for _ in range(data.draw(st.integers(1, 3), label="events changed")):
        at = data.draw(st.integers(0, len(payloads) - 1), label="at")
        event = json.loads(payloads[at])
        only = event_metadata(event)
        if not any(only((key,)) or only((key, "usage")) for key in event):
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
    assert [p for p in parts if isinstance(p, StreamError)] == [] and isinstance(parts[-1], Finish)


@pytest.mark.parametrize("name", sorted(RECORDED_BODIES))
def test_every_recorded_message_parses(name: str) -> None:
    assert_well_typed_result(parse(RECORDED_BODIES[name]))
