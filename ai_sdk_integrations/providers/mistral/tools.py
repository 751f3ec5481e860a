"""Function tools and tool choice, as Mistral takes them.

Mistral's ``tool_choice`` is ``"auto"``, ``"none"``, ``"any"`` (its name for
*required*) or a named function. As the AI SDK does, a choice of one named tool is sent
as that tool alone with ``"any"``, which forces the call on every Mistral model.
Provider-defined tools (another provider's built-ins) are left out with a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...spec import CallWarning, FunctionTool, Tool, ToolChoice
from ...spec.errors import UsageError

_CHOICES = {"auto": "auto", "none": "none", "required": "any"}


def prepare_tools(
    tools: Sequence[Tool], choice: ToolChoice | None, warnings: list[CallWarning]
) -> dict[str, Any]:
    """``tools`` and ``tool_choice`` for the request body (empty when there are none)."""
    functions: list[dict[str, Any]] = []
    for tool in tools:
        if not isinstance(tool, FunctionTool):
            warnings.append(CallWarning("unsupported", feature=f"provider-defined tool {tool.id}"))
            continue
        function: dict[str, Any] = {"name": tool.name, "parameters": dict(tool.input_schema)}
        if tool.description:
            function["description"] = tool.description
        if tool.strict is not None:
            function["strict"] = tool.strict
        functions.append({"type": "function", "function": function})
    if not functions:
        return {}
    if choice is None:
        return {"tools": functions}
    if choice.type == "tool":
        chosen = [f for f in functions if f["function"]["name"] == choice.tool_name]
        if not chosen:
            raise UsageError(
                f"tool_choice names {choice.tool_name!r}, which is not among the tools offered "
                f"({', '.join(f['function']['name'] for f in functions)})"
            )
        return {"tools": chosen, "tool_choice": "any"}
    return {"tools": functions, "tool_choice": _CHOICES[choice.type]}
