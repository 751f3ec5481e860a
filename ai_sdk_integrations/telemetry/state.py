"""Whether anything is traced: one module flag, read once per model call.

``armed`` is False until telemetry is enabled (globally, for a block of code, or for
one operation) and False again once nothing enables it. Model calls check only this
flag, so with telemetry off a call costs one attribute read and OpenTelemetry is never
imported. Which settings apply to a call is decided later, by ``spans.settings_in_effect``:
the settings carried in the current OpenTelemetry context (an operation's, or
``use_telemetry``'s), else the global ones.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .settings import TelemetrySettings

armed: bool = False
"""True while telemetry may be on somewhere: the only check on the per-call path."""

_global: TelemetrySettings | None = None
_holds = 0
_lock = threading.Lock()

SETTINGS_KEY = "ai_sdk_integrations.telemetry"
"""The OpenTelemetry context key under which scoped settings ride along."""
OPERATION_KEY = "ai_sdk_integrations.operation"
"""The context key holding the enclosing operation's legacy id (``ai.streamText``, ...)."""


def require_opentelemetry() -> None:
    """Fail early, and say what to install, when tracing is asked for without the API."""
    try:
        import opentelemetry.trace  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            'telemetry needs opentelemetry-api: pip install "ai-sdk-integrations[otel]" '
            "(and opentelemetry-sdk, or your vendor's distribution, to export spans)"
        ) from exc


def _refresh() -> None:
    global armed
    armed = _global is not None or _holds > 0


def hold() -> None:
    """Arm for one operation or scope (paired with ``release``)."""
    global _holds
    with _lock:
        _holds += 1
        _refresh()


def release() -> None:
    global _holds
    with _lock:
        _holds = max(0, _holds - 1)
        _refresh()


def enable_telemetry(settings: TelemetrySettings | None = None, **fields: Any) -> TelemetrySettings:
    """Trace every model call in this process (plain functions and both frameworks'
    adapters) with ``settings``, or with ``TelemetrySettings(**fields)``.

    ``enable_telemetry(record_inputs=True, function_id="support-bot")``. Per-call and
    ``use_telemetry`` settings take precedence; ``disable_telemetry()`` turns it off.
    """
    global _global
    if settings is not None and fields:
        raise TypeError("pass either a TelemetrySettings or its fields, not both")
    chosen = settings if settings is not None else TelemetrySettings(**fields)
    if chosen.is_enabled:
        require_opentelemetry()
    with _lock:
        _global = chosen if chosen.is_enabled else None
        _refresh()
    return chosen


def disable_telemetry() -> None:
    """Stop tracing globally; per-call and scoped settings still apply where given."""
    global _global
    with _lock:
        _global = None
        _refresh()


def global_settings() -> TelemetrySettings | None:
    return _global


@contextmanager
def use_telemetry(settings: TelemetrySettings | None = None, **fields: Any) -> Iterator[TelemetrySettings]:
    """Within the block (this thread or task, and what it starts with its context),
    model calls are traced with these settings; ``is_enabled=False`` silences them.

    Do not hold the block open across a ``yield`` of your own generator: like any
    context variable, the setting would leak into the code consuming it.
    """
    if settings is not None and fields:
        raise TypeError("pass either a TelemetrySettings or its fields, not both")
    chosen = settings if settings is not None else TelemetrySettings(**fields)
    if not chosen.is_enabled and not armed:
        yield chosen  # nothing is traced anyway: no OpenTelemetry import, no context
        return
    require_opentelemetry()
    from opentelemetry import context

    token = context.attach(context.set_value(SETTINGS_KEY, chosen))
    hold()
    try:
        yield chosen
    finally:
        release()
        context.detach(token)
