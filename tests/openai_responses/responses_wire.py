"""A loopback stand-in for OpenAI's Responses API (``POST /v1/responses``).

These machines cannot reach OpenAI, so the Responses cassettes are *written*: tests run
against ``FakeResponses`` (stdlib ``http.server`` on 127.0.0.1), VCR records what it
answers, and the conftest rewrites the recorded URIs to ``https://api.openai.com/v1``.
Anyone with a key re-records the same tests against the real API (``cassettes/README.md``).

It refuses what the real API refuses, with OpenAI's error body
``{"error": {"message", "type", "param", "code"}}``:

* 401 without ``Authorization: Bearer ...`` or with a key starting ``sk-invalid``;
* 400 ``unknown_parameter`` for a body field the API does not have (``Unknown parameter:
  'x'.``), ``missing_required_parameter`` without ``model``/``input``, ``model_not_found``;
* 400 ``unsupported_parameter`` for ``temperature``/``top_p`` on a reasoning model and
  ``reasoning`` on a model that does not reason; ``integer_below_min_value`` for a
  ``max_output_tokens`` under 16; an unknown ``include`` value;
* 400 for a strict function or ``text.format`` schema that breaks the Structured
  Outputs rules, ``json_object`` without the word JSON in the input, a function tool
  without a name, an unknown tool type, ``tool_choice`` naming a tool not given;
* 400 for input that does not add up: an unknown item type, an ``item_reference`` or a
  ``previous_response_id`` that was never stored (``store: false``), a reasoning item
  without ``encrypted_content`` that was not stored, ``encrypted_content`` this server
  never issued, a ``function_call_output`` whose ``call_id`` matches no call.

What the "model" answers comes from ``openai_wire.plan_chat`` (the Chat Completions
fake's planner) on the request translated to Chat Completions, plus what only the
Responses API does: reasoning items for reasoning models (a summary when
``reasoning.summary`` is set, ``encrypted_content`` when ``include`` asks), a web
search (``web_search`` tool and a question about news or the web, or a forced choice)
with ``url_citation`` annotations, a file search with ``file_citation`` annotations,
and a code interpreter run of the arithmetic in the question. A prompt containing
``STREAM_ERROR`` fails mid-stream with a ``server_error`` event.
"""

from __future__ import annotations

import ast
import json
import operator
import re
import secrets
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from openai_wire import (
    INVALID_KEY,
    WireResponse,
    _error,
    _json_response,
    _rand,
    _usage,
    mask_key,
    plan_chat,
    proper_nouns,
    send_wire_response,
    strict_schema_problem,
)
from responses_events import json_response, response_object, stream_response

STREAM_ERROR_MARKER = "STREAM_ERROR"
SNAPSHOTS: Mapping[str, str] = {
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-4o": "gpt-4o-2024-08-06",
    "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
    "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
    "gpt-5": "gpt-5-2025-08-07",
    "gpt-5-mini": "gpt-5-mini-2025-08-07",
    "gpt-5-nano": "gpt-5-nano-2025-08-07",
    "o4-mini": "o4-mini-2025-04-16",
}
REASONING_MODELS = frozenset({"gpt-5", "gpt-5-mini", "gpt-5-nano", "o4-mini"})
PARAMETERS = frozenset(
    {
        "background",
        "conversation",
        "include",
        "input",
        "instructions",
        "max_output_tokens",
        "max_tool_calls",
        "metadata",
        "model",
        "parallel_tool_calls",
        "previous_response_id",
        "prompt",
        "prompt_cache_key",
        "prompt_cache_retention",
        "reasoning",
        "safety_identifier",
        "service_tier",
        "store",
        "stream",
        "stream_options",
        "temperature",
        "text",
        "tool_choice",
        "tools",
        "top_logprobs",
        "top_p",
        "truncation",
        "user",
    }
)
INCLUDABLE = frozenset(
    {
        "web_search_call.action.sources",
        "code_interpreter_call.outputs",
        "computer_call_output.output.image_url",
        "file_search_call.results",
        "message.input_image.image_url",
        "message.output_text.logprobs",
        "reasoning.encrypted_content",
    }
)
ITEM_TYPES = frozenset(
    {
        "message",
        "function_call",
        "function_call_output",
        "reasoning",
        "item_reference",
        "web_search_call",
        "file_search_call",
        "code_interpreter_call",
    }
)
TOOL_TYPES = frozenset({"function", "web_search", "web_search_preview", "file_search", "code_interpreter"})
_SEARCH_WORDS = re.compile(r"\b(news|search|web|latest|today|current)\b", re.IGNORECASE)
_FILE_WORDS = re.compile(r"\b(document|file|files|uploaded)\b", re.IGNORECASE)
_CODE_WORDS = re.compile(r"\b(calculate|compute|python|code|run)\b", re.IGNORECASE)


class BadRequest(Exception):
    def __init__(self, message: str, param: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.param = param
        self.code = code


def _bad(message: str, param: str | None = None, code: str | None = None) -> BadRequest:
    return BadRequest(message, param, code)


class FakeResponses:
    """Start it, point ``OPENAI_BASE_URL`` at ``base_url``, read what it answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen_prompts: list[str] = []  # openai_wire._usage's prompt cache
        self.items: dict[str, dict[str, Any]] = {}
        self.responses: dict[str, list[dict[str, Any]]] = {}
        """Stored response id -> the conversation so far (input and output items)."""
        self.issued: set[str] = set()
        """Every ``encrypted_content`` this server handed out."""
        self.requests: list[dict[str, Any]] = []
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

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeResponses:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-responses", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        with self._lock:
            self._seen_prompts.clear()
            self.requests.clear()

    # -- the server as a function -------------------------------------------------------

    def respond(self, path: str, headers: Mapping[str, str], raw: bytes) -> WireResponse:
        auth = headers.get("authorization", "")
        key = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if not key:
            return _json_response(
                401,
                _error(
                    "You didn't provide an API key. You need to provide your API key in an Authorization "
                    "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password "
                    "field (with blank username) if you're accessing the API from your browser and are "
                    "prompted for a username. You can obtain an API key from "
                    "https://platform.openai.com/account/api-keys.",
                    "invalid_request_error",
                    None,
                ),
            )
        if key.startswith(INVALID_KEY):
            return _json_response(
                401,
                _error(
                    f"Incorrect API key provided: {mask_key(key)}. You can find your API key at "
                    "https://platform.openai.com/account/api-keys.",
                    "invalid_request_error",
                    "invalid_api_key",
                ),
            )
        route = urlsplit(path).path.rstrip("/")
        if route != "/v1/responses":
            return _json_response(404, _error(f"Invalid URL (POST {route})", "invalid_request_error", None))
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _json_response(
                400,
                _error("We could not parse the JSON body of your request.", "invalid_request_error", None),
            )
        with self._lock:
            self.requests.append(body)
        try:
            return self._respond(body)
        except BadRequest as exc:
            return _json_response(400, _error(str(exc), "invalid_request_error", exc.code, exc.param))

    def _respond(self, body: dict[str, Any]) -> WireResponse:
        model = self._validate(body)
        reasoning_model = model in REASONING_MODELS
        history = self._history(body)
        chat = _chat_body(body, history)
        text = " ".join(_user_texts(chat))
        output: list[dict[str, Any]] = []
        include = set(body.get("include") or ())
        reasoning_tokens = 0
        if reasoning_model:
            reasoning_tokens = 64
            output.append(self._reasoning_item(body, include, chat))
        built_in = self._built_in(body, chat, include)
        if built_in is not None:
            items, answer = built_in
            output.extend(items)
            output.append(_message(answer[0], answer[1]))
            plan_text, calls, finish = answer[0], [], "stop"
        else:
            plan = plan_chat(chat)
            plan_text, calls, finish = plan.text, plan.calls, plan.finish_reason
            for name, arguments in calls:
                output.append(
                    {
                        "id": "fc_" + secrets.token_hex(25),
                        "type": "function_call",
                        "status": "completed",
                        "arguments": arguments,
                        "call_id": "call_" + _rand(24),
                        "name": name,
                    }
                )
            if plan_text is not None:
                output.append(_message(plan_text, []))
        usage = self._usage(chat, plan_text, calls, reasoning_tokens)
        response_id = "resp_" + secrets.token_hex(25)
        final = response_object(
            body,
            response_id=response_id,
            created=int(time.time()),
            snapshot=SNAPSHOTS[model],
            output=output,
            usage=usage,
            status="incomplete" if finish == "length" else "completed",
            reasoning_model=reasoning_model,
        )
        if body.get("store", True) is not False:
            with self._lock:
                for item in output:
                    self.items[item["id"]] = item
                self.responses[response_id] = [*history, *output]
        if not body.get("stream"):
            return json_response(final)
        interim = {}
        for item in output:
            if item["type"] == "reasoning" and "encrypted_content" in item:
                interim[item["id"]] = "gAAAAAB" + secrets.token_urlsafe(48)  # never accepted back
        return stream_response(final, fail_after_text=STREAM_ERROR_MARKER in text, interim_encrypted=interim)

    # -- validation -----------------------------------------------------------------------

    def _validate(self, body: dict[str, Any]) -> str:
        for name in body:
            if name not in PARAMETERS:
                raise _bad(f"Unknown parameter: '{name}'.", name, "unknown_parameter")
        model = body.get("model")
        if not isinstance(model, str) or not model:
            raise _bad("Missing required parameter: 'model'.", "model", "missing_required_parameter")
        if model not in SNAPSHOTS:
            raise _bad(f"The requested model '{model}' does not exist.", "model", "model_not_found")
        if "input" not in body and not body.get("previous_response_id"):
            raise _bad("Missing required parameter: 'input'.", "input", "missing_required_parameter")
        reasoning_model = model in REASONING_MODELS
        for name in ("temperature", "top_p"):
            if reasoning_model and body.get(name) is not None:
                raise _bad(
                    f"Unsupported parameter: '{name}' is not supported with this model.",
                    name,
                    "unsupported_parameter",
                )
        reasoning = body.get("reasoning")
        if isinstance(reasoning, dict) and not reasoning_model:
            for name in ("effort", "summary"):
                if reasoning.get(name) is not None:
                    raise _bad(
                        f"Unsupported parameter: 'reasoning.{name}' is not supported with this model.",
                        f"reasoning.{name}",
                        "unsupported_parameter",
                    )
        limit = body.get("max_output_tokens")
        if isinstance(limit, int) and limit < 16:
            raise _bad(
                f"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got "
                f"{limit} instead.",
                "max_output_tokens",
                "integer_below_min_value",
            )
        for index, value in enumerate(body.get("include") or ()):
            if value not in INCLUDABLE:
                raise _bad(
                    f"Invalid value: '{value}'. Supported values are: {', '.join(sorted(INCLUDABLE))}.",
                    f"include[{index}]",
                    "invalid_value",
                )
        self._validate_tools(body)
        self._validate_format(body)
        return model

    @staticmethod
    def _validate_tools(body: dict[str, Any]) -> None:
        names = set()
        for index, tool in enumerate(body.get("tools") or ()):
            kind = tool.get("type") if isinstance(tool, dict) else None
            if kind not in TOOL_TYPES:
                raise _bad(f"Invalid value: '{kind}'.", f"tools[{index}].type", "invalid_value")
            if kind == "function":
                if not tool.get("name"):
                    raise _bad(
                        f"Missing required parameter: 'tools[{index}].name'.",
                        f"tools[{index}].name",
                        "missing_required_parameter",
                    )
                names.add(tool["name"])
                if tool.get("strict", True) and (
                    problem := strict_schema_problem(tool.get("parameters") or {})
                ):
                    raise _bad(
                        f"Invalid schema for function '{tool['name']}': {problem}",
                        f"tools[{index}].parameters",
                        "invalid_function_parameters",
                    )
            if kind == "file_search" and not tool.get("vector_store_ids"):
                raise _bad(
                    f"Missing required parameter: 'tools[{index}].vector_store_ids'.",
                    f"tools[{index}].vector_store_ids",
                    "missing_required_parameter",
                )
        choice = body.get("tool_choice")
        if isinstance(choice, dict):
            wanted = choice.get("name") if choice.get("type") == "function" else None
            kinds = {t.get("type") for t in body.get("tools") or ()}
            if (wanted is not None and wanted not in names) or (
                wanted is None and choice.get("type") not in kinds
            ):
                raise _bad(
                    f"Tool choice '{choice.get('type')}' not found in 'tools' parameter.", "tool_choice", None
                )

    @staticmethod
    def _validate_format(body: dict[str, Any]) -> None:
        fmt = (body.get("text") or {}).get("format") or {}
        if fmt.get("type") == "json_schema":
            if not fmt.get("name"):
                raise _bad(
                    "Missing required parameter: 'text.format.name'.",
                    "text.format.name",
                    "missing_required_parameter",
                )
            problem = strict_schema_problem(fmt.get("schema") or {}) if fmt.get("strict") else None
            if problem:
                raise _bad(
                    f"Invalid schema for response_format '{fmt['name']}': {problem}",
                    "text.format.schema",
                    "invalid_json_schema",
                )
        if fmt.get("type") == "json_object" and "json" not in json.dumps(body.get("input")).lower():
            raise _bad(
                "Response input messages must contain the word 'json' in some form to use 'text.format' of "
                "type 'json_object'.",
                "input",
                None,
            )

    def _history(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        """The items the model sees: a continued response's, then the input's (with
        references resolved), checked the way the API checks them."""
        store = body.get("store", True) is not False
        items: list[dict[str, Any]] = []
        previous = body.get("previous_response_id")
        if previous:
            with self._lock:
                stored = self.responses.get(previous)
            if stored is None:
                raise _bad(
                    f"Previous response with id '{previous}' not found.",
                    "previous_response_id",
                    "previous_response_not_found",
                )
            items.extend(stored)
        raw = body.get("input", [])
        raw = [{"role": "user", "content": raw}] if isinstance(raw, str) else raw
        if not isinstance(raw, list):
            raise _bad("Invalid type for 'input': expected a string or an array.", "input", "invalid_type")
        for index, item in enumerate(raw):
            if not isinstance(item, dict):
                raise _bad(f"Invalid type for 'input[{index}]'.", f"input[{index}]", "invalid_type")
            kind = item.get("type", "message" if "role" in item else None)
            if kind not in ITEM_TYPES:
                raise _bad(f"Invalid value: '{kind}'.", f"input[{index}].type", "invalid_value")
            if kind == "item_reference":
                with self._lock:
                    found = self.items.get(str(item.get("id")))
                if found is None:
                    raise _bad(_not_found(item.get("id"), store), "input", None)
                items.append(found)
                continue
            if kind == "reasoning":
                self._check_reasoning(item, store)
            if kind == "function_call_output":
                ids = {i.get("call_id") for i in items if i.get("type") == "function_call"}
                if item.get("call_id") not in ids:
                    raise _bad(
                        f"No tool call found for function call output with call_id {item.get('call_id')}.",
                        "input",
                        None,
                    )
            items.append(item)
        return items

    def _check_reasoning(self, item: dict[str, Any], store: bool) -> None:
        encrypted = item.get("encrypted_content")
        if encrypted is None:
            with self._lock:
                stored = item.get("id") in self.items
            if not stored:
                raise _bad(_not_found(item.get("id"), store), "input", None)
            return
        with self._lock:
            known = encrypted in self.issued
        if not known:
            raise _bad(
                f"The encrypted content for item {item.get('id')} could not be verified.",
                "input",
                "invalid_encrypted_content",
            )

    # -- answers ----------------------------------------------------------------------------

    def _reasoning_item(
        self, body: dict[str, Any], include: set[str], chat: dict[str, Any]
    ) -> dict[str, Any]:
        item: dict[str, Any] = {"id": "rs_" + secrets.token_hex(25), "type": "reasoning", "summary": []}
        if "reasoning.encrypted_content" in include:
            encrypted = "gAAAAAB" + secrets.token_urlsafe(96)
            with self._lock:
                self.issued.add(encrypted)
            item["encrypted_content"] = encrypted
        if (body.get("reasoning") or {}).get("summary"):
            question = (_user_texts(chat) or [""])[-1]
            after_tools = chat["messages"][-1].get("role") == "tool"
            text = (
                "**Reporting the result**\n\nThe tool has answered; I can now tell the user what it returned."
                if after_tools
                else f"**Working out the answer**\n\nThe user asks: {question[:80]!r}. "
                "I will decide whether a tool is needed and then answer briefly."
            )
            item["summary"] = [{"type": "summary_text", "text": text}]
        return item

    def _built_in(
        self, body: dict[str, Any], chat: dict[str, Any], include: set[str]
    ) -> tuple[list[dict[str, Any]], tuple[str, list[dict[str, Any]]]] | None:
        """A built-in tool's items and the answer that cites them, when the model
        would use one; ``None`` otherwise."""
        tools = {t.get("type"): t for t in body.get("tools") or () if isinstance(t, dict)}
        choice = body.get("tool_choice")
        forced = choice.get("type") if isinstance(choice, dict) else None
        last = chat["messages"][-1]
        if last.get("role") == "tool" or choice == "none":
            return None
        question = (_user_texts(chat) or [""])[-1]
        search = tools.get("web_search") or tools.get("web_search_preview")
        if search and (forced in ("web_search", "web_search_preview") or _SEARCH_WORDS.search(question)):
            return _web_search(question, "web_search_call.action.sources" in include)
        if "file_search" in tools and (forced == "file_search" or _FILE_WORDS.search(question)):
            return _file_search(question, tools["file_search"], "file_search_call.results" in include)
        if "code_interpreter" in tools and (forced == "code_interpreter" or _CODE_WORDS.search(question)):
            return _code_interpreter(question, "code_interpreter_call.outputs" in include)
        return None

    def _usage(
        self, chat: dict[str, Any], text: str | None, calls: list[tuple[str, str]], reasoning: int
    ) -> dict[str, Any]:
        from openai_wire import _Plan

        wire = _usage(self, chat, _Plan(text, calls))  # type: ignore[arg-type]
        return {
            "input_tokens": wire["prompt_tokens"],
            "input_tokens_details": {"cached_tokens": wire["prompt_tokens_details"]["cached_tokens"]},
            "output_tokens": wire["completion_tokens"] + reasoning,
            "output_tokens_details": {"reasoning_tokens": reasoning},
            "total_tokens": wire["prompt_tokens"] + wire["completion_tokens"] + reasoning,
        }


def _not_found(item_id: Any, store: bool) -> str:
    message = f"Item with id '{item_id}' not found."
    if not store:
        message += (
            " Items are not persisted when `store` is set to false. Try again with `store` set to true, "
            "or remove this item from your input."
        )
    return message


def _message(text: str, annotations: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "msg_" + secrets.token_hex(25),
        "type": "message",
        "status": "completed",
        "content": [{"type": "output_text", "annotations": annotations, "logprobs": [], "text": text}],
        "role": "assistant",
    }


def _topic(question: str) -> str:
    nouns = proper_nouns(question)
    return nouns[0] if nouns else "Weather"


def _web_search(
    question: str, with_sources: bool
) -> tuple[list[dict[str, Any]], tuple[str, list[dict[str, Any]]]]:
    topic = _topic(question)
    slug = topic.replace(" ", "_")
    pages = [
        (f"https://en.wikipedia.org/wiki/{slug}", f"{topic} - Wikipedia"),
        (f"https://www.reuters.com/world/{slug.lower()}/", f"{topic} news | Reuters"),
    ]
    action: dict[str, Any] = {"type": "search", "query": f"{topic} news today"}
    if with_sources:
        action["sources"] = [{"type": "url", "url": url} for url, _ in pages]
    call = {
        "id": "ws_" + secrets.token_hex(25),
        "type": "web_search_call",
        "status": "completed",
        "action": action,
    }
    text = ""
    annotations = []
    for sentence, (url, title) in zip(
        (
            f"Here is the latest on {topic}: the city council met this morning.",
            " Local markets opened higher.",
        ),
        pages,
        strict=True,
    ):
        domain = urlsplit(url).hostname or ""
        cited = f"{sentence} ([{domain}]({url}?utm_source=openai))"
        start = len(text) + len(sentence) + 1
        text += cited
        annotations.append(
            {
                "type": "url_citation",
                "start_index": start,
                "end_index": len(text),
                "title": title,
                "url": f"{url}?utm_source=openai",
            }
        )
    return [call], (text, annotations)


def _file_search(
    question: str, tool: Mapping[str, Any], with_results: bool
) -> tuple[list[dict[str, Any]], tuple[str, list[dict[str, Any]]]]:
    file_id = "file-" + _rand(22)
    passage = "An embedding model turns text into a vector of numbers that captures its meaning."
    call: dict[str, Any] = {
        "id": "fs_" + secrets.token_hex(25),
        "type": "file_search_call",
        "status": "completed",
        "queries": [question[:80]],
        "results": [
            {"attributes": {}, "file_id": file_id, "filename": "notes.pdf", "score": 0.9311, "text": passage}
        ]
        if with_results
        else None,
    }
    text = f"According to the document, {passage[0].lower()}{passage[1:]}"
    annotation = {"type": "file_citation", "file_id": file_id, "filename": "notes.pdf", "index": len(text)}
    return [call], (text, [annotation])


_OPERATORS: Mapping[type, Any] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


def _evaluate(node: ast.AST) -> float:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return float(_OPERATORS[type(node.op)](_evaluate(node.left), _evaluate(node.right)))
    raise ValueError("not arithmetic")


def _code_interpreter(
    question: str, with_outputs: bool
) -> tuple[list[dict[str, Any]], tuple[str, list[dict[str, Any]]]]:
    found = re.findall(r"[\d.]+(?:\s*[-+*/^]\s*[\d.]+)+", question)
    expression = (found[0] if found else "2 + 2").replace("^", "**")
    try:
        value: float = _evaluate(ast.parse(expression, mode="eval"))
        result = str(int(value)) if float(value).is_integer() else f"{value:.6g}"
    except (ValueError, SyntaxError, ZeroDivisionError):
        result = "nan"
    call = {
        "id": "ci_" + secrets.token_hex(25),
        "type": "code_interpreter_call",
        "status": "completed",
        "code": f"result = {expression}\nprint(result)\n",
        "container_id": "cntr_" + secrets.token_hex(24),
        "outputs": [{"type": "logs", "logs": f"{result}\n"}] if with_outputs else None,
    }
    return [call], (f"I ran the calculation in Python: {expression} = {result}.", [])


# -- Responses -> Chat Completions, for the planner -------------------------------------


def _chat_body(body: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    messages: list[dict[str, Any]] = []
    for item in items:
        kind = item.get("type", "message")
        if kind == "message" or "role" in item:
            role = item.get("role")
            content = item.get("content")
            parts = [{"type": "input_text", "text": content}] if isinstance(content, str) else content or []
            chat_parts = [p for p in (_chat_part(part) for part in parts) if p is not None]
            text = "".join(p["text"] for p in chat_parts if p["type"] == "text")
            if role in ("system", "developer"):
                messages.append({"role": "system", "content": text})
            elif role == "assistant":
                messages.append({"role": "assistant", "content": text})
            else:
                messages.append({"role": "user", "content": chat_parts})
        elif kind == "function_call":
            call = {
                "id": item.get("call_id"),
                "type": "function",
                "function": {"name": item.get("name"), "arguments": item.get("arguments")},
            }
            if messages and messages[-1]["role"] == "assistant":
                messages[-1].setdefault("tool_calls", []).append(call)
            else:
                messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif kind == "function_call_output":
            output = item.get("output")
            if isinstance(output, list):
                output = " ".join(str(p.get("text", "")) for p in output if isinstance(p, dict))
            messages.append({"role": "tool", "tool_call_id": item.get("call_id"), "content": str(output)})
    chat: dict[str, Any] = {
        "model": body.get("model"),
        "messages": messages or [{"role": "user", "content": ""}],
    }
    tools = [t for t in body.get("tools") or () if isinstance(t, dict) and t.get("type") == "function"]
    if tools:
        chat["tools"] = [
            {"type": "function", "function": {"name": t["name"], "parameters": t.get("parameters") or {}}}
            for t in tools
        ]
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and choice.get("type") == "function":
        chat["tool_choice"] = {"type": "function", "function": {"name": choice.get("name")}}
    elif isinstance(choice, str):
        chat["tool_choice"] = choice
    if body.get("parallel_tool_calls") is False:
        chat["parallel_tool_calls"] = False
    fmt = (body.get("text") or {}).get("format") or {}
    if fmt.get("type") == "json_schema":
        chat["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": fmt.get("name"), "schema": fmt.get("schema")},
        }
    elif fmt.get("type") == "json_object":
        chat["response_format"] = {"type": "json_object"}
    if isinstance(body.get("max_output_tokens"), int):
        chat["max_completion_tokens"] = body["max_output_tokens"]
    return chat


def _chat_part(part: Any) -> dict[str, Any] | None:
    if not isinstance(part, dict):
        return None
    kind = part.get("type")
    if kind in ("input_text", "output_text", "text"):
        return {"type": "text", "text": str(part.get("text", ""))}
    if kind == "input_image":
        return {"type": "image_url", "image_url": {"url": part.get("image_url") or part.get("file_id") or ""}}
    if kind == "input_file":
        return {
            "type": "file",
            "file": {k: v for k, v in part.items() if k in ("filename", "file_data", "file_id")},
        }
    return None


def _user_texts(chat: dict[str, Any]) -> list[str]:
    out = []
    for message in chat["messages"]:
        if message.get("role") == "user":
            content = message.get("content")
            out.append(
                content
                if isinstance(content, str)
                else " ".join(p.get("text", "") for p in content if p.get("type") == "text")
            )
    return out
