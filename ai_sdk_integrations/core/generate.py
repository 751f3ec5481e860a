"""``generate_text`` / ``stream_text`` and their async twins: the AI SDK's core calls.

One step: the model answers, and any tool calls it makes are executed once, with their
results returned (``response_messages`` holds what to send back for the next turn).
Multi-step loops will sit on ``_Step`` without changing these signatures.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator, Mapping, Sequence
from contextlib import aclosing, closing
from dataclasses import dataclass
from typing import Any, Literal, NoReturn, TypedDict, Unpack

from ..provider.language_model import LanguageModel
from ..spec import (
    AssistantMessage,
    CallOptions,
    CallWarning,
    Content,
    JsonFormat,
    Message,
    ProviderMetadata,
    ReasoningContent,
    ReasoningPart,
    RequestInfo,
    ResponseFormat,
    ResponseInfo,
    StreamError,
    StreamPart,
    TextContent,
    TextDelta,
    TextFormat,
    TextPart,
    ToolCallContent,
    ToolCallPart,
    ToolChoice,
    ToolMessage,
    ToolResultContent,
    ToolResultOutput,
    ToolResultPart,
    Usage,
)
from ..spec.errors import AISDKError
from .messages import MessageLike, standardize_prompt
from .registry import language_model
from .stream_reducer import StreamReducer, as_error
from .tools import ToolCall, ToolResult, ToolSet, aexecute_tool, execute_tool, parse_tool_call, tool_specs


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


ToolChoiceLike = ToolChoice | Literal["auto", "none", "required"] | str


@dataclass(frozen=True, slots=True)
class GenerateTextResult:
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

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.content if isinstance(part, TextContent))

    @property
    def reasoning_text(self) -> str | None:
        texts = [part.text for part in self.content if isinstance(part, ReasoningContent)]
        return "".join(texts) if texts else None

    @property
    def response_messages(self) -> list[Message]:
        """The assistant turn and tool results, ready to append to ``messages``."""
        return response_messages(self.content, self.tool_calls, self.tool_results)


def response_messages(
    content: Sequence[Content], calls: Sequence[ToolCall], results: Sequence[ToolResult]
) -> list[Message]:
    parsed = {call.tool_call_id: call.input for call in calls}
    parts: list[Any] = []
    for item in content:
        if isinstance(item, TextContent):
            parts.append(TextPart(item.text, provider_options=item.provider_metadata))
        elif isinstance(item, ReasoningContent):
            parts.append(ReasoningPart(item.text, provider_options=item.provider_metadata))
        elif isinstance(item, ToolCallContent):
            parts.append(
                ToolCallPart(
                    item.tool_call_id,
                    item.tool_name,
                    parsed.get(item.tool_call_id, {}),
                    provider_executed=item.provider_executed,
                    provider_options=item.provider_metadata,
                )
            )
        elif isinstance(item, ToolResultContent):  # a provider-executed tool's result
            output = ToolResultOutput.from_value(item.result)
            if item.is_error:
                output = ToolResultOutput(
                    "error-json" if output.type == "json" else "error-text", output.value
                )
            parts.append(ToolResultPart(item.tool_call_id, item.tool_name, output, item.provider_metadata))
    messages: list[Message] = [AssistantMessage(parts)]
    if results:
        messages.append(
            ToolMessage(
                [
                    ToolResultPart(
                        r.tool_call_id,
                        r.tool_name,
                        ToolResultOutput("error-text", str(r.output))
                        if r.is_error
                        else ToolResultOutput.from_value(r.output),
                    )
                    for r in results
                ]
            )
        )
    return messages


def _call_options(
    model: str | LanguageModel,
    prompt: str | None,
    system: str | None,
    messages: Sequence[MessageLike] | None,
    tools: ToolSet | None,
    tool_choice: ToolChoiceLike | None,
    max_retries: int | None,
    settings: CallSettings,
) -> tuple[LanguageModel, CallOptions]:
    resolved = language_model(model)
    if max_retries is not None:
        resolved = resolved.with_endpoint(max_retries=max_retries)
    options = dict(settings)
    response_format = options.pop("response_format", None)
    if response_format == "json":
        response_format = JsonFormat()
    elif response_format == "text":
        response_format = TextFormat()
    return resolved, CallOptions(
        prompt=standardize_prompt(prompt=prompt, system=system, messages=messages),
        tools=tool_specs(tools) if tools else None,
        tool_choice=_tool_choice(tool_choice, tools),
        response_format=response_format,  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )


def _tool_choice(choice: ToolChoiceLike | None, tools: ToolSet | None) -> ToolChoice | None:
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


def _result(generated: Any, tools: ToolSet | None) -> tuple[list[ToolCall], GenerateTextResult]:
    calls = [parse_tool_call(c, tools) for c in generated.content if isinstance(c, ToolCallContent)]
    result = GenerateTextResult(
        content=list(generated.content),
        tool_calls=calls,
        tool_results=[],
        finish_reason=generated.finish_reason.unified,
        raw_finish_reason=generated.finish_reason.raw,
        usage=generated.usage,
        warnings=generated.warnings,
        provider_metadata=generated.provider_metadata,
        request=generated.request,
        response=generated.response,
    )
    return calls, result


def generate_text(
    model: str | LanguageModel,
    *,
    prompt: str | None = None,
    system: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    tools: ToolSet | None = None,
    tool_choice: ToolChoiceLike | None = None,
    max_retries: int | None = None,
    **settings: Unpack[CallSettings],
) -> GenerateTextResult:
    """Generate text (and tool calls) for a prompt; tools with ``execute`` are run."""
    resolved, options = _call_options(
        model, prompt, system, messages, tools, tool_choice, max_retries, settings
    )
    calls, result = _result(resolved.generate(options), tools)
    results = [r for r in (execute_tool(c, tools) for c in calls) if r] if tools else []
    return _with_results(result, results)


async def agenerate_text(
    model: str | LanguageModel,
    *,
    prompt: str | None = None,
    system: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    tools: ToolSet | None = None,
    tool_choice: ToolChoiceLike | None = None,
    max_retries: int | None = None,
    **settings: Unpack[CallSettings],
) -> GenerateTextResult:
    resolved, options = _call_options(
        model, prompt, system, messages, tools, tool_choice, max_retries, settings
    )
    calls, result = _result(await resolved.agenerate(options), tools)
    results = [r for c in calls if (r := await aexecute_tool(c, tools))] if tools else []
    return _with_results(result, results)


def _with_results(result: GenerateTextResult, results: list[ToolResult]) -> GenerateTextResult:
    if not results:
        return result
    return GenerateTextResult(
        result.content,
        result.tool_calls,
        results,
        result.finish_reason,
        result.raw_finish_reason,
        result.usage,
        result.warnings,
        result.provider_metadata,
        result.request,
        result.response,
    )


# -- streaming ------------------------------------------------------------------------


class _StreamResultBase:
    __slots__ = ("_done", "_reducer", "_tool_calls", "_tool_results", "_tools")

    def __init__(self, tools: ToolSet | None) -> None:
        self._reducer = StreamReducer()
        self._tools = tools
        self._tool_calls: list[ToolCall] = []
        self._tool_results: list[ToolResult] = []
        self._done = False

    def _add(self, part: StreamPart) -> ToolCall | None:
        """Reduce one part; a complete tool call comes back parsed, ready to execute."""
        call = self._reducer.add(part)
        if call is None:
            return None
        parsed = parse_tool_call(call, self._tools)
        self._tool_calls.append(parsed)
        return parsed

    def _raise_stream_error(self, part: StreamError) -> NoReturn:
        reducer = self._reducer
        raise reducer.failed(reducer.error or as_error(part.error))

    def _final(self) -> GenerateTextResult:
        if not self._done:
            raise RuntimeError("read the stream first (iterate it, or call consume())")
        reducer = self._reducer
        if reducer.error is not None:
            raise reducer.failed(reducer.error)
        result = reducer.result()
        return GenerateTextResult(
            content=list(result.content),
            tool_calls=list(self._tool_calls),
            tool_results=list(self._tool_results),
            finish_reason=result.finish_reason.unified,
            raw_finish_reason=result.finish_reason.raw,
            usage=result.usage,
            warnings=result.warnings,
            provider_metadata=result.provider_metadata,
            response=result.response,
        )

    @property
    def text(self) -> str:
        return self._final().text

    @property
    def result(self) -> GenerateTextResult:
        """Everything the stream said, as ``generate_text`` would have returned it."""
        return self._final()

    @property
    def usage(self) -> Usage:
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
    def warnings(self) -> Sequence[CallWarning]:
        """Settings the provider could not honour, and what the stream's end revealed."""
        return self._final().warnings

    @property
    def provider_metadata(self) -> ProviderMetadata | None:
        return self._final().provider_metadata


class StreamTextResult(_StreamResultBase):
    """Read ``text_stream`` or ``full_stream`` once; the summary properties follow.

    Leaving a stream early (``break``) closes the HTTP response at once.
    """

    __slots__ = ("_source",)

    def __init__(self, source: Generator[StreamPart, None, None], tools: ToolSet | None) -> None:
        super().__init__(tools)
        self._source = source

    def _parts(self) -> Generator[StreamPart | ToolResult, None, None]:
        tools, add = self._tools, self._add
        try:
            with closing(self._source):
                for part in self._source:
                    call = add(part)
                    yield part
                    if call is not None and tools:
                        tool_result = execute_tool(call, tools)
                        if tool_result is not None:
                            self._tool_results.append(tool_result)
                            yield tool_result
        except AISDKError as exc:
            self._reducer.failed(exc)
            raise
        self._done = True

    @property
    def full_stream(self) -> Generator[StreamPart | ToolResult, None, None]:
        return self._parts()

    @property
    def text_stream(self) -> Generator[str, None, None]:
        with closing(self._parts()) as parts:
            for part in parts:
                if type(part) is TextDelta:
                    yield part.delta
                elif type(part) is StreamError:
                    self._raise_stream_error(part)

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

    __slots__ = ("_source",)

    def __init__(self, source: AsyncGenerator[StreamPart, None], tools: ToolSet | None) -> None:
        super().__init__(tools)
        self._source = source

    async def _parts(self) -> AsyncGenerator[StreamPart | ToolResult, None]:
        tools, add = self._tools, self._add
        try:
            async with aclosing(self._source):
                async for part in self._source:
                    call = add(part)
                    yield part
                    if call is not None and tools:
                        tool_result = await aexecute_tool(call, tools)
                        if tool_result is not None:
                            self._tool_results.append(tool_result)
                            yield tool_result
        except AISDKError as exc:
            self._reducer.failed(exc)
            raise
        self._done = True

    @property
    def full_stream(self) -> AsyncGenerator[StreamPart | ToolResult, None]:
        return self._parts()

    @property
    async def text_stream(self) -> AsyncGenerator[str, None]:  # type: ignore[misc]
        async with aclosing(self._parts()) as parts:
            async for part in parts:
                if type(part) is TextDelta:
                    yield part.delta
                elif type(part) is StreamError:
                    self._raise_stream_error(part)

    async def consume(self) -> AsyncStreamTextResult:
        async for _ in self._parts():
            pass
        return self


def stream_text(
    model: str | LanguageModel,
    *,
    prompt: str | None = None,
    system: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    tools: ToolSet | None = None,
    tool_choice: ToolChoiceLike | None = None,
    max_retries: int | None = None,
    **settings: Unpack[CallSettings],
) -> StreamTextResult:
    """Stream text as the model produces it. Nothing is sent until you start reading."""
    resolved, options = _call_options(
        model, prompt, system, messages, tools, tool_choice, max_retries, settings
    )
    return StreamTextResult(resolved.stream(options), tools)


def astream_text(
    model: str | LanguageModel,
    *,
    prompt: str | None = None,
    system: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    tools: ToolSet | None = None,
    tool_choice: ToolChoiceLike | None = None,
    max_retries: int | None = None,
    **settings: Unpack[CallSettings],
) -> AsyncStreamTextResult:
    resolved, options = _call_options(
        model, prompt, system, messages, tools, tool_choice, max_retries, settings
    )
    return AsyncStreamTextResult(resolved.astream(options), tools)
