"""One span per provider call: ``chat {model}`` / ``embeddings {model}`` / ``rerank {model}``
(or the legacy ``ai.*.doGenerate`` / ``.doStream`` / ``.doEmbed`` / ``.doRerank``).

Called by ``LanguageModel``, ``EmbeddingModel`` and ``RerankingModel`` only when
``state.armed``; each function takes the untraced call and runs it inside a span when
settings are in effect, or runs it as it is when not. A span's parent is the current
context: an operation's step or root span (see ``operations``), or whatever span the
caller (a LangChain or LlamaIndex instrumentation) has open.

Streams: the span starts at the first pull, records the time to the first content part,
and ends when the stream finishes, fails or is closed early. The context is attached
only while pulling parts that precede content (the request and its retries), never
across a ``yield``, so nothing leaks into the consumer.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Mapping, Sequence
from contextlib import aclosing, closing
from typing import Any, TypeVar
from urllib.parse import urlsplit

from ..spec import (
    CallOptions,
    Content,
    FileContent,
    Finish,
    GenerateResult,
    Ping,
    Raw,
    ReasoningContent,
    ReasoningDelta,
    ResponseMetadata,
    SourceContent,
    StreamError,
    StreamPart,
    StreamStart,
    TextContent,
    TextDelta,
    ToolCallContent,
    ToolResultContent,
    Usage,
)
from ..spec.embeddings import EmbeddingModelResult
from ..spec.reranking import RerankCallOptions, RerankingModelResult
from . import attributes as attrs
from .attributes import Attributes, put
from .settings import TelemetrySettings
from .spans import (
    Span,
    SpanKind,
    guarded,
    operation_id,
    otel_context,
    record_error,
    settings_in_effect,
    start_span,
    trace,
)

_OPENING = frozenset({StreamStart, ResponseMetadata, Ping, Raw})
_CONTENT_PARTS = (ToolCallContent, ToolResultContent, FileContent, SourceContent)
R = TypeVar("R")


def _server(model: Any) -> Attributes:
    out: Attributes = {}
    base_url = getattr(getattr(model, "endpoint", None), "base_url", None)
    if isinstance(base_url, str):
        parts = urlsplit(base_url)
        put(out, "server.address", parts.hostname)
        put(out, "server.port", parts.port)
    return out


def _chat_start(
    settings: TelemetrySettings, model: Any, options: CallOptions, streaming: bool
) -> tuple[str, Attributes]:
    inputs = settings.record_inputs
    if settings.conventions == "gen_ai":
        out: Attributes = {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": attrs.provider_name(model.provider),
            "gen_ai.request.model": model.model_id,
            **attrs.gen_ai_request(options),
            **_server(model),
        }
        if inputs:
            out["gen_ai.input.messages"] = attrs.to_json(attrs.input_messages(options.prompt))
            tools = attrs.tool_definitions(options)
            if tools:
                out["gen_ai.tool.definitions"] = attrs.to_json(tools)
        return f"chat {model.model_id}", out
    enclosing = operation_id() or ("ai.streamText" if streaming else "ai.generateText")
    name = attrs.LEGACY_CALLS.get(enclosing) or f"{enclosing}.{'doStream' if streaming else 'doGenerate'}"
    max_retries = getattr(getattr(model, "endpoint", None), "max_retries", None)
    out = {
        **attrs.legacy_operation(name, settings),
        "ai.model.provider": model.provider,
        "ai.model.id": model.model_id,
        **attrs.legacy_settings(options, max_retries),
        **attrs.safe_headers(options.headers),
        "gen_ai.system": model.provider,
        "gen_ai.request.model": model.model_id,
        **attrs.gen_ai_request(options),
    }
    if inputs:
        out["ai.prompt.messages"] = attrs.legacy_prompt_messages(options.prompt)
        tools = attrs.tool_definitions(options)
        if tools:
            out["ai.prompt.tools"] = [attrs.to_json(tool) for tool in tools]
        if options.tool_choice is not None:
            out["ai.prompt.toolChoice"] = attrs.to_json(options.tool_choice)
    return name, out


def _chat_end(
    settings: TelemetrySettings,
    *,
    finish_reason: str | None,
    usage: Usage | None,
    response_id: str | None,
    response_model: str | None,
    timestamp: Any,
    provider_metadata: Mapping[str, Any] | None,
    content: Sequence[Content],
) -> Attributes:
    outputs = settings.record_outputs
    out: Attributes = {}
    put(out, "gen_ai.response.id", response_id)
    put(out, "gen_ai.response.model", response_model)
    if finish_reason is not None:
        out["gen_ai.response.finish_reasons"] = [finish_reason]
    if settings.conventions == "gen_ai":
        out.update(attrs.gen_ai_usage(usage))
        if outputs:
            out["gen_ai.output.messages"] = attrs.to_json(attrs.output_messages(content, finish_reason))
        return out
    put(out, "ai.response.finishReason", finish_reason)
    put(out, "ai.response.id", response_id)
    put(out, "ai.response.model", response_model)
    if timestamp is not None:
        out["ai.response.timestamp"] = timestamp.isoformat()
    out.update(attrs.legacy_usage(usage))
    if outputs:
        out.update(attrs.legacy_response_content(content))
        if provider_metadata:
            out["ai.response.providerMetadata"] = attrs.to_json(provider_metadata)
    return out


def _result_end(settings: TelemetrySettings, result: GenerateResult) -> Attributes:
    response = result.response
    return _chat_end(
        settings,
        finish_reason=result.finish_reason.unified,
        usage=result.usage,
        response_id=response.id if response else None,
        response_model=response.model_id if response else None,
        timestamp=response.timestamp if response else None,
        provider_metadata=result.provider_metadata,
        content=result.content,
    )


def _traced_span(
    settings: TelemetrySettings, start: Callable[[], tuple[str, Attributes]], fallback: str
) -> Span:
    """A CLIENT span named and attributed by ``start()`` (``fallback`` if that fails)."""
    built: list[tuple[str, Attributes]] = []

    def build() -> Attributes:
        built.append(start())
        return built[0][1]

    attributes = guarded(build)
    return start_span(settings, built[0][0] if built else fallback, SpanKind.CLIENT, attributes)


def _run(span: Span, call: Callable[[], R], end: Callable[[R], Attributes]) -> R:
    """``call()`` with ``span`` current; the span ends with ``end(result)`` or the error."""
    try:
        with trace.use_span(span, record_exception=False, set_status_on_exception=False):
            result = call()
    except BaseException as exc:
        record_error(span, exc)
        span.end()
        raise
    span.set_attributes(guarded(lambda: end(result)))
    span.end()
    return result


async def _arun(span: Span, call: Callable[[], Awaitable[R]], end: Callable[[R], Attributes]) -> R:
    try:
        with trace.use_span(span, record_exception=False, set_status_on_exception=False):
            result = await call()
    except BaseException as exc:
        record_error(span, exc)
        span.end()
        raise
    span.set_attributes(guarded(lambda: end(result)))
    span.end()
    return result


# -- language models ------------------------------------------------------------------------


def generate(
    model: Any, options: CallOptions, call: Callable[[CallOptions], GenerateResult]
) -> GenerateResult:
    settings = settings_in_effect()
    if settings is None:
        return call(options)
    span = _traced_span(
        settings, lambda: _chat_start(settings, model, options, False), f"chat {model.model_id}"
    )
    return _run(span, lambda: call(options), lambda result: _result_end(settings, result))


async def agenerate(
    model: Any, options: CallOptions, call: Callable[[CallOptions], Awaitable[GenerateResult]]
) -> GenerateResult:
    settings = settings_in_effect()
    if settings is None:
        return await call(options)
    span = _traced_span(
        settings, lambda: _chat_start(settings, model, options, False), f"chat {model.model_id}"
    )
    return await _arun(span, lambda: call(options), lambda result: _result_end(settings, result))


class _StreamRecord:
    """What a traced stream has shown so far: timings, metadata, finish, and (only when
    outputs are recorded) its content."""

    __slots__ = (
        "content",
        "finish",
        "first",
        "outputs",
        "reasoning",
        "response",
        "settings",
        "span",
        "started",
        "text",
    )

    def __init__(self, settings: TelemetrySettings, span: Span) -> None:
        self.settings = settings
        self.span = span
        self.outputs = settings.record_outputs
        self.started = time.perf_counter()
        self.first: float | None = None
        self.response: ResponseMetadata | None = None
        self.finish: Finish | None = None
        self.text: list[str] = []
        self.reasoning: list[str] = []
        self.content: list[Content] = []

    def observe(self, part: StreamPart) -> None:
        kind = type(part)
        if self.first is None and kind not in _OPENING:
            self.first = time.perf_counter()
            self._first_chunk()
        if kind is TextDelta:
            if self.outputs:
                self.text.append(part.delta)  # type: ignore[union-attr]
        elif kind is ReasoningDelta:
            if self.outputs:
                self.reasoning.append(part.delta)  # type: ignore[union-attr]
        elif kind is Finish:
            self.finish = part  # type: ignore[assignment]
        elif kind is ResponseMetadata:
            self.response = part  # type: ignore[assignment]
        elif kind is StreamError:
            record_error(self.span, part.error)  # type: ignore[union-attr]
        elif self.outputs and isinstance(part, _CONTENT_PARTS):
            self.content.append(part)

    def _first_chunk(self) -> None:
        assert self.first is not None
        seconds = self.first - self.started
        if self.settings.conventions == "gen_ai":
            self.span.set_attribute("gen_ai.client.operation.time_to_first_chunk", seconds)
        else:
            ms = seconds * 1000
            self.span.add_event("ai.stream.firstChunk", {"ai.response.msToFirstChunk": ms})
            self.span.set_attribute("ai.response.msToFirstChunk", ms)

    def end(self) -> None:
        """The stream ran to its end: finish attributes, then the span ends."""
        self.span.set_attributes(guarded(self._end_attributes))
        self.span.end()

    def _end_attributes(self) -> Attributes:
        finish, response = self.finish, self.response
        content: list[Content] = []
        if self.reasoning:
            content.append(ReasoningContent("".join(self.reasoning)))
        if self.text:
            content.append(TextContent("".join(self.text)))
        content.extend(self.content)
        out = _chat_end(
            self.settings,
            finish_reason=finish.finish_reason.unified if finish else None,
            usage=finish.usage if finish else None,
            response_id=response.id if response else None,
            response_model=response.model_id if response else None,
            timestamp=response.timestamp if response else None,
            provider_metadata=finish.provider_metadata if finish else None,
            content=content,
        )
        if self.settings.conventions == "legacy":
            ms = (time.perf_counter() - self.started) * 1000
            self.span.add_event("ai.stream.finish")
            out["ai.response.msToFinish"] = ms
            tokens = finish.usage.output_tokens.total if finish else None
            if tokens is not None and ms > 0:
                out["ai.response.avgOutputTokensPerSecond"] = 1000 * tokens / ms
        return out

    def closed_early(self) -> None:
        self.span.add_event("ai.stream.closed", {"ai.stream.complete": False})
        self.span.end()

    def failed(self, error: BaseException) -> None:
        record_error(self.span, error)
        self.span.end()


def stream(
    model: Any, options: CallOptions, parts: Generator[StreamPart, None, None]
) -> Generator[StreamPart, None, None]:
    with closing(parts):
        settings = settings_in_effect()
        if settings is None:
            yield from parts
            return
        span = _traced_span(
            settings, lambda: _chat_start(settings, model, options, True), f"chat {model.model_id}"
        )
        record = _StreamRecord(settings, span)
        active = trace.set_span_in_context(record.span)
        try:
            while True:
                if record.first is None:  # the request and its retries run in the span
                    token = otel_context.attach(active)
                    try:
                        part = next(parts)
                    except StopIteration:
                        break
                    finally:
                        otel_context.detach(token)
                else:
                    try:
                        part = next(parts)
                    except StopIteration:
                        break
                record.observe(part)
                yield part
        except GeneratorExit:
            record.closed_early()
            raise
        except BaseException as exc:
            record.failed(exc)
            raise
        record.end()


async def astream(
    model: Any, options: CallOptions, parts: AsyncGenerator[StreamPart, None]
) -> AsyncGenerator[StreamPart, None]:
    async with aclosing(parts):
        settings = settings_in_effect()
        if settings is None:
            async for part in parts:
                yield part
            return
        span = _traced_span(
            settings, lambda: _chat_start(settings, model, options, True), f"chat {model.model_id}"
        )
        record = _StreamRecord(settings, span)
        active = trace.set_span_in_context(record.span)
        try:
            while True:
                if record.first is None:
                    token = otel_context.attach(active)
                    try:
                        part = await parts.__anext__()
                    except StopAsyncIteration:
                        break
                    finally:
                        otel_context.detach(token)
                else:
                    try:
                        part = await parts.__anext__()
                    except StopAsyncIteration:
                        break
                record.observe(part)
                yield part
        except GeneratorExit:
            record.closed_early()
            raise
        except BaseException as exc:
            record.failed(exc)
            raise
        record.end()


# -- embeddings and reranking ------------------------------------------------------------------


def _embed_start(settings: TelemetrySettings, model: Any, values: Sequence[str]) -> tuple[str, Attributes]:
    if settings.conventions == "gen_ai":
        return f"embeddings {model.model_id}", {
            "gen_ai.operation.name": "embeddings",
            "gen_ai.provider.name": attrs.provider_name(model.provider),
            "gen_ai.request.model": model.model_id,
            **_server(model),
        }
    enclosing = operation_id() or ("ai.embedMany" if len(values) > 1 else "ai.embed")
    name = attrs.LEGACY_CALLS.get(enclosing) or f"{enclosing}.doEmbed"
    out: Attributes = {
        **attrs.legacy_operation(name, settings),
        "ai.model.provider": model.provider,
        "ai.model.id": model.model_id,
    }
    if settings.record_inputs:
        out["ai.values"] = [attrs.to_json(value) for value in values]
    return name, out


def _embed_end(settings: TelemetrySettings, result: EmbeddingModelResult) -> Attributes:
    tokens = result.usage.tokens if result.usage is not None else None
    out: Attributes = {}
    if settings.conventions == "gen_ai":
        put(out, "gen_ai.usage.input_tokens", tokens)
        return out
    put(out, "ai.usage.tokens", tokens)
    if settings.record_outputs:
        out["ai.embeddings"] = [attrs.to_json(list(vector)) for vector in result.embeddings]
    return out


def embed(
    model: Any, values: Sequence[str], call: Callable[[], EmbeddingModelResult]
) -> EmbeddingModelResult:
    settings = settings_in_effect()
    if settings is None:
        return call()
    span = _traced_span(
        settings, lambda: _embed_start(settings, model, values), f"embeddings {model.model_id}"
    )
    return _run(span, call, lambda result: _embed_end(settings, result))


async def aembed(
    model: Any, values: Sequence[str], call: Callable[[], Awaitable[EmbeddingModelResult]]
) -> EmbeddingModelResult:
    settings = settings_in_effect()
    if settings is None:
        return await call()
    span = _traced_span(
        settings, lambda: _embed_start(settings, model, values), f"embeddings {model.model_id}"
    )
    return await _arun(span, call, lambda result: _embed_end(settings, result))


def _rerank_start(
    settings: TelemetrySettings, model: Any, options: RerankCallOptions
) -> tuple[str, Attributes]:
    if settings.conventions == "gen_ai":
        return f"rerank {model.model_id}", {
            "gen_ai.operation.name": "rerank",
            "gen_ai.provider.name": attrs.provider_name(model.provider),
            "gen_ai.request.model": model.model_id,
            **_server(model),
        }
    name = "ai.rerank.doRerank"
    out: Attributes = {
        **attrs.legacy_operation(name, settings),
        "ai.model.provider": model.provider,
        "ai.model.id": model.model_id,
        **attrs.safe_headers(options.headers),
    }
    if settings.record_inputs:
        out["ai.documents"] = [attrs.to_json(document) for document in options.documents.values]
    return name, out


def _rerank_end(
    settings: TelemetrySettings, options: RerankCallOptions, result: RerankingModelResult
) -> Attributes:
    out: Attributes = {}
    response = result.response
    put(out, "gen_ai.response.id", response.id if response else None)
    put(out, "gen_ai.response.model", response.model_id if response else None)
    tokens = result.usage.tokens if result.usage is not None else None
    if settings.conventions == "gen_ai":
        put(out, "gen_ai.usage.input_tokens", tokens)
        return out
    out["ai.ranking.type"] = options.documents.type
    put(out, "ai.usage.tokens", tokens)
    if settings.record_outputs:
        out["ai.ranking"] = [
            attrs.to_json({"index": item.index, "relevanceScore": item.relevance_score})
            for item in result.ranking
        ]
    return out


def rerank(
    model: Any, options: RerankCallOptions, call: Callable[[RerankCallOptions], RerankingModelResult]
) -> RerankingModelResult:
    settings = settings_in_effect()
    if settings is None:
        return call(options)
    span = _traced_span(settings, lambda: _rerank_start(settings, model, options), f"rerank {model.model_id}")
    return _run(span, lambda: call(options), lambda result: _rerank_end(settings, options, result))


async def arerank(
    model: Any,
    options: RerankCallOptions,
    call: Callable[[RerankCallOptions], Awaitable[RerankingModelResult]],
) -> RerankingModelResult:
    settings = settings_in_effect()
    if settings is None:
        return await call(options)
    span = _traced_span(settings, lambda: _rerank_start(settings, model, options), f"rerank {model.model_id}")
    return await _arun(span, lambda: call(options), lambda result: _rerank_end(settings, options, result))
