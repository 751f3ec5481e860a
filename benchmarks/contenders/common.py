"""Types and checks every contender shares (stdlib only)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

SyncCall = Callable[[], str]
AsyncCall = Callable[[], Awaitable[str]]


def check_stream(name: str, parts: Sequence[str], output_tokens: int | None, n: int) -> str:
    """The streamed text, once ``n`` non-empty text chunks and a usage of ``n`` tokens arrived.

    The runner's text check cannot tell one 2,000-token chunk from 2,000
    chunks; this can, so no row passes by batching tokens or skipping usage.
    """
    chunks = [p for p in parts if p]
    if len(chunks) != n or output_tokens != n:
        raise AssertionError(f"{name}: {len(chunks)} text chunks, {output_tokens} output tokens; want {n}")
    return "".join(chunks)
