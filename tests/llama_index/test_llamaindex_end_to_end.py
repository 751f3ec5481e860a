"""AISDK / AISDKEmbedding inside real LlamaIndex programs, on a real model.

A VectorStoreIndex and its query engine, a FunctionAgent finishing a two-step tool task,
and TokenCountingHandler, all against the local server (llama-cpp-python serving
SmolLM2-135M). The cassettes in ``cassettes/llamaindex_end_to_end/`` were recorded from
that server (see cassettes/README.md); expected values are read back from them, never
hard-coded. Re-record with:

    .venv/bin/pytest tests/llama_index/test_llamaindex_end_to_end.py --record-mode=rewrite
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from cassette_reader import Interaction, interactions
from llama_index.core import Document, Settings, VectorStoreIndex
from llama_index.core.agent.workflow import (
    AgentOutput,
    FunctionAgent,
    ToolCallResult,
)
from llama_index.core.base.llms.types import ChatMessage, ChatResponse, MessageRole, ToolCallBlock
from llama_index.core.callbacks import CallbackManager, TokenCountingHandler
from llama_index.core.tools import AsyncBaseTool, FunctionTool
from vcr_setup import local_server_when_recording

from ai_sdk_integrations.llama_index import AISDK, AISDKEmbedding

CHAT = "local:smollm2"
EMBED = "local:smollm2-embed"


@pytest.fixture(scope="module", autouse=True)
def local_server(request: pytest.FixtureRequest) -> Iterator[None]:
    with local_server_when_recording(request.config):
        yield


@pytest.fixture
def settings() -> Iterator[Any]:
    """LlamaIndex's global ``Settings``, put back as they were after the test."""
    saved = dict(vars(Settings))
    try:
        yield Settings
    finally:
        vars(Settings).clear()
        vars(Settings).update(saved)


def llm(max_tokens: int = 40, **kwargs: Any) -> AISDK:
    return AISDK(model=CHAT, temperature=0, max_tokens=max_tokens, max_retries=0, **kwargs)


def content_of(body: dict[str, Any]) -> str:
    return str(body["choices"][0]["message"]["content"] or "")


def wire_tool_calls(body: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    calls = body["choices"][0]["message"].get("tool_calls") or []
    return [(c["id"], c["function"]["name"], json.loads(c["function"]["arguments"])) for c in calls]


def chats(recorded: list[Interaction]) -> list[Interaction]:
    return [r for r in recorded if r.uri.endswith("/chat/completions")]


def embeddings(recorded: list[Interaction]) -> list[Interaction]:
    return [r for r in recorded if r.uri.endswith("/embeddings")]


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


# -- a VectorStoreIndex and its query engine ----------------------------------------------

DOCUMENTS = [
    "Paris is the capital of France.",
    "The Pacific is the largest ocean on Earth.",
    "Python is a programming language.",
    "Mount Everest is the highest mountain in the world.",
]
RELEVANT = DOCUMENTS[0]
QUESTION = "Which city is France's capital?"


def build_index(embed_model: AISDKEmbedding | None = None) -> VectorStoreIndex:
    documents = [Document(text=text) for text in DOCUMENTS]
    return VectorStoreIndex.from_documents(documents, embed_model=embed_model)


def retrieval_scores(recorded: list[Interaction]) -> list[float]:
    """Cosine of the query with each document, from the vectors the server sent."""
    documents_call, query_call = embeddings(recorded)
    assert documents_call.request_body["input"] == DOCUMENTS  # one batch for the whole index
    assert query_call.request_body["input"] == [QUESTION]
    vectors = [row["embedding"] for row in documents_call.json["data"]]
    [query_vector] = [row["embedding"] for row in query_call.json["data"]]
    return [cosine(query_vector, v) for v in vectors]


@pytest.mark.vcr
def test_vector_store_index_query_engine_answers_from_the_documents(vcr: Any) -> None:
    index = build_index(AISDKEmbedding(model=EMBED))
    engine = index.as_query_engine(llm=llm(), similarity_top_k=1)
    response = engine.query(QUESTION)
    recorded = interactions(vcr)

    # Retrieval: the node LlamaIndex picked is the nearest by the server's own vectors.
    scores = retrieval_scores(recorded)
    [source] = response.source_nodes
    assert source.node.get_content() == DOCUMENTS[scores.index(max(scores))]
    assert source.score == pytest.approx(max(scores))
    assert source.node.get_content() == RELEVANT  # the relevant document

    # Synthesis: one chat request, holding the retrieved text and the question.
    [chat] = chats(recorded)
    assert chat.request_body["temperature"] == 0
    prompt = "\n".join(m["content"] for m in chat.request_body["messages"])
    assert RELEVANT in prompt and QUESTION in prompt
    for other in DOCUMENTS[1:]:
        assert other not in prompt
    answer = str(response)
    assert answer == content_of(chat.json)  # the recorded reply, as the model wrote it
    assert "Paris" in answer  # answered from the document


# -- a FunctionAgent finishing a two-step, dependent tool task ----------------------------

COUNTRY_OF = {"munich": "Germany", "lyon": "France", "porto": "Portugal", "seville": "Spain"}
CAPITAL_OF = {"germany": "Berlin", "france": "Paris", "portugal": "Lisbon", "spain": "Madrid"}
tool_runs: list[tuple[str, str]] = []  # (tool, argument) in the order the agent's tools ran


def get_country(city: str) -> str:
    """Return the country a city is in."""
    tool_runs.append(("get_country", city))
    return COUNTRY_OF.get(city.strip().lower(), "unknown")


def get_capital(country: str) -> str:
    """Return the capital city of a country."""
    tool_runs.append(("get_capital", country))
    return CAPITAL_OF.get(country.strip().lower(), "unknown")


AGENT_TOOLS = [FunctionTool.from_defaults(get_country), FunctionTool.from_defaults(get_capital)]
AGENT_SYSTEM = (
    "You answer questions with tools. Call get_country with the city, then call get_capital "
    "with the country that get_country returned."
)
PLAN = ["get_country", "get_capital"]


class PlannedFunctionAgent(FunctionAgent):
    """A 135M model needs help choosing: force the plan's next tool, then answer without tools.

    Only the model call is changed. The loop is the FunctionAgent workflow's own: it parses
    the model's tool call, runs the tool with the model's arguments, adds the result to
    the history and comes back here, until the model answers in text.
    """

    async def _get_response(
        self, current_llm_input: list[ChatMessage], tools: Sequence[AsyncBaseTool]
    ) -> ChatResponse:
        done = sum(m.role == MessageRole.TOOL for m in current_llm_input)
        if done < len(PLAN):
            return await self.llm.achat_with_tools(  # type: ignore[attr-defined,no-any-return]
                tools, chat_history=current_llm_input, tool_choice=PLAN[done]
            )
        return await self.llm.achat(current_llm_input)


@pytest.mark.vcr
async def test_function_agent_two_dependent_tool_calls(vcr: Any) -> None:
    tool_runs.clear()
    agent = PlannedFunctionAgent(
        tools=AGENT_TOOLS,
        llm=llm(),
        system_prompt=AGENT_SYSTEM,
        streaming=False,
        allow_parallel_tool_calls=False,
    )
    question = "Which country is Munich in, and what is the capital of that country?"
    handler = agent.run(user_msg=question, max_iterations=10)
    steps: list[AgentOutput] = []
    results: list[ToolCallResult] = []
    async for event in handler.stream_events():
        if isinstance(event, AgentOutput):
            steps.append(event)
        elif isinstance(event, ToolCallResult):
            results.append(event)
    final = await handler
    recorded = interactions(vcr)

    # model -> tool -> model -> tool -> model: three requests, two tool runs, an answer.
    assert len(recorded) == 3
    first, second, last = (r.request_body for r in recorded)
    assert first["tool_choice"] == {"type": "function", "function": {"name": "get_country"}}
    assert second["tool_choice"] == {"type": "function", "function": {"name": "get_capital"}}
    assert "tools" not in last
    assert [t["function"]["name"] for t in first["tools"]] == PLAN

    # Each tool ran once, with the arguments the model sent on the wire.
    [(id1, name1, args1)] = wire_tool_calls(recorded[0].json)
    [(id2, name2, args2)] = wire_tool_calls(recorded[1].json)
    assert (name1, name2) == ("get_country", "get_capital")
    assert [(c.tool_id, c.tool_name, c.tool_kwargs) for c in steps[0].tool_calls] == [(id1, name1, args1)]
    assert [(c.tool_id, c.tool_name, c.tool_kwargs) for c in steps[1].tool_calls] == [(id2, name2, args2)]
    assert tool_runs == [("get_country", args1["city"]), ("get_capital", args2["country"])]
    assert [(r.tool_name, r.tool_kwargs) for r in results] == [(name1, args1), (name2, args2)]
    country = results[0].tool_output.content
    capital = results[1].tool_output.content
    assert country == COUNTRY_OF.get(args1["city"].strip().lower(), "unknown")
    assert capital == CAPITAL_OF.get(args2["country"].strip().lower(), "unknown")

    # The second call should pass on the country the first returned. SmolLM2-135M does not
    # do that reliably (in this recording, made with prompts no longer HTML-escaped by the
    # server, it passed the city), so this test checks what the adapter owns: the first
    # result reached the model (below) and the tool ran with the arguments the model sent.
    assert country != "unknown" and isinstance(args2["country"], str)

    # The adapter sent the agent's history as OpenAI messages: tool calls, tool results.
    sent = last["messages"]
    assert sent[0] == {"role": "system", "content": AGENT_SYSTEM}
    assert sent[1] == {"role": "user", "content": question}
    assert [c["id"] for c in sent[2]["tool_calls"]] == [id1]
    assert sent[3] == {"role": "tool", "tool_call_id": id1, "content": country}
    # The local preset repeats tool results as user text: this server's chat template
    # drops role "tool" content (ChatDialect.tool_results_as_user_text).
    assert sent[4] == {"role": "user", "content": f"Result of get_country: {country}"}
    assert [c["id"] for c in sent[5]["tool_calls"]] == [id2]
    assert sent[6] == {"role": "tool", "tool_call_id": id2, "content": capital}
    assert sent[7] == {"role": "user", "content": f"Result of get_capital: {capital}"}
    assert len(sent) == 8

    # The agent finished with the model's text reply (the recorded one, word for word).
    assert len(steps) == 3 and steps[2] is final
    assert not any(isinstance(b, ToolCallBlock) for b in final.response.blocks)
    assert [(c.tool_name, c.tool_kwargs) for c in final.tool_calls] == [(name1, args1), (name2, args2)]
    answer = final.response.content or ""
    assert answer == content_of(recorded[2].json)
    # Whether the answer names the capital is the 135M model's business, not the adapter's
    # (in this recording it writes another call as text): see README, "The local model".


# -- TokenCountingHandler reads the usage the server reported -----------------------------


def usage_of(call: Interaction) -> tuple[int, int]:
    usage = call.json["usage"]
    return usage["prompt_tokens"], usage["completion_tokens"]


@pytest.mark.vcr
def test_token_counting_handler_chat(vcr: Any) -> None:
    counter = TokenCountingHandler()
    model = llm(callback_manager=CallbackManager([counter]))
    messages = [
        ChatMessage(role="system", content="You are a helpful assistant. Answer in one sentence."),
        ChatMessage(role="user", content="What is the moon?"),
    ]
    response = model.chat(messages)
    [call] = interactions(vcr)
    prompt_tokens, completion_tokens = usage_of(call)

    assert response.message.content == content_of(call.json)
    [event] = counter.llm_token_counts
    assert (event.prompt_token_count, event.completion_token_count) == (prompt_tokens, completion_tokens)
    assert counter.prompt_llm_token_count == prompt_tokens
    assert counter.completion_llm_token_count == completion_tokens
    assert counter.total_llm_token_count == call.json["usage"]["total_tokens"]


@pytest.mark.vcr
def test_token_counting_handler_query_engine(vcr: Any, settings: Any) -> None:
    counter = TokenCountingHandler()
    settings.llm = llm()
    settings.embed_model = AISDKEmbedding(model=EMBED)
    settings.callback_manager = CallbackManager([counter])

    response = build_index().as_query_engine(similarity_top_k=1).query(QUESTION)
    recorded = interactions(vcr)
    chat_calls = chats(recorded)

    # One count per LLM request, each exactly the usage that request reported.
    assert [(e.prompt_token_count, e.completion_token_count) for e in counter.llm_token_counts] == [
        usage_of(call) for call in chat_calls
    ]
    assert counter.prompt_llm_token_count == sum(usage_of(c)[0] for c in chat_calls)
    assert counter.completion_llm_token_count == sum(usage_of(c)[1] for c in chat_calls)
    assert str(response) == content_of(chat_calls[-1].json)
    # Embeddings are counted per text embedded (LlamaIndex estimates their tokens itself).
    embedded = [text for call in embeddings(recorded) for text in call.request_body["input"]]
    assert len(counter.embedding_token_counts) == len(embedded) == len(DOCUMENTS) + 1


@pytest.mark.vcr
def test_token_counting_handler_complete(vcr: Any) -> None:
    counter = TokenCountingHandler()
    model = llm(callback_manager=CallbackManager([counter]))
    response = model.complete("What is the moon? Answer in one sentence.")
    [call] = interactions(vcr)
    assert response.text == content_of(call.json)
    assert [(e.prompt_token_count, e.completion_token_count) for e in counter.llm_token_counts] == [
        usage_of(call)
    ]
