"""Gemini ``usageMetadata`` -> spec usage.

``thoughtsTokenCount`` is billed as output beside ``candidatesTokenCount``, so output is
their sum and the thoughts are its reasoning part (as the AI SDK counts it);
``cachedContentTokenCount`` is the cached share of ``promptTokenCount``. Search
grounding's ``toolUsePromptTokenCount`` is input Google bills in ``totalTokenCount``, so
it counts as (uncached) input here, and the spec's total matches Google's. A count
Google did not send stays ``None``; the raw object is kept.
"""

from __future__ import annotations

from typing import Any

from ...spec import InputTokens, OutputTokens, Usage
from ...spec.wire import parse_count as count


def convert_usage(usage: Any) -> Usage:
    if not isinstance(usage, dict) or not usage:
        return Usage()
    prompt = count(usage.get("promptTokenCount"))
    tool_prompt = count(usage.get("toolUsePromptTokenCount"))
    cached = count(usage.get("cachedContentTokenCount"))
    candidates = count(usage.get("candidatesTokenCount"))
    thoughts = count(usage.get("thoughtsTokenCount"))
    total_input = None if prompt is None and tool_prompt is None else (prompt or 0) + (tool_prompt or 0)
    total_output = None if candidates is None and thoughts is None else (candidates or 0) + (thoughts or 0)
    return Usage(
        InputTokens(
            total=total_input,
            no_cache=None if total_input is None else max(0, total_input - (cached or 0)),
            cache_read=cached,
        ),
        OutputTokens(total=total_output, text=candidates, reasoning=thoughts),
        raw=usage,
    )
