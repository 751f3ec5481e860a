"""Anthropic error bodies: ``{"type": "error", "error": {"type": ..., "message": ...},
"request_id": ...}``, in an HTTP error response or as an ``error`` event in a stream.

The error ``type`` says what failed, so it picks the exception class (and, for a
stream event, the status the failure would have had: ``overloaded_error`` is 529 and
so retryable). Types Anthropic documents: invalid_request_error (400),
authentication_error (401), permission_error (403), not_found_error (404),
request_too_large (413), rate_limit_error (429), api_error (500), overloaded_error (529).
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

ERROR_TYPES: Mapping[str, tuple[type[APICallError], int]] = {
    "invalid_request_error": (InvalidRequestError, 400),
    "authentication_error": (AuthenticationError, 401),
    "billing_error": (InvalidRequestError, 400),
    "permission_error": (AuthenticationError, 403),
    "not_found_error": (NotFoundError, 404),
    "request_too_large": (InvalidRequestError, 413),
    "rate_limit_error": (RateLimitError, 429),
    "timeout_error": (ServerError, 504),
    "api_error": (ServerError, 500),
    "overloaded_error": (ServerError, 529),
}


def _detail(data: Any) -> dict[str, Any]:
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, dict) else {}


def anthropic_error_message(data: Any) -> str | None:
    """The human message of an Anthropic error body (or an OpenAI-style one, which
    Anthropic-compatible servers sometimes send)."""
    if not isinstance(data, dict):
        return None
    error = data.get("error")
    if isinstance(error, str):
        return error
    message = _detail(data).get("message")
    if isinstance(message, str):
        return message
    message = data.get("message")
    return message if isinstance(message, str) else None


def anthropic_error_type(data: Any) -> str | None:
    kind = _detail(data).get("type")
    return kind if isinstance(kind, str) else None


def anthropic_error_class(status: int, data: Any) -> type[APICallError] | None:
    """The class the body's error type names; ``None`` lets the status decide."""
    entry = ERROR_TYPES.get(anthropic_error_type(data) or "")
    return entry[0] if entry is not None else None


def stream_error(provider: str, data: Any) -> APICallError:
    """An ``error`` event as the error its type names, with the status that type has
    over HTTP, so ``is_retryable`` says the same as it would have before the stream."""
    kind = anthropic_error_type(data)
    cls, status = ERROR_TYPES.get(kind or "", (APICallError, 500))
    message = anthropic_error_message(data) or str(data)[:200]
    label = f"{kind}: " if kind else ""
    return cls(
        f"{provider} reported an error in the stream: {label}{message}",
        status_code=status,
        provider=provider,
        data=data,
    )
