"""Spec prompt -> Anthropic ``system`` and ``messages`` (outbound only).

Anthropic takes the system prompt apart from the turns, and turns that strictly
alternate: consecutive user and tool messages become one ``user`` message (tool
results are ``tool_result`` blocks in it), consecutive assistant messages one
``assistant`` message. Reasoning goes back as the block it came from: ``thinking``
with its ``signature``, or ``redacted_thinking`` with its data, both read from the
part's provider options under this provider's key. Reasoning without them (from
another provider, or typed by hand) cannot be verified by Anthropic and is left out
with a warning, never sent unsigned.

``cacheControl`` (or ``cache_control``) in a part's or message's provider options
puts ``cache_control`` on that block; a message's applies to its last block. At most
four breakpoints are allowed per request: later ones are dropped with a warning.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...spec import (
    AssistantMessage,
    CallWarning,
    FilePart,
    Message,
    Prompt,
    ProviderOptions,
    ReasoningPart,
    SystemMessage,
    TextPart,
    ToolCallPart,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UserMessage,
)
from ...spec.errors import InvalidPromptError
from .files import file_block

MAX_CACHE_BREAKPOINTS = 4


@dataclass
class PromptConversion:
    """What the prompt becomes, and what converting it had to say."""

    provider: str
    send_reasoning: bool = True
    system: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[CallWarning] = field(default_factory=list)
    breakpoints: int = 0

    def options(self, provider_options: ProviderOptions | None) -> Mapping[str, Any]:
        """This provider's own options (another provider's are never read)."""
        own = (provider_options or {}).get(self.provider)
        return own if isinstance(own, Mapping) else {}

    def cache_control(self, *sources: ProviderOptions | None) -> Any:
        """The first ``cacheControl`` among ``sources``, counted against the limit."""
        for source in sources:
            options = self.options(source)
            value = options.get("cacheControl", options.get("cache_control"))
            if value:
                self.breakpoints += 1
                if self.breakpoints > MAX_CACHE_BREAKPOINTS:
                    self.warnings.append(
                        CallWarning(
                            "unsupported",
                            feature="cacheControl breakpoint limit",
                            details=f"at most {MAX_CACHE_BREAKPOINTS} cache breakpoints per request; "
                            "this one was not sent",
                        )
                    )
                    return None
                return value
        return None


def convert_to_anthropic_messages(
    prompt: Prompt, provider: str, *, send_reasoning: bool = True, breakpoints: int = 0
) -> PromptConversion:
    """``breakpoints``: cache breakpoints already used (on tools) in this request."""
    out = PromptConversion(provider, send_reasoning, breakpoints=breakpoints)
    started = False
    for group in _groups(prompt):
        head = group[0]
        if isinstance(head, SystemMessage):
            if started:
                out.warnings.append(
                    CallWarning(
                        "compatibility",
                        feature="system message",
                        details="Anthropic takes system text only before the conversation; "
                        "a later system message was moved into the top-level system prompt",
                    )
                )
            out.system.extend(_system_block(out, m) for m in group if isinstance(m, SystemMessage))
        elif isinstance(head, AssistantMessage):
            started = True
            content = [b for m in group if isinstance(m, AssistantMessage) for b in _assistant(out, m)]
            _append(out.messages, "assistant", content)
        else:
            started = True
            _append(out.messages, "user", [b for m in group for b in _user_or_tool(out, m)])
    _trim_final_assistant_text(out.messages)
    return out


def _append(messages: list[dict[str, Any]], role: str, content: list[dict[str, Any]]) -> None:
    """Add a turn; an assistant turn left empty (its reasoning could not be sent) is
    dropped, and the user turns around it become one, as Anthropic wants them."""
    if not content and role == "assistant":
        return
    if messages and messages[-1]["role"] == role:
        messages[-1]["content"].extend(content)
    else:
        messages.append({"role": role, "content": content})


def _groups(prompt: Prompt) -> list[list[Message]]:
    """Runs of messages that become one Anthropic message (users with tools)."""
    groups: list[list[Message]] = []
    for message in prompt:
        if not isinstance(message, (SystemMessage, UserMessage, AssistantMessage, ToolMessage)):
            raise InvalidPromptError(f"unknown message type {type(message).__name__}")
        kind = "user" if isinstance(message, (UserMessage, ToolMessage)) else message.role
        if groups:
            last = groups[-1][0]
            last_kind = "user" if isinstance(last, (UserMessage, ToolMessage)) else last.role
            if kind == last_kind:
                groups[-1].append(message)
                continue
        groups.append([message])
    return groups


def _with_cache(block: dict[str, Any], cache_control: Any) -> dict[str, Any]:
    if cache_control:
        block["cache_control"] = cache_control
    return block


def _system_block(out: PromptConversion, message: SystemMessage) -> dict[str, Any]:
    block = {"type": "text", "text": message.content}
    return _with_cache(block, out.cache_control(message.provider_options))


def _user_or_tool(out: PromptConversion, message: Message) -> list[dict[str, Any]]:
    parts: Sequence[Any] = message.content  # type: ignore[assignment]
    blocks: list[dict[str, Any]] = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        cache = out.cache_control(part.provider_options, message.provider_options if last else None)
        if isinstance(part, TextPart):
            block: dict[str, Any] = {"type": "text", "text": part.text}
        elif isinstance(part, FilePart):
            block = file_block(part.data, part.media_type, part.filename, out.options(part.provider_options))
        elif isinstance(part, ToolResultPart):
            block = _tool_result(out, part)
        else:
            raise InvalidPromptError(f"a {message.role} message cannot contain a {part.type!r} part")
        blocks.append(_with_cache(block, cache))
    return blocks


def _tool_result(out: PromptConversion, part: ToolResultPart) -> dict[str, Any]:
    output = part.output
    block: dict[str, Any] = {
        "type": "tool_result",
        "tool_use_id": part.tool_call_id,
        "content": _tool_result_content(out, output),
    }
    if output.type in ("error-text", "error-json"):
        block["is_error"] = True
    return block


def _tool_result_content(out: PromptConversion, output: ToolResultOutput) -> Any:
    if output.type in ("text", "error-text"):
        return str(output.value)
    if output.type == "execution-denied":
        return output.reason or "Tool call execution denied."
    if output.type != "content":
        return json.dumps(output.value, ensure_ascii=False)
    blocks: list[dict[str, Any]] = []
    for item in output.value or ():
        kind = item.get("type") if isinstance(item, Mapping) else None
        if kind == "text":
            blocks.append({"type": "text", "text": str(item.get("text", ""))})
        elif kind in ("file", "media", "image-data", "file-data", "image-url", "file-url"):
            media_type = str(item.get("mediaType") or item.get("media_type") or "image/*")
            if kind in ("image-data", "image-url"):
                media_type = media_type if media_type.startswith("image") else "image/*"
            data = item.get("data", item.get("url"))
            blocks.append(file_block(data, media_type, item.get("filename"), {}))
        else:
            out.warnings.append(
                CallWarning("other", message=f"unsupported tool result content of type {kind!r} was left out")
            )
    return blocks


def _assistant(out: PromptConversion, message: AssistantMessage) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    parts = message.content
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(part, ReasoningPart):
            reasoning = _reasoning(out, part)
            if reasoning is not None:
                blocks.append(reasoning)
            continue
        cache = out.cache_control(part.provider_options, message.provider_options if last else None)
        if isinstance(part, TextPart):
            if not part.text:
                continue  # Anthropic rejects empty text blocks
            block: dict[str, Any] = {"type": "text", "text": part.text}
        elif isinstance(part, ToolCallPart):
            block = _tool_use(part)
        elif isinstance(part, FilePart):
            block = file_block(part.data, part.media_type, part.filename, out.options(part.provider_options))
        elif isinstance(part, ToolResultPart):
            out.warnings.append(
                CallWarning(
                    "other",
                    message=f"the result of provider-executed tool {part.tool_name!r} was not sent back",
                )
            )
            continue
        else:
            raise InvalidPromptError(f"an assistant message cannot contain a {part.type!r} part")
        blocks.append(_with_cache(block, cache))
    return blocks


def _tool_use(part: ToolCallPart) -> dict[str, Any]:
    """A tool call as ``tool_use``, whose ``input`` must be an object: JSON text the
    model wrote is parsed, and text that is no JSON object (a weak model's broken
    arguments, kept in a history) goes as ``{}`` rather than failing the request."""
    arguments = part.input
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments) if arguments.strip() else {}
        except ValueError:
            arguments = {}
    if not isinstance(arguments, dict):
        arguments = {}
    kind = "server_tool_use" if part.provider_executed else "tool_use"
    return {"type": kind, "id": part.tool_call_id, "name": part.tool_name, "input": arguments}


def _reasoning(out: PromptConversion, part: ReasoningPart) -> dict[str, Any] | None:
    if not out.send_reasoning:
        out.warnings.append(CallWarning("other", message="sending reasoning content is disabled"))
        return None
    options = out.options(part.provider_options)
    signature = options.get("signature")
    if isinstance(signature, str) and signature:
        return {"type": "thinking", "thinking": part.text, "signature": signature}
    redacted = options.get("redactedData")
    if isinstance(redacted, str) and redacted:
        return {"type": "redacted_thinking", "data": redacted}
    out.warnings.append(
        CallWarning(
            "other",
            message="reasoning without an Anthropic signature was not sent back "
            "(Anthropic accepts only the thinking blocks it signed)",
        )
    )
    return None


def _trim_final_assistant_text(messages: list[dict[str, Any]]) -> None:
    """A final assistant message prefills the answer, and Anthropic rejects one that
    ends in whitespace."""
    if not messages or messages[-1]["role"] != "assistant":
        return
    content = messages[-1]["content"]
    if content and content[-1].get("type") == "text":
        content[-1]["text"] = content[-1]["text"].rstrip()
