"""The request a codec asks for, before anyone knows where or how it is sent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .results import CallWarning

Framing = Literal["sse", "ndjson", "aws-eventstream"]
"""How a streamed response body is cut into events: Server-Sent Events (OpenAI,
Anthropic, Gemini, the Gateway), newline-delimited JSON (Ollama's native API), or AWS's
binary event stream (Bedrock)."""

Expect = Literal["json", "bytes"]
"""How a successful response body is read: decoded JSON, or raw bytes (audio, video)."""


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """``path`` is joined to the endpoint's base URL by the transport (an absolute
    ``https://`` URL is used as it is: job status links); ``framing`` is how the codec's
    stream decoder wants a streamed body cut (ignored when not streaming).

    ``content`` (with ``content_type``) is sent instead of ``body`` as JSON: a multipart
    upload or raw audio bytes. ``expect`` says how the success body is read."""

    path: str
    body: Mapping[str, Any]
    stream: bool = False
    method: str = "POST"
    headers: Mapping[str, str] = field(default_factory=dict)
    warnings: Sequence[CallWarning] = ()
    framing: Framing = "sse"
    content: bytes | None = None
    content_type: str | None = None
    expect: Expect = "json"
