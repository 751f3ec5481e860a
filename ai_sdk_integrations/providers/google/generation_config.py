"""Call options and Google provider options -> ``generationConfig`` and the request's
other top-level fields.

Every standard setting has a Gemini field. What a model cannot honour is a warning:
presence and frequency penalties on Gemini 2.5 and later (Google answers "Penalty is
not enabled for models/gemini-2.5-flash"), a reasoning effort on a model without
thinking. The ``reasoning`` option becomes ``thinkingConfig`` as the AI SDK maps it:
``thinkingLevel`` on Gemini 3, a ``thinkingBudget`` share of the output limit on
Gemini 2.5; ``thinkingConfig`` in provider options wins field by field. Provider
options this module does not know go to the request body as given (the escape hatch
for fields newer than this code; Google refuses misspelt ones with a 400).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ...spec import CallOptions, CallWarning, JsonFormat
from .schema import to_gemini_schema

# Provider options that are generationConfig fields, and ones that are request fields.
GENERATION_OPTIONS = frozenset(
    {
        "responseModalities",
        "mediaResolution",
        "imageConfig",
        "audioTimestamp",
        "responseLogprobs",
        "logprobs",
        "candidateCount",
        "speechConfig",
        "enableEnhancedCivicAnswers",
        "responseJsonSchema",
    }
)
REQUEST_OPTIONS = frozenset({"safetySettings", "cachedContent", "labels", "serviceTier"})
CONSUMED_OPTIONS = frozenset({"thinkingConfig", "structuredOutputs", "threshold", "retrievalConfig"})
VERTEX_ONLY = frozenset({"labels", "audioTimestamp"})
GEMINI_API_ONLY = frozenset({"serviceTier"})
SAFETY_CATEGORIES = (
    "HARM_CATEGORY_HATE_SPEECH",
    "HARM_CATEGORY_DANGEROUS_CONTENT",
    "HARM_CATEGORY_HARASSMENT",
    "HARM_CATEGORY_SEXUALLY_EXPLICIT",
)

_OLDER = re.compile(r"^(gemini-(1|2)([.-]|$)|gemini-pro(-vision)?$)")
_NO_PENALTIES = re.compile(r"^gemini-2\.5")
_THINKING_2_5 = re.compile(r"^gemini-2\.5")
_BUDGET_SHARE = {"minimal": 0.02, "low": 0.1, "medium": 0.3, "high": 0.6, "xhigh": 0.9, "max": 1.0}
_GEMINI_2_5_MAX_OUTPUT = 65_536


def family(model_id: str) -> str:
    """The model's name without a ``publishers/...`` or ``models/`` path, lower-cased."""
    return model_id.rsplit("/", 1)[-1].lower()


def is_gemini3(model_id: str) -> bool:
    """Gemini 3 or later (unknown Gemini ids count as the newest, as the AI SDK has it)."""
    name = family(model_id)
    return name.startswith("gemini-") and not _OLDER.match(name)


def penalties_supported(model_id: str) -> bool:
    name = family(model_id)
    return not (_NO_PENALTIES.match(name) or is_gemini3(model_id))


def generation_config(
    options: CallOptions,
    google: Mapping[str, Any],
    model_id: str,
    *,
    vertex: bool,
    warnings: list[CallWarning],
) -> dict[str, Any]:
    config: dict[str, Any] = {}
    for attribute, wire in (
        ("max_output_tokens", "maxOutputTokens"),
        ("temperature", "temperature"),
        ("top_p", "topP"),
        ("top_k", "topK"),
        ("seed", "seed"),
    ):
        value = getattr(options, attribute)
        if value is not None:
            config[wire] = value
    for attribute, wire in (
        ("presence_penalty", "presencePenalty"),
        ("frequency_penalty", "frequencyPenalty"),
    ):
        value = getattr(options, attribute)
        if value is None:
            continue
        if penalties_supported(model_id):
            config[wire] = value
        else:
            warnings.append(
                CallWarning(
                    "unsupported", feature=wire, details=f"{family(model_id)} does not take penalties"
                )
            )
    if options.stop_sequences:
        config["stopSequences"] = list(options.stop_sequences)
    if isinstance(options.response_format, JsonFormat):
        config["responseMimeType"] = "application/json"
        schema = options.response_format.schema
        if schema is not None and google.get("structuredOutputs", True) is not False:
            converted = to_gemini_schema(schema)
            if converted is not None:
                config["responseSchema"] = converted
    thinking = thinking_config(options.reasoning, model_id, warnings)
    given = google.get("thinkingConfig")
    if isinstance(given, Mapping):
        thinking = {**(thinking or {}), **given}
    if thinking:
        config["thinkingConfig"] = thinking
    wrong_service = GEMINI_API_ONLY if vertex else VERTEX_ONLY  # warned by request_fields
    for key in sorted((GENERATION_OPTIONS & google.keys()) - wrong_service):
        config[key] = google[key]
    return config


def thinking_config(
    reasoning: str | None, model_id: str, warnings: list[CallWarning]
) -> dict[str, Any] | None:
    if reasoning is None or reasoning == "provider-default":
        return None
    name = family(model_id)
    if is_gemini3(model_id) and "image" not in name:
        minimum = _minimum_level(name)
        if reasoning in ("none", "minimal"):
            if reasoning == "none":
                warnings.append(
                    CallWarning(
                        "compatibility",
                        feature="reasoning",
                        details=f"Gemini 3 always thinks; sent its lowest thinking level {minimum!r}",
                    )
                )
            return {"thinkingLevel": minimum}
        level = {"low": "low", "medium": "medium", "high": "high"}.get(reasoning)
        if level is None:
            warnings.append(
                CallWarning(
                    "compatibility",
                    feature="reasoning",
                    details=f'reasoning "{reasoning}" is not a Gemini thinking level; mapped to "high"',
                )
            )
            level = "high"
        return {"thinkingLevel": level}
    if _THINKING_2_5.match(name) or "image" in name:
        if reasoning == "none":
            return {"thinkingBudget": 0}
        ceiling = 32_768 if "2.5-pro" in name or "image" in name else 24_576
        share = _BUDGET_SHARE[reasoning]
        return {"thinkingBudget": min(ceiling, round(_GEMINI_2_5_MAX_OUTPUT * share))}
    if reasoning != "none":
        warnings.append(
            CallWarning("unsupported", feature="reasoning", details=f"{name} has no thinking configuration")
        )
    return None


def _minimum_level(name: str) -> str:
    """Gemini 3.7 Flash and later (and the ``flash-latest`` alias) start at ``low``."""
    if name == "gemini-flash-latest":
        return "low"
    match = re.match(r"^gemini-(\d+)\.(\d+)-flash(?:$|-(?!lite(?:-|$)))", name)
    if match is None:
        return "minimal"
    major, minor = int(match.group(1)), int(match.group(2))
    return "low" if major > 3 or (major == 3 and minor >= 7) else "minimal"


def request_fields(google: Mapping[str, Any], *, vertex: bool, warnings: list[CallWarning]) -> dict[str, Any]:
    """Top-level body fields from provider options: safety settings (or one ``threshold``
    for every configurable category), cached content, labels, service tier, and any
    option this module does not know, as given."""
    fields: dict[str, Any] = {}
    wrong_service = GEMINI_API_ONLY if vertex else VERTEX_ONLY
    for key, value in google.items():
        if key in wrong_service:
            service = "Gemini API" if vertex else "Vertex AI"
            warnings.append(
                CallWarning(
                    "unsupported", feature=key, details=f"{key} is a {service} option; it was not sent"
                )
            )
        elif key not in GENERATION_OPTIONS and key not in CONSUMED_OPTIONS:
            fields[key] = value  # REQUEST_OPTIONS, and unknown keys as given
    if "safetySettings" not in fields and google.get("threshold") is not None:
        fields["safetySettings"] = [
            {"category": category, "threshold": google["threshold"]} for category in SAFETY_CATEGORIES
        ]
    return fields
