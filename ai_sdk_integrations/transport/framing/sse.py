"""Incremental Server-Sent Events decoder: bytes in, events out, no I/O.

Network chunks split lines, CRLF pairs and UTF-8 characters anywhere. Only complete
lines are decoded, and a trailing ``\\r`` is held back until the next byte shows
whether it is half of ``\\r\\n``, so the events are the same for every way of cutting
the same bytes (tests/providers/test_sse.py checks this with hypothesis).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None


class SSEDecoder:
    __slots__ = ("_data", "_event", "_id", "_pending", "_retry")

    def __init__(self) -> None:
        self._pending = b""
        self._data: list[bytes] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        buffer = self._pending + chunk if self._pending else chunk
        lines = buffer.splitlines(keepends=True)
        if lines and not lines[-1].endswith(b"\n"):
            # Incomplete line, or a lone "\r" whose "\n" may be in the next chunk.
            self._pending = lines.pop()
        else:
            self._pending = b""
        events: list[ServerSentEvent] = []
        for line in lines:
            event = self._line(line.rstrip(b"\r\n"))
            if event is not None:
                events.append(event)
        return events

    def finish(self) -> list[ServerSentEvent]:
        """Flush a final event whose terminating blank line never came."""
        events = self.feed(b"\n") if self._pending else []
        event = self._line(b"")
        if event is not None:
            events.append(event)
        return events

    def _line(self, line: bytes) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line[0] == 0x3A:  # ":" starts a comment (keep-alive)
            return None
        name, sep, value = line.partition(b":")
        if sep and value[:1] == b" ":
            value = value[1:]
        if name == b"data":
            self._data.append(value)
        elif name == b"event":
            self._event = value.decode("utf-8", "replace")
        elif name == b"id" and b"\0" not in value:
            self._id = value.decode("utf-8", "replace")
        elif name == b"retry" and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        if not self._data:
            self._event = None
            return None
        data = self._data[0] if len(self._data) == 1 else b"\n".join(self._data)
        event = ServerSentEvent(data.decode("utf-8", "replace"), self._event, self._id, self._retry)
        self._data = []
        self._event = None
        return event


class SSEDataDecoder:
    """The ``data`` of each event, and nothing else: what every codec reads.

    The same events as ``SSEDecoder`` for the same bytes, however they are cut, but
    per line it only asks whether the line is data, a blank line (the event's end) or
    anything else (``event:``, ``id:``, ``retry:``, comments), which it skips: no
    field names are decoded and no event objects made, on the per-token path.
    """

    __slots__ = ("_data", "_pending")

    def __init__(self) -> None:
        self._pending = b""
        self._data: list[bytes] = []

    def feed(self, chunk: bytes) -> list[str]:
        buffer = self._pending + chunk if self._pending else chunk
        lines = buffer.splitlines(keepends=True)
        if lines and not lines[-1].endswith(b"\n"):
            self._pending = lines.pop()  # incomplete, or a "\r" that may be half of "\r\n"
        else:
            self._pending = b""
        events: list[str] = []
        data = self._data
        for line in lines:
            if line.startswith(b"data"):
                value = line[4:].rstrip(b"\r\n")
                if not value:
                    data.append(b"")  # a bare "data" line: an empty value
                elif value[0] == 0x3A:  # "data:value", "data: value"
                    data.append(value[2:] if value[1:2] == b" " else value[1:])
                # else a field named e.g. "dataset": not data
            elif line[0] in _LINE_ENDS and data:  # a blank line: the event is complete
                joined = data[0] if len(data) == 1 else b"\n".join(data)
                events.append(joined.decode("utf-8", "replace"))
                data.clear()
        return events

    def finish(self) -> list[str]:
        """Flush a final event whose terminating blank line never came."""
        events = self.feed(b"\n") if self._pending else []
        return events + self.feed(b"\n") if self._data else events


_LINE_ENDS = frozenset(b"\r\n")
