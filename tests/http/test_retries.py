"""Retry policy, observed from both ends: the requests the server saw and the waits the
client asked for (``retry_delays`` records them instead of sleeping).

Every test runs four ways (``caller``): ``generate_text``, ``agenerate_text``,
``stream_text`` and ``astream_text`` share one policy and must behave identically.
"""

from __future__ import annotations

import email.utils
import time

import pytest
from http_loopback import (
    Caller,
    Reply,
    ScriptedServer,
    error_reply,
    make_model,
)

from ai_sdk_integrations.spec.errors import (
    APIConnectionError,
    APITimeoutError,
    RateLimitError,
    ServerError,
)
from ai_sdk_integrations.transport import retry as _policy


def _assert_same_request_each_time(server: ScriptedServer) -> None:
    first = server.requests[0]
    for later in server.requests[1:]:
        assert later.path == first.path == "/v1/chat/completions"
        assert later.body == first.body
        assert later.headers["authorization"] == first.headers["authorization"]


# -- server-given delays --------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected_delay"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "0.25"}, 0.25),
        ({"retry-after-ms": "250", "retry-after": "7"}, 0.25),  # the ms header wins
        ({"retry-after": "0"}, 0.0),
    ],
    ids=["retry-after-ms", "retry-after", "retry-after-fraction", "ms-wins", "zero"],
)
async def test_429_waits_the_server_given_delay_then_returns_the_retry(
    server: ScriptedServer,
    caller: Caller,
    retry_delays: list[float],
    headers: dict[str, str],
    expected_delay: float,
) -> None:
    server.queue(error_reply(429, "slow down", headers), caller.success("second time lucky"))

    text = await caller.call(make_model(server.url))

    assert text == "second time lucky"
    assert len(server.requests) == 2
    assert retry_delays == [pytest.approx(expected_delay)]
    _assert_same_request_each_time(server)


async def test_retry_after_as_http_date_is_honoured(
    server: ScriptedServer, caller: Caller, retry_delays: list[float]
) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    server.queue(error_reply(429, "later", {"retry-after": when}), caller.success("ok"))

    assert await caller.call(make_model(server.url)) == "ok"

    assert len(server.requests) == 2
    (delay,) = retry_delays
    assert 27 <= delay <= 31  # whole-second resolution of the date, minus time passed


async def test_retry_after_of_exactly_60_s_is_still_waited(
    server: ScriptedServer, caller: Caller, retry_delays: list[float]
) -> None:
    server.queue(error_reply(429, "later", {"retry-after": "60"}), caller.success("ok"))

    assert await caller.call(make_model(server.url)) == "ok"

    assert retry_delays == [60.0]
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("headers", "asked"), [({"retry-after": "120"}, 120.0), ({"retry-after-ms": "61000"}, 61.0)]
)
async def test_retry_after_over_60_s_falls_back_to_backoff(
    server: ScriptedServer,
    caller: Caller,
    retry_delays: list[float],
    monkeypatch: pytest.MonkeyPatch,
    headers: dict[str, str],
    asked: float,
) -> None:
    """A delay above the cap is not waited out, and does not end the retries either:
    the next attempt comes after the usual exponential backoff (as the AI SDK does)."""
    monkeypatch.setattr(_policy.random, "random", lambda: 0.5)
    server.queue(error_reply(429, "come back tomorrow", headers), caller.success("recovered"))

    assert await caller.call(make_model(server.url)) == "recovered"

    assert retry_delays == [1.0]
    assert len(server.requests) == 2


async def test_retry_after_over_60_s_keeps_its_value_on_the_final_error(
    server: ScriptedServer, caller: Caller, retry_delays: list[float]
) -> None:
    server.queue(*[error_reply(429, "come back tomorrow", {"retry-after": "120"})] * 3)

    with pytest.raises(RateLimitError) as caught:
        await caller.call(make_model(server.url))

    assert caught.value.retry_after == pytest.approx(120.0)
    assert "come back tomorrow" in str(caught.value) and "after 3 attempts" in str(caught.value)
    assert len(caught.value.retry_errors) == 2
    assert all(isinstance(e, RateLimitError) for e in caught.value.retry_errors)
    assert len(retry_delays) == 2 and all(d < 60 for d in retry_delays)


async def test_429_retries_exhausted_raise_rate_limit_error(
    server: ScriptedServer, caller: Caller, retry_delays: list[float]
) -> None:
    server.queue(*[error_reply(429, "slow down", {"retry-after": "1"})] * 3)

    with pytest.raises(RateLimitError) as caught:
        await caller.call(make_model(server.url))

    assert caught.value.retry_after == 1.0
    assert "(after 3 attempts)" in str(caught.value)
    assert len(server.requests) == 3
    assert retry_delays == [1.0, 1.0]


# -- retryable statuses ---------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 529])
async def test_retryable_status_is_retried_once_then_succeeds(
    server: ScriptedServer, caller: Caller, retry_delays: list[float], status: int
) -> None:
    server.queue(error_reply(status, "transient"), caller.success("recovered"))

    assert await caller.call(make_model(server.url)) == "recovered"

    assert len(server.requests) == 2
    assert len(retry_delays) == 1
    _assert_same_request_each_time(server)


@pytest.mark.parametrize("status", [500, 503])
async def test_5xx_is_retried_max_retries_times_then_raises(
    server: ScriptedServer, caller: Caller, retry_delays: list[float], status: int
) -> None:
    server.queue(*[error_reply(status, "overloaded")] * 3, caller.success("too late"))

    with pytest.raises(ServerError) as caught:
        await caller.call(make_model(server.url))  # default max_retries=2

    assert caught.value.status_code == status
    assert "(after 3 attempts)" in str(caught.value)
    assert len(server.requests) == 3
    assert len(retry_delays) == 2
    _assert_same_request_each_time(server)


@pytest.mark.parametrize("max_retries", [0, 1, 4])
async def test_max_retries_bounds_the_number_of_requests(
    server: ScriptedServer, caller: Caller, retry_delays: list[float], max_retries: int
) -> None:
    server.queue(*[error_reply(500, "down")] * (max_retries + 2))

    with pytest.raises(ServerError) as caught:
        await caller.call(make_model(server.url, max_retries=max_retries))

    assert len(server.requests) == max_retries + 1
    assert len(retry_delays) == max_retries
    assert ("attempts)" in str(caught.value)) == (max_retries > 0)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
async def test_non_retryable_status_is_sent_once(
    server: ScriptedServer, caller: Caller, retry_delays: list[float], status: int
) -> None:
    server.queue(error_reply(status, "no"), caller.success("never sent"))

    with pytest.raises(Exception) as caught:
        await caller.call(make_model(server.url))

    assert getattr(caught.value, "status_code", None) == status
    assert not getattr(caught.value, "is_retryable", True)
    assert len(server.requests) == 1
    assert retry_delays == []


# -- backoff without a server-given delay ---------------------------------------------


async def test_backoff_without_header_grows_within_jitter_bounds(
    server: ScriptedServer, caller: Caller, retry_delays: list[float]
) -> None:
    server.queue(*[error_reply(500, "down")] * 3)

    with pytest.raises(ServerError):
        await caller.call(make_model(server.url))

    first, second = retry_delays
    assert 0.5 <= first < 1.5
    assert 1.0 <= second < 3.0


@pytest.mark.parametrize(
    ("jitter", "expected"),
    [(0.0, [0.5, 1.0, 2.0]), (0.5, [1.0, 2.0, 4.0]), (0.999, [1.499, 2.998, 5.996])],
)
async def test_backoff_doubles_each_attempt(
    server: ScriptedServer,
    caller: Caller,
    retry_delays: list[float],
    monkeypatch: pytest.MonkeyPatch,
    jitter: float,
    expected: list[float],
) -> None:
    monkeypatch.setattr(_policy.random, "random", lambda: jitter)
    server.queue(*[error_reply(503, "down")] * 3, caller.success("recovered"))

    assert await caller.call(make_model(server.url, max_retries=3)) == "recovered"

    assert retry_delays == pytest.approx(expected)
    assert len(server.requests) == 4


# -- no HTTP answer at all ------------------------------------------------------------


async def test_connection_refused_is_retried_then_raises_connection_error(
    closed_port_url: str, caller: Caller, retry_delays: list[float]
) -> None:
    with pytest.raises(APIConnectionError) as caught:
        await caller.call(make_model(closed_port_url, connect_timeout=2))

    assert type(caught.value) is APIConnectionError  # refused, not a timeout
    assert caught.value.is_retryable
    assert "connection failed" in str(caught.value)
    assert "(after 3 attempts)" in str(caught.value)
    assert caught.value.url == f"{closed_port_url}/chat/completions"
    assert len(retry_delays) == 2


async def test_connection_refused_with_max_retries_0_tries_once(
    closed_port_url: str, caller: Caller, retry_delays: list[float]
) -> None:
    with pytest.raises(APIConnectionError) as caught:
        await caller.call(make_model(closed_port_url, max_retries=0))

    assert "(after" not in str(caught.value)
    assert retry_delays == []


async def test_slow_response_times_out_and_is_retried(
    server: ScriptedServer, caller: Caller, retry_delays: list[float]
) -> None:
    slow = Reply(200, body=b"{}", delay=5.0)
    server.queue(slow, slow)

    with pytest.raises(APITimeoutError) as caught:
        await caller.call(make_model(server.url, timeout=0.3, max_retries=1))

    assert "(after 2 attempts)" in str(caught.value)
    assert len(server.requests) == 2
    assert len(retry_delays) == 1


async def test_timeout_then_success_returns_the_retry(
    server: ScriptedServer, caller: Caller, retry_delays: list[float]
) -> None:
    server.queue(Reply(200, body=b"{}", delay=5.0), caller.success("second try"))

    assert await caller.call(make_model(server.url, timeout=0.3)) == "second try"

    assert len(server.requests) == 2
    assert len(retry_delays) == 1


# -- the per-call max_retries argument ------------------------------------------------


def test_generate_text_max_retries_argument_overrides_the_model(
    server: ScriptedServer, retry_delays: list[float]
) -> None:
    import ai_sdk_integrations

    server.queue(*[error_reply(500, "down")] * 4)
    model = make_model(server.url, max_retries=3)

    with pytest.raises(ServerError):
        ai_sdk_integrations.generate_text(model, prompt="hi", max_retries=0)

    assert len(server.requests) == 1
    assert retry_delays == []
