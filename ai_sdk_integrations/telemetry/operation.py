"""Root, step and tool spans for the core functions: ``start_operation`` / ``operation_span``.

``generate_text`` / ``stream_text`` (and ``embed``, ``embed_many``, ``rerank``) open one
operation per call; a tool loop opens a step per model call and a tool span per tool
execution. The provider-call spans (``chat {model}``) are made by the models
themselves and nest under whatever step or root is current, so this module never sees
them. With telemetry off, ``start_operation`` returns ``NOOP`` (shared, stateless) and
nothing here imports OpenTelemetry.

Shape of a traced ``generate_text`` (GenAI conventions; legacy names in brackets)::

    invoke_agent gpt-4o            [ai.generateText]            start_operation(...)
      step 1                       [none]                       op.step(0)
        chat gpt-4o                [ai.generateText.doGenerate] model.generate(...)
        execute_tool weather       [ai.toolCall]                op.tool(...)
      step 2 ...

The classes here are the no-op behaviour and the interface; ``_operations`` has the
traced subclasses.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType
from typing import Any, Literal, TypeVar

from ..spec import CallOptions, Content, ResponseInfo, Usage
from ..spec.errors import UsageError
from . import state
from .settings import TelemetrySettings

T = TypeVar("T")

OperationKind = Literal[
    "generate_text", "stream_text", "generate_object", "stream_object", "embed", "embed_many", "rerank"
]
KINDS = frozenset(OperationKind.__args__)  # type: ignore[attr-defined]


class ToolSpan:
    """One tool execution. As a context manager it is current during the block (spans the
    tool makes nest under it), and an exception leaving the block is recorded."""

    def __enter__(self) -> ToolSpan:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    def result(self, output: Any) -> None:
        """The tool's result (recorded only with ``record_outputs``)."""

    def error(self, error: BaseException | str) -> None:
        """The tool failed, and the loop sends the error back to the model instead of raising."""

    def end(self) -> None:
        """End without a result (a denied or skipped call)."""


class StepSpan:
    """One step of a tool loop: one model call and the tools it asked for.

    ``with op.step(i):`` makes the step current for the block (for ``generate_text``,
    which does not yield inside it). A generator that yields inside a step uses
    ``step.wrap(parts)`` instead, and ``step.end()`` when the step is over.
    """

    def __enter__(self) -> StepSpan:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    def wrap(self, iterator: Iterator[T]) -> Iterator[T]:
        """``iterator``, each item pulled with this step current (never across a yield)."""
        return iterator

    def awrap(self, iterator: AsyncIterator[T]) -> AsyncIterator[T]:
        return iterator

    def activate(self) -> AbstractContextManager[Any]:
        """This step current for a block that does not yield."""
        return nullcontext()

    def fail(self, error: BaseException) -> None:
        """Record ``error`` and end the step."""

    def end(self) -> None:
        """End the step (idempotent)."""


class OperationSpan(StepSpan):
    """One core call (``generate_text``, ``stream_text``, ``embed``, ...): the root span.

    Use it as a context manager where the call does not yield (``generate_text``), or
    call ``finish(...)`` / ``fail(error)`` / ``end()`` yourself (``stream_text``: the
    root ends when the stream is exhausted, fails or is closed).
    """

    def __enter__(self) -> OperationSpan:
        return self

    @property
    def recording(self) -> bool:
        """Whether spans are being made (False: skip building what only telemetry needs)."""
        return False

    def step(self, index: int) -> StepSpan:
        """Step ``index`` (0-based; its span is ``step {index + 1}``)."""
        return _NOOP_STEP

    def tool(self, name: str, call_id: str, input: Any = None) -> ToolSpan:
        """A span for executing tool ``name`` (call ``call_id``) with ``input`` (recorded only
        with ``record_inputs``); a child of the open step, else of the root."""
        return _NOOP_TOOL

    def finish(
        self,
        *,
        finish_reason: str | None = None,
        usage: Usage | None = None,
        content: Sequence[Content] = (),
        output: Any = None,
        response: ResponseInfo | None = None,
        provider_metadata: Mapping[str, Any] | None = None,
    ) -> None:
        """Record the outcome and end the root span: the last step's finish reason, the
        total usage over all steps, the final content (recorded only with
        ``record_outputs``), and for structured output the parsed ``output``."""

    def finish_embed(self, tokens: int | None, embeddings: Sequence[Sequence[float]]) -> None:
        """Record an ``embed`` / ``embed_many`` outcome and end the root span."""

    def finish_rerank(self, tokens: int | None, ranking: Sequence[tuple[int, float]]) -> None:
        """Record a ``rerank`` outcome (index, score pairs) and end the root span."""


_NOOP_TOOL = ToolSpan()
_NOOP_STEP = StepSpan()
NOOP = OperationSpan()
"""What ``start_operation`` returns while telemetry is off: every method does nothing."""


def start_operation(
    kind: OperationKind,
    model: Any,
    *,
    settings: TelemetrySettings | None = None,
    options: CallOptions | None = None,
    max_retries: int | None = None,
    output_type: str | None = None,
    values: Sequence[str] | None = None,
    documents: Sequence[Any] | None = None,
) -> OperationSpan:
    """The root span of one core call.

    ``model``: the resolved model (anything with ``provider`` and ``model_id``);
    ``settings``: the call's ``telemetry=`` option (``None``: scoped or global settings;
    ``is_enabled=False``: this call and its model calls are not traced); ``options``:
    the first step's call options (prompt and settings); ``output_type``: ``"json"``
    for structured output; ``values`` / ``documents``: what ``embed_many`` / ``rerank``
    were given. Costs one flag check when telemetry is off.
    """
    if not state.armed and (settings is None or not settings.is_enabled):
        return NOOP
    if kind not in KINDS:
        raise UsageError(f"unknown operation kind {kind!r}; one of {', '.join(sorted(KINDS))}")
    from ._operations import start

    return start(kind, model, settings, options, max_retries, output_type, values, documents)


operation_span = start_operation
"""The same function, for ``with operation_span("generate_text", model, ...) as op:``."""
