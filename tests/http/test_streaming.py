"""Streaming over a real socket: retries before the first byte, failures after it, the
text received before a failure, per-event timeouts, and closing a stream early.

The expected partial text is always computed from the chunks the server actually sent
(``text_of``), never written out by hand.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Generator
from typing import Any

import pytest
from http_loopback import (
    AWAIT_CLOSE,
    DROP,
    Caller,
    Reply,
    ScriptedServer,
    completion,
    error_reply,
    json_reply,
    make_model,
    pause,
    sse,
    stream_reply,
    text_chunk,
    text_of,
)

import ai_sdk_integrations
from ai_sdk_integrations.core.messages import standardize_prompt
from ai_sdk_integrations.provider.language_model import LanguageModel
from ai_sdk_integrations.spec import CallOptions, StreamError, TextContent, TextDelta
from ai_sdk_integrations.spec.errors import (
    AISDKError,
    APICallError,
    APIConnectionError,
    APITimeoutError,
    InvalidResponseDataError,
)
from ai_sdk_integrations.transport import client as http_client

PIECES = ["Once ", "upon ", "a tímé ✓, ", "there was"]
SSE = {"content-type": "text/event-stream"}
CLOSE_WAIT = 1.0  # seconds to wait for the server to see a hang-up that should be immediate


async def read_text(model: LanguageModel, mode: str, reader: str = "text_stream") -> str:
    """Read a whole stream the way a user would: sync or async, text or full stream."""
    if mode == "sync":
        result = ai_sdk_integrations.stream_text(model, prompt="hi")
        if reader == "text_stream":
            return "".join(result.text_stream)
        if reader == "full_stream":
            for _ in result.full_stream:
                pass
        else:
            result.consume()
        return result.text
    aresult = ai_sdk_integrations.astream_text(model, prompt="hi")
    if reader == "text_stream":
        return "".join([piece async for piece in aresult.text_stream])
    if reader == "full_stream":
        async for _ in aresult.full_stream:
            pass
    else:
        await aresult.consume()
    return aresult.text


MODES = pytest.mark.parametrize("mode", ["sync", "async"])
READERS = pytest.mark.parametrize("reader", ["text_stream", "full_stream", "consume"])


@MODES
async def test_a_whole_stream_arrives_as_sent(server: ScriptedServer, mode: str) -> None:
    reply = stream_reply(PIECES)
    server.queue(reply)

    assert await read_text(make_model(server.url), mode) == text_of(reply.chunks or ()) == "".join(PIECES)

    (request,) = server.requests
    assert request.json["stream"] is True
    assert request.headers["authorization"].startswith("Bearer ")


@MODES
async def test_events_split_at_every_byte_boundary_still_decode(server: ScriptedServer, mode: str) -> None:
    whole = b"".join(chunk for chunk in stream_reply(PIECES).chunks or () if isinstance(chunk, bytes))
    tiny = [whole[i : i + 3] for i in range(0, len(whole), 3)]  # cuts through UTF-8 and CRLF
    server.queue(Reply(200, SSE, chunks=tiny))

    assert await read_text(make_model(server.url), mode) == "".join(PIECES)


# -- before the first byte: retried ---------------------------------------------------


@MODES
@pytest.mark.parametrize("status", [429, 500, 503])
async def test_error_status_before_any_bytes_is_retried(
    server: ScriptedServer, retry_delays: list[float], mode: str, status: int
) -> None:
    server.queue(error_reply(status, "busy", {"retry-after-ms": "10"}), stream_reply(PIECES))

    assert await read_text(make_model(server.url), mode) == "".join(PIECES)

    assert len(server.requests) == 2
    assert retry_delays == [pytest.approx(0.01)]
    assert server.requests[0].body == server.requests[1].body


# -- after the first byte: raised, with what arrived ----------------------------------


@MODES
@READERS
async def test_connection_dropped_mid_stream_raises_with_partial_text(
    server: ScriptedServer, retry_delays: list[float], mode: str, reader: str
) -> None:
    reply = stream_reply(PIECES[:3], tail=[DROP])
    server.queue(reply, stream_reply(["a retry must not happen"]))

    with pytest.raises(APIConnectionError) as caught:
        await read_text(make_model(server.url), mode, reader)

    error = caught.value
    assert not isinstance(error, APITimeoutError)
    assert error.partial_text == text_of(reply.chunks or ())
    assert error.partial_text  # the test sent text before the drop
    assert [part.text for part in error.partial_content if isinstance(part, TextContent)] == [
        error.partial_text
    ]
    assert error.url == f"{server.url}/chat/completions"
    assert len(server.requests) == 1
    assert retry_delays == []


@MODES
async def test_connection_dropped_after_headers_before_any_event(
    server: ScriptedServer, retry_delays: list[float], mode: str
) -> None:
    server.queue(stream_reply([], tail=[DROP]), stream_reply(["a retry must not happen"]))

    with pytest.raises(APIConnectionError) as caught:
        await read_text(make_model(server.url), mode)

    assert caught.value.partial_text == ""
    assert len(server.requests) == 1
    assert retry_delays == []


@MODES
async def test_drop_in_the_middle_of_an_event_keeps_only_whole_events(
    server: ScriptedServer, mode: str
) -> None:
    complete = [sse(text_chunk(piece)) for piece in PIECES[:2]]
    half = sse(text_chunk("never seen"))[:25]
    server.queue(Reply(200, SSE, chunks=[*complete, half, DROP]))

    with pytest.raises(APIConnectionError) as caught:
        await read_text(make_model(server.url), mode)

    assert caught.value.partial_text == text_of(complete)


@MODES
async def test_silence_between_events_longer_than_timeout_raises_timeout(
    server: ScriptedServer, retry_delays: list[float], mode: str
) -> None:
    sent = [sse(text_chunk(piece)) for piece in PIECES[:2]]
    server.queue(Reply(200, SSE, chunks=[*sent, pause(5), sse(text_chunk("too late"))]))

    with pytest.raises(APITimeoutError) as caught:
        await read_text(make_model(server.url, timeout=0.5), mode)

    assert caught.value.partial_text == text_of(sent)
    assert caught.value.partial_text
    assert "no stream event for 0.5 s" in str(caught.value)
    assert len(server.requests) == 1
    assert retry_delays == []


@MODES
async def test_timeout_is_per_event_not_for_the_whole_stream(server: ScriptedServer, mode: str) -> None:
    chunks: list[Any] = []
    for piece in PIECES:
        chunks += [sse(text_chunk(piece)), pause(0.2)]  # 0.8 s in all, 0.2 s per gap
    tail = stream_reply([])
    server.queue(Reply(200, SSE, chunks=[*chunks, *(tail.chunks or ())]))

    assert await read_text(make_model(server.url, timeout=0.5), mode) == "".join(PIECES)


@MODES
async def test_stream_ending_without_finish_reason_is_an_error_with_partial_text(
    server: ScriptedServer, mode: str
) -> None:
    reply = stream_reply(PIECES, tail=[])  # clean end of body, but no finish chunk
    server.queue(reply)

    with pytest.raises(InvalidResponseDataError) as caught:
        await read_text(make_model(server.url), mode)

    assert caught.value.partial_text == text_of(reply.chunks or ())


@MODES
async def test_stream_done_without_finish_reason_keeps_the_answer_with_a_warning(
    server: ScriptedServer, mode: str
) -> None:
    """Some servers end with ``[DONE]`` (and usage) but never send a finish reason."""
    server.queue(stream_reply(PIECES, tail=[sse("[DONE]")]))
    model = make_model(server.url)
    if mode == "sync":
        result = ai_sdk_integrations.stream_text(model, prompt="hi")
        result.consume()
        finish, warnings, text = result.finish_reason, result.warnings, result.text
    else:
        aresult = ai_sdk_integrations.astream_text(model, prompt="hi")
        await aresult.consume()
        finish, warnings, text = aresult.finish_reason, aresult.warnings, aresult.text

    assert text == "".join(PIECES)
    assert finish == "other"
    [warning] = warnings
    assert warning.type == "other"
    assert warning.message is not None and "no finish reason" in warning.message


# -- an error event inside a 200 stream -----------------------------------------------


def _in_band_error_reply() -> Reply:
    return stream_reply(PIECES[:2], tail=[sse({"error": {"message": "boom"}}), sse("[DONE]")])


@MODES
async def test_in_band_error_raises_from_text_stream_with_partial_text(
    server: ScriptedServer, mode: str
) -> None:
    reply = _in_band_error_reply()
    server.queue(reply)

    with pytest.raises(AISDKError) as caught:
        await read_text(make_model(server.url), mode, "text_stream")

    assert isinstance(caught.value, APICallError)
    assert "boom" in str(caught.value)
    assert caught.value.partial_text == text_of(reply.chunks or ()) == "".join(PIECES[:2])
    assert len(server.requests) == 1


@MODES
async def test_in_band_error_is_a_stream_error_part_in_full_stream(server: ScriptedServer, mode: str) -> None:
    reply = _in_band_error_reply()
    server.queue(reply)
    model = make_model(server.url)

    if mode == "sync":
        result: Any = ai_sdk_integrations.stream_text(model, prompt="hi")
        parts = list(result.full_stream)
    else:
        result = ai_sdk_integrations.astream_text(model, prompt="hi")
        parts = [part async for part in result.full_stream]

    errors = [part for part in parts if isinstance(part, StreamError)]
    assert len(errors) == 1
    assert "boom" in str(errors[0].error)
    before = parts[: parts.index(errors[0])]
    assert "".join(p.delta for p in before if isinstance(p, TextDelta)) == text_of(reply.chunks or ())
    with pytest.raises(AISDKError) as caught:
        _ = result.text  # the summary re-raises the stream's error
    assert caught.value.partial_text == text_of(reply.chunks or ())


# -- closing a stream early -------------------------------------------------------------


def _options() -> CallOptions:
    return CallOptions(prompt=standardize_prompt(prompt="hi"))


def _endless(server: ScriptedServer) -> None:
    """A stream that sends two events and then waits for the client to hang up."""
    server.queue(stream_reply(PIECES[:2], tail=[AWAIT_CLOSE]))


def _next_request_works(server: ScriptedServer, model: LanguageModel) -> None:
    server.queue(json_reply(completion("still fine")))
    assert ai_sdk_integrations.generate_text(model, prompt="again").text == "still fine"


def test_closing_the_http_event_iterator_closes_the_response(server: ScriptedServer) -> None:
    model = make_model(server.url)
    _endless(server)
    request = model.codec.build_request(_options(), stream=True)
    events: Generator[Any, None, None] = http_client.stream_events(model.endpoint, request, model.codec)

    next(events)
    events.close()

    assert server.requests[0].client_closed.wait(CLOSE_WAIT)
    _next_request_works(server, model)


async def test_closing_the_async_http_event_iterator_closes_the_response(server: ScriptedServer) -> None:
    model = make_model(server.url)
    _endless(server)
    request = model.codec.build_request(_options(), stream=True)
    events: AsyncGenerator[Any, None] = http_client.astream_events(model.endpoint, request, model.codec)

    await anext(events)
    await events.aclose()

    assert server.requests[0].client_closed.wait(CLOSE_WAIT)
    _next_request_works(server, model)


def test_closing_model_stream_closes_the_response(server: ScriptedServer) -> None:
    model = make_model(server.url)
    _endless(server)
    parts = model.stream(_options())

    for part in parts:
        if isinstance(part, TextDelta):
            break
    parts.close()

    assert server.requests[0].client_closed.wait(CLOSE_WAIT)
    _next_request_works(server, model)


async def test_closing_model_astream_closes_the_response(server: ScriptedServer) -> None:
    model = make_model(server.url)
    _endless(server)
    parts = model.astream(_options())

    async for part in parts:
        if isinstance(part, TextDelta):
            break
    await parts.aclose()

    assert server.requests[0].client_closed.wait(CLOSE_WAIT)


@pytest.mark.parametrize("reader", ["text_stream", "full_stream"])
def test_breaking_out_of_a_stream_closes_the_response_and_the_next_request_works(
    server: ScriptedServer, reader: str
) -> None:
    model = make_model(server.url)
    _endless(server)
    result = ai_sdk_integrations.stream_text(model, prompt="hi")

    received = []
    for piece in getattr(result, reader):
        received.append(piece)
        if isinstance(piece, str | TextDelta):  # full_stream starts with parts sent before the request
            break

    assert len(server.requests) == 1  # the break came after the response started
    assert server.requests[0].client_closed.wait(CLOSE_WAIT)  # while `result` is still alive
    _next_request_works(server, model)
    assert len(server.requests) == 2


async def test_aclosing_async_text_stream_closes_the_response(server: ScriptedServer) -> None:
    model = make_model(server.url)
    _endless(server)
    result = ai_sdk_integrations.astream_text(model, prompt="hi")

    async with contextlib.aclosing(result.text_stream) as pieces:  # type: ignore[type-var]
        async for _ in pieces:
            break

    assert server.requests[0].client_closed.wait(CLOSE_WAIT)


async def test_breaking_out_of_async_text_stream_raises_nothing_and_the_next_request_works(
    server: ScriptedServer,
) -> None:
    model = make_model(server.url)
    _endless(server)
    result = ai_sdk_integrations.astream_text(model, prompt="hi")

    received = []
    async for piece in result.text_stream:
        received.append(piece)
        break

    assert received == [PIECES[0]]
    server.queue(json_reply(completion("still fine")))
    assert (await ai_sdk_integrations.agenerate_text(model, prompt="again")).text == "still fine"
    assert len(server.requests) == 2


# -- the four calls agree ---------------------------------------------------------------


async def test_success_reply_round_trips_for_every_caller(server: ScriptedServer, caller: Caller) -> None:
    server.queue(caller.success("same answer everywhere"))

    assert await caller.call(make_model(server.url)) == "same answer everywhere"
    assert len(server.requests) == 1


# -- a retryable error before any content, inside a 200 stream ------------------------


def _gateway_stream(*parts: dict[str, object]) -> Reply:
    return Reply(200, SSE, chunks=[sse(part) for part in parts])


_GATEWAY_ANSWER = (
    {"type": "stream-start", "warnings": []},
    {"type": "response-metadata", "id": "r1", "modelId": "gpt-5"},
    {"type": "text-start", "id": "t"},
    {"type": "text-delta", "id": "t", "delta": "Hello"},
    {"type": "text-end", "id": "t"},
    {"type": "finish", "finishReason": {"unified": "stop"}, "usage": {}},
)


@MODES
async def test_a_retryable_error_before_any_content_is_retried(
    server: ScriptedServer, retry_delays: list[float], mode: str
) -> None:
    """A rate limit sent inside a 200 stream before the answer began (the Gateway's
    error part; Anthropic's overloaded_error event) is retried like a failed request:
    nothing reached the reader, so nothing is lost or repeated."""
    limited = {"type": "error", "error": {"message": "slow down", "type": "rate_limit_exceeded"}}
    server.queue(
        _gateway_stream(
            {"type": "stream-start", "warnings": []}, {"type": "response-metadata", "id": "r0"}, limited
        ),
        _gateway_stream(*_GATEWAY_ANSWER),
    )
    model = ai_sdk_integrations.language_model(
        "gateway:openai/gpt-5", base_url=server.url, api_key="k", max_retries=2
    )
    assert await read_text(model, mode, "full_stream") == "Hello"
    assert len(server.requests) == 2 and len(retry_delays) == 1


@MODES
async def test_an_error_after_content_started_is_not_retried(
    server: ScriptedServer, retry_delays: list[float], mode: str
) -> None:
    limited = {"type": "error", "error": {"message": "slow down", "type": "rate_limit_exceeded"}}
    server.queue(_gateway_stream(*_GATEWAY_ANSWER[:4], limited))
    model = ai_sdk_integrations.language_model(
        "gateway:openai/gpt-5", base_url=server.url, api_key="k", max_retries=2
    )
    with pytest.raises(AISDKError) as caught:
        await read_text(model, mode, "full_stream")
    assert caught.value.partial_text == "Hello"
    assert len(server.requests) == 1 and retry_delays == []
