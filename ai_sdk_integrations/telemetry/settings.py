"""``TelemetrySettings``: what to trace and what to leave out, as the AI SDK's
``telemetry: {...}`` call option has it.

Plain data, importable without OpenTelemetry: a settings object can be built in a
config file or passed through a framework adapter on a machine where tracing is off.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..spec.errors import UsageError

Conventions = Literal["gen_ai", "legacy"]
"""``gen_ai``: AI SDK 7's default, the OpenTelemetry GenAI semantic conventions
(``invoke_agent``, ``chat {model}``, ``execute_tool``, ``embeddings``, ``rerank`` spans
with ``gen_ai.*`` attributes). ``legacy``: the ``ai.*`` spans of AI SDK 5 and 6
(``ai.generateText`` > ``ai.generateText.doGenerate``, ...), which Langfuse, Braintrust
and Sentry read."""

AttributeValue = str | bool | int | float | Sequence[str] | Sequence[bool] | Sequence[int] | Sequence[float]


@dataclass(frozen=True, slots=True)
class TelemetrySettings:
    """How calls are traced.

    ``record_inputs`` / ``record_outputs``: prompts, tool arguments, embedded values and
    documents go on spans only with ``record_inputs=True``; generated text, tool calls,
    tool results and vectors only with ``record_outputs=True``. Both are off by default
    (the AI SDK records both unless told not to; prompts are often personal data, so
    here you opt in). Model, provider, settings, usage, finish reason, response id and
    timings are always recorded.

    ``function_id`` names the operation (``gen_ai.agent.name``, ``ai.telemetry.functionId``);
    ``metadata`` is added to every span as ``ai.telemetry.metadata.<key>``; ``tracer``
    is an OpenTelemetry ``Tracer`` (default: the global tracer provider's).
    """

    is_enabled: bool = True
    record_inputs: bool = False
    record_outputs: bool = False
    function_id: str | None = None
    metadata: Mapping[str, Any] | None = None
    tracer: Any = field(default=None, compare=False)
    conventions: Conventions = "gen_ai"

    def __post_init__(self) -> None:
        if self.conventions not in ("gen_ai", "legacy"):
            raise UsageError(f"conventions must be 'gen_ai' or 'legacy', not {self.conventions!r}")
        if self.metadata is not None and not isinstance(self.metadata, Mapping):
            raise UsageError("metadata must be a mapping of names to values")

    def metadata_attributes(self) -> dict[str, AttributeValue]:
        """``ai.telemetry.metadata.<key>`` for each entry; values OpenTelemetry cannot
        hold (mappings, objects) are written as JSON."""
        out: dict[str, AttributeValue] = {}
        for key, value in (self.metadata or {}).items():
            if value is None:
                continue
            out[f"ai.telemetry.metadata.{key}"] = attribute_value(value)
        return out


def attribute_value(value: Any) -> AttributeValue:
    """``value`` as an OpenTelemetry attribute value: scalars and homogeneous lists of
    scalars as they are, anything else as JSON text."""
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list | tuple) and value:
        kinds = {type(item) for item in value}
        if len(kinds) == 1 and kinds <= {str, bool, int, float}:
            return list(value)
    return json.dumps(value, default=str, ensure_ascii=False)
