"""Lenient readers for Cohere v2 response fields, shared by generate and stream.

Only the answer (text, thinking, tool calls) may fail a parse; every metadata field
(usage, finish reason, citations, ids) of the wrong type reads as "not said", so one
bad field never costs the caller the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...spec import FinishReason, InputTokens, OutputTokens, SourceContent, Usage
from ...spec.wire import arguments_text, parse_count

PROVIDER = "cohere"

FINISH_REASONS: Mapping[str, Any] = {
    "COMPLETE": "stop",
    "STOP_SEQUENCE": "stop",
    "MAX_TOKENS": "length",
    "TOOL_CALL": "tool-calls",
    "ERROR": "error",
    # The generation was cut off by the server's time limit, not finished on its own.
    "TIMEOUT": "interrupted",
}


def string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def map_finish_reason(raw: Any) -> FinishReason:
    raw = raw if isinstance(raw, str) else None
    return FinishReason(FINISH_REASONS.get(raw or "", "other"), raw)


def convert_usage(usage: Any) -> Usage:
    """``usage.tokens`` (what the model read and wrote) as the AI SDK maps them, with
    ``cached_tokens`` as cache reads; ``billed_units`` stand in when ``tokens`` is
    absent. The whole ``usage`` object is kept raw."""
    if not isinstance(usage, dict) or not usage:
        return Usage()
    tokens = usage.get("tokens")
    counts = tokens if isinstance(tokens, dict) and tokens else mapping(usage.get("billed_units"))
    prompt = parse_count(counts.get("input_tokens"))
    completion = parse_count(counts.get("output_tokens"))
    cached = parse_count(usage.get("cached_tokens"))
    no_cache = None if prompt is None else max(0, prompt - (cached or 0))
    return Usage(
        InputTokens(total=prompt, no_cache=no_cache, cache_read=cached),
        OutputTokens(total=completion, text=completion),
        raw=usage,
    )


def usage_metadata(usage: Any) -> dict[str, dict[str, Any]] | None:
    """What Cohere bills (``billed_units``), under ``provider_metadata["cohere"]``."""
    billed = mapping(mapping(usage).get("billed_units"))
    units = {key: value for key, value in billed.items() if parse_count(value) is not None}
    return {PROVIDER: {"billedUnits": units}} if units else None


def citation_source(citation: Any, new_id: Callable[[], str]) -> SourceContent | None:
    """A citation as a document source, as the AI SDK has them: titled after its first
    cited document, with the span, cited text and sources under ``cohere``."""
    if not isinstance(citation, dict):
        return None
    sources = [s for s in citation.get("sources") or () if isinstance(s, dict)]
    first = mapping(sources[0].get("document")) if sources else {}
    title = string(first.get("title")) or "Document"
    metadata: dict[str, Any] = {
        "start": citation.get("start"),
        "end": citation.get("end"),
        "text": citation.get("text"),
        "sources": sources,
    }
    if isinstance(citation.get("type"), str):
        metadata["citationType"] = citation["type"]
    document_ids = [s["id"] for s in sources if isinstance(s.get("id"), str)]
    if document_ids:
        metadata["documentIds"] = document_ids
    return SourceContent(
        "document",
        new_id(),
        title=title,
        media_type="text/plain",
        provider_metadata={PROVIDER: metadata},
    )


def tool_arguments(value: Any) -> str:
    """Tool arguments as JSON text; Cohere sends ``null`` (or nothing) for a tool
    without parameters, which is ``{}``."""
    text = arguments_text(value)
    if text is None or not text.strip() or text.strip() == "null":
        return "{}"
    return text


def cohere_error_message(data: Any) -> str | None:
    """Cohere's error bodies are ``{"message": ...}``, with an ``id`` on some."""
    if isinstance(data, dict):
        message = data.get("message")
        if isinstance(message, str) and message:
            return message
        error = data.get("error")
        if isinstance(error, str) and error:
            return error
    return None
