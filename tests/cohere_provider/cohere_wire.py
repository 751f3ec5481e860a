"""A loopback stand-in for ``api.cohere.com``: Cohere's v2 Chat and Embed APIs, as documented.

These machines cannot reach Cohere, so the Cohere cassettes are *written*: the tests
run against ``FakeCohere`` (stdlib ``http.server`` on 127.0.0.1), VCR records what it
answers, and ``conftest.py`` rewrites the recorded URIs to ``https://api.cohere.com/v2``.
Anyone with a key re-records the same tests against the real API (``cassettes/README.md``);
the tests read their expectations from the cassettes, never from this server.

Shapes follow Cohere's OpenAPI spec (cohere-ai/cohere-developer-experience,
``cohere-openapi.yaml``), its error reference (``errors.mdx``) and the AI SDK's
recorded Cohere fixtures. It rejects what the real API rejects, with Cohere's error
body ``{"id": ..., "message": ...}``:

* 401: no ``Authorization: Bearer`` ("no api key supplied"), or the key
  ``INVALID_KEY`` ("invalid api token");
* 422: a body field the endpoint does not take, top level or inside a message ("unknown
  field: parameter <name> is not a valid field. For proper usage, please refer to
  https://docs.cohere.com/reference/chat"), as Cohere answers it;
* 400: a body that is not JSON; no ``model`` or ``messages``; an unknown role; an empty
  user turn; a tool message without ``tool_call_id`` or for no earlier tool call;
  duplicate tool call ids; tool names outside ``[A-Za-z0-9_]``; ``tool_choice`` other
  than ``REQUIRED`` / ``NONE`` or without tools; ``temperature`` outside 0..1,
  penalties outside 0..1, ``p`` outside 0.01..0.99, ``k`` outside 0..500, more than 5
  stop sequences; ``response_format`` together with ``documents`` or ``tools``;
  ``thinking`` on a model that does not reason; a ``document`` without data;
  for Embed: no ``embedding_types``, no ``input_type``, more than 96 texts, an empty
  text, ``output_dimension`` on a v3 model or of an unsupported size;
* 404: an unknown model ("model '<name>' not found, ...") or path.

``POST /v2/chat`` answers a ``ChatResponse`` (``id``, ``message`` with ``content``
blocks, ``tool_plan``, ``tool_calls``, ``citations``; ``finish_reason``; ``usage`` with
``billed_units``, ``tokens`` and ``cached_tokens``), or with ``stream: true`` the
documented events, each as ``event: <type>`` + ``data: <json>``: ``message-start``,
``content-start`` / ``content-delta`` / ``content-end``, ``tool-plan-delta``,
``tool-call-start`` / ``tool-call-delta`` / ``tool-call-end``, ``citation-start`` /
``citation-end`` and ``message-end``. ``POST /v2/embed`` answers
``embeddings_by_type`` with unit vectors that depend on the text and the input type.

What the model says comes from ``openai_wire.plan_chat`` (the same "model" as the
OpenAI fake), given the request in Chat Completions terms (``as_chat``). Cohere's own
behaviour is added here: a tool plan before tool calls, thinking on reasoning models
(on by default, off with ``thinking.type: disabled``), grounded answers with citations
when ``documents`` are given, ``STOP_SEQUENCE`` stops. The marker ``RATE_LIMIT`` in the
last user text gets a 429 the first time a request is seen (the retry succeeds).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import string
import threading
import uuid
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from fake_keys import fake_key
from openai_wire import (
    WireResponse,
    _argument_fragments,
    _text_fragments,
    _unit_vector,
    estimate_tokens,
    plan_chat,
    send_wire_response,
)

COHERE_API = "https://api.cohere.com/v2"
INVALID_KEY = fake_key("cohere-invalid")
RATE_LIMIT_MARKER = "RATE_LIMIT"
CHAT_MODELS = frozenset(
    {
        "command-a-03-2025",
        "command-a-reasoning-08-2025",
        "command-a-vision-07-2025",
        "command-r7b-12-2024",
        "command-r-08-2024",
        "command-r-plus-08-2024",
    }
)
REASONING_MODELS = frozenset({"command-a-reasoning-08-2025"})
# model -> (default dimensions, output_dimension allowed)
EMBED_MODELS: Mapping[str, tuple[int, bool]] = {
    "embed-v4.0": (1536, True),
    "embed-english-v3.0": (1024, False),
    "embed-multilingual-v3.0": (1024, False),
    "embed-english-light-v3.0": (384, False),
}
CHAT_FIELDS = frozenset(
    {
        "stream",
        "model",
        "messages",
        "tools",
        "strict_tools",
        "documents",
        "citation_options",
        "response_format",
        "safety_mode",
        "max_tokens",
        "stop_sequences",
        "temperature",
        "seed",
        "frequency_penalty",
        "presence_penalty",
        "k",
        "p",
        "logprobs",
        "tool_choice",
        "thinking",
        "priority",
    }
)
EMBED_FIELDS = frozenset(
    {
        "texts",
        "images",
        "model",
        "input_type",
        "inputs",
        "max_tokens",
        "output_dimension",
        "embedding_types",
        "truncate",
        "priority",
    }
)
MESSAGE_FIELDS: Mapping[str, frozenset[str]] = {
    "system": frozenset({"role", "content"}),
    "user": frozenset({"role", "content"}),
    "assistant": frozenset({"role", "content", "tool_calls", "tool_plan", "citations"}),
    "tool": frozenset({"role", "tool_call_id", "content"}),
}
_TOOL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PREAMBLE_TOKENS = 495  # Cohere's own system preamble, billed to nobody but counted in ``tokens``
_LOWER_ALNUM = string.ascii_lowercase + string.digits


class Rejected(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _unknown_field(name: str, page: str) -> Rejected:
    return Rejected(
        422,
        f"unknown field: parameter {name} is not a valid field. For proper usage, please refer to "
        f"https://docs.cohere.com/reference/{page}",
    )


def _headers(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    return {
        "access-control-expose-headers": "X-Debug-Trace-ID",
        "cache-control": "no-cache, no-store, no-transform, must-revalidate, private, max-age=0",
        "x-debug-trace-id": secrets.token_hex(16),
        "x-endpoint-monthly-call-limit": "1000",
        "x-trial-endpoint-call-limit": "40",
        "x-trial-endpoint-call-remaining": "39",
        "vary": "Origin",
        "via": "1.1 google",
        "alt-svc": 'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000',
        **(extra or {}),
    }


def _json(status: int, payload: Any, extra: Mapping[str, str] | None = None) -> WireResponse:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return WireResponse(status, {"content-type": "application/json", **_headers(extra)}, body)


def error_response(status: int, message: str) -> WireResponse:
    return _json(status, {"id": str(uuid.uuid4()), "message": message})


def _event(payload: dict[str, Any]) -> bytes:
    return f"event: {payload['type']}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


# -- the server -----------------------------------------------------------------------------


class FakeCohere:
    """Start it, point a model's ``base_url`` at ``base_url``, read what it answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._limited: set[str] = set()
        self.requests: list[tuple[str, dict[str, str], Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def version_string(self) -> str:
                return "envoy"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                send_wire_response(self, outer.respond(self.path, headers, raw))

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v2"

    def start(self) -> FakeCohere:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-cohere", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        with self._lock:
            self._limited.clear()
            self.requests.clear()

    def __enter__(self) -> FakeCohere:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def respond(self, path: str, headers: Mapping[str, str], raw: bytes) -> WireResponse:
        """The whole server as a function: request in, Cohere-shaped response out."""
        route = urlsplit(path).path.rstrip("/")
        try:
            body = self._check(route, headers, raw)
            with self._lock:
                self.requests.append((route, dict(headers), body))
            if route == "/v2/embed":
                return _embed(body)
            limited = self._rate_limited(body, raw)
            return limited or _chat(body)
        except Rejected as rejected:
            return error_response(rejected.status, rejected.message)

    def _rate_limited(self, body: dict[str, Any], raw: bytes) -> WireResponse | None:
        if RATE_LIMIT_MARKER not in last_user_text(body["messages"]):
            return None
        digest = hashlib.sha256(raw).hexdigest()
        with self._lock:
            first = digest not in self._limited
            self._limited.add(digest)
        if not first:
            return None
        return error_response(
            429, "You are past the per minute request limit, please wait and try again later."
        )

    def _check(self, route: str, headers: Mapping[str, str], raw: bytes) -> dict[str, Any]:
        auth = headers.get("authorization", "")
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            raise Rejected(401, "no api key supplied")
        if auth[7:].strip() == INVALID_KEY:
            raise Rejected(401, "invalid api token")
        if route not in ("/v2/chat", "/v2/embed"):
            raise Rejected(404, "404 page not found")
        try:
            body = json.loads(raw)
        except ValueError as exc:
            raise Rejected(400, f"invalid json syntax: {exc}") from exc
        if not isinstance(body, dict):
            raise Rejected(400, "invalid json syntax: the body must be an object")
        if route == "/v2/embed":
            _check_embed(body)
        else:
            _check_chat(body)
        return body


# -- request checks -------------------------------------------------------------------------


def _bad(message: str) -> Rejected:
    return Rejected(400, message)


def _check_model(model: Any, known: Any) -> None:
    if not isinstance(model, str) or not model:
        raise _bad("a model parameter is required for this endpoint.")
    if model not in known:
        raise Rejected(
            404,
            f"model '{model}' not found, make sure the correct model ID was used and that you have "
            "access to the model.",
        )


def _between(body: Mapping[str, Any], name: str, low: float, high: float, shown: str) -> None:
    value = body.get(name)
    if value is not None and not (isinstance(value, (int, float)) and low <= value <= high):
        raise _bad(f"invalid request: {name} must be between {shown} inclusive.")


def _check_chat(body: dict[str, Any]) -> None:
    for name in body:
        if name not in CHAT_FIELDS:
            raise _unknown_field(name, "chat")
    _check_model(body.get("model"), CHAT_MODELS)
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _bad("invalid request: messages must not be empty.")
    seen_calls: set[str] = set()
    for index, message in enumerate(messages):
        role = message.get("role") if isinstance(message, dict) else None
        if role not in MESSAGE_FIELDS:
            raise _bad(
                f"invalid request: invalid role in messages at index {index}. Role must be one of the "
                "following: user, assistant, system, tool"
            )
        for name in message:
            if name not in MESSAGE_FIELDS[role]:
                raise _unknown_field(name, "chat")
        content = message.get("content")
        if role in ("user", "system") and not _texts(content) and not _has_image(content):
            raise _bad("message must not be empty in a turn")
        if role == "assistant":
            calls = message.get("tool_calls") or []
            if not calls and not _texts(content):
                raise _bad("message must not be empty in a turn")
            for call in calls:
                if call.get("type", "function") != "function":
                    raise _bad("tool call must be of type function")
                if call.get("id") in seen_calls:
                    raise _bad("cannot have duplicate tool ids")
                seen_calls.add(call.get("id"))
        if role == "tool":
            if not message.get("tool_call_id"):
                raise _bad("tool call id must be provided with tool message")
            if message["tool_call_id"] not in seen_calls:
                raise _bad("tool call id not found in previous tool calls")
    tools = body.get("tools") or []
    for tool in tools:
        name = (tool.get("function") or {}).get("name", "")
        if tool.get("type") != "function":
            raise _bad("tool call must be of type function")
        if not _TOOL_NAME.match(str(name)):
            raise _bad(
                "invalid request: tool names can only contain certain characters (A-Za-z0-9_) and "
                f"can't begin with a digit (provided name: '{name}')."
            )
    choice = body.get("tool_choice")
    if choice is not None:
        if choice not in ("REQUIRED", "NONE"):
            raise _bad("invalid request: tool_choice must be one of 'REQUIRED' or 'NONE'.")
        if not tools:
            raise _bad("invalid request: tool_choice requires tools to be specified.")
    _between(body, "temperature", 0, 1, "0 and 1.0")
    _between(body, "frequency_penalty", 0, 1, "0 and 1")
    _between(body, "presence_penalty", 0, 1, "0 and 1")
    _between(body, "p", 0.01, 0.99, "0.01 and 0.99")
    _between(body, "k", 0, 500, "0 and 500")
    if len(body.get("stop_sequences") or ()) > 5:
        raise _bad("invalid request: stop_sequences can contain at most 5 sequences.")
    documents = body.get("documents")
    if documents is not None:
        if not documents:
            raise _bad("invalid request: list of documents must not be empty")
        for index, document in enumerate(documents):
            if isinstance(document, dict) and not document.get("data"):
                raise _bad(f"invalid request: document at index {index} cannot be empty")
    if body.get("response_format") and (documents or tools):
        raise _bad(
            "invalid request: response_format is not supported with RAG."
            if documents
            else "invalid request: response_format is not supported with tools."
        )
    fmt = body.get("response_format") or {}
    if fmt and fmt.get("type") not in ("text", "json_object"):
        raise _bad("invalid request: response_format type must be one of 'text' or 'json_object'.")
    schema = fmt.get("json_schema")
    if schema is not None and not isinstance(schema, dict):
        raise _bad("schema must be an object")
    thinking = body.get("thinking")
    if thinking is not None:
        if body["model"] not in REASONING_MODELS:
            raise _bad(f"invalid request: thinking is not supported by the provided model: {body['model']}.")
        if thinking.get("type") not in ("enabled", "disabled"):
            raise _bad("invalid request: thinking.type must be one of 'enabled' or 'disabled'.")
        budget = thinking.get("token_budget")
        if budget is not None and (not isinstance(budget, int) or budget < 1):
            raise _bad("invalid request: thinking.token_budget must be a positive integer.")


def _check_embed(body: dict[str, Any]) -> None:
    for name in body:
        if name not in EMBED_FIELDS:
            raise _unknown_field(name, "embed")
    _check_model(body.get("model"), EMBED_MODELS)
    if not body.get("embedding_types"):
        raise _bad("embedding_types parameter is required")
    if body.get("input_type") not in ("search_document", "search_query", "classification", "clustering"):
        raise _bad("invalid request: valid input_type must be provided with the provided model")
    texts = body.get("texts")
    if not isinstance(texts, list) or not texts:
        raise _bad("invalid request: texts must not be empty")
    if len(texts) > 96:
        raise _bad(f"invalid request: total number of texts must be at most 96 - received {len(texts)}")
    for index, text in enumerate(texts):
        if not isinstance(text, str) or not text:
            raise _bad(
                f"invalid request: inputs contains an element that is the empty string at index {index}"
            )
    dimension = body.get("output_dimension")
    if dimension is not None:
        if not EMBED_MODELS[body["model"]][1]:
            raise _bad(f"invalid request: output_dimension is not supported by model {body['model']}")
        if dimension not in (256, 512, 1024, 1536):
            raise _bad("invalid request: output_dimension must be one of 256, 512, 1024, 1536")


# -- the request in Chat Completions terms --------------------------------------------------


def _texts(content: Any) -> str:
    if isinstance(content, str):
        return content
    return " ".join(
        str(block.get("text", ""))
        for block in content or ()
        if isinstance(block, dict) and block.get("type") == "text"
    )


def _has_image(content: Any) -> bool:
    return isinstance(content, list) and any(
        b.get("type") == "image_url" for b in content if isinstance(b, dict)
    )


def last_user_text(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            return _texts(message.get("content"))
    return ""


def as_chat(body: Mapping[str, Any]) -> dict[str, Any]:
    """The request in Chat Completions terms, for ``openai_wire.plan_chat`` and for the
    conformance suite's history checks (tool calls, ``tool`` messages)."""
    messages: list[dict[str, Any]] = []
    for message in body["messages"]:
        role, content = message["role"], message.get("content")
        if role == "assistant":
            entry: dict[str, Any] = {
                "role": "assistant",
                "content": _texts(content) or message.get("tool_plan"),
            }
            calls = message.get("tool_calls") or []
            if calls:
                entry["tool_calls"] = [
                    {"id": c["id"], "type": "function", "function": dict(c.get("function") or {})}
                    for c in calls
                ]
            messages.append(entry)
        elif role == "tool":
            text = content if isinstance(content, str) else json.dumps(content)
            messages.append({"role": "tool", "tool_call_id": message["tool_call_id"], "content": text})
        elif isinstance(content, list):
            parts = [
                {"type": "image_url", "image_url": b["image_url"]}
                if b.get("type") == "image_url"
                else {"type": "text", "text": b.get("text", "")}
                for b in content
            ]
            messages.append({"role": role, "content": parts})
        else:
            messages.append({"role": role, "content": content})
    chat: dict[str, Any] = {"messages": messages, "max_tokens": body.get("max_tokens")}
    tools = body.get("tools") or []
    if tools:
        chat["tools"] = tools
        chat["tool_choice"] = {"REQUIRED": "required", "NONE": "none"}.get(
            body.get("tool_choice") or "", "auto"
        )
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_object":
        schema = fmt.get("json_schema")
        chat["response_format"] = (
            {"type": "json_schema", "json_schema": {"name": "output", "schema": schema}}
            if schema
            else {"type": "json_object"}
        )
    return chat


# -- answers --------------------------------------------------------------------------------


def _call_id(name: str) -> str:
    return f"{name}_{''.join(secrets.choice(_LOWER_ALNUM) for _ in range(12))}"


def _thinks(body: Mapping[str, Any]) -> bool:
    thinking = body.get("thinking") or {}
    return body["model"] in REASONING_MODELS and thinking.get("type", "enabled") != "disabled"


def _answer(body: dict[str, Any]) -> dict[str, Any]:
    """``message`` (content blocks, tool plan, tool calls, citations) and ``finish_reason``."""
    plan = plan_chat({**as_chat(body), "max_tokens": None})
    question = last_user_text(body["messages"])
    content: list[dict[str, Any]] = []
    if _thinks(body):
        asked = " ".join(question.split())[:120]
        then = (
            "I should call " + " and ".join(name for name, _ in plan.calls) + "."
            if plan.calls
            else "I can answer this directly."
        )
        content.append({"type": "thinking", "thinking": f'The user asks: "{asked}". {then}'})
    message: dict[str, Any] = {"role": "assistant"}
    if plan.calls:
        names = " and the ".join(name for name, _ in plan.calls)
        message["tool_plan"] = (
            f"I will use the {names} tool{'s' if len(plan.calls) > 1 else ''} to answer this."
        )
        message["tool_calls"] = [
            {"id": _call_id(name), "type": "function", "function": {"name": name, "arguments": arguments}}
            for name, arguments in plan.calls
        ]
        if content:
            message["content"] = content
        return {"message": message, "finish_reason": "TOOL_CALL"}
    documents = body.get("documents") or []
    citations: list[dict[str, Any]] = []
    text = plan.text or ""
    if documents and body["messages"][-1].get("role") == "user":
        text, citations = _grounded(documents)
    finish = "COMPLETE"
    stops = [s for s in body.get("stop_sequences") or () if s and s in text]
    if stops:
        text, finish = text[: min(text.find(s) for s in stops)], "STOP_SEQUENCE"
    limit = body.get("max_tokens")
    if isinstance(limit, int) and estimate_tokens(text) > limit:
        text, finish = text[: max(1, limit * 4)], "MAX_TOKENS"
    content.append({"type": "text", "text": text})
    message["content"] = content
    if citations:
        message["citations"] = citations
    return {"message": message, "finish_reason": finish}


def _document_data(document: Any, index: int) -> dict[str, Any]:
    """A request document as citations show it: its data, plus its id."""
    if isinstance(document, str):
        return {"id": f"doc:{index}", "text": document}
    data = document.get("data")
    data = data if isinstance(data, dict) else {"text": str(data)}
    return {"id": document.get("id") or f"doc:{index}", **data}


def _grounded(documents: list[Any]) -> tuple[str, list[dict[str, Any]]]:
    """An answer that quotes the first sentence of each document, citing it."""
    text = "According to the documents, "
    citations = []
    for index, document in enumerate(documents):
        data = _document_data(document, index)
        source_text = str(data.get("text") or data.get("snippet") or json.dumps(data))
        sentence = re.split(r"(?<=[.!?])\s", source_text.strip())[0].rstrip(".!?")
        if index:
            text += "; and "
        start = len(text)
        text += sentence
        citations.append(
            {
                "start": start,
                "end": len(text),
                "text": sentence,
                "sources": [{"type": "document", "id": data["id"], "document": data}],
                "type": "TEXT_CONTENT",
            }
        )
    return text + ".", citations


def _usage(body: Mapping[str, Any], message: Mapping[str, Any]) -> dict[str, Any]:
    billed_in = max(
        1, estimate_tokens(json.dumps([body["messages"], body.get("documents")], ensure_ascii=False)) // 2
    )
    tool_tokens = estimate_tokens(json.dumps(body.get("tools") or [])) // 2
    prompt = _PREAMBLE_TOKENS + tool_tokens + billed_in
    written = "".join(
        str(b.get("text") or b.get("thinking") or "")
        for b in message.get("content") or ()
        if isinstance(b, dict)
    )
    written += str(message.get("tool_plan") or "") + json.dumps(message.get("tool_calls") or "")
    billed_out = max(1, estimate_tokens(written))
    return {
        "billed_units": {"input_tokens": billed_in, "output_tokens": billed_out},
        "tokens": {"input_tokens": prompt, "output_tokens": billed_out + 4},
        "cached_tokens": (_PREAMBLE_TOKENS // 64) * 64,
    }


def _chat(body: dict[str, Any]) -> WireResponse:
    answer = _answer(body)
    usage = _usage(body, answer["message"])
    response_id = str(uuid.uuid4())
    if body.get("stream"):
        return _stream(response_id, answer, usage)
    return _json(200, {"id": response_id, **answer, "usage": usage})


def _stream(response_id: str, answer: dict[str, Any], usage: dict[str, Any]) -> WireResponse:
    message = answer["message"]
    start = {"role": "assistant", "content": [], "tool_plan": "", "tool_calls": [], "citations": []}
    events = [_event({"id": response_id, "type": "message-start", "delta": {"message": start}})]
    for index, block in enumerate(message.get("content") or ()):
        kind = block["type"]
        events.append(
            _event(
                {
                    "type": "content-start",
                    "index": index,
                    "delta": {"message": {"content": {"type": kind, kind: ""}}},
                }
            )
        )
        for piece in _text_fragments(block[kind]):
            events.append(
                _event(
                    {
                        "type": "content-delta",
                        "index": index,
                        "delta": {"message": {"content": {kind: piece}}},
                    }
                )
            )
        events.append(_event({"type": "content-end", "index": index}))
    for piece in _text_fragments(message.get("tool_plan") or ""):
        events.append(_event({"type": "tool-plan-delta", "delta": {"message": {"tool_plan": piece}}}))
    for index, call in enumerate(message.get("tool_calls") or ()):
        opening = {**call, "function": {"name": call["function"]["name"], "arguments": ""}}
        events.append(
            _event({"type": "tool-call-start", "index": index, "delta": {"message": {"tool_calls": opening}}})
        )
        for piece in _argument_fragments(call["function"]["arguments"]):
            fragment = {"function": {"arguments": piece}}
            events.append(
                _event(
                    {
                        "type": "tool-call-delta",
                        "index": index,
                        "delta": {"message": {"tool_calls": fragment}},
                    }
                )
            )
        events.append(_event({"type": "tool-call-end", "index": index}))
    for index, citation in enumerate(message.get("citations") or ()):
        events.append(
            _event({"type": "citation-start", "index": index, "delta": {"message": {"citations": citation}}})
        )
        events.append(_event({"type": "citation-end", "index": index}))
    end = {"finish_reason": answer["finish_reason"], "usage": usage}
    events.append(_event({"id": response_id, "type": "message-end", "delta": end}))
    headers = {"content-type": "text/event-stream", **_headers()}
    return WireResponse(200, headers, events=events)


def _embed(body: dict[str, Any]) -> WireResponse:
    size = body.get("output_dimension") or EMBED_MODELS[body["model"]][0]
    texts = body["texts"]
    vectors = [_unit_vector(f"{body['model']}|{body['input_type']}|{text}", size) for text in texts]
    payload = {
        "id": str(uuid.uuid4()),
        "texts": texts,
        "embeddings": {"float": vectors},
        "meta": {
            "api_version": {"version": "2"},
            "billed_units": {"input_tokens": sum(estimate_tokens(t) for t in texts)},
        },
        "response_type": "embeddings_by_type",
    }
    return _json(200, payload, {"num_chars": str(sum(len(t) for t in texts))})
