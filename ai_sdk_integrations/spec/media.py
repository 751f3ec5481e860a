"""Images, speech, transcription and video: call options and results.

Mirrors the AI SDK's ``ImageModelV4``, ``SpeechModelV4``, ``TranscriptionModelV4`` and
``Experimental_VideoModelV4``. A codec's result may carry media three ways
(``MediaData``): raw bytes, base64 text, or a ``MediaUrl`` the provider left its output
at; the model layer downloads URLs and detects media types, so the core functions
always hand out ``GeneratedFile`` objects with bytes, base64 and a media type.

Long-running jobs (video, queued images, asynchronous transcription) are a sequence of
requests: the codec's ``build_request`` sends the first, and its ``poll_request`` looks
at each answer and gives the next request (a ``Poll``) or ``None`` when that answer is
final. The loop that sends them, waits, times out and reports progress is written once
(``provider/media_job.py``).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from .errors import AISDKError, UsageError
from .prompt import ProviderOptions
from .request import PreparedRequest
from .results import CallWarning, ProviderMetadata, RequestInfo, ResponseInfo


@dataclass(frozen=True, slots=True)
class InputFile:
    """An input image or audio (image edits, image-to-video): bytes or base64 in
    ``data``, or a ``url`` the provider fetches itself (``ImageModelV4File``)."""

    media_type: str | None = None
    data: bytes | str | None = None
    url: str | None = None
    provider_options: ProviderOptions | None = None

    def __post_init__(self) -> None:
        if (self.data is None) == (self.url is None):
            raise UsageError("an InputFile has exactly one of data= and url=")

    def as_bytes(self) -> bytes:
        """The file's bytes (``data`` decoded where it is base64); empty for a URL."""
        if self.data is None:
            return b""
        return self.data if isinstance(self.data, bytes) else decode_base64(self.data)

    def as_base64(self) -> str:
        if self.data is None:
            return ""
        return self.data if isinstance(self.data, str) else base64.b64encode(self.data).decode("ascii")


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    """One generated image, audio or video (the AI SDK's ``GeneratedFile``): bytes and
    base64 of the same content, and its IANA media type."""

    data: bytes
    media_type: str
    url: str | None = None
    """Where the provider left it, when it was downloaded from a URL."""

    @property
    def base64(self) -> str:
        return base64.b64encode(self.data).decode("ascii")

    @property
    def format(self) -> str:
        """The format's short name (``mp3``, ``wav``, ``png``): the AI SDK's audio ``format``."""
        return self.extension

    @property
    def extension(self) -> str:
        """A file name extension for the media type (``png``, ``mp3``, ``wav``...)."""
        return MEDIA_EXTENSIONS.get(self.media_type, self.media_type.rpartition("/")[2] or "bin")


MEDIA_EXTENSIONS: Mapping[str, str] = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "image/gif": "gif",
    "audio/mpeg": "mp3",
    "audio/wav": "wav",
    "audio/ogg": "ogg",
    "audio/flac": "flac",
    "audio/aac": "aac",
    "audio/opus": "opus",
    "audio/pcm": "pcm",
    "audio/webm": "webm",
    "audio/mp4": "m4a",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "video/quicktime": "mov",
}


@dataclass(frozen=True, slots=True)
class MediaUrl:
    """Output the provider left at a URL. The model downloads it without the provider's
    credentials (a CDN link must not receive the API key)."""

    url: str
    media_type: str | None = None


MediaData: TypeAlias = bytes | str | MediaUrl | GeneratedFile
"""What a codec returns for one image, clip or audio: bytes, base64 text, a URL, or
a ``GeneratedFile`` where it knows each item's media type. The model layer turns every
item into a ``GeneratedFile``."""


def decode_base64(text: str) -> bytes:
    """Base64 (standard or URL-safe, padding optional, a ``data:`` URL accepted)."""
    if text.startswith("data:"):
        text = text.partition(",")[2]
    text = text.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"not base64: {text[:40]!r}") from exc


# Magic numbers of the formats providers return (the AI SDK's ``detectMediaType``).
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF8", "image/gif"),
    (0, b"BM", "image/bmp"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"OggS", "audio/ogg"),
    (0, b"fLaC", "audio/flac"),
    (0, b"\x1aE\xdf\xa3", "video/webm"),
)


def detect_media_type(data: bytes) -> str | None:
    """The media type the bytes announce, or ``None`` if they announce none we know."""
    head = data[:32]
    if head[:4] == b"RIFF" and head[8:12] in (b"WAVE", b"WEBP"):
        return "audio/wav" if head[8:12] == b"WAVE" else "image/webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B "):
            return "audio/mp4"
        return "video/quicktime" if brand == b"qt  " else "video/mp4"
    for offset, magic, media_type in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return media_type
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        # MPEG audio frame sync; ADTS AAC has layer bits 00.
        return "audio/aac" if head[1] & 0x06 == 0 else "audio/mpeg"
    return None


# -- progress and polling ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Poll:
    """The next request of a multi-step job. ``wait``: sleep the poll interval first
    (``False`` for a step that follows at once, e.g. submitting after an upload or
    fetching the finished result). ``status``/``progress`` (0..1) are what the provider
    said about the job so far, passed to the caller's progress callback."""

    request: PreparedRequest
    wait: bool = True
    status: str | None = None
    progress: float | None = None


@dataclass(frozen=True, slots=True)
class JobProgress:
    """What a progress callback receives after each answer of a long-running job."""

    provider: str
    model_id: str
    status: str | None
    progress: float | None
    elapsed_seconds: float
    polls: int


class MediaJobError(AISDKError):
    """A provider accepted a job and then reported it failed (or cancelled)."""

    def __init__(self, message: str, *, provider: str | None = None, status: str | None = None):
        super().__init__(message)
        self.provider = provider
        self.status = status


class MediaJobTimeoutError(AISDKError):
    """A long-running job did not finish within the caller's ``timeout``."""


class NoMediaGeneratedError(AISDKError):
    """The provider answered without any image, audio, video or transcript
    (the AI SDK's ``NoImageGeneratedError`` / ``NoSpeechGeneratedError`` /
    ``NoTranscriptGeneratedError`` / ``NoVideoGeneratedError``)."""

    def __init__(self, message: str, *, responses: Sequence[ResponseInfo] = ()):
        super().__init__(message)
        self.responses = tuple(responses)


# -- images ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImageCallOptions:
    """``size`` is ``"{width}x{height}"``, ``aspect_ratio`` ``"{width}:{height}"``.
    ``files`` (with an optional ``mask``) make it an edit of those images."""

    prompt: str | None
    n: int = 1
    size: str | None = None
    aspect_ratio: str | None = None
    seed: int | None = None
    files: Sequence[InputFile] | None = None
    mask: InputFile | None = None
    provider_options: ProviderOptions | None = None
    headers: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class ImageUsage:
    input_tokens: int | None = None
    output_tokens: int | None = None
    total_tokens: int | None = None


@dataclass(frozen=True, slots=True)
class ImageModelResult:
    """``media_type``: where the provider says it (else detected from the bytes)."""

    images: Sequence[MediaData]
    media_type: str | None = None
    warnings: Sequence[CallWarning] = ()
    provider_metadata: ProviderMetadata | None = None
    response: ResponseInfo | None = None
    usage: ImageUsage | None = None


# -- speech ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpeechCallOptions:
    """``output_format``: the provider's name for it (``mp3``, ``wav``, ``pcm``...)."""

    text: str
    voice: str | None = None
    output_format: str | None = None
    instructions: str | None = None
    speed: float | None = None
    language: str | None = None
    provider_options: ProviderOptions | None = None
    headers: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class SpeechModelResult:
    audio: MediaData
    media_type: str | None = None
    warnings: Sequence[CallWarning] = ()
    request: RequestInfo | None = None
    response: ResponseInfo | None = None
    provider_metadata: ProviderMetadata | None = None


# -- transcription ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TranscriptionCallOptions:
    """``audio``: the file's bytes (the core reads paths and URLs into bytes first)."""

    audio: bytes
    media_type: str
    provider_options: ProviderOptions | None = None
    headers: Mapping[str, str] | None = None
    filename: str | None = None


@dataclass(frozen=True, slots=True)
class TranscriptSegment:
    text: str
    start_second: float
    end_second: float
    speaker: str | None = None
    """Who spoke, where the provider diarizes (an addition to the AI SDK's segment)."""


@dataclass(frozen=True, slots=True)
class TranscriptionModelResult:
    text: str
    segments: Sequence[TranscriptSegment] = ()
    language: str | None = None
    """ISO-639-1 where the provider says it."""
    duration_in_seconds: float | None = None
    warnings: Sequence[CallWarning] = ()
    response: ResponseInfo | None = None
    provider_metadata: ProviderMetadata | None = None


# -- video ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VideoCallOptions:
    """``resolution`` ``"{width}x{height}"``; ``duration`` seconds; ``image`` makes it
    image-to-video."""

    prompt: str | None
    n: int = 1
    aspect_ratio: str | None = None
    resolution: str | None = None
    duration: float | None = None
    fps: int | None = None
    seed: int | None = None
    image: InputFile | None = None
    provider_options: ProviderOptions | None = None
    headers: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class VideoModelResult:
    videos: Sequence[MediaData]
    media_type: str | None = None
    warnings: Sequence[CallWarning] = ()
    provider_metadata: ProviderMetadata | None = None
    response: ResponseInfo | None = None
