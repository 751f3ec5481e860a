"""``extract_reasoning_middleware``: ``<think>...</think>`` in the text becomes reasoning.

For models that write their reasoning inline (DeepSeek R1 distills, Qwen, SmolLM-style
few-shot prompts) behind a server that does not split it out. Generated text is split
by a regular expression; streamed text goes through a small state machine that holds
back only what could be the start of the next tag, so a tag split across chunks
(``"<thi"``, ``"nk>"``) is still found and nothing else is delayed.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from ...spec import (
    Content,
    Finish,
    GenerateResult,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    StreamPart,
    TextContent,
    TextDelta,
    TextEnd,
    TextStart,
)
from ...spec.errors import UsageError
from ._parts import ResultMiddleware


def partial_match_start(text: str, tag: str) -> int | None:
    """Where ``tag`` starts in ``text``, or where a suffix of ``text`` that is a prefix
    of ``tag`` starts (the tag may be completed by the next chunk); None if neither."""
    found = text.find(tag)
    if found >= 0:
        return found
    for start in range(max(0, len(text) - len(tag) + 1), len(text)):
        if tag.startswith(text[start:]):
            return start
    return None


@dataclass(frozen=True, slots=True)
class ExtractReasoningMiddleware(ResultMiddleware):
    opening: str
    closing: str
    separator: str = "\n"
    start_with_reasoning: bool = False

    def transform_result(self, result: GenerateResult) -> GenerateResult:
        # An opening tag that is never closed runs to the end: the model stopped while
        # reasoning (as the stream, which cannot take back what it sent, also says).
        pattern = re.compile(f"{re.escape(self.opening)}(.*?)(?:{re.escape(self.closing)}|\\Z)", re.DOTALL)
        content: list[Content] = []
        for part in result.content:
            if not isinstance(part, TextContent):
                content.append(part)
                continue
            text = self.opening + part.text if self.start_with_reasoning else part.text
            matches = list(pattern.finditer(text))
            if not matches:
                content.append(part)
                continue
            remaining = text
            for match in reversed(matches):  # cut from the end, so earlier offsets hold
                before, after = remaining[: match.start()], remaining[match.end() :]
                remaining = before + (self.separator if before and after else "") + after
            content.append(ReasoningContent(self.separator.join(m.group(1) for m in matches)))
            if remaining:  # as the stream shows it: a block of reasoning only has no text
                content.append(dataclasses.replace(part, text=remaining))
        return dataclasses.replace(result, content=content)

    def part_transformer(self) -> ReasoningExtractor:
        return ReasoningExtractor(self.opening, self.closing, self.separator, self.start_with_reasoning)


@dataclass(slots=True)
class _Block:
    """One text block's state: which side of a tag it is on, and what it holds back."""

    text_id: str
    reasoning: bool
    buffer: str = ""
    first_text: bool = True
    first_reasoning: bool = True
    after_switch: bool = False
    reasoning_id: str | None = None


@dataclass(slots=True)
class ReasoningExtractor:
    """Text deltas in, text and reasoning blocks out, per text block id. A ``text-start``
    is held until the block's first text, so it never comes before the reasoning."""

    opening: str
    closing: str
    separator: str
    start_with_reasoning: bool
    _blocks: dict[str, _Block] = field(default_factory=dict)
    _held_starts: dict[str, TextStart] = field(default_factory=dict)
    _counter: int = 0

    def feed(self, part: StreamPart) -> list[StreamPart]:
        kind = type(part)
        if kind is TextDelta:
            assert isinstance(part, TextDelta)
            block = self._blocks.get(part.id)
            if block is None:
                block = self._blocks[part.id] = _Block(part.id, self.start_with_reasoning)
            out: list[StreamPart] = []
            block.buffer += part.delta
            self._scan(block, out)
            return out
        if kind is TextStart:
            assert isinstance(part, TextStart)
            self._held_starts[part.id] = part
            return []
        if kind is TextEnd:
            assert isinstance(part, TextEnd)
            out = []
            block = self._blocks.pop(part.id, None)
            if block is not None:
                self._close(block, out)
            self._release_start(part.id, out)
            out.append(part)
            return out
        if kind is Finish:  # a block the stream never ended: closed before the finish
            return [*self._close_all(), part]
        return [part]

    def finish(self) -> list[StreamPart]:
        return self._close_all()

    def _close_all(self) -> list[StreamPart]:
        out: list[StreamPart] = []
        for block in list(self._blocks.values()):
            self._close(block, out)
        self._blocks.clear()
        for text_id in list(self._held_starts):
            self._release_start(text_id, out)
        return out

    def _scan(self, block: _Block, out: list[StreamPart]) -> None:
        while True:
            tag = self.closing if block.reasoning else self.opening
            start = partial_match_start(block.buffer, tag)
            if start is None:
                self._publish(block, block.buffer, out)
                block.buffer = ""
                return
            self._publish(block, block.buffer[:start], out)
            if start + len(tag) > len(block.buffer):  # maybe a tag: wait for more text
                block.buffer = block.buffer[start:]
                return
            block.buffer = block.buffer[start + len(tag) :]
            if block.reasoning:
                if block.first_reasoning:  # an empty reasoning block still shows
                    out.append(ReasoningStart(self._reasoning_id(block)))
                    block.first_reasoning = False
                out.append(ReasoningEnd(self._reasoning_id(block)))
                block.reasoning_id = None
            block.reasoning = not block.reasoning
            block.after_switch = True

    def _publish(self, block: _Block, text: str, out: list[StreamPart]) -> None:
        if not text:
            return
        first = block.first_reasoning if block.reasoning else block.first_text
        prefix = self.separator if block.after_switch and not first else ""
        if block.reasoning:
            if block.after_switch or block.first_reasoning:
                out.append(ReasoningStart(self._reasoning_id(block)))
            out.append(ReasoningDelta(self._reasoning_id(block), prefix + text))
            block.first_reasoning = False
        else:
            self._release_start(block.text_id, out)
            out.append(TextDelta(block.text_id, prefix + text))
            block.first_text = False
        block.after_switch = False

    def _close(self, block: _Block, out: list[StreamPart]) -> None:
        """The block ended: what was held back was not a tag after all; reasoning whose
        closing tag never came is ended here (the reasoning so far is kept)."""
        self._publish(block, block.buffer, out)
        block.buffer = ""
        if block.reasoning and block.reasoning_id is not None:
            out.append(ReasoningEnd(block.reasoning_id))
            block.reasoning_id = None

    def _reasoning_id(self, block: _Block) -> str:
        if block.reasoning_id is None:
            block.reasoning_id = f"reasoning-{self._counter}"
            self._counter += 1
        return block.reasoning_id

    def _release_start(self, text_id: str, out: list[StreamPart]) -> None:
        start = self._held_starts.pop(text_id, None)
        if start is not None:
            out.append(start)


def extract_reasoning_middleware(
    tag_name: str | tuple[str, str] = "think",
    *,
    separator: str = "\n",
    start_with_reasoning: bool = False,
) -> ExtractReasoningMiddleware:
    """Text inside ``<tag_name>...</tag_name>`` becomes reasoning, in ``generate`` and
    ``stream``. ``tag_name`` may instead be literal ``(opening, closing)`` delimiters
    (e.g. a chat template's thought channel). ``separator`` joins several reasoning
    sections, and the text on both sides of a removed one. ``start_with_reasoning``: the
    model's template already opened the tag, so its text starts as reasoning (DeepSeek
    R1's template does)."""
    opening, closing = (f"<{tag_name}>", f"</{tag_name}>") if isinstance(tag_name, str) else tag_name
    if not opening or not closing or not tag_name:
        raise UsageError("extract_reasoning_middleware: the reasoning tag or delimiters must not be empty")
    return ExtractReasoningMiddleware(opening, closing, separator, start_with_reasoning)
