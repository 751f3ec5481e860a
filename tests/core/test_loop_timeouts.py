"""Per-step and per-tool timeouts (AI SDK 7's ``timeout: {stepMs, toolMs, tools}``, in
seconds here). A tool that takes too long gives the model an error result; a step that
takes too long raises ``APITimeoutError`` with what arrived so far."""

from __future__ import annotations

import asyncio
import time

import http_loopback
import pytest
from http_loopback import Reply, ScriptedServer, make_model, pause
from scripted import answer

import ai_sdk_integrations as ai
from ai_sdk_integrations import Timeout, tool
from ai_sdk_integrations.spec.errors import APITimeoutError

server = http_loopback.server  # the scripted server and no-wait retries, as fixtures here
retry_delays = http_loopback.retry_delays


def sleepy(seconds: float) -> str:
    """Sleep, then say so."""
    time.sleep(seconds)
    return "woke up"


async def asleepy(seconds: float) -> str:
    """Sleep, then say so."""
    await asyncio.sleep(seconds)
    return "woke up"


@pytest.mark.parametrize(
    "timeouts",
    [
        {"tool": None, "loop": Timeout(tool=0.2)},
        {"tool": 0.2, "loop": None},
        {"tool": None, "loop": Timeout(tools={"nap": 0.2})},
    ],
    ids=["loop-wide", "on-the-tool", "by-name"],
)
def test_a_slow_sync_tool_times_out_into_an_error_result(
    server: ScriptedServer, timeouts: dict[str, object]
) -> None:
    server.queue(answer(calls=[("c1", "nap", {"seconds": 2}), ("c2", "nap", {"seconds": 0})]))
    nap = tool(sleepy, timeout=timeouts["tool"])  # type: ignore[arg-type]
    started = time.monotonic()
    result = ai.generate_text(
        make_model(server.url), prompt="x", tools={"nap": nap}, timeout=timeouts["loop"]
    )  # type: ignore[arg-type]
    assert time.monotonic() - started < 1.5
    slow, quick = result.tool_results
    assert slow.is_error and slow.output == "TimeoutError: tool 'nap' did not finish within 0.2 s"
    assert not quick.is_error and quick.output == "woke up"


async def test_a_slow_async_tool_is_cancelled(server: ScriptedServer) -> None:
    server.queue(answer(calls=[("c1", "nap", {"seconds": 2})]))
    started = time.monotonic()
    result = await ai.agenerate_text(
        make_model(server.url), prompt="x", tools={"nap": tool(asleepy)}, timeout=Timeout(tool=0.2)
    )
    assert time.monotonic() - started < 1.0
    (slow,) = result.tool_results
    assert slow.is_error and "did not finish within 0.2 s" in slow.output


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
async def test_a_slow_step_raises(server: ScriptedServer, asynchronous: bool) -> None:
    server.queue(Reply(200, {"content-type": "application/json"}, b"{}", delay=3))
    model = make_model(server.url, max_retries=0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match=r"step 0 did not finish within timeout.step=0.3 s"):
        if asynchronous:
            await ai.agenerate_text(model, prompt="x", timeout=Timeout(step=0.3))
        else:
            ai.generate_text(model, prompt="x", timeout=Timeout(step=0.3))
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
async def test_a_stalled_stream_step_raises_with_the_text_so_far(
    server: ScriptedServer, asynchronous: bool
) -> None:
    chunks = answer("Hello there", stream=True).chunks or ()
    server.queue(
        Reply(200, {"content-type": "text/event-stream"}, chunks=[*chunks[:3], pause(3), *chunks[3:]])
    )
    model = make_model(server.url, max_retries=0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match=r"did not finish within timeout\.step=0\.4 s") as caught:
        if asynchronous:
            astream = ai.astream_text(model, prompt="x", timeout=Timeout(step=0.4))
            async for _ in astream.text_stream:
                pass
        else:
            for _ in ai.stream_text(model, prompt="x", timeout=Timeout(step=0.4)).text_stream:
                pass
    assert time.monotonic() - started < 2
    assert caught.value.partial_text == "Hello there"[:8]


def test_a_number_is_the_total(server: ScriptedServer) -> None:
    server.queue(answer(calls=[("c1", "nap", {"seconds": 3})]))
    started = time.monotonic()
    result = ai.generate_text(make_model(server.url), prompt="x", tools={"nap": tool(sleepy)}, timeout=0.5)
    assert time.monotonic() - started < 1.5
    assert result.tool_results[0].is_error


def test_timeouts_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        Timeout.of(0)
    with pytest.raises(ValueError, match="positive"):
        tool(sleepy, timeout=-1)
