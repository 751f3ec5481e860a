"""Google's error body, ``{"error": {"code", "message", "status", "details"}}``, for the
transport: the human message, and the error class its ``status`` names.

``status`` is the google.rpc code name. ``RESOURCE_EXHAUSTED`` is a rate limit whatever
carried it (an error object inside a 200 stream has no HTTP status of its own),
``UNAVAILABLE`` and ``INTERNAL`` are server errors worth retrying, ``PERMISSION_DENIED``
and ``UNAUTHENTICATED`` blame the credentials, and so does a 400 whose ``ErrorInfo``
reason is ``API_KEY_INVALID`` (how the Gemini API answers a wrong key).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...spec.errors import (
    APICallError,
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
)


class GoogleRateLimitError(RateLimitError):
    default_status = 429


class GoogleServerError(ServerError):
    default_status = 503


class GoogleAuthenticationError(AuthenticationError):
    default_status = 403


class GoogleNotFoundError(NotFoundError):
    default_status = 404


class GoogleInvalidRequestError(InvalidRequestError):
    default_status = 400


_STATUS_ERRORS: Mapping[str, type[APICallError]] = {
    "RESOURCE_EXHAUSTED": GoogleRateLimitError,
    "UNAVAILABLE": GoogleServerError,
    "INTERNAL": GoogleServerError,
    "DEADLINE_EXCEEDED": GoogleServerError,
    "PERMISSION_DENIED": GoogleAuthenticationError,
    "UNAUTHENTICATED": GoogleAuthenticationError,
    "NOT_FOUND": GoogleNotFoundError,
    "INVALID_ARGUMENT": GoogleInvalidRequestError,
    "FAILED_PRECONDITION": GoogleInvalidRequestError,
}
_KEY_REASONS = frozenset({"API_KEY_INVALID", "API_KEY_SERVICE_BLOCKED", "API_KEY_HTTP_REFERRER_BLOCKED"})


def _error(data: Any) -> Mapping[str, Any] | None:
    if isinstance(data, list) and data:  # streamGenerateContent without alt=sse wraps in a list
        data = data[0]
    if not isinstance(data, dict):
        return None
    error = data.get("error")
    return error if isinstance(error, dict) else None


def _details(error: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    details = (error or {}).get("details")
    return [d for d in details if isinstance(d, dict)] if isinstance(details, list) else []


def google_error_message(data: Any) -> str | None:
    error = _error(data)
    if error is None:
        return None
    message = error.get("message")
    if not isinstance(message, str) or not message.strip():
        return None
    status = error.get("status")
    return f"{message.strip()} ({status})" if isinstance(status, str) and status else message.strip()


def google_error_class(status: int, data: Any) -> type[APICallError] | None:
    error = _error(data)
    if any(d.get("reason") in _KEY_REASONS for d in _details(error)):
        return GoogleAuthenticationError
    name = error.get("status") if error is not None else None
    return _STATUS_ERRORS.get(name) if isinstance(name, str) else None


def google_retry_after(data: Any) -> float | None:
    """The delay Google asks for in a ``google.rpc.RetryInfo`` detail (``"retryDelay":
    "30s"``): its 429s carry no ``retry-after`` header."""
    for detail in _details(_error(data)):
        if str(detail.get("@type", "")).endswith("google.rpc.RetryInfo"):
            delay = detail.get("retryDelay")
            if isinstance(delay, str) and delay.endswith("s"):
                try:
                    return max(0.0, float(delay[:-1]))
                except ValueError:
                    return None
    return None
