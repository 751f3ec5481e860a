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
from typing import Any, ClassVar

from ...provider.factory import ApiKey, MediaOnlyProvider, media_connection
from ...provider.speech_model import SpeechModel
from ...provider.transcription_model import TranscriptionModel
from ...transport.auth.keys import HeaderKeyAuth
from ...transport.endpoint import Endpoint
from .speech import ElevenLabsSpeechCodec
from .transcription import ElevenLabsTranscriptionCodec

DEFAULT_BASE_URL = "https://api.elevenlabs.io/v1"


@dataclass(frozen=True, slots=True)
class ElevenLabsProvider(MediaOnlyProvider):
    """Makes ElevenLabs speech-to-text models (``scribe_v1``, ``scribe_v2``) and
    text-to-speech models (``eleven_multilingual_v2``, ``eleven_flash_v2_5``...)."""

    language_model_hint: ClassVar[str] = (
        "{name} has speech and transcription models only; "
        "use speech_model({model_id!r}) or transcription_model(...)"
    )

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

    def with_settings(self, **changes: Any) -> ElevenLabsProvider:
        return create_elevenlabs(**{**self.settings, **changes})


def create_elevenlabs(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "elevenlabs", **settings: Any
) -> ElevenLabsProvider:
    """ElevenLabs. Key: ``ELEVENLABS_API_KEY``; base URL: ``ELEVENLABS_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    connection = media_connection(
        name,
        api_key,
        base_url,
        settings,
        key_variables=("ELEVENLABS_API_KEY",),
        base_url_env="ELEVENLABS_BASE_URL",
        default_url=DEFAULT_BASE_URL,
        api_path="/v1",
        auth=lambda source: HeaderKeyAuth(source, header="xi-api-key"),
    )
    return ElevenLabsProvider(name, connection.endpoint, connection.settings)
