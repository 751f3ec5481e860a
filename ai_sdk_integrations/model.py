"""Models: one codec bound to one endpoint. The layer the adapters and functions call.

A model is plain, frozen settings; the HTTP client lives in ``http.client`` (one pool
per process or event loop), so models pickle, copy and cross threads freely.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncGenerator, Generator, Mapping, Sequence
from contextlib import aclosing, closing
from dataclasses import dataclass
from typing import Any, Protocol

from .http import client as http
from .http._secrets import redact_error
from .http.endpoint import Endpoint
from .providers._request import PreparedRequest
from .spec import (
    CallOptions,
    EmbeddingModelResult,
    GenerateResult,
    ProviderOptions,
    RequestInfo,
    StreamError,
    StreamPart,
    StreamStart,
)
from .spec.errors import TooManyEmbeddingValuesForCallError


class StreamDecoder(Protocol):
    def feed(self, data: str) -> list[StreamPart]: ...
    def finish(self) -> list[StreamPart]: ...


class ChatCodec(Protocol):
    """What ``LanguageModel`` needs from a provider codec (see ``providers/``)."""

    @property
    def model_id(self) -> str: ...
    @property
    def structured_outputs(self) -> str: ...
    def build_request(self, options: CallOptions, *, stream: bool) -> PreparedRequest: ...
    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> GenerateResult: ...
    def stream_decoder(self, options: CallOptions) -> StreamDecoder: ...
    def error_message(self, data: Any) -> str | None: ...


class EmbeddingCodec(Protocol):
    @property
    def model_id(self) -> str: ...
    @property
    def max_embeddings_per_call(self) -> int: ...
    def build_request(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> PreparedRequest: ...
    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> EmbeddingModelResult: ...
    def error_message(self, data: Any) -> str | None: ...


@dataclass(frozen=True, slots=True)
class LanguageModel:
    codec: ChatCodec
    endpoint: Endpoint

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
        return dataclasses.replace(self, endpoint=dataclasses.replace(self.endpoint, **changes))

    def generate(self, options: CallOptions) -> GenerateResult:
        request = self.codec.build_request(options, stream=False)
        body, headers = http.request_json(self.endpoint, request, self.codec)
        return self._finish_result(request, body, headers)

    async def agenerate(self, options: CallOptions) -> GenerateResult:
        request = self.codec.build_request(options, stream=False)
        body, headers = await http.arequest_json(self.endpoint, request, self.codec)
        return self._finish_result(request, body, headers)

    def stream(self, options: CallOptions) -> Generator[StreamPart, None, None]:
        """Stream parts as they arrive. Closing this iterator closes the response."""
        request = self.codec.build_request(options, stream=True)
        decoder = self.codec.stream_decoder(options)
        yield StreamStart(request.warnings)
        events = http.stream_events(self.endpoint, request, self.codec)
        with closing(events):
            for event in events:
                for part in decoder.feed(event.data):
                    if type(part) is StreamError:
                        part = self._redacted(part)
                    yield part
        yield from decoder.finish()

    async def astream(self, options: CallOptions) -> AsyncGenerator[StreamPart, None]:
        request = self.codec.build_request(options, stream=True)
        decoder = self.codec.stream_decoder(options)
        yield StreamStart(request.warnings)
        events = http.astream_events(self.endpoint, request, self.codec)
        async with aclosing(events):
            async for event in events:
                for part in decoder.feed(event.data):
                    if type(part) is StreamError:
                        part = self._redacted(part)
                    yield part
        for part in decoder.finish():
            yield part

    def _redacted(self, part: StreamError) -> StreamError:
        """An in-band error may echo a key; the codec cannot know which, the endpoint does."""
        if isinstance(part.error, BaseException):
            redact_error(part.error, self.endpoint.secret_values())
        return part

    def _finish_result(
        self, request: PreparedRequest, body: Any, headers: Mapping[str, str]
    ) -> GenerateResult:
        result = self.codec.parse_response(body, headers)
        return dataclasses.replace(
            result, warnings=tuple(request.warnings), request=RequestInfo(body=request.body)
        )


@dataclass(frozen=True, slots=True)
class EmbeddingModel:
    codec: EmbeddingCodec
    endpoint: Endpoint
    supports_parallel_calls: bool = True

    @property
    def provider(self) -> str:
        return self.endpoint.provider

    @property
    def model_id(self) -> str:
        return self.codec.model_id

    @property
    def max_embeddings_per_call(self) -> int:
        return self.codec.max_embeddings_per_call

    def with_endpoint(self, **changes: Any) -> EmbeddingModel:
        if all(getattr(self.endpoint, key) == value for key, value in changes.items()):
            return self
        return dataclasses.replace(self, endpoint=dataclasses.replace(self.endpoint, **changes))

    def embed(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> EmbeddingModelResult:
        request = self._request(values, provider_options, headers)
        body, response_headers = http.request_json(self.endpoint, request, self.codec)
        return self.codec.parse_response(body, response_headers)

    async def aembed(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> EmbeddingModelResult:
        request = self._request(values, provider_options, headers)
        body, response_headers = await http.arequest_json(self.endpoint, request, self.codec)
        return self.codec.parse_response(body, response_headers)

    def _request(
        self,
        values: Sequence[str],
        provider_options: ProviderOptions | None,
        headers: Mapping[str, str] | None,
    ) -> PreparedRequest:
        if len(values) > self.max_embeddings_per_call:
            raise TooManyEmbeddingValuesForCallError(
                f"{self.provider}:{self.model_id} takes at most {self.max_embeddings_per_call} "
                f"values per call, got {len(values)}; use embed_many(), which batches"
            )
        return self.codec.build_request(values, provider_options=provider_options, headers=headers)
