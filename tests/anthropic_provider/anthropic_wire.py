"""A loopback stand-in for ``api.anthropic.com``: Anthropic's Messages API, as documented.

These machines cannot reach Anthropic, so the Anthropic cassettes are *written*: the
tests run against ``FakeAnthropic`` (stdlib ``http.server`` on 127.0.0.1), VCR records
what it answers, and ``conftest.py`` rewrites the recorded URIs to
``https://api.anthropic.com/v1``. Anyone with a key re-records the same tests against
the real API (``cassettes/README.md``); the tests read their expectations from the
cassettes, never from this server.

It rejects what the real API rejects, with Anthropic's error body
``{"type": "error", "error": {"type", "message"}, "request_id"}`` and a ``request-id``
header:

* 401 ``authentication_error``: no ``x-api-key`` ("x-api-key header is required"), or
  the key ``INVALID_KEY`` ("invalid x-api-key"); a key in ``Authorization: Bearer``
  does not count;
* 400 ``invalid_request_error``: no ``anthropic-version`` header, or an unknown one;
  a body that is not JSON; a top-level field the endpoint does not take ("<field>:
  Extra inputs are not permitted"); no ``model`` / ``max_tokens`` / ``messages``
  ("<field>: Field required"); turns that do not alternate or do not start with
  ``user``; empty text blocks; ``temperature`` above 1; ``temperature`` with
  ``top_p`` (Claude 4.5 and later); thinking whose ``budget_tokens`` is under 1024 or
  not under ``max_tokens``; sampling settings or a forced tool choice while thinking;
  a final assistant turn with tool use that does not start with its thinking block
  while thinking is on; a ``thinking`` block whose ``signature`` this server did not
  issue, or ``redacted_thinking`` data it did not issue; a ``tool_result`` for no
  ``tool_use`` of the turn before; ``output_config.format`` on a model without native
  structured outputs;
* 404 ``not_found_error``: an unknown model ("model: <name>") or path.

``POST /v1/messages`` answers with a ``message`` (``msg_01...`` id, the dated model
snapshot, ``content`` blocks, ``stop_reason``, ``stop_sequence``, ``usage`` with
``cache_creation_input_tokens``, ``cache_read_input_tokens``, ``cache_creation`` and
``service_tier``), or with ``stream: true`` the documented events: ``message_start``,
``content_block_start`` / ``ping`` / ``content_block_delta`` (``text_delta``,
``thinking_delta``, ``signature_delta``, ``input_json_delta``, ``citations_delta``) /
``content_block_stop``, ``message_delta`` (stop reason and cumulative usage) and
``message_stop``, each as ``event: <type>`` + ``data: <json>``.
``POST /v1/messages/count_tokens`` answers ``{"input_tokens": n}``.

What the model says comes from ``openai_wire.plan_chat`` (the same "model" as the
OpenAI fake), given the request translated into Chat Completions terms. Anthropic's
own behaviour is added here: a ``thinking`` block (signed) before the answer when
thinking is on, a ``redacted_thinking`` block when the prompt holds Anthropic's
documented test string ``REDACTED_THINKING_TRIGGER``, citations (``char_location`` for
text documents, ``page_location`` for PDFs) when a document has citations enabled,
``stop_sequence`` stops, and prompt caching: the prefix up to the last
``cache_control`` breakpoint, once 1024 tokens or more, is written to the cache the
first time and read from it after. Markers in the last user text script failures:
``OVERLOADED`` gets a 529 ``overloaded_error`` the first time a request is seen (the
retry succeeds); ``STREAM_ERROR`` gets a stream that breaks off with an ``error``
event (``overloaded_error``) after its first text.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import string
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from fake_keys import fake_key
from openai_wire import (
    WireResponse,
    _argument_fragments,
    _text_fragments,
    estimate_tokens,
    pdf_contents,
    plan_chat,
    send_wire_response,
)

ANTHROPIC_API = "https://api.anthropic.com/v1"
INVALID_KEY = fake_key("ant-api03-invalid")
OVERLOADED_MARKER = "OVERLOADED"
STREAM_ERROR_MARKER = "STREAM_ERROR"
REDACTED_THINKING_TRIGGER = (
    "ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING_"
    "46C9A13E193C177646C7398A98432ECCCE4C1253D5E2D82641AC0E52CC2876CB"
)
VERSIONS = frozenset({"2023-06-01", "2023-01-01"})

# alias -> (dated snapshot, native structured outputs, max output tokens)
MODELS: Mapping[str, tuple[str, bool, int]] = {
    "claude-sonnet-4-5": ("claude-sonnet-4-5-20250929", True, 64_000),
    "claude-haiku-4-5": ("claude-haiku-4-5-20251001", True, 64_000),
    "claude-opus-4-1": ("claude-opus-4-1-20250805", True, 32_000),
    "claude-sonnet-4-0": ("claude-sonnet-4-20250514", False, 64_000),
}
SNAPSHOTS = {snapshot: (snapshot, native, limit) for snapshot, native, limit in MODELS.values()}

MESSAGES_FIELDS = frozenset(
    {
        "model",
        "messages",
        "max_tokens",
        "system",
        "metadata",
        "stop_sequences",
        "stream",
        "temperature",
        "top_k",
        "top_p",
        "tools",
        "tool_choice",
        "thinking",
        "service_tier",
        "output_config",
        "cache_control",
        "container",
        "mcp_servers",
        "context_management",
        "inference_geo",
    }
)
COUNT_TOKENS_FIELDS = frozenset(
    {"model", "messages", "system", "tools", "tool_choice", "thinking", "mcp_servers", "output_config"}
)
_SIGNING_KEY = b"fake-anthropic: signs thinking blocks so it can tell its own"
_CACHE_MINIMUM = 1024
_ALNUM = string.ascii_letters + string.digits


def _rand(n: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(n))


def _request_id() -> str:
    return "req_011C" + _rand(20)


# -- signatures -----------------------------------------------------------------------------


def sign_thinking(thinking: str) -> str:
    """A signature this server can verify: a protobuf-looking prefix, then an HMAC of
    the thinking text, then filler derived from it (real ones are ~200-400 chars)."""
    mac = hmac.new(_SIGNING_KEY, thinking.encode(), hashlib.sha256).digest()
    filler = hashlib.sha512(mac).digest() * 2
    return base64.b64encode(b"\x12\xb5\x01\n@" + mac + filler).decode()


def _signed(signature: str, thinking: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
    except ValueError:
        return False
    mac = hmac.new(_SIGNING_KEY, thinking.encode(), hashlib.sha256).digest()
    return raw[5:37] == mac


def redacted_data() -> str:
    nonce = secrets.token_bytes(16)
    mac = hmac.new(_SIGNING_KEY, b"redacted" + nonce, hashlib.sha256).digest()
    return base64.b64encode(b"\x12\x90\x02\n" + nonce + mac + secrets.token_bytes(96)).decode()


def _redacted_ok(data: str) -> bool:
    try:
        raw = base64.b64decode(data, validate=True)
    except ValueError:
        return False
    nonce = raw[4:20]
    return raw[20:52] == hmac.new(_SIGNING_KEY, b"redacted" + nonce, hashlib.sha256).digest()


# -- responses ------------------------------------------------------------------------------


class Rejected(Exception):
    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


def _headers(request_id: str) -> dict[str, str]:
    return {
        "request-id": request_id,
        "anthropic-organization-id": "0a1b2c3d-"
        + secrets.token_hex(2)
        + "-4e5f-8a9b-"
        + secrets.token_hex(6),
        "anthropic-ratelimit-requests-limit": "4000",
        "anthropic-ratelimit-requests-remaining": "3999",
        "anthropic-ratelimit-requests-reset": time.strftime(
            "%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 1)
        ),
        "anthropic-ratelimit-input-tokens-limit": "2000000",
        "anthropic-ratelimit-input-tokens-remaining": "2000000",
        "anthropic-ratelimit-output-tokens-limit": "400000",
        "anthropic-ratelimit-output-tokens-remaining": "400000",
        "strict-transport-security": "max-age=31536000; includeSubDomains; preload",
        "x-robots-tag": "none",
        "cf-cache-status": "DYNAMIC",
        "cf-ray": secrets.token_hex(8) + "-SJC",
        "server": "cloudflare",
        "via": "1.1 google",
    }


def _json(status: int, payload: Any, request_id: str | None = None) -> WireResponse:
    request_id = request_id or _request_id()
    headers = {"content-type": "application/json", **_headers(request_id)}
    return WireResponse(status, headers, json.dumps(payload).encode())


def error_response(status: int, kind: str, message: str) -> WireResponse:
    request_id = _request_id()
    body = {"type": "error", "error": {"type": kind, "message": message}, "request_id": request_id}
    return _json(status, body, request_id)


def _event(name: str, payload: Any) -> bytes:
    return f"event: {name}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


# -- the server -----------------------------------------------------------------------------


class FakeAnthropic:
    """Start it, point a model's ``base_url`` at ``base_url``, read what it answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: set[str] = set()
        self._overloaded: set[str] = set()
        self.requests: list[tuple[str, dict[str, str], Any]] = []
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

    def start(self) -> FakeAnthropic:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-anthropic", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        with self._lock:
            self._cached.clear()
            self._overloaded.clear()
            self.requests.clear()

    def __enter__(self) -> FakeAnthropic:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def respond(
        self, path: str, headers: Mapping[str, str], raw: bytes, *, method: str = "POST"
    ) -> WireResponse:
        """The whole server as a function: request in, Anthropic-shaped response out."""
        route = urlsplit(path).path.rstrip("/")
        try:
            body = self._check(route, method, headers, raw)
            with self._lock:
                self.requests.append((route, dict(headers), body))
            if route == "/v1/messages/count_tokens":
                return _json(200, {"input_tokens": _prompt_tokens(body)})
            return self._messages(body, raw)
        except Rejected as rejected:
            return error_response(rejected.status, rejected.kind, rejected.message)

    # -- validation ---------------------------------------------------------------------

    def _check(self, route: str, method: str, headers: Mapping[str, str], raw: bytes) -> dict[str, Any]:
        key = headers.get("x-api-key", "")
        if not key:
            raise Rejected(401, "authentication_error", "x-api-key header is required")
        if key == INVALID_KEY:
            raise Rejected(401, "authentication_error", "invalid x-api-key")
        if method != "POST" or route not in ("/v1/messages", "/v1/messages/count_tokens"):
            raise Rejected(404, "not_found_error", "Not Found")
        version = headers.get("anthropic-version")
        if not version:
            raise Rejected(400, "invalid_request_error", "anthropic-version: header is required")
        if version not in VERSIONS:
            raise Rejected(400, "invalid_request_error", f"anthropic-version: invalid version {version!r}")
        try:
            body = json.loads(raw)
        except ValueError as exc:
            raise Rejected(
                400, "invalid_request_error", f"There was an error parsing the body: {exc}"
            ) from exc
        if not isinstance(body, dict):
            raise Rejected(400, "invalid_request_error", "Input should be a valid dictionary")
        counting = route.endswith("count_tokens")
        allowed = COUNT_TOKENS_FIELDS if counting else MESSAGES_FIELDS
        for name in body:
            if name not in allowed:
                raise Rejected(400, "invalid_request_error", f"{name}: Extra inputs are not permitted")
        for name in ("model", "messages") if counting else ("model", "max_tokens", "messages"):
            if name not in body:
                raise Rejected(400, "invalid_request_error", f"{name}: Field required")
        model = body["model"]
        if model not in MODELS and model not in SNAPSHOTS:
            raise Rejected(404, "not_found_error", f"model: {model}")
        _check_body(body, counting)
        return body

    # -- answers ------------------------------------------------------------------------

    def _messages(self, body: dict[str, Any], raw: bytes) -> WireResponse:
        last_text = _last_user_text(body["messages"])
        if OVERLOADED_MARKER in last_text:
            digest = hashlib.sha256(raw).hexdigest()
            with self._lock:
                first = digest not in self._overloaded
                self._overloaded.add(digest)
            if first:
                return error_response(529, "overloaded_error", "Overloaded")
        snapshot = (MODELS.get(body["model"]) or SNAPSHOTS[body["model"]])[0]
        blocks, stop_reason, stop_sequence = _answer(body)
        usage = self._usage(body, blocks)
        message_id = "msg_01" + _rand(22)
        if body.get("stream"):
            broken = STREAM_ERROR_MARKER in last_text
            return _stream(message_id, snapshot, blocks, stop_reason, stop_sequence, usage, broken)
        message = {
            "id": message_id,
            "type": "message",
            "role": "assistant",
            "model": snapshot,
            "content": blocks,
            "stop_reason": stop_reason,
            "stop_sequence": stop_sequence,
            "usage": usage,
        }
        return _json(200, message)

    def _usage(self, body: dict[str, Any], blocks: list[dict[str, Any]]) -> dict[str, Any]:
        total = _prompt_tokens(body)
        prefix = _cached_prefix(body)
        write = read = 0
        if prefix is not None:
            tokens = _prompt_tokens({**body, **prefix[1]})
            if tokens >= _CACHE_MINIMUM:
                with self._lock:
                    seen = prefix[0] in self._cached
                    self._cached.add(prefix[0])
                write, read = (0, tokens) if seen else (tokens, 0)
        output = sum(
            estimate_tokens(b.get("text") or b.get("thinking") or json.dumps(b.get("input") or ""))
            + (len(b.get("data", "")) // 8)
            for b in blocks
        )
        return {
            "input_tokens": max(1, total - write - read),
            "cache_creation_input_tokens": write,
            "cache_read_input_tokens": read,
            "cache_creation": {"ephemeral_5m_input_tokens": write, "ephemeral_1h_input_tokens": 0},
            "output_tokens": max(1, output),
            "service_tier": "standard",
        }


# -- request checks -------------------------------------------------------------------------


def _bad(message: str) -> Rejected:
    return Rejected(400, "invalid_request_error", message)


def _check_body(body: dict[str, Any], counting: bool) -> None:
    messages = body["messages"]
    if not isinstance(messages, list) or not messages:
        raise _bad("messages: at least one message is required")
    if messages[0].get("role") != "user":
        raise _bad('messages: first message must use the "user" role')
    for index, message in enumerate(messages):
        role = message.get("role")
        if role not in ("user", "assistant"):
            raise _bad(f"messages.{index}.role: Input should be 'user' or 'assistant'")
        if index and messages[index - 1].get("role") == role:
            raise _bad(
                'messages: roles must alternate between "user" and "assistant", '
                f'but found multiple "{role}" roles in a row'
            )
        content = message.get("content")
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        if not isinstance(blocks, list) or (not blocks and index != len(messages) - 1):
            raise _bad(
                f"messages.{index}: all messages must have non-empty content except for the "
                "optional final assistant message"
            )
        for j, block in enumerate(blocks):
            if block.get("type") == "text" and not block.get("text"):
                raise _bad(f"messages.{index}.content.{j}.text: text content blocks must be non-empty")
        if role == "user" and index:
            previous = messages[index - 1].get("content") or []
            calls = {b.get("id") for b in previous if isinstance(b, dict) and b.get("type") == "tool_use"}
            for block in blocks:
                if block.get("type") == "tool_result" and block.get("tool_use_id") not in calls:
                    raise _bad(
                        f"messages.{index}.content: unexpected `tool_use_id` found in `tool_result` blocks: "
                        f"{block.get('tool_use_id')}. Each `tool_result` block must have a corresponding "
                        "`tool_use` block in the previous message."
                    )
    model = body["model"]
    native, limit = (MODELS.get(model) or SNAPSHOTS[model])[1:]
    if not counting:
        max_tokens = body["max_tokens"]
        if not isinstance(max_tokens, int) or max_tokens < 1:
            raise _bad("max_tokens: Input should be greater than or equal to 1")
        if max_tokens > limit:
            raise _bad(
                f"max_tokens: {max_tokens} > {limit}, which is the maximum allowed number of "
                f"output tokens for {model}"
            )
    temperature = body.get("temperature")
    if temperature is not None and not 0 <= temperature <= 1:
        raise _bad("temperature: Input should be less than or equal to 1")
    if temperature is not None and body.get("top_p") is not None and native:
        raise _bad("`temperature` and `top_p` cannot both be specified for this model. Please use only one.")
    fmt = (body.get("output_config") or {}).get("format")
    if fmt is not None and not native:
        raise _bad(f"output_config.format: structured outputs are not supported by {model}")
    thinking = body.get("thinking") or {}
    if thinking.get("type") == "enabled":
        budget = thinking.get("budget_tokens")
        if not isinstance(budget, int) or budget < 1024:
            raise _bad("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")
        if not counting and budget >= body["max_tokens"]:
            raise _bad(
                "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our "
                "documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking"
                "#max-tokens-and-context-window-size"
            )
        if temperature not in (None, 1):
            raise _bad(
                "`temperature` may only be set to 1 when thinking is enabled. Please consult our "
                "documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking"
                "#feature-compatibility"
            )
        if body.get("top_k") is not None:
            raise _bad("`top_k` is not supported when thinking is enabled.")
        if (body.get("tool_choice") or {}).get("type") in ("any", "tool"):
            raise _bad("Thinking may not be enabled when tool_choice forces tool use.")
        _check_thinking_history(messages)


def _check_thinking_history(messages: list[dict[str, Any]]) -> None:
    for index, message in enumerate(messages):
        if message.get("role") != "assistant" or not isinstance(message.get("content"), list):
            continue
        for j, block in enumerate(message["content"]):
            if block.get("type") == "thinking" and not _signed(
                str(block.get("signature", "")), str(block.get("thinking", ""))
            ):
                raise _bad(f"messages.{index}.content.{j}: Invalid `signature` in `thinking` block")
            if block.get("type") == "redacted_thinking" and not _redacted_ok(str(block.get("data", ""))):
                raise _bad(f"messages.{index}.content.{j}: Invalid `data` in `redacted_thinking` block")
    last = messages[-1]
    results = isinstance(last.get("content"), list) and any(
        b.get("type") == "tool_result" for b in last["content"]
    )
    if results and len(messages) >= 2:
        assistant = messages[-2].get("content") or []
        first = assistant[0].get("type") if assistant else None
        if first not in ("thinking", "redacted_thinking"):
            raise _bad(
                f"messages.{len(messages) - 2}.content.0.type: Expected `thinking` or "
                f"`redacted_thinking`, but found `{first}`. When `thinking` is enabled, a final "
                "`assistant` message must start with a "
                "thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We "
                "recommend you include thinking blocks from previous turns. To avoid this "
                "requirement, disable `thinking`. Please consult our documentation at "
                "https://docs.claude.com/en/docs/build-with-claude/extended-thinking"
            )


# -- the model ------------------------------------------------------------------------------


def _texts(content: Any) -> list[str]:
    if isinstance(content, str):
        return [content]
    out = []
    for block in content or ():
        if block.get("type") == "text":
            out.append(str(block.get("text", "")))
        elif block.get("type") == "tool_result":
            out.extend(
                _texts(block.get("content"))
                if not isinstance(block.get("content"), str)
                else [block["content"]]
            )
    return out


def _last_user_text(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user":
            return " ".join(_texts(message.get("content")))
    return ""


def _prompt_tokens(body: Mapping[str, Any]) -> int:
    """About four characters a token, as Anthropic's tokenizer is not public; images
    and documents cost their size in the same way."""
    tokens = 3
    for name in ("system", "tools"):
        if body.get(name):
            tokens += estimate_tokens(json.dumps(body[name], ensure_ascii=False))
    for message in body.get("messages") or ():
        tokens += 4 + estimate_tokens(json.dumps(message.get("content"), ensure_ascii=False)) // 3
    return tokens


def _cached_prefix(body: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The prefix up to the last ``cache_control`` breakpoint (tools, then system, then
    messages), as a key and as a body holding only that prefix."""
    found: tuple[str, dict[str, Any]] | None = None
    tools = body.get("tools") or []
    for i, tool in enumerate(tools):
        if tool.get("cache_control"):
            part = {"tools": tools[: i + 1], "system": None, "messages": []}
            found = (json.dumps(part, sort_keys=True), part)
    system = body.get("system")
    if isinstance(system, list):
        for i, block in enumerate(system):
            if block.get("cache_control"):
                part = {"tools": tools, "system": system[: i + 1], "messages": []}
                found = (json.dumps(part, sort_keys=True), part)
    for m, message in enumerate(body["messages"]):
        content = message.get("content")
        for i, block in enumerate(content if isinstance(content, list) else ()):
            if block.get("cache_control"):
                partial = [*body["messages"][:m], {**message, "content": content[: i + 1]}]
                part = {"tools": tools, "system": system, "messages": partial}
                found = (json.dumps(part, sort_keys=True), part)
    return found


def _as_chat(body: dict[str, Any]) -> dict[str, Any]:
    """The request in Chat Completions terms, for ``openai_wire.plan_chat``."""
    messages: list[dict[str, Any]] = []
    system = body.get("system")
    if system:
        messages.append(
            {"role": "system", "content": system if isinstance(system, str) else " ".join(_texts(system))}
        )
    for message in body["messages"]:
        content = message.get("content")
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        if message["role"] == "assistant":
            calls = [
                {
                    "id": b["id"],
                    "type": "function",
                    "function": {"name": b["name"], "arguments": json.dumps(b.get("input") or {})},
                }
                for b in blocks
                if b.get("type") == "tool_use"
            ]
            entry: dict[str, Any] = {"role": "assistant", "content": " ".join(_texts(blocks)) or None}
            if calls:
                entry["tool_calls"] = calls
            messages.append(entry)
            continue
        parts: list[dict[str, Any]] = []
        for block in blocks:
            kind = block.get("type")
            if kind == "tool_result":
                result = block.get("content")
                text = result if isinstance(result, str) else " ".join(_texts(result))
                messages.append({"role": "tool", "tool_call_id": block.get("tool_use_id"), "content": text})
            elif kind == "text":
                parts.append({"type": "text", "text": block.get("text", "")})
            elif kind == "image":
                source = block.get("source") or {}
                url = source.get("url") or f"data:{source.get('media_type')};base64,{source.get('data')}"
                parts.append({"type": "image_url", "image_url": {"url": url}})
            elif kind == "document":
                source = block.get("source") or {}
                if source.get("type") == "text":
                    parts.append({"type": "text", "text": source.get("data", "")})
                else:
                    data = f"data:application/pdf;base64,{source.get('data', '')}"
                    parts.append(
                        {
                            "type": "file",
                            "file": {"filename": block.get("title") or "document.pdf", "file_data": data},
                        }
                    )
        if parts:
            messages.append({"role": "user", "content": parts})
    chat: dict[str, Any] = {"messages": messages, "max_tokens": body.get("max_tokens")}
    tools = [t for t in body.get("tools") or () if "input_schema" in t]
    if tools:
        chat["tools"] = [
            {"type": "function", "function": {"name": t["name"], "parameters": t["input_schema"]}}
            for t in tools
        ]
        choice = body.get("tool_choice") or {"type": "auto"}
        kind = choice.get("type")
        chat["tool_choice"] = (
            {"type": "function", "function": {"name": choice.get("name")}}
            if kind == "tool"
            else {"any": "required"}.get(kind, kind)
        )
        if choice.get("disable_parallel_tool_use"):
            chat["parallel_tool_calls"] = False
    fmt = (body.get("output_config") or {}).get("format")
    if fmt:
        chat["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "output", "schema": fmt.get("schema")},
        }
    return chat


def _answer(body: dict[str, Any]) -> tuple[list[dict[str, Any]], str, str | None]:
    """The content blocks, ``stop_reason`` and ``stop_sequence`` of the answer."""
    plan = plan_chat(_as_chat(body))
    blocks: list[dict[str, Any]] = []
    last_text = _last_user_text(body["messages"])
    if (body.get("thinking") or {}).get("type") in ("enabled", "adaptive"):
        if REDACTED_THINKING_TRIGGER in last_text:
            blocks.append({"type": "redacted_thinking", "data": redacted_data()})
        thinking = _thinking_text(last_text, plan.calls)
        blocks.append({"type": "thinking", "thinking": thinking, "signature": sign_thinking(thinking)})
    if plan.calls:
        for name, arguments in plan.calls:
            blocks.append(
                {
                    "type": "tool_use",
                    "id": "toolu_01" + _rand(22),
                    "name": name,
                    "input": json.loads(arguments),
                }
            )
        return blocks, "tool_use", None
    text = _counting(last_text) if not (body.get("output_config") or {}).get("format") else None
    text = text or plan.text or ""
    stop_reason, stop_sequence = "end_turn", None
    stops = [s for s in body.get("stop_sequences") or () if s in text]
    if stops:
        stop_sequence = min(stops, key=text.find)
        text, stop_reason = text[: text.find(stop_sequence)], "stop_sequence"
    elif plan.finish_reason == "length":
        stop_reason = "max_tokens"
    documents = _cited_documents(body["messages"])
    if documents and stop_reason == "end_turn":
        blocks.extend(_cited_answer(documents))
    elif text:
        blocks.append({"type": "text", "text": text})
    return blocks, stop_reason, stop_sequence


_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _counting(question: str) -> str | None:
    """``Count from one to five``: the numbers, in words (the shared fake has no counting)."""
    match = re.search(r"\bcount (?:from )?(?:one|1) to (\w+)", question, re.IGNORECASE)
    if not match:
        return None
    word = match.group(1).lower()
    last = _NUMBERS.index(word) + 1 if word in _NUMBERS else int(word) if word.isdigit() else 5
    words = list(_NUMBERS[: max(1, min(last, len(_NUMBERS)))])
    return ", ".join(words).capitalize() + "."


def _thinking_text(question: str, calls: list[tuple[str, str]]) -> str:
    asked = " ".join(question.split())[:120]
    plan = (
        "I should call " + " and ".join(f"{name} with {arguments}" for name, arguments in calls) + " first."
        if calls
        else "I can answer this directly and briefly."
    )
    return f'The user asks: "{asked}". {plan}'


def _cited_documents(messages: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Documents of the last user turn with citations enabled, with their index among
    all the request's documents (Anthropic numbers them across the whole request)."""
    documents = [
        b
        for m in messages
        if isinstance(m.get("content"), list)
        for b in m["content"]
        if b.get("type") == "document"
    ]
    last = messages[-1].get("content") if messages[-1].get("role") == "user" else []
    return [
        (i, d)
        for i, d in enumerate(documents)
        if (d.get("citations") or {}).get("enabled") and isinstance(last, list) and any(d is b for b in last)
    ]


def _cited_answer(documents: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"type": "text", "text": "According to the document, "}]
    for index, document in documents:
        source = document.get("source") or {}
        title = document.get("title")
        if source.get("type") == "text":
            text = str(source.get("data", ""))
            sentence = re.split(r"(?<=[.!?])\s", text.strip())[0]
            start = text.find(sentence)
            citation = {
                "type": "char_location",
                "cited_text": sentence,
                "document_index": index,
                "document_title": title,
                "start_char_index": start,
                "end_char_index": start + len(sentence),
            }
            claim = sentence.rstrip(".!?")
        else:
            pages, texts = pdf_contents(f"data:application/pdf;base64,{source.get('data', '')}")
            cited = " ".join(texts) or "(no text)"
            citation = {
                "type": "page_location",
                "cited_text": cited,
                "document_index": index,
                "document_title": title,
                "start_page_number": 1,
                "end_page_number": max(1, pages) + 1,
            }
            claim = f"its page reads \u201c{cited}\u201d"
        blocks.append({"type": "text", "text": claim, "citations": [citation]})
    blocks.append({"type": "text", "text": "."})
    return blocks


# -- streams --------------------------------------------------------------------------------


def _stream(
    message_id: str,
    snapshot: str,
    blocks: list[dict[str, Any]],
    stop_reason: str,
    stop_sequence: str | None,
    usage: dict[str, Any],
    broken: bool,
) -> WireResponse:
    start_usage = {**usage, "output_tokens": 1}
    message = {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": snapshot,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": start_usage,
    }
    events = [_event("message_start", {"type": "message_start", "message": message})]
    for index, block in enumerate(blocks):
        kind = block["type"]
        if kind == "text":
            opening: dict[str, Any] = {"type": "text", "text": ""}
            if "citations" in block:
                opening["citations"] = []
        elif kind == "thinking":
            opening = {"type": "thinking", "thinking": "", "signature": ""}
        elif kind == "tool_use":
            opening = {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}
        else:
            opening = block
        events.append(
            _event(
                "content_block_start",
                {"type": "content_block_start", "index": index, "content_block": opening},
            )
        )
        if index == 0:
            events.append(_event("ping", {"type": "ping"}))
        deltas: list[dict[str, Any]] = []
        if kind == "text":
            deltas = [{"type": "citations_delta", "citation": c} for c in block.get("citations", ())]
            deltas += [{"type": "text_delta", "text": piece} for piece in _text_fragments(block["text"])]
        elif kind == "thinking":
            deltas = [
                {"type": "thinking_delta", "thinking": piece} for piece in _text_fragments(block["thinking"])
            ]
            deltas.append({"type": "signature_delta", "signature": block["signature"]})
        elif kind == "tool_use":
            arguments = json.dumps(block["input"], ensure_ascii=False)
            deltas = [{"type": "input_json_delta", "partial_json": ""}]
            deltas += [
                {"type": "input_json_delta", "partial_json": piece}
                for piece in _argument_fragments(arguments)
            ]
        for delta in deltas:
            events.append(
                _event("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta})
            )
            if broken and delta["type"] == "text_delta":
                error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
                events.append(_event("error", error))
                return _sse(events)
        events.append(_event("content_block_stop", {"type": "content_block_stop", "index": index}))
    final = {
        k: usage[k]
        for k in ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "output_tokens")
    }
    events.append(
        _event(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": stop_sequence},
                "usage": final,
            },
        )
    )
    events.append(_event("message_stop", {"type": "message_stop"}))
    return _sse(events)


def _sse(events: list[bytes]) -> WireResponse:
    headers = {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        **_headers(_request_id()),
    }
    return WireResponse(200, headers, events=events)
