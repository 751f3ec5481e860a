"""A reasoning model's two-turn tool loop without storage (``store: false``) from both
framework adapters: the second request must carry the first turn's reasoning item
whole, with the ``encrypted_content`` OpenAI returned (asserted on the recorded
request). ``cassettes/openai_responses_round_trip/``; ``conftest.py`` has the command
that writes them. The plain functions' loop is in ``test_openai_responses_cassettes``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage
from llama_index.core.base.llms.types import ChatMessage, MessageRole
from llama_index.core.tools import FunctionTool
from openai_wire import Exchange, cassette_bodies

from ai_sdk_integrations.langchain import ChatAISDK
from ai_sdk_integrations.llama_index import AISDK

pytestmark = pytest.mark.vcr

MODEL = "openai.responses:gpt-5-mini"
OPTIONS = {"openai": {"store": False, "reasoningSummary": "auto"}}
QUESTION = "What is the weather in Paris?"


def get_weather(city: str) -> str:
    """Current weather for a city."""
    return json.dumps({"city": city, "temperature": 18, "conditions": "sunny"})


def reasoning_of(exchange: Exchange) -> dict[str, Any]:
    output = exchange.body["output"] if exchange.body else final_output(exchange)
    [item] = [i for i in output if i["type"] == "reasoning"]
    return item


def final_output(exchange: Exchange) -> list[dict[str, Any]]:
    [done] = [e for e in exchange.events if e["type"] == "response.completed"]
    output: list[dict[str, Any]] = done["response"]["output"]
    return output


def assert_reasoning_sent_back(cassette: Any) -> None:
    first, second = cassette_bodies(cassette)
    returned = reasoning_of(first)
    assert returned["encrypted_content"]
    assert first.request["include"] == second.request["include"] == ["reasoning.encrypted_content"]
    [sent] = [item for item in second.request["input"] if item.get("type") == "reasoning"]
    assert sent["id"] == returned["id"]
    assert sent["encrypted_content"] == returned["encrypted_content"]
    assert sent["summary"] == returned["summary"]
    kinds = [item.get("type", item.get("role")) for item in second.request["input"]]
    assert kinds == ["user", "reasoning", "function_call", "function_call_output"]


def langchain_turns(model: Any, *, stream: bool) -> list[BaseMessage]:
    def ask(messages: list[BaseMessage]) -> AIMessage:
        if not stream:
            answer = model.invoke(messages)
            assert isinstance(answer, AIMessage)
            return answer
        full: AIMessageChunk | None = None
        for chunk in model.stream(messages):
            full = chunk if full is None else full + chunk
        assert full is not None
        return full

    messages: list[BaseMessage] = [HumanMessage(QUESTION)]
    first = ask(messages)
    [call] = first.tool_calls
    messages += [first, ToolMessage(get_weather(**call["args"]), tool_call_id=call["id"])]
    messages.append(ask(messages))
    return messages


@pytest.mark.parametrize("stream", [False, True], ids=["invoke", "stream"])
def test_chat_aisdk_sends_encrypted_reasoning_back(vcr: Any, stream: bool) -> None:
    model = ChatAISDK(model=MODEL, provider_options=OPTIONS).bind_tools([get_weather])
    messages = langchain_turns(model, stream=stream)
    assert isinstance(messages[-1], AIMessage) and messages[-1].text
    assert_reasoning_sent_back(vcr)


@pytest.mark.parametrize("stream", [False, True], ids=["chat", "stream_chat"])
def test_aisdk_sends_encrypted_reasoning_back(vcr: Any, stream: bool) -> None:
    llm = AISDK(model=MODEL, provider_options=OPTIONS)
    tool = FunctionTool.from_defaults(fn=get_weather)
    if stream:
        *_, response = llm.stream_chat_with_tools([tool], user_msg=QUESTION)
    else:
        response = llm.chat_with_tools([tool], user_msg=QUESTION)
    [selection] = llm.get_tool_calls_from_response(response, error_on_no_tool_call=True)
    history = [
        ChatMessage(role=MessageRole.USER, content=QUESTION),
        response.message,
        ChatMessage(
            role=MessageRole.TOOL,
            content=get_weather(**selection.tool_kwargs),
            additional_kwargs={"tool_call_id": selection.tool_id, "name": selection.tool_name},
        ),
    ]
    final = llm.chat_with_tools([tool], chat_history=history)
    assert final.message.content
    assert_reasoning_sent_back(vcr)
