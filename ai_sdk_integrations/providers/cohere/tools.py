"""Call options' tools and tool choice -> Cohere's ``tools`` and ``tool_choice``.

Cohere's ``tool_choice`` is ``REQUIRED`` or ``NONE`` (absent means auto). There is no
"this tool": as the AI SDK does, only the named tool is sent, with ``REQUIRED``, and a
compatibility warning says the other tools were left out of this call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...spec import CallWarning, FunctionTool, Tool, ToolChoice
from ...spec.errors import UsageError


def prepare_tools(
    tools: Sequence[Tool] | None, choice: ToolChoice | None
) -> tuple[list[dict[str, Any]] | None, str | None, list[CallWarning]]:
    """``(tools, tool_choice, warnings)``; ``None`` where the body leaves the field out."""
    warnings: list[CallWarning] = []
    if not tools:
        if choice is not None and choice.type in ("required", "tool"):
            raise UsageError(f"tool_choice {choice.type!r} needs tools, and none were given")
        return None, None, warnings
    wire: list[dict[str, Any]] = []
    for tool in tools:
        if not isinstance(tool, FunctionTool):
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature=f"provider-defined tool {tool.id}",
                    details="Cohere runs no provider tools; it was not sent",
                )
            )
            continue
        function: dict[str, Any] = {"name": tool.name, "parameters": dict(tool.input_schema)}
        if tool.description:
            function["description"] = tool.description
        wire.append({"type": "function", "function": function})
    if choice is None or choice.type == "auto":
        return wire, None, warnings
    if choice.type == "none":
        return wire, "NONE", warnings
    if choice.type == "required":
        return wire, "REQUIRED", warnings
    named = [t for t in wire if t["function"]["name"] == choice.tool_name]
    if not named:
        known = ", ".join(t["function"]["name"] for t in wire) or "none"
        raise UsageError(f"tool_choice names {choice.tool_name!r}, which is not among the tools ({known})")
    if len(named) < len(wire):
        warnings.append(
            CallWarning(
                "compatibility",
                feature="toolChoice",
                details=f"Cohere cannot force one tool by name; only {choice.tool_name!r} was sent, "
                "with tool_choice REQUIRED",
            )
        )
    return named, "REQUIRED", warnings
