"""A two-turn tool loop on Gemini 3 through both framework adapters: the second request
must carry the ``thoughtSignature`` the first response put on its function call
(Gemini 3 refuses a tool loop without it; were it lost, our codec would send Google's
documented ``skip_thought_signature_validator`` with a warning, which keeps the call
alive but loses the model's reasoning context, and these tests would fail).

Cassettes: ``cassettes/google_adapter_signatures/``, written from ``google_wire.py``;
re-recordable against the real API like the other ``google:`` cassettes.
"""

from __future__ import annotations

from typing import Any

import pytest
from openai_wire import cassette_bodies

pytestmark = pytest.mark.vcr

MODEL = "google:gemini-3-pro-preview"
QUESTION = "What is the weather in Paris? Use get_weather."


def get_weather(city: str) -> str:
    """Current weather for a city."""
    return f"Sunny and 18 degrees in {city}"


def signatures(cassette: Any) -> tuple[str, dict[str, Any]]:
    """The signature the first response gave its call, and the call the second request sent."""
    first, second = cassette_bodies(cassette)
    bodies = first.events or [first.body]
    [issued] = [
        p
        for b in bodies
        for c in b.get("candidates") or ()
        for p in (c.get("content") or {}).get("parts") or ()
        if "functionCall" in p
    ]
    [sent] = [p for p in second.request["contents"][1]["parts"] if "functionCall" in p]
    assert sent["functionCall"] == issued["functionCall"]
    return issued["thoughtSignature"], sent


def test_langchain_chat_model_sends_the_signature_back(vcr: Any) -> None:
    from langchain_core.messages import HumanMessage, ToolMessage

    from ai_sdk_integrations.langchain import ChatAISDK

    llm = ChatAISDK(model=MODEL).bind_tools([get_weather])
    messages: list[Any] = [HumanMessage(QUESTION)]
    asked = llm.invoke(messages)
    [call] = asked.tool_calls
    messages += [asked, ToolMessage(get_weather(**call["args"]), tool_call_id=call["id"])]
    answer = llm.invoke(messages)
    assert answer.text
    issued, sent = signatures(vcr)
    assert sent.get("thoughtSignature") == issued


def test_llama_index_llm_sends_the_signature_back(vcr: Any) -> None:
    from llama_index.core.base.llms.types import ChatMessage, MessageRole
    from llama_index.core.tools import FunctionTool

    from ai_sdk_integrations.llama_index import AISDK

    llm = AISDK(model=MODEL)
    tool = FunctionTool.from_defaults(get_weather)
    history = [ChatMessage(role=MessageRole.USER, content=QUESTION)]
    asked = llm.chat_with_tools([tool], chat_history=history)
    [selection] = llm.get_tool_calls_from_response(asked)
    result = ChatMessage(
        role=MessageRole.TOOL,
        content=get_weather(**selection.tool_kwargs),
        additional_kwargs={"tool_call_id": selection.tool_id, "name": selection.tool_name},
    )
    answer = llm.chat_with_tools([tool], chat_history=[*history, asked.message, result])
    assert answer.message.content
    issued, sent = signatures(vcr)
    assert sent.get("thoughtSignature") == issued


def test_langchain_streamed_turn_sends_the_signature_back(vcr: Any) -> None:
    """The first turn streamed: the merged chunks keep the call's signature too."""
    from langchain_core.messages import HumanMessage, ToolMessage

    from ai_sdk_integrations.langchain import ChatAISDK

    llm = ChatAISDK(model=MODEL).bind_tools([get_weather])
    messages: list[Any] = [HumanMessage(QUESTION)]
    asked: Any = None
    for chunk in llm.stream(messages):
        asked = chunk if asked is None else asked + chunk
    [call] = asked.tool_calls
    messages += [asked, ToolMessage(get_weather(**call["args"]), tool_call_id=call["id"])]
    assert llm.invoke(messages).text
    issued, sent = signatures(vcr)
    assert sent.get("thoughtSignature") == issued
