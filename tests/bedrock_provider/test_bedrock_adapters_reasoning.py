"""A two-turn tool loop with Claude's reasoning on Bedrock through ``ChatAISDK`` and ``AISDK``.

The first turn reasons and calls a tool; the second sends the conversation back.
Bedrock (like Anthropic) rejects a second turn whose assistant message does not start
with the first turn's reasoning, signed as it came (``bedrock_wire`` checks the
signature), so the assertion is on the recorded request of the second turn: the
``reasoningText`` and ``signature`` of the first response, before the ``toolUse``.
Cassettes in ``cassettes/bedrock_adapters_reasoning/`` (written; see
``test_bedrock_cassettes``).
"""

from __future__ import annotations

from typing import Any

import pytest
from bedrock_cassettes import Exchange, exchanges

pytestmark = pytest.mark.vcr

MODEL = "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0"
THINKING = {"bedrock": {"reasoningConfig": {"type": "enabled", "budgetTokens": 2048}}}
QUESTION = "What's the weather in Lisbon right now?"


def get_weather(city: str) -> str:
    """Current weather for a city."""
    return f"It is sunny and 18 degrees in {city}."


def first_reasoning(asked: Exchange) -> dict[str, Any]:
    if not asked.messages:
        (block,) = [
            b["reasoningContent"]
            for b in asked.body["output"]["message"]["content"]
            if "reasoningContent" in b
        ]
        return {"reasoningContent": block}
    deltas = [
        p["delta"]["reasoningContent"]
        for p in asked.of("contentBlockDelta")
        if "reasoningContent" in p["delta"]
    ]
    text = "".join(d.get("text", "") for d in deltas)
    signature = "".join(d.get("signature", "") for d in deltas)
    return {"reasoningContent": {"reasoningText": {"text": text, "signature": signature}}}


def assert_signature_sent_back(vcr: Any) -> None:
    asked, answered = exchanges(vcr)
    assert asked.status == answered.status == 200
    reasoning = first_reasoning(asked)
    assert reasoning["reasoningContent"]["reasoningText"]["signature"]
    assistant = answered.request["messages"][1]
    assert assistant["role"] == "assistant"
    assert assistant["content"][0] == reasoning, "the signed reasoning comes first, unchanged"
    assert [next(iter(b)) for b in assistant["content"][1:]] == ["toolUse"]
    assert "toolResult" in answered.request["messages"][2]["content"][0]


@pytest.mark.parametrize("streaming", [False, True], ids=["invoke", "stream"])
def test_chat_aisdk_two_turn_tool_loop_with_reasoning(vcr: Any, streaming: bool) -> None:
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
def test_aisdk_two_turn_tool_loop_with_reasoning(vcr: Any, streaming: bool) -> None:
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
