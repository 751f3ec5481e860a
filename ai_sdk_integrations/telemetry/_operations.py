"""The traced operations behind ``operation.start_operation`` (imports OpenTelemetry).

Every span here is parented explicitly (root: the caller's current context; step: the
root; tool: the open step, else the root), and contexts are attached only for a
``with`` block or a single pull of a wrapped iterator, so a generator that yields
between pulls never leaves its span current in the consumer's code.

An operation whose settings say ``is_enabled=False`` makes no spans but still carries
those settings in its context, so the model calls inside it are not traced either
(even with telemetry enabled globally).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from types import TracebackType
from typing import Any, TypeVar

from ..spec import CallOptions, Content, ResponseInfo, TextContent, Usage
from . import attributes as attrs
from . import state
from .attributes import Attributes, put
from .operation import OperationKind, OperationSpan, StepSpan, ToolSpan
from .settings import TelemetrySettings
from .spans import Span, SpanKind, context_with, guarded, otel_context, record_error, start_span

T = TypeVar("T")


def _wrap(context: otel_context.Context, iterator: Iterator[T]) -> Iterator[T]:
    try:
        while True:
            token = otel_context.attach(context)
            try:
                item = next(iterator)
            except StopIteration:
                return
            finally:
                otel_context.detach(token)
            yield item
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()


async def _awrap(context: otel_context.Context, iterator: AsyncIterator[T]) -> AsyncIterator[T]:
    try:
        while True:
            token = otel_context.attach(context)
            try:
                item = await iterator.__anext__()
            except StopAsyncIteration:
                return
            finally:
                otel_context.detach(token)
            yield item
    finally:
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            await aclose()


@contextmanager
def _attached(context: otel_context.Context) -> Iterator[None]:
    token = otel_context.attach(context)
    try:
        yield
    finally:
        otel_context.detach(token)


class _Scope:
    """A span (or none, when muted) and the context that makes it current."""

    def __init__(self, span: Span | None, context: otel_context.Context) -> None:
        self.span = span
        self.context = context
        self._tokens: list[object] = []
        self._ended = False

    def enter(self) -> None:
        self._tokens.append(otel_context.attach(self.context))

    def exit(self) -> None:
        if self._tokens:
            otel_context.detach(self._tokens.pop())  # type: ignore[arg-type]

    def close(self, error: BaseException | str | None = None, attributes: Attributes | None = None) -> bool:
        """End the span once; False if it had already ended."""
        if self._ended:
            return False
        self._ended = True
        if self.span is not None:
            if attributes:
                self.span.set_attributes(attributes)
            if error is not None:
                record_error(self.span, error)
            self.span.end()
        return True


class _Tool(ToolSpan):
    def __init__(self, scope: _Scope, settings: TelemetrySettings) -> None:
        self._scope = scope
        self._settings = settings

    def __enter__(self) -> _Tool:
        self._scope.enter()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._scope.exit()
        self._scope.close(error)

    def result(self, output: Any) -> None:
        if self._scope.span is None or not self._settings.record_outputs:
            return
        name = "gen_ai.tool.call.result" if self._settings.conventions == "gen_ai" else "ai.toolCall.result"
        self._scope.span.set_attributes(guarded(lambda: {name: attrs.to_json(output)}))

    def error(self, error: BaseException | str) -> None:
        self._scope.close(error)

    def end(self) -> None:
        self._scope.close()


class _Step(StepSpan):
    def __init__(self, scope: _Scope) -> None:
        self._scope = scope

    def __enter__(self) -> _Step:
        self._scope.enter()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._scope.exit()
        self._scope.close(error)

    def wrap(self, iterator: Iterator[T]) -> Iterator[T]:
        return _wrap(self._scope.context, iter(iterator))

    def awrap(self, iterator: AsyncIterator[T]) -> AsyncIterator[T]:
        return _awrap(self._scope.context, aiter(iterator))

    def activate(self) -> AbstractContextManager[Any]:
        return _attached(self._scope.context)

    def fail(self, error: BaseException) -> None:
        self._scope.close(error)

    def end(self) -> None:
        self._scope.close()


class _Operation(OperationSpan, _Step):
    def __init__(
        self,
        kind: OperationKind,
        model: Any,
        settings: TelemetrySettings,
        scope: _Scope,
        operation_id: str,
    ) -> None:
        _Step.__init__(self, scope)
        self._kind = kind
        self._model = model
        self._settings = settings
        self._operation_id = operation_id
        self._step: _Scope | None = None
        self._lock = threading.Lock()
        state.hold()
        # An operation dropped without being ended (a stream abandoned unclosed) still
        # ends its span and disarms when collected; ending it normally runs this once.
        self._steps: list[_Scope] = []
        self._release = weakref.finalize(self, _abandon, scope, self._steps)

    def __enter__(self) -> _Operation:
        self._scope.enter()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._scope.exit()
        self._close(error)

    @property
    def recording(self) -> bool:
        return self._scope.span is not None

    def _close(self, error: BaseException | str | None = None, attributes: Attributes | None = None) -> None:
        self._scope.close(error, attributes)
        self._release()

    def fail(self, error: BaseException) -> None:
        if self._step is not None:
            self._step.close(error)
        self._close(error)

    def end(self) -> None:
        if self._step is not None:
            self._step.close()
        self._close()

    def step(self, index: int) -> StepSpan:
        settings = self._settings
        span: Span | None = None
        if self._scope.span is not None and settings.conventions == "gen_ai":
            span = start_span(
                settings,
                f"step {index + 1}",
                SpanKind.INTERNAL,
                {"gen_ai.operation.name": "agent_step"},
                self._scope.context,
            )
        scope = _Scope(span, context_with(settings, self._operation_id, span, self._scope.context))
        with self._lock:
            self._step = scope
            self._steps.append(scope)
        return _Step(scope)

    def tool(self, name: str, call_id: str, input: Any = None) -> ToolSpan:
        settings = self._settings
        step = self._step
        parent = step.context if step is not None and not step._ended else self._scope.context
        span: Span | None = None
        if self._scope.span is not None:
            inputs = settings.record_inputs
            if settings.conventions == "gen_ai":
                span_name = f"execute_tool {name}"
                start: Attributes = {
                    "gen_ai.operation.name": "execute_tool",
                    "gen_ai.tool.name": name,
                    "gen_ai.tool.call.id": call_id,
                    "gen_ai.tool.type": "function",
                }
                key = "gen_ai.tool.call.arguments"
            else:
                span_name = "ai.toolCall"
                start = {
                    **attrs.legacy_operation("ai.toolCall", settings),
                    "ai.toolCall.name": name,
                    "ai.toolCall.id": call_id,
                }
                key = "ai.toolCall.args"
            if inputs and input is not None:
                start.update(guarded(lambda: {key: attrs.to_json(input)}))
            span = start_span(settings, span_name, SpanKind.INTERNAL, start, parent)
        return _Tool(_Scope(span, context_with(settings, self._operation_id, span, parent)), settings)

    def finish(
        self,
        *,
        finish_reason: str | None = None,
        usage: Usage | None = None,
        content: Sequence[Content] = (),
        output: Any = None,
        response: ResponseInfo | None = None,
        provider_metadata: Mapping[str, Any] | None = None,
    ) -> None:
        if self._step is not None:
            self._step.close()
        if self._scope.span is None:
            self._close()
            return

        def build() -> Attributes:
            settings = self._settings
            shown = [TextContent(attrs.to_json(output))] if output is not None else list(content)
            out: Attributes = {}
            if finish_reason is not None:
                out["gen_ai.response.finish_reasons"] = [finish_reason]
            if response is not None:
                put(out, "gen_ai.response.id", response.id)
                put(out, "gen_ai.response.model", response.model_id)
            if settings.conventions == "gen_ai":
                out.update(attrs.gen_ai_usage(usage))
                if settings.record_outputs:
                    out["gen_ai.output.messages"] = attrs.to_json(attrs.output_messages(shown, finish_reason))
                return out
            put(out, "ai.response.finishReason", finish_reason)
            out.update(attrs.legacy_usage(usage))
            if settings.record_outputs:
                out.update(attrs.legacy_response_content(content))
                if output is not None:
                    out["ai.response.object"] = attrs.to_json(output)
                if provider_metadata:
                    out["ai.response.providerMetadata"] = attrs.to_json(provider_metadata)
            return out

        self._close(attributes=guarded(build))

    def finish_embed(self, tokens: int | None, embeddings: Sequence[Sequence[float]]) -> None:
        settings = self._settings
        out: Attributes = {}
        if settings.conventions == "gen_ai":
            put(out, "gen_ai.usage.input_tokens", tokens)
        else:
            put(out, "ai.usage.tokens", tokens)
            if settings.record_outputs and self._scope.span is not None:
                if self._kind == "embed":
                    out["ai.embedding"] = attrs.to_json(list(embeddings[0]) if embeddings else [])
                else:
                    out["ai.embeddings"] = [attrs.to_json(list(e)) for e in embeddings]
        self._close(attributes=out)

    def finish_rerank(self, tokens: int | None, ranking: Sequence[tuple[int, float]]) -> None:
        out: Attributes = {}
        put(
            out,
            "gen_ai.usage.input_tokens" if self._settings.conventions == "gen_ai" else "ai.usage.tokens",
            tokens,
        )
        self._close(attributes=out)


def _abandon(scope: _Scope, steps: list[_Scope]) -> None:
    for step in steps:
        step.close()
    scope.close()
    state.release()


def _root_attributes(
    kind: OperationKind,
    model: Any,
    settings: TelemetrySettings,
    options: CallOptions | None,
    max_retries: int | None,
    output_type: str | None,
    values: Sequence[str] | None,
    documents: Sequence[Any] | None,
) -> tuple[str, SpanKind, Attributes]:
    provider, model_id = model.provider, model.model_id
    inputs = settings.record_inputs
    if settings.conventions == "gen_ai":
        if kind in ("embed", "embed_many", "rerank"):
            operation = "embeddings" if kind != "rerank" else "rerank"
            return (
                f"{operation} {model_id}",
                SpanKind.CLIENT,
                {
                    "gen_ai.operation.name": operation,
                    "gen_ai.provider.name": attrs.provider_name(provider),
                    "gen_ai.request.model": model_id,
                },
            )
        out: Attributes = {
            "gen_ai.operation.name": "invoke_agent",
            "gen_ai.provider.name": attrs.provider_name(provider),
            "gen_ai.request.model": model_id,
            **attrs.gen_ai_request(options),
        }
        put(out, "gen_ai.agent.name", settings.function_id)
        if output_type is not None or kind in ("generate_object", "stream_object"):
            out["gen_ai.output.type"] = output_type or "json"
        if inputs and options is not None:
            system = attrs.system_instructions(options.prompt)
            if system:
                out["gen_ai.system_instructions"] = attrs.to_json(system)
            out["gen_ai.input.messages"] = attrs.to_json(
                attrs.input_messages(options.prompt, include_system=False)
            )
        return f"invoke_agent {model_id}", SpanKind.INTERNAL, out
    operation_id = attrs.LEGACY_OPERATIONS[kind]
    out = {
        **attrs.legacy_operation(operation_id, settings),
        "ai.model.provider": provider,
        "ai.model.id": model_id,
        **attrs.legacy_settings(options, max_retries),
        **attrs.safe_headers(options.headers if options is not None else None),
    }
    if inputs:
        if options is not None:
            out["ai.prompt"] = attrs.legacy_prompt(options.prompt)
        if values is not None:
            if kind == "embed":
                out["ai.value"] = attrs.to_json(values[0] if values else "")
            else:
                out["ai.values"] = [attrs.to_json(value) for value in values]
        if documents is not None:
            out["ai.documents"] = [attrs.to_json(document) for document in documents]
    return operation_id, SpanKind.INTERNAL, out


def start(
    kind: OperationKind,
    model: Any,
    settings: TelemetrySettings | None,
    options: CallOptions | None,
    max_retries: int | None,
    output_type: str | None,
    values: Sequence[str] | None,
    documents: Sequence[Any] | None,
) -> OperationSpan:
    from .operation import NOOP
    from .spans import settings_in_effect

    parent = otel_context.get_current()
    chosen = settings if settings is not None else settings_in_effect(parent)
    if chosen is None:
        return NOOP
    operation_id = attrs.LEGACY_OPERATIONS[kind]
    span: Span | None = None
    if chosen.is_enabled:
        state.require_opentelemetry()
        built: list[tuple[str, SpanKind, Attributes]] = []

        def build() -> Attributes:
            built.append(
                _root_attributes(kind, model, chosen, options, max_retries, output_type, values, documents)
            )
            return built[0][2]

        attributes = guarded(build)
        name, span_kind = (built[0][0], built[0][1]) if built else (operation_id, SpanKind.INTERNAL)
        span = start_span(chosen, name, span_kind, attributes, parent)
    scope = _Scope(span, context_with(chosen, operation_id, span, parent))
    return _Operation(kind, model, chosen, scope, operation_id)
