"""OpenAI-format call arguments -> spec types, for the framework adapters.

LangChain's ``bind_tools`` and LlamaIndex's tool preparation both produce OpenAI-style
tool dicts, ``tool_choice`` values and ``response_format`` dicts; this is the one place
that reads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .spec import FunctionTool, JsonFormat, ResponseFormat, TextFormat, ToolChoice


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
