"""The prompt a model receives: role-tagged messages made of typed parts.

Mirrors the AI SDK's ``LanguageModelV4Prompt``. Field names are snake_case here and
camelCase on the wire (see ``spec.wire``), so the Gateway can receive these objects
unchanged. Parts are frozen so a prompt can be shared between threads and reused
across the steps of a tool loop without defensive copies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

ProviderOptions: TypeAlias = Mapping[str, Mapping[str, Any]]
"""Options keyed by provider name, e.g. ``{"openai": {"user": "u1"}}``."""


@dataclass(frozen=True, slots=True)
class DataFile:
    """Inline file bytes, or a base64 string of them."""

    data: bytes | str
    type: Literal["data"] = "data"


@dataclass(frozen=True, slots=True)
class UrlFile:
    """A file the provider fetches itself (``https:`` or ``data:`` URL)."""

    url: str
    type: Literal["url"] = "url"


@dataclass(frozen=True, slots=True)
class ReferenceFile:
    """A file already uploaded to a provider, by its id there: ``{"openai": "file-abc"}``
    (spec V4; the Gateway passes the upstream's own id on)."""

    reference: Mapping[str, str]
    type: Literal["reference"] = "reference"


@dataclass(frozen=True, slots=True)
class TextFile:
    """A file given as its text (spec V4), e.g. a ``text/plain`` or ``text/csv`` document."""

    text: str
    type: Literal["text"] = "text"


FileData: TypeAlias = DataFile | UrlFile
"""What a prompt's ``FilePart`` carries (every codec sends these two)."""

SharedFileData: TypeAlias = DataFile | UrlFile | ReferenceFile | TextFile
"""Spec V4's ``SharedV4FileData``: also a provider file id or the file's text. Results
(``FileContent``) may carry all four; prompts take the first two until every codec can
send the other two."""


@dataclass(frozen=True, slots=True)
class TextPart:
    text: str
    provider_options: ProviderOptions | None = None
    type: Literal["text"] = "text"


@dataclass(frozen=True, slots=True)
class FilePart:
    """An image, PDF or other file. ``media_type`` may be just ``"image"``."""

    data: FileData
    media_type: str
    filename: str | None = None
    provider_options: ProviderOptions | None = None
    type: Literal["file"] = "file"


@dataclass(frozen=True, slots=True)
class ReasoningPart:
    text: str
    provider_options: ProviderOptions | None = None
    type: Literal["reasoning"] = "reasoning"


@dataclass(frozen=True, slots=True)
class ToolCallPart:
    """A tool call the assistant made earlier; ``input`` is the parsed JSON value."""

    tool_call_id: str
    tool_name: str
    input: Any
    provider_executed: bool | None = None
    provider_options: ProviderOptions | None = None
    type: Literal["tool-call"] = "tool-call"


ToolResultOutputType: TypeAlias = Literal[
    "text", "json", "error-text", "error-json", "execution-denied", "content"
]


@dataclass(frozen=True, slots=True)
class ToolResultOutput:
    """What a tool returned. ``value`` is a string for text kinds, JSON otherwise."""

    type: ToolResultOutputType
    value: Any = None
    reason: str | None = None

    @classmethod
    def from_value(cls, value: Any) -> ToolResultOutput:
        """Strings travel as text, anything else as JSON, as the AI SDK does."""
        return cls("text", value) if isinstance(value, str) else cls("json", value)


@dataclass(frozen=True, slots=True)
class ToolResultPart:
    tool_call_id: str
    tool_name: str
    output: ToolResultOutput
    provider_options: ProviderOptions | None = None
    type: Literal["tool-result"] = "tool-result"


@dataclass(frozen=True, slots=True)
class ToolApprovalRequestPart:
    """In an assistant message: the call ``tool_call_id`` waits for the user's approval
    (AI SDK 7's ``tool-approval-request``). A loop-level part: ``generate_text`` reads it
    from the history and removes it before any model sees the prompt."""

    approval_id: str
    tool_call_id: str
    type: Literal["tool-approval-request"] = "tool-approval-request"


@dataclass(frozen=True, slots=True)
class ToolApprovalResponsePart:
    """In a tool message: the user's decision on ``approval_id``. ``generate_text`` runs
    an approved call (a denied one becomes an ``execution-denied`` result with
    ``reason``) and removes this part before any model sees the prompt."""

    approval_id: str
    approved: bool
    reason: str | None = None
    type: Literal["tool-approval-response"] = "tool-approval-response"


UserPart: TypeAlias = TextPart | FilePart
AssistantPart: TypeAlias = TextPart | FilePart | ReasoningPart | ToolCallPart | ToolResultPart


@dataclass(frozen=True, slots=True)
class SystemMessage:
    content: str
    provider_options: ProviderOptions | None = None
    role: Literal["system"] = "system"


@dataclass(frozen=True, slots=True)
class UserMessage:
    content: Sequence[UserPart]
    provider_options: ProviderOptions | None = None
    role: Literal["user"] = "user"


@dataclass(frozen=True, slots=True)
class AssistantMessage:
    content: Sequence[AssistantPart]
    provider_options: ProviderOptions | None = None
    role: Literal["assistant"] = "assistant"


@dataclass(frozen=True, slots=True)
class ToolMessage:
    content: Sequence[ToolResultPart]
    provider_options: ProviderOptions | None = None
    role: Literal["tool"] = "tool"


Message: TypeAlias = SystemMessage | UserMessage | AssistantMessage | ToolMessage
Prompt: TypeAlias = Sequence[Message]

__all__ = [
    "AssistantMessage",
    "AssistantPart",
    "DataFile",
    "FileData",
    "SharedFileData",
    "FilePart",
    "Message",
    "Prompt",
    "ProviderOptions",
    "ReasoningPart",
    "ReferenceFile",
    "SystemMessage",
    "TextFile",
    "TextPart",
    "ToolApprovalRequestPart",
    "ToolApprovalResponsePart",
    "ToolCallPart",
    "ToolMessage",
    "ToolResultOutput",
    "ToolResultPart",
    "UrlFile",
    "UserMessage",
    "UserPart",
]
