"""Spec prompt -> the Responses API's ``input`` items (outbound only).

Messages become role items (``system`` or ``developer``, ``user`` with ``input_text`` /
``input_image`` / ``input_file`` parts, ``assistant`` with ``output_text``); tool calls
and results become ``function_call`` / ``function_call_output`` items; reasoning
becomes ``reasoning`` items. What OpenAI already holds is referred to, not resent: with
``store`` (OpenAI's default) an assistant part that came from OpenAI (its
``provider_options["openai"]["itemId"]``) is an ``item_reference``. Without ``store``
the reasoning goes back whole, with the ``encrypted_content`` it came with, so a
reasoning model continues its own chain of thought in a tool loop.

Only this provider's key is read: reasoning from another provider (an Anthropic
signature, a Gemini thought) has no OpenAI item and is dropped with a warning, so a
history started elsewhere continues here.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

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
    UrlFile,
    UserMessage,
)
from ...spec.errors import InvalidPromptError, UnsupportedFunctionalityError
from .chat_messages import _sniff_image_type

SystemRole = Literal["system", "developer"]


@dataclass
class InputContext:
    """How to write the prompt: the provider key to read, the role system messages
    take, whether OpenAI stores items, whether a previous response is continued."""

    provider: str
    system_role: SystemRole = "system"
    store: bool = True
    continues_response: bool = False
    warnings: list[CallWarning] = field(default_factory=list)


def convert_to_responses_input(prompt: Prompt, context: InputContext) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    referenced: set[str] = set()
    provider_executed: set[str] = set()
    for message in prompt:
        if isinstance(message, SystemMessage):
            items.append({"role": context.system_role, "content": message.content})
        elif isinstance(message, UserMessage):
            items.append(
                {
                    "role": "user",
                    "content": [_user_part(p, i, context) for i, p in enumerate(message.content)],
                }
            )
        elif isinstance(message, AssistantMessage):
            _assistant(message, context, items, referenced, provider_executed)
        elif isinstance(message, ToolMessage):
            for part in message.content:
                if part.tool_call_id in provider_executed:
                    continue  # OpenAI ran it; its result is already in the item
                items.append(_tool_output(part))
        else:
            raise InvalidPromptError(f"unknown message type {type(message).__name__}")
    if not context.store and any(
        i.get("type") == "reasoning" and not i.get("encrypted_content") for i in items
    ):
        context.warnings.append(
            CallWarning(
                "other",
                message="reasoning without encrypted content cannot be sent when store is false; "
                "it was left out",
            )
        )
        items = [i for i in items if i.get("type") != "reasoning" or i.get("encrypted_content")]
    return items


def _options(part: Any, provider: str) -> Mapping[str, Any]:
    options = (part.provider_options or {}).get(provider)
    return options if isinstance(options, Mapping) else {}


# -- user content ------------------------------------------------------------------------


def _user_part(part: Any, index: int, context: InputContext) -> dict[str, Any]:
    if isinstance(part, TextPart):
        return {"type": "input_text", "text": part.text}
    if not isinstance(part, FilePart):
        raise InvalidPromptError(f"a user message cannot contain a {part.type!r} part")
    media_type = part.media_type
    data = part.data
    reference = getattr(data, "reference", None)
    if isinstance(reference, Mapping):
        file_id = reference.get(context.provider)
        if not file_id:
            raise UnsupportedFunctionalityError(
                f"this file is a reference to another provider's upload ({', '.join(reference)}); "
                f"upload it to {context.provider} or send its bytes"
            )
        kind = "input_image" if media_type.startswith("image") else "input_file"
        return {"type": kind, "file_id": file_id}
    if media_type == "image" or media_type.startswith("image/"):
        image: dict[str, Any] = {"type": "input_image", "image_url": _image_url(part)}
        detail = _options(part, context.provider).get("imageDetail")
        if detail:
            image["detail"] = detail
        return image
    if isinstance(data, UrlFile):
        return {"type": "input_file", "file_url": data.url}
    if media_type == "application/pdf" and isinstance(data, DataFile):
        return {
            "type": "input_file",
            "filename": part.filename or f"part-{index}.pdf",
            "file_data": f"data:application/pdf;base64,{_base64(data)}",
        }
    if media_type.startswith("text/") and isinstance(data, DataFile):
        raw = data.data
        return {
            "type": "input_text",
            "text": base64.b64decode(raw).decode() if isinstance(raw, str) else raw.decode(),
        }
    raise UnsupportedFunctionalityError(
        f"file parts of media type {media_type!r} cannot be sent to the OpenAI Responses API; "
        "send images, PDFs or text"
    )


def _image_url(part: FilePart) -> str:
    if isinstance(part.data, UrlFile):
        return part.data.url
    media_type = part.media_type
    if media_type in ("image", "image/*"):
        media_type = _sniff_image_type(part.data.data)
    return f"data:{media_type};base64,{_base64(part.data)}"


def _base64(file: DataFile) -> str:
    data = file.data
    return data if isinstance(data, str) else base64.b64encode(data).decode("ascii")


# -- assistant turns ---------------------------------------------------------------------


def _assistant(
    message: AssistantMessage,
    context: InputContext,
    items: list[dict[str, Any]],
    referenced: set[str],
    provider_executed: set[str],
) -> None:
    reasoning: dict[str, dict[str, Any]] = {}
    for part in message.content:
        options = _options(part, context.provider)
        item_id = options.get("itemId") if isinstance(options.get("itemId"), str) else None
        if isinstance(part, TextPart):
            if context.store and item_id:
                _reference(items, referenced, item_id)
            else:
                items.append({"role": "assistant", "content": [{"type": "output_text", "text": part.text}]})
        elif isinstance(part, ReasoningPart):
            _reasoning(part, options, item_id, context, items, reasoning, referenced)
        elif isinstance(part, ToolCallPart):
            if part.provider_executed or options.get("providerExecuted"):
                provider_executed.add(part.tool_call_id)
                if context.store and item_id:
                    _reference(items, referenced, item_id)
                continue
            if context.continues_response and context.store and item_id:
                continue  # already part of the response being continued
            arguments = part.input if isinstance(part.input, str) else json.dumps(part.input)
            items.append(
                {
                    "type": "function_call",
                    "call_id": part.tool_call_id,
                    "name": part.tool_name,
                    "arguments": arguments,
                }
            )
        elif isinstance(part, ToolResultPart):  # a provider-executed tool's result
            provider_executed.add(part.tool_call_id)
            if context.store:
                _reference(items, referenced, item_id or part.tool_call_id)
            else:
                context.warnings.append(
                    CallWarning(
                        "other",
                        message=f"results of OpenAI's {part.tool_name} tool are not sent back "
                        "when store is false",
                    )
                )
        # files in assistant turns have no Responses input form; OpenAI made them


def _reference(items: list[dict[str, Any]], referenced: set[str], item_id: str) -> None:
    if item_id not in referenced:
        referenced.add(item_id)
        items.append({"type": "item_reference", "id": item_id})


def _reasoning(
    part: ReasoningPart,
    options: Mapping[str, Any],
    item_id: str | None,
    context: InputContext,
    items: list[dict[str, Any]],
    seen: dict[str, dict[str, Any]],
    referenced: set[str],
) -> None:
    """One reasoning item per OpenAI item id: its summary parts, in order, and the
    latest ``encrypted_content`` any of them carried."""
    encrypted = options.get("reasoningEncryptedContent")
    encrypted = encrypted if isinstance(encrypted, str) and encrypted else None
    summary = [{"type": "summary_text", "text": part.text}] if part.text else []
    if item_id is None:
        if encrypted is None:
            context.warnings.append(
                CallWarning(
                    "other",
                    message="reasoning from another provider cannot be sent to OpenAI; it was left out",
                )
            )
            return
        items.append({"type": "reasoning", "encrypted_content": encrypted, "summary": summary})
        return
    if context.continues_response:
        return  # part of the response being continued
    if context.store:
        _reference(items, referenced, item_id)
        return
    item = seen.get(item_id)
    if item is None:
        item = {"type": "reasoning", "id": item_id, "summary": summary}
        if encrypted:
            item["encrypted_content"] = encrypted
        seen[item_id] = item
        items.append(item)
        return
    item["summary"].extend(summary)
    if encrypted:
        item["encrypted_content"] = encrypted


# -- tool results ------------------------------------------------------------------------


def _tool_output(part: ToolResultPart) -> dict[str, Any]:
    return {"type": "function_call_output", "call_id": part.tool_call_id, "output": _output(part.output)}


def _output(output: ToolResultOutput) -> Any:
    if output.type in ("text", "error-text"):
        return str(output.value)
    if output.type == "execution-denied":
        return output.reason or "Tool call execution denied."
    if output.type == "content":
        return [_output_item(item) for item in output.value or ()]
    return json.dumps(output.value)


def _output_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """A tool result's content item: text, or a file (``data`` base64 or ``url``)."""
    kind = item.get("type")
    if kind == "text":
        return {"type": "input_text", "text": str(item.get("text", ""))}
    media_type = str(item.get("mediaType") or item.get("media_type") or "")
    data: Any = item.get("data")
    url = item.get("url")
    if isinstance(data, UrlFile):
        url, data = data.url, None
    elif isinstance(data, DataFile):
        data = data.data
    elif isinstance(data, Mapping):  # spec V4's tagged file data, as JSON
        url = data.get("url") if data.get("type") == "url" else None
        data = data.get("data") if data.get("type") == "data" else None
    if isinstance(data, bytes):
        data = base64.b64encode(data).decode("ascii")
    if kind in ("file", "image", "image-data", "file-data", "media") and (data or url):
        if media_type.startswith("image") or kind.startswith("image"):
            if data and media_type in ("", "image", "image/*"):
                media_type = _sniff_image_type(str(data))
            return {"type": "input_image", "image_url": url or f"data:{media_type};base64,{data}"}
        if url:
            return {"type": "input_file", "file_url": url}
        return {
            "type": "input_file",
            "filename": str(item.get("filename") or "data"),
            "file_data": f"data:{media_type or 'application/pdf'};base64,{data}",
        }
    raise UnsupportedFunctionalityError(
        f"a tool result content item of type {kind!r} cannot be sent to the OpenAI Responses API"
    )
