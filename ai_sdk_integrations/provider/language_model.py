"""``LanguageModel``: one codec bound to one endpoint, with its model's profile.

The layer every entry point calls (plain functions, both framework adapters). A model
is plain frozen settings; the HTTP client lives in the transport (one pool per
process or event loop, or the caller's own), so models pickle, copy and cross threads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncGenerator, Generator, Mapping
from contextlib import aclosing, closing
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..spec import (
    CallOptions,
    GenerateResult,
    Ping,
    Raw,
    RequestInfo,
    ResponseMetadata,
    StreamError,
    StreamPart,
    StreamStart,
)
from ..spec.errors import AISDKError
from ..spec.request import PreparedRequest
from ..telemetry import state as _telemetry
from ..transport import client as transport
from ..transport.endpoint import Endpoint
from ..transport.retry import retry_delay
from ..transport.secrets import redact_error
from .call_validation import validate_call_options
from .profile import DEFAULT, ModelProfile, fit_options
from .simulated_stream import result_parts

_OPENING_PARTS = frozenset({ResponseMetadata, Ping, Raw, StreamStart})
"""Parts that say nothing of the answer: held until content starts (see ``stream``)."""
_reported_context_windows: dict[tuple[str, str], int | None] = {}


class StreamDecoder(Protocol):
    """Framed events in (an SSE ``data`` string, an NDJSON line, an AWS event-stream
    message: whatever the request's ``framing`` says), stream parts out. A decoder that
    also has ``response_headers(headers)`` is shown the headers before the first event."""

    def feed(self, event: Any) -> list[StreamPart]: ...
    def finish(self) -> list[StreamPart]: ...


class ChatCodec(Protocol):
    """What ``LanguageModel`` needs from a wire format's codec (see ``providers/``)."""

    @property
    def model_id(self) -> str: ...
    def build_request(self, options: CallOptions, *, stream: bool) -> PreparedRequest: ...
    def parse_response(
        self, body: Any, headers: Mapping[str, str] | None = None, options: CallOptions | None = None
    ) -> GenerateResult:
        """``options`` are the call's (after profile fitting), for codecs whose reading
        depends on what was asked (a forced ``json`` tool that carries structured output)."""
        ...

    def stream_decoder(self, options: CallOptions) -> StreamDecoder: ...
    def error_message(self, data: Any) -> str | None: ...


_MAX_VARIANTS = 16  # a deadline-bounded timeout makes a new variant per step: keep few


@dataclass(frozen=True, slots=True)
class LanguageModel:
    codec: ChatCodec
    endpoint: Endpoint
    profile: ModelProfile = field(default=DEFAULT)
    _variants: dict[tuple[tuple[str, Any], ...], LanguageModel] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Copies made by ``with_endpoint``, kept: a per-call ``max_retries=0`` would
    otherwise copy the model and its endpoint on every call."""

    @property
    def provider(self) -> str:
        return self.endpoint.provider

    @property
    def model_id(self) -> str:
        return self.codec.model_id

    def with_endpoint(self, **changes: Any) -> LanguageModel:
        """A copy with endpoint settings changed, e.g. ``max_retries=0``."""
        if all(getattr(self.endpoint, key) == value for key, value in changes.items()):
            return self  # the per-call path: no copies when nothing changes
        try:
            key = tuple(sorted(changes.items()))
            hash(key)
        except TypeError:  # an unhashable setting (a header mapping): not kept
            key = None
        variant = self._variants.get(key) if key is not None else None
        if variant is None:
            variant = dataclasses.replace(self, endpoint=dataclasses.replace(self.endpoint, **changes))
            if key is not None and len(self._variants) < _MAX_VARIANTS:
                self._variants[key] = variant
        return variant

    def _request(self, options: CallOptions, stream: bool) -> tuple[CallOptions, PreparedRequest]:
        validate_call_options(options)
        options, dropped = fit_options(self.profile, options)
        request = self.codec.build_request(options, stream=stream)
        if dropped:
            request = dataclasses.replace(request, warnings=(*dropped, *request.warnings))
        return options, request

    # Telemetry: one flag check per call (never per part); spans only once it is armed.
    def generate(self, options: CallOptions) -> GenerateResult:
        if _telemetry.armed:
            from ..telemetry import model_calls

            return model_calls.generate(self, options, self._generate)
        return self._generate(options)

    async def agenerate(self, options: CallOptions) -> GenerateResult:
        if _telemetry.armed:
            from ..telemetry import model_calls

            return await model_calls.agenerate(self, options, self._agenerate)
        return await self._agenerate(options)

    def stream(self, options: CallOptions) -> Generator[StreamPart, None, None]:
        """Stream parts as they arrive (see ``_stream``); closing the iterator closes the response."""
        parts = self._stream(options)
        if _telemetry.armed:
            from ..telemetry import model_calls

            return model_calls.stream(self, options, parts)
        return parts

    def astream(self, options: CallOptions) -> AsyncGenerator[StreamPart, None]:
        parts = self._astream(options)
        if _telemetry.armed:
            from ..telemetry import model_calls

            return model_calls.astream(self, options, parts)
        return parts

    def _generate(self, options: CallOptions) -> GenerateResult:
        options, request = self._request(options, False)
        body, headers = transport.request_json(self.endpoint, request, self.codec)
        return self._finish_result(options, request, body, headers)

    async def _agenerate(self, options: CallOptions) -> GenerateResult:
        options, request = self._request(options, False)
        body, headers = await transport.arequest_json(self.endpoint, request, self.codec)
        return self._finish_result(options, request, body, headers)

    def _stream(self, options: CallOptions) -> Generator[StreamPart, None, None]:
        """Stream parts as they arrive. Closing this iterator closes the response.

        Parts that come before any content (response metadata, pings) are held back
        until content starts, so that a retryable error there (Anthropic's
        ``overloaded_error``, the Gateway's rate limit, sent inside a 200) is retried
        like a failed request: the reader has seen nothing yet.
        """
        options, request = self._request(options, True)
        if not request.stream:  # the codec asked for the whole response (see simulated_stream)
            yield StreamStart(request.warnings)
            body, headers = transport.request_json(self.endpoint, request, self.codec)
            yield from result_parts(self._finish_result(options, request, body, headers))
            return
        yield StreamStart(request.warnings)
        attempt = 0
        while True:
            decoder = self.codec.stream_decoder(options)
            held: list[StreamPart] | None = []  # None once content has started
            delay: float | None = None
            on_headers = getattr(decoder, "response_headers", None)
            events = transport.stream_events(self.endpoint, request, self.codec, on_headers)
            with closing(events):
                for event in events:
                    for part in decoder.feed(event):
                        if type(part) is StreamError:
                            part = self._redacted(part)
                        if held is not None:
                            if type(part) in _OPENING_PARTS:
                                held.append(part)
                                continue
                            delay = self._opening_retry_delay(part, attempt)
                            if delay is not None:
                                break
                            yield from held
                            held = None
                        yield part
                    if delay is not None:
                        break
            if delay is None:
                break
            attempt += 1
            transport._sleep(delay)
        yield from held or ()
        yield from decoder.finish()

    async def _astream(self, options: CallOptions) -> AsyncGenerator[StreamPart, None]:
        options, request = self._request(options, True)
        if not request.stream:
            yield StreamStart(request.warnings)
            body, headers = await transport.arequest_json(self.endpoint, request, self.codec)
            for part in result_parts(self._finish_result(options, request, body, headers)):
                yield part
            return
        yield StreamStart(request.warnings)
        attempt = 0
        while True:
            decoder = self.codec.stream_decoder(options)
            held: list[StreamPart] | None = []
            delay: float | None = None
            on_headers = getattr(decoder, "response_headers", None)
            events = transport.astream_events(self.endpoint, request, self.codec, on_headers)
            async with aclosing(events):
                async for event in events:
                    for part in decoder.feed(event):
                        if type(part) is StreamError:
                            part = self._redacted(part)
                        if held is not None:
                            if type(part) in _OPENING_PARTS:
                                held.append(part)
                                continue
                            delay = self._opening_retry_delay(part, attempt)
                            if delay is not None:
                                break
                            for kept in held:
                                yield kept
                            held = None
                        yield part
                    if delay is not None:
                        break
            if delay is None:
                break
            attempt += 1
            await transport._asleep(delay)
        for part in held or ():
            yield part
        for part in decoder.finish():
            yield part

    def _opening_retry_delay(self, part: StreamPart, attempt: int) -> float | None:
        """For the first part that is not metadata: if it is a retryable error, how long
        to wait before asking again (the transport's policy), else None."""
        if type(part) is not StreamError or not isinstance(part.error, AISDKError):
            return None
        return retry_delay(part.error, attempt, self.endpoint.max_retries)

    def count_tokens(self, options: CallOptions) -> int | None:
        """The input tokens of ``options`` (prompt, system, tools) as the provider counts
        them, where it has an endpoint for it (Anthropic's ``count_tokens``); None where not."""
        request = self._count_tokens_request(options)
        if request is None:
            return None
        body, _ = transport.request_json(self.endpoint, request, self.codec)
        return self.codec.parse_count_tokens(body)  # type: ignore[attr-defined,no-any-return]

    async def acount_tokens(self, options: CallOptions) -> int | None:
        request = self._count_tokens_request(options)
        if request is None:
            return None
        body, _ = await transport.arequest_json(self.endpoint, request, self.codec)
        return self.codec.parse_count_tokens(body)  # type: ignore[attr-defined,no-any-return]

    def _count_tokens_request(self, options: CallOptions) -> PreparedRequest | None:
        build = getattr(self.codec, "build_count_tokens_request", None)
        if build is None:
            return None
        validate_call_options(options)
        request: PreparedRequest = build(options)
        return request

    def reported_context_window(self) -> int | None:
        """The context window the server reports for this model, where its codec knows
        how to ask (vLLM, Groq, Together, OpenRouter list it under ``GET /models``).

        Asked once per server and model, without retries; ``None`` when the server
        does not say or could not be asked (logged), so callers fall back to the profile.
        """
        ask = getattr(self.codec, "context_window_request", None)
        request = ask() if ask is not None else None
        if request is None:
            return None
        key = (self.endpoint.base_url, self.model_id)
        if key in _reported_context_windows:
            return _reported_context_windows[key]
        window: int | None = None
        try:
            body, _ = transport.request_json(self.with_endpoint(max_retries=0).endpoint, request, self.codec)
            window = self.codec.read_context_window(body)  # type: ignore[attr-defined]
        except AISDKError as exc:
            import logging  # only here: importing the package stays free of logging

            logging.getLogger("ai_sdk_integrations").warning(
                "%s: could not read %s's context window: %s", self.provider, self.model_id, exc
            )
        _reported_context_windows[key] = window
        return window

    def _redacted(self, part: StreamError) -> StreamError:
        """An in-band error may echo a key; the codec cannot know which, the endpoint does."""
        if isinstance(part.error, BaseException):
            redact_error(part.error, self.endpoint.secret_values())
        return part

    def _finish_result(
        self, options: CallOptions, request: PreparedRequest, body: Any, headers: Mapping[str, str]
    ) -> GenerateResult:
        try:
            result = self.codec.parse_response(body, headers, options)
        except AISDKError as exc:  # its message may quote a body that echoes the key
            redact_error(exc, self.endpoint.secret_values())
            raise
        # The codec's result is new and ours alone: filled in place rather than copied
        # (``dataclasses.replace`` costs more than the rest of reading a small answer).
        object.__setattr__(result, "warnings", tuple(request.warnings))
        object.__setattr__(result, "request", RequestInfo(body=request.body))
        return result
