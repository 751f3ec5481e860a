"""``Agent`` (AI SDK 7's ``ToolLoopAgent``): a model, instructions and tools, kept
together and run as a tool loop on each prompt.

An agent is ``generate_text`` / ``stream_text`` with its settings bound: it runs up to
20 steps by default (``stop_when=step_count_is(20)``), where a plain call runs one.
It holds no conversation state; pass the history as ``messages`` (``response_messages``
of the last result appended) to continue one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Unpack

from ..provider.language_model import LanguageModel
from .drive import adrive, drive
from .loop import LoopSpec, ToolChoiceLike
from .messages import MessageLike
from .output import Output
from .steps import StopCondition, Timeout, step_count_is
from .streaming import AsyncStreamTextResult, StreamTextResult
from .text_result import CallSettings, GenerateTextResult, StepHook, finished, loop_spec
from .tools import ToolSet

if TYPE_CHECKING:
    from ..telemetry.settings import TelemetrySettings

DEFAULT_MAX_STEPS = 20


class Agent:
    """``Agent(model, instructions=..., tools={...})``; then ``generate(prompt)``,
    ``stream(prompt)``, ``agenerate`` / ``astream``. Every keyword of ``generate_text``
    is taken (``output``, ``stop_when``, ``prepare_step``, ``active_tools``,
    ``on_step_finish``, ``repair_tool_call``, ``timeout``, call settings)."""

    def __init__(
        self,
        model: str | LanguageModel,
        *,
        instructions: str | None = None,
        tools: ToolSet | None = None,
        tool_choice: ToolChoiceLike | None = None,
        output: Output | None = None,
        stop_when: StopCondition | Sequence[StopCondition] | None = None,
        prepare_step: Callable[..., Any] | None = None,
        active_tools: Sequence[str] | None = None,
        on_step_finish: StepHook | None = None,
        repair_tool_call: Callable[..., Any] | None = None,
        repair_text: Callable[..., Any] | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        name: str | None = None,
        telemetry: TelemetrySettings | None = None,
        **settings: Unpack[CallSettings],
    ) -> None:
        self.model = model
        self.instructions = instructions
        self.tools = dict(tools) if tools else {}
        self.name = name
        self._bound: dict[str, Any] = {
            "tools": tools,
            "tool_choice": tool_choice,
            "max_retries": max_retries,
            "output": output,
            "stop_when": stop_when,
            "prepare_step": prepare_step,
            "active_tools": active_tools,
            "on_step_finish": on_step_finish,
            "repair_tool_call": repair_tool_call,
            "repair_text": repair_text,
            "timeout": timeout,
            "telemetry": telemetry,
            "settings": dict(settings),
        }

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        model = self.model if isinstance(self.model, str) else self.model.model_id
        return f"<Agent{label} model={model!r} tools={sorted(self.tools)}>"

    def _spec(
        self, prompt: str | None, messages: Sequence[MessageLike] | None, operation: str = "generate_text"
    ) -> LoopSpec:
        return loop_spec(
            self.model,
            prompt=prompt,
            system=None,
            instructions=self.instructions,
            messages=messages,
            default_stop=step_count_is(DEFAULT_MAX_STEPS),
            operation=operation,
            **self._bound,
        )

    def generate(
        self, prompt: str | None = None, *, messages: Sequence[MessageLike] | None = None
    ) -> GenerateTextResult:
        spec = self._spec(prompt, messages)
        return finished(drive(spec), spec)

    async def agenerate(
        self, prompt: str | None = None, *, messages: Sequence[MessageLike] | None = None
    ) -> GenerateTextResult:
        spec = self._spec(prompt, messages)
        return finished(await adrive(spec), spec)

    def stream(
        self, prompt: str | None = None, *, messages: Sequence[MessageLike] | None = None
    ) -> StreamTextResult:
        return StreamTextResult(self._spec(prompt, messages, "stream_text"))

    def astream(
        self, prompt: str | None = None, *, messages: Sequence[MessageLike] | None = None
    ) -> AsyncStreamTextResult:
        return AsyncStreamTextResult(self._spec(prompt, messages, "stream_text"))


ToolLoopAgent = Agent
"""AI SDK 7's name."""
