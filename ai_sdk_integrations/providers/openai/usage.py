"""Chat Completions ``usage`` -> spec usage, and the prediction-token metadata."""

from __future__ import annotations

from typing import Any

from ...spec import InputTokens, OutputTokens, Usage
from ...spec.wire import parse_count as count
from .response_fields import mapping


def convert_usage(usage: Any, *, reasoning_outside_completion: bool = False) -> Usage:
    """Unknown counts stay ``None``; a ``usage`` that is not an object says nothing.
    ``reasoning_outside_completion``: the server bills reasoning beside
    ``completion_tokens`` instead of inside it (xAI)."""
    if not isinstance(usage, dict) or not usage:
        return Usage()
    prompt = count(usage.get("prompt_tokens"))
    completion = count(usage.get("completion_tokens"))
    cached = count(mapping(usage.get("prompt_tokens_details")).get("cached_tokens"))
    reasoning = count(mapping(usage.get("completion_tokens_details")).get("reasoning_tokens"))
    text: int | None
    # More reasoning than completion tokens means the server left reasoning out of the
    # completion count, whatever its dialect says (DeepInfra's Gemini and Gemma models).
    outside = reasoning_outside_completion or (reasoning or 0) > (completion or 0)
    if outside and completion is not None:
        text, completion = completion, completion + (reasoning or 0)
    else:
        text = None if completion is None else max(0, completion - (reasoning or 0))
    return Usage(
        InputTokens(
            total=prompt,
            no_cache=None if prompt is None else max(0, prompt - (cached or 0)),
            cache_read=cached,
        ),
        OutputTokens(
            total=completion,
            text=text,
            reasoning=reasoning,
        ),
        raw=usage,
    )


def response_provider_metadata(
    provider: str, usage: Any, refusal: str | None = None
) -> dict[str, dict[str, Any]] | None:
    """Predicted-output token counts, and the model's ``refusal`` (OpenAI's structured
    outputs say why they declined there), under ``provider_metadata[provider]``."""
    details = mapping(mapping(usage).get("completion_tokens_details"))
    metadata: dict[str, Any] = {
        wire: value
        for key, wire in (
            ("accepted_prediction_tokens", "acceptedPredictionTokens"),
            ("rejected_prediction_tokens", "rejectedPredictionTokens"),
        )
        if (value := count(details.get(key))) is not None
    }
    if refusal:
        metadata["refusal"] = refusal
    return {provider: metadata} if metadata else None
