"""LlamaIndex ``ChatMessage`` s -> spec prompt, and spec results -> LlamaIndex responses."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from typing import Any

from llama_index.core.base.llms.types import (
    AudioBlock,
    ChatMessage,
    ChatResponse,
    DocumentBlock,
    ImageBlock,
    MessageRole,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)

from ...core.messages import file_data, image_part
from ...spec import (
    AssistantMessage,
    Content,
    FilePart,
    Message,
    ReasoningContent,
    ReasoningPart,
    SystemMessage,
    TextContent,
    TextPart,
    ToolCallContent,
    ToolCallPart,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    Usage,
    UserMessage,
)
from ...spec.errors import InvalidPromptError

_SYSTEM_ROLES = (MessageRole.SYSTEM, MessageRole.DEVELOPER)
_USER_ROLES = (MessageRole.USER,)
_ASSISTANT_ROLES = (MessageRole.ASSISTANT, MessageRole.CHATBOT, MessageRole.MODEL)


def convert_messages(messages: Sequence[ChatMessage]) -> list[Message]:
    tool_names: dict[str, str] = {}
    out: list[Message] = []
    for message in messages:
        role = message.role
        if role in _SYSTEM_ROLES:
            out.append(SystemMessage(_text(message)))
        elif role in _USER_ROLES:
            out.append(UserMessage([_user_part(block) for block in message.blocks]))
        elif role in _ASSISTANT_ROLES:
            assistant = _assistant(message)
            for part in assistant.content:
                if isinstance(part, ToolCallPart):
                    tool_names[part.tool_call_id] = part.tool_name
            out.append(assistant)
        elif role in (MessageRole.TOOL, MessageRole.FUNCTION):
            call_id = str(message.additional_kwargs.get("tool_call_id", ""))
            name = str(message.additional_kwargs.get("name") or tool_names.get(call_id, ""))
            output = ToolResultOutput("text", _text(message))
            out.append(ToolMessage([ToolResultPart(call_id, name, output)]))
        else:
            raise InvalidPromptError(f"cannot send a message with role {role!r}")
    return out


def _text(message: ChatMessage) -> str:
    return "".join(block.text for block in message.blocks if isinstance(block, TextBlock))


def _user_part(block: Any) -> TextPart | FilePart:
    if isinstance(block, TextBlock):
        return TextPart(block.text)
    if isinstance(block, ImageBlock):
        if block.url is not None and block.image is None:
            return image_part(str(block.url), block.image_mimetype)
        data = block.resolve_image(as_base64=True).read().decode("ascii")
        return image_part(data, block.image_mimetype)
    if isinstance(block, DocumentBlock):
        data = block.resolve_document().read()
        return FilePart(file_data(data), block.document_mimetype or "application/pdf", block.title)
    if isinstance(block, AudioBlock):
        data = block.resolve_audio(as_base64=True).read().decode("ascii")
        return FilePart(file_data(data), f"audio/{block.format or 'wav'}")
    raise InvalidPromptError(f"unsupported block {type(block).__name__} in a user message")


def _assistant(message: ChatMessage) -> AssistantMessage:
    parts: list[Any] = []
    calls = [b for b in message.blocks if isinstance(b, ToolCallBlock)]
    for block in message.blocks:
        if isinstance(block, ThinkingBlock) and block.content:
            parts.append(ReasoningPart(block.content))
    text = _text(message)
    if text:
        parts.append(TextPart(text))
    for call in calls:
        arguments = call.tool_kwargs
        if isinstance(arguments, str):
            # Unparsable arguments go back exactly as the model wrote them, so it can see its mistake.
            with contextlib.suppress(ValueError):
                arguments = json.loads(arguments) if arguments.strip() else {}
        parts.append(ToolCallPart(str(call.tool_call_id), call.tool_name, arguments))
    if not calls:  # older integrations keep OpenAI-shaped calls in additional_kwargs
        for raw in message.additional_kwargs.get("tool_calls") or ():
            legacy = raw if isinstance(raw, dict) else raw.model_dump()
            function = legacy["function"]
            arguments = json.loads(function["arguments"] or "{}")
            parts.append(ToolCallPart(legacy["id"], function["name"], arguments))
    return AssistantMessage(parts)


def usage_dict(usage: Usage) -> dict[str, int] | None:
    """OpenAI-shaped usage, which LlamaIndex's TokenCountingHandler reads from ``raw``."""
    if usage.input_tokens.total is None and usage.output_tokens.total is None:
        return None
    prompt, completion = usage.input_tokens.total or 0, usage.output_tokens.total or 0
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def assistant_message(
    content: Sequence[Content], tool_call_args: dict[str, str] | None = None
) -> ChatMessage:
    """The assistant message for ``content``; tool arguments stay text until complete,
    so a streamed partial call is never parsed too early."""
    blocks: list[Any] = []
    reasoning = "".join(p.text for p in content if isinstance(p, ReasoningContent))
    if reasoning:
        blocks.append(ThinkingBlock(content=reasoning))
    text = "".join(p.text for p in content if isinstance(p, TextContent))
    blocks.append(TextBlock(text=text))
    for part in content:
        if isinstance(part, ToolCallContent):
            blocks.append(
                ToolCallBlock(
                    tool_call_id=part.tool_call_id, tool_name=part.tool_name, tool_kwargs=part.input
                )
            )
    return ChatMessage(role=MessageRole.ASSISTANT, blocks=blocks)


def chat_response(
    message: ChatMessage, usage: Usage, raw: dict[str, Any], delta: str | None = None
) -> ChatResponse:
    counts = usage_dict(usage)
    raw = {**raw, "usage": counts}
    return ChatResponse(message=message, raw=raw, delta=delta, additional_kwargs=dict(counts or {}))
