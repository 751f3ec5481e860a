"""Tool approval (AI SDK 7's ``needsApproval``): the loop stops with an approval request,
and the next call, given the decision in a tool message, runs (or denies) the call and
goes on. On scripted answers (``http_loopback``), all four entry points."""

from __future__ import annotations

import json
from typing import Any

import http_loopback
import pytest
from http_loopback import ScriptedServer, make_model
from scripted import MODES, answer, run, streaming

import ai_sdk_integrations as ai
from ai_sdk_integrations import step_count_is, tool
from ai_sdk_integrations.spec import ToolApprovalRequestPart, ToolApprovalResponsePart, ToolMessage
from ai_sdk_integrations.spec.errors import InvalidPromptError

QUESTION = "Send 50 EUR to Bob."
paid: list[dict[str, Any]] = []

server = http_loopback.server  # the scripted server and no-wait retries, as fixtures here
retry_delays = http_loopback.retry_delays


def pay(to: str, amount: int) -> str:
    """Send money."""
    paid.append({"to": to, "amount": amount})
    return f"sent {amount} to {to}"


@pytest.fixture(autouse=True)
def no_payments() -> None:
    paid.clear()


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def tools(needs: Any = True) -> dict[str, ai.Tool]:
    return {"pay": tool(pay, needs_approval=needs)}


async def first_turn(server: ScriptedServer, mode: str, needs: Any = True, then: str | None = None) -> Any:
    server.queue(answer(calls=[("c1", "pay", {"to": "Bob", "amount": 50})], stream=streaming(mode)))
    if then is not None:
        server.queue(answer(then, stream=streaming(mode)))
    return await run(
        mode, make_model(server.url), prompt=QUESTION, tools=tools(needs), stop_when=step_count_is(5)
    )


async def test_the_loop_stops_with_an_approval_request(server: ScriptedServer, mode: str) -> None:
    result = await first_turn(server, mode)
    assert paid == [] and len(server.requests) == 1
    (request,) = result.approval_requests
    assert request.tool_call.tool_name == "pay" and request.tool_call.input == {"to": "Bob", "amount": 50}
    assert result.tool_results == [] and result.finish_reason == "tool-calls"
    (assistant,) = result.response_messages
    assert assistant.content[-1] == ToolApprovalRequestPart(request.approval_id, "c1")


async def test_an_approved_call_runs_and_the_loop_goes_on(server: ScriptedServer, mode: str) -> None:
    first = await first_turn(server, mode)
    (request,) = first.approval_requests
    server.queue(answer("Done: sent.", stream=streaming(mode)))
    history = [
        {"role": "user", "content": QUESTION},
        *first.response_messages,
        ToolMessage([request.approve()]),
    ]
    second = await run(
        mode, make_model(server.url), messages=history, tools=tools(), stop_when=step_count_is(5)
    )
    assert paid == [{"to": "Bob", "amount": 50}]
    sent = server.requests[1].json["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "tool"]
    assert sent[2] == {"role": "tool", "tool_call_id": "c1", "content": "sent 50 to Bob"}
    assert second.text == "Done: sent."
    tool_message, assistant = second.response_messages
    assert tool_message.role == "tool" and tool_message.content[0].output.value == "sent 50 to Bob"
    assert assistant.role == "assistant"


async def test_a_denied_call_tells_the_model_why(server: ScriptedServer, mode: str) -> None:
    first = await first_turn(server, mode)
    (request,) = first.approval_requests
    server.queue(answer("Not sent.", stream=streaming(mode)))
    decision = {"type": "tool-approval-response", "approvalId": request.approval_id, "approved": False,
                "reason": "too much"}  # fmt: skip
    history: list[Any] = [
        {"role": "user", "content": QUESTION},
        *first.response_messages,
        {"role": "tool", "content": [decision]},
    ]
    await run(mode, make_model(server.url), messages=history, tools=tools(), stop_when=step_count_is(5))
    assert paid == []
    tool_message = server.requests[1].json["messages"][-1]
    assert tool_message["tool_call_id"] == "c1" and "too much" in tool_message["content"]


async def test_a_predicate_decides_per_call(server: ScriptedServer, mode: str) -> None:
    result = await first_turn(server, mode, needs=lambda args: args["amount"] > 100, then="Sent.")
    assert paid == [{"to": "Bob", "amount": 50}] and result.approval_requests == ()
    assert result.steps[0].approval_requests == [] and result.text == "Sent."


async def test_an_async_predicate(server: ScriptedServer) -> None:
    async def large(args: Any) -> bool:
        return bool(args["amount"] > 10)

    server.queue(answer(calls=[("c1", "pay", {"to": "Bob", "amount": 50})]))
    result = await ai.agenerate_text(make_model(server.url), prompt=QUESTION, tools=tools(large))
    assert paid == [] and len(result.approval_requests) == 1


def test_message_dicts_carry_approval_parts() -> None:
    from ai_sdk_integrations.core.messages import to_message

    assistant = to_message(
        {
            "role": "assistant",
            "content": [{"type": "tool-approval-request", "approvalId": "a1", "toolCallId": "c1"}],
        }
    )
    assert assistant.content == [ToolApprovalRequestPart("a1", "c1")]
    tool_message = to_message(
        {
            "role": "tool",
            "content": [{"type": "tool-approval-response", "approvalId": "a1", "approved": True}],
        }
    )
    assert tool_message.content == [ToolApprovalResponsePart("a1", True)]


def test_a_decision_for_no_request_is_an_error(server: ScriptedServer) -> None:
    history = [
        {"role": "user", "content": QUESTION},
        {
            "role": "tool",
            "content": [{"type": "tool-approval-response", "approvalId": "nope", "approved": True}],
        },
    ]
    with pytest.raises(InvalidPromptError, match="answers no tool-approval-request"):
        ai.generate_text(make_model(server.url), messages=history, tools=tools())
    assert server.requests == []


def test_approval_parts_never_reach_the_model(server: ScriptedServer) -> None:
    server.queue(answer(calls=[("c1", "pay", {"to": "Bob", "amount": 50})]), answer("ok"))
    first = ai.generate_text(make_model(server.url), prompt=QUESTION, tools=tools())
    (request,) = first.approval_requests
    history = [
        {"role": "user", "content": QUESTION},
        *first.response_messages,
        ToolMessage([request.approve()]),
    ]
    ai.generate_text(make_model(server.url), messages=history, tools=tools())
    body = server.requests[1].body.decode()
    assert "approval" not in body
    assert json.loads(body)["messages"][1]["tool_calls"][0]["id"] == "c1"
