"""``wrap_language_model``: a ``LanguageModel`` whose calls pass through middleware.

The AI SDK's ``LanguageModelV4Middleware`` in Python's shape. A middleware is an object
with up to three hooks, each a no-op unless overridden:

- ``transform_params`` (``atransform_params``): rewrite the ``CallOptions`` before the
  call (default settings, instructions, ...);
- ``wrap_generate`` / ``awrap_generate``: run around ``generate`` / ``agenerate``; call
  ``do_generate()`` (or ``do_stream()``) and return a ``GenerateResult``;
- ``wrap_stream`` / ``awrap_stream``: run around ``stream`` / ``astream``; return an
  iterator (async iterator) of stream parts, usually by transforming ``do_stream()``
  (or by replaying ``do_generate()``).

plus ``override_provider`` / ``override_model_id`` for the names the wrapped model
reports. ``do_generate`` / ``do_stream`` take no arguments: they call the inner model
with the transformed options, as in the AI SDK. A sync ``transform_params`` serves the
async calls too; a ``wrap_*`` hook written for one side only raises ``UsageError`` when
the other side is called, instead of being skipped silently.

Order of composition (the AI SDK's): ``wrap_language_model(model, [first, second])`` is
``wrap_language_model(wrap_language_model(model, second), first)``. ``first`` transforms
the options first and sees the result last; ``second`` sits next to the model.

The wrapped model *is* a ``LanguageModel`` (a subclass), so every entry point that
takes one (the plain functions, ``ChatAISDK``, ``AISDK``, registries) takes it
unchanged; it pickles when its inner model and middleware do (the built-ins do).
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterator, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from ...provider.language_model import LanguageModel
from ...spec import CallOptions, GenerateResult, StreamPart
from ...spec.errors import UsageError

CallType: TypeAlias = Literal["generate", "stream"]
DoGenerate: TypeAlias = Callable[[], GenerateResult]
DoStream: TypeAlias = Callable[[], Iterator[StreamPart]]
AsyncDoGenerate: TypeAlias = Callable[[], Awaitable[GenerateResult]]
AsyncDoStream: TypeAlias = Callable[[], AsyncIterator[StreamPart]]


class LanguageModelMiddleware:
    """Subclass and override the hooks you need; every hook is keyword-only, with the
    AI SDK's names (``type``, ``params``, ``model``, ``do_generate``, ``do_stream``).
    ``model`` is the model being wrapped (the next one in)."""

    __slots__ = ()

    def override_provider(self, model: LanguageModel) -> str | None:
        return None

    def override_model_id(self, model: LanguageModel) -> str | None:
        return None

    def transform_params(self, *, type: CallType, params: CallOptions, model: LanguageModel) -> CallOptions:
        if _overrides(self, "atransform_params") and not _overrides(self, "transform_params"):
            raise _one_sided(self, "atransform_params", "transform_params", "generate() / stream()")
        return params

    async def atransform_params(
        self, *, type: CallType, params: CallOptions, model: LanguageModel
    ) -> CallOptions:
        return self.transform_params(type=type, params=params, model=model)

    def wrap_generate(
        self, *, do_generate: DoGenerate, do_stream: DoStream, params: CallOptions, model: LanguageModel
    ) -> GenerateResult:
        if _overrides(self, "awrap_generate"):
            raise _one_sided(self, "awrap_generate", "wrap_generate", "generate()")
        return do_generate()

    async def awrap_generate(
        self,
        *,
        do_generate: AsyncDoGenerate,
        do_stream: AsyncDoStream,
        params: CallOptions,
        model: LanguageModel,
    ) -> GenerateResult:
        if _overrides(self, "wrap_generate"):
            raise _one_sided(self, "wrap_generate", "awrap_generate", "agenerate()")
        return await do_generate()

    def wrap_stream(
        self, *, do_generate: DoGenerate, do_stream: DoStream, params: CallOptions, model: LanguageModel
    ) -> Iterator[StreamPart]:
        if _overrides(self, "awrap_stream"):
            raise _one_sided(self, "awrap_stream", "wrap_stream", "stream()")
        return do_stream()

    def awrap_stream(
        self,
        *,
        do_generate: AsyncDoGenerate,
        do_stream: AsyncDoStream,
        params: CallOptions,
        model: LanguageModel,
    ) -> AsyncIterator[StreamPart]:
        if _overrides(self, "wrap_stream"):
            raise _one_sided(self, "wrap_stream", "awrap_stream", "astream()")
        return do_stream()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _overrides(middleware: object, name: str, base: type = LanguageModelMiddleware) -> bool:
    """Whether ``middleware``'s class replaces ``base``'s hook ``name``."""
    return getattr(type(middleware), name) is not getattr(base, name)


def _one_sided(middleware: object, has: str, lacks: str, call: str) -> UsageError:
    return UsageError(
        f"{type(middleware).__name__} defines {has} but not {lacks}, so it cannot run around {call}; "
        f"define {lacks} too (the middleware would otherwise be skipped on that path)"
    )


@dataclass(frozen=True, slots=True)
class WrappedLanguageModel(LanguageModel):
    """A ``LanguageModel`` with one middleware around ``model`` (see the module docstring).

    ``codec``, ``endpoint`` and ``profile`` are the inner model's, kept in step by
    ``with_endpoint``; every call goes through the middleware to the inner model.
    """

    model: LanguageModel = field(kw_only=True)
    middleware: LanguageModelMiddleware = field(kw_only=True)
    model_id_override: str | None = field(default=None, kw_only=True)
    provider_override: str | None = field(default=None, kw_only=True)

    @property
    def provider(self) -> str:
        return self.provider_override or self.model.provider

    @property
    def model_id(self) -> str:
        return self.model_id_override or self.model.model_id

    def __repr__(self) -> str:
        names = ""
        if self.model_id_override or self.provider_override:
            names = f"{self.provider}:{self.model_id}, "
        return f"WrappedLanguageModel({names}middleware={self.middleware!r}, model={self.model!r})"

    def with_endpoint(self, **changes: Any) -> WrappedLanguageModel:
        inner = self.model.with_endpoint(**changes)
        if inner is self.model:
            return self
        return dataclasses.replace(
            self, model=inner, codec=inner.codec, endpoint=inner.endpoint, profile=inner.profile
        )

    # -- calls ----------------------------------------------------------------------

    def generate(self, options: CallOptions) -> GenerateResult:
        inner, middleware = self.model, self.middleware
        params = middleware.transform_params(type="generate", params=self._own(options), model=inner)
        return middleware.wrap_generate(
            do_generate=lambda: inner.generate(params),
            do_stream=lambda: inner.stream(params),
            params=params,
            model=inner,
        )

    async def agenerate(self, options: CallOptions) -> GenerateResult:
        inner, middleware = self.model, self.middleware
        params = await middleware.atransform_params(type="generate", params=self._own(options), model=inner)
        return await middleware.awrap_generate(
            do_generate=lambda: inner.agenerate(params),
            do_stream=lambda: inner.astream(params),
            params=params,
            model=inner,
        )

    def stream(self, options: CallOptions) -> Generator[StreamPart, None, None]:
        """Lazy, like ``LanguageModel.stream``: nothing runs until the first part is
        asked for, and closing this generator closes the inner stream."""
        inner, middleware = self.model, self.middleware
        params = middleware.transform_params(type="stream", params=self._own(options), model=inner)
        yield from middleware.wrap_stream(
            do_generate=lambda: inner.generate(params),
            do_stream=lambda: inner.stream(params),
            params=params,
            model=inner,
        )

    async def astream(self, options: CallOptions) -> AsyncGenerator[StreamPart, None]:
        inner, middleware = self.model, self.middleware
        params = await middleware.atransform_params(type="stream", params=self._own(options), model=inner)
        parts = middleware.awrap_stream(
            do_generate=lambda: inner.agenerate(params),
            do_stream=lambda: inner.astream(params),
            params=params,
            model=inner,
        )
        if isinstance(parts, AsyncGenerator):
            async with aclosing(parts):
                async for part in parts:
                    yield part
        else:
            async for part in parts:
                yield part

    def count_tokens(self, options: CallOptions) -> int | None:
        """The inner model's count of the options the middleware would send."""
        params = self.middleware.transform_params(
            type="generate", params=self._own(options), model=self.model
        )
        return self.model.count_tokens(params)

    async def acount_tokens(self, options: CallOptions) -> int | None:
        params = await self.middleware.atransform_params(
            type="generate", params=self._own(options), model=self.model
        )
        return await self.model.acount_tokens(params)

    def reported_context_window(self) -> int | None:
        return self.model.reported_context_window()

    def _own(self, options: CallOptions) -> CallOptions:
        """Provider options given under this model's overridden provider name reach the
        inner model under its own name (the one its codec reads), instead of being
        ignored as another provider's."""
        alias, inner_name = self.provider_override, self.model.provider
        given = options.provider_options
        if alias is None or alias == inner_name or not given or alias not in given:
            return options
        merged = {name: values for name, values in given.items() if name != alias}
        merged[inner_name] = {**merged.get(inner_name, {}), **given[alias]}
        return dataclasses.replace(options, provider_options=merged)


def wrap_language_model(
    model: LanguageModel | str,
    middleware: LanguageModelMiddleware | Sequence[LanguageModelMiddleware],
    *,
    model_id: str | None = None,
    provider_id: str | None = None,
) -> LanguageModel:
    """``model`` with ``middleware`` around it. With a list, the first middleware
    transforms the options first and the last sits next to the model (the AI SDK's
    order). ``model_id`` / ``provider_id`` rename the result (``provider_id`` also takes
    provider options given under that name to the inner provider). A model string is
    resolved as ``language_model()`` does."""
    if isinstance(model, str):
        from ..registry import language_model

        model = language_model(model)
    layers = [middleware] if isinstance(middleware, LanguageModelMiddleware) else list(middleware)
    for layer in reversed(layers):
        if not isinstance(layer, LanguageModelMiddleware):
            raise UsageError(
                f"wrap_language_model takes LanguageModelMiddleware objects (e.g. "
                f"extract_reasoning_middleware()), not {type(layer).__name__}"
            )
        model = WrappedLanguageModel(
            codec=model.codec,
            endpoint=model.endpoint,
            profile=model.profile,
            model=model,
            middleware=layer,
            model_id_override=model_id or layer.override_model_id(model),
            provider_override=provider_id or layer.override_provider(model),
        )
    return model
