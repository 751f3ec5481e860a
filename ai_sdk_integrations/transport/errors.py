"""Which error a response is: pure decisions, shared by the sync and async paths.

A codec may help: ``error_message(data)`` finds the human message in its error bodies,
an optional ``error_class(status, data)`` picks a typed error (the Gateway types
its errors in the body), and an optional ``retry_after(data)`` reads a delay the body
asks for where no header does (Google's ``RetryInfo``). Everything shown is redacted before an error is built.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

from ..spec.errors import (
    APICallError,
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from .retry import should_retry_header
from .secrets import redact

EXCERPT_CHARS = 500
_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")
_STATUS_ERRORS: Mapping[int, type[APICallError]] = {
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    429: RateLimitError,
}
# An error object inside a 200 body has no status of its own; its type or code says
# what kind of failure it was (OpenAI-style ``type``/``code`` strings).
_BODY_ERROR_WORDS: tuple[tuple[str, type[APICallError], int], ...] = (
    ("rate_limit", RateLimitError, 429),
    ("overloaded", ServerError, 529),
    ("server_error", ServerError, 500),
    ("internal", ServerError, 500),
    ("auth", AuthenticationError, 401),
    ("permission", AuthenticationError, 403),
    ("not_found", NotFoundError, 404),
)


class ErrorReader(Protocol):
    """What the transport asks a codec about an error body (codecs implement it)."""

    def error_message(self, data: Any) -> str | None: ...


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
    except (TypeError, ValueError, OverflowError):
        return None


def _retry_after(headers: Mapping[str, str], data: Any, reader: ErrorReader) -> float | None:
    asked = parse_retry_after(headers)
    if asked is not None:
        return asked
    from_body = getattr(reader, "retry_after", None)
    return from_body(data) if from_body is not None else None  # type: ignore[no-any-return]


def _error_class(reader: ErrorReader, status: int, data: Any) -> type[APICallError]:
    classify = getattr(reader, "error_class", None)
    chosen = classify(status, data) if classify is not None else None
    return chosen or _STATUS_ERRORS.get(status) or (ServerError if status >= 500 else InvalidRequestError)


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
    return _build(provider, url, status, headers, text, data, errors, _error_class(errors, status, data))


def error_in_body(
    *,
    provider: str,
    url: str,
    headers: Mapping[str, str],
    data: Any,
    secrets: tuple[str, ...],
    errors: ErrorReader,
) -> APICallError | None:
    """A 200 response whose JSON body is an error object, as a typed error; else None."""
    if not isinstance(data, dict) or "error" not in data or "choices" in data:
        return None
    text = redact(json.dumps(data), secrets)
    redacted = json.loads(text)
    if errors.error_message(redacted) is None:
        return None
    cls: type[APICallError] = APICallError
    status = 200
    detail = redacted.get("error")
    kind = (
        " ".join(str(detail.get(k, "")) for k in ("type", "code", "status"))
        if isinstance(detail, dict)
        else ""
    )
    classify = getattr(errors, "error_class", None)
    chosen = classify(200, redacted) if classify is not None else None
    if chosen is not None:
        cls = chosen
        status = int(getattr(chosen, "default_status", status))  # the status its type implies
    else:
        for word, error_cls, implied in _BODY_ERROR_WORDS:
            if word in kind.lower():
                cls, status = error_cls, implied
                break
    return _build(provider, url, status, headers, text, redacted, errors, cls, wire_status=200)


def _blames_key(cls: type[APICallError], data: Any) -> bool:
    """Whether an auth error should point at the key: the class says (``blames_key``),
    or decides from the body (``blames_key_for(data)``, e.g. a refusal by a rule)."""
    judge = getattr(cls, "blames_key_for", None)
    if judge is not None:
        return bool(judge(data))
    return bool(getattr(cls, "blames_key", True))


def _build(
    provider: str,
    url: str,
    status: int,
    headers: Mapping[str, str],
    text: str,
    data: Any,
    errors: ErrorReader,
    cls: type[APICallError],
    wire_status: int | None = None,
) -> APICallError:
    """``status`` decides retryability; ``wire_status`` is what the response said, when
    the two differ (an error object inside a 200)."""
    message = errors.error_message(data) or text[:200] or "(empty body)"
    request_id = next((headers[h] for h in _REQUEST_ID_HEADERS if h in headers), None)
    if wire_status is None:
        summary = f"{provider} returned HTTP {status}: {message}"
    else:
        summary = f"{provider} returned an error in a {wire_status} response: {message}"
    if request_id:
        summary += f" (request id {request_id})"
    if issubclass(cls, AuthenticationError) and _blames_key(cls, data):
        summary += ". Check the API key and its permissions for this model."
    error = cls(
        summary,
        status_code=status,
        provider=provider,
        url=url,
        request_id=request_id,
        response_headers=headers,
        body_excerpt=text[:EXCERPT_CHARS],
        retry_after=_retry_after(headers, data, errors),
        data=data,
    )
    if wire_status is not None:
        error.status_code = wire_status
    verdict = should_retry_header(headers)
    if verdict is not None:
        error.is_retryable = verdict
    return error
