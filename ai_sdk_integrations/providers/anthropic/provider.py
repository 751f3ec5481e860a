"""Anthropic's provider (``create_anthropic``) and token counting (``count_tokens``).

``create_anthropic()`` reads the key from ``ANTHROPIC_API_KEY`` (per request, never
when made) and sends it as ``x-api-key``, with ``anthropic-version: 2023-06-01``; the
base URL is ``ANTHROPIC_BASE_URL`` or ``https://api.anthropic.com/v1``. Any server
that speaks Anthropic's Messages API (llama.cpp's ``llama-server``, proxies) works
with ``base_url=...``. Anthropic has no embeddings API.

``count_tokens(model, options)`` / ``acount_tokens`` ask ``/v1/messages/count_tokens``
how many input tokens a call's prompt, tools and thinking settings come to, exactly as
Anthropic bills them; ``LanguageModel`` objects made here have an Anthropic codec, and
the functions refuse any other. This is the module that does I/O (through the
transport); the codec stays pure.
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
from ...spec import CallOptions
from ...spec.errors import UnsupportedFunctionalityError, UsageError
from ...transport.auth.keys import HeaderKeyAuth
from ...transport.endpoint import Endpoint, normalize_base_url
from .codec import AnthropicMessagesCodec

ANTHROPIC_VERSION = "2023-06-01"
DEFAULT_BASE_URL = "https://api.anthropic.com/v1"


@dataclass(frozen=True, slots=True)
class AnthropicProvider:
    """Makes Messages API language models for one endpoint."""

    name: str
    endpoint: Endpoint
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def language_model(self, model_id: str) -> LanguageModel:
        profile = model_profile(model_id)
        return LanguageModel(AnthropicMessagesCodec(model_id, self.name, profile), self.endpoint, profile)

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> EmbeddingModel:
        raise UnsupportedFunctionalityError(
            f"{self.name}: Anthropic has no embeddings API; use another provider's embedding model "
            "(e.g. 'voyage' through an OpenAI-compatible endpoint, or 'openai:text-embedding-3-small')"
        )

    def with_settings(self, **changes: Any) -> AnthropicProvider:
        """The same provider made again with some settings changed."""
        return create_anthropic(**{**self.settings, **changes})

    def count_tokens(self, model_id: str, options: CallOptions) -> int:
        return count_tokens(self.language_model(model_id), options)

    async def acount_tokens(self, model_id: str, options: CallOptions) -> int:
        return await acount_tokens(self.language_model(model_id), options)


def create_anthropic(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "anthropic", **settings: Any
) -> AnthropicProvider:
    """Anthropic (Messages API). Key: ``ANTHROPIC_API_KEY``; base URL: ``ANTHROPIC_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``:
    ``headers`` (e.g. ``{"anthropic-beta": "..."}``), ``timeout``, ``max_retries``,
    ``http_client``, ...). ``name`` is also the key of this provider's options and
    metadata (``provider_options={"anthropic": {...}}``).
    """
    check_settings(name, settings, CONNECTION_SETTINGS)
    given = {"api_key": api_key, "base_url": base_url}
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    source = key_source(name, api_key, settings.get("api_key_env"), ("ANTHROPIC_API_KEY",), required=True)
    url = base_url_from({"base_url": base_url}, "ANTHROPIC_BASE_URL", DEFAULT_BASE_URL, name)
    endpoint = make_endpoint(
        name,
        normalize_base_url(url, "/v1"),
        HeaderKeyAuth(source, "x-api-key"),
        settings,
        headers={"anthropic-version": ANTHROPIC_VERSION},
    )
    return AnthropicProvider(name, endpoint, factory_settings)


def count_tokens(model: LanguageModel, options: CallOptions) -> int:
    """Input tokens of ``options`` (prompt, system, tools, thinking) for ``model``."""
    counted = model.count_tokens(options)
    if counted is None:
        raise UsageError(
            "count_tokens needs an Anthropic model (e.g. 'anthropic:claude-sonnet-4-5'), "
            f"not {model.provider}"
        )
    return counted


async def acount_tokens(model: LanguageModel, options: CallOptions) -> int:
    counted = await model.acount_tokens(options)
    if counted is None:
        raise UsageError(
            "count_tokens needs an Anthropic model (e.g. 'anthropic:claude-sonnet-4-5'), "
            f"not {model.provider}"
        )
    return counted
