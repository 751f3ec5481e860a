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
from .transcription import AssemblyAITranscriptionCodec

DEFAULT_BASE_URL = "https://api.assemblyai.com"


@dataclass(frozen=True, slots=True)
class AssemblyAIProvider:
    """Makes AssemblyAI transcription models (``universal-3-5-pro``, ``universal-2``,
    ``slam-1``, the legacy ``best``)."""

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def transcription_model(self, model_id: str) -> TranscriptionModel:
        return TranscriptionModel(AssemblyAITranscriptionCodec(model_id, self.name), self.endpoint)

    transcription = transcription_model

    def language_model(self, model_id: str) -> NoReturn:
        raise UnsupportedFunctionalityError(
            f"{self.name} has transcription models only; use transcription_model({model_id!r})"
        )

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> NoReturn:
        raise UnsupportedFunctionalityError(f"{self.name} has no embedding models")

    def with_settings(self, **changes: Any) -> AssemblyAIProvider:
        return create_assemblyai(**{**self.settings, **changes})


def create_assemblyai(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "assemblyai", **settings: Any
) -> AssemblyAIProvider:
    """AssemblyAI. Key: ``ASSEMBLYAI_API_KEY``; base URL: ``ASSEMBLYAI_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    check_settings(name, settings, CONNECTION_SETTINGS)
    given = {"api_key": api_key, "base_url": base_url}
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    source = key_source(name, api_key, settings.get("api_key_env"), ("ASSEMBLYAI_API_KEY",), required=True)
    url = base_url_from({"base_url": base_url}, "ASSEMBLYAI_BASE_URL", DEFAULT_BASE_URL, name)
    auth = HeaderKeyAuth(source, header="authorization")
    endpoint = make_endpoint(name, normalize_base_url(url, ""), auth, settings)
    return AssemblyAIProvider(name, endpoint, factory_settings)
