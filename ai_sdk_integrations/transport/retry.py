"""The retry policy and the retry state machine, each written once.

``attempts()`` is a generator that says what to do next (send, read an error body,
sleep) and is sent what happened; the sync and async drivers in ``client`` only carry
out those steps. So both paths retry the same errors, wait the same delays and give up
at the same point: one flow, two short loops (httpx's ``auth_flow`` pattern).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any

from ..spec.errors import AISDKError

INITIAL_DELAY = 1.0
MAX_DELAY = 60.0
MAX_HONOURED_RETRY_AFTER = 60.0


class Send:
    """Send the request (again); the flow is sent the response or the transport exception."""

    __slots__ = ()


SEND = Send()


@dataclass(frozen=True, slots=True)
class ReadBody:
    """Read (and close) this error response's body; the flow is sent the bytes."""

    response: Any


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


Step = Send | ReadBody | Sleep


def retry_delay(error: AISDKError, attempt: int, max_retries: int) -> float | None:
    """Seconds to wait before attempt ``attempt + 1``, or ``None`` to give up now.

    A server-given delay (``retry-after-ms`` / ``retry-after``) is honoured up to 60 s.
    One longer than that is not waited out, and is not a reason to stop either: the
    delay falls back to exponential backoff (1 s, doubling, with jitter so that many
    clients do not retry in step), as the AI SDK's retry helper does.
    """
    if attempt >= max_retries or not error.is_retryable:
        return None
    asked: float | None = getattr(error, "retry_after", None)
    if asked is not None and 0 <= asked <= MAX_HONOURED_RETRY_AFTER:
        return asked
    return min(MAX_DELAY, INITIAL_DELAY * 2.0**attempt) * (0.5 + random.random())


def attempts(
    *,
    max_retries: int,
    is_success: Callable[[Any], bool],
    transport_error: Callable[[BaseException], AISDKError],
    status_error: Callable[[Any, bytes], AISDKError],
) -> Generator[Step, Any, Any]:
    """The retry state machine for one logical request; returns the successful response.

    The final error carries how many attempts were made, the errors of the earlier
    attempts (``retry_errors``) and, for a lost connection, the transport exception as
    its ``__cause__``.
    """
    earlier: list[AISDKError] = []
    attempt = 0
    while True:
        outcome = yield SEND
        if isinstance(outcome, BaseException):
            error = transport_error(outcome)
            error.__cause__ = outcome
        elif is_success(outcome):
            return outcome
        else:
            body = yield ReadBody(outcome)
            error = status_error(outcome, body)
        delay = retry_delay(error, attempt, max_retries)
        if delay is None:
            raise _final(error, earlier)
        earlier.append(error)
        yield Sleep(delay)
        attempt += 1


def _final(error: AISDKError, earlier: list[AISDKError]) -> AISDKError:
    """Say how many tries were made, so a user knows retries already happened."""
    if earlier:
        error.args = (f"{error.args[0]} (after {len(earlier) + 1} attempts)", *error.args[1:])
        error.retry_errors = tuple(earlier)
        if error.__cause__ is None and earlier[-1].__cause__ is not None:
            error.__cause__ = earlier[-1].__cause__
    return error


def should_retry_header(headers: Mapping[str, str]) -> bool | None:
    """``x-should-retry: true/false``: the server's own verdict (OpenAI and others send it)."""
    value = headers.get("x-should-retry")
    if value == "true":
        return True
    if value == "false":
        return False
    return None
