"""Spec tools and tool choice -> Anthropic ``tools`` and ``tool_choice``.

``auto`` / ``required`` / ``tool`` / ``none`` become ``{"type": "auto" | "any" |
"tool" | "none"}``; the ``disableParallelToolUse`` provider option rides on the
choice as ``disable_parallel_tool_use``. Provider tools (``anthropic.web_search_...``)
are sent under their own type with their arguments, as the AI SDK names them.
Emulated structured output adds a tool named ``json`` and forces a tool call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...spec import CallWarning, FunctionTool, Tool, ToolChoice

JSON_TOOL = "json"

# AI SDK provider-tool id -> the name Anthropic knows the tool by.
PROVIDER_TOOL_NAMES: Mapping[str, str] = {
    "web_search_20250305": "web_search",
    "web_search_20260209": "web_search",
    "web_fetch_20250910": "web_fetch",
    "web_fetch_20260209": "web_fetch",
    "code_execution_20250522": "code_execution",
    "code_execution_20250825": "code_execution",
    "bash_20241022": "bash",
    "bash_20250124": "bash",
    "text_editor_20241022": "str_replace_editor",
    "text_editor_20250124": "str_replace_editor",
    "text_editor_20250429": "str_replace_based_edit_tool",
    "text_editor_20250728": "str_replace_based_edit_tool",
    "computer_20241022": "computer",
    "computer_20250124": "computer",
    "memory_20250818": "memory",
}


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def prepare_tools(
    tools: Sequence[Tool],
    provider: str,
    warnings: list[CallWarning],
    cache_control: Any,
) -> list[dict[str, Any]]:
    """``cache_control(options)`` returns a tool's cache breakpoint (or ``None``)."""
    out: list[dict[str, Any]] = []
    for tool in tools:
        if isinstance(tool, FunctionTool):
            entry: dict[str, Any] = {"name": tool.name, "input_schema": dict(tool.input_schema)}
            if tool.description:
                entry["description"] = tool.description
            if tool.strict is not None:
                entry["strict"] = tool.strict
            cache = cache_control(tool.provider_options)
            if cache:
                entry["cache_control"] = cache
            out.append(entry)
            continue
        owner, _, kind = tool.id.partition(".")
        if owner != "anthropic" or kind not in PROVIDER_TOOL_NAMES:
            warnings.append(CallWarning("unsupported", feature=f"provider-defined tool {tool.id}"))
            continue
        entry = {"type": kind, "name": PROVIDER_TOOL_NAMES[kind]}
        entry.update((_snake(key), value) for key, value in tool.args.items())
        out.append(entry)
    return out


def tool_choice(choice: ToolChoice | None, disable_parallel: bool | None) -> dict[str, Any] | None:
    if choice is None:
        if disable_parallel is None:
            return None
        return {"type": "auto", "disable_parallel_tool_use": disable_parallel}
    wire: dict[str, Any] = {
        "type": {"auto": "auto", "required": "any", "tool": "tool", "none": "none"}[choice.type]
    }
    if choice.type == "tool":
        wire["name"] = choice.tool_name
    if disable_parallel is not None and choice.type != "none":
        wire["disable_parallel_tool_use"] = disable_parallel
    return wire


def json_tool(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The forced tool of emulated structured output: its input is the answer."""
    return {"name": JSON_TOOL, "description": "Respond with a JSON object.", "input_schema": dict(schema)}
