"""``create_provider_registry`` and ``custom_provider``: the AI SDK's provider management.

A *registry* maps names to providers and resolves ``"name:model-id"`` strings against
them only (not against the process-wide registry in ``core.registry``), with an
optional middleware around every language model it hands out::

    registry = create_provider_registry({"openai": create_openai(), "local": "ollama"})
    registry.language_model("openai:gpt-4o")          # a LanguageModel
    ChatAISDK(model=registry.language_model("local:llama3.2"))

A *custom provider* names models: aliases (``"fast"``), models with preset settings
(``preset("openai:gpt-4o-mini", temperature=0)``: a ``default_settings_middleware``
around the model, so a call's own settings still win), and a fallback provider for
every other id::

    mine = custom_provider(
        language_models={"fast": preset("openai:gpt-4o-mini", temperature=0), "smart": "openai:gpt-4o"},
        fallback_provider="openai",
    )
    register_provider("mine", mine)      # now "mine:fast" works everywhere a model string does:
    generate_text("mine:fast", ...); ChatAISDK(model="mine:fast"); AISDK(model="mine:smart")

Both are providers (``name``, ``language_model``, ``embedding_model``, ...), so they nest
and register like any other. Nothing here makes a request or reads a key: models resolve
lazily, and keys are looked up when a request is made.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from ..provider.embedding_model import EmbeddingModel
from ..provider.language_model import LanguageModel
from ..provider.reranking_model import RerankingModel
from ..spec.errors import NoSuchProviderError, UnsupportedFunctionalityError, UsageError

ModelKind = Literal["language", "embedding", "reranking", "image", "speech", "transcription", "video"]
KINDS: tuple[ModelKind, ...] = (
    "language",
    "embedding",
    "reranking",
    "image",
    "speech",
    "transcription",
    "video",
)

_ENDPOINT_SETTINGS = frozenset(
    {"timeout", "connect_timeout", "max_retries", "http_client", "async_http_client"}
)


class NoSuchModelError(UsageError):
    """A registry or custom provider has no model of that kind under that id (and no
    fallback provider to ask); the message lists the ids it does have."""


def with_connection_settings(model: Any, settings: Mapping[str, Any], where: str) -> Any:
    """``model`` with the connection settings a framework adapter passes (timeout,
    retries, headers, query parameters, HTTP clients) applied to its endpoint. Settings
    that choose the service itself (``api_key``, ``base_url``, ...) belong to the
    provider a ready model was made by, so they are refused, saying so."""
    if not settings:
        return model
    changes: dict[str, Any] = {}
    for name, value in settings.items():
        if name in _ENDPOINT_SETTINGS:
            changes[name] = value
        elif name == "headers":
            changes["headers"] = {**model.endpoint.headers, **(value or {})}
        elif name == "query_params":
            changes["query"] = {**model.endpoint.query, **(value or {})}
        else:
            raise UsageError(
                f"{where}: {name!r} cannot be set here, because this model was made ready-configured; "
                f"pass {name}=... to the provider (or model string) you gave it instead"
            )
    return model.with_endpoint(**changes)


def _resolve_string(kind: ModelKind, model: str, settings: Mapping[str, Any]) -> Any:
    from . import registry

    if kind == "language":
        return registry.language_model(model, **settings)
    if kind == "embedding":
        return registry.embedding_model(model, **settings)
    if kind == "reranking":
        return registry.reranking_model(model, **settings)
    resolve = getattr(registry, f"{kind}_model", None)
    if resolve is None:
        raise UnsupportedFunctionalityError(f"this version has no {kind} models")
    return resolve(model, **settings)


def _from_provider(provider: Any, kind: ModelKind, model_id: str, dimensions: int | None, where: str) -> Any:
    method = getattr(provider, f"{kind}_model", None)
    if method is None:
        raise UnsupportedFunctionalityError(f"{where} has no {kind} models")
    if kind == "embedding":
        return method(model_id, dimensions=dimensions)
    return method(model_id)


def preset(model: str | LanguageModel, **settings: Any) -> LanguageModel:
    """``model`` with settings fixed in advance, for a custom provider's alias.

    Call settings (``temperature``, ``max_output_tokens``, ``provider_options``,
    ``reasoning``, ...: the names ``CallOptions`` has) become defaults through
    ``default_settings_middleware``, so a call that sets one still wins. Provider
    settings (``api_key``, ``base_url``, ``headers``, ``timeout``, server quirks) go to
    the provider's factory when ``model`` is a string, e.g.
    ``preset("ollama:llama3.2", base_url="http://gpu:11434", temperature=0)``.
    """
    from .middleware import default_settings_middleware, wrap_language_model
    from .middleware.defaults import SETTING_NAMES

    call = {name: value for name, value in settings.items() if name in SETTING_NAMES}
    provider = {name: value for name, value in settings.items() if name not in SETTING_NAMES}
    if isinstance(model, str):
        from .registry import language_model

        resolved = language_model(model, **provider)
    else:
        resolved = with_connection_settings(model, provider, "preset")
    return wrap_language_model(resolved, default_settings_middleware(call)) if call else resolved


class CustomProvider:
    """A provider of named models and a fallback; see ``custom_provider``."""

    def __init__(
        self,
        name: str,
        models: Mapping[ModelKind, Mapping[str, Any]],
        fallback: Any,
        settings: Mapping[str, Any] | None = None,
    ) -> None:
        self._name = name
        self._models = models
        self._fallback = fallback
        self._settings = dict(settings or {})
        self._resolved: dict[tuple[ModelKind, str, int | None], Any] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._name

    def model_ids(self, kind: ModelKind = "language") -> list[str]:
        """The ids this provider names for ``kind`` (the fallback's are not listed)."""
        return sorted(self._models.get(kind, {}))

    def with_settings(self, **settings: Any) -> CustomProvider:
        """The same provider, its models made with these connection settings (what
        ``ChatAISDK(model="mine:fast", timeout=..., max_retries=...)`` passes)."""
        return CustomProvider(self._name, self._models, self._fallback, {**self._settings, **settings})

    def language_model(self, model_id: str) -> LanguageModel:
        made: LanguageModel = self.model("language", model_id)
        return made

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> EmbeddingModel:
        made: EmbeddingModel = self.model("embedding", model_id, dimensions=dimensions)
        return made

    def reranking_model(self, model_id: str) -> RerankingModel:
        made: RerankingModel = self.model("reranking", model_id)
        return made

    def image_model(self, model_id: str) -> Any:
        return self.model("image", model_id)

    def speech_model(self, model_id: str) -> Any:
        return self.model("speech", model_id)

    def transcription_model(self, model_id: str) -> Any:
        return self.model("transcription", model_id)

    def video_model(self, model_id: str) -> Any:
        return self.model("video", model_id)

    def model(self, kind: ModelKind, model_id: str, *, dimensions: int | None = None) -> Any:
        """The model named ``model_id`` of ``kind``: an alias of this provider, else the
        fallback provider's model of that id."""
        key = (kind, model_id, dimensions)
        cached = self._resolved.get(key)
        if cached is not None:
            return cached
        entry = self._models.get(kind, {}).get(model_id)
        where = f"custom provider {self._name!r}"
        if entry is not None:
            made = self._alias(kind, model_id, entry, dimensions)
        elif self._fallback is not None:
            made = self._fallback_model(kind, model_id, dimensions)
        else:
            known = ", ".join(self.model_ids(kind)) or "none"
            raise NoSuchModelError(
                f"{where} has no {kind} model {model_id!r} (its {kind} models: {known}) and no "
                "fallback_provider to ask"
            )
        with self._lock:
            self._resolved[key] = made
        return made

    def _alias(self, kind: ModelKind, model_id: str, entry: Any, dimensions: int | None) -> Any:
        where = f"{self._name}:{model_id}"
        if callable(entry) and not hasattr(entry, "model_id"):
            entry = entry()  # a factory: called on first use
        if isinstance(entry, str):
            extra = {"dimensions": dimensions} if kind == "embedding" and dimensions is not None else {}
            return _resolve_string(kind, entry, {**self._settings, **extra})
        if dimensions is not None:
            raise UsageError(
                f"{where} is a ready-made embedding model, so dimensions= cannot be chosen per call; "
                "set dimensions on the model you give custom_provider"
            )
        return with_connection_settings(entry, self._settings, where)

    def _fallback_model(self, kind: ModelKind, model_id: str, dimensions: int | None) -> Any:
        fallback = self._fallback
        if isinstance(fallback, str):
            from .registry import get_provider

            fallback = get_provider(fallback, **self._settings)
            return _from_provider(fallback, kind, model_id, dimensions, f"provider {self._fallback!r}")
        if self._settings and hasattr(fallback, "with_settings"):
            return _from_provider(
                fallback.with_settings(**self._settings), kind, model_id, dimensions, "fallback"
            )
        made = _from_provider(fallback, kind, model_id, dimensions, "the fallback provider")
        return with_connection_settings(made, self._settings, f"{self._name}:{model_id}")

    def __repr__(self) -> str:
        named = {kind: sorted(models) for kind, models in self._models.items() if models}
        fallback = self._fallback if isinstance(self._fallback, str) else type(self._fallback).__name__
        return f"CustomProvider(name={self._name!r}, models={named}, fallback={fallback!r})"


def custom_provider(
    *,
    language_models: Mapping[str, Any] | None = None,
    embedding_models: Mapping[str, Any] | None = None,
    reranking_models: Mapping[str, Any] | None = None,
    image_models: Mapping[str, Any] | None = None,
    speech_models: Mapping[str, Any] | None = None,
    transcription_models: Mapping[str, Any] | None = None,
    video_models: Mapping[str, Any] | None = None,
    fallback_provider: Any = None,
    name: str = "custom",
) -> CustomProvider:
    """A provider whose models you name (the AI SDK's ``customProvider``).

    Each mapping takes an id to a ready model (``create_openai().language_model(...)``,
    a ``wrap_language_model(...)``, a ``preset(...)``), a model string resolved on first
    use (``"anthropic:claude-sonnet-4-5"``), or a function returning a model.
    ``fallback_provider`` (a provider, or the name of one such as ``"openai"``) serves
    every id not named here; without one, an unknown id is a ``NoSuchModelError``.
    """
    given: dict[ModelKind, Mapping[str, Any] | None] = {
        "language": language_models,
        "embedding": embedding_models,
        "reranking": reranking_models,
        "image": image_models,
        "speech": speech_models,
        "transcription": transcription_models,
        "video": video_models,
    }
    models: dict[ModelKind, dict[str, Any]] = {}
    for kind, mapping in given.items():
        if mapping is None:
            continue
        if not isinstance(mapping, Mapping):
            raise UsageError(f"{kind}_models must be a mapping of model ids to models")
        for model_id, entry in mapping.items():
            if not isinstance(model_id, str) or not model_id:
                raise UsageError(f"{kind}_models: model ids must be non-empty strings, not {model_id!r}")
            if entry is None:
                raise UsageError(
                    f"{kind}_models[{model_id!r}] is None; give a model, a model string or a factory"
                )
        models[kind] = dict(mapping)
    if isinstance(fallback_provider, str):
        from .registry import known_providers

        if fallback_provider not in known_providers():
            raise NoSuchProviderError(
                f"fallback_provider {fallback_provider!r} is not a known provider; known: "
                f"{', '.join(known_providers())}"
            )
    return CustomProvider(name, models, fallback_provider)


class ProviderRegistry:
    """Providers by name, resolving ``"name<separator>model-id"``; see ``create_provider_registry``."""

    def __init__(
        self,
        providers: Mapping[str, Any],
        separator: str,
        language_model_middleware: Sequence[Any],
        embedding_model_middleware: Sequence[Any],
        settings: Mapping[str, Any] | None = None,
    ) -> None:
        self._providers = dict(providers)
        self.separator = separator
        self._language_middleware = tuple(language_model_middleware)
        self._embedding_middleware = tuple(embedding_model_middleware)
        self._settings = dict(settings or {})
        self._made: dict[str, Any] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return "registry"

    @property
    def providers(self) -> list[str]:
        return sorted(self._providers)

    def with_settings(self, **settings: Any) -> ProviderRegistry:
        """The same registry, its providers made with these settings."""
        return ProviderRegistry(
            self._providers,
            self.separator,
            self._language_middleware,
            self._embedding_middleware,
            {**self._settings, **settings},
        )

    def provider(self, name: str) -> Any:
        """The provider registered as ``name``, with this registry's settings applied."""
        made = self._made.get(name)
        if made is not None:
            return made
        if name not in self._providers:
            raise NoSuchProviderError(
                f"this registry has no provider {name!r}; it has: {', '.join(self.providers) or 'none'}"
            )
        entry = self._providers[name]
        if isinstance(entry, str):
            from .registry import get_provider

            made = get_provider(entry, **self._settings)
        elif self._settings and hasattr(entry, "with_settings"):
            made = entry.with_settings(**self._settings)
        elif callable(entry) and not hasattr(entry, "language_model"):
            made = entry(**self._settings)  # a factory such as create_openai
        else:
            made = entry
        with self._lock:
            self._made[name] = made
        return made

    def split(self, model: str) -> tuple[str, str]:
        provider, sep, model_id = model.partition(self.separator)
        if not sep or not provider or not model_id:
            example = f"{next(iter(self.providers), 'openai')}{self.separator}model-id"
            raise UsageError(
                f"model {model!r} should look like 'provider{self.separator}model-id' (e.g. {example!r}); "
                f"this registry's providers: {', '.join(self.providers) or 'none'}"
            )
        return provider, model_id

    def _model(self, kind: ModelKind, model: str, dimensions: int | None = None) -> Any:
        if not isinstance(model, str):
            raise UsageError(f"a registry resolves model strings, not {type(model).__name__}")
        name, model_id = self.split(model)
        provider = self.provider(name)
        made = _from_provider(provider, kind, model_id, dimensions, f"provider {name!r}")
        if (
            self._settings
            and not isinstance(self._providers[name], str)
            and not hasattr(provider, "with_settings")
        ):
            made = with_connection_settings(made, self._settings, model)
        return made

    def language_model(self, model: str) -> LanguageModel:
        made: LanguageModel = self._model("language", model)
        if self._language_middleware:
            from .middleware import wrap_language_model

            made = wrap_language_model(made, list(self._language_middleware))
        return made

    def embedding_model(self, model: str, *, dimensions: int | None = None) -> EmbeddingModel:
        made: EmbeddingModel = self._model("embedding", model, dimensions)
        if self._embedding_middleware:
            from .middleware import wrap_embedding_model

            made = wrap_embedding_model(made, list(self._embedding_middleware))
        return made

    def reranking_model(self, model: str) -> RerankingModel:
        made: RerankingModel = self._model("reranking", model)
        return made

    def image_model(self, model: str) -> Any:
        return self._model("image", model)

    def speech_model(self, model: str) -> Any:
        return self._model("speech", model)

    def transcription_model(self, model: str) -> Any:
        return self._model("transcription", model)

    def video_model(self, model: str) -> Any:
        return self._model("video", model)

    def __repr__(self) -> str:
        return f"ProviderRegistry(providers={self.providers}, separator={self.separator!r})"


def create_provider_registry(
    providers: Mapping[str, Any],
    *,
    separator: str = ":",
    language_model_middleware: Any = None,
    embedding_model_middleware: Any = None,
) -> ProviderRegistry:
    """Providers under names of your choosing (the AI SDK's ``createProviderRegistry``).

    ``providers`` maps each name to a provider (``create_anthropic(...)``, a
    ``custom_provider``, another registry), the name of a known one (``"openai"``,
    ``"ollama"``), or a factory called on first use. ``registry.language_model("name:id")``
    splits at the first ``separator``, so ids may contain it (``"local:llama3.2:1b"``).
    ``language_model_middleware`` / ``embedding_model_middleware`` (one or a list) wrap
    every model the registry hands out. ``register_provider("reg", registry)`` makes
    ``"reg:openai:gpt-4o"`` work wherever a model string does.
    """
    if not isinstance(providers, Mapping):
        raise UsageError("create_provider_registry takes a mapping of names to providers")
    if not separator:
        raise UsageError("separator must be a non-empty string")
    for name, provider in providers.items():
        if not isinstance(name, str) or not name or separator in name:
            raise UsageError(f"provider names must be non-empty and not contain {separator!r}; got {name!r}")
        if provider is None:
            raise UsageError(f"provider {name!r} is None")
        if isinstance(provider, str):
            from .registry import known_providers

            if provider not in known_providers():
                raise NoSuchProviderError(
                    f"{name!r}: {provider!r} is not a known provider; known: {', '.join(known_providers())}"
                )
    return ProviderRegistry(
        providers, separator, _as_list(language_model_middleware), _as_list(embedding_model_middleware)
    )


def _as_list(middleware: Any) -> list[Any]:
    if middleware is None:
        return []
    return list(middleware) if isinstance(middleware, list | tuple) else [middleware]
