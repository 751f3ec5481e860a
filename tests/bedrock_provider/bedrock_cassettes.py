"""Read Bedrock cassettes back: JSON bodies, and binary event streams message by message.

A ConverseStream response is recorded as the exact bytes AWS sent (YAML ``!!binary``
when they are not UTF-8); ``Exchange.events`` decodes them with the package's own
framing decoder into ``(event type, payload)`` pairs, exceptions included.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ai_sdk_integrations.transport.framing.aws_eventstream import EventStreamDecoder, EventStreamMessage


@dataclass(frozen=True)
class Exchange:
    method: str
    uri: str
    request: Any
    request_headers: dict[str, str]
    status: int
    headers: dict[str, str]
    raw: bytes
    messages: list[EventStreamMessage] = field(default_factory=list)

    @property
    def body(self) -> Any:
        return None if self.messages or not self.raw else json.loads(self.raw)

    @property
    def events(self) -> list[tuple[str, dict[str, Any]]]:
        """``(event type or exception type, payload)`` per message, ``p`` padding dropped."""
        out = []
        for message in self.messages:
            payload = json.loads(message.payload) if message.payload else {}
            payload.pop("p", None)
            out.append((message.event_type or message.exception_type or "", payload))
        return out

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [payload for name, payload in self.events if name == kind]


def _bytes(value: Any) -> bytes:
    if value is None:
        return b""
    return value if isinstance(value, bytes) else str(value).encode()


def exchanges(cassette: Any) -> list[Exchange]:
    out = []
    for request, response in zip(cassette.requests, cassette.responses, strict=True):
        headers = {
            str(k).lower(): (v[0] if isinstance(v, list) else v) for k, v in response["headers"].items()
        }
        raw = _bytes(response["body"].get("string"))
        messages: list[EventStreamMessage] = []
        if headers.get("content-type", "").startswith("application/vnd.amazon.eventstream"):
            decoder = EventStreamDecoder()
            messages = [*decoder.feed(raw), *decoder.finish()]
        request_body = _bytes(request.body)
        out.append(
            Exchange(
                method=request.method,
                uri=request.uri,
                request=json.loads(request_body) if request_body else None,
                request_headers={k.lower(): v for k, v in request.headers.items()},
                status=int(response["status"]["code"]),
                headers=headers,
                raw=raw,
                messages=messages,
            )
        )
    return out
