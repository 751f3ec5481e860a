"""The only code that does I/O: send a prepared request, retry, stream framed events.

The retry flow is ``retry.attempts()``, written once; ``_drive`` and ``_adrive`` are
the two loops that carry out its steps, and the four public functions differ only in
what they send and how they read the body. httpx2 is imported on first use, so
importing the package stays cheap. The shared clients are one bounded pool per
process (sync) and per event loop (async); an async pool is closed when its loop shuts
down (``asyncio.run`` closes it), so no socket outlives the loop that opened it. A
caller's own client (``Endpoint.http_client`` / ``async_http_client``) is used as
given and never closed here.

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
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from typing import TYPE_CHECKING, Any

from ..spec.errors import (
    AISDKError,
    APICallError,
    APIConnectionError,
    APITimeoutError,
    InvalidResponseDataError,
    UsageError,
)
from ..spec.request import Framing, PreparedRequest
from .endpoint import Endpoint
from .errors import ErrorReader, error_from_response, error_in_body
from .retry import SEND, ReadBody, Step, attempts
from .secrets import redact

if TYPE_CHECKING:
    import asyncio
    import ssl
    from http.cookiejar import CookieJar

    import httpx2

_sleep = time.sleep  # tests replace these to observe retry delays without waiting


async def _asleep(delay: float) -> None:
    import asyncio  # imported here: asyncio costs ~40 ms, and sync users never need it

    await asyncio.sleep(delay)


_POOL_LIMITS = {"max_connections": 100, "max_keepalive_connections": 100}
# Each shared pool's bounds, read when the pool is made (per process, per event loop):
# size them to the concurrency you run at, so never more than this many sockets are
# open at once. Every connection the pool may open is also kept alive while idle (for
# httpx2's 5 s expiry), as fetch does in the AI SDK: a smaller keep-alive bound closes
# and reopens connections whenever more requests than it are in flight.
_POOL_ENV = {
    "max_connections": "AI_SDK_MAX_CONNECTIONS",
    "max_keepalive_connections": "AI_SDK_MAX_KEEPALIVE_CONNECTIONS",
}


def pool_limits() -> dict[str, int]:
    """``_POOL_LIMITS``, with ``AI_SDK_MAX_CONNECTIONS`` / ``AI_SDK_MAX_KEEPALIVE_CONNECTIONS``
    overriding each (a keep-alive bound above the total is lowered to it)."""
    limits = dict(_POOL_LIMITS)
    for name, variable in _POOL_ENV.items():
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                limits[name] = int(value)
            except ValueError:
                raise UsageError(f"{variable} must be a whole number of connections; got {value!r}") from None
            if limits[name] < 1:
                raise UsageError(f"{variable} must be at least 1; got {value!r}")
    limits["max_keepalive_connections"] = min(limits["max_keepalive_connections"], limits["max_connections"])
    return limits


_lock = threading.Lock()
_sync_client: tuple[int, httpx2.Client] | None = None
_async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx2.AsyncClient] = (
    weakref.WeakKeyDictionary()
)
_keepers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AsyncGenerator[None, None]] = (
    weakref.WeakKeyDictionary()
)


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context per process, shared by every pool: loading the CA bundle takes
    ~70 ms, which each event loop's new pool (every ``asyncio.run``) would pay again."""
    import httpx2

    return httpx2.create_ssl_context()


def _no_cookies() -> CookieJar:
    """The shared pools keep no cookies: API calls are stateless, and a session cookie
    one server sets must not ride along on the next caller's request to that host."""
    from http.cookiejar import CookieJar, DefaultCookiePolicy

    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


_shared: weakref.WeakSet[Any] = weakref.WeakSet()
"""Every shared pool: a request on one of them is built here (``_Call.request``); any
other client builds its own."""
_shared_headers: dict[str, str] = {}
"""The shared pools' own default headers (accept, accept-encoding, connection), read
from the first pool made: every shared pool is made with the same arguments."""


def _made_shared(client: Any) -> Any:
    if not _shared_headers:
        _shared_headers.update(client.headers.items())
    _shared.add(client)
    return client


def sync_client() -> httpx2.Client:
    global _sync_client
    current = _sync_client
    if current is not None and current[0] == os.getpid():
        return current[1]
    import httpx2

    with _lock:
        if _sync_client is None or _sync_client[0] != os.getpid():
            client = httpx2.Client(
                limits=httpx2.Limits(**pool_limits()), cookies=_no_cookies(), verify=_tls()
            )
            _sync_client = (os.getpid(), _made_shared(client))
        return _sync_client[1]


async def async_client() -> httpx2.AsyncClient:
    """This loop's pool, made on first use and closed when the loop shuts down."""
    import asyncio

    loop = asyncio.get_running_loop()
    client = _async_clients.get(loop)
    if client is None:
        import httpx2

        client = httpx2.AsyncClient(
            limits=httpx2.Limits(**pool_limits()), cookies=_no_cookies(), verify=_tls()
        )
        _async_clients[loop] = _made_shared(client)
        keeper = _close_with_loop(loop, client)
        # Started, it is one of the loop's async generators, which the loop's
        # shutdown_asyncgens() (called by asyncio.run) closes: that runs our finally.
        await keeper.asend(None)
        _keepers[loop] = keeper
    return client


async def _close_with_loop(
    loop: asyncio.AbstractEventLoop, client: httpx2.AsyncClient
) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        _async_clients.pop(loop, None)
        _keepers.pop(loop, None)
        await client.aclose()


class _Call:
    """Everything about one logical request that both drivers need."""

    __slots__ = ("content", "endpoint", "errors", "framing", "headers", "method", "secrets", "timeout", "url")

    def __init__(self, endpoint: Endpoint, request: PreparedRequest, errors: ErrorReader):
        self.endpoint = endpoint
        self.url = endpoint.url(request.path)
        self.method = request.method
        self.headers = request.headers
        self.content = _content_of(request)
        if request.content is not None and request.content_type is not None:
            self.headers = {**request.headers, "content-type": request.content_type}
        self.errors = errors
        self.framing: Framing = request.framing
        self.timeout = _timeout(endpoint.timeout, endpoint.connect_timeout)
        self.secrets: tuple[str, ...] = endpoint.secret_values()

    def outgoing(self) -> tuple[str, httpx2.URL, bytes | None, dict[str, str]]:
        """Credentials are applied per attempt: tokens refresh, signatures date themselves."""
        request, secrets = self.endpoint.outgoing(self.method, self.url, self.content, self.headers)
        self.secrets = (*secrets, *self.secrets)
        return request.method, _parsed_url(request.url), request.content, request.headers

    def request(self, client: Any) -> httpx2.Request:
        """This attempt's request. On a shared pool it is built directly: the pool has
        no base URL, cookies, query or auth of its own to merge, and ``build_request``'s
        merging costs more than the rest of sending a small request. A caller's own
        client builds it, so its defaults, cookies and hooks apply as they would."""
        method, url, content, headers = self.outgoing()
        if client not in _shared:
            built: httpx2.Request = client.build_request(
                method, url, content=content, headers=headers, timeout=self.timeout
            )
            return built
        import httpx2

        merged = dict(_shared_headers)
        for name, value in headers.items():
            merged[name.lower()] = value  # case-insensitive, as build_request merges
        extensions = {"timeout": _timeout_extension(self.endpoint.timeout, self.endpoint.connect_timeout)}
        return httpx2.Request(method, url, content=content, headers=merged, extensions=extensions)

    def steps(self) -> Generator[Step, Any, Any]:
        return attempts(
            max_retries=self.endpoint.max_retries,
            is_success=lambda response: response.status_code < 400,
            transport_error=self.transport_error,
            status_error=lambda response, body: self.status_error(
                response.status_code, response.headers, body
            ),
        )

    def status_error(self, status: int, headers: Mapping[str, str], body: bytes) -> APICallError:
        return error_from_response(
            provider=self.endpoint.provider,
            url=self.url,
            status=status,
            headers=headers,
            body=body,
            secrets=self.secrets,
            errors=self.errors,
        )

    def transport_error(self, exc: BaseException, *, streaming: bool = False) -> AISDKError:
        import httpx2

        _scrub_request(exc, self.secrets)
        where = f"{self.endpoint.provider} at {self.url}"
        detail = redact(str(exc) or type(exc).__name__, self.secrets)
        if isinstance(exc, httpx2.TimeoutException):
            waited = (
                f"no stream event for {self.endpoint.timeout:g} s"
                if streaming
                else f"timed out ({type(exc).__name__})"
            )
            return APITimeoutError(f"{where}: {waited}", provider=self.endpoint.provider, url=self.url)
        message = f"{where}: connection failed ({detail})"
        if self.endpoint.connection_hint:
            message += f". {self.endpoint.connection_hint}"
        return APIConnectionError(message, provider=self.endpoint.provider, url=self.url)

    def json_body(self, body: bytes, headers: Mapping[str, str]) -> Any:
        """The decoded body of a successful response; an error object in it is raised."""
        try:
            data = json.loads(body)
        except ValueError as exc:
            excerpt = redact(body[:200].decode("utf-8", "replace"), self.secrets)
            raise InvalidResponseDataError(
                f"{self.endpoint.provider} sent a body that is not JSON: {excerpt!r}"
                if body.strip()
                else f"{self.endpoint.provider} sent an empty response body",
                provider=self.endpoint.provider,
                url=self.url,
            ) from _scrubbed(exc, self.secrets)
        error = error_in_body(
            provider=self.endpoint.provider,
            url=self.url,
            headers=headers,
            data=data,
            secrets=self.secrets,
            errors=self.errors,
        )
        if error is not None:
            raise error
        return data

    def expects_json_instead(self, headers: Mapping[str, str]) -> bool:
        """A streamed request answered with one JSON body (an error object, usually), or
        with an HTML page (a proxy's error or login page), which is said as not JSON."""
        kind = headers.get("content-type", "")
        return self.framing != "ndjson" and kind.startswith(("application/json", "text/html"))

    def not_a_stream(self, body: bytes, headers: Mapping[str, str]) -> AISDKError:
        self.json_body(body, headers)  # raises the typed error when the body is one
        excerpt = redact(body[:200].decode("utf-8", "replace"), self.secrets)
        return InvalidResponseDataError(
            f"{self.endpoint.provider} answered a streaming request with a JSON body: {excerpt!r}",
            provider=self.endpoint.provider,
            url=self.url,
        )


def _scrub_request(exc: BaseException, secrets: tuple[str, ...]) -> None:
    """httpx2's error keeps the request it sent (``exc.request``), credential headers and
    all; it becomes our error's ``__cause__``, so the sent request's secrets are blanked."""
    request = getattr(exc, "_request", None)
    headers = getattr(request, "headers", None)
    if headers is None:
        return
    for name, value in list(headers.items()):
        cleaned = redact(value, secrets)
        if cleaned != value:
            headers[name] = cleaned


def _scrubbed(exc: ValueError, secrets: tuple[str, ...]) -> ValueError:
    """A parse error keeps the whole body it failed on (``JSONDecodeError.doc``,
    ``UnicodeDecodeError.object``); as our error's cause, it must not keep a key."""
    doc = getattr(exc, "doc", None)
    if isinstance(doc, str):
        exc.doc = redact(doc, secrets)  # type: ignore[attr-defined]
    if isinstance(exc, UnicodeDecodeError):
        exc.object = redact(exc.object.decode("utf-8", "replace"), secrets).encode()
    return exc


def _content_of(request: PreparedRequest) -> bytes | None:
    """Raw content (a multipart upload, audio bytes) as given; else the JSON body."""
    if request.content is not None:
        return request.content
    return json.dumps(request.body).encode() if request.method not in ("GET", "HEAD") else None


@functools.lru_cache(maxsize=256)
def _parsed_url(url: str) -> httpx2.URL:
    """A model sends to the same few URLs all its life: each is parsed once, not per
    request (httpx2 parses a string URL on every call, a URL object it takes as is)."""
    import httpx2

    return httpx2.URL(url)


@functools.lru_cache(maxsize=32)
def _timeout(read: float, connect: float) -> httpx2.Timeout:
    import httpx2

    return httpx2.Timeout(read, connect=connect)


@functools.lru_cache(maxsize=32)
def _timeout_extension(read: float, connect: float) -> dict[str, float | None]:
    """What ``build_request`` puts in a request's ``timeout`` extension (read only)."""
    return _timeout(read, connect).as_dict()


def _transport_errors() -> tuple[type[Exception], ...]:
    import httpx2

    return (httpx2.TransportError,)


def _framer(framing: Framing) -> Any:
    if framing == "sse":
        from .framing.sse import SSEDataDecoder

        return SSEDataDecoder()
    if framing == "ndjson":
        from .framing.ndjson import NDJSONDecoder

        return NDJSONDecoder()
    from .framing.aws_eventstream import EventStreamDecoder

    return EventStreamDecoder()


# -- the two drivers of the one retry flow -------------------------------------------


def _drive(call: _Call, send: Callable[[], Any], read_body: Callable[[Any], bytes]) -> Any:
    transport_errors = _transport_errors()
    flow = call.steps()
    step = next(flow)
    while True:
        outcome: Any
        if step is SEND:
            try:
                outcome = send()
            except transport_errors as exc:
                outcome = exc
        elif type(step) is ReadBody:
            outcome = read_body(step.response)
        else:
            _sleep(step.seconds)  # type: ignore[union-attr]
            outcome = None
        try:
            step = flow.send(outcome)
        except StopIteration as done:
            return done.value


async def _adrive(call: _Call, send: Callable[[], Any], read_body: Callable[[Any], Any]) -> Any:
    transport_errors = _transport_errors()
    flow = call.steps()
    step = next(flow)
    while True:
        outcome: Any
        if step is SEND:
            try:
                outcome = await send()
            except transport_errors as exc:
                outcome = exc
        elif type(step) is ReadBody:
            outcome = await read_body(step.response)
        else:
            await _asleep(step.seconds)  # type: ignore[union-attr]
            outcome = None
        try:
            step = flow.send(outcome)
        except StopIteration as done:
            return done.value


def _read_and_close(response: Any) -> bytes:
    try:
        return bytes(response.read())
    finally:
        response.close()


async def _aread_and_close(response: Any) -> bytes:
    try:
        return bytes(await response.aread())
    finally:
        await response.aclose()


async def _content(response: Any) -> bytes:
    return bytes(response.content)


# -- sync ---------------------------------------------------------------------------


def request_json(
    endpoint: Endpoint, request: PreparedRequest, errors: ErrorReader
) -> tuple[Any, Mapping[str, str]]:
    """Send and return the decoded JSON body and response headers, retrying as allowed."""
    call = _Call(endpoint, request, errors)
    client = endpoint.http_client or sync_client()

    def send() -> Any:
        return client.send(call.request(client))

    response = _drive(call, send, lambda r: bytes(r.content))
    return call.json_body(response.content, response.headers), response.headers


def request_bytes(
    endpoint: Endpoint, request: PreparedRequest, errors: ErrorReader
) -> tuple[bytes, Mapping[str, str]]:
    """Send and return the raw body (audio, video) and response headers; retries and
    errors as ``request_json`` (an error status is still read as the provider's error)."""
    call = _Call(endpoint, request, errors)
    client = endpoint.http_client or sync_client()

    def send() -> Any:
        return client.send(call.request(client))

    response = _drive(call, send, lambda r: bytes(r.content))
    return bytes(response.content), response.headers


def stream_events(
    endpoint: Endpoint,
    request: PreparedRequest,
    errors: ErrorReader,
    on_headers: Callable[[Mapping[str, str]], None] | None = None,
) -> Generator[Any, None, None]:
    """Yield the framed events of a streamed response; closing the iterator closes it.
    ``on_headers`` sees the response headers before the first event."""
    call = _Call(endpoint, request, errors)
    client = endpoint.http_client or sync_client()

    def send() -> Any:
        return client.send(call.request(client), stream=True)

    response = _drive(call, send, _read_and_close)
    transport_errors = _transport_errors()
    try:
        if call.expects_json_instead(response.headers):
            raise call.not_a_stream(response.read(), response.headers)
        if on_headers is not None:
            on_headers(response.headers)
        framer = _framer(call.framing)
        for chunk in response.iter_bytes():
            events = framer.feed(chunk)
            if events:
                yield from events
        yield from framer.finish()
    except transport_errors as exc:
        raise call.transport_error(exc, streaming=True) from exc
    finally:
        response.close()


# -- async --------------------------------------------------------------------------


async def arequest_json(
    endpoint: Endpoint, request: PreparedRequest, errors: ErrorReader
) -> tuple[Any, Mapping[str, str]]:
    call = _Call(endpoint, request, errors)
    client = endpoint.async_http_client or await async_client()

    async def send() -> Any:
        return await client.send(call.request(client))

    response = await _adrive(call, send, _content)
    return call.json_body(response.content, response.headers), response.headers


async def arequest_bytes(
    endpoint: Endpoint, request: PreparedRequest, errors: ErrorReader
) -> tuple[bytes, Mapping[str, str]]:
    call = _Call(endpoint, request, errors)
    client = endpoint.async_http_client or await async_client()

    async def send() -> Any:
        return await client.send(call.request(client))

    response = await _adrive(call, send, _content)
    return bytes(response.content), response.headers


async def astream_events(
    endpoint: Endpoint,
    request: PreparedRequest,
    errors: ErrorReader,
    on_headers: Callable[[Mapping[str, str]], None] | None = None,
) -> AsyncGenerator[Any, None]:
    call = _Call(endpoint, request, errors)
    client = endpoint.async_http_client or await async_client()

    async def send() -> Any:
        return await client.send(call.request(client), stream=True)

    response = await _adrive(call, send, _aread_and_close)
    transport_errors = _transport_errors()
    try:
        if call.expects_json_instead(response.headers):
            raise call.not_a_stream(await response.aread(), response.headers)
        if on_headers is not None:
            on_headers(response.headers)
        framer = _framer(call.framing)
        async for chunk in response.aiter_bytes():
            for event in framer.feed(chunk):
                yield event
        for event in framer.finish():
            yield event
    except transport_errors as exc:
        raise call.transport_error(exc, streaming=True) from exc
    finally:
        await response.aclose()
