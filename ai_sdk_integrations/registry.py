"""Model strings -> models: ``"openai:gpt-4o-mini"``, ``"ollama:llama3.2"``, ...

Resolution reads no key: the endpoint looks its key up when a request is made, so a
model string can be resolved at import time, in a config file or on a worker.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from typing import Any, Literal

from .http import Endpoint, Secret, normalize_base_url
from .http.endpoint import DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from .model import EmbeddingModel, LanguageModel
from .presets import OPENAI_COMPATIBLE, PRESETS, Preset
from .providers.gateway import BASE_URLS as GATEWAY_BASE_URLS
from .providers.gateway import GatewayChatCodec, GatewayEmbeddingCodec
from .providers.openai_chat import OpenAIChatCodec
from .providers.openai_dialect import ChatDialect
from .providers.openai_embedding import OpenAIEmbeddingCodec
from .spec.errors import NoSuchProviderError, UsageError

_DIALECT_FIELDS = frozenset(f.name for f in dataclasses.fields(ChatDialect)) - {"provider"}


def known_providers() -> list[str]:
    return sorted([*PRESETS, OPENAI_COMPATIBLE.name])


def split_model_string(model: str) -> tuple[str, str]:
    provider, sep, model_id = model.partition(":")
    if not sep or not provider or not model_id:
        raise UsageError(
            f"model string {model!r} should look like 'provider:model-id', "
            "e.g. 'openai:gpt-4o-mini' or 'ollama:llama3.2'"
        )
    return provider, model_id


def language_model(model: str | LanguageModel, **settings: Any) -> LanguageModel:
    """Resolve ``"provider:model-id"``; ``settings`` are described in ``_endpoint``."""
    if isinstance(model, LanguageModel):
        return model.with_endpoint(**settings) if settings else model
    provider, model_id = split_model_string(model)
    preset, dialect, endpoint, version = _resolve(provider, model_id, settings)
    if preset.protocol == "gateway":
        return LanguageModel(GatewayChatCodec(model_id, version), endpoint)
    return LanguageModel(OpenAIChatCodec(model_id, dialect), endpoint)


def embedding_model(
    model: str | EmbeddingModel, *, dimensions: int | None = None, **settings: Any
) -> EmbeddingModel:
    if isinstance(model, EmbeddingModel):
        return model.with_endpoint(**settings) if settings else model
    provider, model_id = split_model_string(model)
    preset, dialect, endpoint, version = _resolve(provider, model_id, settings)
    if preset.protocol == "gateway":
        return EmbeddingModel(GatewayEmbeddingCodec(model_id, version, dimensions=dimensions), endpoint)
    return EmbeddingModel(OpenAIEmbeddingCodec(model_id, dialect, dimensions), endpoint)


def _resolve(
    provider: str, model_id: str, settings: dict[str, Any]
) -> tuple[Preset, ChatDialect, Endpoint, Literal[3, 4]]:
    if provider == OPENAI_COMPATIBLE.name:
        preset = OPENAI_COMPATIBLE
    elif provider in PRESETS:
        preset = PRESETS[provider]
    else:
        raise NoSuchProviderError(
            f"unknown provider {provider!r}; known providers: {', '.join(known_providers())}. "
            "For another OpenAI-compatible server use 'openai-compatible:MODEL' with base_url=..."
        )
    settings = dict(settings)
    overrides = {key: settings.pop(key) for key in list(settings) if key in _DIALECT_FIELDS}
    provider_name = settings.pop("provider_name", None) or preset.name
    dialect = ChatDialect(provider_name, **{**preset.dialect, **overrides})
    version = settings.pop("spec_version", 4)
    if version not in GATEWAY_BASE_URLS:
        raise UsageError(f"spec_version must be 3 or 4, not {version!r}")
    if preset.protocol == "gateway" and version == 3 and "base_url" not in settings:
        settings["base_url"] = GATEWAY_BASE_URLS[3]
    return preset, dialect, _endpoint(preset, provider_name, model_id, **settings), version


def _endpoint(
    preset: Preset,
    provider_name: str,
    model_id: str,
    *,
    api_key: str | Secret | None = None,
    api_key_env: str | None = None,
    base_url: str | None = None,
    headers: Mapping[str, str] | None = None,
    query_params: Mapping[str, str] | None = None,
    api_version: str | None = None,
    resource_name: str | None = None,
    timeout: float | None = None,
    connect_timeout: float | None = None,
    max_retries: int | None = None,
    oidc_token: Callable[[], str | None] | None = None,
    team: str | None = None,
) -> Endpoint:
    """Settings every model string accepts.

    ``api_key`` (else the preset's variables, read per request), ``base_url`` (with or
    without ``/v1``), extra ``headers`` and ``query_params``, ``api_version`` and
    ``resource_name`` (Azure), ``oidc_token`` (a callable returning a Vercel OIDC token),
    ``team`` and ``spec_version`` (3 or 4) (Gateway), ``timeout`` (seconds to wait for a response or the next
    stream event), ``connect_timeout``, ``max_retries``; plus any ``ChatDialect`` field
    to override a server quirk, e.g. ``structured_outputs="json_schema"``.
    """
    url = base_url or (os.environ.get(preset.base_url_env) if preset.base_url_env else None)
    url = url or preset.base_url
    if url is None:
        raise UsageError(
            f"{preset.name}: pass base_url=..., the server's OpenAI-compatible API root "
            "(e.g. 'http://localhost:8000/v1')"
        )
    if "{resource}" in url:
        resource = resource_name or (os.environ.get(preset.resource_env or "") or None)
        if resource is None:
            raise UsageError(
                f"{preset.name}: set {preset.resource_env} or pass resource_name=... "
                "(or base_url=https://<resource>.openai.azure.com)"
            )
        url = url.replace("{resource}", resource)
    url = normalize_base_url(url, preset.api_path).replace("{model}", model_id)
    query = dict(preset.query)
    version = api_version or (os.environ.get(preset.api_version_env or "") or None)
    if version:
        query["api-version"] = version
    query.update(query_params or {})
    key = api_key if isinstance(api_key, Secret) or api_key is None else Secret(api_key)
    return Endpoint(
        provider=provider_name,
        base_url=url,
        api_key=key,
        api_key_env=(api_key_env,) if api_key_env else preset.api_key_env,
        key_required=preset.key_required,
        auth=preset.auth,
        headers={**preset.headers, **({"x-vercel-ai-gateway-team": team} if team else {}), **(headers or {})},
        query=query,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        connect_timeout=DEFAULT_CONNECT_TIMEOUT if connect_timeout is None else connect_timeout,
        max_retries=DEFAULT_MAX_RETRIES if max_retries is None else max_retries,
        connection_hint=preset.connection_hint,
        token_provider=oidc_token,
        env_headers=preset.env_headers,
    )


def adapter_model(
    model: Any,
    factory: Callable[..., Any],
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
    max_retries: int | None = None,
    settings: Mapping[str, Any] | None = None,
    **extra: Any,
) -> Any:
    """The model a framework adapter's fields describe: a model string resolved through
    ``factory`` (``language_model`` / ``embedding_model``), or a ready model object with
    the adapter's timeout and retries applied. Shared by every adapter class."""
    changes = {**(settings or {})}
    if timeout is not None:
        changes["timeout"] = timeout
    if max_retries is not None:
        changes["max_retries"] = max_retries
    if not isinstance(model, str):
        return model.with_endpoint(**changes) if changes else model
    if api_key is not None:
        changes["api_key"] = Secret(api_key)
    if base_url is not None:
        changes["base_url"] = base_url
    return factory(model, **changes, **extra)
