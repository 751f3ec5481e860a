"""Hume's provider (``create_hume``): Octave speech models.

``create_hume()`` reads the key from ``HUME_API_KEY`` (per request, never when made)
and sends it as ``X-Hume-Api-Key``. The base URL is ``HUME_BASE_URL`` or
``https://api.hume.ai``. This is the one module of the package that builds transport
endpoints; the codecs stay pure.
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
from ...spec.errors import UnsupportedFunctionalityError
from ...transport.auth.keys import HeaderKeyAuth
from ...transport.endpoint import Endpoint, normalize_base_url
from .speech import HumeSpeechCodec

DEFAULT_BASE_URL = "https://api.hume.ai"


@dataclass(frozen=True, slots=True)
class HumeProvider:
    """Makes Hume speech models: ``default`` (Hume picks Octave's version), ``octave-1``
    or ``octave-2``."""

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def speech_model(self, model_id: str = "default") -> SpeechModel:
        return SpeechModel(HumeSpeechCodec(model_id, self.name), self.endpoint)

    speech = speech_model

    def language_model(self, model_id: str) -> NoReturn:
        raise UnsupportedFunctionalityError(f"{self.name} has speech models only; use speech_model()")

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> NoReturn:
        raise UnsupportedFunctionalityError(f"{self.name} has no embedding models")

    def with_settings(self, **changes: Any) -> HumeProvider:
        return create_hume(**{**self.settings, **changes})


def create_hume(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "hume", **settings: Any
) -> HumeProvider:
    """Hume. Key: ``HUME_API_KEY``; base URL: ``HUME_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    check_settings(name, settings, CONNECTION_SETTINGS)
    given = {"api_key": api_key, "base_url": base_url}
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    source = key_source(name, api_key, settings.get("api_key_env"), ("HUME_API_KEY",), required=True)
    url = base_url_from({"base_url": base_url}, "HUME_BASE_URL", DEFAULT_BASE_URL, name)
    auth = HeaderKeyAuth(source, header="x-hume-api-key")
    return HumeProvider(
        name, make_endpoint(name, normalize_base_url(url, ""), auth, settings), factory_settings
    )
