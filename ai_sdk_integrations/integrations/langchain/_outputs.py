"""Spec results and stream parts -> LangChain ``AIMessage`` / ``AIMessageChunk`` (inbound).

Usage, model name and finish reason go on exactly one chunk, the last, because adding
chunks sums usage and concatenates string metadata.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, AIMessageChunk, InvalidToolCall, ToolCall, ToolCallChunk
from langchain_core.messages.ai import InputTokenDetails, OutputTokenDetails, UsageMetadata
from langchain_core.messages.tool import invalid_tool_call, tool_call
from langchain_core.outputs import ChatGenerationChunk

from ...core.stream_reducer import StreamReducer, as_error
from ...core.tool_arguments import parse_tool_arguments
from ...spec import (
    CallWarning,
    Finish,
    GenerateResult,
    ReasoningContent,
    ReasoningDelta,
    StreamError,
    StreamPart,
    TextContent,
    TextDelta,
    ToolCallContent,
    ToolInputDelta,
    ToolInputStart,
    Usage,
)
from ...spec.errors import InvalidToolInputError

MODEL_PROVIDER = "ai-sdk"
"""``response_metadata["model_provider"]``: not "openai", whose block translator would
drop ``reasoning_content``; LangChain's generic translator keeps it."""


def usage_metadata(usage: Usage) -> UsageMetadata | None:
    inputs, outputs = usage.input_tokens, usage.output_tokens
    if inputs.total is None and outputs.total is None:
        return None
    total_in, total_out = inputs.total or 0, outputs.total or 0
    metadata = UsageMetadata(
        input_tokens=total_in, output_tokens=total_out, total_tokens=total_in + total_out
    )
    input_details = InputTokenDetails()
    if inputs.cache_read is not None:
        input_details["cache_read"] = inputs.cache_read
    if inputs.cache_write is not None:
        input_details["cache_creation"] = inputs.cache_write
    if input_details:
        metadata["input_token_details"] = input_details
    if outputs.reasoning is not None:
        metadata["output_token_details"] = OutputTokenDetails(reasoning=outputs.reasoning)
    return metadata


def parse_tool_call(call: ToolCallContent) -> ToolCall | InvalidToolCall:
    """Malformed arguments become an ``InvalidToolCall`` (``core.tool_arguments``)."""
    try:
        args = parse_tool_arguments(call.input, tool_name=call.tool_name)
    except InvalidToolInputError as exc:
        return invalid_tool_call(name=call.tool_name, args=call.input, id=call.tool_call_id, error=str(exc))
    return tool_call(name=call.tool_name, args=args, id=call.tool_call_id)


def _warnings(warnings: Any) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in (("type", w.type), ("feature", w.feature), ("details", w.details)) if v}
        for w in warnings
        if isinstance(w, CallWarning)
    ]


def ai_message(result: GenerateResult, model_id: str) -> AIMessage:
    text = "".join(part.text for part in result.content if isinstance(part, TextContent))
    reasoning = "".join(part.text for part in result.content if isinstance(part, ReasoningContent))
    calls = [parse_tool_call(p) for p in result.content if isinstance(p, ToolCallContent)]
    response = result.response
    metadata: dict[str, Any] = {
        "model_name": (response.model_id if response else None) or model_id,
        "model_provider": MODEL_PROVIDER,
        "finish_reason": result.finish_reason.raw or result.finish_reason.unified,
    }
    if response and response.id:
        metadata["id"] = response.id
    if result.warnings:
        metadata["warnings"] = _warnings(result.warnings)
    if result.provider_metadata:
        metadata["provider_metadata"] = dict(result.provider_metadata)
    return AIMessage(
        content=text,
        additional_kwargs={"reasoning_content": reasoning} if reasoning else {},
        tool_calls=[c for c in calls if c.get("type") == "tool_call"],
        invalid_tool_calls=[c for c in calls if c.get("type") == "invalid_tool_call"],
        usage_metadata=usage_metadata(result.usage),
        response_metadata=metadata,
        id=response.id if response else None,
    )


class ChunkBuilder:
    """Turns one stream's parts into ``ChatGenerationChunk`` s. What the stream has said
    so far is kept by the shared ``StreamReducer`` (``reducer``)."""

    __slots__ = ("_model_id", "_streamed_calls", "_tool_index", "reducer")

    def __init__(self, model_id: str) -> None:
        self._model_id = model_id
        self._tool_index: dict[str, int] = {}
        self._streamed_calls: set[str] = set()
        self.reducer = StreamReducer()

    def chunk(self, part: StreamPart) -> ChatGenerationChunk | None:
        self.reducer.add(part)
        if type(part) is TextDelta:  # the per-token case first
            return ChatGenerationChunk(message=AIMessageChunk(content=part.delta, id=self._id()))
        if isinstance(part, ReasoningDelta):
            reasoning = {"reasoning_content": part.delta}
            return ChatGenerationChunk(
                message=AIMessageChunk(content="", additional_kwargs=reasoning, id=self._id())
            )
        if isinstance(part, ToolInputStart):
            self._streamed_calls.add(part.id)
            return self._tool_chunk(part.id, part.tool_name, "", part.id)
        if isinstance(part, ToolInputDelta):
            return self._tool_chunk(part.id, None, part.delta, None)
        if isinstance(part, ToolCallContent):
            if part.tool_call_id in self._streamed_calls:
                return None
            # A provider that sends whole calls without input deltas.
            return self._tool_chunk(part.tool_call_id, part.tool_name, part.input, part.tool_call_id)
        if isinstance(part, Finish):
            return self._last(part)
        if isinstance(part, StreamError):
            raise self.reducer.failed(self.reducer.error or as_error(part.error))
        return None

    def _id(self) -> str | None:
        response = self.reducer.response
        return response.id if response else None

    def _tool_chunk(
        self, call_id: str, name: str | None, args: str, sent_id: str | None
    ) -> ChatGenerationChunk:
        """LangChain merges tool-call chunks by ``index``: one index per call, in order."""
        index = self._tool_index.setdefault(call_id, len(self._tool_index))
        chunk = ToolCallChunk(name=name, args=args, id=sent_id, index=index, type="tool_call_chunk")
        return ChatGenerationChunk(
            message=AIMessageChunk(content="", tool_call_chunks=[chunk], id=self._id())
        )

    def _last(self, finish: Finish) -> ChatGenerationChunk:
        response = self.reducer.response
        metadata: dict[str, Any] = {
            "model_name": (response.model_id if response else None) or self._model_id,
            "model_provider": MODEL_PROVIDER,
            "finish_reason": finish.finish_reason.raw or finish.finish_reason.unified,
        }
        if self.reducer.warnings:
            metadata["warnings"] = _warnings(self.reducer.warnings)
        if finish.provider_metadata:
            metadata["provider_metadata"] = dict(finish.provider_metadata)
        message = AIMessageChunk(
            content="",
            usage_metadata=usage_metadata(finish.usage),
            response_metadata=metadata,
            id=self._id(),
            chunk_position="last",
        )
        return ChatGenerationChunk(message=message)
