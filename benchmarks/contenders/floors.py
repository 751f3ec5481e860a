"""The floors: the least work raw ``httpx2`` (and, for reference, raw ``httpx``) can do for the same answer.

Why two: ``httpx2`` is what the package sends with, so it is the floor every
ratio divides by; ``httpx`` is what the openai / anthropic SDKs and their
LangChain and LlamaIndex wrappers send with (in the versions that still use
it), so its row shows how much of a peer's cost is its HTTP client.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

from wires import PER_CALL_TOKENS, WIRES

from contenders.common import AsyncCall, SyncCall, check_stream


def _per_call(module: str, base_url: str, wire_name: str) -> Iterator[SyncCall]:
    http = importlib.import_module(module)
    wire = WIRES[wire_name]
    url, headers, body = wire.url(base_url), wire.headers(), wire.body(PER_CALL_TOKENS)
    with http.Client() as client:

        def call() -> str:
            return wire.text(client.post(url, json=body, headers=headers).json())

        yield call


def _stream(module: str, base_url: str, wire_name: str, n: int) -> Iterator[SyncCall]:
    http = importlib.import_module(module)
    wire = WIRES[wire_name]
    url, headers, body = wire.url(base_url), wire.headers(), wire.body(n, stream=True)
    with http.Client() as client:

        def call() -> str:
            parts: list[str] = []
            usage = None
            with client.stream("POST", url, json=body, headers=headers) as response:
                for text, tokens in wire.events(response.iter_lines()):
                    if text is not None:
                        parts.append(text)
                    else:
                        usage = tokens
            return check_stream(f"raw {module}", parts, usage, n)

        yield call


async def _post_text(
    client: Any, url: str, body: dict[str, Any], headers: dict[str, str], wire_name: str
) -> str:
    response = await client.post(url, json=body, headers=headers)
    return WIRES[wire_name].text(response.json())


async def _aio(module: str, base_url: str, wire_name: str, limits: Any = None) -> AsyncIterator[AsyncCall]:
    http = importlib.import_module(module)
    wire = WIRES[wire_name]
    url, headers, body = wire.url(base_url), wire.headers(), wire.body(PER_CALL_TOKENS)
    kwargs = {"limits": limits} if limits is not None else {}
    async with http.AsyncClient(**kwargs) as client:
        yield lambda: _post_text(client, url, body, headers, wire_name)


@contextlib.contextmanager
def httpx2_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    """``httpx2.Client.post(...).json()`` and the answer's text."""
    yield from _per_call("httpx2", base_url, wire)


@contextlib.contextmanager
def httpx2_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    """``client.stream(...)`` + ``iter_lines()`` + ``json.loads`` per ``data:`` line."""
    yield from _stream("httpx2", base_url, wire, n)


@contextlib.asynccontextmanager
async def httpx2_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """``httpx2.AsyncClient()`` with its default limits, as a user would write it."""
    async for call in _aio("httpx2", base_url, wire):
        yield call


@contextlib.asynccontextmanager
async def httpx2_keepalive_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """Reference: a keep-alive pool sized to the concurrency (no connection churn)."""
    import httpx2

    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async for call in _aio("httpx2", base_url, wire, limits):
        yield call


@contextlib.contextmanager
def httpx_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    yield from _per_call("httpx", base_url, wire)


@contextlib.contextmanager
def httpx_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    yield from _stream("httpx", base_url, wire, n)


@contextlib.asynccontextmanager
async def httpx_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    async for call in _aio("httpx", base_url, wire):
        yield call
