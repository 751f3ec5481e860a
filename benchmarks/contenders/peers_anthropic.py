"""Peers on Anthropic's wire: the anthropic SDK and langchain-anthropic ``ChatAnthropic``.

Each in its own virtualenv, with retries off and ``max_tokens`` sent (the API
requires it; the fake answers that many tokens).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

from wires import API_KEY, MODEL_ID, PER_CALL_TOKENS, PROMPT

from contenders.common import AsyncCall, SyncCall, check_stream
from contenders.ours import lc_ainvoke, lc_invoke, lc_stream

MESSAGES = [{"role": "user", "content": PROMPT}]


def _text(message: Any) -> str:
    return "".join(block.text for block in message.content if block.type == "text")


@contextlib.contextmanager
def anthropic_sdk_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    """``client.messages.create(...)`` and its text blocks."""
    import anthropic

    client = anthropic.Anthropic(base_url=base_url, api_key=API_KEY, max_retries=0)

    def call() -> str:
        return _text(client.messages.create(model=MODEL_ID, max_tokens=PER_CALL_TOKENS, messages=MESSAGES))

    try:
        yield call
    finally:
        client.close()


@contextlib.contextmanager
def anthropic_sdk_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    """``create(..., stream=True)``: the raw events, each ``text_delta``, then ``message_delta``'s usage.

    The raw event stream, not the ``messages.stream()`` helper that also
    accumulates a message: the thinnest streaming the SDK offers.
    """
    import anthropic

    client = anthropic.Anthropic(base_url=base_url, api_key=API_KEY, max_retries=0)

    def call() -> str:
        parts: list[str] = []
        usage = None
        for event in client.messages.create(model=MODEL_ID, max_tokens=n, messages=MESSAGES, stream=True):
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                parts.append(event.delta.text)
            elif event.type == "message_delta":
                usage = event.usage.output_tokens
        return check_stream("anthropic SDK", parts, usage, n)

    try:
        yield call
    finally:
        client.close()


@contextlib.asynccontextmanager
async def anthropic_sdk_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """A fresh ``AsyncAnthropic`` per round (its pool is bound to the round's event loop)."""
    import anthropic

    client = anthropic.AsyncAnthropic(base_url=base_url, api_key=API_KEY, max_retries=0)

    async def call() -> str:
        return _text(
            await client.messages.create(model=MODEL_ID, max_tokens=PER_CALL_TOKENS, messages=MESSAGES)
        )

    try:
        yield call
    finally:
        await client.close()


def _chat_anthropic(base_url: str) -> Any:
    from langchain_anthropic import ChatAnthropic

    return ChatAnthropic(
        model=MODEL_ID,
        anthropic_api_url=base_url,
        api_key=API_KEY,
        max_tokens=PER_CALL_TOKENS,
        max_retries=0,
        stream_usage=True,
    )


@contextlib.contextmanager
def chat_anthropic_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    yield lc_invoke(_chat_anthropic(base_url))


@contextlib.contextmanager
def chat_anthropic_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    yield lc_stream(_chat_anthropic(base_url), n)


def _forget_cached_async_clients() -> None:
    """langchain-anthropic caches its default async httpx client per process, bound to the
    first event loop; each round here runs its own loop, so the cache is emptied per round."""
    with contextlib.suppress(Exception):
        from langchain_anthropic import _client_utils

        _client_utils._get_default_async_httpx_client.cache_clear()


@contextlib.asynccontextmanager
async def chat_anthropic_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    _forget_cached_async_clients()
    llm = _chat_anthropic(base_url)
    try:
        yield lambda: lc_ainvoke(llm)
    finally:
        with contextlib.suppress(Exception):
            await llm._async_client.close()
        _forget_cached_async_clients()
