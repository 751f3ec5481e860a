"""Tools and tool choice -> ``toolConfig`` (outbound only).

``toolChoice`` is ``{"auto": {}}``, ``{"any": {}}`` (required) or ``{"tool": {"name"}}``;
``none`` has no Converse form, so, as the AI SDK does, the tools are left out of the
request altogether. A named choice keeps every tool in the request (the AI SDK sends
only the named one; keeping them all keeps a cached prefix stable). Structured output
without native support is a forced ``json``
tool whose input is the answer (``JSON_TOOL``). Provider-defined tools have no Converse
form and become warnings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...spec import CallWarning, FunctionTool, JsonFormat, Tool, ToolChoice
from .fields import own_options

JSON_TOOL = "json"


def prepare_tools(
    tools: Sequence[Tool] | None,
    choice: ToolChoice | None,
    provider: str,
    warnings: list[CallWarning],
    *,
    json_format: JsonFormat | None = None,
    strict_supported: bool = True,
) -> dict[str, Any] | None:
    """The ``toolConfig``, or ``None`` when the request has no tools."""
    function_tools: list[FunctionTool] = []
    for tool in tools or ():
        if isinstance(tool, FunctionTool):
            function_tools.append(tool)
        else:
            warnings.append(CallWarning("unsupported", feature=f"tool {tool.id}"))
    if json_format is not None and json_format.schema is not None:
        function_tools.append(
            FunctionTool(
                JSON_TOOL,
                json_format.schema,
                json_format.description or "Respond with a JSON object.",
            )
        )
        choice = ToolChoice("tool", JSON_TOOL) if not tools else ToolChoice("required")
    if not function_tools or (choice is not None and choice.type == "none"):
        return None
    specs: list[dict[str, Any]] = []
    for tool in function_tools:
        spec: dict[str, Any] = {"name": tool.name, "inputSchema": {"json": dict(tool.input_schema)}}
        if tool.description and tool.description.strip():
            spec["description"] = tool.description
        if tool.strict is not None:
            if strict_supported:
                spec["strict"] = tool.strict
            else:
                warnings.append(
                    CallWarning(
                        "unsupported",
                        feature="strict",
                        details=f"this model takes no strict tools; strict was not sent for {tool.name!r}",
                    )
                )
        specs.append({"toolSpec": spec})
        point = own_options(tool.provider_options, provider).get("cachePoint")
        if isinstance(point, Mapping):
            specs.append({"cachePoint": dict(point)})
    config: dict[str, Any] = {"tools": specs}
    wire_choice = _tool_choice(choice)
    if wire_choice is not None:
        config["toolChoice"] = wire_choice
    return config


def _tool_choice(choice: ToolChoice | None) -> dict[str, Any] | None:
    if choice is None:
        return None
    if choice.type == "required":
        return {"any": {}}
    if choice.type == "tool":
        return {"tool": {"name": choice.tool_name}}
    return {"auto": {}}
