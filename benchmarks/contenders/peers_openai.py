"""Peers on the OpenAI wire: the openai SDK, langchain-openai ``ChatOpenAI``, LlamaIndex ``OpenAILike``.

Each in its own virtualenv, built as its docs show, with retries off and the
usage chunk asked for in streams (so every row parses the same stream).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

from wires import API_KEY, MODEL_ID, PROMPT

from contenders.common import AsyncCall, SyncCall, check_stream
from contenders.ours import lc_ainvoke, lc_invoke, lc_stream, li_achat, li_chat, li_messages, li_stream

MESSAGES = [{"role": "user", "content": PROMPT}]

# --------------------------------------------------------------------------- openai SDK


def _openai(base_url: str) -> Any:
    import openai

    return openai.OpenAI(base_url=base_url, api_key=API_KEY, max_retries=0)


@contextlib.contextmanager
def openai_sdk_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    """``client.chat.completions.create(...).choices[0].message.content``."""
    client = _openai(base_url)

    def call() -> str:
        content: str = (
            client.chat.completions.create(model=MODEL_ID, messages=MESSAGES).choices[0].message.content
        )
        return content

    try:
        yield call
    finally:
        client.close()


@contextlib.contextmanager
def openai_sdk_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    """``create(..., stream=True)``: each chunk's ``delta.content``, then the usage chunk."""
    client = _openai(base_url)

    def call() -> str:
        parts: list[str] = []
        usage = None
        for chunk in client.chat.completions.create(
            model=MODEL_ID,
            messages=MESSAGES,
            max_tokens=n,
            stream=True,
            stream_options={"include_usage": True},
        ):
            if chunk.choices and chunk.choices[0].delta.content:
                parts.append(chunk.choices[0].delta.content)
            if chunk.usage:
                usage = chunk.usage.completion_tokens
        return check_stream("openai SDK", parts, usage, n)

    try:
        yield call
    finally:
        client.close()


@contextlib.asynccontextmanager
async def openai_sdk_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """A fresh ``AsyncOpenAI`` per round (its pool is bound to the round's event loop)."""
    import openai

    client = openai.AsyncOpenAI(base_url=base_url, api_key=API_KEY, max_retries=0)

    async def call() -> str:
        response = await client.chat.completions.create(model=MODEL_ID, messages=MESSAGES)
        content: str = response.choices[0].message.content
        return content

    try:
        yield call
    finally:
        await client.close()


# --------------------------------------------------------------------------- langchain-openai


def _chat_openai(base_url: str, **kwargs: Any) -> Any:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=base_url, api_key=API_KEY, model=MODEL_ID, max_retries=0, stream_usage=True, **kwargs
    )


@contextlib.contextmanager
def chat_openai_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    """``ChatOpenAI(...).invoke("hi").content`` (its default, process-wide cached client)."""
    yield lc_invoke(_chat_openai(base_url))


@contextlib.contextmanager
def chat_openai_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    yield lc_stream(_chat_openai(base_url), n)


@contextlib.asynccontextmanager
async def chat_openai_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """``await ChatOpenAI(...).ainvoke("hi")`` with a fresh ``openai.DefaultAsyncHttpxClient`` per round.

    langchain-openai caches its default async client per process, bound to the
    first event loop, and each round here runs its own loop; openai's default
    client has the same pool limits minus langchain-openai's socket options.
    """
    import openai

    http_client = openai.DefaultAsyncHttpxClient()
    try:
        llm = _chat_openai(base_url, http_async_client=http_client)
        yield lambda: lc_ainvoke(llm)
    finally:
        await http_client.aclose()


# --------------------------------------------------------------------------- LlamaIndex OpenAILike


def _openai_like(base_url: str, **kwargs: Any) -> Any:
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(
        model=MODEL_ID, api_base=base_url, api_key=API_KEY, is_chat_model=True, max_retries=0, **kwargs
    )


@contextlib.contextmanager
def openai_like_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    llm = _openai_like(base_url)
    try:
        yield li_chat(llm)
    finally:
        with contextlib.suppress(Exception):
            llm._get_client().close()


@contextlib.contextmanager
def openai_like_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    """``stream_options`` asks for the usage chunk ``AISDK`` gets by default, so both parse it."""
    llm = _openai_like(base_url, additional_kwargs={"stream_options": {"include_usage": True}})
    try:
        yield li_stream(llm, n)
    finally:
        with contextlib.suppress(Exception):
            llm._get_client().close()


@contextlib.asynccontextmanager
async def openai_like_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """A fresh LLM per round builds a fresh ``AsyncOpenAI`` on that round's event loop."""
    llm = _openai_like(base_url)
    messages = li_messages()
    try:
        yield lambda: li_achat(llm, messages)
    finally:
        with contextlib.suppress(Exception):
            await llm._get_aclient().close()
