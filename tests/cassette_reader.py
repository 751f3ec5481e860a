"""Read cassettes back, so tests compare our results with what the server really sent.

Tests never hard-code a model's words: re-recording a cassette changes the words, and
the assertions follow, because the expected values come from the cassette itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Interaction:
    method: str
    uri: str
    request_body: Any
    status: int
    response_body: str

    @property
    def json(self) -> Any:
        return json.loads(self.response_body)

    @property
    def sse_data(self) -> list[Any]:
        """The JSON payloads of a text/event-stream body, without ``[DONE]``."""
        payloads = []
        for line in self.response_body.splitlines():
            if line.startswith("data:"):
                data = line[5:].strip()
                if data != "[DONE]":
                    payloads.append(json.loads(data))
        return payloads


def interactions(cassette: Any) -> list[Interaction]:
    """The cassette's exchanges, from pytest-recording's ``vcr`` fixture.

    Read from the live cassette, so the same test works while recording (the file is
    only written at the end) and while replaying.
    """
    out = []
    for request, response in zip(cassette.requests, cassette.responses, strict=True):
        body = request.body
        out.append(
            Interaction(
                method=request.method,
                uri=request.uri,
                request_body=json.loads(body) if body else None,
                status=response["status"]["code"],
                response_body=_text(response["body"]),
            )
        )
    return out


def _text(body: dict[str, Any]) -> str:
    value = body.get("string", "")
    return value.decode() if isinstance(value, bytes) else value
