"""Loopback stand-ins for several hosts at once, and cassettes that name the real ones.

An image or video provider answers from more than one host: fal takes requests at
``fal.run`` and ``queue.fal.run`` and serves files from ``v3.fal.media``; Luma and
Replicate serve theirs from CDNs (``storage.cdn-luma.com``, ``replicate.delivery``). A
``FakeHosts`` runs one loopback server per host, each on its own port, so the client
sees distinct origins exactly as in production (the key must reach the API origins and
never the CDN one). While writing cassettes, ``HostRewrite`` records every loopback
origin as the real host it stands for, in request URIs and in the URLs the JSON bodies
carry, so replaying follows the same links to the same (recorded) hosts.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from openai_wire import WireResponse, send_wire_response

Responder = Callable[[str, str, str, Mapping[str, str], bytes], WireResponse]
"""(host name, method, path with query, lower-cased headers, raw body) -> response."""

# loopback origin -> real origin, for every fake host started in this process
_ORIGINS: dict[str, str] = {}
_origins_lock = threading.Lock()


@dataclass(frozen=True)
class Received:
    host: str
    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class FakeHosts:
    """One ``ThreadingHTTPServer`` per real host name; ``respond`` answers them all."""

    def __init__(self, hosts: Mapping[str, str], respond: Responder, *, server_name: str = "uvicorn") -> None:
        self.real = dict(hosts)  # name -> real origin, e.g. {"fal.run": "https://fal.run"}
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        outer = self
        for name in self.real:

            class Handler(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                host_name = name

                def version_string(self) -> str:
                    return server_name

                def log_message(self, format: str, *args: Any) -> None:
                    pass

                def do_POST(self) -> None:
                    length = int(self.headers.get("content-length") or 0)
                    raw = self.rfile.read(length) if length else b""
                    headers = {k.lower(): v for k, v in self.headers.items()}
                    with outer._lock:
                        outer.received.append(Received(self.host_name, self.command, self.path, headers, raw))
                    send_wire_response(self, respond(self.host_name, self.command, self.path, headers, raw))

                do_GET = do_POST
                do_PUT = do_POST

            server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            server.daemon_threads = True
            self._servers[name] = server

    def origin(self, name: str) -> str:
        host, port = self._servers[name].server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeHosts:
        for name, server in self._servers.items():
            thread = threading.Thread(target=server.serve_forever, name=f"fake-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
            with _origins_lock:
                _ORIGINS[self.origin(name)] = self.real[name]
        return self

    def stop(self) -> None:
        for name, server in self._servers.items():
            with _origins_lock:
                _ORIGINS.pop(self.origin(name), None)
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def reset(self) -> None:
        with self._lock:
            self.received.clear()

    def __enter__(self) -> FakeHosts:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- cassettes --------------------------------------------------------------------------


def to_real(text: str) -> str:
    """Every loopback origin of a running fake in ``text`` replaced by its real origin."""
    with _origins_lock:
        origins = dict(_ORIGINS)
    if not origins:
        return text
    pattern = re.compile("|".join(re.escape(origin) for origin in sorted(origins, key=len, reverse=True)))
    return pattern.sub(lambda match: origins[match.group(0)], text)


def rewrite_request(request: Any) -> Any:
    """``before_record_request``: the fake's URI recorded as the real host's."""
    real = to_real(request.uri)
    if real != request.uri:
        request.uri = real
        if "host" in request.headers:
            request.headers["host"] = urlsplit(real).netloc
    return request


def rewrite_response(response: dict[str, Any]) -> dict[str, Any]:
    """``before_record_response``: loopback links inside a JSON (or text) body become the
    real hosts' links; binary bodies (images, video) are left byte for byte."""
    body = response.get("body", {})
    value = body.get("string")
    if isinstance(value, bytes):
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            return response
        body["string"] = to_real(text).encode()
    elif isinstance(value, str):
        body["string"] = to_real(value)
    for name, values in list(response.get("headers", {}).items()):
        if name.lower() in ("location", "content-location"):
            response["headers"][name] = [to_real(v) for v in values] if isinstance(values, list) else values
    return response


def with_host_rewrites(base: dict[str, Any]) -> dict[str, Any]:
    """The root VCR settings plus the rewrites (after the root filters have run)."""

    def chained(hooks: Any, extra: Callable[[Any], Any]) -> tuple[Callable[[Any], Any], ...]:
        if hooks is None:
            return (extra,)
        return (*(hooks if isinstance(hooks, (tuple, list)) else (hooks,)), extra)

    return {
        **base,
        "before_record_request": chained(base.get("before_record_request"), rewrite_request),
        "before_record_response": chained(base.get("before_record_response"), rewrite_response),
    }


# -- reading cassettes back -------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """One recorded exchange; ``content`` is the response body as bytes."""

    method: str
    uri: str
    request_body: Any
    status: int
    headers: Mapping[str, str]
    content: bytes = field(repr=False)

    @property
    def json(self) -> Any:
        return json.loads(self.content)

    @property
    def host(self) -> str:
        return urlsplit(self.uri).netloc


def recorded(cassette: Any) -> list[Recorded]:
    """The live ``vcr`` cassette's exchanges (works while recording and replaying)."""
    out = []
    for request, response in zip(cassette.requests, cassette.responses, strict=True):
        raw = response["body"].get("string", b"")
        content = raw if isinstance(raw, bytes) else raw.encode()
        body = request.body
        if isinstance(body, bytes):
            body = body.decode()
        headers = {
            str(k).lower(): (v[0] if isinstance(v, list) else v) for k, v in response["headers"].items()
        }
        out.append(
            Recorded(
                method=request.method,
                uri=request.uri,
                request_body=json.loads(body) if body else None,
                status=int(response["status"]["code"]),
                headers=headers,
                content=content,
            )
        )
    return out
