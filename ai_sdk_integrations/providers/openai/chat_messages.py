"""Spec prompt -> OpenAI Chat Completions ``messages`` (outbound only)."""

from __future__ import annotations

import base64
import json
from typing import Any

from ...spec import (
    AssistantMessage,
    DataFile,
    FilePart,
    Prompt,
    ReasoningPart,
    SystemMessage,
    TextPart,
    ToolCallPart,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UserMessage,
)
from ...spec.errors import InvalidPromptError, UnsupportedFunctionalityError
from .dialect import ChatDialect

_IMAGE_SIGNATURES = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),
)
_AUDIO_FORMATS = {"audio/wav": "wav", "audio/x-wav": "wav", "audio/mpeg": "mp3", "audio/mp3": "mp3"}


def convert_to_openai_messages(prompt: Prompt, dialect: ChatDialect) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for message in prompt:
        if isinstance(message, SystemMessage):
            messages.append({"role": "system", "content": message.content})
        elif isinstance(message, UserMessage):
            messages.append({"role": "user", "content": _user_content(message, dialect)})
        elif isinstance(message, AssistantMessage):
            messages.append(_assistant_message(message, dialect))
        elif isinstance(message, ToolMessage):
            results = [_tool_message(part) for part in message.content]
            messages.extend(results)
            if dialect.tool_results_as_user_text and results:
                lines = (
                    f"Result of {p.tool_name}: {r['content']}"
                    for p, r in zip(message.content, results, strict=True)
                )
                messages.append({"role": "user", "content": "\n".join(lines)})
        else:
            raise InvalidPromptError(f"unknown message type {type(message).__name__}")
    return messages


def _user_content(message: UserMessage, dialect: ChatDialect) -> str | list[dict[str, Any]]:
    parts = message.content
    if len(parts) == 1 and isinstance(parts[0], TextPart):
        return parts[0].text
    out: list[dict[str, Any]] = []
    for part in parts:
        if isinstance(part, TextPart):
            out.append({"type": "text", "text": part.text})
        elif isinstance(part, FilePart):
            out.append(_file_part(part, dialect))
        else:
            raise InvalidPromptError(f"a user message cannot contain a {part.type!r} part")
    return out


def _file_part(part: FilePart, dialect: ChatDialect) -> dict[str, Any]:
    media_type = part.media_type
    if media_type == "image" or media_type.startswith("image/"):
        image: dict[str, Any] = {"url": _url_or_data_url(part)}
        detail = (part.provider_options or {}).get(dialect.provider, {}).get("imageDetail")
        if detail:
            image["detail"] = detail
        return {"type": "image_url", "image_url": image}
    if media_type in _AUDIO_FORMATS:
        if not isinstance(part.data, DataFile):
            raise UnsupportedFunctionalityError(
                "audio must be sent as bytes or base64, not as a URL, to OpenAI-style chat"
            )
        return {
            "type": "input_audio",
            "input_audio": {"data": _base64(part.data), "format": _AUDIO_FORMATS[media_type]},
        }
    if media_type == "application/pdf":
        if not isinstance(part.data, DataFile):
            raise UnsupportedFunctionalityError("PDFs must be sent as bytes or base64, not URLs")
        return {
            "type": "file",
            "file": {
                "filename": part.filename or "document.pdf",
                "file_data": f"data:application/pdf;base64,{_base64(part.data)}",
            },
        }
    if media_type.startswith("text/") and isinstance(part.data, DataFile):
        raw = part.data.data
        text = base64.b64decode(raw).decode() if isinstance(raw, str) else raw.decode()
        return {"type": "text", "text": text}
    raise UnsupportedFunctionalityError(
        f"file parts of media type {media_type!r} cannot be sent to OpenAI-style chat; "
        "send images, wav/mp3 audio, PDFs or text"
    )


def _url_or_data_url(part: FilePart) -> str:
    if not isinstance(part.data, DataFile):
        return part.data.url
    media_type = part.media_type
    if media_type in ("image", "image/*"):
        media_type = _sniff_image_type(part.data.data)
    return f"data:{media_type};base64,{_base64(part.data)}"


def _sniff_image_type(data: bytes | str) -> str:
    head = data[:16] if isinstance(data, bytes) else base64.b64decode(data[:24] + "==")
    for signature, media_type in _IMAGE_SIGNATURES:
        if head.startswith(signature):
            return media_type
    return "image/jpeg"


def _base64(file: DataFile) -> str:
    data = file.data
    return data if isinstance(data, str) else base64.b64encode(data).decode("ascii")


def _assistant_message(message: AssistantMessage, dialect: ChatDialect) -> dict[str, Any]:
    text: list[str] = []
    reasoning: list[str] = []
    tool_calls: list[dict[str, Any]] = []
    for part in message.content:
        if isinstance(part, TextPart):
            text.append(part.text)
        elif isinstance(part, ReasoningPart):
            reasoning.append(part.text)
        elif isinstance(part, ToolCallPart):
            arguments = part.input if isinstance(part.input, str) else json.dumps(part.input)
            tool_calls.append(
                {
                    "id": part.tool_call_id,
                    "type": "function",
                    "function": {"name": part.tool_name, "arguments": arguments},
                }
            )
        # Provider-executed tool results and files in assistant turns have no
        # Chat Completions form; the provider already has them.
    content = "".join(text)
    out: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        out["tool_calls"] = tool_calls
        if not content and dialect.assistant_tool_call_content == "null":
            out["content"] = None
    if reasoning and dialect.send_reasoning_content:
        out[dialect.reasoning_content_field] = "".join(reasoning)
    return out


def _tool_message(part: ToolResultPart) -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": part.tool_call_id, "content": _tool_output(part.output)}


def _tool_output(output: ToolResultOutput) -> str:
    if output.type in ("text", "error-text"):
        return str(output.value)
    if output.type == "execution-denied":
        return output.reason or "Tool call execution denied."
    if output.type == "content":
        items = output.value or []
        if any(item.get("type") != "text" for item in items):
            raise UnsupportedFunctionalityError(
                "OpenAI-style chat takes text-only tool results; this one holds a file or image. "
                "Send the file in a user message instead."
            )
        return "".join(str(item.get("text", "")) for item in items)
    return json.dumps(output.value)
