"""Anthropic ``stop_reason`` -> the spec's unified finish reason (raw kept), as the AI
SDK maps it. ``pause_turn`` (a server tool paused a long turn) ends the call like
``end_turn``; ``model_context_window_exceeded`` is a length limit like ``max_tokens``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...spec import FinishReason

STOP_REASONS: Mapping[str, Any] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool-calls",
    "refusal": "content-filter",
}


def map_stop_reason(raw: Any, *, json_tool: bool = False) -> FinishReason:
    """``json_tool``: the call was the forced ``json`` tool of emulated structured
    output, whose ``tool_use`` is the answer, so the call stopped, not asked for tools."""
    raw = raw if isinstance(raw, str) else None
    if raw == "tool_use" and json_tool:
        return FinishReason("stop", raw)
    return FinishReason(STOP_REASONS.get(raw or "", "other"), raw)
