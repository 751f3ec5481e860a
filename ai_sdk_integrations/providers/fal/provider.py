"""fal's provider (``create_fal``): image models and queued video models.

``create_fal()`` reads the key from ``FAL_API_KEY``, else ``FAL_KEY`` (per request,
never when made), and sends it as ``Authorization: Key <key>``, as fal and the AI SDK
do. Images go to ``https://fal.run/{model}`` (one synchronous call per image, as the
AI SDK's ``FalImageModel``), video to the queue at ``https://queue.fal.run/{model}``,
polled until done. Generated files come back as links on fal's CDN and are downloaded
without the key. This is the one module of the package that builds transport
endpoints; the codecs stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...provider.factory import ApiKey, MediaOnlyProvider, make_endpoint, media_connection
from ...provider.image_model import ImageModel
from ...provider.video_model import VideoModel
from ...transport.auth.base import OutgoingRequest
from ...transport.auth.keys import KeySource
from ...transport.endpoint import Endpoint, normalize_base_url
from .image import FalImageCodec
from .video import DEFAULT_QUEUE_URL, FalVideoCodec

DEFAULT_BASE_URL = "https://fal.run"
KEY_VARIABLES = ("FAL_API_KEY", "FAL_KEY")


@dataclass(frozen=True, slots=True)
class FalKeyAuth:
    """``Authorization: Key <key>`` (fal's scheme; not ``Bearer``)."""

    source: KeySource

    def apply(self, request: OutgoingRequest) -> tuple[str, ...]:
        key = self.source.resolve()
        if key is None:
            return ()
        request.headers["authorization"] = f"Key {key}"
        return (key,)

    def known_secrets(self) -> tuple[str, ...]:
        key = self.source.peek()
        return (key,) if key else ()


@dataclass(frozen=True, slots=True)
class FalProvider(MediaOnlyProvider):
    """Makes fal image models (``fal.run``) and video models (``queue.fal.run``)."""

    language_model_hint: ClassVar[str] = (
        "{name} has image and video models only; use image_model({model_id!r}) or video_model(...)"
    )

    name: str
    endpoint: Endpoint
    queue_endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def image_model(self, model_id: str) -> ImageModel:
        """e.g. ``fal-ai/flux/schnell``, ``fal-ai/flux/dev``, ``fal-ai/recraft/v3/text-to-image``."""
        return ImageModel(FalImageCodec(model_id, self.name), self.endpoint)

    image = image_model

    def video_model(self, model_id: str) -> VideoModel:
        """e.g. ``luma-dream-machine``, ``fal-ai/minimax/video-01``, ``fal-ai/kling-video/...``."""
        codec = FalVideoCodec(model_id, self.name, self.queue_endpoint.base_url)
        return VideoModel(codec, self.queue_endpoint)

    video = video_model

    def with_settings(self, **changes: Any) -> FalProvider:
        """The same provider made again with some settings changed."""
        return create_fal(**{**self.settings, **changes})


def create_fal(
    *,
    api_key: ApiKey = None,
    base_url: str | None = None,
    queue_base_url: str | None = None,
    name: str = "fal",
    **settings: Any,
) -> FalProvider:
    """fal.ai. Key: ``FAL_API_KEY`` or ``FAL_KEY``; images at ``base_url``
    (``https://fal.run``), video through the queue at ``queue_base_url``
    (``https://queue.fal.run``).

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``:
    ``headers``, ``timeout``, ``max_retries``, ``http_client``, ...). ``name`` is also
    the key of this provider's options and metadata (``provider_options={"fal": {...}}``).
    """
    connection = media_connection(
        name,
        api_key,
        base_url,
        settings,
        key_variables=KEY_VARIABLES,
        base_url_env=None,
        default_url=DEFAULT_BASE_URL,
        api_path="",
        auth=FalKeyAuth,
        given={"queue_base_url": queue_base_url},
    )
    queue_url = normalize_base_url(queue_base_url or DEFAULT_QUEUE_URL, "")
    queue_endpoint = make_endpoint(name, queue_url, connection.auth, settings)
    return FalProvider(name, connection.endpoint, queue_endpoint, connection.settings)
