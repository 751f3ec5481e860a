"""ElevenLabs' provider (``create_elevenlabs``): transcription and speech models.

``create_elevenlabs()`` reads the key from ``ELEVENLABS_API_KEY`` (per request, never
when made) and sends it as ``xi-api-key``. The base URL is ``ELEVENLABS_BASE_URL`` or
``https://api.elevenlabs.io/v1`` (the EU residency host ``https://api.eu.residency.
elevenlabs.io`` works with ``base_url=...``). This is the one module of the package
that builds transport endpoints; the codecs stay pure.
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
from ...provider.speech_model import SpeechModel
from ...provider.transcription_model import TranscriptionModel
from ...spec.errors import UnsupportedFunctionalityError
from ...transport.auth.keys import HeaderKeyAuth
from ...transport.endpoint import Endpoint, normalize_base_url
from .speech import ElevenLabsSpeechCodec
from .transcription import ElevenLabsTranscriptionCodec

DEFAULT_BASE_URL = "https://api.elevenlabs.io/v1"


@dataclass(frozen=True, slots=True)
class ElevenLabsProvider:
    """Makes ElevenLabs speech-to-text models (``scribe_v1``, ``scribe_v2``) and
    text-to-speech models (``eleven_multilingual_v2``, ``eleven_flash_v2_5``...)."""

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def transcription_model(self, model_id: str) -> TranscriptionModel:
        return TranscriptionModel(ElevenLabsTranscriptionCodec(model_id, self.name), self.endpoint)

    def speech_model(self, model_id: str) -> SpeechModel:
        """The voice is chosen per call (``voice=<voice_id>``)."""
        return SpeechModel(ElevenLabsSpeechCodec(model_id, self.name), self.endpoint)

    transcription = transcription_model
    speech = speech_model

    def language_model(self, model_id: str) -> NoReturn:
        raise UnsupportedFunctionalityError(
            f"{self.name} has speech and transcription models only; "
            f"use speech_model({model_id!r}) or transcription_model(...)"
        )

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> NoReturn:
        raise UnsupportedFunctionalityError(f"{self.name} has no embedding models")

    def with_settings(self, **changes: Any) -> ElevenLabsProvider:
        return create_elevenlabs(**{**self.settings, **changes})


def create_elevenlabs(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "elevenlabs", **settings: Any
) -> ElevenLabsProvider:
    """ElevenLabs. Key: ``ELEVENLABS_API_KEY``; base URL: ``ELEVENLABS_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    check_settings(name, settings, CONNECTION_SETTINGS)
    given = {"api_key": api_key, "base_url": base_url}
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    source = key_source(name, api_key, settings.get("api_key_env"), ("ELEVENLABS_API_KEY",), required=True)
    url = base_url_from({"base_url": base_url}, "ELEVENLABS_BASE_URL", DEFAULT_BASE_URL, name)
    auth = HeaderKeyAuth(source, header="xi-api-key")
    endpoint = make_endpoint(name, normalize_base_url(url, "/v1"), auth, settings)
    return ElevenLabsProvider(name, endpoint, factory_settings)
