"""``Agent`` (``ToolLoopAgent``): settings bound once, a loop of up to 20 steps by
default, the four ways to run it; on scripted answers (``http_loopback``)."""

from __future__ import annotations

import http_loopback
from http_loopback import ScriptedServer, make_model
from scripted import answer

import ai_sdk_integrations as ai
from ai_sdk_integrations import Agent, Output, ToolLoopAgent, step_count_is, tool

server = http_loopback.server  # the scripted server and no-wait retries, as fixtures here
retry_delays = http_loopback.retry_delays


def count(n: int) -> int:
    """Count on."""
    return n + 1


def agent(server: ScriptedServer, **settings: object) -> Agent:
    return Agent(
        make_model(server.url),
        instructions="Count with the tool.",
        tools={"count": tool(count)},
        **settings,  # type: ignore[arg-type]
    )


def test_an_agent_loops_until_the_model_answers(server: ScriptedServer) -> None:
    calls = [answer(calls=[(f"c{i}", "count", {"n": i})]) for i in range(3)]
    server.queue(*calls, answer("Three."))
    result = agent(server).generate("Count to three.")
    assert len(server.requests) == 4 and result.text == "Three."
    assert [step.tool_results[0].output for step in result.steps[:3]] == [1, 2, 3]
    assert all(
        r.json["messages"][0] == {"role": "system", "content": "Count with the tool."}
        for r in server.requests
    )
    assert ToolLoopAgent is Agent


def test_stop_when_and_output_are_the_agents(server: ScriptedServer) -> None:
    server.queue(answer(calls=[("c1", "count", {"n": 1})]), answer(calls=[("c2", "count", {"n": 2})]))
    result = agent(server, stop_when=step_count_is(2)).generate("Count.")
    assert len(result.steps) == 2 and len(server.requests) == 2
    server.queue(answer('{"result": "yes"}'))
    yes_no = Agent(
        make_model(server.url, structured_outputs="json_schema"), output=Output.choice(["yes", "no"])
    )
    assert yes_no.generate("Yes?").output == "yes"


async def test_the_async_and_streamed_runs(server: ScriptedServer) -> None:
    server.queue(answer(calls=[("c1", "count", {"n": 1})]), answer("One."))
    assert (await agent(server).agenerate("Count.")).text == "One."
    server.queue(answer(calls=[("c1", "count", {"n": 1})], stream=True), answer("One.", stream=True))
    stream = agent(server).stream(messages=[{"role": "user", "content": "Count."}])
    assert "".join(stream.text_stream) == "One." and len(stream.steps) == 2
    server.queue(answer(calls=[("c1", "count", {"n": 1})], stream=True), answer("One.", stream=True))
    astream = agent(server).astream("Count.")
    parts = [p async for p in astream.full_stream]
    assert any(isinstance(p, ai.ToolResult) for p in parts) and astream.text == "One."
    assert "Agent" in repr(agent(server)) and "count" in repr(agent(server))
