"""``generate_image``, ``generate_speech``, ``transcribe``, ``generate_video`` and their
async twins (the AI SDK's ``generateImage``, ``generateSpeech``, ``transcribe`` and
``experimental_generateVideo``).

What is done here once for every provider: ``n`` split into calls of at most the
model's per-call maximum (sent ``max_parallel_calls`` at a time, in order), warnings,
responses and provider metadata gathered across those calls, audio given as a path,
URL, base64 or bytes read into bytes with its media type, and the polling settings of
long-running jobs (``poll_interval``, ``poll_timeout``, ``on_progress``) handed to the
one job loop in ``provider/media_job.py``.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from ..provider.image_model import ImageModel
from ..provider.media_job import DEFAULT_POLL_INTERVAL, DEFAULT_POLL_TIMEOUT, Polling, adownload, download
from ..provider.speech_model import SpeechModel
from ..provider.transcription_model import TranscriptionModel
from ..provider.video_model import VideoModel
from ..spec.errors import UsageError
from ..spec.media import (
    GeneratedFile,
    ImageCallOptions,
    ImageModelResult,
    ImageUsage,
    InputFile,
    JobProgress,
    NoMediaGeneratedError,
    SpeechCallOptions,
    TranscriptionCallOptions,
    TranscriptSegment,
    VideoCallOptions,
    VideoModelResult,
    decode_base64,
    detect_media_type,
)
from ..spec.prompt import ProviderOptions
from ..spec.results import CallWarning, ProviderMetadata, ResponseInfo
from .registry import image_model, speech_model, transcription_model, video_model

DEFAULT_MAX_PARALLEL_CALLS = 4
AudioInput = bytes | str | os.PathLike[str] | InputFile
"""Audio for ``transcribe``: bytes, a file path, an ``http(s)`` URL (downloaded here),
base64 text or a ``data:`` URL, or an ``InputFile``."""

_M = TypeVar("_M")
_R = TypeVar("_R")


@dataclass(frozen=True, slots=True)
class GenerateImageResult:
    images: Sequence[GeneratedFile]
    warnings: Sequence[CallWarning] = ()
    responses: Sequence[ResponseInfo] = ()
    provider_metadata: ProviderMetadata = field(default_factory=dict)
    usage: ImageUsage = field(default_factory=ImageUsage)

    @property
    def image(self) -> GeneratedFile:
        """The first image."""
        return self.images[0]


@dataclass(frozen=True, slots=True)
class GenerateVideoResult:
    videos: Sequence[GeneratedFile]
    warnings: Sequence[CallWarning] = ()
    responses: Sequence[ResponseInfo] = ()
    provider_metadata: ProviderMetadata = field(default_factory=dict)

    @property
    def video(self) -> GeneratedFile:
        """The first video."""
        return self.videos[0]


@dataclass(frozen=True, slots=True)
class SpeechResult:
    audio: GeneratedFile
    warnings: Sequence[CallWarning] = ()
    responses: Sequence[ResponseInfo] = ()
    provider_metadata: ProviderMetadata = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TranscriptionResult:
    text: str
    segments: Sequence[TranscriptSegment] = ()
    language: str | None = None
    duration_in_seconds: float | None = None
    warnings: Sequence[CallWarning] = ()
    responses: Sequence[ResponseInfo] = ()
    provider_metadata: ProviderMetadata = field(default_factory=dict)


# -- shared pieces --------------------------------------------------------------------


def _resolved(model: Any, resolve: Callable[[Any], _M], max_retries: int | None) -> _M:
    made = resolve(model)
    return made.with_endpoint(max_retries=max_retries) if max_retries is not None else made  # type: ignore[attr-defined, no-any-return]


def _polling(
    interval: float | None, timeout: float | None, on_progress: Callable[[JobProgress], None] | None
) -> Polling:
    return Polling(
        DEFAULT_POLL_INTERVAL if interval is None else interval,
        DEFAULT_POLL_TIMEOUT if timeout is None else timeout,
        on_progress,
    )


def _counts(n: int, per_call: int) -> list[int]:
    """``n`` split into calls of at most ``per_call`` (``[4, 4, 2]`` for 10 by 4)."""
    if type(n) is not int or n < 1:
        raise UsageError(f"n must be a positive integer, not {n!r}")
    if per_call < 1:
        raise UsageError(f"max per call must be at least 1, not {per_call!r}")
    return [min(per_call, n - start) for start in range(0, n, per_call)]


def merge_provider_metadata(metadata: Sequence[ProviderMetadata | None]) -> dict[str, dict[str, Any]]:
    """Per provider key, lists (e.g. ``images`` with one entry per image) are joined
    across calls in order; other values take the last call's."""
    merged: dict[str, dict[str, Any]] = {}
    for one in metadata:
        for provider, values in (one or {}).items():
            into = merged.setdefault(provider, {})
            for key, value in values.items():
                before = into.get(key)
                into[key] = (
                    [*before, *value] if isinstance(before, list) and isinstance(value, list) else value
                )
    return merged


def _map_calls(function: Callable[[int], _R], counts: list[int], parallel: int) -> list[_R]:
    if parallel <= 1 or len(counts) == 1:
        return [function(count) for count in counts]
    with ThreadPoolExecutor(max_workers=min(parallel, len(counts))) as pool:
        return list(pool.map(function, counts))


async def _amap_calls(function: Callable[[int], Any], counts: list[int], parallel: int) -> list[Any]:
    import asyncio

    limit = asyncio.Semaphore(max(parallel, 1))

    async def one(count: int) -> Any:
        async with limit:
            return await function(count)

    return list(await asyncio.gather(*(one(count) for count in counts)))


# -- images ---------------------------------------------------------------------------


def _image_result(results: Sequence[ImageModelResult]) -> GenerateImageResult:
    images = [image for result in results for image in result.images]
    responses = [result.response for result in results if result.response is not None]
    if not images:
        raise NoMediaGeneratedError("no image was generated", responses=responses)
    usage = [result.usage for result in results if result.usage is not None]
    return GenerateImageResult(
        images=images,  # type: ignore[arg-type]  # the model layer made every item a GeneratedFile
        warnings=[warning for result in results for warning in result.warnings],
        responses=responses,
        provider_metadata=merge_provider_metadata([result.provider_metadata for result in results]),
        usage=ImageUsage(
            _sum([u.input_tokens for u in usage]),
            _sum([u.output_tokens for u in usage]),
            _sum([u.total_tokens for u in usage]),
        ),
    )


def _sum(values: Sequence[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def generate_image(
    model: str | ImageModel,
    prompt: str | None = None,
    *,
    n: int = 1,
    max_images_per_call: int | None = None,
    size: str | None = None,
    aspect_ratio: str | None = None,
    seed: int | None = None,
    files: Sequence[InputFile] | None = None,
    mask: InputFile | None = None,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    max_parallel_calls: int = DEFAULT_MAX_PARALLEL_CALLS,
    poll_interval: float | None = None,
    poll_timeout: float | None = None,
    on_progress: Callable[[JobProgress], None] | None = None,
) -> GenerateImageResult:
    """``n`` images; more than the model makes per call are made in several calls."""
    resolved = _resolved(model, image_model, max_retries)
    counts = _counts(n, max_images_per_call or resolved.max_images_per_call)
    template = ImageCallOptions(prompt, 1, size, aspect_ratio, seed, files, mask, provider_options, headers)
    polling = _polling(poll_interval, poll_timeout, on_progress)
    results = _map_calls(
        lambda count: resolved.generate(replace(template, n=count), polling=polling),
        counts,
        max_parallel_calls,
    )
    return _image_result(results)


async def agenerate_image(
    model: str | ImageModel,
    prompt: str | None = None,
    *,
    n: int = 1,
    max_images_per_call: int | None = None,
    size: str | None = None,
    aspect_ratio: str | None = None,
    seed: int | None = None,
    files: Sequence[InputFile] | None = None,
    mask: InputFile | None = None,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    max_parallel_calls: int = DEFAULT_MAX_PARALLEL_CALLS,
    poll_interval: float | None = None,
    poll_timeout: float | None = None,
    on_progress: Callable[[JobProgress], None] | None = None,
) -> GenerateImageResult:
    resolved = _resolved(model, image_model, max_retries)
    counts = _counts(n, max_images_per_call or resolved.max_images_per_call)
    template = ImageCallOptions(prompt, 1, size, aspect_ratio, seed, files, mask, provider_options, headers)
    polling = _polling(poll_interval, poll_timeout, on_progress)
    results = await _amap_calls(
        lambda count: resolved.agenerate(replace(template, n=count), polling=polling),
        counts,
        max_parallel_calls,
    )
    return _image_result(results)


# -- video ----------------------------------------------------------------------------


def _video_result(results: Sequence[VideoModelResult]) -> GenerateVideoResult:
    videos = [video for result in results for video in result.videos]
    responses = [result.response for result in results if result.response is not None]
    if not videos:
        raise NoMediaGeneratedError("no video was generated", responses=responses)
    return GenerateVideoResult(
        videos=videos,  # type: ignore[arg-type]  # the model layer made every item a GeneratedFile
        warnings=[warning for result in results for warning in result.warnings],
        responses=responses,
        provider_metadata=merge_provider_metadata([result.provider_metadata for result in results]),
    )


def generate_video(
    model: str | VideoModel,
    prompt: str | None = None,
    *,
    n: int = 1,
    max_videos_per_call: int | None = None,
    aspect_ratio: str | None = None,
    resolution: str | None = None,
    duration: float | None = None,
    fps: int | None = None,
    seed: int | None = None,
    image: InputFile | None = None,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    max_parallel_calls: int = DEFAULT_MAX_PARALLEL_CALLS,
    poll_interval: float | None = None,
    poll_timeout: float | None = None,
    on_progress: Callable[[JobProgress], None] | None = None,
) -> GenerateVideoResult:
    """``n`` clips, waiting for the provider's job (``poll_timeout`` seconds at most)."""
    resolved = _resolved(model, video_model, max_retries)
    counts = _counts(n, max_videos_per_call or resolved.max_videos_per_call)
    template = VideoCallOptions(
        prompt, 1, aspect_ratio, resolution, duration, fps, seed, image, provider_options, headers
    )
    polling = _polling(poll_interval, poll_timeout, on_progress)
    results = _map_calls(
        lambda count: resolved.generate(replace(template, n=count), polling=polling),
        counts,
        max_parallel_calls,
    )
    return _video_result(results)


async def agenerate_video(
    model: str | VideoModel,
    prompt: str | None = None,
    *,
    n: int = 1,
    max_videos_per_call: int | None = None,
    aspect_ratio: str | None = None,
    resolution: str | None = None,
    duration: float | None = None,
    fps: int | None = None,
    seed: int | None = None,
    image: InputFile | None = None,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    max_parallel_calls: int = DEFAULT_MAX_PARALLEL_CALLS,
    poll_interval: float | None = None,
    poll_timeout: float | None = None,
    on_progress: Callable[[JobProgress], None] | None = None,
) -> GenerateVideoResult:
    resolved = _resolved(model, video_model, max_retries)
    counts = _counts(n, max_videos_per_call or resolved.max_videos_per_call)
    template = VideoCallOptions(
        prompt, 1, aspect_ratio, resolution, duration, fps, seed, image, provider_options, headers
    )
    polling = _polling(poll_interval, poll_timeout, on_progress)
    results = await _amap_calls(
        lambda count: resolved.agenerate(replace(template, n=count), polling=polling),
        counts,
        max_parallel_calls,
    )
    return _video_result(results)


# -- speech ---------------------------------------------------------------------------


def generate_speech(
    model: str | SpeechModel,
    text: str,
    *,
    voice: str | None = None,
    output_format: str | None = None,
    instructions: str | None = None,
    speed: float | None = None,
    language: str | None = None,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    poll_interval: float | None = None,
    poll_timeout: float | None = None,
    on_progress: Callable[[JobProgress], None] | None = None,
) -> SpeechResult:
    """``text`` spoken; ``result.audio`` has the bytes, base64 and media type."""
    resolved = _resolved(model, speech_model, max_retries)
    options = SpeechCallOptions(
        text, voice, output_format, instructions, speed, language, provider_options, headers
    )
    result = resolved.generate(options, polling=_polling(poll_interval, poll_timeout, on_progress))
    return _speech_result(result)


async def agenerate_speech(
    model: str | SpeechModel,
    text: str,
    *,
    voice: str | None = None,
    output_format: str | None = None,
    instructions: str | None = None,
    speed: float | None = None,
    language: str | None = None,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    poll_interval: float | None = None,
    poll_timeout: float | None = None,
    on_progress: Callable[[JobProgress], None] | None = None,
) -> SpeechResult:
    resolved = _resolved(model, speech_model, max_retries)
    options = SpeechCallOptions(
        text, voice, output_format, instructions, speed, language, provider_options, headers
    )
    result = await resolved.agenerate(options, polling=_polling(poll_interval, poll_timeout, on_progress))
    return _speech_result(result)


def _speech_result(result: Any) -> SpeechResult:
    audio: GeneratedFile = result.audio
    responses = [result.response] if result.response is not None else []
    if not audio.data:
        raise NoMediaGeneratedError("no audio was generated", responses=responses)
    return SpeechResult(
        audio, list(result.warnings), responses, merge_provider_metadata([result.provider_metadata])
    )


# -- transcription ----------------------------------------------------------------------


def _audio_options(
    data: bytes,
    media_type: str | None,
    filename: str | None,
    provider_options: ProviderOptions | None,
    headers: Mapping[str, str] | None,
) -> TranscriptionCallOptions:
    guessed = mimetypes.guess_type(filename)[0] if filename else None
    kind = media_type or detect_media_type(data) or guessed or "audio/wav"
    return TranscriptionCallOptions(data, kind, provider_options, headers, filename)


def _local_audio(audio: AudioInput) -> tuple[bytes, str | None, str | None] | str:
    """``(bytes, media type, file name)``, or the URL still to download."""
    if isinstance(audio, InputFile):
        if audio.url is not None:
            return audio.url
        return audio.as_bytes(), audio.media_type, None
    if isinstance(audio, bytes):
        return audio, None, None
    if isinstance(audio, str) and audio.startswith(("https://", "http://")):
        return audio
    if isinstance(audio, os.PathLike) or (isinstance(audio, str) and not audio.startswith("data:")):
        path = Path(audio)
        if path.is_file():
            return path.read_bytes(), None, path.name
        if isinstance(audio, os.PathLike) or (len(audio) < 200 and any(c in audio for c in "/\\.")):
            raise UsageError(f"no audio file at {str(audio)!r}")
    try:
        return decode_base64(str(audio)), None, None
    except ValueError as exc:
        raise UsageError("audio must be bytes, a file path, an http(s) URL or base64 text") from exc


def _transcription_result(result: Any) -> TranscriptionResult:
    responses = [result.response] if result.response is not None else []
    if not result.text and not result.segments:
        raise NoMediaGeneratedError("no transcript was generated", responses=responses)
    return TranscriptionResult(
        text=result.text,
        segments=list(result.segments),
        language=result.language,
        duration_in_seconds=result.duration_in_seconds,
        warnings=list(result.warnings),
        responses=responses,
        provider_metadata=merge_provider_metadata([result.provider_metadata]),
    )


def transcribe(
    model: str | TranscriptionModel,
    audio: AudioInput,
    *,
    media_type: str | None = None,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    poll_interval: float | None = None,
    poll_timeout: float | None = None,
    on_progress: Callable[[JobProgress], None] | None = None,
) -> TranscriptionResult:
    """The text of ``audio``, with timed segments where the provider gives them."""
    resolved = _resolved(model, transcription_model, max_retries)
    local = _local_audio(audio)
    if isinstance(local, str):
        data, header = download(local, resolved.endpoint)
        local = data, media_type or header, Path(local.partition("?")[0]).name or None
    options = _audio_options(local[0], media_type or local[1], local[2], provider_options, headers)
    result = resolved.transcribe(options, polling=_polling(poll_interval, poll_timeout, on_progress))
    return _transcription_result(result)


async def atranscribe(
    model: str | TranscriptionModel,
    audio: AudioInput,
    *,
    media_type: str | None = None,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    poll_interval: float | None = None,
    poll_timeout: float | None = None,
    on_progress: Callable[[JobProgress], None] | None = None,
) -> TranscriptionResult:
    resolved = _resolved(model, transcription_model, max_retries)
    local = _local_audio(audio)
    if isinstance(local, str):
        data, header = await adownload(local, resolved.endpoint)
        local = data, media_type or header, Path(local.partition("?")[0]).name or None
    options = _audio_options(local[0], media_type or local[1], local[2], provider_options, headers)
    result = await resolved.atranscribe(options, polling=_polling(poll_interval, poll_timeout, on_progress))
    return _transcription_result(result)
