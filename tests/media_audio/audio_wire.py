"""What the speech and transcription fakes share: a loopback HTTP server, multipart
parsing, and a "recognizer" that transcribes the test speech.

Each provider's fake (``<provider>_wire.py``) is a function from a request to a
response, wrapped by ``FakeAPI``: a stdlib ``ThreadingHTTPServer`` on 127.0.0.1
speaking HTTP/1.1 with keep-alive, recording every request it gets.

The recognizer: a fake cannot understand speech, but the tests speak known sentences
(``audio_tools.speak``), and every sentence spoken is registered here by the hash of
its bytes. ``recognize`` decodes the audio it is sent (sox; undecodable audio is
refused as a real API refuses it), measures its duration and finds the words in the
samples; the words' text comes from the registry. Audio nobody registered is heard as
silence: an empty transcript, as real APIs answer for noise.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from audio_tools import AudioError, Speech, find_words, samples, speak, word_timings


@dataclass
class Request:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes

    @property
    def query_dict(self) -> dict[str, str]:
        return dict(self.query)

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes = b""


def json_reply(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Reply:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return Reply(status, {"content-type": "application/json; charset=utf-8", **(headers or {})}, body)


class Rejected(Exception):
    """Raised by a fake's checks; ``reply`` is the provider's error response."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.body[:200])
        self.reply = reply


Handler = Callable[[Request], Reply]


class FakeAPI:
    """Serve ``handler`` on a loopback port; ``requests`` is what arrived, in order."""

    def __init__(self, handler: Handler, name: str) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        outer = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def version_string(self) -> str:
                return name

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                split = urlsplit(self.path)
                request = Request(
                    self.command,
                    split.path,
                    parse_qsl(split.query, keep_blank_values=True),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                with outer._lock:
                    outer.requests.append(request)
                try:
                    reply = outer.handler(request)
                except Rejected as rejected:
                    reply = rejected.reply
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("content-length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = do_DELETE = _serve

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()

    def __enter__(self) -> FakeAPI:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


# -- multipart ------------------------------------------------------------------------


@dataclass
class Part:
    name: str
    data: bytes
    filename: str | None = None
    content_type: str | None = None

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


def parse_multipart(content_type: str, body: bytes) -> list[Part]:
    """The parts of a ``multipart/form-data`` body (``AudioError`` when it is not one)."""
    if not content_type.lower().startswith("multipart/form-data") or "boundary=" not in content_type:
        raise AudioError("Content-Type is missing Multipart Boundary.")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise AudioError("not a multipart body")
    parts = []
    for item in message.iter_parts():
        disposition = item.get("content-disposition", "")
        params = dict(item.get_params(header="content-disposition") or [])
        if "form-data" not in str(disposition) or "name" not in params:
            raise AudioError("a part without Content-Disposition: form-data; name=...")
        payload = item.get_payload(decode=True)
        parts.append(
            Part(
                params["name"],
                payload if isinstance(payload, bytes) else b"",
                params.get("filename"),
                item.get("content-type") if "content-type" in item else None,
            )
        )
    return parts


# -- the recognizer --------------------------------------------------------------------

_SPOKEN: dict[str, str] = {}
_SPOKEN_LOCK = threading.Lock()


def register_speech(speech: Speech) -> Speech:
    """Tell the fakes what ``speech`` says (tests call this through ``spoken``)."""
    with _SPOKEN_LOCK:
        _SPOKEN[hashlib.sha256(speech.data).hexdigest()] = speech.text
    return speech


def spoken(text: str, media_type: str = "audio/mpeg") -> Speech:
    """``text`` spoken by espeak-ng (skips the test when espeak-ng or sox is missing),
    registered so the fakes can transcribe it."""
    return register_speech(speak(text, media_type))


@dataclass
class Heard:
    """What a fake "heard": the words with their times (seconds) and the duration."""

    words: list[tuple[str, float, float]]
    duration: float
    sha256: str
    channels: int = 1
    language: str = "en"

    @property
    def text(self) -> str:
        return " ".join(word for word, _, _ in self.words)

    def utterances(self, pause: float = 0.6) -> list[list[tuple[str, float, float]]]:
        """Words grouped where the speaker pauses longer than ``pause`` seconds."""
        groups: list[list[tuple[str, float, float]]] = []
        for word in self.words:
            if groups and word[1] - groups[-1][-1][2] <= pause:
                groups[-1].append(word)
            else:
                groups.append([word])
        return groups


def recognize(data: bytes, media_type: str | None) -> Heard:
    """Transcribe test speech (``AudioError`` if the audio cannot be decoded)."""
    kind = _sniff(data) or (media_type or "")
    sound = samples(data, kind)
    digest = hashlib.sha256(data).hexdigest()
    with _SPOKEN_LOCK:
        text = _SPOKEN.get(digest, "")
    spans = find_words(sound)
    words = word_timings(text.split(), spans)
    return Heard(words, round(len(sound) / 16000, 3), digest)


def _sniff(data: bytes) -> str | None:
    """What the bytes are, as servers decide it (they look at the data, not the name)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if data[:4] == b"fLaC":
        return "audio/flac"
    if data[:4] == b"OggS":
        return "audio/ogg"
    return None


def audio_of_multipart(parts: list[Part], name: str) -> Part | None:
    return next((part for part in parts if part.name == name), None)


@dataclass
class Jobs:
    """Asynchronous jobs of a fake: each status read moves a job one state on, so a
    client must poll (``queued`` -> ``processing`` -> done)."""

    states: tuple[str, ...]
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, job_id: str, **data: Any) -> dict[str, Any]:
        with self.lock:
            self.jobs[job_id] = {"reads": 0, **data}
            return self.jobs[job_id]

    def read(self, job_id: str) -> tuple[str, dict[str, Any]] | None:
        """The job's state at this read, and its data; ``None`` for an unknown id."""
        with self.lock:
            job = self.jobs.get(job_id)
            if job is None:
                return None
            state = self.states[min(job["reads"], len(self.states) - 1)]
            job["reads"] += 1
            return state, job

    def peek(self, job_id: str) -> tuple[str, dict[str, Any]] | None:
        with self.lock:
            job = self.jobs.get(job_id)
            if job is None:
                return None
            return self.states[min(max(job["reads"] - 1, 0), len(self.states) - 1)], job


# -- reading a cassette back -----------------------------------------------------------


@dataclass
class Recorded:
    """One interaction of the live ``vcr`` cassette (recorded, or being recorded)."""

    method: str
    uri: str
    request_headers: dict[str, str]
    request_body: bytes
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def request_json(self) -> Any:
        return json.loads(self.request_body)

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(urlsplit(self.uri).query, keep_blank_values=True))

    def request_parts(self) -> dict[str, Part]:
        return {
            p.name: p
            for p in parse_multipart(self.request_headers.get("content-type", ""), self.request_body)
        }


def _first(value: Any) -> str:
    return str(value[0] if isinstance(value, list) else value)


def _as_bytes(value: Any) -> bytes:
    if value is None:
        return b""
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def recorded(cassette: Any) -> list[Recorded]:
    out = []
    for request, response in zip(cassette.requests, cassette.responses, strict=True):
        out.append(
            Recorded(
                request.method,
                request.uri,
                {str(k).lower(): _first(v) for k, v in request.headers.items()},
                _as_bytes(request.body),
                int(response["status"]["code"]),
                {str(k).lower(): _first(v) for k, v in response["headers"].items()},
                _as_bytes(response["body"].get("string")),
            )
        )
    return out
