"""A tool loop's spans (``telemetry=``): a root per call, a step per model call with the
provider call and the tool runs under it. On scripted answers (``http_loopback``),
exported in memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import http_loopback
import pytest
from http_loopback import ScriptedServer, make_model
from scripted import MODES, answer, run, streaming

from ai_sdk_integrations import Output, step_count_is, tool
from ai_sdk_integrations.telemetry import TelemetrySettings, state

otel_sdk = pytest.importorskip("opentelemetry.sdk.trace")
in_memory = pytest.importorskip("opentelemetry.sdk.trace.export.in_memory_span_exporter")
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402

server = http_loopback.server  # the scripted server and no-wait retries, as fixtures here
retry_delays = http_loopback.retry_delays


@pytest.fixture
def exporter() -> Iterator[Any]:
    found = in_memory.InMemorySpanExporter()
    yield found
    assert state._holds == 0, "an operation was left open"


@pytest.fixture
def settings(exporter: Any) -> TelemetrySettings:
    provider = otel_sdk.TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return TelemetrySettings(tracer=provider.get_tracer("tests"), record_outputs=True)


def weather(city: str) -> dict[str, Any]:
    """Current weather."""
    return {"city": city, "temperature": 18}


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_a_loop_is_one_root_with_a_span_per_step_and_tool(
    server: ScriptedServer, exporter: Any, settings: TelemetrySettings, mode: str
) -> None:
    s = streaming(mode)
    server.queue(
        answer(calls=[("c1", "get_weather", {"city": "Paris"})], stream=s), answer("Sunny.", stream=s)
    )
    await run(
        mode,
        make_model(server.url),
        prompt="Weather?",
        tools={"get_weather": tool(weather)},
        stop_when=step_count_is(3),
        telemetry=settings,
    )
    spans = exporter.get_finished_spans()
    names = sorted(span.name for span in spans)
    assert names == sorted(
        ["invoke_agent test", "step 1", "step 2", "chat test", "chat test", "execute_tool get_weather"]
    )
    by_id = {span.context.span_id: span for span in spans}

    def parent(span: Any) -> str | None:
        return by_id[span.parent.span_id].name if span.parent is not None else None

    assert {span.name: parent(span) for span in spans if span.name != "chat test"} == {
        "invoke_agent test": None,
        "step 1": "invoke_agent test",
        "step 2": "invoke_agent test",
        "execute_tool get_weather": "step 1",
    }
    assert sorted(parent(span) or "" for span in spans if span.name == "chat test") == ["step 1", "step 2"]
    (root,) = [span for span in spans if span.name == "invoke_agent test"]
    assert root.attributes["gen_ai.usage.input_tokens"] == 20
    assert root.attributes["gen_ai.response.finish_reasons"] == ("stop",)
    (executed,) = [span for span in spans if span.name.startswith("execute_tool")]
    assert "18" in executed.attributes["gen_ai.tool.call.result"]


def test_structured_output_is_recorded_as_json(
    server: ScriptedServer, exporter: Any, settings: TelemetrySettings
) -> None:
    server.queue(answer('{"result": "yes"}'))
    model = make_model(server.url, structured_outputs="json_schema")
    from ai_sdk_integrations import generate_text

    assert (
        generate_text(model, prompt="?", output=Output.choice(["yes", "no"]), telemetry=settings).output
        == "yes"
    )
    (root,) = [span for span in exporter.get_finished_spans() if span.name.startswith("invoke_agent")]
    assert root.attributes["gen_ai.output.type"] == "json"


def test_a_stream_left_early_ends_its_spans(
    server: ScriptedServer, exporter: Any, settings: TelemetrySettings
) -> None:
    from ai_sdk_integrations import stream_text

    server.queue(answer("Hello there, how are you?", stream=True))
    for _ in stream_text(make_model(server.url), prompt="x", telemetry=settings).text_stream:
        break
    assert "invoke_agent test" in {span.name for span in exporter.get_finished_spans()}


def test_nothing_is_traced_without_settings(server: ScriptedServer, exporter: Any) -> None:
    from ai_sdk_integrations import generate_text

    server.queue(answer("hi"))
    assert generate_text(make_model(server.url), prompt="x").text == "hi"
    assert exporter.get_finished_spans() == () and not state.armed
