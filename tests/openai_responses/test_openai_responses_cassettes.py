"""OpenAI's Responses API through the public functions, against cassettes, one per
capability (``cassettes/openai_responses_cassettes/``).

The cassettes were *written* from the documented wire format by ``responses_wire``
(see ``conftest.py`` for the one command that rewrites them, and for re-recording
against the real API). Nothing here hard-codes what the model said: expectations are
read from the cassette's own response, so re-recorded cassettes pass unchanged. What is
asserted besides is structural: the request we sent, and that our parts are the wire's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest
from openai_wire import OPENAI_API, Exchange, cassette_bodies

import ai_sdk_integrations as ai
from ai_sdk_integrations import tool
from ai_sdk_integrations.providers.openai.responses_tools import code_interpreter, file_search, web_search
from ai_sdk_integrations.spec import (
    CallOptions,
    Finish,
    JsonFormat,
    ReasoningContent,
    ResponseMetadata,
    SourceContent,
    StreamError,
    TextDelta,
    TextPart,
    ToolCallContent,
    ToolInputDelta,
    ToolResultContent,
    Usage,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import InvalidRequestError, ServerError

pytestmark = pytest.mark.vcr

MODEL = "openai.responses:gpt-4o-mini"
REASONING_MODEL = "openai.responses:gpt-5-mini"
URL = f"{OPENAI_API}/responses"

WEATHER = {
    "type": "object",
    "properties": {"city": {"type": "string", "description": "City name, e.g. Paris"}},
    "required": ["city"],
    "additionalProperties": False,
}


def weather(args: Mapping[str, Any]) -> dict[str, Any]:
    return {"city": args["city"], "temperature": 18, "conditions": "sunny"}


def tools() -> dict[str, ai.Tool]:
    return {"get_weather": tool(weather, description="Current weather for a city.", parameters=WEATHER)}


def exchanges(cassette: Any) -> list[Exchange]:
    found = cassette_bodies(cassette)
    assert found, "the cassette recorded nothing"
    for exchange in found:
        assert (exchange.method, exchange.uri) == ("POST", URL)
    return found


def output_of(exchange: Exchange, kind: str) -> list[dict[str, Any]]:
    return [item for item in exchange.body["output"] if item["type"] == kind]


def final_response(exchange: Exchange) -> dict[str, Any]:
    """The complete response object of a streamed exchange (its last event)."""
    last = exchange.events[-1]
    assert last["type"] in ("response.completed", "response.incomplete")
    response: dict[str, Any] = last["response"]
    return response


def output_text(response: Mapping[str, Any]) -> str:
    return "".join(
        part["text"]
        for item in response["output"]
        if item["type"] == "message"
        for part in item["content"]
        if part["type"] == "output_text"
    )


def assert_usage(usage: Usage, wire: Mapping[str, Any]) -> None:
    cached = wire["input_tokens_details"]["cached_tokens"]
    reasoning = wire["output_tokens_details"]["reasoning_tokens"]
    assert usage.input_tokens.total == wire["input_tokens"]
    assert usage.input_tokens.cache_read == cached
    assert usage.input_tokens.no_cache == wire["input_tokens"] - cached
    assert usage.output_tokens.total == wire["output_tokens"]
    assert usage.output_tokens.reasoning == reasoning
    assert usage.output_tokens.text == wire["output_tokens"] - reasoning
    assert usage.total_tokens == wire["total_tokens"]
    assert usage.raw == wire


# -- text -------------------------------------------------------------------------------


def test_generate_text(vcr: Any) -> None:
    result = ai.generate_text(MODEL, system="Answer briefly.", prompt="Hello! How are you?")
    (exchange,) = exchanges(vcr)
    assert exchange.request["input"] == [
        {"role": "system", "content": "Answer briefly."},
        {"role": "user", "content": [{"type": "input_text", "text": "Hello! How are you?"}]},
    ]
    assert "stream" not in exchange.request
    body = exchange.body
    assert body["object"] == "response" and body["status"] == "completed"
    assert result.text == output_text(body)
    (message,) = output_of(exchange, "message")
    assert result.content[0].provider_metadata == {"openai": {"itemId": message["id"]}}
    assert result.finish_reason == "stop" and result.raw_finish_reason is None
    assert_usage(result.usage, body["usage"])
    assert result.provider_metadata == {
        "openai": {"responseId": body["id"], "serviceTier": body["service_tier"]}
    }
    assert result.response is not None
    assert result.response.id == body["id"] and result.response.model_id == body["model"]
    assert result.response.timestamp == datetime.fromtimestamp(body["created_at"], tz=UTC)


def test_stream_text(vcr: Any) -> None:
    stream = ai.stream_text(MODEL, prompt="Write a haiku about the sea.")
    parts = list(stream.full_stream)
    (exchange,) = exchanges(vcr)
    assert exchange.request["stream"] is True
    assert exchange.headers["content-type"].startswith("text/event-stream")
    assert [e["sequence_number"] for e in exchange.events] == list(range(len(exchange.events)))
    created = exchange.events[0]["response"]
    (metadata,) = [p for p in parts if isinstance(p, ResponseMetadata)]
    assert (metadata.id, metadata.model_id) == (created["id"], created["model"])
    wire_deltas = [e["delta"] for e in exchange.events if e["type"] == "response.output_text.delta"]
    deltas = [p.delta for p in parts if isinstance(p, TextDelta)]
    assert len(deltas) > 1 and deltas == wire_deltas
    final = final_response(exchange)
    assert stream.text == output_text(final)
    (finish,) = [p for p in parts if isinstance(p, Finish)]
    assert parts[-1] is finish
    assert finish.finish_reason.unified == "stop"
    assert_usage(finish.usage, final["usage"])
    assert finish.provider_metadata == {
        "openai": {"responseId": final["id"], "serviceTier": final["service_tier"]}
    }


# -- function tools -------------------------------------------------------------------------


def test_tool_executed_then_result_sent_back(vcr: Any) -> None:
    first = ai.generate_text(MODEL, prompt="What is the weather in Paris?", tools=tools())
    (call,) = first.tool_calls
    assert call.tool_name == "get_weather" and call.input == {"city": "Paris"}
    assert first.finish_reason == "tool-calls"
    (result,) = first.tool_results
    messages: list[Any] = [
        {"role": "user", "content": "What is the weather in Paris?"},
        *first.response_messages,
    ]
    second = ai.generate_text(MODEL, messages=messages, tools=tools())
    one, two = exchanges(vcr)
    assert one.request["tools"] == [
        {
            "type": "function",
            "name": "get_weather",
            "parameters": WEATHER,
            "strict": False,
            "description": "Current weather for a city.",
        }
    ]
    (wire_call,) = output_of(one, "function_call")
    assert (call.tool_call_id, json.loads(wire_call["arguments"])) == (wire_call["call_id"], call.input)
    sent_call, sent_output = two.request["input"][1:]
    assert {**sent_call, "arguments": json.loads(sent_call["arguments"])} == {
        "type": "function_call",
        "call_id": wire_call["call_id"],
        "name": "get_weather",
        "arguments": json.loads(wire_call["arguments"]),
    }
    assert sent_output == {
        "type": "function_call_output",
        "call_id": wire_call["call_id"],
        "output": json.dumps(result.output),
    }
    assert second.text == output_text(two.body) and second.finish_reason == "stop"


def test_stream_tool_call(vcr: Any) -> None:
    stream = ai.stream_text(
        MODEL, prompt="What is the weather in Tokyo?", tools=tools(), tool_choice="get_weather"
    )
    parts = list(stream.full_stream)
    (exchange,) = exchanges(vcr)
    assert exchange.request["tool_choice"] == {"type": "function", "name": "get_weather"}
    wire = [e["delta"] for e in exchange.events if e["type"] == "response.function_call_arguments.delta"]
    assert len(wire) > 1
    assert [p.delta for p in parts if isinstance(p, ToolInputDelta)] == wire
    (done,) = [e["item"] for e in exchange.events if e["type"] == "response.output_item.done"]
    (call,) = [p for p in parts if isinstance(p, ToolCallContent)]
    assert (call.tool_call_id, call.input) == (
        done["call_id"],
        done["arguments"] == "".join(wire) and done["arguments"],
    )
    assert call.provider_metadata == {"openai": {"itemId": done["id"]}}
    assert stream.finish_reason == "tool-calls"
    assert stream.tool_results[0].output == weather(json.loads(done["arguments"]))


# -- reasoning, store=false -------------------------------------------------------------------


def test_reasoning_encrypted_content_round_trip(vcr: Any) -> None:
    """A reasoning model's tool loop without storage: the second request carries the
    first turn's reasoning item whole, with the encrypted content it came with."""
    options = {"openai": {"store": False, "reasoningSummary": "auto", "reasoningEffort": "low"}}
    question = "What is the weather in Paris?"
    first = ai.generate_text(REASONING_MODEL, prompt=question, tools=tools(), provider_options=options)
    second = ai.generate_text(
        REASONING_MODEL,
        messages=[{"role": "user", "content": question}, *first.response_messages],
        tools=tools(),
        provider_options=options,
    )
    one, two = exchanges(vcr)
    for exchange in (one, two):
        assert exchange.request["store"] is False
        assert exchange.request["include"] == ["reasoning.encrypted_content"]
        assert exchange.request["reasoning"] == {"effort": "low", "summary": "auto"}
    (reasoning,) = output_of(one, "reasoning")
    (part,) = [p for p in first.content if isinstance(p, ReasoningContent)]
    assert part.text == reasoning["summary"][0]["text"]
    assert part.provider_metadata == {
        "openai": {"itemId": reasoning["id"], "reasoningEncryptedContent": reasoning["encrypted_content"]}
    }
    (sent,) = [item for item in two.request["input"] if item.get("type") == "reasoning"]
    assert sent == {
        "type": "reasoning",
        "id": reasoning["id"],
        "summary": reasoning["summary"],
        "encrypted_content": reasoning["encrypted_content"],
    }
    assert [i.get("type") for i in two.request["input"]] == [
        None,
        "reasoning",
        "function_call",
        "function_call_output",
    ]
    assert second.text == output_text(two.body)


def test_stream_reasoning_encrypted_content_round_trip(vcr: Any) -> None:
    """The same loop streamed: the encrypted content sent back is the one the reasoning
    item's ``output_item.done`` carried, not the one its ``added`` event had."""
    options = {"openai": {"store": False, "reasoningSummary": "detailed"}}
    question = "What is the weather in Lisbon?"
    first = ai.stream_text(
        REASONING_MODEL, prompt=question, tools=tools(), provider_options=options
    ).consume()
    messages = [{"role": "user", "content": question}, *first.result.response_messages]
    ai.stream_text(REASONING_MODEL, messages=messages, tools=tools(), provider_options=options).consume()
    one, two = exchanges(vcr)
    (done,) = [
        e["item"]
        for e in one.events
        if e["type"] == "response.output_item.done" and e["item"]["type"] == "reasoning"
    ]
    (sent,) = [item for item in two.request["input"] if item.get("type") == "reasoning"]
    assert sent["encrypted_content"] == done["encrypted_content"]
    assert sent["id"] == done["id"] and sent["summary"] == done["summary"]


def test_previous_response_id(vcr: Any) -> None:
    first = ai.generate_text(MODEL, prompt="Tell me a joke about cats.")
    response_id = first.provider_metadata["openai"]["responseId"]  # type: ignore[index]
    second = ai.generate_text(
        MODEL,
        prompt="Thanks! Now tell me a joke about dogs.",
        provider_options={"openai": {"previousResponseId": response_id}},
    )
    one, two = exchanges(vcr)
    assert two.request["previous_response_id"] == one.body["id"]
    assert two.body["previous_response_id"] == one.body["id"]
    assert second.text == output_text(two.body)


# -- built-in tools ------------------------------------------------------------------------


def test_web_search_citations(vcr: Any) -> None:
    model = ai.language_model(MODEL)
    options = CallOptions(
        prompt=[UserMessage([TextPart("What is the latest news in Berlin?")])], tools=[web_search()]
    )
    result = model.generate(options)
    (exchange,) = exchanges(vcr)
    assert exchange.request["tools"] == [{"type": "web_search"}]
    assert exchange.request["include"] == ["web_search_call.action.sources"]
    (search,) = output_of(exchange, "web_search_call")
    call, tool_result = [p for p in result.content if isinstance(p, (ToolCallContent, ToolResultContent))]
    assert isinstance(call, ToolCallContent) and call.provider_executed
    assert (call.tool_call_id, call.tool_name) == (search["id"], "web_search")
    assert isinstance(tool_result, ToolResultContent)
    assert tool_result.result == {
        "action": {"type": "search", "query": search["action"]["query"]},
        "sources": search["action"]["sources"],
    }
    (message,) = output_of(exchange, "message")
    annotations = message["content"][0]["annotations"]
    sources = [p for p in result.content if isinstance(p, SourceContent)]
    assert [(s.source_type, s.url, s.title) for s in sources] == [
        ("url", a["url"], a["title"]) for a in annotations if a["type"] == "url_citation"
    ]
    assert result.finish_reason.unified == "stop"


def test_stream_web_search_citations(vcr: Any) -> None:
    model = ai.language_model(MODEL)
    question = "Search the web: what is happening in Paris today?"
    parts = list(model.stream(CallOptions(prompt=[UserMessage([TextPart(question)])], tools=[web_search()])))
    (exchange,) = exchanges(vcr)
    kinds = {e["type"] for e in exchange.events}
    assert {"response.web_search_call.searching", "response.output_text.annotation.added"} <= kinds
    annotations = [
        e["annotation"] for e in exchange.events if e["type"] == "response.output_text.annotation.added"
    ]
    assert [p.url for p in parts if isinstance(p, SourceContent)] == [a["url"] for a in annotations]
    call, result = [p for p in parts if isinstance(p, (ToolCallContent, ToolResultContent))]
    assert isinstance(call, ToolCallContent) and call.provider_executed
    assert isinstance(result, ToolResultContent) and result.tool_call_id == call.tool_call_id
    (finish,) = [p for p in parts if isinstance(p, Finish)]
    assert finish.finish_reason.unified == "stop"


def test_file_search(vcr: Any) -> None:
    model = ai.language_model(MODEL)
    tool_ = file_search(["vs_68caad8bd5d88191ab766cf043d89a18"], max_num_results=5)
    options = CallOptions(
        prompt=[UserMessage([TextPart("What does the uploaded document say about embedding models?")])],
        tools=[tool_],
        provider_options={"openai": {"include": ["file_search_call.results"]}},
    )
    result = model.generate(options)
    (exchange,) = exchanges(vcr)
    assert exchange.request["tools"] == [
        {
            "type": "file_search",
            "vector_store_ids": ["vs_68caad8bd5d88191ab766cf043d89a18"],
            "max_num_results": 5,
        }
    ]
    (search,) = output_of(exchange, "file_search_call")
    (tool_result,) = [p for p in result.content if isinstance(p, ToolResultContent)]
    assert tool_result.result["queries"] == search["queries"]
    assert [r["fileId"] for r in tool_result.result["results"]] == [r["file_id"] for r in search["results"]]
    (source,) = [p for p in result.content if isinstance(p, SourceContent)]
    citation = output_of(exchange, "message")[0]["content"][0]["annotations"][0]
    assert (source.source_type, source.filename) == ("document", citation["filename"])
    assert source.provider_metadata == {
        "openai": {"type": "file_citation", "fileId": citation["file_id"], "index": citation["index"]}
    }


def test_stream_code_interpreter(vcr: Any) -> None:
    model = ai.language_model(MODEL)
    options = CallOptions(
        prompt=[UserMessage([TextPart("Calculate 12 * 7 + 3 with Python.")])], tools=[code_interpreter()]
    )
    parts = list(model.stream(options))
    (exchange,) = exchanges(vcr)
    assert exchange.request["tools"] == [{"type": "code_interpreter", "container": {"type": "auto"}}]
    assert exchange.request["include"] == ["code_interpreter_call.outputs"]
    (done,) = [
        e["item"]
        for e in exchange.events
        if e["type"] == "response.output_item.done" and e["item"]["type"] == "code_interpreter_call"
    ]
    (call,) = [p for p in parts if isinstance(p, ToolCallContent)]
    assert call.provider_executed and json.loads(call.input) == {
        "code": done["code"],
        "containerId": done["container_id"],
    }
    streamed = "".join(p.delta for p in parts if isinstance(p, ToolInputDelta) and p.id == call.tool_call_id)
    assert json.loads(streamed) == json.loads(call.input)
    (result,) = [p for p in parts if isinstance(p, ToolResultContent)]
    assert result.result == {"outputs": done["outputs"]}


# -- structured output, limits, errors ---------------------------------------------------------


def test_structured_output(vcr: Any) -> None:
    schema = {
        "type": "object",
        "properties": {"setup": {"type": "string"}, "punchline": {"type": "string"}},
        "required": ["setup", "punchline"],
        "additionalProperties": False,
    }
    result = ai.generate_text(
        MODEL,
        prompt="Tell me a joke about cats.",
        response_format=JsonFormat(schema, name="joke"),
        provider_options={"openai": {"strictJsonSchema": True}},
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request["text"] == {
        "format": {"type": "json_schema", "name": "joke", "schema": schema, "strict": True}
    }
    joke = json.loads(result.text)
    assert set(joke) == {"setup", "punchline"} and result.text == output_text(exchange.body)


def test_incomplete_max_output_tokens(vcr: Any) -> None:
    result = ai.generate_text(MODEL, prompt="Write a story about a cat.", max_output_tokens=16)
    (exchange,) = exchanges(vcr)
    assert exchange.request["max_output_tokens"] == 16
    assert exchange.body["status"] == "incomplete"
    assert result.finish_reason == "length"
    assert result.raw_finish_reason == exchange.body["incomplete_details"]["reason"] == "max_output_tokens"


def test_unknown_parameter_is_a_400(vcr: Any) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_text(MODEL, prompt="Hi", provider_options={"openai": {"notAParameter": 1}}, max_retries=0)
    (exchange,) = exchanges(vcr)
    assert exchange.status == 400
    assert exchange.body == {
        "error": {
            "message": "Unknown parameter: 'notAParameter'.",
            "type": "invalid_request_error",
            "param": "notAParameter",
            "code": "unknown_parameter",
        }
    }
    assert caught.value.status_code == 400 and "Unknown parameter: 'notAParameter'." in str(caught.value)


@pytest.mark.openai_responses_written
def test_mid_stream_error(vcr: Any) -> None:
    """A ``server_error`` event after some text: a typed, retryable error carrying the
    text received so far."""
    model = ai.language_model(MODEL)
    parts = list(model.stream(CallOptions(prompt=[UserMessage([TextPart("Say hello. STREAM_ERROR")])])))
    exchange = exchanges(vcr)[0]
    assert [e["type"] for e in exchange.events[-2:]] == ["error", "response.failed"]
    (error,) = [p for p in parts if isinstance(p, StreamError)]
    assert isinstance(error.error, ServerError) and error.error.is_retryable
    assert "server_error" in str(error.error)
    finish = parts[-1]
    assert isinstance(finish, Finish) and finish.finish_reason.unified == "error"
    with pytest.raises(ServerError) as caught:
        _ = ai.stream_text(model, prompt="Say hello. STREAM_ERROR").consume().text
    assert caught.value.partial_text


def test_generate_text_takes_a_provider_tool_and_sends_its_call_back_by_reference(vcr: Any) -> None:
    """``tools=`` takes OpenAI's built-in tools beside your own; the provider runs them,
    so nothing is executed here and no result is invented, and the next turn refers to
    the stored call (``item_reference``) instead of sending a function_call_output."""
    first = ai.generate_text(
        MODEL, prompt="What is the latest news in Berlin?", tools={"web_search": web_search()}
    )
    [call] = first.tool_calls
    assert call.provider_executed and call.error is None
    assert first.tool_results == []
    [assistant] = first.response_messages
    kinds = [part.type for part in assistant.content]  # type: ignore[attr-defined]
    assert kinds[:2] == ["tool-call", "tool-result"]

    ai.generate_text(
        MODEL,
        messages=[
            {"role": "user", "content": "What is the latest news in Berlin?"},
            assistant,
            {"role": "user", "content": "Thanks!"},
        ],
        tools={"web_search": web_search()},
    )
    sent_first, sent_second = exchanges(vcr)
    [search] = output_of(sent_first, "web_search_call")
    second_input = sent_second.request["input"]
    assert {"type": "item_reference", "id": search["id"]} in second_input
    assert not any(item.get("type") == "function_call_output" for item in second_input)


def test_chat_openai_spellings_reach_the_responses_api_with_built_in_tools(vcr: Any) -> None:
    """As with ChatOpenAI: ``use_responses_api=True`` and OpenAI's built-in tool dicts in
    ``bind_tools``; the search's citations arrive as the answer's sources."""
    from ai_sdk_integrations.langchain import ChatAISDK

    llm = ChatAISDK(model="openai:gpt-4o-mini", use_responses_api=True)
    answer = llm.bind_tools([{"type": "web_search", "search_context_size": "low"}]).invoke(
        "What is the latest news in Berlin?"
    )
    [exchange] = exchanges(vcr)
    assert exchange.request["tools"] == [{"type": "web_search", "search_context_size": "low"}]
    [message] = output_of(exchange, "message")
    assert answer.text == message["content"][0]["text"]
    cited = [a["url"] for a in message["content"][0]["annotations"] if a["type"] == "url_citation"]
    assert [s["url"] for s in answer.additional_kwargs["sources"]] == cited
