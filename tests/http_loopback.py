"""A scripted loopback HTTP server for the HTTP layer's tests.

Each test queues the replies the server will give, in order, and then reads back every
request it received. A reply is a status, headers and either a body (sent with
``Content-Length``) or a list of chunks (sent with chunked encoding) in which
``pause(seconds)``, ``DROP`` (close the socket without the terminating chunk) and
``AWAIT_CLOSE`` (hold the response open until the client hangs up) script the failures
a real provider shows: slow first bytes, silence between events, connections lost
mid-stream.

Test modules import the helpers with ``from http_loopback import ...``; tests/http/
conftest.py imports the fixtures, so they reach every test there.

The server is a stdlib ``ThreadingHTTPServer`` on 127.0.0.1, port 0, speaking HTTP/1.1
with keep-alive, so the package's pooled client reuses connections as it would in
production. On teardown every connection the server still holds is shut down, so no
pooled connection can outlive its server and reach a later test's server on a reused
port.

Retry waits never happen here: ``retry_delays`` (autouse) replaces the HTTP client's
``_sleep`` / ``_asleep`` with functions that record the requested delay.
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fake_keys import fake_key

import ai_sdk_integrations
from ai_sdk_integrations.provider.language_model import LanguageModel
from ai_sdk_integrations.transport import client as http_client

API_KEY = fake_key("test-SECRET-abcdefghijklmnop1234")
MODEL_ID = "test"

# -- the script ---------------------------------------------------------------------


# Chunk actions are plain values (not marker objects) so that they mean the same thing
# when this file is also loaded by path, as tests/test_secrets.py does.
Chunk = bytes | float | str
"""In ``Reply.chunks``: bytes are sent as one HTTP chunk, a number pauses that many seconds."""
DROP = "drop"
"""In ``Reply.chunks``: close the connection without the terminating chunk."""
AWAIT_CLOSE = "await-close"
"""In ``Reply.chunks``: keep the response open until the client closes the connection."""


def pause(seconds: float) -> float:
    """In ``Reply.chunks``: send nothing for ``seconds``."""
    return float(seconds)


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    chunks: Sequence[Chunk] | None = None
    """If set, the body is sent with chunked encoding, one HTTP chunk per item."""
    delay: float = 0.0
    """Seconds to wait before the status line (a slow server)."""


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    arrived: float
    client_closed: threading.Event = field(default_factory=threading.Event)
    """Set when the server saw the client hang up before the response was complete."""

    @property
    def json(self) -> Any:
        return json.loads(self.body)


def json_reply(
    payload: Any, status: int = 200, headers: Mapping[str, str] | None = None, delay: float = 0.0
) -> Reply:
    return Reply(
        status,
        {"content-type": "application/json", **(headers or {})},
        json.dumps(payload).encode(),
        delay=delay,
    )


def error_reply(status: int, message: str = "error", headers: Mapping[str, str] | None = None) -> Reply:
    return json_reply({"error": {"message": message, "type": "test_error"}}, status, headers)


def completion(text: str) -> dict[str, Any]:
    """A non-streamed OpenAI chat completion whose answer is ``text``."""
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }


def text_chunk(text: str) -> dict[str, Any]:
    """An OpenAI ``chat.completion.chunk`` carrying ``text`` in ``choices[0].delta.content``."""
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": MODEL_ID,
        "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}],
    }


def finish_chunk(reason: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": MODEL_ID,
        "choices": [{"index": 0, "delta": {}, "finish_reason": reason}],
    }


def sse(payload: Any) -> bytes:
    """One SSE event whose ``data`` is ``payload`` (JSON-encoded unless already a string)."""
    data = payload if isinstance(payload, str) else json.dumps(payload)
    return f"data: {data}\n\n".encode()


def text_of(chunks: Sequence[Chunk]) -> str:
    """The text a client should have received from the SSE chunks in ``chunks``."""
    out = []
    for chunk in chunks:
        if not isinstance(chunk, bytes):
            continue
        for line in chunk.decode().splitlines():
            if line.startswith("data: ") and line != "data: [DONE]":
                payload = json.loads(line[6:])
                for choice in payload.get("choices", ()):
                    out.append(choice.get("delta", {}).get("content") or "")
    return "".join(out)


def stream_reply(pieces: Sequence[str], *, tail: Sequence[Chunk] | None = None) -> Reply:
    """A streamed chat completion of ``pieces``; ``tail`` replaces the normal ending."""
    chunks: list[Chunk] = [sse(text_chunk(piece)) for piece in pieces]
    chunks += tail if tail is not None else [sse(finish_chunk()), sse("[DONE]")]
    return Reply(200, {"content-type": "text/event-stream", "cache-control": "no-cache"}, chunks=chunks)


# -- the server ---------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small writes go out at once (no 40 ms delayed-ACK stalls)
    server: ScriptedServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        record = RecordedRequest(
            self.command,
            self.path,
            {name.lower(): value for name, value in self.headers.items()},
            body,
            time.monotonic(),
        )
        reply = self.server.take(record)
        try:
            self._send(reply, record)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            record.client_closed.set()
            self.close_connection = True

    do_GET = do_POST

    def _send(self, reply: Reply, record: RecordedRequest) -> None:
        stop = self.server.stopping
        if reply.delay and stop.wait(reply.delay):
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.chunks is None:
            self.send_header("content-length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            self.wfile.flush()
            return
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        for chunk in reply.chunks:
            if isinstance(chunk, bytes):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            elif isinstance(chunk, int | float):
                if stop.wait(chunk):
                    self.close_connection = True
                    return
            elif chunk == DROP:
                self.close_connection = True  # the socket closes with no "0\r\n\r\n"
                return
            elif chunk == AWAIT_CLOSE:
                self._await_close(record)
                self.close_connection = True
                return
            else:
                raise ValueError(f"unknown chunk action {chunk!r}")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _await_close(self, record: RecordedRequest, limit: float = 10.0) -> None:
        """Wait (until teardown, at most ``limit`` s) for the client to hang up."""
        deadline = time.monotonic() + limit
        connection = self.connection
        while not self.server.stopping.is_set() and time.monotonic() < deadline:
            readable, _, _ = select.select([connection], [], [], 0.02)
            if not readable:
                continue
            try:
                peeked = connection.recv(1, socket.MSG_PEEK)
            except OSError:
                peeked = b""
            if not peeked:
                record.client_closed.set()
            return  # closed, or the client wrote on a connection it should not reuse


class ScriptedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: deque[Reply] = deque()
        self.requests: list[RecordedRequest] = []
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.005}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def queue(self, *replies: Reply) -> ScriptedServer:
        with self._lock:
            self.replies.extend(replies)
        return self

    def take(self, record: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(record)
            if self.replies:
                return self.replies.popleft()
        # A request the test did not script: answer with a status that is never retried.
        return error_reply(418, f"no scripted reply for request {len(self.requests)}")

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        with self._lock:
            self._connections.add(connection)
        return connection, address

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._thread.join(5)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer().start()
    try:
        yield scripted
    finally:
        scripted.stop()


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL nobody listens on: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def make_model(url: str, **settings: Any) -> LanguageModel:
    return ai_sdk_integrations.language_model(
        f"openai-compatible:{MODEL_ID}", base_url=url, api_key=API_KEY, **settings
    )


@pytest.fixture
def model(server: ScriptedServer) -> LanguageModel:
    return make_model(server.url)


@pytest.fixture(autouse=True)
def retry_delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the client asked to wait before each retry, in order; no real waiting."""
    delays: list[float] = []

    def record(delay: float) -> None:
        delays.append(delay)

    async def arecord(delay: float) -> None:
        delays.append(delay)

    monkeypatch.setattr(http_client, "_sleep", record)
    monkeypatch.setattr(http_client, "_asleep", arecord)
    return delays


# -- one call, four ways --------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    """``generate_text``, ``agenerate_text``, ``stream_text`` or ``astream_text``, as one
    awaitable returning the answer's text, plus the reply a successful call expects."""

    name: str
    streaming: bool
    call: Callable[[LanguageModel], Awaitable[str]]

    def success(self, text: str) -> Reply:
        if self.streaming:
            return stream_reply([text[: len(text) // 2], text[len(text) // 2 :]])
        return json_reply(completion(text))

    def __repr__(self) -> str:
        return self.name


async def _generate(model: LanguageModel) -> str:
    return ai_sdk_integrations.generate_text(model, prompt="hi").text


async def _agenerate(model: LanguageModel) -> str:
    return (await ai_sdk_integrations.agenerate_text(model, prompt="hi")).text


async def _stream(model: LanguageModel) -> str:
    return "".join(ai_sdk_integrations.stream_text(model, prompt="hi").text_stream)


async def _astream(model: LanguageModel) -> str:
    stream: AsyncIterator[str] = ai_sdk_integrations.astream_text(model, prompt="hi").text_stream
    return "".join([piece async for piece in stream])


CALLERS = (
    Caller("generate_text", False, _generate),
    Caller("agenerate_text", False, _agenerate),
    Caller("stream_text", True, _stream),
    Caller("astream_text", True, _astream),
)


@pytest.fixture(params=CALLERS, ids=[caller.name for caller in CALLERS])
def caller(request: pytest.FixtureRequest) -> Caller:
    return request.param  # type: ignore[no-any-return]
