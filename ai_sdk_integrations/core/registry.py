"""Model strings -> models, through a registry of provider factories.

``"openai:gpt-4o-mini"`` is ``create_openai().language_model("gpt-4o-mini")``;
settings passed with a string go to the factory. Built-in providers are imported only
when first used. ``register_provider("mine", create_openai_compatible(...))`` adds a
name, after which ``"mine:x"`` works everywhere a model string does (the plain
functions, ``ChatAISDK``, ``AISDK``).

Resolution reads no key: auth looks its key up when a request is made, so a model
string can be resolved at import time, in a config file or on a worker.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Mapping
from typing import Any

from ..provider.embedding_model import EmbeddingModel
from ..provider.factory import Provider
from ..provider.image_model import ImageModel
from ..provider.language_model import LanguageModel
from ..provider.reranking_model import RerankingModel
from ..provider.speech_model import SpeechModel
from ..provider.transcription_model import TranscriptionModel
from ..provider.video_model import VideoModel
from ..spec.errors import NoSuchProviderError, UnsupportedFunctionalityError, UsageError

_OPENAI_COMPATIBLE = "ai_sdk_integrations.providers.openai_compatible.provider"
# name -> "module:factory"; the named OpenAI-compatible services are added from their table.
BUILTIN_FACTORIES: Mapping[str, str] = {
    "openai": "ai_sdk_integrations.providers.openai.provider:create_openai",
    "openai.responses": "ai_sdk_integrations.providers.openai.provider:create_openai_responses",
    "azure": "ai_sdk_integrations.providers.azure.provider:create_azure",
    "gateway": "ai_sdk_integrations.providers.gateway.provider:create_gateway",
    "mistral": "ai_sdk_integrations.providers.mistral.provider:create_mistral",
    "google": "ai_sdk_integrations.providers.google.provider:create_google",
    "vertex": "ai_sdk_integrations.providers.google.provider:create_vertex",
    "openai-compatible": f"{_OPENAI_COMPATIBLE}:create_openai_compatible",
    "anthropic": "ai_sdk_integrations.providers.anthropic.provider:create_anthropic",
    "bedrock": "ai_sdk_integrations.providers.bedrock.provider:create_bedrock",
    "cohere": "ai_sdk_integrations.providers.cohere.provider:create_cohere",
    "fal": "ai_sdk_integrations.providers.fal.provider:create_fal",
    "luma": "ai_sdk_integrations.providers.luma.provider:create_luma",
    "replicate": "ai_sdk_integrations.providers.replicate.provider:create_replicate",
    "deepgram": "ai_sdk_integrations.providers.deepgram.provider:create_deepgram",
    "elevenlabs": "ai_sdk_integrations.providers.elevenlabs.provider:create_elevenlabs",
    "gladia": "ai_sdk_integrations.providers.gladia.provider:create_gladia",
    "assemblyai": "ai_sdk_integrations.providers.assemblyai.provider:create_assemblyai",
    "revai": "ai_sdk_integrations.providers.revai.provider:create_revai",
    "hume": "ai_sdk_integrations.providers.hume.provider:create_hume",
    "lmnt": "ai_sdk_integrations.providers.lmnt.provider:create_lmnt",
}

_registered: dict[str, Provider | Callable[..., Provider]] = {}
_lock = threading.Lock()


def _services() -> Mapping[str, Any]:
    from ..providers.openai_compatible.services import SERVICES

    return SERVICES


def register_provider(name: str, provider: Provider | Callable[..., Provider]) -> None:
    """Make ``"name:model-id"`` resolve through ``provider`` (a provider, or a factory
    that takes settings and returns one). Replaces a built-in of the same name."""
    if not name or ":" in name:
        raise UsageError(f"a provider name must be non-empty and contain no ':'; got {name!r}")
    with _lock:
        _registered[name] = provider


def unregister_provider(name: str) -> None:
    with _lock:
        _registered.pop(name, None)


def known_providers() -> list[str]:
    return sorted({*BUILTIN_FACTORIES, *_services(), *_registered})


def split_model_string(model: str) -> tuple[str, str]:
    provider, sep, model_id = model.partition(":")
    if not sep or not provider or not model_id:
        raise UsageError(
            f"model string {model!r} should look like 'provider:model-id', "
            "e.g. 'openai:gpt-4o-mini' or 'ollama:llama3.2'"
        )
    return provider, model_id


def get_provider(name: str, **settings: Any) -> Provider:
    """The provider registered as ``name``, made with ``settings``."""
    entry = _registered.get(name)
    if entry is not None:
        if isinstance(entry, Provider):
            if not settings:
                return entry
            with_settings = getattr(entry, "with_settings", None)
            if with_settings is None:
                raise UsageError(
                    f"provider {name!r} takes no settings per model; configure it when registering"
                )
            provider: Provider = with_settings(**settings)
            return provider
        return entry(**settings)
    target = BUILTIN_FACTORIES.get(name)
    if target is not None:
        module, _, factory = target.partition(":")
        made: Provider = getattr(importlib.import_module(module), factory)(**settings)
        return made
    if name in _services():
        from ..providers.openai_compatible.provider import create_service

        return create_service(name, **settings)
    raise NoSuchProviderError(
        f"unknown provider {name!r}; known providers: {', '.join(known_providers())}. "
        "For another OpenAI-compatible server use 'openai-compatible:MODEL' with base_url=..., "
        "or register_provider(name, create_openai_compatible(...))"
    )


def language_model(model: str | LanguageModel, **settings: Any) -> LanguageModel:
    """Resolve ``"provider:model-id"``; ``settings`` go to the provider's factory
    (``api_key``, ``base_url``, ``headers``, ``timeout``, ``max_retries``, ``http_client``,
    server quirks, ...). A ready model gets its endpoint settings changed instead."""
    if not isinstance(model, str):
        return model.with_endpoint(**settings) if settings else model
    provider, model_id = split_model_string(model)
    return get_provider(provider, **settings).language_model(model_id)


def embedding_model(
    model: str | EmbeddingModel, *, dimensions: int | None = None, **settings: Any
) -> EmbeddingModel:
    if not isinstance(model, str):
        return model.with_endpoint(**settings) if settings else model
    provider, model_id = split_model_string(model)
    return get_provider(provider, **settings).embedding_model(model_id, dimensions=dimensions)


def reranking_model(model: str | RerankingModel, **settings: Any) -> RerankingModel:
    """Resolve ``"provider:model-id"`` to a reranking model (``"cohere:rerank-v3.5"``,
    ``"gateway:cohere/rerank-v3.5"``); a provider without a rerank API says so."""
    if not isinstance(model, str):
        return model.with_endpoint(**settings) if settings else model
    provider, model_id = split_model_string(model)
    made = get_provider(provider, **settings)
    factory = getattr(made, "reranking_model", None)
    if factory is None:
        raise UnsupportedFunctionalityError(
            f"provider {provider!r} has no reranking models; rerank with cohere, togetherai or the gateway"
        )
    resolved: RerankingModel = factory(model_id)
    return resolved


def _media_model(kind: str, model: Any, settings: Mapping[str, Any], hint: str) -> Any:
    """Resolve ``"provider:model-id"`` through the provider's ``<kind>_model`` method."""
    if not isinstance(model, str):
        return model.with_endpoint(**settings) if settings else model
    provider, model_id = split_model_string(model)
    factory = getattr(get_provider(provider, **settings), f"{kind}_model", None)
    if factory is None:
        raise UnsupportedFunctionalityError(f"provider {provider!r} has no {kind} models; {hint}")
    return factory(model_id)


def image_model(model: str | ImageModel, **settings: Any) -> ImageModel:
    """``"openai:gpt-image-1"``, ``"google:imagen-4.0-generate-001"``, ``"gateway:..."``."""
    made: ImageModel = _media_model("image", model, settings, "try openai, google, fal or the gateway")
    return made


def speech_model(model: str | SpeechModel, **settings: Any) -> SpeechModel:
    """``"openai:gpt-4o-mini-tts"``, ``"elevenlabs:..."``, ``"gateway:..."``."""
    made: SpeechModel = _media_model("speech", model, settings, "try openai, elevenlabs or the gateway")
    return made


def transcription_model(model: str | TranscriptionModel, **settings: Any) -> TranscriptionModel:
    """``"openai:whisper-1"``, ``"deepgram:nova-3"``, ``"gateway:..."``."""
    made: TranscriptionModel = _media_model(
        "transcription", model, settings, "try openai, deepgram, assemblyai or the gateway"
    )
    return made


def video_model(model: str | VideoModel, **settings: Any) -> VideoModel:
    """``"fal:..."``, ``"luma:ray-2"``, ``"gateway:..."``."""
    made: VideoModel = _media_model("video", model, settings, "try fal, luma, replicate or the gateway")
    return made


def adapter_model(
    model: Any,
    factory: Callable[..., Any],
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
    max_retries: int | None = None,
    settings: Mapping[str, Any] | None = None,
    connection: Mapping[str, Any] | None = None,
    **extra: Any,
) -> Any:
    """The model a framework adapter's fields describe: a model string resolved through
    ``factory`` (``language_model`` / ``embedding_model``), or a ready model object with
    the adapter's timeout and retries applied. Shared by every adapter class.

    ``connection``: provider settings from the adapter's own fields (``headers``,
    ``http_client``, ...); unset (``None``) ones are left out, and like ``api_key`` and
    ``base_url`` they apply to model strings only."""
    changes = {**(settings or {})}
    if timeout is not None:
        changes["timeout"] = timeout
    if max_retries is not None:
        changes["max_retries"] = max_retries
    if not isinstance(model, str):
        return model.with_endpoint(**changes) if changes else model
    if api_key is not None:
        from ..transport.secrets import Secret

        changes["api_key"] = Secret(api_key)
    if base_url is not None:
        changes["base_url"] = base_url
    changes.update((name, value) for name, value in (connection or {}).items() if value is not None)
    return factory(model, **changes, **extra)
