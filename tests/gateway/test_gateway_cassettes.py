"""The Vercel AI Gateway through the public API, against cassettes.

``gateway:`` model strings through ``generate_text`` / ``stream_text`` (and async),
tools, structured output, ``embed`` / ``embed_many``, the model list and credits, one
cassette per error class, and the LangChain and LlamaIndex adapters. Nothing here
hard-codes what the Gateway said: every expectation is read from the cassette's own
exchanges (``openai_wire.cassette_bodies``, which decodes any JSON or SSE body), so the
same tests hold for the written cassettes and for ones re-recorded against the real
Gateway. Modes are described in ``tests/gateway/conftest.py``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from gateway_wire import GATEWAY_API, GATEWAY_ORIGIN, IN_STREAM_ERROR_MODEL, INVALID_KEY
from openai_wire import Exchange, cassette_bodies
from pydantic import BaseModel, Field

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.gateway import (
    ERROR_TYPES,
    GatewayAuthenticationError,
    GatewayError,
    GatewayModelNotFoundError,
    GatewayResponseError,
)
from ai_sdk_integrations.providers.gateway.provider import gateway_credits, gateway_models
from ai_sdk_integrations.spec import (
    Finish,
    JsonFormat,
    ReasoningDelta,
    TextDelta,
    ToolCallContent,
    ToolInputDelta,
    ToolInputStart,
    Usage,
)

pytestmark = [pytest.mark.vcr, pytest.mark.usefixtures("gateway_base_url")]

CHAT = "gateway:openai/gpt-5"
SMALL = "gateway:openai/gpt-4o-mini"
EMBEDDER = "gateway:openai/text-embedding-3-small"
DIMENSIONS = {"openai": {"dimensions": 8}}
LANGUAGE_URL = f"{GATEWAY_API}/language-model"


class WeatherArgs(BaseModel):
    city: str = Field(description="City name, e.g. Paris")
    unit: str = Field(default="celsius", description="celsius or fahrenheit")


class CityFacts(BaseModel):
    name: str
    country: str
    population: int
    landmarks: list[str]


def weather_report(args: WeatherArgs) -> dict[str, Any]:
    """Current weather for a city."""
    return {"city": args.city, "temperature": 18, "unit": args.unit, "conditions": "sunny"}


async def aweather_report(args: WeatherArgs) -> dict[str, Any]:
    """Current weather for a city."""
    return weather_report(args)


# -- reading the cassette ---------------------------------------------------------------------


def exchanges(cassette: Any, url: str | None = LANGUAGE_URL) -> list[Exchange]:
    found = cassette_bodies(cassette)
    assert found, "the cassette recorded nothing"
    for exchange in found:
        assert exchange.uri.startswith(GATEWAY_ORIGIN + "/")
        if url is not None:
            assert exchange.uri == url
    return found


def text_of(body: Mapping[str, Any]) -> str:
    return "".join(c["text"] for c in body["content"] if c["type"] == "text")


def streamed(events: list[Any], kind: str = "text-delta") -> str:
    return "".join(e["delta"] for e in events if e["type"] == kind)


def finish_of(events: list[Any]) -> Mapping[str, Any]:
    [finish] = [e for e in events if e["type"] == "finish"]
    assert events[-1] is finish
    return finish


def assert_usage(usage: Usage, wire: Mapping[str, Any]) -> None:
    inputs, outputs = wire["inputTokens"], wire["outputTokens"]
    assert usage.input_tokens.total == inputs.get("total")
    assert usage.input_tokens.no_cache == inputs.get("noCache")
    assert usage.input_tokens.cache_read == inputs.get("cacheRead")
    assert usage.input_tokens.cache_write == inputs.get("cacheWrite")
    assert usage.output_tokens.total == outputs.get("total")
    assert usage.output_tokens.text == outputs.get("text")
    assert usage.output_tokens.reasoning == outputs.get("reasoning")
    assert usage.raw == wire.get("raw")


def assert_sent(exchange: Exchange, prompt_text: str, **fields: Any) -> None:
    """The request body is the AI SDK's call options with our prompt and settings."""
    body = exchange.request
    assert body["prompt"][-1]["role"] in ("user", "tool")
    user_texts = [p["text"] for m in body["prompt"] if m["role"] == "user" for p in m["content"]]
    assert prompt_text in user_texts
    for name, value in fields.items():
        assert body[name] == value


def assert_generated(result: ai.GenerateTextResult, exchange: Exchange) -> None:
    body = exchange.body
    assert exchange.status == 200
    assert result.text == text_of(body)
    assert result.finish_reason == body["finishReason"]["unified"]
    assert result.raw_finish_reason == body["finishReason"].get("raw")
    assert_usage(result.usage, body["usage"])
    assert result.provider_metadata == body.get("providerMetadata")
    assert result.response is not None
    response = body.get("response") or {}
    # The model is the Gateway's that answered (x-model-id), not the upstream's own name for it.
    assert (result.response.id, result.response.model_id) == (
        response.get("id"),
        exchange.headers["x-model-id"],
    )


def assert_streamed(text: str, result: ai.GenerateTextResult, exchange: Exchange) -> None:
    events = exchange.events
    assert exchange.status == 200 and exchange.headers["content-type"].startswith("text/event-stream")
    assert text == streamed(events)
    finish = finish_of(events)
    assert result.finish_reason == finish["finishReason"]["unified"]
    assert_usage(result.usage, finish["usage"])
    assert result.provider_metadata == finish.get("providerMetadata")
    metadata = next(e for e in events if e["type"] == "response-metadata")
    assert result.response is not None
    assert (result.response.id, result.response.model_id) == (
        metadata.get("id"),
        exchange.headers["x-model-id"],
    )


# -- text -------------------------------------------------------------------------------------

HELLO = "Hello! Please greet me in one short sentence."


def test_generate_text(vcr: Any) -> None:
    result = ai.generate_text(SMALL, prompt=HELLO, max_output_tokens=64, temperature=0)
    [exchange] = exchanges(vcr)
    assert_sent(exchange, HELLO, maxOutputTokens=64, temperature=0)
    assert_generated(result, exchange)
    assert result.text
    assert result.request is not None and result.request.body == exchange.request


async def test_agenerate_text(vcr: Any) -> None:
    prompt = "Tell me a joke about cats."
    result = await ai.agenerate_text(SMALL, system="You are funny.", prompt=prompt)
    [exchange] = exchanges(vcr)
    assert exchange.request["prompt"][0] == {"role": "system", "content": "You are funny."}
    assert_generated(result, exchange)


def test_generate_text_with_reasoning(vcr: Any) -> None:
    prompt = "How are you today?"
    result = ai.generate_text(CHAT, prompt=prompt, reasoning="low")
    [exchange] = exchanges(vcr)
    assert_sent(exchange, prompt, reasoning="low")
    assert_generated(result, exchange)
    reasoning = [c["text"] for c in exchange.body["content"] if c["type"] == "reasoning"]
    assert result.reasoning_text == ("".join(reasoning) if reasoning else None)
    assert result.usage.output_tokens.reasoning == exchange.body["usage"]["outputTokens"].get("reasoning")


def test_stream_text(vcr: Any) -> None:
    prompt = "Write a haiku about the sea."
    stream = ai.stream_text(SMALL, prompt=prompt)
    pieces = list(stream.text_stream)
    [exchange] = exchanges(vcr)
    assert_sent(exchange, prompt)
    assert len(pieces) > 1, "streamed in pieces"
    assert pieces == [e["delta"] for e in exchange.events if e["type"] == "text-delta"]
    assert_streamed("".join(pieces), stream.result, exchange)


async def test_astream_text(vcr: Any) -> None:
    prompt = "Tell me a story about a cat."
    stream = ai.astream_text(CHAT, prompt=prompt, reasoning="low")
    parts = [part async for part in stream.full_stream]
    [exchange] = exchanges(vcr)
    text = "".join(p.delta for p in parts if isinstance(p, TextDelta))
    reasoning = "".join(p.delta for p in parts if isinstance(p, ReasoningDelta))
    assert reasoning == streamed(exchange.events, "reasoning-delta")
    assert isinstance(parts[-1], Finish)
    assert_streamed(text, stream.result, exchange)


def test_gateway_routing_options_are_sent_and_reported(vcr: Any) -> None:
    options = {"gateway": {"order": ["azure", "openai"], "models": ["openai/gpt-5"]}}
    result = ai.generate_text(SMALL, prompt=HELLO, provider_options=options)
    [exchange] = exchanges(vcr)
    assert exchange.request["providerOptions"] == options
    assert_generated(result, exchange)
    assert result.provider_metadata is not None
    gateway = result.provider_metadata["gateway"]
    assert gateway == exchange.body["providerMetadata"]["gateway"]
    assert "routing" in gateway


# -- tools --------------------------------------------------------------------------------

WEATHER_PROMPT = "What's the weather in Paris right now?"


def weather_tools(execute: Any = weather_report) -> dict[str, ai.Tool]:
    return {
        "get_weather": ai.tool(execute, description="Current weather for a city.", parameters=WeatherArgs)
    }


def test_tool_call_then_result_round_trip(vcr: Any) -> None:
    tools = weather_tools()
    first = ai.generate_text(SMALL, prompt=WEATHER_PROMPT, tools=tools)
    second = ai.generate_text(
        SMALL, messages=[{"role": "user", "content": WEATHER_PROMPT}, *first.response_messages], tools=tools
    )
    call_exchange, answer_exchange = exchanges(vcr)
    sent_tool = call_exchange.request["tools"][0]
    assert (sent_tool["type"], sent_tool["name"]) == ("function", "get_weather")
    assert sent_tool["inputSchema"] == WeatherArgs.model_json_schema()
    wire_calls = [c for c in call_exchange.body["content"] if c["type"] == "tool-call"]
    assert wire_calls and first.finish_reason == call_exchange.body["finishReason"]["unified"]
    assert [(c.tool_call_id, c.tool_name, c.input) for c in first.tool_calls] == [
        (w["toolCallId"], w["toolName"], json.loads(w["input"])) for w in wire_calls
    ]
    assert [r.output for r in first.tool_results] == [
        weather_report(WeatherArgs.model_validate(json.loads(w["input"]))) for w in wire_calls
    ]
    # The second request carries the call and its result in the AI SDK's shapes.
    assistant, tool_message = answer_exchange.request["prompt"][-2:]
    assert assistant["content"] == [
        {
            "type": "tool-call",
            "toolCallId": w["toolCallId"],
            "toolName": w["toolName"],
            "input": json.loads(w["input"]),
        }
        for w in wire_calls
    ]
    assert tool_message == {
        "role": "tool",
        "content": [
            {
                "type": "tool-result",
                "toolCallId": r.tool_call_id,
                "toolName": r.tool_name,
                "output": {"type": "json", "value": r.output},
            }
            for r in first.tool_results
        ],
    }
    assert_generated(second, answer_exchange)


async def test_stream_tool_call(vcr: Any) -> None:
    stream = ai.astream_text(
        SMALL, prompt=WEATHER_PROMPT, tools=weather_tools(aweather_report), tool_choice="get_weather"
    )
    parts = [part async for part in stream.full_stream]
    [exchange] = exchanges(vcr)
    assert exchange.request["toolChoice"] == {"type": "tool", "toolName": "get_weather"}
    wire_calls = [e for e in exchange.events if e["type"] == "tool-call"]
    starts = [p for p in parts if isinstance(p, ToolInputStart)]
    assert [(s.id, s.tool_name) for s in starts] == [(w["toolCallId"], w["toolName"]) for w in wire_calls]
    for call in wire_calls:
        fragments = [p.delta for p in parts if isinstance(p, ToolInputDelta) and p.id == call["toolCallId"]]
        assert "".join(fragments) == call["input"]
    calls = [p for p in parts if isinstance(p, ToolCallContent)]
    assert [(c.tool_call_id, c.input) for c in calls] == [(w["toolCallId"], w["input"]) for w in wire_calls]
    result = stream.result
    assert [r.output for r in result.tool_results] == [
        weather_report(WeatherArgs.model_validate(json.loads(w["input"]))) for w in wire_calls
    ]
    assert result.finish_reason == finish_of(exchange.events)["finishReason"]["unified"] == "tool-calls"


# -- structured output ---------------------------------------------------------------------

FACTS_PROMPT = "Give me facts about Paris as JSON."


def test_structured_output(vcr: Any) -> None:
    fmt = JsonFormat(CityFacts.model_json_schema(), "CityFacts", "Facts about a city")
    result = ai.generate_text(SMALL, prompt=FACTS_PROMPT, response_format=fmt)
    [exchange] = exchanges(vcr)
    assert exchange.request["responseFormat"] == {
        "type": "json",
        "schema": CityFacts.model_json_schema(),
        "name": "CityFacts",
        "description": "Facts about a city",
    }
    assert_generated(result, exchange)
    facts = CityFacts.model_validate_json(result.text)
    assert facts == CityFacts.model_validate_json(text_of(exchange.body))


def test_stream_structured_output(vcr: Any) -> None:
    fmt = JsonFormat(CityFacts.model_json_schema(), "CityFacts")
    stream = ai.stream_text(SMALL, prompt=FACTS_PROMPT, response_format=fmt)
    text = "".join(stream.text_stream)
    [exchange] = exchanges(vcr)
    assert exchange.request["responseFormat"]["schema"] == CityFacts.model_json_schema()
    assert_streamed(text, stream.result, exchange)
    CityFacts.model_validate_json(text)


# -- embeddings ----------------------------------------------------------------------------


def test_embed(vcr: Any) -> None:
    result = ai.embed(EMBEDDER, "sunny day at the beach", provider_options=DIMENSIONS)
    [exchange] = exchanges(vcr, f"{GATEWAY_API}/embedding-model")
    assert exchange.request == {"values": ["sunny day at the beach"], "providerOptions": DIMENSIONS}
    assert list(result.embedding) == exchange.body["embeddings"][0]
    assert len(result.embedding) == DIMENSIONS["openai"]["dimensions"]
    assert result.tokens == (exchange.body.get("usage") or {}).get("tokens")


def test_embed_many(vcr: Any) -> None:
    values = ["the cat sat", "on the mat", "and purred"]
    result = ai.embed_many(EMBEDDER, values, provider_options=DIMENSIONS)
    [exchange] = exchanges(vcr, f"{GATEWAY_API}/embedding-model")
    assert exchange.request == {"values": values, "providerOptions": DIMENSIONS}
    assert result.embeddings == exchange.body["embeddings"]
    assert result.tokens == (exchange.body.get("usage") or {}).get("tokens")


# -- model list and credits ------------------------------------------------------------------


def test_gateway_models(vcr: Any) -> None:
    models = gateway_models()
    [exchange] = exchanges(vcr, f"{GATEWAY_API}/config")
    assert exchange.method == "GET" and exchange.request is None
    entries = exchange.body["models"]  # every type is kept, as listed (decision, evaluation, newer)
    assert [(m.id, m.name, m.model_type) for m in models] == [
        (e["id"], e.get("name", e["id"]), e.get("modelType", "language")) for e in entries
    ]
    for model, entry in zip(models, entries, strict=True):
        price = entry.get("pricing")
        if price:
            assert model.pricing is not None
            assert (model.pricing.input, model.pricing.output) == (
                Decimal(price["input"]),
                Decimal(price["output"]),
            )
        assert model.provider == (entry.get("specification") or {}).get("provider")
    assert gateway_models() is models  # cached: no second request
    assert len(vcr.requests) == 1


def test_gateway_models_give_langchain_profiles(vcr: Any) -> None:
    """``/config`` carries no limits, so each listed language model's LangChain profile
    comes from the model-family table (``provider/profile.py``), the default where the
    family is unknown; building them sends nothing more."""
    from ai_sdk_integrations.langchain import ChatAISDK

    models = [m for m in gateway_models() if m.model_type == "language"]
    profiles = {m.id: ChatAISDK(model=f"gateway:{m.id}").profile for m in models}
    assert len(vcr.requests) == 1
    gpt5, claude, gemini = (
        profiles[m] for m in ("openai/gpt-5", "anthropic/claude-sonnet-4.6", "google/gemini-2.5-flash")
    )
    assert gpt5 is not None and (gpt5["max_input_tokens"], gpt5["reasoning_output"]) == (400_000, True)
    assert claude is not None and (claude["max_input_tokens"], claude["image_inputs"]) == (200_000, True)
    assert gemini is not None and gemini["max_input_tokens"] == 1_048_576


def test_gateway_credits(vcr: Any) -> None:
    credits = gateway_credits()
    [exchange] = exchanges(vcr, f"{GATEWAY_ORIGIN}/v1/credits")
    assert exchange.method == "GET"
    assert credits.balance == Decimal(exchange.body["balance"])
    assert credits.total_used == Decimal(exchange.body["total_used"])


# -- errors, one cassette per class ----------------------------------------------------------


def assert_error(error: GatewayError, exchange: Exchange) -> None:
    assert error.status_code == exchange.status
    body = exchange.body
    if isinstance(body, dict) and isinstance(body.get("error"), dict) and "message" in body["error"]:
        expected = ERROR_TYPES.get(str(body["error"].get("type")))
        assert type(error) is (expected or type(error))
        assert body["error"]["message"] in str(error)
        if body.get("generationId"):
            assert body["generationId"] in str(error)
    else:
        assert isinstance(error, GatewayResponseError)
    assert error.is_retryable is (exchange.status in (408, 409, 429) or exchange.status >= 500)


def test_error_authentication(vcr: Any) -> None:
    with pytest.raises(GatewayAuthenticationError) as caught:
        ai.generate_text(
            ai.language_model(SMALL, api_key=f"{INVALID_KEY}_0000000000", max_retries=0), prompt=HELLO
        )
    [exchange] = exchanges(vcr)
    assert_error(caught.value, exchange)
    assert INVALID_KEY not in str(caught.value)


def test_error_model_not_found(vcr: Any) -> None:
    with pytest.raises(GatewayModelNotFoundError) as caught:
        ai.generate_text("gateway:openai/gpt-does-not-exist", prompt=HELLO, max_retries=0)
    [exchange] = exchanges(vcr)
    assert_error(caught.value, exchange)


WRITTEN_ERRORS = [
    "invalid_request_error",
    "rate_limit_exceeded",
    "not_found",
    "internal_server_error",
    "failed_dependency",
    "forbidden",
    "html",
]


@pytest.mark.gateway_written
@pytest.mark.parametrize("kind", WRITTEN_ERRORS)
def test_error_class(vcr: Any, kind: str) -> None:
    with pytest.raises(GatewayError) as caught:
        ai.generate_text(f"gateway:errors/{kind}", prompt=HELLO, max_retries=0)
    [exchange] = exchanges(vcr)
    assert_error(caught.value, exchange)
    assert caught.value.type == (kind if kind != "html" else "response_error")


@pytest.mark.gateway_written
def test_error_class_in_a_stream(vcr: Any) -> None:
    stream = ai.stream_text(f"gateway:{IN_STREAM_ERROR_MODEL}", prompt="Tell me a story about a cat.")
    with pytest.raises(GatewayError) as caught:
        "".join(stream.text_stream)
    [exchange] = exchanges(vcr)
    [error_part] = [e for e in exchange.events if e["type"] == "error"]
    assert type(caught.value) is ERROR_TYPES[error_part["error"]["type"]]
    assert error_part["error"]["message"] in str(caught.value)
    assert caught.value.partial_text == streamed(exchange.events)


# -- LangChain -----------------------------------------------------------------------------


def chat_model() -> Any:
    from ai_sdk_integrations.langchain import ChatAISDK

    return ChatAISDK(model=SMALL, max_retries=0)


def test_langchain_invoke(vcr: Any) -> None:
    message = chat_model().invoke(HELLO)
    [exchange] = exchanges(vcr)
    assert exchange.request["prompt"][-1] == {"role": "user", "content": [{"type": "text", "text": HELLO}]}
    assert message.content == text_of(exchange.body)
    usage = exchange.body["usage"]
    assert message.usage_metadata is not None
    assert message.usage_metadata["input_tokens"] == usage["inputTokens"]["total"]
    assert message.usage_metadata["output_tokens"] == usage["outputTokens"]["total"]


def test_langchain_stream(vcr: Any) -> None:
    prompt = "Write a haiku about the sea."
    chunks = list(chat_model().stream(prompt))
    [exchange] = exchanges(vcr)
    text = "".join(str(c.content) for c in chunks)
    assert text == streamed(exchange.events)
    usage = [c.usage_metadata for c in chunks if c.usage_metadata]
    assert usage and usage[-1]["input_tokens"] == finish_of(exchange.events)["usage"]["inputTokens"]["total"]


def test_langchain_tool_call(vcr: Any) -> None:
    from langchain_core.tools import tool

    @tool(args_schema=WeatherArgs)
    def get_weather(city: str, unit: str = "celsius") -> str:
        """Current weather for a city."""
        return json.dumps(weather_report(WeatherArgs(city=city, unit=unit)))

    message = chat_model().bind_tools([get_weather]).invoke(WEATHER_PROMPT)
    [exchange] = exchanges(vcr)
    assert [t["name"] for t in exchange.request["tools"]] == ["get_weather"]
    wire_calls = [c for c in exchange.body["content"] if c["type"] == "tool-call"]
    assert wire_calls
    assert [(c["id"], c["name"], c["args"]) for c in message.tool_calls] == [
        (w["toolCallId"], w["toolName"], json.loads(w["input"])) for w in wire_calls
    ]


# -- LlamaIndex ----------------------------------------------------------------------------


def llama_llm() -> Any:
    from ai_sdk_integrations.llama_index import AISDK

    return AISDK(model=SMALL, max_retries=0)


def test_llamaindex_chat(vcr: Any) -> None:
    from llama_index.core.llms import ChatMessage

    response = llama_llm().chat([ChatMessage(role="user", content=HELLO)])
    [exchange] = exchanges(vcr)
    assert response.message.content == text_of(exchange.body)
    assert response.raw is not None and response.raw["id"] == (exchange.body.get("response") or {}).get("id")


def test_llamaindex_stream_chat(vcr: Any) -> None:
    from llama_index.core.llms import ChatMessage

    prompt = "Write a haiku about the sea."
    responses = list(llama_llm().stream_chat([ChatMessage(role="user", content=prompt)]))
    [exchange] = exchanges(vcr)
    assert "".join(r.delta or "" for r in responses) == streamed(exchange.events)
    assert responses[-1].message.content == streamed(exchange.events)


def test_llamaindex_tool_call(vcr: Any) -> None:
    from llama_index.core.tools import FunctionTool

    def get_weather(city: str, unit: str = "celsius") -> str:
        """Current weather for a city."""
        return json.dumps(weather_report(WeatherArgs(city=city, unit=unit)))

    llm = llama_llm()
    response = llm.chat_with_tools([FunctionTool.from_defaults(get_weather)], user_msg=WEATHER_PROMPT)
    [exchange] = exchanges(vcr)
    assert [t["name"] for t in exchange.request["tools"]] == ["get_weather"]
    wire_calls = [c for c in exchange.body["content"] if c["type"] == "tool-call"]
    assert wire_calls
    selections = llm.get_tool_calls_from_response(response)
    assert [(s.tool_id, s.tool_name, s.tool_kwargs) for s in selections] == [
        (w["toolCallId"], w["toolName"], json.loads(w["input"])) for w in wire_calls[:1]
    ]
