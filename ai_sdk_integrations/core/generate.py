"""``generate_text`` / ``stream_text`` and their async twins: the AI SDK's core calls.

One call is a loop of steps (``core.loop``): the model answers; tools it calls are
parsed, validated (``repair_tool_call`` may fix a broken call), approved if they must
be, and run; the results go back to the model for the next step while ``stop_when``
allows (one step by default, as in the AI SDK). ``output=Output.object(...)`` (and
array, choice, json) asks for structured output and reads the final answer as it.
``response_messages`` holds everything to append to ``messages`` for the next turn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Unpack

from ..provider.language_model import LanguageModel
from .drive import adrive, drive
from .loop import ToolChoiceLike
from .loop_messages import response_messages
from .messages import MessageLike
from .output import Output
from .steps import StopCondition, Timeout
from .streaming import AsyncStreamTextResult, StreamTextResult, stream_transforms
from .text_result import CallSettings, GenerateTextResult, StepHook, finished, loop_spec
from .tools import ToolSet

if TYPE_CHECKING:
    from ..telemetry.settings import TelemetrySettings
    from .smooth_stream import StreamTransform

__all__ = [
    "AsyncStreamTextResult",
    "CallSettings",
    "GenerateTextResult",
    "StreamTextResult",
    "ToolChoiceLike",
    "agenerate_text",
    "astream_text",
    "generate_text",
    "response_messages",
    "stream_text",
]


def generate_text(
    model: str | LanguageModel,
    *,
    prompt: str | None = None,
    system: str | None = None,
    instructions: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    tools: ToolSet | None = None,
    tool_choice: ToolChoiceLike | None = None,
    max_retries: int | None = None,
    output: Output | None = None,
    stop_when: StopCondition | Sequence[StopCondition] | None = None,
    prepare_step: Callable[..., Any] | None = None,
    active_tools: Sequence[str] | None = None,
    on_step_finish: StepHook | None = None,
    repair_tool_call: Callable[..., Any] | None = None,
    repair_text: Callable[..., Any] | None = None,
    timeout: float | Timeout | None = None,
    telemetry: TelemetrySettings | None = None,
    **settings: Unpack[CallSettings],
) -> GenerateTextResult:
    """Generate text (and run the tools the model calls) for a prompt.

    ``stop_when`` lets the loop continue after tool results (``step_count_is(5)``);
    ``output=Output.object(Model)`` asks for structured output (``result.output``,
    ``NoObjectGeneratedError`` when the answer is not valid). Hooks (``prepare_step``,
    ``on_step_finish``, ``repair_tool_call``, ``repair_text``, stop conditions) are
    plain functions here; the async twins also take coroutine functions.
    ``telemetry=TelemetrySettings(...)`` traces the call (see ``ai_sdk_integrations.telemetry``).
    """
    spec = loop_spec(
        model, prompt=prompt, system=system, instructions=instructions, messages=messages,
        tools=tools, tool_choice=tool_choice, max_retries=max_retries, output=output,
        stop_when=stop_when, prepare_step=prepare_step, active_tools=active_tools,
        on_step_finish=on_step_finish, repair_tool_call=repair_tool_call,
        repair_text=repair_text, timeout=timeout, telemetry=telemetry, settings=settings,
        operation="generate_text",
    )  # fmt: skip
    return finished(drive(spec), spec)


async def agenerate_text(
    model: str | LanguageModel,
    *,
    prompt: str | None = None,
    system: str | None = None,
    instructions: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    tools: ToolSet | None = None,
    tool_choice: ToolChoiceLike | None = None,
    max_retries: int | None = None,
    output: Output | None = None,
    stop_when: StopCondition | Sequence[StopCondition] | None = None,
    prepare_step: Callable[..., Any] | None = None,
    active_tools: Sequence[str] | None = None,
    on_step_finish: StepHook | None = None,
    repair_tool_call: Callable[..., Any] | None = None,
    repair_text: Callable[..., Any] | None = None,
    timeout: float | Timeout | None = None,
    telemetry: TelemetrySettings | None = None,
    **settings: Unpack[CallSettings],
) -> GenerateTextResult:
    """``generate_text``, awaited; the calls of one step run concurrently."""
    spec = loop_spec(
        model, prompt=prompt, system=system, instructions=instructions, messages=messages,
        tools=tools, tool_choice=tool_choice, max_retries=max_retries, output=output,
        stop_when=stop_when, prepare_step=prepare_step, active_tools=active_tools,
        on_step_finish=on_step_finish, repair_tool_call=repair_tool_call,
        repair_text=repair_text, timeout=timeout, telemetry=telemetry, settings=settings,
        operation="generate_text",
    )  # fmt: skip
    return finished(await adrive(spec), spec)


def stream_text(
    model: str | LanguageModel,
    *,
    prompt: str | None = None,
    system: str | None = None,
    instructions: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    tools: ToolSet | None = None,
    tool_choice: ToolChoiceLike | None = None,
    max_retries: int | None = None,
    output: Output | None = None,
    stop_when: StopCondition | Sequence[StopCondition] | None = None,
    prepare_step: Callable[..., Any] | None = None,
    active_tools: Sequence[str] | None = None,
    on_step_finish: StepHook | None = None,
    repair_tool_call: Callable[..., Any] | None = None,
    repair_text: Callable[..., Any] | None = None,
    timeout: float | Timeout | None = None,
    telemetry: TelemetrySettings | None = None,
    transform: StreamTransform | Sequence[StreamTransform] | None = None,
    **settings: Unpack[CallSettings],
) -> StreamTextResult:
    """Stream text as the model produces it. Nothing is sent until you start reading.

    ``text_stream``, ``full_stream`` (every part of every step, tool results and
    approval requests included), ``partial_output_stream`` (the structured answer so
    far) or ``element_stream`` (each element of an ``Output.array`` once complete).
    ``transform=smooth_stream()`` (or a list, applied in order) reshapes each step's
    model parts before anything reads them, so the streams and the results (``text``,
    ``steps``) say the same; the loop's own parts (tool results, approval requests)
    are not passed through it.
    """
    spec = loop_spec(
        model, prompt=prompt, system=system, instructions=instructions, messages=messages,
        tools=tools, tool_choice=tool_choice, max_retries=max_retries, output=output,
        stop_when=stop_when, prepare_step=prepare_step, active_tools=active_tools,
        on_step_finish=on_step_finish, repair_tool_call=repair_tool_call,
        repair_text=repair_text, timeout=timeout, telemetry=telemetry, settings=settings,
        operation="stream_text",
    )  # fmt: skip
    return StreamTextResult(spec, stream_transforms(transform))


def astream_text(
    model: str | LanguageModel,
    *,
    prompt: str | None = None,
    system: str | None = None,
    instructions: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    tools: ToolSet | None = None,
    tool_choice: ToolChoiceLike | None = None,
    max_retries: int | None = None,
    output: Output | None = None,
    stop_when: StopCondition | Sequence[StopCondition] | None = None,
    prepare_step: Callable[..., Any] | None = None,
    active_tools: Sequence[str] | None = None,
    on_step_finish: StepHook | None = None,
    repair_tool_call: Callable[..., Any] | None = None,
    repair_text: Callable[..., Any] | None = None,
    timeout: float | Timeout | None = None,
    telemetry: TelemetrySettings | None = None,
    transform: StreamTransform | Sequence[StreamTransform] | None = None,
    **settings: Unpack[CallSettings],
) -> AsyncStreamTextResult:
    spec = loop_spec(
        model, prompt=prompt, system=system, instructions=instructions, messages=messages,
        tools=tools, tool_choice=tool_choice, max_retries=max_retries, output=output,
        stop_when=stop_when, prepare_step=prepare_step, active_tools=active_tools,
        on_step_finish=on_step_finish, repair_tool_call=repair_tool_call,
        repair_text=repair_text, timeout=timeout, telemetry=telemetry, settings=settings,
        operation="stream_text",
    )  # fmt: skip
    return AsyncStreamTextResult(spec, stream_transforms(transform))
