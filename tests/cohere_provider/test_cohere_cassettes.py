"""Cohere Chat v2 and Embed v2 through the public functions, against cassettes.

The cassettes in ``cassettes/cohere_cassettes/`` were *written* from Cohere's
documented wire format (``cohere_wire.FakeCohere``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest tests/cohere_provider --record-mode=rewrite

and are re-recorded against the real API with ``COHERE_API_KEY=...`` instead of
``AI_SDK_WRITE_CASSETTES=1`` (tests marked ``cohere_written`` stay written: the real API
cannot be made to answer 429 on demand). Expectations are read from each cassette's own
response, never hard-coded, so a real re-recording passes unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

import pytest
from cohere_wire import COHERE_API, INVALID_KEY
from openai_wire import Exchange, cassette_bodies
from pydantic import BaseModel, Field

import ai_sdk_integrations as ai
from ai_sdk_integrations import tool
from ai_sdk_integrations.spec import (
    CallOptions,
    DataFile,
    FilePart,
    Finish,
    JsonFormat,
    ReasoningContent,
    ReasoningDelta,
    ReasoningStart,
    ResponseMetadata,
    SourceContent,
    TextDelta,
    TextPart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
    Usage,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError
from ai_sdk_integrations.transport import client as http_client

pytestmark = pytest.mark.vcr

MODEL = "cohere:command-a-03-2025"
REASONING_MODEL = "cohere:command-a-reasoning-08-2025"
EMBEDDING_MODEL = "cohere:embed-v4.0"
THINKING = {"cohere": {"thinking": {"type": "enabled", "tokenBudget": 2048}}}
WEATHER_PROMPT = "What is the weather in Paris? Use the get_weather tool."


class WeatherArgs(BaseModel):
    city: str = Field(description="City name, e.g. Paris")
    unit: Literal["celsius", "fahrenheit"] = "celsius"


class TimeArgs(BaseModel):
    timezone: str = Field(description="IANA time zone or city name, e.g. Asia/Tokyo")


class CityFacts(BaseModel):
    name: str
    country: str
    population: int


def weather_report(args: WeatherArgs) -> dict[str, Any]:
    """Current weather for a city."""
    return {"city": args.city, "temperature": 18, "unit": args.unit, "conditions": "sunny"}


def declared_tools() -> dict[str, ai.Tool]:
    return {
        "get_weather": tool(description="Current weather for a city.", parameters=WeatherArgs),
        "get_time": tool(description="The current local time in a time zone.", parameters=TimeArgs),
    }


def model(name: str = MODEL, **settings: Any) -> ai.LanguageModel:
    return ai.language_model(name, **settings)


# -- reading the cassette ------------------------------------------------------------------


def exchanges(vcr: Any, path: str = "/chat") -> list[Exchange]:
    found = cassette_bodies(vcr)
    assert found, "the cassette recorded nothing"
    for exchange in found:
        assert exchange.method == "POST" and exchange.uri == f"{COHERE_API}{path}"
    return found


def body_of(exchange: Exchange) -> Mapping[str, Any]:
    assert exchange.status == 200 and "message" in exchange.body, exchange.body
    return exchange.body  # type: ignore[no-any-return]


def events_of(exchange: Exchange, kind: str) -> list[Mapping[str, Any]]:
    return [e for e in exchange.events if e.get("type") == kind]


def streamed(exchange: Exchange, field: str) -> str:
    """The streamed ``text`` or ``thinking`` of the content blocks of that kind."""
    return "".join(
        e["delta"]["message"]["content"].get(field) or "" for e in events_of(exchange, "content-delta")
    )


def message_end(exchange: Exchange) -> Mapping[str, Any]:
    (end,) = events_of(exchange, "message-end")
    return end["delta"]  # type: ignore[no-any-return]


def blocks(exchange: Exchange, kind: str) -> list[str]:
    return [b[kind] for b in body_of(exchange)["message"].get("content") or () if b["type"] == kind]


def assert_usage(usage: Usage, wire: Mapping[str, Any]) -> None:
    """``usage.tokens`` as the AI SDK maps them, ``cached_tokens`` as cache reads."""
    tokens, cached = wire["tokens"], wire.get("cached_tokens")
    assert usage.input_tokens.total == tokens["input_tokens"]
    assert usage.input_tokens.cache_read == cached
    assert usage.input_tokens.no_cache == tokens["input_tokens"] - (cached or 0)
    assert usage.output_tokens.total == usage.output_tokens.text == tokens["output_tokens"]
    assert usage.raw == wire


def assert_no_key_recorded(vcr: Any) -> None:
    for request in vcr.requests:
        assert "authorization" not in {k.lower() for k in request.headers}


# -- text --------------------------------------------------------------------------------------


def test_generate_text(vcr: Any) -> None:
    result = ai.generate_text(
        model(),
        system="You answer in one short sentence.",
        prompt="Say hello.",
        max_output_tokens=200,
        temperature=0.3,
        top_p=0.9,
        top_k=40,
        seed=7,
        frequency_penalty=0.1,
        presence_penalty=0.2,
        stop_sequences=["END"],
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request == {
        "model": "command-a-03-2025",
        "messages": [
            {"role": "system", "content": "You answer in one short sentence."},
            {"role": "user", "content": "Say hello."},
        ],
        "max_tokens": 200,
        "temperature": 0.3,
        "p": 0.9,
        "k": 40,
        "seed": 7,
        "frequency_penalty": 0.1,
        "presence_penalty": 0.2,
        "stop_sequences": ["END"],
    }
    assert_no_key_recorded(vcr)
    body = body_of(exchange)
    assert result.text == "".join(blocks(exchange, "text")) and result.text
    assert result.finish_reason == "stop" and result.raw_finish_reason == body["finish_reason"] == "COMPLETE"
    assert_usage(result.usage, body["usage"])
    assert result.provider_metadata == {"cohere": {"billedUnits": body["usage"]["billed_units"]}}
    assert result.response is not None and result.response.id == body["id"]
    assert result.response.headers is not None
    assert result.response.headers.get("x-debug-trace-id") == exchange.headers["x-debug-trace-id"]


def test_stream_text_every_event(vcr: Any) -> None:
    stream = ai.stream_text(model(), prompt="Write a haiku about the sea.")
    parts = list(stream.full_stream)
    (exchange,) = exchanges(vcr)
    assert exchange.request["stream"] is True
    assert exchange.headers["content-type"].startswith("text/event-stream")
    (start,) = events_of(exchange, "message-start")
    (metadata,) = [p for p in parts if isinstance(p, ResponseMetadata)]
    assert metadata.id == start["id"]
    deltas = [p.delta for p in parts if isinstance(p, TextDelta)]
    assert deltas == [e["delta"]["message"]["content"]["text"] for e in events_of(exchange, "content-delta")]
    assert stream.text == streamed(exchange, "text") and len(deltas) > 1
    end = message_end(exchange)
    (finish,) = [p for p in parts if isinstance(p, Finish)]
    assert finish.finish_reason.raw == end["finish_reason"] == "COMPLETE"
    assert_usage(finish.usage, end["usage"])
    assert finish.provider_metadata == {"cohere": {"billedUnits": end["usage"]["billed_units"]}}


def test_stop_sequence(vcr: Any) -> None:
    result = ai.generate_text(model(), prompt="Say hello, then tell me about Paris.", stop_sequences=["."])
    (exchange,) = exchanges(vcr)
    assert exchange.request["stop_sequences"] == ["."]
    assert result.raw_finish_reason == body_of(exchange)["finish_reason"] == "STOP_SEQUENCE"
    assert result.finish_reason == "stop" and "." not in result.text


# -- tools ------------------------------------------------------------------------------------


def test_tool_calls_with_tool_plan(vcr: Any) -> None:
    result = ai.generate_text(
        model(), prompt="What is the weather in Paris and the time in Tokyo?", tools=declared_tools()
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request["tools"] == [
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
    assert "tool_choice" not in exchange.request
    message = body_of(exchange)["message"]
    assert result.finish_reason == "tool-calls" and body_of(exchange)["finish_reason"] == "TOOL_CALL"
    (plan,) = [p for p in result.content if isinstance(p, ReasoningContent)]
    assert plan.text == message["tool_plan"]
    assert plan.provider_metadata == {"cohere": {"type": "tool_plan"}}
    calls = [p for p in result.content if isinstance(p, ToolCallContent)]
    assert [(c.tool_call_id, c.tool_name, c.input) for c in calls] == [
        (c["id"], c["function"]["name"], c["function"]["arguments"]) for c in message["tool_calls"]
    ]
    assert len(calls) == 2


def test_stream_tool_calls_with_tool_plan(vcr: Any) -> None:
    stream = ai.stream_text(
        model(), prompt="What is the weather in Paris and the time in Tokyo?", tools=declared_tools()
    )
    parts = list(stream.full_stream)
    (exchange,) = exchanges(vcr)
    plan = "".join(e["delta"]["message"]["tool_plan"] for e in events_of(exchange, "tool-plan-delta"))
    (start,) = [p for p in parts if isinstance(p, ReasoningStart)]
    assert start.provider_metadata == {"cohere": {"type": "tool_plan"}}
    assert "".join(p.delta for p in parts if isinstance(p, ReasoningDelta)) == plan and plan
    starts = events_of(exchange, "tool-call-start")
    inputs = [p for p in parts if isinstance(p, ToolInputStart)]
    assert [(p.id, p.tool_name) for p in inputs] == [
        (e["delta"]["message"]["tool_calls"]["id"], e["delta"]["message"]["tool_calls"]["function"]["name"])
        for e in starts
    ]
    fragments = [
        e["delta"]["message"]["tool_calls"]["function"]["arguments"]
        for e in events_of(exchange, "tool-call-delta")
    ]
    assert [p.delta for p in parts if isinstance(p, ToolInputDelta)] == fragments
    assert len([p for p in parts if isinstance(p, ToolInputEnd)]) == len(starts) == 2
    calls = [p for p in parts if isinstance(p, ToolCallContent)]
    for call in calls:
        json.loads(call.input)
    assert stream.finish_reason == "tool-calls"
    assert_usage(stream.usage, message_end(exchange)["usage"])


@pytest.mark.parametrize(
    ("choice", "wire_choice", "tool_names"),
    [
        ("required", "REQUIRED", ["get_weather", "get_time"]),
        ("none", "NONE", ["get_weather", "get_time"]),
        ("get_time", "REQUIRED", ["get_time"]),
    ],
    ids=["required", "none", "named"],
)
def test_tool_choice(vcr: Any, choice: str, wire_choice: str, tool_names: list[str]) -> None:
    result = ai.generate_text(
        model(), prompt="Tell me something about Tokyo.", tools=declared_tools(), tool_choice=choice
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request["tool_choice"] == wire_choice
    assert [t["function"]["name"] for t in exchange.request["tools"]] == tool_names
    message = body_of(exchange)["message"]
    assert [c.tool_name for c in result.tool_calls] == [
        c["function"]["name"] for c in message.get("tool_calls") or ()
    ]
    if choice == "none":
        assert not result.tool_calls and result.text
    else:
        assert result.tool_calls
    warned = [w for w in result.warnings if w.feature == "toolChoice"]
    assert len(warned) == (1 if choice == "get_time" else 0)


def test_two_turn_tool_loop_sends_call_and_result_back(vcr: Any) -> None:
    tools = {"get_weather": tool(weather_report, parameters=WeatherArgs)}
    first = ai.generate_text(model(), prompt=WEATHER_PROMPT, tools=tools)
    history = [{"role": "user", "content": WEATHER_PROMPT}, *first.response_messages]
    second = ai.generate_text(model(), messages=history, tools=tools)
    asked, answered = exchanges(vcr)
    message = body_of(asked)["message"]
    (call,) = message["tool_calls"]
    (result,) = first.tool_results
    user, assistant, tool_message = answered.request["messages"]
    assert user == {"role": "user", "content": WEATHER_PROMPT}
    (sent,) = assistant.pop("tool_calls")
    assert assistant == {"role": "assistant", "tool_plan": message["tool_plan"]}
    assert json.loads(sent["function"].pop("arguments")) == json.loads(call["function"]["arguments"])
    assert sent == {"id": call["id"], "type": "function", "function": {"name": call["function"]["name"]}}
    assert tool_message == {"role": "tool", "tool_call_id": call["id"], "content": json.dumps(result.output)}
    assert second.text == "".join(blocks(answered, "text")) and second.finish_reason == "stop"


# -- documents and citations ------------------------------------------------------------------

DOCUMENTS = [
    {
        "id": "tallest",
        "data": {"title": "Tall penguins", "text": "Emperor penguins are the tallest penguins."},
    },
    "Emperor penguins only live in Antarctica.",
]
NOTES = b"Penguins cannot fly. They are excellent swimmers."


def grounded_prompt() -> list[UserMessage]:
    return [
        UserMessage(
            [
                TextPart("What do these sources say about penguins?"),
                FilePart(DataFile(NOTES), "text/plain", filename="notes.txt"),
            ]
        )
    ]


def test_documents_with_citations(vcr: Any) -> None:
    result = ai.generate_text(
        model(), messages=grounded_prompt(), provider_options={"cohere": {"documents": DOCUMENTS}}
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request["messages"] == [
        {"role": "user", "content": "What do these sources say about penguins?"}
    ]
    assert exchange.request["documents"] == [
        *DOCUMENTS,
        {"data": {"text": NOTES.decode(), "title": "notes.txt"}},
    ]
    citations = body_of(exchange)["message"]["citations"]
    sources = [p for p in result.content if isinstance(p, SourceContent)]
    assert len(sources) == len(citations) == 3
    for source, citation in zip(sources, citations, strict=True):
        document = citation["sources"][0]["document"]
        assert source.source_type == "document" and source.media_type == "text/plain"
        assert source.title == (document.get("title") or "Document")
        assert source.provider_metadata is not None
        metadata = source.provider_metadata["cohere"]
        assert (metadata["start"], metadata["end"], metadata["text"]) == (
            citation["start"],
            citation["end"],
            citation["text"],
        )
        assert metadata["documentIds"] == [s["id"] for s in citation["sources"]]
    (text,) = [p for p in result.content if p.type == "text"]
    assert text.citations == tuple(citations)
    for citation in citations:
        assert text.text[citation["start"] : citation["end"]] == citation["text"]


async def test_astream_documents_with_citations(vcr: Any) -> None:
    stream = ai.astream_text(
        model(), messages=grounded_prompt(), provider_options={"cohere": {"documents": DOCUMENTS}}
    )
    parts = [p async for p in stream.full_stream]
    (exchange,) = exchanges(vcr)
    cited = [e["delta"]["message"]["citations"] for e in events_of(exchange, "citation-start")]
    assert len(events_of(exchange, "citation-end")) == len(cited) == 3
    sources = [p for p in parts if isinstance(p, SourceContent)]
    assert [s.provider_metadata["cohere"]["text"] for s in sources if s.provider_metadata] == [
        c["text"] for c in cited
    ]
    assert stream.text == streamed(exchange, "text")


# -- JSON output ------------------------------------------------------------------------------

CITY_FORMAT = JsonFormat(schema=CityFacts.model_json_schema(), name="city_facts")


def test_json_output_with_schema(vcr: Any) -> None:
    result = ai.generate_text(
        model(), prompt="Give me facts about Paris as JSON.", response_format=CITY_FORMAT
    )
    stream = ai.stream_text(model(), prompt="Give me facts about Paris as JSON.", response_format=CITY_FORMAT)
    stream.consume()
    generated, streamed_exchange = exchanges(vcr)
    for exchange in (generated, streamed_exchange):
        assert exchange.request["response_format"] == {
            "type": "json_object",
            "json_schema": CityFacts.model_json_schema(),
        }
    assert CityFacts.model_validate_json(result.text)
    assert result.text == "".join(blocks(generated, "text"))
    assert CityFacts.model_validate_json(stream.text)


def test_json_mode_without_schema(vcr: Any) -> None:
    result = ai.generate_text(
        model(), prompt="Reply with a JSON object with the keys 'city' and 'country'.", response_format="json"
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request["response_format"] == {"type": "json_object"}
    assert isinstance(json.loads(result.text), dict)


# -- thinking ---------------------------------------------------------------------------------


def test_thinking(vcr: Any) -> None:
    result = ai.generate_text(model(REASONING_MODEL), prompt="What is 2 + 2?", provider_options=THINKING)
    (exchange,) = exchanges(vcr)
    assert exchange.request["thinking"] == {"type": "enabled", "token_budget": 2048}
    (thinking,) = blocks(exchange, "thinking")
    (reasoning,) = [p for p in result.content if isinstance(p, ReasoningContent)]
    assert reasoning.text == thinking and result.reasoning_text == thinking
    assert reasoning.provider_metadata == {"cohere": {"type": "thinking"}}
    assert result.text == "".join(blocks(exchange, "text"))


async def test_astream_thinking_tool_loop_sends_thinking_back(vcr: Any) -> None:
    tools = {"get_weather": tool(weather_report, parameters=WeatherArgs)}
    first = ai.astream_text(model(REASONING_MODEL), prompt=WEATHER_PROMPT, tools=tools, reasoning="low")
    await first.consume()
    history = [{"role": "user", "content": WEATHER_PROMPT}, *first.result.response_messages]
    second = ai.astream_text(model(REASONING_MODEL), messages=history, tools=tools, reasoning="low")
    await second.consume()
    asked, answered = exchanges(vcr)
    assert asked.request["thinking"] == {"type": "enabled", "token_budget": 3277}
    thinking = streamed(asked, "thinking")
    plan = "".join(e["delta"]["message"]["tool_plan"] for e in events_of(asked, "tool-plan-delta"))
    assistant = answered.request["messages"][1]
    assert assistant["content"] == [{"type": "thinking", "thinking": thinking}]
    assert assistant["tool_plan"] == plan
    assert [c["id"] for c in assistant["tool_calls"]] == [
        e["delta"]["message"]["tool_calls"]["id"] for e in events_of(asked, "tool-call-start")
    ]
    assert answered.request["messages"][2]["role"] == "tool"
    assert second.text == streamed(answered, "text") and second.text


def test_reasoning_on_a_model_that_does_not_reason_is_a_warning(vcr: Any) -> None:
    result = ai.generate_text(model(), prompt="Say hello.", reasoning="high")
    (exchange,) = exchanges(vcr)
    assert "thinking" not in exchange.request
    assert [w.feature for w in result.warnings] == ["reasoning"]


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.cohere_written
def test_rate_limit_429_is_retried(vcr: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    delays: list[float] = []
    monkeypatch.setattr(http_client, "_sleep", delays.append)
    result = ai.generate_text(model(), prompt="RATE_LIMIT probe: reply with the single word ok.")
    limited, answered = exchanges(vcr)
    assert limited.status == 429 and set(limited.body) == {"id", "message"}
    assert limited.request == answered.request, "the retry sends the same request"
    assert len(delays) == 1
    assert result.text == "".join(blocks(answered, "text"))


def test_out_of_range_setting_is_a_400(vcr: Any) -> None:
    """Cohere takes temperatures up to 1; its 400 comes back typed and readable."""
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_text(model(), prompt="Say hello.", temperature=1.5)
    (exchange,) = exchanges(vcr)  # not retried
    assert exchange.status == 400 and exchange.body["message"] in str(caught.value)
    assert not caught.value.is_retryable


def test_unknown_option_passes_through_and_is_rejected(vcr: Any) -> None:
    """A provider option we do not know goes to the body as given; Cohere names it."""
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_text(model(), prompt="Say hello.", provider_options={"cohere": {"top_a": 0.5}})
    (exchange,) = exchanges(vcr)
    assert exchange.status == 422 and exchange.request["top_a"] == 0.5
    assert exchange.body["message"] in str(caught.value) and "top_a" in str(caught.value)


def test_invalid_key_is_an_authentication_error(vcr: Any) -> None:
    with pytest.raises(AuthenticationError) as caught:
        ai.generate_text(model(api_key=INVALID_KEY), prompt="Say hello.")
    (exchange,) = exchanges(vcr)
    assert exchange.status == 401 and exchange.body["message"] in str(caught.value)
    assert INVALID_KEY not in str(caught.value) and not caught.value.is_retryable


# -- embeddings -------------------------------------------------------------------------------

TEXTS = ["cats purr when they are content", "dogs bark at the postman"]


def test_embed_many_documents(vcr: Any) -> None:
    result = ai.embed_many(ai.embedding_model(EMBEDDING_MODEL, dimensions=256), TEXTS)
    (exchange,) = exchanges(vcr, "/embed")
    assert exchange.request == {
        "model": "embed-v4.0",
        "texts": TEXTS,
        "input_type": "search_document",
        "embedding_types": ["float"],
        "output_dimension": 256,
    }
    assert [list(v) for v in result.embeddings] == exchange.body["embeddings"]["float"]
    assert all(len(v) == 256 for v in result.embeddings)
    assert result.tokens == exchange.body["meta"]["billed_units"]["input_tokens"]


def test_embed_query(vcr: Any) -> None:
    result = ai.embed(
        ai.embedding_model(EMBEDDING_MODEL, dimensions=256),
        "What do cats do?",
        provider_options={"cohere": {"inputType": "search_query", "truncate": "END"}},
    )
    (exchange,) = exchanges(vcr, "/embed")
    assert exchange.request["input_type"] == "search_query" and exchange.request["truncate"] == "END"
    assert list(result.embedding) == exchange.body["embeddings"]["float"][0]


def test_embedding_model_takes_96_texts_a_call() -> None:
    assert ai.embedding_model(EMBEDDING_MODEL).max_embeddings_per_call == 96


def test_prompt_built_by_hand_reaches_the_wire(vcr: Any) -> None:
    """``LanguageModel.generate`` with spec options, as the adapters call it."""
    options = CallOptions(prompt=[UserMessage([TextPart("Say hello.")])], max_output_tokens=50)
    result = model().generate(options)
    (exchange,) = exchanges(vcr)
    assert exchange.request == {
        "model": "command-a-03-2025",
        "messages": [{"role": "user", "content": "Say hello."}],
        "max_tokens": 50,
    }
    assert [p.text for p in result.content if p.type == "text"] == blocks(exchange, "text")


def tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes((200, 30, 30)) * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_image_input_on_the_vision_model(vcr: Any) -> None:
    import base64

    png = tiny_png()
    image = FilePart(DataFile(png), "image/png", provider_options={"cohere": {"detail": "low"}})
    prompt = [UserMessage([TextPart("Describe this image."), image])]
    result = ai.generate_text(model("cohere:command-a-vision-07-2025"), messages=prompt)
    (exchange,) = exchanges(vcr)
    assert exchange.request["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Describe this image."},
                {
                    "type": "image_url",
                    "image_url": {
                        "url": f"data:image/png;base64,{base64.b64encode(png).decode()}",
                        "detail": "low",
                    },
                },
            ],
        }
    ]
    assert result.text == "".join(blocks(exchange, "text")) and result.text
