"""Luma Ray video (``POST /dream-machine/v1/generations/video``): a sans-I/O codec.

The AI SDK has no Luma video model; this one follows Luma's API reference (OpenAPI
spec and official SDK): ``{prompt, model, aspect_ratio?, duration: "5s"?, resolution:
"720p"?, loop?, keyframes?: {frame0: {type: "image", url}}, ...options}``. A
``resolution`` given as pixels (``"1280x720"``) becomes Luma's named one by its height
(540p, 720p, 1080p, 4k); ``image`` (a URL) is the first keyframe. ``seed`` and ``fps``
are warnings. ``generations.py`` follows the job; the clip is ``assets.video``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import UsageError
from ...spec.media import MediaUrl, Poll, VideoCallOptions, VideoModelResult
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from .generations import GENERATIONS, asset, generation_poll, luma_error_message, metadata

RESOLUTIONS = {540: "540p", 720: "720p", 1080: "1080p", 2160: "4k"}
_LOCAL_OPTIONS = ("pollIntervalMillis", "maxPollAttempts")


def named_resolution(resolution: str) -> str | None:
    """``"1280x720"`` -> ``"720p"`` (Luma names a resolution by the shorter side)."""
    width, _, height = resolution.partition("x")
    try:
        short = min(int(width), int(height))
    except ValueError:
        return None
    return RESOLUTIONS.get(short)


@dataclass(frozen=True, slots=True)
class LumaVideoCodec:
    model_id: str
    provider: str = "luma"
    max_videos_per_call: int = 1

    def build_request(self, options: VideoCallOptions) -> PreparedRequest:
        warnings: list[CallWarning] = []
        body: dict[str, Any] = {}
        if options.prompt is not None:
            body["prompt"] = options.prompt
        body["model"] = self.model_id
        if options.aspect_ratio:
            body["aspect_ratio"] = options.aspect_ratio
        if options.duration:
            body["duration"] = f"{options.duration:g}s"
        if options.resolution:
            named = named_resolution(options.resolution)
            if named is None:
                warnings.append(
                    CallWarning(
                        "unsupported",
                        feature="resolution",
                        details=f"Luma renders 540p, 720p, 1080p or 4k, not {options.resolution!r}",
                    )
                )
            else:
                body["resolution"] = named
        if options.seed is not None:
            warnings.append(
                CallWarning("unsupported", feature="seed", details="Luma's video models take no seed")
            )
        if options.fps:
            warnings.append(CallWarning("unsupported", feature="fps", details="Luma sets its own frame rate"))
        if options.image is not None:
            if options.image.url is None:
                raise UsageError(
                    "Luma takes a start frame as a URL it can fetch (no uploads): InputFile(url=...)"
                )
            body["keyframes"] = {"frame0": {"type": "image", "url": options.image.url}}
        luma = dict((options.provider_options or {}).get(self.provider) or {})
        for key in _LOCAL_OPTIONS:
            if luma.pop(key, None) is not None:
                warnings.append(
                    CallWarning(
                        "unsupported",
                        setting=key,
                        details="polling is set per call: poll_interval=, poll_timeout=",
                    )
                )
        body.update({key: value for key, value in luma.items() if value is not None})
        return PreparedRequest(
            f"{GENERATIONS}/video", body, headers=dict(options.headers or {}), warnings=warnings
        )

    def poll_request(self, options: VideoCallOptions, body: Any, headers: Mapping[str, str]) -> Poll | None:
        return generation_poll(body, self.provider, dict(options.headers or {}))

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> VideoModelResult:
        url = asset(body, "video", self.provider)
        return VideoModelResult(
            videos=[MediaUrl(url, "video/mp4")],
            media_type="video/mp4",
            provider_metadata={self.provider: metadata(body)},
            response=ResponseInfo(id=body.get("id"), headers=dict(headers or {}), body=body),
        )

    error_message = staticmethod(luma_error_message)
