"""Anthropic's Messages format recorded from a real server: llama.cpp's own
``llama-server`` (which answers ``/v1/messages`` and ``/v1/messages/count_tokens``)
serving SmolLM2-135M on the CPU.

The cloud cassettes in ``cassettes/anthropic_*`` are written from Anthropic's documented
format; these are real traffic of that format from a real model, read by the same codec
from every entry point. Expected values come from the cassettes themselves.

Re-record (needs a ``llama-server`` binary: see cassettes/README.md for the build):

    LLAMA_SERVER_BIN=/path/to/llama-server \
        .venv/bin/pytest tests/local/test_anthropic_llama_server.py --record-mode=rewrite
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from cassette_reader import interactions
from vcr_setup import recording

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.anthropic.provider import count_tokens, create_anthropic
from ai_sdk_integrations.spec import CallOptions, SystemMessage, TextPart, UserMessage

PORT = 8766
BASE_URL = f"http://127.0.0.1:{PORT}/v1"
QUESTION = "What is the capital of France?"

pytestmark = pytest.mark.vcr


@pytest.fixture(scope="module", autouse=True)
def llama_server(request: pytest.FixtureRequest) -> Iterator[None]:
    """Start llama-server only when recording; replaying needs none."""
    if not recording(request.config):
        yield
        return
    binary = os.environ.get("LLAMA_SERVER_BIN")
    if not binary:
        pytest.fail("recording these cassettes needs LLAMA_SERVER_BIN=/path/to/llama-server")
    from ai_sdk_integrations.local import find_model_file  # the `local` extra's GGUF file

    gguf = find_model_file()
    command = [binary, "-m", str(gguf), "--host", "127.0.0.1", "--port", str(PORT), "-c", "2048", "-t", "1"]
    server = subprocess.Popen([*command, "--jinja"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


def model() -> ai.LanguageModel:
    return create_anthropic(base_url=BASE_URL, api_key="no-key-needed").language_model("smollm2")


def answer_text(body: dict[str, Any]) -> str:
    return "".join(block["text"] for block in body["content"] if block["type"] == "text")


def test_generate_text(vcr: Any) -> None:
    result = ai.generate_text(
        model(), system="Answer in one short sentence.", prompt=QUESTION, max_output_tokens=24, temperature=0
    )
    [call] = interactions(vcr)
    assert call.uri == f"{BASE_URL}/messages" and call.status == 200
    assert call.request_body["system"][0]["text"] == "Answer in one short sentence."
    assert call.request_body["max_tokens"] == 24
    body = call.json
    assert result.text == answer_text(body) and result.text
    assert result.raw_finish_reason == body["stop_reason"]
    assert result.usage.input_tokens.total == body["usage"]["input_tokens"]
    assert result.usage.output_tokens.total == body["usage"]["output_tokens"]


def test_stream_text(vcr: Any) -> None:
    stream = ai.stream_text(model(), prompt=QUESTION, max_output_tokens=24, temperature=0)
    text = "".join(stream.text_stream)
    [call] = interactions(vcr)
    events = call.sse_data
    assert [e["type"] for e in events][:2] == ["message_start", "content_block_start"]
    deltas = [e["delta"]["text"] for e in events if e["type"] == "content_block_delta"]
    assert len(deltas) > 1 and text == "".join(deltas)
    [finish] = [e for e in events if e["type"] == "message_delta"]
    assert stream.result.raw_finish_reason == finish["delta"]["stop_reason"]
    assert stream.usage.output_tokens.total == finish["usage"]["output_tokens"]


def test_count_tokens(vcr: Any) -> None:
    options = CallOptions(prompt=[SystemMessage("Be brief."), UserMessage([TextPart(QUESTION)])])
    counted = count_tokens(model(), options)
    [call] = interactions(vcr)
    assert call.uri == f"{BASE_URL}/messages/count_tokens"
    assert counted == call.json["input_tokens"] > 0


def test_langchain_and_llama_index_over_the_same_server(vcr: Any) -> None:
    from ai_sdk_integrations.langchain import ChatAISDK
    from ai_sdk_integrations.llama_index import AISDK

    settings = {"base_url": BASE_URL, "api_key": "no-key-needed", "temperature": 0, "max_tokens": 24}
    langchain = ChatAISDK(model="anthropic:smollm2", **settings).invoke(QUESTION)
    llama = AISDK(model="anthropic:smollm2", **settings).complete(QUESTION)
    first, second = interactions(vcr)
    assert langchain.text == answer_text(first.json)
    assert llama.text == answer_text(second.json)
    assert langchain.usage_metadata is not None
    assert langchain.usage_metadata["output_tokens"] == first.json["usage"]["output_tokens"]
