"""Lenient readers for the fields of Chat Completions responses and chunks.

Servers in the wild send ``created`` in milliseconds, numbers as strings, ``usage`` as
something other than an object, tool arguments as a JSON object instead of a string,
and ``content`` as a list of typed parts (Mistral's reasoning models). Each reader
here turns one field into what the codec needs, or into "not said" (``None``), so
one bad metadata field never costs the caller the answer. Only the answer itself
(the message, its text and tool calls) is allowed to fail the parse.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

_MILLISECONDS_AFTER = 100_000_000_000  # 5138 CE in seconds; 1973 in milliseconds


def string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def timestamp(created: Any) -> datetime | None:
    """Unix seconds, or milliseconds where the number is too large to be seconds."""
    if isinstance(created, bool) or not isinstance(created, (int, float)):
        return None
    try:
        seconds = created / 1000 if created > _MILLISECONDS_AFTER else created
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def content_parts(content: Any) -> tuple[str, str] | None:
    """``(text, reasoning)`` from ``content``: a string, or a list of typed parts
    (``text``, and ``thinking`` whose own content is text parts). ``None``: unreadable."""
    if content is None:
        return "", ""
    if isinstance(content, str):
        return content, ""
    if not isinstance(content, list):
        return None
    text: list[str] = []
    reasoning: list[str] = []
    for part in content:
        if isinstance(part, str):
            text.append(part)
        elif isinstance(part, dict):
            kind = part.get("type")
            if kind == "text" and isinstance(part.get("text"), str):
                text.append(part["text"])
            elif kind == "thinking":
                reasoning.append(_thinking_text(part.get("thinking")))
    return "".join(text), "".join(reasoning)


def _thinking_text(thinking: Any) -> str:
    if isinstance(thinking, str):
        return thinking
    if isinstance(thinking, list):
        return "".join(
            item["text"] for item in thinking if isinstance(item, dict) and isinstance(item.get("text"), str)
        )
    return ""


def url_citations(annotations: Any) -> list[tuple[str, str | None]]:
    """``(url, title)`` of each ``url_citation`` annotation (OpenAI's search models);
    anything else in the list is skipped."""
    if not isinstance(annotations, list):
        return []
    found = []
    for annotation in annotations:
        if not isinstance(annotation, dict) or annotation.get("type") != "url_citation":
            continue
        citation = mapping(annotation.get("url_citation"))
        url = string(citation.get("url"))
        if url:
            found.append((url, string(citation.get("title"))))
    return found


def listed_context_window(body: Any, model_id: str, field_name: str) -> int | None:
    """``model_id``'s context window from a ``GET /models`` listing, or None."""
    entries = body.get("data") if isinstance(body, dict) else None
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and entry.get("id") == model_id:
            value = entry.get(field_name)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return value
    return None


def search_result_sources(body: Any) -> list[tuple[str, str | None]]:
    """Perplexity's top-level ``search_results`` (url, title), else its ``citations``
    (bare URLs), as (url, title) pairs."""
    results = body.get("search_results") if isinstance(body, dict) else None
    if isinstance(results, list) and results:
        found = [(string(r.get("url")), string(r.get("title"))) for r in results if isinstance(r, dict)]
        return [(url, title) for url, title in found if url]
    citations = body.get("citations") if isinstance(body, dict) else None
    if isinstance(citations, list):
        return [(url, None) for url in citations if isinstance(url, str) and url]
    return []
