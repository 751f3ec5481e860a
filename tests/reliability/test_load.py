"""Load: 2,000 async requests at concurrency 64 through each entry point (the plain
functions, LangChain's ``ChatAISDK``, LlamaIndex's ``AISDK``, each taking its async
methods in turn: whole answers, streams and, for the plain functions, ``aembed_many``), a
bounded pool, no socket left open once the loop is closed; a 100,000-chunk stream in
flat memory.

The server is ``load_server`` in a child process (it counts connections: at most how
many were open at once, how many were ever opened, how many are open now). The pool is
sized to the concurrency with ``AI_SDK_MAX_CONNECTIONS`` /
``AI_SDK_MAX_KEEPALIVE_CONNECTIONS``, so the 64 workers share 64 connections that are
opened once and reused. Each run is its own ``asyncio.run``: when it returns, the
loop's pool must be closed with it (no socket of this process still connected to the
server, and the server sees every connection closed).

``AI_SDK_SOAK=1`` runs 20,000 requests per entry point and a 1,000,000-chunk stream.
The fault suite covers each method on its own (test_fault_matrix).
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import time
import tracemalloc
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import psutil
import pytest
from load_server import WORD, running
from observe import KEY, Observed, record

import ai_sdk_integrations
from ai_sdk_integrations.spec.errors import UsageError
from ai_sdk_integrations.transport import client as http_client

pytestmark = pytest.mark.load

SOAK = os.environ.get("AI_SDK_SOAK") == "1"
REQUESTS = 20_000 if SOAK else 2_000
CONCURRENCY = 64
STREAM_CHUNKS = 1_000_000 if SOAK else 100_000
TOKENS = 8
PER_CHUNK_KEPT = 80
"""Bytes a stream may keep per chunk: its text piece (a short str, ~57 bytes) and a list slot."""
ANSWER = WORD * TOKENS


@pytest.fixture(scope="module")
def load_url() -> Iterator[str]:
    with running() as url:
        yield url


def stats(url: str, reset: bool = False) -> dict[str, int]:
    with urllib.request.urlopen(f"{url}/{'reset' if reset else 'stats'}", timeout=5) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def sockets_to(url: str) -> list[Any]:
    port = int(url.rsplit(":", 1)[1])
    return [c for c in psutil.Process().net_connections(kind="tcp") if c.raddr and c.raddr.port == port]


def wait_closed(url: str, timeout: float = 3.0) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while True:
        seen = stats(url)
        if seen["open"] <= 1 or time.monotonic() > deadline:  # 1: this /stats request's own
            return seen
        time.sleep(0.02)


# -- the async entry points, each made once and called many times ----------------------

Call = Callable[[], Awaitable[Any]]


def _model(url: str) -> Any:
    return ai_sdk_integrations.language_model("openai:m", base_url=f"{url}/v1", api_key=KEY)


def _plain(url: str, streaming: bool) -> Call:
    model = _model(url)

    async def generate() -> str:
        return (await ai_sdk_integrations.agenerate_text(model, prompt="hi", max_output_tokens=TOKENS)).text

    async def stream() -> str:
        result = ai_sdk_integrations.astream_text(model, prompt="hi", max_output_tokens=TOKENS)
        return "".join([piece async for piece in result.text_stream])

    return stream if streaming else generate


def _embed(url: str) -> Call:
    model = ai_sdk_integrations.embedding_model("openai:e", base_url=f"{url}/v1", api_key=KEY)

    async def embed() -> str:
        result = await ai_sdk_integrations.aembed_many(model, ["a", "b"])
        return ANSWER if len(result.embeddings) == 2 else "wrong"

    return embed


def _langchain(url: str, streaming: bool) -> Call:
    from ai_sdk_integrations.langchain import ChatAISDK

    chat = ChatAISDK(model=_model(url), max_tokens=TOKENS)

    async def invoke() -> str:
        return (await chat.ainvoke("hi")).text

    async def stream() -> str:
        return "".join([chunk.text async for chunk in chat.astream("hi")])

    return stream if streaming else invoke


def _llamaindex(url: str, streaming: bool) -> Call:
    from llama_index.core.base.llms.types import ChatMessage

    from ai_sdk_integrations.llama_index import AISDK

    llm = AISDK(model=_model(url), max_tokens=TOKENS)
    messages = [ChatMessage(role="user", content="hi")]

    async def chat() -> str:
        return (await llm.achat(messages)).message.content or ""

    async def stream() -> str:
        last = ""
        async for response in await llm.astream_chat(messages):
            last = response.message.content or ""
        return last

    return stream if streaming else chat


ENTRIES: dict[str, Callable[[str], Call]] = {
    "agenerate_text": lambda url: _plain(url, False),
    "astream_text": lambda url: _plain(url, True),
    "aembed_many": _embed,
    "ChatAISDK.ainvoke": lambda url: _langchain(url, False),
    "ChatAISDK.astream": lambda url: _langchain(url, True),
    "AISDK.achat": lambda url: _llamaindex(url, False),
    "AISDK.astream_chat": lambda url: _llamaindex(url, True),
}


FAMILIES: dict[str, tuple[str, ...]] = {
    "plain functions": ("agenerate_text", "astream_text", "aembed_many"),
    "LangChain": ("ChatAISDK.ainvoke", "ChatAISDK.astream"),
    "LlamaIndex": ("AISDK.achat", "AISDK.astream_chat"),
}
"""An entry point, as the issue counts them, and its async methods (taken in turn)."""


async def _hammer(calls: list[Call]) -> tuple[int, list[BaseException]]:
    """REQUESTS calls, CONCURRENCY at a time, the methods in turn; (answers right, errors)."""
    right = 0
    errors: list[BaseException] = []
    turn = iter(range(REQUESTS))

    async def worker(count: int) -> None:
        nonlocal right
        for _ in range(count):
            call = calls[next(turn) % len(calls)]
            try:
                answer = await call()
                right += answer == ANSWER
            except Exception as exc:
                errors.append(exc)

    share, extra = divmod(REQUESTS, CONCURRENCY)
    await asyncio.gather(*(worker(share + (i < extra)) for i in range(CONCURRENCY)))
    return right, errors


@pytest.mark.parametrize("family", list(FAMILIES))
def test_2000_async_requests_at_concurrency_64(
    family: str, load_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AI_SDK_MAX_CONNECTIONS", str(CONCURRENCY))
    monkeypatch.setenv("AI_SDK_MAX_KEEPALIVE_CONNECTIONS", str(CONCURRENCY))
    methods = FAMILIES[family]
    calls = [ENTRIES[method](load_url) for method in methods]
    stats(load_url, reset=True)
    started = time.perf_counter()

    right, errors = asyncio.run(_hammer(calls))  # the loop, and its pool, end here

    elapsed = time.perf_counter() - started
    left_here = sockets_to(load_url)
    seen = wait_closed(load_url)
    record(
        Observed(
            "load",
            family,
            "openai-chat",
            ok=not errors and right == REQUESTS,
            requests=seen["requests"],
            note=(
                f"{REQUESTS:,} requests ({' / '.join(methods)} in turn) at concurrency {CONCURRENCY}: "
                f"{len(errors)} errors, "
                f"{REQUESTS / elapsed:,.0f} req/s; at most {seen['peak']} connections open at once, "
                f"{seen['connections']} opened; {len(left_here)} sockets left after the loop closed"
            ),
        )
    )
    assert errors == [], f"{len(errors)} errors, first: {errors[0]!r}"
    assert right == REQUESTS
    assert seen["requests"] == REQUESTS
    assert seen["peak"] <= CONCURRENCY + 1  # + the /stats request's own connection
    assert seen["connections"] <= CONCURRENCY + 1  # opened once, then reused
    assert left_here == [], "a socket outlived the event loop"
    assert seen["open"] <= 1


def test_the_default_pool_reuses_every_connection_at_concurrency_64(
    load_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without any setting, 64 requests in flight three times over open 64 connections
    once: the default pool keeps alive every connection it may open (a keep-alive bound
    below the concurrency would close and reopen some after every request)."""
    monkeypatch.delenv("AI_SDK_MAX_CONNECTIONS", raising=False)
    monkeypatch.delenv("AI_SDK_MAX_KEEPALIVE_CONNECTIONS", raising=False)
    call = _plain(load_url, streaming=False)

    async def rounds() -> list[str]:
        answers: list[str] = []
        for _ in range(3):
            answers += await asyncio.gather(*(call() for _ in range(CONCURRENCY)))
        return answers

    stats(load_url, reset=True)
    answers = asyncio.run(rounds())
    seen = wait_closed(load_url)
    assert answers == [ANSWER] * (3 * CONCURRENCY)
    assert seen["connections"] <= CONCURRENCY + 1  # + the /stats request's own connection


def test_the_pool_bounds_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AI_SDK_MAX_CONNECTIONS", raising=False)
    monkeypatch.delenv("AI_SDK_MAX_KEEPALIVE_CONNECTIONS", raising=False)
    assert http_client.pool_limits() == {"max_connections": 100, "max_keepalive_connections": 100}
    monkeypatch.setenv("AI_SDK_MAX_CONNECTIONS", "16")
    assert http_client.pool_limits() == {"max_connections": 16, "max_keepalive_connections": 16}
    monkeypatch.setenv("AI_SDK_MAX_KEEPALIVE_CONNECTIONS", "8")
    assert http_client.pool_limits() == {"max_connections": 16, "max_keepalive_connections": 8}
    for bad in ("lots", "0"):
        monkeypatch.setenv("AI_SDK_MAX_CONNECTIONS", bad)
        with pytest.raises(UsageError, match="AI_SDK_MAX_CONNECTIONS"):
            http_client.pool_limits()


def test_a_100000_chunk_stream_in_flat_memory(load_url: str) -> None:
    """What a stream keeps is its text, nothing per chunk beyond it. Over the whole
    stream, live memory blocks grow by about one per chunk (its text piece, a short
    ``str`` joined at the end): a retained part, event or dict per chunk would be two or
    more. Over the last fifth, traced under tracemalloc (which costs 5x, so not all of
    it), the peak stays under ~80 bytes per chunk (the piece and its list slot) plus a
    constant, though ~150 bytes of SSE per chunk went through."""
    model = _model(load_url)
    warm = ai_sdk_integrations.stream_text(model, prompt="hi", max_output_tokens=10)
    assert "".join(warm.text_stream) == WORD * 10  # connection, imports and caches warmed
    gc.collect()
    first, traced_from = STREAM_CHUNKS // 10, STREAM_CHUNKS - STREAM_CHUNKS // 5
    blocks: dict[int, int] = {}
    started = time.perf_counter()
    result = ai_sdk_integrations.stream_text(model, prompt="hi", max_output_tokens=STREAM_CHUNKS)
    pieces = 0
    try:
        for _ in result.text_stream:
            pieces += 1
            if pieces in (first, traced_from):
                blocks[pieces] = sys.getallocatedblocks()
            if pieces == traced_from:
                tracemalloc.start()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    per_chunk = (blocks[traced_from] - blocks[first]) / (traced_from - first)
    traced = STREAM_CHUNKS - traced_from
    record(
        Observed(
            "100,000-chunk stream",
            "stream_text",
            "openai-chat",
            ok=pieces == STREAM_CHUNKS,
            note=(
                f"{STREAM_CHUNKS:,} chunks in {elapsed:.1f} s; {per_chunk:.2f} live blocks per chunk; "
                f"traced peak {peak / 2**20:.2f} MiB over the last {traced:,} chunks "
                f"({peak / traced:.0f} bytes per chunk)"
            ),
        )
    )
    assert pieces == STREAM_CHUNKS
    assert result.text == WORD * STREAM_CHUNKS
    assert per_chunk < 1.5, f"{per_chunk:.2f} live blocks kept per chunk"
    assert peak < PER_CHUNK_KEPT * traced + 2**20, f"peak {peak / 2**20:.2f} MiB"
