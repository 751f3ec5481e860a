"""A two-turn tool loop on Cohere from each entry point: the second request carries the
assistant's tool call (with its tool plan) and the tool's result in Cohere's shape.

Cassettes in ``cassettes/cohere_tool_loop/``, written from Cohere's wire format like
the others (``AI_SDK_WRITE_CASSETTES=1 ... --record-mode=rewrite``; see
``cassettes/README.md``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from cohere_wire import COHERE_API
from langchain_core.messages import HumanMessage, ToolMessage
from llama_index.core.base.llms.types import ChatMessage, MessageRole
from llama_index.core.tools import FunctionTool
from openai_wire import Exchange, cassette_bodies

import ai_sdk_integrations as ai
from ai_sdk_integrations import tool
from ai_sdk_integrations.langchain import ChatAISDK
from ai_sdk_integrations.llama_index import AISDK

pytestmark = pytest.mark.vcr

MODEL = "cohere:command-a-03-2025"
QUESTION = "What is the weather in Paris? Use the get_weather tool."


def get_weather(city: str) -> str:
    """Current weather for a city."""
    return f"Sunny and 18 degrees in {city}."


def exchanges(vcr: Any) -> tuple[Exchange, Exchange]:
    asked, answered = cassette_bodies(vcr)
    for exchange in (asked, answered):
        assert exchange.uri == f"{COHERE_API}/chat" and exchange.status == 200
    return asked, answered


def asked_call(asked: Exchange) -> tuple[dict[str, Any], str]:
    """The tool call and tool plan of the first answer (a body or a stream)."""
    if asked.events:
        (start,) = [e for e in asked.events if e["type"] == "tool-call-start"]
        call = start["delta"]["message"]["tool_calls"]
        arguments = "".join(
            e["delta"]["message"]["tool_calls"]["function"]["arguments"]
            for e in asked.events
            if e["type"] == "tool-call-delta"
        )
        call = {**call, "function": {**call["function"], "arguments": arguments}}
        plan = "".join(
            e["delta"]["message"]["tool_plan"] for e in asked.events if e["type"] == "tool-plan-delta"
        )
        return call, plan
    message = asked.body["message"]
    (call,) = message["tool_calls"]
    return call, message["tool_plan"]


def assert_second_request(answered: Exchange, asked: Exchange, result: str) -> None:
    call, plan = asked_call(asked)
    user, assistant, tool_message = answered.request["messages"]
    assert user == {"role": "user", "content": QUESTION}
    (sent,) = assistant.pop("tool_calls")
    assert assistant == {"role": "assistant", "tool_plan": plan}
    assert sent["id"] == call["id"] and sent["type"] == "function"
    assert sent["function"]["name"] == call["function"]["name"] == "get_weather"
    assert json.loads(sent["function"]["arguments"]) == json.loads(call["function"]["arguments"])
    assert tool_message == {"role": "tool", "tool_call_id": call["id"], "content": result}


def test_generate_text(vcr: Any) -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    tools = {
        "get_weather": tool(
            lambda args: get_weather(args["city"]), description="Current weather.", parameters=schema
        )
    }
    first = ai.generate_text(MODEL, prompt=QUESTION, tools=tools)
    history = [{"role": "user", "content": QUESTION}, *first.response_messages]
    second = ai.generate_text(MODEL, messages=history, tools=tools)
    asked, answered = exchanges(vcr)
    (result,) = first.tool_results
    assert_second_request(answered, asked, result.output)
    assert second.text and second.finish_reason == "stop"


def test_chat_aisdk(vcr: Any) -> None:
    model = ChatAISDK(model=MODEL).bind_tools([get_weather])
    messages: list[Any] = [HumanMessage(QUESTION)]
    first = model.invoke(messages)
    (call,) = first.tool_calls
    output = get_weather(**call["args"])
    messages += [first, ToolMessage(output, tool_call_id=call["id"])]
    second = model.stream(messages)
    text = "".join(str(chunk.content) for chunk in second)
    asked, answered = exchanges(vcr)
    assert_second_request(answered, asked, output)
    assert text


async def test_aisdk(vcr: Any) -> None:
    llm = AISDK(model=MODEL)
    weather = FunctionTool.from_defaults(get_weather)
    first = await llm.achat_with_tools([weather], user_msg=QUESTION)
    (selection,) = llm.get_tool_calls_from_response(first)
    output = get_weather(**selection.tool_kwargs)
    history = [
        ChatMessage(role=MessageRole.USER, content=QUESTION),
        first.message,
        ChatMessage(
            role=MessageRole.TOOL,
            content=output,
            additional_kwargs={"tool_call_id": selection.tool_id, "name": selection.tool_name},
        ),
    ]
    second = await llm.achat_with_tools([weather], chat_history=history)
    asked, answered = exchanges(vcr)
    assert_second_request(answered, asked, output)
    assert second.message.content
