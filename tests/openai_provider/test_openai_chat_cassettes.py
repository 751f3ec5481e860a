"""OpenAI Chat Completions through the public functions, against cassettes.

Nothing here hard-codes what the model said: every expectation is read from the
cassette's own response (``openai_wire.cassette_bodies``), so the same tests hold for
the written cassettes and for ones re-recorded against the real API. What is asserted
besides is structural: the request we sent, tool calls for the named tools with
arguments valid for their schemas, JSON output valid for its pydantic model.
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import pytest
from openai_wire import OPENAI_API, Exchange, cassette_bodies, iter_chunks
from pydantic import BaseModel, Field

import ai_sdk_integrations as ai
from ai_sdk_integrations import tool
from ai_sdk_integrations.spec import (
    Finish,
    JsonFormat,
    ResponseMetadata,
    TextDelta,
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
    Usage,
)
from ai_sdk_integrations.spec.errors import AuthenticationError
from ai_sdk_integrations.transport import client as http_client

pytestmark = pytest.mark.vcr

MODEL = "openai:gpt-4o-mini"
CHAT_URL = f"{OPENAI_API}/chat/completions"


class WeatherArgs(BaseModel):
    city: str = Field(description="City name, e.g. Paris")
    unit: Literal["celsius", "fahrenheit"] = "celsius"


class TimeArgs(BaseModel):
    timezone: str = Field(description="IANA time zone or city name, e.g. Asia/Tokyo")


class CityFacts(BaseModel):
    name: str
    country: str
    population: int
    landmarks: list[str]


ARG_MODELS: Mapping[str, type[BaseModel]] = {"get_weather": WeatherArgs, "get_time": TimeArgs}


def weather_report(args: WeatherArgs) -> dict[str, Any]:
    """Current weather for a city."""
    return {"city": args.city, "temperature": 18, "unit": args.unit, "conditions": "sunny"}


async def aweather_report(args: WeatherArgs) -> dict[str, Any]:
    """Current weather for a city."""
    return weather_report(args)


def declared_tools() -> dict[str, ai.Tool]:
    return {
        "get_weather": tool(description="Current weather for a city.", parameters=WeatherArgs),
        "get_time": tool(description="The current local time in a time zone.", parameters=TimeArgs),
    }


def model() -> ai.LanguageModel:
    return ai.language_model(MODEL)


# -- reading what the cassette says ---------------------------------------------------


def chat_exchanges(cassette: Any) -> list[Exchange]:
    exchanges = cassette_bodies(cassette)
    assert exchanges, "the cassette recorded nothing"
    for exchange in exchanges:
        assert exchange.method == "POST"
        assert exchange.uri == CHAT_URL
    return exchanges


def message_of(exchange: Exchange) -> Mapping[str, Any]:
    assert exchange.status == 200 and exchange.body["object"] == "chat.completion"
    return exchange.body["choices"][0]["message"]


def streamed_text(exchange: Exchange) -> str:
    return "".join(chunk["choices"][0]["delta"].get("content") or "" for chunk in iter_chunks(exchange))


def streamed_finish_reason(exchange: Exchange) -> str:
    reasons = [
        c["choices"][0]["finish_reason"] for c in iter_chunks(exchange) if c["choices"][0]["finish_reason"]
    ]
    assert len(reasons) == 1
    return reasons[0]


def streamed_usage(exchange: Exchange) -> Mapping[str, Any]:
    usage = [event["usage"] for event in exchange.events if event.get("usage")]
    assert len(usage) == 1, "include_usage gives exactly one usage chunk"
    last = exchange.events[-1]
    assert last["choices"] == [] and last["usage"] == usage[0], "usage comes last, with no choices"
    return usage[0]


def streamed_tool_calls(exchange: Exchange) -> list[dict[str, Any]]:
    """Assemble tool-call deltas by ``index``: id, name, argument fragments."""
    calls: dict[int, dict[str, Any]] = {}
    for chunk in iter_chunks(exchange):
        for delta in chunk["choices"][0]["delta"].get("tool_calls") or ():
            call = calls.setdefault(delta["index"], {"id": None, "name": None, "fragments": []})
            call["id"] = call["id"] or delta.get("id")
            function = delta.get("function") or {}
            call["name"] = call["name"] or function.get("name")
            if function.get("arguments"):
                call["fragments"].append(function["arguments"])
    return [calls[i] for i in sorted(calls)]


def assert_usage(usage: Usage, wire: Mapping[str, Any]) -> None:
    cached = (wire.get("prompt_tokens_details") or {}).get("cached_tokens")
    reasoning = (wire.get("completion_tokens_details") or {}).get("reasoning_tokens")
    assert usage.input_tokens.total == wire["prompt_tokens"]
    assert usage.input_tokens.cache_read == cached
    assert usage.input_tokens.no_cache == wire["prompt_tokens"] - (cached or 0)
    assert usage.output_tokens.total == wire["completion_tokens"]
    assert usage.output_tokens.reasoning == reasoning
    assert usage.output_tokens.text == wire["completion_tokens"] - (reasoning or 0)
    assert usage.total_tokens == wire["total_tokens"]
    assert usage.raw == wire


def assert_response_info(result: ai.GenerateTextResult, exchange: Exchange) -> None:
    assert result.response is not None
    assert result.response.id == exchange.body["id"]
    assert result.response.id.startswith("chatcmpl-")
    assert result.response.model_id == exchange.body["model"]
    assert result.response.model_id.startswith("gpt-4o-mini")
    assert result.response.timestamp == datetime.fromtimestamp(exchange.body["created"], tz=UTC)
    assert result.response.headers is not None
    assert result.response.headers.get("x-request-id") == exchange.headers.get("x-request-id")


def assert_calls_match(calls: Sequence[ai.ToolCall], wire_calls: Sequence[Mapping[str, Any]]) -> None:
    """Our parsed calls are the wire's, in order, with arguments valid for their schemas."""
    assert [(c.tool_call_id, c.tool_name) for c in calls] == [(w["id"], w["name"]) for w in wire_calls]
    for call, wire in zip(calls, wire_calls, strict=True):
        assert call.error is None
        assert call.input == json.loads(wire["arguments"])
        ARG_MODELS[call.tool_name].model_validate(call.input)


def non_stream_calls(message: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": c["id"], "name": c["function"]["name"], "arguments": c["function"]["arguments"]}
        for c in message.get("tool_calls") or ()
    ]


def tiny_png(size: int = 16, rgb: tuple[int, int, int] = (220, 30, 30)) -> bytes:
    """A valid PNG of one solid colour, built byte for byte (deterministic)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


# A system prompt past OpenAI's 1024-token prompt-caching threshold, so that the second
# of two calls sharing it can report cached tokens.
HOUSE_STYLE = "You are a concise assistant for a travel company. Follow the house style below.\n" + "\n".join(
    f"Rule {n}: when a question touches topic number {n}, answer in plain words, "
    f"cite no sources, and keep the reply under {20 + n % 7} words."
    for n in range(1, 61)
)


# -- text -------------------------------------------------------------------------------


def test_generate_text_usage_cache_and_metadata(vcr: Any) -> None:
    questions = ["Name one famous museum in Paris.", "Name one famous bridge in London."]
    results = [
        ai.generate_text(model(), system=HOUSE_STYLE, prompt=q, max_output_tokens=120) for q in questions
    ]
    exchanges = chat_exchanges(vcr)
    assert len(exchanges) == 2
    for result, exchange, question in zip(results, exchanges, questions, strict=True):
        sent = exchange.request
        assert result.request is not None and result.request.body == sent
        assert sent["model"] == "gpt-4o-mini"
        assert sent["max_completion_tokens"] == 120 and "max_tokens" not in sent
        assert sent["messages"] == [
            {"role": "system", "content": HOUSE_STYLE},
            {"role": "user", "content": question},
        ]
        message = message_of(exchange)
        assert message["role"] == "assistant" and message["refusal"] is None
        assert result.text == message["content"]
        choice = exchange.body["choices"][0]
        assert result.raw_finish_reason == choice["finish_reason"]
        assert result.finish_reason == {"stop": "stop", "length": "length"}[choice["finish_reason"]]
        assert result.tool_calls == []
        assert_usage(result.usage, exchange.body["usage"])
        assert result.usage.input_tokens.total >= 1024, "long enough for prompt caching"
        assert_response_info(result, exchange)
        details = exchange.body["usage"].get("completion_tokens_details") or {}
        expected_metadata = {
            key: details[wire]
            for key, wire in (
                ("acceptedPredictionTokens", "accepted_prediction_tokens"),
                ("rejectedPredictionTokens", "rejected_prediction_tokens"),
            )
            if details.get(wire) is not None
        }
        assert result.provider_metadata == ({"openai": expected_metadata} if expected_metadata else None)


async def test_agenerate_text(vcr: Any) -> None:
    result = await ai.agenerate_text(model(), prompt="Say hello in one short sentence.")
    (exchange,) = chat_exchanges(vcr)
    assert exchange.request == {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "Say hello in one short sentence."}],
    }
    assert result.text == message_of(exchange)["content"]
    assert result.text
    assert result.finish_reason == "stop"
    assert_usage(result.usage, exchange.body["usage"])
    assert_response_info(result, exchange)


def test_stream_text_usage_on_finish(vcr: Any) -> None:
    stream = ai.stream_text(model(), prompt="Count from one to five in words.")
    parts = list(stream.full_stream)
    (exchange,) = chat_exchanges(vcr)
    assert exchange.request["stream"] is True
    assert exchange.request["stream_options"] == {"include_usage": True}
    assert exchange.headers["content-type"].startswith("text/event-stream")
    first = exchange.events[0]
    assert first["object"] == "chat.completion.chunk"
    assert first["choices"][0]["delta"]["role"] == "assistant"
    deltas = [p.delta for p in parts if isinstance(p, TextDelta)]
    assert len(deltas) > 1, "the text arrived in pieces"
    assert "".join(deltas) == streamed_text(exchange) == stream.text
    (metadata,) = [p for p in parts if isinstance(p, ResponseMetadata)]
    assert metadata.id == first["id"] and metadata.model_id == first["model"]
    assert metadata.timestamp == datetime.fromtimestamp(first["created"], tz=UTC)
    finishes = [p for p in parts if isinstance(p, Finish)]
    assert len(finishes) == 1 and parts[-1] is finishes[0], "finish is the last part"
    wire_usage = streamed_usage(exchange)
    assert_usage(finishes[0].usage, wire_usage)
    assert finishes[0].finish_reason.raw == streamed_finish_reason(exchange)
    assert stream.finish_reason == "stop"
    assert_usage(stream.usage, wire_usage)
    assert stream.result.response is not None and stream.result.response.id == first["id"]


def test_stream_finish_provider_metadata_matches_generate(vcr: Any) -> None:
    stream = ai.stream_text(model(), prompt="Count from one to three in words.")
    (finish,) = [p for p in stream.full_stream if isinstance(p, Finish)]
    (exchange,) = chat_exchanges(vcr)
    details = streamed_usage(exchange).get("completion_tokens_details") or {}
    assert details.get("accepted_prediction_tokens") is not None
    assert finish.provider_metadata == {
        "openai": {
            "acceptedPredictionTokens": details["accepted_prediction_tokens"],
            "rejectedPredictionTokens": details["rejected_prediction_tokens"],
        }
    }


async def test_astream_text_usage(vcr: Any) -> None:
    stream = ai.astream_text(model(), prompt="Name three primary colours.")
    pieces = [piece async for piece in stream.text_stream]
    (exchange,) = chat_exchanges(vcr)
    assert exchange.request["stream_options"] == {"include_usage": True}
    assert "".join(pieces) == streamed_text(exchange) == stream.text
    assert stream.finish_reason == "stop"
    assert stream.result.raw_finish_reason == streamed_finish_reason(exchange)
    assert_usage(stream.usage, streamed_usage(exchange))


# -- tools ------------------------------------------------------------------------------


def test_stream_tool_call_arguments_from_fragments(vcr: Any) -> None:
    tools = {"get_weather": declared_tools()["get_weather"]}
    stream = ai.stream_text(model(), prompt="What's the weather like in Paris today?", tools=tools)
    parts = list(stream.full_stream)
    (exchange,) = chat_exchanges(vcr)
    sent_tools = exchange.request["tools"]
    assert [t["function"]["name"] for t in sent_tools] == ["get_weather"]
    assert sent_tools[0]["type"] == "function"
    assert sent_tools[0]["function"]["parameters"] == WeatherArgs.model_json_schema()
    assert "tool_choice" not in exchange.request, "OpenAI's default is auto"
    (wire_call,) = streamed_tool_calls(exchange)
    assert wire_call["name"] == "get_weather" and wire_call["id"].startswith("call_")
    assert len(wire_call["fragments"]) > 1, "the arguments arrived in pieces"
    arguments = "".join(wire_call["fragments"])

    (start,) = [p for p in parts if isinstance(p, ToolInputStart)]
    assert (start.id, start.tool_name) == (wire_call["id"], "get_weather")
    deltas = [p.delta for p in parts if isinstance(p, ToolInputDelta)]
    assert deltas == wire_call["fragments"]
    assert [p.id for p in parts if isinstance(p, ToolInputEnd)] == [wire_call["id"]]
    (call,) = [p for p in parts if isinstance(p, ToolCallContent)]
    assert (call.tool_call_id, call.tool_name, call.input) == (wire_call["id"], "get_weather", arguments)
    order = [type(p) for p in parts if isinstance(p, (ToolInputStart, ToolInputEnd, ToolCallContent, Finish))]
    assert order == [ToolInputStart, ToolInputEnd, ToolCallContent, Finish]

    WeatherArgs.model_validate_json(arguments)
    assert stream.finish_reason == "tool-calls"
    assert streamed_finish_reason(exchange) == "tool_calls"
    assert_calls_match(stream.tool_calls, [{**wire_call, "arguments": arguments}])
    assert stream.tool_results == []
    assert_usage(stream.usage, streamed_usage(exchange))


PARALLEL_PROMPT = "What is the weather in Paris and the local time in Tokyo? Use both tools."


def test_generate_text_parallel_tool_calls(vcr: Any) -> None:
    result = ai.generate_text(model(), prompt=PARALLEL_PROMPT, tools=declared_tools())
    (exchange,) = chat_exchanges(vcr)
    message = message_of(exchange)
    wire_calls = non_stream_calls(message)
    assert {c["name"] for c in wire_calls} == {"get_weather", "get_time"}
    assert_calls_match(result.tool_calls, wire_calls)
    assert [c.tool_call_id for c in result.content if isinstance(c, ToolCallContent)] == [
        c["id"] for c in wire_calls
    ]
    assert result.text == (message["content"] or "")
    assert result.finish_reason == "tool-calls"
    assert result.tool_results == [], "declared tools without execute are returned, not run"
    assert_usage(result.usage, exchange.body["usage"])


async def test_astream_parallel_tool_calls(vcr: Any) -> None:
    stream = ai.astream_text(model(), prompt=PARALLEL_PROMPT, tools=declared_tools())
    parts = [part async for part in stream.full_stream]
    (exchange,) = chat_exchanges(vcr)
    wire_calls = [
        {"id": c["id"], "name": c["name"], "arguments": "".join(c["fragments"])}
        for c in streamed_tool_calls(exchange)
    ]
    assert {c["name"] for c in wire_calls} == {"get_weather", "get_time"}
    starts = [(p.id, p.tool_name) for p in parts if isinstance(p, ToolInputStart)]
    assert starts == [(c["id"], c["name"]) for c in wire_calls]
    for wire in wire_calls:
        fragments = [p.delta for p in parts if isinstance(p, ToolInputDelta) and p.id == wire["id"]]
        assert "".join(fragments) == wire["arguments"]
    assert_calls_match(stream.tool_calls, wire_calls)
    assert stream.finish_reason == "tool-calls"
    assert_usage(stream.usage, streamed_usage(exchange))


WEATHER_PROMPT = "What's the weather in Lisbon right now?"


def assert_tool_round_trip(
    first: ai.GenerateTextResult, second: ai.GenerateTextResult, exchanges: list[Exchange]
) -> None:
    assert len(exchanges) == 2
    (wire_call,) = non_stream_calls(message_of(exchanges[0]))
    assert wire_call["name"] == "get_weather"
    assert_calls_match(first.tool_calls, [wire_call])
    (tool_result,) = first.tool_results
    expected_output = weather_report(WeatherArgs.model_validate_json(wire_call["arguments"]))
    assert (tool_result.tool_call_id, tool_result.tool_name) == (wire_call["id"], "get_weather")
    assert tool_result.output == expected_output and not tool_result.is_error

    sent = exchanges[1].request["messages"]
    assert sent[0] == {"role": "user", "content": WEATHER_PROMPT}
    assert sent[1]["role"] == "assistant" and sent[1]["content"] is None
    (sent_call,) = sent[1]["tool_calls"]
    assert (sent_call["id"], sent_call["type"]) == (wire_call["id"], "function")
    assert sent_call["function"]["name"] == "get_weather"
    assert json.loads(sent_call["function"]["arguments"]) == json.loads(wire_call["arguments"])
    assert sent[2]["role"] == "tool" and sent[2]["tool_call_id"] == wire_call["id"]
    assert json.loads(sent[2]["content"]) == expected_output
    assert len(sent) == 3

    final = message_of(exchanges[1])
    assert second.text == final["content"] and second.text
    assert second.tool_calls == [] and second.finish_reason == "stop"
    assert_usage(second.usage, exchanges[1].body["usage"])


def test_tool_executed_then_result_sent_back(vcr: Any) -> None:
    tools = {"get_weather": tool(weather_report, parameters=WeatherArgs)}
    first = ai.generate_text(model(), prompt=WEATHER_PROMPT, tools=tools)
    messages = [{"role": "user", "content": WEATHER_PROMPT}, *first.response_messages]
    second = ai.generate_text(model(), messages=messages, tools=tools)
    assert_tool_round_trip(first, second, chat_exchanges(vcr))


async def test_atool_executed_then_result_sent_back(vcr: Any) -> None:
    tools = {"get_weather": tool(aweather_report, parameters=WeatherArgs)}
    first = await ai.agenerate_text(model(), prompt=WEATHER_PROMPT, tools=tools)
    messages = [{"role": "user", "content": WEATHER_PROMPT}, *first.response_messages]
    second = await ai.agenerate_text(model(), messages=messages, tools=tools)
    assert_tool_round_trip(first, second, chat_exchanges(vcr))


@pytest.mark.parametrize(
    ("choice", "wire_choice"),
    [
        ("required", "required"),
        ("get_time", {"type": "function", "function": {"name": "get_time"}}),
    ],
    ids=["required", "named"],
)
def test_tool_choice(vcr: Any, choice: str, wire_choice: Any) -> None:
    result = ai.generate_text(
        model(),
        prompt="I am planning a trip to Lisbon next week.",
        tools=declared_tools(),
        tool_choice=choice,
    )
    (exchange,) = chat_exchanges(vcr)
    assert exchange.request["tool_choice"] == wire_choice
    wire_calls = non_stream_calls(message_of(exchange))
    assert wire_calls, "a forced tool choice always calls a tool"
    if choice != "required":
        assert {c["name"] for c in wire_calls} == {choice}
    assert_calls_match(result.tool_calls, wire_calls)
    assert result.finish_reason in ("tool-calls", "stop")
    assert result.raw_finish_reason == exchange.body["choices"][0]["finish_reason"]


# -- structured output ------------------------------------------------------------------

CITY_PROMPT = "Give me facts about Lisbon, the capital of Portugal."
CITY_FORMAT = JsonFormat(
    schema=CityFacts.model_json_schema(), name="city_facts", description="Facts about a city."
)


def assert_json_schema_request(sent: Mapping[str, Any]) -> None:
    assert sent["response_format"] == {
        "type": "json_schema",
        "json_schema": {
            "name": "city_facts",
            "schema": CityFacts.model_json_schema(),
            "description": "Facts about a city.",
        },
    }


def test_structured_output_json_schema(vcr: Any) -> None:
    result = ai.generate_text(model(), prompt=CITY_PROMPT, response_format=CITY_FORMAT)
    (exchange,) = chat_exchanges(vcr)
    assert_json_schema_request(exchange.request)
    assert result.text == message_of(exchange)["content"]
    CityFacts.model_validate_json(result.text)
    assert result.finish_reason == "stop"


async def test_astream_structured_output_json_schema(vcr: Any) -> None:
    stream = ai.astream_text(model(), prompt=CITY_PROMPT, response_format=CITY_FORMAT)
    await stream.consume()
    (exchange,) = chat_exchanges(vcr)
    assert_json_schema_request(exchange.request)
    assert stream.text == streamed_text(exchange)
    CityFacts.model_validate_json(stream.text)
    assert_usage(stream.usage, streamed_usage(exchange))


# -- images -----------------------------------------------------------------------------

IMAGE_URL = (
    "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/"
    "2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
)


def test_image_input_by_url(vcr: Any) -> None:
    messages = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Describe this image in one sentence."},
                {"type": "image", "image": IMAGE_URL},
            ],
        }
    ]
    result = ai.generate_text(model(), messages=messages)
    (exchange,) = chat_exchanges(vcr)
    assert exchange.request["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Describe this image in one sentence."},
                {"type": "image_url", "image_url": {"url": IMAGE_URL}},
            ],
        }
    ]
    assert result.text == message_of(exchange)["content"] and result.text
    assert_usage(result.usage, exchange.body["usage"])


async def test_image_input_by_base64_bytes(vcr: Any) -> None:
    png = tiny_png()
    messages = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What colour is this image? Answer in one sentence."},
                {"type": "image", "image": png},
            ],
        }
    ]
    result = await ai.agenerate_text(model(), messages=messages)
    (exchange,) = chat_exchanges(vcr)
    parts = exchange.request["messages"][0]["content"]
    assert parts[1]["type"] == "image_url"
    url = parts[1]["image_url"]["url"]
    assert url == "data:image/png;base64," + base64.b64encode(png).decode(), "media type sniffed from bytes"
    assert base64.b64decode(url.partition(",")[2]) == png
    assert result.text == message_of(exchange)["content"] and result.text
    assert_usage(result.usage, exchange.body["usage"])


# -- errors and retries -----------------------------------------------------------------

BAD_KEY = "sk-invalid"


def assert_auth_error(error: AuthenticationError, exchanges: list[Exchange]) -> None:
    (exchange,) = exchanges  # not retried
    assert exchange.status == 401
    wire_error = exchange.body["error"]
    assert wire_error["code"] == "invalid_api_key" and wire_error["type"] == "invalid_request_error"
    assert error.status_code == 401 and error.provider == "openai"
    assert not error.is_retryable
    assert error.request_id == exchange.headers.get("x-request-id")
    assert error.data == exchange.body
    for shown in (str(error), error.body_excerpt or "", repr(error)):
        assert BAD_KEY not in shown
    assert "Incorrect API key provided" in str(error)


def test_authentication_error_hides_key(vcr: Any) -> None:
    bad = ai.language_model(MODEL, api_key=BAD_KEY)
    with pytest.raises(AuthenticationError) as caught:
        ai.generate_text(bad, prompt="Say hello.")
    assert_auth_error(caught.value, chat_exchanges(vcr))


async def test_astream_authentication_error_hides_key(vcr: Any) -> None:
    bad = ai.language_model(MODEL, api_key=BAD_KEY)
    stream = ai.astream_text(bad, prompt="Say hello.")
    with pytest.raises(AuthenticationError) as caught:
        async for _ in stream.text_stream:
            pass
    assert_auth_error(caught.value, chat_exchanges(vcr))


RATE_PROMPT = "RATE_LIMIT probe: reply with the single word ok."


def assert_retried(delays: list[float], exchanges: list[Exchange]) -> Exchange:
    assert [e.status for e in exchanges[:-1]] == [429] * (len(exchanges) - 1)
    assert len(exchanges) >= 2 and exchanges[-1].status == 200
    for limited in exchanges[:-1]:
        assert limited.body["error"]["code"] == "rate_limit_exceeded"
        assert limited.request == exchanges[-1].request, "the retry sends the same request"
    assert delays == [float(e.headers["retry-after-ms"]) / 1000 for e in exchanges[:-1]]
    return exchanges[-1]


@pytest.mark.openai_written
def test_rate_limit_retry_after_ms(vcr: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    delays: list[float] = []
    monkeypatch.setattr(http_client, "_sleep", delays.append)
    result = ai.generate_text(model(), prompt=RATE_PROMPT)
    final = assert_retried(delays, chat_exchanges(vcr))
    assert result.text == message_of(final)["content"]
    assert_usage(result.usage, final.body["usage"])


@pytest.mark.openai_written
async def test_astream_rate_limit_retry_after_ms(vcr: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    delays: list[float] = []

    async def record(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(http_client, "_asleep", record)
    stream = ai.astream_text(model(), prompt=RATE_PROMPT)
    text = "".join([piece async for piece in stream.text_stream])
    final = assert_retried(delays, chat_exchanges(vcr))
    assert text == streamed_text(final)
    assert_usage(stream.usage, streamed_usage(final))
