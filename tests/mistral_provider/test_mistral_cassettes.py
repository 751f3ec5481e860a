"""Mistral chat and embeddings through the public functions, against cassettes.

The cassettes in ``cassettes/mistral_cassettes/`` were *written* from Mistral's
documented wire format (``mistral_wire.FakeMistral``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest tests/mistral_provider --record-mode=rewrite

and are re-recorded against the real API with ``MISTRAL_API_KEY=...`` instead of
``AI_SDK_WRITE_CASSETTES=1`` (tests marked ``mistral_written`` stay written: the real
API cannot be made to answer 429 on demand). Expectations are read from each
cassette's own response, never hard-coded, so a real re-recording passes unchanged;
what is asserted besides is the request we sent, field by field.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import pytest
from mistral_wire import INVALID_KEY, MISTRAL_API
from openai_wire import Exchange, cassette_bodies
from pydantic import BaseModel, Field

import ai_sdk_integrations as ai
from ai_sdk_integrations import tool
from ai_sdk_integrations.spec import (
    DataFile,
    FilePart,
    Finish,
    JsonFormat,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    TextDelta,
    TextPart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
    UrlFile,
    Usage,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError, RateLimitError
from ai_sdk_integrations.transport import client as http_client

pytestmark = pytest.mark.vcr

MODEL = "mistral:mistral-small-latest"
REASONING_MODEL = "mistral:magistral-medium-latest"
NINE = re.compile(r"[A-Za-z0-9]{9}")


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


def declared_tools() -> dict[str, ai.Tool]:
    return {
        "get_weather": tool(description="Current weather for a city.", parameters=WeatherArgs),
        "get_time": tool(description="The current local time in a time zone.", parameters=TimeArgs),
    }


def model(name: str = MODEL, **settings: Any) -> ai.LanguageModel:
    return ai.language_model(name, **settings)


# -- reading the cassette ------------------------------------------------------------------


def exchanges(vcr: Any, path: str = "/chat/completions") -> list[Exchange]:
    found = cassette_bodies(vcr)
    assert found, "the cassette recorded nothing"
    for exchange in found:
        assert exchange.method == "POST" and exchange.uri == f"{MISTRAL_API}{path}"
    return found


def message_of(exchange: Exchange) -> Mapping[str, Any]:
    assert exchange.status == 200 and exchange.body["object"] == "chat.completion", exchange.body
    return exchange.body["choices"][0]["message"]  # type: ignore[no-any-return]


def chunks(exchange: Exchange) -> list[Mapping[str, Any]]:
    assert exchange.events, "a streamed response"
    return [e for e in exchange.events if e.get("choices")]


def wire_parts(content: Any) -> list[tuple[str, str]]:
    """``(kind, text)`` of Mistral content: a string, or thinking / text parts."""
    if isinstance(content, str):
        return [("text", content)] if content else []
    out = []
    for part in content or ():
        if part["type"] == "thinking":
            out.append(("reasoning", "".join(t["text"] for t in part["thinking"])))
        elif part["type"] == "text":
            out.append(("text", part["text"]))
    return out


def streamed(exchange: Exchange, kind: str) -> list[str]:
    """The text or reasoning fragments, one per chunk, in order."""
    return [
        text
        for chunk in chunks(exchange)
        for k, text in wire_parts(chunk["choices"][0]["delta"].get("content"))
        if k == kind and text
    ]


def streamed_finish_reason(exchange: Exchange) -> str:
    (reason,) = [
        c["choices"][0]["finish_reason"] for c in chunks(exchange) if c["choices"][0]["finish_reason"]
    ]
    return str(reason)


def streamed_usage(exchange: Exchange) -> Mapping[str, Any]:
    (usage,) = [e["usage"] for e in exchange.events if e.get("usage")]
    return usage  # type: ignore[no-any-return]


def streamed_calls(exchange: Exchange) -> list[dict[str, Any]]:
    return [
        call for chunk in chunks(exchange) for call in chunk["choices"][0]["delta"].get("tool_calls") or ()
    ]


def assert_usage(usage: Usage, wire: Mapping[str, Any]) -> None:
    cached = (wire.get("prompt_tokens_details") or {}).get("cached_tokens") or None
    assert usage.input_tokens.total == wire["prompt_tokens"]
    assert usage.input_tokens.cache_read == cached
    assert usage.input_tokens.no_cache == wire["prompt_tokens"] - (cached or 0)
    assert usage.output_tokens.total == usage.output_tokens.text == wire["completion_tokens"]
    assert usage.output_tokens.reasoning is None, "Mistral reports no reasoning-token count"
    assert usage.total_tokens == wire["total_tokens"]
    assert usage.raw == wire


def assert_calls_match(calls: Sequence[ai.ToolCall], wire_calls: Sequence[Mapping[str, Any]]) -> None:
    assert [(c.tool_call_id, c.tool_name) for c in calls] == [
        (w["id"], w["function"]["name"]) for w in wire_calls
    ]
    for call, wire in zip(calls, wire_calls, strict=True):
        assert NINE.fullmatch(call.tool_call_id), "Mistral's ids are nine letters and digits"
        assert call.input == json.loads(wire["function"]["arguments"])
        ARG_MODELS[call.tool_name].model_validate(call.input)


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": [{"type": "text", "text": text}]}


# -- text ----------------------------------------------------------------------------------


def test_generate_text_request_fields_and_usage(vcr: Any) -> None:
    result = ai.generate_text(
        model(),
        system="You are a concise travel guide.",
        prompt="Name one famous museum in Paris.",
        max_output_tokens=120,
        temperature=0.2,
        top_p=0.9,
        seed=42,
        stop_sequences=["\n\n"],
        provider_options={"mistral": {"safePrompt": True}},
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request == {
        "model": "mistral-small-latest",
        "max_tokens": 120,
        "temperature": 0.2,
        "top_p": 0.9,
        "random_seed": 42,
        "stop": ["\n\n"],
        "safe_prompt": True,
        "messages": [
            {"role": "system", "content": "You are a concise travel guide."},
            user("Name one famous museum in Paris."),
        ],
    }
    assert result.request is not None and result.request.body == exchange.request
    message = message_of(exchange)
    assert result.text == message["content"] and result.text
    assert result.finish_reason == "stop" and result.raw_finish_reason == "stop"
    assert_usage(result.usage, exchange.body["usage"])
    assert result.response is not None
    assert result.response.id == exchange.body["id"]
    assert result.response.model_id == exchange.body["model"]
    assert result.response.timestamp == datetime.fromtimestamp(exchange.body["created"], tz=UTC)
    assert not result.warnings


def test_top_k_is_a_warning(vcr: Any) -> None:
    result = ai.generate_text(model(), prompt="Say hello.", top_k=5)
    (exchange,) = exchanges(vcr)
    assert "top_k" not in exchange.request
    assert [(w.type, w.feature) for w in result.warnings] == [("unsupported", "topK")]


async def test_astream_text(vcr: Any) -> None:
    stream = ai.astream_text(model(), prompt="Count from one to five in words.")
    parts = [p async for p in stream.full_stream]
    (exchange,) = exchanges(vcr)
    assert exchange.request == {
        "model": "mistral-small-latest",
        "messages": [user("Count from one to five in words.")],
        "stream": True,
    }, "no stream_options: Mistral refuses it, and sends usage on the last chunk anyway"
    pieces = [p.delta for p in parts if isinstance(p, TextDelta)]
    assert pieces == streamed(exchange, "text") and len(pieces) > 1
    assert stream.text == "".join(pieces)
    assert stream.finish_reason == "stop" == streamed_finish_reason(exchange)
    assert_usage(stream.usage, streamed_usage(exchange))
    (finish,) = [p for p in parts if isinstance(p, Finish)]
    assert finish.finish_reason.raw == "stop"


# -- tools ---------------------------------------------------------------------------------

PARALLEL_PROMPT = "What is the weather in Paris and the local time in Tokyo? Use both tools."


def test_generate_text_parallel_tool_calls(vcr: Any) -> None:
    result = ai.generate_text(
        model(),
        prompt=PARALLEL_PROMPT,
        tools=declared_tools(),
        provider_options={"mistral": {"parallelToolCalls": True}},
    )
    (exchange,) = exchanges(vcr)
    sent = exchange.request
    assert sent["parallel_tool_calls"] is True and "tool_choice" not in sent
    assert sent["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "parameters": WeatherArgs.model_json_schema(),
                "description": "Current weather for a city.",
            },
        },
        {
            "type": "function",
            "function": {
                "name": "get_time",
                "parameters": TimeArgs.model_json_schema(),
                "description": "The current local time in a time zone.",
            },
        },
    ]
    wire_calls = message_of(exchange)["tool_calls"]
    assert {c["function"]["name"] for c in wire_calls} == {"get_weather", "get_time"}
    assert_calls_match(result.tool_calls, wire_calls)
    assert result.finish_reason == "tool-calls"
    assert_usage(result.usage, exchange.body["usage"])


def test_stream_tool_call(vcr: Any) -> None:
    tools = {"get_weather": declared_tools()["get_weather"]}
    stream = ai.stream_text(model(), prompt="What's the weather like in Paris today?", tools=tools)
    parts = list(stream.full_stream)
    (exchange,) = exchanges(vcr)
    (wire_call,) = streamed_calls(exchange)
    (start,) = [p for p in parts if isinstance(p, ToolInputStart)]
    assert (start.id, start.tool_name) == (wire_call["id"], "get_weather")
    assert (
        "".join(p.delta for p in parts if isinstance(p, ToolInputDelta)) == wire_call["function"]["arguments"]
    )
    assert [p.id for p in parts if isinstance(p, ToolInputEnd)] == [wire_call["id"]]
    (call,) = [p for p in parts if isinstance(p, ToolCallContent)]
    assert (call.tool_call_id, call.input) == (wire_call["id"], wire_call["function"]["arguments"])
    assert_calls_match(stream.tool_calls, [wire_call])
    assert stream.finish_reason == "tool-calls" and streamed_finish_reason(exchange) == "tool_calls"
    assert_usage(stream.usage, streamed_usage(exchange))


@pytest.mark.parametrize(
    ("choice", "wire_choice", "wire_tools"),
    [
        ("required", "any", ["get_weather", "get_time"]),
        ("get_time", "any", ["get_time"]),
        ("none", "none", ["get_weather", "get_time"]),
        ("auto", "auto", ["get_weather", "get_time"]),
    ],
    ids=["required-is-any", "named-tool-alone-with-any", "none", "auto"],
)
def test_tool_choice(vcr: Any, choice: str, wire_choice: str, wire_tools: list[str]) -> None:
    result = ai.generate_text(
        model(),
        prompt="I am planning a trip to Lisbon next week.",
        tools=declared_tools(),
        tool_choice=choice,
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request["tool_choice"] == wire_choice
    assert [t["function"]["name"] for t in exchange.request["tools"]] == wire_tools
    wire_calls = message_of(exchange).get("tool_calls") or []
    if choice in ("required", "get_time"):
        assert wire_calls, "a forced choice calls a tool"
    if choice == "get_time":
        assert {c["function"]["name"] for c in wire_calls} == {"get_time"}
    if choice == "none":
        assert not wire_calls and result.text
    assert_calls_match(result.tool_calls, wire_calls)


def weather_report(args: WeatherArgs) -> str:
    """Current weather for a city."""
    return f"It is sunny and 18 degrees in {args.city}."


def local_time(args: TimeArgs) -> str:
    """The current local time in a time zone."""
    return f"It is 14:05 in {args.timezone}."


def test_tool_loop_result_sent_back_in_mistral_shape(vcr: Any) -> None:
    tools = {"get_weather": tool(weather_report, parameters=WeatherArgs)}
    question = "What's the weather in Lisbon right now?"
    first = ai.generate_text(model(), prompt=question, tools=tools)
    second = ai.generate_text(
        model(), messages=[{"role": "user", "content": question}, *first.response_messages]
    )
    asked, answered = exchanges(vcr)
    (wire_call,) = message_of(asked)["tool_calls"]
    assert answered.request["messages"][1:] == [
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {
                    "id": wire_call["id"],
                    "type": "function",
                    "function": {
                        "name": "get_weather",
                        "arguments": json.dumps(json.loads(wire_call["function"]["arguments"])),
                    },
                }
            ],
        },
        {
            "role": "tool",
            "name": "get_weather",
            "tool_call_id": wire_call["id"],
            "content": weather_report(WeatherArgs.model_validate_json(wire_call["function"]["arguments"])),
        },
    ]
    assert second.text == message_of(answered)["content"] and second.text


def test_history_from_another_provider_gets_mistral_ids(vcr: Any) -> None:
    """OpenAI's ``call_...`` and Anthropic's ``toolu_...`` ids are refused by Mistral
    (400); they are sent as nine characters derived from them, the same for the call
    and its result."""
    history = [
        {"role": "user", "content": "What's the weather in Paris and Rome?"},
        {
            "role": "assistant",
            "content": [
                {
                    "type": "tool-call",
                    "tool_call_id": "call_8Hh2xLQ0cVb1",
                    "tool_name": "get_weather",
                    "input": {"city": "Paris"},
                },
                {
                    "type": "tool-call",
                    "tool_call_id": "toolu_01A09q90qw90lq917835lq9",
                    "tool_name": "get_weather",
                    "input": {"city": "Rome"},
                },
            ],
        },
        {
            "role": "tool",
            "content": [
                {
                    "type": "tool-result",
                    "tool_call_id": "call_8Hh2xLQ0cVb1",
                    "tool_name": "get_weather",
                    "output": "Sunny, 21 C",
                },
                {
                    "type": "tool-result",
                    "tool_call_id": "toolu_01A09q90qw90lq917835lq9",
                    "tool_name": "get_weather",
                    "output": "Rain, 14 C",
                },
            ],
        },
    ]
    result = ai.generate_text(model(), messages=history)
    (exchange,) = exchanges(vcr)
    sent = exchange.request["messages"]
    call_ids = [c["id"] for c in sent[1]["tool_calls"]]
    assert all(NINE.fullmatch(i) for i in call_ids) and len(set(call_ids)) == 2
    assert [m["tool_call_id"] for m in sent[2:]] == call_ids
    assert result.text == message_of(exchange)["content"]


# -- structured output ---------------------------------------------------------------------

CITY_PROMPT = "Give me facts about Lisbon, the capital of Portugal."
CITY_FORMAT = JsonFormat(
    schema=CityFacts.model_json_schema(), name="city_facts", description="Facts about a city."
)
CITY_RESPONSE_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "city_facts",
        "schema": CityFacts.model_json_schema(),
        "strict": False,
        "description": "Facts about a city.",
    },
}


def test_structured_output_json_schema(vcr: Any) -> None:
    result = ai.generate_text(model(), prompt=CITY_PROMPT, response_format=CITY_FORMAT)
    (exchange,) = exchanges(vcr)
    assert exchange.request["response_format"] == CITY_RESPONSE_FORMAT
    assert exchange.request["messages"] == [user(CITY_PROMPT)], "no instruction added: the schema is native"
    assert result.text == message_of(exchange)["content"]
    CityFacts.model_validate_json(result.text)


async def test_astream_structured_output_strict(vcr: Any) -> None:
    stream = ai.astream_text(
        model(),
        prompt=CITY_PROMPT,
        response_format=CITY_FORMAT,
        provider_options={"mistral": {"strictJsonSchema": True}},
    )
    await stream.consume()
    (exchange,) = exchanges(vcr)
    assert exchange.request["response_format"]["json_schema"]["strict"] is True
    assert stream.text == "".join(streamed(exchange, "text"))
    CityFacts.model_validate_json(stream.text)


def test_json_mode_adds_the_instruction(vcr: Any) -> None:
    prompt = "Tell me a joke about cats. Return JSON with 'setup' and 'punchline' keys."
    result = ai.generate_text(model(), prompt=prompt, response_format=JsonFormat())
    (exchange,) = exchanges(vcr)
    assert exchange.request["response_format"] == {"type": "json_object"}
    assert exchange.request["messages"] == [
        {"role": "system", "content": "You MUST answer with JSON."},
        user(prompt),
    ]
    assert json.loads(result.text) == json.loads(message_of(exchange)["content"])


# -- reasoning -----------------------------------------------------------------------------


def test_reasoning_thinking_parts(vcr: Any) -> None:
    result = ai.generate_text(model(REASONING_MODEL), prompt="What is 17 * 23?")
    (exchange,) = exchanges(vcr)
    expected = wire_parts(message_of(exchange)["content"])
    assert expected[0][0] == "reasoning" and ("text", result.text) in expected
    assert [(c.type, c.text) for c in result.content] == expected
    assert result.reasoning_text == "".join(t for k, t in expected if k == "reasoning")


def test_stream_reasoning_thinking_parts(vcr: Any) -> None:
    stream = ai.stream_text(model(REASONING_MODEL), prompt="What is 17 * 23?")
    parts = list(stream.full_stream)
    (exchange,) = exchanges(vcr)
    kinds = [type(p) for p in parts if isinstance(p, (ReasoningStart, ReasoningEnd, TextDelta))]
    assert kinds[0] is ReasoningStart and ReasoningEnd in kinds
    assert kinds.index(ReasoningEnd) < kinds.index(TextDelta), "reasoning closes before the answer"
    assert [p.delta for p in parts if isinstance(p, ReasoningDelta)] == streamed(exchange, "reasoning")
    assert [p.delta for p in parts if isinstance(p, TextDelta)] == streamed(exchange, "text")
    assert_usage(stream.usage, streamed_usage(exchange))


def test_reasoning_sent_back_as_closed_thinking(vcr: Any) -> None:
    tools = {"get_time": tool(local_time, parameters=TimeArgs)}
    question = "What time is it in Tokyo? Use get_time."
    first = ai.generate_text(model(REASONING_MODEL), prompt=question, tools=tools)
    ai.generate_text(
        model(REASONING_MODEL),
        messages=[{"role": "user", "content": question}, *first.response_messages],
        tools=tools,
    )
    asked, answered = exchanges(vcr)
    thinking = [t for k, t in wire_parts(message_of(asked)["content"]) if k == "reasoning"]
    assistant = answered.request["messages"][1]
    assert assistant["content"][: len(thinking)] == [
        {"type": "thinking", "thinking": [{"type": "text", "text": t}], "closed": True} for t in thinking
    ]
    assert [c["id"] for c in assistant["tool_calls"]] == [c["id"] for c in message_of(asked)["tool_calls"]]


def test_reasoning_effort(vcr: Any) -> None:
    result = ai.generate_text(model(), prompt="Is 97 a prime number?", reasoning="medium")
    (exchange,) = exchanges(vcr)
    assert exchange.request["reasoning_effort"] == "high"
    assert [(w.type, w.feature) for w in result.warnings] == [("compatibility", "reasoning")]
    assert [(c.type, c.text) for c in result.content] == wire_parts(message_of(exchange)["content"])
    assert any(isinstance(c, ReasoningContent) for c in result.content)


# -- files ---------------------------------------------------------------------------------

IMAGE_URL = "https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png"
PDF_URL = "https://arxiv.org/pdf/1805.04770"


def tiny_pdf(text: str = "Quarterly revenue grew 12 percent") -> bytes:
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = b"%PDF-1.4\n" + b"".join(b"%d 0 obj\n%s\nendobj\n" % (n, o) for n, o in enumerate(objects, 1))
    return out + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_image_url_and_pdf_documents(vcr: Any) -> None:
    pdf = tiny_pdf()
    message = UserMessage(
        [
            TextPart("Describe the image, then summarize both documents."),
            FilePart(UrlFile(IMAGE_URL), "image/png"),
            FilePart(DataFile(pdf), "application/pdf", filename="report.pdf"),
            FilePart(UrlFile(PDF_URL), "application/pdf"),
        ]
    )
    result = ai.generate_text(
        model("mistral:mistral-medium-latest"),
        messages=[message],
        provider_options={"mistral": {"documentPageLimit": 8, "documentImageLimit": 4}},
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request["document_page_limit"] == 8 and exchange.request["document_image_limit"] == 4
    assert exchange.request["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Describe the image, then summarize both documents."},
                {"type": "image_url", "image_url": IMAGE_URL},
                {
                    "type": "document_url",
                    "document_url": "data:application/pdf;base64," + base64.b64encode(pdf).decode(),
                    "document_name": "report.pdf",
                },
                {"type": "document_url", "document_url": PDF_URL},
            ],
        }
    ]
    assert result.text == message_of(exchange)["content"] and result.text


# -- embeddings ----------------------------------------------------------------------------


def test_embed_many_in_batches_of_32(vcr: Any) -> None:
    values = [f"note number {n}" for n in range(40)]
    result = ai.embed_many("mistral:mistral-embed", values)
    first, second = exchanges(vcr, "/embeddings")
    assert first.request == {"model": "mistral-embed", "input": values[:32], "encoding_format": "float"}
    assert second.request["input"] == values[32:]
    wire = [
        row["embedding"] for e in (first, second) for row in sorted(e.body["data"], key=lambda r: r["index"])
    ]
    assert result.embeddings == wire and len(wire[0]) == 1024
    assert result.tokens == first.body["usage"]["prompt_tokens"] + second.body["usage"]["prompt_tokens"]


def test_codestral_embed_output_dimension(vcr: Any) -> None:
    model_ = ai.embedding_model("mistral:codestral-embed", dimensions=256)
    result = ai.embed(
        model_, "def add(a, b): return a + b", provider_options={"mistral": {"outputDtype": "float"}}
    )
    (exchange,) = exchanges(vcr, "/embeddings")
    assert exchange.request == {
        "model": "codestral-embed",
        "input": ["def add(a, b): return a + b"],
        "output_dimension": 256,
        "output_dtype": "float",
        "encoding_format": "float",
    }
    assert result.embedding == exchange.body["data"][0]["embedding"] and len(result.embedding) == 256


# -- errors --------------------------------------------------------------------------------


@pytest.mark.mistral_written
def test_rate_limit_then_success(vcr: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    delays: list[float] = []
    monkeypatch.setattr(http_client, "_sleep", delays.append)
    result = ai.generate_text(model(), prompt="RATE_LIMIT probe: reply with the single word ok.")
    limited, answered = exchanges(vcr)
    assert limited.status == 429 and limited.body["type"] == "rate_limited"
    assert limited.request == answered.request, "the retry sends the same request"
    assert len(delays) == 1
    assert result.text == message_of(answered)["content"]


@pytest.mark.mistral_written
def test_rate_limit_error_when_retries_run_out(vcr: Any) -> None:
    with pytest.raises(RateLimitError) as caught:
        ai.generate_text(model(max_retries=0), prompt="RATE_LIMIT probe: reply with the single word ok.")
    (limited,) = exchanges(vcr)
    assert caught.value.is_retryable and caught.value.status_code == 429
    assert "Rate limit exceeded" in str(caught.value) and caught.value.data == limited.body


def test_unknown_body_field_is_a_422(vcr: Any) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_text(model(), prompt="Say hello.", provider_options={"mistral": {"seed": 7}})
    (exchange,) = exchanges(vcr)
    assert exchange.status == 422 and exchange.request["seed"] == 7
    problems = exchange.body["detail"]
    assert {
        "type": "extra_forbidden",
        "loc": ["body", "seed"],
        "msg": "Extra inputs are not permitted",
    }.items() <= problems[0].items()
    error = caught.value
    assert error.status_code == 422 and not error.is_retryable
    assert "body.seed: Extra inputs are not permitted" in str(error)


def test_invalid_key_is_an_authentication_error(vcr: Any) -> None:
    with pytest.raises(AuthenticationError) as caught:
        ai.generate_text(model(api_key=INVALID_KEY), prompt="Say hello.")
    (exchange,) = exchanges(vcr)
    assert exchange.status == 401
    error = caught.value
    assert not error.is_retryable and "Unauthorized" in str(error)
    for shown in (str(error), repr(error), error.body_excerpt or ""):
        assert INVALID_KEY not in shown
