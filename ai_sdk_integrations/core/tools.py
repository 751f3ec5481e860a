"""Tools for the plain functions: a schema the model sees and a function we run.

The AI SDK's ``tool({description, inputSchema, execute, needsApproval})``. The schema
is a JSON schema dict, a pydantic model / dataclass / TypedDict, or (with no
``parameters``) read from ``execute``'s signature, type hints and docstring
(``core.function_schema``). pydantic is imported only when a Python type has to be
turned into a schema, so tools given a JSON schema cost nothing at import.

The model's arguments are parsed and validated when its call arrives
(``parse_tool_call``): a mistake (not JSON, an unknown tool, arguments the schema
rejects) is recorded on the call, offered to ``repair_tool_call``, and otherwise sent
back to the model as an error result it can correct. Running a tool is
``core.tool_execution``.
"""

from __future__ import annotations

import contextlib
import secrets
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..spec import FunctionTool, ProviderTool, ToolApprovalResponsePart, ToolCallContent
from ..spec.errors import InvalidToolInputError, NoSuchToolError
from .function_schema import Binder, function_schema
from .tool_arguments import parse_tool_arguments

_OPEN_OBJECT: Mapping[str, Any] = {"type": "object", "properties": {}}


@dataclass(frozen=True, slots=True)
class Tool:
    input_schema: Mapping[str, Any]
    execute: Callable[..., Any] | None = None
    description: str | None = None
    strict: bool | None = None
    input_model: Any = None
    """A pydantic model class (or ``TypeAdapter``) that validates input before ``execute``."""
    needs_approval: bool | Callable[[Any], Any] = False
    """``True``, or a predicate of the call's arguments (the JSON dict; sync or async):
    the loop stops with a ``ToolApprovalRequest`` instead of running the call."""
    timeout: float | None = None
    """Seconds one run may take; then the model gets an error result instead."""
    binder: Binder | None = field(default=None, repr=False, compare=False)
    """How the validated input is passed: ``None``, as the one argument; else the
    ``(args, kwargs)`` this returns (tools made from a function's signature)."""

    def to_spec(self, name: str) -> FunctionTool:
        return FunctionTool(name, self.input_schema, self.description, self.strict)

    def validate(self, arguments: Any) -> Any:
        """The arguments as ``execute`` takes them; raises ``ValueError`` if invalid."""
        model = self.input_model
        if model is None:
            return arguments
        if hasattr(model, "model_validate"):
            return model.model_validate(arguments)
        return model.validate_python(arguments)


def tool(
    execute: Callable[..., Any] | None = None,
    *,
    description: str | None = None,
    parameters: Mapping[str, Any] | type | Any | None = None,
    strict: bool | None = None,
    needs_approval: bool | Callable[[Any], Any] = False,
    timeout: float | None = None,
) -> Tool:
    """Define a tool (usable as a bare ``@tool`` decorator).

    ``parameters``: a JSON schema, or a pydantic model / dataclass / TypedDict, whose
    validated instance ``execute`` (sync or async) receives. Without ``parameters`` the
    schema comes from ``execute``'s signature and docstring and the call arrives as
    keyword arguments (a function of one unannotated parameter gets the arguments
    dict, with an open schema). Without ``execute`` the call is returned to you.
    """
    if timeout is not None and timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    binder: Binder | None = None
    if parameters is None and execute is not None:
        caller = sys._getframe(1).f_locals  # where a local type named in the hints is visible
        inferred = function_schema(execute, caller)
        if inferred is None:
            schema: Mapping[str, Any] = _OPEN_OBJECT
            model: Any = None
        else:
            schema, model, binder = inferred.json_schema, inferred.adapter, inferred.binder
            description = description or inferred.description
    elif parameters is None:
        schema, model = _OPEN_OBJECT, None
    elif isinstance(parameters, Mapping):
        schema, model = parameters, None
    elif hasattr(parameters, "model_json_schema"):
        schema, model = parameters.model_json_schema(), parameters
    else:
        from .schemas import as_schema

        resolved = as_schema(parameters)
        schema, model = resolved.json_schema, resolved.adapter
    if description is None and execute is not None:
        import inspect  # only when a tool is defined: inspect alone costs ~5 ms to import

        description = inspect.getdoc(execute)
    return Tool(schema, execute, description, strict, model, needs_approval, timeout, binder)


ToolSet = Mapping[str, "Tool | ProviderTool"]
"""The ``tools=`` of the plain functions: your tools by name, and provider tools (a
``ProviderTool`` such as OpenAI's ``web_search()``), which the provider runs itself."""


def tool_specs(tools: ToolSet) -> list[FunctionTool | ProviderTool]:
    """The tools as the model is told of them; provider tools go as they are."""
    return [t.to_spec(name) if isinstance(t, Tool) else t for name, t in tools.items()]


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A tool call with its arguments parsed; ``error`` is set when they could not be
    (or the tool is unknown, or the schema rejects them). A ``provider_executed`` call
    was run by the provider; its result is in the content."""

    tool_call_id: str
    tool_name: str
    input: Any
    error: Exception | None = None
    provider_executed: bool = False
    validated: Any = field(default=None, repr=False, compare=False)
    """The input as the tool's ``execute`` takes it (after schema validation)."""


@dataclass(frozen=True, slots=True)
class ToolResult:
    """A tool's output. ``is_error``: the run failed and ``output`` says why (the model
    reads it); ``denied``: the user refused the call (``output`` is their reason)."""

    tool_call_id: str
    tool_name: str
    input: Any
    output: Any
    is_error: bool = False
    type: str = "tool-result"
    denied: bool = False


@dataclass(frozen=True, slots=True)
class ToolApprovalRequest:
    """A call waiting for the user: answer with ``approve()`` / ``deny()`` in a tool
    message after ``result.response_messages``, and call again to continue."""

    approval_id: str
    tool_call: ToolCall
    type: Literal["tool-approval-request"] = "tool-approval-request"

    def approve(self, reason: str | None = None) -> ToolApprovalResponsePart:
        return ToolApprovalResponsePart(self.approval_id, True, reason)

    def deny(self, reason: str | None = None) -> ToolApprovalResponsePart:
        return ToolApprovalResponsePart(self.approval_id, False, reason)


def new_approval_id() -> str:
    return f"approval-{secrets.token_hex(8)}"


def parse_tool_call(call: ToolCallContent, tools: ToolSet | None) -> ToolCall:
    """Parse the model's JSON arguments (``tool_arguments``) and validate them against
    the tool's schema. Bad input is recorded, not raised: the model made the mistake,
    and the result should tell it so."""
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
        error_msg = (
            f"the model called unknown tool {call.tool_name!r}; available: {', '.join(tools) or 'none'}"
        )
        return ToolCall(call.tool_call_id, call.tool_name, arguments, NoSuchToolError(error_msg))
    definition = tools.get(call.tool_name) if tools is not None else None
    if not isinstance(definition, Tool):
        return ToolCall(call.tool_call_id, call.tool_name, arguments, validated=arguments)
    try:
        validated = definition.validate(arguments)
    except ValueError as exc:  # pydantic.ValidationError, without importing pydantic
        problem = InvalidToolInputError(
            f"invalid arguments for tool {call.tool_name!r}: {validation_summary(exc)}"
        )
        return ToolCall(call.tool_call_id, call.tool_name, arguments, problem)
    return ToolCall(call.tool_call_id, call.tool_name, arguments, validated=validated)


def validation_summary(error: ValueError) -> str:
    """``city: Field required; unit: Input should be 'c' or 'f'`` (no documentation
    URLs, no input echoes: the model reads this)."""
    errors = getattr(error, "errors", None)
    if not callable(errors):
        return str(error)
    try:
        items = errors(include_url=False, include_input=False)
    except TypeError:
        return str(error)
    return "; ".join(
        f"{'.'.join(str(p) for p in item.get('loc', ())) or 'input'}: {item.get('msg')}" for item in items
    )


def execute_tool(call: ToolCall, tools: ToolSet) -> ToolResult | None:
    """Run one call (kept for callers of the one-step API; the loop uses
    ``tool_execution``). A tool that raises gives an error result the model can read."""
    from .tool_execution import ToolRun, error_result, run_tool

    if call.provider_executed:
        return None
    if call.error is not None:
        return error_result(call, str(call.error))
    definition = tools.get(call.tool_name)
    if not isinstance(definition, Tool) or definition.execute is None:
        return None
    return run_tool(ToolRun(call, definition, definition.timeout))


async def aexecute_tool(call: ToolCall, tools: ToolSet) -> ToolResult | None:
    from .tool_execution import ToolRun, arun_tool, error_result

    if call.provider_executed:
        return None
    if call.error is not None:
        return error_result(call, str(call.error))
    definition = tools.get(call.tool_name)
    if not isinstance(definition, Tool) or definition.execute is None:
        return None
    return await arun_tool(ToolRun(call, definition, definition.timeout))
