"""What OpenAI-compatible services add to the wire, as each documents it: Perplexity's
search results as sources, Groq's reasoning format, and the presets' hosts and keys."""

from __future__ import annotations

from typing import Any

import pytest
from http_loopback import API_KEY, Reply, ScriptedServer, completion, json_reply, sse, text_chunk

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec import SourceContent

SEARCH_RESULTS = [
    {"title": "Rye - Wikipedia", "url": "https://en.wikipedia.org/wiki/Rye", "date": "2025-01-02"},
    {"title": "Rye bread", "url": "https://example.org/rye-bread", "date": None},
]
CITATIONS = [result["url"] for result in SEARCH_RESULTS]


def sources(result: Any) -> list[SourceContent]:
    return [part for part in result.content if isinstance(part, SourceContent)]


def perplexity_answer() -> dict[str, Any]:
    """Perplexity's chat completion: top-level ``citations`` and ``search_results``."""
    return {**completion("Rye is a grain [1]."), "citations": CITATIONS, "search_results": SEARCH_RESULTS}


def test_perplexity_search_results_are_sources(server: ScriptedServer) -> None:
    server.queue(json_reply(perplexity_answer()))
    result = ai.generate_text(
        ai.language_model("perplexity:sonar", base_url=server.url, api_key=API_KEY), prompt="What is rye?"
    )
    assert [(s.url, s.title) for s in sources(result)] == [(r["url"], r["title"]) for r in SEARCH_RESULTS]


def test_perplexity_bare_citations_are_sources_too(server: ScriptedServer) -> None:
    server.queue(json_reply({**completion("Rye [1]."), "citations": CITATIONS}))
    result = ai.generate_text(
        ai.language_model("perplexity:sonar", base_url=server.url, api_key=API_KEY), prompt="What is rye?"
    )
    assert [(s.url, s.title) for s in sources(result)] == [(url, None) for url in CITATIONS]


def test_streamed_search_results_are_sources_once(server: ScriptedServer) -> None:
    """Perplexity repeats them on every chunk; they become sources once."""
    chunks = [
        sse({**text_chunk(piece), "citations": CITATIONS, "search_results": SEARCH_RESULTS})
        for piece in ("Rye ", "is a grain.")
    ]
    finish = {**text_chunk(""), "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
    server.queue(
        Reply(200, {"content-type": "text/event-stream"}, chunks=[*chunks, sse(finish), sse("[DONE]")])
    )
    stream = ai.stream_text(
        ai.language_model("perplexity:sonar", base_url=server.url, api_key=API_KEY), prompt="What is rye?"
    )
    assert "".join(stream.text_stream) == "Rye is a grain."
    assert [s.url for s in sources(stream.result)] == CITATIONS


def test_other_services_leave_unknown_top_level_fields_alone(server: ScriptedServer) -> None:
    server.queue(json_reply(perplexity_answer()))
    result = ai.generate_text(
        ai.language_model("groq:llama-3.3-70b-versatile", base_url=server.url, api_key=API_KEY), prompt="hi"
    )
    assert sources(result) == []


def test_groq_reasoning_format_goes_on_the_wire_in_groqs_name(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    ai.generate_text(
        ai.language_model("groq:qwen/qwen3-32b", base_url=server.url, api_key=API_KEY),
        prompt="hi",
        provider_options={"groq": {"reasoningFormat": "parsed"}},
    )
    assert server.requests[0].json["reasoning_format"] == "parsed"


@pytest.mark.parametrize(
    ("name", "host", "variable"),
    [
        ("huggingface", "https://router.huggingface.co/v1", "HUGGINGFACE_API_KEY"),
        ("baseten", "https://inference.baseten.co/v1", "BASETEN_API_KEY"),
        ("moonshotai", "https://api.moonshot.ai/v1", "MOONSHOT_API_KEY"),
        ("alibaba", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "ALIBABA_API_KEY"),
    ],
)
def test_presets_name_their_host_and_key(
    name: str, host: str, variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, "preset-key")
    model = ai.language_model(f"{name}:some-model")
    assert model.endpoint.base_url == host
    assert model.provider == name
