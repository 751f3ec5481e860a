"""Converse ``stopReason`` -> the unified finish reason (the raw value is kept)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...spec import FinishReason
from ...spec.results import UnifiedFinishReason

STOP_REASONS: Mapping[str, UnifiedFinishReason] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool-calls",
    "guardrail_intervened": "content-filter",
    "content_filtered": "content-filter",
    "malformed_model_output": "error",
    "malformed_tool_use": "error",
}


def map_stop_reason(raw: Any, *, json_tool: bool = False) -> FinishReason:
    """``tool_use`` is a plain stop when the tool was the forced ``json`` answer."""
    if not isinstance(raw, str):
        return FinishReason("other", None)
    if raw == "tool_use" and json_tool:
        return FinishReason("stop", raw)
    return FinishReason(STOP_REASONS.get(raw, "other"), raw)
