"""Spec results and stream parts -> LangChain ``AIMessage`` / ``AIMessageChunk`` (inbound).

Usage, model name and finish reason go on exactly one chunk, the last, because adding
chunks sums usage and concatenates string metadata (``model_provider``, on every chunk,
is the exception LangChain makes).

``content`` is the text, as ChatOpenAI has it. Beside it, in ``additional_kwargs``:

* ``reasoning_content``: all reasoning text (the OpenAI-compatible servers' name for it);
* ``reasoning_parts``: each reasoning part as ``{"index": "lc_rs_<n>", "text": ...,
  "provider_metadata": {...}}`` (metadata only when the provider sent some, e.g. a
  signature). Streamed text deltas and the metadata (sent once, when the part ends) merge
  by ``index`` when chunks are added, so a streamed message ends up like a generated one;
* ``sources``: the sources the model cited (``{"source_type", "id", "url", "title", ...}``);
* ``parsed``: with a pydantic class as the call's ``response_format``, the answer as an
  instance of it (as ChatOpenAI does), or ``None`` when the answer does not validate.

``content_blocks`` / ``output_version="v1"`` turn these into reasoning blocks and
citations (``_blocks``); ``_messages`` sends reasoning parts back with their metadata.
"""

from __future__ import annotations

from collections.abc import Callable
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
    ProviderMetadata,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    SourceContent,
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
from ...spec.wire import to_wire
from . import _blocks
from ._blocks import REASONING_PARTS, SOURCES, TOOL_CALL_METADATA

MODEL_PROVIDER = "ai-sdk"
"""``response_metadata["model_provider"]``: not "openai", whose block translator would
drop ``reasoning_content``; ours (``_blocks``) keeps reasoning, its metadata and sources."""

_blocks.register(MODEL_PROVIDER)


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
    return [to_wire(w) for w in warnings if isinstance(w, CallWarning)]


def plain_metadata(metadata: ProviderMetadata | None) -> dict[str, dict[str, Any]]:
    """Provider metadata as plain dicts (JSON-able, mergeable by LangChain)."""
    return {provider: dict(values) for provider, values in (metadata or {}).items()}


def reasoning_part(index: int, text: str, metadata: ProviderMetadata | None) -> dict[str, Any]:
    part: dict[str, Any] = {"index": f"lc_rs_{index}", "text": text}
    if metadata:
        part["provider_metadata"] = plain_metadata(metadata)
    return part


def source(part: SourceContent) -> dict[str, Any]:
    fields = {
        "source_type": part.source_type,
        "id": part.id,
        "url": part.url,
        "title": part.title,
        "media_type": part.media_type,
        "filename": part.filename,
        "provider_metadata": plain_metadata(part.provider_metadata) or None,
    }
    return {key: value for key, value in fields.items() if value is not None}


Parse = Callable[[str], Any]


def parser_for(response_format: Any) -> Parse | None:
    """For a pydantic class given as ``response_format``: text -> instance, or None."""
    validate = getattr(response_format, "model_validate_json", None)
    if not isinstance(response_format, type) or validate is None:
        return None

    def parse(text: str) -> Any:
        try:
            return validate(text)
        except ValueError:  # pydantic's ValidationError, for bad JSON too
            return None

    return parse


def ai_message(result: GenerateResult, model_id: str, *, parse: Parse | None = None) -> AIMessage:
    text = "".join(part.text for part in result.content if isinstance(part, TextContent))
    reasoning = [part for part in result.content if isinstance(part, ReasoningContent)]
    calls = [parse_tool_call(p) for p in result.content if isinstance(p, ToolCallContent)]
    extra: dict[str, Any] = {}
    if reasoning:
        if any(part.text for part in reasoning):
            extra["reasoning_content"] = "".join(part.text for part in reasoning)
        extra[REASONING_PARTS] = [
            reasoning_part(n, part.text, part.provider_metadata) for n, part in enumerate(reasoning)
        ]
    sources = [source(part) for part in result.content if isinstance(part, SourceContent)]
    if sources:
        extra[SOURCES] = sources
    call_metadata = {
        p.tool_call_id: plain_metadata(p.provider_metadata)
        for p in result.content
        if isinstance(p, ToolCallContent) and p.provider_metadata
    }
    if call_metadata:
        extra[TOOL_CALL_METADATA] = call_metadata
    if parse is not None:
        extra["parsed"] = parse(text)
    if (refusal := refusal_of(result.provider_metadata)) is not None:
        extra["refusal"] = refusal
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
        additional_kwargs=extra,
        tool_calls=[c for c in calls if c.get("type") == "tool_call"],
        invalid_tool_calls=[c for c in calls if c.get("type") == "invalid_tool_call"],
        usage_metadata=usage_metadata(result.usage),
        response_metadata=metadata,
        id=response.id if response else None,
    )


def _provider() -> dict[str, Any]:
    """Every chunk names the provider, so LangChain reads each with our block translator
    (``output_version="v1"`` converts chunk by chunk); equal names do not concatenate."""
    return {"model_provider": MODEL_PROVIDER}


class ChunkBuilder:
    """Turns one stream's parts into ``ChatGenerationChunk`` s. What the stream has said
    so far is kept by the shared ``StreamReducer`` (``reducer``)."""

    __slots__ = (
        "_model_id",
        "_parse",
        "_reasoning_count",
        "_reasoning_id",
        "_reasoning_metadata",
        "_streamed_calls",
        "_tool_index",
        "reducer",
    )

    def __init__(self, model_id: str, *, parse: Parse | None = None) -> None:
        self._model_id = model_id
        self._parse = parse
        self._tool_index: dict[str, int] = {}
        self._streamed_calls: set[str] = set()
        self._reasoning_id: str | None = None
        """The open reasoning part's id; its metadata so far, sent once when it ends."""
        self._reasoning_count = 0
        self._reasoning_metadata: dict[str, dict[str, Any]] = {}
        self.reducer = StreamReducer()

    def chunk(self, part: StreamPart) -> ChatGenerationChunk | None:
        self.reducer.add(part)
        if type(part) is TextDelta:  # the per-token case first
            return ChatGenerationChunk(
                message=AIMessageChunk(content=part.delta, id=self._id(), response_metadata=_provider())
            )
        if isinstance(part, ReasoningDelta):
            ended = self._open_reasoning(part.id, part.provider_metadata)
            delta = {"index": f"lc_rs_{self._reasoning_count - 1}", "text": part.delta}
            extra = {"reasoning_content": part.delta, REASONING_PARTS: [*ended, delta]}
            return self._extra_chunk(extra)
        if isinstance(part, ReasoningStart):
            ended = self._open_reasoning(part.id, part.provider_metadata)
            return self._extra_chunk({REASONING_PARTS: ended}) if ended else None
        if isinstance(part, ReasoningEnd):
            self._keep_reasoning_metadata(part.provider_metadata)
            ended = self._close_reasoning()
            return self._extra_chunk({REASONING_PARTS: ended}) if ended else None
        if isinstance(part, SourceContent):
            return self._extra_chunk({SOURCES: [source(part)]})
        if isinstance(part, ToolInputStart):
            self._streamed_calls.add(part.id)
            return self._tool_chunk(part.id, part.tool_name, "", part.id)
        if isinstance(part, ToolInputDelta):
            return self._tool_chunk(part.id, None, part.delta, None)
        if isinstance(part, ToolCallContent):
            kept = (
                {TOOL_CALL_METADATA: {part.tool_call_id: plain_metadata(part.provider_metadata)}}
                if part.provider_metadata
                else {}
            )
            if part.tool_call_id in self._streamed_calls:
                return self._extra_chunk(kept) if kept else None
            # A provider that sends whole calls without input deltas.
            return self._tool_chunk(part.tool_call_id, part.tool_name, part.input, part.tool_call_id, kept)
        if isinstance(part, Finish):
            return self._last(part)
        if isinstance(part, StreamError):
            raise self.reducer.failed(self.reducer.error or as_error(part.error))
        return None

    def _id(self) -> str | None:
        response = self.reducer.response
        return response.id if response else None

    def _extra_chunk(self, extra: dict[str, Any]) -> ChatGenerationChunk:
        message = AIMessageChunk(
            content="", additional_kwargs=extra, id=self._id(), response_metadata=_provider()
        )
        return ChatGenerationChunk(message=message)

    def _open_reasoning(self, part_id: str, metadata: ProviderMetadata | None) -> list[dict[str, Any]]:
        """Start a reasoning part unless ``part_id`` is the open one; return the metadata
        entry of a part this one ends (a provider that sends no ``reasoning-end``)."""
        ended: list[dict[str, Any]] = []
        if part_id != self._reasoning_id:
            ended = self._close_reasoning()
            self._reasoning_id = part_id
            self._reasoning_count += 1
        self._keep_reasoning_metadata(metadata)
        return ended

    def _keep_reasoning_metadata(self, metadata: ProviderMetadata | None) -> None:
        for provider, values in (metadata or {}).items():
            self._reasoning_metadata.setdefault(provider, {}).update(values)

    def _close_reasoning(self) -> list[dict[str, Any]]:
        """The open part's metadata, as the one ``reasoning_parts`` entry that carries it."""
        metadata, self._reasoning_metadata, self._reasoning_id = self._reasoning_metadata, {}, None
        if not metadata or not self._reasoning_count:
            return []
        return [reasoning_part(self._reasoning_count - 1, "", metadata)]

    def _tool_chunk(
        self,
        call_id: str,
        name: str | None,
        args: str,
        sent_id: str | None,
        extra: dict[str, Any] | None = None,
    ) -> ChatGenerationChunk:
        """LangChain merges tool-call chunks by ``index``: one index per call, in order."""
        index = self._tool_index.setdefault(call_id, len(self._tool_index))
        chunk = ToolCallChunk(name=name, args=args, id=sent_id, index=index, type="tool_call_chunk")
        return ChatGenerationChunk(
            message=AIMessageChunk(
                content="",
                tool_call_chunks=[chunk],
                additional_kwargs=extra or {},
                id=self._id(),
                response_metadata=_provider(),
            )
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
        extra: dict[str, Any] = {}
        if (refusal := refusal_of(finish.provider_metadata)) is not None:
            extra["refusal"] = refusal
        if ended := self._close_reasoning():
            extra[REASONING_PARTS] = ended
        if self._parse is not None:
            extra["parsed"] = self._parse(self.reducer.text)
        message = AIMessageChunk(
            content="",
            additional_kwargs=extra,
            usage_metadata=usage_metadata(finish.usage),
            response_metadata=metadata,
            id=self._id(),
            chunk_position="last",
        )
        return ChatGenerationChunk(message=message)


def refusal_of(provider_metadata: Any) -> str | None:
    """The model's refusal, where a provider reports one (OpenAI's structured outputs),
    as ChatOpenAI puts it: ``additional_kwargs["refusal"]``."""
    for values in (provider_metadata or {}).values():
        refusal = values.get("refusal") if isinstance(values, dict) else None
        if isinstance(refusal, str) and refusal:
            return refusal
    return None
