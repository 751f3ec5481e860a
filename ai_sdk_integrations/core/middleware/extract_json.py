"""``extract_json_middleware``: JSON answers without their Markdown fences.

Models asked for JSON without a constrained mode often answer with a fenced block
(```json ... ```). Stripped here, the text parses as JSON for structured output and
for ``json.loads``. Streamed text is held only as long as it could still be a fence
(the start until the opening fence is certain; trailing whitespace and backticks in
case they are the closing one), and comes out as the whole text would.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...spec import Finish, GenerateResult, StreamPart, TextContent, TextDelta, TextEnd, TextStart
from ._parts import ResultMiddleware

_OPENING_FENCE = re.compile(r"^```(?:json)?\s*\n?")
_CLOSING_FENCE = re.compile(r"\n?```\s*$")


def strip_json_fences(text: str) -> str:
    """``text`` without a leading ```json (or ```) line and a trailing ```, trimmed."""
    return _CLOSING_FENCE.sub("", _OPENING_FENCE.sub("", text.lstrip(), count=1), count=1).strip()


@dataclass(frozen=True, slots=True)
class ExtractJsonMiddleware(ResultMiddleware):
    transform: Callable[[str], str] | None = None
    """Replaces the fence stripping; with it, streamed text is held until its block
    ends (a custom transform sees the whole text)."""

    def transform_result(self, result: GenerateResult) -> GenerateResult:
        change = self.transform or strip_json_fences
        content = [
            dataclasses.replace(part, text=change(part.text)) if isinstance(part, TextContent) else part
            for part in result.content
        ]
        return dataclasses.replace(result, content=content)

    def part_transformer(self) -> FenceStripper:
        return FenceStripper(self.transform)


@dataclass(slots=True)
class _Block:
    start: TextStart
    phase: str  # "prefix": may still open with a fence; "streaming"; "buffering" (custom transform)
    buffer: str = ""


@dataclass(slots=True)
class FenceStripper:
    transform: Callable[[str], str] | None
    _blocks: dict[str, _Block] = field(default_factory=dict)

    def feed(self, part: StreamPart) -> list[StreamPart]:
        kind = type(part)
        if kind is TextDelta:
            assert isinstance(part, TextDelta)
            block = self._blocks.get(part.id)
            if block is None:
                return [part]
            block.buffer += part.delta
            return self._advance(block, part)
        if kind is TextStart:
            assert isinstance(part, TextStart)
            phase = "buffering" if self.transform is not None else "prefix"
            self._blocks[part.id] = _Block(part, phase)
            return []
        if kind is TextEnd:
            assert isinstance(part, TextEnd)
            block = self._blocks.pop(part.id, None)
            return [*self._close(block), part] if block is not None else [part]
        if kind is Finish:
            return [*self.finish(), part]
        return [part]

    def finish(self) -> list[StreamPart]:
        out: list[StreamPart] = []
        for block in self._blocks.values():
            out += self._close(block)
        self._blocks.clear()
        return out

    def _advance(self, block: _Block, delta: TextDelta) -> list[StreamPart]:
        out: list[StreamPart] = []
        if block.phase == "prefix":
            buffer = block.buffer = block.buffer.lstrip()  # as strip_json_fences does
            decided = _opening_decided(buffer)
            if decided is None:
                return out  # could still be (the rest of) an opening fence
            block.buffer = buffer[decided:]
            block.phase = "streaming"
            out.append(block.start)
        if block.phase == "streaming":
            held = _TAIL.search(block.buffer)
            ready = held.start() if held is not None else len(block.buffer)
            if ready:
                out.append(dataclasses.replace(delta, delta=block.buffer[:ready]))
                block.buffer = block.buffer[ready:]
        return out

    def _close(self, block: _Block) -> list[StreamPart]:
        out: list[StreamPart] = []
        if block.phase != "streaming":
            out.append(block.start)
        if block.phase == "buffering":
            assert self.transform is not None
            rest = self.transform(block.buffer)
        elif block.phase == "prefix":  # ended while it could still be a fence
            rest = strip_json_fences(block.buffer)
        else:  # earlier text already went out: only the closing fence is left to strip
            rest = _CLOSING_FENCE.sub("", block.buffer, count=1).rstrip()
        if rest:
            out.append(TextDelta(block.start.id, rest))
        return out


_TAIL = re.compile(r"\s*(?:`{1,3}\s*)?$")
"""What a streamed block holds back: trailing whitespace and backticks, which may yet
turn out to be the closing fence (or the whitespace that ``strip`` removes)."""


def _opening_decided(buffer: str) -> int | None:
    """How much of ``buffer`` is an opening fence (0 if it has none), once that is
    certain; None while more text could still change the answer."""
    if not buffer or ("```".startswith(buffer)):
        return None
    if not buffer.startswith("```"):
        return 0
    rest = buffer[3:]
    if len(rest) < 4 and "json".startswith(rest):
        return None  # "```js" may become "```json"
    fence = _OPENING_FENCE.match(buffer)
    assert fence is not None
    return fence.end() if fence.end() < len(buffer) else None  # whitespace may continue


def extract_json_middleware(transform: Callable[[str], str] | None = None) -> ExtractJsonMiddleware:
    """Strip Markdown code fences (```json ... ```) from text, in ``generate`` and
    ``stream``. ``transform(text) -> text`` replaces the stripping with your own."""
    return ExtractJsonMiddleware(transform)
