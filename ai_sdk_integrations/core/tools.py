"""Tools for the plain functions: a schema the model sees and a function we run.

The AI SDK's ``tool({description, inputSchema, execute})``. A pydantic model class is
accepted as the schema (and validates the model's arguments before ``execute``), but
pydantic is never imported here, so tools cost nothing at import.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..spec import FunctionTool, ProviderTool, ToolCallContent
from ..spec.errors import InvalidToolInputError, NoSuchToolError
from .tool_arguments import parse_tool_arguments


@dataclass(frozen=True, slots=True)
class Tool:
    input_schema: Mapping[str, Any]
    execute: Callable[..., Any] | None = None
    description: str | None = None
    strict: bool | None = None
    input_model: Any = None
    """A pydantic model class that validates input before ``execute`` sees it."""

    def to_spec(self, name: str) -> FunctionTool:
        return FunctionTool(name, self.input_schema, self.description, self.strict)


def tool_specs(tools: ToolSet) -> list[FunctionTool | ProviderTool]:
    """The tools as the model is told of them; provider tools go as they are."""
    return [t.to_spec(name) if isinstance(t, Tool) else t for name, t in tools.items()]


def tool(
    execute: Callable[..., Any] | None = None,
    *,
    description: str | None = None,
    parameters: Mapping[str, Any] | type | None = None,
    strict: bool | None = None,
) -> Tool:
    """Define a tool. ``parameters`` is a JSON schema or a pydantic model class.

    ``execute`` (sync or async) receives the parsed arguments: a dict, or an instance of
    the pydantic model. Without ``execute`` the call is returned for you to handle.
    """
    if parameters is None:
        schema: Mapping[str, Any] = {"type": "object", "properties": {}}
        model = None
    elif isinstance(parameters, Mapping):
        schema, model = parameters, None
    elif hasattr(parameters, "model_json_schema"):
        schema, model = parameters.model_json_schema(), parameters
    else:
        raise TypeError("parameters must be a JSON schema dict or a pydantic model class")
    if description is None and execute is not None:
        import inspect  # only when a tool is defined: inspect alone costs ~5 ms to import

        description = inspect.getdoc(execute)
    return Tool(schema, execute, description, strict, model)


ToolSet = Mapping[str, "Tool | ProviderTool"]
"""The ``tools=`` of the plain functions: your tools by name, and provider tools (a
``ProviderTool`` such as OpenAI's ``web_search()``), which the provider runs itself."""


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A tool call with its arguments parsed; ``error`` is set when they could not be.
    A ``provider_executed`` call was run by the provider; its result is in the content."""

    tool_call_id: str
    tool_name: str
    input: Any
    error: Exception | None = None
    provider_executed: bool = False


@dataclass(frozen=True, slots=True)
class ToolResult:
    tool_call_id: str
    tool_name: str
    input: Any
    output: Any
    is_error: bool = False
    type: str = "tool-result"


def parse_tool_call(call: ToolCallContent, tools: ToolSet | None) -> ToolCall:
    """Parse the model's JSON arguments (``tool_arguments``). Bad input is recorded, not
    raised: the model made the mistake, and the result should tell it so."""
    if call.provider_executed:  # named after the provider's tool, and already run
        executed: Any = call.input
        with contextlib.suppress(InvalidToolInputError):
            executed = parse_tool_arguments(call.input, tool_name=call.tool_name)
        return ToolCall(call.tool_call_id, call.tool_name, executed, provider_executed=True)
    try:
        arguments = parse_tool_arguments(call.input, tool_name=call.tool_name)
    except InvalidToolInputError as error:
        return ToolCall(call.tool_call_id, call.tool_name, call.input, error)
    if tools is not None and call.tool_name not in tools:
        error_msg = f"the model called unknown tool {call.tool_name!r}; available: {', '.join(tools)}"
        return ToolCall(call.tool_call_id, call.tool_name, arguments, NoSuchToolError(error_msg))
    return ToolCall(call.tool_call_id, call.tool_name, arguments)


def _prepare(call: ToolCall, tools: ToolSet) -> tuple[Tool | None, Any, ToolResult | None]:
    if call.provider_executed:
        return None, None, None
    if call.error is not None:
        return None, None, ToolResult(call.tool_call_id, call.tool_name, call.input, str(call.error), True)
    definition = tools[call.tool_name]
    if not isinstance(definition, Tool) or definition.execute is None:
        return None, None, None
    arguments = call.input
    if definition.input_model is not None:
        try:
            arguments = definition.input_model.model_validate(arguments)
        except Exception as exc:  # pydantic.ValidationError, without importing pydantic
            return None, None, ToolResult(call.tool_call_id, call.tool_name, call.input, str(exc), True)
    return definition, arguments, None


def execute_tool(call: ToolCall, tools: ToolSet) -> ToolResult | None:
    """Run one call. A tool that raises gives an error result the model can read."""
    definition, arguments, early = _prepare(call, tools)
    if definition is None or definition.execute is None:
        return early
    import inspect

    if inspect.iscoroutinefunction(definition.execute):
        raise TypeError(f"tool {call.tool_name!r} is async; use agenerate_text / astream_text to run it")
    try:
        output = definition.execute(arguments)
    except Exception as exc:
        return ToolResult(call.tool_call_id, call.tool_name, call.input, f"{type(exc).__name__}: {exc}", True)
    return ToolResult(call.tool_call_id, call.tool_name, call.input, output)


async def aexecute_tool(call: ToolCall, tools: ToolSet) -> ToolResult | None:
    import inspect

    definition, arguments, early = _prepare(call, tools)
    if definition is None or definition.execute is None:
        return early
    try:
        output = definition.execute(arguments)
        if inspect.isawaitable(output):
            output = await output
    except Exception as exc:
        return ToolResult(call.tool_call_id, call.tool_name, call.input, f"{type(exc).__name__}: {exc}", True)
    return ToolResult(call.tool_call_id, call.tool_name, call.input, output)
