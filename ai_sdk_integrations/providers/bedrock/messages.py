"""The prompt -> Converse ``system`` blocks and ``messages`` (outbound only).

Converse wants strictly alternating ``user`` / ``assistant`` turns, so consecutive
user and tool messages become one ``user`` message and consecutive assistant messages
one ``assistant`` message, as the AI SDK does. Tool results are ``toolResult`` blocks
in the user turn (``status: "error"`` for error outputs). Reasoning goes back only as
it came from Bedrock: ``reasoningText`` with its ``signature`` or ``redactedContent``
(this provider's metadata, carried back as ``provider_options``); reasoning without
either (another provider's, or unsigned) is not sent, as the API would reject it.
``cachePoint`` blocks follow any part or message whose options ask for one
(``{"bedrock": {"cachePoint": {"type": "default"}}}``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...spec import (
    AssistantMessage,
    CallWarning,
    FilePart,
    Message,
    ReasoningPart,
    SystemMessage,
    TextPart,
    ToolCallPart,
    ToolMessage,
    ToolResultPart,
    UserMessage,
)
from ...spec.errors import InvalidPromptError
from .fields import own_options
from .files import file_block

_TOOL_NAME = re.compile(r"[^a-zA-Z0-9_-]")


@dataclass
class Conversion:
    system: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[CallWarning] = field(default_factory=list)


def sanitize_tool_name(name: str) -> str:
    return _TOOL_NAME.sub("", name) or "_"


def tool_call_id(call_id: str, mistral: bool) -> str:
    """Mistral models on Bedrock take only ids of nine letters and digits."""
    return re.sub(r"[^a-zA-Z0-9]", "", call_id)[:9] if mistral else call_id


def has_tool_content(prompt: Sequence[Message]) -> bool:
    return any(
        isinstance(part, (ToolCallPart, ToolResultPart))
        for message in prompt
        if not isinstance(message, SystemMessage)
        for part in message.content
    )


def convert_to_converse_messages(
    prompt: Sequence[Message], provider: str, *, mistral: bool = False, tool_content: bool = True
) -> Conversion:
    """``tool_content=False``: the request has no tools, and Converse rejects tool
    blocks without a ``toolConfig``; they are left out, with a warning."""
    out = Conversion()
    if not tool_content and has_tool_content(prompt):
        out.warnings.append(
            CallWarning(
                "unsupported",
                feature="toolContent",
                details="tool calls and results were left out of the conversation: Bedrock takes "
                "tool content only when the request has tools",
            )
        )
    names = _DocumentNames()
    groups = _groups(prompt)
    for index, (role, messages) in enumerate(groups):
        if role == "system":
            if out.messages:
                raise InvalidPromptError(
                    "bedrock: Converse takes system messages only at the start of the conversation; "
                    "move this system message first, or send it as a user message"
                )
            for message in messages:
                assert isinstance(message, SystemMessage)
                if message.content:
                    out.system.append({"text": message.content})
                _cache_point(out.system, message.provider_options, provider)
            continue
        content: list[dict[str, Any]] = []
        last_group = index == len(groups) - 1
        for position, message in enumerate(messages):
            if isinstance(message, UserMessage):
                _user(content, message, provider, names)
            elif isinstance(message, ToolMessage):
                if tool_content:
                    _tool_results(content, message, provider, names, mistral)
            elif isinstance(message, AssistantMessage):
                last = last_group and position == len(messages) - 1
                _assistant(content, message, provider, mistral, tool_content, last)
            _cache_point(content, message.provider_options, provider)
        if not any("cachePoint" not in block for block in content):
            continue  # everything in it was left out (tool content without tools)
        wire_role = "user" if role == "user" else "assistant"
        if out.messages and out.messages[-1]["role"] == wire_role:
            out.messages[-1]["content"].extend(content)  # the turn between was left out
        else:
            out.messages.append({"role": wire_role, "content": content})
    return out


def _groups(prompt: Sequence[Message]) -> list[tuple[str, list[Message]]]:
    groups: list[tuple[str, list[Message]]] = []
    for message in prompt:
        role = "user" if message.role == "tool" else message.role
        if groups and groups[-1][0] == role:
            groups[-1][1].append(message)
        else:
            groups.append((role, [message]))
    return groups


class _DocumentNames:
    """``document-1``, ``document-2``, ... for documents without a filename (names must
    be unique within a request)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"document-{self.count}"


def _cache_point(content: list[dict[str, Any]], options: Any, provider: str) -> None:
    point = own_options(options, provider).get("cachePoint")
    if isinstance(point, Mapping):
        content.append({"cachePoint": dict(point)})


def _user(content: list[dict[str, Any]], message: UserMessage, provider: str, names: _DocumentNames) -> None:
    for part in message.content:
        if isinstance(part, TextPart):
            content.append({"text": part.text})
        elif isinstance(part, FilePart):
            block = file_block(part.data, part.media_type, part.filename, names)
            citations = own_options(part.provider_options, provider).get("citations")
            if "document" in block and isinstance(citations, Mapping) and citations.get("enabled"):
                block["document"]["citations"] = {"enabled": True}
            content.append(block)
        _cache_point(content, part.provider_options, provider)


def _tool_results(
    content: list[dict[str, Any]], message: ToolMessage, provider: str, names: _DocumentNames, mistral: bool
) -> None:
    for part in message.content:
        output = part.output
        blocks: list[dict[str, Any]]
        if output.type == "content":
            blocks = [_result_block(item, names) for item in output.value or ()]
        elif output.type in ("text", "error-text"):
            blocks = [{"text": str(output.value)}]
        elif output.type == "execution-denied":
            blocks = [{"text": output.reason or "Tool call execution denied."}]
        else:
            blocks = [{"text": json.dumps(output.value, ensure_ascii=False)}]
        result: dict[str, Any] = {"toolUseId": tool_call_id(part.tool_call_id, mistral), "content": blocks}
        if output.type in ("error-text", "error-json", "execution-denied"):
            result["status"] = "error"
        content.append({"toolResult": result})
        _cache_point(content, part.provider_options, provider)


def _result_block(item: Any, names: _DocumentNames) -> dict[str, Any]:
    """One part of a ``content`` tool output (the AI SDK's ``{type: text | file-data |
    image-data | media ...}`` shapes)."""
    if not isinstance(item, Mapping):
        return {"text": json.dumps(item, ensure_ascii=False)}
    kind = item.get("type")
    if kind == "text":
        return {"text": str(item.get("text", ""))}
    data = item.get("data")
    media_type = item.get("mediaType") or item.get("media_type")
    if isinstance(data, str) and isinstance(media_type, str):
        from ...spec import DataFile

        filename = item.get("filename")
        return file_block(DataFile(data), media_type, filename if isinstance(filename, str) else None, names)
    return {"text": json.dumps(item, ensure_ascii=False)}


def _assistant(
    content: list[dict[str, Any]],
    message: AssistantMessage,
    provider: str,
    mistral: bool,
    tool_content: bool,
    last: bool,
) -> None:
    has_reasoning = any(isinstance(part, ReasoningPart) for part in message.content)
    for position, part in enumerate(message.content):
        if isinstance(part, TextPart):
            if not part.text.strip() and not has_reasoning:
                continue  # Converse rejects blank text blocks
            # A prefilled final assistant turn may not end in whitespace.
            text = part.text.rstrip() if last and position == len(message.content) - 1 else part.text
            content.append({"text": text})
        elif isinstance(part, ReasoningPart):
            block = _reasoning(part, provider)
            if block is None:
                continue
            content.append(block)
        elif isinstance(part, ToolCallPart):
            if not tool_content or part.provider_executed:
                continue
            content.append(
                {
                    "toolUse": {
                        "toolUseId": tool_call_id(part.tool_call_id, mistral),
                        "name": sanitize_tool_name(part.tool_name),
                        "input": _tool_input(part.input),
                    }
                }
            )
        elif isinstance(part, FilePart):
            content.append(file_block(part.data, part.media_type, part.filename, _DocumentNames()))
        else:
            continue
        _cache_point(content, part.provider_options, provider)


def _reasoning(part: ReasoningPart, provider: str) -> dict[str, Any] | None:
    own = own_options(part.provider_options, provider)
    signature = own.get("signature")
    if isinstance(signature, str) and signature:
        # The signature covers the exact text: never trimmed.
        return {"reasoningContent": {"reasoningText": {"text": part.text, "signature": signature}}}
    redacted = own.get("redactedData") or own.get("redactedContent")
    if isinstance(redacted, str) and redacted:
        return {"reasoningContent": {"redactedContent": redacted}}
    return None


def _tool_input(value: Any) -> dict[str, Any]:
    """Converse takes a tool call's input only as an object; anything else (arguments
    the model got wrong) goes back wrapped, so the model sees what it sent."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            return {"rawInvalidInput": value}
    if isinstance(value, dict):
        return value
    return {"rawInvalidInput": value}
