"""A fast loopback fake of the OpenAI Chat Completions and Embeddings API.

Why it exists: the benchmarks compare client libraries against a raw HTTP
"floor". For the ratios to mean anything the server must be cheap and
predictable, so it is stdlib-only asyncio, answers from pre-encoded bytes
wherever it can, and runs in its own process (see :func:`running_server`) so
it never competes with the client for the GIL.

Protocol choices:

* HTTP/1.1 with keep-alive; request bodies by ``Content-Length`` (chunked
  request bodies are accepted too).
* Non-streaming responses carry ``Content-Length``.
* Streaming responses are ``text/event-stream`` with chunked transfer
  encoding, one HTTP chunk per SSE event (as real servers emit them), all
  written in a single ``write`` call. Chunked encoding keeps the connection
  reusable, which ``httpx2`` keep-alive pools need.

Endpoints: ``POST /v1/chat/completions`` (``max_tokens`` or
``max_completion_tokens`` sets the token count N, default 20; ``stream`` and
``stream_options.include_usage`` are honoured), ``POST /v1/embeddings`` and
``GET /v1/models``.

Run standalone with ``python benchmarks/fake_openai_server.py --port N``; it
prints ``READY <port>`` on stdout once listening.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

Headers = dict[bytes, bytes]
Router = Callable[[str, str, bytes, bool, Headers], bytes]
"""``(method, path, body, close, headers) -> full HTTP response bytes``."""

CREATED = 1_700_000_000
DEFAULT_TOKENS = 20
EMBEDDING = [0.125, -0.25, 0.375, -0.5, 0.625, -0.75, 0.875, -1.0]
# A short cycle of words so content looks like text but each event can be
# pre-encoded once per model.
WORDS = ("Hello", " world", ",", " this", " is", " a", " fake", " token", ".")

_CACHE_LIMIT = 512
_cache: dict[tuple[Any, ...], bytes] = {}


def _dumps(obj: Any) -> bytes:
    """Compact JSON, matching what real APIs send over the wire."""
    return json.dumps(obj, separators=(",", ":")).encode()


def _head(status: str, content_type: bytes, length: int | None, close: bool) -> bytes:
    """Build a response head; ``length=None`` means chunked encoding."""
    lines = [
        b"HTTP/1.1 " + status.encode(),
        b"content-type: " + content_type,
        b"connection: close" if close else b"connection: keep-alive",
    ]
    if length is None:
        lines.append(b"transfer-encoding: chunked")
    else:
        lines.append(b"content-length: " + str(length).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _json_response(obj: Any, close: bool, status: str = "200 OK") -> bytes:
    body = _dumps(obj)
    return _head(status, b"application/json", len(body), close) + body


def _remember(key: tuple[Any, ...], value: bytes) -> bytes:
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[key] = value
    return value


def _usage(prompt_tokens: int, n: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": n,
        "total_tokens": prompt_tokens + n,
    }


def chat_completion(model: str, n: int, prompt_tokens: int, close: bool) -> bytes:
    """Full HTTP response for a non-streaming chat completion of ``n`` tokens."""
    key = ("chat", model, n, prompt_tokens, close)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    content = "".join(WORDS[i % len(WORDS)] for i in range(n))
    obj = {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": CREATED,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": _usage(prompt_tokens, n),
        "system_fingerprint": "fp_bench",
    }
    return _remember(key, _json_response(obj, close))


def _chunk_obj(model: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-bench",
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": model,
        "system_fingerprint": "fp_bench",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }


def _event(payload: bytes) -> bytes:
    """One SSE event framed as one HTTP/1.1 chunk."""
    data = b"data: " + payload + b"\n\n"
    return b"%x\r\n" % len(data) + data + b"\r\n"


def chat_stream(model: str, n: int, prompt_tokens: int, include_usage: bool, close: bool) -> bytes:
    """Full HTTP response (head + chunked SSE body) for a streamed completion."""
    key = ("stream", model, n, prompt_tokens, include_usage, close)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    word_events = [_event(_dumps(_chunk_obj(model, {"content": w}, None))) for w in WORDS]
    parts = [
        _head("200 OK", b"text/event-stream; charset=utf-8", None, close),
        _event(_dumps(_chunk_obj(model, {"role": "assistant", "content": "", "refusal": None}, None))),
    ]
    parts.extend(word_events[i % len(WORDS)] for i in range(n))
    parts.append(_event(_dumps(_chunk_obj(model, {}, "stop"))))
    if include_usage:
        usage_chunk = _chunk_obj(model, {}, None)
        usage_chunk["choices"] = []
        usage_chunk["usage"] = _usage(prompt_tokens, n)
        parts.append(_event(_dumps(usage_chunk)))
    parts.append(_event(b"[DONE]"))
    parts.append(b"0\r\n\r\n")
    return _remember(key, b"".join(parts))


def embeddings(model: str, inputs: list[Any], close: bool) -> bytes:
    """Full HTTP response for an embeddings request (8 fixed floats per input)."""
    key = ("emb", model, len(inputs), close)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    obj = {
        "object": "list",
        "data": [{"object": "embedding", "index": i, "embedding": EMBEDDING} for i in range(len(inputs))],
        "model": model,
        "usage": {"prompt_tokens": len(inputs), "total_tokens": len(inputs)},
    }
    return _remember(key, _json_response(obj, close))


def models(close: bool) -> bytes:
    obj = {
        "object": "list",
        "data": [{"id": "bench", "object": "model", "created": CREATED, "owned_by": "bench"}],
    }
    return _json_response(obj, close)


def _prompt_tokens(body: dict[str, Any]) -> int:
    """A cheap, deterministic stand-in for tokenisation: ~1 token per 4 chars."""
    total = 0
    for message in body.get("messages") or ():
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            total += len(content)
        elif isinstance(content, list):
            total += sum(len(p.get("text", "")) for p in content if isinstance(p, dict))
    return max(1, total // 4) + 3


def _error(status: str, message: str, close: bool) -> bytes:
    return _json_response({"error": {"message": message, "type": "invalid_request_error"}}, close, status)


def route(method: str, path: str, raw_body: bytes, close: bool, headers: Headers | None = None) -> bytes:
    """Map one request to its full pre-encoded HTTP response (``headers`` unused: no auth check)."""
    path = path.split("?", 1)[0].rstrip("/")
    if method == "GET" and path.endswith("/models"):
        return models(close)
    if method != "POST":
        return _error("404 Not Found", f"no route for {method} {path}", close)
    try:
        body = json.loads(raw_body) if raw_body else {}
    except ValueError:
        return _error("400 Bad Request", "invalid JSON body", close)
    if not isinstance(body, dict):
        return _error("400 Bad Request", "body must be a JSON object", close)
    model = str(body.get("model", "bench"))
    if path.endswith("/chat/completions"):
        n = body.get("max_completion_tokens") or body.get("max_tokens") or DEFAULT_TOKENS
        n = int(n)
        prompt_tokens = _prompt_tokens(body)
        if body.get("stream"):
            opts = body.get("stream_options") or {}
            return chat_stream(model, n, prompt_tokens, bool(opts.get("include_usage")), close)
        return chat_completion(model, n, prompt_tokens, close)
    if path.endswith("/embeddings"):
        inputs = body.get("input", "")
        return embeddings(model, inputs if isinstance(inputs, list) else [inputs], close)
    return _error("404 Not Found", f"no route for {method} {path}", close)


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":  # skip trailers
                pass
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, router: Router = route) -> None:
    """Serve requests on one keep-alive connection until the client leaves."""
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            lines = head.split(b"\r\n")
            method, path, version = lines[0].decode("latin-1").split(" ", 2)
            length = 0
            chunked = False
            close = version == "HTTP/1.0"
            headers: Headers = {}
            for line in lines[1:]:
                if not line:
                    continue
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                headers[name] = value.strip()
                if name == b"content-length":
                    length = int(value)
                elif name == b"transfer-encoding":
                    chunked = b"chunked" in value.lower()
                elif name == b"connection":
                    close = value.strip().lower() == b"close"
            if chunked:
                body = await _read_chunked(reader)
            elif length:
                body = await reader.readexactly(length)
            else:
                body = b""
            writer.write(router(method, path, body, close, headers))
            await writer.drain()
            if close:
                return
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        return
    finally:
        with contextlib.suppress(Exception):
            writer.close()


async def serve(host: str, port: int, router: Router = route) -> None:
    """Listen forever, announcing the bound port on stdout."""

    async def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await handle(reader, writer, router)

    server = await asyncio.start_server(on_connection, host, port, backlog=1024, limit=1 << 20)
    bound = server.sockets[0].getsockname()[1]
    print(f"READY {bound}", flush=True)
    async with server:
        await server.serve_forever()


@contextlib.contextmanager
def running_server(
    host: str = "127.0.0.1", port: int = 0, script: str = __file__, suffix: str = "/v1"
) -> Iterator[str]:
    """Run the server in a child process and yield its base URL (``.../v1``).

    A separate process (not a thread) so the server's event loop does not
    share the client's GIL and distort the numbers. ``script`` picks the
    server (``fake_anthropic_server.py`` reuses this); ``suffix`` is appended to
    the yielded URL.
    """
    proc = subprocess.Popen(
        [
            sys.executable,
            os.path.abspath(script),
            "--host",
            host,
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"fake server failed to start: {line!r}")
        yield f"http://{host}:{int(line.split()[1])}{suffix}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv: list[str] | None = None, router: Router = route, doc: str | None = __doc__) -> None:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, router))


if __name__ == "__main__":
    main()
