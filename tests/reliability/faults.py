"""The faults, each as what the server does and what the caller must see.

A fault builds a ``Scenario`` for one wire and one entry point (``None``: it does not
apply there, e.g. a mid-stream cut for a call that does not stream): the replies to
queue, model settings it needs (a short timeout), and the ``Expect``ed outcome: the
answer, or the exception class; how many requests the server sees and the retry
delays asked for; the text kept on the error. Server-given delays are taken as given;
backoff is computed with the jitter pinned (``random() == 0.5``), so attempt ``n``
waits exactly ``2 ** n`` seconds.

Error bodies echo the caller's key (as OpenAI's 401 does, as a debugging proxy's HTML
page might): whatever the server says, the key must not come back out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from entry_points import EntryPoint
from fault_server import RESET, ResetReply
from http_loopback import DROP, Reply, pause
from observe import KEY
from wire_shapes import JSON_HEADERS, Wire, embeddings_body

from ai_sdk_integrations.spec.errors import (
    AISDKError,
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    InvalidRequestError,
    InvalidResponseDataError,
    ServerError,
)

PIECES = ["Once ", "upon ", "a tímé ✓, ", "there was"]
TEXT = "".join(PIECES)
BEFORE_FAULT = "".join(PIECES[:2])
BACKOFF = [1.0, 2.0]  # two retries (max_retries=2), jitter pinned
BAD_ARGUMENTS = '{"city": "Par'
OBJECT_ARGUMENTS = {"city": "Paris", "days": 3}
HTML_PAGE = (
    "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
    f"<pre>upstream: Authorization: Bearer {KEY}</pre><hr>nginx</body></html>"
)
LARGE_TEXT = "0123456789abcdef" * (512 * 1024)  # 8 MiB in one body
LARGE_PIECES = ["x" * 16_384] * 256  # 4 MiB in 256 events
SHORT_TIMEOUT = 0.1


@dataclass(frozen=True)
class Expect:
    text: str | None = None
    """A successful answer with this text (``""`` with ``tool`` set: a tool call)."""
    vectors: int | None = None
    error: type[AISDKError] | None = None
    requests: int = 1
    delays: Sequence[float] = ()
    partial: str | None = None
    """On an error: the text that must ride on it (``partial_text``)."""
    tool: Any = None
    """A tool call's arguments, or ``"invalid"``: reported as unreadable, never ``{}``."""
    says: str | None = None
    """A phrase the error message must contain."""


@dataclass(frozen=True)
class Scenario:
    replies: Sequence[Reply]
    expect: Expect
    settings: Mapping[str, Any] = field(default_factory=dict)
    refused: bool = False
    """Point the model at a port nobody listens on."""


@dataclass(frozen=True)
class Fault:
    name: str
    title: str
    build: Callable[[Wire, EntryPoint], Scenario]
    wire_level: bool = False
    """Does the wire format matter (error bodies, stream events)? Then it runs per wire."""
    streams_only: bool = False
    answers_only: bool = False
    """Only for calls that answer with text or tool calls (not embeddings)."""

    def applies(self, entry: EntryPoint) -> bool:
        if self.streams_only and not entry.streaming:
            return False
        return not (self.answers_only and entry.embeds)


def success(wire: Wire, entry: EntryPoint, pieces: Sequence[str] = PIECES) -> tuple[Reply, Expect]:
    if entry.embeds:
        body = json.dumps(embeddings_body(3)).encode()
        return Reply(200, JSON_HEADERS, body), Expect(vectors=3)
    if entry.streaming:
        return wire.stream(pieces), Expect(text="".join(pieces))
    return wire.reply("".join(pieces)), Expect(text="".join(pieces))


def _ok_after(first: Reply, delays: Sequence[float]) -> Callable[[Wire, EntryPoint], Scenario]:
    def build(wire: Wire, entry: EntryPoint) -> Scenario:
        reply, expect = success(wire, entry)
        return Scenario([first, reply], Expect(**{**expect.__dict__, "requests": 2, "delays": list(delays)}))

    return build


def _status_then_ok(status: int, headers: Mapping[str, str] | None, delay: float) -> Callable[..., Any]:
    def build(wire: Wire, entry: EntryPoint) -> Scenario:
        first = wire.error_reply(status, f"{status}: try again (key {KEY})", headers)
        return _ok_after(first, [delay])(wire, entry)

    return build


def _refused(wire: Wire, entry: EntryPoint) -> Scenario:
    return Scenario([], Expect(error=APIConnectionError, requests=0, delays=BACKOFF), refused=True)


def _never_retried(status: int, error: type[AISDKError], message: str) -> Callable[..., Any]:
    def build(wire: Wire, entry: EntryPoint) -> Scenario:
        return Scenario([wire.error_reply(status, message)], Expect(error=error, says=message.split(KEY)[0]))

    return build


def _whole_body(wire: Wire, entry: EntryPoint) -> bytes:
    if entry.embeds:
        return json.dumps(embeddings_body(3)).encode()
    return json.dumps(wire.body(TEXT)).encode()


def _cut_mid(wire: Wire, entry: EntryPoint, action: str) -> Scenario:
    """Streams: text arrives, then the connection is lost (no retry, text kept).
    Whole bodies: the body is cut in the middle (retried: nothing was handed out)."""
    if entry.streaming:
        reply = wire.stream(PIECES[:2], tail=[action])
        return Scenario([reply], Expect(error=APIConnectionError, partial=BEFORE_FAULT))
    body = _whole_body(wire, entry)
    first = Reply(200, JSON_HEADERS, chunks=[body[: len(body) // 2], action])
    return _ok_after(first, [1.0])(wire, entry)


def _stream_cut(wire: Wire, entry: EntryPoint) -> Scenario:
    """The stream closes cleanly (the last chunk of the HTTP body) before its final event."""
    chunks = wire.stream_chunks(PIECES[:2], ended=False)
    return Scenario(
        [Reply(200, wire.stream_headers, chunks=chunks)], Expect(error=AISDKError, partial=BEFORE_FAULT)
    )


def _malformed(wire: Wire, entry: EntryPoint) -> Scenario:
    if entry.streaming:
        chunks = [
            *wire.start(),
            wire.piece(PIECES[0]),
            wire.broken,
            *(wire.piece(p) for p in PIECES[1:]),
            *wire.end(),
        ]
        expect = Expect(error=InvalidResponseDataError, partial=PIECES[0])
        return Scenario([Reply(200, wire.stream_headers, chunks=chunks)], expect)
    body = _whole_body(wire, entry)
    return Scenario(
        [Reply(200, JSON_HEADERS, body[: len(body) // 2])], Expect(error=InvalidResponseDataError)
    )


def _tool(arguments: Any, expected: Any) -> Callable[[Wire, EntryPoint], Scenario]:
    def build(wire: Wire, entry: EntryPoint) -> Scenario:
        if entry.streaming:
            reply = Reply(200, wire.stream_headers, chunks=wire.tool_stream(arguments))
        else:
            reply = Reply(200, JSON_HEADERS, json.dumps(wire.tool_body(arguments)).encode())
        return Scenario([reply], Expect(text="", tool=expected))

    return build


def _empty(wire: Wire, entry: EntryPoint) -> Scenario:
    if entry.streaming:
        return Scenario([Reply(200, wire.stream_headers, chunks=[])], Expect(error=AISDKError, partial=""))
    return Scenario([Reply(200, JSON_HEADERS, b"")], Expect(error=InvalidResponseDataError, says="empty"))


def _error_in_200(wire: Wire, entry: EntryPoint) -> Scenario:
    message = f"The server had an error while processing your request (key {KEY})"
    body = json.dumps(wire.error_in_200(message)).encode()
    # A typed API error, or (a wire whose errors have no "error" key) an unreadable
    # answer: either is raised, never an empty answer.
    return Scenario(
        [Reply(200, JSON_HEADERS, body)], Expect(error=AISDKError, says="The server had an error")
    )


def _html(wire: Wire, entry: EntryPoint) -> Scenario:
    page = Reply(502, {"content-type": "text/html"}, HTML_PAGE.encode())
    return Scenario([page] * 3, Expect(error=ServerError, requests=3, delays=BACKOFF, says="502 Bad Gateway"))


def _html_200(wire: Wire, entry: EntryPoint) -> Scenario:
    """A captive portal or a proxy's login page, answered with 200."""
    page = Reply(200, {"content-type": "text/html; charset=utf-8"}, HTML_PAGE.replace("502 ", "").encode())
    expect = Expect(error=InvalidResponseDataError, says="not JSON: '<html>")
    return Scenario([page], expect)


def _silent(wire: Wire, entry: EntryPoint) -> Scenario:
    settings = {"timeout": SHORT_TIMEOUT}
    if entry.streaming:
        reply = wire.stream(PIECES[:2], tail=[pause(30)])
        return Scenario([reply], Expect(error=APITimeoutError, partial=BEFORE_FAULT), settings)
    quiet = Reply(200, JSON_HEADERS, _whole_body(wire, entry), delay=30)
    return Scenario([quiet] * 3, Expect(error=APITimeoutError, requests=3, delays=BACKOFF), settings)


def _large(wire: Wire, entry: EntryPoint) -> Scenario:
    if entry.streaming:
        return Scenario([wire.stream(LARGE_PIECES)], Expect(text="".join(LARGE_PIECES)))
    return Scenario([wire.reply(LARGE_TEXT)], Expect(text=LARGE_TEXT))


FAULTS: tuple[Fault, ...] = (
    Fault(
        "429 retry-after 2",
        "429 with `retry-after: 2`, then success",
        _status_then_ok(429, {"retry-after": "2"}, 2.0),
        wire_level=True,
    ),
    Fault(
        "429 retry-after 120",
        "429 with `retry-after: 120` (above the 60 s cap), then success",
        _status_then_ok(429, {"retry-after": "120"}, 1.0),
    ),
    Fault(
        "429 retry-after-ms",
        "429 with `retry-after-ms: 1500`, then success",
        _status_then_ok(429, {"retry-after-ms": "1500"}, 1.5),
    ),
    Fault("500 once", "500, then success", _status_then_ok(500, None, 1.0), wire_level=True),
    Fault("502 once", "502, then success", _status_then_ok(502, None, 1.0)),
    Fault("503 once", "503, then success", _status_then_ok(503, None, 1.0), wire_level=True),
    Fault("529 once", "529 (overloaded), then success", _status_then_ok(529, None, 1.0), wire_level=True),
    Fault(
        "400",
        "400 (never retried)",
        _never_retried(400, InvalidRequestError, "Invalid value for 'messages'"),
        wire_level=True,
    ),
    Fault(
        "401",
        "401 whose body echoes the key (never retried)",
        _never_retried(401, AuthenticationError, f"Incorrect API key provided: {KEY}"),
        wire_level=True,
    ),
    Fault("refused", "connection refused", _refused),
    Fault(
        "reset before response",
        "TCP reset before the status line, then success",
        _ok_after(ResetReply(), [1.0]),
    ),
    Fault(
        "reset mid-body",
        "TCP reset mid-stream (stream) / mid-body (whole answer: retried)",
        lambda wire, entry: _cut_mid(wire, entry, RESET),
        wire_level=True,
    ),
    Fault(
        "dropped mid-body",
        "connection closed without the last HTTP chunk",
        lambda wire, entry: _cut_mid(wire, entry, DROP),
    ),
    Fault(
        "stream cut",
        "stream ends cleanly without its final event",
        _stream_cut,
        wire_level=True,
        streams_only=True,
    ),
    Fault("malformed JSON", "a chunk (or body) that is not valid JSON", _malformed, wire_level=True),
    Fault(
        "tool args not JSON",
        "tool arguments that are not valid JSON",
        _tool(BAD_ARGUMENTS, "invalid"),
        wire_level=True,
        answers_only=True,
    ),
    Fault(
        "tool args object",
        "tool arguments sent as a JSON object",
        _tool(OBJECT_ARGUMENTS, OBJECT_ARGUMENTS),
        wire_level=True,
        answers_only=True,
    ),
    Fault("empty 200", "200 with an empty body / a stream with no events", _empty, wire_level=True),
    Fault("error in 200", "200 whose body is an error object", _error_in_200, wire_level=True),
    Fault("HTML page", "502 HTML error page (echoing the key), every time", _html),
    Fault("HTML 200", "200 with an HTML page (a proxy's login page, echoing the key)", _html_200),
    Fault("silent server", f"server goes silent (timeout {SHORT_TIMEOUT} s)", _silent),
    Fault("very large", "8 MiB answer / 4 MiB stream in 256 events", _large, answers_only=True),
)
BY_NAME = {fault.name: fault for fault in FAULTS}
