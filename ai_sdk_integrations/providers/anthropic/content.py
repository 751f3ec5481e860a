"""Anthropic content blocks -> spec content (inbound), for a whole message.

The stream decoder (``stream``) maps the same blocks as they arrive, with the same
readers (``citations``, ``usage``, ``finish_reason``), so generate and stream agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from ...spec import Content, ReasoningContent, TextContent, ToolCallContent
from .citations import CitedDocument, citation_source, web_search_result
from .fields import string, text_of
from .tools import JSON_TOOL


def tool_input_text(value: Any) -> str:
    """A tool call's ``input`` object as the JSON text the spec carries."""
    return json.dumps(value if value is not None else {}, ensure_ascii=False, separators=(",", ":"))


def convert_content(
    blocks: Sequence[Any],
    provider: str,
    new_id: Callable[[], str],
    *,
    json_tool: bool,
    documents: Sequence[CitedDocument] = (),
) -> list[Content]:
    content: list[Content] = []
    for block in blocks:
        if not isinstance(block, dict):
            raise TypeError("a content block is not an object")
        kind = block.get("type")
        if kind == "text":
            listed = block.get("citations")
            citations = [c for c in listed if isinstance(c, dict)] if isinstance(listed, list) else []
            content.append(TextContent(text_of(block, "text"), citations=tuple(citations) or None))
            for citation in citations:
                source = citation_source(citation, documents, provider, new_id)
                if source is not None:
                    content.append(source)
        elif kind == "thinking":
            signature = string(block.get("signature"))
            metadata = {provider: {"signature": signature}} if signature else None
            content.append(ReasoningContent(text_of(block, "thinking"), metadata))
        elif kind == "redacted_thinking":
            data = string(block.get("data"))
            content.append(ReasoningContent("", {provider: {"redactedData": data}} if data else None))
        elif kind in ("tool_use", "server_tool_use"):
            name = string(block.get("name"))
            if name is None:
                raise TypeError("a tool_use block has no name")
            arguments = tool_input_text(block.get("input"))
            if kind == "tool_use" and json_tool and name == JSON_TOOL:
                content.append(TextContent(arguments))
                continue
            call_id = string(block.get("id")) or new_id()
            executed = True if kind == "server_tool_use" else None
            content.append(ToolCallContent(call_id, name, arguments, provider_executed=executed))
        elif kind == "web_search_tool_result":
            content.extend(web_search_result(block, "web_search", provider, new_id))
        # Other block types (newer server tools) carry nothing the spec can show.
    return content
