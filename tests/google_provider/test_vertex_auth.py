"""Vertex AI's auth on the wire, checked on ``google_wire.FakeGoogle``'s own request log
(cassettes drop credentials, so this needs the live fake, not a recording)."""

from __future__ import annotations

from typing import Any

import pytest
from google_wire import VERTEX_LOCATION, VERTEX_PROJECT, gemini_key
from test_vertex_cassettes import TOKEN, service_account_file  # noqa: F401  (a fixture)

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.google.provider import create_vertex
from ai_sdk_integrations.spec.errors import AuthenticationError

pytest.importorskip("google.auth", reason='needs google-auth ("vertex" extra)')


def test_a_service_account_token_goes_in_the_authorization_header(
    service_account_file: str,  # noqa: F811
    google_wire: Any,
) -> None:
    google_wire.reset()
    model = create_vertex(
        project=VERTEX_PROJECT,
        location=VERTEX_LOCATION,
        credentials_file=service_account_file,
        base_url=google_wire.vertex_base_url,
    ).language_model("gemini-2.5-flash")
    ai.generate_text(model, prompt="Say hello.")
    ai.generate_text(model, prompt="Say hello again.")
    first, second = google_wire.requests
    assert first[1]["authorization"] == second[1]["authorization"] == f"Bearer {TOKEN}"
    assert "x-goog-api-key" not in first[1]


def test_express_mode_sends_the_key_in_its_header(google_wire: Any) -> None:
    google_wire.reset()
    model = create_vertex(api_key=gemini_key(), base_url=google_wire.express_base_url).language_model(
        "gemini-2.5-flash"
    )
    ai.generate_text(model, prompt="Say hello.")
    [(route, headers, _)] = google_wire.requests
    assert headers["x-goog-api-key"] == gemini_key() and "authorization" not in headers
    assert "key=" not in route


def test_an_api_key_on_a_project_url_is_refused_by_vertex(google_wire: Any) -> None:
    """What Google answers an API key where an OAuth token belongs (401), typed."""
    model = create_vertex(api_key=gemini_key(), base_url=google_wire.vertex_base_url, max_retries=0)
    with pytest.raises(AuthenticationError, match="API keys are not supported by this API"):
        ai.generate_text(model.language_model("gemini-2.5-flash"), prompt="hi")
