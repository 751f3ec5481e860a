"""Drivers of ``loop.tool_loop``: perform each effect, blocking (``drive``) or awaiting
(``adrive``), and send back what happened. ``generate_text`` uses these; the stream
results (``core.streaming``) drive the same loop with their own model-call step and
reuse the hook, timeout and tool helpers here.

Step deadlines: an async model call is cancelled at its deadline; a blocking one has
its read timeout shortened to what is left (a server that goes silent is caught when
the time is up) and is checked when it returns.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from contextlib import closing
from typing import Any

from ..spec import GenerateResult
from ..spec.errors import APITimeoutError
from .loop import (
    CallHook,
    CallModel,
    Emit,
    LoopOutcome,
    LoopSpec,
    RunTools,
    step_timeout_error,
    tool_loop,
)
from .loop_trace import LoopTrace, record_tool
from .tool_execution import ToolRun, arun_tool, run_tool


def call_hook(effect: CallHook) -> Any:
    try:
        value = effect.fn(*effect.args)
    except Exception as exc:
        if effect.capture:
            return exc
        raise
    if inspect.isawaitable(value):
        if inspect.iscoroutine(value):
            value.close()
        raise TypeError(f"{effect.name} is async; use the async function (agenerate_text / astream_text)")
    return value


async def acall_hook(effect: CallHook) -> Any:
    try:
        value = effect.fn(*effect.args)
        if inspect.isawaitable(value):
            value = await value
    except Exception as exc:
        if effect.capture:
            return exc
        raise
    return value


def bounded_model(effect: CallModel) -> Any:
    """The step's model with its read timeout cut to the time left before the deadline."""
    if effect.deadline is None:
        return effect.model
    left = max(effect.deadline - time.monotonic(), 0.001)
    endpoint = getattr(effect.model, "endpoint", None)
    if endpoint is None or endpoint.timeout <= left:
        return effect.model
    return effect.model.with_endpoint(timeout=left)


def past_deadline(effect: CallModel) -> bool:
    return effect.deadline is not None and time.monotonic() >= effect.deadline


def generate_step(effect: CallModel) -> tuple[GenerateResult, None]:
    try:
        result = bounded_model(effect).generate(effect.options)
    except APITimeoutError as exc:
        if past_deadline(effect):
            raise step_timeout_error(effect) from exc
        raise
    if past_deadline(effect):
        raise step_timeout_error(effect)
    return result, None


async def agenerate_step(effect: CallModel) -> tuple[GenerateResult, None]:
    if effect.deadline is None:
        return await effect.model.agenerate(effect.options), None
    try:
        left = max(effect.deadline - time.monotonic(), 0.001)
        return await asyncio.wait_for(effect.model.agenerate(effect.options), left), None
    except TimeoutError as exc:
        raise step_timeout_error(effect) from exc


def drive(spec: LoopSpec) -> LoopOutcome:
    trace = LoopTrace(spec)
    flow = tool_loop(spec)
    value: Any = None
    try:
        with closing(flow):
            while True:
                try:
                    effect = flow.send(value)
                except StopIteration as stop:
                    outcome: LoopOutcome = stop.value
                    trace.finish(outcome)
                    return outcome
                if type(effect) is CallModel:
                    with trace.step(effect).activate():
                        value = generate_step(effect)
                elif type(effect) is RunTools:
                    value = [traced_run(trace, run) for run in effect.runs]
                elif type(effect) is CallHook:
                    value = call_hook(effect)
                else:
                    assert type(effect) is Emit
                    value = None
    except BaseException as exc:
        trace.fail(exc)
        raise


async def adrive(spec: LoopSpec) -> LoopOutcome:
    trace = LoopTrace(spec)
    flow = tool_loop(spec)
    value: Any = None
    try:
        with closing(flow):
            while True:
                try:
                    effect = flow.send(value)
                except StopIteration as stop:
                    outcome: LoopOutcome = stop.value
                    trace.finish(outcome)
                    return outcome
                if type(effect) is CallModel:
                    with trace.step(effect).activate():
                        value = await agenerate_step(effect)
                elif type(effect) is RunTools:
                    value = await arun_tools(trace, effect)
                elif type(effect) is CallHook:
                    value = await acall_hook(effect)
                else:
                    value = None
    except BaseException as exc:
        trace.fail(exc)
        raise


def traced_run(trace: LoopTrace, run: ToolRun) -> Any:
    with trace.active(), trace.tool(run) as span:
        result = run_tool(run)
        record_tool(span, result)
    return result


async def _atraced_run(trace: LoopTrace, run: ToolRun) -> Any:
    with trace.active(), trace.tool(run) as span:
        result = await arun_tool(run)
        record_tool(span, result)
    return result


async def arun_tools(trace: LoopTrace, effect: RunTools) -> list[Any]:
    """Concurrently, as the AI SDK runs a step's calls; results in call order."""
    if len(effect.runs) == 1:
        return [await _atraced_run(trace, effect.runs[0])]
    return list(await asyncio.gather(*(_atraced_run(trace, run) for run in effect.runs)))
