"""The result of ``generate_text`` (and, once read, of ``stream_text``), and the loop
settings every entry point builds from its arguments."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

from ..provider.language_model import LanguageModel
from ..spec import (
    CallWarning,
    Content,
    JsonFormat,
    Message,
    ProviderMetadata,
    ReasoningContent,
    RequestInfo,
    ResponseFormat,
    ResponseInfo,
    TextContent,
    TextFormat,
    Usage,
)
from ..spec.errors import NoObjectGeneratedError
from .loop import LoopOutcome, LoopSpec, ToolChoiceLike, total_usage
from .loop_messages import response_messages
from .messages import MessageLike, standardize_prompt
from .output import Output
from .registry import language_model
from .steps import StepResult, StopCondition, Timeout, step_count_is
from .tools import ToolApprovalRequest, ToolCall, ToolResult, ToolSet


class CallSettings(TypedDict, total=False):
    max_output_tokens: int
    temperature: float
    top_p: float
    top_k: int
    presence_penalty: float
    frequency_penalty: float
    stop_sequences: Sequence[str]
    seed: int
    response_format: ResponseFormat | Literal["text", "json"]
    reasoning: Literal["provider-default", "none", "minimal", "low", "medium", "high", "xhigh"]
    headers: Mapping[str, str]
    provider_options: Mapping[str, Mapping[str, Any]]
    include_raw_chunks: bool


_NO_OUTPUT: Any = object()


@dataclass(frozen=True, slots=True)
class GenerateTextResult:
    """The call's result: the final step's content, tool calls and results, finish
    reason and metadata; ``usage`` (= ``total_usage``) over all ``steps``."""

    content: Sequence[Content]
    tool_calls: Sequence[ToolCall]
    tool_results: Sequence[ToolResult]
    finish_reason: str
    raw_finish_reason: str | None
    usage: Usage
    warnings: Sequence[CallWarning] = ()
    provider_metadata: ProviderMetadata | None = None
    request: RequestInfo | None = None
    response: ResponseInfo | None = None
    steps: Sequence[StepResult] = ()
    approval_requests: Sequence[ToolApprovalRequest] = ()
    """Calls waiting for approval: answer each (``request.approve()`` / ``deny()``) in a
    tool message after ``response_messages`` and call again."""
    all_response_messages: Sequence[Message] | None = field(default=None, repr=False)
    parsed_output: Any = field(default=_NO_OUTPUT, repr=False)
    output_error: NoObjectGeneratedError | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.content if isinstance(part, TextContent))

    @property
    def reasoning_text(self) -> str | None:
        texts = [part.text for part in self.content if isinstance(part, ReasoningContent)]
        return "".join(texts) if texts else None

    @property
    def total_usage(self) -> Usage:
        return self.usage

    @property
    def output(self) -> Any:
        """The answer as ``output=`` asked (an instance of your type, a list, a choice,
        JSON); the text when no output was asked for. Raises ``NoObjectGeneratedError``
        when the answer was not valid."""
        if self.output_error is not None:
            raise self.output_error
        return self.text if self.parsed_output is _NO_OUTPUT else self.parsed_output

    @property
    def object(self) -> Any:
        """``output``, under ``generate_object``'s name."""
        return self.output

    @property
    def response_messages(self) -> list[Message]:
        """Every step's assistant turn and tool results, ready to append to ``messages``."""
        if self.all_response_messages is not None:
            return list(self.all_response_messages)
        return response_messages(self.content, self.tool_calls, self.tool_results, self.approval_requests)


def result_of(outcome: LoopOutcome, asked_output: bool) -> GenerateTextResult:
    last = outcome.steps[-1]
    if len(outcome.steps) == 1:  # the common case, without a generator
        warnings = tuple(dict.fromkeys(last.warnings)) if last.warnings else ()
    else:  # each step's, once
        warnings = tuple(dict.fromkeys(w for step in outcome.steps for w in step.warnings))
    return GenerateTextResult(
        content=list(last.content),
        tool_calls=list(last.tool_calls),
        tool_results=list(last.tool_results),
        finish_reason=last.finish_reason,
        raw_finish_reason=last.raw_finish_reason,
        usage=total_usage(outcome.steps),
        warnings=warnings,
        provider_metadata=last.provider_metadata,
        request=last.request,
        response=last.response,
        steps=tuple(outcome.steps),
        approval_requests=tuple(last.approval_requests),
        all_response_messages=tuple(outcome.response_messages),
        parsed_output=outcome.output if asked_output and outcome.output_error is None else _NO_OUTPUT,
        output_error=outcome.output_error,
    )


StepHook = Callable[[StepResult], Any]


def loop_spec(
    model: str | LanguageModel,
    *,
    prompt: str | None,
    system: str | None,
    instructions: str | None,
    messages: Sequence[MessageLike] | None,
    tools: ToolSet | None,
    tool_choice: ToolChoiceLike | None,
    max_retries: int | None,
    output: Output | None,
    stop_when: StopCondition | Sequence[StopCondition] | None,
    prepare_step: Callable[..., Any] | None,
    active_tools: Sequence[str] | None,
    on_step_finish: StepHook | None,
    repair_tool_call: Callable[..., Any] | None,
    repair_text: Callable[..., Any] | None,
    timeout: float | Timeout | Mapping[str, Any] | None,
    settings: Mapping[str, Any],
    default_stop: StopCondition | None = None,
    telemetry: Any = None,
    operation: str = "generate_text",
) -> LoopSpec:
    """The loop's settings from a call's arguments (shared by the functions and ``Agent``)."""
    if system is not None and instructions is not None:
        raise ValueError("pass instructions= or system= (the older name), not both")
    resolved = language_model(model)
    if max_retries is not None:
        resolved = resolved.with_endpoint(max_retries=max_retries)
    options = dict(settings)
    response_format = options.pop("response_format", None) if options else None
    if response_format is not None and output is not None:
        raise ValueError("pass output= or response_format=, not both (output= sets the response format)")
    if response_format == "json":
        response_format = JsonFormat()
    elif response_format == "text":
        response_format = TextFormat()
    if response_format is not None:
        options["response_format"] = response_format
    if output is not None and not isinstance(output, Output):
        raise TypeError(f"output must be an Output (Output.object(...), ...), not {type(output).__name__}")
    if stop_when is None:
        conditions: Sequence[StopCondition] = (default_stop or step_count_is(1),)
    elif callable(stop_when):
        conditions = (stop_when,)
    else:
        conditions = tuple(stop_when)
    return LoopSpec(
        model=resolved,
        messages=standardize_prompt(prompt=prompt, messages=messages),
        system=instructions if instructions is not None else system,
        tools=tools,
        tool_choice=tool_choice,
        active_tools=active_tools,
        output=output,
        stop_when=conditions,
        prepare_step=prepare_step,
        on_step_finish=on_step_finish,
        repair_tool_call=repair_tool_call,
        repair_text=repair_text,
        timeout=Timeout.of(timeout),
        settings=options,
        max_retries=max_retries,
        telemetry=telemetry,
        operation=operation,
    )


def finished(outcome: LoopOutcome, spec: LoopSpec) -> GenerateTextResult:
    """The result of a loop that ran to its end (a non-streamed call)."""
    if outcome.error is not None:
        raise outcome.error
    if outcome.output_error is not None and not outcome.output_pending:
        raise outcome.output_error  # the model answered, and not as asked
    return result_of(outcome, spec.output is not None)
