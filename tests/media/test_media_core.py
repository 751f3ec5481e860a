"""The media layer without a provider: batching, the job loop (polls, waits, timeouts,
progress), downloads without credentials, media types, multipart bodies, raw bodies.

A scripted codec stands for a queued provider (submit, poll until done, fetch the
result); an ``httpx2.MockTransport`` answers, so every byte the transport sends is seen.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import httpx2
import pytest
from fake_keys import fake_key

import ai_sdk_integrations as ai
from ai_sdk_integrations.provider import media_job
from ai_sdk_integrations.provider.image_model import ImageModel
from ai_sdk_integrations.provider.speech_model import SpeechModel
from ai_sdk_integrations.provider.transcription_model import TranscriptionModel
from ai_sdk_integrations.provider.video_model import VideoModel
from ai_sdk_integrations.spec.errors import APICallError, InvalidResponseDataError, UsageError
from ai_sdk_integrations.spec.media import (
    GeneratedFile,
    ImageCallOptions,
    ImageModelResult,
    MediaJobError,
    MediaJobTimeoutError,
    MediaUrl,
    NoMediaGeneratedError,
    Poll,
    SpeechCallOptions,
    SpeechModelResult,
    TranscriptionCallOptions,
    TranscriptionModelResult,
    TranscriptSegment,
    VideoCallOptions,
    VideoModelResult,
    decode_base64,
    detect_media_type,
)
from ai_sdk_integrations.spec.multipart import FormFile, encode_multipart
from ai_sdk_integrations.spec.request import PreparedRequest
from ai_sdk_integrations.spec.results import CallWarning
from ai_sdk_integrations.transport.auth.keys import BearerAuth, KeySource
from ai_sdk_integrations.transport.endpoint import Endpoint
from ai_sdk_integrations.transport.secrets import Secret

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isommp42" + b"\x00\x00\x00\x08mdat"
KEY = fake_key("test-SECRET-media-1234567890")


@dataclass
class Server:
    """Answers by path; records every request."""

    routes: dict[str, Any]
    seen: list[httpx2.Request] = field(default_factory=list)

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.seen.append(request)
        answer = self.routes[request.url.path]
        if callable(answer):
            answer = answer(request)
        if isinstance(answer, httpx2.Response):
            return answer
        if isinstance(answer, bytes):
            return httpx2.Response(200, content=answer, headers={"content-type": "application/octet-stream"})
        return httpx2.Response(200, json=answer)


def endpoint(server: Server, *, asynchronous: bool = False) -> Endpoint:
    transport = httpx2.MockTransport(server)
    client = httpx2.AsyncClient(transport=transport) if asynchronous else httpx2.Client(transport=transport)
    return Endpoint(
        "scripted",
        "https://api.example.test/v1",
        auth=BearerAuth(KeySource("scripted", Secret(KEY))),
        headers={"x-team": "blue"},
        max_retries=0,
        **({"async_http_client": client} if asynchronous else {"http_client": client}),
    )


@dataclass(frozen=True)
class QueuedImages:
    """Submit -> poll ``/jobs/{id}`` until ``done`` -> GET the result (no wait) ->
    images at CDN URLs. ``fail_on`` makes the job fail at that poll."""

    model_id: str = "queued"
    max_images_per_call: int = 3
    fail_on: int | None = None

    def build_request(self, options: ImageCallOptions) -> PreparedRequest:
        warnings = [CallWarning("unsupported", "seed")] if options.seed is not None else []
        return PreparedRequest("/submit", {"prompt": options.prompt, "n": options.n}, warnings=warnings)

    def poll_request(
        self,
        options: ImageCallOptions,
        body: Any,
        headers: Mapping[str, str],
        request: PreparedRequest | None = None,
    ) -> Poll | PreparedRequest | None:
        if "images" in body:
            return None
        if body["status"] == "failed":
            raise MediaJobError("the job failed", provider="scripted", status="failed")
        if body["status"] == "done":
            assert request is not None and request.path.startswith("/jobs/")
            return Poll(
                PreparedRequest(f"/jobs/{body['id']}/result", {}, method="GET"), wait=False, status="done"
            )
        return Poll(
            PreparedRequest(f"/jobs/{body['id']}", {}, method="GET"),
            status=body["status"],
            progress=body.get("progress"),
        )

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> ImageModelResult:
        return ImageModelResult(
            images=[MediaUrl(url) for url in body["images"]],
            provider_metadata={"scripted": {"images": [{}] * len(body["images"])}},
        )

    def error_message(self, data: Any) -> str | None:
        return None


def queued_server(polls_before_done: int = 2, count_field: str = "n") -> Server:
    state: dict[str, int] = {}

    def submit(request: httpx2.Request) -> Any:
        body = json.loads(request.content)
        job = f"job{len(state)}"
        state[job] = 0
        state[job + ":n"] = body[count_field]
        return {"id": job, "status": "queued"}

    def poll(request: httpx2.Request) -> Any:
        parts = request.url.path.split("/")
        job = parts[3]
        if parts[-1] == "result":
            return {"images": [f"https://cdn.example.test/{job}/{i}.png" for i in range(state[job + ":n"])]}
        state[job] += 1
        done = state[job] >= polls_before_done
        return {
            "id": job,
            "status": "done" if done else "running",
            "progress": state[job] / polls_before_done,
        }

    routes: dict[str, Any] = {"/v1/submit": submit}
    for j in range(8):
        routes[f"/v1/jobs/job{j}"] = poll
        routes[f"/v1/jobs/job{j}/result"] = poll
        for i in range(8):
            routes[f"/job{j}/{i}.png"] = PNG
    return Server(routes)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(media_job, "_sleep", slept.append)

    async def asleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(media_job, "_asleep", asleep)
    return slept


def test_a_queued_job_is_polled_fetched_and_downloaded_without_credentials(no_waiting: list[float]) -> None:
    server = queued_server()
    model = ImageModel(QueuedImages(), endpoint(server))
    progress: list[Any] = []
    result = ai.generate_image(model, "a cat", n=2, seed=1, poll_interval=0.5, on_progress=progress.append)
    paths = [(r.method, r.url.host, r.url.path) for r in server.seen]
    assert paths == [
        ("POST", "api.example.test", "/v1/submit"),
        ("GET", "api.example.test", "/v1/jobs/job0"),
        ("GET", "api.example.test", "/v1/jobs/job0"),
        ("GET", "api.example.test", "/v1/jobs/job0/result"),
        ("GET", "cdn.example.test", "/job0/0.png"),
        ("GET", "cdn.example.test", "/job0/1.png"),
    ]
    for request in server.seen[:4]:
        assert request.headers["authorization"] == f"Bearer {KEY}" and request.headers["x-team"] == "blue"
    for request in server.seen[4:]:
        assert "authorization" not in request.headers and "x-team" not in request.headers
    assert no_waiting == [0.5, 0.5]  # the result fetch follows at once
    assert [(p.status, p.polls) for p in progress] == [("queued", 1), ("running", 2), ("done", 3)]
    assert (
        progress[1].progress == 0.5
        and progress[0].provider == "scripted"
        and progress[0].model_id == "queued"
    )
    assert [image.media_type for image in result.images] == ["image/png", "image/png"]
    assert result.images[0].url == "https://cdn.example.test/job0/0.png"
    assert [w.feature for w in result.warnings] == ["seed"]
    assert result.responses[0].model_id == "queued" and result.responses[0].timestamp is not None


def test_n_is_split_by_the_per_call_limit_keeping_order() -> None:
    server = queued_server(polls_before_done=1)
    model = ImageModel(QueuedImages(), endpoint(server))
    result = ai.generate_image(model, "a dog", n=7, max_parallel_calls=3)
    submitted = sorted(json.loads(r.content)["n"] for r in server.seen if r.url.path == "/v1/submit")
    assert submitted == [1, 3, 3]
    assert len(result.images) == 7
    assert len(result.provider_metadata["scripted"]["images"]) == 7
    urls = [str(image.url) for image in result.images]
    assert len(set(urls)) == 7
    jobs = [url.split("/")[3] for url in urls]
    assert all(jobs.index(job) + jobs.count(job) - 1 == len(jobs) - 1 - jobs[::-1].index(job) for job in jobs)
    limited = ai.generate_image(
        ImageModel(QueuedImages(), endpoint(queued_server(1))), "x", n=4, max_images_per_call=2
    )
    assert len(limited.images) == 4


async def test_async_twin_batches_and_polls(no_waiting: list[float]) -> None:
    server = queued_server()
    model = ImageModel(QueuedImages(), endpoint(server, asynchronous=True))
    result = await ai.agenerate_image(model, "a bird", n=4)
    assert len(result.images) == 4 and {i.media_type for i in result.images} == {"image/png"}
    assert len([r for r in server.seen if r.url.path == "/v1/submit"]) == 2
    assert no_waiting.count(media_job.DEFAULT_POLL_INTERVAL) == 4


def test_a_failed_job_and_a_slow_job(monkeypatch: pytest.MonkeyPatch) -> None:
    server = queued_server()
    server.routes["/v1/jobs/job0"] = {"id": "job0", "status": "failed"}
    with pytest.raises(MediaJobError, match="failed"):
        ai.generate_image(ImageModel(QueuedImages(), endpoint(server)), "x")
    clock = iter(range(0, 1000, 10))
    monkeypatch.setattr(media_job, "_clock", lambda: next(clock))
    slow = queued_server(polls_before_done=100)
    with pytest.raises(MediaJobTimeoutError, match="within 25 s"):
        ai.generate_image(ImageModel(QueuedImages(), endpoint(slow)), "x", poll_timeout=25, poll_interval=5)
    assert 1 < len(slow.seen) < 5


def test_n_beyond_the_model_limit_on_the_model_itself_is_a_usage_error() -> None:
    model = ImageModel(QueuedImages(), endpoint(queued_server()))
    with pytest.raises(UsageError, match="at most 3 images per call"):
        model.generate(ImageCallOptions("x", n=4))
    with pytest.raises(UsageError, match="positive integer"):
        ai.generate_image(model, "x", n=0)


@dataclass(frozen=True)
class RawSpeech:
    model_id: str = "voice"

    def build_request(self, options: SpeechCallOptions) -> PreparedRequest:
        return PreparedRequest("/speak", {"text": options.text}, expect="bytes")

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> SpeechModelResult:
        return SpeechModelResult(audio=body)

    def error_message(self, data: Any) -> str | None:
        return data.get("detail") if isinstance(data, dict) else None


def test_speech_bytes_media_type_from_magic_then_format_then_header() -> None:
    wav = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(40)
    server = Server({"/v1/speak": httpx2.Response(200, content=wav, headers={"content-type": "audio/mpeg"})})
    result = ai.generate_speech(SpeechModel(RawSpeech(), endpoint(server)), "hi", output_format="mp3")
    assert result.audio.media_type == "audio/wav"  # the bytes say WAV, whatever was declared
    unknown = Server(
        {"/v1/speak": httpx2.Response(200, content=b"\x01\x02\x03", headers={"content-type": "audio/ogg"})}
    )
    assert (
        ai.generate_speech(
            SpeechModel(RawSpeech(), endpoint(unknown)), "hi", output_format="flac"
        ).audio.media_type
        == "audio/flac"
    )
    header_only = Server(
        {"/v1/speak": httpx2.Response(200, content=b"\x01\x02", headers={"content-type": "audio/ogg"})}
    )
    assert (
        ai.generate_speech(SpeechModel(RawSpeech(), endpoint(header_only)), "hi").audio.media_type
        == "audio/ogg"
    )
    failing = Server({"/v1/speak": httpx2.Response(422, json={"detail": "voice not found"})})
    with pytest.raises(APICallError, match="voice not found"):
        ai.generate_speech(SpeechModel(RawSpeech(), endpoint(failing)), "hi")


@dataclass(frozen=True)
class Uploads:
    model_id: str = "ears"

    def build_request(self, options: TranscriptionCallOptions) -> PreparedRequest:
        content, kind = encode_multipart(
            [("model", "ears"), ("file", FormFile(options.audio, "a.wav", options.media_type))]
        )
        return PreparedRequest("/listen", {}, content=content, content_type=kind)

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> TranscriptionModelResult:
        segments = [TranscriptSegment(s["text"], s["start"], s["end"]) for s in body["segments"]]
        return TranscriptionModelResult(body["text"], segments, "en", 3.0)

    def error_message(self, data: Any) -> str | None:
        return None


def test_multipart_upload_is_sent_as_built_and_segments_are_sorted_and_checked(tmp_path: Any) -> None:
    audio = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(40)
    answer = {
        "text": "b a",
        "segments": [{"text": "a", "start": 1.5, "end": 3.0}, {"text": "b", "start": 0.0, "end": 1.5}],
    }
    server = Server({"/v1/listen": answer})
    path = tmp_path / "clip.wav"
    path.write_bytes(audio)
    result = ai.transcribe(TranscriptionModel(Uploads(), endpoint(server)), path)
    (request,) = server.seen
    kind = request.headers["content-type"]
    assert kind.startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + kind.encode() + b"\r\n\r\n" + request.content
    )
    parts = {p.get_param("name", header="content-disposition"): p for p in message.iter_parts()}
    assert parts["file"].get_payload(decode=True) == audio and parts["file"].get_content_type() == "audio/wav"
    assert [s.text for s in result.segments] == ["b", "a"]
    bad = Server({"/v1/listen": {"text": "x", "segments": [{"text": "x", "start": 2.0, "end": 1.0}]}})
    with pytest.raises(InvalidResponseDataError, match="segment"):
        ai.transcribe(TranscriptionModel(Uploads(), endpoint(bad)), audio)
    empty = Server({"/v1/listen": {"text": "", "segments": []}})
    with pytest.raises(NoMediaGeneratedError):
        ai.transcribe(TranscriptionModel(Uploads(), endpoint(empty)), audio)
    with pytest.raises(UsageError, match="no audio file"):
        ai.transcribe(TranscriptionModel(Uploads(), endpoint(server)), str(tmp_path / "missing.wav"))


def test_transcribe_downloads_a_url_without_credentials() -> None:
    audio = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(40)
    server = Server({"/clip.wav": audio, "/v1/listen": {"text": "hello", "segments": []}})
    ai.transcribe(TranscriptionModel(Uploads(), endpoint(server)), "https://files.example.test/clip.wav")
    download, upload = server.seen
    assert download.url.host == "files.example.test" and "authorization" not in download.headers
    assert upload.headers["authorization"] == f"Bearer {KEY}"


@dataclass(frozen=True)
class Clips:
    model_id: str = "clips"
    max_videos_per_call: int = 1

    def build_request(self, options: VideoCallOptions) -> PreparedRequest:
        return PreparedRequest("/video", {"prompt": options.prompt})

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> VideoModelResult:
        return VideoModelResult(videos=[body["b64"]])

    def error_message(self, data: Any) -> str | None:
        return None


async def test_video_twins_and_the_no_video_error() -> None:
    server = Server({"/v1/video": {"b64": base64.b64encode(MP4).decode()}})
    sync = ai.generate_video(VideoModel(Clips(), endpoint(server)), "a wave", n=2)
    assert [v.media_type for v in sync.videos] == ["video/mp4", "video/mp4"] and sync.video.data == MP4
    result = await ai.agenerate_video(VideoModel(Clips(), endpoint(server, asynchronous=True)), "a wave")
    assert result.video.extension == "mp4"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PNG, "image/png"),
        (b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"GIF89a", "image/gif"),
        (b"ID3\x04rest", "audio/mpeg"),
        (b"\xff\xfb\x90\x00", "audio/mpeg"),
        (b"\xff\xf1\x50\x80", "audio/aac"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "audio/wav"),
        (b"OggS\x00", "audio/ogg"),
        (b"fLaC\x00", "audio/flac"),
        (MP4, "video/mp4"),
        (b"\x1aE\xdf\xa3", "video/webm"),
        (b"hello", None),
    ],
)
def test_detect_media_type(data: bytes, kind: str | None) -> None:
    assert detect_media_type(data) == kind


def test_base64_forms_and_generated_file() -> None:
    assert decode_base64(base64.b64encode(PNG).decode()) == PNG
    assert decode_base64("data:image/png;base64," + base64.urlsafe_b64encode(PNG).decode().rstrip("=")) == PNG
    with pytest.raises(ValueError):
        decode_base64("not base64 at all!")
    file = GeneratedFile(PNG, "image/png")
    assert base64.b64decode(file.base64) == PNG and file.extension == "png"


def test_multipart_is_deterministic_and_quotes_names() -> None:
    fields = [("a", "1"), ("f", FormFile(b"\x00\x01", 'x"y.bin'))]
    assert encode_multipart(fields) == encode_multipart(fields)
    body, kind = encode_multipart(fields)
    assert b'filename="x%22y.bin"' in body and kind.startswith("multipart/form-data; boundary=ai-sdk-")


def test_registry_resolves_media_models_and_refuses_providers_without_them() -> None:
    assert ai.image_model("openai:gpt-image-1").max_images_per_call == 10
    assert ai.image_model("openai:dall-e-3").max_images_per_call == 1
    assert ai.speech_model("openai:tts-1").model_id == "tts-1"
    assert ai.transcription_model("gateway:openai/whisper-1").provider == "gateway"
    assert ai.video_model("gateway:google/veo-3.0-generate-001").max_videos_per_call > 1000
    assert ai.image_model("google:imagen-4.0-generate-001").max_images_per_call == 4
    from ai_sdk_integrations.spec.errors import UnsupportedFunctionalityError

    with pytest.raises(UnsupportedFunctionalityError, match="no video models"):
        ai.video_model("openai:sora-2")
    model = ai.image_model("openai:gpt-image-1")
    assert ai.image_model(model, max_retries=0).endpoint.max_retries == 0


def test_asyncio_twin_of_transcribe_reads_bytes() -> None:
    server = Server({"/v1/listen": {"text": "ok", "segments": []}})
    model = TranscriptionModel(Uploads(), endpoint(server, asynchronous=True))
    assert asyncio.run(ai.atranscribe(model, b"RIFF\x00\x00\x00\x00WAVE")).text == "ok"
