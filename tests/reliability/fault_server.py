"""``ScriptedServer`` (tests/http_loopback.py) plus the faults it cannot script.

The scripted server closes connections politely (a FIN). Real networks also reset them:
a proxy that gives up, a load balancer draining a node, a crashed upstream. ``RESET``
(in ``Reply.chunks``) and ``ResetReply`` (instead of a reply) abort the socket with
``SO_LINGER`` 0, so the client reads ``ECONNRESET``: mid-stream, or before the status
line. The server also counts connections: how many were open at once at most
(``peak_connections``) and how many are open now (``open_connections``), which is how
the tests see that the pool stays bounded and that every socket is closed.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass
from typing import Any

from http_loopback import AWAIT_CLOSE, DROP, RecordedRequest, Reply, ScriptedServer, _Handler

RESET = "reset"
"""In ``Reply.chunks``: abort the connection (TCP RST) at this point."""


@dataclass(frozen=True)
class ResetReply(Reply):
    """Abort the connection (TCP RST) once the request is read, before any response."""


def _abort(connection: socket.socket) -> None:
    """Close with a reset: linger on, timeout 0, so close() sends RST, not FIN."""
    with contextlib.suppress(OSError):
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()


class _FaultHandler(_Handler):
    server: FaultServer

    def _send(self, reply: Reply, record: RecordedRequest) -> None:
        if isinstance(reply, ResetReply):
            self._reset()
            return
        if reply.chunks is None or RESET not in reply.chunks:
            super()._send(reply, record)
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        for chunk in reply.chunks:
            if isinstance(chunk, bytes):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            elif isinstance(chunk, int | float):
                if self.server.stopping.wait(chunk):
                    break
            elif chunk == RESET:
                self._reset()
                return
            elif chunk in (DROP, AWAIT_CLOSE):
                raise ValueError("RESET does not combine with DROP or AWAIT_CLOSE")
        self.close_connection = True

    def _reset(self) -> None:
        self.close_connection = True
        self.wfile.flush()
        _abort(self.connection)


class FaultServer(ScriptedServer):
    """The scripted loopback server, with resets and a connection count."""

    def __init__(self) -> None:
        super().__init__()
        self.RequestHandlerClass = _FaultHandler
        self._count_lock = threading.Lock()
        self._open = 0
        self.peak_connections = 0
        self.total_connections = 0

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        with self._count_lock:
            self._open += 1
            self.total_connections += 1
            self.peak_connections = max(self.peak_connections, self._open)
        return connection, address

    def shutdown_request(self, request: Any) -> None:
        with self._count_lock:
            self._open -= 1
        super().shutdown_request(request)

    @property
    def open_connections(self) -> int:
        """Connections whose handler has not finished (the client has not closed them)."""
        with self._count_lock:
            return self._open

    def wait_until_closed(self, timeout: float = 2.0) -> bool:
        """Whether every connection is closed within ``timeout`` seconds."""
        deadline = threading.Event()
        for _ in range(int(timeout / 0.01)):
            if self.open_connections == 0:
                return True
            deadline.wait(0.01)
        return self.open_connections == 0
