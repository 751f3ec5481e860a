"""Providers: a configured service that makes models, as the AI SDK has them.

``create_openai(api_key=..., base_url=...)`` returns a provider; its
``language_model("gpt-4o")`` and ``embedding_model("text-embedding-3-small")`` return
models. Every factory takes the connection settings below, plus its own. Model strings
(``"openai:gpt-4o"``) resolve through ``core.registry``, where users can register their
own providers under a name.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, NoReturn, Protocol, TypedDict, runtime_checkable

from ..spec.errors import UnsupportedFunctionalityError, UsageError
from ..transport.auth.base import Auth
from ..transport.auth.keys import KeySource
from ..transport.endpoint import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Endpoint,
    normalize_base_url,
)
from ..transport.secrets import Secret
from .embedding_model import EmbeddingModel
from .language_model import LanguageModel


@runtime_checkable
class Provider(Protocol):
    """What the registry and the plain functions need from a provider."""

    @property
    def name(self) -> str: ...
    def language_model(self, model_id: str) -> LanguageModel: ...
    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> EmbeddingModel: ...


ApiKey = str | Secret | Callable[[], str | None] | None


class ConnectionSettings(TypedDict, total=False):
    """The settings every provider factory takes."""

    api_key: ApiKey
    """The key, or a callable that returns it per request; else the provider's variable."""
    api_key_env: str
    """Read the key from this variable instead of the provider's usual one."""
    base_url: str
    headers: Mapping[str, str]
    query_params: Mapping[str, str]
    timeout: float
    """Seconds to wait for a response, and for each next event of a stream."""
    connect_timeout: float
    max_retries: int
    """Retries of 408/409/429/5xx and lost connections (never once a stream has yielded)."""
    http_client: Any
    """Your own ``httpx2.Client`` (an ``AsyncClient`` here is used for async calls)."""
    async_http_client: Any


CONNECTION_SETTINGS = frozenset(ConnectionSettings.__annotations__)


def key_source(
    provider: str, api_key: ApiKey, api_key_env: str | None, default_env: tuple[str, ...], *, required: bool
) -> KeySource:
    key = Secret(api_key) if isinstance(api_key, str) else api_key
    return KeySource(provider, key, (api_key_env,) if api_key_env else default_env, required)


def make_endpoint(
    provider: str,
    base_url: str,
    auth: Auth | None,
    settings: Mapping[str, Any],
    *,
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    env_headers: Mapping[str, str] | None = None,
    connection_hint: str | None = None,
) -> Endpoint:
    """An endpoint from a factory's defaults and the caller's ``ConnectionSettings``."""
    http_client = settings.get("http_client")
    async_http_client = settings.get("async_http_client")
    if http_client is not None and async_http_client is None and hasattr(http_client, "aclose"):
        http_client, async_http_client = None, http_client  # an AsyncClient given as http_client
    timeout = settings.get("timeout")
    connect_timeout = settings.get("connect_timeout")
    max_retries = settings.get("max_retries")
    return Endpoint(
        provider=provider,
        base_url=base_url,
        auth=auth,
        headers={**(headers or {}), **(settings.get("headers") or {})},
        query={**(query or {}), **(settings.get("query_params") or {})},
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        connect_timeout=DEFAULT_CONNECT_TIMEOUT if connect_timeout is None else connect_timeout,
        max_retries=DEFAULT_MAX_RETRIES if max_retries is None else max_retries,
        env_headers=env_headers or {},
        connection_hint=connection_hint,
        http_client=http_client,
        async_http_client=async_http_client,
    )


def base_url_from(settings: Mapping[str, Any], env: str | None, default: str | None, provider: str) -> str:
    url = settings.get("base_url") or (os.environ.get(env) if env else None) or default
    if not url:
        raise UsageError(
            f"{provider}: pass base_url=..., the server's API root (e.g. 'http://localhost:8000/v1')"
        )
    return str(url)


def check_settings(provider: str, settings: Mapping[str, Any], accepted: frozenset[str]) -> None:
    """Reject a setting the factory does not know, naming the closest one it does."""
    unknown = [name for name in settings if name not in accepted]
    if not unknown:
        return
    import difflib

    name = unknown[0]
    close = difflib.get_close_matches(name, accepted, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; accepted: {', '.join(sorted(accepted))}"
    raise UsageError(f"{provider}: unknown setting {name!r}{hint}")


@dataclass(frozen=True, slots=True)
class MediaConnection:
    """What a media provider's factory needs from ``media_connection``.

    ``auth`` is returned too so that a provider with a second host (fal's queue) builds
    its other endpoint with the same key source rather than resolving the key twice."""

    endpoint: Endpoint
    settings: dict[str, Any]
    """The factory's arguments as given, so ``with_settings`` can make it again."""
    auth: Auth


def media_connection(
    name: str,
    api_key: ApiKey,
    base_url: str | None,
    settings: Mapping[str, Any],
    *,
    key_variables: tuple[str, ...],
    base_url_env: str | None,
    default_url: str,
    api_path: str,
    auth: Callable[[KeySource], Auth],
    given: Mapping[str, Any] | None = None,
) -> MediaConnection:
    """The body every single-key media factory (speech, transcription, image, video) shares.

    It checks the connection settings, remembers the arguments for ``with_settings``
    (``given`` adds factory-specific ones, e.g. fal's ``queue_base_url``), reads the key
    lazily from ``key_variables`` and the base URL from ``base_url`` / ``base_url_env`` /
    ``default_url``, with ``api_path`` the version path ``normalize_base_url`` appends."""
    check_settings(name, settings, CONNECTION_SETTINGS)
    arguments = {"api_key": api_key, "base_url": base_url, **(given or {})}
    factory_settings = {**{k: v for k, v in arguments.items() if v is not None}, "name": name, **settings}
    source = key_source(name, api_key, settings.get("api_key_env"), key_variables, required=True)
    url = base_url_from({"base_url": base_url}, base_url_env, default_url, name)
    provider_auth = auth(source)
    endpoint = make_endpoint(name, normalize_base_url(url, api_path), provider_auth, settings)
    return MediaConnection(endpoint, factory_settings, provider_auth)


class MediaOnlyProvider:
    """The ``Provider`` protocol's language and embedding models, for providers without them.

    The registry and ``generate_text("deepgram:...")`` reach these methods, so each must
    say what the provider does offer; a subclass sets ``language_model_hint`` (formatted
    with ``name`` and ``model_id``) and may replace ``embedding_model_hint``."""

    __slots__ = ()

    name: str
    language_model_hint: ClassVar[str]
    embedding_model_hint: ClassVar[str] = "{name} has no embedding models"

    def language_model(self, model_id: str) -> NoReturn:
        raise UnsupportedFunctionalityError(
            self.language_model_hint.format(name=self.name, model_id=model_id)
        )

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> NoReturn:
        raise UnsupportedFunctionalityError(
            self.embedding_model_hint.format(name=self.name, model_id=model_id)
        )
