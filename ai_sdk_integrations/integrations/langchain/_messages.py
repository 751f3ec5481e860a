"""LangChain messages -> spec prompt (outbound only).

Accepts what LangChain users actually send: string or block-list content, OpenAI-style
blocks (``image_url``, ``input_audio``, ``file``), LangChain's standard data blocks
(``image`` / ``audio`` / ``file`` with ``url`` or ``base64``), Anthropic-style
``tool_use`` blocks beside ``tool_calls`` (ignored: ``tool_calls`` is the truth), and
tool messages with string or list content. An AI message's reasoning goes back with
the provider metadata it arrived with (``_reasoning``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    FunctionMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)

from ...core.messages import file_data, image_part
from ...spec import (
    AssistantMessage,
    FilePart,
    Message,
    ReasoningPart,
    TextPart,
    ToolCallPart,
    ToolResultOutput,
    ToolResultPart,
    UserMessage,
)
from ...spec import SystemMessage as SpecSystemMessage
from ...spec import ToolMessage as SpecToolMessage
from ...spec.errors import InvalidPromptError
from ._blocks import REASONING_PARTS, TOOL_CALL_METADATA

_AUDIO_FORMATS = {"wav": "audio/wav", "mp3": "audio/mpeg"}


def convert_messages(messages: Sequence[BaseMessage]) -> list[Message]:
    tool_names: dict[str, str] = {}
    out: list[Message] = []
    for message in messages:
        if isinstance(message, SystemMessage):
            out.append(SpecSystemMessage(_text(message.content), _cached_blocks(message.content)))
        elif isinstance(message, HumanMessage):
            out.append(UserMessage(_user_parts(message.content)))
        elif isinstance(message, AIMessage):
            for call in message.tool_calls:
                if call.get("id"):
                    tool_names[str(call["id"])] = call["name"]
            out.append(_assistant(message))
        elif isinstance(message, ToolMessage):
            name = message.name or tool_names.get(message.tool_call_id, "")
            out.append(SpecToolMessage([_tool_result(message, name)]))
        elif isinstance(message, FunctionMessage):
            output = ToolResultOutput("text", _text(message.content))
            out.append(SpecToolMessage([ToolResultPart(message.name, message.name, output)]))
        elif isinstance(message, ChatMessage):
            out.append(_chat_message(message))
        else:
            raise InvalidPromptError(f"cannot send a {type(message).__name__} to a chat model")
    return out


def _chat_message(message: ChatMessage) -> Message:
    role = message.role
    if role in ("system", "developer"):
        return SpecSystemMessage(_text(message.content))
    if role in ("user", "human"):
        return UserMessage(_user_parts(message.content))
    if role in ("assistant", "ai"):
        return AssistantMessage([TextPart(_text(message.content))])
    raise InvalidPromptError(f"ChatMessage role must be system, user or assistant, not {role!r}")


def _text(content: str | list[Any]) -> str:
    if isinstance(content, str):
        return content
    return "".join(
        block if isinstance(block, str) else str(block.get("text", ""))
        for block in content
        if isinstance(block, str) or block.get("type") == "text"
    )


def _user_parts(content: str | list[Any]) -> list[TextPart | FilePart]:
    if isinstance(content, str):
        return [TextPart(content)]
    parts = []
    for block in content:
        part = _user_block(block)
        cache = _cache_options(block)
        parts.append(dataclasses.replace(part, provider_options=cache) if cache else part)
    return parts


def _cache_options(block: Any) -> dict[str, dict[str, Any]] | None:
    """A block's ``cache_control`` (ChatAnthropic's spelling, or in a v1 block's
    ``extras``) as prompt caching for the providers that take it: Anthropic's cache
    control, and a Bedrock cache point after the block."""
    if not isinstance(block, dict):
        return None
    control = block.get("cache_control") or (block.get("extras") or {}).get("cache_control")
    if not control:
        return None
    return {"anthropic": {"cacheControl": control}, "bedrock": {"cachePoint": {"type": "default"}}}


def _cached_blocks(content: str | list[Any]) -> dict[str, dict[str, Any]] | None:
    """A system message is one text: cached when any of its blocks asks to be."""
    if isinstance(content, str):
        return None
    return next((options for block in content if (options := _cache_options(block))), None)


def _user_block(block: str | dict[str, Any]) -> TextPart | FilePart:
    if isinstance(block, str):
        return TextPart(block)
    kind = block.get("type")
    if kind == "text":
        return TextPart(str(block["text"]))
    if kind == "image_url":  # OpenAI format
        image = block["image_url"]
        return image_part(image if isinstance(image, str) else image["url"])
    if kind == "input_audio":  # OpenAI format
        audio = block["input_audio"]
        return FilePart(file_data(audio["data"]), _AUDIO_FORMATS.get(audio.get("format", ""), "audio/wav"))
    if kind == "file" and isinstance(block.get("file"), dict):  # OpenAI format
        file = block["file"]
        return FilePart(file_data(file["file_data"]), "application/pdf", file.get("filename"))
    if kind == "image" and isinstance(block.get("source"), dict):  # Anthropic format
        source = block["source"]
        data = source.get("data") if source.get("type") == "base64" else source.get("url")
        return image_part(data, source.get("media_type"))
    if kind in ("image", "audio", "file", "video"):  # LangChain standard data blocks
        return _data_block(block, kind)
    raise InvalidPromptError(
        f"unsupported content block type {kind!r}; send text, image, audio or file blocks"
    )


def _data_block(block: dict[str, Any], kind: str) -> FilePart:
    media_type = block.get("mime_type") or block.get("mimeType") or ("image/*" if kind == "image" else None)
    if block.get("source_type") == "base64" or "base64" in block:
        data = block.get("base64") or block.get("data")
    elif block.get("source_type") == "url" or "url" in block:
        data = block.get("url")
    else:
        raise InvalidPromptError(f"a {kind} block needs 'url' or 'base64' data")
    if media_type is None:
        raise InvalidPromptError(f"a {kind} block with base64 data needs 'mime_type'")
    filename = block.get("filename") or (block.get("extras") or {}).get("filename")
    return FilePart(file_data(data), str(media_type), filename)


def _assistant(message: AIMessage) -> AssistantMessage:
    parts: list[Any] = _reasoning(message)
    text = _text(message.content)
    if text:
        parts.append(TextPart(text))
    kept = message.additional_kwargs.get(TOOL_CALL_METADATA)
    metadata = kept if isinstance(kept, dict) else {}
    parts.extend(
        ToolCallPart(
            str(call["id"]), call["name"], call["args"], provider_options=_options(metadata.get(call["id"]))
        )
        for call in message.tool_calls
    )
    return AssistantMessage(parts)


def _reasoning(message: AIMessage) -> list[ReasoningPart]:
    """The message's reasoning, with the provider metadata each part came with (a
    signature, encrypted reasoning) as its ``provider_options``, which is how the
    provider receives it back. Read from v1 ``reasoning`` blocks in ``content``, else
    our ``reasoning_parts``, else the plain ``reasoning_content`` text."""
    parts: list[ReasoningPart] = []
    if isinstance(message.content, list):
        parts = [
            _reasoning_part(block.get("reasoning"), (block.get("extras") or {}).get("provider_metadata"))
            for block in message.content
            if isinstance(block, dict) and block.get("type") == "reasoning"
        ]
    kept = message.additional_kwargs.get(REASONING_PARTS)
    if not parts and isinstance(kept, list):
        parts = [
            _reasoning_part(p.get("text"), p.get("provider_metadata")) for p in kept if isinstance(p, dict)
        ]
    text = message.additional_kwargs.get("reasoning_content")
    if not parts and isinstance(text, str):
        parts = [ReasoningPart(text)]
    return [part for part in parts if part.text or part.provider_options]


def _reasoning_part(text: Any, metadata: Any) -> ReasoningPart:
    return ReasoningPart(str(text or ""), _options(metadata))


def _options(metadata: Any) -> dict[str, dict[str, Any]] | None:
    """Provider metadata kept on a message, back as a prompt part's provider options."""
    if not isinstance(metadata, dict):
        return None
    return {str(k): dict(v) for k, v in metadata.items() if isinstance(v, dict)} or None


def _tool_result(message: ToolMessage, name: str) -> ToolResultPart:
    content = message.content
    if isinstance(content, str) or all(isinstance(b, str) or b.get("type") == "text" for b in content):
        output = ToolResultOutput("error-text" if message.status == "error" else "text", _text(content))
        return ToolResultPart(message.tool_call_id, name, output)
    items: list[dict[str, Any]] = []
    for block in content:
        part = _user_block(block)
        if isinstance(part, TextPart):
            items.append({"type": "text", "text": part.text})
        else:
            items.append({"type": "file", "data": part.data, "mediaType": part.media_type})
    return ToolResultPart(message.tool_call_id, name, ToolResultOutput("content", items))
