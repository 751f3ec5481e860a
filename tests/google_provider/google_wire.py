"""A loopback stand-in for the Gemini API and Vertex AI, which these machines cannot reach.

The Google cassettes are *written*: tests run against ``FakeGoogle`` (stdlib
``http.server`` on 127.0.0.1), VCR records what it answers, and ``conftest.py`` rewrites
the recorded URIs to the real hosts. Anyone with a key re-records the Gemini API ones
against the real service (``cassettes/README.md``); the tests depend only on the shapes
Google documents, never on this server's words:

* ``POST /v1beta/models/{model}:generateContent`` and ``:streamGenerateContent?alt=sse``
  (Gemini API), ``POST /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:...``
  (Vertex AI) and ``/v1/publishers/google/models/{model}:...`` (Vertex AI express mode): a
  ``GenerateContentResponse`` (``candidates[0].content.parts``, ``finishReason``,
  ``usageMetadata`` with ``promptTokenCount`` / ``candidatesTokenCount`` /
  ``thoughtsTokenCount`` / ``cachedContentTokenCount`` / ``totalTokenCount`` and the
  per-modality details, ``modelVersion``, ``responseId``; Vertex AI adds ``createTime``,
  ``trafficType`` and safety ratings), or an SSE stream of partial responses (``data:``
  events separated by CRLF CRLF, no ``[DONE]``; usage on every chunk, ``finishReason`` on
  the last). Function calls come whole, with an ``id`` on the Gemini API and none on
  Vertex AI; thinking models sign the first function call of a turn (and Gemini 3 the end
  of a text answer) with a ``thoughtSignature``, and Gemini 3 refuses a function-call
  turn replayed without the signature it issued (or Google's documented
  ``skip_thought_signature_validator``). ``thinkingConfig.includeThoughts`` adds a
  ``thought: true`` summary part. The ``googleSearch`` tool adds ``groundingMetadata``.
  Prompts of 1024 tokens or more whose prefix was seen before report
  ``cachedContentTokenCount`` (implicit caching).
* ``POST /v1beta/models/{model}:batchEmbedContents`` (at most 100 requests, each naming
  the same model; ``taskType`` changes the vector) and Vertex AI's ``:predict``
  (``instances``, ``parameters.outputDimensionality``, ``statistics.token_count``).
* Refusals in Google's ``{"error": {"code", "message", "status", "details"}}`` body: every
  unknown or mistyped field (``google_wire_validation``), a missing ``x-goog-api-key``
  (403 ``PERMISSION_DENIED``, "Method doesn't allow unregistered callers"), a wrong key
  (400 ``INVALID_ARGUMENT``, ``API_KEY_INVALID``), Vertex AI without an OAuth token (401
  ``UNAUTHENTICATED``) or with an API key on a project URL, empty ``contents``, a role
  other than ``user``/``model``, empty ``parts``, penalties on Gemini 2.5 and later,
  function responses that do not match the calls they answer, an unknown model (404).
  A request whose user text says ``RATE_LIMIT`` is refused once with 429
  ``RESOURCE_EXHAUSTED`` (``QuotaFailure`` and ``RetryInfo`` details); ``SAFETY_BLOCK``
  gives a candidate stopped for ``SAFETY`` with its ratings, ``PROMPT_BLOCK`` a
  ``promptFeedback.blockReason`` and no candidate.

What the model says comes from ``openai_wire.plan_chat`` (the same "model" the other
fakes use), fed a Chat Completions translation of the request.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import secrets
import string
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from google_wire_validation import BATCH_EMBED, VERTEX_PREDICT, request_message, violations
from openai_wire import WireResponse, _unit_vector, estimate_tokens, plan_chat, send_wire_response

GEMINI_HOST = "generativelanguage.googleapis.com"
GEMINI_API = f"https://{GEMINI_HOST}/v1beta"
VERTEX_PROJECT = "ai-sdk-integrations-test"
VERTEX_LOCATION = "us-central1"
VERTEX_HOST = f"{VERTEX_LOCATION}-aiplatform.googleapis.com"
VERTEX_PATH = f"/v1/projects/{VERTEX_PROJECT}/locations/{VERTEX_LOCATION}/publishers/google"
VERTEX_API = f"https://{VERTEX_HOST}{VERTEX_PATH}"
EXPRESS_HOST = "aiplatform.googleapis.com"
EXPRESS_API = f"https://{EXPRESS_HOST}/v1/publishers/google"
SKIP_SIGNATURE = "skip_thought_signature_validator"
RATE_LIMIT_MARKER = "RATE_LIMIT"
SAFETY_MARKER = "SAFETY_BLOCK"
PROMPT_BLOCK_MARKER = "PROMPT_BLOCK"
CACHE_MINIMUM = 1024
IMAGE_TOKENS = 258

CHAT_MODELS = frozenset(
    {
        "gemini-2.0-flash",
        "gemini-2.5-flash",
        "gemini-2.5-flash-lite",
        "gemini-2.5-pro",
        "gemini-3-pro-preview",
        "gemini-3-flash-preview",
    }
)
EMBEDDING_SIZES: Mapping[str, int] = {
    "gemini-embedding-001": 3072,
    "text-embedding-004": 768,
    "text-embedding-005": 768,
    "text-multilingual-embedding-002": 768,
}
_ALNUM = string.ascii_letters + string.digits


def gemini_key() -> str:
    """A key-shaped dummy (Google keys start ``AIza``), assembled at run time."""
    return "AIza" + "Sy" + "replay-dummy-not-a-key-000000000"


def invalid_gemini_key() -> str:
    return "AIza" + "Sy" + "invalid-key-refused-by-google-0000"


def _thinks(model: str) -> bool:
    return model.startswith(("gemini-2.5", "gemini-3"))


def _gemini3(model: str) -> bool:
    return model.startswith("gemini-3")


def _error(code: int, status: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return {"error": error}


def _headers(stream: bool = False) -> dict[str, str]:
    return {
        "content-type": "text/event-stream" if stream else "application/json; charset=UTF-8",
        **({"content-disposition": "attachment"} if stream else {}),
        "vary": "Origin, X-Origin, Referer",
        "x-xss-protection": "0",
        "x-frame-options": "SAMEORIGIN",
        "x-content-type-options": "nosniff",
        "server-timing": f"gfet4t7; dur={random.randint(300, 2400)}",
        "alt-svc": 'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000',
    }


def _json(status: int, payload: Any) -> WireResponse:
    return WireResponse(status, _headers(), json.dumps(payload, indent=2, ensure_ascii=False).encode())


def _sse(events: list[Any]) -> WireResponse:
    chunks = [
        f"data: {json.dumps(e, ensure_ascii=False, separators=(',', ':'))}\r\n\r\n".encode() for e in events
    ]
    return WireResponse(200, _headers(stream=True), events=chunks)


class FakeGoogle:
    """Start it; point ``base_url(host)`` URLs at it; every answer is Google-shaped."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen_prompts: list[str] = []
        self._rate_limited: set[str] = set()
        self.signatures: set[str] = set()
        self.requests: list[tuple[str, dict[str, str], Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def version_string(self) -> str:
                return "scaffolding on HTTPServer2"

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

    # -- lifecycle -------------------------------------------------------------------

    def base_url(self, host: str) -> str:
        address, port = self._server.server_address[:2]
        return f"http://{address!s}:{port}/_host/{host}"

    @property
    def gemini_base_url(self) -> str:
        return self.base_url(GEMINI_HOST) + "/v1beta"

    @property
    def vertex_base_url(self) -> str:
        return self.base_url(VERTEX_HOST) + VERTEX_PATH

    @property
    def express_base_url(self) -> str:
        return self.base_url(EXPRESS_HOST) + "/v1/publishers/google"

    def start(self) -> FakeGoogle:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-google", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        with self._lock:
            self._seen_prompts.clear()
            self._rate_limited.clear()
            self.requests.clear()

    def __enter__(self) -> FakeGoogle:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- routing and auth ------------------------------------------------------------

    def respond(self, path: str, headers: Mapping[str, str], raw: bytes) -> WireResponse:
        parts = urlsplit(path)
        match = re.fullmatch(r"/_host/([^/]+)(/.*)", parts.path)
        if match is None:
            return _json(404, _error(404, "NOT_FOUND", f"no such host in {parts.path}"))
        host, route = match.groups()
        query = parse_qs(parts.query)
        with self._lock:
            self.requests.append((f"{host}{route}", dict(headers), raw))
        if host == GEMINI_HOST:
            service, pattern = "gemini", r"/v1beta/models/([^/:]+):(\w+)"
        elif host == EXPRESS_HOST and route.startswith("/v1/publishers/"):
            service, pattern = "express", r"/v1/publishers/google/models/([^/:]+):(\w+)"
        else:
            service, pattern = (
                "vertex",
                r"/v1/projects/[^/]+/locations/[^/]+/publishers/google/models/([^/:]+):(\w+)",
            )
        routed = re.fullmatch(pattern, route)
        refused = self._auth(service, headers, query)
        if refused is not None:
            return refused
        if routed is None:
            return _json(
                404, _error(404, "NOT_FOUND", f"The requested URL {route} was not found on this server.")
            )
        model, method = routed.groups()
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _json(
                400, _error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.")
            )
        vertex = service != "gemini"
        if method in ("generateContent", "streamGenerateContent"):
            if model not in CHAT_MODELS:
                return self._no_model(model, method, vertex)
            return self._generate(model, body, raw, vertex=vertex, stream=method == "streamGenerateContent")
        if method == "batchEmbedContents" and not vertex:
            return self._batch_embed(model, body)
        if method == "predict" and vertex:
            return self._predict(model, body)
        return self._no_model(model, method, vertex)

    @staticmethod
    def _auth(
        service: str, headers: Mapping[str, str], query: Mapping[str, list[str]]
    ) -> WireResponse | None:
        key = headers.get("x-goog-api-key") or (query.get("key") or [""])[0]
        bearer = headers.get("authorization", "")
        if service == "vertex":
            if key:
                return _json(
                    401,
                    _error(
                        401,
                        "UNAUTHENTICATED",
                        "API keys are not supported by this API. Expected OAuth2 access token or other "
                        "authentication credentials that assert a principal. See "
                        "https://cloud.google.com/docs/authentication",
                        [
                            {
                                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                "reason": "CREDENTIALS_MISSING",
                                "domain": "googleapis.com",
                                "metadata": {"service": "aiplatform.googleapis.com"},
                            }
                        ],
                    ),
                )
            if not bearer.lower().startswith("bearer ") or "invalid" in bearer:
                return _json(
                    401,
                    _error(
                        401,
                        "UNAUTHENTICATED",
                        "Request is missing required authentication credential. Expected OAuth 2 access "
                        "token, login cookie or other valid authentication credential. See "
                        "https://developers.google.com/identity/sign-in/web/devconsole-project.",
                    ),
                )
            return None
        if not key:
            if service == "express":
                return _json(
                    401,
                    _error(
                        401,
                        "UNAUTHENTICATED",
                        "Request is missing required authentication credential. "
                        "Expected OAuth 2 access token, login cookie or other valid authentication credential.",  # noqa: E501
                    ),
                )
            return _json(
                403,
                _error(
                    403,
                    "PERMISSION_DENIED",
                    "Method doesn't allow unregistered callers (callers without established identity). "
                    "Please use API Key or other form of API consumer identity to call this API.",
                ),
            )
        if "invalid" in key:
            return _json(
                400,
                _error(
                    400,
                    "INVALID_ARGUMENT",
                    "API key not valid. Please pass a valid API key.",
                    [
                        {
                            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                            "reason": "API_KEY_INVALID",
                            "domain": "googleapis.com",
                            "metadata": {
                                "service": f"{'aiplatform' if service == 'express' else 'generativelanguage'}.googleapis.com"  # noqa: E501
                            },
                        },
                        {
                            "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
                            "locale": "en-US",
                            "message": "API key not valid. Please pass a valid API key.",
                        },
                    ],
                ),
            )
        return None

    @staticmethod
    def _no_model(model: str, method: str, vertex: bool) -> WireResponse:
        if vertex:
            message = (
                f"Publisher Model `projects/{VERTEX_PROJECT}/locations/{VERTEX_LOCATION}/publishers/google/"
                f"models/{model}` was not found or your project does not have access to it. Please ensure "
                "you are using a valid model version. For more information, see: "
                "https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions"
            )
        else:
            message = (
                f"models/{model} is not found for API version v1beta, or is not supported for {method}. "
                "Call ListModels to see the list of available models and their supported methods."
            )
        return _json(404, _error(404, "NOT_FOUND", message))

    @staticmethod
    def _invalid(found: list[tuple[str, str]]) -> WireResponse:
        details = [
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [
                    {**({"field": path} if path else {}), "description": description}
                    for path, description in found
                ],
            }
        ]
        message = "\n".join(description for _, description in found)
        return _json(400, _error(400, "INVALID_ARGUMENT", message, details))

    # -- generateContent ------------------------------------------------------------------

    def _generate(
        self, model: str, body: dict[str, Any], raw: bytes, *, vertex: bool, stream: bool
    ) -> WireResponse:
        found = violations(body, request_message(vertex))
        if found:
            return self._invalid(found)
        refused = self._semantic_problem(model, body, vertex)
        if refused is not None:
            return refused
        user_text = " ".join(_texts(c) for c in body["contents"] if c.get("role") == "user")
        if RATE_LIMIT_MARKER in user_text:
            limited = self._rate_limit(model, raw)
            if limited is not None:
                return limited
        response_id = "".join(secrets.choice(_ALNUM + "-_") for _ in range(22))
        common: dict[str, Any] = {"modelVersion": model, "responseId": response_id}
        if vertex:
            common = {"createTime": datetime.now(UTC).isoformat().replace("+00:00", "Z"), **common}
        prompt_tokens, details = self._prompt_tokens(body)
        if PROMPT_BLOCK_MARKER in user_text:
            usage = {
                "promptTokenCount": prompt_tokens,
                "totalTokenCount": prompt_tokens,
                "promptTokensDetails": details,
            }
            payload = {
                "promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},
                "usageMetadata": usage,
                **common,
            }
            return _sse([payload]) if stream else _json(200, payload)
        answer = self._answer(model, body, vertex=vertex)
        usage = self._usage(model, body, prompt_tokens, details, answer, vertex=vertex)
        if stream:
            return _sse(_stream_events(answer, usage, common, vertex=vertex))
        candidate: dict[str, Any] = {
            "content": {"parts": answer.parts, "role": "model"} if answer.parts else None,
            "finishReason": answer.finish_reason,
            **({"safetyRatings": answer.safety} if answer.safety else {}),
            **({"groundingMetadata": answer.grounding} if answer.grounding else {}),
            **({"finishMessage": "Model generated function call(s)."} if answer.calls else {}),
            **({"avgLogprobs": -0.21} if vertex else {"index": 0}),
        }
        if candidate["content"] is None:
            del candidate["content"]
        return _json(200, {"candidates": [candidate], "usageMetadata": usage, **common})

    def _semantic_problem(self, model: str, body: dict[str, Any], vertex: bool) -> WireResponse | None:
        contents = body.get("contents") or []
        if not contents:
            return _json(
                400,
                _error(
                    400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified\n"
                ),
            )
        for index, content in enumerate(contents):
            if content.get("role", "user") not in ("user", "model"):
                return _json(400, _error(400, "INVALID_ARGUMENT", "Please use a valid role: user, model."))
            if not content.get("parts"):
                return _json(
                    400,
                    _error(
                        400,
                        "INVALID_ARGUMENT",
                        f"* GenerateContentRequest.contents[{index}].parts: contents.parts must not be empty.\n",  # noqa: E501
                    ),
                )
        for t, tool in enumerate(body.get("tools") or ()):
            for d, declaration in enumerate(tool.get("functionDeclarations") or ()):
                if not declaration.get("name"):
                    return _json(
                        400,
                        _error(
                            400,
                            "INVALID_ARGUMENT",
                            f"* GenerateContentRequest.tools[{t}].function_declarations[{d}].name: Name cannot be empty.\n",  # noqa: E501
                        ),
                    )
        config = body.get("generationConfig") or {}
        if _thinks(model) and ("presencePenalty" in config or "frequencyPenalty" in config):
            return _json(400, _error(400, "INVALID_ARGUMENT", f"Penalty is not enabled for models/{model}"))
        if "responseSchema" in config and config.get("responseMimeType") != "application/json":
            return _json(
                400,
                _error(
                    400,
                    "INVALID_ARGUMENT",
                    "* GenerateContentRequest.generation_config.response_mime_type: must be application/json "
                    "when response_schema is set.\n",
                ),
            )
        for index, content in enumerate(contents):
            calls = [p for p in content["parts"] if "functionCall" in p]
            if not calls or content.get("role") != "model":
                continue
            following = contents[index + 1] if index + 1 < len(contents) else None
            responses = [p for p in (following or {}).get("parts", ()) if "functionResponse" in p]
            if following is not None and len(responses) != len(calls):
                return _json(
                    400,
                    _error(
                        400,
                        "INVALID_ARGUMENT",
                        "Please ensure that the number of function response parts is equal to the number of "
                        "function call parts of the function call turn.",
                    ),
                )
        if _gemini3(model):
            return self._signature_problem(contents, vertex)
        return None

    def _signature_problem(self, contents: list[dict[str, Any]], vertex: bool) -> WireResponse | None:
        """Gemini 3: in the current turn (since the last user text), the first function
        call of each model step must carry the signature this server issued for it."""
        start = max(
            (
                i
                for i, c in enumerate(contents)
                if c.get("role") == "user" and any("text" in p for p in c["parts"])
            ),
            default=0,
        )
        for index in range(start, len(contents)):
            content = contents[index]
            calls = [p for p in content["parts"] if "functionCall" in p]
            if content.get("role") != "model" or not calls:
                continue
            signature = calls[0].get("thoughtSignature")
            name = calls[0]["functionCall"].get("name")
            if not signature:
                if vertex:
                    message = (
                        f"Unable to submit request because function call `{name}` in the {index + 1}. content "  # noqa: E501
                        "block is missing a `thought_signature`. Learn more: "
                        "https://docs.cloud.google.com/vertex-ai/generative-ai/docs/thought-signatures"
                    )
                else:
                    message = (
                        "Function call is missing a thought_signature in functionCall parts. This is required "  # noqa: E501
                        "for tools to work correctly, and missing thought_signature may lead to degraded model "  # noqa: E501
                        f"performance. Additional data, function call `default_api:{name}` , position "
                        f"{index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures "  # noqa: E501
                        "for more details."
                    )
                return _json(400, _error(400, "INVALID_ARGUMENT", message))
            if signature != SKIP_SIGNATURE and signature not in self.signatures:
                return _json(400, _error(400, "INVALID_ARGUMENT", "Corrupted thought signature."))
        return None

    def _rate_limit(self, model: str, raw: bytes) -> WireResponse | None:
        digest = hashlib.sha256(raw).hexdigest()
        with self._lock:
            if digest in self._rate_limited:
                return None
            self._rate_limited.add(digest)
        return _json(
            429,
            _error(
                429,
                "RESOURCE_EXHAUSTED",
                "You exceeded your current quota, please check your plan and billing details. For more "
                "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
                [
                    {
                        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                        "violations": [
                            {
                                "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",  # noqa: E501
                                "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                                "quotaDimensions": {"location": "global", "model": model},
                                "quotaValue": "10",
                            }
                        ],
                    },
                    {
                        "@type": "type.googleapis.com/google.rpc.Help",
                        "links": [
                            {
                                "description": "Learn more about Gemini API quotas",
                                "url": "https://ai.google.dev/gemini-api/docs/rate-limits",
                            }
                        ],
                    },
                    {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "34s"},
                ],
            ),
        )

    # -- the answer -------------------------------------------------------------------------

    def _answer(self, model: str, body: dict[str, Any], *, vertex: bool) -> _Answer:
        config = body.get("generationConfig") or {}
        thinking = config.get("thinkingConfig") or {}
        thinks = _thinks(model) and thinking.get("thinkingBudget") != 0
        user_text = " ".join(_texts(c) for c in body["contents"] if c.get("role") == "user")
        answer = _Answer()
        if thinks and thinking.get("includeThoughts"):
            answer.parts.append({"text": _thought_summary(body), "thought": True})
        if SAFETY_MARKER in user_text:
            answer.finish_reason = "SAFETY"
            answer.parts = []
            answer.safety = _safety_ratings(blocked=True)
            return answer
        plan = plan_chat(_chat_body(body))
        signature = self._signature() if thinks else None
        if plan.calls:
            for position, (name, arguments) in enumerate(plan.calls):
                call: dict[str, Any] = {"name": name, "args": json.loads(arguments)}
                if not vertex:
                    call = {
                        "id": "".join(
                            secrets.choice(string.ascii_lowercase + string.digits) for _ in range(8)
                        ),
                        **call,
                    }
                part: dict[str, Any] = {"functionCall": call}
                if signature and position == 0:
                    part["thoughtSignature"] = signature
                answer.parts.append(part)
                answer.calls.append(call)
        else:
            answer.parts.append({"text": plan.text or ""})
            if signature and _gemini3(model):
                answer.parts[-1]["thoughtSignature"] = signature
        answer.finish_reason = "MAX_TOKENS" if plan.finish_reason == "length" else "STOP"
        if vertex:
            answer.safety = _safety_ratings(blocked=False)
        if any("googleSearch" in tool for tool in body.get("tools") or ()) and not plan.calls:
            answer.grounding = _grounding(plan.text or "", user_text)
        answer.thoughts = (40 + len(json.dumps(body)) % 300) if thinks else 0
        return answer

    def _signature(self) -> str:
        signature = base64.b64encode(b"\x12" + secrets.token_bytes(95)).decode()
        with self._lock:
            self.signatures.add(signature)
        return signature

    def _prompt_tokens(self, body: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
        text = _request_text(body)
        images = sum(1 for c in body["contents"] for p in c["parts"] if "inlineData" in p or "fileData" in p)
        text_tokens = max(1, estimate_tokens(text))
        details = [{"modality": "TEXT", "tokenCount": text_tokens}]
        if images:
            details.append({"modality": "IMAGE", "tokenCount": IMAGE_TOKENS * images})
        return text_tokens + IMAGE_TOKENS * images, details

    def _usage(
        self,
        model: str,
        body: dict[str, Any],
        prompt: int,
        details: list[dict[str, Any]],
        answer: _Answer,
        *,
        vertex: bool,
    ) -> dict[str, Any]:
        said = "".join(p.get("text", "") for p in answer.parts if not p.get("thought"))
        said += "".join(json.dumps(c) for c in answer.calls)
        candidates = max(1, estimate_tokens(said)) if answer.parts and answer.finish_reason != "SAFETY" else 0
        usage: dict[str, Any] = {"promptTokenCount": prompt}
        if candidates:
            usage["candidatesTokenCount"] = candidates
        cached = self._cached_tokens(_request_text(body), prompt)
        tool_use = 0
        if answer.grounding:
            tool_use = 300 + len(answer.grounding["webSearchQueries"][0]) % 50
        total = prompt + candidates + answer.thoughts + tool_use
        usage["totalTokenCount"] = total
        if cached:
            usage["cachedContentTokenCount"] = cached
        usage["promptTokensDetails"] = details
        if cached:
            usage["cacheTokensDetails"] = [{"modality": "TEXT", "tokenCount": cached}]
        if candidates and vertex:
            usage["candidatesTokensDetails"] = [{"modality": "TEXT", "tokenCount": candidates}]
        if tool_use:
            usage["toolUsePromptTokenCount"] = tool_use
            usage["toolUsePromptTokensDetails"] = [{"modality": "TEXT", "tokenCount": tool_use}]
        if answer.thoughts:
            usage["thoughtsTokenCount"] = answer.thoughts
        if vertex:
            usage["trafficType"] = "ON_DEMAND"
        return usage

    def _cached_tokens(self, text: str, prompt: int) -> int:
        """Implicit caching: a prompt of 1024+ tokens whose prefix was seen before reads
        that prefix from the cache."""
        with self._lock:
            best = max((len(_common_prefix(text, seen)) for seen in self._seen_prompts), default=0)
            self._seen_prompts.append(text)
        cached = estimate_tokens(text[:best])
        return min(cached, prompt) if prompt >= CACHE_MINIMUM and cached >= CACHE_MINIMUM else 0

    # -- embeddings ---------------------------------------------------------------------------

    def _batch_embed(self, model: str, body: dict[str, Any]) -> WireResponse:
        found = violations(body, BATCH_EMBED)
        if found:
            return self._invalid(found)
        if model not in EMBEDDING_SIZES:
            return self._no_model(model, "batchEmbedContents", False)
        requests = body.get("requests") or []
        if not requests:
            return _json(
                400,
                _error(
                    400,
                    "INVALID_ARGUMENT",
                    "* BatchEmbedContentsRequest.requests: contents is not specified\n",
                ),
            )
        if len(requests) > 100:
            return _json(
                400,
                _error(
                    400,
                    "INVALID_ARGUMENT",
                    "* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch\n",
                ),
            )
        embeddings = []
        for index, request in enumerate(requests):
            if request.get("model") != f"models/{model}":
                return _json(
                    400,
                    _error(
                        400,
                        "INVALID_ARGUMENT",
                        f"* BatchEmbedContentsRequest.requests[{index}].model: the model of each request must be "  # noqa: E501
                        f"the batch's model (models/{model})\n",
                    ),
                )
            text = "".join(p.get("text", "") for p in (request.get("content") or {}).get("parts") or ())
            size = int(request.get("outputDimensionality") or EMBEDDING_SIZES[model])
            vector = _unit_vector(f"{model}\n{request.get('taskType') or ''}\n{text}", size)
            embeddings.append({"values": vector})
        return _json(200, {"embeddings": embeddings})

    def _predict(self, model: str, body: dict[str, Any]) -> WireResponse:
        found = violations(body, VERTEX_PREDICT)
        if found:
            return self._invalid(found)
        if model not in EMBEDDING_SIZES:
            return self._no_model(model, "predict", True)
        instances = body.get("instances") or []
        if len(instances) > 250:
            return _json(
                400,
                _error(
                    400,
                    "INVALID_ARGUMENT",
                    f"Request contains {len(instances)} instances; the maximum for {model} is 250.",
                ),
            )
        size = int((body.get("parameters") or {}).get("outputDimensionality") or EMBEDDING_SIZES[model])
        predictions = []
        characters = 0
        for instance in instances:
            text = str(instance.get("content") or "")
            characters += len(text.replace(" ", ""))
            vector = _unit_vector(f"{model}\n{instance.get('task_type') or ''}\n{text}", size)
            predictions.append(
                {
                    "embeddings": {
                        "statistics": {"truncated": False, "token_count": max(1, estimate_tokens(text))},
                        "values": vector,
                    }
                }
            )
        return _json(200, {"predictions": predictions, "metadata": {"billableCharacterCount": characters}})


class _Answer:
    def __init__(self) -> None:
        self.parts: list[dict[str, Any]] = []
        self.calls: list[dict[str, Any]] = []
        self.finish_reason = "STOP"
        self.safety: list[dict[str, Any]] = []
        self.grounding: dict[str, Any] | None = None
        self.thoughts = 0


# -- the request in Chat Completions terms (what plan_chat reads) ---------------------------


def _texts(content: Mapping[str, Any]) -> str:
    return " ".join(
        p["text"]
        for p in content.get("parts") or ()
        if isinstance(p.get("text"), str) and not p.get("thought")
    )


def _request_text(body: Mapping[str, Any]) -> str:
    system = _texts(body.get("systemInstruction") or {})
    contents = "\n".join(json.dumps(c, sort_keys=True, ensure_ascii=False) for c in body["contents"])
    tools = json.dumps(body.get("tools") or [], sort_keys=True)
    return f"{system}\n{tools}\n{contents}"


def _chat_body(body: Mapping[str, Any]) -> dict[str, Any]:
    messages: list[dict[str, Any]] = []
    system = _texts(body.get("systemInstruction") or {})
    if system:
        messages.append({"role": "system", "content": system})
    for content in body["contents"]:
        parts = content["parts"]
        if content.get("role") == "model":
            calls = [p["functionCall"] for p in parts if "functionCall" in p]
            message: dict[str, Any] = {"role": "assistant", "content": _texts(content)}
            if calls:
                message["tool_calls"] = [
                    {
                        "id": c.get("id") or c["name"],
                        "type": "function",
                        "function": {"name": c["name"], "arguments": json.dumps(c.get("args") or {})},
                    }
                    for c in calls
                ]
            messages.append(message)
            continue
        responses = [p["functionResponse"] for p in parts if "functionResponse" in p]
        for response in responses:
            value = (response.get("response") or {}).get("content", response.get("response"))
            messages.append(
                {
                    "role": "tool",
                    "tool_call_id": response.get("id") or response["name"],
                    "content": value if isinstance(value, str) else json.dumps(value),
                }
            )
        user = [_user_item(p) for p in parts if "functionResponse" not in p]
        if user and not responses:
            messages.append({"role": "user", "content": [u for u in user if u]})
    chat: dict[str, Any] = {"messages": messages}
    declarations = [d for t in body.get("tools") or () for d in t.get("functionDeclarations") or ()]
    if declarations:
        chat["tools"] = [
            {
                "type": "function",
                "function": {
                    "name": d["name"],
                    "parameters": _lower_types(d.get("parameters") or {"type": "object"}),
                },
            }
            for d in declarations
        ]
        calling = ((body.get("toolConfig") or {}).get("functionCallingConfig")) or {}
        mode = calling.get("mode", "AUTO")
        allowed = calling.get("allowedFunctionNames") or []
        if mode == "NONE":
            chat["tool_choice"] = "none"
        elif mode == "ANY" and len(allowed) == 1:
            chat["tool_choice"] = {"type": "function", "function": {"name": allowed[0]}}
        elif mode == "ANY":
            chat["tool_choice"] = "required"
    config = body.get("generationConfig") or {}
    if config.get("responseMimeType") == "application/json":
        schema = config.get("responseSchema")
        chat["response_format"] = (
            {"type": "json_schema", "json_schema": {"name": "response", "schema": _lower_types(schema)}}
            if schema
            else {"type": "json_object"}
        )
    if config.get("stopSequences"):
        chat["stop"] = config["stopSequences"]
    if config.get("maxOutputTokens"):
        chat["max_tokens"] = config["maxOutputTokens"]
    return chat


def _user_item(part: Mapping[str, Any]) -> dict[str, Any] | None:
    if isinstance(part.get("text"), str):
        return {"type": "text", "text": part["text"]}
    inline = part.get("inlineData") or {}
    if inline:
        url = f"data:{inline.get('mimeType')};base64,{inline.get('data')}"
        if inline.get("mimeType") == "application/pdf":
            return {"type": "file", "file": {"filename": "document.pdf", "file_data": url}}
        return {"type": "image_url", "image_url": {"url": url}}
    file_data = part.get("fileData") or {}
    if file_data:
        return {"type": "image_url", "image_url": {"url": file_data.get("fileUri")}}
    return None


def _lower_types(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_lower_types(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _lower_types(v) for k, v in schema.items() if k != "properties"}
    if isinstance(schema.get("type"), str):
        out["type"] = schema["type"].lower()
    if "properties" in schema:
        out["properties"] = {k: _lower_types(v) for k, v in schema["properties"].items()}
    if out.get("format") == "enum":
        out.pop("format")
    return out


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


def _thought_summary(body: Mapping[str, Any]) -> str:
    last = next((c for c in reversed(body["contents"]) if c.get("role") == "user"), {})
    asked = _texts(last).strip() or "the tool results"
    return (
        "**Working out the answer**\n\n"
        f"The user asks: {asked[:120]}. I will check what is needed and answer plainly.\n\n\n"
    )


def _safety_ratings(*, blocked: bool) -> list[dict[str, Any]]:
    ratings = []
    for category in (
        "HARM_CATEGORY_HATE_SPEECH",
        "HARM_CATEGORY_DANGEROUS_CONTENT",
        "HARM_CATEGORY_HARASSMENT",
        "HARM_CATEGORY_SEXUALLY_EXPLICIT",
    ):
        hit = blocked and category == "HARM_CATEGORY_DANGEROUS_CONTENT"
        rating: dict[str, Any] = {"category": category, "probability": "HIGH" if hit else "NEGLIGIBLE"}
        if hit:
            rating["blocked"] = True
        ratings.append(rating)
    return ratings


def _grounding(text: str, question: str) -> dict[str, Any]:
    query = " ".join(question.split()[:8]) or "search"
    chunks = [
        {
            "web": {
                "uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/"
                + secrets.token_urlsafe(48),
                "title": title,
            }
        }
        for title in ("wikipedia.org", "britannica.com")
    ]
    end = len(text.encode())
    return {
        "searchEntryPoint": {
            "renderedContent": "<style>\n.container { display: flex; }\n</style>\n"
            f'<div class="container"><a class="chip">{query}</a></div>\n'
        },
        "groundingChunks": chunks,
        "groundingSupports": [{"segment": {"endIndex": end, "text": text}, "groundingChunkIndices": [0, 1]}],
        "webSearchQueries": [query],
    }


def _pieces(text: str) -> list[str]:
    """A text split as a streamed answer arrives: a few pieces, at word boundaries."""
    words = re.split(r"(?<=\s)", text)
    if len(words) < 3:
        return [text]
    size = max(1, len(words) // 3)
    return ["".join(words[i : i + size]) for i in range(0, len(words), size)]


def _stream_events(
    answer: _Answer, usage: dict[str, Any], common: dict[str, Any], *, vertex: bool
) -> list[Any]:
    def event(
        parts: list[dict[str, Any]] | None, *, last: bool = False, running: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        candidate: dict[str, Any] = {}
        if parts is not None:
            candidate["content"] = {"parts": parts, "role": "model"}
        if last:
            candidate["finishReason"] = answer.finish_reason
            if answer.safety:
                candidate["safetyRatings"] = answer.safety
            if answer.grounding:
                candidate["groundingMetadata"] = answer.grounding
        if not vertex:
            candidate["index"] = 0
        return {"candidates": [candidate], "usageMetadata": running or usage, **common}

    partial = {k: v for k, v in usage.items() if k not in ("candidatesTokenCount", "candidatesTokensDetails")}
    partial["totalTokenCount"] = usage["totalTokenCount"] - usage.get("candidatesTokenCount", 0)
    events: list[Any] = []
    thoughts = [p for p in answer.parts if p.get("thought")]
    said = [p for p in answer.parts if not p.get("thought")]
    if thoughts:
        events.append(event(thoughts, running=partial))
    if answer.calls:
        events.append(event(said, running=usage))
        events.append(event([{"text": ""}], last=True))
        return events
    if not said:
        events.append(event(None, last=True))
        return events
    text_part = said[0]
    pieces = _pieces(text_part.get("text", ""))
    for index, piece in enumerate(pieces):
        final = index == len(pieces) - 1 and "thoughtSignature" not in text_part
        events.append(event([{"text": piece}], last=final, running=usage if final else partial))
    if "thoughtSignature" in text_part:
        events.append(event([{"text": "", "thoughtSignature": text_part["thoughtSignature"]}], last=True))
    return events
