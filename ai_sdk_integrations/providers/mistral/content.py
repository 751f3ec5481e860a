"""Mistral's message ``content``, read leniently: a string, or typed parts in order.

Reasoning models (Magistral, and others when ``reasoning_effort`` is on) answer with a
list: ``{"type": "thinking", "thinking": [{"type": "text", "text": ...}]}`` parts for
their reasoning and ``{"type": "text", "text": ...}`` parts for the answer, possibly
interleaved. The order is kept (the AI SDK keeps it too). ``image_url`` and
``reference`` parts carry no text and are skipped, as are parts of unknown types.
"""

from __future__ import annotations

from typing import Any, Literal

Kind = Literal["text", "reasoning"]


def content_parts(content: Any) -> list[tuple[Kind, str]] | None:
    """``(kind, text)`` for each non-empty part; ``None`` when ``content`` is unreadable
    (neither absent, a string nor a list)."""
    if content is None:
        return []
    if isinstance(content, str):
        return [("text", content)] if content else []
    if not isinstance(content, list):
        return None
    parts: list[tuple[Kind, str]] = []
    for part in content:
        text: Any
        kind: Kind
        if isinstance(part, str):
            text, kind = part, "text"
        elif isinstance(part, dict) and part.get("type") == "text":
            text, kind = part.get("text"), "text"
        elif isinstance(part, dict) and part.get("type") == "thinking":
            text, kind = thinking_text(part.get("thinking")), "reasoning"
        else:
            continue
        if isinstance(text, str) and text:
            parts.append((kind, text))
    return parts


def thinking_text(thinking: Any) -> str:
    """The text of a ``thinking`` part: its ``text`` chunks joined (a bare string too)."""
    if isinstance(thinking, str):
        return thinking
    if not isinstance(thinking, list):
        return ""
    return "".join(
        item["text"]
        for item in thinking
        if isinstance(item, dict) and item.get("type", "text") == "text" and isinstance(item.get("text"), str)
    )
