"""The core (tool loops, structured output) through the Gemini API.

Written cassettes in ``cassettes/core_google/`` (``provider_fakes``); expectations are
read from the cassettes. Gemini takes the schema as ``responseSchema`` (its OpenAPI
subset) with ``responseMimeType: application/json``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from core_checks import CITY_PROMPT, QUESTION, CityFacts, assert_partials, get_weather
from openai_wire import Exchange, cassette_bodies
from provider_fakes import GOOGLE, fixtures

import ai_sdk_integrations as ai
from ai_sdk_integrations import Output, step_count_is, tool
from ai_sdk_integrations.spec import Finish, StreamStart

pytestmark = pytest.mark.vcr
vcr_config, fake_server, provider_base_url = fixtures(GOOGLE)

MODEL = "google:gemini-2.5-flash"


def exchanges(vcr: Any, count: int) -> list[Exchange]:
    found = cassette_bodies(vcr)
    assert len(found) == count
    for exchange in found:
        assert exchange.uri.startswith(f"{GOOGLE.real_base_url}/models/gemini-2.5-flash:"), exchange.uri
        assert exchange.status == 200 and "key=" not in exchange.uri
    return found


def parts(exchange: Exchange) -> list[Mapping[str, Any]]:
    bodies = exchange.events or [exchange.body]
    return [
        p
        for b in bodies
        for c in b.get("candidates") or ()
        for p in (c.get("content") or {}).get("parts") or ()
    ]


def answered_text(exchange: Exchange) -> str:
    return "".join(p["text"] for p in parts(exchange) if "text" in p and not p.get("thought"))


def the_call(exchange: Exchange) -> Mapping[str, Any]:
    (call,) = [p["functionCall"] for p in parts(exchange) if "functionCall" in p]
    return call


def assert_second_request(answered: Exchange, call: Mapping[str, Any]) -> None:
    user, model_turn, results = answered.request["contents"]
    assert user["role"] == "user" and user["parts"][0]["text"] == QUESTION
    assert [p["functionCall"] for p in model_turn["parts"] if "functionCall" in p] == [call]
    (response,) = [p["functionResponse"] for p in results["parts"]]
    assert response["name"] == "get_weather" and response.get("id") == call.get("id")
    assert response["response"]["content"] == get_weather(**call["args"])


def test_multi_step_tool_loop(vcr: Any) -> None:
    result = ai.generate_text(
        MODEL, prompt=QUESTION, tools={"get_weather": tool(get_weather)}, stop_when=step_count_is(5)
    )
    asked, answered = exchanges(vcr, 2)
    (declaration,) = asked.request["tools"][0]["functionDeclarations"]
    assert (
        declaration["name"] == "get_weather" and declaration["description"] == "Current weather for a city."
    )
    assert set(declaration["parameters"]["properties"]) == {"city", "unit"}
    call = the_call(asked)
    first, _ = result.steps
    assert [(c.tool_name, c.input) for c in first.tool_calls] == [("get_weather", call["args"])]
    assert [r.output for r in first.tool_results] == [get_weather(**call["args"])]
    assert_second_request(answered, call)
    assert result.text == answered_text(answered) and result.text
    assert result.finish_reason == "stop"
    prompt_tokens = sum(e.body["usageMetadata"]["promptTokenCount"] for e in (asked, answered))
    assert result.usage.input_tokens.total == prompt_tokens


def test_stream_multi_step_tool_loop(vcr: Any) -> None:
    stream = ai.stream_text(
        MODEL, prompt=QUESTION, tools={"get_weather": tool(get_weather)}, stop_when=step_count_is(5)
    )
    seen = list(stream.full_stream)
    asked, answered = exchanges(vcr, 2)
    kinds = [type(p).__name__ for p in seen if isinstance(p, StreamStart | Finish | ai.ToolResult)]
    assert kinds == ["StreamStart", "Finish", "ToolResult", "StreamStart", "Finish"]
    assert_second_request(answered, the_call(asked))
    assert stream.text == answered_text(answered) and len(stream.steps) == 2


async def test_astream_object_partials(vcr: Any) -> None:
    stream = ai.astream_text(MODEL, prompt=CITY_PROMPT, output=Output.object(CityFacts))
    partials = [partial async for partial in stream.partial_output_stream]
    (asked,) = exchanges(vcr, 1)
    config = asked.request["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert set(config["responseSchema"]["properties"]) == set(CityFacts.model_fields)
    text = answered_text(asked)
    assert_partials(partials, json.loads(text))
    assert stream.output == CityFacts.model_validate_json(text)
