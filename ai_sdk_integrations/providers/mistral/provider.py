"""Mistral's provider (``create_mistral``): chat and embedding models for La Plateforme.

``create_mistral()`` reads the key from ``MISTRAL_API_KEY`` (per request, never when
made) and sends it as ``Authorization: Bearer``; the base URL is ``MISTRAL_BASE_URL``
or ``https://api.mistral.ai/v1``. ``language_model`` makes Mistral Chat Completions
models (``providers/mistral/chat.py``), ``embedding_model`` ``/v1/embeddings`` models
(32 values per request, one request at a time, as the AI SDK sets them). ``name`` is
also the key of this provider's options (``provider_options={"mistral": {...}}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...provider.embedding_model import EmbeddingModel
from ...provider.factory import (
    CONNECTION_SETTINGS,
    ApiKey,
    base_url_from,
    check_settings,
    key_source,
    make_endpoint,
)
from ...provider.language_model import LanguageModel
from ...provider.profile import model_profile
from ...transport.auth.keys import BearerAuth
from ...transport.endpoint import Endpoint, normalize_base_url
from .chat import MistralChatCodec
from .embedding import MistralEmbeddingCodec

DEFAULT_BASE_URL = "https://api.mistral.ai/v1"


@dataclass(frozen=True, slots=True)
class MistralProvider:
    """Makes Mistral chat and embedding models for one endpoint."""

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def language_model(self, model_id: str) -> LanguageModel:
        profile = model_profile(model_id)
        return LanguageModel(MistralChatCodec(model_id, self.name, profile), self.endpoint, profile)

    chat = language_model

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> EmbeddingModel:
        codec = MistralEmbeddingCodec(model_id, self.name, dimensions)
        return EmbeddingModel(
            codec, self.endpoint, supports_parallel_calls=False, profile=model_profile(model_id)
        )

    def with_settings(self, **changes: Any) -> MistralProvider:
        """The same provider made again with some settings changed."""
        return create_mistral(**{**self.settings, **changes})


def create_mistral(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "mistral", **settings: Any
) -> MistralProvider:
    """Mistral. Key: ``MISTRAL_API_KEY``; base URL: ``MISTRAL_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``:
    ``headers``, ``timeout``, ``max_retries``, ``http_client``, ...).
    """
    check_settings(name, settings, CONNECTION_SETTINGS)
    given = {"api_key": api_key, "base_url": base_url}
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    source = key_source(name, api_key, settings.get("api_key_env"), ("MISTRAL_API_KEY",), required=True)
    url = base_url_from({"base_url": base_url}, "MISTRAL_BASE_URL", DEFAULT_BASE_URL, name)
    endpoint = make_endpoint(name, normalize_base_url(url, "/v1"), BearerAuth(source), settings)
    return MistralProvider(name, endpoint, factory_settings)
