"""Running a tool call: sync or async, with a timeout, failures returned to the model.

Whatever a tool does wrong (raises, times out, returns something that is not JSON)
becomes an error result whose text names the exception type and message, never a
traceback: the model reads it and can try again. Only a mistake of the caller's (an
async tool given to the sync ``generate_text``) is raised.

A sync tool with a timeout runs in a daemon thread the caller waits on; when time is
up the caller moves on and the thread is left to finish on its own (Python cannot stop
a thread). An async tool is cancelled.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from dataclasses import dataclass
from typing import Any

from .tools import Tool, ToolCall, ToolResult


@dataclass(frozen=True, slots=True)
class ToolRun:
    call: ToolCall
    tool: Tool
    timeout: float | None = None


def error_result(call: ToolCall, message: str) -> ToolResult:
    return ToolResult(call.tool_call_id, call.tool_name, call.input, message, True)


def denied_result(call: ToolCall, reason: str | None) -> ToolResult:
    return ToolResult(call.tool_call_id, call.tool_name, call.input, reason, denied=True)


def _arguments(run: ToolRun) -> tuple[tuple[Any, ...], dict[str, Any]]:
    call, definition = run.call, run.tool
    validated = call.validated if call.validated is not None else definition.validate(call.input)
    if definition.binder is None:
        return (validated,), {}
    return definition.binder(validated)


def _failure(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _timed_out(run: ToolRun) -> str:
    return f"TimeoutError: tool {run.call.tool_name!r} did not finish within {run.timeout:g} s"


def run_tool(run: ToolRun) -> ToolResult:
    execute = run.tool.execute
    assert execute is not None
    if inspect.iscoroutinefunction(execute):
        raise TypeError(f"tool {run.call.tool_name!r} is async; use agenerate_text / astream_text to run it")
    try:
        args, kwargs = _arguments(run)
        if run.timeout is None:
            output = execute(*args, **kwargs)
        else:
            finished, output = _in_thread(execute, args, kwargs, run.timeout)
            if not finished:
                return error_result(run.call, _timed_out(run))
    except Exception as exc:
        return error_result(run.call, _failure(exc))
    if inspect.isawaitable(output):
        if inspect.iscoroutine(output):
            output.close()
        raise TypeError(
            f"tool {run.call.tool_name!r} returned an awaitable; use agenerate_text / astream_text"
        )
    return ToolResult(run.call.tool_call_id, run.call.tool_name, run.call.input, output)


def _in_thread(fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any], timeout: float) -> tuple[bool, Any]:
    """(finished, output); the function's own exception is re-raised here."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["output"] = fn(*args, **kwargs)
        except BaseException as exc:  # handed to the waiting caller
            box["error"] = exc

    worker = threading.Thread(target=target, name="ai-sdk-tool", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        return False, None
    if "error" in box:
        raise box["error"]
    return True, box.get("output")


async def arun_tool(run: ToolRun) -> ToolResult:
    execute = run.tool.execute
    assert execute is not None
    try:
        args, kwargs = _arguments(run)
        if run.timeout is None:
            output = execute(*args, **kwargs)
            if inspect.isawaitable(output):
                output = await output
        elif inspect.iscoroutinefunction(execute):
            output = await asyncio.wait_for(execute(*args, **kwargs), run.timeout)
        else:
            output = await asyncio.wait_for(asyncio.to_thread(execute, *args, **kwargs), run.timeout)
            if inspect.isawaitable(output):
                output = await asyncio.wait_for(output, run.timeout)
    except TimeoutError as exc:
        return error_result(run.call, _failure(exc) if run.timeout is None else _timed_out(run))
    except Exception as exc:
        return error_result(run.call, _failure(exc))
    return ToolResult(run.call.tool_call_id, run.call.tool_name, run.call.input, output)
