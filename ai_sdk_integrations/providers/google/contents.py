"""Spec prompt -> Gemini ``contents`` and ``systemInstruction`` (outbound only).

Gemini has two roles, ``user`` and ``model``; tool results are ``functionResponse``
parts of a user turn. Each assistant part carries back its ``thoughtSignature`` from
its provider options (``{"google": {"thoughtSignature": ...}}``, or the sibling
Google service's key: the Gemini API and Vertex AI serve the same models and
signatures). Gemini 3 refuses a function-call turn whose first call lacks one; where a
history has none (it came from another provider, or an app dropped the metadata), the
documented ``skip_thought_signature_validator`` sentinel is sent instead, with a
warning naming the tools, as the AI SDK does.
"""

from __future__ import annotations

import base64
import json
import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
    UrlFile,
    UserMessage,
)
from ...spec.errors import InvalidPromptError, UnsupportedFunctionalityError

SKIP_THOUGHT_SIGNATURE = "skip_thought_signature_validator"
"""Google's documented stand-in for a function call's lost thought signature."""

_IMAGE_SIGNATURES = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),
    (b"%PDF", "application/pdf"),
)


@dataclass(frozen=True, slots=True)
class ContentsOptions:
    keys: tuple[str, ...]
    """Provider-option keys to read signatures from, in order (own name first)."""
    function_call_ids: bool = True
    """Send ``id`` on ``functionCall`` / ``functionResponse`` (the Gemini API has them;
    Vertex AI's v1 rejects the field)."""
    gemini3: bool = False
    """Gemini 3 and later: signatures required, files inside ``functionResponse``."""


@dataclass(slots=True)
class _State:
    options: ContentsOptions
    warnings: list[CallWarning]
    unsigned: list[str] = field(default_factory=list)


def convert_to_google_contents(
    prompt: Prompt, options: ContentsOptions, warnings: list[CallWarning]
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """``(contents, systemInstruction)``; warnings for what had to change are appended."""
    state = _State(options, warnings)
    system: list[dict[str, Any]] = []
    contents: list[dict[str, Any]] = []
    for message in prompt:
        if isinstance(message, SystemMessage):
            if contents:
                raise UnsupportedFunctionalityError(
                    "Gemini takes system messages only at the start of the conversation "
                    "(they become its systemInstruction); move this one to the start or send it as user text"
                )
            system.append({"text": message.content})
        elif isinstance(message, UserMessage):
            contents.append({"role": "user", "parts": [_user_part(part) for part in message.content]})
        elif isinstance(message, AssistantMessage):
            contents.append({"role": "model", "parts": _model_parts(message, state)})
        elif isinstance(message, ToolMessage):
            parts: list[dict[str, Any]] = []
            for result in message.content:
                parts.extend(_function_response(result, options))
            contents.append({"role": "user", "parts": parts})
        else:
            raise InvalidPromptError(f"unknown message type {type(message).__name__}")
    if state.unsigned:
        names = ", ".join(dict.fromkeys(state.unsigned))
        warnings.append(
            CallWarning(
                "other",
                message=(
                    f"Replayed {len(state.unsigned)} functionCall part(s) for a Gemini 3 model without a "
                    f"thoughtSignature (tools: {names}); sent Google's skip_thought_signature_validator "
                    "instead, so the request is not refused. Keep each tool call's provider metadata "
                    "(provider_options) in the history to send the real signature back."
                ),
            )
        )
    return contents, ({"parts": system} if system else None)


# -- user -------------------------------------------------------------------------------


def _user_part(part: Any) -> dict[str, Any]:
    if isinstance(part, TextPart):
        return {"text": part.text}
    if isinstance(part, FilePart):
        return file_part(part)
    raise InvalidPromptError(f"a user message cannot contain a {getattr(part, 'type', part)!r} part")


def file_part(part: FilePart) -> dict[str, Any]:
    """``inlineData`` for bytes and ``data:`` URLs, ``fileData`` for any other URL (Files
    API URIs, ``gs://`` on Vertex, public ``https:`` URLs the service fetches)."""
    data = part.data
    if isinstance(data, DataFile):
        return {
            "inlineData": {"mimeType": _full_type(part.media_type, data.data, None), "data": _base64(data)}
        }
    url = data.url
    if url.startswith("data:") and ";base64," in url:
        header, _, payload = url.partition(",")
        declared = header[5:].split(";")[0]
        media_type = declared if "/" in declared and "*" not in declared else part.media_type
        return {"inlineData": {"mimeType": _full_type(media_type, payload, None), "data": payload}}
    return {"fileData": {"mimeType": _full_type(part.media_type, None, url), "fileUri": url}}


def _full_type(media_type: str, data: bytes | str | None, url: str | None) -> str:
    """Gemini needs a full ``type/subtype``; ``image`` or ``image/*`` is resolved from the
    bytes' signature or the URL's extension."""
    if "/" in media_type and not media_type.endswith("/*"):
        return media_type
    if data is not None:
        head = data[:16] if isinstance(data, bytes) else _b64_head(data)
        for signature, sniffed in _IMAGE_SIGNATURES:
            if head.startswith(signature):
                return sniffed
    if url is not None:
        guessed, _ = mimetypes.guess_type(url.split("?", 1)[0])
        if guessed:
            return guessed
    top = media_type.split("/", 1)[0]
    return "image/jpeg" if top == "image" else "application/octet-stream"


def _b64_head(data: str) -> bytes:
    try:
        return base64.b64decode(data[:24] + "==")
    except ValueError:
        return b""


def _base64(file: DataFile) -> str:
    data = file.data
    return data if isinstance(data, str) else base64.b64encode(data).decode("ascii")


# -- model ------------------------------------------------------------------------------


def signature_of(provider_options: Any, keys: Sequence[str]) -> str | None:
    for key in keys:
        options = (provider_options or {}).get(key)
        if isinstance(options, Mapping):
            signature = options.get("thoughtSignature")
            if isinstance(signature, str) and signature:
                return signature
    return None


def _model_parts(message: AssistantMessage, state: _State) -> list[dict[str, Any]]:
    keys = state.options.keys
    parts: list[dict[str, Any]] = []
    signed_call = False
    for part in message.content:
        signature = signature_of(part.provider_options, keys)
        if isinstance(part, (TextPart, ReasoningPart)):
            if not part.text:
                if signature and parts and "thoughtSignature" not in parts[-1]:
                    parts[-1]["thoughtSignature"] = signature  # where Gemini put it: the part before
                continue
            out: dict[str, Any] = {"text": part.text}
            if isinstance(part, ReasoningPart):
                out["thought"] = True
            if signature:
                out["thoughtSignature"] = signature
            parts.append(out)
        elif isinstance(part, ToolCallPart):
            if part.provider_executed:
                state.warnings.append(_dropped(f"the provider-executed tool call {part.tool_name!r}"))
                continue
            call: dict[str, Any] = {"name": part.tool_name, "args": _arguments(part, state.warnings)}
            if state.options.function_call_ids and part.tool_call_id:
                call = {"id": part.tool_call_id, **call}
            out = {"functionCall": call}
            if signature:
                out["thoughtSignature"] = signature
                signed_call = True
            elif state.options.gemini3 and not signed_call:
                # Gemini 3 signs only the first call of a parallel batch; later ones have none.
                out["thoughtSignature"] = SKIP_THOUGHT_SIGNATURE
                state.unsigned.append(part.tool_name)
                signed_call = True
            parts.append(out)
        elif isinstance(part, FilePart):
            if not isinstance(part.data, DataFile):
                raise UnsupportedFunctionalityError(
                    "Gemini takes files in assistant messages as data, not URLs"
                )
            parts.append(file_part(part) | ({"thoughtSignature": signature} if signature else {}))
        elif isinstance(part, ToolResultPart):
            state.warnings.append(_dropped(f"the provider-executed tool result of {part.tool_name!r}"))
        else:
            raise InvalidPromptError(f"an assistant message cannot contain a {part.type!r} part")
    return parts


def _dropped(what: str) -> CallWarning:
    return CallWarning(
        "other", message=f"{what} in the history has no Gemini form and was not sent (Gemini ran it already)"
    )


def _arguments(part: ToolCallPart, warnings: list[CallWarning]) -> dict[str, Any]:
    """``args`` must be a JSON object (a protobuf ``Struct``); arguments the model wrote
    as broken JSON cannot be sent as they were, so they go as ``{}``, with a warning."""
    value = part.input
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            value = None
    if isinstance(value, dict):
        return value
    warnings.append(
        CallWarning(
            "compatibility",
            feature="toolCallArguments",
            details=(
                f"the arguments of tool call {part.tool_call_id!r} ({part.tool_name}) are not a JSON object; "
                "Gemini takes only objects, so {} was sent"
            ),
        )
    )
    return {}


# -- tool results -----------------------------------------------------------------------


def _function_response(part: ToolResultPart, options: ContentsOptions) -> list[dict[str, Any]]:
    output = part.output
    files: list[dict[str, Any]] = []
    if output.type == "content":
        content, files = _content_output(output)
    else:
        content = _plain_output(output)
    call: dict[str, Any] = {"name": part.tool_name, "response": {"name": part.tool_name, "content": content}}
    if options.function_call_ids and part.tool_call_id:
        call = {"id": part.tool_call_id, **call}
    if files and options.gemini3:
        return [{"functionResponse": {**call, "parts": files}}]
    out: list[dict[str, Any]] = [{"functionResponse": call}]
    for item in files:  # before Gemini 3 a function response carries no files: send them beside it
        out.extend([item, {"text": "Tool executed successfully and returned this file as a response"}])
    return out


def _plain_output(output: ToolResultOutput) -> Any:
    if output.type == "execution-denied":
        return output.reason or "Tool call execution denied."
    return output.value


def _content_output(output: ToolResultOutput) -> tuple[str, list[dict[str, Any]]]:
    texts: list[str] = []
    files: list[dict[str, Any]] = []
    for item in output.value or ():
        kind = item.get("type") if isinstance(item, Mapping) else None
        if kind == "text":
            texts.append(str(item.get("text", "")))
        elif kind in ("file", "media", "image-data", "file-data"):
            inline = _inline_from_item(item)
            if inline is None:
                texts.append(json.dumps(item, default=str))
            else:
                files.append(inline)
        else:
            texts.append(json.dumps(item, default=str))
    return ("\n".join(texts) if texts else "Tool executed successfully."), files


def _inline_from_item(item: Mapping[str, Any]) -> dict[str, Any] | None:
    media_type = str(item.get("mediaType") or item.get("media_type") or "application/octet-stream")
    data = item.get("data")
    if isinstance(data, (DataFile, UrlFile)):
        return file_part(FilePart(data, media_type))
    if isinstance(data, Mapping):  # spec V4: {"type": "data", "data": ...} / {"type": "url", "url": ...}
        if data.get("type") == "url":
            url = str(data.get("url", ""))
            if url.startswith("data:") and ";base64," in url:
                header, _, payload = url.partition(",")
                return {"inlineData": {"mimeType": header[5:].split(";")[0] or media_type, "data": payload}}
            return None
        data = data.get("data")
    if isinstance(data, bytes):
        data = base64.b64encode(data).decode("ascii")
    if not isinstance(data, str):
        return None
    return {"inlineData": {"mimeType": _full_type(media_type, data, None), "data": data}}
