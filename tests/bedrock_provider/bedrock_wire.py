"""A loopback stand-in for ``bedrock-runtime.us-east-1.amazonaws.com``, as AWS documents it.

These machines cannot reach AWS, so the Bedrock cassettes are *written*: the tests run
against ``FakeBedrock`` (stdlib ``http.server`` on 127.0.0.1), VCR records what it
answers and ``conftest.py`` rewrites the recorded URIs to the real regional host.
Anyone with AWS credentials re-records the same tests against Bedrock
(``cassettes/README.md``); expectations are read from the cassettes, never from here.

It refuses what Bedrock refuses, with Bedrock's error body ``{"message": ...}`` and the
``x-amzn-ErrorType`` header (``bedrock_checks``): a request without a valid SigV4
signature (recomputed here for the fake keys ``FAKE_ACCESS_KEY`` / ``FAKE_SESSION_KEY``,
the latter only with its ``x-amz-security-token``) or Bedrock API key (403); a body that
does not match botocore's model of the Converse API, e.g. an unknown field (400
ValidationException); an unknown model id (400 "The provided model identifier is
invalid."); turns that do not alternate or start with the user; blank text; tool blocks
without ``toolConfig``; tool results for no tool use of the turn before; Anthropic's
own rules inside ``additionalModelRequestFields`` (only ``thinking``, ``top_k``,
``anthropic_beta``, ``output_config``, ``tool_choice``; a thinking budget of at least
1024 below ``maxTokens``; no temperature, top_k or forced tool choice while thinking;
a thinking turn's assistant message must start with its signed reasoning, which must
be this server's). ``/model/{id}/invoke`` takes Titan and Cohere embedding bodies and
refuses an extraneous key as Bedrock does.

Answers: Converse responses (``output.message.content``, ``stopReason``, ``usage`` with
``cacheReadInputTokens`` / ``cacheWriteInputTokens``, ``metrics``, ``trace``,
``additionalModelResponseFields``), and ConverseStream's binary event stream, one
message per HTTP chunk, payloads padded with ``p`` as AWS pads them. Markers in the
last user text script failures: ``THROTTLE`` gets a 429 ThrottlingException the first
time a request is seen; ``STREAM_EXCEPTION`` ends a stream with a
``modelStreamErrorException`` after its first text; ``GUARDRAIL_BLOCK`` is blocked by
the request's guardrail.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import uuid
from collections.abc import Mapping
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

import bedrock_answers as answers
from bedrock_checks import EXTRANEOUS, Refused, validate, verify_sigv4
from openai_wire import WireResponse, _unit_vector, estimate_tokens, send_wire_response

REGION = "us-east-1"
BEDROCK_API = f"https://bedrock-runtime.{REGION}.amazonaws.com"
FAKE_ACCESS_KEY = "AKIAIOSFODNN7" + "EXAMPLE"
FAKE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY"
FAKE_SESSION_KEY = "ASIAIOSFODNN7" + "EXAMPLE"
FAKE_SESSION_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvb" + "EXAMPLEKEY"
FAKE_SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE" + "//////////wEaCXVzLWVhc3QtMSJHMEUCIQDfakeToken="
FAKE_API_KEY = "ABSK" + "QmVkcm9ja0FQSUtleS1leGFtcGxlLWZha2Uta2V5"
THROTTLE_MARKER = "THROTTLE"
STREAM_EXCEPTION_MARKER = "STREAM_EXCEPTION"
_ERROR_NAMESPACE = ":http://internal.amazon.com/coral/com.amazon.bedrock/"
_CACHE_MINIMUM = 1024
CHAT_MODELS = {
    "anthropic.claude-sonnet-4-5-20250929-v1:0": "anthropic",
    "anthropic.claude-3-5-haiku-20241022-v1:0": "anthropic",
    "anthropic.claude-sonnet-4-6-v1": "anthropic",
    "amazon.nova-pro-v1:0": "nova",
    "amazon.nova-lite-v1:0": "nova",
}
STRUCTURED_OUTPUT_MODELS = frozenset({"anthropic.claude-sonnet-4-5-20250929-v1:0"})
RERANK_MODELS = frozenset({"amazon.rerank-v1:0", "cohere.rerank-v3-5:0"})
EMBEDDING_MODELS = {
    "amazon.titan-embed-text-v2:0": 1024,
    "cohere.embed-english-v3": 1024,
    "cohere.embed-v4:0": 1536,
}
_ANTHROPIC_FIELDS = frozenset({"thinking", "top_k", "anthropic_beta", "output_config", "tool_choice"})
_NOVA_FIELDS = frozenset({"inferenceConfig", "reasoningConfig"})
_TITAN_FIELDS = frozenset({"inputText", "dimensions", "normalize", "embeddingTypes"})
_COHERE_FIELDS = frozenset(
    {"texts", "images", "input_type", "truncate", "embedding_types", "output_dimension", "max_tokens"}
)


def base_model(model_id: str) -> str:
    name = model_id.rsplit("/", 1)[-1]
    head, dot, rest = name.partition(".")
    return rest if dot and head in ("us", "eu", "apac", "global") else name


def _bad(message: str) -> Refused:
    return Refused(400, "ValidationException", message)


def error_response(refused: Refused) -> WireResponse:
    headers = {
        "content-type": "application/json",
        "x-amzn-requestid": str(uuid.uuid4()),
        "x-amzn-errortype": refused.error_type + _ERROR_NAMESPACE,
        "date": formatdate(usegmt=True),
    }
    return WireResponse(refused.status, headers, json.dumps({"message": refused.message}).encode())


def _headers(content_type: str = "application/json") -> dict[str, str]:
    return {
        "content-type": content_type,
        "x-amzn-requestid": str(uuid.uuid4()),
        "date": formatdate(usegmt=True),
    }


class FakeBedrock:
    """Start it, point ``AWS_ENDPOINT_URL_BEDROCK_RUNTIME`` at ``base_url``, read its log."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: set[str] = set()
        self._throttled: set[str] = set()
        self.requests: list[tuple[str, dict[str, str], Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

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
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeBedrock:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-bedrock", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self._cached.clear()
            self._throttled.clear()
            self.requests.clear()

    def respond(self, path: str, headers: Mapping[str, str], raw: bytes) -> WireResponse:
        """The whole server as a function: request in, Bedrock-shaped response out."""
        try:
            self._authenticate(path, headers, raw)
            if urlsplit(path).path == "/rerank":
                return self._rerank(raw)
            parts = urlsplit(path).path.split("/")
            if len(parts) != 4 or parts[1] != "model":
                raise Refused(404, "UnknownOperationException", "")
            model_id, operation = unquote(parts[2]), parts[3]
            try:
                body = json.loads(raw)
            except ValueError:
                raise _bad("Malformed input request: the request body is not valid JSON") from None
            with self._lock:
                self.requests.append((path, dict(headers), body))
            if operation == "invoke":
                return self._invoke(model_id, body)
            if operation not in ("converse", "converse-stream"):
                raise Refused(404, "UnknownOperationException", "")
            validate("ConverseStream" if operation == "converse-stream" else "Converse", body)
            family = CHAT_MODELS.get(base_model(model_id))
            if family is None:
                raise _bad("The provided model identifier is invalid.")
            _check_conversation(body, family, base_model(model_id))
            return self._converse(body, raw, stream=operation == "converse-stream")
        except Refused as refused:
            return error_response(refused)

    def _authenticate(self, path: str, headers: Mapping[str, str], raw: bytes) -> None:
        authorization = headers.get("authorization", "")
        if authorization.startswith("Bearer "):
            if authorization[7:] != FAKE_API_KEY:
                raise Refused(
                    403, "AccessDeniedException", "Invalid API Key format: Must start with pre-defined prefix"
                )
            return
        secrets = {
            FAKE_ACCESS_KEY: (FAKE_SECRET_KEY, None),
            FAKE_SESSION_KEY: (FAKE_SESSION_SECRET, FAKE_SESSION_TOKEN),
        }
        verify_sigv4("POST", path, headers, raw, region=REGION, secrets=secrets)

    # -- Converse ---------------------------------------------------------------------------

    def _converse(self, body: dict[str, Any], raw: bytes, *, stream: bool) -> WireResponse:
        question = answers.last_user_text(body)
        if THROTTLE_MARKER in question:
            digest = hashlib.sha256(raw).hexdigest()
            with self._lock:
                first = digest not in self._throttled
                self._throttled.add(digest)
            if first:
                raise Refused(
                    429, "ThrottlingException", "Too many requests, please wait before trying again."
                )
        blocks, stop_reason, stop_sequence = answers.answer(body)
        usage = self._usage(body, blocks)
        blocked = stop_reason == "guardrail_intervened"
        trace = answers.guardrail_trace(body, blocked)
        asked_fields = "/delta/stop_sequence" in (body.get("additionalModelResponseFieldPaths") or ())
        stop_fields = {"delta": {"stop_sequence": stop_sequence}} if asked_fields else None
        latency = 200 + len(json.dumps(blocks)) // 7
        if stream:
            metadata: dict[str, Any] = {"usage": usage, "metrics": {"latencyMs": latency}}
            if trace:
                metadata["trace"] = trace
            broken = STREAM_EXCEPTION_MARKER in question
            frames = answers.stream_frames(blocks, stop_reason, stop_fields, metadata, broken)
            return WireResponse(200, _headers("application/vnd.amazon.eventstream"), events=frames)
        response: dict[str, Any] = {
            "output": {"message": {"role": "assistant", "content": blocks}},
            "stopReason": stop_reason,
            "usage": usage,
            "metrics": {"latencyMs": latency},
        }
        if stop_fields is not None:
            response["additionalModelResponseFields"] = stop_fields
        if trace:
            response["trace"] = trace
        return WireResponse(200, _headers(), json.dumps(response).encode())

    def _usage(self, body: dict[str, Any], blocks: list[dict[str, Any]]) -> dict[str, Any]:
        total = answers.prompt_tokens(body)
        write = read = 0
        prefix = answers.cached_prefix(body)
        if prefix is not None:
            tokens = answers.prompt_tokens({**body, **prefix[1]})
            if tokens >= _CACHE_MINIMUM:
                with self._lock:
                    seen = prefix[0] in self._cached
                    self._cached.add(prefix[0])
                write, read = (0, tokens) if seen else (tokens, 0)
        output = max(1, sum(estimate_tokens(json.dumps(b, ensure_ascii=False)) for b in blocks))
        uncached = max(1, total - write - read)
        return {
            "inputTokens": uncached,
            "outputTokens": output,
            "totalTokens": uncached + write + read + output,
            "cacheReadInputTokens": read,
            "cacheWriteInputTokens": write,
        }

    # -- Rerank (bedrock-agent-runtime) -------------------------------------------------------

    def _rerank(self, raw: bytes) -> WireResponse:
        try:
            body = json.loads(raw)
        except ValueError:
            raise _bad("Malformed input request: the request body is not valid JSON") from None
        with self._lock:
            self.requests.append(("/rerank", {}, body))
        validate("Rerank", body, "bedrock-agent-runtime")
        configuration = body["rerankingConfiguration"]["bedrockRerankingConfiguration"]
        arn = configuration["modelConfiguration"]["modelArn"]
        if arn.rsplit("/", 1)[-1] not in RERANK_MODELS or not arn.startswith(f"arn:aws:bedrock:{REGION}::"):
            raise _bad(f"The provided model identifier is invalid. {arn}")
        query = set(re.findall(r"\w+", body["queries"][0]["textQuery"]["text"].lower()))
        scores = []
        for index, source in enumerate(body["sources"]):
            document = source["inlineDocumentSource"]
            text = document.get("textDocument", {}).get("text") or json.dumps(document.get("jsonDocument"))
            words = set(re.findall(r"\w+", text.lower()))
            overlap = len(query & words) / (len(query) or 1)
            scores.append({"index": index, "relevanceScore": round(0.02 + 0.97 * overlap, 7)})
        scores.sort(key=lambda r: -r["relevanceScore"])
        limit = configuration.get("numberOfResults")
        return WireResponse(
            200, _headers(), json.dumps({"results": scores[:limit] if limit else scores}).encode()
        )

    # -- InvokeModel (embeddings) ------------------------------------------------------------

    def _invoke(self, model_id: str, body: Any) -> WireResponse:
        size = EMBEDDING_MODELS.get(base_model(model_id))
        if size is None:
            raise _bad("The provided model identifier is invalid.")
        if not isinstance(body, dict):
            raise _bad("Malformed input request: #: expected type: JSONObject, found: JSONArray")
        cohere = "cohere." in model_id
        allowed = _COHERE_FIELDS if cohere else _TITAN_FIELDS
        for key in body:
            if key not in allowed:
                raise _bad(EXTRANEOUS.format(path="", key=key))
        headers = _headers()
        if not cohere:
            text = body.get("inputText")
            if not isinstance(text, str) or not text:
                raise _bad("Malformed input request: #: required key [inputText] not found")
            dims = body.get("dimensions", 1024)
            if dims not in (256, 512, 1024):
                raise _bad(
                    "Malformed input request: #/dimensions: 300 is not a valid enum value".replace(
                        "300", str(dims)
                    )
                )
            vector = _unit_vector(text, dims)
            tokens = estimate_tokens(text)
            headers["x-amzn-bedrock-input-token-count"] = str(tokens)
            payload: dict[str, Any] = {
                "embedding": vector,
                "embeddingsByType": {"float": vector},
                "inputTextTokenCount": tokens,
            }
            return WireResponse(200, headers, json.dumps(payload).encode())
        texts = body.get("texts")
        if not isinstance(texts, list) or not texts or len(texts) > 96:
            raise _bad("Malformed input request: #/texts: expected minimum item count: 1, maximum: 96")
        kind = body.get("input_type")
        if kind not in ("search_document", "search_query", "classification", "clustering"):
            raise _bad(f"Malformed input request: #/input_type: {kind} is not a valid enum value")
        dims = body.get("output_dimension", size)
        vectors = [_unit_vector(f"{kind}:{t}", dims) for t in texts]
        headers["x-amzn-bedrock-input-token-count"] = str(sum(estimate_tokens(t) for t in texts))
        embeddings: Any = vectors if "v3" in model_id else {"float": vectors}
        response_type = "embeddings_floats" if "v3" in model_id else "embeddings_by_type"
        payload = {
            "embeddings": embeddings,
            "id": str(uuid.uuid4()),
            "response_type": response_type,
            "texts": texts,
        }
        return WireResponse(200, headers, json.dumps(payload).encode())


# -- Converse rules beyond the shapes -----------------------------------------------------------


def _check_conversation(body: dict[str, Any], family: str, model: str) -> None:
    messages = body["messages"]
    if not messages or messages[0]["role"] != "user":
        raise _bad(
            "A conversation must start with a user message. Try again with a conversation that starts "
            "with a user message."
        )
    tool_blocks = False
    for m, message in enumerate(messages):
        if m and messages[m - 1]["role"] == message["role"]:
            raise _bad(
                "A conversation must alternate between user and assistant roles. Make sure the conversation "
                "alternates between user and assistant roles and try again."
            )
        for c, block in enumerate(message["content"]):
            if "text" in block and not block["text"].strip():
                raise _bad(
                    f"The text field in the ContentBlock object at messages.{m}.content.{c} is blank. "
                    "Add text to "
                    "the text field, and try again."
                )
            tool_blocks = tool_blocks or "toolUse" in block or "toolResult" in block
        results = [b["toolResult"]["toolUseId"] for b in message["content"] if "toolResult" in b]
        if results:
            previous = messages[m - 1]["content"] if m else []
            uses = {b["toolUse"]["toolUseId"] for b in previous if "toolUse" in b}
            if any(r not in uses for r in results):
                raise _bad(
                    f"The number of toolResult blocks at messages.{m}.content exceeds the number of toolUse "
                    "blocks of previous turn."
                )
    if tool_blocks and not body.get("toolConfig"):
        raise _bad("The toolConfig field must be defined when using toolUse and toolResult content blocks.")
    if body.get("outputConfig") and model not in STRUCTURED_OUTPUT_MODELS:
        raise _bad("This model doesn't support the outputConfig field. Remove outputConfig and try again.")
    extra = body.get("additionalModelRequestFields") or {}
    allowed = _ANTHROPIC_FIELDS if family == "anthropic" else _NOVA_FIELDS
    for key in extra:
        if key not in allowed:
            raise _bad(EXTRANEOUS.format(path="", key=key))
    if family == "anthropic":
        _check_thinking(body, extra)


def _check_thinking(body: dict[str, Any], extra: Mapping[str, Any]) -> None:
    thinking = extra.get("thinking") or {}
    for m, message in enumerate(body["messages"]):
        for c, block in enumerate(message["content"]):
            reasoning = block.get("reasoningContent") or {}
            text = reasoning.get("reasoningText")
            if text is not None and not answers.signed(
                str(text.get("signature", "")), str(text.get("text", ""))
            ):
                raise _bad(
                    f"messages.{m}.content.{c}.reasoningContent: Invalid `signature` in `thinking` block"
                )
            if "redactedContent" in reasoning and not answers.redacted_ok(reasoning["redactedContent"]):
                raise _bad(
                    f"messages.{m}.content.{c}.reasoningContent: Invalid `data` in `redacted_thinking` block"
                )
    if thinking.get("type") != "enabled":
        return
    budget = thinking.get("budget_tokens")
    max_tokens = (body.get("inferenceConfig") or {}).get("maxTokens", 4096)
    if not isinstance(budget, int) or budget < 1024:
        raise _bad("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")
    if budget >= max_tokens:
        raise _bad("`max_tokens` must be greater than `thinking.budget_tokens`.")
    if (body.get("inferenceConfig") or {}).get("temperature") not in (None, 1):
        raise _bad("`temperature` may only be set to 1 when thinking is enabled.")
    if "top_k" in extra:
        raise _bad("`top_k` is not supported when thinking is enabled.")
    choice = (body.get("toolConfig") or {}).get("toolChoice") or {}
    if "any" in choice or "tool" in choice:
        raise _bad("Thinking may not be enabled when tool_choice forces tool use.")
    messages = body["messages"]
    last = messages[-1]["content"]
    if any("toolResult" in b for b in last) and len(messages) >= 2:
        first = messages[-2]["content"][0] if messages[-2]["content"] else {}
        if "reasoningContent" not in first:
            raise _bad(
                f"messages.{len(messages) - 2}.content.0.type: Expected `thinking` or "
                "`redacted_thinking`, but found `text`. When `thinking` is enabled, a final `assistant` "
                "message must start with a thinking block (preceeding the lastmost set of `tool_use` and "
                "`tool_result` blocks)."
            )
