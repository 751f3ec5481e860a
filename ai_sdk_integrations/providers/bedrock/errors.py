"""Bedrock error bodies and stream exceptions -> the package's errors.

Bedrock answers a failed call with ``{"message": "..."}`` (``Message`` from some
front ends) and names the error in the ``x-amzn-ErrorType`` header; its status says the
rest (ValidationException 400, AccessDeniedException 403, ResourceNotFoundException
404, ModelTimeoutException 408, ModelErrorException 424, ThrottlingException and
ModelNotReadyException 429, InternalServerException 500, ServiceUnavailableException
503), which the transport already maps to typed, retryable-or-not errors.

In a ConverseStream the same failures arrive as ``exception`` messages whose
``:exception-type`` is the camelCase name; ``stream_exception`` types them alike, with
the status AWS documents for each, so a throttled stream is a ``RateLimitError``.
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

# :exception-type -> (error class, the HTTP status AWS documents for it)
STREAM_EXCEPTIONS: Mapping[str, tuple[type[APICallError], int]] = {
    "throttlingException": (RateLimitError, 429),
    "serviceUnavailableException": (ServerError, 503),
    "internalServerException": (ServerError, 500),
    "validationException": (InvalidRequestError, 400),
    "modelStreamErrorException": (APICallError, 424),
    "modelTimeoutException": (APICallError, 408),
    "accessDeniedException": (AuthenticationError, 403),
    "resourceNotFoundException": (NotFoundError, 404),
}


def bedrock_error_message(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    for key in ("message", "Message"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def stream_exception(provider: str, kind: str | None, data: Any, fallback: str = "") -> APICallError:
    """An ``exception`` (or ``error``) message of the event stream, as a typed error."""
    cls, status = STREAM_EXCEPTIONS.get(kind or "", (APICallError, 500))
    message = bedrock_error_message(data) or fallback or "(no message)"
    original = data.get("originalMessage") if isinstance(data, dict) else None
    detail = f"{message} ({original})" if isinstance(original, str) and original != message else message
    error = cls(
        f"{provider} stream failed with {kind or 'an error'}: {detail}",
        status_code=status,
        provider=provider,
        data=data,
    )
    if kind == "modelStreamErrorException":
        error.is_retryable = False
    return error
