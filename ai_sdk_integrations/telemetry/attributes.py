"""Span attributes from spec objects, in both conventions; no OpenTelemetry import.

Pure functions: call options, prompts, results and usage in, ``{name: value}`` out.
Inputs (prompts, tool definitions, values, documents) are formatted only when the
settings record inputs, outputs only when they record outputs, so an untraced or
content-free trace never pays for JSON it does not keep.

Names follow AI SDK 7's ``@ai-sdk/otel``: ``gen_ai.*`` (OpenTelemetry GenAI semantic
conventions) and the legacy ``ai.*`` set. Nothing here reads an endpoint's auth or
headers: request headers are taken from the call options only, and any whose name
suggests a credential is left out.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..spec import (
    CallOptions,
    Content,
    FileContent,
    FilePart,
    FunctionTool,
    ReasoningContent,
    ReasoningPart,
    SystemMessage,
    TextContent,
    TextPart,
    ToolCallContent,
    ToolCallPart,
    ToolResultContent,
    ToolResultPart,
    Usage,
)
from ..spec.prompt import DataFile, Message, Prompt, ToolResultOutput, UrlFile
from .settings import AttributeValue, TelemetrySettings

Attributes = dict[str, AttributeValue]

_PROVIDER_NAMES: tuple[tuple[str, str], ...] = (
    # (our provider name or its prefix, gen_ai.provider.name); longest prefixes first
    ("openai-compatible", "openai-compatible"),  # any server speaking OpenAI's API, not OpenAI
    ("openai.responses", "openai"),
    ("vertex", "gcp.vertex_ai"),
    ("google", "gcp.gemini"),
    ("bedrock", "aws.bedrock"),
    ("azure", "azure.ai.openai"),
    ("anthropic", "anthropic"),
    ("openai", "openai"),
    ("mistral", "mistral_ai"),
    ("cohere", "cohere"),
    ("groq", "groq"),
    ("deepseek", "deepseek"),
    ("perplexity", "perplexity"),
    ("xai", "x_ai"),
)
"""Well-known names of the GenAI conventions; any other provider keeps its own name."""

_FINISH_REASONS = {
    "content-filter": "content_filter",
    "tool-calls": "tool_call",
    "other": "stop",
    "unknown": "stop",
}
_SECRET_HINTS = ("key", "token", "auth", "secret", "cookie", "signature", "password", "credential")

LEGACY_OPERATIONS = {
    "generate_text": "ai.generateText",
    "stream_text": "ai.streamText",
    "generate_object": "ai.generateObject",
    "stream_object": "ai.streamObject",
    "embed": "ai.embed",
    "embed_many": "ai.embedMany",
    "rerank": "ai.rerank",
}
"""Operation kinds and their legacy operation ids (span names of the root spans)."""

LEGACY_CALLS = {
    "ai.generateText": "ai.generateText.doGenerate",
    "ai.streamText": "ai.streamText.doStream",
    "ai.generateObject": "ai.generateObject.doGenerate",
    "ai.streamObject": "ai.streamObject.doStream",
    "ai.embed": "ai.embed.doEmbed",
    "ai.embedMany": "ai.embedMany.doEmbed",
    "ai.rerank": "ai.rerank.doRerank",
}
"""Legacy operation id -> the span name of one provider call inside it."""


def provider_name(provider: str) -> str:
    lower = provider.lower()
    for prefix, mapped in _PROVIDER_NAMES:
        if lower == prefix or lower.startswith((prefix + ".", prefix + "-")):
            return mapped
    return provider


def to_json(value: Any) -> str:
    return json.dumps(value, default=_jsonable, ensure_ascii=False, separators=(",", ":"))


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    from ..spec.wire import to_wire

    try:
        return to_wire(value)
    except TypeError:
        return repr(value)


def put(attributes: Attributes, name: str, value: Any) -> None:
    """Set ``name`` unless ``value`` is None (OpenTelemetry attributes cannot be None)."""
    if value is not None:
        attributes[name] = value


def safe_headers(headers: Mapping[str, str] | None) -> Attributes:
    """``ai.request.headers.<name>`` for the call's own headers, credentials left out."""
    out: Attributes = {}
    for name, value in (headers or {}).items():
        if value is not None and not any(hint in name.lower() for hint in _SECRET_HINTS):
            out[f"ai.request.headers.{name}"] = value
    return out


# -- messages in the GenAI conventions' JSON shape ---------------------------------------


def _file_part(data: Any, media_type: str | None) -> dict[str, Any]:
    modality = (media_type or "image").split("/")[0]
    modality = modality if modality in ("image", "video", "audio") else "image"
    if isinstance(data, UrlFile) or (isinstance(data, str) and data.startswith(("http://", "https://"))):
        uri = data.url if isinstance(data, UrlFile) else data
        return {"type": "uri", "modality": modality, "mime_type": media_type, "uri": uri}
    raw = data.data if isinstance(data, DataFile) else getattr(data, "text", data)
    content = base64.b64encode(bytes(raw)).decode("ascii") if isinstance(raw, bytes | bytearray) else str(raw)
    return {"type": "blob", "modality": modality, "mime_type": media_type, "content": content}


def _tool_response(output: ToolResultOutput) -> Any:
    if output.type == "execution-denied":
        return {"denied": True, "reason": output.reason}
    return output.value


def _prompt_part(part: Any) -> dict[str, Any]:
    if isinstance(part, TextPart):
        return {"type": "text", "content": part.text}
    if isinstance(part, ReasoningPart):
        return {"type": "reasoning", "content": part.text}
    if isinstance(part, ToolCallPart):
        return {"type": "tool_call", "id": part.tool_call_id, "name": part.tool_name, "arguments": part.input}
    if isinstance(part, ToolResultPart):
        return {
            "type": "tool_call_response",
            "id": part.tool_call_id,
            "response": _tool_response(part.output),
        }
    if isinstance(part, FilePart):
        return _file_part(part.data, part.media_type)
    return {"type": str(getattr(part, "type", type(part).__name__))}


def input_messages(prompt: Prompt, *, include_system: bool = True) -> list[dict[str, Any]]:
    out = []
    for message in prompt:
        if isinstance(message, SystemMessage):
            if include_system:
                out.append({"role": "system", "parts": [{"type": "text", "content": message.content}]})
            continue
        out.append({"role": message.role, "parts": [_prompt_part(part) for part in message.content]})
    return out


def system_instructions(prompt: Prompt) -> list[dict[str, Any]] | None:
    found = [{"type": "text", "content": m.content} for m in prompt if isinstance(m, SystemMessage)]
    return found or None


def _arguments(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def output_messages(content: Sequence[Content], finish_reason: str | None) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = []
    for item in content:
        if isinstance(item, TextContent):
            parts.append({"type": "text", "content": item.text})
        elif isinstance(item, ReasoningContent):
            parts.append({"type": "reasoning", "content": item.text})
        elif isinstance(item, ToolCallContent):
            arguments = _arguments(item.input)
            parts.append(
                {"type": "tool_call", "id": item.tool_call_id, "name": item.tool_name, "arguments": arguments}
            )
        elif isinstance(item, ToolResultContent):
            parts.append({"type": "tool_call_response", "id": item.tool_call_id, "response": item.result})
        elif isinstance(item, FileContent):
            parts.append(_file_part(item.data, item.media_type))
    reason = _FINISH_REASONS.get(finish_reason or "unknown", finish_reason or "stop")
    return [{"role": "assistant", "parts": parts, "finish_reason": reason}]


def tool_definitions(options: CallOptions) -> list[dict[str, Any]] | None:
    if not options.tools:
        return None
    out: list[dict[str, Any]] = []
    for tool in options.tools:
        if isinstance(tool, FunctionTool):
            entry: dict[str, Any] = {"type": "function", "name": tool.name, "parameters": tool.input_schema}
            if tool.description:
                entry["description"] = tool.description
            out.append(entry)
        else:
            out.append({"type": "provider", "id": tool.id, "name": tool.name, "args": dict(tool.args)})
    return out


# -- settings and usage ---------------------------------------------------------------------


def gen_ai_request(options: CallOptions | None) -> Attributes:
    out: Attributes = {}
    if options is None:
        return out
    put(out, "gen_ai.request.max_tokens", options.max_output_tokens)
    put(out, "gen_ai.request.temperature", options.temperature)
    put(out, "gen_ai.request.top_p", options.top_p)
    put(out, "gen_ai.request.top_k", options.top_k)
    put(out, "gen_ai.request.frequency_penalty", options.frequency_penalty)
    put(out, "gen_ai.request.presence_penalty", options.presence_penalty)
    if options.stop_sequences:
        out["gen_ai.request.stop_sequences"] = list(options.stop_sequences)
    put(out, "gen_ai.request.seed", options.seed)
    return out


def legacy_settings(options: CallOptions | None, max_retries: int | None) -> Attributes:
    out: Attributes = {}
    put(out, "ai.settings.maxRetries", max_retries)
    if options is None:
        return out
    put(out, "ai.settings.maxOutputTokens", options.max_output_tokens)
    put(out, "ai.settings.temperature", options.temperature)
    put(out, "ai.settings.topP", options.top_p)
    put(out, "ai.settings.topK", options.top_k)
    put(out, "ai.settings.presencePenalty", options.presence_penalty)
    put(out, "ai.settings.frequencyPenalty", options.frequency_penalty)
    if options.stop_sequences:
        out["ai.settings.stopSequences"] = list(options.stop_sequences)
    put(out, "ai.settings.seed", options.seed)
    return out


def gen_ai_usage(usage: Usage | None) -> Attributes:
    out: Attributes = {}
    if usage is None:
        return out
    put(out, "gen_ai.usage.input_tokens", usage.input_tokens.total)
    put(out, "gen_ai.usage.output_tokens", usage.output_tokens.total)
    put(out, "gen_ai.usage.cache_read.input_tokens", usage.input_tokens.cache_read)
    put(out, "gen_ai.usage.cache_creation.input_tokens", usage.input_tokens.cache_write)
    return out


def legacy_usage(usage: Usage | None) -> Attributes:
    out: Attributes = {}
    if usage is None:
        return out
    inputs, outputs = usage.input_tokens, usage.output_tokens
    for name in ("ai.usage.inputTokens", "ai.usage.promptTokens", "gen_ai.usage.input_tokens"):
        put(out, name, inputs.total)
    for name in ("ai.usage.outputTokens", "ai.usage.completionTokens", "gen_ai.usage.output_tokens"):
        put(out, name, outputs.total)
    if inputs.total is not None and outputs.total is not None:
        out["ai.usage.totalTokens"] = inputs.total + outputs.total
    put(out, "ai.usage.reasoningTokens", outputs.reasoning)
    put(out, "ai.usage.cachedInputTokens", inputs.cache_read)
    put(out, "ai.usage.inputTokenDetails.noCacheTokens", inputs.no_cache)
    put(out, "ai.usage.inputTokenDetails.cacheReadTokens", inputs.cache_read)
    put(out, "ai.usage.inputTokenDetails.cacheWriteTokens", inputs.cache_write)
    put(out, "ai.usage.outputTokenDetails.textTokens", outputs.text)
    put(out, "ai.usage.outputTokenDetails.reasoningTokens", outputs.reasoning)
    return out


def legacy_operation(operation_id: str, settings: TelemetrySettings) -> Attributes:
    out: Attributes = {"ai.operationId": operation_id}
    function_id = settings.function_id
    out["operation.name"] = f"{operation_id} {function_id}" if function_id else operation_id
    put(out, "resource.name", function_id)
    put(out, "ai.telemetry.functionId", function_id)
    return out


def legacy_prompt_messages(prompt: Prompt) -> str:
    return to_json(list(prompt))


def legacy_prompt(prompt: Prompt) -> str:
    """``ai.prompt`` of a root span: the system text and the other messages."""
    system = "\n".join(m.content for m in prompt if isinstance(m, SystemMessage)) or None
    messages: list[Message] = [m for m in prompt if not isinstance(m, SystemMessage)]
    return to_json({"system": system, "messages": messages})


def legacy_response_content(content: Sequence[Content]) -> Attributes:
    """``ai.response.text`` / ``.reasoning`` / ``.toolCalls`` of a result's content."""
    out: Attributes = {}
    text = "".join(c.text for c in content if isinstance(c, TextContent))
    reasoning = "\n".join(c.text for c in content if isinstance(c, ReasoningContent))
    calls = [
        {"toolCallId": c.tool_call_id, "toolName": c.tool_name, "input": _arguments(c.input)}
        for c in content
        if isinstance(c, ToolCallContent)
    ]
    if text:
        out["ai.response.text"] = text
    if reasoning:
        out["ai.response.reasoning"] = reasoning
    if calls:
        out["ai.response.toolCalls"] = to_json(calls)
    return out
