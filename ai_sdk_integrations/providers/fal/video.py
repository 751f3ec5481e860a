"""fal video models over the queue (``POST https://queue.fal.run/{model}``), as the AI
SDK's ``FalVideoModel`` calls them: a sans-I/O codec.

Request ``{prompt?, image_url?, aspect_ratio?, duration: "5s"?, seed?, ...options}``;
``provider_options["fal"]``: ``loop``, ``motionStrength`` -> ``motion_strength``,
``resolution`` (fal's ``"720p"``), ``negativePrompt`` -> ``negative_prompt``,
``promptOptimizer`` -> ``prompt_optimizer``, anything else as written. A model id
without an owner (``luma-dream-machine``) is fal's own (``fal-ai/...``). ``queue.py``
follows the job; the output ``{video: {url, content_type, width, height, duration,
fps}, seed, timings, ...}`` gives a ``MediaUrl`` and ``provider_metadata["fal"]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import MediaUrl, Poll, VideoCallOptions, VideoModelResult
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from .errors import fal_error_message
from .files import file_uri
from .queue import queue_poll

OPTION_FIELDS: Mapping[str, str] = {
    "motionStrength": "motion_strength",
    "negativePrompt": "negative_prompt",
    "promptOptimizer": "prompt_optimizer",
}
DEFAULT_QUEUE_URL = "https://queue.fal.run"


@dataclass(frozen=True, slots=True)
class FalVideoCodec:
    model_id: str
    provider: str = "fal"
    queue_url: str = DEFAULT_QUEUE_URL
    """The queue endpoint's base URL: links the queue answers with must lie under it."""
    max_videos_per_call: int = 1

    @property
    def model_path(self) -> str:
        path = self.model_id.strip("/")
        return path if "/" in path else f"fal-ai/{path}"

    def build_request(self, options: VideoCallOptions) -> PreparedRequest:
        warnings: list[CallWarning] = []
        body: dict[str, Any] = {}
        if options.prompt is not None:
            body["prompt"] = options.prompt
        if options.image is not None:
            body["image_url"] = file_uri(options.image)
        if options.aspect_ratio:
            body["aspect_ratio"] = options.aspect_ratio
        if options.duration:
            body["duration"] = f"{options.duration:g}s"
        if options.seed is not None:
            body["seed"] = options.seed
        if options.resolution:
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="resolution",
                    details=f"fal video models take a named resolution; pass provider_options="
                    f"{{'{self.provider}': {{'resolution': '720p'}}}} instead of {options.resolution!r}",
                )
            )
        if options.fps:
            warnings.append(
                CallWarning("unsupported", feature="fps", details="fal video models set their own frame rate")
            )
        for key, value in ((options.provider_options or {}).get(self.provider) or {}).items():
            if value is not None:
                body[OPTION_FIELDS.get(key, key)] = value
        return PreparedRequest(
            f"/{self.model_path}", body, headers=dict(options.headers or {}), warnings=warnings
        )

    def poll_request(
        self,
        options: VideoCallOptions,
        body: Any,
        headers: Mapping[str, str],
        request: PreparedRequest | None = None,
    ) -> Poll | None:
        """``request``: the request ``body`` answers (the job loop passes it)."""
        return queue_poll(
            body,
            base_url=self.queue_url,
            model_path=self.model_path,
            provider=self.provider,
            headers=dict(options.headers or {}),
            answered=request,
        )

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> VideoModelResult:
        video = body.get("video") if isinstance(body, dict) else None
        url = video.get("url") if isinstance(video, dict) else None
        if not isinstance(url, str) or not url:
            raise InvalidResponseDataError(
                f"fal video response without video.url: {str(body)[:200]}", provider=self.provider
            )
        assert isinstance(video, dict)
        content_type = video.get("content_type") if isinstance(video.get("content_type"), str) else None
        details = {
            "url": url,
            **{k: video[k] for k in ("width", "height", "duration", "fps") if video.get(k) is not None},
            **({"contentType": content_type} if content_type else {}),
        }
        extra = {
            k: body[k] for k in ("seed", "timings", "has_nsfw_concepts", "prompt") if body.get(k) is not None
        }
        return VideoModelResult(
            videos=[MediaUrl(url, content_type or "video/mp4")],
            media_type=content_type or "video/mp4",
            provider_metadata={self.provider: {"videos": [details], **extra}},
            response=ResponseInfo(headers=dict(headers or {}), body=body),
        )

    error_message = staticmethod(fal_error_message)
