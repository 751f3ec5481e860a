"""Where a request goes: the endpoint's base URL, the codec's path, the caller's query."""

from __future__ import annotations

from ai_sdk_integrations.transport.endpoint import Endpoint


def test_query_parameters_join_a_path_that_has_its_own_query() -> None:
    """Gemini streams at ``...:streamGenerateContent?alt=sse``; a caller's query params
    must extend that query, not start a second one."""
    endpoint = Endpoint("google", "https://example.test/v1beta", query={"trace": "1"})
    assert endpoint.url("/models/m:streamGenerateContent?alt=sse") == (
        "https://example.test/v1beta/models/m:streamGenerateContent?alt=sse&trace=1"
    )
    assert (
        endpoint.url("/models/m:generateContent")
        == "https://example.test/v1beta/models/m:generateContent?trace=1"
    )
    assert Endpoint("google", "https://example.test").url("/x?alt=sse") == "https://example.test/x?alt=sse"
