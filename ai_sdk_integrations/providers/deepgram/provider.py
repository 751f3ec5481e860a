"""Deepgram's provider (``create_deepgram``): transcription and speech models.

``create_deepgram()`` reads the key from ``DEEPGRAM_API_KEY`` (per request, never when
made) and sends it as ``Authorization: Token <key>``, Deepgram's scheme (not
``Bearer``). The base URL is ``DEEPGRAM_BASE_URL`` or ``https://api.deepgram.com/v1``
(a self-hosted Deepgram or a proxy works with ``base_url=...``). This is the one
module of the package that builds transport endpoints; the codecs stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...provider.factory import ApiKey, MediaOnlyProvider, media_connection
from ...provider.speech_model import SpeechModel
from ...provider.transcription_model import TranscriptionModel
from ...transport.auth.base import OutgoingRequest
from ...transport.auth.keys import KeySource
from ...transport.endpoint import Endpoint
from .speech import DeepgramSpeechCodec
from .transcription import DeepgramTranscriptionCodec

DEFAULT_BASE_URL = "https://api.deepgram.com/v1"


@dataclass(frozen=True, slots=True)
class DeepgramTokenAuth:
    """``Authorization: Token <key>``."""

    source: KeySource

    def apply(self, request: OutgoingRequest) -> tuple[str, ...]:
        key = self.source.resolve()
        if key is None:
            return ()
        request.headers["authorization"] = f"Token {key}"
        return (key,)

    def known_secrets(self) -> tuple[str, ...]:
        key = self.source.peek()
        return (key,) if key else ()


@dataclass(frozen=True, slots=True)
class DeepgramProvider(MediaOnlyProvider):
    """Makes Deepgram transcription models (``nova-3``...) and speech models
    (``aura-2-helena-en``...) for one endpoint."""

    language_model_hint: ClassVar[str] = (
        "{name} has speech and transcription models only; "
        "use transcription_model({model_id!r}) or speech_model(...)"
    )

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def transcription_model(self, model_id: str) -> TranscriptionModel:
        """Pre-recorded transcription, e.g. ``nova-3``, ``nova-2``, ``nova-3-medical``."""
        return TranscriptionModel(DeepgramTranscriptionCodec(model_id, self.name), self.endpoint)

    def speech_model(self, model_id: str) -> SpeechModel:
        """Aura text-to-speech; the model id names the voice (``aura-2-thalia-en``)."""
        return SpeechModel(DeepgramSpeechCodec(model_id, self.name), self.endpoint)

    transcription = transcription_model
    speech = speech_model

    def with_settings(self, **changes: Any) -> DeepgramProvider:
        """The same provider made again with some settings changed."""
        return create_deepgram(**{**self.settings, **changes})


def create_deepgram(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "deepgram", **settings: Any
) -> DeepgramProvider:
    """Deepgram. Key: ``DEEPGRAM_API_KEY``; base URL: ``DEEPGRAM_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``:
    ``headers``, ``timeout``, ``max_retries``, ``http_client``, ...). ``name`` is also
    the key of this provider's options and metadata (``provider_options={"deepgram": {...}}``).
    """
    connection = media_connection(
        name,
        api_key,
        base_url,
        settings,
        key_variables=("DEEPGRAM_API_KEY",),
        base_url_env="DEEPGRAM_BASE_URL",
        default_url=DEFAULT_BASE_URL,
        api_path="/v1",
        auth=DeepgramTokenAuth,
    )
    return DeepgramProvider(name, connection.endpoint, connection.settings)
