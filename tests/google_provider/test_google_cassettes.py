"""The Gemini API through the public functions, against cassettes (``cassettes/google_cassettes/``).

Nothing here hard-codes what the model said: expectations are read from the cassette's
own responses (``openai_wire.cassette_bodies`` decodes both JSON bodies and SSE
streams), so the tests hold for the written cassettes and for ones re-recorded against
the real API. What is asserted besides is structural: the request we sent (and that it
went to the real host with the key in ``x-goog-api-key``, never in the URL), tool calls
for the named tools with arguments valid for their schemas, JSON valid for its model,
the thought signature sent back on the second turn of a tool loop.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from google_wire import GEMINI_API, invalid_gemini_key
from openai_wire import Exchange, cassette_bodies
from pydantic import BaseModel, Field

import ai_sdk_integrations as ai
from ai_sdk_integrations import tool
from ai_sdk_integrations.spec import (
    CallOptions,
    Finish,
    JsonFormat,
    ProviderTool,
    ReasoningContent,
    ReasoningDelta,
    SourceContent,
    TextDelta,
    TextPart,
    ToolCallContent,
    ToolInputStart,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError, UsageError
from ai_sdk_integrations.transport import client as http_client

pytestmark = pytest.mark.vcr

FLASH = "google:gemini-2.5-flash"
GEMINI3 = "google:gemini-3-pro-preview"


class WeatherArgs(BaseModel):
    city: str = Field(description="City name, e.g. Paris")


class CityFacts(BaseModel):
    name: str
    country: str
    population: int
    landmarks: list[str]


def weather_report(args: WeatherArgs) -> dict[str, Any]:
    """Current weather for a city."""
    return {"city": args.city, "temperature": 18, "conditions": "sunny"}


def weather_tools(execute: bool = True) -> dict[str, ai.Tool]:
    return {
        "get_weather": tool(
            weather_report if execute else None,
            description="Current weather for a city.",
            parameters=WeatherArgs,
        )
    }


@pytest.fixture(autouse=True)
def no_retry_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waits: list[float] = []

    async def asleep(delay: float) -> None:
        waits.append(delay)

    monkeypatch.setattr(http_client, "_sleep", waits.append)
    monkeypatch.setattr(http_client, "_asleep", asleep)
    return waits


def exchanges(cassette: Any, model: str = "gemini-2.5-flash") -> list[Exchange]:
    found = cassette_bodies(cassette)
    assert found, "the cassette recorded nothing"
    for exchange in found:
        assert exchange.method == "POST"
        assert exchange.uri.startswith(f"{GEMINI_API}/models/{model}:"), exchange.uri
        assert "key=" not in exchange.uri
    return found


def parts_of(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(body["candidates"][0].get("content", {}).get("parts") or [])


def answer_text(exchange: Exchange) -> str:
    bodies = exchange.events or [exchange.body]
    return "".join(
        p["text"]
        for b in bodies
        for c in b.get("candidates") or ()
        for p in (c.get("content") or {}).get("parts") or ()
        if "text" in p and not p.get("thought")
    )


def assert_usage(usage: ai.Usage, wire: Mapping[str, Any]) -> None:
    cached = wire.get("cachedContentTokenCount")
    thoughts = wire.get("thoughtsTokenCount")
    assert usage.input_tokens.total == wire["promptTokenCount"] + wire.get("toolUsePromptTokenCount", 0)
    assert usage.input_tokens.cache_read == cached
    assert usage.input_tokens.no_cache == usage.input_tokens.total - (cached or 0)
    assert usage.output_tokens.text == wire.get("candidatesTokenCount")
    assert usage.output_tokens.reasoning == thoughts
    assert usage.output_tokens.total == (wire.get("candidatesTokenCount") or 0) + (thoughts or 0)
    assert usage.total_tokens == wire["totalTokenCount"]
    assert usage.raw == wire


# -- text -------------------------------------------------------------------------------------


def test_generate_text(vcr: Any) -> None:
    result = ai.generate_text(
        FLASH, system="Answer in one sentence.", prompt="Say hello.", max_output_tokens=200
    )
    [exchange] = exchanges(vcr)
    assert exchange.uri == f"{GEMINI_API}/models/gemini-2.5-flash:generateContent"
    assert exchange.request == {
        "contents": [{"role": "user", "parts": [{"text": "Say hello."}]}],
        "systemInstruction": {"parts": [{"text": "Answer in one sentence."}]},
        "generationConfig": {"maxOutputTokens": 200},
    }
    assert result.text == answer_text(exchange) and result.text
    assert result.raw_finish_reason == exchange.body["candidates"][0]["finishReason"]
    assert_usage(result.usage, exchange.body["usageMetadata"])
    assert result.response is not None
    assert result.response.id == exchange.body["responseId"]
    assert result.response.model_id == exchange.body["modelVersion"]
    assert result.provider_metadata is not None
    assert result.provider_metadata["google"]["usageMetadata"] == exchange.body["usageMetadata"]


def test_stream_text(vcr: Any) -> None:
    stream = ai.stream_text(FLASH, prompt="Write a haiku about the sea.")
    pieces = list(stream.text_stream)
    [exchange] = exchanges(vcr)
    assert exchange.uri.endswith(":streamGenerateContent?alt=sse")
    assert exchange.headers["content-type"].startswith("text/event-stream")
    assert len(exchange.events) > 1
    assert pieces == [p["text"] for e in exchange.events for p in parts_of(e) if p.get("text")]
    final = exchange.events[-1]
    assert stream.finish_reason == "stop" and final["candidates"][0]["finishReason"] == "STOP"
    assert_usage(stream.usage, final["usageMetadata"])


async def test_agenerate_and_astream(vcr: Any) -> None:
    result = await ai.agenerate_text(FLASH, prompt="Say hello in one short sentence.")
    streamed = ai.astream_text(FLASH, prompt="Tell me a joke about cats.")
    text = "".join([piece async for piece in streamed.text_stream])
    generated, stream = exchanges(vcr)
    assert result.text == answer_text(generated)
    assert text == answer_text(stream)


# -- tools ------------------------------------------------------------------------------------


def test_tool_call_and_result(vcr: Any) -> None:
    question = "What is the weather in Paris? Use get_weather."
    first = ai.generate_text(FLASH, prompt=question, tools=weather_tools(), tool_choice="required")
    [call] = first.tool_calls
    second = ai.generate_text(
        FLASH,
        messages=[{"role": "user", "content": question}, *first.response_messages],
        tools=weather_tools(),
    )
    asked, answered = exchanges(vcr)
    assert asked.request["toolConfig"] == {"functionCallingConfig": {"mode": "ANY"}}
    [declaration] = asked.request["tools"][0]["functionDeclarations"]
    assert declaration["name"] == "get_weather" and "additionalProperties" not in json.dumps(declaration)
    [wire_call] = [p["functionCall"] for p in parts_of(asked.body) if "functionCall" in p]
    assert (call.tool_call_id, call.tool_name, call.input) == (
        wire_call["id"],
        "get_weather",
        wire_call["args"],
    )
    WeatherArgs.model_validate(call.input)
    assert first.finish_reason == "tool-calls"
    [result] = first.tool_results
    model_turn, tool_turn = answered.request["contents"][1:]
    assert model_turn["role"] == "model"
    assert [p["functionCall"] for p in model_turn["parts"] if "functionCall" in p] == [wire_call]
    assert tool_turn == {
        "role": "user",
        "parts": [
            {
                "functionResponse": {
                    "id": wire_call["id"],
                    "name": "get_weather",
                    "response": {"name": "get_weather", "content": result.output},
                }
            }
        ],
    }
    assert second.text == answer_text(answered) and second.finish_reason == "stop"


def test_stream_a_function_call(vcr: Any) -> None:
    stream = ai.stream_text(
        FLASH,
        prompt="Use get_weather for Tokyo.",
        tools=weather_tools(execute=False),
        tool_choice="get_weather",
    )
    parts = list(stream.full_stream)
    [exchange] = exchanges(vcr)
    assert exchange.request["toolConfig"] == {
        "functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}
    }
    [wire_call] = [p["functionCall"] for e in exchange.events for p in parts_of(e) if "functionCall" in p]
    [start] = [p for p in parts if isinstance(p, ToolInputStart)]
    [call] = [p for p in parts if isinstance(p, ToolCallContent)]
    assert (start.id, start.tool_name) == (wire_call["id"], "get_weather")
    assert (call.tool_call_id, json.loads(call.input)) == (wire_call["id"], wire_call["args"])
    assert next(p for p in parts if isinstance(p, Finish)).finish_reason.unified == "tool-calls"


# -- thinking and thought signatures ---------------------------------------------------------------


def test_thought_signature_goes_back_on_the_function_call_of_the_second_turn(vcr: Any) -> None:
    """Gemini 3 refuses a tool loop whose function call lost its signature; the plain
    functions keep it (response_messages carry each part's provider metadata)."""
    question = "What is the weather in Paris? Use get_weather."
    thinking = {"google": {"thinkingConfig": {"includeThoughts": True}}}
    first = ai.generate_text(GEMINI3, prompt=question, tools=weather_tools(), provider_options=thinking)
    second = ai.generate_text(
        GEMINI3,
        messages=[{"role": "user", "content": question}, *first.response_messages],
        tools=weather_tools(),
        provider_options=thinking,
    )
    asked, answered = exchanges(vcr, "gemini-3-pro-preview")
    assert asked.request["generationConfig"] == {"thinkingConfig": {"includeThoughts": True}}
    [signed] = [p for p in parts_of(asked.body) if "functionCall" in p]
    signature = signed["thoughtSignature"]
    thoughts = [p["text"] for p in parts_of(asked.body) if p.get("thought")]
    assert first.reasoning_text == "".join(thoughts) and thoughts
    [call] = [c for c in first.content if isinstance(c, ToolCallContent)]
    assert call.provider_metadata == {"google": {"thoughtSignature": signature}}
    [sent] = [p for p in answered.request["contents"][1]["parts"] if "functionCall" in p]
    assert sent == {"functionCall": signed["functionCall"], "thoughtSignature": signature}
    assert second.warnings == () and second.text == answer_text(answered)
    signed_text = [p for p in parts_of(answered.body) if p.get("thoughtSignature")]
    if signed_text:  # Gemini 3 signs the end of a text answer too
        [text] = [c for c in second.content if not isinstance(c, ReasoningContent)]
        assert text.provider_metadata == {"google": {"thoughtSignature": signed_text[-1]["thoughtSignature"]}}


def test_reasoning_effort_and_thought_summaries_stream(vcr: Any) -> None:
    stream = ai.stream_text(
        "google:gemini-2.5-flash",
        prompt="How many r's are in strawberry?",
        reasoning="low",
        provider_options={"google": {"thinkingConfig": {"includeThoughts": True}}},
    )
    parts = list(stream.full_stream)
    [exchange] = exchanges(vcr)
    assert exchange.request["generationConfig"]["thinkingConfig"] == {
        "thinkingBudget": 6554,
        "includeThoughts": True,
    }
    thoughts = "".join(p["text"] for e in exchange.events for p in parts_of(e) if p.get("thought"))
    assert "".join(p.delta for p in parts if isinstance(p, ReasoningDelta)) == thoughts and thoughts
    assert "".join(p.delta for p in parts if isinstance(p, TextDelta)) == answer_text(exchange)
    assert stream.usage.output_tokens.reasoning == exchange.events[-1]["usageMetadata"]["thoughtsTokenCount"]


# -- structured output, usage, grounding -----------------------------------------------------------


def test_json_schema_output(vcr: Any) -> None:
    schema = CityFacts.model_json_schema()
    result = ai.generate_text(
        FLASH,
        prompt="Give facts about 'Paris' with 3 landmarks.",
        response_format=JsonFormat(schema, "CityFacts"),
    )
    [exchange] = exchanges(vcr)
    config = exchange.request["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert set(config["responseSchema"]["properties"]) == {"name", "country", "population", "landmarks"}
    assert "title" not in json.dumps(config["responseSchema"])
    facts = CityFacts.model_validate_json(result.text)
    assert result.text == answer_text(exchange) and facts.name


HOUSE_STYLE = "You are a concise assistant for a travel company. Follow the house style below.\n" + "\n".join(
    f"Rule {n}: when a question touches topic number {n}, answer in plain words, "
    f"cite no sources, and keep the reply under {20 + n % 7} words."
    for n in range(1, 61)
)


def test_usage_with_cached_and_thought_tokens(vcr: Any) -> None:
    questions = ["Name one famous museum in Paris.", "Name one famous bridge in London."]
    results = [ai.generate_text(FLASH, system=HOUSE_STYLE, prompt=q) for q in questions]
    recorded = exchanges(vcr)
    for result, exchange in zip(results, recorded, strict=True):
        assert_usage(result.usage, exchange.body["usageMetadata"])
        assert result.usage.output_tokens.reasoning, "gemini-2.5-flash thinks by default"
    assert results[1].usage.input_tokens.cache_read, "the second call reads the shared prefix from the cache"


def test_grounding_with_google_search_gives_url_sources(vcr: Any) -> None:
    """Google's own tools are provider tools; ``generate_text`` takes function tools only,
    so the model is called directly."""
    search = ProviderTool("google.google_search", "google_search")
    question = UserMessage([TextPart("Who won the most recent Champions League final?")])
    result = ai.language_model(FLASH).generate(CallOptions([question], tools=[search]))
    [exchange] = exchanges(vcr)
    assert exchange.request["tools"] == [{"googleSearch": {}}]
    grounding = exchange.body["candidates"][0]["groundingMetadata"]
    sources = [c for c in result.content if isinstance(c, SourceContent)]
    assert [(s.url, s.title) for s in sources] == [
        (c["web"]["uri"], c["web"].get("title")) for c in grounding["groundingChunks"]
    ]
    assert result.provider_metadata["google"]["groundingMetadata"] == grounding  # type: ignore[index]
    assert_usage(result.usage, exchange.body["usageMetadata"])


@pytest.mark.google_written
def test_safety_block(vcr: Any) -> None:
    result = ai.generate_text(FLASH, prompt="SAFETY_BLOCK: explain something dangerous.")
    [exchange] = exchanges(vcr)
    candidate = exchange.body["candidates"][0]
    assert (
        result.finish_reason == "content-filter"
        and result.raw_finish_reason == candidate["finishReason"] == "SAFETY"
    )
    assert result.text == ""
    assert result.provider_metadata["google"]["safetyRatings"] == candidate["safetyRatings"]  # type: ignore[index]


@pytest.mark.google_written
def test_blocked_prompt(vcr: Any) -> None:
    result = ai.generate_text(FLASH, prompt="PROMPT_BLOCK: something prohibited.")
    [exchange] = exchanges(vcr)
    assert "candidates" not in exchange.body
    assert result.finish_reason == "content-filter"
    assert result.raw_finish_reason == exchange.body["promptFeedback"]["blockReason"]


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.google_written
def test_429_resource_exhausted_then_success(vcr: Any, no_retry_waits: list[float]) -> None:
    result = ai.generate_text(FLASH, prompt="RATE_LIMIT test: say hello.")
    limited, answered = exchanges(vcr)
    assert limited.status == 429 and limited.body["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert limited.request == answered.request
    assert answered.status == 200 and result.text == answer_text(answered)
    # Google sends no retry-after header; the wait is the body's RetryInfo delay ("34s").
    [retry_info] = [d for d in limited.body["error"]["details"] if d["@type"].endswith("RetryInfo")]
    assert no_retry_waits == [float(retry_info["retryDelay"].removesuffix("s"))]


def test_400_unknown_field_is_an_invalid_request(vcr: Any) -> None:
    """A misspelt provider option goes to Google as given and comes back as its 400."""
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_text(
            FLASH, prompt="hi", max_retries=0, provider_options={"google": {"generationConfg": {"topK": 2}}}
        )
    [exchange] = exchanges(vcr)
    assert exchange.status == 400 and exchange.request["generationConfg"] == {"topK": 2}
    error = exchange.body["error"]
    assert error["status"] == "INVALID_ARGUMENT" and 'Unknown name "generationConfg"' in error["message"]
    assert error["message"] in str(caught.value) and not caught.value.is_retryable


def test_invalid_key_is_an_authentication_error(vcr: Any) -> None:
    with pytest.raises(AuthenticationError) as caught:
        ai.generate_text(ai.language_model(FLASH, api_key=invalid_gemini_key()), prompt="hi", max_retries=0)
    [exchange] = exchanges(vcr)
    assert exchange.status == 400 and exchange.body["error"]["details"][0]["reason"] == "API_KEY_INVALID"
    assert invalid_gemini_key() not in str(caught.value)


def test_a_key_in_the_url_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(UsageError, match="x-goog-api-key"):
        ai.language_model(FLASH, query_params={"key": "AIza-in-the-url"})


# -- embeddings -------------------------------------------------------------------------------------


def test_embeddings_with_task_types(vcr: Any) -> None:
    model = ai.embedding_model("google:gemini-embedding-001", dimensions=64)
    documents = ["cats purr when they are content", "dogs bark at the postman"]
    stored = ai.embed_many(
        model, values=documents, provider_options={"google": {"taskType": "RETRIEVAL_DOCUMENT"}}
    )
    query = ai.embed(
        model, value="What do cats do?", provider_options={"google": {"taskType": "RETRIEVAL_QUERY"}}
    )
    batch, single = exchanges(vcr, "gemini-embedding-001")
    assert batch.uri == f"{GEMINI_API}/models/gemini-embedding-001:batchEmbedContents"
    assert batch.request == {
        "requests": [
            {
                "model": "models/gemini-embedding-001",
                "content": {"parts": [{"text": d}]},
                "taskType": "RETRIEVAL_DOCUMENT",
                "outputDimensionality": 64,
            }
            for d in documents
        ]
    }
    assert single.request["requests"][0]["taskType"] == "RETRIEVAL_QUERY"
    assert stored.embeddings == [e["values"] for e in batch.body["embeddings"]]
    assert query.embedding == single.body["embeddings"][0]["values"]
    assert all(len(v) == 64 for v in [*stored.embeddings, query.embedding])
