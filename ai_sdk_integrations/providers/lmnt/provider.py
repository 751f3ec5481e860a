"""LMNT's provider (``create_lmnt``): speech models.

``create_lmnt()`` reads the key from ``LMNT_API_KEY`` (per request, never when made)
and sends it as ``X-API-Key``. The base URL is ``LMNT_BASE_URL`` or
``https://api.lmnt.com/v1``. This is the one module of the package that builds
transport endpoints; the codecs stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...provider.factory import ApiKey, MediaOnlyProvider, media_connection
from ...provider.speech_model import SpeechModel
from ...transport.auth.keys import HeaderKeyAuth
from ...transport.endpoint import Endpoint
from .speech import LMNTSpeechCodec

DEFAULT_BASE_URL = "https://api.lmnt.com/v1"


@dataclass(frozen=True, slots=True)
class LMNTProvider(MediaOnlyProvider):
    """Makes LMNT speech models (``blizzard``, ``aurora``)."""

    language_model_hint: ClassVar[str] = "{name} has speech models only; use speech_model({model_id!r})"

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def speech_model(self, model_id: str) -> SpeechModel:
        return SpeechModel(LMNTSpeechCodec(model_id, self.name), self.endpoint)

    speech = speech_model

    def with_settings(self, **changes: Any) -> LMNTProvider:
        return create_lmnt(**{**self.settings, **changes})


def create_lmnt(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "lmnt", **settings: Any
) -> LMNTProvider:
    """LMNT. Key: ``LMNT_API_KEY``; base URL: ``LMNT_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    connection = media_connection(
        name,
        api_key,
        base_url,
        settings,
        key_variables=("LMNT_API_KEY",),
        base_url_env="LMNT_BASE_URL",
        default_url=DEFAULT_BASE_URL,
        api_path="/v1",
        auth=lambda source: HeaderKeyAuth(source, header="x-api-key"),
    )
    return LMNTProvider(name, connection.endpoint, connection.settings)
