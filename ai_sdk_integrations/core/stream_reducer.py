"""The one stream reducer: stream parts in, the answer so far out.

``stream_text``, ``ChatAISDK`` and ``AISDK`` all read a stream through this, so text,
reasoning (with the provider metadata that carries signatures), tool calls, sources,
files, usage, finish and response metadata are gathered in one place, in the order the
model produced them. An ``error`` part is recorded, not raised: the caller decides when
to raise it, and ``failed()`` puts everything received so far on the error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..spec import (
    CallWarning,
    Content,
    FileContent,
    Finish,
    FinishReason,
    GenerateResult,
    ProviderMetadata,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    ResponseInfo,
    ResponseMetadata,
    SourceContent,
    StreamError,
    StreamPart,
    StreamStart,
    TextContent,
    TextDelta,
    TextEnd,
    TextStart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputStart,
    ToolResultContent,
    Usage,
)
from ..spec.errors import AISDKError, APIError

_CONTENT_PARTS = (ToolCallContent, ToolResultContent, SourceContent, FileContent)


_NO_USAGE = Usage()  # frozen: one shared "nothing reported yet" for every unfinished stream


def as_error(error: Any) -> AISDKError:
    """An ``error`` part's payload as the package's error type."""
    return error if isinstance(error, AISDKError) else APIError(f"error in stream: {error}")


class StreamReducer:
    __slots__ = (
        "_content",
        "_reasoning",
        "_reasoning_metadata",
        "_text",
        "_text_citations",
        "_text_metadata",
        "error",
        "finish",
        "response",
        "tool_inputs",
        "warnings",
    )

    def __init__(self) -> None:
        self._content: list[Content] = []
        self._text: list[str] = []
        self._text_citations: list[Any] = []
        self._text_metadata: dict[str, dict[str, Any]] = {}
        self._reasoning: list[str] = []
        self._reasoning_metadata: dict[str, dict[str, Any]] = {}
        self.tool_inputs: dict[str, list[str]] = {}
        """Tool calls still streaming in: id -> [name, argument fragments...]."""
        self.warnings: tuple[CallWarning, ...] = ()
        self.response: ResponseMetadata | None = None
        self.finish: Finish | None = None
        self.error: AISDKError | None = None

    def add(self, part: StreamPart) -> ToolCallContent | None:
        """Take one part; return it if it is a complete tool call (ready to execute)."""
        if type(part) is TextDelta:  # the per-token case first
            if self._reasoning or self._reasoning_metadata:
                self._flush_reasoning()
            self._text.append(part.delta)
            if part.provider_metadata is not None:  # e.g. Gemini's signature on a text part
                _merge(self._text_metadata, part.provider_metadata)
        elif isinstance(part, (ReasoningDelta, ReasoningStart, ReasoningEnd)):
            if self._text:
                self._flush_text()
            elif isinstance(part, ReasoningStart) and (self._reasoning or self._reasoning_metadata):
                self._flush_reasoning()  # a new block: each keeps its own signature
            if isinstance(part, ReasoningDelta):
                self._reasoning.append(part.delta)
            _merge(self._reasoning_metadata, part.provider_metadata)
        elif isinstance(part, (TextStart, TextEnd)):
            if isinstance(part, TextStart) and part.citations:
                self._text_citations.extend(part.citations)
            _merge(self._text_metadata, part.provider_metadata)
        elif isinstance(part, ToolInputStart):
            self.tool_inputs[part.id] = [part.tool_name]
        elif isinstance(part, ToolInputDelta):
            self.tool_inputs.setdefault(part.id, [""]).append(part.delta)
        elif isinstance(part, _CONTENT_PARTS):
            self._flush()
            self._content.append(part)
            if isinstance(part, ToolCallContent):
                self.tool_inputs.pop(part.tool_call_id, None)
                return part
        elif isinstance(part, Finish):
            self.finish = part
            if part.warnings:
                self.warnings = (*self.warnings, *part.warnings)
        elif isinstance(part, ResponseMetadata):
            self.response = part
        elif isinstance(part, StreamStart):
            self.warnings = tuple(part.warnings)
        elif isinstance(part, StreamError) and self.error is None:
            self.error = as_error(part.error)
        return None

    # -- what the stream has said so far ------------------------------------------------

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.content() if isinstance(p, TextContent))

    @property
    def reasoning_text(self) -> str:
        return "".join(p.text for p in self.content() if isinstance(p, ReasoningContent))

    @property
    def usage(self) -> Usage:
        return self.finish.usage if self.finish is not None else _NO_USAGE

    def text_only(self) -> str | None:
        """The text so far when that is all the stream has said (one open text block:
        no reasoning, calls or other content yet), else None. Adapters that rebuild the
        message after every delta read the common case here without building content."""
        if self._text and not self._content and not self._reasoning and not self._reasoning_metadata:
            return _joined(self._text)
        return None

    def content(self) -> list[Content]:
        """Everything so far, in order; open text and reasoning blocks included."""
        content = list(self._content)
        if self._reasoning or self._reasoning_metadata:
            content.append(ReasoningContent(_joined(self._reasoning), self._metadata()))
        if self._text:
            content.append(self._text_content())
        return content

    def result(self) -> GenerateResult:
        """The stream as ``generate`` would have returned it."""
        finish = self.finish or Finish(FinishReason("error"))
        response = self.response or ResponseMetadata()
        return GenerateResult(
            content=self.content(),
            finish_reason=finish.finish_reason,
            usage=finish.usage,
            warnings=self.warnings,
            provider_metadata=finish.provider_metadata,
            response=ResponseInfo(response.id, response.timestamp, response.model_id),
        )

    def failed(self, error: AISDKError) -> AISDKError:
        """``error`` with what was received so far on it (``partial_text`` / ``_content``)."""
        content = self.content()
        error.partial_content = content
        error.partial_text = "".join(p.text for p in content if isinstance(p, TextContent))
        return error

    # -- blocks -------------------------------------------------------------------------

    def _metadata(self) -> Mapping[str, Mapping[str, Any]] | None:
        return {k: dict(v) for k, v in self._reasoning_metadata.items()} or None

    def _flush_reasoning(self) -> None:
        self._content.append(ReasoningContent("".join(self._reasoning), self._metadata()))
        self._reasoning = []
        self._reasoning_metadata = {}

    def _text_content(self) -> TextContent:
        metadata = {k: dict(v) for k, v in self._text_metadata.items()} or None
        return TextContent(_joined(self._text), metadata, citations=tuple(self._text_citations) or None)

    def _flush_text(self) -> None:
        self._content.append(self._text_content())
        self._text = []
        self._text_citations = []
        self._text_metadata = {}

    def _flush(self) -> None:
        if self._reasoning or self._reasoning_metadata:
            self._flush_reasoning()
        if self._text:
            self._flush_text()


def _joined(pieces: list[str]) -> str:
    """The pieces as one string, which then replaces them: adapters read the message so
    far after every delta, and joining all deltas each time would be quadratic."""
    if len(pieces) == 1:
        return pieces[0]
    joined = "".join(pieces)
    pieces.clear()  # not pieces[:] = ...: slice assignment copies the old items first
    pieces.append(joined)
    return joined


def _merge(kept: dict[str, dict[str, Any]], metadata: ProviderMetadata | None) -> None:
    """A block's provider metadata, from all its parts (start, deltas, end)."""
    for provider, values in (metadata or {}).items():
        kept.setdefault(provider, {}).update(values)
