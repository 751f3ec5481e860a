"""Everything one model call can ask for, independent of any provider.

Mirrors ``LanguageModelV4CallOptions``. A codec turns this into its wire request and
reports each setting it cannot honour as a ``CallWarning`` rather than failing, so the
same options can be sent to any provider.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from .prompt import Prompt, ProviderOptions

ReasoningEffort: TypeAlias = Literal[
    "provider-default", "none", "minimal", "low", "medium", "high", "xhigh", "max"
]


@dataclass(frozen=True, slots=True)
class TextFormat:
    type: Literal["text"] = "text"


@dataclass(frozen=True, slots=True)
class JsonFormat:
    """Ask for JSON; with a ``schema`` the provider constrains output to it if it can."""

    schema: Mapping[str, Any] | None = None
    name: str | None = None
    description: str | None = None
    type: Literal["json"] = "json"


ResponseFormat: TypeAlias = TextFormat | JsonFormat


@dataclass(frozen=True, slots=True)
class FunctionTool:
    """A tool the model may call; the caller executes it."""

    name: str
    input_schema: Mapping[str, Any]
    description: str | None = None
    strict: bool | None = None
    provider_options: ProviderOptions | None = None
    type: Literal["function"] = "function"


@dataclass(frozen=True, slots=True)
class ProviderTool:
    """A tool the provider runs itself, e.g. ``id="openai.web_search"``."""

    id: str
    name: str
    args: Mapping[str, Any] = field(default_factory=dict)
    type: Literal["provider"] = "provider"


Tool: TypeAlias = FunctionTool | ProviderTool


@dataclass(frozen=True, slots=True)
class ToolChoice:
    """``auto`` (default), ``none``, ``required`` (any tool) or ``tool`` (``tool_name``)."""

    type: Literal["auto", "none", "required", "tool"] = "auto"
    tool_name: str | None = None


@dataclass(frozen=True, slots=True)
class CallOptions:
    prompt: Prompt
    max_output_tokens: int | None = None
    temperature: float | None = None
    stop_sequences: Sequence[str] | None = None
    top_p: float | None = None
    top_k: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    response_format: ResponseFormat | None = None
    seed: int | None = None
    tools: Sequence[Tool] | None = None
    tool_choice: ToolChoice | None = None
    include_raw_chunks: bool | None = None
    headers: Mapping[str, str] | None = None
    reasoning: ReasoningEffort | None = None
    provider_options: ProviderOptions | None = None
