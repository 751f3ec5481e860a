"""Incremental newline-delimited JSON framing: bytes in, lines out, no I/O.

Some providers stream one JSON document per line (``application/x-ndjson``, e.g. Ollama)
instead of SSE. Network chunks cut lines, ``\\r\\n`` pairs and multi-byte UTF-8
characters anywhere, so bytes are held back until their line is complete and only whole
lines are decoded; the lines are therefore the same for every way of cutting the same
bytes (tests/transport/test_ndjson.py checks this with hypothesis).

Lines end at ``\\n`` only (a trailing ``\\r`` is removed, a lone ``\\r`` elsewhere is
kept). Blank lines, including whitespace-only ones, are skipped: JSON parsers reject
them and servers send them as keep-alives. Invalid UTF-8 becomes U+FFFD so that the JSON
parser, not this framing layer, reports a malformed document. Parsing the JSON is left
to the caller.
"""

from __future__ import annotations

__all__ = ["NDJSONDecoder"]


class NDJSONDecoder:
    """Feed raw response bytes as they arrive; get back every line completed so far."""

    __slots__ = ("_pending",)

    def __init__(self) -> None:
        # Pieces of the current, unfinished line: joined only once its "\n" arrives, so
        # a long line delivered in many small chunks costs linear, not quadratic, time.
        self._pending: list[bytes] = []

    def feed(self, chunk: bytes) -> list[str]:
        end = chunk.rfind(b"\n")
        if end < 0:
            if chunk:
                self._pending.append(chunk)
            return []
        complete = chunk[: end + 1]
        if self._pending:
            self._pending.append(complete)
            complete = b"".join(self._pending)
        rest = chunk[end + 1 :]
        self._pending = [rest] if rest else []
        return [text for line in complete.split(b"\n") if (text := _decode(line)) is not None]

    def finish(self) -> list[str]:
        """The stream has ended: return a last line that had no terminating newline."""
        if not self._pending:
            return []
        text = _decode(b"".join(self._pending))
        self._pending = []
        return [] if text is None else [text]


def _decode(line: bytes) -> str | None:
    if line.endswith(b"\r"):
        line = line[:-1]
    if not line.strip():
        return None
    return line.decode("utf-8", "replace")
