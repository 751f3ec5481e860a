"""``smooth_stream``: re-chunk streamed text into words (or lines, or your chunks), paced.

The AI SDK's ``smoothStream``. Providers send text in uneven bursts; a UI looks
better fed a word at a time with a small pause between. Text and reasoning deltas are
buffered and sent on again one chunk at a time, each followed by ``delay_in_ms``;
any other part (tool calls, finish, tool results) first flushes what is buffered, so
nothing is reordered or lost, and provider metadata goes out with the next chunk.

One ``SmoothStream`` object serves three ways:

- ``transform(parts)`` / ``atransform(parts)``: over any (async) iterable of stream
  parts, e.g. ``stream_text(...).full_stream``, or of plain strings (``text_stream``);
- as middleware: ``wrap_language_model(model, smooth_stream())`` smooths every stream
  of that model, from every entry point;
- as ``stream_text(..., transform=smooth_stream())`` (the AI SDK's
  ``experimental_transform``), which takes any ``StreamTransform``.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
)
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeAlias, TypeVar

from ..provider.language_model import LanguageModel
from ..spec import CallOptions, ProviderMetadata, ReasoningDelta, StreamPart, TextDelta
from ..spec.errors import UsageError
from .middleware.language_model import (
    AsyncDoGenerate,
    AsyncDoStream,
    DoGenerate,
    DoStream,
    LanguageModelMiddleware,
)

ChunkDetector: TypeAlias = Callable[[str], str | None]
"""Given the buffered text, the first chunk to send (a non-empty prefix of it), or
None to wait for more text."""
Chunking: TypeAlias = Literal["word", "line"] | re.Pattern[str] | ChunkDetector
Item = TypeVar("Item")

CHUNKING_PATTERNS: dict[str, re.Pattern[str]] = {
    "word": re.compile(r"\S+\s+"),
    "line": re.compile(r"\n+"),
}


class StreamTransform(Protocol):
    """What ``stream_text(..., transform=...)`` accepts: a sync and an async transform
    of the part stream, each lazy and closing its source when closed."""

    def transform(self, parts: Iterable[Item]) -> Iterator[Item]: ...
    def atransform(self, parts: AsyncIterable[Item]) -> AsyncIterator[Item]: ...


def _detector(chunking: Chunking) -> ChunkDetector:
    if isinstance(chunking, str) and chunking in CHUNKING_PATTERNS:
        chunking = CHUNKING_PATTERNS[chunking]
    if isinstance(chunking, re.Pattern):
        pattern = chunking

        def by_pattern(buffer: str) -> str | None:
            match = pattern.search(buffer)
            if match is None:
                return None
            if match.end() == 0:
                raise UsageError(
                    f"smooth_stream: chunking pattern {pattern.pattern!r} matched an empty string"
                )
            return buffer[: match.end()]

        return by_pattern
    if callable(chunking):
        detect = chunking

        def by_function(buffer: str) -> str | None:
            chunk = detect(buffer)
            if chunk is None:
                return None
            if not chunk or not buffer.startswith(chunk):
                raise UsageError(
                    "smooth_stream: a chunking function must return a non-empty prefix of the "
                    f"buffered text (or None to wait); got {chunk!r} for {buffer[:40]!r}"
                )
            return chunk

        return by_function
    raise UsageError(
        'smooth_stream: chunking must be "word", "line", a compiled re.Pattern or a function '
        f"(buffer) -> chunk | None; got {chunking!r}"
    )


@dataclass(slots=True)
class _Rechunker:
    """The buffer. ``take(item)`` returns what goes out at once and the smoothed
    chunks that go out paced; ``flush()`` what is left."""

    detect: ChunkDetector
    buffer: str = ""
    kind: type | None = None  # TextDelta, ReasoningDelta or str
    id: str = ""
    metadata: ProviderMetadata | None = None

    def take(self, item: Any) -> tuple[list[Any], list[Any]]:
        kind = type(item)
        if kind is str:
            delta, part_id = item, ""
        elif kind is TextDelta or kind is ReasoningDelta:
            delta, part_id = item.delta, item.id
        else:
            return [*self.flush(), item], []
        now = self.flush() if kind is not self.kind or part_id != self.id else []
        self.buffer += delta
        self.kind, self.id = kind, part_id
        if kind is not str and item.provider_metadata is not None:
            self.metadata = item.provider_metadata
        chunks: list[Any] = []
        while self.buffer and (chunk := self.detect(self.buffer)) is not None:
            chunks.append(self._emit(chunk))
            self.buffer = self.buffer[len(chunk) :]
        return now, chunks

    def flush(self) -> list[Any]:
        if not self.buffer and self.metadata is None:
            return []
        out = self._emit(self.buffer)
        self.buffer = ""
        return [out]

    def _emit(self, text: str) -> Any:
        if self.kind is str:
            return text
        metadata, self.metadata = self.metadata, None  # sent once, with the next chunk
        assert self.kind is TextDelta or self.kind is ReasoningDelta
        return self.kind(self.id, text, metadata)


@dataclass(frozen=True, slots=True)
class SmoothStream(LanguageModelMiddleware):
    delay_in_ms: float | None = 10
    chunking: Chunking = "word"
    sleep: Callable[[float], object] = field(default=time.sleep, repr=False)
    asleep: Callable[[float], Awaitable[object]] = field(default=asyncio.sleep, repr=False)

    def __post_init__(self) -> None:
        _detector(self.chunking)  # a bad chunking fails here, not mid-stream

    def transform(self, parts: Iterable[Item]) -> Generator[Item, None, None]:
        rechunker, pause = _Rechunker(_detector(self.chunking)), self._seconds()
        source = iter(parts)
        try:
            for item in source:
                now, paced = rechunker.take(item)
                yield from now
                for chunk in paced:
                    yield chunk
                    if pause is not None:
                        self.sleep(pause)
        finally:  # closing this closes the source (and the HTTP response under it)
            close = getattr(source, "close", None)
            if close is not None:
                close()
        yield from rechunker.flush()

    async def atransform(self, parts: AsyncIterable[Item]) -> AsyncGenerator[Item, None]:
        rechunker, pause = _Rechunker(_detector(self.chunking)), self._seconds()
        source = aiter(parts)
        try:
            async for item in source:
                now, paced = rechunker.take(item)
                for out in now:
                    yield out
                for chunk in paced:
                    yield chunk
                    if pause is not None:
                        await self.asleep(pause)
        finally:
            close = getattr(source, "aclose", None)
            if close is not None:
                await close()
        for out in rechunker.flush():
            yield out

    def _seconds(self) -> float | None:
        return None if self.delay_in_ms is None else self.delay_in_ms / 1000

    # -- as middleware --------------------------------------------------------------

    def wrap_stream(
        self, *, do_generate: DoGenerate, do_stream: DoStream, params: CallOptions, model: LanguageModel
    ) -> Iterator[StreamPart]:
        return self.transform(do_stream())

    def awrap_stream(
        self,
        *,
        do_generate: AsyncDoGenerate,
        do_stream: AsyncDoStream,
        params: CallOptions,
        model: LanguageModel,
    ) -> AsyncIterator[StreamPart]:
        return self.atransform(do_stream())


def smooth_stream(
    delay_in_ms: float | None = 10,
    chunking: Chunking = "word",
    *,
    sleep: Callable[[float], object] | None = None,
    asleep: Callable[[float], Awaitable[object]] | None = None,
) -> SmoothStream:
    """Re-chunk text and reasoning deltas: ``"word"`` (text up to and including the
    whitespace after a word), ``"line"`` (up to a run of newlines), a compiled regular
    expression (text up to the end of its first match), or a function returning the
    first chunk of the buffer (or None to wait). ``delay_in_ms=None`` sends chunks
    without pausing. ``sleep`` / ``asleep`` replace ``time.sleep`` / ``asyncio.sleep``
    (tests, or a UI's own pacing)."""
    return SmoothStream(delay_in_ms, chunking, sleep or time.sleep, asleep or asyncio.sleep)
