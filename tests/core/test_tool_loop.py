"""The tool loop on scripted answers (``http_loopback``), through all four entry points:
stop conditions, ``prepare_step``, callbacks, tool errors, repair, provider-executed
calls and concurrency. Every case runs sync and async, generated and streamed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import Sequence
from typing import Any

import http_loopback
import pytest
from http_loopback import Reply as HttpReply
from http_loopback import ScriptedServer, make_model, sse
from scripted import MODES, answer, run, streaming

import ai_sdk_integrations as ai
from ai_sdk_integrations import has_tool_call, is_loop_finished, step_count_is, tool
from ai_sdk_integrations.spec import ToolCallContent
from ai_sdk_integrations.spec.errors import InvalidToolInputError, NoSuchToolError

WEATHER = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}

server = http_loopback.server  # the scripted server and no-wait retries, as fixtures here
retry_delays = http_loopback.retry_delays


def weather(city: str) -> dict[str, Any]:
    """Current weather for a city."""
    return {"city": city, "temperature": 18}


def tools() -> dict[str, ai.Tool]:
    return {
        "get_weather": tool(weather),
        "final_answer": tool(lambda args: "done", parameters={"type": "object"}),
    }


def sent_messages(server: ScriptedServer, index: int) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = server.requests[index].json["messages"]
    return messages


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# -- when the loop stops --------------------------------------------------------------------


async def test_one_step_by_default(server: ScriptedServer, mode: str) -> None:
    s = streaming(mode)
    server.queue(answer(calls=[("c1", "get_weather", {"city": "Paris"})], stream=s))
    result = await run(mode, make_model(server.url), prompt="Weather in Paris?", tools=tools())
    assert len(server.requests) == 1
    assert [r.output for r in result.tool_results] == [weather("Paris")]
    assert len(result.steps) == 1 and result.finish_reason == "tool-calls"


async def test_the_loop_sends_results_back_until_the_model_answers(server: ScriptedServer, mode: str) -> None:
    s = streaming(mode)
    server.queue(
        answer(calls=[("c1", "get_weather", {"city": "Paris"})], stream=s), answer("Sunny.", stream=s)
    )
    result = await run(
        mode, make_model(server.url), prompt="Weather in Paris?", tools=tools(), stop_when=step_count_is(5)
    )
    assert len(server.requests) == 2
    _user, assistant, tool_message = sent_messages(server, 1)
    assert assistant["tool_calls"][0]["id"] == "c1"
    assert tool_message == {"role": "tool", "tool_call_id": "c1", "content": json.dumps(weather("Paris"))}
    assert result.text == "Sunny." and result.finish_reason == "stop"
    assert [len(step.tool_results) for step in result.steps] == [1, 0]
    assert result.usage.input_tokens.total == 20, "usage is summed over the steps"
    assert result.steps[0].usage.input_tokens.total == 10


async def test_step_count_stops_a_loop_that_keeps_calling(server: ScriptedServer, mode: str) -> None:
    s = streaming(mode)
    calls = [answer(calls=[(f"c{i}", "get_weather", {"city": "Paris"})], stream=s) for i in range(3)]
    server.queue(*calls)
    result = await run(
        mode, make_model(server.url), prompt="Weather?", tools=tools(), stop_when=step_count_is(2)
    )
    assert len(server.requests) == 2 and len(result.steps) == 2
    assert result.finish_reason == "tool-calls"


async def test_has_tool_call_stops_after_that_tool(server: ScriptedServer, mode: str) -> None:
    s = streaming(mode)
    server.queue(
        answer(calls=[("c1", "get_weather", {"city": "Paris"})], stream=s),
        answer(calls=[("c2", "final_answer", {})], stream=s),
        answer("never asked", stream=s),
    )
    result = await run(
        mode,
        make_model(server.url),
        prompt="Weather?",
        tools=tools(),
        stop_when=[step_count_is(10), has_tool_call("final_answer")],
    )
    assert len(server.requests) == 2
    assert [c.tool_name for c in result.tool_calls] == ["final_answer"]
    assert [r.output for r in result.tool_results] == ["done"]


async def test_custom_condition_and_loop_finished(server: ScriptedServer, mode: str) -> None:
    s = streaming(mode)
    server.queue(
        answer(calls=[("c1", "get_weather", {"city": "Paris"})], stream=s),
        answer(calls=[("c2", "get_weather", {"city": "Rome"})], stream=s),
        answer("never asked", stream=s),
    )

    def rome_seen(steps: Sequence[ai.StepResult]) -> bool:
        return any(r.output["city"] == "Rome" for r in steps[-1].tool_results)

    result = await run(
        mode,
        make_model(server.url),
        prompt="Weather?",
        tools=tools(),
        stop_when=[is_loop_finished(), rome_seen],
    )
    assert len(server.requests) == 2 and len(result.steps) == 2


async def test_a_call_without_execute_ends_the_loop(server: ScriptedServer, mode: str) -> None:
    s = streaming(mode)
    server.queue(answer(calls=[("c1", "lookup", {"q": "x"})], stream=s), answer("never asked", stream=s))
    declared = {"lookup": tool(parameters={"type": "object", "properties": {"q": {"type": "string"}}})}
    result = await run(
        mode, make_model(server.url), prompt="Look up x", tools=declared, stop_when=step_count_is(5)
    )
    assert len(server.requests) == 1
    assert [c.input for c in result.tool_calls] == [{"q": "x"}] and result.tool_results == []


# -- prepare_step and callbacks --------------------------------------------------------------


async def test_prepare_step_changes_each_step(server: ScriptedServer, mode: str) -> None:
    s = streaming(mode)
    server.queue(
        answer(calls=[("c1", "get_weather", {"city": "Paris"})], stream=s), answer("Sunny.", stream=s)
    )
    seen: list[tuple[int, int]] = []

    def prepare(context: ai.PrepareStepContext) -> dict[str, Any] | None:
        seen.append((context.step_number, len(context.messages)))
        if context.step_number == 0:
            return {"tool_choice": "get_weather", "active_tools": ["get_weather"], "temperature": 0}
        return {"system": "Answer in one word.", "active_tools": []}

    await run(
        mode,
        make_model(server.url),
        prompt="Weather?",
        system="Be helpful.",
        tools=tools(),
        prepare_step=prepare,
        stop_when=step_count_is(3),
    )
    first, second = (r.json for r in server.requests)
    assert [t["function"]["name"] for t in first["tools"]] == ["get_weather"]
    assert first["tool_choice"] == {"type": "function", "function": {"name": "get_weather"}}
    assert first["temperature"] == 0 and first["messages"][0]["content"] == "Be helpful."
    assert "tools" not in second and "temperature" not in second
    assert second["messages"][0] == {"role": "system", "content": "Answer in one word."}
    assert seen == [(0, 1), (1, 3)]


async def test_prepare_step_rejects_unknown_settings(server: ScriptedServer) -> None:
    with pytest.raises(ValueError, match="unknown settings"):
        ai.generate_text(make_model(server.url), prompt="hi", prepare_step=lambda c: {"temprature": 1})
    assert server.requests == []


async def test_hooks_may_be_async_in_the_async_functions(server: ScriptedServer) -> None:
    server.queue(answer(calls=[("c1", "get_weather", {"city": "Paris"})]), answer("Sunny."))
    finished: list[int] = []

    async def prepare(context: ai.PrepareStepContext) -> None:
        await asyncio.sleep(0)

    async def on_step(step: ai.StepResult) -> None:
        finished.append(step.step_number)

    async def stop(steps: Sequence[ai.StepResult]) -> bool:
        return False

    result = await ai.agenerate_text(
        make_model(server.url),
        prompt="Weather?",
        tools=tools(),
        prepare_step=prepare,
        on_step_finish=on_step,
        stop_when=[step_count_is(5), stop],
    )
    assert finished == [0, 1] and result.text == "Sunny."


def test_an_async_hook_in_the_sync_function_is_an_error(server: ScriptedServer) -> None:
    async def prepare(context: ai.PrepareStepContext) -> None:
        return None

    with pytest.raises(TypeError, match="prepare_step is async"):
        ai.generate_text(make_model(server.url), prompt="hi", prepare_step=prepare)


# -- mistakes go back to the model ------------------------------------------------------------


async def test_a_failing_tool_becomes_an_error_result_without_traceback(
    server: ScriptedServer, mode: str
) -> None:
    s = streaming(mode)
    server.queue(
        answer(calls=[("c1", "get_weather", {"city": "Paris"})], stream=s), answer("Sorry.", stream=s)
    )

    def broken(city: str) -> str:
        raise ConnectionError("weather service unreachable")

    result = await run(
        mode,
        make_model(server.url),
        prompt="Weather?",
        tools={"get_weather": tool(broken)},
        stop_when=step_count_is(3),
    )
    (failed,) = result.steps[0].tool_results
    assert failed.is_error and failed.output == "ConnectionError: weather service unreachable"
    tool_message = sent_messages(server, 1)[-1]
    assert tool_message["content"] == "ConnectionError: weather service unreachable"
    assert "Traceback" not in server.requests[1].body.decode()


async def test_invalid_arguments_go_back_to_the_model(server: ScriptedServer, mode: str) -> None:
    s = streaming(mode)
    server.queue(
        answer(calls=[("c1", "get_weather", {"town": "Paris"})], stream=s),
        answer(calls=[("c2", "get_weather", "{not json")], stream=s),
        answer("Done.", stream=s),
    )
    result = await run(
        mode, make_model(server.url), prompt="Weather?", tools=tools(), stop_when=step_count_is(5)
    )
    first, second, _ = result.steps
    assert isinstance(first.tool_calls[0].error, InvalidToolInputError)
    assert first.tool_results[0].is_error and "city: Field required" in first.tool_results[0].output
    assert "not JSON" in second.tool_results[0].output
    assert sent_messages(server, 2)[-1]["content"] == second.tool_results[0].output
    assert "errors.pydantic.dev" not in server.requests[1].body.decode()


async def test_repair_tool_call_fixes_arguments_and_unknown_names(server: ScriptedServer, mode: str) -> None:
    s = streaming(mode)
    server.queue(
        answer(
            calls=[("c1", "get_wether", {"city": "Paris"}), ("c2", "get_weather", {"town": "Rome"})], stream=s
        ),
        answer("Done.", stream=s),
    )
    contexts: list[ai.ToolCallRepairContext] = []

    def repair(context: ai.ToolCallRepairContext) -> ToolCallContent | None:
        contexts.append(context)
        call = context.tool_call
        if isinstance(context.error, NoSuchToolError):
            return dataclasses.replace(call, tool_name="get_weather")
        fixed = json.loads(call.input)
        return dataclasses.replace(call, input=json.dumps({"city": fixed["town"]}))

    result = await run(
        mode,
        make_model(server.url),
        prompt="Weather?",
        tools=tools(),
        repair_tool_call=repair,
        stop_when=step_count_is(3),
    )
    assert [type(c.error) for c in contexts] == [NoSuchToolError, InvalidToolInputError]
    assert contexts[1].input_schema("get_weather") is not None
    assert [r.output for r in result.steps[0].tool_results] == [weather("Paris"), weather("Rome")]
    sent_calls = sent_messages(server, 1)[1]["tool_calls"]
    assert [c["function"]["name"] for c in sent_calls] == ["get_weather", "get_weather"]
    assert json.loads(sent_calls[1]["function"]["arguments"]) == {"city": "Rome"}


async def test_a_failing_repair_leaves_the_error_for_the_model(server: ScriptedServer) -> None:
    server.queue(answer(calls=[("c1", "nope", {})]))

    def repair(context: ai.ToolCallRepairContext) -> None:
        raise RuntimeError("cannot fix")

    result = ai.generate_text(make_model(server.url), prompt="x", tools=tools(), repair_tool_call=repair)
    (failed,) = result.tool_results
    assert failed.is_error and "unknown tool 'nope'" in failed.output and "cannot fix" in failed.output


# -- the rest --------------------------------------------------------------------------------


async def test_async_tools_of_one_step_run_concurrently(server: ScriptedServer) -> None:
    server.queue(answer(calls=[("c1", "slow", {"n": 1}), ("c2", "slow", {"n": 2})]))

    async def slow(n: int) -> int:
        await asyncio.sleep(0.3)
        return n * 10

    started = time.monotonic()
    result = await ai.agenerate_text(make_model(server.url), prompt="x", tools={"slow": tool(slow)})
    assert time.monotonic() - started < 0.55
    assert [r.output for r in result.tool_results] == [10, 20]


async def test_an_async_tool_in_the_sync_function_is_an_error(server: ScriptedServer) -> None:
    server.queue(answer(calls=[("c1", "slow", {"n": 1})]))

    async def slow(n: int) -> int:
        return n

    with pytest.raises(TypeError, match="is async"):
        ai.generate_text(make_model(server.url), prompt="x", tools={"slow": tool(slow)})


def test_provider_executed_calls_are_not_run_and_end_the_loop(server: ScriptedServer) -> None:
    parts = [
        {"type": "stream-start", "warnings": []},
        {
            "type": "tool-call",
            "toolCallId": "ws1",
            "toolName": "web_search",
            "input": "{}",
            "providerExecuted": True,
        },
        {
            "type": "tool-result",
            "toolCallId": "ws1",
            "toolName": "web_search",
            "result": [{"url": "https://a.example"}],
        },
        {"type": "text-start", "id": "t"},
        {"type": "text-delta", "id": "t", "delta": "Found it."},
        {"type": "text-end", "id": "t"},
        {"type": "finish", "finishReason": {"unified": "stop"}, "usage": {}},
    ]
    server.queue(HttpReply(200, {"content-type": "text/event-stream"}, chunks=[sse(p) for p in parts]))
    model = ai.language_model("gateway:openai/gpt-5", base_url=server.url, api_key="k")
    searched: list[Any] = []
    web_search = ai.spec.ProviderTool("openai.web_search", "web_search")
    stream = ai.stream_text(
        model,
        prompt="Search",
        tools={"web_search": web_search, "note": tool(lambda args: searched.append(args))},
        stop_when=step_count_is(5),
    )
    assert "".join(stream.text_stream) == "Found it."
    assert len(server.requests) == 1 and searched == []
    (call,) = stream.tool_calls
    assert call.provider_executed and stream.tool_results == []
    (assistant,) = stream.response_messages
    assert [p.type for p in assistant.content] == ["tool-call", "tool-result", "text"]


async def test_active_tools_and_a_model_per_step(server: ScriptedServer) -> None:
    other = http_loopback.ScriptedServer().start()
    try:
        server.queue(answer(calls=[("c1", "get_weather", {"city": "Paris"})]))
        other.queue(answer("Sunny."))
        result = await ai.agenerate_text(
            make_model(server.url),
            prompt="Weather?",
            tools=tools(),
            active_tools=["get_weather"],
            prepare_step=lambda c: {"model": make_model(other.url)} if c.step_number == 1 else None,
            stop_when=step_count_is(3),
        )
    finally:
        other.stop()
    assert [t["function"]["name"] for t in server.requests[0].json["tools"]] == ["get_weather"]
    assert len(server.requests) == 1 and len(other.requests) == 1
    assert result.text == "Sunny."
    with pytest.raises(ValueError, match="active_tools names tools that are not given"):
        ai.generate_text(make_model(server.url), prompt="x", tools=tools(), active_tools=["nope"])
