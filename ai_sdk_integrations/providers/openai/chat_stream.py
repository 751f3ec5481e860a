"""Chat Completions stream chunks -> spec stream parts (a sans-I/O decoder).

Feed it each SSE ``data`` payload, then call ``finish()`` once. A chunk that cannot be
read becomes an ``error`` part carrying an ``InvalidResponseDataError`` and the stream
goes on, so what was already said is kept; a metadata field of the wrong type is read
as "not said" (``response_fields``).
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
    SourceContent,
    StreamError,
    StreamPart,
    TextDelta,
    TextEnd,
    TextStart,
)
from ...spec.errors import APICallError, InvalidResponseDataError
from .error_message import openai_error_message
from .finish_reason import map_finish_reason
from .response_fields import content_parts, search_result_sources, string, timestamp, url_citations
from .tool_calls import ToolCallTracker
from .usage import convert_usage, response_provider_metadata

_TEXT_ID = "txt-0"
_REASONING_ID = "reasoning-0"
_NO_FINISH_REASON = CallWarning(
    "other",
    message="the stream ended with [DONE] but no finish reason; the answer is kept and the "
    "finish reason is 'other'",
)


class OpenAIChatStreamDecoder:
    __slots__ = (
        "_awaiting_search_results",
        "_done",
        "_failed",
        "_finish_raw",
        "_include_raw",
        "_metadata_sent",
        "_new_id",
        "_provider",
        "_reasoning_open",
        "_reasoning_outside_completion",
        "_refusal",
        "_text_open",
        "_tools",
        "_usage",
    )

    def __init__(
        self,
        provider: str,
        new_id: Callable[[], str],
        *,
        include_raw: bool = False,
        reasoning_outside_completion: bool = False,
        search_results_as_sources: bool = False,
    ) -> None:
        self._provider = provider
        self._reasoning_outside_completion = reasoning_outside_completion
        self._awaiting_search_results = search_results_as_sources
        self._include_raw = include_raw
        self._tools = ToolCallTracker(new_id)
        self._new_id = new_id
        self._metadata_sent = False
        self._text_open = False
        self._reasoning_open = False
        self._finish_raw: str | None = None
        self._usage: Any = None
        self._refusal: list[str] = []
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
        if "error" in chunk and "choices" not in chunk:
            message = openai_error_message(chunk) or str(chunk["error"])[:200]
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
        if self._awaiting_search_results:  # Perplexity repeats them on every chunk: once is enough
            sources = search_result_sources(chunk)
            if sources:
                self._awaiting_search_results = False
                parts.extend(SourceContent("url", self._new_id(), url=url, title=t) for url, t in sources)
        choices = chunk.get("choices")
        if not choices:
            return
        choice = choices[0]
        delta = choice.get("delta")
        if delta:
            reasoning = string(delta.get("reasoning_content")) or string(delta.get("reasoning"))
            content = delta.get("content")
            if content is not None and not isinstance(content, str):
                parsed = content_parts(content)
                if parsed is None:
                    raise TypeError("delta.content is neither text nor a list of parts")
                content, extra_reasoning = parsed
                reasoning = reasoning or extra_reasoning
            if reasoning:
                if not self._reasoning_open:
                    self._reasoning_open = True
                    parts.append(ReasoningStart(_REASONING_ID))
                parts.append(ReasoningDelta(_REASONING_ID, reasoning))
            if content:
                self._close_reasoning(parts)
                if not self._text_open:
                    self._text_open = True
                    parts.append(TextStart(_TEXT_ID))
                parts.append(TextDelta(_TEXT_ID, content))
            refusal = delta.get("refusal")
            if refusal and isinstance(refusal, str):
                self._refusal.append(refusal)
            for url, title in url_citations(delta.get("annotations")):
                parts.append(SourceContent("url", self._new_id(), url=url, title=title))
            tool_calls = delta.get("tool_calls")
            if tool_calls:
                self._close_reasoning(parts)
                for position, tool_call in enumerate(tool_calls):
                    if isinstance(tool_call, dict):
                        parts.extend(self._tools.feed(tool_call, position))
        finish_reason = choice.get("finish_reason")
        if finish_reason and isinstance(finish_reason, str):
            self._finish_raw = finish_reason

    def _close_reasoning(self, parts: list[StreamPart]) -> None:
        if self._reasoning_open:
            self._reasoning_open = False
            parts.append(ReasoningEnd(_REASONING_ID))

    def finish(self) -> list[StreamPart]:
        parts: list[StreamPart] = []
        if self._reasoning_open:
            parts.append(ReasoningEnd(_REASONING_ID))
        if self._text_open:
            parts.append(TextEnd(_TEXT_ID))
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
        usage = self._usage
        converted = convert_usage(usage, reasoning_outside_completion=self._reasoning_outside_completion)
        metadata = response_provider_metadata(self._provider, usage, "".join(self._refusal) or None)
        parts.append(Finish(reason, converted, metadata, warnings or None))
        return parts

    def _invalid(self, data: str) -> list[StreamPart]:
        error = InvalidResponseDataError(
            f"stream chunk has an unexpected shape: {data[:200]!r}", provider=self._provider
        )
        return self._fail(error)

    def _fail(self, error: Exception) -> list[StreamPart]:
        self._failed = True
        return [StreamError(error)]
