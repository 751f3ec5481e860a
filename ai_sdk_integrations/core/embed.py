"""``embed`` / ``embed_many`` and their async twins.

``embed_many`` splits values into batches of the model's per-call maximum and sends up
to ``max_parallel_calls`` batches at once (threads for sync, tasks for async), keeping
input order and summing usage.

``telemetry=TelemetrySettings(...)`` traces the call: one ``embeddings {model}`` root span
(legacy ``ai.embed`` / ``ai.embedMany``) over one span per batch.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from ..provider.embedding_model import EmbeddingModel
from ..spec import EmbeddingModelResult, ProviderOptions
from ..telemetry import state as _telemetry
from ..telemetry.operation import OperationKind, OperationSpan, start_operation
from ..telemetry.settings import TelemetrySettings
from .registry import embedding_model

DEFAULT_MAX_PARALLEL_CALLS = 4


@dataclass(frozen=True, slots=True)
class EmbedResult:
    value: str
    embedding: Sequence[float]
    tokens: int | None = None
    response_headers: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class EmbedManyResult:
    values: Sequence[str]
    embeddings: Sequence[Sequence[float]]
    tokens: int | None = None


def _model(model: str | EmbeddingModel, max_retries: int | None) -> EmbeddingModel:
    resolved = embedding_model(model)
    return resolved.with_endpoint(max_retries=max_retries) if max_retries is not None else resolved


def _batches(values: Sequence[str], size: int, max_tokens: int | None = None) -> list[Sequence[str]]:
    """Consecutive batches of at most ``size`` values and, where the provider has a
    per-request token limit, at most ``max_tokens`` estimated tokens (OpenAI rejects a
    request over 300,000 tokens however few inputs it has)."""
    if max_tokens is None:
        return [values[i : i + size] for i in range(0, len(values), size)]
    budget = int(max_tokens * TOKEN_BUDGET_SHARE)
    batches: list[Sequence[str]] = []
    start, tokens = 0, 0
    for index, value in enumerate(values):
        cost = estimate_tokens(value)
        if index > start and (index - start >= size or tokens + cost > budget):
            batches.append(values[start:index])
            start, tokens = index, 0
        tokens += cost
    if start < len(values):
        batches.append(values[start:])
    return batches


TOKEN_BUDGET_SHARE = 0.9
"""Batches fill at most this share of the token limit: the estimate is not a tokenizer."""


def estimate_tokens(text: str) -> int:
    """An upper-leaning estimate without a tokenizer: one token per three UTF-8 bytes
    (English averages about four characters a token; CJK text about one a character,
    i.e. three bytes), plus one."""
    return len(text.encode("utf-8")) // 3 + 1


def _merge(values: Sequence[str], results: Sequence[EmbeddingModelResult]) -> EmbedManyResult:
    counts = [r.usage.tokens for r in results if r.usage is not None and r.usage.tokens is not None]
    embeddings = [vector for result in results for vector in result.embeddings]
    return EmbedManyResult(list(values), embeddings, sum(counts) if counts else None)


def _operation(
    kind: OperationKind, model: EmbeddingModel, values: Sequence[str], telemetry: TelemetrySettings | None
) -> OperationSpan:
    """The root span (``NOOP`` when nothing is traced: one flag check)."""
    max_retries = getattr(getattr(model, "endpoint", None), "max_retries", None)
    return start_operation(kind, model, settings=telemetry, values=values, max_retries=max_retries)


def embed(
    model: str | EmbeddingModel,
    value: str,
    *,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    telemetry: TelemetrySettings | None = None,
) -> EmbedResult:
    resolved = _model(model, max_retries)
    with _operation("embed", resolved, [value], telemetry) as op:
        result = resolved.embed([value], provider_options=provider_options, headers=headers)
        op.finish_embed(result.usage.tokens if result.usage else None, result.embeddings)
    return _single(value, result)


async def aembed(
    model: str | EmbeddingModel,
    value: str,
    *,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    telemetry: TelemetrySettings | None = None,
) -> EmbedResult:
    resolved = _model(model, max_retries)
    with _operation("embed", resolved, [value], telemetry) as op:
        result = await resolved.aembed([value], provider_options=provider_options, headers=headers)
        op.finish_embed(result.usage.tokens if result.usage else None, result.embeddings)
    return _single(value, result)


def _single(value: str, result: EmbeddingModelResult) -> EmbedResult:
    tokens = result.usage.tokens if result.usage else None
    return EmbedResult(value, result.embeddings[0], tokens, result.response_headers)


def embed_many(
    model: str | EmbeddingModel,
    values: Sequence[str],
    *,
    max_parallel_calls: int = DEFAULT_MAX_PARALLEL_CALLS,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    telemetry: TelemetrySettings | None = None,
) -> EmbedManyResult:
    resolved = _model(model, max_retries)
    with _operation("embed_many", resolved, values, telemetry) as op:
        merged = _embed_batches(resolved, values, max_parallel_calls, provider_options, headers)
        op.finish_embed(merged.tokens, merged.embeddings)
    return merged


def _embed_batches(
    resolved: EmbeddingModel,
    values: Sequence[str],
    max_parallel_calls: int,
    provider_options: ProviderOptions | None,
    headers: Mapping[str, str] | None,
) -> EmbedManyResult:
    batches = _batches(values, resolved.max_embeddings_per_call, resolved.max_tokens_per_call)
    kwargs: dict[str, Any] = {"provider_options": provider_options, "headers": headers}
    workers = min(max_parallel_calls, len(batches)) if resolved.supports_parallel_calls else 1
    if workers <= 1:
        return _merge(values, [resolved.embed(batch, **kwargs) for batch in batches])
    with ThreadPoolExecutor(max_workers=workers) as pool:
        if _telemetry.armed:  # each batch's span nests under this call's root span
            runs = [contextvars.copy_context() for _ in batches]  # copied here, run there
            futures = [
                pool.submit(run.run, lambda b: resolved.embed(b, **kwargs), batch)
                for run, batch in zip(runs, batches, strict=True)
            ]
            results = [future.result() for future in futures]
        else:
            results = list(pool.map(lambda batch: resolved.embed(batch, **kwargs), batches))
    return _merge(values, results)


async def aembed_many(
    model: str | EmbeddingModel,
    values: Sequence[str],
    *,
    max_parallel_calls: int = DEFAULT_MAX_PARALLEL_CALLS,
    provider_options: ProviderOptions | None = None,
    headers: Mapping[str, str] | None = None,
    max_retries: int | None = None,
    telemetry: TelemetrySettings | None = None,
) -> EmbedManyResult:
    resolved = _model(model, max_retries)
    batches = _batches(values, resolved.max_embeddings_per_call, resolved.max_tokens_per_call)
    limit = asyncio.Semaphore(max_parallel_calls if resolved.supports_parallel_calls else 1)

    async def one(batch: Sequence[str]) -> EmbeddingModelResult:
        async with limit:
            return await resolved.aembed(batch, provider_options=provider_options, headers=headers)

    with _operation("embed_many", resolved, values, telemetry) as op:
        merged = _merge(values, await asyncio.gather(*(one(batch) for batch in batches)))
        op.finish_embed(merged.tokens, merged.embeddings)
    return merged
