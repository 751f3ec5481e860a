"""Gemini responses and streams -> spec results, field by field (codec and decoder only).

Bodies are in the shapes of Google's REST reference and the AI SDK's recorded fixtures
(``google_provider/gemini_fixtures.py``); every test checks what a field becomes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from google_provider.gemini_fixtures import (
    BODIES,
    SIGNATURE_CALL,
    SIGNATURE_STREAM,
    SIGNATURE_TEXT,
    STREAMS,
)

from ai_sdk_integrations.providers.google.codec import GoogleCodec
from ai_sdk_integrations.providers.google.embedding import GoogleEmbeddingCodec, VertexEmbeddingCodec
from ai_sdk_integrations.providers.google.error_message import google_error_class, google_error_message
from ai_sdk_integrations.providers.google.finish_reason import FINISH_REASONS, map_finish_reason
from ai_sdk_integrations.spec import (
    CallOptions,
    FileContent,
    Finish,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    ResponseMetadata,
    SourceContent,
    StreamError,
    TextContent,
    TextDelta,
    TextEnd,
    TextStart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
    ToolResultContent,
)
from ai_sdk_integrations.spec.errors import (
    APICallError,
    AuthenticationError,
    InvalidRequestError,
    InvalidResponseDataError,
    RateLimitError,
    ServerError,
)

OPTIONS = CallOptions(prompt=[])


def codec(provider: str = "google", service: Any = "gemini") -> GoogleCodec:
    ids = iter(f"id-{n}" for n in range(1, 100))
    return GoogleCodec("gemini-3-pro-preview", provider, service, new_id=lambda: next(ids))


def decode(payloads: list[str], provider: str = "google") -> list[Any]:
    decoder = codec(provider).stream_decoder(OPTIONS)
    parts = [part for data in payloads for part in decoder.feed(data)]
    return parts + decoder.finish()


# -- generateContent ----------------------------------------------------------------------


def test_text_with_its_thought_signature_and_usage() -> None:
    result = codec().parse_response(BODIES["text"], {"x": "1"})
    assert result.content == [
        TextContent("Paris is the capital of France.", {"google": {"thoughtSignature": SIGNATURE_TEXT}})
    ]
    assert (result.finish_reason.unified, result.finish_reason.raw) == ("stop", "STOP")
    usage = result.usage
    assert (usage.input_tokens.total, usage.input_tokens.no_cache, usage.input_tokens.cache_read) == (
        11,
        11,
        None,
    )
    assert (usage.output_tokens.total, usage.output_tokens.text, usage.output_tokens.reasoning) == (
        128,
        8,
        120,
    )
    assert usage.total_tokens == BODIES["text"]["usageMetadata"]["totalTokenCount"]
    assert usage.raw == BODIES["text"]["usageMetadata"]
    assert result.response is not None
    assert (result.response.id, result.response.model_id) == (
        "Un6LacrVMcjUxs0PmJfWoQc",
        "gemini-3-pro-preview",
    )
    assert result.response.headers == {"x": "1"} and result.response.body is BODIES["text"]
    metadata = result.provider_metadata["google"]  # type: ignore[index]
    assert metadata["usageMetadata"] == BODIES["text"]["usageMetadata"]
    assert metadata["safetyRatings"] is None and metadata["promptFeedback"] is None


def test_thoughts_are_reasoning_and_an_empty_signed_part_signs_the_part_before() -> None:
    result = codec().parse_response(BODIES["reasoning"])
    assert result.content == [
        ReasoningContent("**Counting letters**\n\nI spell the word out and count.\n\n"),
        TextContent("There are three r's in strawberry.", {"google": {"thoughtSignature": SIGNATURE_TEXT}}),
    ]


def test_gemini3_function_calls_get_ids_and_the_first_keeps_its_signature() -> None:
    result = codec().parse_response(BODIES["tool_call_gemini3"])
    assert result.content == [
        ToolCallContent(
            "id-1",
            "weather",
            '{"location": "San Francisco"}',
            provider_metadata={"google": {"thoughtSignature": SIGNATURE_CALL}},
        ),
        ToolCallContent("id-2", "time", '{"zone": "America/Los_Angeles"}'),
    ]
    assert (result.finish_reason.unified, result.finish_reason.raw) == ("tool-calls", "STOP")
    assert result.provider_metadata["google"]["finishMessage"] == "Model generated function call(s)."  # type: ignore[index]


def test_a_function_call_id_google_sent_is_kept() -> None:
    [call] = codec().parse_response(BODIES["tool_call_with_id"]).content
    assert isinstance(call, ToolCallContent) and (call.tool_call_id, call.input) == ("x7k2m9qa", "{}")


def test_vertex_metadata_is_keyed_by_the_provider_name() -> None:
    result = codec("vertex", "vertex").parse_response(BODIES["vertex_text"])
    assert result.content == [TextContent("Hello from Vertex AI.")]
    assert result.response is not None and result.response.timestamp is not None
    assert result.response.timestamp.isoformat() == "2026-05-04T20:01:02.264968+00:00"
    metadata = result.provider_metadata["vertex"]  # type: ignore[index]
    assert metadata["safetyRatings"][0]["severity"] == "HARM_SEVERITY_NEGLIGIBLE"
    assert metadata["usageMetadata"]["trafficType"] == "ON_DEMAND"


def test_a_blocked_prompt_has_no_candidate_and_is_a_content_filter() -> None:
    result = codec().parse_response(BODIES["prompt_block"])
    assert result.content == []
    assert (result.finish_reason.unified, result.finish_reason.raw) == (
        "content-filter",
        "PROHIBITED_CONTENT",
    )
    metadata = result.provider_metadata["google"]  # type: ignore[index]
    assert metadata["promptFeedback"] == {"blockReason": "PROHIBITED_CONTENT"}
    assert metadata["serviceTier"] == "standard"
    assert result.usage.input_tokens.total == 9 and result.usage.output_tokens.total is None


def test_a_safety_stop_keeps_its_ratings() -> None:
    result = codec().parse_response(BODIES["safety"])
    assert result.content == [] and result.finish_reason.unified == "content-filter"
    ratings = result.provider_metadata["google"]["safetyRatings"]  # type: ignore[index]
    assert [r for r in ratings if r.get("blocked")] == [
        {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": True}
    ]


def test_grounding_chunks_become_sources_and_tool_use_tokens_count_as_input() -> None:
    result = codec().parse_response(BODIES["grounded"])
    sources = [c for c in result.content if isinstance(c, SourceContent)]
    assert [(s.source_type, s.url, s.title) for s in sources[:2]] == [
        ("url", "https://vertexaisearch.cloud.google.com/grounding-api-redirect/AbC", "uefa.com"),
        ("url", "https://vertexaisearch.cloud.google.com/grounding-api-redirect/DeF", "bbc.com"),
    ]
    assert (sources[2].source_type, sources[2].media_type, sources[2].filename) == (
        "document",
        "application/pdf",
        "report.pdf",
    )
    assert result.usage.input_tokens.total == 17 + 308
    assert result.usage.total_tokens == BODIES["grounded"]["usageMetadata"]["totalTokenCount"]
    grounding = result.provider_metadata["google"]["groundingMetadata"]  # type: ignore[index]
    assert grounding["webSearchQueries"] == ["when was the final"]


def test_cached_and_thought_tokens() -> None:
    result = codec().parse_response(BODIES["cached"])
    usage = result.usage
    assert (usage.input_tokens.total, usage.input_tokens.cache_read, usage.input_tokens.no_cache) == (
        2100,
        1800,
        300,
    )
    assert (usage.output_tokens.total, usage.output_tokens.text, usage.output_tokens.reasoning) == (50, 2, 48)
    assert (result.finish_reason.unified, result.finish_reason.raw) == ("length", "MAX_TOKENS")


def test_code_execution_is_a_provider_executed_call_and_result() -> None:
    content = codec().parse_response(BODIES["code_execution"]).content
    assert content == [
        ToolCallContent(
            "id-1", "code_execution", '{"language": "PYTHON", "code": "print(2 + 2)"}', provider_executed=True
        ),
        ToolResultContent("id-1", "code_execution", {"outcome": "OUTCOME_OK", "output": "4\n"}),
        TextContent("The answer is 4."),
    ]
    assert codec().parse_response(BODIES["code_execution"]).finish_reason.unified == "stop"


def test_inline_data_is_a_file() -> None:
    body = {
        "candidates": [
            {
                "content": {"parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBO"}}]},
                "finishReason": "STOP",
            }
        ]
    }
    [file] = codec().parse_response(body).content
    assert isinstance(file, FileContent) and file.media_type == "image/png"


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "x",
        {"candidates": "x"},
        {"candidates": [1]},
        {},
        {"candidates": [{"content": {"parts": 3}}]},
    ],
)
def test_an_unreadable_body_is_invalid_response_data(body: Any) -> None:
    with pytest.raises(InvalidResponseDataError):
        codec().parse_response(body)


@pytest.mark.parametrize("raw", sorted(FINISH_REASONS))
def test_every_finish_reason_is_mapped_as_the_ai_sdk_does(raw: str) -> None:
    expected = {
        "STOP": "stop",
        "MAX_TOKENS": "length",
        "SAFETY": "content-filter",
        "RECITATION": "content-filter",
        "BLOCKLIST": "content-filter",
        "PROHIBITED_CONTENT": "content-filter",
        "SPII": "content-filter",
        "IMAGE_SAFETY": "content-filter",
        "MALFORMED_FUNCTION_CALL": "error",
    }.get(raw)
    reason = map_finish_reason(raw, has_tool_calls=False)
    assert reason.raw == raw
    if expected is not None:
        assert reason.unified == expected
    assert map_finish_reason("STOP", has_tool_calls=True).unified == "tool-calls"
    assert map_finish_reason("SOMETHING_NEW", has_tool_calls=False).unified == "other"
    assert map_finish_reason(None, has_tool_calls=False).raw is None


# -- errors -------------------------------------------------------------------------------


def test_error_bodies() -> None:
    quota = {
        "error": {
            "code": 429,
            "message": "You exceeded your current quota.",
            "status": "RESOURCE_EXHAUSTED",
            "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "34.4s"}],
        }
    }
    assert google_error_message(quota) == "You exceeded your current quota. (RESOURCE_EXHAUSTED)"
    assert issubclass(google_error_class(429, quota) or APICallError, RateLimitError)
    assert issubclass(google_error_class(200, quota) or APICallError, RateLimitError)
    key = {
        "error": {
            "code": 400,
            "message": "API key not valid. Please pass a valid API key.",
            "status": "INVALID_ARGUMENT",
            "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}],
        }
    }
    assert issubclass(google_error_class(400, key) or APICallError, AuthenticationError)
    bad = {"error": {"code": 400, "message": "Invalid JSON payload received.", "status": "INVALID_ARGUMENT"}}
    assert issubclass(google_error_class(400, bad) or APICallError, InvalidRequestError)
    assert issubclass(
        google_error_class(503, {"error": {"message": "x", "status": "UNAVAILABLE"}}) or APICallError,
        ServerError,
    )
    assert google_error_message([quota]) == google_error_message(quota)
    for nothing in (None, {}, {"error": "x"}, {"error": {"message": ""}}, [], "text"):
        assert google_error_message(nothing) is None


# -- streamGenerateContent ------------------------------------------------------------------


def test_a_text_stream_and_the_signature_on_its_empty_last_part() -> None:
    parts = decode(STREAMS["text"])
    meta = {"google": {"thoughtSignature": SIGNATURE_STREAM}}
    assert parts[0] == ResponseMetadata("bH6LaZW8Fp_3nsEPqtaSwQ4", None, "gemini-3-pro-preview")
    assert parts[1:6] == [
        TextStart("text-1"),
        TextDelta("text-1", "There are **3**"),
        TextDelta("text-1", " r's in strawberry."),
        TextDelta("text-1", "", meta),
        TextEnd("text-1"),
    ]
    finish = parts[-1]
    assert isinstance(finish, Finish) and finish.finish_reason.unified == "stop"
    assert finish.usage.output_tokens.total == 23 + 185 and finish.usage.input_tokens.total == 9
    assert finish.provider_metadata["google"]["usageMetadata"]["candidatesTokenCount"] == 23  # type: ignore[index]


def test_thoughts_stream_as_a_reasoning_block_then_text() -> None:
    kinds = [(type(p).__name__, getattr(p, "delta", None)) for p in decode(STREAMS["reasoning"])[1:-1]]
    assert kinds == [
        ("ReasoningStart", None),
        ("ReasoningDelta", "**Counting**\n\nLet me count."),
        ("ReasoningDelta", " Done counting."),
        ("ReasoningEnd", None),
        ("TextStart", None),
        ("TextDelta", "Three."),
        ("TextDelta", " Final."),
        ("TextEnd", None),
    ]


def test_a_streamed_function_call_is_one_tool_input_block_and_a_call() -> None:
    parts = decode(STREAMS["tool_call"])
    meta = {"google": {"thoughtSignature": SIGNATURE_CALL}}
    assert parts[1:5] == [
        ToolInputStart("id-1", "weather", provider_metadata=meta),
        ToolInputDelta("id-1", '{"location": "San Francisco"}', meta),
        ToolInputEnd("id-1", meta),
        ToolCallContent("id-1", "weather", '{"location": "San Francisco"}', provider_metadata=meta),
    ]
    assert parts[-1].finish_reason.unified == "tool-calls"


def test_a_call_without_args_has_empty_object_input() -> None:
    calls = [p for p in decode(STREAMS["no_args_call"]) if isinstance(p, ToolCallContent)]
    assert [(c.tool_name, c.input) for c in calls] == [("read_theme", "{}")]


def test_grounding_in_a_stream_gives_each_source_once() -> None:
    parts = decode(STREAMS["grounded"])
    sources = [p for p in parts if isinstance(p, SourceContent)]
    assert len(sources) == 3 and len({s.id for s in sources}) == 3
    metadata = parts[-1].provider_metadata["google"]  # type: ignore[index]
    assert metadata["groundingMetadata"]["webSearchQueries"] == ["when was the final"]


def test_an_error_event_keeps_what_was_said_and_finishes_with_error() -> None:
    parts = decode(STREAMS["error"])
    errors = [p for p in parts if isinstance(p, StreamError)]
    assert len(errors) == 1 and isinstance(errors[0].error, ServerError)
    assert "overloaded" in str(errors[0].error) and errors[0].error.is_retryable
    assert [p.delta for p in parts if isinstance(p, TextDelta)] == ["Partial "]
    assert parts[-1].finish_reason.unified == "error"


def test_a_stream_cut_before_the_finish_reason_is_an_error() -> None:
    parts = decode(STREAMS["text"][:2])
    assert isinstance(parts[-2], StreamError) and parts[-1].finish_reason.unified == "error"


def test_a_prompt_blocked_in_a_stream() -> None:
    parts = decode([json.dumps(BODIES["prompt_block"])])
    assert (
        parts[-1].finish_reason.unified == "content-filter"
        and parts[-1].finish_reason.raw == "PROHIBITED_CONTENT"
    )


def test_raw_chunks_when_asked() -> None:
    decoder = codec().stream_decoder(CallOptions(prompt=[], include_raw_chunks=True))
    parts = decoder.feed(STREAMS["text"][0])
    assert parts[0].type == "raw" and parts[0].raw_value == json.loads(STREAMS["text"][0])


def test_generate_and_stream_give_the_same_answer() -> None:
    body = BODIES["reasoning"]
    generated = codec().parse_response(body).content
    streamed = decode([json.dumps(body)])
    text = "".join(p.delta for p in streamed if isinstance(p, TextDelta))
    reasoning = "".join(p.delta for p in streamed if isinstance(p, ReasoningDelta))
    assert text == "".join(c.text for c in generated if isinstance(c, TextContent))
    assert reasoning == "".join(c.text for c in generated if isinstance(c, ReasoningContent))
    assert any(isinstance(p, ReasoningStart) for p in streamed) and any(
        isinstance(p, ReasoningEnd) for p in streamed
    )


# -- embeddings --------------------------------------------------------------------------------


def test_batch_embed_contents_request_and_response() -> None:
    embed = GoogleEmbeddingCodec("gemini-embedding-001", dimensions=8)
    request = embed.build_request(["a", "b"], provider_options={"google": {"taskType": "RETRIEVAL_QUERY"}})
    assert request.path == "/models/gemini-embedding-001:batchEmbedContents"
    assert request.body == {
        "requests": [
            {
                "model": "models/gemini-embedding-001",
                "content": {"parts": [{"text": v}]},
                "taskType": "RETRIEVAL_QUERY",
                "outputDimensionality": 8,
            }
            for v in ("a", "b")
        ]
    }
    result = embed.parse_response({"embeddings": [{"values": [0.1, 0.2]}, {"values": [0.3, 0.4]}]})
    assert result.embeddings == [[0.1, 0.2], [0.3, 0.4]] and result.usage is None
    assert embed.max_embeddings_per_call == 100
    with pytest.raises(InvalidResponseDataError):
        embed.parse_response({"embeddings": [{"values": ["x"]}]})


def test_vertex_predict_request_and_response() -> None:
    embed = VertexEmbeddingCodec("text-embedding-005", dimensions=4)
    request = embed.build_request(
        ["a"],
        provider_options={"vertex": {"taskType": "RETRIEVAL_DOCUMENT", "title": "T", "autoTruncate": False}},
    )
    assert request.path == "/models/text-embedding-005:predict"
    assert request.body == {
        "instances": [{"content": "a", "task_type": "RETRIEVAL_DOCUMENT", "title": "T"}],
        "parameters": {"autoTruncate": False, "outputDimensionality": 4},
    }
    body = {
        "predictions": [
            {"embeddings": {"statistics": {"token_count": 5, "truncated": False}, "values": [0.1, 0.2]}},
            {"embeddings": {"statistics": {"token_count": 6}, "values": [0.3, 0.4]}},
        ],
        "metadata": {"billableCharacterCount": 35},
    }
    result = embed.parse_response(body)
    assert (
        result.embeddings == [[0.1, 0.2], [0.3, 0.4]]
        and result.usage is not None
        and result.usage.tokens == 11
    )
    assert embed.max_embeddings_per_call == 250
