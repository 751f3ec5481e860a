"""Chat Completions ``finish_reason`` -> the spec's unified finish reason (raw kept)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...spec import FinishReason

FINISH_REASONS: Mapping[str, Any] = {
    "stop": "stop",
    "length": "length",
    "content_filter": "content-filter",
    "tool_calls": "tool-calls",
    "function_call": "tool-calls",
}


def map_finish_reason(raw: Any) -> FinishReason:
    raw = raw if isinstance(raw, str) else None
    return FinishReason(FINISH_REASONS.get(raw or "", "other"), raw)
