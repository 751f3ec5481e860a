"""LangChain v1 content blocks for our messages (``model_provider="ai-sdk"``).

``AIMessage.content_blocks``, and ``output_version="v1"`` (which sets ``content`` to
them), ask the translator registered for the message's ``model_provider``. Ours leaves
text and tool calls to LangChain's own generic reading and adds what only we know:

* one ``reasoning`` block per reasoning part (``additional_kwargs["reasoning_parts"]``),
  its provider metadata (signatures, encrypted reasoning) in
  ``extras["provider_metadata"]``; in stream chunks each carries its part's ``index``
  (``"lc_rs_<n>"``, disjoint from the integer indices LangChain gives other blocks);
* sources (``additional_kwargs["sources"]``) as ``citation`` annotations on the text.

``_messages`` reads the same blocks back when the message returns in a history.
"""

from __future__ import annotations

from typing import Any, cast

from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.messages import content as types
from langchain_core.messages.block_translators import register_translator

REASONING_PARTS = "reasoning_parts"
SOURCES = "sources"
TOOL_CALL_METADATA = "tool_call_provider_metadata"
"""``additional_kwargs`` key: tool call id -> the provider metadata that call came with
(Gemini's thought signature), sent back with the call on the next turn."""


def translate_content(message: AIMessage) -> list[types.ContentBlock]:
    return _translate(message, chunk=False)


def translate_content_chunk(message: AIMessageChunk) -> list[types.ContentBlock]:
    return _translate(message, chunk=True)


def register(model_provider: str) -> None:
    register_translator(model_provider, translate_content, translate_content_chunk)


def _translate(message: AIMessage, *, chunk: bool) -> list[types.ContentBlock]:
    if not isinstance(message.content, str):
        raise NotImplementedError  # not content we made: LangChain's generic reading
    extra = message.additional_kwargs
    parts = extra.get(REASONING_PARTS)
    blocks = _generic_blocks(message)
    if isinstance(parts, list) and parts:
        # Our content is a string: its only reasoning block is reasoning_content's.
        blocks = [block for block in blocks if block.get("type") != "reasoning"]
        blocks[:0] = [_reasoning_block(part, chunk) for part in parts if isinstance(part, dict)]
    citations = [_citation(source) for source in extra.get(SOURCES) or () if isinstance(source, dict)]
    if citations:
        text = next((block for block in blocks if block.get("type") == "text"), None)
        if text is None:
            text = cast("types.TextContentBlock", {"type": "text", "text": ""})
            blocks.append(text)
        annotations = cast("list[types.Annotation]", text.setdefault("annotations", []))  # type: ignore[typeddict-item]
        annotations.extend(citations)
    return blocks


def _generic_blocks(message: AIMessage) -> list[types.ContentBlock]:
    """What LangChain reads from the message when no translator is registered."""
    metadata = {key: value for key, value in message.response_metadata.items() if key != "model_provider"}
    return list(message.model_copy(update={"response_metadata": metadata}).content_blocks)


def _reasoning_block(part: dict[str, Any], chunk: bool) -> types.ContentBlock:
    block: dict[str, Any] = {"type": "reasoning", "reasoning": str(part.get("text") or "")}
    if chunk and part.get("index") is not None:
        block["index"] = part["index"]
    if part.get("provider_metadata"):
        block["extras"] = {"provider_metadata": part["provider_metadata"]}
    return cast("types.ContentBlock", block)


def _citation(source: dict[str, Any]) -> types.Annotation:
    citation: dict[str, Any] = {"type": "citation"}
    if source.get("id"):
        citation["id"] = source["id"]
    for key in ("url", "title"):
        if source.get(key):
            citation[key] = source[key]
    extras = {
        key: source[key]
        for key in ("source_type", "media_type", "filename", "provider_metadata")
        if source.get(key)
    }
    if extras:
        citation["extras"] = extras
    return cast("types.Annotation", citation)
