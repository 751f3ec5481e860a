"""A fast OpenAI-shaped loopback server for the load checks, in its own process.

The scripted server (a thread per connection, in the test's own process) is right for
faults and wrong for load: it competes with the client for the GIL. This one is stdlib
asyncio in a child process, answers from pre-encoded bytes, and counts connections, so
a test can ask how many were open at once at most and how many are open now:

* ``POST .../chat/completions``: a completion, or with ``"stream": true`` an SSE stream
  of ``max_tokens`` events (one word each) then a finish chunk and ``[DONE]``;
* ``POST .../embeddings``: one 8-dimension vector per input;
* ``GET /stats``: ``{"open", "peak", "connections", "requests"}``; ``GET /reset``
  zeroes ``peak``, ``connections`` and ``requests``.

Run with ``python tests/reliability/load_server.py``; it prints ``READY <port>``.
``running()`` starts it for a test and stops it after.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

WORD = "tok "
STATS = {"open": 0, "peak": 0, "connections": 0, "requests": 0}


def _chunk(payload: Any) -> bytes:
    data = b"data: " + (payload if isinstance(payload, bytes) else json.dumps(payload).encode()) + b"\n\n"
    return b"%x\r\n%s\r\n" % (len(data), data)


def _delta(text: str | None, finish: str | None = None) -> dict[str, Any]:
    delta = {"content": text} if text is not None else {}
    return {
        "id": "chatcmpl-load",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


WORD_EVENT = _chunk(_delta(WORD))
END = _chunk(_delta(None, "stop")) + _chunk(b"[DONE]") + b"0\r\n\r\n"
STREAM_HEAD = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
    + _chunk(_delta(""))
)


def _json(payload: Any) -> bytes:
    body = json.dumps(payload).encode()
    return b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (
        len(body),
        body,
    )


def _completion(tokens: int) -> bytes:
    return _json(
        {
            "id": "chatcmpl-load",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": WORD * tokens},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": tokens, "total_tokens": tokens + 1},
        }
    )


def _embeddings(count: int) -> bytes:
    vector = [0.125, -0.25, 0.375, -0.5, 0.625, -0.75, 0.875, -1.0]
    data = [{"object": "embedding", "index": i, "embedding": vector} for i in range(count)]
    usage = {"prompt_tokens": count, "total_tokens": count}
    return _json({"object": "list", "data": data, "model": "m", "usage": usage})


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, bytes] | None:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    target = lines[0].split(" ")[1]
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return target, body


async def _answer(target: str, body: bytes, writer: asyncio.StreamWriter) -> None:
    if target.startswith("/stats"):
        writer.write(_json(STATS))
        return
    if target.startswith("/reset"):
        STATS.update(peak=STATS["open"], connections=0, requests=0)
        writer.write(_json(STATS))
        return
    STATS["requests"] += 1
    request = json.loads(body or b"{}")
    if target.endswith("/embeddings"):
        values = request.get("input")
        writer.write(_embeddings(len(values) if isinstance(values, list) else 1))
        return
    tokens = int(request.get("max_tokens") or request.get("max_completion_tokens") or 8)
    if not request.get("stream"):
        writer.write(_completion(tokens))
        return
    writer.write(STREAM_HEAD)
    for start in range(0, tokens, 1000):  # in slices, so a huge stream never sits in memory
        writer.write(WORD_EVENT * min(1000, tokens - start))
        await writer.drain()
    writer.write(END)


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    STATS["open"] += 1
    STATS["connections"] += 1
    STATS["peak"] = max(STATS["peak"], STATS["open"])
    try:
        while True:
            try:
                request = await _read_request(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            if request is None:
                return
            await _answer(*request, writer)
            await writer.drain()
    except ConnectionError:
        return
    finally:
        STATS["open"] -= 1
        writer.close()


async def _main() -> None:
    server = await asyncio.start_server(_serve, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    async with server:
        await server.serve_forever()


@contextlib.contextmanager
def running() -> Iterator[str]:
    """Start the server in a child process; yield its base URL (``http://127.0.0.1:N``)."""
    process = subprocess.Popen(
        [sys.executable, __file__], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"the load server did not start: {line!r}")
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        process.terminate()
        process.wait(5)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_main())
