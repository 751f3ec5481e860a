"""Framing chosen by the codec, and auth strategies applied after serialisation, through
the real transport against the scripted loopback server: an NDJSON stream, the real
recorded Bedrock ConverseStream body (AWS binary event stream), and a SigV4-signed
request whose signature the test recomputes from what the server received."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from http_loopback import Reply, ScriptedServer

from ai_sdk_integrations.provider.language_model import LanguageModel
from ai_sdk_integrations.spec import (
    CallOptions,
    Finish,
    FinishReason,
    GenerateResult,
    StreamPart,
    TextDelta,
    TextPart,
    UserMessage,
)
from ai_sdk_integrations.spec.request import Framing, PreparedRequest
from ai_sdk_integrations.transport.auth.sigv4 import SigV4Auth, aws_credentials_from
from ai_sdk_integrations.transport.endpoint import Endpoint
from ai_sdk_integrations.transport.framing.aws_eventstream import EventStreamMessage

RECORDING = Path(__file__).resolve().parent.parent / "fixtures" / "aws_eventstream"
OPTIONS = CallOptions(prompt=[UserMessage([TextPart("hi")])])


class _LineDecoder:
    """NDJSON lines of ``{"text": ...}`` -> text deltas (a stand-in for Ollama's API)."""

    def __init__(self) -> None:
        self.parts: list[StreamPart] = []

    def feed(self, event: Any) -> list[StreamPart]:
        assert isinstance(event, str)
        return [TextDelta("t", json.loads(event)["text"])]

    def finish(self) -> list[StreamPart]:
        return [Finish(FinishReason("stop"))]


class _BedrockTextDecoder:
    """AWS event-stream messages -> text deltas from ``contentBlockDelta`` events."""

    def feed(self, event: Any) -> list[StreamPart]:
        assert isinstance(event, EventStreamMessage)
        if event.event_type != "contentBlockDelta":
            return []
        return [TextDelta("t", json.loads(event.payload)["delta"]["text"])]

    def finish(self) -> list[StreamPart]:
        return [Finish(FinishReason("stop"))]


@dataclass(frozen=True)
class _Codec:
    framing: Framing
    decoder: type[Any]
    model_id: str = "m"

    def build_request(self, options: CallOptions, *, stream: bool) -> PreparedRequest:
        return PreparedRequest("/stream", {"prompt": "hi"}, stream=stream, framing=self.framing)

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> GenerateResult:
        raise NotImplementedError

    def stream_decoder(self, options: CallOptions) -> Any:
        return self.decoder()

    def error_message(self, data: Any) -> str | None:
        return None


def _text(model: LanguageModel) -> str:
    return "".join(part.delta for part in model.stream(OPTIONS) if isinstance(part, TextDelta))


def test_an_ndjson_stream_is_framed_by_line_whatever_the_chunks(server: ScriptedServer) -> None:
    body = b'{"text": "Hel"}\n{"text": "lo \xc3\xa9"}\n\n{"text": "!"}\n'
    chunks: list[bytes | float | str] = [body[i : i + 3] for i in range(0, len(body), 3)]
    server.queue(Reply(200, {"content-type": "application/x-ndjson"}, chunks=chunks))
    model = LanguageModel(_Codec("ndjson", _LineDecoder), Endpoint("test", server.url))
    assert _text(model) == "Hello é!"


def test_the_recorded_bedrock_event_stream_is_framed_by_message(server: ScriptedServer) -> None:
    recording = json.loads((RECORDING / "issue-18994-live-converse-stream.json").read_text())
    body = base64.b64decode(recording["response"]["bodyBase64"])
    chunks: list[bytes | float | str] = [body[i : i + 7] for i in range(0, len(body), 7)]
    server.queue(Reply(200, {"content-type": "application/vnd.amazon.eventstream"}, chunks=chunks))
    model = LanguageModel(_Codec("aws-eventstream", _BedrockTextDecoder), Endpoint("bedrock", server.url))
    assert _text(model) == "OK."


def test_sigv4_signs_the_bytes_that_are_sent(server: ScriptedServer) -> None:
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials

    access, secret, token = "AKIDEXAMPLE", "example-secret-" + "x" * 24, "example-session-token"
    auth = SigV4Auth("us-east-1", "bedrock", aws_credentials_from(access, secret, token))
    server.queue(Reply(200, {"content-type": "application/x-ndjson"}, chunks=[b'{"text": "ok"}\n']))
    model = LanguageModel(_Codec("ndjson", _LineDecoder), Endpoint("bedrock", server.url, auth=auth))

    assert _text(model) == "ok"

    [request] = server.requests
    sent = request.headers
    assert sent["authorization"].startswith(f"AWS4-HMAC-SHA256 Credential={access}/")
    assert sent["x-amz-security-token"] == token
    assert secret not in json.dumps(sent)
    # Recompute the signature over what the server received, at the time it was signed.
    signed = sent["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    again = botocore.awsrequest.AWSRequest(
        method="POST",
        url=server.url + "/stream",
        data=request.body,
        headers={name: sent[name] for name in signed if name != "host"},
    )
    signer = botocore.auth.SigV4Auth(
        botocore.credentials.Credentials(access, secret, token), "bedrock", "us-east-1"
    )
    timestamp = sent["x-amz-date"]
    again.context["timestamp"] = timestamp
    canonical = signer.canonical_request(again)
    expected = signer.signature(signer.string_to_sign(again, canonical), again)
    assert sent["authorization"].endswith(f"Signature={expected}")


def test_sigv4_secrets_are_redacted_from_errors(server: ScriptedServer) -> None:
    from ai_sdk_integrations.spec.errors import AuthenticationError

    secret = "example-secret-" + "y" * 24
    auth = SigV4Auth("us-east-1", "bedrock", aws_credentials_from("AKIDEXAMPLE", secret))
    server.queue(
        Reply(403, {"content-type": "application/json"}, json.dumps({"message": f"bad {secret}"}).encode())
    )
    model = LanguageModel(
        _Codec("ndjson", _LineDecoder), Endpoint("bedrock", server.url, auth=auth, max_retries=0)
    )
    with pytest.raises(AuthenticationError) as caught:
        _text(model)
    assert secret not in str(caught.value) and secret not in json.dumps(caught.value.data)
