"""LlamaIndex ``ChatMessage`` s -> spec prompt, and spec results -> LlamaIndex responses.

Reasoning becomes one ``ThinkingBlock`` per reasoning part, its provider metadata (the
signatures some providers require back) under ``additional_information["provider_metadata"]``;
a ``ThinkingBlock`` in the history goes back as a ``ReasoningPart`` with that metadata as
its provider options, so a multi-turn conversation returns what the model produced.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
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
from ...core.tool_arguments import parse_tool_arguments
from ...spec import (
    AssistantMessage,
    Content,
    FilePart,
    Message,
    ProviderOptions,
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
from ...spec.errors import InvalidPromptError, InvalidToolInputError

PROVIDER_METADATA = "provider_metadata"
"""The ``ThinkingBlock.additional_information`` key of a reasoning part's provider metadata."""
TOOL_CALL_METADATA = "tool_call_provider_metadata"
"""The assistant message's ``additional_kwargs`` key: tool call id -> the provider
metadata the call came with (Gemini's thought signature; ``ToolCallBlock`` has no
field for it), sent back with the call on the next turn."""

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
    kept = message.additional_kwargs.get(TOOL_CALL_METADATA)
    call_metadata = kept if isinstance(kept, Mapping) else {}
    for block in message.blocks:
        if isinstance(block, ThinkingBlock):
            options = _provider_options(block.additional_information.get(PROVIDER_METADATA))
            if block.content or options:  # redacted reasoning is metadata only
                parts.append(ReasoningPart(block.content or "", options))
    text = _text(message)
    if text:
        parts.append(TextPart(text))
    for call in calls:
        arguments = call.tool_kwargs
        if isinstance(arguments, str):
            # Unparsable arguments go back exactly as the model wrote them, so it can see its mistake.
            with contextlib.suppress(ValueError):
                arguments = json.loads(arguments) if arguments.strip() else {}
        options = _provider_options(call_metadata.get(call.tool_call_id))
        parts.append(
            ToolCallPart(str(call.tool_call_id), call.tool_name, arguments, provider_options=options)
        )
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
    content: Sequence[Content], calls_in_progress: Mapping[str, tuple[str, str]] | None = None
) -> ChatMessage:
    """The assistant message for ``content``.

    A finished tool call keeps its arguments as the JSON text the model wrote, read
    strictly by ``get_tool_calls_from_response``. ``calls_in_progress`` (id -> name,
    arguments so far) are calls still streaming in: their arguments are read as far
    as they have come, into a dict, so a partial response never looks malformed.
    Calls are also listed OpenAI-style in ``additional_kwargs["tool_calls"]``, as
    llama-index-llms-openai keeps them: LlamaIndex's streaming function-calling
    program looks for that list before it reads a streamed response's calls.
    """
    blocks: list[Any] = [
        _thinking_block(part)
        for part in content
        if isinstance(part, ReasoningContent) and (part.text or part.provider_metadata)
    ]
    text = "".join(p.text for p in content if isinstance(p, TextContent))
    blocks.append(TextBlock(text=text))
    calls = [(p.tool_call_id, p.tool_name, p.input) for p in content if isinstance(p, ToolCallContent)]
    for call_id, name, arguments in calls:
        blocks.append(ToolCallBlock(tool_call_id=call_id, tool_name=name, tool_kwargs=arguments))
    for call_id, (name, arguments) in (calls_in_progress or {}).items():
        blocks.append(
            ToolCallBlock(tool_call_id=call_id, tool_name=name, tool_kwargs=_so_far(arguments, name))
        )
        calls.append((call_id, name, arguments))
    if not calls:
        return ChatMessage(role=MessageRole.ASSISTANT, blocks=blocks)
    listed = [
        {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}
        for call_id, name, arguments in calls
    ]
    extra: dict[str, Any] = {"tool_calls": listed}
    call_metadata = {
        p.tool_call_id: {k: dict(v) for k, v in p.provider_metadata.items()}
        for p in content
        if isinstance(p, ToolCallContent) and p.provider_metadata
    }
    if call_metadata:
        extra[TOOL_CALL_METADATA] = call_metadata
    return ChatMessage(role=MessageRole.ASSISTANT, blocks=blocks, additional_kwargs=extra)


def _thinking_block(part: ReasoningContent) -> ThinkingBlock:
    metadata = part.provider_metadata
    extra = {PROVIDER_METADATA: {k: dict(v) for k, v in metadata.items()}} if metadata else {}
    return ThinkingBlock(content=part.text, additional_information=extra)


def _provider_options(value: Any) -> ProviderOptions | None:
    """Provider metadata kept on a message or block, if it has the right shape."""
    if not isinstance(value, Mapping) or not all(isinstance(v, Mapping) for v in value.values()):
        return None
    return {str(k): dict(v) for k, v in value.items()} or None


def _so_far(arguments: str, tool_name: str) -> dict[str, Any]:
    """A streaming call's arguments as far as they go (``{}`` while nothing reads yet)."""
    try:
        return parse_tool_arguments(arguments, tool_name=tool_name, partial=True)
    except InvalidToolInputError:
        return {}  # reported once the call is complete, by get_tool_calls_from_response


def chat_response(
    message: ChatMessage,
    usage: Usage,
    raw: dict[str, Any],
    delta: str | None = None,
    thinking_delta: str | None = None,
) -> ChatResponse:
    """``thinking_delta`` is the new reasoning text, where LlamaIndex agents read it
    (``AgentStream.thinking_delta``), as llama-index-llms-openai and -anthropic put it.
    ``raw`` is the caller's own new dict (one per response): the usage is added to it
    in place, since streams call this once per delta."""
    counts = usage_dict(usage)
    raw["usage"] = counts
    extra: dict[str, Any] = dict(counts) if counts else {}
    if thinking_delta:
        extra["thinking_delta"] = thinking_delta
    return ChatResponse(message=message, raw=raw, delta=delta, additional_kwargs=extra)
