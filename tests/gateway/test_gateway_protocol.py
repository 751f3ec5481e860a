"""The Gateway wire protocol, checked against the loopback fake (no cassettes).

Each test reads back exactly what the fake received (``gateway.requests``: method,
path, headers, parsed body) and compares it with the AI SDK's protocol
(``/work/shared/reference/vercel-ai-sdk.md`` section 3): auth headers for both
methods, per-model and observability headers, the call-options body on v4 and v3,
errors chosen by ``error.type`` with the HTTP status kept and retried on
408/409/429/5xx, the model list's stale-while-revalidate cache, credits, and
embedding batches. Expected values the server chose (vectors, ids, usage) are read
from what it answered, never written here.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from gateway_wire import (
    CATALOGUE,
    ERROR_TYPES,
    IN_STREAM_ERROR_MODEL,
    INVALID_KEY,
    MAX_EMBEDDINGS_PER_CALL,
    PROTOCOL_VERSION,
    UNKNOWN_TYPE_ENTRY,
    FakeGateway,
    SeenRequest,
)

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.gateway import (
    GatewayAuthenticationError,
    GatewayError,
    GatewayFailedDependencyError,
    GatewayForbiddenError,
    GatewayInternalServerError,
    GatewayInvalidRequestError,
    GatewayModelNotFoundError,
    GatewayNotFoundError,
    GatewayRateLimitError,
    GatewayResponseError,
)
from ai_sdk_integrations.providers.gateway import config as gateway_models_module
from ai_sdk_integrations.providers.gateway.config import CACHE, GatewayModel, GatewayPricing
from ai_sdk_integrations.providers.gateway.provider import gateway_credits, gateway_models
from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
    DataFile,
    FilePart,
    FunctionTool,
    JsonFormat,
    ProviderTool,
    ReasoningPart,
    StreamError,
    StreamStart,
    SystemMessage,
    TextPart,
    ToolCallPart,
    ToolChoice,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UrlFile,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import (
    LoadAPIKeyError,
    TooManyEmbeddingValuesForCallError,
)
from ai_sdk_integrations.transport import client as http_client
from ai_sdk_integrations.transport.endpoint import USER_AGENT

KEY = "vck_test_0123456789abcdef"
CHAT = "openai/gpt-5"
EMBEDDER = "openai/text-embedding-3-small"
TRANSPORT_HEADERS = frozenset({"host", "accept", "accept-encoding", "connection", "content-length"})
O11Y = {
    "ai-o11y-deployment-id": ("VERCEL_DEPLOYMENT_ID", "dpl_8yQk2Jm3"),
    "ai-o11y-environment": ("VERCEL_ENV", "preview"),
    "ai-o11y-region": ("VERCEL_REGION", "fra1"),
    "ai-o11y-project-id": ("VERCEL_PROJECT_ID", "prj_4Hc9Lw0"),
}
# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PNG_B64 = base64.b64encode(PNG).decode()


def sent(request: SeenRequest) -> dict[str, str]:
    """The headers our client chose (the HTTP library's own transport headers left out)."""
    return {k: v for k, v in request.headers.items() if k not in TRANSPORT_HEADERS}


def chat_model(gateway: FakeGateway, model_id: str = CHAT, **settings: Any) -> ai.LanguageModel:
    settings.setdefault("base_url", gateway.base_url)
    return ai.language_model(f"gateway:{model_id}", **settings)


def embedder(gateway: FakeGateway, **settings: Any) -> ai.EmbeddingModel:
    settings.setdefault("base_url", gateway.base_url)
    return ai.embedding_model(f"gateway:{EMBEDDER}", **settings)


def only(requests: list[SeenRequest]) -> SeenRequest:
    assert len(requests) == 1, [r.path for r in requests]
    return requests[0]


@pytest.fixture
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retry waits, recorded instead of slept."""
    seen: list[float] = []

    async def asleep(delay: float) -> None:
        seen.append(delay)

    monkeypatch.setattr(http_client, "_sleep", seen.append)
    monkeypatch.setattr(http_client, "_asleep", asleep)
    return seen


def base_headers(auth: str, token: str) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "authorization": f"Bearer {token}",
        "ai-gateway-protocol-version": PROTOCOL_VERSION,
        "ai-gateway-auth-method": auth,
    }


def language_headers(auth: str, token: str, *, streaming: bool, version: int = 4) -> dict[str, str]:
    return {
        **base_headers(auth, token),
        "ai-language-model-specification-version": str(version),
        "ai-language-model-id": CHAT,
        "ai-language-model-streaming": "true" if streaming else "false",
    }


# -- auth and headers -------------------------------------------------------------------


def test_api_key_request_headers_are_exactly_the_protocols(gateway: FakeGateway) -> None:
    ai.generate_text(chat_model(gateway, api_key=KEY), prompt="Hello there")
    request = only(gateway.requests)
    assert (request.method, request.path) == ("POST", "/v4/ai/language-model")
    assert sent(request) == language_headers("api-key", KEY, streaming=False)
    assert request.status == 200


def test_streaming_request_headers_say_streaming_true(gateway: FakeGateway) -> None:
    result = ai.stream_text(chat_model(gateway, api_key=KEY), prompt="Hello there")
    assert "".join(result.text_stream)
    request = only(gateway.requests)
    assert (request.method, request.path) == ("POST", "/v4/ai/language-model")
    assert sent(request) == language_headers("api-key", KEY, streaming=True)


def test_api_key_from_the_environment_is_read_per_request(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = chat_model(gateway)  # made before the key exists
    monkeypatch.setenv("AI_GATEWAY_API_KEY", "vck_first_key_000")
    ai.generate_text(model, prompt="Hi")
    monkeypatch.setenv("AI_GATEWAY_API_KEY", "vck_second_key_111")
    ai.generate_text(model, prompt="Hi")
    assert [r.headers["authorization"] for r in gateway.requests] == [
        "Bearer vck_first_key_000",
        "Bearer vck_second_key_111",
    ]
    assert {r.headers["ai-gateway-auth-method"] for r in gateway.requests} == {"api-key"}


def test_oidc_token_from_a_callable_is_asked_for_on_every_request(gateway: FakeGateway) -> None:
    tokens = iter(["oidc.token.one", "oidc.token.two", "oidc.token.three"])
    model = chat_model(gateway, oidc_token=lambda: next(tokens))
    ai.generate_text(model, prompt="Hi")
    stream = ai.stream_text(model, prompt="Hi")
    stream.consume()
    ai.generate_text(model, prompt="Hi")
    assert [sent(r) for r in gateway.requests] == [
        language_headers("oidc", "oidc.token.one", streaming=False),
        language_headers("oidc", "oidc.token.two", streaming=True),
        language_headers("oidc", "oidc.token.three", streaming=False),
    ]


def test_oidc_token_from_the_environment_is_reread_so_a_refreshed_token_is_used(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = chat_model(gateway)
    monkeypatch.setenv("VERCEL_OIDC_TOKEN", "eyJ.expiring.token")
    ai.generate_text(model, prompt="Hi")
    monkeypatch.setenv("VERCEL_OIDC_TOKEN", "eyJ.refreshed.token")
    ai.generate_text(model, prompt="Hi")
    assert [sent(r) for r in gateway.requests] == [
        language_headers("oidc", "eyJ.expiring.token", streaming=False),
        language_headers("oidc", "eyJ.refreshed.token", streaming=False),
    ]


def test_an_api_key_wins_over_oidc_as_in_the_ai_sdk(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERCEL_OIDC_TOKEN", "eyJ.oidc.token")
    ai.generate_text(chat_model(gateway, api_key=KEY, oidc_token=lambda: "eyJ.callable"), prompt="Hi")
    monkeypatch.setenv("AI_GATEWAY_API_KEY", "vck_env_key_222")
    ai.generate_text(chat_model(gateway, oidc_token=lambda: "eyJ.callable"), prompt="Hi")
    assert [(r.headers["authorization"], r.headers["ai-gateway-auth-method"]) for r in gateway.requests] == [
        (f"Bearer {KEY}", "api-key"),
        ("Bearer vck_env_key_222", "api-key"),
    ]


def test_team_header_is_sent_on_every_endpoint_when_team_is_set(gateway: FakeGateway) -> None:
    settings = {"api_key": KEY, "team": "acme-team", "base_url": gateway.base_url}
    ai.generate_text(chat_model(gateway, **settings), prompt="Hi")
    ai.embed(embedder(gateway, **settings), "hello", provider_options={"openai": {"dimensions": 4}})
    gateway_models(**settings)
    gateway_credits(**settings)
    assert [r.route for r in gateway.requests] == [
        "/v4/ai/language-model",
        "/v4/ai/embedding-model",
        "/v4/ai/config",
        "/v1/credits",
    ]
    assert [r.headers.get("x-vercel-ai-gateway-team") for r in gateway.requests] == ["acme-team"] * 4
    assert sent(gateway.requests[0]) == {
        **language_headers("api-key", KEY, streaming=False),
        "x-vercel-ai-gateway-team": "acme-team",
    }


def test_no_team_header_without_a_team(gateway: FakeGateway) -> None:
    ai.generate_text(chat_model(gateway, api_key=KEY), prompt="Hi")
    assert "x-vercel-ai-gateway-team" not in only(gateway.requests).headers


def test_observability_headers_come_from_the_environment_only_when_set(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = chat_model(gateway, api_key=KEY)
    ai.generate_text(model, prompt="Hi")
    for variable, value in O11Y.values():
        monkeypatch.setenv(variable, value)
    ai.generate_text(model, prompt="Hi")
    monkeypatch.setenv("VERCEL_ENV", "")  # empty counts as unset
    monkeypatch.delenv("VERCEL_PROJECT_ID")
    ai.generate_text(model, prompt="Hi")
    plain = language_headers("api-key", KEY, streaming=False)
    all_set = {header: value for header, (_, value) in O11Y.items()}
    assert [sent(r) for r in gateway.requests] == [
        plain,
        {**plain, **all_set},
        {
            **plain,
            "ai-o11y-deployment-id": all_set["ai-o11y-deployment-id"],
            "ai-o11y-region": all_set["ai-o11y-region"],
        },
    ]


def test_observability_headers_are_sent_on_embedding_calls(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERCEL_REGION", "fra1")
    ai.embed(embedder(gateway, api_key=KEY), "hello", provider_options={"openai": {"dimensions": 4}})
    assert only(gateway.requests).headers["ai-o11y-region"] == "fra1"


def test_observability_headers_are_only_sent_to_model_endpoints(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable, value in O11Y.values():
        monkeypatch.setenv(variable, value)
    gateway_models(api_key=KEY, base_url=gateway.base_url)
    gateway_credits(api_key=KEY, base_url=gateway.base_url)
    for request in gateway.requests:
        assert not [h for h in request.headers if h.startswith("ai-o11y-")], request.route


def test_embedding_request_headers_and_body(gateway: FakeGateway) -> None:
    options = {"openai": {"dimensions": 4}, "gateway": {"order": ["azure", "openai"]}}
    result = ai.embed(embedder(gateway, api_key=KEY), "sunny day", provider_options=options)
    request = only(gateway.requests)
    assert (request.method, request.path) == ("POST", "/v4/ai/embedding-model")
    assert sent(request) == {
        **base_headers("api-key", KEY),
        "ai-embedding-model-specification-version": "4",
        "ai-model-id": EMBEDDER,
    }
    assert request.body == {"values": ["sunny day"], "providerOptions": options}
    answer = request.answer_json
    assert list(result.embedding) == answer["embeddings"][0]
    assert result.tokens == answer["usage"]["tokens"]
    assert answer["providerMetadata"]["gateway"]["routing"]["resolvedProvider"] == "azure"


def test_without_any_credential_nothing_is_sent(gateway: FakeGateway) -> None:
    model = chat_model(gateway)
    calls: list[Callable[[], Any]] = [
        lambda: ai.generate_text(model, prompt="Hi"),
        lambda: ai.stream_text(model, prompt="Hi").consume(),
        lambda: ai.embed(embedder(gateway), "hello"),
        lambda: ai.embed_many(embedder(gateway), ["a", "b"]),
        lambda: gateway_models(base_url=gateway.base_url),
        lambda: gateway_credits(base_url=gateway.base_url),
    ]
    for call in calls:
        with pytest.raises(LoadAPIKeyError) as caught:
            call()
        message = str(caught.value)
        assert "AI_GATEWAY_API_KEY" in message and "VERCEL_OIDC_TOKEN" in message
    assert gateway.requests == []


def test_an_oidc_callable_that_has_no_token_is_a_clear_error_too(gateway: FakeGateway) -> None:
    with pytest.raises(LoadAPIKeyError):
        ai.generate_text(chat_model(gateway, oidc_token=lambda: None), prompt="Hi")
    assert gateway.requests == []


# -- the request body -------------------------------------------------------------------

WEATHER_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
    "required": ["city"],
    "additionalProperties": False,
}
FORECAST_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "high": {"type": "number"}},
    "required": ["city", "high"],
}
ROUTING = {"order": ["vertex", "anthropic"], "only": ["anthropic", "vertex"], "models": ["openai/gpt-5"]}


def full_options(**changes: Any) -> CallOptions:
    """Every call option and every prompt part the spec has, set."""
    values: dict[str, Any] = {
        "prompt": [
            SystemMessage("You are a terse weather assistant."),
            UserMessage(
                [
                    TextPart("What is the weather in Paris? See the attachments."),
                    FilePart(DataFile(PNG), "image/png", filename="dot.png"),
                    FilePart(UrlFile("https://example.com/report.pdf"), "application/pdf"),
                ],
                provider_options={"anthropic": {"cacheControl": {"type": "ephemeral"}}},
            ),
            AssistantMessage(
                [
                    ReasoningPart(
                        "I need the weather tool.", provider_options={"anthropic": {"signature": "sig_1"}}
                    ),
                    TextPart("Let me check."),
                    ToolCallPart("call_1", "get_weather", {"city": "Paris"}),
                ]
            ),
            ToolMessage(
                [
                    ToolResultPart("call_1", "get_weather", ToolResultOutput("json", {"temperature": 18})),
                    ToolResultPart("call_2", "get_weather", ToolResultOutput("error-text", "timed out")),
                    ToolResultPart(
                        "call_3", "get_weather", ToolResultOutput("execution-denied", reason="no")
                    ),
                ]
            ),
            UserMessage([TextPart("And the forecast as JSON?")]),
        ],
        "max_output_tokens": 256,
        "temperature": 0.2,
        "stop_sequences": ["END"],
        "top_p": 0.9,
        "top_k": 40,
        "presence_penalty": 0.1,
        "frequency_penalty": 0.2,
        "response_format": JsonFormat(FORECAST_SCHEMA, "Forecast", "A one-day forecast"),
        "seed": 7,
        "tools": [
            FunctionTool("get_weather", WEATHER_SCHEMA, "Current weather for a city", strict=True),
            ProviderTool("gateway.perplexity_search", "web_search", {"maxResults": 3}),
        ],
        "tool_choice": ToolChoice("auto"),
        "headers": {"x-request-source": "tests"},
        "reasoning": "low",
        "provider_options": {
            "gateway": ROUTING,
            "anthropic": {"thinking": {"type": "enabled", "budgetTokens": 1024}},
        },
    }
    values.update(changes)
    return CallOptions(**values)


def expected_body(version: int) -> dict[str, Any]:
    """The AI SDK's JSON for ``full_options()`` (reference sections 1.2-1.4, 3.4, 3.8)."""
    png = {"type": "data", "data": PNG_B64} if version == 4 else f"data:image/png;base64,{PNG_B64}"
    pdf = (
        {"type": "url", "url": "https://example.com/report.pdf"}
        if version == 4
        else "https://example.com/report.pdf"
    )
    body: dict[str, Any] = {
        "prompt": [
            {"role": "system", "content": "You are a terse weather assistant."},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is the weather in Paris? See the attachments."},
                    {"type": "file", "data": png, "mediaType": "image/png", "filename": "dot.png"},
                    {"type": "file", "data": pdf, "mediaType": "application/pdf"},
                ],
                "providerOptions": {"anthropic": {"cacheControl": {"type": "ephemeral"}}},
            },
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "reasoning",
                        "text": "I need the weather tool.",
                        "providerOptions": {"anthropic": {"signature": "sig_1"}},
                    },
                    {"type": "text", "text": "Let me check."},
                    {
                        "type": "tool-call",
                        "toolCallId": "call_1",
                        "toolName": "get_weather",
                        "input": {"city": "Paris"},
                    },
                ],
            },
            {
                "role": "tool",
                "content": [
                    {
                        "type": "tool-result",
                        "toolCallId": "call_1",
                        "toolName": "get_weather",
                        "output": {"type": "json", "value": {"temperature": 18}},
                    },
                    {
                        "type": "tool-result",
                        "toolCallId": "call_2",
                        "toolName": "get_weather",
                        "output": {"type": "error-text", "value": "timed out"},
                    },
                    {
                        "type": "tool-result",
                        "toolCallId": "call_3",
                        "toolName": "get_weather",
                        "output": {"type": "execution-denied", "reason": "no"},
                    },
                ],
            },
            {"role": "user", "content": [{"type": "text", "text": "And the forecast as JSON?"}]},
        ],
        "maxOutputTokens": 256,
        "temperature": 0.2,
        "stopSequences": ["END"],
        "topP": 0.9,
        "topK": 40,
        "presencePenalty": 0.1,
        "frequencyPenalty": 0.2,
        "responseFormat": {
            "type": "json",
            "schema": FORECAST_SCHEMA,
            "name": "Forecast",
            "description": "A one-day forecast",
        },
        "seed": 7,
        "tools": [
            {
                "type": "function",
                "name": "get_weather",
                "description": "Current weather for a city",
                "inputSchema": WEATHER_SCHEMA,
                "strict": True,
            },
            {
                "type": "provider",
                "id": "gateway.perplexity_search",
                "name": "web_search",
                "args": {"maxResults": 3},
            },
        ],
        "toolChoice": {"type": "auto"},
        "headers": {"x-request-source": "tests"},
        "reasoning": "low",
        "providerOptions": {
            "gateway": ROUTING,
            "anthropic": {"thinking": {"type": "enabled", "budgetTokens": 1024}},
        },
    }
    if version == 3:
        del body["reasoning"]
    return body


def test_full_call_options_body_on_v4(gateway: FakeGateway) -> None:
    model = chat_model(gateway, "anthropic/claude-sonnet-4.6", api_key=KEY)
    result = model.generate(full_options())
    request = only(gateway.requests)
    assert request.path == "/v4/ai/language-model"
    assert request.body == expected_body(4)
    assert request.headers["x-request-source"] == "tests"  # per-call headers also go as headers
    assert request.headers["ai-language-model-id"] == "anthropic/claude-sonnet-4.6"
    assert request.status == 200, request.answer
    assert result.request is not None and result.request.body == expected_body(4)


def test_full_call_options_body_on_v3_has_untagged_file_data_and_no_reasoning(gateway: FakeGateway) -> None:
    model = chat_model(
        gateway, "anthropic/claude-sonnet-4.6", api_key=KEY, spec_version=3, base_url=gateway.base_url_v3
    )
    model.generate(full_options())
    request = only(gateway.requests)
    assert request.path == "/v3/ai/language-model"
    assert request.headers["ai-language-model-specification-version"] == "3"
    assert request.body == expected_body(3)
    assert request.status == 200, request.answer


def test_spec_version_3_defaults_to_the_v3_route() -> None:
    model = ai.language_model("gateway:openai/gpt-5", spec_version=3)
    assert model.endpoint.base_url == "https://ai-gateway.vercel.sh/v3/ai"
    assert ai.language_model("gateway:openai/gpt-5").endpoint.base_url == "https://ai-gateway.vercel.sh/v4/ai"


def test_include_raw_chunks_is_sent_and_raw_parts_come_back(gateway: FakeGateway) -> None:
    model = chat_model(gateway, api_key=KEY)
    parts = list(
        model.stream(CallOptions(prompt=[UserMessage([TextPart("Hello")])], include_raw_chunks=True))
    )
    request = only(gateway.requests)
    assert request.body == {
        "prompt": [{"role": "user", "content": [{"type": "text", "text": "Hello"}]}],
        "includeRawChunks": True,
    }
    raw_sent = [p["rawValue"] for p in request.answer_parts if p["type"] == "raw"]
    assert raw_sent and [p.raw_value for p in parts if p.type == "raw"] == raw_sent


def test_gateway_provider_options_pass_through_and_steer_routing(gateway: FakeGateway) -> None:
    options = {
        "gateway": {
            "order": ["azure", "openai"],
            "only": ["azure", "openai"],
            "models": ["openai/gpt-4o-mini"],
        }
    }
    result = ai.generate_text(chat_model(gateway, api_key=KEY), prompt="Hi", provider_options=options)
    request = only(gateway.requests)
    assert request.body["providerOptions"] == options
    routing = request.answer_json["providerMetadata"]["gateway"]["routing"]
    assert result.provider_metadata is not None
    assert result.provider_metadata["gateway"]["routing"] == routing
    assert routing["resolvedProvider"] == "azure"


def test_a_tool_that_returns_none_can_be_sent_back(gateway: FakeGateway) -> None:
    model = chat_model(gateway, api_key=KEY)
    tools = {
        "log_event": ai.tool(
            lambda args: None,
            description="Log an event",
            parameters={"type": "object", "properties": {"event": {"type": "string"}}, "required": ["event"]},
        )
    }
    first = ai.generate_text(model, prompt="Please log_event 'deploy'", tools=tools, tool_choice="required")
    assert first.tool_results and first.tool_results[0].output is None
    ai.generate_text(
        model,
        messages=[{"role": "user", "content": "Please log_event 'deploy'"}, *first.response_messages],
        tools=tools,
    )
    tool_part = gateway.requests[-1].body["prompt"][-1]["content"][0]
    assert tool_part["output"] == {"type": "json", "value": None}


def test_v3_tool_result_content_items_use_v3_item_types(gateway: FakeGateway) -> None:
    model = chat_model(gateway, api_key=KEY, spec_version=3, base_url=gateway.base_url_v3)
    output = ToolResultOutput(
        "content",
        [
            {"type": "text", "text": "the chart"},
            {"type": "file", "data": DataFile(PNG), "mediaType": "image/png"},
        ],
    )
    prompt = [
        UserMessage([TextPart("Draw a chart")]),
        AssistantMessage([ToolCallPart("call_1", "draw", {})]),
        ToolMessage([ToolResultPart("call_1", "draw", output)]),
    ]
    model.generate(CallOptions(prompt=prompt))
    item = only(gateway.requests).body["prompt"][2]["content"][0]["output"]["value"][1]
    assert item["type"] in ("image-data", "file-data") and item["data"] == PNG_B64


def test_v4_tool_result_content_items_use_tagged_file_data(gateway: FakeGateway) -> None:
    model = chat_model(gateway, api_key=KEY)
    output = ToolResultOutput(
        "content",
        [
            {"type": "text", "text": "the chart"},
            {"type": "file", "data": DataFile(PNG), "mediaType": "image/png"},
        ],
    )
    prompt = [
        UserMessage([TextPart("Draw a chart")]),
        AssistantMessage([ToolCallPart("call_1", "draw", {})]),
        ToolMessage([ToolResultPart("call_1", "draw", output)]),
    ]
    model.generate(CallOptions(prompt=prompt))
    request = only(gateway.requests)
    assert request.body["prompt"][2]["content"][0]["output"] == {
        "type": "content",
        "value": [
            {"type": "text", "text": "the chart"},
            {"type": "file", "data": {"type": "data", "data": PNG_B64}, "mediaType": "image/png"},
        ],
    }
    assert request.status == 200


def test_a_gateway_stream_has_exactly_one_stream_start(gateway: FakeGateway) -> None:
    parts = list(chat_model(gateway, api_key=KEY).stream(CallOptions(prompt=[UserMessage([TextPart("Hi")])])))
    assert [type(p) for p in parts].count(StreamStart) == 1


WARNINGS_BUG = (
    "BUG: spec.wire.parse_warnings raises TypeError on any warning (CallWarning.type has no default "
    "and _from_wire never passes 'type'); GatewayChatCodec.parse_response / GatewayStreamDecoder turn "
    "that into InvalidResponseDataError, so a Gateway answer that carries a warning (here: reasoning "
    "asked of a model without it) fails the whole call."
)


def test_a_result_that_carries_warnings_is_still_a_result(gateway: FakeGateway) -> None:
    result = ai.generate_text(
        chat_model(gateway, "openai/gpt-4o-mini", api_key=KEY), prompt="Hi", reasoning="low"
    )
    answer = only(gateway.requests).answer_json
    assert answer["warnings"], "the fake warns about reasoning on this model"
    assert result.text == answer["content"][0]["text"]


def test_a_stream_whose_stream_start_carries_warnings_still_streams(gateway: FakeGateway) -> None:
    result = ai.stream_text(
        chat_model(gateway, "openai/gpt-4o-mini", api_key=KEY), prompt="Hi", reasoning="low"
    )
    text = "".join(result.text_stream)
    answer = only(gateway.requests).answer_parts
    assert answer[0]["type"] == "stream-start" and answer[0]["warnings"]
    assert text == "".join(p["delta"] for p in answer if p["type"] == "text-delta")
    assert [w.feature for w in result.result.warnings] == [w["feature"] for w in answer[0]["warnings"]]


def test_stream_parts_arrive_as_the_server_sent_them(gateway: FakeGateway) -> None:
    model = chat_model(gateway, api_key=KEY)
    parts = [p for p in model.stream(CallOptions(prompt=[UserMessage([TextPart("Hi")])], reasoning="low"))]
    answer = only(gateway.requests).answer_parts
    # One stream-start (the client's; the server's adds nothing without warnings), then
    # everything else in order and of the same type.
    assert isinstance(parts[0], StreamStart)
    assert [p.type for p in parts].count("stream-start") == 1
    mine = [p.type for p in parts[1:]]
    assert mine == [p["type"] for p in answer if p["type"] != "stream-start"]
    deltas = [p.delta for p in parts if p.type == "text-delta"]
    assert deltas == [p["delta"] for p in answer if p["type"] == "text-delta"]
    reasoning = [p.delta for p in parts if p.type == "reasoning-delta"]
    assert reasoning == [p["delta"] for p in answer if p["type"] == "reasoning-delta"]
    finish = parts[-1]
    assert finish.type == "finish"
    sent_finish = answer[-1]
    assert finish.usage.input_tokens.total == sent_finish["usage"]["inputTokens"]["total"]
    assert finish.usage.output_tokens.reasoning == sent_finish["usage"]["outputTokens"]["reasoning"]
    assert finish.finish_reason.raw == sent_finish["finishReason"]["raw"]
    metadata = next(p for p in parts if p.type == "response-metadata")
    assert metadata.timestamp is not None and metadata.timestamp.tzinfo is not None


# -- errors -------------------------------------------------------------------------------

ERROR_CLASSES: dict[str, type[GatewayError]] = {
    "authentication_error": GatewayAuthenticationError,
    "invalid_request_error": GatewayInvalidRequestError,
    "rate_limit_exceeded": GatewayRateLimitError,
    "model_not_found": GatewayModelNotFoundError,
    "not_found": GatewayNotFoundError,
    "internal_server_error": GatewayInternalServerError,
    "failed_dependency": GatewayFailedDependencyError,
    "forbidden": GatewayForbiddenError,
}


def retryable(status: int) -> bool:
    return status in (408, 409, 429) or status >= 500


def assert_attempts(gateway: FakeGateway, delays: list[float], status: int, max_retries: int = 2) -> None:
    attempts = max_retries + 1 if retryable(status) else 1
    assert len(gateway.requests) == attempts
    assert len(delays) == attempts - 1
    assert {r.status for r in gateway.requests} == {status}


@pytest.mark.parametrize("error_type", list(ERROR_CLASSES))
def test_each_error_type_gives_its_class_with_the_status_kept(
    gateway: FakeGateway, delays: list[float], error_type: str
) -> None:
    model = chat_model(gateway, f"errors/{error_type}", api_key=KEY, max_retries=2)
    with pytest.raises(GatewayError) as caught:
        ai.generate_text(model, prompt="Hi")
    error = caught.value
    status = ERROR_TYPES[error_type][0]
    assert type(error) is ERROR_CLASSES[error_type]
    assert error.type == error_type
    assert error.status_code == status
    assert error.is_retryable is retryable(status)
    assert_attempts(gateway, delays, status)
    body = gateway.requests[-1].answer_json
    assert error.data == body
    assert body["error"]["message"] in str(error)
    assert f"[{body['generationId']}]" in str(error)
    if error_type == "rate_limit_exceeded":
        assert delays == [1.0, 1.0]  # retry-after honoured
        assert error.retry_after == 1.0


@pytest.mark.parametrize(
    ("model_id", "cls", "status"),
    [
        ("errors/invalid_request_error/409", GatewayInvalidRequestError, 409),
        ("errors/rate_limit_exceeded/408", GatewayRateLimitError, 408),
        ("errors/internal_server_error/400", GatewayInternalServerError, 400),
        ("errors/forbidden/503", GatewayForbiddenError, 503),
        ("errors/not_found/410", GatewayNotFoundError, 410),
        ("errors/teapot_error/418", GatewayInternalServerError, 418),  # unknown type
        ("errors/untyped/503", GatewayInternalServerError, 503),  # no error.type
        ("errors/untyped/422", GatewayInternalServerError, 422),
    ],
)
def test_the_class_follows_error_type_and_retries_follow_the_status(
    gateway: FakeGateway, delays: list[float], model_id: str, cls: type[GatewayError], status: int
) -> None:
    with pytest.raises(GatewayError) as caught:
        ai.generate_text(chat_model(gateway, model_id, api_key=KEY, max_retries=2), prompt="Hi")
    assert type(caught.value) is cls
    assert caught.value.status_code == status
    assert caught.value.is_retryable is retryable(status)
    assert_attempts(gateway, delays, status)


@pytest.mark.parametrize(("kind", "status"), [("html", 502), ("text", 503), ("empty", 503), ("html", 400)])
def test_a_malformed_error_body_is_a_gateway_response_error(
    gateway: FakeGateway, delays: list[float], kind: str, status: int
) -> None:
    model = chat_model(gateway, f"errors/{kind}/{status}", api_key=KEY, max_retries=2)
    with pytest.raises(GatewayResponseError) as caught:
        ai.generate_text(model, prompt="Hi")
    assert caught.value.type == "response_error"
    assert caught.value.status_code == status
    assert caught.value.is_retryable is retryable(status)
    assert_attempts(gateway, delays, status)


def test_the_generation_id_of_an_error_is_kept(gateway: FakeGateway, delays: list[float]) -> None:
    with pytest.raises(GatewayError) as caught:
        ai.generate_text(chat_model(gateway, "errors/forbidden", api_key=KEY), prompt="Hi")
    assert caught.value.generation_id == gateway.requests[-1].answer_json["generationId"]


def test_a_wrong_key_is_an_authentication_error_and_not_retried(
    gateway: FakeGateway, delays: list[float]
) -> None:
    with pytest.raises(GatewayAuthenticationError) as caught:
        ai.generate_text(chat_model(gateway, api_key=f"{INVALID_KEY}_123456", max_retries=2), prompt="Hi")
    assert caught.value.status_code == 401 and not caught.value.is_retryable
    assert f"{INVALID_KEY}_123456" not in str(caught.value)
    assert_attempts(gateway, delays, 401)


def test_a_wrong_oidc_token_is_an_authentication_error(gateway: FakeGateway, delays: list[float]) -> None:
    with pytest.raises(GatewayAuthenticationError):
        ai.generate_text(chat_model(gateway, oidc_token=lambda: f"{INVALID_KEY}.jwt"), prompt="Hi")
    assert only(gateway.requests).headers["ai-gateway-auth-method"] == "oidc"


def test_an_unknown_model_is_model_not_found(gateway: FakeGateway, delays: list[float]) -> None:
    with pytest.raises(GatewayModelNotFoundError) as caught:
        ai.generate_text(chat_model(gateway, "openai/gpt-99", api_key=KEY), prompt="Hi")
    assert caught.value.status_code == 404
    assert caught.value.data["error"]["param"] == {"modelId": "openai/gpt-99"}
    assert len(gateway.requests) == 1


def test_a_wrong_route_is_not_found(gateway: FakeGateway, delays: list[float]) -> None:
    with pytest.raises(GatewayNotFoundError):
        ai.generate_text(chat_model(gateway, api_key=KEY, base_url=f"{gateway.origin}/v9/ai"), prompt="Hi")
    assert only(gateway.requests).path == "/v9/ai/language-model"


@pytest.mark.parametrize(
    ("model_id", "cls", "status"),
    [
        ("errors/forbidden", GatewayForbiddenError, 403),
        ("errors/internal_server_error", GatewayInternalServerError, 500),
        ("errors/html", GatewayResponseError, 502),
    ],
)
def test_stream_errors_before_the_first_event_are_typed_and_retried_by_status(
    gateway: FakeGateway, delays: list[float], model_id: str, cls: type[GatewayError], status: int
) -> None:
    result = ai.stream_text(chat_model(gateway, model_id, api_key=KEY, max_retries=2), prompt="Hi")
    with pytest.raises(cls) as caught:
        result.consume()
    assert caught.value.status_code == status
    assert_attempts(gateway, delays, status)
    assert {r.headers["ai-language-model-streaming"] for r in gateway.requests} == {"true"}


async def test_async_errors_are_typed_and_retried_the_same(gateway: FakeGateway, delays: list[float]) -> None:
    model = chat_model(gateway, "errors/rate_limit_exceeded", api_key=KEY, max_retries=1)
    with pytest.raises(GatewayRateLimitError):
        await ai.agenerate_text(model, prompt="Hi")
    with pytest.raises(GatewayRateLimitError):
        await ai.astream_text(model, prompt="Hi").consume()
    assert len(gateway.requests) == 4 and delays == [1.0, 1.0]


def test_an_in_band_stream_error_is_typed_and_keeps_the_partial_text(gateway: FakeGateway) -> None:
    model = chat_model(gateway, IN_STREAM_ERROR_MODEL, api_key=KEY)
    parts = list(model.stream(CallOptions(prompt=[UserMessage([TextPart("Tell me a story about a cat")])])))
    errors = [p for p in parts if isinstance(p, StreamError)]
    assert len(errors) == 2  # the server's error part, then "ended without a finish part"
    assert isinstance(errors[0].error, GatewayFailedDependencyError)
    assert errors[0].error.status_code == 424 and not errors[0].error.is_retryable  # its type's status
    sent_error = only(gateway.requests).answer_parts[-1]
    assert sent_error["type"] == "error" and sent_error["error"]["message"] in str(errors[0].error)

    result = ai.stream_text(model, prompt="Tell me a story about a cat")
    with pytest.raises(GatewayFailedDependencyError) as caught:
        "".join(result.text_stream)
    answer = gateway.requests[-1].answer_parts
    sent_text = "".join(p["delta"] for p in answer if p["type"] == "text-delta")
    assert sent_text and caught.value.partial_text == sent_text


def test_errors_of_the_model_list_are_typed(gateway: FakeGateway, delays: list[float]) -> None:
    with pytest.raises(GatewayAuthenticationError):
        gateway_models(api_key=f"{INVALID_KEY}_x", base_url=gateway.base_url)
    with pytest.raises(GatewayNotFoundError):
        gateway_models(api_key=KEY, base_url=f"{gateway.origin}/v9/ai")


# -- model list and credits ---------------------------------------------------------------


def test_gateway_models_parses_names_types_and_exact_pricing(gateway: FakeGateway) -> None:
    models = gateway_models(api_key=KEY, base_url=gateway.base_url)
    request = only(gateway.requests)
    assert (request.method, request.path, request.raw) == ("GET", "/v4/ai/config", b"")
    headers = sent(request)
    headers.pop("content-type", None)  # harmless on a GET without a body
    assert headers == {k: v for k, v in base_headers("api-key", KEY).items() if k != "content-type"}
    answer = request.answer_json["models"]
    assert UNKNOWN_TYPE_ENTRY["id"] in [entry["id"] for entry in answer]
    expected = []
    for entry in answer:  # every entry, of every type: a type unknown to the AI SDK too
        price = entry.get("pricing")
        expected.append(
            GatewayModel(
                entry["id"],
                entry["name"],
                entry["modelType"],
                entry.get("description"),
                GatewayPricing(
                    Decimal(price["input"]),
                    Decimal(price["output"]),
                    Decimal(price["input_cache_read"]) if "input_cache_read" in price else None,
                    Decimal(price["input_cache_write"]) if "input_cache_write" in price else None,
                )
                if price
                else None,
                entry["specification"]["provider"],
            )
        )
    assert models == expected
    assert len(models) == len(CATALOGUE) + 1
    by_id = {m.id: m for m in models}
    sonnet = by_id["anthropic/claude-sonnet-4.6"]
    assert sonnet.pricing is not None and isinstance(sonnet.pricing.input, Decimal)
    assert str(sonnet.pricing.cache_creation_input_tokens) == "0.00000375"
    assert {m.model_type for m in models} == {
        "language",
        "embedding",
        "image",
        "decision",
        "evaluation",
        UNKNOWN_TYPE_ENTRY["modelType"],
    }


def test_gateway_models_on_v3_asks_the_v3_route(gateway: FakeGateway) -> None:
    gateway_models(api_key=KEY, base_url=gateway.base_url_v3, spec_version=3)
    assert only(gateway.requests).path == "/v3/ai/config"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    now = [1_000.0]
    monkeypatch.setattr(CACHE, "clock", lambda: now[0])
    CACHE.clear()
    yield now
    CACHE.clear()


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def test_the_model_list_is_cached_for_five_minutes_then_revalidated_in_the_background(
    gateway: FakeGateway, clock: list[float]
) -> None:
    settings = {"api_key": KEY, "base_url": gateway.base_url}
    first = gateway_models(**settings)
    clock[0] += gateway_models_module.REFRESH_SECONDS  # exactly five minutes: still fresh
    assert gateway_models(**settings) == first
    assert len(gateway.seen("/config")) == 1

    gateway.config_extra.append(
        {
            "id": "xai/grok-4",
            "name": "Grok 4",
            "pricing": {"input": "0.000003", "output": "0.000015"},
            "specification": {"specificationVersion": "v4", "provider": "xai", "modelId": "xai/grok-4"},
            "modelType": "language",
        }
    )
    gateway.delays["/config"] = 0.5
    clock[0] += 1
    started = time.monotonic()
    stale = gateway_models(**settings)
    assert time.monotonic() - started < 0.3, "a stale list is returned at once"
    assert stale == first
    assert gateway_models(**settings) == first  # a second stale call starts no second refresh
    wait_for(lambda: len(gateway.seen("/config")) == 2 and gateway.seen("/config")[-1].status == 200)
    wait_for(lambda: len(gateway_models(**settings)) == len(first) + 1)
    refreshed = gateway_models(**settings)
    assert refreshed[:-1] == first and refreshed[-1].id == "xai/grok-4"
    assert refreshed[-1].pricing == GatewayPricing(Decimal("0.000003"), Decimal("0.000015"))
    assert len(gateway.seen("/config")) == 2


def test_a_failed_background_refresh_keeps_the_stale_list_and_tries_again(
    gateway: FakeGateway, clock: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AI_GATEWAY_API_KEY", KEY)
    settings = {"base_url": gateway.base_url}
    first = gateway_models(**settings)
    monkeypatch.setenv("AI_GATEWAY_API_KEY", f"{INVALID_KEY}_rotated")
    clock[0] += gateway_models_module.REFRESH_SECONDS + 1
    assert gateway_models(**settings) == first
    wait_for(lambda: len(gateway.seen("/config")) == 2 and gateway.seen("/config")[-1].status == 401)
    wait_for(lambda: not CACHE._refreshing)
    monkeypatch.setenv("AI_GATEWAY_API_KEY", KEY)
    assert gateway_models(**settings) == first  # still stale: a new refresh starts
    wait_for(lambda: len(gateway.seen("/config")) == 3 and gateway.seen("/config")[-1].status == 200)


def test_the_model_list_cache_is_not_shared_between_teams(gateway: FakeGateway) -> None:
    gateway_models(api_key=KEY, team="team-a", base_url=gateway.base_url)
    gateway_models(api_key=KEY, team="team-b", base_url=gateway.base_url)
    assert [r.headers.get("x-vercel-ai-gateway-team") for r in gateway.seen("/config")] == [
        "team-a",
        "team-b",
    ]


def test_gateway_credits_come_from_the_origin_as_decimals(gateway: FakeGateway) -> None:
    gateway.credits = {"balance": "12.3456789", "total_used": "0.0000001"}
    credits = gateway_credits(api_key=KEY, base_url=gateway.base_url)
    request = only(gateway.requests)
    assert (request.method, request.path, request.raw) == ("GET", "/v1/credits", b"")
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["ai-gateway-auth-method"] == "api-key"
    assert credits.balance == Decimal("12.3456789") and credits.total_used == Decimal("0.0000001")
    gateway_credits(api_key=KEY, base_url=gateway.base_url_v3)
    assert gateway.requests[-1].path == "/v1/credits"


def test_gateway_credits_with_oidc(gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERCEL_OIDC_TOKEN", "eyJ.credits.token")
    gateway_credits(base_url=gateway.base_url)
    assert only(gateway.requests).headers["ai-gateway-auth-method"] == "oidc"


# -- embeddings in batches ----------------------------------------------------------------

DIMENSIONS = {"openai": {"dimensions": 2}}


def check_batches(gateway: FakeGateway, values: list[str], result: Any) -> None:
    requests = gateway.seen("/embedding-model")
    assert sorted(len(r.body["values"]) for r in requests) == [
        5,
        MAX_EMBEDDINGS_PER_CALL,
        MAX_EMBEDDINGS_PER_CALL,
    ]
    assert all(r.body["providerOptions"] == DIMENSIONS for r in requests)
    by_first = {r.body["values"][0]: r for r in requests}
    ordered = [by_first[values[i]] for i in range(0, len(values), MAX_EMBEDDINGS_PER_CALL)]
    assert [v for r in ordered for v in r.body["values"]] == values
    assert result.embeddings == [e for r in ordered for e in r.answer_json["embeddings"]]
    assert result.tokens == sum(r.answer_json["usage"]["tokens"] for r in requests)
    assert gateway.max_in_flight["/v4/ai/embedding-model"] == 3, "the three batches ran in parallel"


def test_embed_many_sends_2048_values_per_call_in_parallel(gateway: FakeGateway) -> None:
    values = [f"value {i}" for i in range(2 * MAX_EMBEDDINGS_PER_CALL + 5)]
    gateway.delays["/embedding-model"] = 0.3
    result = ai.embed_many(embedder(gateway, api_key=KEY), values, provider_options=DIMENSIONS)
    check_batches(gateway, values, result)


async def test_aembed_many_sends_2048_values_per_call_in_parallel(gateway: FakeGateway) -> None:
    values = [f"value {i}" for i in range(2 * MAX_EMBEDDINGS_PER_CALL + 5)]
    gateway.delays["/embedding-model"] = 0.3
    result = await ai.aembed_many(embedder(gateway, api_key=KEY), values, provider_options=DIMENSIONS)
    check_batches(gateway, values, result)


def test_one_call_refuses_more_than_2048_values_before_sending(gateway: FakeGateway) -> None:
    model = embedder(gateway, api_key=KEY)
    assert model.max_embeddings_per_call == MAX_EMBEDDINGS_PER_CALL and model.supports_parallel_calls
    with pytest.raises(TooManyEmbeddingValuesForCallError):
        model.embed(["x"] * (MAX_EMBEDDINGS_PER_CALL + 1))
    assert gateway.requests == []


# -- the adapters with a gateway model --------------------------------------------------------


def test_langchain_structured_output_with_a_gateway_model(gateway: FakeGateway) -> None:
    from pydantic import BaseModel

    from ai_sdk_integrations.langchain import ChatAISDK

    class Forecast(BaseModel):
        city: str
        high: float

    llm = ChatAISDK(model=f"gateway:{CHAT}", api_key=KEY, base_url=gateway.base_url)
    forecast = llm.with_structured_output(Forecast).invoke("Forecast for Paris as JSON")
    assert isinstance(forecast, Forecast)
    assert only(gateway.requests).body["responseFormat"]["type"] == "json"


def test_llamaindex_structured_predict_with_a_gateway_model(gateway: FakeGateway) -> None:
    from llama_index.core.prompts import PromptTemplate
    from pydantic import BaseModel

    from ai_sdk_integrations.llama_index import AISDK

    class Forecast(BaseModel):
        city: str
        high: float

    llm = AISDK(model=f"gateway:{CHAT}", api_key=KEY, base_url=gateway.base_url)
    forecast = llm.structured_predict(Forecast, PromptTemplate("Forecast for {city} as JSON"), city="Paris")
    assert isinstance(forecast, Forecast)


def test_bodies_are_json_the_server_can_read(gateway: FakeGateway) -> None:
    """A sanity check on the fake itself: what it records is what was sent."""
    ai.generate_text(chat_model(gateway, api_key=KEY), prompt="Hi")
    request = only(gateway.requests)
    assert json.loads(request.raw) == request.body


def test_the_public_gateway_models_stays_callable_after_importing_its_module() -> None:
    script = (
        "from ai_sdk_integrations.providers.gateway.config import GatewayModel\n"
        "import ai_sdk_integrations as ai\n"
        "assert callable(ai.gateway_models), type(ai.gateway_models)\n"
        "assert callable(ai.gateway_credits)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
