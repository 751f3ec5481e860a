"""The Mistral codecs only raise the package's errors, whatever the server sends.

The same properties as ``test_decoder_robustness`` (whose corruption strategies and
type checks this module reuses), for Mistral's chat completions and embeddings: the
written Mistral cassettes (``cassettes/mistral_*``) and the AI SDK's recorded Mistral
fixtures (text, reasoning with thinking parts, tool calls, incremental tool calls),
corrupted at random:

* ``parse_response`` returns a well-typed result or raises ``InvalidResponseDataError``;
* the stream decoder never raises: an unreadable chunk is a ``StreamError`` part, the
  blocks it opened are closed, and exactly one ``Finish`` ends the stream;
* corrupting only metadata (ids, created, model, usage, finish reason, padding) never
  changes the answer (text, reasoning, tool calls, vectors);
* a stream cut into SSE byte chunks at any points decodes to the same parts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
    assert_well_typed_embeddings,
    assert_well_typed_parts,
    assert_well_typed_result,
    comparable,
    corrupted,
    corrupted_stream,
    cut,
    returns_or_raises_invalid,
    through_sse,
)

from ai_sdk_integrations.providers.mistral.chat import MistralChatCodec
from ai_sdk_integrations.providers.mistral.embedding import MistralEmbeddingCodec
from ai_sdk_integrations.spec import CallOptions, Finish, StreamError, StreamPart
from ai_sdk_integrations.transport.framing.sse import SSEDecoder

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = CallOptions(prompt=[])


def codec() -> MistralChatCodec:
    return MistralChatCodec("mistral-small-latest", new_id=lambda: "id0000000")


def _recorded() -> tuple[dict[str, Any], dict[str, bytes], dict[str, Any]]:
    bodies: dict[str, Any] = {}
    streams: dict[str, bytes] = {}
    embeddings: dict[str, Any] = {}
    for path in sorted(ROOT.glob("cassettes/mistral_cassettes/*.yaml")):
        data = yaml.safe_load(path.read_text())
        for n, item in enumerate(data["interactions"]):
            response = item["response"]
            text = response["body"]["string"]
            text = text.decode() if isinstance(text, bytes) else text
            name = f"{path.stem}/{n}"
            kind = (response["headers"].get("content-type") or [""])[0]
            if kind.startswith("text/event-stream"):
                streams[name] = text.encode()
            elif response["status"]["code"] == 200 and '"chat.completion"' in text:
                bodies[name] = json.loads(text)
            elif response["status"]["code"] == 200 and '"embedding"' in text:
                embeddings[name] = json.loads(text)
    return bodies, streams, embeddings


RECORDED_BODIES, RECORDED_STREAMS, EMBEDDINGS = _recorded()

# The AI SDK's recorded Mistral responses (packages/mistral/src/__fixtures__), as data.
AI_SDK_REASONING = {
    "id": "a4e29c5b82f94d67b23e108a7c9df6e1",
    "created": 1769088912,
    "model": "magistral-medium-2507",
    "usage": {"prompt_tokens": 10, "total_tokens": 56, "completion_tokens": 46},
    "object": "chat.completion",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": [{"type": "text", "text": "2+2=4."}]},
                    {"type": "text", "text": "2 + 2 = 4"},
                ],
            },
        }
    ],
}
AI_SDK_TOOL_CALL = {
    "id": "b3999b8c93e04e11bcbff7bcab829667",
    "created": 1769088854,
    "model": "mistral-small-latest",
    "usage": {"prompt_tokens": 124, "total_tokens": 146, "completion_tokens": 22},
    "object": "chat.completion",
    "choices": [
        {
            "index": 0,
            "finish_reason": "tool_calls",
            "message": {
                "role": "assistant",
                "tool_calls": [
                    {"id": "gSIMJiOkT", "function": {"name": "weather", "arguments": '{"location": "SF"}'}}
                ],
            },
        }
    ],
}
_CHUNK = {
    "id": "a4e2",
    "object": "chat.completion.chunk",
    "created": 1769088912,
    "model": "magistral-medium-2507",
}


def _chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
    return json.dumps({**_CHUNK, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra})


USAGE = {"prompt_tokens": 10, "total_tokens": 56, "completion_tokens": 46}
AI_SDK_STREAMS: dict[str, list[str]] = {
    "ai-sdk/reasoning": [
        _chunk(
            {
                "role": "assistant",
                "content": [{"type": "thinking", "thinking": [{"type": "text", "text": "The user"}]}],
            }
        ),
        _chunk({"content": [{"type": "thinking", "thinking": [{"type": "text", "text": " asks 2+2."}]}]}),
        _chunk({"content": [{"type": "text", "text": "2 + 2 = 4"}]}),
        _chunk({"content": ""}, "stop", usage=USAGE),
        "[DONE]",
    ],
    "ai-sdk/incremental-tool-call": [
        _chunk(
            {
                "tool_calls": [
                    {
                        "id": "chatcmpl-tool-9f1",
                        "type": "function",
                        "function": {"name": "search", "arguments": ""},
                        "index": 0,
                    }
                ],
                "content": "",
            }
        ),
        _chunk(
            {
                "tool_calls": [
                    {"type": "function", "function": {"name": "", "arguments": '{"q": "x"}'}, "index": 0}
                ]
            }
        ),
        _chunk({"content": ""}, "tool_calls", usage={**USAGE, "prompt_tokens_details": {"cached_tokens": 8}}),
        "[DONE]",
    ],
}


def sse_payloads(body: bytes) -> list[str]:
    decoder = SSEDecoder()
    return [event.data for event in [*decoder.feed(body), *decoder.finish()]]


BODIES: dict[str, Any] = {
    **RECORDED_BODIES,
    "ai-sdk/reasoning": AI_SDK_REASONING,
    "ai-sdk/tool-call": AI_SDK_TOOL_CALL,
}
STREAMS: dict[str, list[str]] = {
    name: sse_payloads(body) for name, body in RECORDED_STREAMS.items()
} | AI_SDK_STREAMS

FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def test_the_recordings_are_found() -> None:
    assert len(RECORDED_BODIES) >= 10 and len(RECORDED_STREAMS) >= 4 and EMBEDDINGS


# -- parse_response ------------------------------------------------------------------------------

_BODY_METADATA = frozenset({"id", "object", "created", "model", "usage"})
_CHOICE_METADATA = frozenset({"index", "finish_reason", "logprobs"})


def metadata(path: Path_) -> bool:
    return (
        path[0] in _BODY_METADATA
        or path[0] == "p"
        or (len(path) >= 3 and path[0] == "choices" and path[2] in _CHOICE_METADATA)
    )


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
    result = parse(data.draw(corrupted(BODIES[name], metadata)))
    assert_well_typed_result(result)
    assert answer(result.content) == answer(parse(BODIES[name]).content)


def embedding_codec() -> MistralEmbeddingCodec:
    return MistralEmbeddingCodec("mistral-embed")


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(EMBEDDINGS)))
def test_embedding_parse_response_returns_or_raises_invalid(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(EMBEDDINGS[name]))
    result = returns_or_raises_invalid(embedding_codec().parse_response, body)
    if result is not None:
        assert_well_typed_embeddings(result)


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(EMBEDDINGS)))
def test_embedding_bad_metadata_keeps_the_vectors(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(EMBEDDINGS[name], lambda path: path[0] in ("id", "object", "model", "usage")))
    result = embedding_codec().parse_response(body)
    assert result.embeddings == embedding_codec().parse_response(EMBEDDINGS[name]).embeddings


# -- the stream decoder --------------------------------------------------------------------------


def decode(payloads: Iterable[str]) -> tuple[list[StreamPart], list[StreamPart]]:
    decoder = codec().stream_decoder(OPTIONS)
    fed = [part for data in payloads for part in decoder.feed(data)]
    return fed, decoder.finish()


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(STREAMS)))
def test_stream_decoder_never_raises(data: st.DataObject, name: str) -> None:
    fed, finished = decode(data.draw(corrupted_stream(STREAMS[name]), label="chunks"))
    parts = fed + finished
    assert_well_typed_parts(parts)
    assert not any(isinstance(p, Finish) for p in fed)
    assert isinstance(parts[-1], Finish) and sum(isinstance(p, Finish) for p in parts) == 1
    assert_balanced_blocks(parts)
    if any(isinstance(p, StreamError) for p in parts):
        assert parts[-1].finish_reason.unified == "error"


@cache
def decoded(name: str) -> list[StreamPart]:
    return decode(STREAMS[name])[0]


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(STREAMS)))
def test_stream_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    payloads = list(STREAMS[name])
    for _ in range(data.draw(st.integers(1, 3), label="chunks changed")):
        at = data.draw(st.integers(0, len(payloads) - 2), label="at")  # the last one is [DONE]
        payloads[at] = json.dumps(data.draw(corrupted(json.loads(payloads[at]), metadata)))
    fed, finished = decode(payloads)
    assert answer(fed) == answer(decoded(name))
    assert not any(isinstance(p, StreamError) for p in fed + finished)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(sorted(RECORDED_STREAMS)))
def test_any_chunking_gives_the_same_parts(data: st.DataObject, name: str) -> None:
    body = RECORDED_STREAMS[name]
    points = data.draw(st.lists(st.integers(0, len(body)), max_size=20), label="cut points")
    whole = through_sse([body], codec().stream_decoder(OPTIONS))
    assert comparable(through_sse(cut(body, points), codec().stream_decoder(OPTIONS))) == comparable(whole)


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_every_stream_decodes_cleanly(name: str) -> None:
    fed, finished = decode(STREAMS[name])
    parts = fed + finished
    assert_well_typed_parts(parts)
    assert not any(isinstance(p, StreamError) for p in parts) and isinstance(parts[-1], Finish)
