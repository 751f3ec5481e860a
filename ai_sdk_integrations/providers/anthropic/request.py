"""Call options -> the body of a ``/v1/messages`` request (outbound only).

Every setting Anthropic cannot honour becomes a warning: presence and frequency
penalties and seeds (no such parameters), a temperature above 1 (clamped), sampling
settings while thinking (rejected by the API), ``top_p`` beside ``temperature``
(Claude takes one or the other), JSON output without a schema (no JSON mode).
``max_tokens`` is required by Anthropic: without ``max_output_tokens`` it is the
model's own limit (its profile), as the AI SDK sends it; thinking's budget comes on
top of the answer's, capped at that limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...provider.profile import DEFAULT, ModelProfile
from ...spec import CallOptions, CallWarning, JsonFormat
from .messages import PromptConversion, convert_to_anthropic_messages
from .schema import anthropic_output_schema
from .tools import json_tool, prepare_tools, tool_choice

# Provider options this module reads; any other key passes through to the body as
# given (the escape hatch for parameters newer than this code).
CONSUMED_OPTIONS = frozenset(
    {
        "thinking",
        "disableParallelToolUse",
        "cacheControl",
        "sendReasoning",
        "structuredOutputMode",
        "effort",
        "metadata",
        "anthropicBeta",
        "toolStreaming",
    }
)
# Models that think adaptively (``thinking: {type: "adaptive"}`` with an effort) rather
# than within a token budget, by model-id prefix (the AI SDK's capability table).
ADAPTIVE_THINKING = (
    "claude-opus-4-6",
    "claude-sonnet-4-6",
    "claude-opus-4-7",
    "claude-opus-4-8",
    "claude-sonnet-5",
    "claude-opus-5",
    "claude-fable-5",
)
_BUDGET_SHARE = {"minimal": 0.02, "low": 0.1, "medium": 0.3, "high": 0.6, "xhigh": 0.9}
_ADAPTIVE_EFFORT = {"minimal": "low", "low": "low", "medium": "medium", "high": "high", "xhigh": "max"}
# What /v1/messages/count_tokens accepts of a messages body.
COUNT_TOKENS_FIELDS = ("model", "system", "messages", "tools", "tool_choice", "thinking", "mcp_servers")


@dataclass
class MessagesRequest:
    body: dict[str, Any]
    headers: dict[str, str]
    warnings: list[CallWarning] = field(default_factory=list)
    json_tool: bool = False


def own_options(options: CallOptions, provider: str) -> dict[str, Any]:
    found = (options.provider_options or {}).get(provider)
    return dict(found) if isinstance(found, Mapping) else {}


def uses_native_json(profile: ModelProfile, own: Mapping[str, Any]) -> bool:
    mode = own.get("structuredOutputMode", "auto")
    return mode == "outputFormat" or (mode != "jsonTool" and profile.structured_output == "json_schema")


def uses_json_tool(options: CallOptions, profile: ModelProfile, provider: str) -> bool:
    """Whether structured output is emulated by the forced ``json`` tool."""
    fmt = options.response_format
    if not isinstance(fmt, JsonFormat) or fmt.schema is None:
        return False
    return not uses_native_json(profile, own_options(options, provider))


def build_messages_request(
    model_id: str, provider: str, profile: ModelProfile, options: CallOptions, *, stream: bool
) -> MessagesRequest:
    own = own_options(options, provider)
    warnings: list[CallWarning] = []
    for attribute, name in (
        ("presence_penalty", "presencePenalty"),
        ("frequency_penalty", "frequencyPenalty"),
        ("seed", "seed"),
    ):
        if getattr(options, attribute) is not None:
            warnings.append(CallWarning("unsupported", feature=name))
    temperature, top_p, top_k = options.temperature, options.top_p, options.top_k
    if temperature is not None and temperature > 1:
        warnings.append(
            CallWarning(
                "unsupported",
                feature="temperature",
                details=f"{temperature} exceeds Anthropic's maximum of 1; sent 1",
            )
        )
        temperature = 1
    limit = profile.max_output_tokens
    known = profile is not DEFAULT and profile != DEFAULT
    if options.max_output_tokens is None and not known:
        warnings.append(
            CallWarning(
                "compatibility",
                feature="maxOutputTokens",
                details=f"the model {model_id!r} is unknown; max_tokens is {limit}. "
                "Set max_output_tokens to change it",
            )
        )
    answer_tokens = options.max_output_tokens if options.max_output_tokens is not None else limit
    thinking, effort = _thinking(model_id, own, options, limit, warnings)
    body: dict[str, Any] = {"model": model_id, "max_tokens": answer_tokens}
    if thinking is not None:
        body["thinking"] = thinking
    if thinking is not None and thinking["type"] in ("enabled", "adaptive"):
        for name, value in (("temperature", temperature), ("topK", top_k), ("topP", top_p)):
            if value is not None:
                warnings.append(
                    CallWarning(
                        "unsupported",
                        feature=name,
                        details=f"{name} is not supported when thinking is enabled",
                    )
                )
        temperature = top_p = top_k = None
        body["max_tokens"] = answer_tokens + int(thinking.get("budget_tokens") or 0)
    elif temperature is not None and top_p is not None and "claude" in model_id:
        warnings.append(
            CallWarning(
                "unsupported",
                feature="topP",
                details="topP is not supported when temperature is set; topP was not sent",
            )
        )
        top_p = None
    if known and body["max_tokens"] > limit:
        if options.max_output_tokens is not None:
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="maxOutputTokens",
                    details=f"{body['max_tokens']} (max_output_tokens + thinking budget) is more than "
                    f"{model_id}'s limit; sent {limit}",
                )
            )
        body["max_tokens"] = limit
    for name, value in (("temperature", temperature), ("top_p", top_p), ("top_k", top_k)):
        if value is not None:
            body[name] = value
    if options.stop_sequences:
        body["stop_sequences"] = list(options.stop_sequences)
    output_config: dict[str, Any] = {}
    effort = own.get("effort") or effort
    if effort:
        output_config["effort"] = effort
    fmt = options.response_format
    json_via_tool = False
    if isinstance(fmt, JsonFormat):
        if fmt.schema is None:
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="responseFormat",
                    details="Anthropic takes JSON output only with a schema; the format was ignored",
                )
            )
        elif uses_native_json(profile, own):
            output_config["format"] = {"type": "json_schema", "schema": anthropic_output_schema(fmt.schema)}
        else:
            json_via_tool = True
    if output_config:
        body["output_config"] = output_config
    conversion = convert_to_anthropic_messages(
        options.prompt, provider, send_reasoning=own.get("sendReasoning", True) is not False
    )
    _tools(body, options, own, conversion, json_via_tool, fmt, warnings)
    if conversion.system:
        body["system"] = conversion.system
    body["messages"] = conversion.messages
    warnings.extend(conversion.warnings)
    metadata = own.get("metadata")
    if isinstance(metadata, Mapping) and metadata.get("userId") is not None:
        body["metadata"] = {"user_id": metadata["userId"]}
    if own.get("cacheControl"):
        body["cache_control"] = own["cacheControl"]
    for key, value in own.items():
        if key not in CONSUMED_OPTIONS:
            body[key] = value
    if stream:
        body["stream"] = True
    headers = dict(options.headers or {})
    betas = [b for b in own.get("anthropicBeta") or () if isinstance(b, str)]
    if betas:
        given = [b.strip() for b in headers.get("anthropic-beta", "").split(",") if b.strip()]
        headers["anthropic-beta"] = ",".join(dict.fromkeys([*given, *betas]))
    return MessagesRequest(body, headers, warnings, json_via_tool)


def _tools(
    body: dict[str, Any],
    options: CallOptions,
    own: Mapping[str, Any],
    conversion: PromptConversion,
    json_via_tool: bool,
    fmt: Any,
    warnings: list[CallWarning],
) -> None:
    tools = prepare_tools(options.tools or (), conversion.provider, warnings, conversion.cache_control)
    disable_parallel = own.get("disableParallelToolUse")
    choice = options.tool_choice
    if json_via_tool:
        tools.append(json_tool(fmt.schema))
        if disable_parallel is False:
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="providerOptions.anthropic.disableParallelToolUse",
                    details="parallel tool use is always off with the JSON response tool",
                )
            )
        body["tools"] = tools
        body["tool_choice"] = {"type": "any", "disable_parallel_tool_use": True}
        return
    if not tools:
        return
    body["tools"] = tools
    wire = tool_choice(choice, disable_parallel if isinstance(disable_parallel, bool) else None)
    if wire is not None:
        body["tool_choice"] = wire


def _thinking(
    model_id: str, own: Mapping[str, Any], options: CallOptions, limit: int, warnings: list[CallWarning]
) -> tuple[dict[str, Any] | None, str | None]:
    """The ``thinking`` parameter and the effort to ask for: the provider option as
    given, else the call's ``reasoning`` level, as the AI SDK maps it (a budget share of
    the model's limit, or adaptive thinking with an effort on models that think so)."""
    given = own.get("thinking")
    if isinstance(given, Mapping):
        kind = given.get("type")
        thinking: dict[str, Any] = {"type": kind}
        budget = given.get("budgetTokens", given.get("budget_tokens"))
        if kind == "enabled":
            if budget is None:
                warnings.append(
                    CallWarning(
                        "compatibility",
                        feature="extended thinking",
                        details="thinking needs a budget; budget_tokens 1024 was sent",
                    )
                )
                budget = 1024
            thinking["budget_tokens"] = budget
        for key, value in given.items():
            if key not in ("type", "budgetTokens", "budget_tokens"):
                thinking[key] = value
        return thinking, None
    reasoning = options.reasoning
    if reasoning in (None, "provider-default"):
        return None, None
    if reasoning == "none":
        return {"type": "disabled"}, None
    unsupported = CallWarning(
        "unsupported", feature="reasoning", details=f"reasoning {reasoning!r} is not supported by this model"
    )
    if model_id.startswith(ADAPTIVE_THINKING):
        effort = _ADAPTIVE_EFFORT.get(str(reasoning))
        if effort is None:
            warnings.append(unsupported)
            return None, None
        if effort != reasoning:
            warnings.append(
                CallWarning(
                    "compatibility",
                    feature="reasoning",
                    details=f"reasoning {reasoning!r} sent as effort {effort!r}",
                )
            )
        return {"type": "adaptive", "display": "summarized"}, effort
    share = _BUDGET_SHARE.get(str(reasoning))
    if share is None:
        warnings.append(unsupported)
        return None, None
    return {"type": "enabled", "budget_tokens": min(limit, max(1024, round(limit * share)))}, None


def count_tokens_body(body: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a messages body that ``/v1/messages/count_tokens`` takes."""
    return {key: body[key] for key in COUNT_TOKENS_FIELDS if key in body}
