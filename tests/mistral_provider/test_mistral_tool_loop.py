"""A two-turn tool loop on Mistral through ``generate_text``, ``ChatAISDK`` and ``AISDK``.

The first turn calls a tool; the second sends the conversation back. The assertion is
on the second recorded request: the assistant's call (Mistral's nine-character id,
``type: "function"``, arguments as a JSON string) and the tool's result as a
``role: "tool"`` message with the tool's ``name`` and the same ``tool_call_id``, exactly
as Mistral's API takes them (``mistral_wire`` refuses anything else). Cassettes in
``cassettes/mistral_tool_loop/`` (written; see ``test_mistral_cassettes``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from mistral_wire import MISTRAL_API
from openai_wire import Exchange, cassette_bodies
from pydantic import BaseModel

import ai_sdk_integrations as ai

pytestmark = pytest.mark.vcr

MODEL = "mistral:mistral-small-latest"
QUESTION = "What's the weather in Lisbon right now?"


class WeatherArgs(BaseModel):
    city: str


def get_weather(city: str) -> str:
    """Current weather for a city."""
    return f"It is sunny and 18 degrees in {city}."


def assert_second_request_carries_the_turn(vcr: Any) -> None:
    asked, answered = cassette_bodies(vcr)
    for exchange in (asked, answered):
        assert exchange.uri == f"{MISTRAL_API}/chat/completions" and exchange.status == 200
    (call,) = wire_calls(asked)
    arguments = json.loads(call["function"]["arguments"])
    sent = answered.request["messages"]
    assert sent[0] == {"role": "user", "content": [{"type": "text", "text": QUESTION}]}
    assistant = sent[1]
    assert assistant["role"] == "assistant" and set(assistant) <= {"role", "content", "tool_calls"}
    (sent_call,) = assistant["tool_calls"]
    assert sent_call["id"] == call["id"] and len(call["id"]) == 9
    assert sent_call["type"] == "function" and sent_call["function"]["name"] == "get_weather"
    assert json.loads(sent_call["function"]["arguments"]) == arguments
    assert sent[2] == {
        "role": "tool",
        "name": "get_weather",
        "tool_call_id": call["id"],
        "content": get_weather(**arguments),
    }
    assert len(sent) == 3


def wire_calls(exchange: Exchange) -> list[dict[str, Any]]:
    if exchange.body is not None:
        return list(exchange.body["choices"][0]["message"]["tool_calls"])
    return [
        c
        for e in exchange.events
        if e.get("choices")
        for c in e["choices"][0]["delta"].get("tool_calls") or ()
    ]


@pytest.mark.parametrize("streaming", [False, True], ids=["generate", "stream"])
def test_generate_text_two_turn_tool_loop(vcr: Any, streaming: bool) -> None:
    tools = {"get_weather": ai.tool(lambda args: get_weather(args.city), parameters=WeatherArgs)}
    if streaming:
        stream = ai.stream_text(MODEL, prompt=QUESTION, tools=tools)
        stream.consume()
        first = stream.result
    else:
        first = ai.generate_text(MODEL, prompt=QUESTION, tools=tools)
    assert first.tool_results
    second = ai.generate_text(
        MODEL, messages=[{"role": "user", "content": QUESTION}, *first.response_messages]
    )
    assert second.text
    assert_second_request_carries_the_turn(vcr)


@pytest.mark.parametrize("streaming", [False, True], ids=["invoke", "stream"])
def test_chat_aisdk_two_turn_tool_loop(vcr: Any, streaming: bool) -> None:
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
    from langchain_core.tools import tool

    from ai_sdk_integrations.langchain import ChatAISDK

    weather = tool(get_weather)
    llm = ChatAISDK(model=MODEL, streaming=streaming).bind_tools([weather])
    history: list[Any] = [HumanMessage(QUESTION)]
    first = llm.invoke(history)
    assert isinstance(first, AIMessage) and first.tool_calls
    history.append(first)
    for call in first.tool_calls:
        history.append(ToolMessage(weather.invoke(call["args"]), tool_call_id=call["id"]))
    second = llm.invoke(history)
    assert isinstance(second, AIMessage) and second.text
    assert_second_request_carries_the_turn(vcr)


@pytest.mark.parametrize("streaming", [False, True], ids=["chat", "stream_chat"])
def test_aisdk_two_turn_tool_loop(vcr: Any, streaming: bool) -> None:
    from llama_index.core.base.llms.types import ChatMessage, MessageRole
    from llama_index.core.tools import FunctionTool

    from ai_sdk_integrations.llama_index import AISDK

    weather = FunctionTool.from_defaults(get_weather)
    llm = AISDK(model=MODEL)
    history = [ChatMessage(role=MessageRole.USER, content=QUESTION)]
    if streaming:
        *_, first = llm.stream_chat_with_tools([weather], chat_history=history)
    else:
        first = llm.chat_with_tools([weather], chat_history=history)
    calls = llm.get_tool_calls_from_response(first)
    assert calls
    history.append(first.message)
    for call in calls:
        history.append(
            ChatMessage(
                role=MessageRole.TOOL,
                content=str(weather.call(**call.tool_kwargs)),
                additional_kwargs={"tool_call_id": call.tool_id, "name": call.tool_name},
            )
        )
    second = llm.chat_with_tools([weather], chat_history=history)
    assert second.message.content
    assert_second_request_carries_the_turn(vcr)
