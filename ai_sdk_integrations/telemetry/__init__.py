"""OpenTelemetry tracing, as AI SDK 7 does it: off by default, free when off.

``enable_telemetry(...)`` traces every model call in the process (plain functions and
both frameworks' adapters); ``use_telemetry(...)`` does so for a block; the core
functions take ``telemetry=TelemetrySettings(...)`` per call. Spans follow the
OpenTelemetry GenAI conventions (``conventions="gen_ai"``, the default) or the AI SDK's
legacy ``ai.*`` names (``conventions="legacy"``). Needs the ``otel`` extra
(``opentelemetry-api``); nothing imports it until telemetry is enabled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_getattr

if TYPE_CHECKING:
    from .operation import NOOP, OperationSpan, StepSpan, ToolSpan, operation_span, start_operation
    from .settings import TelemetrySettings
    from .state import disable_telemetry, enable_telemetry, global_settings, use_telemetry

_EXPORTS = {
    "TelemetrySettings": "settings",
    "enable_telemetry": "state",
    "disable_telemetry": "state",
    "use_telemetry": "state",
    "global_settings": "state",
    "start_operation": "operation",
    "operation_span": "operation",
    "OperationSpan": "operation",
    "StepSpan": "operation",
    "ToolSpan": "operation",
    "NOOP": "operation",
}

__all__ = [
    "NOOP",
    "OperationSpan",
    "StepSpan",
    "TelemetrySettings",
    "ToolSpan",
    "disable_telemetry",
    "enable_telemetry",
    "global_settings",
    "operation_span",
    "start_operation",
    "use_telemetry",
]

__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
