"""Every way a user reaches a model, as one awaitable that returns what came back.

Plain functions (``generate_text`` / ``stream_text`` and their async twins,
``embed_many`` / ``aembed_many``), LangChain's ``ChatAISDK`` (``invoke``, ``stream``,
``ainvoke``, ``astream``) and LlamaIndex's ``AISDK`` (``chat``, ``stream_chat``,
``achat``, ``astream_chat``), each read the way a user reads it: a stream to its end,
tool calls from where that framework puts them. Sync entry points run in a worker
thread so that the test's event loop (and the server thread) stay responsive.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import ai_sdk_integrations

PROMPT = "hi"


@dataclass
class Answer:
    """What a call returned: its text and its tool calls, each ``(name, arguments)`` with
    arguments a dict, or ``(name, "invalid: <why>")`` when they could not be read."""

    text: str = ""
    tool_calls: list[tuple[str, Any]] = field(default_factory=list)
    vectors: int = 0


@dataclass(frozen=True)
class EntryPoint:
    name: str
    family: str
    """``plain``, ``langchain`` or ``llamaindex``."""
    streaming: bool
    is_async: bool
    call: Callable[[Any], Awaitable[Answer]]
    embeds: bool = False

    def __repr__(self) -> str:
        return self.name


def _in_thread(function: Callable[[Any], Answer]) -> Callable[[Any], Awaitable[Answer]]:
    async def run(model: Any) -> Answer:
        return await asyncio.to_thread(function, model)

    return run


# -- plain functions ------------------------------------------------------------------


def _plain_calls(calls: Any) -> list[tuple[str, Any]]:
    return [
        (call.tool_name, f"invalid: {call.error}" if call.error is not None else call.input) for call in calls
    ]


def _generate(model: Any) -> Answer:
    result = ai_sdk_integrations.generate_text(model, prompt=PROMPT)
    return Answer(result.text, _plain_calls(result.tool_calls))


async def _agenerate(model: Any) -> Answer:
    result = await ai_sdk_integrations.agenerate_text(model, prompt=PROMPT)
    return Answer(result.text, _plain_calls(result.tool_calls))


def _stream(model: Any) -> Answer:
    result = ai_sdk_integrations.stream_text(model, prompt=PROMPT)
    text = "".join(result.text_stream)
    return Answer(text, _plain_calls(result.tool_calls))


async def _astream(model: Any) -> Answer:
    result = ai_sdk_integrations.astream_text(model, prompt=PROMPT)
    text = "".join([piece async for piece in result.text_stream])
    return Answer(text, _plain_calls(result.tool_calls))


VALUES = ["alpha", "beta", "gamma"]


def _embed_many(model: Any) -> Answer:
    result = ai_sdk_integrations.embed_many(model, VALUES)
    return Answer(vectors=len(result.embeddings))


async def _aembed_many(model: Any) -> Answer:
    result = await ai_sdk_integrations.aembed_many(model, VALUES)
    return Answer(vectors=len(result.embeddings))


# -- LangChain ------------------------------------------------------------------------


def _chat(model: Any) -> Any:
    from ai_sdk_integrations.langchain import ChatAISDK

    return ChatAISDK(model=model)


def _langchain_answer(message: Any) -> Answer:
    calls: list[tuple[str, Any]] = [(c["name"], c["args"]) for c in message.tool_calls]
    calls += [(c["name"], f"invalid: {c['error']}: {c['args']}") for c in message.invalid_tool_calls]
    return Answer(message.text if isinstance(message.text, str) else message.text(), calls)


def _invoke(model: Any) -> Answer:
    return _langchain_answer(_chat(model).invoke(PROMPT))


async def _ainvoke(model: Any) -> Answer:
    return _langchain_answer(await _chat(model).ainvoke(PROMPT))


def _lc_stream(model: Any) -> Answer:
    total = None
    for chunk in _chat(model).stream(PROMPT):
        total = chunk if total is None else total + chunk
    return _langchain_answer(total) if total is not None else Answer()


async def _lc_astream(model: Any) -> Answer:
    total = None
    async for chunk in _chat(model).astream(PROMPT):
        total = chunk if total is None else total + chunk
    return _langchain_answer(total) if total is not None else Answer()


# -- LlamaIndex -----------------------------------------------------------------------


def _llm(model: Any) -> Any:
    from ai_sdk_integrations.llama_index import AISDK

    return AISDK(model=model)


def _messages() -> list[Any]:
    from llama_index.core.base.llms.types import ChatMessage

    return [ChatMessage(role="user", content=PROMPT)]


def _llama_answer(llm: Any, response: Any) -> Answer:
    from ai_sdk_integrations.spec.errors import InvalidToolInputError

    try:
        selections = llm.get_tool_calls_from_response(response, error_on_no_tool_call=False)
        calls: list[tuple[str, Any]] = [(s.tool_name, s.tool_kwargs) for s in selections]
    except InvalidToolInputError as error:
        calls = [("?", f"invalid: {error}")]
    return Answer(response.message.content or "", calls)


def _li_chat(model: Any) -> Answer:
    llm = _llm(model)
    return _llama_answer(llm, llm.chat(_messages()))


async def _li_achat(model: Any) -> Answer:
    llm = _llm(model)
    return _llama_answer(llm, await llm.achat(_messages()))


def _li_stream(model: Any) -> Answer:
    llm = _llm(model)
    last = None
    for last in llm.stream_chat(_messages()):  # noqa: B007 (the last response holds it all)
        pass
    return _llama_answer(llm, last) if last is not None else Answer()


async def _li_astream(model: Any) -> Answer:
    llm = _llm(model)
    last = None
    async for last in await llm.astream_chat(_messages()):  # noqa: B007
        pass
    return _llama_answer(llm, last) if last is not None else Answer()


ENTRY_POINTS: tuple[EntryPoint, ...] = (
    EntryPoint("generate_text", "plain", False, False, _in_thread(_generate)),
    EntryPoint("agenerate_text", "plain", False, True, _agenerate),
    EntryPoint("stream_text", "plain", True, False, _in_thread(_stream)),
    EntryPoint("astream_text", "plain", True, True, _astream),
    EntryPoint("embed_many", "plain", False, False, _in_thread(_embed_many), embeds=True),
    EntryPoint("aembed_many", "plain", False, True, _aembed_many, embeds=True),
    EntryPoint("ChatAISDK.invoke", "langchain", False, False, _in_thread(_invoke)),
    EntryPoint("ChatAISDK.ainvoke", "langchain", False, True, _ainvoke),
    EntryPoint("ChatAISDK.stream", "langchain", True, False, _in_thread(_lc_stream)),
    EntryPoint("ChatAISDK.astream", "langchain", True, True, _lc_astream),
    EntryPoint("AISDK.chat", "llamaindex", False, False, _in_thread(_li_chat)),
    EntryPoint("AISDK.achat", "llamaindex", False, True, _li_achat),
    EntryPoint("AISDK.stream_chat", "llamaindex", True, False, _in_thread(_li_stream)),
    EntryPoint("AISDK.astream_chat", "llamaindex", True, True, _li_astream),
)
PLAIN_TEXT = tuple(e for e in ENTRY_POINTS if e.family == "plain" and not e.embeds)
BY_NAME = {entry.name: entry for entry in ENTRY_POINTS}
