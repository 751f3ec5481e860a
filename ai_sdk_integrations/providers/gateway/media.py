"""The Gateway's media routes: the AI SDK's own media call options as JSON, and its
results back (``/image-model``, ``/speech-model``, ``/transcription-model``,
``/video-model``).

Each request carries ``ai-<kind>-model-specification-version`` and ``ai-model-id``.
Bytes travel as base64: input files as ``{type: "file", mediaType, data}`` or
``{type: "url", url}``, images and speech audio back as base64 strings, audio to
transcribe as ``{audio, mediaType}``. The video route answers with Server-Sent Events
(``accept: text/event-stream``): one ``{type: "result", videos: [{type: "url", url,
mediaType} | {type: "base64", data, mediaType}], warnings?, providerMetadata?}`` or
``{type: "error", message, errorType, statusCode, param}`` event. The Gateway splits
nothing client-side: its image and video models take any ``n`` per call.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ...spec.errors import InvalidResponseDataError
from ...spec.media import (
    GeneratedFile,
    ImageCallOptions,
    ImageModelResult,
    ImageUsage,
    InputFile,
    MediaData,
    MediaUrl,
    SpeechCallOptions,
    SpeechModelResult,
    TranscriptionCallOptions,
    TranscriptionModelResult,
    TranscriptSegment,
    VideoCallOptions,
    VideoModelResult,
    decode_base64,
)
from ...spec.request import PreparedRequest
from ...spec.results import RequestInfo, ResponseInfo
from ...spec.wire import parse_count, parse_provider_metadata, parse_warnings, to_wire
from .codec import served_model_id
from .errors import gateway_error_class, gateway_error_message

UNLIMITED = sys.maxsize
"""The Gateway's image and video models take any ``n`` in one call."""


def _headers(
    options_headers: Mapping[str, str] | None, kind: str, version: int, model_id: str
) -> dict[str, str]:
    return {
        **(options_headers or {}),
        f"ai-{kind}-model-specification-version": str(version),
        "ai-model-id": model_id,
    }


def _file(file: InputFile) -> dict[str, Any]:
    if file.url is not None:
        return {"type": "url", "url": file.url}
    out: dict[str, Any] = {"type": "file", "mediaType": file.media_type or "application/octet-stream"}
    out["data"] = file.as_base64()
    if file.provider_options:
        out["providerOptions"] = to_wire(file.provider_options)
    return out


def _put(body: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        body[key] = value


def _response(headers: Mapping[str, str], model_id: str, body: Any) -> ResponseInfo:
    return ResponseInfo(model_id=served_model_id(headers, model_id), headers=dict(headers), body=body)


def _bad(what: str, body: Any) -> InvalidResponseDataError:
    return InvalidResponseDataError(f"gateway {what}: {str(body)[:200]}", provider="gateway")


@dataclass(frozen=True, slots=True)
class GatewayImageCodec:
    model_id: str
    spec_version: Literal[3, 4] = 4

    @property
    def max_images_per_call(self) -> int:
        return UNLIMITED

    def build_request(self, options: ImageCallOptions) -> PreparedRequest:
        body: dict[str, Any] = {"prompt": options.prompt, "n": options.n}
        _put(body, "size", options.size)
        _put(body, "aspectRatio", options.aspect_ratio)
        _put(body, "seed", options.seed)
        if options.provider_options:
            body["providerOptions"] = to_wire(options.provider_options)
        if options.files:
            body["files"] = [_file(file) for file in options.files]
        if options.mask is not None:
            body["mask"] = _file(options.mask)
        headers = _headers(options.headers, "image", self.spec_version, self.model_id)
        return PreparedRequest("/image-model", body, headers=headers)

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> ImageModelResult:
        images = body.get("images") if isinstance(body, dict) else None
        if not isinstance(images, list) or not all(isinstance(image, str) for image in images):
            raise _bad("image result has no list of base64 images", body)
        usage = body.get("usage")
        return ImageModelResult(
            images=images,
            warnings=parse_warnings(body.get("warnings")),
            provider_metadata=parse_provider_metadata(body.get("providerMetadata")),
            response=_response(headers, self.model_id, None),
            usage=ImageUsage(
                parse_count(usage.get("inputTokens")),
                parse_count(usage.get("outputTokens")),
                parse_count(usage.get("totalTokens")),
            )
            if isinstance(usage, dict)
            else None,
        )

    error_message = staticmethod(gateway_error_message)
    error_class = staticmethod(gateway_error_class)


@dataclass(frozen=True, slots=True)
class GatewaySpeechCodec:
    model_id: str
    spec_version: Literal[3, 4] = 4

    def build_request(self, options: SpeechCallOptions) -> PreparedRequest:
        body: dict[str, Any] = {"text": options.text}
        _put(body, "voice", options.voice)
        _put(body, "outputFormat", options.output_format)
        _put(body, "instructions", options.instructions)
        _put(body, "speed", options.speed)
        _put(body, "language", options.language)
        if options.provider_options:
            body["providerOptions"] = to_wire(options.provider_options)
        headers = _headers(options.headers, "speech", self.spec_version, self.model_id)
        return PreparedRequest("/speech-model", body, headers=headers)

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> SpeechModelResult:
        audio = body.get("audio") if isinstance(body, dict) else None
        if not isinstance(audio, str) or not audio:
            raise _bad("speech result has no base64 audio", body)
        return SpeechModelResult(
            audio=audio,
            warnings=parse_warnings(body.get("warnings")),
            request=RequestInfo(),
            response=_response(headers, self.model_id, None),
            provider_metadata=parse_provider_metadata(body.get("providerMetadata")),
        )

    error_message = staticmethod(gateway_error_message)
    error_class = staticmethod(gateway_error_class)


@dataclass(frozen=True, slots=True)
class GatewayTranscriptionCodec:
    model_id: str
    spec_version: Literal[3, 4] = 4

    def build_request(self, options: TranscriptionCallOptions) -> PreparedRequest:
        body: dict[str, Any] = {
            "audio": InputFile(options.media_type, options.audio).as_base64(),
            "mediaType": options.media_type,
        }
        if options.provider_options:
            body["providerOptions"] = to_wire(options.provider_options)
        headers = _headers(options.headers, "transcription", self.spec_version, self.model_id)
        return PreparedRequest("/transcription-model", body, headers=headers)

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> TranscriptionModelResult:
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str):
            raise _bad("transcription result has no text", body)
        segments = []
        rows = body.get("segments")
        for row in rows if isinstance(rows, list) else ():
            if not isinstance(row, dict):
                continue
            start, end, piece = (
                _seconds(row.get("startSecond")),
                _seconds(row.get("endSecond")),
                row.get("text"),
            )
            if isinstance(piece, str) and start is not None and end is not None:
                segments.append(TranscriptSegment(piece, start, end))
        language = body.get("language")
        duration = body.get("durationInSeconds")
        return TranscriptionModelResult(
            text=text,
            segments=segments,
            language=language if isinstance(language, str) else None,
            duration_in_seconds=_seconds(duration),
            warnings=parse_warnings(body.get("warnings")),
            response=_response(headers, self.model_id, body),
            provider_metadata=parse_provider_metadata(body.get("providerMetadata")),
        )

    error_message = staticmethod(gateway_error_message)
    error_class = staticmethod(gateway_error_class)


@dataclass(frozen=True, slots=True)
class GatewayVideoCodec:
    model_id: str
    spec_version: Literal[3, 4] = 4

    @property
    def max_videos_per_call(self) -> int:
        return UNLIMITED

    def build_request(self, options: VideoCallOptions) -> PreparedRequest:
        body: dict[str, Any] = {"prompt": options.prompt, "n": options.n}
        _put(body, "aspectRatio", options.aspect_ratio)
        _put(body, "resolution", options.resolution)
        _put(body, "duration", options.duration)
        _put(body, "fps", options.fps)
        _put(body, "seed", options.seed)
        if options.provider_options:
            body["providerOptions"] = to_wire(options.provider_options)
        if options.image is not None:
            body["image"] = _file(options.image)
        headers = {
            **_headers(options.headers, "video", self.spec_version, self.model_id),
            "accept": "text/event-stream",
        }
        return PreparedRequest("/video-model", body, stream=True, headers=headers)

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> VideoModelResult:
        """``body``: the data of the stream's events; the first one is the answer."""
        events = [event for event in body if event != "[DONE]"] if isinstance(body, list) else []
        if not events:
            raise _bad("video stream ended without a data event", body)
        try:
            event = json.loads(events[0]) if isinstance(events[0], str) else events[0]
        except ValueError as exc:
            raise _bad("video event is not JSON", events[0]) from exc
        if not isinstance(event, dict):
            raise _bad("video event is not an object", event)
        if event.get("type") == "error":
            raise _event_error(event)
        videos = event.get("videos")
        if event.get("type") != "result" or not isinstance(videos, list):
            raise _bad("video event is neither a result nor an error", event)
        return VideoModelResult(
            videos=[_video(video) for video in videos],
            warnings=parse_warnings(event.get("warnings")),
            provider_metadata=parse_provider_metadata(event.get("providerMetadata")),
            response=_response(headers, self.model_id, None),
        )

    error_message = staticmethod(gateway_error_message)
    error_class = staticmethod(gateway_error_class)


def _video(data: Any) -> MediaData:
    kind = data.get("type") if isinstance(data, dict) else None
    media_type = data.get("mediaType") if isinstance(data, dict) else None
    media_type = media_type if isinstance(media_type, str) and media_type else None
    if kind == "url" and isinstance(data.get("url"), str):
        return MediaUrl(data["url"], media_type)
    if kind == "base64" and isinstance(data.get("data"), str):
        try:
            raw = decode_base64(data["data"])
        except ValueError as exc:
            raise _bad("video data is not base64", str(data)[:80]) from exc
        return GeneratedFile(raw, media_type) if media_type else raw
    raise _bad("video entry is neither a url nor base64", data)


def _event_error(event: Mapping[str, Any]) -> Exception:
    """An ``error`` event as the typed Gateway error its ``errorType`` names."""
    body = {
        "error": {
            "message": event.get("message"),
            "type": event.get("errorType"),
            "param": event.get("param"),
        }
    }
    cls = gateway_error_class(200, body)
    status = event.get("statusCode")
    return cls(
        f"gateway video generation failed: {gateway_error_message(body) or event}",
        status_code=status if type(status) is int else cls.default_status,
        provider="gateway",
        data=body,
    )


def _seconds(value: Any) -> float | None:
    """A time in seconds, or ``None`` where the field is not a number (metadata)."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
