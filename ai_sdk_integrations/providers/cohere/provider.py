"""Cohere's provider (``create_cohere``): Chat v2 language models and Embed v2
embedding models.

``create_cohere()`` reads the key from ``COHERE_API_KEY`` (per request, never when
made) and sends it as ``Authorization: Bearer``; the base URL is ``COHERE_BASE_URL``
or ``https://api.cohere.com/v2``, and a private deployment or proxy works with
``base_url=...``. This is the one module of the package that builds transport
endpoints; the codecs stay pure.
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
from ...provider.reranking_model import RerankingModel
from ...transport.auth.keys import BearerAuth
from ...transport.endpoint import Endpoint, normalize_base_url
from .chat import CohereChatCodec
from .embedding import CohereEmbeddingCodec
from .rerank import CohereRerankCodec

DEFAULT_BASE_URL = "https://api.cohere.com/v2"


@dataclass(frozen=True, slots=True)
class CohereProvider:
    """Makes Chat v2 language models and Embed v2 embedding models for one endpoint."""

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def language_model(self, model_id: str) -> LanguageModel:
        profile = model_profile(model_id)
        return LanguageModel(CohereChatCodec(model_id, self.name, profile), self.endpoint, profile)

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> EmbeddingModel:
        codec = CohereEmbeddingCodec(model_id, self.name, dimensions)
        return EmbeddingModel(codec, self.endpoint, profile=model_profile(model_id))

    def reranking_model(self, model_id: str) -> RerankingModel:
        """Rerank v2 (``POST /v2/rerank``), e.g. ``rerank-v3.5``."""
        return RerankingModel(CohereRerankCodec(model_id, self.name), self.endpoint)

    def with_settings(self, **changes: Any) -> CohereProvider:
        """The same provider made again with some settings changed."""
        return create_cohere(**{**self.settings, **changes})


def create_cohere(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "cohere", **settings: Any
) -> CohereProvider:
    """Cohere (Chat v2, Embed v2). Key: ``COHERE_API_KEY``; base URL: ``COHERE_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``:
    ``headers`` (e.g. ``{"X-Client-Name": "my-app"}``), ``timeout``, ``max_retries``,
    ``http_client``, ...). ``name`` is also the key of this provider's options and
    metadata (``provider_options={"cohere": {...}}``).
    """
    check_settings(name, settings, CONNECTION_SETTINGS)
    given = {"api_key": api_key, "base_url": base_url}
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    source = key_source(name, api_key, settings.get("api_key_env"), ("COHERE_API_KEY",), required=True)
    url = base_url_from({"base_url": base_url}, "COHERE_BASE_URL", DEFAULT_BASE_URL, name)
    endpoint = make_endpoint(name, normalize_base_url(url, "/v2"), BearerAuth(source), settings)
    return CohereProvider(name, endpoint, factory_settings)
