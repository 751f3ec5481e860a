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
from typing import Any, NoReturn

from ...provider.factory import (
    CONNECTION_SETTINGS,
    ApiKey,
    base_url_from,
    check_settings,
    key_source,
    make_endpoint,
)
from ...provider.transcription_model import TranscriptionModel
from ...spec.errors import UnsupportedFunctionalityError
from ...transport.auth.keys import HeaderKeyAuth
from ...transport.endpoint import Endpoint, normalize_base_url
from .transcription import GladiaTranscriptionCodec

DEFAULT_BASE_URL = "https://api.gladia.io"


@dataclass(frozen=True, slots=True)
class GladiaProvider:
    """Makes Gladia transcription models. Gladia has one pre-recorded API; the model id
    is a label (``default``), the model is chosen per job with options."""

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def transcription_model(self, model_id: str = "default") -> TranscriptionModel:
        return TranscriptionModel(GladiaTranscriptionCodec(model_id, self.name), self.endpoint)

    transcription = transcription_model

    def language_model(self, model_id: str) -> NoReturn:
        raise UnsupportedFunctionalityError(
            f"{self.name} has a transcription model only; use transcription_model()"
        )

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> NoReturn:
        raise UnsupportedFunctionalityError(f"{self.name} has no embedding models")

    def with_settings(self, **changes: Any) -> GladiaProvider:
        return create_gladia(**{**self.settings, **changes})


def create_gladia(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "gladia", **settings: Any
) -> GladiaProvider:
    """Gladia. Key: ``GLADIA_API_KEY``; base URL: ``GLADIA_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    check_settings(name, settings, CONNECTION_SETTINGS)
    given = {"api_key": api_key, "base_url": base_url}
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    source = key_source(name, api_key, settings.get("api_key_env"), ("GLADIA_API_KEY",), required=True)
    url = base_url_from({"base_url": base_url}, "GLADIA_BASE_URL", DEFAULT_BASE_URL, name)
    auth = HeaderKeyAuth(source, header="x-gladia-key")
    return GladiaProvider(
        name, make_endpoint(name, normalize_base_url(url, ""), auth, settings), factory_settings
    )
