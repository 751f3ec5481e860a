"""OpenAI-format call arguments -> spec types, for the framework adapters.

LangChain's ``bind_tools`` and LlamaIndex's tool preparation both produce OpenAI-style
tool dicts, ``tool_choice`` values and ``response_format`` dicts; this is the one place
that reads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..spec import CallOptions, FunctionTool, JsonFormat, Prompt, ResponseFormat, TextFormat, ToolChoice


def openai_tools(tools: Sequence[Mapping[str, Any]] | None) -> list[FunctionTool] | None:
    if not tools:
        return None
    out = []
    for tool in tools:
        function = tool.get("function", tool)
        out.append(
            FunctionTool(
                name=function["name"],
                input_schema=function.get("parameters") or {"type": "object", "properties": {}},
                description=function.get("description"),
                strict=function.get("strict"),
            )
        )
    return out


def openai_tool_choice(choice: Any) -> ToolChoice | None:
    if choice is None or choice is False:
        return None
    if choice is True or choice in ("any", "required"):
        return ToolChoice("required")
    if choice in ("auto", "none"):
        return ToolChoice(choice)
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name") or choice.get("name")
        return ToolChoice("tool", name)
    return ToolChoice("tool", str(choice))


def openai_response_format(value: Any, provider_options: dict[str, Any]) -> ResponseFormat | None:
    """Accept our spec types or OpenAI's ``response_format`` dicts."""
    if value is None or isinstance(value, (JsonFormat, TextFormat)):
        return value
    kind = value.get("type")
    if kind == "json_object":
        return JsonFormat()
    if kind == "json_schema":
        spec = value["json_schema"]
        if spec.get("strict") is not None:
            provider_options["strictJsonSchema"] = spec["strict"]
        return JsonFormat(
            schema=spec.get("schema"), name=spec.get("name"), description=spec.get("description")
        )
    if kind == "text":
        return TextFormat()
    raise ValueError(f"response_format type must be json_schema, json_object or text, not {kind!r}")


# Per-call keyword arguments that are call settings, by the names frameworks use.
CALL_SETTING_KWARGS: Mapping[str, str] = {
    "temperature": "temperature",
    "max_tokens": "max_output_tokens",
    "max_output_tokens": "max_output_tokens",
    "top_p": "top_p",
    "top_k": "top_k",
    "presence_penalty": "presence_penalty",
    "frequency_penalty": "frequency_penalty",
    "seed": "seed",
    "reasoning_effort": "reasoning",
}


def call_options_from_kwargs(
    provider: str,
    prompt: Prompt,
    defaults: Mapping[str, Any],
    provider_options: Mapping[str, Mapping[str, Any]] | None,
    kwargs: Mapping[str, Any],
    stop: Sequence[str] | None = None,
) -> CallOptions:
    """Call options from an adapter's fields (``defaults``) and a call's keyword arguments.

    Known settings override the defaults; ``tools``, ``tool_choice`` and
    ``response_format`` are read in OpenAI's format; any other keyword goes to the
    request body through this provider's options (like ChatOpenAI's ``model_kwargs``).
    """
    kwargs = dict(kwargs)
    settings = dict(defaults)
    for key in [k for k in kwargs if k in CALL_SETTING_KWARGS]:
        settings[CALL_SETTING_KWARGS[key]] = kwargs.pop(key)
    options = {name: dict(values) for name, values in (provider_options or {}).items()}
    for name, values in (kwargs.pop("provider_options", None) or {}).items():
        options.setdefault(name, {}).update(values)
    own = options.setdefault(provider, {})
    tools = openai_tools(kwargs.pop("tools", None))
    tool_choice = openai_tool_choice(kwargs.pop("tool_choice", None))
    response_format = openai_response_format(kwargs.pop("response_format", None), own)
    if (parallel := kwargs.pop("parallel_tool_calls", None)) is not None:
        own["parallelToolCalls"] = parallel
    headers = kwargs.pop("headers", None)
    stop = kwargs.pop("stop", None) or stop
    own.update(kwargs)
    return CallOptions(
        prompt=prompt,
        stop_sequences=stop or None,
        tools=tools,
        tool_choice=tool_choice,
        response_format=response_format,
        headers=headers,
        provider_options={name: values for name, values in options.items() if values} or None,
        **{key: value for key, value in settings.items() if value is not None},
    )
