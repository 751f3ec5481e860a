"""Gladia's provider (``create_gladia``): the pre-recorded transcription model.

``create_gladia()`` reads the key from ``GLADIA_API_KEY`` (per request, never when
made) and sends it as ``x-gladia-key``. The base URL is ``GLADIA_BASE_URL`` or
``https://api.gladia.io``. The job is polled by ``transcribe(..., poll_interval=,
poll_timeout=, on_progress=)``. This is the one module of the package that builds
transport endpoints; the codecs stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...provider.factory import ApiKey, MediaOnlyProvider, media_connection
from ...provider.transcription_model import TranscriptionModel
from ...transport.auth.keys import HeaderKeyAuth
from ...transport.endpoint import Endpoint
from .transcription import GladiaTranscriptionCodec

DEFAULT_BASE_URL = "https://api.gladia.io"


@dataclass(frozen=True, slots=True)
class GladiaProvider(MediaOnlyProvider):
    """Makes Gladia transcription models. Gladia has one pre-recorded API; the model id
    is a label (``default``), the model is chosen per job with options."""

    language_model_hint: ClassVar[str] = "{name} has a transcription model only; use transcription_model()"

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def transcription_model(self, model_id: str = "default") -> TranscriptionModel:
        return TranscriptionModel(GladiaTranscriptionCodec(model_id, self.name), self.endpoint)

    transcription = transcription_model

    def with_settings(self, **changes: Any) -> GladiaProvider:
        return create_gladia(**{**self.settings, **changes})


def create_gladia(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "gladia", **settings: Any
) -> GladiaProvider:
    """Gladia. Key: ``GLADIA_API_KEY``; base URL: ``GLADIA_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    connection = media_connection(
        name,
        api_key,
        base_url,
        settings,
        key_variables=("GLADIA_API_KEY",),
        base_url_env="GLADIA_BASE_URL",
        default_url=DEFAULT_BASE_URL,
        api_path="",
        auth=lambda source: HeaderKeyAuth(source, header="x-gladia-key"),
    )
    return GladiaProvider(name, connection.endpoint, connection.settings)
