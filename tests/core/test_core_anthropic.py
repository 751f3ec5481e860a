"""The core (tool loops, structured output) through Anthropic's Messages API.

Written cassettes in ``cassettes/core_anthropic/`` (``provider_fakes``); expectations
are read from the cassettes. Claude Sonnet 4 has no native structured output, so its
object arrives through the forced ``json`` tool the codec adds (streamed as
``input_json_delta``); Sonnet 4.5 gets ``output_config.format``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from core_checks import CITY_PROMPT, QUESTION, CityFacts, assert_partials, assert_weather_schema, get_weather
from openai_wire import Exchange, cassette_bodies
from provider_fakes import ANTHROPIC, fixtures

import ai_sdk_integrations as ai
from ai_sdk_integrations import Output, step_count_is, tool
from ai_sdk_integrations.spec import Finish, StreamStart, TextDelta

pytestmark = pytest.mark.vcr
vcr_config, fake_server, provider_base_url = fixtures(ANTHROPIC)

ANTHROPIC_API = ANTHROPIC.real_base_url
MODEL = "anthropic:claude-sonnet-4-5"
TOOL_JSON_MODEL = "anthropic:claude-sonnet-4-0"


def exchanges(vcr: Any, count: int) -> list[Exchange]:
    found = cassette_bodies(vcr)
    assert len(found) == count
    assert all(e.uri == f"{ANTHROPIC_API}/messages" and e.status == 200 for e in found)
    return found


def blocks(exchange: Exchange) -> list[dict[str, Any]]:
    """The answer's content blocks, from a body or rebuilt from the stream's events."""
    if not exchange.events:
        return list(exchange.body["content"])
    found: dict[int, dict[str, Any]] = {}
    for event in exchange.events:
        if event["type"] == "content_block_start":
            found[event["index"]] = {**event["content_block"], "_json": ""}
        elif event["type"] == "content_block_delta":
            block, delta = found[event["index"]], event["delta"]
            if delta["type"] == "text_delta":
                block["text"] = block.get("text", "") + delta["text"]
            elif delta["type"] == "input_json_delta":
                block["_json"] += delta["partial_json"]
    for block in found.values():
        json_text = block.pop("_json")
        if block["type"] == "tool_use" and json_text:
            block["input"] = json.loads(json_text)
    return [found[i] for i in sorted(found)]


def answered_text(exchange: Exchange) -> str:
    return "".join(b["text"] for b in blocks(exchange) if b["type"] == "text")


def assert_second_request(answered: Exchange, use: dict[str, Any]) -> None:
    user, assistant, results = answered.request["messages"]
    assert (
        user == {"role": "user", "content": [{"type": "text", "text": QUESTION}]}
        or user["content"] == QUESTION
    )
    assert [b for b in assistant["content"] if b["type"] == "tool_use"] == [
        {"type": "tool_use", "id": use["id"], "name": "get_weather", "input": use["input"]}
    ]
    (result,) = results["content"]
    assert result["type"] == "tool_result" and result["tool_use_id"] == use["id"]
    sent = result["content"] if isinstance(result["content"], str) else result["content"][0]["text"]
    assert json.loads(sent) == get_weather(**use["input"])


def test_multi_step_tool_loop(vcr: Any) -> None:
    result = ai.generate_text(
        MODEL, prompt=QUESTION, tools={"get_weather": tool(get_weather)}, stop_when=step_count_is(5)
    )
    asked, answered = exchanges(vcr, 2)
    (sent_tool,) = asked.request["tools"]
    assert sent_tool["name"] == "get_weather" and sent_tool["description"] == "Current weather for a city."
    assert_weather_schema(sent_tool["input_schema"])
    (use,) = [b for b in blocks(asked) if b["type"] == "tool_use"]
    first, _second = result.steps
    assert [(c.tool_call_id, c.input) for c in first.tool_calls] == [(use["id"], use["input"])]
    assert [r.output for r in first.tool_results] == [get_weather(**use["input"])]
    assert_second_request(answered, use)
    assert result.text == answered_text(answered) and result.text
    assert result.finish_reason == "stop"
    total_in = sum(e.body["usage"]["input_tokens"] for e in (asked, answered))
    assert result.usage.input_tokens.total == total_in


async def test_astream_multi_step_tool_loop(vcr: Any) -> None:
    stream = ai.astream_text(
        MODEL, prompt=QUESTION, tools={"get_weather": tool(get_weather)}, stop_when=step_count_is(5)
    )
    parts = [part async for part in stream.full_stream]
    asked, answered = exchanges(vcr, 2)
    (use,) = [b for b in blocks(asked) if b["type"] == "tool_use"]
    kinds = [type(p).__name__ for p in parts if isinstance(p, StreamStart | Finish | ai.ToolResult)]
    assert kinds == ["StreamStart", "Finish", "ToolResult", "StreamStart", "Finish"]
    assert_second_request(answered, use)
    step_two = parts[[i for i, p in enumerate(parts) if isinstance(p, StreamStart)][1] :]
    assert "".join(p.delta for p in step_two if isinstance(p, TextDelta)) == answered_text(answered)
    assert stream.text == answered_text(answered) and len(stream.steps) == 2


def test_stream_object_through_the_json_tool(vcr: Any) -> None:
    stream = ai.stream_text(TOOL_JSON_MODEL, prompt=CITY_PROMPT, output=Output.object(CityFacts))
    partials = list(stream.partial_output_stream)
    (asked,) = exchanges(vcr, 1)
    (json_tool,) = asked.request["tools"]
    assert json_tool["input_schema"]["properties"] == CityFacts.model_json_schema()["properties"]
    assert asked.request["tool_choice"]["type"] in ("any", "tool"), "the json tool is forced"
    (use,) = [b for b in blocks(asked) if b["type"] == "tool_use"]
    assert_partials(partials, use["input"])
    assert stream.output == CityFacts.model_validate(use["input"])
    assert stream.finish_reason == "stop"


def test_choice_natively(vcr: Any) -> None:
    result = ai.generate_text(
        MODEL,
        prompt="Is Paris sunny or rainy today? Answer sunny or rainy.",
        output=Output.choice(["sunny", "rainy"]),
    )
    (asked,) = exchanges(vcr, 1)
    schema = asked.request["output_config"]["format"]["schema"]
    assert schema["properties"]["result"]["enum"] == ["sunny", "rainy"]
    assert result.output == json.loads(answered_text(asked))["result"]
