"""The spans of one tool-loop call (``telemetry``): a root, a step per model call, a
span per tool run, for the drivers of ``loop.tool_loop``.

The root opens with the first model call (it records that step's prompt and settings)
and the provider-call span (``chat {model}``, made by the model itself) nests under the
current step. With telemetry off every method here is a no-op on the shared ``NOOP``
objects: one flag check per call, nothing per token.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

from ..telemetry.operation import NOOP, OperationSpan, StepSpan, ToolSpan, start_operation
from .loop import CallModel, LoopOutcome, LoopSpec, total_usage
from .tool_execution import ToolRun
from .tools import ToolResult


class LoopTrace:
    __slots__ = ("_op", "_spec", "_step")

    def __init__(self, spec: LoopSpec) -> None:
        self._spec = spec
        self._op: OperationSpan | None = None
        self._step: StepSpan | None = None

    def step(self, effect: CallModel) -> StepSpan:
        """The span of the step ``effect`` starts (the root's too, for the first one)."""
        if self._op is None:
            spec = self._spec
            structured = spec.output is not None and spec.output.kind != "text"
            endpoint = getattr(effect.model, "endpoint", None)
            self._op = start_operation(
                spec.operation,  # type: ignore[arg-type]
                effect.model,
                settings=spec.telemetry,
                options=effect.options,
                max_retries=getattr(endpoint, "max_retries", None),
                output_type="json" if structured else None,
            )
        elif self._step is not None:
            self._step.end()
        self._step = self._op.step(effect.step_number)
        return self._step

    def active(self) -> AbstractContextManager[Any]:
        """The current step as the parent of what a block does (a tool run)."""
        return self._step.activate() if self._step is not None else nullcontext()

    def tool(self, run: ToolRun) -> ToolSpan:
        call = run.call
        return (self._op or NOOP).tool(call.tool_name, call.tool_call_id, call.input)

    def finish(self, outcome: LoopOutcome) -> None:
        op = self._op
        if op is None:
            return
        if outcome.error is not None:
            op.fail(outcome.error)
            return
        last = outcome.steps[-1]
        op.finish(
            finish_reason=last.finish_reason,
            usage=total_usage(outcome.steps),
            content=last.content,
            output=outcome.output if outcome.output_error is None else None,
            response=last.response,
            provider_metadata=last.provider_metadata,
        )

    def fail(self, error: BaseException) -> None:
        if self._op is not None:
            self._op.fail(error)

    def end(self) -> None:
        """The reader left a stream early: the spans end without a result."""
        if self._op is not None:
            self._op.end()


def record_tool(span: ToolSpan, result: ToolResult) -> None:
    if result.is_error:
        span.error(str(result.output))
    elif result.denied:
        span.end()
    else:
        span.result(result.output)
