"""The only code that does I/O: send a prepared request, retry, stream SSE events.

Sync and async functions stand side by side and differ only where they block; URL,
headers, error mapping and retry policy come from ``endpoint`` and ``_policy``.
httpx2 is imported on first use, so importing the package stays cheap. One client is
shared per process (sync) and per event loop (async): a bounded connection pool that
many models and threads reuse.

A stream is retried only until its response headers arrive; once an event has been
yielded, a failure is raised with no retry, since the caller already holds output.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
import weakref
from collections.abc import AsyncGenerator, Generator, Mapping
from typing import TYPE_CHECKING, Any

from ..providers._request import PreparedRequest
from ..providers._sse import ServerSentEvent, SSEDecoder
from ..spec.errors import AISDKError, APIConnectionError, APITimeoutError, InvalidResponseDataError
from ._policy import ErrorReader, error_from_response, retry_delay
from ._secrets import redact
from .endpoint import Endpoint

if TYPE_CHECKING:
    import asyncio

    import httpx2

_sleep = time.sleep  # tests replace these to observe retry delays without waiting


async def _asleep(delay: float) -> None:
    import asyncio  # imported here: asyncio costs ~40 ms, and sync users never need it

    await asyncio.sleep(delay)


_POOL_LIMITS = {"max_connections": 100, "max_keepalive_connections": 32}
_lock = threading.Lock()
_sync_client: tuple[int, httpx2.Client] | None = None
_async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx2.AsyncClient] = (
    weakref.WeakKeyDictionary()
)


def sync_client() -> httpx2.Client:
    global _sync_client
    current = _sync_client
    if current is not None and current[0] == os.getpid():
        return current[1]
    import httpx2

    with _lock:
        if _sync_client is None or _sync_client[0] != os.getpid():
            _sync_client = (os.getpid(), httpx2.Client(limits=httpx2.Limits(**_POOL_LIMITS)))
        return _sync_client[1]


def async_client() -> httpx2.AsyncClient:
    import asyncio

    loop = asyncio.get_running_loop()
    client = _async_clients.get(loop)
    if client is None:
        import httpx2

        client = httpx2.AsyncClient(limits=httpx2.Limits(**_POOL_LIMITS))
        _async_clients[loop] = client
    return client


class _Call:
    """Everything about one logical request that both senders need."""

    __slots__ = ("content", "endpoint", "errors", "headers", "secrets", "timeout", "url")

    def __init__(self, endpoint: Endpoint, request: PreparedRequest, errors: ErrorReader):
        self.endpoint = endpoint
        self.url = endpoint.url(request.path)
        self.headers, self.secrets = endpoint.request_headers(request.headers)
        self.content = json.dumps(request.body).encode() if request.method != "GET" else None
        self.errors = errors
        self.timeout = _timeout(endpoint.timeout, endpoint.connect_timeout)

    def status_error(self, status: int, headers: Mapping[str, str], body: bytes) -> AISDKError:
        return error_from_response(
            provider=self.endpoint.provider,
            url=self.url,
            status=status,
            headers=headers,
            body=body,
            secrets=self.secrets,
            errors=self.errors,
        )

    def transport_error(self, exc: Exception, *, streaming: bool = False) -> AISDKError:
        import httpx2

        where = f"{self.endpoint.provider} at {self.url}"
        detail = redact(str(exc) or type(exc).__name__, self.secrets)
        if isinstance(exc, httpx2.TimeoutException):
            waited = (
                f"no stream event for {self.endpoint.timeout:g} s"
                if streaming
                else f"timed out ({type(exc).__name__})"
            )
            error: AISDKError = APITimeoutError(
                f"{where}: {waited}", provider=self.endpoint.provider, url=self.url
            )
        else:
            message = f"{where}: connection failed ({detail})"
            if self.endpoint.connection_hint:
                message += f". {self.endpoint.connection_hint}"
            error = APIConnectionError(message, provider=self.endpoint.provider, url=self.url)
        return error

    def decode_json(self, body: bytes) -> Any:
        try:
            return json.loads(body)
        except ValueError as exc:
            raise InvalidResponseDataError(
                f"{self.endpoint.provider} sent a body that is not JSON: {body[:200]!r}",
                provider=self.endpoint.provider,
                url=self.url,
            ) from exc


@functools.lru_cache(maxsize=32)
def _timeout(read: float, connect: float) -> httpx2.Timeout:
    import httpx2

    return httpx2.Timeout(read, connect=connect)


def _transport_errors() -> tuple[type[Exception], ...]:
    import httpx2

    return (httpx2.TransportError,)


# -- sync ---------------------------------------------------------------------------


def request_json(
    endpoint: Endpoint, request: PreparedRequest, errors: ErrorReader
) -> tuple[Any, Mapping[str, str]]:
    """POST and return the decoded JSON body and response headers, retrying as allowed."""
    call = _Call(endpoint, request, errors)
    client = sync_client()
    transport_errors = _transport_errors()
    attempt = 0
    while True:
        try:
            response = client.request(
                request.method, call.url, content=call.content, headers=call.headers, timeout=call.timeout
            )
        except transport_errors as exc:
            error = call.transport_error(exc)
        else:
            if response.status_code < 400:
                return call.decode_json(response.content), response.headers
            error = call.status_error(response.status_code, response.headers, response.content)
        delay = retry_delay(error, attempt, endpoint.max_retries)
        if delay is None:
            raise _with_attempts(error, attempt)
        _sleep(delay)
        attempt += 1


def stream_events(
    endpoint: Endpoint, request: PreparedRequest, errors: ErrorReader
) -> Generator[ServerSentEvent, None, None]:
    """Yield the SSE events of a streamed response; closing the iterator closes it."""
    call = _Call(endpoint, request, errors)
    client = sync_client()
    transport_errors = _transport_errors()
    attempt = 0
    while True:
        try:
            response = client.send(
                client.build_request(
                    request.method, call.url, content=call.content, headers=call.headers, timeout=call.timeout
                ),
                stream=True,
            )
        except transport_errors as exc:
            error = call.transport_error(exc)
        else:
            if response.status_code < 400:
                break
            body = response.read()
            response.close()
            error = call.status_error(response.status_code, response.headers, body)
        delay = retry_delay(error, attempt, endpoint.max_retries)
        if delay is None:
            raise _with_attempts(error, attempt)
        _sleep(delay)
        attempt += 1
    decoder = SSEDecoder()
    try:
        for chunk in response.iter_bytes():
            events = decoder.feed(chunk)
            if events:
                yield from events
        yield from decoder.finish()
    except transport_errors as exc:
        raise call.transport_error(exc, streaming=True) from exc
    finally:
        response.close()


# -- async --------------------------------------------------------------------------


async def arequest_json(
    endpoint: Endpoint, request: PreparedRequest, errors: ErrorReader
) -> tuple[Any, Mapping[str, str]]:
    call = _Call(endpoint, request, errors)
    client = async_client()
    transport_errors = _transport_errors()
    attempt = 0
    while True:
        try:
            response = await client.request(
                request.method, call.url, content=call.content, headers=call.headers, timeout=call.timeout
            )
        except transport_errors as exc:
            error = call.transport_error(exc)
        else:
            if response.status_code < 400:
                return call.decode_json(response.content), response.headers
            error = call.status_error(response.status_code, response.headers, response.content)
        delay = retry_delay(error, attempt, endpoint.max_retries)
        if delay is None:
            raise _with_attempts(error, attempt)
        await _asleep(delay)
        attempt += 1


async def astream_events(
    endpoint: Endpoint, request: PreparedRequest, errors: ErrorReader
) -> AsyncGenerator[ServerSentEvent, None]:
    call = _Call(endpoint, request, errors)
    client = async_client()
    transport_errors = _transport_errors()
    attempt = 0
    while True:
        try:
            response = await client.send(
                client.build_request(
                    request.method, call.url, content=call.content, headers=call.headers, timeout=call.timeout
                ),
                stream=True,
            )
        except transport_errors as exc:
            error = call.transport_error(exc)
        else:
            if response.status_code < 400:
                break
            body = await response.aread()
            await response.aclose()
            error = call.status_error(response.status_code, response.headers, body)
        delay = retry_delay(error, attempt, endpoint.max_retries)
        if delay is None:
            raise _with_attempts(error, attempt)
        await _asleep(delay)
        attempt += 1
    decoder = SSEDecoder()
    try:
        async for chunk in response.aiter_bytes():
            for event in decoder.feed(chunk):
                yield event
        for event in decoder.finish():
            yield event
    except transport_errors as exc:
        raise call.transport_error(exc, streaming=True) from exc
    finally:
        await response.aclose()


def _with_attempts(error: AISDKError, attempt: int) -> AISDKError:
    """Say how many tries were made, so a user knows retries already happened."""
    if attempt:
        error.args = (f"{error.args[0]} (after {attempt + 1} attempts)", *error.args[1:])
    return error
