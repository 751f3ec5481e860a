"""Messages in a tool loop: what a step adds to the history, what the model is sent,
and which approval decisions the history holds.

A step's turn (text, reasoning with its signatures, tool calls, approval requests) and
its tool results become messages the next step sends, and ``response_messages`` the
caller appends to continue the conversation. Approval parts are the loop's own: they
are read from the history and removed from what a model is sent.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from ..spec import (
    AssistantMessage,
    Content,
    Message,
    ReasoningContent,
    ReasoningPart,
    SystemMessage,
    TextContent,
    TextPart,
    ToolApprovalRequestPart,
    ToolApprovalResponsePart,
    ToolCallContent,
    ToolCallPart,
    ToolMessage,
    ToolResultContent,
    ToolResultOutput,
    ToolResultPart,
)
from ..spec.errors import InvalidPromptError
from .tools import ToolApprovalRequest, ToolCall, ToolResult, ToolSet, parse_tool_call


def response_messages(
    content: Sequence[Content],
    calls: Sequence[ToolCall],
    results: Sequence[ToolResult],
    approvals: Sequence[ToolApprovalRequest] = (),
) -> list[Message]:
    """The assistant turn and the tool results, ready to append to ``messages``."""
    parsed = {call.tool_call_id: call.input for call in calls}
    parts: list[Any] = []
    for item in content:
        if isinstance(item, TextContent):
            parts.append(TextPart(item.text, provider_options=item.provider_metadata))
        elif isinstance(item, ReasoningContent):
            parts.append(ReasoningPart(item.text, provider_options=item.provider_metadata))
        elif isinstance(item, ToolCallContent):
            parts.append(
                ToolCallPart(
                    item.tool_call_id,
                    item.tool_name,
                    _arguments(parsed.get(item.tool_call_id, {})),
                    provider_executed=item.provider_executed,
                    provider_options=item.provider_metadata,
                )
            )
        elif isinstance(item, ToolResultContent):  # a provider-executed tool's result
            output = ToolResultOutput.from_value(item.result)
            if item.is_error:
                output = ToolResultOutput(
                    "error-json" if output.type == "json" else "error-text", output.value
                )
            parts.append(ToolResultPart(item.tool_call_id, item.tool_name, output, item.provider_metadata))
    parts.extend(ToolApprovalRequestPart(a.approval_id, a.tool_call.tool_call_id) for a in approvals)
    messages: list[Message] = [AssistantMessage(parts)]
    if results:
        messages.append(ToolMessage([tool_result_part(r) for r in results]))
    return messages


def _arguments(value: Any) -> Any:
    """A call the model wrote as invalid JSON is sent back as what it said (the error
    result tells it what was wrong); every provider wants an object here."""
    return value if isinstance(value, dict) else {}


def tool_result_part(result: ToolResult) -> ToolResultPart:
    if result.denied:
        output = ToolResultOutput("execution-denied", reason=result.output)
    elif result.is_error:
        output = ToolResultOutput("error-text", str(result.output))
    else:
        output = ToolResultOutput.from_value(jsonable(result.output))
    return ToolResultPart(result.tool_call_id, result.tool_name, output)


def jsonable(value: Any) -> Any:
    """A tool's return value as JSON data: pydantic models, dataclasses, dates and the
    like are converted (pydantic-core's encoder where present)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    try:
        from pydantic_core import to_jsonable_python
    except ImportError:  # pragma: no cover - pydantic is installed with either framework
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.asdict(value)
        return value
    return to_jsonable_python(value, fallback=str)


def model_prompt(system: str | None, messages: Sequence[Message]) -> list[Message]:
    """What a model is sent: the system text first, approval parts removed, and tool
    results that follow one another in one message (providers want one turn)."""
    out: list[Message] = [SystemMessage(system)] if system else []
    for message in messages:
        if isinstance(message, AssistantMessage) and any(
            isinstance(p, ToolApprovalRequestPart) for p in message.content
        ):
            kept = [p for p in message.content if not isinstance(p, ToolApprovalRequestPart)]
            message = dataclasses.replace(message, content=kept)
        elif isinstance(message, ToolMessage):
            results = [p for p in message.content if not isinstance(p, ToolApprovalResponsePart)]
            if not results:
                continue
            if out and isinstance(out[-1], ToolMessage):
                out[-1] = dataclasses.replace(out[-1], content=[*out[-1].content, *results])
                continue
            if len(results) != len(message.content):
                message = dataclasses.replace(message, content=results)
        out.append(message)
    return out


def pending_approvals(
    messages: Sequence[Message], tools: ToolSet | None
) -> list[tuple[ToolCall, ToolApprovalResponsePart]]:
    """The decisions in the last (tool) message on calls that have no result yet, each
    with its call (parsed and validated as the model's calls are)."""
    if not messages or not isinstance(messages[-1], ToolMessage):
        return []
    last: Sequence[Any] = messages[-1].content  # approval parts are not in the spec's union
    decisions = [p for p in last if isinstance(p, ToolApprovalResponsePart)]
    if not decisions:
        return []
    requested: dict[str, str] = {}
    calls: dict[str, ToolCallPart] = {}
    answered: set[str] = set()
    for message in messages:
        for part in message.content if not isinstance(message, SystemMessage) else ():
            if isinstance(part, ToolApprovalRequestPart):
                requested[part.approval_id] = part.tool_call_id
            elif isinstance(part, ToolCallPart):
                calls[part.tool_call_id] = part
            elif isinstance(part, ToolResultPart):
                answered.add(part.tool_call_id)
    out: list[tuple[ToolCall, ToolApprovalResponsePart]] = []
    for decision in decisions:
        call_id = requested.get(decision.approval_id)
        if call_id is None or call_id not in calls:
            raise InvalidPromptError(
                f"the tool-approval-response {decision.approval_id!r} answers no tool-approval-request "
                "in the messages: send the earlier result's response_messages before it"
            )
        if call_id in answered:
            continue
        part = calls[call_id]
        content = ToolCallContent(part.tool_call_id, part.tool_name, json.dumps(part.input))
        out.append((parse_tool_call(content, tools), decision))
    return out
