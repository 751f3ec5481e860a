"""One span per provider call, from ``LanguageModel`` itself: real requests to the
scripted loopback server, spans exported in memory.

What is checked: span names and kinds, the GenAI and legacy attribute names, usage,
finish reason and response id/model, streams ending their span when exhausted, failed
or closed early (with the time to the first chunk), prompts and outputs only when
opted in, errors recorded, and no API key anywhere in a span. Also: nothing at all
when telemetry is off, scoped settings, and both frameworks' adapters being traced
with no change to them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from http_loopback import (
    API_KEY,
    ScriptedServer,
    completion,
    error_reply,
    json_reply,
    make_model,
    sse,
    stream_reply,
)
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode, Tracer
from telemetry_checks import all_text, attrs

from ai_sdk_integrations.spec import CallOptions, FunctionTool, SystemMessage, TextPart, UserMessage
from ai_sdk_integrations.spec.errors import AISDKError
from ai_sdk_integrations.telemetry import (
    TelemetrySettings,
    disable_telemetry,
    enable_telemetry,
    state,
    use_telemetry,
)

PROMPT = [SystemMessage("be brief"), UserMessage([TextPart("what is 2+2?")])]
OPTIONS = CallOptions(prompt=PROMPT, temperature=0.5, max_output_tokens=20, seed=7)


def usage_chunk() -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "test",
        "choices": [],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }


def streamed(*pieces: str) -> Any:
    from http_loopback import finish_chunk

    return stream_reply(pieces, tail=[sse(finish_chunk()), sse(usage_chunk()), sse("[DONE]")])


# -- generate ---------------------------------------------------------------------------


def test_a_generate_call_is_one_client_span_with_gen_ai_attributes(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(json_reply(completion("4")))
    enable_telemetry(tracer=tracer)
    result = make_model(server.url).generate(OPTIONS)
    assert result.content[0].text == "4"  # type: ignore[union-attr]
    (span,) = exporter.get_finished_spans()
    assert span.name == "chat test"
    assert span.kind is SpanKind.CLIENT
    assert span.status.status_code is StatusCode.UNSET
    assert attrs(span) == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai-compatible",
        "gen_ai.request.model": "test",
        "gen_ai.request.temperature": 0.5,
        "gen_ai.request.max_tokens": 20,
        "gen_ai.request.seed": 7,
        "server.address": "127.0.0.1",
        "server.port": int(server.url.split(":")[2].split("/")[0]),
        "gen_ai.response.id": "chatcmpl-test",
        "gen_ai.response.model": "test",
        "gen_ai.response.finish_reasons": ("stop",),
        "gen_ai.usage.input_tokens": 3,
        "gen_ai.usage.output_tokens": 2,
    }


async def test_agenerate_is_traced_the_same_way(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(json_reply(completion("4")))
    enable_telemetry(tracer=tracer)
    await make_model(server.url).agenerate(OPTIONS)
    (span,) = exporter.get_finished_spans()
    assert span.name == "chat test"
    assert attrs(span)["gen_ai.usage.output_tokens"] == 2


def test_prompts_and_answers_are_recorded_only_when_asked_for(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    tool = FunctionTool("add", {"type": "object", "properties": {"a": {"type": "number"}}}, "adds")
    options = CallOptions(prompt=PROMPT, tools=[tool])
    server.queue(json_reply(completion("four")), json_reply(completion("four")))
    model = make_model(server.url)
    enable_telemetry(tracer=tracer)
    model.generate(options)
    enable_telemetry(tracer=tracer, record_inputs=True, record_outputs=True)
    model.generate(options)
    quiet, loud = exporter.get_finished_spans()
    assert not {"gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.definitions"} & set(
        attrs(quiet)
    )
    assert "what is 2+2?" not in all_text([quiet]) and "four" not in all_text([quiet])
    assert json.loads(attrs(loud)["gen_ai.input.messages"]) == [
        {"role": "system", "parts": [{"type": "text", "content": "be brief"}]},
        {"role": "user", "parts": [{"type": "text", "content": "what is 2+2?"}]},
    ]
    assert json.loads(attrs(loud)["gen_ai.output.messages"]) == [
        {"role": "assistant", "parts": [{"type": "text", "content": "four"}], "finish_reason": "stop"}
    ]
    assert json.loads(attrs(loud)["gen_ai.tool.definitions"]) == [
        {
            "type": "function",
            "name": "add",
            "parameters": {"type": "object", "properties": {"a": {"type": "number"}}},
            "description": "adds",
        }
    ]


def test_inputs_without_outputs(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(json_reply(completion("four")))
    enable_telemetry(tracer=tracer, record_inputs=True)
    make_model(server.url).generate(OPTIONS)
    (span,) = exporter.get_finished_spans()
    assert "gen_ai.input.messages" in attrs(span)
    assert "gen_ai.output.messages" not in attrs(span)


def test_an_error_is_recorded_on_the_span_without_the_key(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(error_reply(400, f"bad request, key {API_KEY} is fine"))
    enable_telemetry(tracer=tracer, record_inputs=True, record_outputs=True)
    model = make_model(server.url, headers={"x-api-key": API_KEY, "x-trace": "t1"})
    with pytest.raises(AISDKError):
        model.generate(OPTIONS)
    (span,) = exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    assert [event.name for event in span.events] == ["exception"]
    assert API_KEY not in all_text([span])
    assert API_KEY[3:] not in all_text([span])


def test_metadata_and_function_id_reach_every_span(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(json_reply(completion("4")))
    enable_telemetry(
        tracer=tracer, function_id="bot", metadata={"user": "u1", "tags": ["a", "b"], "n": {"x": 1}}
    )
    make_model(server.url).generate(OPTIONS)
    (span,) = exporter.get_finished_spans()
    assert attrs(span)["ai.telemetry.metadata.user"] == "u1"
    assert attrs(span)["ai.telemetry.metadata.tags"] == ("a", "b")
    assert attrs(span)["ai.telemetry.metadata.n"] == '{"x": 1}'


# -- streams ------------------------------------------------------------------------------


def test_a_stream_span_ends_when_the_stream_is_exhausted(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(streamed("fo", "ur"))
    enable_telemetry(tracer=tracer, record_outputs=True)
    parts = make_model(server.url).stream(OPTIONS)
    next(parts)  # stream-start
    assert exporter.get_finished_spans() == ()
    list(parts)
    (span,) = exporter.get_finished_spans()
    assert span.name == "chat test"
    values = attrs(span)
    assert values["gen_ai.response.finish_reasons"] == ("stop",)
    assert values["gen_ai.usage.input_tokens"] == 3
    assert values["gen_ai.response.id"] == "chatcmpl-test"
    assert 0 <= values["gen_ai.client.operation.time_to_first_chunk"] < 10
    assert json.loads(values["gen_ai.output.messages"])[0]["parts"] == [{"type": "text", "content": "four"}]


async def test_an_async_stream_span_ends_when_the_stream_is_exhausted(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(streamed("fo", "ur"))
    enable_telemetry(tracer=tracer)
    parts = [part async for part in make_model(server.url).astream(OPTIONS)]
    assert parts[-1].type == "finish"
    (span,) = exporter.get_finished_spans()
    assert attrs(span)["gen_ai.usage.output_tokens"] == 2
    assert "gen_ai.client.operation.time_to_first_chunk" in attrs(span)


def test_a_stream_closed_early_ends_its_span(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(streamed("a", "b", "c"))
    enable_telemetry(tracer=tracer)
    parts = make_model(server.url).stream(OPTIONS)
    for part in parts:
        if part.type == "text-delta":
            break
    parts.close()
    (span,) = exporter.get_finished_spans()
    assert [event.name for event in span.events] == ["ai.stream.closed"]
    assert "gen_ai.response.finish_reasons" not in attrs(span)


def test_a_stream_that_fails_records_the_error(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(error_reply(401, "invalid key"))
    enable_telemetry(tracer=tracer)
    with pytest.raises(AISDKError):
        list(make_model(server.url).stream(OPTIONS))
    (span,) = exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR


def test_legacy_conventions_name_the_call_after_the_ai_sdk(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(json_reply(completion("4")), streamed("4"))
    enable_telemetry(tracer=tracer, conventions="legacy", function_id="bot", record_inputs=True)
    model = make_model(server.url)
    model.generate(CallOptions(prompt=PROMPT, headers={"x-trace": "t1", "Authorization": "Bearer no"}))
    list(model.stream(OPTIONS))
    generate, stream = exporter.get_finished_spans()
    assert generate.name == "ai.generateText.doGenerate"
    assert stream.name == "ai.streamText.doStream"
    values = attrs(generate)
    assert values["operation.name"] == "ai.generateText.doGenerate bot"
    assert values["ai.operationId"] == "ai.generateText.doGenerate"
    assert values["ai.model.provider"] == "openai-compatible"
    assert values["ai.model.id"] == "test"
    assert values["ai.telemetry.functionId"] == "bot"
    assert values["ai.request.headers.x-trace"] == "t1"
    assert "ai.request.headers.Authorization" not in values
    assert values["ai.response.finishReason"] == "stop"
    assert values["ai.usage.inputTokens"] == 3 and values["ai.usage.totalTokens"] == 5
    assert json.loads(values["ai.prompt.messages"])[1]["content"][0]["text"] == "what is 2+2?"
    assert "ai.response.text" not in values  # outputs were not asked for
    assert [event.name for event in stream.events] == ["ai.stream.firstChunk", "ai.stream.finish"]
    assert attrs(stream)["ai.response.msToFinish"] >= attrs(stream)["ai.response.msToFirstChunk"]


# -- off, scoped, adapters ------------------------------------------------------------------


def test_nothing_is_recorded_when_telemetry_is_off(
    server: ScriptedServer, global_exporter: InMemorySpanExporter
) -> None:
    server.queue(json_reply(completion("4")), streamed("4"))
    model = make_model(server.url)
    assert not state.armed
    model.generate(OPTIONS)
    list(model.stream(OPTIONS))
    assert global_exporter.get_finished_spans() == ()


def test_the_default_tracer_is_the_global_providers(
    server: ScriptedServer, global_exporter: InMemorySpanExporter
) -> None:
    server.queue(json_reply(completion("4")))
    enable_telemetry()
    make_model(server.url).generate(OPTIONS)
    (span,) = global_exporter.get_finished_spans()
    assert span.instrumentation_scope is not None
    assert span.instrumentation_scope.name == "ai_sdk_integrations"


def test_disable_telemetry_stops_tracing(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(json_reply(completion("4")), json_reply(completion("4")))
    model = make_model(server.url)
    enable_telemetry(tracer=tracer)
    model.generate(OPTIONS)
    disable_telemetry()
    assert not state.armed
    model.generate(OPTIONS)
    assert len(exporter.get_finished_spans()) == 1


def test_use_telemetry_traces_a_block_and_can_silence_one(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(*[json_reply(completion("4")) for _ in range(4)])
    model = make_model(server.url)
    with use_telemetry(tracer=tracer, function_id="scoped"):
        assert state.armed
        model.generate(OPTIONS)
    assert not state.armed
    model.generate(OPTIONS)  # outside: not traced
    enable_telemetry(tracer=tracer)
    with use_telemetry(TelemetrySettings(is_enabled=False)):
        model.generate(OPTIONS)  # silenced although enabled globally
    model.generate(OPTIONS)
    spans = exporter.get_finished_spans()
    assert len(spans) == 2
    assert spans[0].name == "chat test"


def test_langchain_and_llamaindex_calls_are_traced_unchanged(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    from llama_index.core.base.llms.types import ChatMessage

    from ai_sdk_integrations.langchain import ChatAISDK
    from ai_sdk_integrations.llama_index import AISDK

    server.queue(json_reply(completion("from langchain")), streamed("from ", "llamaindex"))
    enable_telemetry(tracer=tracer, record_outputs=True)
    model = make_model(server.url)
    assert ChatAISDK(model=model).invoke("hi").content == "from langchain"
    assert "".join(
        c.delta or "" for c in AISDK(model=model).stream_chat([ChatMessage(role="user", content="hi")])
    )
    first, second = exporter.get_finished_spans()
    assert first.name == second.name == "chat test"
    assert "from langchain" in attrs(first)["gen_ai.output.messages"]
    assert "llamaindex" in attrs(second)["gen_ai.output.messages"]


def test_a_wrapped_model_traces_the_provider_call_inside_it(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    from ai_sdk_integrations.core.middleware import simulate_streaming_middleware, wrap_language_model

    server.queue(json_reply(completion("4")))
    enable_telemetry(tracer=tracer)
    wrapped = wrap_language_model(make_model(server.url), simulate_streaming_middleware(), model_id="alias")
    assert [part.type for part in wrapped.stream(OPTIONS)][-1] == "finish"
    (span,) = exporter.get_finished_spans()
    assert span.name == "chat test"  # the provider's call: the inner model, asked once without streaming
    assert "gen_ai.client.operation.time_to_first_chunk" not in attrs(span)
