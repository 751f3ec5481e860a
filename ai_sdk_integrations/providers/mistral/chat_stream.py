"""Mistral Chat Completions stream chunks -> spec stream parts (a sans-I/O decoder).

Feed it each SSE ``data`` payload, then call ``finish()`` once. Mistral's chunks differ
from OpenAI's where it matters here: ``delta.content`` is a string or a list of typed
parts (``thinking`` parts become reasoning, ``text`` parts text, in the order they
come, each switch closing the open block), a tool call usually arrives whole in one
delta, and ``usage`` rides on the chunk that carries the finish reason. A chunk that
cannot be read becomes an ``error`` part carrying an ``InvalidResponseDataError`` and
the stream goes on, so what was already said is kept; an error object sent in the
stream becomes an ``error`` part carrying an ``APICallError``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ...spec import (
    CallWarning,
    Finish,
    FinishReason,
    Raw,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    ResponseMetadata,
    StreamError,
    StreamPart,
    TextDelta,
    TextEnd,
    TextStart,
)
from ...spec.errors import APICallError, InvalidResponseDataError
from ..openai.response_fields import string, timestamp
from ..openai.tool_calls import ToolCallTracker
from .content import content_parts
from .error_message import mistral_error_message
from .finish_reason import map_finish_reason
from .usage import convert_usage

_NO_FINISH_REASON = CallWarning(
    "other",
    message="the stream ended with [DONE] but no finish reason; the answer is kept and the "
    "finish reason is 'other'",
)


class MistralChatStreamDecoder:
    __slots__ = (
        "_blocks",
        "_done",
        "_failed",
        "_finish_raw",
        "_include_raw",
        "_metadata_sent",
        "_open",
        "_provider",
        "_tools",
        "_usage",
    )

    def __init__(self, provider: str, new_id: Callable[[], str], *, include_raw: bool = False) -> None:
        self._provider = provider
        self._include_raw = include_raw
        self._tools = ToolCallTracker(new_id)
        self._metadata_sent = False
        self._open: tuple[str, str] | None = None  # (kind, block id) of the open block
        self._blocks = 0
        self._finish_raw: str | None = None
        self._usage: Any = None
        self._failed = False
        self._done = False

    def feed(self, data: str) -> list[StreamPart]:
        if data == "[DONE]":
            self._done = True
            return []
        try:
            chunk = json.loads(data)
        except ValueError:
            return self._fail(
                InvalidResponseDataError(f"stream chunk is not JSON: {data[:200]!r}", provider=self._provider)
            )
        parts: list[StreamPart] = [Raw(chunk)] if self._include_raw else []
        if not isinstance(chunk, dict):
            parts.extend(self._invalid(data))
            return parts
        try:
            self._chunk(chunk, parts)
        except (AttributeError, KeyError, TypeError, IndexError, ValueError):
            parts.extend(self._invalid(data))
        return parts

    def _chunk(self, chunk: dict[str, Any], parts: list[StreamPart]) -> None:
        if "choices" not in chunk and (
            chunk.get("object") == "error" or "message" in chunk or "detail" in chunk
        ):
            message = mistral_error_message(chunk) or str(chunk)[:200]
            parts.extend(
                self._fail(APICallError(message, status_code=200, provider=self._provider, data=chunk))
            )
            return
        if not self._metadata_sent:
            self._metadata_sent = True
            parts.append(
                ResponseMetadata(
                    string(chunk.get("id")), timestamp(chunk.get("created")), string(chunk.get("model"))
                )
            )
        usage = chunk.get("usage")
        if isinstance(usage, dict) and usage:
            self._usage = usage
        choices = chunk.get("choices")
        if not choices:
            return
        choice = choices[0]
        delta = choice.get("delta")
        if delta:
            pieces = content_parts(delta.get("content"))
            if pieces is None:
                raise TypeError("delta.content is neither text nor a list of parts")
            for kind, text in pieces:
                self._append(kind, text, parts)
            tool_calls = delta.get("tool_calls")
            if tool_calls:
                self._close(parts)
                for position, tool_call in enumerate(tool_calls):
                    if isinstance(tool_call, dict):
                        parts.extend(self._tools.feed(tool_call, position))
        finish_reason = choice.get("finish_reason")
        if finish_reason and isinstance(finish_reason, str):
            self._finish_raw = finish_reason

    def _append(self, kind: str, text: str, parts: list[StreamPart]) -> None:
        """Text or reasoning into its block, opening a new one when the kind changes."""
        if self._open is None or self._open[0] != kind:
            self._close(parts)
            block = f"{'reasoning' if kind == 'reasoning' else 'txt'}-{self._blocks}"
            self._blocks += 1
            self._open = (kind, block)
            parts.append(ReasoningStart(block) if kind == "reasoning" else TextStart(block))
        block = self._open[1]
        parts.append(ReasoningDelta(block, text) if kind == "reasoning" else TextDelta(block, text))

    def _close(self, parts: list[StreamPart]) -> None:
        if self._open is not None:
            kind, block = self._open
            parts.append(ReasoningEnd(block) if kind == "reasoning" else TextEnd(block))
            self._open = None

    def finish(self) -> list[StreamPart]:
        parts: list[StreamPart] = []
        self._close(parts)
        parts.extend(self._tools.finish())
        warnings: list[CallWarning] = []
        if self._failed:
            reason = FinishReason("error", self._finish_raw)
        elif self._finish_raw is not None:
            reason = map_finish_reason(self._finish_raw)
        elif self._done:
            reason = FinishReason("other", None)
            warnings = [_NO_FINISH_REASON]
        else:
            error = InvalidResponseDataError(
                "the stream ended without a finish reason (cut off?)", provider=self._provider
            )
            parts.append(StreamError(error))
            reason = FinishReason("error", None)
        parts.append(Finish(reason, convert_usage(self._usage), None, warnings or None))
        return parts

    def _invalid(self, data: str) -> list[StreamPart]:
        error = InvalidResponseDataError(
            f"stream chunk has an unexpected shape: {data[:200]!r}", provider=self._provider
        )
        return self._fail(error)

    def _fail(self, error: Exception) -> list[StreamPart]:
        self._failed = True
        return [StreamError(error)]
