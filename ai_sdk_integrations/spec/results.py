"""What a model call returns: ordered content, finish reason, usage and metadata.

Mirrors ``LanguageModelV4GenerateResult``. Usage and finish reason keep the provider's
``raw`` values beside the unified ones so nothing the provider said is lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeAlias

from .prompt import SharedFileData

ProviderMetadata: TypeAlias = Mapping[str, Mapping[str, Any]]

UnifiedFinishReason: TypeAlias = Literal[
    "stop", "length", "content-filter", "tool-calls", "error", "interrupted", "other"
]
"""``interrupted`` (spec V4): the generation was cut off before it finished on its own
(the upstream closed it, or it was cancelled), as opposed to an ``error``."""


@dataclass(frozen=True, slots=True)
class FinishReason:
    unified: UnifiedFinishReason
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class InputTokens:
    total: int | None = None
    no_cache: int | None = None
    cache_read: int | None = None
    cache_write: int | None = None


@dataclass(frozen=True, slots=True)
class OutputTokens:
    total: int | None = None
    text: int | None = None
    reasoning: int | None = None


@dataclass(frozen=True, slots=True)
class Usage:
    """Token counts; ``None`` means the provider did not say, never zero by guess."""

    input_tokens: InputTokens = field(default_factory=InputTokens)
    output_tokens: OutputTokens = field(default_factory=OutputTokens)
    raw: Mapping[str, Any] | None = None

    @property
    def total_tokens(self) -> int | None:
        if self.input_tokens.total is None and self.output_tokens.total is None:
            return None
        return (self.input_tokens.total or 0) + (self.output_tokens.total or 0)

    def __add__(self, other: Usage) -> Usage:
        """Sum two calls' usage (steps of a loop, batches of embeddings)."""
        a, b = self.input_tokens, other.input_tokens
        c, d = self.output_tokens, other.output_tokens
        return Usage(
            InputTokens(
                _add(a.total, b.total),
                _add(a.no_cache, b.no_cache),
                _add(a.cache_read, b.cache_read),
                _add(a.cache_write, b.cache_write),
            ),
            OutputTokens(_add(c.total, d.total), _add(c.text, d.text), _add(c.reasoning, d.reasoning)),
        )


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None and b is None else (a or 0) + (b or 0)


@dataclass(frozen=True, slots=True)
class CallWarning:
    """A setting the provider could not honour; the call still went ahead."""

    type: Literal["unsupported", "compatibility", "deprecated", "other"]
    feature: str | None = None
    details: str | None = None
    setting: str | None = None
    message: str | None = None


Citation: TypeAlias = Mapping[str, Any]
"""A citation on text (spec V4), kept in the provider's JSON shape."""


@dataclass(frozen=True, slots=True)
class TextContent:
    text: str
    provider_metadata: ProviderMetadata | None = None
    citations: Sequence[Citation] | None = None
    type: Literal["text"] = "text"


@dataclass(frozen=True, slots=True)
class ReasoningContent:
    text: str
    provider_metadata: ProviderMetadata | None = None
    type: Literal["reasoning"] = "reasoning"


@dataclass(frozen=True, slots=True)
class ToolCallContent:
    """A tool call; ``input`` is the JSON text exactly as the model produced it."""

    tool_call_id: str
    tool_name: str
    input: str
    provider_executed: bool | None = None
    dynamic: bool | None = None
    provider_metadata: ProviderMetadata | None = None
    type: Literal["tool-call"] = "tool-call"


@dataclass(frozen=True, slots=True)
class ToolResultContent:
    """The result of a provider-executed tool."""

    tool_call_id: str
    tool_name: str
    result: Any
    is_error: bool | None = None
    provider_metadata: ProviderMetadata | None = None
    type: Literal["tool-result"] = "tool-result"


@dataclass(frozen=True, slots=True)
class FileContent:
    media_type: str
    data: SharedFileData
    provider_metadata: ProviderMetadata | None = None
    type: Literal["file"] = "file"


@dataclass(frozen=True, slots=True)
class SourceContent:
    source_type: Literal["url", "document"]
    id: str
    url: str | None = None
    title: str | None = None
    media_type: str | None = None
    filename: str | None = None
    provider_metadata: ProviderMetadata | None = None
    type: Literal["source"] = "source"


Content: TypeAlias = (
    TextContent | ReasoningContent | ToolCallContent | ToolResultContent | FileContent | SourceContent
)


@dataclass(frozen=True, slots=True)
class ResponseInfo:
    id: str | None = None
    timestamp: datetime | None = None
    model_id: str | None = None
    headers: Mapping[str, str] | None = None
    body: Any = None


@dataclass(frozen=True, slots=True)
class RequestInfo:
    body: Any = None


@dataclass(frozen=True, slots=True)
class GenerateResult:
    content: Sequence[Content]
    finish_reason: FinishReason
    usage: Usage
    warnings: Sequence[CallWarning] = ()
    provider_metadata: ProviderMetadata | None = None
    request: RequestInfo | None = None
    response: ResponseInfo | None = None
    structured_output_text: str | None = None
    """The JSON text of a structured answer, where the provider gives it apart from the
    content (spec V4 ``structuredOutputText``)."""
