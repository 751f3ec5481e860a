"""Anthropic Messages through the public functions, against cassettes.

The cassettes in ``cassettes/anthropic_cassettes/`` were *written* from Anthropic's
documented wire format (``anthropic_wire.FakeAnthropic``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest tests/anthropic_provider --record-mode=rewrite

and are re-recorded against the real API with ``ANTHROPIC_API_KEY=sk-ant-...`` instead
of ``AI_SDK_WRITE_CASSETTES=1`` (tests marked ``anthropic_written`` stay written: the
real API cannot be made to answer 529 or break a stream on demand). Expectations are
read from each cassette's own response, never hard-coded, so a real re-recording
passes unchanged.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pytest
from anthropic_wire import ANTHROPIC_API, INVALID_KEY, REDACTED_THINKING_TRIGGER
from openai_wire import Exchange, cassette_bodies
from pydantic import BaseModel, Field

import ai_sdk_integrations as ai
from ai_sdk_integrations import tool
from ai_sdk_integrations.providers.anthropic.provider import acount_tokens, count_tokens
from ai_sdk_integrations.spec import (
    CallOptions,
    DataFile,
    FilePart,
    Finish,
    JsonFormat,
    Ping,
    ReasoningContent,
    ReasoningEnd,
    ReasoningStart,
    ResponseMetadata,
    SourceContent,
    StreamError,
    SystemMessage,
    TextDelta,
    TextPart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputStart,
    Usage,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError, ServerError
from ai_sdk_integrations.transport import client as http_client

pytestmark = pytest.mark.vcr

MODEL = "anthropic:claude-sonnet-4-5"
TOOL_JSON_MODEL = "anthropic:claude-sonnet-4-0"  # no native structured outputs: the json tool
MESSAGES_URL = f"{ANTHROPIC_API}/messages"
THINKING = {"anthropic": {"thinking": {"type": "enabled", "budgetTokens": 2048}}}


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


def exchanges(vcr: Any, path: str = "/messages") -> list[Exchange]:
    found = cassette_bodies(vcr)
    assert found, "the cassette recorded nothing"
    for exchange in found:
        assert exchange.method == "POST" and exchange.uri == f"{ANTHROPIC_API}{path}"
    return found


def message_of(exchange: Exchange) -> Mapping[str, Any]:
    assert exchange.status == 200 and exchange.body["type"] == "message", exchange.body
    return exchange.body  # type: ignore[no-any-return]


def events_of(exchange: Exchange, kind: str) -> list[Mapping[str, Any]]:
    return [e for e in exchange.events if e.get("type") == kind]


def streamed_usage(exchange: Exchange) -> dict[str, Any]:
    """``message_start``'s usage with ``message_delta``'s counts on top."""
    (start,) = events_of(exchange, "message_start")
    usage = dict(start["message"]["usage"])
    for delta in events_of(exchange, "message_delta"):
        usage.update({k: v for k, v in delta["usage"].items() if v is not None})
    return usage


def streamed_text(exchange: Exchange) -> str:
    return "".join(
        e["delta"]["text"]
        for e in events_of(exchange, "content_block_delta")
        if e["delta"]["type"] == "text_delta"
    )


def stop_reason(exchange: Exchange) -> str:
    if exchange.events:
        (delta,) = events_of(exchange, "message_delta")
        return str(delta["delta"]["stop_reason"])
    return str(exchange.body["stop_reason"])


def blocks_of(exchange: Exchange, kind: str) -> list[Mapping[str, Any]]:
    return [b for b in message_of(exchange)["content"] if b["type"] == kind]


def assert_usage(usage: Usage, wire: Mapping[str, Any]) -> None:
    write = wire.get("cache_creation_input_tokens") or 0
    read = wire.get("cache_read_input_tokens") or 0
    assert usage.input_tokens.no_cache == wire["input_tokens"]
    assert usage.input_tokens.cache_write == wire.get("cache_creation_input_tokens")
    assert usage.input_tokens.cache_read == wire.get("cache_read_input_tokens")
    assert usage.input_tokens.total == wire["input_tokens"] + write + read
    assert usage.output_tokens.total == wire["output_tokens"]
    assert usage.total_tokens == wire["input_tokens"] + write + read + wire["output_tokens"]
    assert usage.raw == wire


def assert_headers(exchange: Exchange, vcr: Any) -> None:
    """Credentials are filtered; the version header was sent."""
    (request,) = [r for r in vcr.requests if json.loads(r.body) == exchange.request][:1]
    assert request.headers.get("anthropic-version") == "2023-06-01"
    assert "x-api-key" not in {k.lower() for k in request.headers}


# -- text --------------------------------------------------------------------------------------


def test_generate_text_with_system_prompt(vcr: Any) -> None:
    result = ai.generate_text(
        model(), system="You answer in one short sentence.", prompt="Say hello.", max_output_tokens=200
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request == {
        "model": "claude-sonnet-4-5",
        "max_tokens": 200,
        "system": [{"type": "text", "text": "You answer in one short sentence."}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Say hello."}]}],
    }
    assert_headers(exchange, vcr)
    body = message_of(exchange)
    assert result.text == "".join(b["text"] for b in blocks_of(exchange, "text")) and result.text
    assert result.finish_reason == "stop" and result.raw_finish_reason == body["stop_reason"] == "end_turn"
    assert_usage(result.usage, body["usage"])
    assert result.response is not None
    assert result.response.id == body["id"] and body["id"].startswith("msg_")
    assert result.response.model_id == body["model"] and body["model"].startswith("claude-sonnet-4-5")
    assert result.response.headers is not None
    assert result.response.headers.get("request-id") == exchange.headers["request-id"]
    assert result.provider_metadata == {
        "anthropic": {
            "usage": body["usage"],
            "cacheCreationInputTokens": body["usage"]["cache_creation_input_tokens"],
            "stopSequence": None,
        }
    }


def test_default_max_tokens_is_the_models_limit(vcr: Any) -> None:
    """Anthropic requires ``max_tokens``: without one it is the model's output limit."""
    ai.generate_text(model(), prompt="Say hello.")
    (exchange,) = exchanges(vcr)
    assert exchange.request["max_tokens"] == 64_000


def test_stream_text_every_event(vcr: Any) -> None:
    stream = ai.stream_text(model(), prompt="Count from one to five in words.", max_output_tokens=200)
    parts = list(stream.full_stream)
    (exchange,) = exchanges(vcr)
    assert exchange.request["stream"] is True
    assert exchange.headers["content-type"].startswith("text/event-stream")
    kinds = [e["type"] for e in exchange.events]
    assert kinds[0] == "message_start" and kinds[-2:] == ["message_delta", "message_stop"]
    assert {"content_block_start", "content_block_delta", "content_block_stop", "ping"} <= set(kinds)
    deltas = [p.delta for p in parts if isinstance(p, TextDelta)]
    assert len(deltas) > 1 and "".join(deltas) == streamed_text(exchange) == stream.text
    assert sum(isinstance(p, Ping) for p in parts) == kinds.count("ping")
    (metadata,) = [p for p in parts if isinstance(p, ResponseMetadata)]
    (start,) = events_of(exchange, "message_start")
    assert (metadata.id, metadata.model_id) == (start["message"]["id"], start["message"]["model"])
    finishes = [p for p in parts if isinstance(p, Finish)]
    assert len(finishes) == 1 and parts[-1] is finishes[0]
    assert finishes[0].finish_reason.raw == stop_reason(exchange) == "end_turn"
    assert stream.finish_reason == "stop"
    assert_usage(stream.usage, streamed_usage(exchange))


async def test_astream_stop_sequence(vcr: Any) -> None:
    stream = ai.astream_text(model(), prompt="Count from one to five in words.", stop_sequences=["four"])
    text = "".join([piece async for piece in stream.text_stream])
    (exchange,) = exchanges(vcr)
    assert exchange.request["stop_sequences"] == ["four"]
    assert text == streamed_text(exchange)
    (delta,) = events_of(exchange, "message_delta")
    assert delta["delta"]["stop_reason"] == "stop_sequence" and delta["delta"]["stop_sequence"] == "four"
    assert stream.finish_reason == "stop"
    assert stream.result.provider_metadata is not None
    assert stream.result.provider_metadata["anthropic"]["stopSequence"] == "four"


# -- tools -------------------------------------------------------------------------------------

PARALLEL_PROMPT = "What is the weather in Paris and the local time in Tokyo? Use both tools."


def assert_tool_calls(calls: Sequence[ai.ToolCall], wire: Sequence[Mapping[str, Any]]) -> None:
    assert [(c.tool_call_id, c.tool_name) for c in calls] == [(w["id"], w["name"]) for w in wire]
    for call, block in zip(calls, wire, strict=True):
        assert call.error is None and call.input == block["input"]
        assert block["id"].startswith("toolu_")


def test_generate_text_parallel_tool_use(vcr: Any) -> None:
    result = ai.generate_text(model(), prompt=PARALLEL_PROMPT, tools=declared_tools())
    (exchange,) = exchanges(vcr)
    sent = exchange.request["tools"]
    assert [t["name"] for t in sent] == ["get_weather", "get_time"]
    assert sent[0]["input_schema"] == WeatherArgs.model_json_schema()
    assert sent[0]["description"] == "Current weather for a city."
    assert "tool_choice" not in exchange.request, "Anthropic's default is auto"
    uses = blocks_of(exchange, "tool_use")
    assert {u["name"] for u in uses} == {"get_weather", "get_time"}
    assert_tool_calls(result.tool_calls, uses)
    assert result.finish_reason == "tool-calls" and result.raw_finish_reason == "tool_use"


@pytest.mark.parametrize(
    ("choice", "disable_parallel", "wire_choice"),
    [
        ("required", None, {"type": "any"}),
        ("get_time", None, {"type": "tool", "name": "get_time"}),
        ("auto", True, {"type": "auto", "disable_parallel_tool_use": True}),
        ("none", None, {"type": "none"}),
    ],
    ids=["any", "tool", "auto-one-at-a-time", "none"],
)
def test_tool_choice(vcr: Any, choice: str, disable_parallel: bool | None, wire_choice: Any) -> None:
    options = {"anthropic": {"disableParallelToolUse": disable_parallel}} if disable_parallel else None
    result = ai.generate_text(
        model(), prompt=PARALLEL_PROMPT, tools=declared_tools(), tool_choice=choice, provider_options=options
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request["tool_choice"] == wire_choice
    uses = blocks_of(exchange, "tool_use")
    assert_tool_calls(result.tool_calls, uses)
    if choice == "none":
        assert uses == [] and result.text
    elif choice == "get_time":
        assert [u["name"] for u in uses] == ["get_time"]
    elif disable_parallel:
        assert len(uses) == 1
    else:
        assert uses


def test_stream_tool_use_input_json_deltas(vcr: Any) -> None:
    tools = {"get_weather": declared_tools()["get_weather"]}
    stream = ai.stream_text(model(), prompt="What's the weather like in Paris today?", tools=tools)
    parts = list(stream.full_stream)
    (exchange,) = exchanges(vcr)
    (start_event,) = [
        e for e in events_of(exchange, "content_block_start") if e["content_block"]["type"] == "tool_use"
    ]
    block = start_event["content_block"]
    fragments = [
        e["delta"]["partial_json"]
        for e in events_of(exchange, "content_block_delta")
        if e["delta"]["type"] == "input_json_delta" and e["delta"]["partial_json"]
    ]
    assert len(fragments) > 1
    (start,) = [p for p in parts if isinstance(p, ToolInputStart)]
    assert (start.id, start.tool_name) == (block["id"], "get_weather")
    assert [p.delta for p in parts if isinstance(p, ToolInputDelta)] == fragments
    (call,) = [p for p in parts if isinstance(p, ToolCallContent)]
    assert (call.tool_call_id, call.input) == (block["id"], "".join(fragments))
    WeatherArgs.model_validate_json(call.input)
    assert stream.finish_reason == "tool-calls"
    assert_usage(stream.usage, streamed_usage(exchange))


WEATHER_PROMPT = "What's the weather in Lisbon right now?"


def test_tool_result_and_error_result_sent_back(vcr: Any) -> None:
    def failing(args: WeatherArgs) -> dict[str, Any]:
        raise RuntimeError("the weather service is down")

    tools = {"get_weather": tool(failing, parameters=WeatherArgs)}
    first = ai.generate_text(model(), prompt=WEATHER_PROMPT, tools=tools)
    (result,) = first.tool_results
    assert result.is_error
    second = ai.generate_text(
        model(), messages=[{"role": "user", "content": WEATHER_PROMPT}, *first.response_messages], tools=tools
    )
    asked, answered = exchanges(vcr)
    (use,) = blocks_of(asked, "tool_use")
    sent = answered.request["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[1]["content"] == [
        {"type": "tool_use", "id": use["id"], "name": "get_weather", "input": use["input"]}
    ]
    (tool_result,) = sent[2]["content"]
    assert tool_result["type"] == "tool_result" and tool_result["tool_use_id"] == use["id"]
    assert tool_result["is_error"] is True and "down" in json.dumps(tool_result["content"])
    assert second.text == "".join(b["text"] for b in blocks_of(answered, "text"))


# -- extended thinking ---------------------------------------------------------------------


def assert_signed_history(answered: Exchange, asked: Exchange) -> None:
    """The second turn sends the first turn's thinking block back first, with its
    signature, before the tool use it led to."""
    thinking = blocks_of(asked, "thinking")
    redacted = blocks_of(asked, "redacted_thinking")
    sent = answered.request["messages"]
    assistant = sent[1]["content"]
    reasoning = [b for b in assistant if b["type"] in ("thinking", "redacted_thinking")]
    expected = [{"type": "redacted_thinking", "data": b["data"]} for b in redacted] + [
        {"type": "thinking", "thinking": b["thinking"], "signature": b["signature"]} for b in thinking
    ]
    assert reasoning == expected and thinking
    assert assistant[: len(expected)] == expected, "thinking comes before the tool use"
    assert [b["type"] for b in assistant[len(expected) :]] == ["tool_use"]


def test_thinking_two_turn_tool_loop_sends_the_signature_back(vcr: Any) -> None:
    tools = {"get_weather": tool(weather_report, parameters=WeatherArgs)}
    first = ai.generate_text(model(), prompt=WEATHER_PROMPT, tools=tools, provider_options=THINKING)
    history = [{"role": "user", "content": WEATHER_PROMPT}, *first.response_messages]
    second = ai.generate_text(model(), messages=history, tools=tools, provider_options=THINKING)
    asked, answered = exchanges(vcr)
    assert asked.request["thinking"] == {"type": "enabled", "budget_tokens": 2048}
    assert asked.request["max_tokens"] == 64_000
    (thinking,) = blocks_of(asked, "thinking")
    (reasoning,) = [c for c in first.content if isinstance(c, ReasoningContent)]
    assert reasoning.text == thinking["thinking"]
    assert reasoning.provider_metadata == {"anthropic": {"signature": thinking["signature"]}}
    assert first.reasoning_text == thinking["thinking"]
    assert_signed_history(answered, asked)
    assert second.text and second.finish_reason == "stop"


async def test_astream_thinking_two_turn_tool_loop(vcr: Any) -> None:
    tools = {"get_weather": tool(weather_report, parameters=WeatherArgs)}
    first = ai.astream_text(model(), prompt=WEATHER_PROMPT, tools=tools, provider_options=THINKING)
    parts = [p async for p in first.full_stream]
    asked = exchanges(vcr)[0]
    signature_events = [
        e for e in events_of(asked, "content_block_delta") if e["delta"]["type"] == "signature_delta"
    ]
    (signature,) = [e["delta"]["signature"] for e in signature_events]
    (end,) = [p for p in parts if isinstance(p, ReasoningEnd)]
    assert end.provider_metadata == {"anthropic": {"signature": signature}}
    assert [type(p) for p in parts if isinstance(p, (ReasoningStart, ReasoningEnd))] == [
        ReasoningStart,
        ReasoningEnd,
    ]
    history = [{"role": "user", "content": WEATHER_PROMPT}, *first.result.response_messages]
    second = ai.astream_text(model(), messages=history, tools=tools, provider_options=THINKING)
    await second.consume()
    asked, answered = exchanges(vcr)
    thinking_text = "".join(
        e["delta"]["thinking"]
        for e in events_of(asked, "content_block_delta")
        if e["delta"]["type"] == "thinking_delta"
    )
    reasoning = [b for b in answered.request["messages"][1]["content"] if b["type"] == "thinking"]
    assert reasoning == [{"type": "thinking", "thinking": thinking_text, "signature": signature}]
    assert second.text == streamed_text(answered)


def test_redacted_thinking_is_sent_back(vcr: Any) -> None:
    tools = {"get_weather": tool(weather_report, parameters=WeatherArgs)}
    prompt = f"{REDACTED_THINKING_TRIGGER} {WEATHER_PROMPT}"
    first = ai.generate_text(model(), prompt=prompt, tools=tools, provider_options=THINKING)
    asked = exchanges(vcr)[0]
    (redacted,) = blocks_of(asked, "redacted_thinking")
    kept = [c for c in first.content if isinstance(c, ReasoningContent)]
    assert kept[0].text == "" and kept[0].provider_metadata == {
        "anthropic": {"redactedData": redacted["data"]}
    }
    history = [{"role": "user", "content": prompt}, *first.response_messages]
    ai.generate_text(model(), messages=history, tools=tools, provider_options=THINKING)
    asked, answered = exchanges(vcr)
    assert_signed_history(answered, asked)


# -- prompt caching ------------------------------------------------------------------------

HOUSE_STYLE = "You are a concise assistant for a travel company. Follow the house style below.\n" + "\n".join(
    f"Rule {n}: when a question touches topic number {n}, answer in plain words, "
    f"cite no sources, and keep the reply under {20 + n % 7} words."
    for n in range(1, 81)
)


def test_prompt_caching_writes_then_reads(vcr: Any) -> None:
    # A spec message: message dicts carry no provider options (core.messages.to_message).
    system = SystemMessage(
        HOUSE_STYLE, provider_options={"anthropic": {"cacheControl": {"type": "ephemeral"}}}
    )
    results = [
        ai.generate_text(
            model(), messages=[system, {"role": "user", "content": question}], max_output_tokens=100
        )
        for question in ("Name one museum in Paris.", "Name one bridge in London.")
    ]
    written, read = exchanges(vcr)
    for exchange in (written, read):
        assert exchange.request["system"] == [
            {"type": "text", "text": HOUSE_STYLE, "cache_control": {"type": "ephemeral"}}
        ]
    assert message_of(written)["usage"]["cache_creation_input_tokens"] > 0
    assert message_of(read)["usage"]["cache_read_input_tokens"] > 0
    for result, exchange in zip(results, (written, read), strict=True):
        usage = message_of(exchange)["usage"]
        assert_usage(result.usage, usage)
        assert result.provider_metadata is not None
        assert (
            result.provider_metadata["anthropic"]["cacheCreationInputTokens"]
            == usage["cache_creation_input_tokens"]
        )
    assert results[1].usage.input_tokens.cache_read == message_of(read)["usage"]["cache_read_input_tokens"]


# -- files and citations -------------------------------------------------------------------

IMAGE_URL = "https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png"
MENU = "The bakery opens at seven. Rye bread is baked on Tuesdays. Croissants sell out by nine."


def tiny_pdf(text: str = "Quarterly revenue grew by 12 percent") -> bytes:
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_image_by_url_and_pdf_by_base64(vcr: Any) -> None:
    pdf = tiny_pdf()
    messages = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Describe the image and summarize the document."},
                {"type": "image", "image": IMAGE_URL},
                {"type": "file", "data": pdf, "mediaType": "application/pdf", "filename": "report.pdf"},
            ],
        }
    ]
    result = ai.generate_text(model(), messages=messages, max_output_tokens=300)
    (exchange,) = exchanges(vcr)
    content = exchange.request["messages"][0]["content"]
    assert content[1] == {"type": "image", "source": {"type": "url", "url": IMAGE_URL}}
    assert content[2] == {
        "type": "document",
        "source": {"type": "base64", "media_type": "application/pdf", "data": base64.b64encode(pdf).decode()},
        "title": "report.pdf",
    }
    assert result.text == "".join(b["text"] for b in blocks_of(exchange, "text")) and result.text


def test_document_citations_become_sources(vcr: Any) -> None:
    cite = {"anthropic": {"citations": {"enabled": True}, "title": "Bakery notes"}}
    messages = [
        UserMessage(
            [
                FilePart(DataFile(MENU.encode()), "text/plain", provider_options=cite),
                FilePart(
                    DataFile(tiny_pdf()),
                    "application/pdf",
                    "q3.pdf",
                    provider_options={"anthropic": {"citations": {"enabled": True}}},
                ),
                TextPart("When does the bakery open, and how did revenue change?"),
            ]
        )
    ]
    result = ai.generate_text(model(), messages=messages, max_output_tokens=300)
    (exchange,) = exchanges(vcr)
    sent = exchange.request["messages"][0]["content"]
    assert sent[0] == {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": MENU},
        "title": "Bakery notes",
        "citations": {"enabled": True},
    }
    assert sent[1]["citations"] == {"enabled": True} and sent[1]["title"] == "q3.pdf"
    citations = [c for b in blocks_of(exchange, "text") for c in b.get("citations") or ()]
    assert citations
    sources = [c for c in result.content if isinstance(c, SourceContent)]
    assert len(sources) == len(citations)
    for source, citation in zip(sources, citations, strict=True):
        assert source.source_type == "document" and source.title == citation["document_title"]
        assert source.provider_metadata is not None
        assert source.provider_metadata["anthropic"]["citedText"] == citation["cited_text"]
    assert result.text == "".join(b["text"] for b in blocks_of(exchange, "text"))


# -- structured output -----------------------------------------------------------------------

CITY_PROMPT = "Give me facts about Lisbon, the capital of Portugal."
CITY_FORMAT = JsonFormat(schema=CityFacts.model_json_schema(), name="city_facts")


def test_structured_output_native(vcr: Any) -> None:
    result = ai.generate_text(model(), prompt=CITY_PROMPT, response_format=CITY_FORMAT, max_output_tokens=500)
    (exchange,) = exchanges(vcr)
    fmt = exchange.request["output_config"]["format"]
    assert fmt["type"] == "json_schema" and fmt["schema"]["additionalProperties"] is False
    assert "tools" not in exchange.request
    CityFacts.model_validate_json(result.text)
    assert result.text == blocks_of(exchange, "text")[0]["text"]


async def test_structured_output_json_tool(vcr: Any) -> None:
    """claude-sonnet-4-0 has no native structured outputs: a forced ``json`` tool,
    whose input comes back as the answer's text."""
    result = await ai.agenerate_text(
        model(TOOL_JSON_MODEL), prompt=CITY_PROMPT, response_format=CITY_FORMAT, max_output_tokens=500
    )
    stream = ai.astream_text(
        model(TOOL_JSON_MODEL), prompt=CITY_PROMPT, response_format=CITY_FORMAT, max_output_tokens=500
    )
    await stream.consume()
    generated, streamed = exchanges(vcr)
    for exchange in (generated, streamed):
        assert exchange.request["tools"] == [
            {
                "name": "json",
                "description": "Respond with a JSON object.",
                "input_schema": CityFacts.model_json_schema(),
            }
        ]
        assert exchange.request["tool_choice"] == {"type": "any", "disable_parallel_tool_use": True}
        assert "output_config" not in exchange.request
    (use,) = blocks_of(generated, "tool_use")
    assert json.loads(result.text) == use["input"]
    assert result.tool_calls == [] and result.finish_reason == "stop"
    CityFacts.model_validate_json(stream.text)
    assert stream.tool_calls == [] and stream.finish_reason == "stop"


# -- errors and retries ----------------------------------------------------------------------


@pytest.mark.anthropic_written
def test_overloaded_529_is_retried(vcr: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    delays: list[float] = []
    monkeypatch.setattr(http_client, "_sleep", delays.append)
    result = ai.generate_text(model(), prompt="OVERLOADED probe: reply with the single word ok.")
    overloaded, answered = exchanges(vcr)
    assert overloaded.status == 529
    assert overloaded.body["type"] == "error" and overloaded.body["error"]["type"] == "overloaded_error"
    assert overloaded.request == answered.request, "the retry sends the same request"
    assert len(delays) == 1
    assert result.text == "".join(b["text"] for b in blocks_of(answered, "text"))


@pytest.mark.anthropic_written
async def test_error_event_mid_stream(vcr: Any) -> None:
    stream = ai.astream_text(model(), prompt="STREAM_ERROR probe: count to ten.")
    parts = [part async for part in stream.full_stream]
    (exchange,) = exchanges(vcr)
    (error_event,) = events_of(exchange, "error")
    (failure,) = [p for p in parts if isinstance(p, StreamError)]
    error = failure.error
    assert isinstance(error, ServerError)
    assert error.status_code == 529 and error.is_retryable
    assert error.data == error_event
    assert "overloaded_error" in str(error) and error_event["error"]["message"] in str(error)
    (finish,) = [p for p in parts if isinstance(p, Finish)]
    assert finish.finish_reason.unified == "error"
    with pytest.raises(ServerError) as caught:
        _ = stream.result
    assert caught.value.partial_text == streamed_text(exchange) and caught.value.partial_text


def test_unknown_body_field_is_a_400(vcr: Any) -> None:
    """A provider option we do not know passes through to the body, and Anthropic's
    answer to an unknown field comes back as a typed, readable error."""
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_text(model(), prompt="Say hello.", provider_options={"anthropic": {"top_a": 0.5}})
    (exchange,) = exchanges(vcr)
    assert exchange.status == 400 and exchange.request["top_a"] == 0.5
    assert exchange.body["error"] == {
        "type": "invalid_request_error",
        "message": exchange.body["error"]["message"],
    }
    assert exchange.body["error"]["message"] in str(caught.value)
    assert not caught.value.is_retryable
    assert caught.value.request_id == exchange.headers["request-id"]


def test_invalid_key_is_an_authentication_error(vcr: Any) -> None:
    with pytest.raises(AuthenticationError) as caught:
        ai.generate_text(model(api_key=INVALID_KEY), prompt="Say hello.")
    (exchange,) = exchanges(vcr)  # not retried
    assert exchange.status == 401 and exchange.body["error"]["type"] == "authentication_error"
    assert INVALID_KEY not in str(caught.value) and not caught.value.is_retryable


# -- count_tokens ------------------------------------------------------------------------------


async def test_count_tokens(vcr: Any) -> None:
    options = CallOptions(prompt=[UserMessage([TextPart("How many tokens is this?")])], max_output_tokens=10)
    counted = count_tokens(model(), options)
    again = await acount_tokens(model(), options)
    first, second = exchanges(vcr, "/messages/count_tokens")
    assert first.request == {
        "model": "claude-sonnet-4-5",
        "messages": [{"role": "user", "content": [{"type": "text", "text": "How many tokens is this?"}]}],
    }
    assert counted == first.body["input_tokens"] and again == second.body["input_tokens"]


def test_langchain_counts_message_tokens_with_the_api(vcr: Any) -> None:
    """``get_num_tokens_from_messages`` is Anthropic's count (tools included), as in
    ChatAnthropic, rather than an estimate."""
    from langchain_core.messages import HumanMessage, SystemMessage

    from ai_sdk_integrations.langchain import ChatAISDK

    def get_weather(city: str) -> str:
        """Get the weather for a city."""
        return "sunny"

    llm = ChatAISDK(model=MODEL)
    counted = llm.get_num_tokens_from_messages(
        [SystemMessage("Be brief."), HumanMessage("How many tokens is this?")], tools=[get_weather]
    )
    (exchange,) = exchanges(vcr, "/messages/count_tokens")
    assert exchange.request["system"] == [{"type": "text", "text": "Be brief."}]
    assert [tool["name"] for tool in exchange.request["tools"]] == ["get_weather"]
    assert counted == exchange.body["input_tokens"]
