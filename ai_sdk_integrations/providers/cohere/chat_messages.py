"""Spec prompt -> Cohere v2 ``messages`` and grounding ``documents`` (outbound only).

* user: text, and images as ``image_url`` blocks (the content becomes a list of blocks
  only when there is an image, as the AI SDK sends it); text files (``text/*``,
  ``application/json``) become ``documents`` for grounded generation, titled after
  their file names, as the AI SDK does;
* assistant: text, ``tool_calls``, and the reasoning Cohere gave earlier: a tool plan
  back as ``tool_plan``, thinking back as ``thinking`` content blocks. Reasoning from
  another provider (no ``cohere`` metadata) is not sent; text before tool calls with no
  tool plan of its own is sent as the ``tool_plan``, which is what it is to Cohere;
* tool: one ``role: tool`` message per result, with ``tool_call_id`` and text content.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
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
    UserMessage,
)
from ...spec.errors import InvalidPromptError, UnsupportedFunctionalityError
from .fields import PROVIDER

TOOL_PLAN = "tool_plan"
THINKING = "thinking"
_DOCUMENT_TYPES = ("application/json",)


def convert_to_cohere_messages(
    prompt: Prompt,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[CallWarning]]:
    """``(messages, documents, warnings)``."""
    messages: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    warnings: list[CallWarning] = []
    for message in prompt:
        if isinstance(message, SystemMessage):
            messages.append({"role": "system", "content": message.content})
        elif isinstance(message, UserMessage):
            messages.append(_user_message(message, documents))
        elif isinstance(message, AssistantMessage):
            messages.append(_assistant_message(message, warnings))
        elif isinstance(message, ToolMessage):
            messages.extend(
                {"role": "tool", "tool_call_id": part.tool_call_id, "content": tool_output(part.output)}
                for part in message.content
            )
        else:
            raise InvalidPromptError(f"unknown message type {type(message).__name__}")
    return messages, documents, warnings


def _user_message(message: UserMessage, documents: list[dict[str, Any]]) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    has_image = False
    for part in message.content:
        if isinstance(part, TextPart):
            if part.text:
                blocks.append({"type": "text", "text": part.text})
        elif isinstance(part, FilePart):
            if part.media_type == "image" or part.media_type.startswith("image/"):
                has_image = True
                blocks.append(_image_block(part))
            else:
                documents.append(_document(part))
        else:
            raise InvalidPromptError(f"a user message cannot contain a {part.type!r} part")
    if has_image:
        return {"role": "user", "content": blocks}
    return {"role": "user", "content": "".join(b["text"] for b in blocks)}


def _image_block(part: FilePart) -> dict[str, Any]:
    if isinstance(part.data, DataFile):
        media_type = part.media_type if "/" in part.media_type else _sniff_image(part.data)
        url = f"data:{media_type};base64,{_base64(part.data)}"
    else:
        url = part.data.url
    image: dict[str, Any] = {"url": url}
    detail = _own(part.provider_options).get("detail")
    if detail:
        image["detail"] = detail
    return {"type": "image_url", "image_url": image}


def _document(part: FilePart) -> dict[str, Any]:
    media_type = part.media_type
    if not (media_type.startswith("text/") or media_type in _DOCUMENT_TYPES):
        raise UnsupportedFunctionalityError(
            f"Cohere's chat takes images and text documents (text/*, application/json), not "
            f"{media_type!r}; extract the text of the file and send it as a text/plain file part"
        )
    if not isinstance(part.data, DataFile):
        raise UnsupportedFunctionalityError(
            "Cohere cannot fetch documents by URL: download the file and send its bytes"
        )
    raw = part.data.data
    try:
        data = base64.b64decode(raw, validate=True) if isinstance(raw, str) else bytes(raw)
        text = data.decode("utf-8")
    except (binascii.Error, ValueError) as exc:
        raise InvalidPromptError(
            f"the {media_type} file part is neither UTF-8 bytes nor base64 of them: {exc}"
        ) from exc
    document: dict[str, Any] = {"text": text}
    if part.filename:
        document["title"] = part.filename
    return {"data": document}


def _assistant_message(message: AssistantMessage, warnings: list[CallWarning]) -> dict[str, Any]:
    text: list[str] = []
    plan: list[str] = []
    thinking: list[str] = []
    calls: list[dict[str, Any]] = []
    for part in message.content:
        if isinstance(part, TextPart):
            text.append(part.text)
        elif isinstance(part, ReasoningPart):
            kind = _own(part.provider_options).get("type")
            if kind == TOOL_PLAN:
                plan.append(part.text)
            elif kind == THINKING:
                thinking.append(part.text)
        elif isinstance(part, ToolCallPart):
            arguments = part.input if isinstance(part.input, str) else json.dumps(part.input)
            calls.append(
                {
                    "id": part.tool_call_id,
                    "type": "function",
                    "function": {"name": part.tool_name, "arguments": arguments},
                }
            )
        elif isinstance(part, FilePart):
            warnings.append(
                CallWarning(
                    "other", message="a file in an assistant message has no Cohere form; it was left out"
                )
            )
    out: dict[str, Any] = {"role": "assistant"}
    content = "".join(text)
    if calls:
        out["tool_calls"] = calls
        if plan:
            out["tool_plan"] = "".join(plan)
        elif content:
            out["tool_plan"], content = content, ""
    if thinking:
        blocks = [{"type": "thinking", "thinking": t} for t in thinking if t]
        out["content"] = [*blocks, *([{"type": "text", "text": content}] if content else [])]
    elif content or not calls:
        out["content"] = content
    return out


def tool_output(output: ToolResultOutput) -> str:
    """A tool result as Cohere's text content: strings as sent, JSON serialised."""
    if output.type in ("text", "error-text"):
        return str(output.value)
    if output.type == "execution-denied":
        return output.reason or "Tool execution denied."
    if output.type == "content":
        items = output.value or []
        if any(not isinstance(item, dict) or item.get("type") != "text" for item in items):
            raise UnsupportedFunctionalityError(
                "Cohere takes text tool results; this one holds a file or image. "
                "Send the file in a user message instead."
            )
        return "".join(str(item.get("text", "")) for item in items)
    return json.dumps(output.value, ensure_ascii=False)


def _own(options: Any) -> dict[str, Any]:
    own = (options or {}).get(PROVIDER)
    return dict(own) if isinstance(own, Mapping) else {}


def _base64(file: DataFile) -> str:
    data = file.data
    return data if isinstance(data, str) else base64.b64encode(data).decode("ascii")


_IMAGE_SIGNATURES = ((b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"))


def _sniff_image(file: DataFile) -> str:
    data = file.data
    try:
        head = data[:16] if isinstance(data, bytes) else base64.b64decode(data[:24] + "==")
    except (binascii.Error, ValueError):
        return "image/jpeg"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for sig, kind in _IMAGE_SIGNATURES if head.startswith(sig)), "image/jpeg")
