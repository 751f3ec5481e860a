"""The core (tool loops, structured output, agents) through OpenAI Chat Completions.

Written cassettes in ``cassettes/core_openai/`` (``provider_fakes``): every expectation
is read from the cassette's own responses, so the tests hold for cassettes
re-recorded against the real API (``OPENAI_API_KEY=... --record-mode=rewrite``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from core_checks import CITY_PROMPT, QUESTION, CityFacts, assert_partials, assert_weather_schema, get_weather
from openai_wire import OPENAI_API, Exchange, cassette_bodies, iter_chunks
from provider_fakes import OPENAI, fixtures
from pydantic import BaseModel

import ai_sdk_integrations as ai
from ai_sdk_integrations import Agent, Output, step_count_is, tool
from ai_sdk_integrations.spec import Finish, StreamStart, TextDelta, ToolCallContent

pytestmark = pytest.mark.vcr
vcr_config, fake_server, provider_base_url = fixtures(OPENAI)

MODEL = "openai:gpt-4o-mini"


def exchanges(vcr: Any, count: int) -> list[Exchange]:
    found = cassette_bodies(vcr)
    assert len(found) == count
    assert all(e.uri == f"{OPENAI_API}/chat/completions" and e.status == 200 for e in found)
    return found


def answered_text(exchange: Exchange) -> str:
    if exchange.events:
        return "".join(c["choices"][0]["delta"].get("content") or "" for c in iter_chunks(exchange))
    return str(exchange.body["choices"][0]["message"]["content"] or "")


def wire_calls(exchange: Exchange) -> list[dict[str, Any]]:
    """The tool calls of an answer: id, name and arguments (parsed)."""
    if not exchange.events:
        return [
            {"id": c["id"], "name": c["function"]["name"], "input": json.loads(c["function"]["arguments"])}
            for c in exchange.body["choices"][0]["message"].get("tool_calls") or ()
        ]
    calls: dict[int, dict[str, Any]] = {}
    for chunk in iter_chunks(exchange):
        for delta in chunk["choices"][0]["delta"].get("tool_calls") or ():
            call = calls.setdefault(delta["index"], {"arguments": ""})
            call.update({k: v for k, v in (("id", delta.get("id")),) if v})
            call["name"] = (delta.get("function") or {}).get("name") or call.get("name")
            call["arguments"] += (delta.get("function") or {}).get("arguments") or ""
    return [{"id": c["id"], "name": c["name"], "input": json.loads(c["arguments"])} for c in calls.values()]


def assert_second_request(answered: Exchange, call: dict[str, Any]) -> None:
    """The next step sends the call and our function's result for it."""
    user, assistant, tool_message = answered.request["messages"]
    assert user == {"role": "user", "content": QUESTION}
    (sent,) = assistant["tool_calls"]
    assert sent["id"] == call["id"] and json.loads(sent["function"]["arguments"]) == call["input"]
    assert tool_message["tool_call_id"] == call["id"]
    assert json.loads(tool_message["content"]) == get_weather(**call["input"])


def usage_total(exchanges_: list[Exchange], field: str) -> int:
    total = 0
    for exchange in exchanges_:
        usage = (
            exchange.body["usage"]
            if exchange.body
            else next(e["usage"] for e in exchange.events if e.get("usage"))
        )
        total += usage[field]
    return total


def test_multi_step_tool_loop(vcr: Any) -> None:
    finished_steps: list[ai.StepResult] = []
    result = ai.generate_text(
        MODEL,
        prompt=QUESTION,
        tools={"get_weather": tool(get_weather)},
        stop_when=step_count_is(5),
        on_step_finish=finished_steps.append,
    )
    asked, answered = exchanges(vcr, 2)
    (sent_tool,) = asked.request["tools"]
    assert sent_tool["function"]["description"] == "Current weather for a city."
    assert_weather_schema(sent_tool["function"]["parameters"])
    (call,) = wire_calls(asked)
    assert call["name"] == "get_weather"
    first, second = result.steps
    assert (first.step_number, second.step_number) == (0, 1)
    assert [(c.tool_call_id, c.input) for c in first.tool_calls] == [(call["id"], call["input"])]
    assert [r.output for r in first.tool_results] == [get_weather(**call["input"])]
    assert first.finish_reason == "tool-calls"
    assert_second_request(answered, call)
    assert result.text == answered_text(answered) and result.text
    assert result.finish_reason == "stop" and not result.tool_calls
    assert result.usage.input_tokens.total == usage_total([asked, answered], "prompt_tokens")
    assert result.total_usage.output_tokens.total == usage_total([asked, answered], "completion_tokens")
    assert finished_steps == list(result.steps)
    assert [m.role for m in result.response_messages] == ["assistant", "tool", "assistant"]


async def test_astream_multi_step_tool_loop(vcr: Any) -> None:
    stream = ai.astream_text(
        MODEL, prompt=QUESTION, tools={"get_weather": tool(get_weather)}, stop_when=step_count_is(5)
    )
    parts = [part async for part in stream.full_stream]
    asked, answered = exchanges(vcr, 2)
    (call,) = wire_calls(asked)
    kinds = [type(p).__name__ for p in parts if isinstance(p, StreamStart | Finish | ai.ToolResult)]
    assert kinds == ["StreamStart", "Finish", "ToolResult", "StreamStart", "Finish"]
    (result,) = [p for p in parts if isinstance(p, ai.ToolResult)]
    assert result.tool_call_id == call["id"] and result.output == get_weather(**call["input"])
    assert [p.tool_call_id for p in parts if isinstance(p, ToolCallContent)] == [call["id"]]
    assert_second_request(answered, call)
    assert "".join(p.delta for p in parts if isinstance(p, TextDelta)) == answered_text(answered)
    assert stream.text == answered_text(answered)
    assert len(stream.steps) == 2 and stream.finish_reason == "stop"


def test_stream_object_partials(vcr: Any) -> None:
    stream = ai.stream_text(MODEL, prompt=CITY_PROMPT, output=Output.object(CityFacts))
    partials = list(stream.partial_output_stream)
    (asked,) = exchanges(vcr, 1)
    fmt = asked.request["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "CityFacts"
    assert fmt["json_schema"]["schema"] == CityFacts.model_json_schema()
    text = answered_text(asked)
    assert_partials(partials, json.loads(text))
    assert stream.output == CityFacts.model_validate_json(text)
    assert isinstance(stream.object, CityFacts)


class City(BaseModel):
    name: str
    country: str


async def test_astream_array_elements(vcr: Any) -> None:
    stream = ai.astream_object(MODEL, output="array", schema=City, prompt="Name two cities in France.")
    elements = [element async for element in stream.element_stream]
    (asked,) = exchanges(vcr, 1)
    schema = asked.request["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["elements"]["items"] == City.model_json_schema()
    assert schema["required"] == ["elements"]
    expected = [City.model_validate(e) for e in json.loads(answered_text(asked))["elements"]]
    assert elements == expected and len(elements) > 1
    assert stream.object == expected


def test_generate_object(vcr: Any) -> None:
    result = ai.generate_object(MODEL, schema=CityFacts, prompt=CITY_PROMPT)
    (asked,) = exchanges(vcr, 1)
    assert result.object == CityFacts.model_validate_json(answered_text(asked))
    assert result.finish_reason == "stop"


def test_agent_runs_the_loop_with_its_instructions(vcr: Any) -> None:
    agent = Agent(
        MODEL, instructions="You answer weather questions briefly.", tools={"get_weather": tool(get_weather)}
    )
    result = agent.generate(QUESTION)
    asked, answered = exchanges(vcr, 2)
    for exchange in (asked, answered):
        assert exchange.request["messages"][0] == {
            "role": "system",
            "content": "You answer weather questions briefly.",
        }
    (call,) = wire_calls(asked)
    assert [r.output for r in result.steps[0].tool_results] == [get_weather(**call["input"])]
    assert result.text == answered_text(answered)
