"""Fuzzing every stream decoder through the transport's own framers.

The per-provider robustness modules (tests/providers/test_*robustness.py) corrupt
recorded streams field by field and cut them at random through ``SSEDecoder``. This
module adds what they leave out, for all eight decoders at once, in the order the
transport runs them (``transport.client._framer(framing)`` then the codec's decoder):

* the list of decoders is complete: every codec class in ``providers`` with a
  ``stream_decoder`` is fuzzed here (a new provider cannot be forgotten);
* a valid stream (text; a tool call), cut into byte chunks at random points by
  hypothesis, gives exactly the parts of the uncut stream, through SSE framing or the
  binary AWS event stream framing;
* random bytes, random SSE-shaped text, events whose payload is any JSON value
  (null, a list, a number, an object of the wrong shape), and valid streams with
  events replaced by such values or dropped: only the package's errors come out (a
  ``StreamError`` part carrying an ``AISDKError``, or an ``AISDKError`` raised by the
  framer), every other part is well-typed, and nothing else is ever raised.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import itertools
import json
import os
import pkgutil
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import pytest
from bedrock_provider.eventstream_frames import encode_message
from faults import PIECES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from observe import KEY
from providers.test_decoder_robustness import JSON_VALUES, assert_well_typed_parts, comparable
from wire_shapes import BY_NAME, WIRES, Wire

import ai_sdk_integrations
import ai_sdk_integrations.providers
from ai_sdk_integrations.spec import CallOptions, Finish, StreamError, StreamPart, TextDelta
from ai_sdk_integrations.spec.errors import AISDKError
from ai_sdk_integrations.transport import client as http_client

OPTIONS = CallOptions(prompt=[])
FRAMING = {"bedrock": "aws-eventstream"}
"""Every other wire is SSE."""
FUZZ = settings(
    max_examples=int(os.environ.get("AI_SDK_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def codec(name: str) -> Any:
    wire = BY_NAME[name]
    model = ai_sdk_integrations.language_model(
        wire.model, base_url="http://127.0.0.1:9/v1", api_key=KEY, **wire.settings
    )
    found = model.codec
    if dataclasses.is_dataclass(found) and hasattr(found, "new_id"):  # ids the same on every run
        found = dataclasses.replace(found, new_id=lambda: "id")  # type: ignore[type-var]
    return found


def decode(name: str, chunks: Iterable[bytes]) -> list[StreamPart]:
    """Bytes -> parts exactly as the transport and the model do it."""
    framer = http_client._framer(FRAMING.get(name, "sse"))  # type: ignore[arg-type]
    decoder = codec(name).stream_decoder(OPTIONS)
    parts: list[StreamPart] = []
    for chunk in chunks:
        for event in framer.feed(chunk):
            parts.extend(decoder.feed(event))
    for event in framer.finish():
        parts.extend(decoder.feed(event))
    parts.extend(decoder.finish())
    return parts


def decode_or_our_error(name: str, chunks: Iterable[bytes]) -> list[StreamPart]:
    """Parts, or ``[]`` when a framer refused the bytes with one of our errors."""
    try:
        parts = decode(name, chunks)
    except AISDKError:  # the event-stream framer raises on a corrupt frame: ours, typed
        return []
    assert_well_typed_parts(parts)
    return parts


def cut(body: bytes, points: Iterable[int]) -> list[bytes]:
    bounds = [0, *sorted(points), len(body)]
    return [body[a:b] for a, b in itertools.pairwise(bounds)]


def valid_streams(wire: Wire) -> dict[str, bytes]:
    return {
        "text": b"".join(wire.stream_chunks(PIECES)),
        "tool": b"".join(wire.tool_stream('{"city": "Paris"}')),
    }


NAMES = [wire.name for wire in WIRES]


# -- the list is complete ---------------------------------------------------------------


def test_every_stream_decoder_in_the_package_is_fuzzed() -> None:
    package = ai_sdk_integrations.providers
    decoders = set()
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and value.__module__ == module.__name__
                and "stream_decoder" in vars(value)
            ):
                decoders.add(value)
    fuzzed = {type(codec(name)) for name in NAMES}
    assert decoders - fuzzed == set(), "add these codecs' wires to tests/reliability/wire_shapes.py"
    assert len(fuzzed) == len(NAMES) == 8


# -- valid streams, cut anywhere --------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_valid_streams_decode_cleanly(name: str) -> None:
    for kind, body in valid_streams(BY_NAME[name]).items():
        parts = decode(name, [body])
        assert_well_typed_parts(parts)
        assert not any(isinstance(p, StreamError) for p in parts), (kind, parts)
        assert isinstance(parts[-1], Finish), (kind, parts[-1])
        if kind == "text":
            assert "".join(p.delta for p in parts if isinstance(p, TextDelta)) == "".join(PIECES)


@FUZZ
@given(data=st.data(), kind=st.sampled_from(["text", "tool"]))
@pytest.mark.parametrize("name", NAMES)
def test_any_cutting_gives_the_same_parts(name: str, data: st.DataObject, kind: str) -> None:
    body = valid_streams(BY_NAME[name])[kind]
    points = data.draw(st.lists(st.integers(0, len(body)), max_size=24), label="cut points")
    assert comparable(decode(name, cut(body, points))) == comparable(decode(name, [body]))


@pytest.mark.parametrize("name", NAMES)
def test_byte_by_byte_gives_the_same_parts(name: str) -> None:
    for body in valid_streams(BY_NAME[name]).values():
        whole = comparable(decode(name, [body]))
        assert comparable(decode(name, [body[i : i + 1] for i in range(len(body))])) == whole


# -- anything else: only our errors -----------------------------------------------------

SSE_PIECES = st.sampled_from(
    [b"data: ", b"data:", b"event: message_start\n", b"id: 1\n", b"retry: x\n", b": ping\n", b"\n",
     b"\r\n", b"\r", b"{", b"}", b"[", b"]", b'"type"', b":", b",", b'"delta"', b"null", b"[DONE]",
     b"\xff\xfe", b"\x00"]
)  # fmt: skip


def _event(name: str, payload: Any) -> bytes:
    """One event carrying ``payload`` (any JSON value), framed as ``name``'s wire frames."""
    data = json.dumps(payload).encode()
    if FRAMING.get(name) == "aws-eventstream":
        kind = "contentBlockDelta" if not isinstance(payload, dict) else str(payload.get("t", "messageStop"))
        return encode_message(
            {":event-type": kind, ":content-type": "application/json", ":message-type": "event"}, data
        )
    return b"data: " + data + b"\n\n"


@FUZZ
@given(body=st.binary(max_size=400))
@pytest.mark.parametrize("name", NAMES)
def test_random_bytes_give_only_our_errors(name: str, body: bytes) -> None:
    decode_or_our_error(name, [body])


@FUZZ
@given(pieces=st.lists(st.one_of(SSE_PIECES, st.binary(max_size=8)), max_size=40))
@pytest.mark.parametrize("name", [n for n in NAMES if n not in FRAMING])
def test_random_sse_shaped_text_gives_only_our_errors(name: str, pieces: Sequence[bytes]) -> None:
    decode_or_our_error(name, pieces)


@FUZZ
@given(data=st.data())
@pytest.mark.parametrize("name", NAMES)
def test_events_of_any_json_value_give_only_our_errors(name: str, data: st.DataObject) -> None:
    """Valid events with some replaced by any JSON value, some dropped, some repeated."""
    wire = BY_NAME[name]
    events = data.draw(st.sampled_from([wire.stream_chunks(PIECES[:2]), wire.tool_stream('{"a": 1}')]))
    out: list[bytes] = []
    for event in events:
        action = data.draw(st.sampled_from(["keep", "keep", "replace", "drop", "twice"]))
        if action == "replace":
            out.append(_event(name, data.draw(JSON_VALUES, label="payload")))
        elif action != "drop":
            out += [event] * (2 if action == "twice" else 1)
    decode_or_our_error(name, out)
