"""Anthropic ``usage`` -> spec usage, and the message-level provider metadata.

Anthropic counts input in three parts: ``input_tokens`` (not read from or written to
the cache), ``cache_creation_input_tokens`` (written to the cache) and
``cache_read_input_tokens`` (read from it). The spec's input total is their sum, as
the AI SDK computes it; the raw object rides along unchanged.
"""

from __future__ import annotations

from typing import Any

from ...spec import InputTokens, OutputTokens, Usage
from ...spec.wire import parse_count as count
from .fields import mapping, string


def convert_usage(usage: Any) -> Usage:
    if not isinstance(usage, dict) or not usage:
        return Usage()
    uncached = count(usage.get("input_tokens"))
    write = count(usage.get("cache_creation_input_tokens"))
    read = count(usage.get("cache_read_input_tokens"))
    output = count(usage.get("output_tokens"))
    reasoning = count(mapping(usage.get("output_tokens_details")).get("thinking_tokens"))
    known = [n for n in (uncached, write, read) if n is not None]
    return Usage(
        InputTokens(
            total=sum(known) if known else None,
            no_cache=uncached,
            cache_read=read,
            cache_write=write,
        ),
        OutputTokens(
            total=output,
            text=None if output is None or reasoning is None else max(0, output - reasoning),
            reasoning=reasoning,
        ),
        raw=usage,
    )


def message_metadata(
    provider: str, usage: Any, stop_sequence: Any, extra: dict[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """``provider_metadata[provider]``: the raw usage, the cache tokens written (the
    AI SDK's ``cacheCreationInputTokens``), and which stop sequence ended the text."""
    raw = usage if isinstance(usage, dict) else None
    metadata: dict[str, Any] = {
        "usage": raw,
        "cacheCreationInputTokens": count(mapping(raw).get("cache_creation_input_tokens")),
        "stopSequence": string(stop_sequence),
        **(extra or {}),
    }
    return {provider: metadata}
