"""The caller cancels an async stream: the connection is closed, nothing leaks.

The server sends two pieces and then holds the response open, waiting for the client to
hang up (``AWAIT_CLOSE``). The caller cancels the task reading the stream (as
``asyncio.wait_for``, a ``TaskGroup`` or a web framework's disconnect does), or breaks
out and closes the stream. Then: the server sees the client close the connection at
once; no task of ours is left on the loop; no socket of this process is still connected
to the server (the pool dropped the half-read connection rather than reusing it); and
the next request on the same loop works. Each entry point's outcome is a row of
docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import psutil
import pytest
from fault_server import FaultServer
from faults import PIECES
from http_loopback import AWAIT_CLOSE
from observe import KEY, Observed, record
from wire_shapes import OPENAI_CHAT

import ai_sdk_integrations

CLOSE_WAIT = 2.0


def _model(url: str) -> Any:
    return ai_sdk_integrations.language_model(OPENAI_CHAT.model, base_url=url, api_key=KEY)


def _plain(model: Any) -> AsyncIterator[Any]:
    return ai_sdk_integrations.astream_text(model, prompt="hi").text_stream


def _langchain(model: Any) -> AsyncIterator[Any]:
    from ai_sdk_integrations.langchain import ChatAISDK

    return ChatAISDK(model=model).astream("hi")


async def _llamaindex_stream(model: Any) -> AsyncIterator[Any]:
    from llama_index.core.base.llms.types import ChatMessage

    from ai_sdk_integrations.llama_index import AISDK

    async for response in await AISDK(model=model).astream_chat([ChatMessage(role="user", content="hi")]):
        yield response


STREAMS: dict[str, Callable[[Any], AsyncIterator[Any]]] = {
    "astream_text": _plain,
    "ChatAISDK.astream": _langchain,
    "AISDK.astream_chat": _llamaindex_stream,
}


def _sockets_to(server: FaultServer) -> list[Any]:
    port = server.server_address[1]
    return [c for c in psutil.Process().net_connections(kind="tcp") if c.raddr and c.raddr.port == port]


async def _cancel_after_first(stream: AsyncIterator[Any], how: str) -> float:
    """Read until the first piece, then cancel (or break and close); when that was."""
    got_one = asyncio.Event()

    async def read() -> None:
        async for _ in stream:
            got_one.set()
            if how == "break":
                break
        if how == "break":
            with contextlib.suppress(AttributeError):
                await stream.aclose()  # type: ignore[attr-defined]

    task = asyncio.create_task(read())
    await asyncio.wait_for(got_one.wait(), 5)
    cancelled_at = time.monotonic()
    if how == "cancel":
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return cancelled_at


@pytest.mark.parametrize("how", ["cancel", "break"])
@pytest.mark.parametrize("entry", list(STREAMS))
async def test_cancelling_an_async_stream_closes_the_connection(
    entry: str, how: str, fault_server: FaultServer
) -> None:
    fault_server.queue(OPENAI_CHAT.stream(PIECES[:2], tail=[AWAIT_CLOSE]))
    fault_server.queue(OPENAI_CHAT.stream(PIECES))
    model = _model(fault_server.url)
    before = {t for t in asyncio.all_tasks() if t is not asyncio.current_task()}

    cancelled_at = await _cancel_after_first(STREAMS[entry](model), how)

    closed = await asyncio.to_thread(fault_server.requests[0].client_closed.wait, CLOSE_WAIT)
    waited = time.monotonic() - cancelled_at
    await asyncio.sleep(0)  # let finished tasks leave the loop's set
    left = {t for t in asyncio.all_tasks() if t is not asyncio.current_task()} - before
    sockets = _sockets_to(fault_server)
    again = "".join([piece async for piece in _plain(model)])
    record(
        Observed(
            f"caller cancels async stream ({how})",
            entry,
            OPENAI_CHAT.name,
            ok=closed and not left and not sockets,
            requests=len(fault_server.requests),
            note=(
                f"server saw the close: {'yes' if closed else 'NO'} ({waited * 1000:.0f} ms); "
                f"tasks left: {len(left)}; sockets left: {len(sockets)}; next request on the loop: "
                f"{'ok' if again == ''.join(PIECES) else 'FAILED'}"
            ),
        )
    )
    assert closed, "the server never saw the client hang up"
    assert left == set(), f"tasks left running: {left}"
    assert sockets == [], f"sockets still connected: {sockets}"
    assert again == "".join(PIECES)
