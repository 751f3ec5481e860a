"""Amazon Bedrock (Converse, ConverseStream, InvokeModel) through the public functions.

The cassettes in ``cassettes/bedrock_cassettes/`` were *written* from Bedrock's
documented wire format (``bedrock_wire.FakeBedrock``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest tests/bedrock_provider --record-mode=rewrite

and are re-recorded against AWS with credentials from the standard chain and
``AWS_REGION=us-east-1`` instead of ``AI_SDK_WRITE_CASSETTES=1`` (tests marked
``bedrock_written`` stay written: AWS cannot be made to throttle or break a stream on
demand). Streams are recorded as the exact bytes of the binary event stream.
Expectations are read from each cassette, never hard-coded, so a real re-recording
passes unchanged.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, Literal

import pytest
from bedrock_answers import GUARDRAIL_MARKER, REDACTED_THINKING_TRIGGER
from bedrock_cassettes import Exchange, exchanges
from bedrock_wire import (
    BEDROCK_API,
    FAKE_ACCESS_KEY,
    FAKE_API_KEY,
    FAKE_SECRET_KEY,
    FAKE_SESSION_KEY,
    FAKE_SESSION_SECRET,
    FAKE_SESSION_TOKEN,
    STREAM_EXCEPTION_MARKER,
    THROTTLE_MARKER,
)
from pydantic import BaseModel, Field

import ai_sdk_integrations as ai
from ai_sdk_integrations import tool
from ai_sdk_integrations.spec import (
    DataFile,
    FilePart,
    Finish,
    JsonFormat,
    ReasoningContent,
    ReasoningEnd,
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
from ai_sdk_integrations.spec.errors import InvalidRequestError, RateLimitError
from ai_sdk_integrations.transport import client as http_client
from ai_sdk_integrations.transport.auth.sigv4 import aws_credentials_from

pytestmark = pytest.mark.vcr

MODEL = "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0"
MODEL_PATH = "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0"
NOVA = "bedrock:amazon.nova-pro-v1:0"
THINKING = {"bedrock": {"reasoningConfig": {"type": "enabled", "budgetTokens": 2048}}}
WEATHER_PROMPT = "What's the weather in Lisbon right now?"
CASSETTES = Path(__file__).resolve().parents[2] / "cassettes"


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


def calls(vcr: Any, operation: str = "converse") -> list[Exchange]:
    found = exchanges(vcr)
    assert found, "the cassette recorded nothing"
    for exchange in found:
        assert exchange.method == "POST" and exchange.uri.startswith(BEDROCK_API + "/model/")
        assert exchange.uri.endswith("/" + operation) or operation == "*"
    return found


def output_blocks(exchange: Exchange, key: str) -> list[Any]:
    assert exchange.status == 200, exchange.raw[:300]
    return [b[key] for b in exchange.body["output"]["message"]["content"] if key in b]


def assert_usage(usage: Usage, wire: dict[str, Any]) -> None:
    read, write = wire.get("cacheReadInputTokens") or 0, wire.get("cacheWriteInputTokens") or 0
    assert usage.input_tokens.no_cache == wire["inputTokens"]
    assert usage.input_tokens.cache_read == wire.get("cacheReadInputTokens")
    assert usage.input_tokens.cache_write == wire.get("cacheWriteInputTokens")
    assert usage.input_tokens.total == wire["inputTokens"] + read + write
    assert usage.output_tokens.total == wire["outputTokens"]
    assert usage.raw == wire


def assert_signed_without_credentials(exchange: Exchange) -> None:
    """The request was signed (x-amz-date kept), and nothing of the credentials was recorded."""
    headers = exchange.request_headers
    assert "authorization" not in headers and "x-amz-security-token" not in headers
    assert headers.get("x-amz-date", "").endswith("Z")
    recorded = json.dumps(headers)
    for secret in (FAKE_ACCESS_KEY, FAKE_SECRET_KEY, FAKE_SESSION_KEY, FAKE_SESSION_TOKEN, FAKE_API_KEY):
        assert secret not in recorded


# -- text ----------------------------------------------------------------------------------


def test_generate_text_with_system_prompt(vcr: Any) -> None:
    result = ai.generate_text(
        MODEL, system="You answer in one short sentence.", prompt="Say hello.", max_output_tokens=200
    )
    (exchange,) = calls(vcr)
    assert exchange.uri == f"{BEDROCK_API}{MODEL_PATH}/converse"
    assert exchange.request == {
        "messages": [{"role": "user", "content": [{"text": "Say hello."}]}],
        "system": [{"text": "You answer in one short sentence."}],
        "inferenceConfig": {"maxTokens": 200},
        "additionalModelResponseFieldPaths": ["/delta/stop_sequence"],
    }
    assert_signed_without_credentials(exchange)
    (text,) = output_blocks(exchange, "text")
    assert result.text == text and text
    assert (
        result.finish_reason == "stop"
        and result.raw_finish_reason == exchange.body["stopReason"] == "end_turn"
    )
    assert_usage(result.usage, exchange.body["usage"])
    assert result.response is not None
    assert result.response.id == exchange.headers["x-amzn-requestid"]
    assert result.response.model_id == "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
    metadata = result.provider_metadata["bedrock"]  # type: ignore[index]
    assert metadata["stopSequence"] is None and metadata["metrics"] == exchange.body["metrics"]


def test_stream_text_every_event(vcr: Any) -> None:
    stream = ai.stream_text(MODEL, prompt="Count from one to five in words.", max_output_tokens=200)
    parts = list(stream.full_stream)
    (exchange,) = calls(vcr, "converse-stream")
    assert exchange.headers["content-type"] == "application/vnd.amazon.eventstream"
    # The exact bytes AWS sent: CRC-checked frames back to back, nothing else.
    assert int.from_bytes(exchange.raw[:4], "big") < len(exchange.raw) and exchange.raw[-4:] != b"\n"
    kinds = [name for name, _ in exchange.events]
    assert kinds[0] == "messageStart" and kinds[-2:] == ["messageStop", "metadata"]
    assert {"contentBlockDelta", "contentBlockStop"} <= set(kinds)
    for message in exchange.messages:
        assert list(message.headers) == [":event-type", ":content-type", ":message-type"]
        assert b'"p":' in message.payload  # AWS pads every payload
    wire_text = "".join(p["delta"]["text"] for p in exchange.of("contentBlockDelta"))
    deltas = [p.delta for p in parts if isinstance(p, TextDelta)]
    assert len(deltas) > 1 and "".join(deltas) == wire_text == stream.text
    (finish,) = [p for p in parts if isinstance(p, Finish)]
    assert parts[-1] is finish and finish.finish_reason.raw == "end_turn"
    (metadata,) = exchange.of("metadata")
    assert_usage(stream.usage, metadata["usage"])
    assert finish.provider_metadata["bedrock"]["metrics"] == metadata["metrics"]  # type: ignore[index]


async def test_astream_stop_sequence(vcr: Any) -> None:
    stream = ai.astream_text(MODEL, prompt="Count from one to five in words.", stop_sequences=["four"])
    text = "".join([piece async for piece in stream.text_stream])
    (exchange,) = calls(vcr, "converse-stream")
    assert exchange.request["inferenceConfig"] == {"stopSequences": ["four"]}
    assert text == "".join(p["delta"]["text"] for p in exchange.of("contentBlockDelta"))
    (stop,) = exchange.of("messageStop")
    assert (
        stop["stopReason"] == "stop_sequence"
        and stop["additionalModelResponseFields"]["delta"]["stop_sequence"] == "four"
    )
    assert stream.finish_reason == "stop"
    assert stream.result.provider_metadata["bedrock"]["stopSequence"] == "four"  # type: ignore[index]


# -- tools -----------------------------------------------------------------------------------

PARALLEL_PROMPT = "What is the weather in Paris and the local time in Tokyo? Use both tools."


@pytest.mark.parametrize(
    ("choice", "wire_choice"),
    [("auto", {"auto": {}}), ("required", {"any": {}}), ("get_time", {"tool": {"name": "get_time"}})],
    ids=["auto", "any", "tool"],
)
def test_tool_use_and_tool_choice(vcr: Any, choice: str, wire_choice: Any) -> None:
    result = ai.generate_text(MODEL, prompt=PARALLEL_PROMPT, tools=declared_tools(), tool_choice=choice)
    (exchange,) = calls(vcr)
    config = exchange.request["toolConfig"]
    assert config["toolChoice"] == wire_choice
    assert [t["toolSpec"]["name"] for t in config["tools"]] == ["get_weather", "get_time"]
    spec = config["tools"][0]["toolSpec"]
    assert spec == {
        "name": "get_weather",
        "inputSchema": {"json": WeatherArgs.model_json_schema()},
        "description": "Current weather for a city.",
    }
    uses = output_blocks(exchange, "toolUse")
    assert [(c.tool_call_id, c.tool_name, c.input) for c in result.tool_calls] == [
        (u["toolUseId"], u["name"], u["input"]) for u in uses
    ]
    assert result.finish_reason == "tool-calls" and result.raw_finish_reason == "tool_use"


def test_tool_choice_none_leaves_the_tools_out(vcr: Any) -> None:
    result = ai.generate_text(MODEL, prompt=PARALLEL_PROMPT, tools=declared_tools(), tool_choice="none")
    (exchange,) = calls(vcr)
    assert "toolConfig" not in exchange.request
    assert result.text == output_blocks(exchange, "text")[0] and not result.tool_calls


def test_stream_tool_use(vcr: Any) -> None:
    tools = {"get_weather": declared_tools()["get_weather"]}
    stream = ai.stream_text(MODEL, prompt="What's the weather like in Paris today?", tools=tools)
    parts = list(stream.full_stream)
    (exchange,) = calls(vcr, "converse-stream")
    (start_event,) = exchange.of("contentBlockStart")
    use = start_event["start"]["toolUse"]
    fragments = [
        p["delta"]["toolUse"]["input"] for p in exchange.of("contentBlockDelta") if "toolUse" in p["delta"]
    ]
    assert len(fragments) > 1
    (start,) = [p for p in parts if isinstance(p, ToolInputStart)]
    assert (start.id, start.tool_name) == (use["toolUseId"], "get_weather")
    assert [p.delta for p in parts if isinstance(p, ToolInputDelta)] == fragments
    (call,) = [p for p in parts if isinstance(p, ToolCallContent)]
    assert (call.tool_call_id, call.input) == (use["toolUseId"], "".join(fragments))
    WeatherArgs.model_validate_json(call.input)
    assert stream.finish_reason == "tool-calls"


def test_tool_result_and_error_status_sent_back(vcr: Any) -> None:
    def failing(args: WeatherArgs) -> dict[str, Any]:
        raise RuntimeError("the weather service is down")

    tools = {"get_weather": tool(failing, parameters=WeatherArgs)}
    first = ai.generate_text(MODEL, prompt=WEATHER_PROMPT, tools=tools)
    second = ai.generate_text(
        MODEL, messages=[{"role": "user", "content": WEATHER_PROMPT}, *first.response_messages], tools=tools
    )
    asked, answered = calls(vcr)
    (use,) = output_blocks(asked, "toolUse")
    sent = answered.request["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[1]["content"] == [{"toolUse": use}]
    ((result,),) = [[b["toolResult"] for b in sent[2]["content"]]]
    assert result["toolUseId"] == use["toolUseId"] and result["status"] == "error"
    assert "down" in json.dumps(result["content"])
    assert second.text == output_blocks(answered, "text")[0]


# -- reasoning -------------------------------------------------------------------------------


def assert_reasoning_sent_back(asked: Exchange, answered: Exchange) -> None:
    if asked.messages:
        text = "".join(
            p["delta"]["reasoningContent"].get("text", "")
            for p in asked.of("contentBlockDelta")
            if "reasoningContent" in p["delta"]
        )
        (signature,) = [
            p["delta"]["reasoningContent"]["signature"]
            for p in asked.of("contentBlockDelta")
            if "signature" in p["delta"].get("reasoningContent", {})
        ]
        expected = [{"reasoningContent": {"reasoningText": {"text": text, "signature": signature}}}]
    else:
        expected = [{"reasoningContent": b} for b in output_blocks(asked, "reasoningContent")]
    assistant = answered.request["messages"][1]["content"]
    assert assistant[: len(expected)] == expected, "the signed reasoning comes back first, unchanged"
    assert [next(iter(b)) for b in assistant[len(expected) :]] == ["toolUse"]


def test_reasoning_two_turn_tool_loop_sends_the_signature_back(vcr: Any) -> None:
    tools = {"get_weather": tool(weather_report, parameters=WeatherArgs)}
    first = ai.generate_text(MODEL, prompt=WEATHER_PROMPT, tools=tools, provider_options=THINKING)
    history = [{"role": "user", "content": WEATHER_PROMPT}, *first.response_messages]
    second = ai.generate_text(MODEL, messages=history, tools=tools, provider_options=THINKING)
    asked, answered = calls(vcr)
    assert asked.request["additionalModelRequestFields"] == {
        "thinking": {"type": "enabled", "budget_tokens": 2048}
    }
    assert asked.request["inferenceConfig"] == {"maxTokens": 4096 + 2048}
    (block,) = [b["reasoningText"] for b in output_blocks(asked, "reasoningContent")]
    (reasoning,) = [c for c in first.content if isinstance(c, ReasoningContent)]
    assert reasoning.text == block["text"]
    assert reasoning.provider_metadata == {"bedrock": {"signature": block["signature"]}}
    assert_reasoning_sent_back(asked, answered)
    assert second.text and second.finish_reason == "stop"


async def test_astream_reasoning_two_turn_tool_loop(vcr: Any) -> None:
    tools = {"get_weather": tool(weather_report, parameters=WeatherArgs)}
    first = ai.astream_text(MODEL, prompt=WEATHER_PROMPT, tools=tools, provider_options=THINKING)
    parts = [p async for p in first.full_stream]
    assert any(isinstance(p, ReasoningEnd) for p in parts)
    history = [{"role": "user", "content": WEATHER_PROMPT}, *first.result.response_messages]
    second = ai.astream_text(MODEL, messages=history, tools=tools, provider_options=THINKING)
    await second.consume()
    asked, answered = calls(vcr, "converse-stream")
    assert_reasoning_sent_back(asked, answered)
    assert second.text


def test_redacted_reasoning_is_sent_back(vcr: Any) -> None:
    tools = {"get_weather": tool(weather_report, parameters=WeatherArgs)}
    prompt = f"{REDACTED_THINKING_TRIGGER} {WEATHER_PROMPT}"
    first = ai.generate_text(MODEL, prompt=prompt, tools=tools, provider_options=THINKING)
    history = [{"role": "user", "content": prompt}, *first.response_messages]
    ai.generate_text(MODEL, messages=history, tools=tools, provider_options=THINKING)
    asked, answered = calls(vcr)
    redacted = [
        b["redactedContent"] for b in output_blocks(asked, "reasoningContent") if "redactedContent" in b
    ]
    kept = [c for c in first.content if isinstance(c, ReasoningContent)]
    assert kept[0].text == "" and kept[0].provider_metadata == {"bedrock": {"redactedData": redacted[0]}}
    assert_reasoning_sent_back(asked, answered)


# -- caching, guardrails, documents -------------------------------------------------------------

HOUSE_STYLE = "You are a concise assistant for a travel company. Follow the house style below.\n" + "\n".join(
    f"Rule {n}: when a question touches topic number {n}, answer in plain words, "
    f"cite no sources, and keep the reply under {20 + n % 7} words."
    for n in range(1, 81)
)
CACHE = {"bedrock": {"cachePoint": {"type": "default"}}}


def test_cache_points_write_then_read(vcr: Any) -> None:
    system = SystemMessage(HOUSE_STYLE, provider_options=CACHE)
    results = [
        ai.generate_text(MODEL, messages=[system, {"role": "user", "content": q}], max_output_tokens=100)
        for q in ("Name one museum in Paris.", "Name one bridge in London.")
    ]
    written, read = calls(vcr)
    for exchange in (written, read):
        assert exchange.request["system"] == [{"text": HOUSE_STYLE}, {"cachePoint": {"type": "default"}}]
    assert written.body["usage"]["cacheWriteInputTokens"] > 0
    assert read.body["usage"]["cacheReadInputTokens"] > 0
    for result, exchange in zip(results, (written, read), strict=True):
        assert_usage(result.usage, exchange.body["usage"])
    assert results[0].provider_metadata["bedrock"]["usage"]["cacheWriteInputTokens"] > 0  # type: ignore[index]


GUARDRAIL = {"guardrailIdentifier": "gr0abcd1234x", "guardrailVersion": "1", "trace": "enabled"}


@pytest.mark.parametrize("blocked", [False, True], ids=["passed", "intervened"])
def test_guardrail_trace_in_provider_metadata(vcr: Any, blocked: bool) -> None:
    prompt = f"{GUARDRAIL_MARKER} Tell me about investing." if blocked else "Name one museum in Paris."
    result = ai.generate_text(
        MODEL, prompt=prompt, provider_options={"bedrock": {"guardrailConfig": GUARDRAIL}}
    )
    (exchange,) = calls(vcr)
    assert exchange.request["guardrailConfig"] == GUARDRAIL
    assert result.provider_metadata["bedrock"]["trace"] == exchange.body["trace"]  # type: ignore[index]
    assert "guardrail" in exchange.body["trace"]
    if blocked:
        assert result.finish_reason == "content-filter" and result.raw_finish_reason == "guardrail_intervened"


async def test_stream_guardrail_trace(vcr: Any) -> None:
    options = {"bedrock": {"guardrailConfig": {**GUARDRAIL, "streamProcessingMode": "sync"}}}
    stream = ai.astream_text(MODEL, prompt="Name one bridge in London.", provider_options=options)
    await stream.consume()
    (exchange,) = calls(vcr, "converse-stream")
    (metadata,) = exchange.of("metadata")
    assert stream.result.provider_metadata["bedrock"]["trace"] == metadata["trace"]  # type: ignore[index]


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


def test_documents_and_images_as_bytes(vcr: Any) -> None:
    from llama_index_conformance import tiny_png

    pdf, png = tiny_pdf(), tiny_png()
    message = UserMessage(
        [
            TextPart("Summarize the report and describe the image."),
            FilePart(DataFile(pdf), "application/pdf", filename="q3 report (final).pdf"),
            FilePart(DataFile(b"Opening hours: 9 to 5."), "text/plain"),
            FilePart(DataFile(png), "image/png"),
        ]
    )
    result = ai.generate_text(MODEL, messages=[message])
    (exchange,) = calls(vcr)
    content = exchange.request["messages"][0]["content"]
    assert content[1] == {
        "document": {
            "format": "pdf",
            "name": "q3 report (final)",
            "source": {"bytes": base64.b64encode(pdf).decode()},
        }
    }
    assert content[2]["document"]["format"] == "txt" and content[2]["document"]["name"] == "document-1"
    assert content[3] == {"image": {"format": "png", "source": {"bytes": base64.b64encode(png).decode()}}}
    assert result.text == output_blocks(exchange, "text")[0]


# -- structured output -----------------------------------------------------------------------


def test_structured_output_native(vcr: Any) -> None:
    result = ai.generate_text(
        MODEL,
        prompt="Give facts about Paris as JSON.",
        response_format=JsonFormat(schema=CityFacts.model_json_schema(), name="city"),
    )
    (exchange,) = calls(vcr)
    fmt = exchange.request["outputConfig"]["textFormat"]
    assert (
        fmt["type"] == "json_schema"
        and json.loads(fmt["structure"]["jsonSchema"]["schema"]) == CityFacts.model_json_schema()
    )
    CityFacts.model_validate_json(result.text)


def test_structured_output_json_tool(vcr: Any) -> None:
    result = ai.generate_text(
        NOVA,
        prompt="Give facts about Paris as JSON.",
        response_format=JsonFormat(schema=CityFacts.model_json_schema()),
    )
    (exchange,) = calls(vcr)
    assert exchange.request["toolConfig"]["toolChoice"] == {"tool": {"name": "json"}}
    (use,) = output_blocks(exchange, "toolUse")
    assert json.loads(result.text) == use["input"] and result.finish_reason == "stop"
    assert not result.tool_calls


# -- errors and auth -------------------------------------------------------------------------


@pytest.mark.bedrock_written
def test_throttling_is_a_rate_limit_then_succeeds(vcr: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_client, "_sleep", lambda seconds: None)
    result = ai.generate_text(MODEL, prompt=f"{THROTTLE_MARKER} Say hello.")
    throttled, answered = calls(vcr)
    assert throttled.status == 429 and throttled.headers["x-amzn-errortype"].startswith("ThrottlingException")
    assert result.text == output_blocks(answered, "text")[0]


@pytest.mark.bedrock_written
def test_throttling_without_retries_raises_rate_limit_error(vcr: Any) -> None:
    with pytest.raises(RateLimitError) as caught:
        ai.generate_text(MODEL, prompt=f"{THROTTLE_MARKER} Say hi.", max_retries=0)
    (throttled,) = calls(vcr)
    assert caught.value.is_retryable and caught.value.status_code == 429
    assert throttled.body["message"] in str(caught.value)


@pytest.mark.bedrock_written
async def test_exception_mid_stream(vcr: Any) -> None:
    stream = ai.astream_text(MODEL, prompt=f"{STREAM_EXCEPTION_MARKER} Tell me a story.")
    parts = [p async for p in stream.full_stream]
    (exchange,) = calls(vcr, "converse-stream")
    (name, payload) = exchange.events[-1]
    assert name == "modelStreamErrorException" and exchange.messages[-1].message_type == "exception"
    (error,) = [p for p in parts if isinstance(p, StreamError)]
    assert payload["message"] in str(error.error)
    assert isinstance(parts[-1], Finish) and parts[-1].finish_reason.unified == "error"


def test_unknown_body_field_is_a_validation_exception(vcr: Any) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_text(
            MODEL, prompt="Say hello.", provider_options={"bedrock": {"notAField": 1}}, max_retries=0
        )
    (exchange,) = calls(vcr)
    assert exchange.status == 400 and exchange.headers["x-amzn-errortype"].startswith("ValidationException")
    assert exchange.body["message"] in str(caught.value) and "notAField" in str(caught.value)


@pytest.mark.bedrock_written
def test_bedrock_api_key_is_a_bearer_token(vcr: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", FAKE_API_KEY)
    result = ai.generate_text(MODEL, prompt="Say hello.")
    (exchange,) = calls(vcr)
    assert "authorization" not in exchange.request_headers and "x-amz-date" not in exchange.request_headers
    assert result.text == output_blocks(exchange, "text")[0]


@pytest.mark.bedrock_written
def test_session_credentials_sign_with_a_security_token(vcr: Any) -> None:
    credentials = aws_credentials_from(FAKE_SESSION_KEY, FAKE_SESSION_SECRET, FAKE_SESSION_TOKEN)
    model = ai.language_model(MODEL, credentials=credentials)
    result = ai.generate_text(model, prompt="Say hello.")
    (exchange,) = calls(vcr)
    assert_signed_without_credentials(exchange)
    assert result.text


def test_no_cassette_holds_a_credential() -> None:
    """Every Bedrock cassette was signed (or used a key); none keeps any of it."""
    files = sorted(CASSETTES.glob("bedrock_*/*.yaml"))
    assert files
    for path in files:
        text = path.read_text()
        for secret in (FAKE_ACCESS_KEY, FAKE_SECRET_KEY, FAKE_SESSION_KEY, FAKE_SESSION_TOKEN, FAKE_API_KEY):
            assert secret not in text, path
        for marker in (
            "AWS4-HMAC-SHA256",
            "Signature=",
            "Credential=",
            "X-Amz-Security-Token",
            "x-amz-security-token",
        ):
            assert marker not in text, (path, marker)


# -- embeddings ------------------------------------------------------------------------------


def test_titan_embeddings_one_text_per_call(vcr: Any) -> None:
    model = ai.embedding_model("bedrock:amazon.titan-embed-text-v2:0", dimensions=512)
    result = ai.embed_many(model, ["a red apple", "a green pear"], max_parallel_calls=1)
    first, second = calls(vcr, "invoke")
    assert first.request == {"inputText": "a red apple", "dimensions": 512}
    assert second.request == {"inputText": "a green pear", "dimensions": 512}
    assert [list(v) for v in result.embeddings] == [first.body["embedding"], second.body["embedding"]]
    assert result.tokens == first.body["inputTextTokenCount"] + second.body["inputTextTokenCount"]


@pytest.mark.parametrize("model_id", ["cohere.embed-english-v3", "cohere.embed-v4:0"])
def test_cohere_embeddings_with_input_type(vcr: Any, model_id: str) -> None:
    texts = ["Bedrock is a managed service.", "Paris is in France."]
    options = {"bedrock": {"inputType": "search_document"}}
    result = ai.embed_many(f"bedrock:{model_id}", texts, provider_options=options)
    (exchange,) = calls(vcr, "invoke")
    assert exchange.request == {"texts": texts, "input_type": "search_document"}
    vectors = exchange.body["embeddings"]
    assert [list(v) for v in result.embeddings] == (
        vectors if isinstance(vectors, list) else vectors["float"]
    )
    assert result.tokens == int(exchange.headers["x-amzn-bedrock-input-token-count"])
