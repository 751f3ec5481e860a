"""``wrap_embedding_model``: an ``EmbeddingModel`` whose calls pass through middleware.

The AI SDK's ``EmbeddingModelV4Middleware``: ``transform_params`` (``atransform_params``)
rewrites an ``EmbedParams`` (values, provider options, headers) before the call;
``wrap_embed`` / ``awrap_embed`` run around it (call ``do_embed()``); the overrides
rename the model or change its batching (``embed_many`` reads the per-call maximum and
whether calls may run in parallel). Composition order is ``wrap_language_model``'s.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from ...provider.embedding_model import EmbeddingModel
from ...spec import EmbeddingModelResult, ProviderOptions
from ...spec.errors import UsageError
from .defaults import check_setting_names, merge_deep
from .language_model import _one_sided, _overrides


@dataclass(frozen=True, slots=True)
class EmbedParams:
    """One embedding call's options (``EmbeddingModelV4CallOptions``)."""

    values: Sequence[str]
    provider_options: ProviderOptions | None = None
    headers: Mapping[str, str] | None = None


DoEmbed: TypeAlias = Callable[[], EmbeddingModelResult]
AsyncDoEmbed: TypeAlias = Callable[[], Awaitable[EmbeddingModelResult]]


class EmbeddingModelMiddleware:
    """Subclass and override the hooks you need (keyword-only, the AI SDK's names)."""

    __slots__ = ()

    def override_provider(self, model: EmbeddingModel) -> str | None:
        return None

    def override_model_id(self, model: EmbeddingModel) -> str | None:
        return None

    def override_max_embeddings_per_call(self, model: EmbeddingModel) -> int | None:
        return None

    def override_supports_parallel_calls(self, model: EmbeddingModel) -> bool | None:
        return None

    def transform_params(self, *, params: EmbedParams, model: EmbeddingModel) -> EmbedParams:
        if _overrides(self, "atransform_params", EmbeddingModelMiddleware) and not _overrides(
            self, "transform_params", EmbeddingModelMiddleware
        ):
            raise _one_sided(self, "atransform_params", "transform_params", "embed()")
        return params

    async def atransform_params(self, *, params: EmbedParams, model: EmbeddingModel) -> EmbedParams:
        return self.transform_params(params=params, model=model)

    def wrap_embed(
        self, *, do_embed: DoEmbed, params: EmbedParams, model: EmbeddingModel
    ) -> EmbeddingModelResult:
        if _overrides(self, "awrap_embed", EmbeddingModelMiddleware):
            raise _one_sided(self, "awrap_embed", "wrap_embed", "embed()")
        return do_embed()

    async def awrap_embed(
        self, *, do_embed: AsyncDoEmbed, params: EmbedParams, model: EmbeddingModel
    ) -> EmbeddingModelResult:
        if _overrides(self, "wrap_embed", EmbeddingModelMiddleware):
            raise _one_sided(self, "wrap_embed", "awrap_embed", "aembed()")
        return await do_embed()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


@dataclass(frozen=True, slots=True)
class WrappedEmbeddingModel(EmbeddingModel):
    """An ``EmbeddingModel`` with one middleware around ``model``; ``codec``,
    ``endpoint`` and ``profile`` are the inner model's."""

    model: EmbeddingModel = field(kw_only=True)
    middleware: EmbeddingModelMiddleware = field(kw_only=True)
    model_id_override: str | None = field(default=None, kw_only=True)
    provider_override: str | None = field(default=None, kw_only=True)
    max_embeddings_per_call_override: int | None = field(default=None, kw_only=True)

    @property
    def provider(self) -> str:
        return self.provider_override or self.model.provider

    @property
    def model_id(self) -> str:
        return self.model_id_override or self.model.model_id

    @property
    def max_embeddings_per_call(self) -> int:
        return self.max_embeddings_per_call_override or self.model.max_embeddings_per_call

    @property
    def max_tokens_per_call(self) -> int | None:
        return self.model.max_tokens_per_call

    def input_type_options(self, kind: Any) -> ProviderOptions | None:
        return self.model.input_type_options(kind)

    def __repr__(self) -> str:
        names = ""
        if self.model_id_override or self.provider_override:
            names = f"{self.provider}:{self.model_id}, "
        return f"WrappedEmbeddingModel({names}middleware={self.middleware!r}, model={self.model!r})"

    def with_endpoint(self, **changes: Any) -> WrappedEmbeddingModel:
        inner = self.model.with_endpoint(**changes)
        if inner is self.model:
            return self
        return dataclasses.replace(
            self, model=inner, codec=inner.codec, endpoint=inner.endpoint, profile=inner.profile
        )

    def embed(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> EmbeddingModelResult:
        inner, middleware = self.model, self.middleware
        params = middleware.transform_params(
            params=self._params(values, provider_options, headers), model=inner
        )
        return middleware.wrap_embed(
            do_embed=lambda: inner.embed(
                params.values, provider_options=params.provider_options, headers=params.headers
            ),
            params=params,
            model=inner,
        )

    async def aembed(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> EmbeddingModelResult:
        inner, middleware = self.model, self.middleware
        params = await middleware.atransform_params(
            params=self._params(values, provider_options, headers), model=inner
        )
        return await middleware.awrap_embed(
            do_embed=lambda: inner.aembed(
                params.values, provider_options=params.provider_options, headers=params.headers
            ),
            params=params,
            model=inner,
        )

    def _params(
        self,
        values: Sequence[str],
        provider_options: ProviderOptions | None,
        headers: Mapping[str, str] | None,
    ) -> EmbedParams:
        """As ``WrappedLanguageModel._own``: options under the overridden provider name
        reach the inner model under its own."""
        alias, inner_name = self.provider_override, self.model.provider
        if alias is not None and alias != inner_name and provider_options and alias in provider_options:
            merged = {name: v for name, v in provider_options.items() if name != alias}
            merged[inner_name] = {**merged.get(inner_name, {}), **provider_options[alias]}
            provider_options = merged
        return EmbedParams(values, provider_options, headers)


def wrap_embedding_model(
    model: EmbeddingModel | str,
    middleware: EmbeddingModelMiddleware | Sequence[EmbeddingModelMiddleware],
    *,
    model_id: str | None = None,
    provider_id: str | None = None,
) -> EmbeddingModel:
    """``model`` with ``middleware`` around it; with a list, the first middleware
    transforms the call first and the last sits next to the model."""
    if isinstance(model, str):
        from ..registry import embedding_model

        model = embedding_model(model)
    layers = [middleware] if isinstance(middleware, EmbeddingModelMiddleware) else list(middleware)
    for layer in reversed(layers):
        if not isinstance(layer, EmbeddingModelMiddleware):
            raise UsageError(
                f"wrap_embedding_model takes EmbeddingModelMiddleware objects (e.g. "
                f"default_embedding_settings_middleware()), not {type(layer).__name__}"
            )
        parallel = layer.override_supports_parallel_calls(model)
        model = WrappedEmbeddingModel(
            codec=model.codec,
            endpoint=model.endpoint,
            profile=model.profile,
            supports_parallel_calls=model.supports_parallel_calls if parallel is None else parallel,
            model=model,
            middleware=layer,
            model_id_override=model_id or layer.override_model_id(model),
            provider_override=provider_id or layer.override_provider(model),
            max_embeddings_per_call_override=layer.override_max_embeddings_per_call(model),
        )
    return model


_EMBED_SETTINGS = frozenset({"provider_options", "headers"})


@dataclass(frozen=True, slots=True)
class DefaultEmbeddingSettingsMiddleware(EmbeddingModelMiddleware):
    settings: Mapping[str, Any]

    def transform_params(self, *, params: EmbedParams, model: EmbeddingModel) -> EmbedParams:
        changes: dict[str, Any] = {}
        for name, default in self.settings.items():
            given = getattr(params, name)
            changes[name] = default if given is None else merge_deep(default, given)
        return dataclasses.replace(params, **changes) if changes else params


def default_embedding_settings_middleware(
    settings: Mapping[str, Any] | None = None, /, **more: Any
) -> DefaultEmbeddingSettingsMiddleware:
    """Default ``provider_options`` and ``headers`` for every embedding call, merged
    deeply under the call's own (e.g. ``provider_options={"openai": {"user": "u1"}}``)."""
    given = {**(settings or {}), **more}
    check_setting_names(list(given), _EMBED_SETTINGS, "default_embedding_settings_middleware")
    return DefaultEmbeddingSettingsMiddleware(given)
