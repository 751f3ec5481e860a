"""Issue 13: the Gateway at parity with ``@ai-sdk/gateway`` 4.x, against the loopback fake.

Each request shape is checked field by field against the facts in
``/work/shared/reference/vercel-ai-sdk.md`` (section 3, and "The Gateway client 4.x"
in section 9): embedding ``dimensions`` top-level on ``/v4/ai/embedding-model``, team
scoping of credits by query parameter, the Vercel request context (``x-vercel-id`` ->
``ai-o11y-request-id``, ``x-vercel-oidc-token``), the auth order, typed errors with
their body fields, the V4 spec additions, generation lookup and spend report.
"""

from __future__ import annotations

import asyncio
import base64
import contextvars
import dataclasses
import json
import sys
import threading
import time
import types
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from gateway_wire import (
    PROTOCOL_VERSION,
    TEAM_CREDITS,
    TEAM_ID,
    TEAM_SLUG,
    FakeGateway,
    SeenRequest,
)

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.gateway import (
    GatewayError,
    GatewayFailedDependencyError,
    GatewayForbiddenError,
    GatewayInternalServerError,
    GatewayInvalidRequestError,
    GatewayModelNotFoundError,
    GatewayNotFoundError,
    GatewayRateLimitError,
    gateway_request_context,
)
from ai_sdk_integrations.providers.gateway.config import MODEL_TYPES
from ai_sdk_integrations.providers.gateway.provider import (
    agateway_credits,
    agateway_generation,
    agateway_spend_report,
    create_gateway,
    gateway_generation,
    gateway_models,
    gateway_spend_report,
)
from ai_sdk_integrations.providers.gateway.spend import (
    GatewayGeneration,
    GatewaySpendReport,
    GatewaySpendRow,
    parse_generation,
    parse_spend_report,
)
from ai_sdk_integrations.spec import (
    CallOptions,
    FileContent,
    FilePart,
    Finish,
    FinishReason,
    JsonFormat,
    Ping,
    Raw,
    ReferenceFile,
    StreamError,
    TextContent,
    TextFile,
    TextPart,
    TextStart,
    ToolInputStart,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import (
    InvalidResponseDataError,
    LoadAPIKeyError,
    UnsupportedFunctionalityError,
    UsageError,
)
from ai_sdk_integrations.transport.endpoint import USER_AGENT

KEY = "vck_test_0123456789abcdef"
CHAT = "openai/gpt-4o-mini"
EMBEDDER = "openai/text-embedding-3-small"
TRANSPORT_HEADERS = frozenset({"host", "accept", "accept-encoding", "connection", "content-length"})
VERCEL_ID = "fra1::iad1::8x2kq-1763712000000-5c1f0e9a7b3d"


def sent(request: SeenRequest) -> dict[str, str]:
    return {k: v for k, v in request.headers.items() if k not in TRANSPORT_HEADERS}


def only(requests: list[SeenRequest]) -> SeenRequest:
    assert len(requests) == 1, [r.path for r in requests]
    return requests[0]


def chat_model(gateway: FakeGateway, model_id: str = CHAT, **settings: Any) -> ai.LanguageModel:
    settings.setdefault("base_url", gateway.base_url)
    return ai.language_model(f"gateway:{model_id}", **settings)


def jwt(exp: float) -> str:
    """An unsigned JWT with this ``exp`` (the client only reads the expiry)."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256'})}.{part({'exp': exp, 'sub': 'owner:acme:project:web'})}.c2lnbmF0dXJl"


# -- 1. requests: embedding dimensions ------------------------------------------------------


def test_embedding_dimensions_are_sent_top_level_on_v4(gateway: FakeGateway) -> None:
    """``/embedding-model`` body ``{values, dimensions, providerOptions}`` (section 9)."""
    options = {"gateway": {"order": ["azure", "openai"]}}
    model = ai.embedding_model(f"gateway:{EMBEDDER}", dimensions=256, api_key=KEY, base_url=gateway.base_url)
    result = ai.embed(model, "sunny day", provider_options=options)
    request = only(gateway.requests)
    assert (request.method, request.path) == ("POST", "/v4/ai/embedding-model")
    assert request.body == {"values": ["sunny day"], "dimensions": 256, "providerOptions": options}
    assert list(request.body) == ["values", "dimensions", "providerOptions"]
    assert sent(request) == {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "authorization": f"Bearer {KEY}",
        "ai-gateway-protocol-version": PROTOCOL_VERSION,
        "ai-gateway-auth-method": "api-key",
        "ai-embedding-model-specification-version": "4",
        "ai-model-id": EMBEDDER,
    }
    assert len(result.embedding) == 256 == len(request.answer_json["embeddings"][0])


def test_embedding_dimensions_reach_every_vendor_on_v4(gateway: FakeGateway) -> None:
    """Not only the five vendors whose provider option we know: the Gateway maps it."""
    model = ai.embedding_model(
        "gateway:cohere/embed-v4.0", dimensions=384, api_key=KEY, base_url=gateway.base_url
    )
    assert len(ai.embed(model, "hello").embedding) == 384
    assert only(gateway.requests).body == {"values": ["hello"], "dimensions": 384}


def test_embedding_dimensions_on_v3_become_the_upstreams_option(gateway: FakeGateway) -> None:
    settings = {"api_key": KEY, "base_url": gateway.base_url_v3, "spec_version": 3}
    openai = ai.embedding_model(f"gateway:{EMBEDDER}", dimensions=64, **settings)
    google = ai.embedding_model("gateway:google/gemini-embedding-001", dimensions=32, **settings)
    assert len(ai.embed(openai, "a").embedding) == 64
    assert len(ai.embed(google, "b").embedding) == 32
    assert [r.body for r in gateway.requests] == [
        {"values": ["a"], "providerOptions": {"openai": {"dimensions": 64}}},
        {"values": ["b"], "providerOptions": {"google": {"outputDimensionality": 32}}},
    ]
    assert {r.path for r in gateway.requests} == {"/v3/ai/embedding-model"}


def test_embedding_dimensions_on_v3_for_an_unmapped_vendor_is_a_usage_error(gateway: FakeGateway) -> None:
    with pytest.raises(UsageError) as caught:
        ai.embedding_model(
            "gateway:cohere/embed-v4.0",
            dimensions=384,
            api_key=KEY,
            base_url=gateway.base_url,
            spec_version=3,
        )
    message = str(caught.value)
    assert "spec_version=3" in message and "'cohere'" in message and "v4 route" in message
    assert gateway.requests == []


def embedding_request(version: int, body: dict[str, Any]) -> SeenRequest:
    headers = {
        "authorization": f"Bearer {KEY}",
        "ai-gateway-auth-method": "api-key",
        "ai-gateway-protocol-version": PROTOCOL_VERSION,
        "ai-embedding-model-specification-version": str(version),
        "ai-model-id": EMBEDDER,
    }
    return SeenRequest("POST", f"/v{version}/ai/embedding-model", headers, json.dumps(body).encode(), body)


@pytest.mark.parametrize(
    ("version", "body", "param"),
    [
        (4, {"values": ["a"], "dimension": 8}, {"code": "unrecognized_keys", "keys": ["dimension"]}),
        (4, {"values": ["a"], "dimensions": 0}, {"path": ["dimensions"]}),
        (4, {"values": ["a"], "dimensions": True}, {"path": ["dimensions"]}),
        (3, {"values": ["a"], "dimensions": 8}, {"code": "unrecognized_keys", "keys": ["dimensions"]}),
    ],
)
def test_the_fake_refuses_what_the_gateway_refuses_on_the_embedding_route(
    gateway: FakeGateway, version: int, body: dict[str, Any], param: dict[str, Any]
) -> None:
    """Unknown body keys, a ``dimensions`` that is not a positive integer, and
    ``dimensions`` on the v3 route, which has none."""
    answer = gateway.respond(embedding_request(version, body))
    assert answer.status == 400
    error = json.loads(answer.text)["error"]
    assert error["type"] == "invalid_request_error"
    assert param.items() <= error["param"][0].items()
    good = gateway.respond(embedding_request(version, {"values": ["a"]}))
    assert good.status == 200


def test_a_server_that_ignores_dimensions_is_still_caught(gateway: FakeGateway) -> None:
    """The size check stays: vectors of another size than asked for are an error."""
    model = ai.embedding_model(f"gateway:{EMBEDDER}", dimensions=16, api_key=KEY, base_url=gateway.base_url)
    with pytest.raises(InvalidResponseDataError):
        ai.embed(model, "x", provider_options={"openai": {"dimensions": 8}})  # the upstream's own wins


# -- 1. requests: team scoping of credits ----------------------------------------------------


@pytest.mark.parametrize(
    ("team", "query"), [(TEAM_ID, f"teamId={TEAM_ID}"), (TEAM_SLUG, f"slug={TEAM_SLUG}")]
)
def test_credits_of_a_team_are_asked_for_by_query_parameter(
    gateway: FakeGateway, team: str, query: str
) -> None:
    """``GET /v1/credits?teamId=|slug=``: the team header alone is not honoured there."""
    credits = create_gateway(api_key=KEY, team=team, base_url=gateway.base_url).credits()
    request = only(gateway.requests)
    assert (request.method, request.path, request.raw) == ("GET", f"/v1/credits?{query}", b"")
    assert request.headers["x-vercel-ai-gateway-team"] == team
    assert credits.balance == Decimal(TEAM_CREDITS["balance"])
    assert credits.total_used == Decimal(TEAM_CREDITS["total_used"])


def test_credits_without_a_team_are_the_callers_own(gateway: FakeGateway) -> None:
    credits = create_gateway(api_key=KEY, base_url=gateway.base_url).credits()
    assert only(gateway.requests).path == "/v1/credits"
    assert credits.balance == Decimal(gateway.credits["balance"])


def test_the_fake_does_not_honour_the_team_header_alone_on_credits(gateway: FakeGateway) -> None:
    """What the old client did (header only) gets the caller's own credits, not the team's."""
    provider = create_gateway(
        api_key=KEY, base_url=gateway.base_url, headers={"x-vercel-ai-gateway-team": TEAM_ID}
    )
    assert provider.credits().balance == Decimal(gateway.credits["balance"])


# -- 1. requests: the Vercel request context ------------------------------------------------


def test_the_request_id_comes_from_the_incoming_requests_x_vercel_id(gateway: FakeGateway) -> None:
    model = chat_model(gateway, api_key=KEY)
    ai.generate_text(model, prompt="Hi")  # outside any request: no header
    with gateway_request_context({"X-Vercel-Id": VERCEL_ID, "accept": "*/*"}):
        ai.generate_text(model, prompt="Hi")
        ai.stream_text(model, prompt="Hi").consume()
        ai.embed(ai.embedding_model(f"gateway:{EMBEDDER}", api_key=KEY, base_url=gateway.base_url), "x")
        provider = create_gateway(api_key=KEY, base_url=gateway.base_url)
        provider.models()
        provider.credits()
    ai.generate_text(model, prompt="Hi")  # the context is gone again
    ids = [(r.route, r.headers.get("ai-o11y-request-id")) for r in gateway.requests]
    assert ids == [
        ("/v4/ai/language-model", None),
        ("/v4/ai/language-model", VERCEL_ID),
        ("/v4/ai/language-model", VERCEL_ID),
        ("/v4/ai/embedding-model", VERCEL_ID),
        ("/v4/ai/config", None),  # o11y headers belong to model endpoints only
        ("/v1/credits", None),
        ("/v4/ai/language-model", None),
    ]


def test_the_request_id_wins_over_a_per_call_header(gateway: FakeGateway) -> None:
    """Merge order: auth, per-call headers, model headers, then o11y headers (later wins)."""
    with gateway_request_context([("x-vercel-id", VERCEL_ID)]):
        ai.generate_text(
            chat_model(gateway, api_key=KEY), prompt="Hi", headers={"ai-o11y-request-id": "mine"}
        )
    assert only(gateway.requests).headers["ai-o11y-request-id"] == VERCEL_ID


def test_concurrent_requests_keep_their_own_context(gateway: FakeGateway) -> None:
    model = chat_model(gateway, api_key=KEY)

    def serve(request_id: str) -> None:
        with gateway_request_context({"x-vercel-id": request_id}):
            time.sleep(0.01)
            ai.generate_text(model, prompt=f"Hi {request_id}")

    threads = [threading.Thread(target=serve, args=(f"req-{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pairs = {
        (r.body["prompt"][0]["content"][0]["text"], r.headers["ai-o11y-request-id"]) for r in gateway.requests
    }
    assert pairs == {(f"Hi req-{n}", f"req-{n}") for n in range(6)}


async def test_the_context_follows_asyncio_tasks(gateway: FakeGateway) -> None:
    model = chat_model(gateway, api_key=KEY)

    async def serve(request_id: str) -> None:
        with gateway_request_context({"x-vercel-id": request_id, "x-vercel-oidc-token": f"tok.{request_id}"}):
            await asyncio.sleep(0.01)
            await ai.agenerate_text(
                create_gateway(base_url=gateway.base_url).language_model(CHAT), prompt="Hi"
            )
            await ai.astream_text(model, prompt="Hi").consume()

    await asyncio.gather(*(serve(f"req-{n}") for n in range(4)))
    oidc = {
        (r.headers["ai-o11y-request-id"], r.headers["authorization"])
        for r in gateway.requests
        if r.headers["ai-gateway-auth-method"] == "oidc"
    }
    assert oidc == {(f"req-{n}", f"Bearer tok.req-{n}") for n in range(4)}
    assert len(gateway.requests) == 8


def test_a_copied_context_carries_the_request_into_a_worker_thread(gateway: FakeGateway) -> None:
    with gateway_request_context({"x-vercel-id": VERCEL_ID}):
        context = contextvars.copy_context()
    worker = threading.Thread(
        target=context.run, args=(ai.generate_text, chat_model(gateway, api_key=KEY)), kwargs={"prompt": "Hi"}
    )
    worker.start()
    worker.join()
    assert only(gateway.requests).headers["ai-o11y-request-id"] == VERCEL_ID


def test_the_vercel_runtime_headers_are_the_context_when_none_is_set(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``gateway_request_context``, ``vercel.headers.get_headers()`` (the Vercel
    Python runtime's request context, when installed) is read, as the AI SDK reads the
    runtime's ``@vercel/request-context``."""
    from ai_sdk_integrations.providers.gateway import context as gateway_context

    runtime = types.ModuleType("vercel.headers")
    runtime.get_headers = lambda: {"X-Vercel-Id": "runtime-id", "X-Vercel-OIDC-Token": "tok.runtime"}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vercel", types.ModuleType("vercel"))
    monkeypatch.setitem(sys.modules, "vercel.headers", runtime)
    monkeypatch.setattr(gateway_context, "_looked_for_vercel", False)
    monkeypatch.setattr(gateway_context, "_vercel_get_headers", None)
    ai.generate_text(create_gateway(base_url=gateway.base_url).language_model(CHAT), prompt="Hi")
    with gateway_request_context({"x-vercel-id": VERCEL_ID}):  # ours wins over the runtime's
        ai.generate_text(chat_model(gateway, api_key=KEY), prompt="Hi")
    first, second = gateway.requests
    assert (first.headers["ai-o11y-request-id"], first.headers["authorization"]) == (
        "runtime-id",
        "Bearer tok.runtime",
    )
    assert second.headers["ai-o11y-request-id"] == VERCEL_ID


# -- 2. auth like the TypeScript client -----------------------------------------------------


def auth_of(request: SeenRequest) -> tuple[str, str]:
    return request.headers["ai-gateway-auth-method"], request.headers["authorization"].removeprefix("Bearer ")


@pytest.fixture
def no_vercel_oidc(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``vercel-oidc`` package absent, whatever this machine has installed."""
    monkeypatch.setitem(sys.modules, "vercel.oidc", None)  # import raises ImportError


@pytest.fixture
def vercel_oidc(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A stand-in ``vercel.oidc`` whose ``get_vercel_oidc_token`` hands out the tokens in
    the returned list (the real one refreshes from the Vercel CLI's login); empty: it
    fails as the package does without a linked project."""
    tokens: list[str] = []
    module = types.ModuleType("vercel.oidc")

    def get_vercel_oidc_token() -> str:
        if not tokens:
            raise RuntimeError("Failed to refresh OIDC token: no local project context (.vercel)\nmore")
        return tokens.pop(0)

    module.get_vercel_oidc_token = get_vercel_oidc_token  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vercel", types.ModuleType("vercel"))
    monkeypatch.setitem(sys.modules, "vercel.oidc", module)
    return tokens


def test_a_callable_api_key_is_asked_per_request(gateway: FakeGateway) -> None:
    keys = iter(["vck_rotated_1", "vck_rotated_2"])
    model = chat_model(gateway, api_key=lambda: next(keys))
    ai.generate_text(model, prompt="Hi")
    ai.stream_text(model, prompt="Hi").consume()
    assert [auth_of(r) for r in gateway.requests] == [
        ("api-key", "vck_rotated_1"),
        ("api-key", "vck_rotated_2"),
    ]


def test_a_callable_api_key_that_gives_none_falls_back_to_the_environment(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``apiKey ?? AI_GATEWAY_API_KEY``, evaluated per request."""
    monkeypatch.setenv("AI_GATEWAY_API_KEY", "vck_env_333")
    ai.generate_text(chat_model(gateway, api_key=lambda: None), prompt="Hi")
    assert auth_of(only(gateway.requests)) == ("api-key", "vck_env_333")


def test_oidc_sources_in_the_reference_order(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch, vercel_oidc: list[str]
) -> None:
    """Header of the current request, then ``VERCEL_OIDC_TOKEN``, then a refresh (our
    ``oidc_token=`` callable, else the vercel-oidc package); a key before all of them."""
    with_callable = create_gateway(
        base_url=gateway.base_url, oidc_token=lambda: "tok.callable"
    ).language_model(CHAT)
    plain = create_gateway(base_url=gateway.base_url).language_model(CHAT)
    vercel_oidc.append("tok.refreshed")
    ai.generate_text(plain, prompt="Hi")  # nothing else: the package's refresh
    ai.generate_text(with_callable, prompt="Hi")  # the callable is the refresh
    monkeypatch.setenv("VERCEL_OIDC_TOKEN", "tok.env")
    ai.generate_text(with_callable, prompt="Hi")
    with gateway_request_context({"x-vercel-oidc-token": "tok.header"}):
        ai.generate_text(with_callable, prompt="Hi")
        monkeypatch.setenv("AI_GATEWAY_API_KEY", KEY)
        ai.generate_text(with_callable, prompt="Hi")
    assert [auth_of(r) for r in gateway.requests] == [
        ("oidc", "tok.refreshed"),
        ("oidc", "tok.callable"),
        ("oidc", "tok.env"),
        ("oidc", "tok.header"),
        ("api-key", KEY),
    ]


def test_an_expired_token_is_passed_over_for_a_refresh(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch, vercel_oidc: list[str]
) -> None:
    """As ``@vercel/oidc`` refreshes a token whose ``exp`` has passed; with no refresh to
    be had, the expired token is still sent (the Gateway then says it is invalid)."""
    expired, fresh = jwt(time.time() - 60), jwt(time.time() + 3600)
    monkeypatch.setenv("VERCEL_OIDC_TOKEN", expired)
    model = create_gateway(base_url=gateway.base_url).language_model(CHAT)
    vercel_oidc.append(fresh)
    ai.generate_text(model, prompt="Hi")
    ai.generate_text(model, prompt="Hi")  # the package has nothing more: the expired one
    monkeypatch.setenv("VERCEL_OIDC_TOKEN", fresh)
    ai.generate_text(model, prompt="Hi")
    assert [auth_of(r) for r in gateway.requests] == [("oidc", fresh), ("oidc", expired), ("oidc", fresh)]


def test_the_error_says_which_sources_were_tried(gateway: FakeGateway, no_vercel_oidc: None) -> None:
    with pytest.raises(LoadAPIKeyError) as caught:
        ai.generate_text(chat_model(gateway), prompt="Hi")
    message = str(caught.value)
    tried = message.split("Tried, in order: ")[1].split(". ")[0]
    assert tried.split("; ") == [
        "api_key= (not given)",
        "AI_GATEWAY_API_KEY (not set)",
        "the request's x-vercel-oidc-token header (no request context)",
        "VERCEL_OIDC_TOKEN (not set)",
        "the vercel-oidc package (not installed)",
    ]
    with gateway_request_context({"x-vercel-id": VERCEL_ID}), pytest.raises(LoadAPIKeyError) as caught:
        ai.generate_text(chat_model(gateway, api_key=lambda: None, oidc_token=lambda: ""), prompt="Hi")
    tried = str(caught.value).split("Tried, in order: ")[1].split(". ")[0]
    assert tried.split("; ") == [
        "api_key= (gave no key)",
        "AI_GATEWAY_API_KEY (not set)",
        "the request's x-vercel-oidc-token header (not among the request's headers)",
        "VERCEL_OIDC_TOKEN (not set)",
        "oidc_token= (gave no token)",
    ]
    assert gateway.requests == []


def test_the_error_says_why_the_vercel_oidc_refresh_failed(
    gateway: FakeGateway, vercel_oidc: list[str]
) -> None:
    with pytest.raises(LoadAPIKeyError) as caught:
        ai.generate_text(chat_model(gateway), prompt="Hi")
    assert (
        "the vercel-oidc package (failed: Failed to refresh OIDC token: no local project context (.vercel))"
        in str(caught.value)
    )


def test_a_token_from_the_request_context_is_known_to_the_redaction() -> None:
    token = "tok.header.secret.value.0123456789"
    model = create_gateway(base_url="http://127.0.0.1:9/v4/ai").language_model(CHAT)
    assert token not in model.endpoint.secret_values()
    with gateway_request_context({"x-vercel-oidc-token": token}):
        assert token in model.endpoint.secret_values()


# -- 3. errors --------------------------------------------------------------------------------


def test_model_not_found_names_the_model(gateway: FakeGateway) -> None:
    """``modelId`` from ``error.param.modelId`` (section 3.7)."""
    with pytest.raises(GatewayModelNotFoundError) as caught:
        ai.generate_text(chat_model(gateway, "openai/gpt-99", api_key=KEY), prompt="Hi")
    body = only(gateway.requests).answer_json
    assert body["error"]["param"] == {"modelId": "openai/gpt-99"}
    assert caught.value.model_id == "openai/gpt-99"
    assert caught.value.status_code == 404


def test_forbidden_by_a_rule_names_the_rule_and_does_not_blame_the_key(gateway: FakeGateway) -> None:
    """``ruleId`` from ``error.param.ruleId``: a routing or permission rule, not
    necessarily a bad key, so the message does not say to check the key."""
    with pytest.raises(GatewayForbiddenError) as caught:
        ai.generate_text(chat_model(gateway, "errors/forbidden", api_key=KEY), prompt="Hi")
    body = only(gateway.requests).answer_json
    assert caught.value.rule_id == body["error"]["param"]["ruleId"]
    assert body["error"]["message"] in str(caught.value)
    assert "Check the API key" not in str(caught.value)
    assert caught.value.status_code == 403 and not caught.value.is_retryable


def gateway_error(status: int, body: Any) -> Any:
    from ai_sdk_integrations.providers.gateway.config import ErrorReader
    from ai_sdk_integrations.transport.errors import error_from_response

    return error_from_response(
        provider="gateway",
        url="https://ai-gateway.vercel.sh/v4/ai/language-model",
        status=status,
        headers={},
        body=json.dumps(body).encode(),
        secrets=(),
        errors=ErrorReader(),
    )


def test_forbidden_without_a_rule_still_points_at_the_key() -> None:
    error = gateway_error(403, {"error": {"message": "This key cannot use this model", "type": "forbidden"}})
    assert type(error) is GatewayForbiddenError and error.rule_id is None
    assert "Check the API key" in str(error)
    wrong = gateway_error(401, {"error": {"message": "Invalid API key", "type": "authentication_error"}})
    assert "Check the API key" in str(wrong)


def test_odd_params_read_as_not_said() -> None:
    odd = [None, "rule_x", ["a"], {"ruleId": ""}, {"ruleId": {"nested": 1}}]
    for param in odd:
        body = {"error": {"message": "m", "type": "forbidden", "param": param}}
        assert gateway_error(403, body).rule_id is None
        not_found = {"error": {"message": "m", "type": "model_not_found", "param": param}}
        assert gateway_error(404, not_found).model_id is None


@pytest.mark.parametrize(
    ("error_type", "cls", "status", "retryable"),
    [
        ("rate_limit_exceeded", GatewayRateLimitError, 429, True),
        ("failed_dependency", GatewayFailedDependencyError, 424, False),
        ("internal_server_error", GatewayInternalServerError, 500, True),
        ("invalid_request_error", GatewayInvalidRequestError, 400, False),
        ("model_not_found", GatewayModelNotFoundError, 404, False),
        ("forbidden", GatewayForbiddenError, 403, False),
        ("teapot_error", GatewayInternalServerError, 500, True),  # unknown type: the fallback
    ],
)
def test_an_error_part_in_a_stream_gets_the_status_its_type_implies(
    gateway: FakeGateway, error_type: str, cls: type[GatewayError], status: int, retryable: bool
) -> None:
    """A mid-stream ``{"type": "error"}`` part has no HTTP status of its own (the response
    was a 200): it is typed by ``error.type`` and given that type's default status."""
    model = chat_model(gateway, f"errors/in-stream/{error_type}", api_key=KEY)
    result = ai.stream_text(model, prompt="Tell me a story about a cat")
    with pytest.raises(cls) as caught:
        "".join(result.text_stream)
    error = caught.value
    assert type(error) is cls
    assert (error.status_code, error.is_retryable) == (status, retryable)
    request = only(gateway.requests)
    assert request.status == 200
    [sent_error] = [p for p in request.answer_parts if p["type"] == "error"]
    assert error.data == {"error": sent_error["error"]}
    assert sent_error["error"]["message"] in str(error)
    assert error.partial_text == "".join(
        p["delta"] for p in request.answer_parts if p["type"] == "text-delta"
    )
    if error_type == "forbidden":
        assert error.rule_id == sent_error["error"]["param"]["ruleId"]


def test_an_error_object_in_a_200_body_is_retried_by_the_status_its_type_implies() -> None:
    from ai_sdk_integrations.providers.gateway.config import ErrorReader
    from ai_sdk_integrations.transport.errors import error_in_body

    body = {"error": {"message": "Slow down", "type": "rate_limit_exceeded"}}
    error = error_in_body(
        provider="gateway", url="https://x", headers={}, data=body, secrets=(), errors=ErrorReader()
    )
    assert type(error) is GatewayRateLimitError
    assert error.status_code == 200 and error.is_retryable  # the wire said 200; a 429 by type


# -- 4. spec V4 additions the Gateway sends ----------------------------------------------------


def ask(text: str, **options: Any) -> CallOptions:
    return CallOptions(prompt=[UserMessage([TextPart(text)])], **options)


def test_reasoning_max_is_sent_on_v4_and_dropped_on_v3(gateway: FakeGateway) -> None:
    model = chat_model(gateway, "openai/gpt-5", api_key=KEY)
    result = model.generate(ask("Why is the sky blue?", reasoning="max"))
    v3 = chat_model(gateway, "openai/gpt-5", api_key=KEY, base_url=gateway.base_url_v3, spec_version=3)
    v3.generate(ask("Why is the sky blue?", reasoning="max"))
    v4_request, v3_request = gateway.requests
    assert v4_request.body["reasoning"] == "max" and v4_request.status == 200
    assert "reasoning" not in v3_request.body and v3_request.status == 200
    assert [c.type for c in result.content] == ["reasoning", "text"]


def test_ping_parts_are_parsed_and_ignored_by_consumers(gateway: FakeGateway) -> None:
    model = chat_model(gateway, "openai/gpt-5", api_key=KEY)
    parts = list(model.stream(ask("Why is the sky blue?", reasoning="high")))
    sent_parts = only(gateway.requests).answer_parts
    assert {"type": "ping"} in sent_parts
    assert sum(isinstance(p, Ping) for p in parts) == sent_parts.count({"type": "ping"}) == 1
    stream = ai.stream_text(model, prompt="Why is the sky blue?", reasoning="high")
    text = "".join(stream.text_stream)
    answer = gateway.requests[-1].answer_parts
    assert text == "".join(p["delta"] for p in answer if p["type"] == "text-delta")
    assert stream.finish_reason == "stop"


CITATIONS = [
    {
        "type": "url",
        "url": "https://en.wikipedia.org/wiki/Rayleigh_scattering",
        "title": "Rayleigh scattering",
    },
    {"type": "document", "documentId": "doc_1", "startIndex": 0, "endIndex": 12},
]
FUTURE_PART = {"type": "source-ranking", "id": "r1", "scores": [0.9, 0.1]}


def test_stream_citations_interrupted_and_unknown_parts_arrive_as_sent(gateway: FakeGateway) -> None:
    """``citations`` on ``text-start``, a ``ping``, a part type this client does not know
    (kept whole as a raw part), and the finish reason ``interrupted``."""
    finish = {
        "type": "finish",
        "finishReason": {"unified": "interrupted", "raw": "client_disconnected"},
        "usage": {"inputTokens": {"total": 9}, "outputTokens": {"total": 3}},
    }
    gateway.scripted["perplexity/sonar"] = [
        {"type": "stream-start", "warnings": []},
        {"type": "ping"},
        {"type": "text-start", "id": "t0", "citations": CITATIONS},
        {"type": "text-delta", "id": "t0", "delta": "Sunlight scatters"},
        FUTURE_PART,
        {"type": "text-end", "id": "t0"},
        {"type": "tool-input-start", "id": "c1", "toolName": "shell", "inputEncoding": "text"},
        {"type": "tool-input-end", "id": "c1"},
        finish,
    ]
    model = chat_model(gateway, "perplexity/sonar", api_key=KEY)
    parts = list(model.stream(ask("Why is the sky blue?")))
    by_type = {p.type: p for p in parts}
    assert isinstance(by_type["text-start"], TextStart)
    assert [dict(c) for c in by_type["text-start"].citations or ()] == CITATIONS
    assert isinstance(by_type["ping"], Ping)
    assert isinstance(by_type["raw"], Raw) and by_type["raw"].raw_value == FUTURE_PART
    assert isinstance(by_type["tool-input-start"], ToolInputStart)
    assert by_type["tool-input-start"].input_encoding == "text"
    assert by_type["finish"].finish_reason == FinishReason("interrupted", "client_disconnected")  # type: ignore[union-attr]
    stream = ai.stream_text(model, prompt="Why is the sky blue?")
    assert "".join(stream.text_stream) == "Sunlight scatters"
    final = stream.consume()
    assert final.finish_reason == "interrupted"


def test_generate_citations_file_data_kinds_structured_text_and_unknown_content(gateway: FakeGateway) -> None:
    result_body = {
        "content": [
            {"type": "text", "text": '{"colour": "blue"}', "citations": CITATIONS},
            {"type": "file", "mediaType": "text/csv", "data": {"type": "text", "text": "a,b\n1,2\n"}},
            {
                "type": "file",
                "mediaType": "application/pdf",
                "data": {"type": "reference", "reference": {"openai": "file-abc"}},
            },
            FUTURE_PART,
        ],
        "finishReason": {"unified": "interrupted", "raw": "timeout"},
        "usage": {"inputTokens": {"total": 9}, "outputTokens": {"total": 3}},
        "structuredOutputText": '{"colour": "blue"}',
    }
    gateway.scripted["perplexity/sonar"] = result_body
    result = chat_model(gateway, "perplexity/sonar", api_key=KEY).generate(ask("Colour?"))
    text, csv, pdf, future = result.content
    assert isinstance(text, TextContent) and [dict(c) for c in text.citations or ()] == CITATIONS
    assert isinstance(csv, FileContent) and csv.data == TextFile("a,b\n1,2\n")
    assert isinstance(pdf, FileContent) and pdf.data == ReferenceFile({"openai": "file-abc"})
    assert isinstance(future, Raw) and future.raw_value == FUTURE_PART
    assert result.finish_reason == FinishReason("interrupted", "timeout")
    assert result.structured_output_text == result_body["structuredOutputText"]


def test_the_fake_gives_structured_output_text_for_a_json_answer(gateway: FakeGateway) -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    result = chat_model(gateway, api_key=KEY).generate(
        ask("Name a city.", response_format=JsonFormat(schema))
    )
    answer = only(gateway.requests).answer_json
    assert result.structured_output_text == answer["structuredOutputText"] == answer["content"][0]["text"]
    assert json.loads(result.structured_output_text)["city"]


def file_prompt(data: Any, media_type: str) -> CallOptions:
    return CallOptions(prompt=[UserMessage([TextPart("Read this."), FilePart(data, media_type)])])


def test_file_data_by_text_or_reference_is_sent_tagged_on_v4(gateway: FakeGateway) -> None:
    model = chat_model(gateway, "anthropic/claude-sonnet-4.6", api_key=KEY)
    model.generate(file_prompt(TextFile("a,b\n1,2\n"), "text/csv"))
    model.generate(
        file_prompt(ReferenceFile({"anthropic": "file_011CNha8iCJcU1wXNR6q4V8w"}), "application/pdf")
    )
    sent_files = [r.body["prompt"][0]["content"][1] for r in gateway.requests]
    assert sent_files == [
        {"type": "file", "mediaType": "text/csv", "data": {"type": "text", "text": "a,b\n1,2\n"}},
        {
            "type": "file",
            "mediaType": "application/pdf",
            "data": {"type": "reference", "reference": {"anthropic": "file_011CNha8iCJcU1wXNR6q4V8w"}},
        },
    ]
    assert [r.status for r in gateway.requests] == [200, 200]


def test_file_data_by_text_on_v3_is_a_data_url_and_a_reference_cannot_be_sent(gateway: FakeGateway) -> None:
    model = chat_model(
        gateway, "anthropic/claude-sonnet-4.6", api_key=KEY, base_url=gateway.base_url_v3, spec_version=3
    )
    model.generate(file_prompt(TextFile("a,b\n"), "text/csv"))
    assert only(gateway.requests).body["prompt"][0]["content"][1]["data"] == (
        "data:text/csv;base64," + base64.b64encode(b"a,b\n").decode()
    )
    with pytest.raises(UnsupportedFunctionalityError, match="v4 route"):
        model.generate(file_prompt(ReferenceFile({"anthropic": "file_1"}), "application/pdf"))
    assert len(gateway.requests) == 1


# -- 5. endpoints: generation lookup (GET /v1/generation on the origin) ---------------------

GENERATION_FIELDS = {
    # GatewayGeneration field -> the wire field it comes from (reference section 3.4)
    "id": "id",
    "total_cost": "total_cost",
    "upstream_inference_cost": "upstream_inference_cost",
    "usage": "usage",
    "created_at": "created_at",
    "model": "model",
    "is_byok": "is_byok",
    "provider_name": "provider_name",
    "streamed": "streamed",
    "finish_reason": "finish_reason",
    "latency": "latency",
    "generation_time": "generation_time",
    "prompt_tokens": "native_tokens_prompt",
    "completion_tokens": "native_tokens_completion",
    "reasoning_tokens": "native_tokens_reasoning",
    "cached_tokens": "native_tokens_cached",
    "cache_creation_tokens": "native_tokens_cache_creation",
    "billable_web_search_calls": "billable_web_search_calls",
}
MONEY = frozenset({"total_cost", "upstream_inference_cost", "usage"})


def assert_generation_is_the_answer(generation: GatewayGeneration, answer: dict[str, Any]) -> None:
    """Every field of ``{"data": {...}}`` read into its typed field, none left over."""
    data = answer["data"]
    assert set(data) == set(GENERATION_FIELDS.values())
    for name, wire in GENERATION_FIELDS.items():
        value = getattr(generation, name)
        if name in MONEY:
            assert isinstance(value, Decimal) and value == Decimal(str(data[wire])), name
        elif name == "created_at":
            assert value == datetime.fromisoformat(data[wire]) and value.tzinfo is not None
        elif name in ("latency", "generation_time"):
            assert isinstance(value, float) and value == data[wire], name
        else:
            assert value == data[wire] and type(value) is type(data[wire]), name
    assert isinstance(generation.latency, float) and generation.latency == data["latency"]


def origin_get(request: SeenRequest, path: str) -> None:
    """A GET on the Gateway's origin, no body, with the auth headers and without the
    model-call-only headers (o11y, spec version)."""
    assert (request.method, request.path, request.raw) == ("GET", path, b"")
    headers = sent(request)
    assert headers["authorization"] == f"Bearer {KEY}"
    assert headers["ai-gateway-auth-method"] == "api-key"
    assert headers["ai-gateway-protocol-version"] == PROTOCOL_VERSION
    assert not [h for h in headers if h.startswith("ai-o11y-") or h.startswith("ai-language-model")]


def test_a_generation_is_looked_up_by_the_id_on_the_result(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERCEL_REGION", "fra1")  # o11y headers go with model calls only
    result = ai.generate_text(chat_model(gateway, api_key=KEY), prompt="What is the capital of France?")
    assert result.provider_metadata is not None
    metadata = result.provider_metadata["gateway"]
    provider = create_gateway(api_key=KEY, base_url=gateway.base_url)
    generation = provider.generation(metadata["generationId"])
    request = gateway.requests[-1]
    origin_get(request, f"/v1/generation?id={metadata['generationId']}")
    assert_generation_is_the_answer(generation, request.answer_json)
    # the same call, seen from both sides
    assert generation.total_cost == Decimal(metadata["cost"])
    assert generation.model == CHAT and generation.streamed is False and generation.finish_reason == "stop"
    assert generation.provider_name == metadata["routing"]["finalProvider"]
    assert generation.prompt_tokens == result.usage.input_tokens.total
    assert generation.completion_tokens == result.usage.output_tokens.total


async def test_a_generation_is_looked_up_async_with_the_same_request(gateway: FakeGateway) -> None:
    result = await ai.agenerate_text(chat_model(gateway, api_key=KEY), prompt="Hi")
    assert result.provider_metadata is not None
    generation_id = result.provider_metadata["gateway"]["generationId"]
    provider = create_gateway(api_key=KEY, base_url=gateway.base_url)
    looked_up = await provider.ageneration(generation_id)
    by_function = await agateway_generation(generation_id, api_key=KEY, base_url=gateway.base_url)
    assert (
        looked_up == by_function == gateway_generation(generation_id, api_key=KEY, base_url=gateway.base_url)
    )
    lookups = gateway.seen("/v1/generation")
    assert len(lookups) == 3
    for request in lookups:
        origin_get(request, f"/v1/generation?id={generation_id}")


def test_a_stream_that_failed_midway_can_still_be_looked_up(gateway: FakeGateway) -> None:
    """The Gateway puts ``generationId`` on the first content part of a stream, so a
    stream that never finished still names its generation, and the Gateway recorded
    how it ended."""
    stream = ai.stream_text(chat_model(gateway, "errors/in-stream", api_key=KEY), prompt="Hi")
    seen_parts = list(stream.full_stream)  # the error arrives in-band, as a part
    failure = next(p for p in seen_parts if isinstance(p, StreamError))
    assert isinstance(failure.error, GatewayFailedDependencyError)
    [start] = [p for p in seen_parts if isinstance(p, TextStart)]
    assert start.provider_metadata is not None
    generation_id = start.provider_metadata["gateway"]["generationId"]
    generation = create_gateway(api_key=KEY, base_url=gateway.base_url).generation(generation_id)
    assert (generation.id, generation.streamed, generation.finish_reason) == (generation_id, True, "error")


def test_a_streamed_generation_is_the_one_named_on_the_finish_part(gateway: FakeGateway) -> None:
    stream = ai.stream_text(chat_model(gateway, api_key=KEY), prompt="Tell me about Paris.")
    text = "".join(stream.text_stream)
    assert text and stream.result.provider_metadata is not None
    metadata = stream.result.provider_metadata["gateway"]
    generation = create_gateway(api_key=KEY, base_url=gateway.base_url).generation(metadata["generationId"])
    assert generation.streamed is True and generation.total_cost == Decimal(metadata["cost"])


def test_an_unknown_generation_is_not_found_and_an_empty_id_is_not_sent(gateway: FakeGateway) -> None:
    provider = create_gateway(api_key=KEY, base_url=gateway.base_url)
    with pytest.raises(GatewayNotFoundError) as caught:
        provider.generation("gen_01JZZZZZZZZZZZZZZZZZZZZZZZ")
    assert caught.value.status_code == 404
    assert only(gateway.requests).path == "/v1/generation?id=gen_01JZZZZZZZZZZZZZZZZZZZZZZZ"
    for bad in ("", None):
        with pytest.raises(UsageError, match="generationId"):
            provider.generation(bad)  # type: ignore[arg-type]
    assert len(gateway.requests) == 1


def test_the_generation_id_is_url_encoded(gateway: FakeGateway) -> None:
    with pytest.raises(GatewayNotFoundError):
        create_gateway(api_key=KEY, base_url=gateway.base_url).generation("gen_a&id=b c")
    assert only(gateway.requests).path == "/v1/generation?id=gen_a%26id%3Db+c"


@pytest.mark.parametrize(
    ("query", "status"),
    [("", 400), ("?id=", 400), ("?id=gen_x&teamId=team_1", 400), ("?id=gen_x", 404)],
)
def test_the_fake_refuses_what_the_gateway_refuses_on_the_generation_route(
    gateway: FakeGateway, query: str, status: int
) -> None:
    headers = {"authorization": f"Bearer {KEY}", "ai-gateway-auth-method": "api-key"}
    answer = gateway.respond(SeenRequest("GET", f"/v1/generation{query}", headers, b"", None))
    assert answer.status == status
    error = json.loads(answer.text)["error"]
    assert error["type"] == ("not_found" if status == 404 else "invalid_request_error")
    unauthenticated = gateway.respond(SeenRequest("GET", "/v1/generation?id=gen_x", {}, b"", None))
    assert unauthenticated.status == 401


def test_generation_money_is_exact_and_a_missing_field_is_named() -> None:
    data = {
        "id": "gen_1",
        "total_cost": 0.1,
        "upstream_inference_cost": 0,
        "usage": "0.1",
        "created_at": "2026-12-03T15:00:00.000Z",
        "model": "openai/gpt-4o-mini",
        "is_byok": False,
        "provider_name": "openai",
        "streamed": False,
        "finish_reason": "stop",
        "latency": 180,
        "generation_time": 420.5,
        "native_tokens_prompt": 12,
        "native_tokens_completion": 3,
        "native_tokens_reasoning": 0,
        "native_tokens_cached": 0,
        "native_tokens_cache_creation": 0,
        "billable_web_search_calls": 0,
    }
    generation = parse_generation({"data": data})
    assert (
        generation.total_cost == Decimal("0.1") and str(generation.total_cost) == "0.1"
    )  # not 0.1000000000000000055
    assert generation.usage == Decimal("0.1") and generation.upstream_inference_cost == 0
    assert generation.created_at.isoformat() == "2026-12-03T15:00:00+00:00"
    assert (generation.latency, generation.generation_time) == (180.0, 420.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        generation.total_cost = Decimal(0)  # type: ignore[misc]
    for wire, bad in (
        ("native_tokens_prompt", None),
        ("total_cost", "lots"),
        ("is_byok", "no"),
        ("latency", True),
    ):
        with pytest.raises(InvalidResponseDataError, match=wire):
            parse_generation({"data": {**data, wire: bad}})
    with pytest.raises(InvalidResponseDataError, match="'data'"):
        parse_generation({"id": "gen_1"})


# -- 5. endpoints: the spend report (GET /v1/report on the origin) ----------------------------


def spend_calls(gateway: FakeGateway) -> list[dict[str, Any]]:
    """Three calls by two users with tags, on two models; their ``providerMetadata.gateway``."""
    calls = [
        (CHAT, {"user": "ada", "tags": ["search", "beta"]}),
        (CHAT, {"user": "bob", "tags": ["search"]}),
        ("anthropic/claude-sonnet-4.6", {"user": "ada"}),
    ]
    metadata = []
    for model_id, options in calls:
        result = ai.generate_text(
            chat_model(gateway, model_id, api_key=KEY),
            prompt="What is the capital of France?",
            provider_options={"gateway": options},
        )
        assert result.provider_metadata is not None
        metadata.append({**result.provider_metadata["gateway"], **options, "model": model_id})
    return metadata


def cost_of(calls: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(c["cost"]) for c in calls), Decimal(0))


def test_the_spend_report_query_has_every_parameter_the_reference_lists(gateway: FakeGateway) -> None:
    provider = create_gateway(api_key=KEY, base_url=gateway.base_url)
    report = provider.spend_report(
        "2026-12-01",
        date(2026, 12, 3),
        group_by="day",
        date_part="hour",
        user_id="ada",
        model=CHAT,
        provider="openai",
        credential_type="system",
        tags=["search", "beta"],
    )
    origin_get(
        only(gateway.requests),
        "/v1/report?start_date=2026-12-01&end_date=2026-12-03&group_by=day&date_part=hour"
        f"&user_id=ada&model={CHAT.replace('/', '%2F')}&provider=openai&credential_type=system"
        "&tags=search%2Cbeta",
    )
    assert report == GatewaySpendReport(())
    provider.spend_report(date(2026, 12, 1), datetime(2026, 12, 3, 23, 59))
    assert gateway.requests[-1].path == "/v1/report?start_date=2026-12-01&end_date=2026-12-03"


def test_the_spend_report_groups_the_calls_made(gateway: FakeGateway) -> None:
    calls = spend_calls(gateway)
    today = datetime.now(UTC).date()  # the day the fake recorded the calls
    provider = create_gateway(api_key=KEY, base_url=gateway.base_url)

    by_model = provider.spend_report(today, today, group_by="model")
    answer = gateway.requests[-1].answer_json["results"]
    assert [row.model for row in by_model.results] == sorted({c["model"] for c in calls})
    for row, sent_row in zip(by_model.results, answer, strict=True):
        mine = [c for c in calls if c["model"] == row.model]
        assert row.total_cost == cost_of(mine) == Decimal(str(sent_row["total_cost"]))
        assert row.request_count == len(mine)
        assert (row.day, row.user, row.tag) == (None, None, None)
        for name, value in sent_row.items():  # every field the Gateway sent, typed
            typed = getattr(row, name)
            assert typed == (Decimal(str(value)) if name.endswith("cost") else value), name
            assert isinstance(typed, Decimal if name.endswith("cost") else (str if name == "model" else int))
    assert by_model.total_cost == cost_of(calls)

    by_user = provider.spend_report(today, today, group_by="user")
    assert {(r.user, r.request_count) for r in by_user.results} == {("ada", 2), ("bob", 1)}

    by_tag = provider.spend_report(today, today, group_by="tag")
    assert {(r.tag, r.request_count) for r in by_tag.results} == {("beta", 1), ("search", 2)}

    by_day = provider.spend_report(today, today)  # group_by defaults to day
    [day] = by_day.results
    assert (day.day, day.request_count, day.total_cost) == (today.isoformat(), 3, cost_of(calls))
    [hour] = provider.spend_report(today, today, group_by="day", date_part="hour").results
    assert hour.hour is not None and hour.hour.startswith(today.isoformat()) and hour.day is None

    filtered = provider.spend_report(today, today, group_by="model", user_id="ada", tags=["beta"])
    assert [(r.model, r.request_count) for r in filtered.results] == [(CHAT, 1)]
    yesterday = today - timedelta(days=1)
    assert provider.spend_report(yesterday, yesterday).results == ()


async def test_the_spend_report_async_sends_the_same_request(gateway: FakeGateway) -> None:
    spend_calls(gateway)
    today = datetime.now(UTC).date()  # the day the fake recorded the calls
    settings = {"api_key": KEY, "base_url": gateway.base_url}
    provider = create_gateway(**settings)
    sync = provider.spend_report(today, today, group_by="provider", tags=["search"])
    asynchronous = await provider.aspend_report(today, today, group_by="provider", tags=["search"])
    by_function = await agateway_spend_report(today, today, group_by="provider", tags=["search"], **settings)
    assert sync == asynchronous == by_function
    assert gateway_spend_report(today, today, group_by="provider", tags=["search"], **settings) == sync
    assert [r.provider for r in sync.results] == ["openai"]
    paths = {r.path for r in gateway.seen("/v1/report")}
    assert paths == {f"/v1/report?start_date={today}&end_date={today}&group_by=provider&tags=search"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"group_by": "week"}, "group_by must be one of"),
        ({"date_part": "minute"}, "date_part must be one of"),
        ({"credential_type": "team"}, "credential_type must be one of"),
        ({"tags": "search"}, "list of tags"),
        ({"start_date": "12/01/2026"}, "start_date is a date"),
        ({"start_date": "2026-12-04"}, "before start_date"),
    ],
)
def test_spend_report_arguments_are_checked_before_sending(
    gateway: FakeGateway, arguments: dict[str, Any], message: str
) -> None:
    call = {"start_date": "2026-12-01", "end_date": "2026-12-03", **arguments}
    with pytest.raises(UsageError, match=message):
        create_gateway(api_key=KEY, base_url=gateway.base_url).spend_report(**call)
    assert gateway.requests == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?start_date=2026-12-01",
        "?start_date=2026-12-01&end_date=12-03-2026",
        "?start_date=2026-12-03&end_date=2026-12-01",
        "?start_date=2026-12-01&end_date=2026-12-03&group_by=week",
        "?start_date=2026-12-01&end_date=2026-12-03&date_part=minute",
        "?start_date=2026-12-01&end_date=2026-12-03&credential_type=team",
        "?start_date=2026-12-01&end_date=2026-12-03&teamId=team_1",
    ],
)
def test_the_fake_refuses_what_the_gateway_refuses_on_the_report_route(
    gateway: FakeGateway, query: str
) -> None:
    headers = {"authorization": f"Bearer {KEY}", "ai-gateway-auth-method": "api-key"}
    answer = gateway.respond(SeenRequest("GET", f"/v1/report{query}", headers, b"", None))
    assert answer.status == 400
    assert json.loads(answer.text)["error"]["type"] == "invalid_request_error"
    good = gateway.respond(
        SeenRequest("GET", "/v1/report?start_date=2026-12-01&end_date=2026-12-03", headers, b"", None)
    )
    assert good.status == 200 and json.loads(good.text) == {"results": []}


def test_spend_report_rows_are_typed_and_a_bad_row_is_named() -> None:
    report = parse_spend_report(
        {
            "results": [
                {"tag": "a", "total_cost": 1.25, "market_cost": 1.5, "request_count": 2},
                {"credential_type": "byok", "total_cost": 0},
            ]
        }
    )
    assert report.results == (
        GatewaySpendRow(Decimal("1.25"), tag="a", market_cost=Decimal("1.5"), request_count=2),
        GatewaySpendRow(Decimal(0), credential_type="byok"),
    )
    assert report.total_cost == Decimal("1.25")
    for bad, named in (
        ({"tag": "a"}, "total_cost"),
        ({"total_cost": 1, "input_tokens": 1.5}, "input_tokens"),
        ({"total_cost": 1, "credential_type": "team"}, "credential_type"),
    ):
        with pytest.raises(InvalidResponseDataError, match=named):
            parse_spend_report({"results": [bad]})
    with pytest.raises(InvalidResponseDataError, match="results"):
        parse_spend_report({"rows": []})


async def test_credits_have_an_async_twin(gateway: FakeGateway) -> None:
    provider = create_gateway(api_key=KEY, team=TEAM_SLUG, base_url=gateway.base_url)
    credits = await provider.acredits()
    assert (
        credits
        == provider.credits()
        == await agateway_credits(api_key=KEY, team=TEAM_SLUG, base_url=gateway.base_url)
    )
    assert {r.path for r in gateway.requests} == {f"/v1/credits?slug={TEAM_SLUG}"}


# -- 6. /config keeps every model type ----------------------------------------------------------


def test_config_keeps_every_model_type_and_drops_only_malformed_entries(gateway: FakeGateway) -> None:
    spec = {"specificationVersion": "v4", "provider": "acme", "modelId": "acme/x"}
    gateway.config_extra += [
        {"id": "acme/untyped", "name": "Untyped", "specification": spec},  # no modelType: language
        {"id": "acme/nameless", "modelType": "speech", "specification": spec},
        {"name": "No id", "modelType": "language", "specification": spec},
        {"id": "acme/typed-oddly", "name": "Odd", "modelType": 7, "specification": spec},
        {
            "id": "acme/free",
            "name": "Free",
            "modelType": "language",
            "pricing": {"input": "free", "output": "0"},
        },
        {"id": "acme/half-priced", "name": "Half", "pricing": {"input": "0.000001"}},
        {"id": "acme/named-oddly", "name": ["x"], "modelType": "language"},
        "not an object",
    ]
    models = gateway_models(api_key=KEY, base_url=gateway.base_url)
    by_id = {m.id: m for m in models}
    assert by_id["liquid/d1"].model_type == "decision"
    assert by_id["typesafe-ai/jev"].model_type == "evaluation"
    assert by_id["acme/holo-1"].model_type == "hologram"  # a type newer than any client
    assert (by_id["acme/untyped"].model_type, by_id["acme/untyped"].provider) == ("language", "acme")
    assert (by_id["acme/nameless"].name, by_id["acme/nameless"].model_type) == ("acme/nameless", "speech")
    dropped = {"acme/typed-oddly", "acme/free", "acme/half-priced", "acme/named-oddly"}
    assert not dropped & set(by_id)
    assert len(models) == len(only(gateway.requests).answer_json["models"]) - len(dropped) - 2
    catalogue_types = {"language", "embedding", "image", "decision", "evaluation"}
    assert catalogue_types <= MODEL_TYPES and catalogue_types <= {m.model_type for m in models}


# -- 7. beyond the TypeScript client: the Gateway's cost where the caller looks ------------------


def test_the_cost_survives_into_the_result_and_the_streams_finish(gateway: FakeGateway) -> None:
    model = chat_model(gateway, api_key=KEY)
    result = ai.generate_text(model, prompt="Hi")
    sent_gateway = gateway.requests[-1].answer_json["providerMetadata"]["gateway"]
    assert result.provider_metadata is not None
    assert result.provider_metadata["gateway"] == sent_gateway
    assert {"cost", "marketCost", "generationId"} <= set(sent_gateway)

    parts = list(ai.stream_text(model, prompt="Hi").full_stream)
    [finish] = [p for p in parts if isinstance(p, Finish)]
    [sent_finish] = [p for p in gateway.requests[-1].answer_parts if p["type"] == "finish"]
    assert finish.provider_metadata is not None
    assert finish.provider_metadata["gateway"] == sent_finish["providerMetadata"]["gateway"]
    assert finish.provider_metadata["gateway"]["cost"] == sent_finish["providerMetadata"]["gateway"]["cost"]


def test_the_cost_is_in_langchain_response_metadata(gateway: FakeGateway) -> None:
    pytest.importorskip("langchain_core")
    from ai_sdk_integrations.langchain import ChatAISDK

    llm = ChatAISDK(model=f"gateway:{CHAT}", api_key=KEY, base_url=gateway.base_url)
    message = llm.invoke("Hi")
    sent_gateway = gateway.requests[-1].answer_json["providerMetadata"]["gateway"]
    gateway_metadata = message.response_metadata["provider_metadata"]["gateway"]
    assert gateway_metadata["cost"] == sent_gateway["cost"]
    assert gateway_metadata["generationId"] == sent_gateway["generationId"]

    chunks = list(llm.stream("Hi"))
    [sent_finish] = [p for p in gateway.requests[-1].answer_parts if p["type"] == "finish"]
    last = chunks[-1].response_metadata["provider_metadata"]["gateway"]
    assert last["cost"] == sent_finish["providerMetadata"]["gateway"]["cost"]
    generation = create_gateway(api_key=KEY, base_url=gateway.base_url).generation(last["generationId"])
    assert generation.total_cost == Decimal(last["cost"]) and generation.streamed is True


def test_the_cost_is_in_llamaindex_raw(gateway: FakeGateway) -> None:
    pytest.importorskip("llama_index.core")
    from llama_index.core.llms import ChatMessage

    from ai_sdk_integrations.llama_index import AISDK

    llm = AISDK(model=f"gateway:{CHAT}", api_key=KEY, base_url=gateway.base_url)
    response = llm.chat([ChatMessage(role="user", content="Hi")])
    sent_gateway = gateway.requests[-1].answer_json["providerMetadata"]["gateway"]
    assert response.raw is not None
    assert response.raw["provider_metadata"]["gateway"]["cost"] == sent_gateway["cost"]
    *_, last = llm.stream_chat([ChatMessage(role="user", content="Hi")])
    [sent_finish] = [p for p in gateway.requests[-1].answer_parts if p["type"] == "finish"]
    assert last.raw is not None
    assert (
        last.raw["provider_metadata"]["gateway"]["cost"] == sent_finish["providerMetadata"]["gateway"]["cost"]
    )
