"""The transport's contract, against the scripted loopback server: pools closed with
their event loop, callers' own clients, ``x-should-retry``, causes kept, and error
objects inside 200 responses (plain and streamed)."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import httpx2
import pytest
from http_loopback import (
    API_KEY,
    CALLERS,
    Caller,
    Reply,
    ScriptedServer,
    error_reply,
    json_reply,
    make_model,
    sse,
    stream_reply,
    text_chunk,
)

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import (
    APICallError,
    APIConnectionError,
    RateLimitError,
    ServerError,
)
from ai_sdk_integrations.transport import client as http_client


def _open_sockets() -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                count += 1
        except OSError:
            pass
    return count


@pytest.mark.parametrize("caller", [c for c in CALLERS if c.name.startswith("a")], ids=repr)
def test_asyncio_run_leaves_no_socket_and_no_client_behind(server: ScriptedServer, caller: Caller) -> None:
    """Each ``asyncio.run`` makes a loop, a pool and a connection; when the loop shuts
    down, the pool is closed with it (not left for the garbage collector)."""
    model = make_model(server.url)
    server.queue(*[caller.success("ok") for _ in range(50)])
    before = _open_sockets()
    import gc

    gc.disable()  # the pools must be closed by the loop's shutdown, not by collection
    try:
        for _ in range(50):
            assert asyncio.run(caller.call(model)) == "ok"
        assert len(http_client._async_clients) == 0
        deadline = time.monotonic() + 5
        while _open_sockets() > before + 1 and time.monotonic() < deadline:
            time.sleep(0.02)  # the server thread sees the hang-up and closes its side
        assert _open_sockets() <= before + 1
    finally:
        gc.enable()


@pytest.mark.parametrize(("status", "verdict", "attempts"), [(500, "false", 1), (400, "true", 2)])
async def test_x_should_retry_overrides_the_status(
    server: ScriptedServer,
    caller: Caller,
    retry_delays: list[float],
    status: int,
    verdict: str,
    attempts: int,
) -> None:
    server.queue(error_reply(status, "told", {"x-should-retry": verdict}), caller.success("second"))
    if attempts == 1:
        with pytest.raises(APICallError) as caught:
            await caller.call(make_model(server.url))
        assert caught.value.is_retryable is False
    else:
        assert await caller.call(make_model(server.url)) == "second"
    assert len(server.requests) == attempts


async def test_the_final_error_keeps_its_cause_and_the_earlier_attempts(
    closed_port_url: str, caller: Caller, retry_delays: list[float]
) -> None:
    with pytest.raises(APIConnectionError) as caught:
        await caller.call(make_model(closed_port_url, max_retries=2))
    assert isinstance(caught.value.__cause__, httpx2.TransportError)
    assert len(caught.value.retry_errors) == 2
    assert all(isinstance(error, APIConnectionError) for error in caught.value.retry_errors)
    assert "after 3 attempts" in str(caught.value)


async def test_an_error_object_in_a_200_is_a_typed_redacted_error(
    server: ScriptedServer, caller: Caller
) -> None:
    body = {"error": {"message": f"quota for key {API_KEY} is used up", "type": "rate_limit_exceeded"}}
    server.queue(*[json_reply(body)] * 3)

    with pytest.raises(RateLimitError) as caught:
        await caller.call(make_model(server.url, max_retries=0))

    assert caught.value.status_code == 200
    assert "quota for key" in str(caught.value) and "[REDACTED]" in str(caught.value)
    assert API_KEY not in str(caught.value) and API_KEY not in repr(caught.value.data)
    assert "without a finish reason" not in str(caught.value)


async def test_an_untyped_error_object_in_a_200_is_not_retried(
    server: ScriptedServer, caller: Caller
) -> None:
    server.queue(json_reply({"error": {"message": "the model refused the input"}}), caller.success("never"))
    with pytest.raises(APICallError, match="the model refused the input") as caught:
        await caller.call(make_model(server.url))
    assert not isinstance(caught.value, ServerError)
    assert len(server.requests) == 1


async def test_an_error_event_inside_a_stream_keeps_its_message(server: ScriptedServer) -> None:
    reply = Reply(
        200,
        {"content-type": "text/event-stream"},
        chunks=[sse(text_chunk("partial ")), sse({"error": {"message": "upstream overloaded"}})],
    )
    server.queue(reply)
    with pytest.raises(APICallError, match="upstream overloaded") as caught:
        "".join(ai.stream_text(make_model(server.url), prompt="hi").text_stream)
    assert caught.value.partial_text == "partial "


# -- the caller's own HTTP clients ----------------------------------------------------


def _completion(text: str) -> dict[str, Any]:
    return {"choices": [{"message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}


def test_a_callers_sync_client_is_used() -> None:
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json=_completion("from my transport"))

    provider = ai.create_openai_compatible(
        base_url="http://never-resolved.invalid/v1",
        api_key="k",
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )
    result = ai.generate_text(provider.language_model("m"), prompt="hi")
    assert result.text == "from my transport"
    assert [str(r.url) for r in seen] == ["http://never-resolved.invalid/v1/chat/completions"]
    assert seen[0].headers["authorization"] == "Bearer k"


async def test_a_callers_async_client_is_used_even_when_passed_as_http_client() -> None:
    async def handler(request: httpx2.Request) -> httpx2.Response:
        body = (
            b"data: "
            + httpx2.Response(200, json=_completion("x")).content.replace(b"message", b"delta")
            + b"\n\n"
        )
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=body)

    client = httpx2.AsyncClient(transport=httpx2.MockTransport(handler))
    model = ai.language_model(
        "openai-compatible:m", base_url="http://never-resolved.invalid", http_client=client
    )
    stream = ai.astream_text(model, prompt="hi")
    assert "".join([piece async for piece in stream.text_stream]) == "x"
    assert model.endpoint.async_http_client is client and model.endpoint.http_client is None
    assert len(http_client._async_clients) == 0  # the shared pool was never made
    await client.aclose()


async def test_shared_pool_requests_carry_the_pool_defaults_and_ours_over_them(
    server: ScriptedServer, caller: Caller
) -> None:
    """The shared pools build their requests themselves (not through build_request):
    the pool's own defaults still go out, ours and the caller's replace them whatever
    their case, each header once, and the endpoint's timeout is the request's."""
    server.queue(caller.success("ok"))
    model = make_model(server.url, headers={"User-Agent": "my-app/1", "X-Trace": "t1"}, timeout=7.5)
    assert await caller.call(model) == "ok"
    sent = {name.lower(): value for name, value in server.requests[0].headers.items()}
    assert sent["user-agent"] == "my-app/1"  # the caller's, over ours and httpx2's
    assert sent["x-trace"] == "t1"
    assert sent["accept-encoding"] == "gzip, deflate"  # the pool's default, kept
    assert sent["authorization"] == f"Bearer {API_KEY}"
    assert sent["content-type"] == "application/json"
    assert sent["content-length"] == str(len(server.requests[0].body))
    assert [name.lower() for name in server.requests[0].headers].count("user-agent") == 1
    pool = http_client.sync_client() if caller.name in ("generate_text", "stream_text") else None
    assert pool is None or pool in http_client._shared
    built = http_client._timeout_extension(7.5, model.endpoint.connect_timeout)
    assert built == {"connect": model.endpoint.connect_timeout, "read": 7.5, "write": 7.5, "pool": 7.5}


def test_a_callers_client_builds_its_own_requests_with_its_defaults() -> None:
    """A caller's client is not a shared pool: its default headers, cookies and params
    apply to our requests as httpx2 merges them."""
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json=_completion("ok"))

    client = httpx2.Client(
        transport=httpx2.MockTransport(handler),
        headers={"x-proxy-tenant": "acme"},
        cookies={"session": "s1"},
        params={"tenant": "acme"},
    )
    model = ai.language_model(
        "openai-compatible:m", base_url="http://never-resolved.invalid/v1", http_client=client
    )
    assert ai.generate_text(model, prompt="hi").text == "ok"
    assert client not in http_client._shared
    assert seen[0].headers["x-proxy-tenant"] == "acme"
    assert seen[0].headers["cookie"] == "session=s1"
    assert seen[0].url.params["tenant"] == "acme"


def test_stream_reply_helper_still_streams(server: ScriptedServer) -> None:
    server.queue(stream_reply(["a", "b"]))
    assert ai.stream_text(make_model(server.url), prompt="hi").text == "ab"
