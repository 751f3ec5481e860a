"""A loopback stand-in for the Vercel AI Gateway (``ai-gateway.vercel.sh``).

These machines cannot reach the Gateway, so its cassettes are *written*: the tests run
against ``FakeGateway`` (stdlib ``http.server`` on 127.0.0.1, one thread per
connection), VCR records what it answers, and ``tests/gateway/conftest.py`` rewrites the
recorded URIs to ``https://ai-gateway.vercel.sh``. Anyone with a key re-records the same
tests against the real Gateway (see ``cassettes/README.md``). The protocol tests use the
server directly and read back ``requests``: every request exactly as it arrived
(method, path, lower-cased headers, parsed JSON body), paired with what was answered.

What it speaks is the AI SDK Gateway wire protocol (``@ai-sdk/gateway`` 4.x, notes in
``/work/shared/reference/vercel-ai-sdk.md`` section 3):

* ``POST /v4/ai/language-model`` and ``/v3/ai/language-model``: the body is the AI SDK's
  call options (``LanguageModelV4CallOptions`` minus ``abortSignal``); the model id,
  spec version and streaming flag travel in ``ai-language-model-*`` headers. The body is
  checked the way the Gateway's Zod schema would (required keys, part shapes, file data
  tagged on v4 and a plain string on v3, tool-result outputs, tool-result content items
  per version) and refused with an ``invalid_request_error`` whose ``param`` is a
  Zod-style issue list. The answer is a ``LanguageModelV4GenerateResult``
  (``content``, ``finishReason {unified, raw}``, nested ``usage`` with the provider's
  ``raw`` usage, ``providerMetadata.gateway`` with routing, cost and ``generationId``,
  ``response``), or with ``ai-language-model-streaming: true`` an SSE stream of V4
  stream parts, one ``data: <part JSON>`` event each: ``stream-start``,
  ``response-metadata``, reasoning / text blocks, ``tool-input-start/delta/end`` then
  ``tool-call`` per call, ``raw`` parts only when ``includeRawChunks``, ``finish``; a
  ``ping`` keep-alive before a reasoning model thinks. A JSON response format also gives
  ``structuredOutputText``. ``FakeGateway.scripted`` answers a model id with exactly the
  parts or result a test gives (after every check of the request).
* ``POST /v4/ai/embedding-model``: ``{values, dimensions?, providerOptions?}`` ->
  ``{embeddings, usage: {tokens}, providerMetadata, warnings}`` (at most 2048 values;
  the top-level ``dimensions`` honoured for every model, and the upstreams' own
  ``providerOptions.openai.dimensions`` / ``google.outputDimensionality``, which win;
  any other body key refused, and ``dimensions`` on ``/v3/ai``, which has none).
* ``GET /v4/ai/config``: the model catalogue (pricing as USD strings, ``specification``,
  ``modelType``), of every type the 4.x client lists (decision and evaluation too), and
  one entry of a ``modelType`` no client knows yet.
* ``GET /v1/credits`` on the origin: ``{balance, total_used}``, the caller's own, or a
  team's with ``?teamId=`` or ``?slug=`` (the team header alone is not honoured there).
* ``GET /v1/generation?id=gen_...`` on the origin: ``{data: {id, total_cost,
  upstream_inference_cost, usage, created_at, model, is_byok, provider_name, streamed,
  finish_reason, latency, generation_time, native_tokens_prompt, native_tokens_completion,
  native_tokens_reasoning, native_tokens_cached, native_tokens_cache_creation,
  billable_web_search_calls}}`` (money as JSON numbers) for every generation this fake
  answered (language and embedding calls, a stream that failed midway with finish reason
  ``error``); an unknown id is ``not_found``, a missing id or any other parameter
  ``invalid_request_error``.
* ``GET /v1/report?start_date=&end_date=&group_by=&date_part=&user_id=&model=&provider=&
  credential_type=&tags=`` on the origin: ``{results: [{<group field>, total_cost,
  market_cost, input_tokens, output_tokens, cached_input_tokens,
  cache_creation_input_tokens, reasoning_tokens, request_count}]}`` over the generations
  it answered (``user`` and ``tags`` from ``providerOptions.gateway``; ``group_by``
  defaults to ``day``, and ``date_part=hour`` gives ``hour`` rows); both dates
  (``YYYY-MM-DD``, inclusive) are required, and an unknown parameter or value is
  ``invalid_request_error``.
* Errors in the Gateway's body ``{"error": {message, type, param?, code?},
  "generationId"?}``. Missing auth or a token starting with ``vck_invalid`` gives
  ``authentication_error``; an unknown model id ``model_not_found``; an unknown path
  ``not_found``; a mis-shaped body ``invalid_request_error``. Every other error is asked
  for by the model id: ``errors/<type>`` answers that ``error.type`` with its usual
  status, ``errors/<type>/<status>`` with that status; ``<type>`` may also be ``html``
  (a proxy's HTML page), ``text`` (plain text), ``empty`` (no body), ``untyped`` (no
  ``error.type``) or any unknown name; ``errors/in-stream`` fails inside the stream
  with an in-band ``failed_dependency`` error part, ``errors/in-stream/<type>`` with
  one of that type.

What the "model" answers depends on the request, as ``tests/openai_wire.py`` does (the
same helpers): tools named or required are called with arguments built from their JSON
schemas and the user's words; after tool results it answers in text; a JSON response
format with a schema gives JSON valid for it; stop sequences and ``maxOutputTokens``
cut the text; reasoning models asked for ``reasoning`` think first. Token counts are
estimates (about four characters a token).
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from openai_wire import (
    WireResponse,
    _argument_fragments,
    _snippet,
    _text_fragments,
    _unit_vector,
    estimate_tokens,
    plan_chat,
    send_wire_response,
)

GATEWAY_ORIGIN = "https://ai-gateway.vercel.sh"
GATEWAY_API = f"{GATEWAY_ORIGIN}/v4/ai"
GATEWAY_API_V3 = f"{GATEWAY_ORIGIN}/v3/ai"
PROTOCOL_VERSION = "0.0.1"
INVALID_KEY = "vck_invalid"
ERROR_MODEL_PREFIX = "errors/"
IN_STREAM_ERROR_MODEL = "errors/in-stream"
"""Streams two text deltas, then an in-band ``failed_dependency`` error part;
``errors/in-stream/<type>`` sends an error part of that ``error.type`` instead."""
MAX_EMBEDDINGS_PER_CALL = 2048
RETRY_AFTER_SECONDS = 1

# error.type -> (usual HTTP status, message, param, code)
ERROR_TYPES: Mapping[str, tuple[int, str, Any, str | None]] = {
    "authentication_error": (401, "Invalid API key or token", None, "invalid_api_key"),
    "invalid_request_error": (
        400,
        "Invalid request: the request body does not match the expected schema",
        [{"code": "custom", "path": [], "message": "Rejected on request"}],
        None,
    ),
    "rate_limit_exceeded": (
        429,
        "Rate limit exceeded. Please wait before making more requests.",
        None,
        "rate_limit_exceeded",
    ),
    "model_not_found": (404, "Model not found", None, None),
    "not_found": (404, "The requested resource was not found", None, None),
    "internal_server_error": (500, "An internal server error occurred", None, None),
    "failed_dependency": (
        424,
        "The upstream provider returned an error: Overloaded",
        None,
        "upstream_error",
    ),
    "forbidden": (
        403,
        "This request was blocked by a policy rule of your team",
        {"ruleId": "rule_01JZK3V7Q8S2M5X9D4T6W1YBNC"},
        None,
    ),
}
# The one team the fake knows, by id or slug, and its credits (not the caller's own).
TEAM_ID = "team_4Hc9Lw0pQ2xT7mB1vN8kR3sY"
TEAM_SLUG = "acme-team"
TEAM_CREDITS: Mapping[str, str] = {"balance": "1203.5", "total_used": "796.5"}
MALFORMED_ERRORS: Mapping[str, int] = {"html": 502, "text": 503, "empty": 503}
# The embedding route's body: ``{values, dimensions, providerOptions}`` on v4 (the 4.x
# client), ``{values, providerOptions}`` on v3; any other key is refused.
_EMBEDDING_BODY_KEYS: Mapping[int, frozenset[str]] = {
    4: frozenset({"values", "dimensions", "providerOptions"}),
    3: frozenset({"values", "providerOptions"}),
}


@dataclass(frozen=True)
class CatalogueModel:
    id: str
    name: str
    model_type: str
    provider: str
    upstream_id: str
    input_price: str | None = None
    output_price: str | None = None
    cache_read_price: str | None = None
    cache_write_price: str | None = None
    description: str | None = None
    reasoning: bool = False
    dimensions: int | None = None


CATALOGUE: Sequence[CatalogueModel] = (
    CatalogueModel(
        "openai/gpt-5",
        "GPT-5",
        "language",
        "openai",
        "gpt-5-2025-08-07",
        "0.00000125",
        "0.00001",
        "0.000000125",
        description="OpenAI's flagship reasoning model.",
        reasoning=True,
    ),
    CatalogueModel(
        "openai/gpt-4o-mini",
        "GPT-4o mini",
        "language",
        "openai",
        "gpt-4o-mini-2024-07-18",
        "0.00000015",
        "0.0000006",
        "0.000000075",
        description="A small, fast and cheap multimodal model.",
    ),
    CatalogueModel(
        "openai/gpt-4.1-mini",
        "GPT-4.1 mini",
        "language",
        "openai",
        "gpt-4.1-mini-2025-04-14",
        "0.0000004",
        "0.0000016",
        "0.0000001",
        description="A fast, affordable model with a one-million-token context.",
    ),
    CatalogueModel(
        "anthropic/claude-sonnet-4.6",
        "Claude Sonnet 4.6",
        "language",
        "anthropic",
        "claude-sonnet-4-6",
        "0.000003",
        "0.000015",
        "0.0000003",
        "0.00000375",
        description="Anthropic's balanced model for coding and agents.",
        reasoning=True,
    ),
    CatalogueModel(
        "google/gemini-2.5-flash",
        "Gemini 2.5 Flash",
        "language",
        "google",
        "gemini-2.5-flash",
        "0.0000003",
        "0.0000025",
    ),
    CatalogueModel(
        "openai/text-embedding-3-small",
        "text-embedding-3-small",
        "embedding",
        "openai",
        "text-embedding-3-small",
        "0.00000002",
        "0",
        dimensions=1536,
    ),
    CatalogueModel(
        "google/gemini-embedding-001",
        "Gemini Embedding 001",
        "embedding",
        "google",
        "gemini-embedding-001",
        "0.00000015",
        "0",
        dimensions=3072,
    ),
    CatalogueModel(
        "cohere/embed-v4.0",
        "Embed v4.0",
        "embedding",
        "cohere",
        "embed-v4.0",
        "0.00000012",
        "0",
        dimensions=1536,
    ),
    CatalogueModel("openai/gpt-image-1", "GPT Image 1", "image", "openai", "gpt-image-1"),
    CatalogueModel(
        "liquid/d1",
        "D1",
        "decision",
        "liquid",
        "d1",
        description="Picks one of a set of options (the Gateway's /decision-model route).",
    ),
    CatalogueModel(
        "typesafe-ai/jev",
        "Jev",
        "evaluation",
        "typesafe-ai",
        "jev",
        description="Grades an answer against a question.",
    ),
)
UNKNOWN_TYPE_ENTRY: Mapping[str, Any] = {
    "id": "acme/holo-1",
    "name": "Holo 1",
    "description": "A model of a kind this client does not know.",
    "modelType": "hologram",
    "specification": {"specificationVersion": "v4", "provider": "acme", "modelId": "acme/holo-1"},
}
MODELS: Mapping[str, CatalogueModel] = {m.id: m for m in CATALOGUE}
# Providers that can serve each creator's models, in the Gateway's default order.
PROVIDERS: Mapping[str, tuple[str, ...]] = {
    "openai": ("openai", "azure"),
    "anthropic": ("anthropic", "vertex", "bedrock"),
    "google": ("vertex", "google"),
}
_FINISH_RAW: Mapping[str, Mapping[str, str]] = {
    "openai": {"stop": "stop", "length": "length", "tool-calls": "tool_calls"},
    "anthropic": {"stop": "end_turn", "length": "max_tokens", "tool-calls": "tool_use"},
    "google": {"stop": "STOP", "length": "MAX_TOKENS", "tool-calls": "STOP"},
}
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_REPORT_SUMS = (
    "total_cost",
    "market_cost",
    "input_tokens",
    "output_tokens",
    "cached_input_tokens",
    "cache_creation_input_tokens",
    "reasoning_tokens",
    "request_count",
)


def _in_stream_error(model_id: str) -> str | None:
    """The ``error.type`` an ``errors/in-stream[/<type>]`` model fails with mid-stream."""
    if model_id == IN_STREAM_ERROR_MODEL:
        return "failed_dependency"
    if model_id.startswith(IN_STREAM_ERROR_MODEL + "/"):
        return model_id[len(IN_STREAM_ERROR_MODEL) + 1 :] or None
    return None


def generation_id() -> str:
    """``gen_`` and a ULID, as the Gateway names generations."""
    millis = int(time.time() * 1000)
    head = "".join(_CROCKFORD[(millis >> shift) & 31] for shift in range(45, -5, -5))
    return "gen_" + head + "".join(secrets.choice(_CROCKFORD) for _ in range(16))


def error_body(
    type_: str | None,
    message: str,
    *,
    param: Any = None,
    code: str | None = None,
    generation: str | None = None,
) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message}
    if type_ is not None:
        error["type"] = type_
    if param is not None:
        error["param"] = param
    if code is not None:
        error["code"] = code
    body: dict[str, Any] = {"error": error}
    if generation:
        body["generationId"] = generation
    return body


# -- requests and responses -------------------------------------------------------------


@dataclass
class SeenRequest:
    """One request as the server received it, and what it answered."""

    method: str
    path: str
    headers: dict[str, str]
    raw: bytes
    body: Any
    """The JSON body (``None`` when empty or not JSON)."""
    status: int | None = None
    answer: str = ""

    @property
    def route(self) -> str:
        return urlsplit(self.path).path

    @property
    def answer_json(self) -> Any:
        return json.loads(self.answer)

    @property
    def answer_parts(self) -> list[Any]:
        """The stream parts of an SSE answer (``data:`` payloads as JSON)."""
        return [
            json.loads(line[5:].strip())
            for line in self.answer.splitlines()
            if line.startswith("data:") and line[5:].strip() != "[DONE]"
        ]


def _vercel_headers() -> dict[str, str]:
    region, millis = "iad1", int(time.time() * 1000)
    return {
        "x-vercel-id": f"{region}::{region}::{secrets.token_hex(4)}-{millis}-{secrets.token_hex(6)}",
        "x-vercel-cache": "MISS",
        "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
        "cache-control": "no-store",
    }


def json_response(status: int, payload: Any, extra: Mapping[str, str] | None = None) -> WireResponse:
    headers = {"content-type": "application/json", **_vercel_headers(), **(extra or {})}
    return WireResponse(status, headers, json.dumps(payload, separators=(",", ":")).encode())


def error_response(
    status: int,
    type_: str | None,
    message: str,
    *,
    param: Any = None,
    code: str | None = None,
    generation: str | None = None,
    extra: Mapping[str, str] | None = None,
) -> WireResponse:
    return json_response(
        status,
        error_body(type_, message, param=param, code=code, generation=generation),
        extra,
    )


# -- the Gateway's request schema, Zod-style issues ---------------------------------------


def _issue(path: Sequence[Any], message: str, expected: str | None = None) -> dict[str, Any]:
    issue: dict[str, Any] = {"code": "invalid_type" if expected else "custom", "path": list(path)}
    if expected:
        issue["expected"] = expected
        issue["received"] = "undefined" if message == "Required" else "other"
    issue["message"] = message
    return issue


_V4_CONTENT_ITEMS = frozenset({"text", "file", "custom"})
_V3_CONTENT_ITEMS = frozenset(
    {"text", "file-data", "file-url", "file-id", "image-data", "image-url", "image-file-id", "custom"}
)
_OUTPUT_TYPES = frozenset({"text", "json", "error-text", "error-json", "execution-denied", "content"})
_PARTS_BY_ROLE: Mapping[str, frozenset[str]] = {
    "user": frozenset({"text", "file"}),
    "assistant": frozenset(
        {"text", "file", "reasoning", "tool-call", "tool-result", "custom", "reasoning-file"}
    ),
    "tool": frozenset({"tool-result", "tool-approval-response"}),
}


def call_option_issues(body: Any, version: int) -> list[dict[str, Any]]:
    """What the Gateway's schema would refuse in a language-model request body."""
    if not isinstance(body, dict):
        return [_issue([], "Expected object", "object")]
    issues: list[dict[str, Any]] = []
    prompt = body.get("prompt")
    if not isinstance(prompt, list):
        return [_issue(["prompt"], "Required" if prompt is None else "Expected array", "array")]
    for m, message in enumerate(prompt):
        issues += _message_issues(message, ["prompt", m], version)
    for name in (
        "maxOutputTokens",
        "temperature",
        "topP",
        "topK",
        "presencePenalty",
        "frequencyPenalty",
        "seed",
    ):
        if name in body and not isinstance(body[name], (int, float)):
            issues.append(_issue([name], "Expected number", "number"))
    if "stopSequences" in body and not (
        isinstance(body["stopSequences"], list) and all(isinstance(s, str) for s in body["stopSequences"])
    ):
        issues.append(_issue(["stopSequences"], "Expected array of strings", "array"))
    fmt = body.get("responseFormat")
    if fmt is not None and (not isinstance(fmt, dict) or fmt.get("type") not in ("text", "json")):
        issues.append(
            _issue(["responseFormat", "type"], "Invalid discriminator value. Expected 'text' | 'json'")
        )
    for t, tool in enumerate(body.get("tools") or ()):
        issues += _tool_issues(tool, ["tools", t])
    choice = body.get("toolChoice")
    if choice is not None:
        if not isinstance(choice, dict) or choice.get("type") not in ("auto", "none", "required", "tool"):
            issues.append(_issue(["toolChoice", "type"], "Invalid discriminator value"))
        elif choice["type"] == "tool" and not isinstance(choice.get("toolName"), str):
            issues.append(_issue(["toolChoice", "toolName"], "Required", "string"))
    if version >= 4 and body.get("reasoning") not in (
        None,
        "provider-default",
        "none",
        "minimal",
        "low",
        "medium",
        "high",
        "xhigh",
        "max",
    ):
        issues.append(_issue(["reasoning"], "Invalid enum value"))
    options = body.get("providerOptions")
    if options is not None and not (
        isinstance(options, dict) and all(isinstance(v, dict) for v in options.values())
    ):
        issues.append(_issue(["providerOptions"], "Expected record of objects", "object"))
    return issues


def _message_issues(message: Any, path: list[Any], version: int) -> list[dict[str, Any]]:
    if not isinstance(message, dict):
        return [_issue(path, "Expected object", "object")]
    role = message.get("role")
    content = message.get("content")
    if role == "system":
        return [] if isinstance(content, str) else [_issue([*path, "content"], "Expected string", "string")]
    if role not in _PARTS_BY_ROLE:
        return [
            _issue(
                [*path, "role"],
                "Invalid discriminator value. Expected 'system' | 'user' | 'assistant' | 'tool'",
            )
        ]
    if not isinstance(content, list):
        return [_issue([*path, "content"], "Expected array", "array")]
    issues: list[dict[str, Any]] = []
    allowed = _PARTS_BY_ROLE[role]
    if version < 4:
        allowed = allowed - {"custom", "reasoning-file"}
    for p, part in enumerate(content):
        where = [*path, "content", p]
        kind = part.get("type") if isinstance(part, dict) else None
        if kind not in allowed:
            issues.append(
                _issue([*where, "type"], f"Invalid discriminator value for a {role} part: {kind!r}")
            )
            continue
        issues += _part_issues(part, where, version)
    return issues


def _part_issues(part: dict[str, Any], path: list[Any], version: int) -> list[dict[str, Any]]:
    kind = part["type"]
    issues: list[dict[str, Any]] = []

    def need_str(*keys: str) -> None:
        for key in keys:
            if not isinstance(part.get(key), str):
                issues.append(
                    _issue([*path, key], "Required" if key not in part else "Expected string", "string")
                )

    if kind in ("text", "reasoning"):
        need_str("text")
    elif kind in ("file", "reasoning-file"):
        need_str("mediaType")
        issues += _file_data_issues(part.get("data"), [*path, "data"], version)
    elif kind == "tool-call":
        need_str("toolCallId", "toolName")
        if "input" not in part:
            issues.append(_issue([*path, "input"], "Required", "unknown"))
    elif kind == "tool-result":
        need_str("toolCallId", "toolName")
        issues += _output_issues(part.get("output"), [*path, "output"], version)
    elif kind == "tool-approval-response":
        need_str("approvalId")
        if not isinstance(part.get("approved"), bool):
            issues.append(_issue([*path, "approved"], "Required", "boolean"))
    return issues


def _file_data_issues(data: Any, path: list[Any], version: int) -> list[dict[str, Any]]:
    if version < 4:
        return (
            []
            if isinstance(data, str)
            else [_issue(path, "Expected string (base64 data or a URL)", "string")]
        )
    if not isinstance(data, dict):
        return [_issue(path, "Expected object {type: 'data' | 'url' | 'reference' | 'text'}", "object")]
    kind = data.get("type")
    fields = {"data": "data", "url": "url", "text": "text"}
    if kind in fields:
        key = fields[kind]
        return [] if isinstance(data.get(key), str) else [_issue([*path, key], "Required", "string")]
    if kind == "reference":
        return (
            []
            if isinstance(data.get("reference"), dict)
            else [_issue([*path, "reference"], "Required", "object")]
        )
    return [
        _issue([*path, "type"], "Invalid discriminator value. Expected 'data' | 'url' | 'reference' | 'text'")
    ]


def _output_issues(output: Any, path: list[Any], version: int) -> list[dict[str, Any]]:
    if not isinstance(output, dict) or output.get("type") not in _OUTPUT_TYPES:
        return [_issue([*path, "type"], "Invalid discriminator value")]
    kind = output["type"]
    if kind in ("text", "error-text"):
        return (
            [] if isinstance(output.get("value"), str) else [_issue([*path, "value"], "Required", "string")]
        )
    if kind in ("json", "error-json"):
        return [] if "value" in output else [_issue([*path, "value"], "Required", "json")]
    if kind != "content":
        return []
    items = output.get("value")
    if not isinstance(items, list):
        return [_issue([*path, "value"], "Expected array", "array")]
    allowed = _V4_CONTENT_ITEMS if version >= 4 else _V3_CONTENT_ITEMS
    issues: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        where = [*path, "value", i]
        item_kind = item.get("type") if isinstance(item, dict) else None
        if item_kind not in allowed:
            issues.append(_issue([*where, "type"], f"Invalid discriminator value: {item_kind!r}"))
        elif item_kind == "text" and not isinstance(item.get("text"), str):
            issues.append(_issue([*where, "text"], "Required", "string"))
        elif item_kind == "file":
            if not isinstance(item.get("mediaType"), str):
                issues.append(_issue([*where, "mediaType"], "Required", "string"))
            issues += _file_data_issues(item.get("data"), [*where, "data"], 4)
        elif item_kind in ("file-data", "image-data") and not (
            isinstance(item.get("data"), str) and isinstance(item.get("mediaType"), str)
        ):
            issues.append(_issue(where, "Expected {data: base64 string, mediaType}"))
    return issues


def _tool_issues(tool: Any, path: list[Any]) -> list[dict[str, Any]]:
    if not isinstance(tool, dict):
        return [_issue(path, "Expected object", "object")]
    if tool.get("type") == "function":
        issues = [] if isinstance(tool.get("name"), str) else [_issue([*path, "name"], "Required", "string")]
        if not isinstance(tool.get("inputSchema"), dict):
            issues.append(_issue([*path, "inputSchema"], "Required", "object"))
        return issues
    if tool.get("type") == "provider":
        ok = isinstance(tool.get("id"), str) and isinstance(tool.get("name"), str)
        return [] if ok else [_issue(path, "Expected {id, name, args}")]
    return [_issue([*path, "type"], "Invalid discriminator value. Expected 'function' | 'provider'")]


# -- what the model answers ---------------------------------------------------------------


@dataclass
class _Plan:
    text: str | None = None
    reasoning: str | None = None
    calls: list[tuple[str, str, str]] = field(default_factory=list)
    """(toolCallId, toolName, input JSON)."""
    finish: str = "stop"


def _output_text(output: Mapping[str, Any]) -> str:
    kind = output.get("type")
    value = output.get("value")
    if kind in ("text", "error-text"):
        return str(value)
    if kind in ("json", "error-json"):
        return json.dumps(value, ensure_ascii=False)
    if kind == "execution-denied":
        return "nothing (it was not run)"
    return " ".join(
        i.get("text", f"a {i.get('mediaType', 'file')}") for i in value or () if isinstance(i, dict)
    )


def _data_url(part: Mapping[str, Any]) -> str:
    """A file part's data as OpenAI takes it: its URL, or a ``data:`` URL (v4 tagged
    data, or v3's plain string)."""
    media_type = str(part.get("mediaType") or "application/octet-stream")
    data = part.get("data")
    if isinstance(data, dict):
        if data.get("type") == "url":
            return str(data.get("url"))
        if data.get("type") == "text":
            return f"data:{media_type};base64," + base64.b64encode(str(data.get("text")).encode()).decode()
        data = data.get("data", "")
    data = str(data or "")
    if data.startswith(("data:", "http://", "https://")):
        return data
    return f"data:{media_type};base64,{data}"


def _chat_part(part: Mapping[str, Any]) -> dict[str, Any]:
    if part.get("type") != "file":
        return {"type": "text", "text": str(part.get("text", ""))}
    url = _data_url(part)
    if str(part.get("mediaType", "")).startswith("image/"):
        return {"type": "image_url", "image_url": {"url": url}}
    return {"type": "file", "file": {"filename": part.get("filename") or "document", "file_data": url}}


def _chat_messages(prompt: Sequence[Any]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for message in prompt:
        if not isinstance(message, dict):
            continue
        role, content = message.get("role"), message.get("content")
        if role == "system":
            messages.append({"role": "system", "content": content})
        elif role == "user":
            messages.append({"role": "user", "content": [_chat_part(p) for p in content or ()]})
        elif role == "assistant":
            text = "".join(p.get("text", "") for p in content or () if p.get("type") == "text")
            calls = [
                {
                    "id": p.get("toolCallId"),
                    "type": "function",
                    "function": {
                        "name": p.get("toolName"),
                        "arguments": p["input"]
                        if isinstance(p.get("input"), str)
                        else json.dumps(p.get("input"), ensure_ascii=False),
                    },
                }
                for p in content or ()
                if p.get("type") == "tool-call"
            ]
            messages.append(
                {"role": "assistant", "content": text or None, **({"tool_calls": calls} if calls else {})}
            )
        elif role == "tool":
            messages += [
                {
                    "role": "tool",
                    "tool_call_id": p.get("toolCallId"),
                    "content": _output_text(p.get("output") or {}),
                }
                for p in content or ()
                if p.get("type") == "tool-result"
            ]
    return messages


def _unsupported_file(body: Mapping[str, Any]) -> str | None:
    """A file media type the AI SDK's OpenAI provider (upstream of ``openai/*``) refuses
    with ``UnsupportedFunctionalityError``: it takes ``image/*`` and ``application/pdf``
    in user messages and tool-result content, nothing else (not a bare ``image``)."""
    for message in body.get("prompt") or ():
        for part in message.get("content") or () if isinstance(message.get("content"), list) else ():
            files = [part] if part.get("type") == "file" else []
            output = part.get("output") if part.get("type") == "tool-result" else None
            if isinstance(output, dict) and output.get("type") == "content":
                files += [i for i in output.get("value") or () if i.get("type") == "file"]
            for file in files:
                media = str(file.get("mediaType") or "")
                if not (media.startswith("image/") or media == "application/pdf"):
                    return media
    return None


def chat_completions_request(body: Mapping[str, Any]) -> dict[str, Any]:
    """The Gateway's V4 call options as the OpenAI Chat Completions request the
    upstream would get: ``prompt`` -> ``messages`` (files as ``image_url`` / ``file``
    parts, tool calls and results), ``tools``, ``toolChoice``, ``responseFormat`` (JSON
    with a schema -> ``json_schema``, without -> ``json_object``), ``stopSequences``,
    ``maxOutputTokens``. ``openai_wire.plan_chat`` answers it."""
    request: dict[str, Any] = {"messages": _chat_messages(body.get("prompt") or ())}
    tools = [t for t in body.get("tools") or () if isinstance(t, dict) and t.get("type") == "function"]
    if tools:
        request["tools"] = [
            {
                "type": "function",
                "function": {
                    "name": t["name"],
                    "description": t.get("description") or "",
                    "parameters": t.get("inputSchema") or {"type": "object"},
                },
            }
            for t in tools
        ]
    choice = body.get("toolChoice")
    if isinstance(choice, dict):
        if choice.get("type") == "tool":
            request["tool_choice"] = {"type": "function", "function": {"name": choice.get("toolName")}}
        else:
            request["tool_choice"] = choice.get("type")
    fmt = body.get("responseFormat") or {}
    if fmt.get("type") == "json":
        if isinstance(fmt.get("schema"), dict):
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": fmt.get("name") or "response", "schema": fmt["schema"]},
            }
        else:
            request["response_format"] = {"type": "json_object"}
    if body.get("stopSequences"):
        request["stop"] = list(body["stopSequences"])
    if isinstance(body.get("maxOutputTokens"), int):
        request["max_tokens"] = body["maxOutputTokens"]
    return request


_UNIFIED_FINISH: Mapping[str, str] = {"stop": "stop", "length": "length", "tool_calls": "tool-calls"}


def plan_answer(body: Mapping[str, Any], model: CatalogueModel) -> _Plan:
    """What the model answers: ``openai_wire.plan_chat`` on the request translated to
    Chat Completions, back in the Gateway's terms, with reasoning first for a reasoning
    model asked for it."""
    planned = plan_chat(chat_completions_request(body))
    users = [m for m in body["prompt"] if isinstance(m, dict) and m.get("role") == "user"]
    last_user = (users[-1].get("content") if users else None) or ()
    question = " ".join(str(p.get("text", "")) for p in last_user if p.get("type") == "text")
    reasoning = None
    if model.reasoning and body.get("reasoning") not in (None, "none", "provider-default"):
        reasoning = f"The user asks: {_snippet(question, 60)} I should answer clearly and briefly."
    calls = [
        ("call_" + secrets.token_urlsafe(18).replace("-", "x").replace("_", "y")[:24], name, arguments)
        for name, arguments in planned.calls
    ]
    text = None if calls else (planned.text or "")
    return _Plan(text, reasoning, calls, _UNIFIED_FINISH.get(planned.finish_reason, "stop"))


def _route(model: CatalogueModel, gateway_options: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The provider chosen under ``order`` / ``only``, and the routing metadata."""
    candidates = list(PROVIDERS.get(model.provider, (model.provider,)))
    only = gateway_options.get("only")
    if isinstance(only, list) and only:
        candidates = [p for p in candidates if p in only] or candidates
    order = gateway_options.get("order")
    if isinstance(order, list) and order:
        candidates.sort(key=lambda p: order.index(p) if p in order else len(order))
    provider = candidates[0]
    now = int(time.time() * 1000)
    routing: dict[str, Any] = {
        "originalModelId": model.id,
        "resolvedProvider": provider,
        "resolvedProviderApiModelId": model.upstream_id,
        "canonicalSlug": model.id,
        "finalProvider": provider,
        "fallbacksAvailable": [p for p in candidates if p != provider],
        "planningReasoning": "System credentials planned for: " + ", ".join(candidates),
        "attempts": [
            {
                "provider": provider,
                "providerApiModelId": model.upstream_id,
                "credentialType": "system",
                "success": True,
                "startTime": now - 420,
                "endTime": now,
            }
        ],
        "modelAttemptCount": 1,
    }
    if isinstance(gateway_options.get("models"), list):
        routing["modelFallbacks"] = list(gateway_options["models"])
    if gateway_options.get("sort") in ("cost", "tps", "ttft"):
        routing["sort"] = gateway_options["sort"]
    return provider, routing


def _usage(body: Mapping[str, Any], model: CatalogueModel, plan: _Plan) -> dict[str, Any]:
    prompt_text = json.dumps(body.get("prompt"), ensure_ascii=False)
    input_total = 3 + estimate_tokens(prompt_text) + estimate_tokens(json.dumps(body.get("tools") or ""))
    cache_read = (input_total // 128) * 128 if input_total >= 1024 else 0
    text_tokens = estimate_tokens(plan.text or "") + sum(estimate_tokens(c[2]) + 4 for c in plan.calls)
    reasoning_tokens = estimate_tokens(plan.reasoning or "") * 3 if plan.reasoning else 0
    output_total = text_tokens + reasoning_tokens
    inputs: dict[str, Any] = {
        "total": input_total,
        "noCache": input_total - cache_read,
        "cacheRead": cache_read,
    }
    if model.provider == "anthropic":
        inputs["cacheWrite"] = 0
    outputs = {"total": output_total, "text": text_tokens, "reasoning": reasoning_tokens}
    if model.provider == "openai":
        raw: dict[str, Any] = {
            "input_tokens": input_total,
            "input_tokens_details": {"cached_tokens": cache_read},
            "output_tokens": output_total,
            "output_tokens_details": {"reasoning_tokens": reasoning_tokens},
            "total_tokens": input_total + output_total,
        }
    elif model.provider == "anthropic":
        raw = {
            "input_tokens": input_total - cache_read,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": cache_read,
            "output_tokens": output_total,
        }
    else:
        raw = {
            "promptTokenCount": input_total,
            "candidatesTokenCount": text_tokens,
            "thoughtsTokenCount": reasoning_tokens,
            "totalTokenCount": input_total + output_total,
        }
    return {"inputTokens": inputs, "outputTokens": outputs, "raw": raw}


def _cost(model: CatalogueModel, usage: Mapping[str, Any]) -> str:
    price_in = Decimal(model.input_price or "0")
    price_out = Decimal(model.output_price or "0")
    price_cached = Decimal(model.cache_read_price or model.input_price or "0")
    inputs, outputs = usage["inputTokens"], usage["outputTokens"]
    cost = price_in * inputs["noCache"] + price_cached * inputs["cacheRead"] + price_out * outputs["total"]
    return format(cost.normalize(), "f")


def _upstream_metadata(model: CatalogueModel, response_id: str) -> dict[str, Any]:
    if model.provider == "openai":
        return {"openai": {"responseId": response_id, "serviceTier": "default"}}
    if model.provider == "anthropic":
        return {"anthropic": {"cacheCreationInputTokens": 0, "stopSequence": None}}
    return {"google": {"safetyRatings": None}}


def _response_id(model: CatalogueModel) -> str:
    if model.provider == "openai":
        return "resp_" + secrets.token_hex(24)
    if model.provider == "anthropic":
        return "msg_01" + secrets.token_urlsafe(16).replace("-", "A").replace("_", "b")[:22]
    return secrets.token_urlsafe(16).replace("-", "A").replace("_", "b")


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# -- the server -----------------------------------------------------------------------


class FakeGateway:
    """Start it, point a ``gateway:`` model's ``base_url`` at ``base_url``, read ``requests``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: list[SeenRequest] = []
        self.delays: dict[str, float] = {}
        """Seconds to wait before answering, by route suffix (``/config``, ``/embedding-model``)."""
        self.config_extra: list[dict[str, Any]] = []
        """Entries added to ``GET /config`` (to see a refreshed catalogue)."""
        self.credits = {"balance": "95.4321", "total_used": "4.5679"}
        self.team_credits = dict(TEAM_CREDITS)
        self.max_in_flight: dict[str, int] = {}
        self.generations: dict[str, dict[str, Any]] = {}
        """Every generation answered, by id: the ``/v1/generation`` record, plus the
        report's own keys (``_user``, ``_tags``, ``_market_cost``, ``_credential_type``)."""
        self.scripted: dict[str, Any] = {}
        """Answers given verbatim, by model id, once the request has passed every check:
        a list of stream parts for a streaming call, a result object otherwise (to send
        exactly what a test names: V4 parts this fake's model never produces)."""
        self._in_flight: dict[str, int] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def version_string(self) -> str:
                return "Vercel"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = None
                seen = SeenRequest(method, self.path, headers, raw, body)
                with outer._lock:
                    outer.requests.append(seen)
                response = outer._timed(seen)
                seen.status, seen.answer = response.status, response.text
                try:
                    send_wire_response(self, response)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client stopped reading (e.g. a failed stream)

            def do_POST(self) -> None:
                self._handle("POST")

            def do_GET(self) -> None:
                self._handle("GET")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v4/ai"

    @property
    def base_url_v3(self) -> str:
        return f"{self.origin}/v3/ai"

    def start(self) -> FakeGateway:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-gateway", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.delays.clear()
            self.config_extra.clear()
            self.max_in_flight.clear()
            self.scripted.clear()
            self.generations.clear()
            self._in_flight.clear()
            self.credits = {"balance": "95.4321", "total_used": "4.5679"}
            self.team_credits = dict(TEAM_CREDITS)

    def __enter__(self) -> FakeGateway:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def seen(self, route_suffix: str) -> list[SeenRequest]:
        """Requests whose path ends with ``route_suffix`` (e.g. ``/language-model``)."""
        with self._lock:
            return [r for r in self.requests if r.route.endswith(route_suffix)]

    # -- HTTP ------------------------------------------------------------------------

    def _timed(self, seen: SeenRequest) -> WireResponse:
        route = seen.route
        key = next((suffix for suffix in self.delays if route.endswith(suffix)), None)
        with self._lock:
            self._in_flight[route] = self._in_flight.get(route, 0) + 1
            self.max_in_flight[route] = max(self.max_in_flight.get(route, 0), self._in_flight[route])
        try:
            if key is not None:
                time.sleep(self.delays[key])
            return self.respond(seen)
        finally:
            with self._lock:
                self._in_flight[route] -= 1

    def respond(self, seen: SeenRequest) -> WireResponse:
        """The whole server as a function: request in, Gateway-shaped response out."""
        route = seen.route.rstrip("/")
        denied = self._auth(seen.headers)
        if denied is not None:
            return denied
        if route == "/v1/credits" and seen.method == "GET":
            return self._credits(seen)
        if route == "/v1/generation" and seen.method == "GET":
            return self._generation(seen)
        if route == "/v1/report" and seen.method == "GET":
            return self._report(seen)
        version = {"/v4/ai": 4, "/v3/ai": 3}.get(route[:6])
        endpoint = route[6:]
        if version is None or (seen.method, endpoint) not in (
            ("POST", "/language-model"),
            ("POST", "/embedding-model"),
            ("GET", "/config"),
        ):
            return error_response(
                404, "not_found", f"The requested resource was not found: {seen.method} {route}"
            )
        if seen.headers.get("ai-gateway-protocol-version") != PROTOCOL_VERSION:
            return error_response(
                400,
                "invalid_request_error",
                f"Unsupported or missing ai-gateway-protocol-version header (expected {PROTOCOL_VERSION})",
                param={"header": "ai-gateway-protocol-version"},
            )
        if endpoint == "/config":
            return self._config(version)
        if seen.body is None or not isinstance(seen.body, dict):
            return error_response(400, "invalid_request_error", "Invalid JSON in request body")
        if endpoint == "/embedding-model":
            return self._embedding(seen, version)
        return self._language(seen, version)

    @staticmethod
    def _auth(headers: Mapping[str, str]) -> WireResponse | None:
        auth = headers.get("authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        method = headers.get("ai-gateway-auth-method")
        if not token:
            return error_response(
                401,
                "authentication_error",
                "No authentication provided. Send an AI Gateway API key or a Vercel OIDC token "
                "as 'Authorization: Bearer <token>'.",
            )
        if token.startswith(INVALID_KEY) or method not in ("api-key", "oidc"):
            return error_response(
                401,
                "authentication_error",
                "Invalid API key or token" if method != "oidc" else "Invalid OIDC token",
                code="invalid_api_key" if method != "oidc" else "invalid_oidc_token",
            )
        return None

    # -- /v1/credits ------------------------------------------------------------------

    def _credits(self, seen: SeenRequest) -> WireResponse:
        """The caller's own credits, or with ``?teamId=`` / ``?slug=`` a team's; the
        ``x-vercel-ai-gateway-team`` header alone is not honoured on this route."""
        query = parse_qs(urlsplit(seen.path).query, keep_blank_values=True)
        unknown = sorted(set(query) - {"teamId", "slug"})
        if unknown:
            return error_response(
                400, "invalid_request_error", f"Unknown query parameter(s): {', '.join(unknown)}"
            )
        with self._lock:
            if "teamId" in query or "slug" in query:
                team = (
                    TEAM_ID if query.get("teamId") == [TEAM_ID] or query.get("slug") == [TEAM_SLUG] else None
                )
                if team is None:
                    return error_response(404, "not_found", "Team not found")
                return json_response(200, dict(self.team_credits))
            return json_response(200, dict(self.credits))

    # -- /v1/generation and /v1/report -------------------------------------------------

    def _record(
        self,
        generation: str,
        model: CatalogueModel,
        provider: str,
        usage: Mapping[str, Any],
        *,
        streamed: bool,
        finish_reason: str,
        gateway_options: Mapping[str, Any],
        cost: str,
    ) -> None:
        """Keep a generation for ``/v1/generation`` and ``/v1/report``."""
        inputs, outputs = usage.get("inputTokens") or {}, usage.get("outputTokens") or {}
        tags = gateway_options.get("tags")
        user = gateway_options.get("user")
        record: dict[str, Any] = {
            "id": generation,
            "total_cost": float(cost),
            "upstream_inference_cost": 0,
            "usage": float(cost),
            "created_at": _now_iso(),
            "model": model.id,
            "is_byok": False,
            "provider_name": provider,
            "streamed": streamed,
            "finish_reason": finish_reason,
            "latency": 180 if streamed else 420,
            "generation_time": 420,
            "native_tokens_prompt": inputs.get("total", 0),
            "native_tokens_completion": outputs.get("total", 0),
            "native_tokens_reasoning": outputs.get("reasoning") or 0,
            "native_tokens_cached": inputs.get("cacheRead") or 0,
            "native_tokens_cache_creation": inputs.get("cacheWrite") or 0,
            "billable_web_search_calls": 0,
            "_user": user if isinstance(user, str) else None,
            "_tags": [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else [],
            "_market_cost": cost,
            "_credential_type": "system",
        }
        with self._lock:
            self.generations[generation] = record

    def _generation(self, seen: SeenRequest) -> WireResponse:
        query = parse_qs(urlsplit(seen.path).query, keep_blank_values=True)
        unknown = sorted(set(query) - {"id"})
        if unknown:
            return error_response(
                400, "invalid_request_error", f"Unknown query parameter(s): {', '.join(unknown)}"
            )
        ids = query.get("id") or [""]
        if len(ids) != 1 or not ids[0]:
            return error_response(
                400,
                "invalid_request_error",
                "Invalid request: id: Required",
                param=[_issue(["id"], "Required", "string")],
            )
        with self._lock:
            record = self.generations.get(ids[0])
        if record is None:
            return error_response(404, "not_found", f"Generation not found: {ids[0]}")
        return json_response(200, {"data": {k: v for k, v in record.items() if not k.startswith("_")}})

    _REPORT_PARAMS: Mapping[str, tuple[str, ...] | None] = {
        "start_date": None,
        "end_date": None,
        "group_by": ("day", "user", "model", "tag", "provider", "credential_type"),
        "date_part": ("day", "hour"),
        "user_id": None,
        "model": None,
        "provider": None,
        "credential_type": ("byok", "system"),
        "tags": None,
    }

    def _report(self, seen: SeenRequest) -> WireResponse:
        query = parse_qs(urlsplit(seen.path).query, keep_blank_values=True)
        unknown = sorted(set(query) - set(self._REPORT_PARAMS))
        if unknown:
            return error_response(
                400, "invalid_request_error", f"Unknown query parameter(s): {', '.join(unknown)}"
            )
        issues = []
        args: dict[str, str] = {}
        for name, allowed in self._REPORT_PARAMS.items():
            values = query.get(name)
            if values is None:
                continue
            if len(values) != 1 or (allowed is not None and values[0] not in allowed):
                issues.append(_issue([name], f"Invalid enum value. Expected {' | '.join(allowed or ())}"))
                continue
            args[name] = values[0]
        dates: dict[str, datetime] = {}
        for name in ("start_date", "end_date"):
            if name not in args:
                issues.append(_issue([name], "Required", "string"))
                continue
            try:
                dates[name] = datetime.strptime(args[name], "%Y-%m-%d")
            except ValueError:
                issues.append(_issue([name], "Invalid date: expected YYYY-MM-DD"))
        if not issues and dates["end_date"] < dates["start_date"]:
            issues.append(_issue(["end_date"], "end_date must not be before start_date"))
        if issues:
            first = issues[0]
            return error_response(
                400,
                "invalid_request_error",
                f"Invalid request: {first['path'][0]}: {first['message']}",
                param=issues,
            )
        first_day, last_day = args["start_date"], args["end_date"]
        group_by = args.get("group_by", "day")
        wanted_tags = {t for t in args.get("tags", "").split(",") if t}
        with self._lock:
            records = list(self.generations.values())
        rows: dict[str, dict[str, Any]] = {}
        for record in records:
            day = record["created_at"][:10]
            if not first_day <= day <= last_day:
                continue
            if any(
                args.get(name) not in (None, record[key])
                for name, key in (
                    ("user_id", "_user"),
                    ("model", "model"),
                    ("provider", "provider_name"),
                    ("credential_type", "_credential_type"),
                )
            ):
                continue
            if wanted_tags and not wanted_tags & set(record["_tags"]):
                continue
            if group_by == "day":
                hourly = args.get("date_part") == "hour"
                field, keys = ("hour", [record["created_at"][:13] + ":00:00Z"]) if hourly else ("day", [day])
            elif group_by == "tag":
                field, keys = "tag", list(record["_tags"])
            else:
                field = group_by
                source = {"user": "_user", "provider": "provider_name", "credential_type": "_credential_type"}
                value = record[source.get(group_by, group_by)]
                keys = [value] if value is not None else []
            for key in keys:
                row = rows.setdefault(key, {field: key, "_totals": dict.fromkeys(_REPORT_SUMS, Decimal(0))})
                totals = row["_totals"]
                totals["total_cost"] += Decimal(str(record["total_cost"]))
                totals["market_cost"] += Decimal(record["_market_cost"])
                totals["input_tokens"] += record["native_tokens_prompt"]
                totals["output_tokens"] += record["native_tokens_completion"]
                totals["cached_input_tokens"] += record["native_tokens_cached"]
                totals["cache_creation_input_tokens"] += record["native_tokens_cache_creation"]
                totals["reasoning_tokens"] += record["native_tokens_reasoning"]
                totals["request_count"] += 1
        results = []
        for key in sorted(rows):
            totals = rows[key].pop("_totals")
            results.append(
                {
                    **rows[key],
                    **{
                        name: float(value) if name.endswith("cost") else int(value)
                        for name, value in totals.items()
                    },
                }
            )
        return json_response(200, {"results": results})

    # -- /config ---------------------------------------------------------------------

    def _config(self, version: int) -> WireResponse:
        entries: list[dict[str, Any]] = []
        for model in CATALOGUE:
            entry: dict[str, Any] = {"id": model.id, "name": model.name}
            if model.description:
                entry["description"] = model.description
            if model.input_price is not None:
                pricing = {"input": model.input_price, "output": model.output_price}
                if model.cache_read_price:
                    pricing["input_cache_read"] = model.cache_read_price
                if model.cache_write_price:
                    pricing["input_cache_write"] = model.cache_write_price
                entry["pricing"] = pricing
            entry["specification"] = {
                "specificationVersion": f"v{version}",
                "provider": model.provider,
                "modelId": model.id,
            }
            entry["modelType"] = model.model_type
            entries.append(entry)
        unknown = json.loads(json.dumps(UNKNOWN_TYPE_ENTRY))
        unknown["specification"]["specificationVersion"] = f"v{version}"
        entries.append(unknown)
        with self._lock:
            entries += [json.loads(json.dumps(e)) for e in self.config_extra]
        return json_response(200, {"models": entries})

    # -- errors asked for by the model id ----------------------------------------------

    @staticmethod
    def _requested_error(model_id: str) -> WireResponse | None:
        if not model_id.startswith(ERROR_MODEL_PREFIX) or _in_stream_error(model_id) is not None:
            return None
        kind, _, rest = model_id[len(ERROR_MODEL_PREFIX) :].partition("/")
        status_text = rest.split("/")[0] if rest else ""
        status = int(status_text) if status_text.isdigit() else None
        generation = generation_id()
        if kind in MALFORMED_ERRORS:
            status = status or MALFORMED_ERRORS[kind]
            headers = _vercel_headers()
            if kind == "html":
                page = (
                    f"<!DOCTYPE html><html><head><title>{status} Bad Gateway</title></head><body>"
                    f"<h1>{status} Bad Gateway</h1><p>The upstream did not answer in time.</p>"
                    "<hr><center>Vercel</center></body></html>"
                )
                return WireResponse(
                    status, {"content-type": "text/html; charset=utf-8", **headers}, page.encode()
                )
            if kind == "text":
                return WireResponse(
                    status,
                    {"content-type": "text/plain; charset=utf-8", **headers},
                    b"upstream connect error",
                )
            return WireResponse(status, {"content-type": "text/plain; charset=utf-8", **headers}, b"")
        if kind == "untyped":
            return error_response(status or 500, None, "Something went wrong", generation=generation)
        usual, message, param, code = ERROR_TYPES.get(kind, (500, f"Unexpected failure ({kind})", None, None))
        if kind == "model_not_found":
            param = {"modelId": model_id}
            message = f"Model '{model_id}' not found"
        extra = {"retry-after": str(RETRY_AFTER_SECONDS)} if kind == "rate_limit_exceeded" else None
        return error_response(
            status or usual, kind, message, param=param, code=code, generation=generation, extra=extra
        )

    @staticmethod
    def _unknown_model(model_id: str) -> WireResponse:
        return error_response(
            404,
            "model_not_found",
            f"Model '{model_id}' not found",
            param={"modelId": model_id},
            generation=generation_id(),
        )

    # -- /embedding-model --------------------------------------------------------------

    def _embedding(self, seen: SeenRequest, version: int) -> WireResponse:
        headers, body = seen.headers, seen.body
        if headers.get("ai-embedding-model-specification-version") != str(version):
            return error_response(
                400,
                "invalid_request_error",
                f"ai-embedding-model-specification-version must be {version} on /v{version}/ai",
            )
        model_id = headers.get("ai-model-id") or ""
        requested = self._requested_error(model_id)
        if requested is not None:
            return requested
        model = MODELS.get(model_id)
        if model is None or model.model_type != "embedding":
            return self._unknown_model(model_id)
        values = body.get("values")
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            return error_response(
                400,
                "invalid_request_error",
                "Invalid request: 'values' must be a non-empty array of strings",
                param=[_issue(["values"], "Expected array of strings", "array")],
            )
        if len(values) > MAX_EMBEDDINGS_PER_CALL:
            return error_response(
                400,
                "invalid_request_error",
                f"Too many values for one call: {len(values)} (at most {MAX_EMBEDDINGS_PER_CALL})",
                param=[{"code": "too_big", "path": ["values"], "maximum": MAX_EMBEDDINGS_PER_CALL}],
            )
        allowed = _EMBEDDING_BODY_KEYS[version]
        unknown = sorted(key for key in body if key not in allowed)
        if unknown:
            return error_response(
                400,
                "invalid_request_error",
                f"Invalid request: unrecognized key(s) in object: {', '.join(map(repr, unknown))}",
                param=[
                    {
                        "code": "unrecognized_keys",
                        "keys": unknown,
                        "path": [],
                        "message": "Unrecognized key(s)",
                    }
                ],
            )
        dimensions = body.get("dimensions")
        if "dimensions" in body and not (
            isinstance(dimensions, int) and not isinstance(dimensions, bool) and dimensions > 0
        ):
            return error_response(
                400,
                "invalid_request_error",
                "Invalid request: dimensions: Expected a positive integer",
                param=[_issue(["dimensions"], "Expected a positive integer", "number")],
            )
        options = body.get("providerOptions") or {}
        size = dimensions or model.dimensions or 8
        if model.provider == "openai" and isinstance((options.get("openai") or {}).get("dimensions"), int):
            size = options["openai"]["dimensions"]
        if model.provider == "google" and isinstance(
            (options.get("google") or {}).get("outputDimensionality"), int
        ):
            size = options["google"]["outputDimensionality"]
        tokens = sum(max(1, estimate_tokens(v)) for v in values)
        gateway_options = options.get("gateway") or {}
        provider, routing = _route(model, gateway_options)
        cost = format((Decimal(model.input_price or "0") * tokens).normalize(), "f")
        generation = generation_id()
        self._record(
            generation,
            model,
            provider,
            {"inputTokens": {"total": tokens}, "outputTokens": {"total": 0}},
            streamed=False,
            finish_reason="stop",
            gateway_options=gateway_options,
            cost=cost,
        )
        payload = {
            "embeddings": [_unit_vector(f"{model.id}:{size}:{v}", size) for v in values],
            "usage": {"tokens": tokens},
            "providerMetadata": {"gateway": {"routing": routing, "cost": cost, "generationId": generation}},
            "warnings": [],
        }
        return json_response(200, payload)

    # -- /language-model ---------------------------------------------------------------

    def _language(self, seen: SeenRequest, version: int) -> WireResponse:
        headers, body = seen.headers, seen.body
        if headers.get("ai-language-model-specification-version") != str(version):
            return error_response(
                400,
                "invalid_request_error",
                f"ai-language-model-specification-version must be {version} on /v{version}/ai",
                param={"header": "ai-language-model-specification-version"},
            )
        streaming = headers.get("ai-language-model-streaming")
        if streaming not in ("true", "false"):
            return error_response(
                400, "invalid_request_error", "ai-language-model-streaming must be 'true' or 'false'"
            )
        model_id = headers.get("ai-language-model-id") or ""
        requested = self._requested_error(model_id)
        if requested is not None:
            return requested
        issues = call_option_issues(body, version)
        if issues:
            first = issues[0]
            where = ".".join(str(p) for p in first["path"]) or "(root)"
            return error_response(
                400,
                "invalid_request_error",
                f"Invalid request: {where}: {first['message']}",
                param=issues,
                generation=generation_id(),
            )
        unsupported = _unsupported_file(body) if model_id.startswith("openai/") else None
        if unsupported is not None:
            return error_response(
                400,
                "invalid_request_error",
                f"'file part media type {unsupported}' functionality not supported.",
                generation=generation_id(),
            )
        in_stream = _in_stream_error(model_id)
        if in_stream is not None:
            model = MODELS["openai/gpt-4o-mini"]
            if streaming != "true":
                return error_response(
                    424,
                    "failed_dependency",
                    "The upstream provider returned an error: Overloaded",
                    generation=generation_id(),
                )
            return self._stream(body, model, model_id, fail_midway=in_stream)
        scripted = self.scripted.get(model_id)
        if scripted is not None:
            if streaming == "true":
                return _event_stream(scripted)
            return json_response(200, scripted)
        model = MODELS.get(model_id)
        if model is None or model.model_type != "language":
            return self._unknown_model(model_id)
        answer = self._stream(body, model, model_id) if streaming == "true" else self._generate(body, model)
        answer.headers["x-model-id"] = model_id  # the Gateway model that answered (no fallback here)
        return answer

    def _generate(self, body: dict[str, Any], model: CatalogueModel) -> WireResponse:
        plan = plan_answer(body, model)
        usage = _usage(body, model, plan)
        response_id = _response_id(model)
        gateway_options = (body.get("providerOptions") or {}).get("gateway") or {}
        provider, routing = _route(model, gateway_options)
        generation = generation_id()
        cost = _cost(model, usage)
        self._record(
            generation,
            model,
            provider,
            usage,
            streamed=False,
            finish_reason=plan.finish,
            gateway_options=gateway_options,
            cost=cost,
        )
        content: list[dict[str, Any]] = []
        if plan.reasoning:
            content.append({"type": "reasoning", "text": plan.reasoning})
        if plan.text is not None:
            content.append({"type": "text", "text": plan.text})
        for call_id, name, arguments in plan.calls:
            content.append({"type": "tool-call", "toolCallId": call_id, "toolName": name, "input": arguments})
        payload = {
            "content": content,
            "finishReason": {"unified": plan.finish, "raw": _FINISH_RAW[model.provider][plan.finish]},
            "usage": usage,
            "providerMetadata": {
                **_upstream_metadata(model, response_id),
                "gateway": {
                    "routing": routing,
                    "cost": cost,
                    "marketCost": cost,
                    "generationId": generation,
                },
            },
            "response": {"id": response_id, "timestamp": _now_iso(), "modelId": model.upstream_id},
            **(
                {"structuredOutputText": plan.text}
                if (body.get("responseFormat") or {}).get("type") == "json" and plan.text is not None
                else {}
            ),
            "warnings": self._warnings(body, model),
        }
        return json_response(200, payload)

    @staticmethod
    def _warnings(body: Mapping[str, Any], model: CatalogueModel) -> list[dict[str, Any]]:
        if body.get("reasoning") not in (None, "provider-default") and not model.reasoning:
            return [
                {
                    "type": "unsupported",
                    "feature": "reasoning",
                    "details": f"{model.id} does not support reasoning effort",
                }
            ]
        return []

    def _stream(
        self, body: dict[str, Any], model: CatalogueModel, model_id: str, *, fail_midway: str | None = None
    ) -> WireResponse:
        plan = plan_answer(body, model)
        usage = _usage(body, model, plan)
        response_id = _response_id(model)
        raw_chunks = bool(body.get("includeRawChunks"))
        gateway_options = (body.get("providerOptions") or {}).get("gateway") or {}
        provider, routing = _route(model, gateway_options)
        generation = generation_id()
        cost = _cost(model, usage)
        self._record(
            generation,
            model,
            provider,
            usage,
            streamed=True,
            finish_reason="error" if fail_midway else plan.finish,
            gateway_options=gateway_options,
            cost=cost,
        )
        parts: list[dict[str, Any]] = [
            {"type": "stream-start", "warnings": self._warnings(body, model)},
            {
                "type": "response-metadata",
                "id": response_id,
                "timestamp": _now_iso(),
                "modelId": model.upstream_id,
            },
        ]
        first_content = {"gateway": {"generationId": generation}}

        def meta() -> dict[str, Any]:
            nonlocal first_content
            given, first_content = first_content, None
            return {"providerMetadata": given} if given else {}

        if plan.reasoning:
            parts.append({"type": "ping"})  # a keep-alive while the model thinks (spec V4)
            parts.append({"type": "reasoning-start", "id": "reasoning-0", **meta()})
            parts += [
                {"type": "reasoning-delta", "id": "reasoning-0", "delta": f}
                for f in _text_fragments(plan.reasoning)
            ]
            parts.append({"type": "reasoning-end", "id": "reasoning-0"})
        if plan.text is not None:
            parts.append({"type": "text-start", "id": "txt-0", **meta()})
            for fragment in _text_fragments(plan.text):
                if raw_chunks:
                    parts.append(
                        {"type": "raw", "rawValue": {"type": "response.output_text.delta", "delta": fragment}}
                    )
                parts.append({"type": "text-delta", "id": "txt-0", "delta": fragment})
            parts.append({"type": "text-end", "id": "txt-0"})
        for call_id, name, arguments in plan.calls:
            parts.append({"type": "tool-input-start", "id": call_id, "toolName": name, **meta()})
            parts += [
                {"type": "tool-input-delta", "id": call_id, "delta": f}
                for f in _argument_fragments(arguments)
            ]
            parts.append({"type": "tool-input-end", "id": call_id})
            parts.append({"type": "tool-call", "toolCallId": call_id, "toolName": name, "input": arguments})
        if fail_midway:
            keep = next(i for i, p in enumerate(parts) if p["type"] == "text-delta") + 2
            parts = parts[:keep]
            error: dict[str, Any] = {
                "message": "The upstream provider closed the stream: Overloaded",
                "type": fail_midway,
            }
            if fail_midway != "failed_dependency":
                _, message, param, code = ERROR_TYPES.get(
                    fail_midway, (500, "Unexpected failure", None, None)
                )
                error = {"message": message, "type": fail_midway}
                error.update({k: v for k, v in (("param", param), ("code", code)) if v is not None})
            parts.append({"type": "error", "error": error})
        else:
            parts.append(
                {
                    "type": "finish",
                    "finishReason": {"unified": plan.finish, "raw": _FINISH_RAW[model.provider][plan.finish]},
                    "usage": usage,
                    "providerMetadata": {
                        **_upstream_metadata(model, response_id),
                        "gateway": {
                            "routing": routing,
                            "cost": cost,
                            "marketCost": cost,
                            "generationId": generation,
                        },
                    },
                }
            )
        return _event_stream(parts)


def _event_stream(parts: Sequence[Any]) -> WireResponse:
    events = [
        b"data: " + json.dumps(p, separators=(",", ":"), ensure_ascii=False).encode() + b"\n\n" for p in parts
    ]
    headers = {"content-type": "text/event-stream", **_vercel_headers(), "cache-control": "no-cache"}
    return WireResponse(200, headers, events=events)
