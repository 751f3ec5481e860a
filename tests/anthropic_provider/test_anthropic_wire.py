"""The fake Anthropic server rejects what the real API rejects, with Anthropic's error
body; otherwise the written cassettes would prove nothing. Called as a function
(``FakeAnthropic.respond``), no sockets."""

from __future__ import annotations

import json
from typing import Any

import pytest
from anthropic_wire import INVALID_KEY, FakeAnthropic, sign_thinking

KEY = {"x-api-key": "test-key", "anthropic-version": "2023-06-01", "content-type": "application/json"}
BODY = {"model": "claude-sonnet-4-5", "max_tokens": 100, "messages": [{"role": "user", "content": "hi"}]}
THINKING = {"type": "enabled", "budget_tokens": 1024}
CALL = {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}}
RESULT = {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "ok"}]}


def send(
    body: Any = BODY, headers: dict[str, str] | None = None, path: str = "/v1/messages"
) -> tuple[int, Any]:
    response = FakeAnthropic().respond(path, KEY if headers is None else headers, json.dumps(body).encode())
    assert response.headers["request-id"].startswith("req_")
    if response.events is not None:
        return response.status, response.text
    return response.status, json.loads(response.body)


def rejected(status: int, kind: str, body: Any = BODY, headers: dict[str, str] | None = None) -> str:
    got, payload = send(body, headers)
    assert got == status, payload
    assert payload["type"] == "error" and payload["error"]["type"] == kind
    assert payload["request_id"].startswith("req_")
    return str(payload["error"]["message"])


def test_a_valid_request_is_answered() -> None:
    status, payload = send()
    assert status == 200 and payload["type"] == "message" and payload["content"][0]["type"] == "text"
    status, payload = send(
        path="/v1/messages/count_tokens", body={k: v for k, v in BODY.items() if k != "max_tokens"}
    )
    assert status == 200 and payload["input_tokens"] > 0


def test_authentication() -> None:
    assert (
        rejected(401, "authentication_error", headers={**KEY, "x-api-key": ""})
        == "x-api-key header is required"
    )
    bearer = {"authorization": "Bearer test-key", "anthropic-version": "2023-06-01"}
    assert rejected(401, "authentication_error", headers=bearer) == "x-api-key header is required"
    assert (
        rejected(401, "authentication_error", headers={**KEY, "x-api-key": INVALID_KEY})
        == "invalid x-api-key"
    )


def test_version_header() -> None:
    headers = {k: v for k, v in KEY.items() if k != "anthropic-version"}
    assert rejected(400, "invalid_request_error", headers=headers) == "anthropic-version: header is required"
    rejected(400, "invalid_request_error", headers={**KEY, "anthropic-version": "2099-01-01"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({**BODY, "top_a": 1}, "top_a: Extra inputs are not permitted"),
        ({**BODY, "stop": ["x"]}, "stop: Extra inputs are not permitted"),
        ({k: v for k, v in BODY.items() if k != "max_tokens"}, "max_tokens: Field required"),
        ({k: v for k, v in BODY.items() if k != "messages"}, "messages: Field required"),
        ({**BODY, "temperature": 1.5}, "temperature: Input should be less than or equal to 1"),
        ({**BODY, "temperature": 0.5, "top_p": 0.5}, "`temperature` and `top_p` cannot both be specified"),
        (
            {**BODY, "messages": [{"role": "assistant", "content": "x"}]},
            'first message must use the "user" role',
        ),
        ({**BODY, "messages": [BODY["messages"][0], BODY["messages"][0]]}, "roles must alternate"),
        (
            {**BODY, "messages": [{"role": "user", "content": [{"type": "text", "text": ""}]}]},
            "must be non-empty",
        ),
        ({**BODY, "thinking": THINKING}, "`max_tokens` must be greater than `thinking.budget_tokens`"),
        (
            {**BODY, "max_tokens": 4000, "thinking": THINKING, "temperature": 0.2},
            "`temperature` may only be set to 1",
        ),
        (
            {**BODY, "max_tokens": 4000, "thinking": THINKING, "tool_choice": {"type": "any"}},
            "Thinking may not be enabled when tool_choice forces tool use",
        ),
        (
            {
                **BODY,
                "model": "claude-sonnet-4-0",
                "output_config": {"format": {"type": "json_schema", "schema": {}}},
            },
            "structured outputs are not supported",
        ),
        (
            {**BODY, "messages": [BODY["messages"][0], {"role": "assistant", "content": "x"}, RESULT]},
            "unexpected `tool_use_id`",
        ),
    ],
)
def test_invalid_requests(body: dict[str, Any], message: str) -> None:
    assert message in rejected(400, "invalid_request_error", body)


def test_unknown_model() -> None:
    assert rejected(404, "not_found_error", {**BODY, "model": "claude-nova-9"}) == "model: claude-nova-9"


def test_thinking_history_must_be_signed_and_first() -> None:
    base = {**BODY, "max_tokens": 4000, "thinking": THINKING}
    thinking = {"type": "thinking", "thinking": "plan", "signature": sign_thinking("plan")}
    good = [BODY["messages"][0], {"role": "assistant", "content": [thinking, CALL]}, RESULT]
    assert send({**base, "messages": good})[0] == 200
    unsigned = [BODY["messages"][0], {"role": "assistant", "content": [CALL]}, RESULT]
    assert "Expected `thinking` or `redacted_thinking`" in rejected(
        400, "invalid_request_error", {**base, "messages": unsigned}
    )
    forged = {**thinking, "signature": sign_thinking("another plan")}
    tampered = [BODY["messages"][0], {"role": "assistant", "content": [forged, CALL]}, RESULT]
    assert "Invalid `signature`" in rejected(400, "invalid_request_error", {**base, "messages": tampered})
    redacted = [
        BODY["messages"][0],
        {"role": "assistant", "content": [{"type": "redacted_thinking", "data": "AAAA"}, CALL]},
        RESULT,
    ]
    assert "Invalid `data`" in rejected(400, "invalid_request_error", {**base, "messages": redacted})
