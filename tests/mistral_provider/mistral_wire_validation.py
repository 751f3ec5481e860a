"""What ``api.mistral.ai`` refuses before it generates, as ``FakeMistral`` checks it.

Mistral validates request bodies with pydantic models that forbid unknown fields
(``extra="forbid"``), so a field it does not know anywhere in the body (a top-level
``seed``, a ``name`` on a user message, ``stream_options``, ``reasoning_content`` on an
assistant message) is a 422 whose ``detail`` lists every problem as pydantic reports
it: ``{"type": "extra_forbidden", "loc": ["body", "messages", 0, "user", "name"],
"msg": "Extra inputs are not permitted", "input": ...}``; a missing required field is
``{"type": "missing", ..., "msg": "Field required"}``. The accepted fields are those of
Mistral's published request models (``ChatCompletionRequest``, ``SystemMessage``,
``UserMessage``, ``AssistantMessage``, ``ToolMessage``, the content chunks, ``ToolCall``,
``Tool``/``Function``, ``ResponseFormat``/``JSONSchema``, ``EmbeddingRequest`` in
mistralai/client-python), plus ``document_image_limit`` / ``document_page_limit``,
which the AI SDK sends for document understanding.

After validation, Mistral refuses with a 400 (``{"object": "error", "message", "type",
"param", "code"}``): tool-call ids that are not nine letters and digits, a last message
that is an assistant message without ``prefix: true``, an unknown model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

CHAT_FIELDS = frozenset(
    {
        "model",
        "messages",
        "temperature",
        "top_p",
        "max_tokens",
        "stream",
        "stop",
        "random_seed",
        "metadata",
        "response_format",
        "tools",
        "tool_choice",
        "presence_penalty",
        "frequency_penalty",
        "n",
        "prediction",
        "parallel_tool_calls",
        "reasoning_effort",
        "prompt_mode",
        "guardrails",
        "prompt_cache_key",
        "safe_prompt",
        "document_image_limit",
        "document_page_limit",
    }
)
EMBEDDING_FIELDS = frozenset(
    {"model", "input", "metadata", "output_dimension", "output_dtype", "encoding_format"}
)
MESSAGE_FIELDS: Mapping[str, frozenset[str]] = {
    "system": frozenset({"role", "content"}),
    "user": frozenset({"role", "content"}),
    "assistant": frozenset({"role", "content", "tool_calls", "prefix"}),
    "tool": frozenset({"role", "content", "tool_call_id", "name"}),
}
CHUNK_FIELDS: Mapping[str, frozenset[str]] = {
    "text": frozenset({"type", "text"}),
    "image_url": frozenset({"type", "image_url"}),
    "document_url": frozenset({"type", "document_url", "document_name"}),
    "thinking": frozenset({"type", "thinking", "signature", "closed"}),
    "reference": frozenset({"type", "reference_ids"}),
    "input_audio": frozenset({"type", "input_audio"}),
    "file": frozenset({"type", "file_id"}),
}
CHUNK_REQUIRED: Mapping[str, str] = {
    "text": "text",
    "image_url": "image_url",
    "document_url": "document_url",
    "thinking": "thinking",
    "reference": "reference_ids",
}
TOOL_CALL_FIELDS = frozenset({"id", "type", "function", "index"})
FUNCTION_CALL_FIELDS = frozenset({"name", "arguments"})
TOOL_FIELDS = frozenset({"type", "function"})
FUNCTION_FIELDS = frozenset({"name", "description", "parameters", "strict"})
RESPONSE_FORMAT_FIELDS = frozenset({"type", "json_schema"})
JSON_SCHEMA_FIELDS = frozenset({"name", "description", "schema", "strict"})
TOOL_CHOICES = frozenset({"auto", "none", "any", "required"})
TOOL_CALL_ID = re.compile(r"[A-Za-z0-9]{9}")

Loc = tuple[Any, ...]


def _extra(loc: Loc, value: Any) -> dict[str, Any]:
    return {
        "type": "extra_forbidden",
        "loc": ["body", *loc],
        "msg": "Extra inputs are not permitted",
        "input": value,
    }


def _missing(loc: Loc, value: Any) -> dict[str, Any]:
    return {"type": "missing", "loc": ["body", *loc], "msg": "Field required", "input": value}


def _wrong(loc: Loc, value: Any, kind: str, msg: str) -> dict[str, Any]:
    return {"type": kind, "loc": ["body", *loc], "msg": msg, "input": value}


def _object(
    value: Any, loc: Loc, allowed: frozenset[str], required: tuple[str, ...], problems: list[dict[str, Any]]
) -> bool:
    """Check one object's keys; ``False`` when it is not an object at all."""
    if not isinstance(value, dict):
        problems.append(_wrong(loc, value, "model_type", "Input should be a valid dictionary or object"))
        return False
    problems.extend(_missing((*loc, name), value) for name in required if name not in value)
    problems.extend(_extra((*loc, key), value[key]) for key in value if key not in allowed)
    return True


def chat_problems(body: Any) -> list[dict[str, Any]]:
    """Every validation problem of a chat completion request body (empty: valid)."""
    problems: list[dict[str, Any]] = []
    if not _object(body, (), CHAT_FIELDS, ("model", "messages"), problems):
        return problems
    messages = body.get("messages")
    if "messages" in body and not isinstance(messages, list):
        problems.append(_wrong(("messages",), messages, "list_type", "Input should be a valid list"))
    for index, message in enumerate(messages if isinstance(messages, list) else ()):
        _message(message, ("messages", index), problems)
    for index, tool in enumerate(body.get("tools") or ()):
        loc: Loc = ("tools", index)
        if _object(tool, loc, TOOL_FIELDS, ("function",), problems):
            _object(
                tool.get("function"), (*loc, "function"), FUNCTION_FIELDS, ("name", "parameters"), problems
            )
    choice = body.get("tool_choice")
    if isinstance(choice, str) and choice not in TOOL_CHOICES:
        problems.append(
            _wrong(("tool_choice",), choice, "enum", "Input should be 'auto', 'none', 'any' or 'required'")
        )
    elif isinstance(choice, dict) and _object(choice, ("tool_choice",), TOOL_FIELDS, ("function",), problems):
        _object(choice.get("function"), ("tool_choice", "function"), frozenset({"name"}), ("name",), problems)
    fmt = body.get("response_format")
    if fmt is not None and _object(fmt, ("response_format",), RESPONSE_FORMAT_FIELDS, (), problems):
        if fmt.get("type") not in (None, "text", "json_object", "json_schema"):
            problems.append(
                _wrong(
                    ("response_format", "type"),
                    fmt.get("type"),
                    "enum",
                    "Input should be 'text', 'json_object' or 'json_schema'",
                )
            )
        if fmt.get("json_schema") is not None:
            loc = ("response_format", "json_schema")
            _object(fmt["json_schema"], loc, JSON_SCHEMA_FIELDS, ("name", "schema"), problems)
    return problems


def _message(message: Any, loc: Loc, problems: list[dict[str, Any]]) -> None:
    if not isinstance(message, dict):
        problems.append(_wrong(loc, message, "model_attributes_type", "Input should be a valid dictionary"))
        return
    role = message.get("role")
    if role not in MESSAGE_FIELDS:
        problems.append(
            _wrong(
                loc,
                message,
                "union_tag_invalid",
                f"Input tag '{role}' found using 'role' does not match any of the expected tags: "
                "'system', 'user', 'assistant', 'tool'",
            )
        )
        return
    loc = (*loc, role)
    required = ("content",) if role in ("system", "user", "tool") else ()
    _object(message, loc, MESSAGE_FIELDS[role], required, problems)
    content = message.get("content")
    if isinstance(content, list):
        for index, chunk in enumerate(content):
            _chunk(chunk, (*loc, "content", index), problems)
    for index, call in enumerate(message.get("tool_calls") or ()):
        call_loc: Loc = (*loc, "tool_calls", index)
        if _object(call, call_loc, TOOL_CALL_FIELDS, ("function",), problems):
            _object(
                call.get("function"),
                (*call_loc, "function"),
                FUNCTION_CALL_FIELDS,
                ("name", "arguments"),
                problems,
            )


def _chunk(chunk: Any, loc: Loc, problems: list[dict[str, Any]]) -> None:
    kind = chunk.get("type") if isinstance(chunk, dict) else None
    if kind not in CHUNK_FIELDS:
        problems.append(
            _wrong(
                loc,
                chunk,
                "union_tag_invalid",
                f"Input tag '{kind}' found using 'type' does not match any of the expected tags: "
                + ", ".join(f"'{k}'" for k in CHUNK_FIELDS),
            )
        )
        return
    loc = (*loc, kind)
    required = (CHUNK_REQUIRED[kind],) if kind in CHUNK_REQUIRED else ()
    _object(chunk, loc, CHUNK_FIELDS[kind], required, problems)
    if kind == "image_url":
        image = chunk.get("image_url")
        if isinstance(image, dict):
            _object(image, (*loc, "image_url"), frozenset({"url", "detail"}), ("url",), problems)
        elif not isinstance(image, str) and "image_url" in chunk:
            problems.append(
                _wrong((*loc, "image_url"), image, "string_type", "Input should be a valid string")
            )
    if kind == "document_url" and not isinstance(chunk.get("document_url"), str) and "document_url" in chunk:
        problems.append(
            _wrong(
                (*loc, "document_url"), chunk["document_url"], "string_type", "Input should be a valid string"
            )
        )


def embedding_problems(body: Any) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = []
    _object(body, (), EMBEDDING_FIELDS, ("model", "input"), problems)
    return problems


def bad_tool_call_id(messages: list[dict[str, Any]]) -> str | None:
    """The first tool-call id (in an assistant's calls or a tool result) Mistral refuses."""
    for message in messages:
        ids = [call.get("id") for call in message.get("tool_calls") or () if isinstance(call, dict)]
        if message.get("role") == "tool":
            ids.append(message.get("tool_call_id"))
        for call_id in ids:
            if not isinstance(call_id, str) or not TOOL_CALL_ID.fullmatch(call_id):
                return str(call_id)
    return None


def bad_last_role(messages: list[dict[str, Any]]) -> str | None:
    """Mistral serves a conversation that ends with the user, a tool result, or an
    assistant message marked ``prefix: true`` (to be continued); anything else is refused."""
    last = messages[-1] if messages else {}
    role = last.get("role")
    if role in ("user", "tool") or (role == "assistant" and last.get("prefix") is True):
        return None
    return str(role)
