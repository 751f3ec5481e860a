"""What each wire's hand-written clients send and read: the floors' and limit rows' whole protocol.

Why one place: the floors (raw ``httpx`` / ``httpx2``) and the "limit" rows
(the thinnest LangChain / LlamaIndex models over raw ``httpx2``) must do the
least work that gets the same answer, the same way, so they share these few
lines. Stdlib only: every benchmark virtualenv imports it.

The fake servers answer ``n`` tokens of ``WORDS``: OpenAI's when the body says
``max_tokens`` (20 when it says nothing), Anthropic's always from the required
``max_tokens``. Per-call rows ask for ``PER_CALL_TOKENS`` either way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MODEL_ID = "bench"
PROMPT = "hi"
API_KEY = "bench-key"
PER_CALL_TOKENS = 20
WORDS = ("Hello", " world", ",", " this", " is", " a", " fake", " token", ".")
ANTHROPIC_VERSION = "2023-06-01"


def expected_text(n: int) -> str:
    """What the fake servers answer for ``n`` tokens; every row's output is checked against it."""
    return "".join(WORDS[i % len(WORDS)] for i in range(n))


@dataclass(frozen=True)
class Wire:
    """One wire format: where to POST, with which headers, and how to read answers and stream events."""

    name: str

    def url(self, base_url: str) -> str:
        # OpenAI base URLs end in /v1 (as the openai SDK takes them); Anthropic's do not.
        return base_url + ("/chat/completions" if self.name == "openai" else "/v1/messages")

    def headers(self) -> dict[str, str]:
        if self.name == "openai":
            return {"authorization": f"Bearer {API_KEY}"}
        return {"x-api-key": API_KEY, "anthropic-version": ANTHROPIC_VERSION}

    def body(self, n: int | None = None, stream: bool = False, prompt: str = PROMPT) -> dict[str, Any]:
        """The least an answer of ``n`` tokens needs (OpenAI: the server's default when ``None``)."""
        body: dict[str, Any] = {"model": MODEL_ID, "messages": [{"role": "user", "content": prompt}]}
        if self.name == "anthropic":
            body["max_tokens"] = n or PER_CALL_TOKENS
        elif n is not None:
            body["max_tokens"] = n
        if stream:
            body["stream"] = True
            if self.name == "openai":
                body["stream_options"] = {"include_usage": True}
        return body

    def text(self, data: dict[str, Any]) -> str:
        if self.name == "openai":
            content: str = data["choices"][0]["message"]["content"]
            return content
        return "".join(block["text"] for block in data["content"] if block["type"] == "text")

    def output_tokens(self, data: dict[str, Any]) -> int:
        usage = data["usage"]
        count: int = usage["completion_tokens"] if self.name == "openai" else usage["output_tokens"]
        return count

    def events(self, lines: Iterator[str]) -> Iterator[tuple[str | None, int | None]]:
        """``(text delta, output tokens)`` per SSE event that carries either, until the stream ends."""
        loads = json.loads
        if self.name == "openai":
            for line in lines:
                if not line.startswith("data: "):
                    continue
                data = line[6:]
                if data == "[DONE]":
                    return
                event = loads(data)
                choices = event["choices"]
                if choices:
                    content = choices[0]["delta"].get("content")
                    if content:
                        yield content, None
                usage = event.get("usage")
                if usage:
                    yield None, usage["completion_tokens"]
            return
        for line in lines:
            if not line.startswith("data: "):
                continue  # the "event:" line repeats the payload's "type"
            event = loads(line[6:])
            kind = event["type"]
            if kind == "content_block_delta":
                delta = event["delta"]
                if delta["type"] == "text_delta":
                    yield delta["text"], None
            elif kind == "message_delta":
                yield None, event["usage"]["output_tokens"]
            elif kind == "message_stop":
                return


WIRES = {"openai": Wire("openai"), "anthropic": Wire("anthropic")}
