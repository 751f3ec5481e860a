"""The results of ``stream_text`` / ``astream_text``: drivers of the tool loop that
stream each step's parts to the reader as they arrive.

Read ``text_stream``, ``full_stream``, ``partial_output_stream`` or ``element_stream``
once; the summary properties (``text``, ``usage``, ``steps``, ``output``...) follow.
``full_stream`` gives each step's model parts (``StreamStart`` first, ``Finish``
last), then that step's tool results (``ToolResult``), tool errors and approval
requests (``ToolApprovalRequest``). Tools run when their step's stream has ended.

Structured output is parsed per token only for the reader that asks for it
(``partial_output_stream`` / ``element_stream``: one partial JSON parse per text
delta); ``text_stream`` and ``full_stream`` pay nothing for it.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator, Sequence
from contextlib import aclosing, closing
from typing import TYPE_CHECKING, Any, NoReturn

from ..spec import (
    CallWarning,
    Finish,
    GenerateResult,
    Message,
    ProviderMetadata,
    StreamError,
    StreamStart,
    TextDelta,
    Usage,
)
from ..spec.errors import AISDKError, APITimeoutError
from .drive import acall_hook, arun_tools, bounded_model, call_hook, past_deadline, traced_run
from .loop import CallHook, CallModel, Emit, LoopOutcome, LoopSpec, RunTools, step_timeout_error, tool_loop
from .loop_trace import LoopTrace
from .output import UNCHANGED, Output
from .steps import StepResult
from .stream_reducer import StreamReducer, as_error
from .text_result import GenerateTextResult, result_of
from .tools import ToolApprovalRequest, ToolCall, ToolResult

if TYPE_CHECKING:
    from .smooth_stream import StreamTransform  # imports asyncio: only for the type

StreamItem = Any
"""A model's ``StreamPart``, or a ``ToolResult`` / ``ToolApprovalRequest`` of the loop."""


class _StreamResultBase:
    __slots__ = ("_done", "_failure", "_outcome", "_reducer", "_spec", "_started", "_step", "_transforms")

    def __init__(self, spec: LoopSpec, transforms: Sequence[StreamTransform] = ()) -> None:
        self._spec = spec
        self._transforms = tuple(transforms)
        """``stream_text(transform=...)``: applied in order to each step's model parts."""
        self._reducer = StreamReducer()
        """The current step's (after the stream: the last step's)."""
        self._outcome: LoopOutcome | None = None
        self._step: tuple[GenerateResult, AISDKError | None] | None = None
        self._failure: AISDKError | None = None
        self._started = False
        self._done = False

    def _begin(self) -> bool:
        """True for the first reader; a second read finds the stream already spent."""
        if self._started:
            self._done = True
            return False
        self._started = True
        return True

    def _on_part(self, effect: CallModel, part: Any) -> None:
        self._reducer.add(part)
        if effect.deadline is not None and past_deadline(effect):
            raise step_timeout_error(effect)

    def _step_failed(self, effect: CallModel, exc: AISDKError) -> AISDKError:
        """The error to raise, with what this step received so far on it."""
        ours = "did not finish within" in str(exc)
        if (
            isinstance(exc, APITimeoutError)
            and not ours
            and effect.deadline is not None
            and past_deadline(effect)
        ):
            timeout = step_timeout_error(effect)
            timeout.__cause__ = exc
            exc = timeout
        self._failure = self._reducer.failed(exc)
        return self._failure

    def _raise_stream_error(self, part: StreamError) -> NoReturn:
        reducer = self._reducer
        raise reducer.failed(reducer.error or as_error(part.error))

    def _output(self) -> Output:
        return self._spec.output or Output.text()

    def _final(self) -> GenerateTextResult:
        if not self._done:
            raise RuntimeError("read the stream first (iterate it, or call consume())")
        if self._failure is not None:
            raise self._failure
        outcome = self._outcome
        if outcome is not None and outcome.error is not None:
            raise self._reducer.failed(outcome.error)
        if outcome is None or not outcome.steps:  # the reader left early: what arrived
            return _partial(self._reducer)
        return result_of(outcome, self._spec.output is not None)

    # -- the summary, once the stream has been read -------------------------------------

    @property
    def result(self) -> GenerateTextResult:
        """Everything the stream said, as ``generate_text`` would have returned it."""
        return self._final()

    @property
    def text(self) -> str:
        return self._final().text

    @property
    def usage(self) -> Usage:
        return self._final().usage

    @property
    def total_usage(self) -> Usage:
        return self._final().usage

    @property
    def finish_reason(self) -> str:
        return self._final().finish_reason

    @property
    def tool_calls(self) -> Sequence[ToolCall]:
        return self._final().tool_calls

    @property
    def tool_results(self) -> Sequence[ToolResult]:
        return self._final().tool_results

    @property
    def steps(self) -> Sequence[StepResult]:
        return self._final().steps

    @property
    def approval_requests(self) -> Sequence[ToolApprovalRequest]:
        return self._final().approval_requests

    @property
    def response_messages(self) -> list[Message]:
        return self._final().response_messages

    @property
    def warnings(self) -> Sequence[CallWarning]:
        """Settings the provider could not honour, and what the stream's end revealed."""
        return self._final().warnings

    @property
    def provider_metadata(self) -> ProviderMetadata | None:
        return self._final().provider_metadata

    @property
    def output(self) -> Any:
        """The final answer as ``output=`` asked (see ``GenerateTextResult.output``)."""
        return self._final().output

    @property
    def object(self) -> Any:
        return self.output

    def _element_output(self) -> Output:
        output = self._spec.output
        if output is None or output.kind != "array":
            raise TypeError("element_stream needs output=Output.array(...)")
        return output


def _partial(reducer: StreamReducer) -> GenerateTextResult:
    result = reducer.result()
    return GenerateTextResult(
        content=list(result.content),
        tool_calls=[],
        tool_results=[],
        finish_reason=result.finish_reason.unified,
        raw_finish_reason=result.finish_reason.raw,
        usage=result.usage,
        warnings=result.warnings,
        provider_metadata=result.provider_metadata,
        response=result.response,
    )


class StreamTextResult(_StreamResultBase):
    """Read ``text_stream`` or ``full_stream`` once; the summary properties follow.

    Leaving a stream early (``break``) closes the HTTP response at once.
    """

    __slots__ = ()

    def _parts(self) -> Generator[StreamItem, None, None]:
        if not self._begin():
            return
        trace = LoopTrace(self._spec)
        flow = tool_loop(self._spec)
        value: Any = None
        try:
            with closing(flow):
                while True:
                    try:
                        effect = flow.send(value)
                    except StopIteration as stop:
                        self._outcome = stop.value
                        break
                    if type(effect) is CallModel:
                        yield from self._stream_step(effect, trace)
                        value = self._step
                    elif type(effect) is RunTools:
                        value = []
                        for run in effect.runs:
                            value.append(traced_run(trace, run))
                            yield value[-1]
                    elif type(effect) is Emit:
                        value = None
                        yield effect.part
                    else:
                        assert type(effect) is CallHook
                        value = call_hook(effect)
        except GeneratorExit:
            trace.end()  # the reader left early
            raise
        except BaseException as exc:
            trace.fail(exc)
            raise
        trace.finish(self._outcome)  # type: ignore[arg-type]
        self._done = True

    def _stream_step(self, effect: CallModel, trace: LoopTrace) -> Generator[StreamItem, None, None]:
        self._reducer = reducer = StreamReducer()
        step = trace.step(effect)  # first: the model's own span looks for an open operation
        source = bounded_model(effect).stream(effect.options)
        if self._transforms:
            source = _through(source, self._transforms)
        try:
            with closing(source):
                for part in step.wrap(source):
                    self._on_part(effect, part)
                    yield part
        except AISDKError as exc:
            failed = self._step_failed(effect, exc)
            if failed is exc:
                raise
            raise failed from exc
        self._step = (reducer.result(), reducer.error)

    @property
    def full_stream(self) -> Generator[StreamItem, None, None]:
        return self._parts()

    @property
    def text_stream(self) -> Generator[str, None, None]:
        with closing(self._parts()) as parts:
            for part in parts:
                if type(part) is TextDelta:
                    yield part.delta
                elif type(part) is StreamError:
                    self._raise_stream_error(part)

    @property
    def partial_output_stream(self) -> Generator[Any, None, None]:
        """The structured answer so far, each time it changes (the text so far for
        text output)."""
        reader = self._output().partial_reader()
        with closing(self._parts()) as parts:
            for part in parts:
                kind = type(part)
                if kind is TextDelta:
                    value = reader.feed(part.delta)
                    if value is not UNCHANGED:
                        yield value
                elif kind is Finish:
                    value = reader.flush()  # the step's answer is complete
                    if value is not UNCHANGED:
                        yield value
                elif kind is StreamStart:
                    reader.reset()  # a new step: a new answer
                elif kind is StreamError:
                    self._raise_stream_error(part)

    partial_object_stream = partial_output_stream

    @property
    def element_stream(self) -> Generator[Any, None, None]:
        """Each element of an ``Output.array`` answer, validated, once it is complete."""
        return self._elements(self._element_output())

    def _elements(self, output: Output) -> Generator[Any, None, None]:
        reader = output.partial_reader()
        sent = 0
        with closing(self._parts()) as parts:
            for part in parts:
                kind = type(part)
                if kind is TextDelta:
                    reader.feed(part.delta)
                    yield from reader.elements[sent:]
                    sent = len(reader.elements)
                elif kind is StreamStart:
                    reader.reset()
                    sent = 0
                elif kind is StreamError:
                    self._raise_stream_error(part)
        yield from self.output[sent:]

    def consume(self) -> StreamTextResult:
        for _ in self._parts():
            pass
        return self

    def _final(self) -> GenerateTextResult:
        if not self._done:
            self.consume()
        return super()._final()


class AsyncStreamTextResult(_StreamResultBase):
    """``async for`` over ``text_stream`` or ``full_stream``, or ``await consume()``.

    Leaving a stream early closes the HTTP response when the generator is closed
    (``aclose()``, or ``contextlib.aclosing``), as for any async generator.
    """

    __slots__ = ()

    async def _parts(self) -> AsyncGenerator[StreamItem, None]:
        if not self._begin():
            return
        trace = LoopTrace(self._spec)
        flow = tool_loop(self._spec)
        value: Any = None
        try:
            with closing(flow):
                while True:
                    try:
                        effect = flow.send(value)
                    except StopIteration as stop:
                        self._outcome = stop.value
                        break
                    if type(effect) is CallModel:
                        async with aclosing(self._stream_step(effect, trace)) as step:
                            async for part in step:
                                yield part
                        value = self._step
                    elif type(effect) is RunTools:
                        value = await arun_tools(trace, effect)
                        for result in value:
                            yield result
                    elif type(effect) is Emit:
                        value = None
                        yield effect.part
                    else:
                        assert type(effect) is CallHook
                        value = await acall_hook(effect)
        except GeneratorExit:
            trace.end()
            raise
        except BaseException as exc:
            trace.fail(exc)
            raise
        trace.finish(self._outcome)  # type: ignore[arg-type]
        self._done = True

    async def _stream_step(self, effect: CallModel, trace: LoopTrace) -> AsyncGenerator[StreamItem, None]:
        self._reducer = reducer = StreamReducer()
        step = trace.step(effect)
        source = bounded_model(effect).astream(effect.options)
        if self._transforms:
            source = _athrough(source, self._transforms)
        wrapped: Any = step.awrap(source)
        try:
            async with aclosing(wrapped if hasattr(wrapped, "aclose") else source):
                async for part in wrapped:
                    self._on_part(effect, part)
                    yield part
        except AISDKError as exc:
            failed = self._step_failed(effect, exc)
            if failed is exc:
                raise
            raise failed from exc
        self._step = (reducer.result(), reducer.error)

    @property
    def full_stream(self) -> AsyncGenerator[StreamItem, None]:
        return self._parts()

    @property
    async def text_stream(self) -> AsyncGenerator[str, None]:  # type: ignore[misc]
        async with aclosing(self._parts()) as parts:
            async for part in parts:
                if type(part) is TextDelta:
                    yield part.delta
                elif type(part) is StreamError:
                    self._raise_stream_error(part)

    @property
    async def partial_output_stream(self) -> AsyncGenerator[Any, None]:  # type: ignore[misc]
        reader = self._output().partial_reader()
        async with aclosing(self._parts()) as parts:
            async for part in parts:
                kind = type(part)
                if kind is TextDelta:
                    value = reader.feed(part.delta)
                    if value is not UNCHANGED:
                        yield value
                elif kind is Finish:
                    value = reader.flush()
                    if value is not UNCHANGED:
                        yield value
                elif kind is StreamStart:
                    reader.reset()
                elif kind is StreamError:
                    self._raise_stream_error(part)

    partial_object_stream = partial_output_stream

    @property
    def element_stream(self) -> AsyncGenerator[Any, None]:
        return self._elements(self._element_output())

    async def _elements(self, output: Output) -> AsyncGenerator[Any, None]:
        reader = output.partial_reader()
        sent = 0
        async with aclosing(self._parts()) as parts:
            async for part in parts:
                kind = type(part)
                if kind is TextDelta:
                    reader.feed(part.delta)
                    for element in reader.elements[sent:]:
                        yield element
                    sent = len(reader.elements)
                elif kind is StreamStart:
                    reader.reset()
                    sent = 0
                elif kind is StreamError:
                    self._raise_stream_error(part)
        for element in self.output[sent:]:
            yield element

    async def consume(self) -> AsyncStreamTextResult:
        async for _ in self._parts():
            pass
        return self


# -- stream_text(transform=...) ---------------------------------------------------------


def stream_transforms(
    transform: StreamTransform | Sequence[StreamTransform] | None,
) -> tuple[StreamTransform, ...]:
    """``transform=`` as a tuple, checked before anything is sent."""
    if transform is None:
        return ()
    given = tuple(transform) if isinstance(transform, (list, tuple)) else (transform,)
    for item in given:
        if not (callable(getattr(item, "transform", None)) and callable(getattr(item, "atransform", None))):
            raise TypeError(
                f"transform= takes stream transforms with transform(parts) and atransform(parts) "
                f"methods, such as smooth_stream(); got {type(item).__name__}"
            )
    return given


def _through(
    parts: Generator[Any, None, None], transforms: Sequence[StreamTransform]
) -> Generator[Any, None, None]:
    """``parts`` through each transform in turn; closing this closes every stage and
    the model's stream (so leaving early still closes the response)."""
    stages: list[Iterator[Any]] = []
    stream: Iterator[Any] = parts
    for transform in transforms:
        stream = transform.transform(stream)
        stages.append(stream)
    try:
        yield from stream
    finally:
        for stage in reversed(stages):
            close = getattr(stage, "close", None)
            if close is not None:
                close()
        parts.close()


async def _athrough(
    parts: AsyncGenerator[Any, None], transforms: Sequence[StreamTransform]
) -> AsyncGenerator[Any, None]:
    stages: list[AsyncIterator[Any]] = []
    stream: AsyncIterator[Any] = parts
    for transform in transforms:
        stream = transform.atransform(stream)
        stages.append(stream)
    try:
        async for part in stream:
            yield part
    finally:
        for stage in reversed(stages):
            aclose = getattr(stage, "aclose", None)
            if aclose is not None:
                await aclose()
        await parts.aclose()
