"""Decoders only raise the package's errors, whatever the server sends.

Real recorded bodies and streams (``tests/fixtures/openai_chat`` and the Gateway's
cassettes) are corrupted at random: a field at any depth is deleted or replaced by a
value of another type (null, a bool, a huge or negative number, a millisecond
timestamp, a float, a string, a list, an object), and stream chunks are also replaced
by text that is not JSON, by JSON that is not an object, or cut short. Whatever comes in:

* ``parse_response`` returns a well-typed result or raises ``InvalidResponseDataError``;
* a stream decoder's ``feed`` and ``finish`` never raise: a failure is a ``StreamError``
  part carrying one of the package's errors, and every other part is well-typed;
* corrupting only metadata (ids, timestamps, model, usage, finish reason, provider
  metadata, warnings) never changes the answer (text, reasoning, tool calls, vectors).

Random changes rarely hit one exact value in one exact field, so every field of every
body (and of one chunk of each shape per stream) is also swept through a fixed list of
odd values, one at a time. Tool arguments sent as a JSON object (not a string) become a
tool call whose input parses to that object, and a recorded stream cut into SSE byte
chunks at arbitrary points decodes to the same parts as the whole body.

"Well-typed" is checked against the annotations of the spec dataclasses themselves.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_sdk_integrations.providers.gateway.codec import (
    GatewayChatCodec,
    GatewayEmbeddingCodec,
)
from ai_sdk_integrations.providers.openai.chat import OpenAIChatCodec
from ai_sdk_integrations.providers.openai.dialect import ChatDialect
from ai_sdk_integrations.providers.openai.embedding import OpenAIEmbeddingCodec
from ai_sdk_integrations.spec import (
    CallOptions,
    Content,
    EmbeddingModelResult,
    Finish,
    GenerateResult,
    Raw,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    StreamError,
    StreamPart,
    StreamStart,
    TextContent,
    TextDelta,
    TextEnd,
    TextStart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
)
from ai_sdk_integrations.spec.errors import AISDKError, InvalidResponseDataError
from ai_sdk_integrations.transport.framing.sse import SSEDecoder

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "openai_chat"
GATEWAY_CASSETTES = ROOT / "cassettes" / "gateway_cassettes"
OPTIONS = CallOptions(prompt=[])

# -- what comes in ------------------------------------------------------------------------


def sse_payloads(body: bytes) -> list[str]:
    decoder = SSEDecoder()
    return [event.data for event in [*decoder.feed(body), *decoder.finish()]]


def _cassette_responses(name: str) -> list[str]:
    data = yaml.safe_load((GATEWAY_CASSETTES / name).read_text())
    return [str(item["response"]["body"]["string"]) for item in data["interactions"]]


SIMPLE_CHAT: dict[str, Any] = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1_767_225_600,
    "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6},
    "system_fingerprint": "fp_1",
    "service_tier": "default",
}
CHAT_BODIES: dict[str, Any] = {
    path.stem: json.loads(path.read_text())
    for path in sorted(FIXTURES.glob("*.json"))
    if path.stem != "openai-embedding"
} | {"simple": SIMPLE_CHAT}
# the error body is valid JSON but no completion: it must fail the parse, not the caller
ANSWERED_CHAT = {name: body for name, body in CHAT_BODIES.items() if "choices" in body}
CHAT_STREAMS: dict[str, list[str]] = {
    path.stem: sse_payloads(path.read_bytes()) for path in sorted(FIXTURES.glob("*.sse"))
}

OPENAI_EMBEDDINGS: dict[str, Any] = {
    "fixture": json.loads((FIXTURES / "openai-embedding.json").read_text()),
    "simple": {
        "object": "list",
        "data": [{"object": "embedding", "index": 0, "embedding": [0.5, -1, 0.25]}],
        "model": "m",
        "usage": {"prompt_tokens": 2, "total_tokens": 2},
    },
}

SIMPLE_GATEWAY_RESULT: dict[str, Any] = {
    "content": [
        {"type": "reasoning", "text": "hmm", "providerMetadata": {"anthropic": {"signature": "s"}}},
        {"type": "text", "text": "Hello"},
        {"type": "tool-call", "toolCallId": "call_1", "toolName": "f", "input": '{"a":1}', "dynamic": True},
        {"type": "tool-result", "toolCallId": "ws_1", "toolName": "web", "result": [1], "isError": False},
        {"type": "file", "mediaType": "image/png", "data": {"type": "data", "data": "AAAA"}},
        {"type": "source", "sourceType": "url", "id": "s1", "url": "https://a.b", "title": "A"},
    ],
    "finishReason": {"unified": "stop", "raw": "stop"},
    "usage": {
        "inputTokens": {"total": 10, "noCache": 8, "cacheRead": 2, "cacheWrite": 0},
        "outputTokens": {"total": 4, "text": 3, "reasoning": 1},
        "raw": {"input_tokens": 10},
    },
    "providerMetadata": {"gateway": {"generationId": "gen_1", "cost": "0.0001"}},
    "response": {"id": "resp_1", "timestamp": "2026-05-01T12:30:45.123Z", "modelId": "m"},
    "warnings": [{"type": "unsupported", "feature": "topK"}],
}
GATEWAY_RESULTS: dict[str, Any] = {
    name: json.loads(_cassette_responses(f"{name}.yaml")[0])
    for name in (
        "test_generate_text",
        "test_generate_text_with_reasoning",
        "test_structured_output",
        "test_langchain_tool_call",
    )
} | {"simple": SIMPLE_GATEWAY_RESULT}
GATEWAY_EMBEDDINGS: dict[str, Any] = {
    name: json.loads(_cassette_responses(f"{name}.yaml")[0]) for name in ("test_embed", "test_embed_many")
}
GATEWAY_STREAM_BODIES: dict[str, bytes] = {
    name: _cassette_responses(f"{name}.yaml")[0].encode()
    for name in (
        "test_stream_text",
        "test_stream_tool_call",
        "test_stream_structured_output",
        "test_astream_text",
        "test_error_class_in_a_stream",
    )
}
SIMPLE_GATEWAY_STREAM = [
    {"type": "stream-start", "warnings": [{"type": "compatibility", "feature": "seed"}]},
    {"type": "response-metadata", "id": "resp_1", "timestamp": "2026-05-01T12:30:45Z", "modelId": "m"},
    {"type": "reasoning-start", "id": "r-0"},
    {"type": "reasoning-delta", "id": "r-0", "delta": "hm"},
    {"type": "reasoning-end", "id": "r-0", "providerMetadata": {"anthropic": {"signature": "s"}}},
    {"type": "text-start", "id": "txt-0", "providerMetadata": {"gateway": {"generationId": "gen_1"}}},
    {"type": "text-delta", "id": "txt-0", "delta": "Hel"},
    {"type": "text-delta", "id": "txt-0", "delta": "lo"},
    {"type": "text-end", "id": "txt-0"},
    {"type": "tool-input-start", "id": "call_1", "toolName": "f", "dynamic": True, "title": "F"},
    {"type": "tool-input-delta", "id": "call_1", "delta": '{"a":'},
    {"type": "tool-input-delta", "id": "call_1", "delta": "1}"},
    {"type": "tool-input-end", "id": "call_1"},
    {"type": "tool-call", "toolCallId": "call_1", "toolName": "f", "input": '{"a":1}'},
    {"type": "source", "sourceType": "url", "id": "s1", "url": "https://a.b"},
    {"type": "raw", "rawValue": {"choices": []}},
    {
        "type": "finish",
        "finishReason": {"unified": "stop", "raw": "stop"},
        "usage": {"inputTokens": {"total": 10}, "outputTokens": {"total": 4}, "raw": {"x": 1}},
        "providerMetadata": {"gateway": {"cost": "0.0001"}},
    },
]
GATEWAY_STREAMS: dict[str, list[str]] = {
    name: sse_payloads(body) for name, body in GATEWAY_STREAM_BODIES.items()
} | {"simple": [json.dumps(part) for part in SIMPLE_GATEWAY_STREAM]}


def chat_codec() -> OpenAIChatCodec:
    return OpenAIChatCodec("m", ChatDialect("openai"), new_id=lambda: "id")


def decode_chat(payloads: Iterable[str]) -> tuple[list[StreamPart], list[StreamPart]]:
    """(parts from feed, parts from finish)."""
    decoder = chat_codec().stream_decoder(OPTIONS)
    fed = [part for data in payloads for part in decoder.feed(data)]
    return fed, decoder.finish()


def decode_gateway(payloads: Iterable[str]) -> tuple[list[StreamPart], list[StreamPart]]:
    decoder = GatewayChatCodec("m").stream_decoder(OPTIONS)
    fed = [part for data in payloads for part in decoder.feed(data)]
    return fed, decoder.finish()


# -- corruption ---------------------------------------------------------------------------

Path_ = tuple[Any, ...]

ODD_CONSTANTS: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    10**30,
    -(10**30),
    10**400,  # JSON has no limit; too large for a float
    1.5,
    -2.5,
    1e308,
    float("inf"),
    float("nan"),
    1_767_225_600_000,  # a timestamp in milliseconds
    1_767_225_600,
    -1_767_225_600_000,
    "",
    "x",
    "123",
    "2026-01-01T00:00:00Z",
    "not a date",
    [],
    [None],
    [1, "a"],
    {},
    {"a": 1},
    {"type": "text"},
]
_constants = st.sampled_from(ODD_CONSTANTS)
ODD_VALUES = st.one_of(
    _constants,
    _constants,  # twice: the named shapes are the interesting ones
    st.integers(),
    st.floats(),
    st.text(max_size=6),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
        max_leaves=6,
    ),
)
DELETE = object()


def field_paths(value: Any, prefix: Path_ = ()) -> Iterable[Path_]:
    """The path of every key and list item, at any depth."""
    items: Iterable[tuple[Any, Any]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        yield (*prefix, key)
        yield from field_paths(item, (*prefix, key))


def replaced(value: Any, path: Path_, new: Any) -> Any:
    """``value`` with the field at ``path`` set to ``new`` (or deleted: ``DELETE``); only
    the containers along the path are copied, the rest is shared (nothing mutates it)."""
    if not path:
        return copy.deepcopy(new)  # the constants are shared
    key, rest = path[0], path[1:]
    out = copy.copy(value)
    if rest:
        out[key] = replaced(value[key], rest, new)
    elif new is DELETE:
        del out[key]
    else:
        out[key] = copy.deepcopy(new)
    return out


def every_single_change(value: Any) -> Iterable[tuple[Path_, Any, Any]]:
    """``(path, new, value changed there)`` for every field and every odd constant, and
    every deletion."""
    for path in [(), *field_paths(value)]:
        for new in [DELETE, *ODD_CONSTANTS] if path else ODD_CONSTANTS:
            yield path, new, replaced(value, path, new)


@st.composite
def corrupted(draw: st.DrawFn, value: Any, only: Callable[[Path_], bool] | None = None) -> Any:
    """``value`` with one to three fields (only those ``only`` allows) deleted or replaced."""
    for _ in range(draw(st.integers(1, 3), label="changes")):
        candidates = [path for path in field_paths(value) if only is None or only(path)]
        if only is None:
            candidates.append(())  # the whole value
        if not candidates:
            break
        path = draw(st.sampled_from(candidates), label="field")
        if not path:
            return copy.deepcopy(draw(ODD_VALUES, label="whole value"))
        new = DELETE if draw(st.booleans(), label="delete") else draw(ODD_VALUES, label="new value")
        value = replaced(value, path, new)
    return value


JUNK_CHUNKS = st.sampled_from(
    [
        "",
        "{",
        "not json",
        "data: {}",
        "[DONE",
        "42",
        "-1",
        "1e999",
        "null",
        "true",
        '"text"',
        "[]",
        "[1, 2]",
        "{}",
    ]
) | st.text(max_size=10)


@st.composite
def corrupted_stream(draw: st.DrawFn, payloads: list[str]) -> list[str]:
    """Chunks of a real stream with some corrupted, replaced, cut short, dropped or added."""
    out = list(payloads)
    for _ in range(draw(st.integers(1, 4), label="chunk changes")):
        at = draw(st.integers(0, max(0, len(out) - 1)), label="at")
        how = draw(st.sampled_from(["field", "field", "junk", "truncate", "drop", "insert"]), label="how")
        if how == "insert" or not out:
            out.insert(at, draw(JUNK_CHUNKS))
        elif how == "drop":
            del out[at]
        elif how == "junk":
            out[at] = draw(JUNK_CHUNKS)
        elif how == "truncate":
            out[at] = out[at][: draw(st.integers(0, max(0, len(out[at]) - 1)), label="keep")]
        else:
            try:
                chunk = json.loads(out[at])
            except ValueError:
                continue  # [DONE] and junk already inserted
            out[at] = json.dumps(draw(corrupted(chunk)))
    return out


# -- what "well-typed" means ----------------------------------------------------------------


@cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


@cache
def _shape(hint: Any) -> tuple[Any, tuple[Any, ...], bool]:
    return get_origin(hint), get_args(hint), isinstance(hint, type) and dataclasses.is_dataclass(hint)


def type_errors(value: Any, hint: Any, where: str = "") -> list[str]:
    """Where ``value`` does not match its annotation (empty when it does)."""
    if hint is Any:
        return []
    origin, args, is_dataclass = _shape(hint)
    if origin in (Union, types.UnionType):
        if type(value) in args:  # a dataclass of the union: check that one only
            return type_errors(value, type(value), where)
        if any(not type_errors(value, arg) for arg in args):
            return []
        return [f"{where}: {value!r} is not {hint}"]
    if origin is Literal:
        ok = isinstance(value, str) and value in args
    elif hint is type(None):
        ok = value is None
    elif hint is float:
        ok = type(value) in (int, float)
    elif hint is int:
        ok = type(value) is int
    elif origin is Mapping or origin is dict:
        if not isinstance(value, Mapping):
            return [f"{where}: {value!r} is not a mapping"]
        return [
            error
            for key, item in value.items()
            for error in type_errors(key, args[0], f"{where}.key")
            + type_errors(item, args[1], f"{where}[{key!r}]")
        ]
    elif origin is Sequence or origin is list:
        if not isinstance(value, Sequence) or isinstance(value, str):
            return [f"{where}: {value!r} is not a sequence"]
        return [
            error for i, item in enumerate(value) for error in type_errors(item, args[0], f"{where}[{i}]")
        ]
    elif is_dataclass:
        if not isinstance(value, hint):
            return [f"{where}: {value!r} is not a {hint.__name__}"]
        return [
            error
            for name, field_hint in _fields(hint)
            for error in type_errors(getattr(value, name), field_hint, f"{where}.{name}")
        ]
    else:
        ok = isinstance(value, hint)
    return [] if ok else [f"{where}: {value!r} is not {hint}"]


def assert_well_typed_parts(parts: Sequence[StreamPart]) -> None:
    for part in parts:
        if isinstance(part, StreamError):
            assert isinstance(part.error, AISDKError), part
        else:
            assert type_errors(part, StreamPart, type(part).__name__) == []


def assert_well_typed_result(result: GenerateResult) -> None:
    # the Gateway keeps content it does not model as Raw (spec.wire), never drops it
    for i, item in enumerate(result.content):
        assert type_errors(item, Content | Raw, f"content[{i}]") == []
    rest = dataclasses.replace(result, content=[])
    assert type_errors(rest, GenerateResult, "result") == []


def assert_well_typed_embeddings(result: EmbeddingModelResult) -> None:
    assert type_errors(result, EmbeddingModelResult, "result") == []


def answer(content: Iterable[Any]) -> list[Any]:
    """The answer in content or stream parts, without the metadata riding on it."""
    out: list[Any] = []
    for item in content:
        if isinstance(item, (TextContent, ReasoningContent)):
            out.append((item.type, item.text))
        elif isinstance(item, (TextDelta, ReasoningDelta, ToolInputDelta)):
            out.append((item.type, item.id, item.delta))
        elif isinstance(item, ToolCallContent):
            out.append((item.type, item.tool_call_id, item.tool_name, item.input))
        elif isinstance(item, ToolInputStart):
            out.append((item.type, item.id, item.tool_name))
        elif isinstance(item, (TextStart, TextEnd, ReasoningStart, ReasoningEnd, ToolInputEnd)):
            out.append((item.type, item.id))
        elif isinstance(item, Finish):
            continue  # all metadata
        elif dataclasses.is_dataclass(item) and hasattr(item, "provider_metadata"):
            out.append(dataclasses.replace(item, provider_metadata=None))  # type: ignore[type-var]
        elif isinstance(item, Raw) and isinstance(item.raw_value, dict):
            out.append(("raw", item.raw_value.get("type")))
    return out


def returns_or_raises_invalid(parse: Callable[[Any], Any], body: Any) -> Any:
    """What ``parse`` returns, or ``None`` when it raises ``InvalidResponseDataError``
    (anything else it raises fails the test)."""
    try:
        return parse(body)
    except InvalidResponseDataError:
        return None


FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
STREAMS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

# -- parse_response: OpenAI Chat Completions ------------------------------------------------

_CHAT_METADATA = frozenset(
    {
        "id",
        "object",
        "created",
        "model",
        "usage",
        "system_fingerprint",
        "service_tier",
        "prompt_filter_results",
    }
)
_CHOICE_METADATA = frozenset({"index", "finish_reason", "logprobs", "content_filter_results"})


def chat_metadata(path: Path_) -> bool:
    return path[0] in _CHAT_METADATA or (
        len(path) >= 3 and path[0] == "choices" and path[2] in _CHOICE_METADATA
    )


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(CHAT_BODIES)))
def test_openai_chat_parse_response_returns_or_raises_invalid(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(CHAT_BODIES[name]), label="body")
    result = returns_or_raises_invalid(chat_codec().parse_response, body)
    if result is not None:
        assert_well_typed_result(result)


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(ANSWERED_CHAT)))
def test_openai_chat_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    want = chat_codec().parse_response(ANSWERED_CHAT[name])
    body = data.draw(corrupted(ANSWERED_CHAT[name], chat_metadata), label="body")
    result = chat_codec().parse_response(body)
    assert list(result.content) == list(want.content)
    assert_well_typed_result(result)


# -- parse_response: OpenAI embeddings -------------------------------------------------------


def openai_embedding_codec() -> OpenAIEmbeddingCodec:
    return OpenAIEmbeddingCodec("m", ChatDialect("openai"))


def openai_embedding_metadata(path: Path_) -> bool:
    return path[0] in ("object", "model", "usage") or (
        len(path) >= 3 and path[0] == "data" and path[2] == "object"
    )


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(OPENAI_EMBEDDINGS)))
def test_openai_embedding_parse_response_returns_or_raises_invalid(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(OPENAI_EMBEDDINGS[name]), label="body")
    result = returns_or_raises_invalid(openai_embedding_codec().parse_response, body)
    if result is not None:
        assert_well_typed_embeddings(result)


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(OPENAI_EMBEDDINGS)))
def test_openai_embedding_bad_metadata_keeps_the_vectors(data: st.DataObject, name: str) -> None:
    want = openai_embedding_codec().parse_response(OPENAI_EMBEDDINGS[name])
    body = data.draw(corrupted(OPENAI_EMBEDDINGS[name], openai_embedding_metadata), label="body")
    result = openai_embedding_codec().parse_response(body)
    assert result.embeddings == want.embeddings
    assert_well_typed_embeddings(result)


# -- parse_response: the Gateway -------------------------------------------------------------

_GATEWAY_RESULT_METADATA = frozenset(
    {"finishReason", "usage", "providerMetadata", "response", "warnings", "request"}
)


def gateway_result_metadata(path: Path_) -> bool:
    return path[0] in _GATEWAY_RESULT_METADATA or (
        len(path) >= 3 and path[0] == "content" and path[2] == "providerMetadata"
    )


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(GATEWAY_RESULTS)))
def test_gateway_parse_response_returns_or_raises_invalid(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(GATEWAY_RESULTS[name]), label="body")
    result = returns_or_raises_invalid(GatewayChatCodec("m").parse_response, body)
    if result is not None:
        assert_well_typed_result(result)


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(GATEWAY_RESULTS)))
def test_gateway_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    want = GatewayChatCodec("m").parse_response(GATEWAY_RESULTS[name])
    body = data.draw(corrupted(GATEWAY_RESULTS[name], gateway_result_metadata), label="body")
    result = GatewayChatCodec("m").parse_response(body)
    assert answer(result.content) == answer(want.content)
    assert_well_typed_result(result)


def gateway_embedding_metadata(path: Path_) -> bool:
    return path[0] in ("usage", "providerMetadata", "warnings")


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(GATEWAY_EMBEDDINGS)))
def test_gateway_embedding_parse_response_returns_or_raises_invalid(data: st.DataObject, name: str) -> None:
    body = data.draw(corrupted(GATEWAY_EMBEDDINGS[name]), label="body")
    result = returns_or_raises_invalid(GatewayEmbeddingCodec("m").parse_response, body)
    if result is not None:
        assert_well_typed_embeddings(result)


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(GATEWAY_EMBEDDINGS)))
def test_gateway_embedding_bad_metadata_keeps_the_vectors(data: st.DataObject, name: str) -> None:
    want = GatewayEmbeddingCodec("m").parse_response(GATEWAY_EMBEDDINGS[name])
    body = data.draw(corrupted(GATEWAY_EMBEDDINGS[name], gateway_embedding_metadata), label="body")
    result = GatewayEmbeddingCodec("m").parse_response(body)
    assert result.embeddings == want.embeddings
    assert_well_typed_embeddings(result)


# -- every single change, exhaustively -------------------------------------------------------
#
# The random tests above rarely pick one exact value for one exact field; these sweep
# every field of every body (and of every distinct chunk shape of every stream) through
# every odd constant and a deletion, one at a time.


@dataclass(frozen=True)
class Parser:
    bodies: Mapping[str, Any]
    parse: Callable[[Any], Any]
    metadata: Callable[[Path_], bool]
    answer: Callable[[Any], Any]
    well_typed: Callable[[Any], None]


PARSERS = {
    "openai-chat": Parser(
        CHAT_BODIES,
        chat_codec().parse_response,
        chat_metadata,
        lambda result: list(result.content),
        assert_well_typed_result,
    ),
    "openai-embedding": Parser(
        OPENAI_EMBEDDINGS,
        openai_embedding_codec().parse_response,
        openai_embedding_metadata,
        lambda result: result.embeddings,
        assert_well_typed_embeddings,
    ),
    "gateway": Parser(
        GATEWAY_RESULTS,
        GatewayChatCodec("m").parse_response,
        gateway_result_metadata,
        lambda result: answer(result.content),
        assert_well_typed_result,
    ),
    "gateway-embedding": Parser(
        GATEWAY_EMBEDDINGS,
        GatewayEmbeddingCodec("m").parse_response,
        gateway_embedding_metadata,
        lambda result: result.embeddings,
        assert_well_typed_embeddings,
    ),
}


@pytest.mark.parametrize("kind", sorted(PARSERS))
def test_every_single_field_change_of_a_response(kind: str) -> None:
    parser = PARSERS[kind]
    for name, body in parser.bodies.items():
        want = returns_or_raises_invalid(parser.parse, body)
        for path, new, changed in every_single_change(body):
            result = returns_or_raises_invalid(parser.parse, changed)
            if result is not None:
                parser.well_typed(result)
            if want is not None and path and parser.metadata(path):
                assert result is not None, (name, path, new)
                assert parser.answer(result) == parser.answer(want), (name, path, new)


def distinct_chunks(payloads: Iterable[str]) -> list[Any]:
    """One chunk of each shape (its ``type`` and the paths of its fields)."""
    shapes: dict[Any, Any] = {}
    for data in payloads:
        if data != "[DONE]":
            chunk = json.loads(data)
            shapes.setdefault((chunk.get("type"), tuple(field_paths(chunk))), chunk)
    return list(shapes.values())


@pytest.mark.parametrize("name", sorted(CHAT_STREAMS))
def test_every_single_field_change_of_an_openai_chunk(name: str) -> None:
    for chunk in distinct_chunks(CHAT_STREAMS[name]):
        want_fed, want_finished = decode_chat([json.dumps(chunk)])
        for path, new, changed in every_single_change(chunk):
            fed, finished = decode_chat([json.dumps(changed)])
            assert_well_typed_parts(fed + finished)
            assert finished and isinstance(finished[-1], Finish)
            assert sum(isinstance(p, Finish) for p in fed + finished) == 1
            if path and chat_chunk_metadata(path):
                assert not any(isinstance(p, StreamError) for p in fed), (name, path, new)
                assert answer(fed + finished) == answer(want_fed + want_finished), (name, path, new)


@pytest.mark.parametrize("name", sorted(GATEWAY_STREAMS))
def test_every_single_field_change_of_a_gateway_part(name: str) -> None:
    for part in distinct_chunks(GATEWAY_STREAMS[name]):
        want, _ = decode_gateway([json.dumps(part)])
        metadata = gateway_part_metadata(part)
        for path, new, changed in every_single_change(part):
            fed, finished = decode_gateway([json.dumps(changed)])
            assert_well_typed_parts(fed + finished)
            assert len(fed) <= 1
            assert len(finished) == (0 if fed and isinstance(fed[0], Finish) else 1)
            if path and metadata(path):
                assert answer(fed) == answer(want), (name, path, new)
                kinds = [type(p) for p in fed if not isinstance(p, StreamStart)]
                assert kinds == [type(p) for p in want if not isinstance(p, StreamStart)], (name, path, new)


# -- stream decoders ----------------------------------------------------------------------


def assert_balanced_blocks(parts: Sequence[StreamPart]) -> None:
    for start, end in ((TextStart, TextEnd), (ReasoningStart, ReasoningEnd), (ToolInputStart, ToolInputEnd)):
        assert sum(isinstance(p, start) for p in parts) == sum(isinstance(p, end) for p in parts)


@STREAMS
@given(data=st.data(), name=st.sampled_from(sorted(CHAT_STREAMS)))
def test_openai_stream_decoder_never_raises(data: st.DataObject, name: str) -> None:
    """The decoder's contract (chat_stream): a chunk it cannot read is an error part and
    the stream goes on; ``finish()`` closes every open block and ends with one ``Finish``."""
    payloads = data.draw(corrupted_stream(CHAT_STREAMS[name]), label="chunks")
    fed, finished = decode_chat(payloads)
    parts = fed + finished
    assert_well_typed_parts(parts)
    assert not any(isinstance(p, Finish) for p in fed)
    assert isinstance(parts[-1], Finish)
    assert sum(isinstance(p, Finish) for p in parts) == 1
    assert_balanced_blocks(parts)
    if any(isinstance(p, StreamError) for p in parts):
        assert parts[-1].finish_reason.unified == "error"


def chat_chunk_metadata(path: Path_) -> bool:
    return chat_metadata(path) or path[0] == "obfuscation"


@cache
def decoded_chat_stream(name: str) -> list[StreamPart]:
    return decode_chat(CHAT_STREAMS[name])[0]


@cache
def decoded_gateway_stream(name: str) -> tuple[list[StreamPart], list[StreamPart]]:
    return decode_gateway(GATEWAY_STREAMS[name])


@STREAMS
@given(data=st.data(), name=st.sampled_from(sorted(CHAT_STREAMS)))
def test_openai_stream_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    payloads = list(CHAT_STREAMS[name])
    want = decoded_chat_stream(name)
    for _ in range(data.draw(st.integers(1, 3), label="chunks changed")):
        at = data.draw(st.integers(0, len(payloads) - 2), label="at")  # the last one is [DONE]
        payloads[at] = json.dumps(data.draw(corrupted(json.loads(payloads[at]), chat_chunk_metadata)))
    fed, finished = decode_chat(payloads)
    assert answer(fed) == answer(want)
    assert not any(isinstance(p, StreamError) for p in fed + finished)
    assert_well_typed_parts(fed + finished)


@STREAMS
@given(data=st.data(), name=st.sampled_from(sorted(GATEWAY_STREAMS)))
def test_gateway_stream_decoder_never_raises(data: st.DataObject, name: str) -> None:
    """The Gateway decoder's contract (gateway.codec): each payload is one part, or an
    error part when unreadable; it makes no ``Finish`` of its own, so ``finish()`` adds
    nothing after one came and exactly one error part (``InvalidResponseDataError``) when
    none did."""
    payloads = data.draw(corrupted_stream(GATEWAY_STREAMS[name]), label="chunks")
    fed, finished = decode_gateway(payloads)
    assert_well_typed_parts(fed + finished)
    if any(isinstance(p, Finish) for p in fed):
        assert finished == []
    else:
        assert len(finished) == 1
        assert isinstance(finished[0], StreamError)
        assert isinstance(finished[0].error, InvalidResponseDataError)


def gateway_part_metadata(part: Any) -> Callable[[Path_], bool]:
    kind = part.get("type")
    keys = {"providerMetadata"} | {
        "response-metadata": {"id", "timestamp", "modelId"},
        "finish": {"finishReason", "usage"},
        "stream-start": {"warnings"},
        "tool-input-start": {"providerExecuted", "dynamic", "title"},
        "tool-call": {"providerExecuted", "dynamic"},
    }.get(kind, set())
    return lambda path: path[0] in keys


@STREAMS
@given(data=st.data(), name=st.sampled_from(sorted(GATEWAY_STREAMS)))
def test_gateway_stream_bad_metadata_keeps_the_answer(data: st.DataObject, name: str) -> None:
    payloads = list(GATEWAY_STREAMS[name])
    want, want_finish = decoded_gateway_stream(name)
    for _ in range(data.draw(st.integers(1, 3), label="chunks changed")):
        at = data.draw(st.integers(0, len(payloads) - 1), label="at")
        part = json.loads(payloads[at])
        payloads[at] = json.dumps(data.draw(corrupted(part, gateway_part_metadata(part))))
    fed, finished = decode_gateway(payloads)
    assert answer(fed) == answer(want)
    # no part is lost: the same parts in the same order (a stream-start is only passed on
    # when it carries warnings, and corrupted warnings may read as one or as none)
    kinds = [type(p) for p in fed if not isinstance(p, StreamStart)]
    assert kinds == [type(p) for p in want if not isinstance(p, StreamStart)]
    assert comparable(finished) == comparable(want_finish)
    assert_well_typed_parts(fed + finished)


# -- tool arguments sent as a JSON object --------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
JSON_OBJECTS = st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=4)


@settings(max_examples=60, deadline=None)
@given(arguments=JSON_OBJECTS, name_first=st.booleans())
def test_openai_tool_arguments_sent_as_an_object(arguments: dict[str, Any], name_first: bool) -> None:
    call: dict[str, Any] = {"index": 0, "id": "call_1", "type": "function"}
    function = {"name": "f", "arguments": arguments}
    if name_first:
        chunks = [{**call, "function": function}]
    else:  # the name after the arguments, as some servers do
        chunks = [{**call, "function": {"arguments": arguments}}, {"index": 0, "function": {"name": "f"}}]
    payloads = [
        json.dumps(
            {"id": "c", "created": 1, "model": "m", "choices": [{"index": 0, "delta": {"tool_calls": [c]}}]}
        )
        for c in chunks
    ] + [json.dumps({"id": "c", "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]})]
    fed, finished = decode_chat(payloads)
    parts = fed + finished
    calls = [p for p in parts if isinstance(p, ToolCallContent)]
    assert [(c.tool_call_id, c.tool_name) for c in calls] == [("call_1", "f")]
    assert json.loads(calls[0].input) == arguments
    assert "".join(p.delta for p in parts if isinstance(p, ToolInputDelta)) == calls[0].input
    assert not any(isinstance(p, StreamError) for p in parts)

    body = {
        "choices": [
            {"message": {"role": "assistant", "tool_calls": [{"id": "call_1", "function": function}]}}
        ]
    }
    (content,) = chat_codec().parse_response(body).content
    assert isinstance(content, ToolCallContent)
    assert json.loads(content.input) == arguments


@settings(max_examples=60, deadline=None)
@given(arguments=JSON_OBJECTS)
def test_gateway_tool_input_sent_as_an_object(arguments: dict[str, Any]) -> None:
    tool_call = {"type": "tool-call", "toolCallId": "call_1", "toolName": "f", "input": arguments}
    (content,) = GatewayChatCodec("m").parse_response({"content": [tool_call]}).content
    assert isinstance(content, ToolCallContent)
    assert json.loads(content.input) == arguments
    fed, _ = decode_gateway([json.dumps(tool_call)])
    assert len(fed) == 1 and isinstance(fed[0], ToolCallContent)
    assert json.loads(fed[0].input) == arguments


# -- chunk boundaries -------------------------------------------------------------------------


def cut(body: bytes, points: Iterable[int]) -> list[bytes]:
    bounds = [0, *sorted(points), len(body)]
    return [body[a:b] for a, b in itertools.pairwise(bounds)]


def comparable(parts: Iterable[StreamPart]) -> list[Any]:
    """Parts, with each error as its class and message (exceptions compare by identity)."""
    return [(type(part.error), str(part.error)) if isinstance(part, StreamError) else part for part in parts]


def through_sse(chunks: Iterable[bytes], decoder: Any) -> list[StreamPart]:
    sse = SSEDecoder()
    parts: list[StreamPart] = []
    for chunk in chunks:
        for event in sse.feed(chunk):
            parts.extend(decoder.feed(event.data))
    for event in sse.finish():
        parts.extend(decoder.feed(event.data))
    parts.extend(decoder.finish())
    return parts


CHUNKED_STREAMS: dict[str, tuple[bytes, Callable[[], Any]]] = {
    **{
        f"openai/{path.stem}": (path.read_bytes(), lambda: chat_codec().stream_decoder(OPTIONS))
        for path in sorted(FIXTURES.glob("*.sse"))
    },
    **{
        f"gateway/{name}": (body, lambda: GatewayChatCodec("m").stream_decoder(OPTIONS))
        for name, body in GATEWAY_STREAM_BODIES.items()
    },
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(sorted(CHUNKED_STREAMS)))
def test_any_chunking_gives_the_same_parts(data: st.DataObject, name: str) -> None:
    body, new_decoder = CHUNKED_STREAMS[name]
    points = data.draw(st.lists(st.integers(0, len(body)), max_size=20), label="cut points")
    whole = through_sse([body], new_decoder())
    assert comparable(through_sse(cut(body, points), new_decoder())) == comparable(whole)
    assert not any(isinstance(p, StreamError) for p in whole) or name.endswith("in_a_stream")


@pytest.mark.parametrize("name", sorted(CHUNKED_STREAMS))
def test_every_recorded_stream_decodes_cleanly(name: str) -> None:
    body, new_decoder = CHUNKED_STREAMS[name]
    parts = through_sse([body], new_decoder())
    assert_well_typed_parts(parts)
    errors = [p for p in parts if isinstance(p, StreamError)]
    if name.endswith("in_a_stream"):
        assert errors  # the in-band error, then the missing finish
    else:
        assert errors == [] and isinstance(parts[-1], Finish)


def test_reasoning_of_the_wrong_type_does_not_hide_reasoning_in_the_other_field() -> None:
    """Generate reads ``reasoning_content`` then ``reasoning`` as text only; so does stream."""
    message = {"role": "assistant", "reasoning_content": 5, "reasoning": "think", "content": "hi"}
    body = {"choices": [{"message": message, "finish_reason": "stop"}]}
    assert chat_codec().parse_response(body).content == [ReasoningContent("think"), TextContent("hi")]
    chunk = {"choices": [{"delta": message, "finish_reason": "stop"}]}
    fed, _ = decode_chat([json.dumps(chunk)])
    assert [p.delta for p in fed if isinstance(p, ReasoningDelta)] == ["think"]
