"""The Bedrock codec only raises the package's errors, whatever AWS sends.

The same properties as ``test_decoder_robustness`` (whose corruption strategies and
type checks this module reuses), for Converse: every response body and binary event
stream of the written Bedrock cassettes (``cassettes/bedrock_*``), plus a real
ConverseStream recorded by the AI SDK maintainers (``tests/fixtures/aws_eventstream``):

* ``parse_response`` returns a well-typed result or raises ``InvalidResponseDataError``,
  and corrupting only metadata (usage, metrics, trace, stop reason) keeps the answer;
* the stream decoder never raises: an event whose JSON payload is corrupted, dropped
  or not JSON is a ``StreamError`` part, the blocks it opened are closed, and exactly one
  ``Finish`` ends the stream;
* the binary stream cut at *every* byte boundary, and fed byte by byte, decodes to the
  same parts as the whole body (frames re-encoded with their CRCs, as AWS frames them).
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import sys
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
    returns_or_raises_invalid,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bedrock_provider"))
from eventstream_frames import encode_message, exception

from ai_sdk_integrations.provider.profile import model_profile
from ai_sdk_integrations.providers.bedrock.codec import BedrockConverseCodec
from ai_sdk_integrations.providers.bedrock.stream import BedrockConverseStreamDecoder
from ai_sdk_integrations.spec import Finish, StreamError, StreamPart, TextDelta
from ai_sdk_integrations.spec.errors import InvalidResponseDataError, RateLimitError
from ai_sdk_integrations.transport.framing.aws_eventstream import (
    EventStreamDecoder,
    EventStreamMessage,
)

ROOT = Path(__file__).resolve().parents[2]
MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
LIVE = ROOT / "tests/fixtures/aws_eventstream/issue-18994-live-converse-stream.json"


def codec() -> BedrockConverseCodec:
    return BedrockConverseCodec(MODEL, "bedrock", model_profile("claude-sonnet-4-5"), new_id=lambda: "id")


def _recorded() -> tuple[dict[str, Any], dict[str, bytes]]:
    bodies: dict[str, Any] = {}
    streams: dict[str, bytes] = {}
    for path in sorted(ROOT.glob("cassettes/bedrock_*/*.yaml")):
        data = yaml.safe_load(path.read_text())
        for n, item in enumerate(data["interactions"]):
            response = item["response"]
            raw = response["body"]["string"]
            raw = raw if isinstance(raw, bytes) else raw.encode()
            kind = {k.lower(): v for k, v in response["headers"].items()}.get("content-type", [""])[0]
            name = f"{path.parent.name}/{path.stem}/{n}"
            if kind.startswith("application/vnd.amazon.eventstream"):
                streams[name] = raw
            elif response["status"]["code"] == 200 and b'"output"' in raw:
                bodies[name] = json.loads(raw)
    live = json.loads(LIVE.read_text())
    streams["live/issue-18994"] = base64.b64decode(live["response"]["bodyBase64"])
    return bodies, streams


BODIES, STREAMS = _recorded()


def messages_of(raw: bytes) -> list[EventStreamMessage]:
    decoder = EventStreamDecoder()
    return [*decoder.feed(raw), *decoder.finish()]


def decode(messages: list[Any]) -> tuple[list[StreamPart], list[StreamPart]]:
    decoder = BedrockConverseStreamDecoder("bedrock", MODEL, lambda: "id", anthropic=True)
    fed = [part for message in messages for part in decoder.feed(message)]
    return fed, decoder.finish()


def test_cassettes_are_present() -> None:
    assert len(BODIES) >= 10 and len(STREAMS) >= 5


# -- parse_response ------------------------------------------------------------------------

_METADATA = frozenset(
    {"usage", "metrics", "trace", "stopReason", "additionalModelResponseFields", "performanceConfig"}
)


def metadata(path: Path_) -> bool:
    return bool(path) and path[0] in _METADATA


@SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(BODIES)))
def test_parse_response_returns_or_raises_invalid(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(BODIES[name]), label="body")
    result = returns_or_raises_invalid(codec().parse_response, body)
    if result is not None:
        assert_well_typed_result(result)


@SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(BODIES)))
def test_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(BODIES[name], only=metadata), label="body")
    result = codec().parse_response(body)
    assert_well_typed_result(result)
    assert answer(result.content) == answer(codec().parse_response(BODIES[name]).content)


# -- the stream decoder ------------------------------------------------------------------------


def payloads_and_headers(raw: bytes) -> list[tuple[dict[str, Any], str]]:
    return [(dict(m.headers), m.payload.decode()) for m in messages_of(raw)]


@SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(STREAMS)))
def test_stream_decoder_never_raises(data: st.DataObject, name: str) -> None:
    """Corrupted payloads are re-framed with valid CRCs, so it is the decoder (not the
    framing) that meets them."""
    framed = payloads_and_headers(STREAMS[name])
    payloads = data.draw(corrupted_stream([p for _, p in framed]), label="payloads")
    headers = [h for h, _ in framed]
    messages = messages_of(
        b"".join(
            encode_message(
                {k: v for k, v in headers[min(i, len(headers) - 1)].items() if isinstance(v, str)}, p.encode()
            )
            for i, p in enumerate(payloads)
        )
    )
    fed, finished = decode(messages)
    parts = fed + finished
    assert_well_typed_parts(parts)
    assert not any(isinstance(p, Finish) for p in fed)
    assert isinstance(parts[-1], Finish) and sum(isinstance(p, Finish) for p in parts) == 1
    assert_balanced_blocks(parts)
    if any(isinstance(p, StreamError) for p in parts):
        assert parts[-1].finish_reason.unified == "error"


@cache
def whole(name: str) -> list[Any]:
    fed, finished = decode(messages_of(STREAMS[name]))
    return comparable(fed + finished)


def through_framing(chunks: list[bytes]) -> list[Any]:
    framing = EventStreamDecoder()
    decoder = BedrockConverseStreamDecoder("bedrock", MODEL, lambda: "id", anthropic=True)
    parts: list[StreamPart] = []
    for chunk in chunks:
        for message in framing.feed(chunk):
            parts.extend(decoder.feed(message))
    framing.finish()
    parts.extend(decoder.finish())
    return comparable(parts)


# The streams that hold every kind of block: text, reasoning with a signature, tool use,
# redacted reasoning, an exception; each cut at every byte boundary.
_EVERY_CUT = sorted(
    name
    for name in STREAMS
    if any(k in name for k in ("every_event", "reasoning_two_turn", "stream_tool_use", "exception", "live/"))
)


@pytest.mark.parametrize("name", _EVERY_CUT)
def test_every_byte_boundary_gives_the_same_parts(name: str) -> None:
    raw = STREAMS[name]
    want = whole(name)
    assert want and not any(isinstance(p, tuple) for p in want[:-1] if "exception" not in name)
    for at in range(1, len(raw)):
        assert through_framing([raw[:at], raw[at:]]) == want, at
    assert through_framing([raw[i : i + 1] for i in range(len(raw))]) == want


@SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(STREAMS)))
def test_any_cutting_gives_the_same_parts(data: st.DataObject, name: str) -> None:
    raw = STREAMS[name]
    points = data.draw(st.lists(st.integers(1, len(raw) - 1), max_size=40, unique=True), label="cuts")
    bounds = [0, *sorted(points), len(raw)]
    assert through_framing([raw[a:b] for a, b in itertools.pairwise(bounds)]) == whole(name)


@SETTINGS
@given(garbage=st.binary(min_size=1, max_size=400))
def test_garbage_bytes_raise_only_invalid_response_data(garbage: bytes) -> None:
    with contextlib.suppress(InvalidResponseDataError):
        through_framing([garbage])


def test_the_live_aws_stream_decodes_to_what_aws_said() -> None:
    live = json.loads(LIVE.read_text())
    fed, finished = decode(messages_of(base64.b64decode(live["response"]["bodyBase64"])))
    observed = live["observed"]
    assert "".join(p.delta for p in fed if isinstance(p, TextDelta)) == observed["text"]
    (finish,) = finished[-1:]
    assert isinstance(finish, Finish) and finish.finish_reason.unified == observed["finishReason"]
    assert finish.usage.input_tokens.total == observed["inputTokens"]
    assert finish.usage.output_tokens.total == observed["outputTokens"]


def test_the_ai_sdk_stream_exception_fixture_is_typed() -> None:
    """``model-stream-error-exception.eventstream.base64.txt`` (vercel/ai, Apache-2.0),
    re-encoded here from its decoded headers and payload."""
    payload = {
        "message": "Model Stream Error",
        "originalStatusCode": 500,
        "originalMessage": "The model stream failed.",
    }
    fed, finished = decode(messages_of(exception("modelStreamErrorException", payload)))
    (error,) = [p for p in fed if isinstance(p, StreamError)]
    assert "The model stream failed." in str(error.error) and not error.error.is_retryable
    throttled, _ = decode(messages_of(exception("throttlingException", {"message": "Too many requests"})))
    (error,) = [p for p in throttled if isinstance(p, StreamError)]
    assert isinstance(error.error, RateLimitError) and error.error.is_retryable
    assert finished[-1].finish_reason.unified == "error"  # type: ignore[union-attr]
