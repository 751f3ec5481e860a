"""Mistral's ``usage`` -> spec usage.

Mistral reports cached prompt tokens under three names across its models and API
versions (``num_cached_tokens``, ``prompt_tokens_details.cached_tokens`` and
``prompt_token_details.cached_tokens``); the first present wins, as in the AI SDK. It
reports no reasoning-token count, so every completion token is counted as text.
"""

from __future__ import annotations

from typing import Any

from ...spec import InputTokens, OutputTokens, Usage
from ...spec.wire import parse_count as count
from ..openai.response_fields import mapping


def convert_usage(usage: Any) -> Usage:
    """Unknown counts stay ``None``; a ``usage`` that is not an object says nothing."""
    if not isinstance(usage, dict) or not usage:
        return Usage()
    prompt = count(usage.get("prompt_tokens"))
    completion = count(usage.get("completion_tokens"))
    cached = next(
        (
            value
            for value in (
                count(usage.get("num_cached_tokens")),
                count(mapping(usage.get("prompt_tokens_details")).get("cached_tokens")),
                count(mapping(usage.get("prompt_token_details")).get("cached_tokens")),
            )
            if value is not None
        ),
        None,
    )
    return Usage(
        InputTokens(
            total=prompt,
            no_cache=None if prompt is None else max(0, prompt - (cached or 0)),
            cache_read=cached or None,
        ),
        OutputTokens(total=completion, text=completion),
        raw=usage,
    )
