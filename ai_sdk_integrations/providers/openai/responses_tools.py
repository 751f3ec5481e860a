"""OpenAI's built-in tools for the Responses API, and the request's ``tools`` list.

Built-in tools (web search, file search, code interpreter) run on OpenAI's side; in a
call they are the spec's ``ProviderTool`` with an ``openai.*`` id, as in the AI SDK::

    from ai_sdk_integrations.providers.openai.responses_tools import web_search
    tools = [web_search(search_context_size="low")]   # CallOptions(tools=...)

Their calls and results come back as provider-executed ``tool-call`` / ``tool-result``
content named after the built-in tool (``web_search``, ``file_search``,
``code_interpreter``: a response does not say which name the caller chose); ``name``
is what ``tool_choice`` names it by. ``args`` use the AI SDK's camelCase names;
``prepare_tools`` writes them in OpenAI's wire names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...spec import CallWarning, FunctionTool, ProviderTool, Tool, ToolChoice

SchemaTransform = Callable[[Mapping[str, Any]], dict[str, Any]]


def web_search(
    *,
    name: str = "web_search",
    search_context_size: str | None = None,
    user_location: Mapping[str, Any] | None = None,
    allowed_domains: Sequence[str] | None = None,
    external_web_access: bool | None = None,
) -> ProviderTool:
    """``openai.web_search``: the model searches the web; citations come back as sources.
    ``user_location``: ``{"type": "approximate", "country": "GB", "city": ..., ...}``."""
    args: dict[str, Any] = {}
    if search_context_size is not None:
        args["searchContextSize"] = search_context_size
    if user_location is not None:
        args["userLocation"] = dict(user_location)
    if allowed_domains is not None:
        args["filters"] = {"allowedDomains": list(allowed_domains)}
    if external_web_access is not None:
        args["externalWebAccess"] = external_web_access
    return ProviderTool("openai.web_search", name, args)


def file_search(
    vector_store_ids: Sequence[str],
    *,
    name: str = "file_search",
    max_num_results: int | None = None,
    ranker: str | None = None,
    score_threshold: float | None = None,
    filters: Mapping[str, Any] | None = None,
) -> ProviderTool:
    """``openai.file_search``: search the given vector stores; hits come back in the
    tool result and file citations as document sources."""
    args: dict[str, Any] = {"vectorStoreIds": list(vector_store_ids)}
    if max_num_results is not None:
        args["maxNumResults"] = max_num_results
    if ranker is not None or score_threshold is not None:
        args["ranking"] = {
            k: v for k, v in (("ranker", ranker), ("scoreThreshold", score_threshold)) if v is not None
        }
    if filters is not None:
        args["filters"] = dict(filters)
    return ProviderTool("openai.file_search", name, args)


def code_interpreter(
    *, name: str = "code_interpreter", container: str | None = None, file_ids: Sequence[str] | None = None
) -> ProviderTool:
    """``openai.code_interpreter``: the model runs Python in a container (an id, or a new
    one with ``file_ids`` available)."""
    args: dict[str, Any] = {}
    if container is not None:
        args["container"] = container
    elif file_ids is not None:
        args["container"] = {"fileIds": list(file_ids)}
    return ProviderTool("openai.code_interpreter", name, args)


# -- the request's tools ---------------------------------------------------------------


def _web_search(args: Mapping[str, Any], wire_type: str) -> dict[str, Any]:
    tool: dict[str, Any] = {"type": wire_type}
    if "searchContextSize" in args:
        tool["search_context_size"] = args["searchContextSize"]
    if "userLocation" in args:
        tool["user_location"] = {"type": "approximate", **dict(args["userLocation"])}
    filters = args.get("filters")
    if isinstance(filters, Mapping) and "allowedDomains" in filters:
        tool["filters"] = {"allowed_domains": list(filters["allowedDomains"])}
    if "externalWebAccess" in args:
        tool["external_web_access"] = args["externalWebAccess"]
    return tool


def _file_search(args: Mapping[str, Any], wire_type: str) -> dict[str, Any]:
    tool: dict[str, Any] = {"type": wire_type, "vector_store_ids": list(args.get("vectorStoreIds") or ())}
    if "maxNumResults" in args:
        tool["max_num_results"] = args["maxNumResults"]
    ranking = args.get("ranking")
    if isinstance(ranking, Mapping):
        options = {"ranker": ranking.get("ranker"), "score_threshold": ranking.get("scoreThreshold")}
        tool["ranking_options"] = {k: v for k, v in options.items() if v is not None}
    if "filters" in args:
        tool["filters"] = args["filters"]
    return tool


def _code_interpreter(args: Mapping[str, Any], wire_type: str) -> dict[str, Any]:
    container = args.get("container")
    if isinstance(container, str):
        return {"type": wire_type, "container": container}
    files = container.get("fileIds") if isinstance(container, Mapping) else None
    auto: dict[str, Any] = {"type": "auto"}
    if files:
        auto["file_ids"] = list(files)
    return {"type": wire_type, "container": auto}


# provider tool id -> (wire type, the writer of its entry in ``tools``)
BUILT_IN_TOOLS: Mapping[str, tuple[str, Callable[[Mapping[str, Any], str], dict[str, Any]]]] = {
    "openai.web_search": ("web_search", _web_search),
    "openai.web_search_preview": ("web_search_preview", _web_search),
    "openai.file_search": ("file_search", _file_search),
    "openai.code_interpreter": ("code_interpreter", _code_interpreter),
}


@dataclass(frozen=True, slots=True)
class PreparedTools:
    tools: list[dict[str, Any]]
    tool_choice: Any
    """``None``: not sent (OpenAI's default, ``auto``)."""
    provider_tool_names: Mapping[str, str]
    """Wire type of each built-in tool (``web_search``) -> the name the caller gave it."""


def prepare_tools(
    tools: Sequence[Tool] | None,
    choice: ToolChoice | None,
    *,
    strict_default: bool,
    transform: SchemaTransform | None,
    warnings: list[CallWarning],
) -> PreparedTools:
    """Function tools are sent with an explicit ``strict`` (the Responses API would
    otherwise apply its own default): the tool's own, else ``strictJsonSchema``; a
    strict schema goes through the profile's transformer first."""
    out: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    for tool in tools or ():
        if isinstance(tool, FunctionTool):
            strict = tool.strict if tool.strict is not None else strict_default
            schema = dict(tool.input_schema)
            entry: dict[str, Any] = {
                "type": "function",
                "name": tool.name,
                "parameters": transform(schema) if strict and transform is not None else schema,
                "strict": strict,
            }
            if tool.description:
                entry["description"] = tool.description
            out.append(entry)
            continue
        built_in = BUILT_IN_TOOLS.get(tool.id)
        if built_in is None:
            warnings.append(CallWarning("unsupported", feature=f"provider-defined tool {tool.id}"))
            continue
        wire_type, write = built_in
        out.append(write(tool.args, wire_type))
        names[wire_type] = tool.name
        if wire_type == "web_search_preview":
            names["web_search"] = tool.name
    return PreparedTools(out, _tool_choice(choice, names), names)


def _tool_choice(choice: ToolChoice | None, names: Mapping[str, str]) -> Any:
    if choice is None:
        return None
    if choice.type != "tool":
        return choice.type
    built_in = next((wire for wire, name in names.items() if name == choice.tool_name), None)
    if built_in is not None:
        return {"type": built_in}
    return {"type": "function", "name": choice.tool_name}
