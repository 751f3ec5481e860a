"""Rev.ai's provider (``create_revai``): asynchronous transcription models.

``create_revai()`` reads the access token from ``REVAI_API_KEY`` (per request, never
when made) and sends it as ``Authorization: Bearer``. The base URL is
``REVAI_BASE_URL`` or ``https://api.rev.ai/speechtotext/v1`` (the EU deployment
``https://ec1.api.rev.ai/speechtotext/v1`` works with ``base_url=...``). The job is
polled by ``transcribe(..., poll_interval=, poll_timeout=, on_progress=)``. This is the
one module of the package that builds transport endpoints; the codecs stay pure.
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
from ...transport.auth.keys import BearerAuth
from ...transport.endpoint import Endpoint, normalize_base_url
from .transcription import RevaiTranscriptionCodec

DEFAULT_BASE_URL = "https://api.rev.ai/speechtotext/v1"


@dataclass(frozen=True, slots=True)
class RevaiProvider:
    """Makes Rev.ai transcription models; the model id is the transcriber
    (``machine``, ``low_cost``, ``fusion``)."""

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def transcription_model(self, model_id: str) -> TranscriptionModel:
        return TranscriptionModel(RevaiTranscriptionCodec(model_id, self.name), self.endpoint)

    transcription = transcription_model

    def language_model(self, model_id: str) -> NoReturn:
        raise UnsupportedFunctionalityError(
            f"{self.name} has transcription models only; use transcription_model({model_id!r})"
        )

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> NoReturn:
        raise UnsupportedFunctionalityError(f"{self.name} has no embedding models")

    def with_settings(self, **changes: Any) -> RevaiProvider:
        return create_revai(**{**self.settings, **changes})


def create_revai(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "revai", **settings: Any
) -> RevaiProvider:
    """Rev.ai. Key: ``REVAI_API_KEY``; base URL: ``REVAI_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    check_settings(name, settings, CONNECTION_SETTINGS)
    given = {"api_key": api_key, "base_url": base_url}
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    source = key_source(name, api_key, settings.get("api_key_env"), ("REVAI_API_KEY",), required=True)
    url = base_url_from({"base_url": base_url}, "REVAI_BASE_URL", DEFAULT_BASE_URL, name)
    endpoint = make_endpoint(name, normalize_base_url(url, "/speechtotext/v1"), BearerAuth(source), settings)
    return RevaiProvider(name, endpoint, factory_settings)
