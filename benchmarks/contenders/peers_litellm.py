"""LiteLLM on either wire: ``litellm.completion`` / ``acompletion`` with ``openai/`` or ``anthropic/`` models.

The plain functions' multi-provider peer. Its own virtualenv runs with
``LITELLM_LOCAL_MODEL_COST_MAP=True`` (set by ``venvs.environment``) so its
import never reaches for the network.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

from wires import API_KEY, MODEL_ID, PER_CALL_TOKENS, PROMPT

from contenders.common import AsyncCall, SyncCall, check_stream

MESSAGES = [{"role": "user", "content": PROMPT}]


def _kwargs(base_url: str, wire: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "model": f"{wire}/{MODEL_ID}",
        "messages": MESSAGES,
        "api_base": base_url,
        "api_key": API_KEY,
        "max_retries": 0,
    }
    if wire == "anthropic":
        kwargs["max_tokens"] = PER_CALL_TOKENS
    return kwargs


@contextlib.contextmanager
def litellm_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    import litellm

    kwargs = _kwargs(base_url, wire)

    def call() -> str:
        content: str = litellm.completion(**kwargs).choices[0].message.content
        return content

    yield call


@contextlib.contextmanager
def litellm_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    import litellm

    kwargs = {
        **_kwargs(base_url, wire),
        "max_tokens": n,
        "stream": True,
        "stream_options": {"include_usage": True},
    }

    def call() -> str:
        parts: list[str] = []
        usage = None
        for chunk in litellm.completion(**kwargs):
            if chunk.choices and chunk.choices[0].delta.content:
                parts.append(chunk.choices[0].delta.content)
            found = getattr(chunk, "usage", None)
            if found:
                usage = found.completion_tokens
        return check_stream("LiteLLM", parts, usage, n)

    yield call


def _forget_cached_clients() -> None:
    """LiteLLM caches SDK clients per process, bound to the first event loop; each round
    here runs its own loop, so the cache is emptied per round."""
    import litellm

    cache = getattr(litellm, "in_memory_llm_clients_cache", None)
    flush = getattr(cache, "flush_cache", None)
    if callable(flush):
        flush()


@contextlib.asynccontextmanager
async def litellm_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    import litellm

    _forget_cached_clients()
    kwargs = _kwargs(base_url, wire)

    async def call() -> str:
        content: str = (await litellm.acompletion(**kwargs)).choices[0].message.content
        return content

    try:
        yield call
    finally:
        _forget_cached_clients()
