"""Telemetry off costs nothing: in a fresh interpreter, calls through every traced path
never import OpenTelemetry; and asking for telemetry without it says what to install."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from ai_sdk_integrations.spec.errors import UsageError
from ai_sdk_integrations.telemetry import TelemetrySettings


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_calls_with_telemetry_off_never_import_opentelemetry() -> None:
    out = run(
        """
        import json, sys
        import httpx2
        import ai_sdk_integrations as ai

        def answer(request):
            path = request.url.path
            if path.endswith("/embeddings"):
                return httpx2.Response(200, json={"data": [{"index": 0, "embedding": [1.0]}], "usage": {}})
            if path.endswith("/rerank"):
                return httpx2.Response(200, json={"results": [{"index": 0, "relevance_score": 1.0}]})
            if json.loads(request.content).get("stream"):
                body = (
                    'data: {"choices":[{"index":0,"delta":{"content":"hi"}}]}\\n\\n'
                    'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\\n\\n'
                    'data: [DONE]\\n\\n'
                )
                return httpx2.Response(200, text=body, headers={"content-type": "text/event-stream"})
            return httpx2.Response(200, json={"choices": [{"index": 0, "message": {"content": "hi"},
                                                           "finish_reason": "stop"}]})

        client = httpx2.Client(transport=httpx2.MockTransport(answer))
        settings = dict(base_url="http://server/v1", api_key="k", http_client=client)
        model = ai.language_model("openai-compatible:m", **settings)
        assert ai.generate_text(model, prompt="x").text == "hi"
        assert "".join(ai.stream_text(model, prompt="x").text_stream) == "hi"
        ai.embed_many(ai.embedding_model("openai-compatible:e", **settings), ["a"])
        ai.rerank(ai.reranking_model("togetherai:r", **settings), query="q", documents=["d"])
        from ai_sdk_integrations.telemetry import operation_span, state
        with operation_span("generate_text", model) as op:
            op.finish(finish_reason="stop")
        print(state.armed, sorted(m for m in sys.modules if m.startswith("opentelemetry")))
        """
    )
    assert out == "False []"


def test_enabling_without_opentelemetry_names_the_extra() -> None:
    out = run(
        """
        import sys
        sys.modules["opentelemetry"] = None  # as if not installed
        from ai_sdk_integrations.telemetry import enable_telemetry, state
        try:
            enable_telemetry()
        except ImportError as exc:
            print(exc, state.armed)
        """
    )
    assert 'pip install "ai-sdk-integrations[otel]"' in out
    assert out.endswith("False")


def test_settings_are_checked() -> None:
    with pytest.raises(UsageError, match="conventions"):
        TelemetrySettings(conventions="otel")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="metadata"):
        TelemetrySettings(metadata=["a"])  # type: ignore[arg-type]
