"""Structured output as ChatOpenAI users write it, checked on the recorded requests of
the scripted loopback server: strict JSON schemas OpenAI's strict mode accepts, a
pydantic class as a call's ``response_format``, and JSON mode's token cap and its error
when a server ignores it."""

from __future__ import annotations

from typing import Any

import pytest
from http_loopback import API_KEY, Reply, ScriptedServer, completion, json_reply, retry_delays, server, sse
from langchain_core.exceptions import OutputParserException
from langchain_core.messages import AIMessage, AIMessageChunk
from pydantic import BaseModel, Field

from ai_sdk_integrations.integrations.langchain._errors import JsonModeIgnoredError
from ai_sdk_integrations.integrations.langchain._structured import JSON_MODE_MAX_TOKENS
from ai_sdk_integrations.langchain import ChatAISDK
from ai_sdk_integrations.spec.errors import InvalidResponseDataError

__all__ = ["retry_delays", "server"]  # the loopback fixtures


class Address(BaseModel):
    street: str
    city: str = "Paris"


class Person(BaseModel):
    """A person."""

    name: str = Field(description="Full name")
    age: int | None = None
    nickname: str = "none"
    home: Address
    previous: list[Address] = Field(default_factory=list)


PERSON = Person(name="Ada", age=36, nickname="none", home=Address(street="Rue 1", city="Paris"), previous=[])


def llm(url: str, model: str = "openai:gpt-4o-mini", **settings: Any) -> ChatAISDK:
    return ChatAISDK(model=model, base_url=url, api_key=API_KEY, max_retries=0, **settings)


def strict_mode_violations(schema: Any, path: str = "$") -> list[str]:
    """What OpenAI's strict mode refuses: an object that allows extra keys or leaves a
    property out of ``required``, and ``default`` anywhere (``$defs`` included)."""
    found: list[str] = []
    if isinstance(schema, list):
        for n, item in enumerate(schema):
            found += strict_mode_violations(item, f"{path}[{n}]")
        return found
    if not isinstance(schema, dict):
        return found
    if "default" in schema:
        found.append(f"{path}: default")
    if schema.get("type") == "object" or "properties" in schema:
        if schema.get("additionalProperties") is not False:
            found.append(f"{path}: additionalProperties is not false")
        if sorted(schema.get("required") or []) != sorted(schema.get("properties") or {}):
            found.append(f"{path}: not every property is required")
    for key, value in schema.items():
        found += strict_mode_violations(value, f"{path}.{key}")
    return found


def test_the_strictness_checker_sees_pydantic_defaults() -> None:
    assert strict_mode_violations(Person.model_json_schema())


def test_json_schema_strict_sends_a_schema_strict_mode_accepts(server: ScriptedServer) -> None:
    server.queue(json_reply(completion(PERSON.model_dump_json())))
    runnable = llm(server.url).with_structured_output(Person, method="json_schema", strict=True)
    assert runnable.invoke("Invent a person") == PERSON
    [request] = server.requests
    sent = request.json["response_format"]
    assert sent["type"] == "json_schema"
    assert sent["json_schema"]["strict"] is True and sent["json_schema"]["name"] == "Person"
    schema = sent["json_schema"]["schema"]
    assert strict_mode_violations(schema) == []
    assert {"type": "null"} in schema["properties"]["age"]["anyOf"]  # optional stays optional: nullable
    assert schema["properties"]["nickname"]["type"] == ["string", "null"]


def test_json_schema_without_strict_sends_the_schema_as_written(server: ScriptedServer) -> None:
    server.queue(json_reply(completion(PERSON.model_dump_json())))
    llm(server.url).with_structured_output(Person, method="json_schema").invoke("Invent a person")
    sent = server.requests[0].json["response_format"]["json_schema"]
    assert "strict" not in sent
    assert sent["schema"]["properties"]["nickname"]["default"] == "none"


def test_function_calling_strict_sends_a_strict_tool(server: ScriptedServer) -> None:
    body = completion("")
    body["choices"][0]["message"]["tool_calls"] = [
        {
            "id": "call_1",
            "type": "function",
            "function": {"name": "Person", "arguments": PERSON.model_dump_json()},
        }
    ]
    server.queue(json_reply(body))
    runnable = llm(server.url).with_structured_output(Person, method="function_calling", strict=True)
    assert runnable.invoke("Invent a person") == PERSON
    [tool] = server.requests[0].json["tools"]
    assert tool["function"]["strict"] is True
    assert strict_mode_violations(tool["function"]["parameters"]) == []


def test_strict_reaches_the_upstream_vendor_behind_the_gateway(server: ScriptedServer) -> None:
    result = {
        "content": [{"type": "text", "text": PERSON.model_dump_json()}],
        "finishReason": {"unified": "stop", "raw": "stop"},
        "usage": {"inputTokens": {"total": 5}, "outputTokens": {"total": 9}},
    }
    server.queue(json_reply(result))
    model = llm(server.url, "gateway:openai/gpt-4o-mini")
    assert model.with_structured_output(Person, method="json_schema", strict=True).invoke("hi") == PERSON
    body = server.requests[0].json
    assert body["providerOptions"] == {"openai": {"strictJsonSchema": True}}
    assert body["responseFormat"]["name"] == "Person"


def test_a_strict_response_format_dict_reaches_the_upstream_vendor_too(server: ScriptedServer) -> None:
    """What langchain's create_agent binds (OpenAI's ``response_format`` dict)."""
    result = {
        "content": [{"type": "text", "text": "{}"}],
        "finishReason": {"unified": "stop", "raw": "stop"},
        "usage": {"inputTokens": {"total": 5}, "outputTokens": {"total": 1}},
    }
    server.queue(json_reply(result))
    response_format = {
        "type": "json_schema",
        "json_schema": {"name": "Person", "schema": Person.model_json_schema(), "strict": True},
    }
    llm(server.url, "gateway:openai/gpt-4o-mini").invoke("hi", response_format=response_format)
    assert server.requests[0].json["providerOptions"] == {"openai": {"strictJsonSchema": True}}


# -- a pydantic class as a call's response_format ----------------------------------------


class Weather(BaseModel):
    city: str
    temperature_c: int


def stream_of(text: str) -> Reply:
    chunks = [
        sse(
            {
                **completion(""),
                "object": "chat.completion.chunk",
                "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
            }
        )
        for piece in (text[:5], text[5:])
    ]
    finish = {"index": 0, "delta": {}, "finish_reason": "stop"}
    chunks += [sse({**completion(""), "object": "chat.completion.chunk", "choices": [finish]}), sse("[DONE]")]
    return Reply(200, {"content-type": "text/event-stream"}, chunks=chunks)


@pytest.mark.parametrize("how", ["invoke", "bind", "stream"])
def test_a_pydantic_class_as_response_format(server: ScriptedServer, how: str) -> None:
    answer = Weather(city="Paris", temperature_c=18)
    model = llm(server.url)
    if how == "stream":
        server.queue(stream_of(answer.model_dump_json()))
        total: AIMessageChunk | None = None
        for chunk in model.stream("Weather in Paris?", response_format=Weather):
            total = chunk if total is None else total + chunk
        message: AIMessage | AIMessageChunk | None = total
    else:
        server.queue(json_reply(completion(answer.model_dump_json())))
        runnable = model.bind(response_format=Weather) if how == "bind" else model
        message = runnable.invoke(
            "Weather in Paris?", **({} if how == "bind" else {"response_format": Weather})
        )
    assert message is not None
    assert message.additional_kwargs["parsed"] == answer  # as ChatOpenAI gives it
    sent = server.requests[0].json["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["name"] == "Weather"
    assert sent["json_schema"]["schema"] == Weather.model_json_schema()


def test_an_answer_that_does_not_fit_the_class_parses_to_none(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("It is sunny.")))
    message = llm(server.url).invoke("Weather?", response_format=Weather)
    assert message.additional_kwargs["parsed"] is None and message.text == "It is sunny."


# -- JSON mode -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "settings", "cap"),
    [
        ("openai:gpt-4o-mini", {}, JSON_MODE_MAX_TOKENS),
        ("openai:gpt-4o-mini", {"max_tokens": 300}, 300),  # the model's own setting wins
        ("local:smollm2", {}, 1024),  # a model whose own output limit is lower
    ],
)
def test_json_mode_caps_the_answer_when_the_model_has_no_max_tokens(
    server: ScriptedServer, model: str, settings: dict[str, Any], cap: int
) -> None:
    server.queue(json_reply(completion('{"name": "Ada"}')))
    runnable = llm(server.url, model, **settings).with_structured_output(None, method="json_mode")
    assert runnable.invoke("Invent a person, as JSON") == {"name": "Ada"}
    body = server.requests[0].json
    assert body.get("max_completion_tokens", body.get("max_tokens")) == cap
    assert body["response_format"]["type"] == "json_object"
    assert JSON_MODE_MAX_TOKENS == 4096


def test_a_per_call_max_tokens_still_wins_over_the_cap(server: ScriptedServer) -> None:
    server.queue(json_reply(completion('{"name": "Ada"}')))
    llm(server.url).with_structured_output(None, method="json_mode").invoke("JSON please", max_tokens=50)
    assert server.requests[0].json["max_completion_tokens"] == 50


IGNORED = "Sure! Here is a person: Ada, 36, lives in Paris."


@pytest.mark.parametrize("schema", [None, Person], ids=["dict", "pydantic"])
@pytest.mark.parametrize("how", ["invoke", "stream"])
def test_json_mode_ignored_by_the_server_is_a_clear_error(
    server: ScriptedServer, schema: Any, how: str
) -> None:
    server.queue(stream_of(IGNORED) if how == "stream" else json_reply(completion(IGNORED)))
    runnable = llm(server.url).with_structured_output(schema, method="json_mode")
    with pytest.raises(JsonModeIgnoredError) as caught:
        if how == "stream":
            list(runnable.stream("Invent a person"))
        else:
            runnable.invoke("Invent a person")
    error = caught.value
    assert isinstance(error, InvalidResponseDataError) and isinstance(error, OutputParserException)
    assert "openai:gpt-4o-mini ignored JSON mode" in str(error) and "Sure! Here is a person" in str(error)
    assert error.llm_output == IGNORED and error.provider == "openai"


def test_json_mode_ignored_with_include_raw_keeps_the_answer(server: ScriptedServer) -> None:
    server.queue(json_reply(completion(IGNORED)))
    out = llm(server.url).with_structured_output(None, method="json_mode", include_raw=True).invoke("hi")
    assert out["parsed"] is None and out["raw"].text == IGNORED
    assert isinstance(out["parsing_error"], JsonModeIgnoredError)


def test_json_that_does_not_fit_the_schema_is_langchain_parsing_error_not_ours(
    server: ScriptedServer,
) -> None:
    server.queue(json_reply(completion('{"unrelated": true}')))
    with pytest.raises(OutputParserException) as caught:
        llm(server.url).with_structured_output(Person, method="json_mode").invoke("Invent a person")
    assert not isinstance(caught.value, JsonModeIgnoredError)


def test_fenced_json_is_accepted_as_langchain_accepts_it(server: ScriptedServer) -> None:
    server.queue(json_reply(completion('```json\n{"name": "Ada"}\n```')))
    assert llm(server.url).with_structured_output(None, method="json_mode").invoke("hi") == {"name": "Ada"}
