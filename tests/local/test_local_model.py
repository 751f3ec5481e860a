"""The OpenAI-compatible path against a real model: llama-cpp-python serving SmolLM2-135M.

Cassettes in ``cassettes/local_model/`` were recorded from the real server (see
cassettes/README.md). Re-record with the ``local`` extra installed:

    .venv/bin/pytest tests/local --record-mode=rewrite

which starts the server for the session. Expected values are read from the cassettes,
so a re-recording with different words still passes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from cassette_reader import interactions
from pydantic import BaseModel
from vcr_setup import local_server_when_recording

from ai_sdk_integrations import (
    aembed_many,
    agenerate_text,
    astream_text,
    embed,
    embed_many,
    embedding_model,
    generate_text,
    language_model,
    stream_text,
    tool,
)
from ai_sdk_integrations.spec import (
    Finish,
    JsonFormat,
    TextDelta,
    ToolCallContent,
    ToolInputDelta,
    ToolInputStart,
)
from ai_sdk_integrations.spec.errors import ServerError

CHAT = "local:smollm2"
EMBED = "local:smollm2-embed"
WEATHER_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string", "description": "City name"}},
    "required": ["city"],
}


@pytest.fixture(scope="module", autouse=True)
def local_server(request: pytest.FixtureRequest) -> Iterator[None]:
    with local_server_when_recording(request.config):
        yield


def weather(arguments: dict[str, Any]) -> dict[str, Any]:
    return {"city": arguments["city"], "temperature_c": 18, "sky": "cloudy"}


def content_of(body: dict[str, Any]) -> str:
    return str(body["choices"][0]["message"]["content"] or "")


def streamed_text(payloads: list[Any]) -> list[str]:
    return [
        p["choices"][0]["delta"]["content"]
        for p in payloads
        if p.get("choices") and p["choices"][0]["delta"].get("content")
    ]


@pytest.mark.vcr
def test_generate_text(vcr: Any) -> None:
    result = generate_text(CHAT, prompt="What is the capital of France?", temperature=0, max_output_tokens=24)
    [call] = interactions(vcr)
    body = call.json
    assert result.text == content_of(body)
    assert result.text  # the model said something
    assert result.raw_finish_reason == body["choices"][0]["finish_reason"]
    assert result.usage.input_tokens.total == body["usage"]["prompt_tokens"]
    assert result.usage.output_tokens.total == body["usage"]["completion_tokens"]
    assert result.response is not None and result.response.id == body["id"]
    assert result.response.model_id == "smollm2"


@pytest.mark.vcr
async def test_agenerate_text_matches_recording(vcr: Any) -> None:
    result = await agenerate_text(CHAT, prompt="Name a primary colour.", temperature=0, max_output_tokens=16)
    [call] = interactions(vcr)
    assert result.text == content_of(call.json)


@pytest.mark.vcr
def test_stream_text_is_incremental(vcr: Any) -> None:
    stream = stream_text(CHAT, prompt="Count from one to five.", temperature=0, max_output_tokens=24)
    deltas = list(stream.text_stream)
    [call] = interactions(vcr)
    expected = streamed_text(call.sse_data)
    assert deltas == expected  # one delta per server chunk, in order: real streaming
    assert len(deltas) > 3
    assert stream.text == "".join(expected)
    last = call.sse_data[-1]["choices"][0]["finish_reason"]
    assert stream.result.raw_finish_reason == last
    # llama-cpp-python ignores stream_options.include_usage: usage is unknown, not zero.
    assert stream.usage.input_tokens.total is None


@pytest.mark.vcr
async def test_astream_text_full_stream(vcr: Any) -> None:
    stream = astream_text(CHAT, prompt="Say hello.", temperature=0, max_output_tokens=12)
    parts = [part async for part in stream.full_stream]
    [call] = interactions(vcr)
    deltas = [p.delta for p in parts if isinstance(p, TextDelta)]
    assert deltas == streamed_text(call.sse_data)
    assert [p.type for p in parts[:3]] == ["stream-start", "response-metadata", "text-start"]
    assert isinstance(parts[-1], Finish)


class Person(BaseModel):
    name: str
    age: int


@pytest.mark.vcr
def test_json_output_through_schema_extension(vcr: Any) -> None:
    result = generate_text(
        CHAT,
        prompt="Invent a person with a name and an age.",
        response_format=JsonFormat(schema=Person.model_json_schema(), name="person"),
        temperature=0,
        max_output_tokens=40,
    )
    [call] = interactions(vcr)
    # The server rejects OpenAI's json_schema; its own extension carries the schema.
    assert call.request_body["response_format"] == {
        "type": "json_object",
        "schema": Person.model_json_schema(),
    }
    person = Person.model_validate_json(result.text)
    assert person == Person.model_validate_json(content_of(call.json))


@pytest.mark.vcr
def test_openai_json_schema_is_rejected_by_this_server(vcr: Any) -> None:
    """What happens without the preset's quirk: a real 500 from the server, not retried."""
    model = language_model(CHAT, structured_outputs="json_schema", max_retries=0)
    with pytest.raises(ServerError) as caught:
        generate_text(
            model,
            prompt="A person as JSON.",
            response_format=JsonFormat(schema=Person.model_json_schema()),
            max_output_tokens=20,
        )
    [call] = interactions(vcr)
    assert call.status == 500
    assert caught.value.status_code == 500
    assert "local" in str(caught.value)


@pytest.mark.vcr
def test_forced_tool_call_then_tool_result_round_trip(vcr: Any) -> None:
    tools = {
        "get_weather": tool(weather, description="Get the weather for a city", parameters=WEATHER_SCHEMA)
    }
    first = generate_text(
        CHAT,
        prompt="What is the weather in Paris?",
        tools=tools,
        tool_choice="get_weather",
        temperature=0,
        max_output_tokens=40,
    )
    wire_call = interactions(vcr)[0].json["choices"][0]["message"]["tool_calls"][0]
    [call] = first.tool_calls
    assert first.finish_reason == "tool-calls"
    assert call.tool_name == wire_call["function"]["name"] == "get_weather"
    assert call.input == json.loads(wire_call["function"]["arguments"])
    assert isinstance(call.input.get("city"), str)
    [executed] = first.tool_results
    assert executed.output == weather(call.input)

    second = generate_text(
        CHAT,
        messages=[{"role": "user", "content": "What is the weather in Paris?"}, *first.response_messages],
        temperature=0,
        max_output_tokens=40,
    )
    recorded = interactions(vcr)
    sent = recorded[1].request_body["messages"]
    # This server answers 500 to content null; the preset's dialect sends "".
    assert sent[1] == {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "id": call.tool_call_id,
                "type": "function",
                "function": {"name": "get_weather", "arguments": json.dumps(call.input)},
            }
        ],
    }
    assert sent[2] == {
        "role": "tool",
        "tool_call_id": call.tool_call_id,
        "content": json.dumps(weather(call.input)),
    }
    # This server's chat template drops role "tool" content; the preset repeats it as user text.
    assert sent[3] == {"role": "user", "content": f"Result of get_weather: {json.dumps(weather(call.input))}"}
    assert recorded[1].status == 200
    assert second.text == content_of(recorded[1].json)


@pytest.mark.vcr
def test_streamed_forced_tool_call(vcr: Any) -> None:
    stream = stream_text(
        CHAT,
        prompt="What is the weather in Rome?",
        tools={"get_weather": tool(description="Get the weather", parameters=WEATHER_SCHEMA)},
        tool_choice="get_weather",
        temperature=0,
        max_output_tokens=40,
    )
    parts = list(stream.full_stream)
    starts = [p for p in parts if isinstance(p, ToolInputStart)]
    fragments = "".join(p.delta for p in parts if isinstance(p, ToolInputDelta))
    [done] = [p for p in parts if isinstance(p, ToolCallContent)]
    assert [s.tool_name for s in starts] == ["get_weather"]
    assert done.input == fragments
    [call] = interactions(vcr)
    wire_fragments = "".join(
        d["function"].get("arguments") or ""
        for p in call.sse_data
        if p.get("choices")
        for d in p["choices"][0]["delta"].get("tool_calls") or []
    )
    assert json.loads(done.input) == json.loads(wire_fragments)
    assert stream.tool_calls[0].input == json.loads(wire_fragments)


@pytest.mark.vcr
def test_auto_tool_choice_is_sent_by_the_preset(vcr: Any) -> None:
    """llama-cpp-python ignores tools unless tool_choice is set; the preset sends auto."""
    generate_text(
        CHAT,
        prompt="What is the weather in Paris?",
        tools={"get_weather": tool(description="Get the weather", parameters=WEATHER_SCHEMA)},
        temperature=0,
        max_output_tokens=40,
    )
    [call] = interactions(vcr)
    assert call.request_body["tool_choice"] == "auto"
    assert call.status == 200


@pytest.mark.vcr
def test_stop_sequence_is_sent_and_honoured(vcr: Any) -> None:
    result = generate_text(
        CHAT,
        prompt="List three fruits, comma separated.",
        stop_sequences=[","],
        temperature=0,
        max_output_tokens=30,
    )
    [call] = interactions(vcr)
    assert call.request_body["stop"] == [","]
    assert "," not in result.text
    assert result.text == content_of(call.json)


@pytest.mark.vcr
def test_embed_and_embed_many_batches(vcr: Any) -> None:
    single = embed(EMBED, "The cat sat on the mat.")
    model = embedding_model(EMBED, max_embeddings_per_call=2)
    values = ["first text", "second text", "third text"]
    many = embed_many(model, values, max_parallel_calls=1)
    recorded = interactions(vcr)
    assert [r.request_body["input"] for r in recorded] == [
        ["The cat sat on the mat."],
        values[:2],
        values[2:],
    ]
    assert single.embedding == recorded[0].json["data"][0]["embedding"]
    assert len(single.embedding) == 576
    vectors = [row["embedding"] for r in recorded[1:] for row in r.json["data"]]
    assert many.embeddings == vectors
    assert many.values == values
    assert many.tokens == sum(r.json["usage"]["prompt_tokens"] for r in recorded[1:])


@pytest.mark.vcr
async def test_aembed_many_matches_recording(vcr: Any) -> None:
    many = await aembed_many(EMBED, ["alpha", "beta"])
    [call] = interactions(vcr)
    assert many.embeddings == [row["embedding"] for row in call.json["data"]]


@pytest.mark.vcr
def test_streamed_auto_tool_choice_is_made_whole_and_replayed(vcr: Any) -> None:
    """This server answers a stream with tools and ``tool_choice: auto`` with no events
    at all; the preset asks for the whole response and replays it, with a warning."""
    stream = stream_text(
        CHAT,
        prompt="What is the weather in Paris?",
        tools={"get_weather": tool(description="Get the weather for a city", parameters=WEATHER_SCHEMA)},
        temperature=0,
        max_output_tokens=40,
    )
    parts = list(stream.full_stream)
    [call] = interactions(vcr)
    assert call.request_body["tool_choice"] == "auto"
    assert "stream" not in call.request_body
    [warning] = stream.warnings
    assert warning.feature == "stream"
    [recorded] = call.json["choices"][0]["message"]["tool_calls"]
    [done] = [p for p in parts if isinstance(p, ToolCallContent)]
    assert (done.tool_name, json.loads(done.input)) == (
        recorded["function"]["name"],
        json.loads(recorded["function"]["arguments"]),
    )
    assert [type(p).__name__ for p in parts if isinstance(p, ToolInputStart | ToolInputDelta)] == [
        "ToolInputStart",
        "ToolInputDelta",
    ]
    assert stream.finish_reason == "tool-calls"
