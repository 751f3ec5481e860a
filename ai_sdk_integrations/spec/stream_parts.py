"""The parts a streaming call yields, in order.

Mirrors ``LanguageModelV4StreamPart``. Text, reasoning and tool input each arrive as a
start / delta... / end block sharing an ``id``; a complete ``ToolCallContent`` follows
each tool-input block; exactly one ``Finish`` closes the stream. These objects are
created once per token, so they are slotted and carry nothing they do not need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeAlias

from .results import (
    CallWarning,
    Citation,
    FileContent,
    FinishReason,
    ProviderMetadata,
    SourceContent,
    ToolCallContent,
    ToolResultContent,
    Usage,
)


@dataclass(frozen=True, slots=True)
class StreamStart:
    warnings: Sequence[CallWarning] = ()
    type: Literal["stream-start"] = "stream-start"


@dataclass(frozen=True, slots=True)
class ResponseMetadata:
    id: str | None = None
    timestamp: datetime | None = None
    model_id: str | None = None
    type: Literal["response-metadata"] = "response-metadata"


@dataclass(frozen=True, slots=True)
class TextStart:
    id: str
    provider_metadata: ProviderMetadata | None = None
    citations: Sequence[Citation] | None = None
    type: Literal["text-start"] = "text-start"


@dataclass(frozen=True, slots=True)
class TextDelta:
    id: str
    delta: str
    provider_metadata: ProviderMetadata | None = None
    type: Literal["text-delta"] = "text-delta"


@dataclass(frozen=True, slots=True)
class TextEnd:
    id: str
    provider_metadata: ProviderMetadata | None = None
    type: Literal["text-end"] = "text-end"


@dataclass(frozen=True, slots=True)
class ReasoningStart:
    id: str
    provider_metadata: ProviderMetadata | None = None
    type: Literal["reasoning-start"] = "reasoning-start"


@dataclass(frozen=True, slots=True)
class ReasoningDelta:
    id: str
    delta: str
    provider_metadata: ProviderMetadata | None = None
    type: Literal["reasoning-delta"] = "reasoning-delta"


@dataclass(frozen=True, slots=True)
class ReasoningEnd:
    id: str
    provider_metadata: ProviderMetadata | None = None
    type: Literal["reasoning-end"] = "reasoning-end"


@dataclass(frozen=True, slots=True)
class ToolInputStart:
    """``id`` is the tool call id."""

    id: str
    tool_name: str
    provider_executed: bool | None = None
    dynamic: bool | None = None
    title: str | None = None
    provider_metadata: ProviderMetadata | None = None
    input_encoding: str | None = None
    """``json`` (the default) or ``text`` (spec V4): how the input deltas are written."""
    type: Literal["tool-input-start"] = "tool-input-start"


@dataclass(frozen=True, slots=True)
class ToolInputDelta:
    id: str
    delta: str
    provider_metadata: ProviderMetadata | None = None
    type: Literal["tool-input-delta"] = "tool-input-delta"


@dataclass(frozen=True, slots=True)
class ToolInputEnd:
    id: str
    provider_metadata: ProviderMetadata | None = None
    type: Literal["tool-input-end"] = "tool-input-end"


@dataclass(frozen=True, slots=True)
class Finish:
    """``warnings`` is our addition to the spec: what a decoder learns only at the end
    (a stream that ended cleanly without saying why), added to the start's warnings."""

    finish_reason: FinishReason
    usage: Usage = field(default_factory=Usage)
    provider_metadata: ProviderMetadata | None = None
    warnings: Sequence[CallWarning] | None = None
    type: Literal["finish"] = "finish"


@dataclass(frozen=True, slots=True)
class Ping:
    """A keep-alive (spec V4): says only that the stream is alive; consumers ignore it."""

    type: Literal["ping"] = "ping"


@dataclass(frozen=True, slots=True)
class Raw:
    raw_value: Any
    type: Literal["raw"] = "raw"


@dataclass(frozen=True, slots=True)
class StreamError:
    """An error reported inside the stream; the stream may still continue."""

    error: Any
    type: Literal["error"] = "error"


StreamPart: TypeAlias = (
    StreamStart
    | ResponseMetadata
    | TextStart
    | TextDelta
    | TextEnd
    | ReasoningStart
    | ReasoningDelta
    | ReasoningEnd
    | ToolInputStart
    | ToolInputDelta
    | ToolInputEnd
    | ToolCallContent
    | ToolResultContent
    | FileContent
    | SourceContent
    | Finish
    | Ping
    | Raw
    | StreamError
)
