"""Gemini ``finishReason`` -> the spec's unified finish reason (raw kept), as the AI
SDK's google provider maps it. ``STOP`` with function calls is ``tool-calls``: Gemini
has no finish reason of its own for them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...spec import FinishReason
from ...spec.results import UnifiedFinishReason

FINISH_REASONS: Mapping[str, UnifiedFinishReason] = {
    "STOP": "stop",
    "MAX_TOKENS": "length",
    "SAFETY": "content-filter",
    "RECITATION": "content-filter",
    "BLOCKLIST": "content-filter",
    "PROHIBITED_CONTENT": "content-filter",
    "SPII": "content-filter",
    "IMAGE_SAFETY": "content-filter",
    "IMAGE_PROHIBITED_CONTENT": "content-filter",
    "IMAGE_RECITATION": "content-filter",
    "MALFORMED_FUNCTION_CALL": "error",
    "UNEXPECTED_TOOL_CALL": "error",
    "TOO_MANY_TOOL_CALLS": "error",
    "LANGUAGE": "other",
    "IMAGE_OTHER": "other",
    "NO_IMAGE": "other",
    "FINISH_REASON_UNSPECIFIED": "other",
    "OTHER": "other",
}

# A prompt refused before any candidate was made (``promptFeedback.blockReason``).
BLOCK_REASONS: Mapping[str, UnifiedFinishReason] = {
    "SAFETY": "content-filter",
    "BLOCKLIST": "content-filter",
    "PROHIBITED_CONTENT": "content-filter",
    "IMAGE_SAFETY": "content-filter",
    "OTHER": "other",
    "BLOCK_REASON_UNSPECIFIED": "other",
}


def map_finish_reason(raw: Any, *, has_tool_calls: bool) -> FinishReason:
    raw = raw if isinstance(raw, str) else None
    unified = FINISH_REASONS.get(raw or "", "other")
    if raw == "STOP" and has_tool_calls:
        unified = "tool-calls"
    return FinishReason(unified, raw)


def map_block_reason(raw: Any) -> FinishReason:
    """The finish reason of a response with no candidate because the prompt was blocked."""
    raw = raw if isinstance(raw, str) else None
    return FinishReason(BLOCK_REASONS.get(raw or "", "content-filter"), raw)
