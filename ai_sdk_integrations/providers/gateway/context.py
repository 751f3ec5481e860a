"""The incoming request a Gateway call is made for (the Vercel request context).

On Vercel, the AI SDK reads two headers of the request being served: the OIDC token
(``x-vercel-oidc-token``), which authenticates to the Gateway when no API key is set,
and the request id (``x-vercel-id``), sent on as ``ai-o11y-request-id``. In Python the
web framework hands us those headers::

    with gateway_request_context(request.headers):   # FastAPI, Starlette, Flask, Django ...
        generate_text("gateway:openai/gpt-5", prompt=...)

The context is a ``contextvars`` variable, so it follows the request through threads
started with ``contextvars.copy_context()`` and through asyncio tasks, and concurrent
requests never see each other's headers. Without one, the headers registered with the
Vercel Python runtime (``vercel.headers.set_headers``, when that package is installed)
are used, as the AI SDK uses the runtime's own request context.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_HEADERS: ContextVar[Mapping[str, str] | None] = ContextVar("gateway_request_headers", default=None)
_vercel_get_headers: Callable[[], Any] | None = None
_looked_for_vercel = False


def _lowered(headers: Mapping[str, str] | Iterable[tuple[str, str]] | Any) -> dict[str, str]:
    items = headers.items() if hasattr(headers, "items") else headers
    return {str(name).lower(): str(value) for name, value in items}


@contextmanager
def gateway_request_context(
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
) -> Iterator[None]:
    """Gateway calls inside this block belong to the request with these ``headers`` (any
    mapping, or ``(name, value)`` pairs; names in any case)."""
    token = _HEADERS.set(_lowered(headers))
    try:
        yield
    finally:
        _HEADERS.reset(token)


def _vercel_runtime_headers() -> Mapping[str, str] | None:
    """``vercel.headers.get_headers()`` of the Vercel Python runtime, if it is installed."""
    global _vercel_get_headers, _looked_for_vercel
    if not _looked_for_vercel:
        try:
            _vercel_get_headers = importlib.import_module("vercel.headers").get_headers
        except (ImportError, AttributeError):
            _vercel_get_headers = None
        _looked_for_vercel = True
    if _vercel_get_headers is None:
        return None
    headers = _vercel_get_headers()
    return _lowered(headers) if headers else None


def current_request_headers() -> Mapping[str, str] | None:
    """The current request's headers (lower-case names), or None outside any request."""
    headers = _HEADERS.get()
    return headers if headers is not None else _vercel_runtime_headers()
