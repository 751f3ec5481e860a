"""Call options -> the body of a Converse / ConverseStream request (outbound only).

``inferenceConfig`` takes ``maxTokens``, ``temperature`` and ``topP`` (both 0..1:
clamped, with a warning) and ``stopSequences``. Everything model-specific travels in
``additionalModelRequestFields``, as the AI SDK sends it: ``top_k`` (Anthropic,
Mistral) or ``inferenceConfig.topK`` (Nova); Anthropic's ``thinking`` from the
``reasoningConfig`` provider option or from ``reasoning=`` (the budget comes on top of
``maxTokens``, and sampling settings are dropped, with warnings, while it thinks);
``reasoningConfig.maxReasoningEffort`` for other reasoning models. Penalties and
seeds have no Converse form: warnings.

Provider options (``provider_options={"bedrock": {...}}``): ``reasoningConfig``,
``additionalModelRequestFields`` (merged), ``anthropicBeta``, ``serviceTier``,
``structuredOutputMode`` (``"outputConfig"`` or ``"jsonTool"``), and any Converse
field given as is (``guardrailConfig``, ``performanceConfig``, ``requestMetadata``,
``promptVariables``, ...), which passes through unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...provider.profile import ModelProfile
from ...spec import CallOptions, CallWarning, JsonFormat
from . import model_ids
from .fields import own_options
from .messages import convert_to_converse_messages
from .tools import prepare_tools

CONSUMED_OPTIONS = frozenset(
    {
        "reasoningConfig",
        "additionalModelRequestFields",
        "anthropicBeta",
        "serviceTier",
        "structuredOutputMode",
    }
)
_BUDGET_SHARE = {"minimal": 0.02, "low": 0.1, "medium": 0.3, "high": 0.6, "xhigh": 0.9, "max": 1.0}
_EFFORT = {"minimal": "low", "low": "low", "medium": "medium", "high": "high", "xhigh": "max", "max": "max"}
_DEFAULT_ANSWER_TOKENS = 4096  # the AI SDK's maxTokens beside a thinking budget when none is set
# Claude models Bedrock validates against an older schema (no adaptive thinking there).
ADAPTIVE_THINKING = (
    "claude-opus-4-6",
    "claude-sonnet-4-6",
    "claude-opus-4-7",
    "claude-opus-4-8",
    "claude-sonnet-5",
    "claude-opus-5",
)


@dataclass
class ConverseRequest:
    body: dict[str, Any]
    warnings: list[CallWarning] = field(default_factory=list)
    json_tool: bool = False


def build_converse_body(
    model_id: str, provider: str, profile: ModelProfile, options: CallOptions
) -> ConverseRequest:
    own = own_options(options.provider_options, provider)
    warnings: list[CallWarning] = []
    anthropic = model_ids.is_anthropic(model_id)
    for attribute, name in (
        ("frequency_penalty", "frequencyPenalty"),
        ("presence_penalty", "presencePenalty"),
        ("seed", "seed"),
    ):
        if getattr(options, attribute) is not None:
            warnings.append(CallWarning("unsupported", feature=name))
    inference: dict[str, Any] = {}
    if options.max_output_tokens is not None:
        inference["maxTokens"] = options.max_output_tokens
    for attribute, name, wire in (("temperature", "temperature", "temperature"), ("top_p", "topP", "topP")):
        value = getattr(options, attribute)
        if value is None:
            continue
        clamped = min(1.0, max(0.0, float(value)))
        if clamped != value:
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature=name,
                    details=f"{value} is outside Bedrock's 0..1; sent {clamped:g}",
                )
            )
        inference[wire] = clamped
    if options.stop_sequences:
        inference["stopSequences"] = list(options.stop_sequences)
    extra: dict[str, Any] = dict(own.get("additionalModelRequestFields") or {})
    if options.top_k is not None:
        _top_k(model_id, options.top_k, extra, warnings)

    reasoning = _reasoning_config(model_id, profile, options, own, warnings)
    thinking = _apply_reasoning(model_id, reasoning, inference, extra, warnings) if reasoning else False
    if thinking:
        for wire, name in (("temperature", "temperature"), ("topP", "topP")):
            if inference.pop(wire, None) is not None:
                warnings.append(
                    CallWarning(
                        "unsupported",
                        feature=name,
                        details=f"{name} is not supported when thinking is enabled",
                    )
                )
        if extra.pop("top_k", None) is not None:
            warnings.append(
                CallWarning(
                    "unsupported", feature="topK", details="topK is not supported when thinking is enabled"
                )
            )
    betas = [b for b in own.get("anthropicBeta") or () if isinstance(b, str)]
    if betas:
        extra["anthropic_beta"] = [*extra.get("anthropic_beta", ()), *betas]

    body: dict[str, Any] = {}
    fmt = options.response_format
    json_format: JsonFormat | None = None
    if isinstance(fmt, JsonFormat):
        if fmt.schema is None:
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="responseFormat",
                    details="Bedrock has no JSON mode without a schema; the format was not sent",
                )
            )
        elif _native_json(profile, own):
            structure: dict[str, Any] = {
                "schema": json.dumps(dict(fmt.schema)),
                "name": fmt.name or "response",
            }
            if fmt.description:
                structure["description"] = fmt.description
            body["outputConfig"] = {
                "textFormat": {"type": "json_schema", "structure": {"jsonSchema": structure}}
            }
        else:
            json_format = fmt
    tool_config = prepare_tools(
        options.tools,
        options.tool_choice,
        provider,
        warnings,
        json_format=json_format,
        strict_supported=not any(m in model_id for m in ADAPTIVE_THINKING[2:]),
    )
    conversion = convert_to_converse_messages(
        options.prompt, provider, mistral=model_ids.is_mistral(model_id), tool_content=tool_config is not None
    )
    warnings.extend(conversion.warnings)
    body["messages"] = conversion.messages
    if conversion.system:
        body["system"] = conversion.system
    if inference:
        body["inferenceConfig"] = inference
    if tool_config is not None:
        body["toolConfig"] = tool_config
    if extra:
        body["additionalModelRequestFields"] = extra
    if anthropic:
        body["additionalModelResponseFieldPaths"] = ["/delta/stop_sequence"]
    tier = own.get("serviceTier")
    if isinstance(tier, str):
        body["serviceTier"] = {"type": tier}
    for key, value in own.items():
        if key not in CONSUMED_OPTIONS:
            body[key] = value
    return ConverseRequest(body, warnings, json_tool=json_format is not None)


def _native_json(profile: ModelProfile, own: Mapping[str, Any]) -> bool:
    mode = own.get("structuredOutputMode", "auto")
    return mode == "outputConfig" or (mode != "jsonTool" and profile.structured_output == "json_schema")


def _top_k(model_id: str, top_k: int, extra: dict[str, Any], warnings: list[CallWarning]) -> None:
    if model_ids.is_anthropic(model_id) or model_ids.is_mistral(model_id):
        extra.setdefault("top_k", top_k)
    elif model_ids.is_nova(model_id):
        extra["inferenceConfig"] = {**extra.get("inferenceConfig", {}), "topK": top_k}
    else:
        warnings.append(
            CallWarning("unsupported", feature="topK", details=f"{model_id} takes no topK through Converse")
        )


def _reasoning_config(
    model_id: str,
    profile: ModelProfile,
    options: CallOptions,
    own: Mapping[str, Any],
    warnings: list[CallWarning],
) -> dict[str, Any]:
    """The ``reasoningConfig`` option, or one made from ``reasoning=`` (the option wins)."""
    given = own.get("reasoningConfig")
    config: dict[str, Any] = dict(given) if isinstance(given, Mapping) else {}
    effort = options.reasoning
    if effort in (None, "provider-default"):
        return config
    if effort == "none":
        return {"type": "disabled", **config} if model_ids.is_anthropic(model_id) else config
    if model_ids.is_anthropic(model_id):
        if any(m in model_id for m in ADAPTIVE_THINKING):
            return {"type": "adaptive", "maxReasoningEffort": _EFFORT[effort], **config}
        budget = max(1024, int(profile.max_output_tokens * _BUDGET_SHARE[effort]))
        return {"type": "enabled", "budgetTokens": budget, **config}
    return {"maxReasoningEffort": _EFFORT[effort], **config}


def _apply_reasoning(
    model_id: str,
    config: Mapping[str, Any],
    inference: dict[str, Any],
    extra: dict[str, Any],
    warnings: list[CallWarning],
) -> bool:
    """Put the reasoning settings where the model reads them; whether it now thinks."""
    kind = config.get("type")
    budget = config.get("budgetTokens")
    effort = config.get("maxReasoningEffort")
    if model_ids.is_anthropic(model_id):
        thinking = kind in ("enabled", "adaptive")
        if kind == "enabled" and isinstance(budget, int):
            inference["maxTokens"] = inference.get("maxTokens", _DEFAULT_ANSWER_TOKENS) + budget
            extra["thinking"] = {"type": "enabled", "budget_tokens": budget}
        elif kind == "enabled":
            warnings.append(
                CallWarning(
                    "unsupported", feature="reasoningConfig", details="thinking needs budgetTokens; not sent"
                )
            )
            thinking = False
        elif kind == "adaptive":
            extra["thinking"] = {
                "type": "adaptive",
                **({"display": config["display"]} if "display" in config else {}),
            }
        elif kind == "disabled":
            extra["thinking"] = {"type": "disabled"}
        if effort is not None and kind != "disabled":
            extra["output_config"] = {**extra.get("output_config", {}), "effort": effort}
        return thinking
    if budget is not None:
        warnings.append(
            CallWarning(
                "unsupported",
                feature="budgetTokens",
                details="budgetTokens applies only to Anthropic models on Bedrock",
            )
        )
    if kind == "adaptive":
        warnings.append(
            CallWarning(
                "unsupported",
                feature="adaptive thinking",
                details="adaptive thinking is for Anthropic models",
            )
        )
    if effort is not None:
        if model_ids.is_openai(model_id):
            extra["reasoning_effort"] = effort
        else:
            extra["reasoningConfig"] = {"type": "enabled", "maxReasoningEffort": effort}
    return False
