"""Pure decisions of the HTTP layer: which error a response is, and whether to retry.

Kept apart from the sync and async senders so both follow exactly one policy.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

from ..spec.errors import (
    AISDKError,
    APICallError,
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from ._secrets import redact

INITIAL_DELAY = 1.0
MAX_HONOURED_RETRY_AFTER = 60.0
EXCERPT_CHARS = 500
_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")
_STATUS_ERRORS: Mapping[int, type[APICallError]] = {
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    429: RateLimitError,
}


class ErrorReader(Protocol):
    """What the HTTP layer asks a codec about an error body (codecs implement it)."""

    def error_message(self, data: Any) -> str | None: ...


def _error_class(reader: ErrorReader, status: int, data: Any) -> type[APICallError]:
    """The codec's choice where it has one (the Gateway types errors in the body), else
    the status decides."""
    classify = getattr(reader, "error_class", None)
    chosen = classify(status, data) if classify is not None else None
    return chosen or _STATUS_ERRORS.get(status) or (ServerError if status >= 500 else InvalidRequestError)


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` wins over ``retry-after``)."""
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError):
        return None


def error_from_response(
    *,
    provider: str,
    url: str,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    secrets: tuple[str, ...],
    errors: ErrorReader,
) -> APICallError:
    text = redact(body.decode("utf-8", "replace"), secrets)
    try:
        data: Any = json.loads(text)
    except ValueError:
        data = None
    message = errors.error_message(data) or text[:200] or "(empty body)"
    request_id = next((headers[h] for h in _REQUEST_ID_HEADERS if h in headers), None)
    cls = _error_class(errors, status, data)
    summary = f"{provider} returned HTTP {status}: {message}"
    if request_id:
        summary += f" (request id {request_id})"
    if issubclass(cls, AuthenticationError):
        summary += ". Check the API key and its permissions for this model."
    return cls(
        summary,
        status_code=status,
        provider=provider,
        url=url,
        request_id=request_id,
        response_headers=headers,
        body_excerpt=text[:EXCERPT_CHARS],
        retry_after=parse_retry_after(headers),
        data=data,
    )


def retry_delay(error: AISDKError, attempt: int, max_retries: int) -> float | None:
    """Seconds to wait before attempt ``attempt + 1``, or ``None`` to give up now.

    A server-given delay is honoured up to 60 s; a longer one is not waited out (the
    error, with its ``retry_after``, goes to the caller instead). Otherwise the delay
    doubles each time from 1 s, with jitter so that many clients do not retry in step.
    """
    if attempt >= max_retries or not error.is_retryable:
        return None
    asked: float | None = getattr(error, "retry_after", None)
    if asked is not None:
        return max(0.0, asked) if asked <= MAX_HONOURED_RETRY_AFTER else None
    return INITIAL_DELAY * 2.0**attempt * (0.5 + random.random())
