"""Middleware written once for sync and async: a result rewriter plus a part transformer.

A middleware that changes what the model said (extract reasoning, extract JSON) needs
the same change on ``generate`` and ``stream``, sync and async. Written as two pure
pieces (``transform_result(result)``, and a ``PartTransformer`` with the decoders'
``feed(part) -> parts`` / ``finish() -> parts`` shape) it gets all four hooks from
``ResultMiddleware`` below, with no copy of its logic per side.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from contextlib import aclosing, closing
from typing import Protocol

from ...provider.language_model import LanguageModel
from ...spec import CallOptions, GenerateResult, StreamPart
from .language_model import (
    AsyncDoGenerate,
    AsyncDoStream,
    DoGenerate,
    DoStream,
    LanguageModelMiddleware,
)


class PartTransformer(Protocol):
    def feed(self, part: StreamPart) -> list[StreamPart]: ...
    def finish(self) -> list[StreamPart]: ...


def transform_parts(
    parts: Iterator[StreamPart], transformer: PartTransformer
) -> Generator[StreamPart, None, None]:
    with closing(_generator(parts)) as source:
        for part in source:
            yield from transformer.feed(part)
    yield from transformer.finish()


async def atransform_parts(
    parts: AsyncIterator[StreamPart], transformer: PartTransformer
) -> AsyncGenerator[StreamPart, None]:
    async with aclosing(_agenerator(parts)) as source:
        async for part in source:
            for out in transformer.feed(part):
                yield out
    for out in transformer.finish():
        yield out


def _generator(parts: Iterator[StreamPart]) -> Generator[StreamPart, None, None]:
    """``parts`` as a generator, so closing it reaches the HTTP response underneath."""
    if isinstance(parts, Generator):
        return parts

    def wrapped() -> Generator[StreamPart, None, None]:
        yield from parts

    return wrapped()


def _agenerator(parts: AsyncIterator[StreamPart]) -> AsyncGenerator[StreamPart, None]:
    if isinstance(parts, AsyncGenerator):
        return parts

    async def wrapped() -> AsyncGenerator[StreamPart, None]:
        async for part in parts:
            yield part

    return wrapped()


class ResultMiddleware(LanguageModelMiddleware):
    """Define ``transform_result`` and ``part_transformer``; generate, agenerate,
    stream and astream follow."""

    __slots__ = ()

    def transform_result(self, result: GenerateResult) -> GenerateResult:
        raise NotImplementedError

    def part_transformer(self) -> PartTransformer:
        raise NotImplementedError

    def wrap_generate(
        self, *, do_generate: DoGenerate, do_stream: DoStream, params: CallOptions, model: LanguageModel
    ) -> GenerateResult:
        return self.transform_result(do_generate())

    async def awrap_generate(
        self,
        *,
        do_generate: AsyncDoGenerate,
        do_stream: AsyncDoStream,
        params: CallOptions,
        model: LanguageModel,
    ) -> GenerateResult:
        return self.transform_result(await do_generate())

    def wrap_stream(
        self, *, do_generate: DoGenerate, do_stream: DoStream, params: CallOptions, model: LanguageModel
    ) -> Iterator[StreamPart]:
        return transform_parts(do_stream(), self.part_transformer())

    def awrap_stream(
        self,
        *,
        do_generate: AsyncDoGenerate,
        do_stream: AsyncDoStream,
        params: CallOptions,
        model: LanguageModel,
    ) -> AsyncIterator[StreamPart]:
        return atransform_parts(do_stream(), self.part_transformer())
