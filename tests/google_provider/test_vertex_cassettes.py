"""Vertex AI through the public functions, against cassettes (``cassettes/vertex_cassettes/``).

Always written from ``google_wire.FakeGoogle`` (marker ``google_written``): the
service-account calls use a key pair made here for each run, never a real account, so
no real re-recording is possible. The token exchange is google-auth's own code up to the
HTTP call (the signed JWT assertion is built with the generated key); only the POST to
Google's token endpoint is answered locally. Express mode uses a dummy API key. What the
tests pin: the Vertex URLs (project, location, ``publishers/google``), the bearer token
(filtered from the cassette) or ``x-goog-api-key``, no function-call ids on the wire,
``predict`` for embeddings, and the same codec's results as on the Gemini API.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from google_wire import EXPRESS_API, VERTEX_API, VERTEX_LOCATION, VERTEX_PROJECT, gemini_key
from openai_wire import Exchange, cassette_bodies

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.google.provider import create_vertex
from ai_sdk_integrations.spec.errors import UsageError

pytestmark = [pytest.mark.vcr, pytest.mark.google_written]
google_auth = pytest.importorskip("google.auth", reason='needs google-auth ("vertex" extra)')

TOKEN = "ya29.local-test-token-not-a-real-one"


@pytest.fixture
def service_account_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A service-account key file with a key pair made now; google-auth signs its JWT
    grant with it, and the grant's POST to the token endpoint is answered here."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from google.oauth2 import _client

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    info = {
        "type": "service_account",
        "project_id": VERTEX_PROJECT,
        "private_key_id": "0" * 40,
        "private_key": pem,
        "client_email": f"tests@{VERTEX_PROJECT}.iam.gserviceaccount.com",
        "client_id": "1" * 21,
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    path = tmp_path / "service-account.json"
    path.write_text(json.dumps(info))
    grants: list[bytes] = []

    def jwt_grant(
        request: Any, token_uri: str, assertion: bytes, **_: Any
    ) -> tuple[str, Any, dict[str, Any]]:
        grants.append(assertion)
        assert bytes(assertion).count(b".") == 2, "a signed JWT"
        return (
            TOKEN,
            datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(hours=1),
            {},
        )

    monkeypatch.setattr(_client, "jwt_grant", jwt_grant)
    return str(path)


def vertex(credentials_file: str) -> Any:
    return create_vertex(project=VERTEX_PROJECT, location=VERTEX_LOCATION, credentials_file=credentials_file)


def recorded(cassette: Any, prefix: str) -> list[Exchange]:
    found = cassette_bodies(cassette)
    assert found
    for exchange in found:
        assert exchange.uri.startswith(prefix), exchange.uri
    return found


def text_of(exchange: Exchange) -> str:
    bodies = exchange.events or [exchange.body]
    return "".join(
        p.get("text", "")
        for b in bodies
        for c in b.get("candidates") or ()
        for p in (c.get("content") or {}).get("parts") or ()
    )


def test_generate_with_a_service_account_token(vcr: Any, service_account_file: str) -> None:
    model = vertex(service_account_file).language_model("gemini-2.5-flash")
    result = ai.generate_text(model, prompt="Say hello.")
    [exchange] = recorded(vcr, VERTEX_API)
    assert exchange.uri == f"{VERTEX_API}/models/gemini-2.5-flash:generateContent"
    assert (
        f"https://{VERTEX_LOCATION}-aiplatform.googleapis.com/v1/projects/{VERTEX_PROJECT}/locations/"
        f"{VERTEX_LOCATION}/publishers/google"
    ) == VERTEX_API
    assert result.text == text_of(exchange)
    assert result.response is not None and result.response.timestamp is not None
    metadata = result.provider_metadata["vertex"]  # type: ignore[index]
    assert metadata["safetyRatings"] == exchange.body["candidates"][0]["safetyRatings"]
    assert result.usage.raw == exchange.body["usageMetadata"]


def test_a_tool_loop_sends_no_function_call_ids(vcr: Any, service_account_file: str) -> None:
    model = vertex(service_account_file).language_model("gemini-3-pro-preview")

    def get_weather(city: str) -> str:
        return f"Sunny in {city}"

    tools = {
        "get_weather": ai.tool(
            get_weather,
            description="Weather for a city.",
            parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
        )
    }
    question = "What is the weather in Rome? Use get_weather."
    first = ai.generate_text(model, prompt=question, tools=tools)
    second = ai.generate_text(
        model, messages=[{"role": "user", "content": question}, *first.response_messages], tools=tools
    )
    asked, answered = recorded(vcr, VERTEX_API)
    [call_part] = [p for p in asked.body["candidates"][0]["content"]["parts"] if "functionCall" in p]
    assert "id" not in call_part["functionCall"]
    [sent] = [p for p in answered.request["contents"][1]["parts"] if "functionCall" in p]
    assert sent == call_part, "the call goes back as it came, signature included"
    [response] = answered.request["contents"][2]["parts"]
    assert "id" not in response["functionResponse"]
    assert first.provider_metadata is not None and "vertex" in first.provider_metadata
    assert second.text == text_of(answered)


def test_stream(vcr: Any, service_account_file: str) -> None:
    model = vertex(service_account_file).language_model("gemini-2.5-flash")
    stream = ai.stream_text(model, prompt="Write a haiku about the sea.")
    text = "".join(stream.text_stream)
    [exchange] = recorded(vcr, VERTEX_API)
    assert exchange.uri.endswith(":streamGenerateContent?alt=sse")
    assert text == text_of(exchange) and stream.finish_reason == "stop"


def test_embeddings_through_predict(vcr: Any, service_account_file: str) -> None:
    model = vertex(service_account_file).embedding_model("text-embedding-005", dimensions=32)
    result = ai.embed_many(
        model,
        values=["first document", "second document"],
        provider_options={"vertex": {"taskType": "RETRIEVAL_DOCUMENT"}},
    )
    [exchange] = recorded(vcr, VERTEX_API)
    assert exchange.uri == f"{VERTEX_API}/models/text-embedding-005:predict"
    assert exchange.request == {
        "instances": [
            {"content": t, "task_type": "RETRIEVAL_DOCUMENT"} for t in ("first document", "second document")
        ],
        "parameters": {"outputDimensionality": 32},
    }
    assert result.embeddings == [p["embeddings"]["values"] for p in exchange.body["predictions"]]
    assert result.tokens == sum(
        p["embeddings"]["statistics"]["token_count"] for p in exchange.body["predictions"]
    )


def test_express_mode_with_an_api_key(vcr: Any, google_base_urls: dict[str, str]) -> None:
    model = create_vertex(api_key=gemini_key(), base_url=google_base_urls["express"]).language_model(
        "gemini-2.5-flash"
    )
    result = ai.generate_text(model, prompt="Say hello.")
    [exchange] = recorded(vcr, EXPRESS_API)
    assert exchange.uri == f"{EXPRESS_API}/models/gemini-2.5-flash:generateContent"
    assert result.text == text_of(exchange)


def test_vertex_urls_and_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "GOOGLE_VERTEX_PROJECT",
        "GOOGLE_CLOUD_PROJECT",
        "GOOGLE_VERTEX_LOCATION",
        "GOOGLE_CLOUD_LOCATION",
        "GOOGLE_VERTEX_BASE_URL",
        "GOOGLE_VERTEX_API_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(UsageError, match="GOOGLE_VERTEX_PROJECT"):
        create_vertex()
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "p1")
    assert create_vertex().endpoint.base_url == (
        "https://aiplatform.googleapis.com/v1/projects/p1/locations/global/publishers/google"
    )
    monkeypatch.setenv("GOOGLE_VERTEX_LOCATION", "europe-west4")
    assert create_vertex().endpoint.base_url.startswith(
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/p1/"
    )
    assert create_vertex(location="eu").endpoint.base_url.startswith(
        "https://aiplatform.eu.rep.googleapis.com/"
    )
    monkeypatch.setenv("GOOGLE_VERTEX_API_KEY", gemini_key())
    assert create_vertex().endpoint.base_url == "https://aiplatform.googleapis.com/v1/publishers/google"
    model = ai.language_model(
        "vertex:gemini-2.5-flash", project="p2", location="us-east5", credentials_file="/nonexistent.json"
    )
    assert (
        model.endpoint.base_url
        == "https://us-east5-aiplatform.googleapis.com/v1/projects/p2/locations/us-east5/publishers/google"
    )
