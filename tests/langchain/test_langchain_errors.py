"""ChatAISDK's errors are this package's and langchain-core's model errors at once, on
all four call paths (invoke, ainvoke, stream, astream), against the scripted loopback
server (tests/http_loopback.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from http_loopback import (
    API_KEY,
    DROP,
    Reply,
    ScriptedServer,
    closed_port_url,
    error_reply,
    json_reply,
    retry_delays,
    server,
    sse,
    stream_reply,
)
from langchain_core.exceptions import (
    ContextOverflowError,
    ModelAPIError,
    ModelAuthenticationError,
    ModelConnectionError,
    ModelError,
    ModelInvalidRequestError,
    ModelNotFoundError,
    ModelPermissionDeniedError,
    ModelRateLimitError,
    ModelTimeoutError,
)
from langchain_core.messages import HumanMessage

from ai_sdk_integrations.langchain import ChatAISDK
from ai_sdk_integrations.providers.gateway.errors import GatewayInvalidRequestError, GatewayRateLimitError
from ai_sdk_integrations.spec.errors import (
    AISDKError,
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    InvalidPromptError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
)

__all__ = ["closed_port_url", "retry_delays", "server"]  # the loopback fixtures

Call = Callable[[ChatAISDK], Awaitable[str]]


async def _invoke(llm: ChatAISDK) -> str:
    return llm.invoke("hi").text


async def _ainvoke(llm: ChatAISDK) -> str:
    return (await llm.ainvoke("hi")).text


async def _stream(llm: ChatAISDK) -> str:
    return "".join(chunk.text for chunk in llm.stream("hi"))


async def _astream(llm: ChatAISDK) -> str:
    return "".join([chunk.text async for chunk in llm.astream("hi")])


CALLS = {"invoke": _invoke, "ainvoke": _ainvoke, "stream": _stream, "astream": _astream}


@pytest.fixture(params=list(CALLS))
def call(request: pytest.FixtureRequest) -> Call:
    return CALLS[request.param]


def llm(url: str, **settings: Any) -> ChatAISDK:
    return ChatAISDK(model="openai:gpt-4o-mini", base_url=url, api_key=API_KEY, max_retries=0, **settings)


OPENAI_OVERFLOW = {
    "error": {
        "message": "This model's maximum context length is 128000 tokens. However, your messages "
        "resulted in 130017 tokens. Please reduce the length of the messages.",
        "type": "invalid_request_error",
        "param": "messages",
        "code": "context_length_exceeded",
    }
}
LLAMA_CPP_OVERFLOW = {
    "error": {
        "code": 400,
        "message": "the request exceeds the available context size, try increasing it",
        "type": "exceed_context_size_error",
    }
}


@pytest.mark.parametrize("body", [OPENAI_OVERFLOW, LLAMA_CPP_OVERFLOW], ids=["openai", "llama.cpp"])
async def test_a_prompt_too_long_is_a_context_overflow(
    server: ScriptedServer, call: Call, body: dict[str, Any]
) -> None:
    server.queue(json_reply(body, status=400))
    with pytest.raises(ContextOverflowError) as caught:
        await call(llm(server.url))
    error = caught.value
    assert isinstance(error, InvalidRequestError) and isinstance(error, ModelInvalidRequestError)
    assert error.status_code == 400 and error.data == body
    assert str(error) == str(error.__cause__) and type(error.__cause__) is InvalidRequestError


@pytest.mark.parametrize(
    ("status", "ours", "theirs"),
    [
        (400, InvalidRequestError, ModelInvalidRequestError),
        (401, AuthenticationError, ModelAuthenticationError),
        (403, AuthenticationError, ModelPermissionDeniedError),
        (404, NotFoundError, ModelNotFoundError),
        (408, InvalidRequestError, ModelTimeoutError),
        (429, RateLimitError, ModelRateLimitError),
        (500, ServerError, ModelAPIError),
        (503, ServerError, ModelAPIError),
    ],
)
async def test_http_errors_are_both_types(
    server: ScriptedServer, call: Call, status: int, ours: type[Exception], theirs: type[Exception]
) -> None:
    server.queue(error_reply(status, "nope", {"retry-after": "7", "x-request-id": "req_1"}))
    with pytest.raises(ours) as caught:
        await call(llm(server.url))
    error = caught.value
    assert isinstance(error, theirs)
    assert not isinstance(error, ContextOverflowError)
    assert error.status_code == status and error.request_id == "req_1"  # type: ignore[attr-defined]
    assert error.is_retryable == (status in (408, 429) or status >= 500)  # type: ignore[attr-defined]
    if status == 429:
        assert error.retry_after == 7  # type: ignore[attr-defined]
    assert API_KEY not in str(error)


async def test_a_refused_connection_is_a_model_connection_error(closed_port_url: str, call: Call) -> None:
    with pytest.raises(APIConnectionError) as caught:
        await call(llm(closed_port_url))
    assert isinstance(caught.value, ModelConnectionError) and caught.value.is_retryable


async def test_a_timeout_is_a_model_timeout_error(server: ScriptedServer, call: Call) -> None:
    server.queue(Reply(200, {"content-type": "application/json"}, b"{}", delay=2.0))
    with pytest.raises(APITimeoutError) as caught:
        await call(llm(server.url, timeout=0.2))
    assert isinstance(caught.value, ModelTimeoutError) and caught.value.is_retryable


@pytest.mark.parametrize("streaming", ["stream", "astream"])
async def test_a_stream_cut_short_keeps_the_text_received_so_far(
    server: ScriptedServer, streaming: str
) -> None:
    server.queue(stream_reply(["Hel", "lo"], tail=[DROP]))
    received: list[str] = []
    model = llm(server.url)
    with pytest.raises(APIConnectionError) as caught:
        if streaming == "stream":
            received.extend(chunk.text for chunk in model.stream("hi"))
        else:
            received.extend([chunk.text async for chunk in model.astream("hi")])
    error = caught.value
    assert isinstance(error, ModelConnectionError)
    assert error.partial_text == "Hello"


async def test_an_error_inside_the_stream_is_mapped_too(server: ScriptedServer) -> None:
    """An error object in the middle of a 200 stream (OpenAI-compatible servers do this)."""
    error_event = sse({"error": {"message": "Rate limit reached", "type": "rate_limit_error"}})
    server.queue(stream_reply(["partial"], tail=[error_event, sse("[DONE]")]))
    with pytest.raises(AISDKError) as caught:
        "".join(chunk.text for chunk in llm(server.url).stream("hi"))
    assert isinstance(caught.value, ModelError)
    assert caught.value.partial_text == "partial"


async def test_a_gateway_error_keeps_its_own_class(server: ScriptedServer, call: Call) -> None:
    body = {"error": {"message": "Too many requests", "type": "rate_limit_exceeded"}, "generationId": "gen_1"}
    server.queue(json_reply(body, status=429))
    model = ChatAISDK(model="gateway:openai/gpt-4o-mini", base_url=server.url, api_key=API_KEY, max_retries=0)
    with pytest.raises(GatewayRateLimitError) as caught:
        await call(model)
    assert isinstance(caught.value, ModelRateLimitError)
    assert caught.value.generation_id == "gen_1"


async def test_an_upstream_overflow_behind_the_gateway_is_a_context_overflow(
    server: ScriptedServer, call: Call
) -> None:
    body = {
        "error": {
            "message": "prompt is too long: 215000 tokens > 200000 maximum",
            "type": "invalid_request_error",
        }
    }
    server.queue(json_reply(body, status=400))
    model = ChatAISDK(
        model="gateway:anthropic/claude-sonnet-4.5", base_url=server.url, api_key=API_KEY, max_retries=0
    )
    with pytest.raises(GatewayInvalidRequestError) as caught:
        await call(model)
    assert isinstance(caught.value, ContextOverflowError)


def test_the_caller_own_mistakes_are_not_model_errors(server: ScriptedServer) -> None:
    with pytest.raises(InvalidPromptError) as caught:
        llm(server.url).invoke([HumanMessage(content=[{"type": "hologram"}])])
    assert not isinstance(caught.value, ModelError)
    assert server.requests == []


def test_each_pair_of_classes_is_made_once(server: ScriptedServer) -> None:
    server.queue(error_reply(429), error_reply(429))
    kinds = []
    for _ in range(2):
        with pytest.raises(RateLimitError) as caught:
            llm(server.url).invoke("hi")
        kinds.append(type(caught.value))
    assert kinds[0] is kinds[1]
    assert kinds[0].__name__ == "RateLimitError" and kinds[0].__mro__[1] is RateLimitError
