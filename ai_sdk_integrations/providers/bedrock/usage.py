"""Converse ``usage`` -> spec usage, and the response fields kept as provider metadata.

``inputTokens`` counts only the uncached input; ``cacheReadInputTokens`` and
``cacheWriteInputTokens`` come on top, so the input total is their sum (as the AI SDK
computes it). Bedrock does not count reasoning tokens apart from output.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...spec import InputTokens, OutputTokens, Usage
from ...spec.wire import parse_count as count
from .fields import mapping


def convert_usage(usage: Any) -> Usage:
    if not isinstance(usage, dict) or not usage:
        return Usage()
    uncached = count(usage.get("inputTokens"))
    read = count(usage.get("cacheReadInputTokens"))
    write = count(usage.get("cacheWriteInputTokens"))
    output = count(usage.get("outputTokens"))
    total = None if uncached is None else uncached + (read or 0) + (write or 0)
    return Usage(
        InputTokens(total=total, no_cache=uncached, cache_read=read, cache_write=write),
        OutputTokens(total=output, text=output),
        raw=usage,
    )


def response_metadata(
    provider: str,
    data: Mapping[str, Any],
    *,
    stop_sequence: Any = None,
    anthropic: bool = False,
    json_tool: bool = False,
) -> dict[str, dict[str, Any]] | None:
    """``trace`` (guardrail assessments), cache-write details, ``performanceConfig``,
    ``serviceTier``, ``metrics`` and Anthropic's ``stopSequence``, under the provider's key."""
    usage = mapping(data.get("usage"))
    found: dict[str, Any] = {}
    trace = data.get("trace")
    if isinstance(trace, dict) and trace:
        found["trace"] = trace
    cache = {k: usage[k] for k in ("cacheWriteInputTokens", "cacheDetails") if usage.get(k) is not None}
    if cache:
        found["usage"] = cache
    for name in ("performanceConfig", "serviceTier", "metrics"):
        value = data.get(name)
        if isinstance(value, dict) and value:
            found[name] = value
    if json_tool:
        found["isJsonResponseFromTool"] = True
    if anthropic or stop_sequence is not None:
        found["stopSequence"] = stop_sequence if isinstance(stop_sequence, str) else None
    return {provider: found} if found else None


def stop_sequence_of(fields: Any) -> Any:
    """Anthropic's ``stop_sequence``, asked for with ``/delta/stop_sequence``."""
    return mapping(mapping(fields).get("delta")).get("stop_sequence")
