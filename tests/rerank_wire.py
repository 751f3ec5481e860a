"""Loopback stand-ins for three rerank APIs, and what the reranking tests share.

These machines cannot reach Cohere, Together or the Vercel AI Gateway, so the rerank
cassettes are *written*: the tests run against these fakes (stdlib ``http.server`` on
127.0.0.1), VCR records what they answer, and ``tests/rerank/conftest.py`` rewrites the
recorded URIs to the real host. Anyone with a key re-records the same tests against the
real API (see ``cassettes/README.md``). Each fake checks a request the way its service
does, and refuses it with that service's own error body:

* ``FakeCohere``: ``POST /v2/rerank`` (Cohere Rerank v2). Body fields ``model``,
  ``query``, ``documents`` (strings), ``top_n``, ``max_tokens_per_doc``, ``priority``;
  any other field is a 422 ``unknown field: parameter '<name>' is not a valid field``.
  Errors are ``{"id", "message"}``: 401 ``no api key supplied`` / ``invalid api token``
  (a key starting ``invalid``), 404 for an unknown model, 400 ``invalid request: ...``
  for a missing field, an empty query or document list, a document that is not a
  string, a ``top_n`` or ``max_tokens_per_doc`` below 1. Answer ``{id, results: [{index,
  relevance_score}], meta: {api_version, billed_units: {search_units}}}``.
* ``FakeTogether``: ``POST /v1/rerank`` (Together, Cohere-compatible). Body fields
  ``model``, ``query``, ``documents`` (all strings or all objects), ``top_n``,
  ``return_documents``, ``rank_fields`` (objects only, each a key of every document);
  errors OpenAI-shaped ``{"error": {message, type, param, code}}``: 401
  ``invalid_api_key``, 404 ``model_not_available``, 400 ``invalid_request_error`` for
  an unknown field or a bad value. Answer ``{id, object: "rerank", model, results:
  [{index, relevance_score, document}], usage: {prompt_tokens, completion_tokens,
  total_tokens}}``.
* ``FakeGatewayReranking``: ``POST /v4/ai/reranking-model`` (the Gateway's reranking
  route). Headers ``ai-reranking-model-specification-version: 4``, ``ai-model-id``,
  ``ai-gateway-protocol-version``, ``ai-gateway-auth-method``, bearer token; body
  ``{documents: {type: "text"|"object", values}, query, topN?, providerOptions?}``, any
  other key or a mis-shaped one an ``invalid_request_error`` with a Zod-style issue
  list. Answer ``{ranking: [{index, relevanceScore}], providerMetadata: {gateway:
  {routing, cost, generationId}, <upstream>: {...}}, warnings: []}`` and ``x-model-id``.

Every fake answers a query containing ``RATE_LIMIT`` with a 429 the first time it sees
that request (the same request then succeeds). Relevance is a deterministic word-overlap
score in (0, 1), so the fakes rank sensibly; the tests never depend on the numbers,
only on what the cassette says.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import secrets
import threading
import time
import uuid
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from gateway_wire import GATEWAY_ORIGIN, INVALID_KEY, PROTOCOL_VERSION, error_response, generation_id
from gateway_wire import json_response as gateway_json
from openai_wire import WireResponse, send_wire_response

COHERE_ORIGIN = "https://api.cohere.com"
COHERE_API = f"{COHERE_ORIGIN}/v2"
TOGETHER_ORIGIN = "https://api.together.xyz"
TOGETHER_API = f"{TOGETHER_ORIGIN}/v1"
GATEWAY_RERANK_API = f"{GATEWAY_ORIGIN}/v4/ai"
RATE_LIMIT_MARKER = "RATE_LIMIT"

COHERE_MODELS = frozenset(
    {"rerank-v4.0-pro", "rerank-v4.0-fast", "rerank-v3.5", "rerank-english-v3.0", "rerank-multilingual-v3.0"}
)
TOGETHER_MODELS = frozenset({"Salesforce/Llama-Rank-v1", "mixedbread-ai/Mxbai-Rerank-Large-V2"})
# Gateway model id -> the upstream that serves it.
GATEWAY_MODELS: Mapping[str, str] = {
    "cohere/rerank-v3.5": "cohere",
    "cohere/rerank-v4.0-pro": "cohere",
    "voyage/rerank-2.5": "voyage",
}

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"the", "and", "for", "with", "that", "this", "what", "which", "about", "are", "was", "is"})


def _words(text: str) -> list[str]:
    return [w.rstrip("s") for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP]


def _share(asked: set[Any], found: set[Any]) -> float:
    return len(asked & found) / len(asked) if asked else 0.0


def relevance(query: str, document: str) -> float:
    """Overlap of words and of word pairs with the query, in (0, 1), plus a tiny stable
    tiebreak: "the capital of the United States" outranks "the United States ... capital"."""
    asked, found = _words(query), _words(document)
    words = _share(set(asked), set(found))
    pairs = _share(set(itertools.pairwise(asked)), set(itertools.pairwise(found)))
    tiebreak = int(hashlib.sha256(document.encode()).hexdigest()[:6], 16) / 16**6 / 1000
    return round(0.02 + 0.55 * words + 0.4 * pairs + tiebreak, 8)


def _ranked(query: str, texts: list[str], top_n: int | None) -> list[tuple[int, float]]:
    scored = sorted(((i, relevance(query, t)) for i, t in enumerate(texts)), key=lambda p: -p[1])
    return scored[:top_n] if top_n is not None else scored


def _tokens(*texts: str) -> int:
    return sum(max(1, len(t) // 4) for t in texts)


def _is_int(value: Any) -> bool:
    return type(value) is int


class LoopbackFake:
    """A fake API on 127.0.0.1: ``respond(method, path, headers, raw)`` is the server."""

    api_path = ""
    server_name = "envoy"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rate_limited: set[bytes] = set()
        self.requests: list[tuple[str, dict[str, str], Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def version_string(self) -> str:
                return outer.server_name

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                send_wire_response(self, outer.respond(method, self.path, headers, raw))

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
        return self.origin + self.api_path

    def __enter__(self) -> LoopbackFake:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        with self._lock:
            self._rate_limited.clear()
            self.requests.clear()

    def first_time_rate_limited(self, query: Any, raw: bytes) -> bool:
        if not isinstance(query, str) or RATE_LIMIT_MARKER not in query:
            return False
        with self._lock:
            if raw in self._rate_limited:
                return False
            self._rate_limited.add(raw)
            return True

    def parse(self, raw: bytes) -> Any:
        try:
            return json.loads(raw or b"null")
        except ValueError:
            return None

    def respond(self, method: str, path: str, headers: Mapping[str, str], raw: bytes) -> WireResponse:
        raise NotImplementedError


def bearer(headers: Mapping[str, str]) -> str:
    auth = headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else ""


# -- Cohere ---------------------------------------------------------------------------------

_COHERE_FIELDS = frozenset({"model", "query", "documents", "top_n", "max_tokens_per_doc", "priority"})


def _cohere(status: int, message: str, extra: Mapping[str, str] | None = None) -> WireResponse:
    headers = {
        "content-type": "application/json",
        "x-debug-trace-id": secrets.token_hex(16),
        "x-envoy-upstream-service-time": str(40 + secrets.randbelow(200)),
        "vary": "Origin",
        **(extra or {}),
    }
    body = {"id": str(uuid.uuid4()), "message": message}
    return WireResponse(status, headers, json.dumps(body).encode())


class FakeCohere(LoopbackFake):
    api_path = "/v2"

    def respond(self, method: str, path: str, headers: Mapping[str, str], raw: bytes) -> WireResponse:
        if method != "POST" or urlsplit(path).path != "/v2/rerank":
            return _cohere(404, f"{method} {urlsplit(path).path} not found")
        key = bearer(headers)
        if not key:
            return _cohere(401, "no api key supplied")
        if key.startswith("invalid"):
            return _cohere(401, "invalid api token")
        body = self.parse(raw)
        if not isinstance(body, dict):
            return _cohere(400, "invalid request: the request body must be a JSON object.")
        with self._lock:
            self.requests.append((path, dict(headers), body))
        for name in body:
            if name not in _COHERE_FIELDS:
                return _cohere(
                    422,
                    f"unknown field: parameter '{name}' is not a valid field. For proper usage, "
                    "please refer to https://docs.cohere.com/reference/rerank",
                )
        problem = self._problem(body)
        if problem:
            return _cohere(400, f"invalid request: {problem}")
        if body["model"] not in COHERE_MODELS:
            return _cohere(
                404,
                f"model '{body['model']}' not found, make sure the correct model ID was used and "
                "that you have access to the model.",
            )
        if self.first_time_rate_limited(body["query"], raw):
            return _cohere(
                429,
                "You are using a Trial key, which is limited to 10 API calls / minute. You can "
                "continue to use the Trial key for free or upgrade to a Production key with higher "
                "rate limits at 'https://dashboard.cohere.com/api-keys'. Contact us on "
                "'https://discord.gg/XW44jPfYJu' or email us at support@cohere.com with any questions",
            )
        ranked = _ranked(body["query"], body["documents"], body.get("top_n"))
        answer = {
            "results": [{"index": i, "relevance_score": score} for i, score in ranked],
            "id": str(uuid.uuid4()),
            "meta": {
                "api_version": {"version": "2", "is_experimental": False},
                "billed_units": {"search_units": 1},
            },
        }
        return WireResponse(
            200,
            {
                "content-type": "application/json",
                "x-debug-trace-id": secrets.token_hex(16),
            },
            json.dumps(answer).encode(),
        )

    @staticmethod
    def _problem(body: Mapping[str, Any]) -> str | None:
        for name in ("model", "query", "documents"):
            if name not in body:
                return f"{name} is required."
        if not isinstance(body["model"], str):
            return "model must be a string."
        if not isinstance(body["query"], str) or not body["query"].strip():
            return "query must not be empty."
        documents = body["documents"]
        if not isinstance(documents, list) or not documents:
            return "list of documents must not be empty"
        if not all(isinstance(d, str) for d in documents):
            return "documents must be a list of strings."
        for name in ("top_n", "max_tokens_per_doc"):
            if name in body and (not _is_int(body[name]) or body[name] < 1):
                return f"{name} must be a positive integer."
        if "priority" in body and not _is_int(body["priority"]):
            return "priority must be an integer."
        return None


# -- Together -------------------------------------------------------------------------------

_TOGETHER_FIELDS = frozenset({"model", "query", "documents", "top_n", "return_documents", "rank_fields"})


def _together_error(
    status: int, message: str, type_: str = "invalid_request_error", code: str | None = None
) -> WireResponse:
    body = {"error": {"message": message, "type": type_, "param": None, "code": code}}
    return WireResponse(status, _together_headers(), json.dumps(body).encode())


def _together_headers() -> dict[str, str]:
    return {
        "content-type": "application/json; charset=utf-8",
        "x-request-id": secrets.token_hex(8) + "-" + secrets.token_hex(8),
        "x-ratelimit-limit": "60",
        "x-ratelimit-remaining": "59",
    }


class FakeTogether(LoopbackFake):
    api_path = "/v1"
    server_name = "cloudflare"

    def respond(self, method: str, path: str, headers: Mapping[str, str], raw: bytes) -> WireResponse:
        if method != "POST" or urlsplit(path).path != "/v1/rerank":
            return _together_error(404, f"Invalid URL ({method} {urlsplit(path).path})")
        key = bearer(headers)
        if not key or key.startswith("invalid"):
            return _together_error(
                401,
                "Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.",
                code="invalid_api_key",
            )
        body = self.parse(raw)
        if not isinstance(body, dict):
            return _together_error(400, "Request body must be a JSON object")
        with self._lock:
            self.requests.append((path, dict(headers), body))
        for name in body:
            if name not in _TOGETHER_FIELDS:
                return _together_error(400, f"Unrecognized request argument supplied: {name}")
        problem = self._problem(body)
        if problem:
            return _together_error(400, problem)
        if body["model"] not in TOGETHER_MODELS:
            return _together_error(
                404,
                f"Unable to access model {body['model']}. Please visit https://api.together.ai/models "
                "to view the list of supported models.",
                code="model_not_available",
            )
        if self.first_time_rate_limited(body["query"], raw):
            return _together_error(
                429,
                f"You have reached the rate limit specific to this model {body['model']}. The maximum "
                "rate limit for this model is 60.0 queries per minute.",
                type_="model_rate_limit",
            )
        texts = [self._text(d, body.get("rank_fields")) for d in body["documents"]]
        ranked = _ranked(body["query"], texts, body.get("top_n"))
        keep = body.get("return_documents") is not False
        results = [
            {
                "index": i,
                "relevance_score": score,
                "document": ({"text": texts[i]} if keep else {}),
            }
            for i, score in ranked
        ]
        tokens = _tokens(body["query"], *texts) + len(texts) * 8
        answer = {
            "id": f"{secrets.token_hex(4)}-{secrets.token_hex(3)}-{secrets.token_hex(8)}",
            "object": "rerank",
            "model": body["model"],
            "results": results,
            "usage": {"prompt_tokens": tokens, "completion_tokens": 0, "total_tokens": tokens},
        }
        return WireResponse(200, _together_headers(), json.dumps(answer).encode())

    @staticmethod
    def _text(document: Any, fields: Any) -> str:
        if isinstance(document, str):
            return document
        keys = fields or list(document)
        return "\n".join(f"{k}: {document[k]}" for k in keys)

    @staticmethod
    def _problem(body: Mapping[str, Any]) -> str | None:
        for name in ("model", "query", "documents"):
            if name not in body:
                return f"Missing required parameter: '{name}'"
        if not isinstance(body["query"], str) or not body["query"].strip():
            return "'query' must be a non-empty string"
        documents = body["documents"]
        if not isinstance(documents, list) or not documents:
            return "'documents' must be a non-empty list"
        objects = all(isinstance(d, dict) for d in documents)
        if not objects and not all(isinstance(d, str) for d in documents):
            return "'documents' must be all strings or all objects"
        if "top_n" in body and (not _is_int(body["top_n"]) or body["top_n"] < 1):
            return "'top_n' must be a positive integer"
        if "return_documents" in body and not isinstance(body["return_documents"], bool):
            return "'return_documents' must be a boolean"
        fields = body.get("rank_fields")
        if fields is not None:
            if not objects:
                return "'rank_fields' can only be used with documents that are objects"
            if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
                return "'rank_fields' must be a list of strings"
            for field in fields:
                if not all(field in d for d in documents):
                    return f"rank field '{field}' is missing from a document"
        return None


# -- the Gateway's reranking route ------------------------------------------------------------

_GATEWAY_BODY_KEYS = frozenset({"documents", "query", "topN", "providerOptions"})


def _issue(path: list[Any], message: str) -> dict[str, Any]:
    return {"code": "custom", "path": path, "message": message}


def gateway_issues(body: Any) -> list[dict[str, Any]]:
    """The Zod issues the Gateway's schema for reranking call options would report."""
    if not isinstance(body, dict):
        return [_issue([], "Expected object")]
    issues = [_issue([k], f"Unrecognized key: '{k}'") for k in body if k not in _GATEWAY_BODY_KEYS]
    documents = body.get("documents")
    if not isinstance(documents, dict) or set(documents) != {"type", "values"}:
        issues.append(_issue(["documents"], "Expected {type, values}"))
    else:
        kind, values = documents["type"], documents["values"]
        wanted = {"text": str, "object": dict}.get(kind)
        if wanted is None:
            issues.append(_issue(["documents", "type"], "Expected 'text' | 'object'"))
        elif not isinstance(values, list) or not all(isinstance(v, wanted) for v in values):
            issues.append(_issue(["documents", "values"], f"Expected an array of {kind} documents"))
    if not isinstance(body.get("query"), str):
        issues.append(_issue(["query"], "Required string"))
    elif not body["query"]:
        issues.append(_issue(["query"], "String must contain at least 1 character(s)"))
    if "topN" in body and (not _is_int(body["topN"]) or body["topN"] < 1):
        issues.append(_issue(["topN"], "Number must be a positive integer"))
    options = body.get("providerOptions")
    if options is not None and not (
        isinstance(options, dict) and all(isinstance(v, dict) for v in options.values())
    ):
        issues.append(_issue(["providerOptions"], "Expected record of records"))
    return issues


class FakeGatewayReranking(LoopbackFake):
    api_path = "/v4/ai"
    server_name = "Vercel"

    def respond(self, method: str, path: str, headers: Mapping[str, str], raw: bytes) -> WireResponse:
        if method != "POST" or urlsplit(path).path != "/v4/ai/reranking-model":
            return error_response(404, "not_found", "The requested resource was not found")
        token = bearer(headers)
        if not token:
            return error_response(
                401,
                "authentication_error",
                "No authentication provided. Send an AI Gateway API key or a Vercel OIDC token "
                "as 'Authorization: Bearer <token>'.",
            )
        if token.startswith(INVALID_KEY) or headers.get("ai-gateway-auth-method") not in ("api-key", "oidc"):
            return error_response(
                401, "authentication_error", "Invalid API key or token", code="invalid_api_key"
            )
        body = self.parse(raw)
        with self._lock:
            self.requests.append((path, dict(headers), body))
        version = headers.get("ai-reranking-model-specification-version")
        model_id = headers.get("ai-model-id")
        if headers.get("ai-gateway-protocol-version") != PROTOCOL_VERSION or version != "4" or not model_id:
            return error_response(
                400,
                "invalid_request_error",
                "Missing or invalid reranking model headers",
                param=[
                    _issue(["headers", "ai-reranking-model-specification-version"], "Expected '4'"),
                    _issue(["headers", "ai-model-id"], "Required"),
                ],
            )
        issues = gateway_issues(body)
        if issues:
            return error_response(
                400,
                "invalid_request_error",
                "Invalid request: the request body does not match the expected schema",
                param=issues,
            )
        upstream = GATEWAY_MODELS.get(model_id)
        if upstream is None:
            return error_response(
                404,
                "model_not_found",
                f"Model '{model_id}' not found",
                param={"modelId": model_id},
                generation=generation_id(),
            )
        if self.first_time_rate_limited(body["query"], raw):
            return error_response(
                429,
                "rate_limit_exceeded",
                "Rate limit exceeded. Please wait before making more requests.",
                code="rate_limit_exceeded",
                extra={"retry-after": "1"},
            )
        values = body["documents"]["values"]
        texts = values if body["documents"]["type"] == "text" else [json.dumps(v) for v in values]
        ranked = _ranked(body["query"], texts, body.get("topN"))
        started = int(time.time() * 1000)
        answer = {
            "ranking": [{"index": i, "relevanceScore": score} for i, score in ranked],
            "providerMetadata": {
                upstream: {"billed_units": {"search_units": 1}},
                "gateway": {
                    "routing": {
                        "originalModelId": model_id,
                        "resolvedProvider": upstream,
                        "finalProvider": upstream,
                        "attempts": [{"provider": upstream, "success": True, "startTime": started}],
                    },
                    "cost": "0.002",
                    "generationId": generation_id(),
                },
            },
            "warnings": [],
        }
        return gateway_json(200, answer, {"x-model-id": model_id})


# -- models over the fakes' (and the real services') base URLs --------------------------------
#
# Built directly from the codecs, so these tests do not wait for the Cohere and Together
# providers' ``reranking_model`` factories; the registry tests cover the model strings.


def _endpoint(provider: str, base_url: str, key_env: tuple[str, ...], settings: dict[str, Any]) -> Any:
    from ai_sdk_integrations.provider.factory import key_source, make_endpoint
    from ai_sdk_integrations.transport.auth.keys import BearerAuth

    source = key_source(provider, settings.pop("api_key", None), None, key_env, required=True)
    return make_endpoint(provider, base_url, BearerAuth(source), settings)


def cohere_model(base_url: str, model_id: str = "rerank-v3.5", **settings: Any) -> Any:
    """A Cohere Rerank v2 model at ``base_url`` (``.../v2``), key from ``COHERE_API_KEY``."""
    from ai_sdk_integrations.provider.reranking_model import RerankingModel
    from ai_sdk_integrations.providers.cohere.rerank import CohereRerankCodec

    endpoint = _endpoint("cohere", base_url, ("COHERE_API_KEY", "CO_API_KEY"), settings)
    return RerankingModel(CohereRerankCodec(model_id), endpoint)


def together_model(base_url: str, model_id: str = "Salesforce/Llama-Rank-v1", **settings: Any) -> Any:
    """Together's rerank API at ``base_url`` (``.../v1``), key from ``TOGETHER_API_KEY``."""
    from ai_sdk_integrations.provider.reranking_model import RerankingModel
    from ai_sdk_integrations.providers.openai_compatible.rerank import reranking_codec

    endpoint = _endpoint("togetherai", base_url, ("TOGETHER_API_KEY", "TOGETHER_AI_API_KEY"), settings)
    return RerankingModel(reranking_codec("togetherai", model_id), endpoint)
