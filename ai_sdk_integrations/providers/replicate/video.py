"""Replicate video models over predictions, as the AI SDK's ``ReplicateVideoModel``
maps them: a sans-I/O codec.

``input``: ``prompt``, ``image`` (a URL or a data URI), ``aspect_ratio``, ``size`` (the
call's ``resolution``), ``duration``, ``fps``, ``seed``, then
``provider_options["replicate"]`` as written (``guidance_scale``,
``motion_bucket_id``, ``prompt_optimizer``, ...). ``pollIntervalMs`` /
``pollTimeoutMs`` are the AI SDK's polling knobs and are not sent (polling is set per
call here); ``maxWaitTimeInSeconds`` asks for ``Prefer: wait=N``. The output is the
clip's URL, downloaded without the token.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.media import MediaUrl, Poll, VideoCallOptions, VideoModelResult
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from .files import file_uri
from .image import DEFAULT_BASE_URL, prefer
from .predictions import create_path, metadata, outputs, prediction_poll, replicate_error_message


@dataclass(frozen=True, slots=True)
class ReplicateVideoCodec:
    model_id: str
    provider: str = "replicate"
    base_url: str = DEFAULT_BASE_URL
    max_videos_per_call: int = 1

    def build_request(self, options: VideoCallOptions) -> PreparedRequest:
        warnings: list[CallWarning] = []
        path, version = create_path(self.model_id)
        given = {
            "prompt": options.prompt,
            "image": file_uri(options.image) if options.image is not None else None,
            "aspect_ratio": options.aspect_ratio,
            "size": options.resolution,
            "duration": options.duration,
            "fps": options.fps,
            "seed": options.seed,
        }
        model_input: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
        replicate = dict((options.provider_options or {}).get(self.provider) or {})
        for key in ("pollIntervalMs", "pollTimeoutMs"):
            if replicate.pop(key, None) is not None:
                warnings.append(
                    CallWarning(
                        "unsupported",
                        setting=key,
                        details="polling is set per call: poll_interval=, poll_timeout=",
                    )
                )
        wait = replicate.pop("maxWaitTimeInSeconds", None)
        model_input.update({key: value for key, value in replicate.items() if value is not None})
        body: dict[str, Any] = {"input": model_input, **({"version": version} if version else {})}
        headers = dict(options.headers or {})
        if wait is not None:
            headers["prefer"] = prefer(wait)
        return PreparedRequest(path, body, headers=headers, warnings=warnings)

    def poll_request(self, options: VideoCallOptions, body: Any, headers: Mapping[str, str]) -> Poll | None:
        return prediction_poll(
            body, base_url=self.base_url, provider=self.provider, headers=dict(options.headers or {})
        )

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> VideoModelResult:
        videos = [
            MediaUrl(item.url, "video/mp4") if isinstance(item, MediaUrl) else item
            for item in outputs(body, self.provider)
        ]
        return VideoModelResult(
            videos=videos,
            media_type="video/mp4",
            provider_metadata={
                self.provider: {
                    **metadata(body),
                    "videos": [{"url": item.url} for item in videos if isinstance(item, MediaUrl)],
                }
            },
            response=ResponseInfo(id=body.get("id"), headers=dict(headers or {}), body=body),
        )

    error_message = staticmethod(replicate_error_message)
