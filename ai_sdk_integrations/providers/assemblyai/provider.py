"""AssemblyAI's provider (``create_assemblyai``): pre-recorded transcription models.

``create_assemblyai()`` reads the key from ``ASSEMBLYAI_API_KEY`` (per request, never
when made) and sends it as the bare ``authorization`` header, AssemblyAI's scheme (no
``Bearer``). The base URL is ``ASSEMBLYAI_BASE_URL`` or ``https://api.assemblyai.com``
(the EU host ``https://api.eu.assemblyai.com`` works with ``base_url=...``). The job
is polled by ``transcribe(..., poll_interval=, poll_timeout=, on_progress=)``. This is
the one module of the package that builds transport endpoints; the codecs stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...provider.factory import ApiKey, MediaOnlyProvider, media_connection
from ...provider.transcription_model import TranscriptionModel
from ...transport.auth.keys import HeaderKeyAuth
from ...transport.endpoint import Endpoint
from .transcription import AssemblyAITranscriptionCodec

DEFAULT_BASE_URL = "https://api.assemblyai.com"


@dataclass(frozen=True, slots=True)
class AssemblyAIProvider(MediaOnlyProvider):
    """Makes AssemblyAI transcription models (``universal-3-5-pro``, ``universal-2``,
    ``slam-1``, the legacy ``best``)."""

    language_model_hint: ClassVar[str] = (
        "{name} has transcription models only; use transcription_model({model_id!r})"
    )

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def transcription_model(self, model_id: str) -> TranscriptionModel:
        return TranscriptionModel(AssemblyAITranscriptionCodec(model_id, self.name), self.endpoint)

    transcription = transcription_model

    def with_settings(self, **changes: Any) -> AssemblyAIProvider:
        return create_assemblyai(**{**self.settings, **changes})


def create_assemblyai(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "assemblyai", **settings: Any
) -> AssemblyAIProvider:
    """AssemblyAI. Key: ``ASSEMBLYAI_API_KEY``; base URL: ``ASSEMBLYAI_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    connection = media_connection(
        name,
        api_key,
        base_url,
        settings,
        key_variables=("ASSEMBLYAI_API_KEY",),
        base_url_env="ASSEMBLYAI_BASE_URL",
        default_url=DEFAULT_BASE_URL,
        api_path="",
        auth=lambda source: HeaderKeyAuth(source, header="authorization"),
    )
    return AssemblyAIProvider(name, connection.endpoint, connection.settings)
