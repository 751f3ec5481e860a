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
from typing import Any, ClassVar

from ...provider.factory import ApiKey, MediaOnlyProvider, media_connection
from ...provider.transcription_model import TranscriptionModel
from ...transport.auth.keys import BearerAuth
from ...transport.endpoint import Endpoint
from .transcription import RevaiTranscriptionCodec

DEFAULT_BASE_URL = "https://api.rev.ai/speechtotext/v1"


@dataclass(frozen=True, slots=True)
class RevaiProvider(MediaOnlyProvider):
    """Makes Rev.ai transcription models; the model id is the transcriber
    (``machine``, ``low_cost``, ``fusion``)."""

    language_model_hint: ClassVar[str] = (
        "{name} has transcription models only; use transcription_model({model_id!r})"
    )

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def transcription_model(self, model_id: str) -> TranscriptionModel:
        return TranscriptionModel(RevaiTranscriptionCodec(model_id, self.name), self.endpoint)

    transcription = transcription_model

    def with_settings(self, **changes: Any) -> RevaiProvider:
        return create_revai(**{**self.settings, **changes})


def create_revai(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "revai", **settings: Any
) -> RevaiProvider:
    """Rev.ai. Key: ``REVAI_API_KEY``; base URL: ``REVAI_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    connection = media_connection(
        name,
        api_key,
        base_url,
        settings,
        key_variables=("REVAI_API_KEY",),
        base_url_env="REVAI_BASE_URL",
        default_url=DEFAULT_BASE_URL,
        api_path="/speechtotext/v1",
        auth=BearerAuth,
    )
    return RevaiProvider(name, connection.endpoint, connection.settings)
