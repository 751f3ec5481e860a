"""User-facing prompts -> spec prompts.

People write ``prompt="..."``, ``system="..."`` and AI SDK-style message dicts
(``{"role": "user", "content": "hi"}``); codecs want spec messages. Spec objects pass
through untouched, so adapters that already build them pay nothing.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from ..spec import (
    AssistantMessage,
    DataFile,
    FilePart,
    Message,
    ProviderOptions,
    ReasoningPart,
    SystemMessage,
    TextPart,
    ToolApprovalRequestPart,
    ToolApprovalResponsePart,
    ToolCallPart,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UrlFile,
    UserMessage,
)
from ..spec.errors import InvalidPromptError

MessageLike = Message | Mapping[str, Any]
_MESSAGE_TYPES = (SystemMessage, UserMessage, AssistantMessage, ToolMessage)


def standardize_prompt(
    *,
    prompt: str | None = None,
    system: str | None = None,
    messages: Sequence[MessageLike] | None = None,
) -> list[Message]:
    if prompt is not None and messages is not None:
        raise InvalidPromptError("pass either prompt= or messages=, not both")
    if prompt is None and not messages:
        raise InvalidPromptError("nothing to send: pass prompt='...' or messages=[...]")
    out: list[Message] = [SystemMessage(system)] if system else []
    if prompt is not None:
        out.append(UserMessage([TextPart(prompt)]))
    for message in messages or ():
        out.append(message if isinstance(message, _MESSAGE_TYPES) else to_message(message))  # type: ignore[arg-type]
    return out


def to_message(data: Mapping[str, Any]) -> Message:
    """One AI SDK ``ModelMessage`` dict -> spec message (camelCase or snake_case keys)."""
    role = data.get("role")
    content = data.get("content")
    options = _options(data)
    if role == "system":
        return SystemMessage(str(content), options)
    if role == "user":
        return UserMessage(
            [TextPart(content)]
            if isinstance(content, str)
            else [_user_part(p) for p in _list(content, role)],
            options,
        )
    if role == "assistant":
        if isinstance(content, str):
            return AssistantMessage([TextPart(content)], options)
        return AssistantMessage([_assistant_part(p) for p in _list(content, role)], options)  # type: ignore[misc]
    if role == "tool":
        return ToolMessage([_tool_part(p) for p in _list(content, role)], options)  # type: ignore[misc]
    raise InvalidPromptError(
        f"message role must be system, user, assistant or tool; got {role!r} in {dict(data)!r}"
    )


def _list(content: Any, role: str) -> list[Mapping[str, Any]]:
    if not isinstance(content, list):
        raise InvalidPromptError(f"{role} message content must be a string or a list of parts")
    return content


def _get(part: Mapping[str, Any], camel: str, snake: str, default: Any = None) -> Any:
    return part.get(camel, part.get(snake, default))


def _options(data: Mapping[str, Any]) -> ProviderOptions | None:
    """A message's or part's ``providerOptions`` (Anthropic's cache control, a signature)."""
    options = _get(data, "providerOptions", "provider_options")
    if options is None:
        return None
    if not isinstance(options, Mapping) or not all(isinstance(v, Mapping) for v in options.values()):
        raise InvalidPromptError(
            "providerOptions must map a provider name to its options, "
            f"e.g. {{'anthropic': {{'cacheControl': {{'type': 'ephemeral'}}}}}}; got {options!r}"
        )
    return {str(k): dict(v) for k, v in options.items()}


def _user_part(part: Mapping[str, Any]) -> TextPart | FilePart:
    kind = part.get("type")
    options = _options(part)
    if kind == "text":
        return TextPart(part["text"], options)
    if kind == "image":
        image = image_part(part.get("image"), _get(part, "mediaType", "media_type"))
        return dataclasses.replace(image, provider_options=options) if options else image
    if kind == "file":
        data = part.get("data")
        media_type = _get(part, "mediaType", "media_type")
        if media_type is None:
            raise InvalidPromptError("a file part needs mediaType, e.g. 'application/pdf'")
        return FilePart(file_data(data), media_type, part.get("filename"), options)
    raise InvalidPromptError(f"user message parts are text, image or file; got {kind!r}")


def image_part(data: Any, media_type: str | None = None) -> FilePart:
    """An image from bytes, base64, a URL or a ``data:`` URL. A data URL's own media type
    is kept; otherwise ``image/*`` says "some image" (providers sniff or accept it)."""
    if isinstance(data, str) and data.startswith("data:") and ";base64," in data:
        header, _, payload = data.partition(",")
        return FilePart(DataFile(payload), media_type or header[5:].split(";")[0] or "image/*")
    return FilePart(file_data(data), media_type or "image/*")


def file_data(data: Any) -> DataFile | UrlFile:
    """bytes -> inline data; ``http(s):``/``data:`` strings -> URL; other strings -> base64."""
    if isinstance(data, (DataFile, UrlFile)):
        return data
    if isinstance(data, (bytes, bytearray)):
        return DataFile(bytes(data))
    if isinstance(data, str):
        if data.startswith(("http://", "https://", "data:")):
            return UrlFile(data)
        try:
            base64.b64decode(data, validate=True)
        except ValueError as exc:
            raise InvalidPromptError("file data must be bytes, a URL or a base64 string") from exc
        return DataFile(data)
    raise InvalidPromptError(f"file data must be bytes, a URL or base64, not {type(data).__name__}")


def _assistant_part(
    part: Mapping[str, Any],
) -> TextPart | ReasoningPart | ToolCallPart | ToolResultPart | ToolApprovalRequestPart:
    kind = part.get("type")
    options = _options(part)
    if kind == "text":
        return TextPart(part["text"], options)
    if kind == "reasoning":
        return ReasoningPart(part["text"], options)
    if kind == "tool-call":
        return ToolCallPart(
            _get(part, "toolCallId", "tool_call_id"),
            _get(part, "toolName", "tool_name"),
            part.get("input", part.get("args", {})),
            _get(part, "providerExecuted", "provider_executed"),
            options,
        )
    if kind == "tool-result":  # a provider-executed tool's result
        return _tool_result(part)
    if kind == "tool-approval-request":  # read by the tool loop, never sent to a model
        return ToolApprovalRequestPart(
            _get(part, "approvalId", "approval_id"), _get(part, "toolCallId", "tool_call_id")
        )
    raise InvalidPromptError(
        "assistant message parts are text, reasoning, tool-call, tool-result or "
        f"tool-approval-request; got {kind!r}"
    )


def _tool_part(part: Mapping[str, Any]) -> ToolResultPart | ToolApprovalResponsePart:
    if part.get("type") == "tool-approval-response":  # the user's decision, for the tool loop
        return ToolApprovalResponsePart(
            _get(part, "approvalId", "approval_id"), bool(part.get("approved")), part.get("reason")
        )
    return _tool_result(part)


def _tool_result(part: Mapping[str, Any]) -> ToolResultPart:
    if part.get("type") != "tool-result":
        raise InvalidPromptError("tool message parts must have type 'tool-result'")
    output = part.get("output")
    if isinstance(output, Mapping) and "type" in output:
        result = ToolResultOutput(output["type"], output.get("value"), output.get("reason"))
    else:
        result = ToolResultOutput.from_value(output if output is not None else part.get("result"))
    return ToolResultPart(
        _get(part, "toolCallId", "tool_call_id"), _get(part, "toolName", "tool_name"), result, _options(part)
    )
