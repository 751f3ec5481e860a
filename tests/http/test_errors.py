"""HTTP statuses and bodies become one error hierarchy, the same for all four calls.

Each test runs as ``generate_text``, ``agenerate_text``, ``stream_text`` and
``astream_text`` (the ``caller`` fixture); the error a user catches must not depend
on which one they used.
"""

from __future__ import annotations

import json

import pytest
from http_loopback import Caller, Reply, ScriptedServer, error_reply, json_reply, make_model

import ai_sdk_integrations
from ai_sdk_integrations.spec.errors import (
    AISDKError,
    APICallError,
    APIError,
    AuthenticationError,
    InvalidRequestError,
    InvalidResponseDataError,
    NotFoundError,
    RateLimitError,
    ServerError,
)

PROVIDER = "openai-compatible"


async def test_400_is_not_retried_and_carries_status_provider_request_id_and_excerpt(
    server: ScriptedServer, caller: Caller, retry_delays: list[float]
) -> None:
    body = {"error": {"message": "'messages' must not be empty", "type": "invalid_request_error"}}
    server.queue(json_reply(body, 400, {"x-request-id": "req_abc123"}), caller.success("never sent"))

    with pytest.raises(InvalidRequestError) as caught:
        await caller.call(make_model(server.url))

    error = caught.value
    assert error.status_code == 400
    assert error.provider == PROVIDER
    assert error.url == f"{server.url}/chat/completions"
    assert error.request_id == "req_abc123"
    assert error.body_excerpt == json.dumps(body)
    assert error.data == body
    assert error.response_headers["x-request-id"] == "req_abc123"
    assert not error.is_retryable
    message = str(error)
    assert "HTTP 400" in message
    assert "'messages' must not be empty" in message
    assert "req_abc123" in message
    assert PROVIDER in message
    assert len(server.requests) == 1
    assert retry_delays == []


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, InvalidRequestError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, NotFoundError),
        (405, InvalidRequestError),
        (413, InvalidRequestError),
        (422, InvalidRequestError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
    ],
)
async def test_status_maps_to_error_type(
    server: ScriptedServer, caller: Caller, status: int, error_type: type[APICallError]
) -> None:
    server.queue(error_reply(status, f"status {status} here"))

    with pytest.raises(APICallError) as caught:
        await caller.call(make_model(server.url, max_retries=0))

    assert type(caught.value) is error_type
    assert caught.value.status_code == status
    assert f"status {status} here" in str(caught.value)
    assert isinstance(caught.value, APIError)
    assert isinstance(caught.value, AISDKError)


async def test_401_says_to_check_the_key(server: ScriptedServer, caller: Caller) -> None:
    server.queue(error_reply(401, "Invalid authentication"))

    with pytest.raises(AuthenticationError) as caught:
        await caller.call(make_model(server.url))

    assert "Check the API key" in str(caught.value)
    assert len(server.requests) == 1


async def test_404_is_not_found_and_not_retried(server: ScriptedServer, caller: Caller) -> None:
    server.queue(error_reply(404, "The model `test` does not exist"))

    with pytest.raises(NotFoundError) as caught:
        await caller.call(make_model(server.url))

    assert "The model `test` does not exist" in str(caught.value)
    assert len(server.requests) == 1


@pytest.mark.parametrize("header", ["x-request-id", "request-id", "x-amzn-requestid", "cf-ray"])
async def test_request_id_is_read_from_known_headers(
    server: ScriptedServer, caller: Caller, header: str
) -> None:
    server.queue(error_reply(400, "bad", {header: "id-42"}))

    with pytest.raises(InvalidRequestError) as caught:
        await caller.call(make_model(server.url))

    assert caught.value.request_id == "id-42"
    assert "(request id id-42)" in str(caught.value)


async def test_no_request_id_header_leaves_it_none(server: ScriptedServer, caller: Caller) -> None:
    server.queue(error_reply(400, "bad"))

    with pytest.raises(InvalidRequestError) as caught:
        await caller.call(make_model(server.url))

    assert caught.value.request_id is None
    assert "request id" not in str(caught.value)


async def test_non_json_error_body_is_quoted(server: ScriptedServer, caller: Caller) -> None:
    html = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    server.queue(Reply(502, {"content-type": "text/html"}, html))

    with pytest.raises(ServerError) as caught:
        await caller.call(make_model(server.url, max_retries=0))

    assert caught.value.data is None
    assert caught.value.body_excerpt == html.decode()
    assert "502 Bad Gateway" in str(caught.value)


async def test_empty_error_body_is_named(server: ScriptedServer, caller: Caller) -> None:
    server.queue(Reply(400))

    with pytest.raises(InvalidRequestError) as caught:
        await caller.call(make_model(server.url))

    assert "(empty body)" in str(caught.value)
    assert caught.value.body_excerpt == ""


async def test_long_error_body_is_cut_to_an_excerpt(server: ScriptedServer, caller: Caller) -> None:
    long_text = "x" * 5000
    server.queue(Reply(400, {"content-type": "text/plain"}, long_text.encode()))

    with pytest.raises(InvalidRequestError) as caught:
        await caller.call(make_model(server.url))

    assert caught.value.body_excerpt == long_text[:500]
    assert len(str(caught.value)) < 400  # the message quotes 200 characters, not 5000


async def test_error_message_from_string_error_field(server: ScriptedServer, caller: Caller) -> None:
    server.queue(json_reply({"error": "model is loading"}, 400))

    with pytest.raises(InvalidRequestError) as caught:
        await caller.call(make_model(server.url))

    assert "model is loading" in str(caught.value)


# -- 200 answers that are not what they should be (not retried: nothing failed) --------


@pytest.mark.parametrize("call", ["sync", "async"])
async def test_200_with_a_body_that_is_not_json_is_invalid_response_data(
    server: ScriptedServer, retry_delays: list[float], call: str
) -> None:
    server.queue(Reply(200, {"content-type": "application/json"}, b"<html>oops</html>"))
    model = make_model(server.url)

    with pytest.raises(InvalidResponseDataError) as caught:
        if call == "sync":
            ai_sdk_integrations.generate_text(model, prompt="hi")
        else:
            await ai_sdk_integrations.agenerate_text(model, prompt="hi")

    assert "<html>oops</html>" in str(caught.value)
    assert caught.value.provider == PROVIDER
    assert len(server.requests) == 1
    assert retry_delays == []


@pytest.mark.parametrize("call", ["sync", "async"])
async def test_200_json_without_choices_is_invalid_response_data(server: ScriptedServer, call: str) -> None:
    server.queue(json_reply({"object": "chat.completion", "choices": []}))
    model = make_model(server.url)

    with pytest.raises(InvalidResponseDataError):
        if call == "sync":
            ai_sdk_integrations.generate_text(model, prompt="hi")
        else:
            await ai_sdk_integrations.agenerate_text(model, prompt="hi")

    assert len(server.requests) == 1


async def test_request_is_what_the_codec_built(server: ScriptedServer, caller: Caller) -> None:
    server.queue(caller.success("fine"))

    assert await caller.call(make_model(server.url)) == "fine"

    (request,) = server.requests
    assert request.method == "POST"
    assert request.path == "/v1/chat/completions"
    assert request.headers["content-type"] == "application/json"
    assert request.json["model"] == "test"
    assert request.json["messages"] == [{"role": "user", "content": "hi"}]
    assert bool(request.json.get("stream")) is caller.streaming
