"""A two-turn tool loop with extended thinking through ``ChatAISDK`` and ``AISDK``.

The first turn thinks and calls a tool; the second sends the conversation back. Anthropic
rejects a second turn whose assistant message does not start with the first turn's
``thinking`` block, signed as it came (``anthropic_wire`` checks it the same way), so
the assertion is on the recorded request of the second turn: the thinking text and
signature of the first response, before the ``tool_use``. Cassettes in
``cassettes/anthropic_adapters_thinking/`` (written; see ``test_anthropic_cassettes``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from anthropic_wire import ANTHROPIC_API
from openai_wire import Exchange, cassette_bodies

pytestmark = pytest.mark.vcr

MODEL = "anthropic:claude-sonnet-4-5"
THINKING = {"anthropic": {"thinking": {"type": "enabled", "budgetTokens": 2048}}}
QUESTION = "What's the weather in Lisbon right now?"


def get_weather(city: str) -> str:
    """Current weather for a city."""
    return f"It is sunny and 18 degrees in {city}."


def turns(vcr: Any) -> tuple[Exchange, Exchange]:
    asked, answered = cassette_bodies(vcr)
    for exchange in (asked, answered):
        assert exchange.uri == f"{ANTHROPIC_API}/messages" and exchange.status == 200
    return asked, answered


def first_thinking(asked: Exchange) -> dict[str, Any]:
    """The thinking block of the first turn, from its body or its stream."""
    if asked.body is not None:
        (block,) = [b for b in asked.body["content"] if b["type"] == "thinking"]
        return {"type": "thinking", "thinking": block["thinking"], "signature": block["signature"]}
    deltas = [e["delta"] for e in asked.events if e.get("type") == "content_block_delta"]
    return {
        "type": "thinking",
        "thinking": "".join(d["thinking"] for d in deltas if d["type"] == "thinking_delta"),
        "signature": "".join(d["signature"] for d in deltas if d["type"] == "signature_delta"),
    }


def assert_signature_sent_back(vcr: Any) -> None:
    asked, answered = turns(vcr)
    thinking = first_thinking(asked)
    assert thinking["signature"]
    assistant = answered.request["messages"][1]
    assert assistant["role"] == "assistant"
    assert assistant["content"][0] == thinking, "the signed thinking block comes first"
    assert [b["type"] for b in assistant["content"][1:]] == ["tool_use"]
    assert answered.request["messages"][2]["content"][0]["type"] == "tool_result"


@pytest.mark.parametrize("streaming", [False, True], ids=["invoke", "stream"])
def test_chat_aisdk_two_turn_tool_loop_with_thinking(vcr: Any, streaming: bool) -> None:
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
    from langchain_core.tools import tool

    from ai_sdk_integrations.langchain import ChatAISDK

    weather = tool(get_weather)
    llm = ChatAISDK(model=MODEL, provider_options=THINKING, streaming=streaming).bind_tools([weather])
    history: list[Any] = [HumanMessage(QUESTION)]
    first = llm.invoke(history)
    assert isinstance(first, AIMessage) and first.tool_calls
    history.append(first)
    for call in first.tool_calls:
        history.append(ToolMessage(weather.invoke(call["args"]), tool_call_id=call["id"]))
    second = llm.invoke(history)
    assert isinstance(second, AIMessage) and second.text
    assert_signature_sent_back(vcr)


@pytest.mark.parametrize("streaming", [False, True], ids=["chat", "stream_chat"])
def test_aisdk_two_turn_tool_loop_with_thinking(vcr: Any, streaming: bool) -> None:
    from llama_index.core.base.llms.types import ChatMessage, MessageRole
    from llama_index.core.tools import FunctionTool

    from ai_sdk_integrations.llama_index import AISDK

    weather = FunctionTool.from_defaults(get_weather)
    llm = AISDK(model=MODEL, provider_options=THINKING)
    history = [ChatMessage(role=MessageRole.USER, content=QUESTION)]
    if streaming:
        *_, first = llm.stream_chat_with_tools([weather], chat_history=history)
    else:
        first = llm.chat_with_tools([weather], chat_history=history)
    calls = llm.get_tool_calls_from_response(first)
    assert calls
    history.append(first.message)
    for call in calls:
        output = weather.call(**call.tool_kwargs)
        history.append(
            ChatMessage(
                role=MessageRole.TOOL,
                content=str(output),
                additional_kwargs={"tool_call_id": call.tool_id, "name": call.tool_name},
            )
        )
    second = llm.chat_with_tools([weather], chat_history=history)
    assert second.message.content
    assert_signature_sent_back(vcr)
    assert json.dumps(second.raw.get("usage"))
