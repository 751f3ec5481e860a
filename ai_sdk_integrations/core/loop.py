"""The tool loop, written once for ``generate_text`` / ``stream_text``, sync and async.

``tool_loop`` is a generator of *effects* (httpx's ``auth_flow`` shape): it decides
everything (what each step sends, which calls run, need approval or go back to the
model as errors, when to stop, how the answer is read) and yields what must happen
outside it: call a model, run tools, call one of the caller's hooks (which may be
async), or emit a part to a stream's reader. A driver (``drive`` / ``adrive`` here,
the stream results in ``core.streaming``) performs each effect, blocking or awaiting,
and sends the outcome back. No protocol logic lives in the drivers.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..provider.language_model import LanguageModel
from ..provider.profile import DEFAULT
from ..spec import CallOptions, GenerateResult, Message, ToolCallContent, ToolChoice, Usage
from ..spec.errors import AISDKError, APITimeoutError, NoObjectGeneratedError
from .loop_messages import model_prompt, pending_approvals, response_messages
from .messages import to_message
from .output import Output
from .steps import PrepareStepContext, StepResult, StopCondition, Timeout, ToolCallRepairContext
from .tool_execution import ToolRun, denied_result, error_result
from .tools import (
    Tool,
    ToolApprovalRequest,
    ToolCall,
    ToolResult,
    ToolSet,
    new_approval_id,
    parse_tool_call,
    tool_specs,
)

ToolChoiceLike = ToolChoice | Literal["auto", "none", "required"] | str
_STEP_KEYS = frozenset(
    {"model", "tools", "active_tools", "tool_choice", "messages", "system", "instructions"}
)
CALL_SETTINGS = frozenset(
    {
        "max_output_tokens",
        "temperature",
        "top_p",
        "top_k",
        "presence_penalty",
        "frequency_penalty",
        "stop_sequences",
        "seed",
        "response_format",
        "reasoning",
        "headers",
        "provider_options",
        "include_raw_chunks",
    }
)

# -- effects ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CallHook:
    """Call one of the caller's functions with ``args``; await it if it is async. With
    ``capture`` an exception comes back as the value instead of being raised."""

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    name: str
    capture: bool = False


@dataclass(frozen=True, slots=True)
class CallModel:
    """Generate (or stream) one step; send back ``(GenerateResult, in-band error)``."""

    model: LanguageModel
    options: CallOptions
    step_number: int
    deadline: float | None = None
    limit: str = ""
    """Which timeout sets the deadline, for the error message."""


@dataclass(frozen=True, slots=True)
class RunTools:
    """Run these calls (the async driver runs them concurrently); send back the results
    in the same order."""

    runs: tuple[ToolRun, ...]


@dataclass(frozen=True, slots=True)
class Emit:
    """A part for a stream's reader (a tool error, a denial, an approval request)."""

    part: Any


Effect = CallHook | CallModel | RunTools | Emit


def step_timeout_error(effect: CallModel) -> APITimeoutError:
    return APITimeoutError(
        f"step {effect.step_number} did not finish within {effect.limit}",
        provider=getattr(effect.model, "provider", None),
    )


# -- the loop -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoopSpec:
    """Everything a ``generate_text`` / ``stream_text`` / ``Agent`` call asked for."""

    model: LanguageModel
    messages: Sequence[Message]
    system: str | None = None
    tools: ToolSet | None = None
    tool_choice: ToolChoiceLike | None = None
    active_tools: Sequence[str] | None = None
    output: Output | None = None
    stop_when: Sequence[StopCondition] = ()
    prepare_step: Callable[..., Any] | None = None
    on_step_finish: Callable[..., Any] | None = None
    repair_tool_call: Callable[..., Any] | None = None
    repair_text: Callable[..., Any] | None = None
    timeout: Timeout = field(default_factory=Timeout)
    settings: Mapping[str, Any] = field(default_factory=dict)
    max_retries: int | None = None
    telemetry: Any = None
    """``TelemetrySettings`` for this call (``None``: the scoped or global settings)."""
    operation: str = "generate_text"
    """The root span's kind: generate_text, stream_text, generate_object, stream_object."""


@dataclass(slots=True)
class LoopOutcome:
    steps: list[StepResult]
    response_messages: list[Message]
    resumed_results: list[ToolResult]
    """Results of calls the history approved (or denied), run before the first step."""
    error: AISDKError | None = None
    """An error a stream reported in-band; the loop stopped there."""
    output: Any = None
    output_error: NoObjectGeneratedError | None = None
    output_pending: bool = False
    """The loop stopped on tool calls (a step limit, an approval): there is no answer
    to read yet, and ``output`` says so when asked, rather than the call failing."""


@dataclass(frozen=True, slots=True)
class _StepPlan:
    model: LanguageModel
    options: CallOptions
    tools: ToolSet | None
    messages: Sequence[Message]
    system: str | None


def tool_loop(
    spec: LoopSpec, clock: Callable[[], float] = time.monotonic
) -> Generator[Effect, Any, LoopOutcome]:
    total_deadline = clock() + spec.timeout.total if spec.timeout.total else None
    messages = list(spec.messages)
    outcome = LoopOutcome([], [], [])
    resumed = pending_approvals(messages, spec.tools)
    if resumed:
        results = yield from _resume(spec, resumed, clock, total_deadline)
        produced = response_messages([], [], results)[1:]  # only the tool message
        messages.extend(produced)
        outcome.response_messages.extend(produced)
        outcome.resumed_results = results
    steps = outcome.steps
    while True:
        number = len(steps)
        prepared: Mapping[str, Any] = {}
        if spec.prepare_step is not None:
            context = PrepareStepContext(number, tuple(steps), spec.model, tuple(messages), spec.system)
            prepared = _prepared((yield CallHook(spec.prepare_step, (context,), "prepare_step")))
        plan = _plan(spec, prepared, messages)
        deadline, limit = _deadline(clock(), spec.timeout, total_deadline)
        generated, error = yield CallModel(plan.model, plan.options, number, deadline, limit)
        content = list(generated.content)
        calls: list[ToolCall] = []
        for index, item in enumerate(content):
            if isinstance(item, ToolCallContent):
                call, content[index] = yield from _parsed_call(spec, plan, item)
                calls.append(call)
        results, approvals = yield from _run_calls(spec, plan, calls, clock, total_deadline)
        step = _step(number, generated, content, calls, results, approvals)
        steps.append(step)
        messages.extend(step.response_messages)
        outcome.response_messages.extend(step.response_messages)
        if spec.on_step_finish is not None:
            yield CallHook(spec.on_step_finish, (step,), "on_step_finish")
        if error is not None:
            outcome.error = error
            return outcome
        if not (yield from _continues(spec, steps, calls, results)):
            break
    if spec.output is not None:
        yield from _read_output(spec, outcome, generated)
    return outcome


def _resume(
    spec: LoopSpec,
    resumed: list[Any],
    clock: Callable[[], float],
    total_deadline: float | None,
) -> Generator[Effect, Any, list[ToolResult]]:
    """Run the calls the history approved; a denied one gets a denial result."""
    results: dict[str, ToolResult] = {}
    runs: list[ToolRun] = []
    for call, decision in resumed:
        definition = (spec.tools or {}).get(call.tool_name)
        if call.error is not None:
            results[call.tool_call_id] = error_result(call, str(call.error))
        elif not decision.approved:
            results[call.tool_call_id] = denied_result(call, decision.reason)
        elif not isinstance(definition, Tool) or definition.execute is None:
            results[call.tool_call_id] = error_result(call, f"tool {call.tool_name!r} cannot be run here")
        else:
            runs.append(
                ToolRun(
                    call, definition, _tool_timeout(spec.timeout, definition, call, clock(), total_deadline)
                )
            )
            continue
        yield Emit(results[call.tool_call_id])
    if runs:
        for result in (yield RunTools(tuple(runs))):
            results[result.tool_call_id] = result
    return [results[call.tool_call_id] for call, _ in resumed]


def _prepared(value: Any) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(
            f"prepare_step must return None or a dict of step settings, not {type(value).__name__}"
        )
    unknown = set(value) - _STEP_KEYS - CALL_SETTINGS
    if unknown:
        raise ValueError(
            f"prepare_step returned unknown settings {sorted(unknown)}; "
            f"allowed: {sorted(_STEP_KEYS | CALL_SETTINGS)}"
        )
    return value


def _plan(spec: LoopSpec, prepared: Mapping[str, Any], messages: Sequence[Message]) -> _StepPlan:
    model = spec.model
    if "model" in prepared:
        from .registry import language_model

        model = language_model(prepared["model"])
        if spec.max_retries is not None:
            model = model.with_endpoint(max_retries=spec.max_retries)
    tools = prepared.get("tools", spec.tools)
    active = prepared.get("active_tools", spec.active_tools)
    if active is not None:
        missing = [name for name in active if name not in (tools or {})]
        if missing:
            raise ValueError(f"active_tools names tools that are not given: {missing}")
        tools = {name: tools[name] for name in active} if tools else {}
    system = prepared.get("system", prepared.get("instructions", spec.system))
    if "messages" in prepared:  # prepare_step may give AI SDK message dicts
        step_messages = [m if not isinstance(m, Mapping) else to_message(m) for m in prepared["messages"]]
    else:
        step_messages = list(messages)  # the loop's own, already spec messages
    settings = dict(spec.settings)
    if prepared:
        settings.update((k, v) for k, v in prepared.items() if k in CALL_SETTINGS)
    if spec.output is not None:
        profile = getattr(model, "profile", DEFAULT)
        settings["response_format"], system = spec.output.request(profile, system)
    options = CallOptions(
        prompt=model_prompt(system, step_messages),
        tools=tool_specs(tools) if tools else None,
        tool_choice=tool_choice(prepared.get("tool_choice", spec.tool_choice), tools),
        **settings,
    )
    return _StepPlan(model, options, tools, step_messages, system)


def tool_choice(choice: ToolChoiceLike | None, tools: ToolSet | None) -> ToolChoice | None:
    if choice is None or isinstance(choice, ToolChoice):
        return choice
    if choice in ("auto", "none", "required"):
        return ToolChoice(choice)  # type: ignore[arg-type]
    if tools and choice in tools:
        return ToolChoice("tool", choice)
    raise ValueError(
        f"tool_choice must be 'auto', 'none', 'required' or one of your tool names "
        f"({', '.join(tools or ()) or 'no tools given'}); got {choice!r}"
    )


def _deadline(now: float, timeout: Timeout, total: float | None) -> tuple[float | None, str]:
    step = now + timeout.step if timeout.step else None
    if step is not None and (total is None or step <= total):
        return step, f"timeout.step={timeout.step:g} s"
    if total is not None:
        return total, f"timeout.total={timeout.total:g} s"
    return None, ""


def _tool_timeout(
    timeout: Timeout, definition: Tool, call: ToolCall, now: float, total: float | None
) -> float | None:
    seconds = definition.timeout or timeout.tools.get(call.tool_name) or timeout.tool
    if total is not None:
        left = max(total - now, 0.001)
        seconds = left if seconds is None else min(seconds, left)
    return seconds


def _parsed_call(
    spec: LoopSpec, plan: _StepPlan, item: ToolCallContent
) -> Generator[Effect, Any, tuple[ToolCall, ToolCallContent]]:
    """Parse and validate a call; a broken one goes to ``repair_tool_call`` if given,
    and a repaired one replaces the model's in the step's content."""
    call = parse_tool_call(item, plan.tools)
    if call.error is None or spec.repair_tool_call is None or call.provider_executed:
        return call, item
    context = ToolCallRepairContext(item, call.error, plan.tools or {}, plan.messages, plan.system)
    repaired = yield CallHook(spec.repair_tool_call, (context,), "repair_tool_call", capture=True)
    if isinstance(repaired, Exception):
        failure = type(call.error)(
            f"{call.error} (repair_tool_call failed: {type(repaired).__name__}: {repaired})"
        )
        return dataclasses.replace(call, error=failure), item
    if repaired is None:
        return call, item
    if not isinstance(repaired, ToolCallContent):
        raise TypeError(
            f"repair_tool_call must return a ToolCallContent or None, not {type(repaired).__name__}"
        )
    return parse_tool_call(repaired, plan.tools), repaired


def _run_calls(
    spec: LoopSpec,
    plan: _StepPlan,
    calls: list[ToolCall],
    clock: Callable[[], float],
    total_deadline: float | None,
) -> Generator[Effect, Any, tuple[list[ToolResult], list[ToolApprovalRequest]]]:
    done: dict[str, ToolResult] = {}
    runs: list[ToolRun] = []
    approvals: list[ToolApprovalRequest] = []
    for call in calls:
        if call.provider_executed:
            continue
        if call.error is not None:
            done[call.tool_call_id] = error_result(call, str(call.error))
            yield Emit(done[call.tool_call_id])
            continue
        definition = (plan.tools or {}).get(call.tool_name)
        if not isinstance(definition, Tool) or definition.execute is None:
            continue  # returned to the caller, who runs it
        needs = definition.needs_approval
        if callable(needs):
            needs = yield CallHook(needs, (call.input,), f"needs_approval of {call.tool_name!r}")
        if needs:
            approvals.append(ToolApprovalRequest(new_approval_id(), call))
            yield Emit(approvals[-1])
            continue
        runs.append(
            ToolRun(call, definition, _tool_timeout(spec.timeout, definition, call, clock(), total_deadline))
        )
    if runs:
        for result in (yield RunTools(tuple(runs))):
            done[result.tool_call_id] = result
    return [done[c.tool_call_id] for c in calls if c.tool_call_id in done], approvals


def _step(
    number: int,
    generated: GenerateResult,
    content: list[Any],
    calls: list[ToolCall],
    results: list[ToolResult],
    approvals: list[ToolApprovalRequest],
) -> StepResult:
    return StepResult(
        step_number=number,
        content=content,
        tool_calls=calls,
        tool_results=results,
        finish_reason=generated.finish_reason.unified,
        raw_finish_reason=generated.finish_reason.raw,
        usage=generated.usage,
        warnings=tuple(generated.warnings),
        provider_metadata=generated.provider_metadata,
        request=generated.request,
        response=generated.response,
        approval_requests=approvals,
        response_messages=response_messages(content, calls, results, approvals),
    )


def _continues(
    spec: LoopSpec, steps: list[StepResult], calls: list[ToolCall], results: list[ToolResult]
) -> Generator[Effect, Any, bool]:
    """Another step only if the model called our tools and every call has a result."""
    client = [call for call in calls if not call.provider_executed]
    if not client or len(results) < len(client):
        return False
    for condition in spec.stop_when:
        if (
            yield CallHook(
                condition, (tuple(steps),), f"stop condition {getattr(condition, '__qualname__', '')}"
            )
        ):
            return False
    return True


def total_usage(steps: Sequence[StepResult]) -> Usage:
    """One step's usage as reported (``raw`` kept); several steps' summed."""
    if len(steps) == 1:
        return steps[0].usage
    total = Usage()
    for step in steps:
        total = total + step.usage
    return total


def _read_output(
    spec: LoopSpec, outcome: LoopOutcome, generated: GenerateResult
) -> Generator[Effect, Any, None]:
    assert spec.output is not None
    last = outcome.steps[-1]
    usage = total_usage(outcome.steps)
    if any(not c.provider_executed for c in last.tool_calls):
        outcome.output_error = NoObjectGeneratedError(
            "the loop stopped after tool calls, before the model answered; let it run longer "
            "(stop_when=step_count_is(n))",
            text=last.text,
            finish_reason=last.finish_reason,
            usage=usage,
            response=last.response,
        )
        outcome.output_pending = True
        return
    text = generated.structured_output_text or last.text
    try:
        outcome.output = spec.output.parse(text)
        return
    except ValueError as exc:
        problem: ValueError = exc
    if spec.repair_text is not None:
        repaired = yield CallHook(spec.repair_text, (text, problem), "repair_text")
        if isinstance(repaired, str):
            text = repaired
            try:
                outcome.output = spec.output.parse(text)
                return
            except ValueError as exc:
                problem = exc
    outcome.output_error = no_object_error(spec.output, text, problem, last, usage)


def no_object_error(
    output: Output, text: str, problem: ValueError, last: StepResult, usage: Usage
) -> NoObjectGeneratedError:
    from .tools import validation_summary

    why = validation_summary(problem) if text.strip() else "the model gave no text"
    if last.finish_reason == "length":
        why += " (finish reason 'length': the answer was cut off; raise max_output_tokens)"
    error = NoObjectGeneratedError(
        f"the answer is not a valid {output.kind}: {why}",
        text=text,
        finish_reason=last.finish_reason,
        usage=usage,
        response=last.response,
        cause=problem,
    )
    error.__cause__ = problem
    return error
