"""The one loop behind every media call: send, poll until final, download, name types.

A media codec builds the first request; an optional ``poll_request(options, body,
headers)`` looks at each answer and returns the next request (a ``Poll``, or a bare
``PreparedRequest`` meaning "wait, then send this") or ``None`` when the answer is the
final one, which ``parse_response`` reads. Single-call APIs simply have no
``poll_request``. The decisions (is it final, how long have we waited, what to tell the
progress callback) live in ``_Job`` once; ``run_job`` and ``arun_job`` only block.

Each request is sent by how it asks to be read: ``stream=True`` collects the framed
events into a list (the Gateway's video route answers with SSE), ``expect="bytes"``
returns the raw body (audio), anything else decoded JSON.

After parsing, ``materialize`` turns what a codec returned (bytes, base64 text, a
``MediaUrl``) into ``GeneratedFile`` objects with a media type: downloaded URLs go
through the same transport (retries, timeouts, the caller's HTTP client) but never
carry the provider's credentials or headers.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from ..spec.errors import InvalidResponseDataError, UsageError
from ..spec.media import (
    GeneratedFile,
    JobProgress,
    MediaData,
    MediaJobTimeoutError,
    MediaUrl,
    Poll,
    decode_base64,
    detect_media_type,
)
from ..spec.request import PreparedRequest
from ..spec.results import ResponseInfo
from ..transport import client as transport
from ..transport.endpoint import Endpoint

DEFAULT_POLL_INTERVAL = 2.0
DEFAULT_POLL_TIMEOUT = 600.0

_sleep = time.sleep  # tests replace these to poll without waiting
_clock = time.monotonic


async def _asleep(delay: float) -> None:
    import asyncio  # imported here: asyncio costs ~40 ms, and sync users never need it

    await asyncio.sleep(delay)


class MediaCodec(Protocol):
    """What every media codec has (the four model kinds add their own methods)."""

    @property
    def model_id(self) -> str: ...
    def error_message(self, data: Any) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Polling:
    """How long-running jobs are waited for: seconds between polls, seconds in all
    before ``MediaJobTimeoutError``, and a callback told after each answer."""

    interval: float = DEFAULT_POLL_INTERVAL
    timeout: float | None = DEFAULT_POLL_TIMEOUT
    on_progress: Callable[[JobProgress], None] | None = None


class _Job:
    """The pure part of a job: which request is next and whether time is up."""

    def __init__(self, endpoint: Endpoint, codec: MediaCodec, options: Any, polling: Polling | None):
        self.endpoint = endpoint
        self.codec = codec
        self.options = options
        self.polling = polling or Polling()
        self.started = _clock()
        self.polls = 0

    def next(
        self, body: Any, headers: Mapping[str, str], request: PreparedRequest
    ) -> tuple[Poll | None, float]:
        """The next step and the seconds to sleep before it (``None``: ``body`` is final).
        A codec whose ``poll_request`` takes ``request=`` is also told which request
        ``body`` answers (a status poll and a result fetch can look alike)."""
        ask = getattr(self.codec, "poll_request", None)
        if ask is None:
            return None, 0.0
        if _takes_request(ask):
            step = ask(self.options, body, headers, request=request)
        else:
            step = ask(self.options, body, headers)
        if step is None:
            return None, 0.0
        poll = step if isinstance(step, Poll) else Poll(step)
        self.polls += 1
        elapsed = _clock() - self.started
        if self.polling.on_progress is not None:
            self.polling.on_progress(
                JobProgress(
                    self.endpoint.provider,
                    self.codec.model_id,
                    poll.status,
                    poll.progress,
                    elapsed,
                    self.polls,
                )
            )
        delay = self.polling.interval if poll.wait else 0.0
        timeout = self.polling.timeout
        if timeout is not None and elapsed + delay > timeout:
            raise MediaJobTimeoutError(
                f"{self.endpoint.provider}:{self.codec.model_id} did not finish within {timeout:g} s "
                f"({self.polls} polls; last status {poll.status or 'unknown'}); "
                "pass a larger poll_timeout= to wait longer"
            )
        return poll, delay


@functools.lru_cache(maxsize=256)
def _takes_request_of(function: Any) -> bool:
    try:
        return "request" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def _takes_request(method: Any) -> bool:
    return _takes_request_of(getattr(method, "__func__", method))


def _send(endpoint: Endpoint, request: PreparedRequest, codec: MediaCodec) -> tuple[Any, Mapping[str, str]]:
    if request.stream:
        seen: dict[str, Mapping[str, str]] = {}
        events = list(
            transport.stream_events(endpoint, request, codec, on_headers=lambda h: seen.update(h=h))
        )
        return events, seen.get("h", {})
    if request.expect == "bytes":
        return transport.request_bytes(endpoint, request, codec)
    return transport.request_json(endpoint, request, codec)


async def _asend(
    endpoint: Endpoint, request: PreparedRequest, codec: MediaCodec
) -> tuple[Any, Mapping[str, str]]:
    if request.stream:
        seen: dict[str, Mapping[str, str]] = {}
        stream = transport.astream_events(endpoint, request, codec, on_headers=lambda h: seen.update(h=h))
        events = [event async for event in stream]
        return events, seen.get("h", {})
    if request.expect == "bytes":
        return await transport.arequest_bytes(endpoint, request, codec)
    return await transport.arequest_json(endpoint, request, codec)


def run_job(
    endpoint: Endpoint, codec: MediaCodec, options: Any, request: PreparedRequest, polling: Polling | None
) -> tuple[Any, Mapping[str, str]]:
    """Send ``request`` and follow the codec's polls; the final body and headers."""
    job = _Job(endpoint, codec, options, polling)
    body, headers = _send(endpoint, request, codec)
    while True:
        poll, delay = job.next(body, headers, request)
        if poll is None:
            return body, headers
        if delay:
            _sleep(delay)
        request = poll.request
        body, headers = _send(endpoint, request, codec)


async def arun_job(
    endpoint: Endpoint, codec: MediaCodec, options: Any, request: PreparedRequest, polling: Polling | None
) -> tuple[Any, Mapping[str, str]]:
    job = _Job(endpoint, codec, options, polling)
    body, headers = await _asend(endpoint, request, codec)
    while True:
        poll, delay = job.next(body, headers, request)
        if poll is None:
            return body, headers
        if delay:
            await _asleep(delay)
        request = poll.request
        body, headers = await _asend(endpoint, request, codec)


# -- from what a codec returned to GeneratedFile ---------------------------------------


def _download_endpoint(endpoint: Endpoint) -> Endpoint:
    """The provider's connection settings without its credentials or headers."""
    return Endpoint(
        provider=endpoint.provider,
        base_url="",
        timeout=endpoint.timeout,
        connect_timeout=endpoint.connect_timeout,
        max_retries=endpoint.max_retries,
        http_client=endpoint.http_client,
        async_http_client=endpoint.async_http_client,
    )


def _download_request(url: str) -> PreparedRequest:
    if not url.startswith(("https://", "http://")):
        raise InvalidResponseDataError(f"cannot download media from {url[:80]!r}: not an http(s) URL")
    return PreparedRequest(path=url, body={}, method="GET", expect="bytes", headers={"accept": "*/*"})


def _file(
    data: bytes, declared: str | None, header: str | None, fallback: str, url: str | None = None
) -> GeneratedFile:
    """The media type: what the bytes are, else what the provider declared, else the
    response's content type, else the kind's default."""
    header_type = (header or "").partition(";")[0].strip() or None
    if header_type in ("application/octet-stream", "binary/octet-stream", "application/json"):
        header_type = None
    media_type = detect_media_type(data) or declared or header_type or fallback
    return GeneratedFile(data, media_type, url)


def _decoded(item: bytes | str, provider: str) -> bytes:
    if isinstance(item, bytes):
        return item
    try:
        return decode_base64(item)
    except ValueError as exc:
        raise InvalidResponseDataError(
            f"{provider} sent media that is not base64", provider=provider
        ) from exc


def materialize(
    endpoint: Endpoint,
    codec: MediaCodec,
    items: Sequence[MediaData],
    media_type: str | None,
    fallback: str,
    headers: Mapping[str, str] | None = None,
) -> list[GeneratedFile]:
    """Every item as a ``GeneratedFile``; URLs downloaded (sync)."""
    out: list[GeneratedFile] = []
    for item in items:
        if isinstance(item, GeneratedFile):
            out.append(item)
        elif isinstance(item, MediaUrl):
            data, got = transport.request_bytes(
                _download_endpoint(endpoint), _download_request(item.url), codec
            )
            out.append(
                _file(data, item.media_type or media_type, got.get("content-type"), fallback, item.url)
            )
        else:
            content_type = (headers or {}).get("content-type") if isinstance(item, bytes) else None
            out.append(_file(_decoded(item, endpoint.provider), media_type, content_type, fallback))
    return out


async def amaterialize(
    endpoint: Endpoint,
    codec: MediaCodec,
    items: Sequence[MediaData],
    media_type: str | None,
    fallback: str,
    headers: Mapping[str, str] | None = None,
) -> list[GeneratedFile]:
    out: list[GeneratedFile] = []
    for item in items:
        if isinstance(item, MediaUrl):
            request = _download_request(item.url)
            data, got = await transport.arequest_bytes(_download_endpoint(endpoint), request, codec)
            out.append(
                _file(data, item.media_type or media_type, got.get("content-type"), fallback, item.url)
            )
        else:
            out.extend(materialize(endpoint, codec, [item], media_type, fallback, headers))
    return out


def with_endpoint(model: Any, **changes: Any) -> Any:
    """A copy of a media model with endpoint settings changed (``max_retries=0``)."""
    if all(getattr(model.endpoint, key) == value for key, value in changes.items()):
        return model
    return dataclasses.replace(model, endpoint=dataclasses.replace(model.endpoint, **changes))


def response_info(given: ResponseInfo | None, model_id: str, headers: Mapping[str, str]) -> ResponseInfo:
    """The codec's response info with what the model layer knows filled in (the AI SDK
    stamps every media response with the time, the model id and the headers)."""
    given = given or ResponseInfo()
    return dataclasses.replace(
        given,
        timestamp=given.timestamp or datetime.now(UTC),
        model_id=given.model_id or model_id,
        headers=given.headers if given.headers is not None else dict(headers),
    )


def check_count(model: Any, n: int, limit: int, kind: str) -> None:
    if type(n) is not int or n < 1:
        raise UsageError(f"n must be a positive integer, not {n!r}")
    if n > limit:
        raise UsageError(
            f"{model.provider}:{model.model_id} makes at most {limit} {kind} per call, got n={n}; "
            f"the core function (generate_{kind.rstrip('s')}) batches"
        )


def _content_type(headers: Mapping[str, str]) -> str | None:
    kind = (headers.get("content-type") or "").partition(";")[0].strip()
    return kind if kind and kind not in ("application/octet-stream", "binary/octet-stream") else None


def download(url: str, endpoint: Endpoint) -> tuple[bytes, str | None]:
    """Fetch a caller's media URL (audio to transcribe) with ``endpoint``'s connection
    settings but none of its credentials; the bytes and their declared media type."""
    data, headers = transport.request_bytes(
        _download_endpoint(endpoint), _download_request(url), _NoErrorBody()
    )
    return data, _content_type(headers)


async def adownload(url: str, endpoint: Endpoint) -> tuple[bytes, str | None]:
    data, headers = await transport.arequest_bytes(
        _download_endpoint(endpoint), _download_request(url), _NoErrorBody()
    )
    return data, _content_type(headers)


class _NoErrorBody:
    """A download's error body is the web server's, not the provider's."""

    def error_message(self, data: Any) -> str | None:
        return None
