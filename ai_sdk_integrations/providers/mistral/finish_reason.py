"""Mistral's ``finish_reason`` -> the spec's unified finish reason (raw kept).

As the AI SDK maps them: ``model_length`` (the model's context ran out) is a length
stop like ``length``; ``error`` and anything unknown are ``other``, with the raw value
kept so a caller can tell them apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...spec import FinishReason
from ...spec.results import UnifiedFinishReason

FINISH_REASONS: Mapping[str, UnifiedFinishReason] = {
    "stop": "stop",
    "length": "length",
    "model_length": "length",
    "tool_calls": "tool-calls",
}


def map_finish_reason(raw: Any) -> FinishReason:
    raw = raw if isinstance(raw, str) else None
    return FinishReason(FINISH_REASONS.get(raw or "", "other"), raw)
