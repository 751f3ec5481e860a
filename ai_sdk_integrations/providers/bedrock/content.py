"""Converse response content blocks -> spec content (shared by generate and stream).

A reasoning block is ``reasoningText`` (text and ``signature``) or ``redactedContent``
(base64); both become reasoning whose provider metadata carries what must be sent back
(``{"bedrock": {"signature": ...}}`` / ``{"bedrock": {"redactedData": ...}}``). The
forced ``json`` tool of emulated structured output becomes the answer text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ...spec import Content, ReasoningContent, TextContent, ToolCallContent
from .fields import mapping, string
from .tools import JSON_TOOL


def signature_metadata(provider: str, signature: str) -> dict[str, dict[str, Any]]:
    return {provider: {"signature": signature}}


def redacted_metadata(provider: str, data: str) -> dict[str, dict[str, Any]]:
    return {provider: {"redactedData": data}}


def convert_content(
    blocks: Any, provider: str, new_id: Callable[[], str], *, json_tool: bool, mistral: bool = False
) -> tuple[list[Content], bool]:
    """The content, and whether the answer came through the ``json`` tool."""
    if not isinstance(blocks, list):
        raise TypeError("output.message.content is not a list")
    content: list[Content] = []
    answered_by_tool = False
    for block in blocks:
        block = mapping(block)
        text = string(block.get("text"))
        if text is not None:
            content.append(TextContent(text))
        reasoning = mapping(block.get("reasoningContent"))
        if reasoning:
            part = _reasoning(reasoning, provider)
            if part is not None:
                content.append(part)
        use = mapping(block.get("toolUse"))
        if use:
            name = string(use.get("name")) or ""
            arguments = json.dumps(
                use.get("input") if use.get("input") is not None else {}, ensure_ascii=False
            )
            if json_tool and name == JSON_TOOL:
                answered_by_tool = True
                content.append(TextContent(arguments))
            else:
                call_id = string(use.get("toolUseId")) or new_id()
                content.append(ToolCallContent(call_id, name, arguments))
    return content, answered_by_tool


def _reasoning(block: Any, provider: str) -> ReasoningContent | None:
    text_block = mapping(block.get("reasoningText"))
    if text_block:
        signature = string(text_block.get("signature"))
        metadata = signature_metadata(provider, signature) if signature else None
        return ReasoningContent(string(text_block.get("text")) or "", metadata)
    redacted = string(block.get("redactedContent")) or string(
        mapping(block.get("redactedReasoning")).get("data")
    )
    if redacted:
        return ReasoningContent("", redacted_metadata(provider, redacted))
    return None
