"""A loopback stand-in for ``api.mistral.ai``: Mistral's chat and embeddings APIs, as documented.

These machines cannot reach Mistral, so the Mistral cassettes are *written*: the tests
run against ``FakeMistral`` (stdlib ``http.server`` on 127.0.0.1), VCR records what it
answers, and ``conftest.py`` rewrites the recorded URIs to ``https://api.mistral.ai/v1``.
Anyone with a key re-records the same tests against the real API (``cassettes/README.md``);
the tests read their expectations from the cassettes, never from this server.

It refuses what the real API refuses (``mistral_wire_validation``):

* 401 ``{"detail": "Unauthorized"}``: no ``Authorization: Bearer`` key, or ``INVALID_KEY``;
* 422 for a body its schema does not take (unknown fields anywhere, missing required
  fields, unknown roles or content types), every problem listed in pydantic's words
  under ``detail`` (and, as Mistral also sends it, under ``message``);
* 400 ``{"object": "error", "message", "type", "param", "code"}`` for tool-call ids
  that are not nine letters and digits (``invalid_function_call``, code 3280), a last
  message that is an assistant message without ``prefix: true``, an unknown model
  (``invalid_model``, code 1500);
* 404 ``{"detail": "Not Found"}`` for any other path.

``POST /v1/chat/completions`` answers with a ``chat.completion`` (a 32-hex ``id``,
``created``, the ``model`` as asked, ``choices[0].message`` with ``content`` and
``tool_calls`` (nine-character ids, ``index``), ``finish_reason``, ``usage`` with
``prompt_tokens_details.cached_tokens``), or with ``stream: true`` ``chat.completion.chunk``
events: the role first, content deltas (each with Mistral's ``p`` padding), a tool call
whole in one delta, the finish reason and ``usage`` on the last chunk, then
``data: [DONE]``. Reasoning models (``magistral-*``, and the models that take
``reasoning_effort`` when it is ``high``) answer with ``content`` as typed parts: a
``thinking`` part (``thinking: [{"type": "text", "text"}]``) then ``text`` parts,
streamed the same way. ``POST /v1/embeddings`` answers with a ``list`` of
``embedding`` objects (1024 dimensions for ``mistral-embed``; 1536 or
``output_dimension`` for ``codestral-embed``) and ``usage``.

What the model says comes from ``openai_wire.plan_chat`` (the same "model" as the
OpenAI fake), given the request in Chat Completions terms. A last user text containing
``RATE_LIMIT`` gets a 429 (``type: "rate_limited"``, code 1300) the first time that
request is seen; the retry succeeds.
"""

from __future__ import annotations

import hashlib
import json
import random
import secrets
import threading
import time
import uuid
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from fake_keys import fake_key
from mistral_wire_validation import (
    bad_last_role,
    bad_tool_call_id,
    chat_problems,
    embedding_problems,
)
from openai_wire import (
    WireResponse,
    _text_fragments,
    _unit_vector,
    estimate_tokens,
    plan_chat,
    send_wire_response,
)

MISTRAL_API = "https://api.mistral.ai/v1"
INVALID_KEY = fake_key("mistral-invalid")
RATE_LIMIT_MARKER = "RATE_LIMIT"
CHAT_MODELS = frozenset(
    {
        "mistral-small-latest",
        "mistral-medium-latest",
        "mistral-large-latest",
        "magistral-small-latest",
        "magistral-medium-latest",
        "pixtral-large-latest",
        "codestral-latest",
        "ministral-8b-latest",
        "open-mistral-nemo",
    }
)
REASONING_EFFORT_MODELS = frozenset({"mistral-small-latest", "mistral-medium-3.5"})
EMBEDDING_SIZES: Mapping[str, int] = {
    "mistral-embed": 1024,
    "codestral-embed": 1536,
    "codestral-embed-2505": 1536,
}
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _headers(content_type: str = "application/json") -> dict[str, str]:
    request_id = str(uuid.uuid4())
    return {
        "content-type": content_type,
        "mistral-correlation-id": request_id,
        "x-kong-request-id": request_id,
        "x-envoy-upstream-service-time": str(random.randint(80, 900)),
        "access-control-allow-origin": "*",
        "x-kong-upstream-latency": str(random.randint(80, 900)),
        "x-kong-proxy-latency": str(random.randint(1, 9)),
        "ratelimitbysize-limit": "500000",
        "ratelimitbysize-remaining": "499950",
        "ratelimitbysize-reset": "42",
        "ratelimitbysize-query-cost": "50",
        "x-ratelimitbysize-limit-minute": "500000",
        "x-ratelimitbysize-remaining-minute": "499950",
        "x-ratelimitbysize-limit-month": "1000000000",
        "x-ratelimitbysize-remaining-month": "999990000",
        "cf-cache-status": "DYNAMIC",
        "set-cookie": f"__cf_bm={secrets.token_urlsafe(32)}; path=/; domain=.mistral.ai; HttpOnly; Secure",
        "strict-transport-security": "max-age=15552000; includeSubDomains; preload",
        "x-content-type-options": "nosniff",
        "cf-ray": secrets.token_hex(8) + "-CDG",
        "alt-svc": 'h3=":443"; ma=86400',
    }


def _json(status: int, payload: Any) -> WireResponse:
    return WireResponse(status, _headers(), json.dumps(payload).encode())


def _error(status: int, message: str, type_: str, code: str | None) -> WireResponse:
    payload = {"object": "error", "message": message, "type": type_, "param": None, "code": code}
    if status != 400:
        payload["raw_status_code"] = status
    return _json(status, payload)


def validation_error(problems: list[dict[str, Any]]) -> WireResponse:
    """Mistral's 422: pydantic's problem list under ``detail`` (and ``message``)."""
    payload = {
        "object": "Error",
        "detail": problems,
        "message": problems,
        "type": "invalid_request_error",
        "code": 3001,
    }
    return _json(422, payload)


def _id() -> str:
    return uuid.uuid4().hex


def tool_call_id() -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(9))


# -- Mistral's request in Chat Completions terms, for ``plan_chat`` -----------------------


def _openai_part(part: Any) -> Any:
    if not isinstance(part, dict):
        return part
    kind = part.get("type")
    if kind == "image_url":
        image = part.get("image_url")
        return {"type": "image_url", "image_url": image if isinstance(image, dict) else {"url": image}}
    if kind == "document_url":
        url = str(part.get("document_url") or "")
        name = part.get("document_name") or "The document"
        if url.startswith("data:"):
            return {"type": "file", "file": {"filename": name, "file_data": url}}
        return {"type": "file", "file": {"filename": name, "file_id": url}}
    if kind == "thinking":
        return {"type": "thinking"}
    return part


def as_openai(body: Mapping[str, Any]) -> dict[str, Any]:
    messages = []
    for message in body["messages"]:
        content = message.get("content")
        if isinstance(content, list):
            if message.get("role") == "assistant":
                content = "".join(p.get("text", "") for p in content if p.get("type") == "text")
            else:
                content = [_openai_part(p) for p in content]
        messages.append({**message, "content": content})
    choice = body.get("tool_choice", "auto")
    return {
        **body,
        "messages": messages,
        "tool_choice": "required" if choice == "any" else choice,
    }


class FakeMistral:
    """Start it, point ``MISTRAL_BASE_URL`` at ``base_url``, read what it answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rate_limited: set[str] = set()
        self.requests: list[tuple[str, dict[str, Any]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def version_string(self) -> str:
                return "cloudflare"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                send_wire_response(self, outer.respond(self.path, headers, raw))

            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                send_wire_response(self, outer.respond(self.path, headers, b"", method="GET"))

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeMistral:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-mistral", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        with self._lock:
            self._rate_limited.clear()
            self.requests.clear()

    def __enter__(self) -> FakeMistral:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def respond(
        self, path: str, headers: Mapping[str, str], raw: bytes, *, method: str = "POST"
    ) -> WireResponse:
        """The whole server as a function: request in, Mistral-shaped response out."""
        route = urlsplit(path).path.rstrip("/")
        auth = headers.get("authorization", "")
        key = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if not key or key == INVALID_KEY:
            return _json(401, {"detail": "Unauthorized"})
        if method != "POST" or route not in ("/v1/chat/completions", "/v1/embeddings"):
            return _json(404, {"detail": "Not Found"})
        try:
            body = json.loads(raw or b"null")
        except ValueError as exc:
            problem = {"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error", "input": {}}
            problem["ctx"] = {"error": str(exc)}
            return validation_error([problem])
        with self._lock:
            self.requests.append((route, body))
        if route == "/v1/embeddings":
            return self._embeddings(body)
        return self._chat(body, raw)

    # -- embeddings ------------------------------------------------------------------

    def _embeddings(self, body: Any) -> WireResponse:
        problems = embedding_problems(body)
        if problems:
            return validation_error(problems)
        model = body["model"]
        if model not in EMBEDDING_SIZES:
            return _error(400, f"Invalid model: {model}", "invalid_model", "1500")
        values = body["input"] if isinstance(body["input"], list) else [body["input"]]
        size = EMBEDDING_SIZES[model]
        if body.get("output_dimension") is not None and model.startswith("codestral-embed"):
            size = int(body["output_dimension"])
        tokens = sum(max(1, estimate_tokens(str(v))) for v in values)
        data = [
            {"object": "embedding", "embedding": _unit_vector(f"{model}\n{v}", size), "index": i}
            for i, v in enumerate(values)
        ]
        usage = {
            "prompt_audio_seconds": None,
            "prompt_tokens": tokens,
            "total_tokens": tokens,
            "completion_tokens": 0,
            "request_count": None,
            "prompt_tokens_details": None,
            "prompt_token_details": None,
        }
        return _json(200, {"id": _id(), "object": "list", "data": data, "model": model, "usage": usage})

    # -- chat ------------------------------------------------------------------------

    def _chat(self, body: Any, raw: bytes) -> WireResponse:
        problems = chat_problems(body)
        if problems:
            return validation_error(problems)
        model = body["model"]
        if model not in CHAT_MODELS:
            return _error(400, f"Invalid model: {model}", "invalid_model", "1500")
        messages = body["messages"]
        bad_id = bad_tool_call_id(messages)
        if bad_id is not None:
            return _error(
                400,
                f"Tool call id was {bad_id} but must be a-z, A-Z, 0-9, with a length of 9.",
                "invalid_function_call",
                "3280",
            )
        last_role = bad_last_role(messages)
        if last_role is not None:
            return _error(
                400,
                "Expected last role User or Tool (or Assistant with prefix True) for serving"
                f" but got {last_role}",
                "invalid_request_message_order",
                "3230",
            )
        limited = self._rate_limit(messages, raw)
        if limited is not None:
            return limited
        plan = plan_chat(as_openai(body))
        thinking = self._thinking(body, messages) if self._reasons(body) else None
        calls = [(tool_call_id(), name, arguments) for name, arguments in plan.calls]
        usage = _usage(body, plan.text or "", calls, thinking)
        if body.get("stream"):
            return _stream(body, plan.text or "", calls, plan.finish_reason, thinking, usage)
        message: dict[str, Any] = {"role": "assistant", "tool_calls": None}
        text = plan.text or ""
        if thinking is not None:
            parts: list[dict[str, Any]] = [
                {"type": "thinking", "thinking": [{"type": "text", "text": thinking}]}
            ]
            if text:
                parts.append({"type": "text", "text": text})
            message["content"] = parts
        else:
            message["content"] = text
        if calls:
            message["tool_calls"] = [
                {"id": call_id, "function": {"name": name, "arguments": arguments}, "index": index}
                for index, (call_id, name, arguments) in enumerate(calls)
            ]
        payload = {
            "id": _id(),
            "created": int(time.time()),
            "model": model,
            "usage": usage,
            "object": "chat.completion",
            "choices": [{"index": 0, "finish_reason": plan.finish_reason, "message": message}],
        }
        return _json(200, payload)

    @staticmethod
    def _reasons(body: Mapping[str, Any]) -> bool:
        model = str(body["model"])
        return model.startswith("magistral") or (
            model in REASONING_EFFORT_MODELS and body.get("reasoning_effort") == "high"
        )

    @staticmethod
    def _thinking(body: Mapping[str, Any], messages: list[dict[str, Any]]) -> str:
        last = messages[-1]
        if last.get("role") == "tool":
            return "The tool has answered. I should report its result to the user plainly."
        content = last.get("content")
        question = (
            content
            if isinstance(content, str)
            else " ".join(p.get("text", "") for p in content or () if isinstance(p, dict))
        )
        tools = [t["function"]["name"] for t in body.get("tools") or ()]
        plan = f" I can use {', '.join(tools)}." if tools else ""
        asked = " ".join(question.split())[:80]
        return f'The user asks: "{asked}". Let me work out the answer step by step.{plan}'

    def _rate_limit(self, messages: list[Any], raw: bytes) -> WireResponse | None:
        last = json.dumps(messages[-1])
        if RATE_LIMIT_MARKER not in last:
            return None
        digest = hashlib.sha256(raw).hexdigest()
        with self._lock:
            if digest in self._rate_limited:
                return None
            self._rate_limited.add(digest)
        return _error(429, "Rate limit exceeded", "rate_limited", "1300")


def _usage(
    body: Mapping[str, Any], text: str, calls: list[tuple[str, str, str]], thinking: str | None
) -> dict[str, Any]:
    prompt = (
        5
        + estimate_tokens(json.dumps(body["messages"]))
        + estimate_tokens(json.dumps(body.get("tools") or ""))
    )
    completion = estimate_tokens(text) + estimate_tokens(thinking or "")
    completion += sum(8 + estimate_tokens(name + arguments) for _, name, arguments in calls)
    completion = max(1, completion)
    return {
        "prompt_tokens": prompt,
        "total_tokens": prompt + completion,
        "completion_tokens": completion,
        "prompt_tokens_details": {"cached_tokens": 0},
    }


def _padding() -> str:
    return "abcdefghijklmnopqrstuvwxyz0123456789"[: random.randint(1, 36)]


def _stream(
    body: Mapping[str, Any],
    text: str,
    calls: list[tuple[str, str, str]],
    finish_reason: str,
    thinking: str | None,
    usage: dict[str, Any],
) -> WireResponse:
    completion_id = _id()
    created = int(time.time())
    model = body["model"]

    def chunk(delta: dict[str, Any], finish: str | None = None, *, pad: bool = True, **extra: Any) -> bytes:
        payload: dict[str, Any] = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        if pad:
            payload["p"] = _padding()
        return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"

    events: list[bytes] = []
    if thinking is not None:
        for number, fragment in enumerate(_text_fragments(thinking)):
            delta: dict[str, Any] = {
                "content": [{"type": "thinking", "thinking": [{"type": "text", "text": fragment}]}]
            }
            if number == 0:
                delta = {"role": "assistant", **delta}
            events.append(chunk(delta, pad=number > 0))
        for fragment in _text_fragments(text):
            events.append(chunk({"content": [{"type": "text", "text": fragment}]}))
    else:
        events.append(chunk({"role": "assistant", "content": ""}, pad=False))
        for fragment in _text_fragments(text):
            events.append(chunk({"content": fragment}))
    if calls:
        tool_calls = [
            {"id": call_id, "function": {"name": name, "arguments": arguments}, "index": index}
            for index, (call_id, name, arguments) in enumerate(calls)
        ]
        events.append(chunk({"content": None, "tool_calls": tool_calls}, finish_reason, usage=usage))
    else:
        events.append(chunk({"content": ""}, finish_reason, usage=usage))
    events.append(b"data: [DONE]\n\n")
    return WireResponse(200, _headers("text/event-stream; charset=utf-8"), events=events)
