"""Root, step and tool spans (``start_operation`` / ``operation_span``) around real model
calls, as ``generate_text`` / ``stream_text`` use them, and the root spans of
``embed``, ``embed_many`` and ``rerank``: parent/child structure, attributes in both
conventions, per-call settings, and ``NOOP`` when nothing is traced."""

from __future__ import annotations

import json
from typing import Any

import pytest
from http_loopback import ScriptedServer, completion, json_reply, make_model, stream_reply
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode, Tracer
from telemetry_checks import all_text, attrs, by_name, parent_of

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec import CallOptions, SystemMessage, TextContent, TextPart, Usage, UserMessage
from ai_sdk_integrations.spec.results import InputTokens, OutputTokens
from ai_sdk_integrations.telemetry import NOOP, TelemetrySettings, enable_telemetry, operation_span, state

PROMPT = [SystemMessage("be brief"), UserMessage([TextPart("weather in Paris?")])]
OPTIONS = CallOptions(prompt=PROMPT, temperature=0.1)
TOTAL = Usage(InputTokens(total=6), OutputTokens(total=4))


def tool_call_completion() -> dict[str, Any]:
    call = {
        "id": "call_1",
        "type": "function",
        "function": {"name": "weather", "arguments": '{"city":"Paris"}'},
    }
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "test",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": None, "tool_calls": [call]},
                "finish_reason": "tool_calls",
            }
        ],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }


def run_loop(model: Any, settings: TelemetrySettings | None) -> None:
    """Two steps the way a tool loop runs them: a tool call, its execution, the answer."""
    with operation_span("generate_text", model, settings=settings, options=OPTIONS, max_retries=2) as op:
        with op.step(0):
            model.generate(OPTIONS)
            with op.tool("weather", "call_1", {"city": "Paris"}) as tool:
                tool.result({"temperature": 21})
        with op.step(1):
            model.generate(OPTIONS)
        op.finish(finish_reason="stop", usage=TOTAL, content=[TextContent("21 degrees")])


def test_a_tool_loop_is_a_tree_of_spans(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(json_reply(tool_call_completion()), json_reply(completion("21 degrees")))
    run_loop(make_model(server.url), TelemetrySettings(tracer=tracer, function_id="weather-bot"))
    spans = exporter.get_finished_spans()
    assert [span.name for span in spans] == [
        "chat test",
        "execute_tool weather",
        "step 1",
        "chat test",
        "step 2",
        "invoke_agent test",
    ]
    root = spans[-1]
    assert root.kind is SpanKind.INTERNAL and root.parent is None
    assert parent_of(spans[2], spans) is root and parent_of(spans[4], spans) is root
    assert parent_of(spans[0], spans) is spans[2] and parent_of(spans[1], spans) is spans[2]
    assert parent_of(spans[3], spans) is spans[4]
    assert attrs(root) == {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.provider.name": "openai-compatible",
        "gen_ai.request.model": "test",
        "gen_ai.request.temperature": 0.1,
        "gen_ai.agent.name": "weather-bot",
        "gen_ai.response.finish_reasons": ("stop",),
        "gen_ai.usage.input_tokens": 6,
        "gen_ai.usage.output_tokens": 4,
    }
    assert attrs(spans[2]) == {"gen_ai.operation.name": "agent_step"}
    assert attrs(spans[0])["gen_ai.response.finish_reasons"] == ("tool-calls",)
    assert attrs(spans[1]) == {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "weather",
        "gen_ai.tool.call.id": "call_1",
        "gen_ai.tool.type": "function",
    }
    assert "Paris" not in all_text(spans) and "21" not in all_text([spans[1], root])


def test_recorded_inputs_and_outputs_on_root_and_tool(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(json_reply(tool_call_completion()), json_reply(completion("21 degrees")))
    settings = TelemetrySettings(tracer=tracer, record_inputs=True, record_outputs=True)
    run_loop(make_model(server.url), settings)
    spans = by_name(exporter.get_finished_spans()[1:])  # the first chat span shares a name
    root, tool = attrs(spans["invoke_agent test"]), attrs(spans["execute_tool weather"])
    assert json.loads(root["gen_ai.system_instructions"]) == [{"type": "text", "content": "be brief"}]
    assert json.loads(root["gen_ai.input.messages"]) == [
        {"role": "user", "parts": [{"type": "text", "content": "weather in Paris?"}]}
    ]
    assert json.loads(root["gen_ai.output.messages"])[0]["parts"] == [
        {"type": "text", "content": "21 degrees"}
    ]
    assert json.loads(tool["gen_ai.tool.call.arguments"]) == {"city": "Paris"}
    assert json.loads(tool["gen_ai.tool.call.result"]) == {"temperature": 21}


def test_legacy_conventions_have_no_step_spans(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(json_reply(tool_call_completion()), json_reply(completion("21 degrees")))
    settings = TelemetrySettings(tracer=tracer, conventions="legacy", record_inputs=True, record_outputs=True)
    run_loop(make_model(server.url), settings)
    spans = exporter.get_finished_spans()
    assert [span.name for span in spans] == [
        "ai.generateText.doGenerate",
        "ai.toolCall",
        "ai.generateText.doGenerate",
        "ai.generateText",
    ]
    root = spans[-1]
    assert all(parent_of(span, spans) is root for span in spans[:-1])
    values = attrs(root)
    assert values["ai.operationId"] == "ai.generateText"
    assert values["ai.settings.maxRetries"] == 2
    assert values["ai.settings.temperature"] == 0.1
    assert json.loads(values["ai.prompt"]) == {
        "system": "be brief",
        "messages": [{"role": "user", "content": [{"type": "text", "text": "weather in Paris?"}]}],
    }
    assert values["ai.response.text"] == "21 degrees"
    assert values["ai.usage.totalTokens"] == 10
    assert json.loads(attrs(spans[1])["ai.toolCall.args"]) == {"city": "Paris"}
    assert json.loads(attrs(spans[0])["ai.response.toolCalls"]) == [
        {"toolCallId": "call_1", "toolName": "weather", "input": {"city": "Paris"}}
    ]


def test_a_stream_operation_nests_its_chat_span_without_leaking_context(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    from opentelemetry import trace

    server.queue(stream_reply(["2", "1"]))
    model = make_model(server.url)

    def stream_text() -> Any:  # the shape of a streaming core function
        op = operation_span("stream_text", model, settings=TelemetrySettings(tracer=tracer), options=OPTIONS)
        step = op.step(0)
        yield from step.wrap(model.stream(OPTIONS))
        op.finish(finish_reason="stop", usage=TOTAL)

    for _ in stream_text():
        assert not trace.get_current_span().get_span_context().is_valid  # nothing leaked to the consumer
    chat, step, root = exporter.get_finished_spans()
    assert (chat.name, step.name, root.name) == ("chat test", "step 1", "invoke_agent test")
    assert parent_of(chat, [chat, step, root]) is step
    assert parent_of(step, [chat, step, root]) is root


def test_an_error_in_a_tool_or_the_operation_is_recorded(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    model = make_model(server.url)
    with (
        pytest.raises(ValueError, match="boom"),
        operation_span("generate_text", model, settings=TelemetrySettings(tracer=tracer)) as op,
        op.step(0),
        op.tool("weather", "c1") as tool,
    ):
        tool.error("city not found")
        raise ValueError("boom")
    tool_span, step, root = exporter.get_finished_spans()
    assert tool_span.status.description == "city not found"
    assert step.status.status_code is StatusCode.ERROR
    assert root.status.status_code is StatusCode.ERROR
    assert [event.name for event in root.events] == ["exception"]


def test_per_call_settings_need_no_global_switch(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(json_reply(completion("4")))
    model = make_model(server.url)
    assert not state.armed
    with operation_span("generate_text", model, settings=TelemetrySettings(tracer=tracer)) as op:
        assert state.armed  # the model call inside is traced too
        model.generate(OPTIONS)
        op.finish(finish_reason="stop")
    assert not state.armed
    assert [span.name for span in exporter.get_finished_spans()] == ["chat test", "invoke_agent test"]


def test_a_call_that_says_is_enabled_false_is_silent_even_when_enabled_globally(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(json_reply(completion("4")))
    enable_telemetry(tracer=tracer)
    model = make_model(server.url)
    with operation_span("generate_text", model, settings=TelemetrySettings(is_enabled=False)) as op:
        assert not op.recording
        model.generate(OPTIONS)
        with op.step(0), op.tool("t", "c"):
            pass
    assert exporter.get_finished_spans() == ()


def test_operations_are_noop_when_telemetry_is_off() -> None:
    assert operation_span("generate_text", None) is NOOP
    assert operation_span("embed", None, settings=TelemetrySettings(is_enabled=False)) is NOOP
    with NOOP as op, op.step(0) as step, op.tool("t", "c") as tool:
        tool.result(1)
        assert list(step.wrap(iter([1, 2]))) == [1, 2]
    op.finish(finish_reason="stop")


# -- embed, embed_many, rerank ----------------------------------------------------------------


def embedding_reply(count: int, start: int = 0) -> Any:
    return json_reply(
        {
            "object": "list",
            "data": [
                {"object": "embedding", "index": i, "embedding": [0.5, float(start + i)]}
                for i in range(count)
            ],
            "model": "emb",
            "usage": {"prompt_tokens": 2 * count, "total_tokens": 2 * count},
        }
    )


def embedder(server: ScriptedServer) -> Any:
    return ai.embedding_model(
        "openai-compatible:emb", base_url=server.url, api_key="k", max_embeddings_per_call=2
    )


@pytest.mark.parametrize("parallel", [1, 3])
def test_embed_many_has_a_root_span_over_one_span_per_batch(
    parallel: int, server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(embedding_reply(2), embedding_reply(2), embedding_reply(1))
    result = ai.embed_many(
        embedder(server),
        ["a", "b", "c", "d", "e"],
        max_parallel_calls=parallel,
        telemetry=TelemetrySettings(tracer=tracer),
    )
    assert result.tokens == 10
    spans = exporter.get_finished_spans()
    assert [span.name for span in spans] == ["embeddings emb"] * 4
    root = spans[-1]
    assert root.kind is SpanKind.CLIENT
    assert all(parent_of(span, spans) is root for span in spans[:-1])
    assert attrs(root)["gen_ai.usage.input_tokens"] == 10
    assert sorted(attrs(span)["gen_ai.usage.input_tokens"] for span in spans[:-1]) == [2, 4, 4]
    assert attrs(root)["gen_ai.operation.name"] == "embeddings"


async def test_aembed_many_and_aembed_in_legacy_conventions(
    server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(embedding_reply(2), embedding_reply(1), embedding_reply(1))
    settings = TelemetrySettings(tracer=tracer, conventions="legacy", record_inputs=True, record_outputs=True)
    await ai.aembed_many(embedder(server), ["a", "b", "c"], telemetry=settings)
    await ai.aembed(embedder(server), "solo", telemetry=settings)
    spans = exporter.get_finished_spans()
    names = [span.name for span in spans]
    assert names == [
        "ai.embedMany.doEmbed",
        "ai.embedMany.doEmbed",
        "ai.embedMany",
        "ai.embed.doEmbed",
        "ai.embed",
    ]
    assert attrs(spans[2])["ai.values"] == ('"a"', '"b"', '"c"')
    assert attrs(spans[2])["ai.usage.tokens"] == 6
    assert len(attrs(spans[2])["ai.embeddings"]) == 3
    assert attrs(spans[4])["ai.value"] == '"solo"'
    assert json.loads(attrs(spans[4])["ai.embedding"]) == [0.5, 0.0]
    assert parent_of(spans[3], spans) is spans[4]


def rerank_reply() -> Any:
    return json_reply(
        {
            "id": "rr-1",
            "object": "rerank",
            "model": "Salesforce/Llama-Rank-v1",
            "results": [{"index": 1, "relevance_score": 0.9}, {"index": 0, "relevance_score": 0.2}],
            "usage": {"prompt_tokens": 12, "completion_tokens": 0, "total_tokens": 12},
        }
    )


@pytest.mark.parametrize("conventions", ["gen_ai", "legacy"])
def test_rerank_has_a_root_span_over_the_provider_call(
    conventions: str, server: ScriptedServer, exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    server.queue(rerank_reply())
    model = ai.reranking_model("togetherai:Salesforce/Llama-Rank-v1", base_url=server.url, api_key="k")
    settings = TelemetrySettings(tracer=tracer, conventions=conventions, record_inputs=True)  # type: ignore[arg-type]
    result = ai.rerank(model, query="q", documents=["cats", "dogs"], telemetry=settings)
    assert result.reranked_documents == ["dogs", "cats"]
    call, root = exporter.get_finished_spans()
    assert parent_of(call, [call, root]) is root
    if conventions == "gen_ai":
        assert call.name == root.name == "rerank Salesforce/Llama-Rank-v1"
        assert attrs(call)["gen_ai.response.id"] == "rr-1"
    else:
        assert (call.name, root.name) == ("ai.rerank.doRerank", "ai.rerank")
        assert attrs(root)["ai.documents"] == ('"cats"', '"dogs"')
        assert attrs(call)["ai.ranking.type"] == "text"
        assert "ai.ranking" not in attrs(call)  # outputs were not asked for


def test_an_operation_dropped_without_ending_still_ends_and_disarms(
    exporter: InMemorySpanExporter, tracer: Tracer
) -> None:
    import gc

    op = operation_span(
        "stream_text", make_model("http://127.0.0.1:9/v1"), settings=TelemetrySettings(tracer=tracer)
    )
    op.step(0)
    assert state.armed
    del op
    gc.collect()
    assert not state.armed
    assert [span.name for span in exporter.get_finished_spans()] == ["step 1", "invoke_agent test"]
