"""The OpenTelemetry side: which settings apply, which tracer, starting and failing spans.

Imported only once telemetry is armed (see ``state``), so ``import ai_sdk_integrations``
never imports OpenTelemetry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from .._version import __version__
from . import state
from .attributes import Attributes
from .settings import TelemetrySettings

TRACER_NAME = "ai_sdk_integrations"
_log = logging.getLogger("ai_sdk_integrations.telemetry")

__all__ = ["Span", "SpanKind", "otel_context", "trace"]


def settings_in_effect(context: otel_context.Context | None = None) -> TelemetrySettings | None:
    """The settings for a call made now: the current context's (an operation's or a
    ``use_telemetry`` block's, where ``is_enabled=False`` silences), else the global ones."""
    scoped = otel_context.get_value(state.SETTINGS_KEY, context)
    if isinstance(scoped, TelemetrySettings):
        return scoped if scoped.is_enabled else None
    return state.global_settings()


def operation_id(context: otel_context.Context | None = None) -> str | None:
    value = otel_context.get_value(state.OPERATION_KEY, context)
    return value if isinstance(value, str) else None


def tracer_for(settings: TelemetrySettings) -> trace.Tracer:
    if settings.tracer is not None:
        tracer: trace.Tracer = settings.tracer
        return tracer
    return trace.get_tracer(TRACER_NAME, __version__)


def start_span(
    settings: TelemetrySettings,
    name: str,
    kind: SpanKind,
    attributes: Attributes,
    context: otel_context.Context | None = None,
) -> Span:
    """A span with the settings' metadata added to ``attributes``; ``context``: its parent
    (default: the current span)."""
    if settings.metadata:
        attributes = {**attributes, **settings.metadata_attributes()}
    return tracer_for(settings).start_span(name, context=context, kind=kind, attributes=attributes)


def record_error(span: Span, error: BaseException | object) -> None:
    """The exception as a span event, and the span's status an error. Messages of this
    package's errors carry no secrets (the transport redacts them before raising)."""
    if isinstance(error, BaseException):
        span.record_exception(error)
        span.set_status(Status(StatusCode.ERROR, f"{type(error).__name__}: {error}"))
    else:
        span.set_status(Status(StatusCode.ERROR, str(error)))


def guarded(build: Callable[[], Attributes]) -> Attributes:
    """``build()``, or nothing if it fails: a span attribute that cannot be formatted
    must never fail the model call it describes (logged, once per cause)."""
    try:
        return build()
    except Exception as exc:  # telemetry must not break the traced call
        _log.warning("could not format span attributes: %s: %s", type(exc).__name__, exc)
        return {}


def context_with(
    settings: TelemetrySettings, operation: str | None, span: Span | None, parent: Any = None
) -> otel_context.Context:
    """A context carrying the settings, the operation id and (when given) ``span``."""
    ctx = otel_context.set_value(state.SETTINGS_KEY, settings, parent)
    if operation is not None:
        ctx = otel_context.set_value(state.OPERATION_KEY, operation, ctx)
    return trace.set_span_in_context(span, ctx) if span is not None else ctx
