"""A fast loopback fake of Anthropic's Messages API, for the benchmark's Anthropic rows.

Why it exists: the anthropic SDK, ``ChatAnthropic`` and the package's
``anthropic:`` provider speak Anthropic's wire (``POST /v1/messages`` with
``x-api-key`` and ``anthropic-version``; streams as named SSE events), so they
need their own server to be measured against a raw-HTTP floor. It shares the
OpenAI fake's machinery (stdlib asyncio, its own process, pre-encoded
responses, one HTTP chunk per SSE event), so the two wires cost the client the
same per byte.

``max_tokens`` (required, as on the real API) is the number of text tokens N
the answer has, so a client asks for a 2,000-chunk stream by asking for 2,000
tokens. With ``"stream": true`` the events are Anthropic's: ``message_start``,
``content_block_start``, ``ping``, one ``content_block_delta`` (``text_delta``)
per token, ``content_block_stop``, ``message_delta`` (stop reason and output
tokens) and ``message_stop``.

It rejects what the real API rejects cheaply enough not to distort the
numbers: no key, neither ``x-api-key`` nor ``authorization: Bearer`` (which the
anthropic SDK 2.x sends) (401 ``authentication_error``), a missing
``anthropic-version``, a missing or malformed ``model`` / ``max_tokens`` /
``messages`` (400 ``invalid_request_error``), each with Anthropic's error body.

Run standalone with ``python benchmarks/fake_anthropic_server.py --port N``; it
prints ``READY <port>`` once listening. The base URL has no ``/v1`` (as the
anthropic SDK takes it).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from typing import Any

from fake_openai_server import WORDS, Headers, _cache, _dumps, _head, _remember, running_server

REQUEST_ID = "req_bench"


def _anthropic_error(status: str, kind: str, message: str, close: bool) -> bytes:
    body = _dumps({"type": "error", "error": {"type": kind, "message": message}})
    return _head(status, b"application/json", len(body), close) + body


def _usage(prompt_tokens: int, n: int) -> dict[str, int]:
    return {
        "input_tokens": prompt_tokens,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "output_tokens": n,
    }


def _message(
    model: str, content: list[dict[str, Any]], stop: str | None, usage: dict[str, int]
) -> dict[str, Any]:
    return {
        "id": "msg_bench",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": usage,
    }


def message(model: str, n: int, prompt_tokens: int, close: bool) -> bytes:
    """Full HTTP response for a non-streaming message of ``n`` text tokens."""
    key = ("a-msg", model, n, prompt_tokens, close)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    text = "".join(WORDS[i % len(WORDS)] for i in range(n))
    body = _dumps(_message(model, [{"type": "text", "text": text}], "end_turn", _usage(prompt_tokens, n)))
    return _remember(key, _head("200 OK", b"application/json", len(body), close) + body)


def _event(name: str, payload: bytes) -> bytes:
    """One named SSE event framed as one HTTP/1.1 chunk."""
    data = b"event: " + name.encode() + b"\ndata: " + payload + b"\n\n"
    return b"%x\r\n" % len(data) + data + b"\r\n"


def message_stream(model: str, n: int, prompt_tokens: int, close: bool) -> bytes:
    """Full HTTP response (head + chunked SSE body) for a streamed message of ``n`` tokens."""
    key = ("a-stream", model, n, prompt_tokens, close)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    start = {"type": "message_start", "message": _message(model, [], None, _usage(prompt_tokens, 1))}
    deltas = [
        _event(
            "content_block_delta",
            _dumps({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": w}}),
        )
        for w in WORDS
    ]
    parts = [
        _head("200 OK", b"text/event-stream; charset=utf-8", None, close),
        _event("message_start", _dumps(start)),
        _event(
            "content_block_start",
            _dumps(
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}
            ),
        ),
        _event("ping", _dumps({"type": "ping"})),
    ]
    parts.extend(deltas[i % len(WORDS)] for i in range(n))
    parts.append(_event("content_block_stop", _dumps({"type": "content_block_stop", "index": 0})))
    parts.append(
        _event(
            "message_delta",
            _dumps(
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                    "usage": {"output_tokens": n},
                }
            ),
        )
    )
    parts.append(_event("message_stop", _dumps({"type": "message_stop"})))
    parts.append(b"0\r\n\r\n")
    return _remember(key, b"".join(parts))


def _prompt_tokens(body: dict[str, Any]) -> int:
    """~1 token per 4 chars of text, as the OpenAI fake counts."""
    total = len(body["system"]) if isinstance(body.get("system"), str) else 0
    for msg in body["messages"]:
        content = msg.get("content") if isinstance(msg, dict) else None
        if isinstance(content, str):
            total += len(content)
        elif isinstance(content, list):
            total += sum(len(p.get("text", "")) for p in content if isinstance(p, dict))
    return max(1, total // 4) + 3


def _invalid(body: dict[str, Any]) -> str | None:
    """What the real API says about a malformed body, or ``None``."""
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "model: Field required"
    max_tokens = body.get("max_tokens")
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
        return "max_tokens: Field required" if max_tokens is None else "max_tokens: must be at least 1"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "messages: at least one message is required"
    if "stream" in body and not isinstance(body["stream"], bool):
        return "stream: Input should be a valid boolean"
    return None


def route(method: str, path: str, raw_body: bytes, close: bool, headers: Headers) -> bytes:
    """Map one request to its full pre-encoded HTTP response."""
    path = path.split("?", 1)[0].rstrip("/")
    if method != "POST" or not path.endswith("/v1/messages"):
        return _anthropic_error("404 Not Found", "not_found_error", f"no route for {method} {path}", close)
    if not headers.get(b"x-api-key") and not headers.get(b"authorization", b"").startswith(b"Bearer "):
        return _anthropic_error(
            "401 Unauthorized", "authentication_error", "x-api-key header is required", close
        )
    if not headers.get(b"anthropic-version"):
        return _anthropic_error(
            "400 Bad Request", "invalid_request_error", "anthropic-version: header is required", close
        )
    try:
        body = json.loads(raw_body) if raw_body else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _anthropic_error(
            "400 Bad Request", "invalid_request_error", "The request body is not valid JSON.", close
        )
    problem = _invalid(body)
    if problem is not None:
        return _anthropic_error("400 Bad Request", "invalid_request_error", problem, close)
    n = body["max_tokens"]
    if body.get("stream"):
        return message_stream(body["model"], n, _prompt_tokens(body), close)
    return message(body["model"], n, _prompt_tokens(body), close)


@contextlib.contextmanager
def running_anthropic_server(host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run this server in a child process and yield its base URL (no ``/v1``)."""
    with running_server(host, port, script=os.path.abspath(__file__), suffix="") as url:
        yield url


if __name__ == "__main__":
    from fake_openai_server import main

    main(router=route, doc=__doc__)
