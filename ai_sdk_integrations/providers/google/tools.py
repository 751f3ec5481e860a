"""Spec tools and tool choice -> Gemini ``tools`` and ``toolConfig``.

Function tools become one ``functionDeclarations`` entry (their JSON schemas converted
to Gemini's subset, ``schema.to_gemini_schema``). The tool choice becomes
``functionCallingConfig.mode``: ``auto`` -> ``AUTO``, ``none`` -> ``NONE``, ``required``
-> ``ANY``, a named tool -> ``ANY`` with ``allowedFunctionNames``; a strict tool asks
for ``VALIDATED`` (schema-checked calls, still optional). Google's own tools are
provider tools by id (``google.google_search``, ``google.url_context``,
``google.code_execution``, ``google.google_maps``, ``google.enterprise_web_search``,
``google.file_search``); any other provider tool is a warning, not a silent drop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...spec import CallWarning, FunctionTool, ProviderTool, Tool, ToolChoice
from .schema import to_gemini_schema

_PROVIDER_TOOLS: Mapping[str, str] = {
    "google_search": "googleSearch",
    "url_context": "urlContext",
    "code_execution": "codeExecution",
    "google_maps": "googleMaps",
    "enterprise_web_search": "enterpriseWebSearch",
    "file_search": "fileSearch",
}
_ARGUMENT_TOOLS = frozenset({"google_search", "file_search"})


def prepare_tools(
    tools: Sequence[Tool] | None,
    choice: ToolChoice | None,
    *,
    provider_names: Sequence[str],
    gemini3: bool,
    warnings: list[CallWarning],
) -> tuple[list[dict[str, Any]] | None, dict[str, Any] | None]:
    """``(tools, toolConfig)`` for the request body; ``None`` where there is nothing."""
    if not tools:
        return None, None
    declarations: list[dict[str, Any]] = []
    builtin: list[dict[str, Any]] = []
    strict = False
    for tool in tools:
        if isinstance(tool, FunctionTool):
            declaration: dict[str, Any] = {"name": tool.name, "description": tool.description or ""}
            parameters = to_gemini_schema(tool.input_schema)
            if parameters is not None:
                declaration["parameters"] = parameters
            declarations.append(declaration)
            strict = strict or bool(tool.strict)
        elif isinstance(tool, ProviderTool):
            entry = _provider_tool(tool, provider_names)
            if entry is None:
                warnings.append(CallWarning("unsupported", feature=f"provider-defined tool {tool.id}"))
            else:
                builtin.append(entry)
    if declarations and builtin and not gemini3:
        warnings.append(
            CallWarning(
                "unsupported",
                feature="combination of function and provider-defined tools",
                details="models before Gemini 3 take Google's own tools or function declarations, not both",
            )
        )
    body_tools = [*builtin, *([{"functionDeclarations": declarations}] if declarations else [])]
    config = _tool_config(choice, strict) if declarations else None
    return body_tools or None, config


def _provider_tool(tool: ProviderTool, provider_names: Sequence[str]) -> dict[str, Any] | None:
    prefix, _, name = tool.id.partition(".")
    if prefix not in ("google", *provider_names) or name not in _PROVIDER_TOOLS:
        return None
    args = dict(tool.args) if name in _ARGUMENT_TOOLS else {}
    return {_PROVIDER_TOOLS[name]: args}


def _tool_config(choice: ToolChoice | None, strict: bool) -> dict[str, Any] | None:
    if choice is None:
        return {"functionCallingConfig": {"mode": "VALIDATED"}} if strict else None
    if choice.type == "none":
        return {"functionCallingConfig": {"mode": "NONE"}}
    if choice.type == "required":
        return {"functionCallingConfig": {"mode": "ANY"}}
    if choice.type == "tool":
        return {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": [choice.tool_name]}}
    return {"functionCallingConfig": {"mode": "VALIDATED" if strict else "AUTO"}}
