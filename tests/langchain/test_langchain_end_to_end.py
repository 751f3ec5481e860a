"""ChatAISDK / AISDKEmbeddings inside real LangChain and LangGraph programs, on a real model.

Chains, a two-step tool-calling agent, structured output and retrieval, all against the
local server (llama-cpp-python serving SmolLM2-135M). The cassettes in
``cassettes/langchain_end_to_end/`` were recorded from that server (see
cassettes/README.md); expected values are read back from them, never hard-coded.
Re-record with:

    .venv/bin/pytest tests/langchain/test_langchain_end_to_end.py --record-mode=rewrite
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from cassette_reader import interactions
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable
from langchain_core.tools import tool
from langchain_core.utils.function_calling import convert_to_json_schema
from langchain_core.vectorstores import InMemoryVectorStore
from pydantic import BaseModel, Field
from vcr_setup import local_server_when_recording

from ai_sdk_integrations.langchain import AISDKEmbeddings, ChatAISDK

CHAT = "local:smollm2"
EMBED = "local:smollm2-embed"


@pytest.fixture(scope="module", autouse=True)
def local_server(request: pytest.FixtureRequest) -> Iterator[None]:
    with local_server_when_recording(request.config):
        yield


def llm(max_tokens: int = 40) -> ChatAISDK:
    return ChatAISDK(model=CHAT, temperature=0, max_tokens=max_tokens, max_retries=0)


def content_of(body: dict[str, Any]) -> str:
    return str(body["choices"][0]["message"]["content"] or "")


def wire_tool_calls(body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    calls = body["choices"][0]["message"].get("tool_calls") or []
    return [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in calls]


# -- an LCEL chain ------------------------------------------------------------------------

PROMPT = ChatPromptTemplate.from_messages(
    [("system", "You are a helpful assistant. Answer in one sentence."), ("human", "What is {topic}?")]
)


@pytest.mark.vcr
def test_lcel_chain_invoke(vcr: Any) -> None:
    chain = PROMPT | llm() | StrOutputParser()
    answer = chain.invoke({"topic": "the sun"})
    [call] = interactions(vcr)
    assert call.request_body["messages"] == [
        {"role": "system", "content": "You are a helpful assistant. Answer in one sentence."},
        {"role": "user", "content": "What is the sun?"},
    ]
    assert call.request_body["temperature"] == 0
    assert answer == content_of(call.json)
    assert answer  # the model said something


@pytest.mark.vcr
def test_lcel_chain_stream(vcr: Any) -> None:
    chain = PROMPT | llm() | StrOutputParser()
    pieces = list(chain.stream({"topic": "rain"}))
    [call] = interactions(vcr)
    assert call.request_body["stream"] is True
    server_deltas = [
        p["choices"][0]["delta"]["content"]
        for p in call.sse_data
        if p.get("choices") and p["choices"][0]["delta"].get("content")
    ]
    # One piece per server chunk, in order (the parser passes an empty final chunk on).
    assert [p for p in pieces if p] == server_deltas
    assert len(server_deltas) > 3
    assert "".join(pieces) == "".join(server_deltas)


# -- a two-step tool-calling agent (LangGraph's prebuilt ReAct agent) ---------------------

COUNTRY_OF = {"munich": "Germany", "lyon": "France", "porto": "Portugal", "seville": "Spain"}
CAPITAL_OF = {"germany": "Berlin", "france": "Paris", "portugal": "Lisbon", "spain": "Madrid"}
tool_runs: list[tuple[str, str]] = []  # (tool, argument) in the order the agent's tools ran


@tool
def get_country(city: str) -> str:
    """Return the country a city is in."""
    tool_runs.append(("get_country", city))
    return COUNTRY_OF.get(city.strip().lower(), "unknown")


@tool
def get_capital(country: str) -> str:
    """Return the capital city of a country."""
    tool_runs.append(("get_capital", country))
    return CAPITAL_OF.get(country.strip().lower(), "unknown")


AGENT_TOOLS = [get_country, get_capital]
AGENT_SYSTEM = (
    "You answer questions with tools. Call get_country with the city, then call get_capital "
    "with the country that get_country returned."
)
PLAN = ["get_country", "get_capital"]


def model_for_step(state: dict[str, Any], runtime: Any) -> Runnable[Any, Any]:
    """A 135M model needs help choosing: force the plan's next tool, then answer without tools.

    The loop itself is LangGraph's: it runs the tool the model called, with the model's
    arguments, and comes back here until the model answers in text.
    """
    done = sum(isinstance(m, ToolMessage) for m in state["messages"])
    if done < len(PLAN):
        return llm().bind_tools(AGENT_TOOLS, tool_choice=PLAN[done])
    return llm()


@pytest.mark.vcr
@pytest.mark.filterwarnings("ignore:create_react_agent has been moved")
def test_react_agent_two_dependent_tool_calls(vcr: Any) -> None:
    from langgraph.prebuilt import create_react_agent

    tool_runs.clear()
    agent = create_react_agent(model_for_step, AGENT_TOOLS, prompt=AGENT_SYSTEM)
    question = "Which country is Munich in, and what is the capital of that country?"
    state = agent.invoke({"messages": [("user", question)]}, {"recursion_limit": 20})
    messages = state["messages"]
    recorded = interactions(vcr)

    # model -> tool -> model -> tool -> model: three requests, two tool runs, an answer.
    assert len(recorded) == 3
    assert [type(m).__name__ for m in messages] == [
        "HumanMessage",
        "AIMessage",
        "ToolMessage",
        "AIMessage",
        "ToolMessage",
        "AIMessage",
    ]
    first, second, final = (r.request_body for r in recorded)
    assert first["tool_choice"] == {"type": "function", "function": {"name": "get_country"}}
    assert second["tool_choice"] == {"type": "function", "function": {"name": "get_capital"}}
    assert "tools" not in final

    # Each tool ran once, with the arguments the model sent on the wire.
    [(name1, args1)] = wire_tool_calls(recorded[0].json)
    [(name2, args2)] = wire_tool_calls(recorded[1].json)
    assert (name1, name2) == ("get_country", "get_capital")
    assert [(c["name"], c["args"]) for c in messages[1].tool_calls] == [(name1, args1)]
    assert [(c["name"], c["args"]) for c in messages[3].tool_calls] == [(name2, args2)]
    assert tool_runs == [("get_country", args1["city"]), ("get_capital", args2["country"])]
    country = messages[2].content
    capital = messages[4].content
    assert country == get_country.func(args1["city"])  # type: ignore[attr-defined]
    assert capital == get_capital.func(args2["country"])  # type: ignore[attr-defined]

    # The second call should pass on the country the first returned. SmolLM2-135M does not
    # do that reliably (in this recording, made with prompts no longer HTML-escaped by the
    # server, it passed the city), so this test checks what the adapter owns: the first
    # result reached the model (below) and the tool ran with the arguments the model sent.
    assert country != "unknown" and isinstance(args2["country"], str)

    # The adapter sent the history as OpenAI messages: assistant tool calls, tool results.
    sent = final["messages"]
    assert sent[0] == {"role": "system", "content": AGENT_SYSTEM}
    assert sent[1] == {"role": "user", "content": question}
    assert sent[2]["role"] == "assistant"
    assert sent[2]["tool_calls"][0]["id"] == messages[1].tool_calls[0]["id"]
    assert sent[3] == {"role": "tool", "tool_call_id": messages[1].tool_calls[0]["id"], "content": country}
    # The local preset repeats tool results as user text: this server's chat template
    # drops role "tool" content (ChatDialect.tool_results_as_user_text).
    assert sent[4] == {"role": "user", "content": f"Result of get_country: {country}"}
    assert sent[6] == {"role": "tool", "tool_call_id": messages[3].tool_calls[0]["id"], "content": capital}
    assert sent[7] == {"role": "user", "content": f"Result of get_capital: {capital}"}

    answer = messages[-1]
    assert isinstance(answer, AIMessage) and not answer.tool_calls
    assert answer.content == content_of(recorded[2].json)
    # Whether the answer names the capital is the 135M model's business, not the adapter's
    # (in this recording it writes another call as text): see README, "The local model".


# -- structured output --------------------------------------------------------------------


class Person(BaseModel):
    """A person."""

    name: str = Field(description="The person's name")
    age: int = Field(description="The person's age in years")


@pytest.mark.vcr
def test_with_structured_output_default_method(vcr: Any) -> None:
    person = llm().with_structured_output(Person).invoke("Invent a person with a name and an age.")
    [call] = interactions(vcr)
    # The default method here is json_schema, through the server's own schema extension.
    assert call.request_body["response_format"]["type"] == "json_object"
    assert call.request_body["response_format"]["schema"] == convert_to_json_schema(Person)
    assert "tools" not in call.request_body
    assert isinstance(person, Person)
    assert person == Person.model_validate_json(content_of(call.json))


@pytest.mark.vcr
def test_with_structured_output_function_calling(vcr: Any) -> None:
    structured = llm().with_structured_output(Person, method="function_calling")
    person = structured.invoke("Invent a person with a name and an age.")
    [call] = interactions(vcr)
    assert call.request_body["tool_choice"] == {"type": "function", "function": {"name": "Person"}}
    [tool_sent] = call.request_body["tools"]
    assert tool_sent["function"]["name"] == "Person"
    [(name, args)] = wire_tool_calls(call.json)
    assert name == "Person"
    assert isinstance(person, Person)
    assert person == Person.model_validate(args)


# -- embeddings in a tiny retrieval -------------------------------------------------------

DOCUMENTS = [
    "Paris is the capital of France.",
    "The Pacific is the largest ocean on Earth.",
    "Python is a programming language.",
]


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


@pytest.mark.vcr
def test_in_memory_vector_store_retrieval(vcr: Any) -> None:
    store = InMemoryVectorStore.from_texts(DOCUMENTS, AISDKEmbeddings(model=EMBED))
    query = "Which city is France's capital?"
    [(best, score)] = store.similarity_search_with_score(query, k=1)
    documents_call, query_call = interactions(vcr)
    assert documents_call.request_body["input"] == DOCUMENTS
    assert query_call.request_body["input"] == [query]
    vectors = [row["embedding"] for row in documents_call.json["data"]]
    [query_vector] = [row["embedding"] for row in query_call.json["data"]]
    scores = [cosine(query_vector, v) for v in vectors]
    assert best.page_content == DOCUMENTS[scores.index(max(scores))]
    assert score == pytest.approx(max(scores))
    assert best.page_content == "Paris is the capital of France."  # the relevant document
