"""A loopback stand-in for ``api.openai.com``, and a reader for the cassettes it writes.

These machines cannot reach OpenAI, so the OpenAI cassettes are *written*: the tests
run against ``FakeOpenAI`` (stdlib ``http.server`` on 127.0.0.1, one thread per
connection), VCR records what it answers, and ``tests/openai_provider/conftest.py`` rewrites
the recorded URIs to ``https://api.openai.com/v1``. Anyone with a key re-records the
same tests against the real API (see ``cassettes/README.md``); nothing in the tests
depends on what this server says, only on the shape OpenAI documents:

* ``POST /v1/chat/completions``: a ``chat.completion`` (``chatcmpl-...`` id, ``created``,
  dated ``model`` snapshot, ``system_fingerprint``, ``choices[0].message`` with
  ``content``/``refusal: null``/``annotations``/``tool_calls``, ``finish_reason``,
  ``usage`` with ``prompt_tokens_details.cached_tokens`` and
  ``completion_tokens_details.reasoning_tokens``), or with ``stream: true`` a stream of
  ``chat.completion.chunk`` events: role first, content or tool-call deltas (``index``,
  ``id``, ``type``, ``function.name``, then argument fragments), a finish chunk, a
  usage-only chunk with ``choices: []`` when ``stream_options.include_usage``, then
  ``data: [DONE]``.
* ``POST /v1/embeddings``: a ``list`` of ``embedding`` objects (unit vectors of the
  model's size or of ``dimensions``), ``data[].index``, ``usage.prompt_tokens``.
* Errors in OpenAI's ``{"error": {message, type, param, code}}`` body: 401 for a missing
  key or the key ``sk-invalid``; 429 with ``retry-after-ms`` the first time a request
  whose messages contain ``RATE_LIMIT`` is seen (the same request then succeeds).

What the "model" answers depends on the request: tools it is told to use (by
``tool_choice``, or by name in the user's words) are called with arguments built from
their JSON schemas, both at once when the prompt needs two; argument values come from
the user's words where they fit (quoted text and proper nouns for names and styles,
numbers for numeric parameters, the phrase after a dash for descriptions); after tool
results it answers in text; ``response_format`` ``json_schema`` gives JSON valid for the
schema (a joke's setup and punchline when the prompt asks for a joke, ``null`` for a
nullable field the prompt says to leave out), ``json_object`` gives JSON with the keys
the prompt names (and, as OpenAI does, is refused with a 400 unless a message says
"JSON"). Strict schemas (``strict: true``) are checked against OpenAI's documented
rules. ``stop`` sequences cut the text before the first one. Text answers follow what
is asked: greetings, haikus, a story, a joke, a summary of an attached PDF (its text is
read), a description of attached images. Arguments and JSON contain raw UTF-8, not
``\\uXXXX`` escapes. Prompts of 1024 tokens or more whose prefix was seen before report
``cached_tokens`` in 128-token steps, as OpenAI's prompt caching does. Token counts are
estimates (about four characters a token).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import re
import secrets
import string
import struct
import threading
import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

OPENAI_API = "https://api.openai.com/v1"
INVALID_KEY = "sk-invalid"
RATE_LIMIT_MARKER = "RATE_LIMIT"
RETRY_AFTER_MS = 250

# Model aliases -> the dated snapshot OpenAI reports in ``model``.
CHAT_SNAPSHOTS: Mapping[str, str] = {
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-4o": "gpt-4o-2024-08-06",
    "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
    "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
}
EMBEDDING_SIZES: Mapping[str, int] = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
SYSTEM_FINGERPRINT = "fp_560af6e559"
_ALNUM = string.ascii_letters + string.digits
_CACHE_MINIMUM = 1024
_CACHE_STEP = 128
_IMAGE_TOKENS = 85
_PDF_PAGE_TOKENS = 255


def _rand(n: int, alphabet: str = _ALNUM) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / 4) if text else 0


def _error(message: str, type_: str, code: str | None, param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def mask_key(key: str) -> str:
    """How OpenAI echoes a wrong key: its first 8 and last 4 characters."""
    return f"{key[:8]}{'*' * max(3, len(key) - 12)}{key[-4:]}"


# -- responses ------------------------------------------------------------------------


@dataclass
class WireResponse:
    status: int
    headers: dict[str, str]
    body: bytes = b""
    events: list[bytes] | None = None
    """SSE events (each ``data: ...\\n\\n``), sent chunked; ``None`` for a plain body."""

    @property
    def text(self) -> str:
        if self.events is not None:
            return b"".join(self.events).decode()
        return self.body.decode("utf-8", "replace")


def send_wire_response(handler: BaseHTTPRequestHandler, response: WireResponse) -> None:
    """Write ``response``: a sized body, or SSE events as HTTP chunks (one per event)."""
    handler.send_response(response.status)
    for name, value in response.headers.items():
        handler.send_header(name, value)
    if response.events is None:
        handler.send_header("content-length", str(len(response.body)))
        handler.end_headers()
        handler.wfile.write(response.body)
        return
    handler.send_header("transfer-encoding", "chunked")
    handler.end_headers()
    for event in response.events:
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
        handler.wfile.flush()
    handler.wfile.write(b"0\r\n\r\n")
    handler.wfile.flush()


def _common_headers() -> dict[str, str]:
    return {
        "access-control-expose-headers": "X-Request-ID",
        "openai-organization": "user-" + _rand(24).lower(),
        "openai-processing-ms": str(random.randint(180, 900)),
        "openai-project": "proj_" + _rand(24),
        "openai-version": "2020-10-01",
        "strict-transport-security": "max-age=31536000; includeSubDomains; preload",
        "x-content-type-options": "nosniff",
        "x-request-id": "req_" + secrets.token_hex(16),
        "cf-cache-status": "DYNAMIC",
        "set-cookie": (
            f"__cf_bm={_rand(43)}-{int(time.time())}-1.0.1.1-{_rand(60)}; path=/; "
            f"expires={formatdate(time.time() + 1800, usegmt=True)}; domain=.api.openai.com; "
            "HttpOnly; Secure; SameSite=None"
        ),
        "cf-ray": secrets.token_hex(8) + "-SJC",
        "alt-svc": 'h3=":443"; ma=86400',
    }


def _rate_headers(remaining_requests: int = 29999) -> dict[str, str]:
    return {
        "x-ratelimit-limit-requests": "30000",
        "x-ratelimit-limit-tokens": "150000000",
        "x-ratelimit-remaining-requests": str(remaining_requests),
        "x-ratelimit-remaining-tokens": "149999980",
        "x-ratelimit-reset-requests": "2ms",
        "x-ratelimit-reset-tokens": "0s",
    }


def _json_response(status: int, payload: Any, extra: Mapping[str, str] | None = None) -> WireResponse:
    headers = {"content-type": "application/json", **_common_headers(), **(extra or {})}
    return WireResponse(status, headers, json.dumps(payload, indent=2).encode())


# -- JSON schema -> an instance -----------------------------------------------------------

# Capitalised words that start questions or instructions rather than name things.
_QUESTION_WORDS = (
    "A An And Are Call Can Check Could Create Describe Do Does For Generate Get Give Hello "
    "Help Hey Hi How I If In Include Is It Let Look Make Me My Now Of Only Please Reply "
    "Respond Return Say Show Summarize Tell The Then This Use Using What When Where Which "
    "Who Why With Write You"
)
_STOP_WORDS = frozenset(_QUESTION_WORDS.split())
_QUOTED = re.compile(
    r"""(?<!\w)(?:'([^'\n]+)'|"([^"\n]+)"|\u201c([^\u201d\n]+)\u201d|\u2018([^\u2019\n]+)\u2019)(?!\w)"""
)
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?!\w)")
_DASHED = re.compile(r"\s[-\u2013\u2014]\s+(.+?)\s*[.!?]?\s*$")
_LEFT_OUT = re.compile(r"\b(?:no|without)\s+(?:a\s+|an\s+|the\s+)?([A-Za-z_]+)", re.IGNORECASE)
# Which string fields take a name from the prompt, and which a description.
_NAME_FIELDS = (
    "city",
    "location",
    "place",
    "country",
    "name",
    "timezone",
    "style",
    "customer",
    "company",
    "person",
)
_DESCRIPTION_FIELDS = ("description", "summary", "details")


def proper_nouns(text: str) -> list[str]:
    """Capitalised words that look like names (``Paris``, ``San Francisco``), first seen
    first; a leading question or instruction word (``What``, ``Create``) is not part of one."""
    seen: list[str] = []
    for phrase in re.findall(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*\b", text):
        words = phrase.split()
        while words and words[0] in _STOP_WORDS:
            words.pop(0)
        word = " ".join(words)
        if word and word not in seen:
            seen.append(word)
    return seen


def quoted_phrases(text: str) -> list[str]:
    """Text the user put in quotes (``'你好啊集团'``, ``"setup"``), in order."""
    return [next(group for group in match.groups() if group) for match in _QUOTED.finditer(text)]


# What the model "knows" when asked for a joke: (setup, punchline) by topic.
_JOKES: Mapping[str, tuple[str, str]] = {
    "cat": ("Why was the cat sitting on the computer?", "To keep an eye on the mouse!"),
    "dog": ("What do you call a dog that does magic tricks?", "A labracadabrador!"),
    "bird": ("Why do birds fly south for the winter?", "Because it's too far to walk!"),
    "fish": ("Why are fish so smart?", "Because they live in schools!"),
}
_ANY_JOKE = ("Why don't scientists trust atoms?", "Because they make up everything!")


def joke_for(text: str) -> tuple[str, str] | None:
    """The joke a prompt asks for (``a joke about cats``), or ``None`` if it asks for none."""
    if not re.search(r"\bjokes?\b", text, re.IGNORECASE):
        return None
    match = re.search(r"\bjokes?\b.*?\babout\s+(?:an?\s+|the\s+)?([A-Za-z]+)", text, re.IGNORECASE)
    topic = match.group(1).lower() if match else ""
    return _JOKES.get(topic) or _JOKES.get(topic.removesuffix("s")) or _ANY_JOKE


@dataclass
class _Hints:
    """What the prompt offers for values, taken in order as a model would use it."""

    names: list[str] = field(default_factory=list)
    numbers: list[float] = field(default_factory=list)
    description: str | None = None
    joke: tuple[str, str] | None = None
    left_out: frozenset[str] = frozenset()
    """Fields the prompt says to leave out (``no punchline``)."""
    used: int = 0
    next_number: int = 0

    @classmethod
    def from_prompt(cls, user_text: str, last_text: str | None = None) -> _Hints:
        """``user_text``: all the user's words; ``last_text``: the latest request, which
        the quoted text, numbers, description and "leave out" come from."""
        last = user_text if last_text is None else last_text
        names = quoted_phrases(last)
        names += [n for n in proper_nouns(user_text) if n not in names]
        dashed = _DASHED.search(last)
        return cls(
            names=names,
            numbers=[float(n) for n in _NUMBER.findall(last)],
            description=dashed.group(1) if dashed else (_snippet(last, 60) if last.strip() else None),
            joke=joke_for(last),
            left_out=frozenset(w.lower() for w in _LEFT_OUT.findall(last)),
        )

    def name(self) -> str | None:
        if not self.names:
            return None
        value = self.names[self.used % len(self.names)]
        self.used += 1
        return value

    def number(self, schema: Mapping[str, Any], integer: bool) -> float | None:
        """The next number from the prompt that fits ``schema``'s bounds."""
        for index in range(self.next_number, len(self.numbers)):
            value = self.numbers[index]
            if (integer and value != int(value)) or not _within(schema, value):
                continue
            self.next_number = index + 1
            return value
        return None

    def joke_part(self, name: str, description: str) -> str | None:
        if self.joke is None:
            return None
        words = f"{name} {description}".lower().replace("_", " ")
        if any(w in words for w in ("setup", "set up", "question")):
            return self.joke[0]
        if any(w in words for w in ("punchline", "punch line", "resolve", "answer")):
            return self.joke[1]
        return None


def example_for_schema(schema: Mapping[str, Any], hints: _Hints | None = None) -> Any:
    """A value valid for ``schema`` (objects, arrays, scalars, enums, ``$ref``/``$defs``,
    ``anyOf``/``oneOf``/``allOf``, numeric and length bounds)."""
    return _example(schema, schema, hints or _Hints(), "value")


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    seen = 0
    while "$ref" in schema and seen < 32:
        ref = str(schema["$ref"])
        node: Any = root
        for piece in ref.removeprefix("#/").split("/"):
            node = node[piece.replace("~1", "/").replace("~0", "~")]
        schema = {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
        seen += 1
    return schema


def _nullable(schema: Mapping[str, Any], root: Mapping[str, Any]) -> bool:
    schema = _resolve(schema, root)
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(_nullable(option, root) for key in ("anyOf", "oneOf") for option in schema.get(key) or ())


def _example(schema: Mapping[str, Any], root: Mapping[str, Any], hints: _Hints, name: str) -> Any:
    schema = _resolve(schema, root)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            options = [_resolve(s, root) for s in schema[key]]
            chosen = dict(next((s for s in options if s.get("type") != "null"), options[0]))
            if schema.get("description") and "description" not in chosen:
                chosen["description"] = schema["description"]
            return _example(chosen, root, hints, name)
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(_resolve(part, root))
        return _example(merged, root, hints, name)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    if kind == "object":
        properties = schema.get("properties") or {}
        required = set(schema.get("required") or ())
        out: dict[str, Any] = {}
        for key, sub in properties.items():
            if key.lower() in hints.left_out:
                if _nullable(sub, root):
                    out[key] = None
                    continue
                if key not in required:
                    continue
            out[key] = _example(sub, root, hints, key)
        return out
    if kind == "array":
        count = max(1, int(schema.get("minItems", 2)))
        if "maxItems" in schema:
            count = min(count, int(schema["maxItems"]))
        items = schema.get("items") or {"type": "string"}
        return [_example(items, root, hints, f"{name} {i + 1}") for i in range(count)]
    if kind in ("integer", "number"):
        return _number(schema, kind == "integer", hints)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _string(schema, hints, name)


def _within(schema: Mapping[str, Any], value: float) -> bool:
    return not (
        ("minimum" in schema and value < schema["minimum"])
        or ("exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"])
        or ("maximum" in schema and value > schema["maximum"])
        or ("exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"])
    )


def _number(schema: Mapping[str, Any], integer: bool, hints: _Hints) -> int | float:
    given = hints.number(schema, integer)
    if given is not None:
        return int(given) if integer else float(given)
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    value: float = 3 if integer else 2.5
    if low is not None:
        value = max(value, low + (1 if "exclusiveMinimum" in schema and "minimum" not in schema else 0))
    if high is not None:
        value = min(value, high - (1 if "exclusiveMaximum" in schema and "maximum" not in schema else 0))
    return int(value) if integer else float(value)


_FORMATS = {
    "date": "2024-07-18",
    "date-time": "2024-07-18T12:00:00Z",
    "time": "12:00:00",
    "email": "someone@example.com",
    "uri": "https://example.com/",
    "uuid": "123e4567-e89b-42d3-a456-426614174000",
}


def _string(schema: Mapping[str, Any], hints: _Hints, name: str) -> str:
    if schema.get("format") in _FORMATS:
        return _FORMATS[schema["format"]]
    lowered = name.lower()
    value = hints.joke_part(name, str(schema.get("description") or ""))
    if value is None and any(word in lowered for word in _NAME_FIELDS):
        value = hints.name()
    if value is None and any(word in lowered for word in _DESCRIPTION_FIELDS):
        value = hints.description
    if value is None:
        value = name.replace("_", " ").strip() or "value"
    minimum, maximum = int(schema.get("minLength", 0)), schema.get("maxLength")
    if len(value) < minimum:
        value = value.ljust(minimum, "x")
    if maximum is not None:
        value = value[: int(maximum)]
    return value


# -- the server's logic ---------------------------------------------------------------------


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return "" if content is None else json.dumps(content)


def _images_of(content: Any) -> list[str]:
    if not isinstance(content, list):
        return []
    return [
        str((p.get("image_url") or {}).get("url", ""))
        for p in content
        if isinstance(p, dict) and p.get("type") == "image_url"
    ]


def _files_of(content: Any) -> list[dict[str, Any]]:
    """The ``file`` objects of a message's ``file`` parts."""
    if not isinstance(content, list):
        return []
    return [p.get("file") or {} for p in content if isinstance(p, dict) and p.get("type") == "file"]


def pdf_contents(data_url: str) -> tuple[int, list[str]]:
    """A PDF's page count and the strings its pages show (``(...) Tj``), read from plain
    and ``FlateDecode`` content streams."""
    try:
        raw = base64.b64decode(data_url.partition(",")[2])
    except ValueError:
        return 0, []
    if not raw.startswith(b"%PDF-"):
        return 0, []
    pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", raw))
    streams = [raw]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.DOTALL):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    texts = [
        re.sub(rb"\\(.)", rb"\1", text).decode("latin-1")
        for stream in streams
        for text in re.findall(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", stream)
    ]
    return pages, list(dict.fromkeys(t for t in texts if t.strip()))


def strict_schema_problem(schema: Mapping[str, Any], context: tuple[Any, ...] = ()) -> str | None:
    """Why OpenAI would refuse ``schema`` with ``strict: true`` (every object closed with
    ``additionalProperties: false`` and listing every property in ``required``), in
    OpenAI's words; ``None`` if it would not."""
    if schema.get("type") == "object" or "properties" in schema:
        if schema.get("additionalProperties") is not False:
            return (
                f"In context={context!r}, 'additionalProperties' is required to be supplied and to be false."
            )
        properties = schema.get("properties") or {}
        missing = [key for key in properties if key not in (schema.get("required") or ())]
        if missing:
            return (
                f"In context={context!r}, 'required' is required to be supplied and to be an "
                f"array including every key in properties. Missing '{missing[0]}'."
            )
        for key, sub in properties.items():
            if isinstance(sub, dict) and (
                problem := strict_schema_problem(sub, (*context, "properties", key))
            ):
                return problem
    items = schema.get("items")
    if isinstance(items, dict) and (problem := strict_schema_problem(items, (*context, "items"))):
        return problem
    for keyword in ("anyOf", "allOf"):
        for index, sub in enumerate(schema.get(keyword) or ()):
            if isinstance(sub, dict) and (problem := strict_schema_problem(sub, (*context, keyword, index))):
                return problem
    for keyword in ("$defs", "definitions"):
        for name, sub in (schema.get(keyword) or {}).items():
            if isinstance(sub, dict) and (problem := strict_schema_problem(sub, (*context, keyword, name))):
                return problem
    return None


def _png_size(data_url: str) -> tuple[int, int] | None:
    try:
        raw = base64.b64decode(data_url.partition(",")[2])
    except ValueError:
        return None
    if raw[:8] != b"\x89PNG\r\n\x1a\n" or raw[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", raw[16:24])
    return width, height


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ")
    return [w.lower() for w in spaced.split() if len(w) >= 4]


@dataclass
class _Plan:
    text: str | None = None
    calls: list[tuple[str, str]] = field(default_factory=list)
    finish_reason: str = "stop"


class FakeOpenAI:
    """Start it, point a model's ``base_url`` at ``base_url``, read what it answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen_prompts: list[str] = []
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

    def start(self) -> FakeOpenAI:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        """Forget cached prompts and rate-limited requests (called before each test)."""
        with self._lock:
            self._seen_prompts.clear()
            self._rate_limited.clear()
            self.requests.clear()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def respond(
        self, path: str, headers: Mapping[str, str], raw: bytes, *, method: str = "POST"
    ) -> WireResponse:
        """The whole server as a function: request in, OpenAI-shaped response out."""
        route = urlsplit(path).path.rstrip("/")
        auth = headers.get("authorization", "")
        key = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if not key:
            return _json_response(
                401,
                _error(
                    "You didn't provide an API key. You need to provide your API key in an "
                    "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), "
                    "or as the password field (with blank username) if you're accessing the API "
                    "from your browser and are prompted for a username. You can obtain an API key "
                    "from https://platform.openai.com/account/api-keys.",
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
        if method != "POST" or route not in ("/v1/chat/completions", "/v1/embeddings"):
            return _json_response(
                404,
                _error(f"Invalid URL ({method} {route})", "invalid_request_error", None),
            )
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _json_response(
                400,
                _error(
                    "We could not parse the JSON body of your request. (HINT: This likely means you "
                    "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, "
                    "but what was sent was not valid JSON. If you have trouble figuring out how to fix "
                    "this, please contact us through our help center at help.openai.com.)",
                    "invalid_request_error",
                    None,
                ),
            )
        with self._lock:
            self.requests.append((route, body))
        if route == "/v1/embeddings":
            return self._embeddings(body)
        return self._chat(body, raw)

    # -- embeddings ------------------------------------------------------------------

    def _embeddings(self, body: dict[str, Any]) -> WireResponse:
        model = body.get("model")
        if model not in EMBEDDING_SIZES:
            return self._no_model(model)
        values = body.get("input")
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not values:
            return _json_response(
                400,
                _error(
                    "'$.input' is invalid. Please check the API reference: "
                    "https://platform.openai.com/docs/api-reference.",
                    "invalid_request_error",
                    None,
                ),
            )
        if len(values) > 2048:
            return _json_response(
                400,
                _error(
                    "'$.input' is invalid: at most 2048 inputs per request.", "invalid_request_error", None
                ),
            )
        size = EMBEDDING_SIZES[model]
        dimensions = body.get("dimensions")
        if dimensions is not None:
            if model == "text-embedding-ada-002":
                return _json_response(
                    400,
                    _error(
                        "This model does not support specifying dimensions.", "invalid_request_error", None
                    ),
                )
            size = int(dimensions)
        base64_out = body.get("encoding_format") == "base64"
        data = []
        tokens = 0
        for index, value in enumerate(values):
            text = value if isinstance(value, str) else json.dumps(value)
            tokens += max(1, estimate_tokens(text))
            vector = _unit_vector(f"{model}\n{text}", size)
            embedding: Any = (
                base64.b64encode(struct.pack(f"<{size}f", *vector)).decode() if base64_out else vector
            )
            data.append({"object": "embedding", "index": index, "embedding": embedding})
        payload = {
            "object": "list",
            "data": data,
            "model": model,
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }
        return _json_response(200, payload, {"openai-model": model, **_rate_headers()})

    @staticmethod
    def _no_model(model: Any) -> WireResponse:
        return _json_response(
            404,
            _error(
                f"The model `{model}` does not exist or you do not have access to it.",
                "invalid_request_error",
                "model_not_found",
            ),
        )

    # -- chat ------------------------------------------------------------------------

    def _chat(self, body: dict[str, Any], raw: bytes) -> WireResponse:
        model = body.get("model")
        if not isinstance(model, str) or not model:
            return _json_response(
                400, _error("you must provide a model parameter", "invalid_request_error", None)
            )
        if model not in CHAT_SNAPSHOTS and model not in CHAT_SNAPSHOTS.values():
            return self._no_model(model)
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return _json_response(
                400,
                _error(
                    "Missing required parameter: 'messages'.",
                    "invalid_request_error",
                    "missing_required_parameter",
                    "messages",
                ),
            )
        if "max_tokens" in body and "max_completion_tokens" in body:
            return _json_response(
                400,
                _error(
                    "max_tokens and max_completion_tokens cannot both be set.",
                    "invalid_request_error",
                    "invalid_value",
                    "max_tokens",
                ),
            )
        invalid = self._invalid_request(body)
        if invalid is not None:
            return invalid
        limited = self._rate_limit(messages, raw)
        if limited is not None:
            return limited
        plan = self._plan(body)
        usage = _usage(self, body, plan)
        snapshot = CHAT_SNAPSHOTS.get(model, model)
        completion_id = "chatcmpl-" + _rand(29)
        created = int(time.time())
        if body.get("stream"):
            return _stream(body, plan, usage, completion_id, created, snapshot)
        message: dict[str, Any] = {
            "role": "assistant",
            "content": plan.text,
            "refusal": None,
            "annotations": [],
        }
        if plan.calls:
            message["tool_calls"] = [
                {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}
                for call_id, (name, arguments) in zip(_call_ids(plan), plan.calls, strict=True)
            ]
        payload = {
            "id": completion_id,
            "object": "chat.completion",
            "created": created,
            "model": snapshot,
            "choices": [
                {"index": 0, "message": message, "logprobs": None, "finish_reason": plan.finish_reason}
            ],
            "usage": usage,
            "service_tier": "default",
            "system_fingerprint": SYSTEM_FINGERPRINT,
        }
        return _json_response(200, payload, _rate_headers())

    @staticmethod
    def _invalid_request(body: dict[str, Any]) -> WireResponse | None:
        """What OpenAI refuses before generating: ``json_object`` without the word JSON
        in the messages, strict schemas that break the Structured Outputs rules."""
        fmt = body.get("response_format") or {}
        if fmt.get("type") == "json_object" and not any(
            "json" in _text_of(m.get("content")).lower() for m in body["messages"] if isinstance(m, dict)
        ):
            return _json_response(
                400,
                _error(
                    "'messages' must contain the word 'json' in some form, to use 'response_format' "
                    "of type 'json_object'.",
                    "invalid_request_error",
                    None,
                    "messages",
                ),
            )
        if fmt.get("type") == "json_schema":
            spec = fmt.get("json_schema") or {}
            problem = strict_schema_problem(spec.get("schema") or {}) if spec.get("strict") else None
            if problem:
                return _json_response(
                    400,
                    _error(
                        f"Invalid schema for response_format '{spec.get('name')}': {problem}",
                        "invalid_request_error",
                        None,
                        "response_format",
                    ),
                )
        for index, tool in enumerate(body.get("tools") or ()):
            function = (tool.get("function") or {}) if isinstance(tool, dict) else {}
            problem = (
                strict_schema_problem(function.get("parameters") or {}) if function.get("strict") else None
            )
            if problem:
                return _json_response(
                    400,
                    _error(
                        f"Invalid schema for function '{function.get('name')}': {problem}",
                        "invalid_request_error",
                        "invalid_function_parameters",
                        f"tools[{index}].function.parameters",
                    ),
                )
        return None

    def _rate_limit(self, messages: list[Any], raw: bytes) -> WireResponse | None:
        if not any(RATE_LIMIT_MARKER in _text_of(m.get("content")) for m in messages if isinstance(m, dict)):
            return None
        digest = hashlib.sha256(raw).hexdigest()
        with self._lock:
            if digest in self._rate_limited:
                return None
            self._rate_limited.add(digest)
        seconds = RETRY_AFTER_MS / 1000
        return _json_response(
            429,
            _error(
                "Rate limit reached for gpt-4o-mini in organization org-REDACTED on "
                f"requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in "
                f"{RETRY_AFTER_MS}ms. Visit https://platform.openai.com/account/rate-limits to learn more.",
                "requests",
                "rate_limit_exceeded",
            ),
            {
                "retry-after": str(max(1, math.ceil(seconds))),
                "retry-after-ms": str(RETRY_AFTER_MS),
                **_rate_headers(remaining_requests=0),
                "x-ratelimit-limit-requests": "3",
                "x-ratelimit-reset-requests": f"{RETRY_AFTER_MS}ms",
            },
        )

    @staticmethod
    def _plan(body: dict[str, Any]) -> _Plan:
        messages = [m for m in body["messages"] if isinstance(m, dict)]
        last = messages[-1]
        user_text = " ".join(_text_of(m.get("content")) for m in messages if m.get("role") == "user")
        last_user = next((m for m in reversed(messages) if m.get("role") == "user"), {})
        hints = _Hints.from_prompt(user_text, _text_of(last_user.get("content")))
        tools = [t for t in body.get("tools") or () if isinstance(t, dict) and t.get("type") == "function"]
        choice = body.get("tool_choice", "auto")
        if tools and last.get("role") != "tool" and choice != "none":
            chosen = FakeOpenAI._choose_tools(tools, choice, _text_of(last_user.get("content")))
            if chosen:
                if body.get("parallel_tool_calls") is False:
                    chosen = chosen[:1]
                calls = [
                    (
                        t["function"]["name"],
                        json.dumps(
                            example_for_schema(t["function"].get("parameters") or {"type": "object"}, hints),
                            separators=(",", ":"),
                            ensure_ascii=False,
                        ),
                    )
                    for t in chosen
                ]
                return _Plan(None, calls, "tool_calls")
        text = FakeOpenAI._answer(body, messages, last, last_user, hints)
        stop = body.get("stop")
        stops = [stop] if isinstance(stop, str) else [s for s in stop or () if isinstance(s, str) and s]
        cuts = [i for i in (text.find(s) for s in stops) if i >= 0]
        if cuts:
            text = text[: min(cuts)]
        limit = body.get("max_completion_tokens", body.get("max_tokens"))
        if isinstance(limit, int) and estimate_tokens(text) > limit:
            return _Plan(text[: max(1, limit * 4)], [], "length")
        return _Plan(text)

    @staticmethod
    def _choose_tools(tools: list[dict[str, Any]], choice: Any, text: str) -> list[dict[str, Any]]:
        if isinstance(choice, dict):
            wanted = (choice.get("function") or {}).get("name")
            return [t for t in tools if t["function"]["name"] == wanted][:1]
        lowered = text.lower()
        mentioned = [
            t
            for t in tools
            if t["function"]["name"].lower() in lowered
            or any(word in lowered for word in _words(t["function"]["name"]))
        ]
        if choice == "required":
            return mentioned or tools[:1]
        return mentioned

    @staticmethod
    def _answer(
        body: dict[str, Any],
        messages: list[dict[str, Any]],
        last: dict[str, Any],
        last_user: dict[str, Any],
        hints: _Hints,
    ) -> str:
        fmt = body.get("response_format") or {}
        question = _text_of(last_user.get("content"))
        if fmt.get("type") == "json_schema":
            schema = (fmt.get("json_schema") or {}).get("schema") or {"type": "object"}
            return json.dumps(example_for_schema(schema, hints), ensure_ascii=False)
        if last.get("role") == "tool":
            names = {
                call.get("id"): (call.get("function") or {}).get("name", "the tool")
                for m in messages
                if m.get("role") == "assistant"
                for call in m.get("tool_calls") or ()
            }
            tail = []
            for m in reversed(messages):
                if m.get("role") != "tool":
                    break
                tail.append(m)
            found = [
                f"{names.get(m.get('tool_call_id'), 'the tool')} returned "
                + _text_of(m.get("content")).strip().rstrip(".!?")
                for m in reversed(tail)
            ]
            return "Here is what I found: " + "; ".join(found) + "."
        if fmt.get("type") == "json_object":
            named = re.search(r"\b(?:keys?|fields?|propert(?:y|ies))\b", question, re.IGNORECASE)
            keys = (
                [k for k in quoted_phrases(question) if re.fullmatch(r"[A-Za-z_][\w-]*", k)] if named else []
            )
            if keys:
                shape = {"type": "object", "properties": {k: {"type": "string"} for k in keys}}
                return json.dumps(example_for_schema(shape, hints), ensure_ascii=False)
            return json.dumps({"answer": _reply(question)}, ensure_ascii=False)
        seen = [_describe_file(f) for f in _files_of(last_user.get("content"))]
        images = [_describe_image(url) for url in _images_of(last_user.get("content"))]
        if images:
            seen.append("The image shows " + " and ".join(images) + ".")
        if seen:
            return " ".join(seen)
        return _reply(question)


def plan_chat(body: dict[str, Any]) -> _Plan:
    """What the model answers to a Chat Completions request body (``messages``,
    ``tools``, ``tool_choice``, ``response_format``, ``stop``, ``max_tokens``): text, or
    tool calls as ``(name, arguments JSON)``, and OpenAI's ``finish_reason``. Other
    wire protocols' fakes (``tests/gateway_wire.py``) translate their requests into this
    shape and reuse it."""
    return FakeOpenAI._plan(body)


def _describe_file(file: Mapping[str, Any]) -> str:
    name = str(file.get("filename") or "The document")
    data = str(file.get("file_data") or "")
    if not data:
        return f"I cannot open {file.get('file_id') or 'that file'} from here."
    pages, texts = pdf_contents(data)
    if not pages:
        return f"{name} is not a PDF I can read."
    size = "single-page" if pages == 1 else f"{pages}-page"
    if not texts:
        return f"{name} is a {size} PDF with no text on it."
    return f'{name} is a {size} PDF whose text reads: "{" ".join(texts)}".'


def _describe_image(url: str) -> str:
    size = _png_size(url) if url.startswith("data:image/png") else None
    if size:
        return f"a tiny {size[0]}x{size[1]} pixel PNG image of a single solid colour"
    if url.startswith("data:"):
        return "a small inline image"
    return f"a photograph ({Path(urlsplit(url).path).name or 'image'})"


_HAIKUS = (
    "Morning dew glistens\non a quiet spider's web;\nthe sun climbs slowly.",
    "Autumn leaves drifting\nacross the still pond's surface;\na frog breaks the calm.",
    "Snow on the mountain,\na lone pine bends in the wind;\nsilence fills the vale.",
)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "couple": 2, "few": 3}
_CAT_STORY = (
    "Once upon a time, a curious cat named Whiskers lived above a small bakery. Every "
    "morning she sat on the windowsill, watching the street and dreaming of adventure. One "
    "day the window was left open, and Whiskers slipped out onto the rooftops. She chased "
    "pigeons, balanced along gutters and found a hidden garden full of catnip. As the sun "
    "set, she followed the smell of fresh bread back home, curled up on her favourite "
    "cushion and purred herself to sleep, already planning tomorrow's adventure."
)


def _reply(question: str) -> str:
    """A plain-text answer to what the user asked."""
    lowered = question.lower()
    if "haiku" in lowered:
        match = re.search(r"\b(\d+|a|an|one|two|three|couple|few)\s+(?:of\s+)?haikus?\b", lowered)
        word = match.group(1) if match else "a"
        count = int(word) if word.isdigit() else _COUNTS.get(word, 1)
        return "\n\n".join(_HAIKUS[: max(1, min(count, len(_HAIKUS)))])
    if match := re.search(r"\bstory about (?:an?\s+|the\s+)?([a-z]+)", lowered):
        topic = match.group(1)
        if topic.removesuffix("s") == "cat":
            return _CAT_STORY
        return (
            f"Once upon a time there was a {topic} who wanted to see the world. It set off one "
            "morning, met a few friends along the way and came home that evening with stories "
            "to tell."
        )
    if joke := joke_for(question):
        return f"{joke[0]} {joke[1]}"
    if re.search(r"^\W*(?:well,?\s+)?(?:thanks|thank you)\b", lowered):
        return "You're welcome! Let me know if there's anything else I can help with."
    if re.search(r"\bhow are you\b", lowered):
        return "I'm doing well, thank you for asking! How can I help you today?"
    if re.search(r"\b(hello|hi|hey|greet)", lowered):
        return "Hello! It's nice to meet you. How can I help you today?"
    return f'You asked: "{_snippet(question)}" The short answer is yes, with a few caveats.'


def _snippet(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unit_vector(seed: str, size: int) -> list[float]:
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    vector = [rng.gauss(0.0, 1.0) for _ in range(size)]
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [float(f"{x / norm:.8g}") for x in vector]


# -- usage and streams ----------------------------------------------------------------------


def _usage(self: FakeOpenAI, body: dict[str, Any], plan: _Plan) -> dict[str, Any]:
    messages = body["messages"]
    prefix = json.dumps([body.get("tools"), body.get("response_format"), messages], sort_keys=True)
    prompt_tokens = 3 + estimate_tokens(json.dumps(body.get("tools"))) if body.get("tools") else 3
    for message in messages:
        content = message.get("content") if isinstance(message, dict) else None
        prompt_tokens += 4 + estimate_tokens(_text_of(content)) + _IMAGE_TOKENS * len(_images_of(content))
        prompt_tokens += sum(_file_tokens(file) for file in _files_of(content))
        for call in (message.get("tool_calls") or ()) if isinstance(message, dict) else ():
            prompt_tokens += 7 + estimate_tokens(json.dumps(call.get("function")))
    if body.get("response_format"):
        prompt_tokens += estimate_tokens(json.dumps(body["response_format"]))
    with self._lock:
        common = max((len(_common_prefix(prefix, seen)) for seen in self._seen_prompts), default=0)
        self._seen_prompts.append(prefix)
    cached = 0
    if prompt_tokens >= _CACHE_MINIMUM:
        cached_prefix = min(prompt_tokens, common // 4)
        if cached_prefix >= _CACHE_MINIMUM:
            cached = _CACHE_MINIMUM + (cached_prefix - _CACHE_MINIMUM) // _CACHE_STEP * _CACHE_STEP
    if plan.calls:
        completion_tokens = sum(
            7 + estimate_tokens(name) + estimate_tokens(args) for name, args in plan.calls
        )
    else:
        completion_tokens = max(1, estimate_tokens(plan.text or ""))
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _file_tokens(file: Mapping[str, Any]) -> int:
    """A PDF costs its text plus an image of each page."""
    pages, texts = pdf_contents(str(file.get("file_data") or ""))
    return _PDF_PAGE_TOKENS * max(1, pages) + estimate_tokens(" ".join(texts))


def _call_ids(plan: _Plan) -> list[str]:
    return ["call_" + _rand(24) for _ in plan.calls]


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


def _argument_fragments(arguments: str) -> list[str]:
    """Split JSON the way OpenAI streams it: ``{"``, ``city``, ``":"``, ``Paris``, ``"}``."""
    return re.findall(r'\{"|":"|":|","|,"|"\}|\}|[^{}":,]{1,6}|.', arguments)


def _text_fragments(text: str) -> list[str]:
    return re.findall(r"\s*[^\s]{1,8}|\s+", text)


def _stream(
    body: dict[str, Any],
    plan: _Plan,
    usage: dict[str, Any],
    completion_id: str,
    created: int,
    snapshot: str,
) -> WireResponse:
    stream_options = body.get("stream_options") or {}
    include_usage = bool(stream_options.get("include_usage"))
    obfuscate = stream_options.get("include_obfuscation", True) is not False
    base = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": snapshot,
        "service_tier": "default",
        "system_fingerprint": SYSTEM_FINGERPRINT,
    }

    def chunk(delta: dict[str, Any] | None, finish_reason: str | None = None, usage_: Any = None) -> bytes:
        payload: dict[str, Any] = dict(base)
        payload["choices"] = (
            []
            if delta is None
            else [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}]
        )
        if include_usage:
            payload["usage"] = usage_
        if obfuscate:
            payload["obfuscation"] = _rand(random.randint(0, 14))
        return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"

    events: list[bytes] = []
    if plan.calls:
        for index, (call_id, (name, arguments)) in enumerate(zip(_call_ids(plan), plan.calls, strict=True)):
            header = {
                "index": index,
                "id": call_id,
                "type": "function",
                "function": {"name": name, "arguments": ""},
            }
            if index == 0:
                events.append(
                    chunk({"role": "assistant", "content": None, "tool_calls": [header], "refusal": None})
                )
            else:
                events.append(chunk({"tool_calls": [header]}))
            for fragment in _argument_fragments(arguments):
                events.append(chunk({"tool_calls": [{"index": index, "function": {"arguments": fragment}}]}))
    else:
        events.append(chunk({"role": "assistant", "content": "", "refusal": None}))
        for fragment in _text_fragments(plan.text or ""):
            events.append(chunk({"content": fragment}))
    events.append(chunk({}, plan.finish_reason))
    if include_usage:
        events.append(chunk(None, usage_=usage))
    events.append(b"data: [DONE]\n\n")
    headers = {"content-type": "text/event-stream; charset=utf-8", **_common_headers(), **_rate_headers()}
    return WireResponse(200, headers, events=events)


# -- reading cassettes --------------------------------------------------------------------


@dataclass(frozen=True)
class Exchange:
    """One recorded request and its response, decoded."""

    method: str
    uri: str
    request: Any
    """The request body as JSON (``None`` when empty)."""
    status: int
    headers: Mapping[str, str]
    """Response headers, lower-cased, first value of each."""
    body: Any
    """The response body as JSON, or ``None`` for a stream (or a non-JSON body)."""
    events: Sequence[Any] = ()
    """For ``text/event-stream``: every ``data:`` payload as JSON, without ``[DONE]``."""
    text: str = ""


def cassette_bodies(source: Any) -> list[Exchange]:
    """Decode a cassette: a path to its YAML file, or the live ``vcr`` cassette object
    (which also works while recording, before the file is written)."""
    if isinstance(source, (str, Path)):
        import yaml

        data = yaml.safe_load(Path(source).read_text())
        pairs = [(i["request"], i["response"]) for i in data.get("interactions", [])]
        requests = [(r["method"], r["uri"], r.get("body")) for r, _ in pairs]
        responses = [resp for _, resp in pairs]
    else:
        requests = [(r.method, r.uri, r.body) for r in source.requests]
        responses = list(source.responses)
    out = []
    for (method, uri, request_body), response in zip(requests, responses, strict=True):
        headers = {
            str(k).lower(): (v[0] if isinstance(v, list) else v) for k, v in response["headers"].items()
        }
        text = _decode(response["body"].get("string"), headers.get("content-encoding"))
        request_text = _decode(request_body, None)
        body: Any = None
        events: list[Any] = []
        if headers.get("content-type", "").startswith("text/event-stream"):
            events = [json.loads(d) for d in sse_data(text) if d != "[DONE]"]
        else:
            try:
                body = json.loads(text) if text else None
            except ValueError:
                body = None
        out.append(
            Exchange(
                method=method,
                uri=uri,
                request=json.loads(request_text) if request_text else None,
                status=int(response["status"]["code"]),
                headers=headers,
                body=body,
                events=events,
                text=text,
            )
        )
    return out


def sse_data(text: str) -> list[str]:
    """The ``data`` payload of each event in an SSE body."""
    payloads = []
    for block in re.split(r"\r\n\r\n|\n\n|\r\r", text):
        lines = [
            line[5:].removeprefix(" ") for line in re.split(r"\r\n|\n|\r", block) if line.startswith("data:")
        ]
        if lines:
            payloads.append("\n".join(lines))
    return payloads


def _decode(value: Any, encoding: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raw = bytes(value)
    if encoding == "gzip":
        raw = zlib.decompress(raw, 16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        raw = zlib.decompress(raw)
    elif encoding == "br":
        import brotli  # type: ignore[import-not-found]

        raw = brotli.decompress(raw)
    return raw.decode("utf-8")


def iter_chunks(exchange: Exchange) -> Iterator[Mapping[str, Any]]:
    """The chunks of a streamed chat completion that carry a choice."""
    for event in exchange.events:
        if event.get("choices"):
            yield event
