"""The pieces of a multi-step tool loop a caller touches: step results, stop conditions,
what ``prepare_step`` and ``repair_tool_call`` receive, and timeouts.

As in the AI SDK, ``generate_text`` runs one step unless told otherwise
(``stop_when``); an ``Agent`` runs up to 20. A loop goes on while the last step called
at least one of your tools, every such call got a result (no call waits for approval
or has no ``execute``), and no stop condition is true (a list means any of them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..spec import (
    CallWarning,
    Content,
    Message,
    ProviderMetadata,
    ReasoningContent,
    RequestInfo,
    ResponseInfo,
    TextContent,
    ToolCallContent,
    Usage,
)
from .tools import ToolApprovalRequest, ToolCall, ToolResult, ToolSet


@dataclass(frozen=True, slots=True)
class StepResult:
    """One model call of a loop, and the tool runs that followed it."""

    step_number: int
    """0 for the first step."""
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
    approval_requests: Sequence[ToolApprovalRequest] = ()
    """Calls that wait for the user's approval (the loop stopped for them)."""
    response_messages: Sequence[Message] = field(default=(), repr=False)
    """This step's assistant turn and tool results, as sent on the next step."""

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.content if isinstance(part, TextContent))

    @property
    def reasoning_text(self) -> str | None:
        texts = [part.text for part in self.content if isinstance(part, ReasoningContent)]
        return "".join(texts) if texts else None


StopCondition = Callable[[Sequence[StepResult]], "bool | Awaitable[bool]"]
"""Called with the steps so far after each step that could continue; true stops."""


def step_count_is(count: int) -> StopCondition:
    """Stop after ``count`` steps (``generate_text``'s default is 1, an agent's 20)."""
    if count < 1:
        raise ValueError(f"step_count_is needs at least 1 step, not {count!r}")

    def condition(steps: Sequence[StepResult]) -> bool:
        return len(steps) >= count

    condition.__qualname__ = f"step_count_is({count})"
    return condition


is_step_count = step_count_is
"""AI SDK 7's name for ``step_count_is``."""


def has_tool_call(*names: str) -> StopCondition:
    """Stop once the last step called any of these tools (e.g. a ``final_answer`` tool)."""
    wanted = frozenset(names)

    def condition(steps: Sequence[StepResult]) -> bool:
        return bool(steps) and any(call.tool_name in wanted for call in steps[-1].tool_calls)

    condition.__qualname__ = f"has_tool_call({', '.join(map(repr, names))})"
    return condition


def is_loop_finished() -> StopCondition:
    """Never stops on its own: the loop runs until the model answers without tools."""

    def condition(steps: Sequence[StepResult]) -> bool:
        return False

    return condition


@dataclass(frozen=True, slots=True)
class Timeout:
    """Seconds: ``total`` for the whole call, ``step`` for each model call, ``tool`` for
    each tool run, ``tools`` per tool name (over ``tool``; a tool's own ``timeout``
    wins over both). A number given as ``timeout=`` is the total."""

    total: float | None = None
    step: float | None = None
    tool: float | None = None
    tools: Mapping[str, float] = field(default_factory=dict)

    @staticmethod
    def of(value: float | Timeout | Mapping[str, Any] | None) -> Timeout:
        if value is None:
            return _NO_TIMEOUT
        if isinstance(value, Timeout):
            return value
        if isinstance(value, Mapping):
            return Timeout(**value)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ValueError(f"timeout must be a positive number of seconds or a Timeout, not {value!r}")
        return Timeout(total=float(value))


_NO_TIMEOUT = Timeout()


@dataclass(frozen=True, slots=True)
class PrepareStepContext:
    """What ``prepare_step`` is given before each step. It returns ``None`` (no change)
    or a dict with any of: ``model``, ``tools``, ``active_tools``, ``tool_choice``,
    ``messages``, ``system`` (or ``instructions``), ``provider_options`` and the call
    settings (``temperature``, ``max_output_tokens``, ...), for this step only."""

    step_number: int
    steps: Sequence[StepResult]
    model: Any
    messages: Sequence[Message]
    system: str | None


@dataclass(frozen=True, slots=True)
class ToolCallRepairContext:
    """What ``repair_tool_call`` is given for a call that could not be used: the call as
    the model made it, the ``error`` (``NoSuchToolError`` or ``InvalidToolInputError``),
    the tools, and the step's prompt. Return a corrected ``ToolCallContent`` (e.g.
    ``dataclasses.replace(context.tool_call, input=fixed_json)``) or ``None``."""

    tool_call: ToolCallContent
    error: Exception
    tools: ToolSet
    messages: Sequence[Message]
    system: str | None

    def input_schema(self, tool_name: str) -> Mapping[str, Any] | None:
        definition = self.tools.get(tool_name)
        schema = getattr(definition, "input_schema", None)
        return schema if isinstance(schema, Mapping) else None
