"""LMNT's provider (``create_lmnt``): speech models.

``create_lmnt()`` reads the key from ``LMNT_API_KEY`` (per request, never when made)
and sends it as ``X-API-Key``. The base URL is ``LMNT_BASE_URL`` or
``https://api.lmnt.com/v1``. This is the one module of the package that builds
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
from ...provider.speech_model import SpeechModel
from ...spec.errors import UnsupportedFunctionalityError
from ...transport.auth.keys import HeaderKeyAuth
from ...transport.endpoint import Endpoint, normalize_base_url
from .speech import LMNTSpeechCodec

DEFAULT_BASE_URL = "https://api.lmnt.com/v1"


@dataclass(frozen=True, slots=True)
class LMNTProvider:
    """Makes LMNT speech models (``blizzard``, ``aurora``)."""

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def speech_model(self, model_id: str) -> SpeechModel:
        return SpeechModel(LMNTSpeechCodec(model_id, self.name), self.endpoint)

    speech = speech_model

    def language_model(self, model_id: str) -> NoReturn:
        raise UnsupportedFunctionalityError(
            f"{self.name} has speech models only; use speech_model({model_id!r})"
        )

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> NoReturn:
        raise UnsupportedFunctionalityError(f"{self.name} has no embedding models")

    def with_settings(self, **changes: Any) -> LMNTProvider:
        return create_lmnt(**{**self.settings, **changes})


def create_lmnt(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "lmnt", **settings: Any
) -> LMNTProvider:
    """LMNT. Key: ``LMNT_API_KEY``; base URL: ``LMNT_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``).
    ``name`` is also the key of this provider's options and metadata."""
    check_settings(name, settings, CONNECTION_SETTINGS)
    given = {"api_key": api_key, "base_url": base_url}
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    source = key_source(name, api_key, settings.get("api_key_env"), ("LMNT_API_KEY",), required=True)
    url = base_url_from({"base_url": base_url}, "LMNT_BASE_URL", DEFAULT_BASE_URL, name)
    auth = HeaderKeyAuth(source, header="x-api-key")
    return LMNTProvider(
        name, make_endpoint(name, normalize_base_url(url, "/v1"), auth, settings), factory_settings
    )
