"""The package's own rows: the plain functions, LangChain ``ChatAISDK`` and LlamaIndex ``AISDK``.

Each is built the way a user would build it for that wire (``openai:bench`` or
``anthropic:bench`` with a ``base_url``), with retries off like every peer.
Anthropic requires ``max_tokens``, so on that wire every row sends it, per
call too. Runs in the ``core`` venv with the working tree first on the path.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

from wires import API_KEY, MODEL_ID, PER_CALL_TOKENS, PROMPT

from contenders.common import AsyncCall, SyncCall, check_stream


def _per_call_tokens(wire: str) -> dict[str, Any]:
    return {"max_output_tokens": PER_CALL_TOKENS} if wire == "anthropic" else {}


SAME_POOL_AS_THE_FLOORS = {"AI_SDK_MAX_KEEPALIVE_CONNECTIONS": "20"}
"""The async rows run on the same pool as every other row (httpx2's default: 100
connections, 20 kept alive), so the table compares client overhead, not pool policy.
The package's own default keeps all 100 alive (as the openai SDK does), which saves
reconnects (TLS handshakes) at high concurrency but makes httpcore2 probe more idle
sockets on each request; on loopback, where reconnecting is nearly free, that costs
throughput: the ``ref: httpx2 keep-alive=concurrency`` row shows the same policy on
raw httpx2."""


def _same_pool() -> None:
    os.environ.update(SAME_POOL_AS_THE_FLOORS)  # read when this loop's pool is made


def _model(base_url: str, wire: str) -> Any:
    from ai_sdk_integrations import language_model

    return language_model(f"{wire}:{MODEL_ID}", base_url=base_url, api_key=API_KEY)


def _close(obj: Any) -> None:
    closer = getattr(obj, "close", None)
    if callable(closer):
        with contextlib.suppress(Exception):
            closer()


# --------------------------------------------------------------------------- plain functions


@contextlib.contextmanager
def functions_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    """``generate_text(...).text``."""
    from ai_sdk_integrations import generate_text

    model = _model(base_url, wire)
    extra = _per_call_tokens(wire)

    def call() -> str:
        text: str = generate_text(model=model, prompt=PROMPT, max_retries=0, **extra).text
        return text

    try:
        yield call
    finally:
        _close(model)


@contextlib.contextmanager
def functions_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    """``stream_text(...).text_stream``, delta by delta, then ``.usage``."""
    from ai_sdk_integrations import stream_text

    model = _model(base_url, wire)

    def call() -> str:
        result = stream_text(model=model, prompt=PROMPT, max_output_tokens=n)
        parts = [delta for delta in result.text_stream]
        return check_stream("stream_text", parts, result.usage.output_tokens.total, n)

    try:
        yield call
    finally:
        _close(model)


@contextlib.asynccontextmanager
async def functions_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """``await agenerate_text(...)``, one model (and so one pool per loop) shared by all tasks."""
    from ai_sdk_integrations import agenerate_text

    _same_pool()
    model = _model(base_url, wire)
    extra = _per_call_tokens(wire)

    async def call() -> str:
        result = await agenerate_text(model=model, prompt=PROMPT, max_retries=0, **extra)
        text: str = result.text
        return text

    yield call


# --------------------------------------------------------------------------- LangChain


def _chat_aisdk(base_url: str, wire: str) -> Any:
    from ai_sdk_integrations.langchain import ChatAISDK

    extra: dict[str, Any] = {"max_tokens": PER_CALL_TOKENS} if wire == "anthropic" else {}
    return ChatAISDK(
        model=f"{wire}:{MODEL_ID}",
        base_url=base_url,
        api_key=API_KEY,  # type: ignore[arg-type]  # pydantic turns it into a SecretStr
        max_retries=0,
        stream_usage=True,
        **extra,
    )


def lc_invoke(llm: Any) -> SyncCall:
    def call() -> str:
        content: str = llm.invoke(PROMPT).content
        return content

    return call


def lc_stream(llm: Any, n: int) -> SyncCall:
    """``for chunk in llm.stream(..., max_tokens=n)``, checking the chunks and the usage."""

    def call() -> str:
        parts: list[str] = []
        usage = None
        for chunk in llm.stream(PROMPT, max_tokens=n):
            if chunk.content:
                parts.append(chunk.content)
            if chunk.usage_metadata:
                usage = chunk.usage_metadata["output_tokens"]
        return check_stream(type(llm).__name__, parts, usage, n)

    return call


async def lc_ainvoke(llm: Any) -> str:
    content: str = (await llm.ainvoke(PROMPT)).content
    return content


@contextlib.contextmanager
def chat_aisdk_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    yield lc_invoke(_chat_aisdk(base_url, wire))


@contextlib.contextmanager
def chat_aisdk_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    yield lc_stream(_chat_aisdk(base_url, wire), n)


@contextlib.asynccontextmanager
async def chat_aisdk_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    _same_pool()
    llm = _chat_aisdk(base_url, wire)
    yield lambda: lc_ainvoke(llm)


# --------------------------------------------------------------------------- LlamaIndex


def _aisdk(base_url: str, wire: str) -> Any:
    from ai_sdk_integrations.llama_index import AISDK

    extra: dict[str, Any] = {"max_tokens": PER_CALL_TOKENS} if wire == "anthropic" else {}
    return AISDK(model=f"{wire}:{MODEL_ID}", base_url=base_url, api_key=API_KEY, max_retries=0, **extra)


def li_messages() -> list[Any]:
    from llama_index.core.llms import ChatMessage

    return [ChatMessage(role="user", content=PROMPT)]


def li_chat(llm: Any) -> SyncCall:
    messages = li_messages()

    def call() -> str:
        content: str = llm.chat(messages).message.content
        return content

    return call


def li_stream(llm: Any, n: int) -> SyncCall:
    """``for r in llm.stream_chat(..., max_tokens=n)``: ``n`` deltas and the usage in the last response."""
    messages = li_messages()

    def call() -> str:
        parts: list[str] = []
        last = None
        for response in llm.stream_chat(messages, max_tokens=n):
            if response.delta:
                parts.append(response.delta)
            last = response
        usage = last.additional_kwargs.get("completion_tokens") if last is not None else None
        return check_stream(type(llm).__name__, parts, usage, n)

    return call


async def li_achat(llm: Any, messages: list[Any]) -> str:
    content: str = (await llm.achat(messages)).message.content
    return content


@contextlib.contextmanager
def aisdk_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    yield li_chat(_aisdk(base_url, wire))


@contextlib.contextmanager
def aisdk_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    yield li_stream(_aisdk(base_url, wire), n)


@contextlib.asynccontextmanager
async def aisdk_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """A fresh LLM per round; the package keeps one pool per event loop."""
    _same_pool()
    llm = _aisdk(base_url, wire)
    messages = li_messages()
    yield lambda: li_achat(llm, messages)
