"""ChatAISDK as the model of LangChain's agents with a structured ``response_format``:
LangGraph's ``create_react_agent`` and langchain v1's ``create_agent`` (the latter when
``langchain`` is installed; it is not a dependency of this package's test extra). The
scripted loopback server answers with a tool call, then the final answer; the recorded
requests show what the agent sent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from http_loopback import API_KEY, ScriptedServer, completion, json_reply, retry_delays, server
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.tools import tool
from pydantic import BaseModel, Field

from ai_sdk_integrations.langchain import ChatAISDK

__all__ = ["retry_delays", "server"]  # the loopback fixtures

QUESTION = "What is the weather in Paris?"


class Weather(BaseModel):
    """The weather in a city."""

    city: str = Field(description="The city")
    temperature_c: int = Field(description="Degrees Celsius")
    summary: str = Field(description="One or two words")


ANSWER = Weather(city="Paris", temperature_c=18, summary="sunny")


@tool
def get_weather(city: str) -> str:
    """Get the current weather for a city."""
    return json.dumps({"city": city, "temperature_c": 18, "conditions": "sunny"})


def answer_reply(text: str, response_id: str) -> Any:
    """Each response has its own id, as real ones do: LangGraph's message reducer
    replaces a message whose id it has seen (our AIMessage ids are the response ids)."""
    return json_reply({**completion(text), "id": response_id})


def tool_call_reply(name: str, arguments: dict[str, Any], call_id: str = "call_weather_1") -> Any:
    body = {**completion(""), "id": f"chatcmpl-{call_id}"}
    message = body["choices"][0]["message"]
    message["content"] = None
    message["tool_calls"] = [
        {"id": call_id, "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}
    ]
    body["choices"][0]["finish_reason"] = "tool_calls"
    return json_reply(body)


def llm(server: ScriptedServer) -> ChatAISDK:
    return ChatAISDK(
        model="openai:gpt-4o-mini", base_url=server.url, api_key=API_KEY, max_retries=0, temperature=0
    )


@pytest.mark.filterwarnings("ignore:create_react_agent has been moved")
def test_langgraph_react_agent_with_a_response_format(server: ScriptedServer) -> None:
    from langgraph.prebuilt import create_react_agent

    server.queue(
        tool_call_reply("get_weather", {"city": "Paris"}),
        answer_reply("It is sunny and 18 degrees in Paris.", "chatcmpl-answer"),
        answer_reply(ANSWER.model_dump_json(), "chatcmpl-structured"),
    )
    agent = create_react_agent(llm(server), [get_weather], response_format=Weather)
    state = agent.invoke({"messages": [("user", QUESTION)]})

    assert state["structured_response"] == ANSWER
    assert [type(m).__name__ for m in state["messages"]] == [
        "HumanMessage",
        "AIMessage",
        "ToolMessage",
        "AIMessage",
    ]
    tool_message = state["messages"][2]
    assert isinstance(tool_message, ToolMessage) and tool_message.tool_call_id == "call_weather_1"
    assert json.loads(str(tool_message.content))["city"] == "Paris"

    first, second, structured = (r.json for r in server.requests)
    assert [t["function"]["name"] for t in first["tools"]] == ["get_weather"]
    assert second["messages"][-1] == {
        "role": "tool",
        "tool_call_id": "call_weather_1",
        "content": tool_message.content,
    }
    # The final structured answer: our default method where OpenAI takes schemas.
    assert structured["response_format"]["type"] == "json_schema"
    assert structured["response_format"]["json_schema"]["name"] == "Weather"
    assert set(structured["response_format"]["json_schema"]["schema"]["properties"]) == set(
        Weather.model_fields
    )


def _create_agent() -> Any:
    agents = pytest.importorskip("langchain.agents", reason="langchain v1 is not installed")
    return agents.create_agent


def test_langchain_create_agent_with_a_response_format(server: ScriptedServer) -> None:
    """gpt-4o-mini's profile says it takes JSON schemas, so create_agent asks natively
    (its ProviderStrategy): ``response_format`` bound with the tools, on every call."""
    create_agent = _create_agent()
    server.queue(
        tool_call_reply("get_weather", {"city": "Paris"}),
        answer_reply(ANSWER.model_dump_json(), "chatcmpl-answer"),
    )
    agent = create_agent(model=llm(server), tools=[get_weather], response_format=Weather)
    state = agent.invoke({"messages": [{"role": "user", "content": QUESTION}]})

    assert state["structured_response"] == ANSWER
    final = state["messages"][-1]
    assert isinstance(final, AIMessage) and json.loads(final.text) == ANSWER.model_dump()
    for request in server.requests:
        assert [t["function"]["name"] for t in request.json["tools"]] == ["get_weather"]
        assert request.json["response_format"]["type"] == "json_schema"
        assert request.json["response_format"]["json_schema"]["name"] == "Weather"
    assert server.requests[1].json["messages"][-1]["role"] == "tool"


def test_langchain_create_agent_with_a_tool_strategy(server: ScriptedServer) -> None:
    """ToolStrategy: the schema is one more tool, which the model is made to call."""
    create_agent = _create_agent()
    from langchain.agents.structured_output import ToolStrategy

    server.queue(
        tool_call_reply("get_weather", {"city": "Paris"}),
        tool_call_reply("Weather", ANSWER.model_dump(), call_id="call_answer"),
    )
    agent = create_agent(model=llm(server), tools=[get_weather], response_format=ToolStrategy(Weather))
    state = agent.invoke({"messages": [{"role": "user", "content": QUESTION}]})

    assert state["structured_response"] == ANSWER
    for request in server.requests:
        assert sorted(t["function"]["name"] for t in request.json["tools"]) == ["Weather", "get_weather"]
        assert request.json["tool_choice"] == "required"
