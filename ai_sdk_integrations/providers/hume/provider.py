"""Hume's provider (``create_hume``): Octave speech models.

``create_hume()`` reads the key from ``HUME_API_KEY`` (per request, never when made)
and sends it as ``X-Hume-Api-Key``. The base URL is ``HUME_BASE_URL`` or
``https://api.hume.ai``. This is the one module of the package that builds transport
endpoints; the codecs stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...provider.factory import ApiKey, MediaOnlyProvider, media_connection
from ...provider.speech_model import SpeechModel
from ...transport.auth.keys import HeaderKeyAuth
from ...transport.endpoint import Endpoint
from .speech import HumeSpeechCodec

DEFAULT_BASE_URL = "https://api.hume.ai"


@dataclass(frozen=True, slots=True)
class HumeProvider(MediaOnlyProvider):
    """Makes Hume speech models: ``default`` (Hume picks Octave's version), ``octave-1``
    or ``octave-2``."""

    language_model_hint: ClassVar[str] = "{name} has speech models only; use speech_model()"

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def speech_model(self, model_id: str = "default") -> SpeechModel:
        return SpeechModel(HumeSpeechCodec(model_id, self.name), self.endpoint)

    speech = speech_model

    def with_settings(self, **changes: Any) -> HumeProvider:
        return create_hume(**{**self.settings, **changes})


def create_hume(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "hume", **settings: Any
) -> HumeProvider:
    """Hume. Key: ``HUME_API_KEY``; base URL: ``HUME_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    connection = media_connection(
        name,
        api_key,
        base_url,
        settings,
        key_variables=("HUME_API_KEY",),
        base_url_env="HUME_BASE_URL",
        default_url=DEFAULT_BASE_URL,
        api_path="",
        auth=lambda source: HeaderKeyAuth(source, header="x-hume-api-key"),
    )
    return HumeProvider(name, connection.endpoint, connection.settings)
