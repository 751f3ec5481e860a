"""``simulate_streaming_middleware``: ``stream`` answered by one ``generate`` call.

For models or servers that cannot stream (or stream badly): every stream reader (the
plain functions, ``ChatAISDK``, ``AISDK``) keeps working, and gets the whole answer
at once as the parts a stream would have carried. The same replay
(``provider.simulated_stream.result_parts``) serves codecs that ask for whole
responses themselves.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from dataclasses import dataclass

from ...provider.language_model import LanguageModel
from ...provider.simulated_stream import result_parts
from ...spec import CallOptions, GenerateResult, StreamPart, StreamStart
from .language_model import AsyncDoGenerate, AsyncDoStream, DoGenerate, DoStream, LanguageModelMiddleware


def replay(result: GenerateResult) -> list[StreamPart]:
    """The stream that would have carried ``result``: its warnings first."""
    return [StreamStart(result.warnings), *result_parts(result)]


@dataclass(frozen=True, slots=True)
class SimulateStreamingMiddleware(LanguageModelMiddleware):
    def wrap_stream(
        self, *, do_generate: DoGenerate, do_stream: DoStream, params: CallOptions, model: LanguageModel
    ) -> Iterator[StreamPart]:
        def parts() -> Generator[StreamPart, None, None]:
            yield from replay(do_generate())

        return parts()

    def awrap_stream(
        self,
        *,
        do_generate: AsyncDoGenerate,
        do_stream: AsyncDoStream,
        params: CallOptions,
        model: LanguageModel,
    ) -> AsyncIterator[StreamPart]:
        async def parts() -> AsyncGenerator[StreamPart, None]:
            for part in replay(await do_generate()):
                yield part

        return parts()


def simulate_streaming_middleware() -> SimulateStreamingMiddleware:
    """Streams are answered by ``generate`` (one request, no ``stream: true``) and
    replayed as stream parts: stream start with the warnings, response metadata, a
    start / delta / end block per text and reasoning part, tool calls, sources and
    files, then the finish with usage."""
    return SimulateStreamingMiddleware()
