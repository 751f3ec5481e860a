"""Spec prompt -> Mistral Chat Completions ``messages`` (outbound only).

Where Mistral differs from OpenAI's Chat Completions, as the AI SDK sends it:

* user content is always a list of parts; images are ``{"type": "image_url",
  "image_url": "<url or data URL>"}`` (a string, not an object) and PDFs are
  ``{"type": "document_url", "document_url": "<url or data URL>"}``, by URL or inline
  as base64;
* reasoning goes back as ``thinking`` parts (``closed: true``) in the assistant's
  content, in order with its text; another provider's signatures are not sent;
* a trailing assistant message gets ``prefix: true`` (Mistral continues it);
* tool results are ``role: "tool"`` messages with the tool's ``name``;
* tool-call ids are mapped to Mistral's nine-character form (``tool_call_ids``).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from ...spec import (
    AssistantMessage,
    CallWarning,
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
from .tool_call_ids import mistral_tool_call_id

_IMAGE_SIGNATURES = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),
)


def convert_to_mistral_messages(prompt: Prompt, warnings: list[CallWarning]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    last = len(prompt) - 1
    for position, message in enumerate(prompt):
        if isinstance(message, SystemMessage):
            messages.append({"role": "system", "content": message.content})
        elif isinstance(message, UserMessage):
            messages.append({"role": "user", "content": [_user_part(part) for part in message.content]})
        elif isinstance(message, AssistantMessage):
            messages.append(_assistant_message(message, trailing=position == last, warnings=warnings))
        elif isinstance(message, ToolMessage):
            messages.extend(_tool_message(part) for part in message.content)
        else:
            raise InvalidPromptError(f"unknown message type {type(message).__name__}")
    return messages


def _user_part(part: Any) -> dict[str, Any]:
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text}
    if isinstance(part, FilePart):
        return _file_part(part)
    raise InvalidPromptError(f"a user message cannot contain a {getattr(part, 'type', part)!r} part")


def _file_part(part: FilePart) -> dict[str, Any]:
    media_type = part.media_type
    if media_type == "image" or media_type.startswith("image/"):
        return {"type": "image_url", "image_url": _url(part)}
    if media_type == "application/pdf":
        document: dict[str, Any] = {"type": "document_url", "document_url": _url(part)}
        if part.filename:
            document["document_name"] = part.filename
        return document
    raise UnsupportedFunctionalityError(
        f"Mistral chat takes images and PDFs only, not file parts of media type {media_type!r}; "
        "send text as a text part"
    )


def _url(part: FilePart) -> str:
    """The part's URL, or its bytes as a ``data:`` URL with the full media type."""
    if not isinstance(part.data, DataFile):
        return part.data.url
    data = part.data.data
    encoded = data if isinstance(data, str) else base64.b64encode(data).decode("ascii")
    media_type = part.media_type
    if media_type in ("image", "image/*"):
        media_type = _sniff_image_type(data)
    return f"data:{media_type};base64,{encoded}"


def _sniff_image_type(data: bytes | str) -> str:
    try:
        head = data[:16] if isinstance(data, bytes) else base64.b64decode(data[:24] + "==")
    except ValueError:
        return "image/jpeg"
    for signature, media_type in _IMAGE_SIGNATURES:
        if head.startswith(signature):
            return media_type
    return "image/jpeg"


def _assistant_message(
    message: AssistantMessage, *, trailing: bool, warnings: list[CallWarning]
) -> dict[str, Any]:
    parts: list[dict[str, Any]] = []
    text: list[str] = []
    tool_calls: list[dict[str, Any]] = []
    has_reasoning = False
    for part in message.content:
        if isinstance(part, TextPart):
            text.append(part.text)
            parts.append({"type": "text", "text": part.text})
        elif isinstance(part, ReasoningPart):
            if part.text:
                has_reasoning = True
                parts.append(
                    {"type": "thinking", "thinking": [{"type": "text", "text": part.text}], "closed": True}
                )
        elif isinstance(part, ToolCallPart):
            # Arguments the model wrote that were not JSON go back as written.
            arguments = part.input if isinstance(part.input, str) else json.dumps(part.input)
            tool_calls.append(
                {
                    "id": mistral_tool_call_id(part.tool_call_id),
                    "type": "function",
                    "function": {"name": part.tool_name, "arguments": arguments},
                }
            )
        else:
            warnings.append(
                CallWarning(
                    "other",
                    message=f"an assistant {part.type!r} part has no Mistral form and was not sent",
                )
            )
    out: dict[str, Any] = {"role": "assistant", "content": parts if has_reasoning else "".join(text)}
    if tool_calls:
        out["tool_calls"] = tool_calls
    if trailing:
        out["prefix"] = True
    return out


def _tool_message(part: ToolResultPart) -> dict[str, Any]:
    return {
        "role": "tool",
        "name": part.tool_name,
        "tool_call_id": mistral_tool_call_id(part.tool_call_id),
        "content": _tool_output(part.output),
    }


def _tool_output(output: ToolResultOutput) -> str:
    if output.type in ("text", "error-text"):
        return str(output.value)
    if output.type == "execution-denied":
        return output.reason or "Tool call execution denied."
    return json.dumps(output.value, ensure_ascii=False)
