"""Replicate's provider (``create_replicate``): image and video models over predictions.

``create_replicate()`` reads the token from ``REPLICATE_API_TOKEN`` (per request, never
when made) and sends it as ``Authorization: Bearer``; the base URL is
``https://api.replicate.com/v1``. A model id is ``owner/name`` (an official model) or
``owner/name:version``. Output files come back as ``replicate.delivery`` links and are
downloaded without the token. This is the one module of the package that builds
transport endpoints; the codecs stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...provider.factory import (
    CONNECTION_SETTINGS,
    ApiKey,
    MediaOnlyProvider,
    check_settings,
    media_connection,
)
from ...provider.image_model import ImageModel
from ...provider.video_model import VideoModel
from ...spec.errors import UsageError
from ...transport.auth.keys import BearerAuth
from ...transport.endpoint import Endpoint
from .image import DEFAULT_BASE_URL, ReplicateImageCodec
from .video import ReplicateVideoCodec


@dataclass(frozen=True, slots=True)
class ReplicateProvider(MediaOnlyProvider):
    language_model_hint: ClassVar[str] = (
        "{name} serves image and video models here; use image_model({model_id!r})"
    )
    embedding_model_hint: ClassVar[str] = "{name} is offered for image and video models here"

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def image_model(self, model_id: str) -> ImageModel:
        """e.g. ``black-forest-labs/flux-schnell`` or ``owner/name:version``."""
        codec = ReplicateImageCodec(model_id, self.name, self.endpoint.base_url)
        return ImageModel(codec, self.endpoint)

    image = image_model

    def video_model(self, model_id: str) -> VideoModel:
        """e.g. ``minimax/video-01`` or ``stability-ai/stable-video-diffusion:<version>``."""
        codec = ReplicateVideoCodec(model_id, self.name, self.endpoint.base_url)
        return VideoModel(codec, self.endpoint)

    video = video_model

    def with_settings(self, **changes: Any) -> ReplicateProvider:
        return create_replicate(**{**self.settings, **changes})


def create_replicate(
    *,
    api_key: ApiKey = None,
    api_token: ApiKey = None,
    base_url: str | None = None,
    name: str = "replicate",
    **settings: Any,
) -> ReplicateProvider:
    """Replicate. Token: ``REPLICATE_API_TOKEN`` (``api_key=`` or, as the AI SDK names
    it, ``api_token=``); base URL ``https://api.replicate.com/v1``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata.
    """
    check_settings(name, settings, CONNECTION_SETTINGS)  # before the key conflict, as ever
    if api_key is not None and api_token is not None:
        raise UsageError(f"{name}: pass api_key= or api_token=, not both")
    key = api_key if api_key is not None else api_token
    connection = media_connection(
        name,
        key,
        base_url,
        settings,
        key_variables=("REPLICATE_API_TOKEN",),
        base_url_env=None,
        default_url=DEFAULT_BASE_URL,
        api_path="/v1",
        auth=BearerAuth,
    )
    return ReplicateProvider(name, connection.endpoint, connection.settings)
