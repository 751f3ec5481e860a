"""Luma's provider (``create_luma``): Photon image models and Ray video models.

``create_luma()`` reads the key from ``LUMA_API_KEY`` (per request, never when made)
and sends it as ``Authorization: Bearer``; the base URL is ``https://api.lumalabs.ai``
(``base_url=...`` for a proxy). Every generation is a job: created, then polled until
``completed``; the finished file is downloaded from Luma's CDN without the key. This
is the one module of the package that builds transport endpoints; the codecs stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...provider.factory import ApiKey, MediaOnlyProvider, media_connection
from ...provider.image_model import ImageModel
from ...provider.video_model import VideoModel
from ...transport.auth.keys import BearerAuth
from ...transport.endpoint import Endpoint
from .image import LumaImageCodec
from .video import LumaVideoCodec

DEFAULT_BASE_URL = "https://api.lumalabs.ai"


@dataclass(frozen=True, slots=True)
class LumaProvider(MediaOnlyProvider):
    language_model_hint: ClassVar[str] = (
        "{name} has image and video models only; use image_model({model_id!r}) or video_model(...)"
    )

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def image_model(self, model_id: str) -> ImageModel:
        """``photon-1`` or ``photon-flash-1``."""
        return ImageModel(LumaImageCodec(model_id, self.name), self.endpoint)

    image = image_model

    def video_model(self, model_id: str) -> VideoModel:
        """``ray-2``, ``ray-flash-2`` or ``ray-1-6``."""
        return VideoModel(LumaVideoCodec(model_id, self.name), self.endpoint)

    video = video_model

    def with_settings(self, **changes: Any) -> LumaProvider:
        return create_luma(**{**self.settings, **changes})


def create_luma(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "luma", **settings: Any
) -> LumaProvider:
    """Luma AI. Key: ``LUMA_API_KEY``; base URL ``https://api.lumalabs.ai``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata.
    """
    connection = media_connection(
        name,
        api_key,
        base_url,
        settings,
        key_variables=("LUMA_API_KEY",),
        base_url_env=None,
        default_url=DEFAULT_BASE_URL,
        api_path="",
        auth=BearerAuth,
    )
    return LumaProvider(name, connection.endpoint, connection.settings)
