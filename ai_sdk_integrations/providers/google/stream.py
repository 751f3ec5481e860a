"""``streamGenerateContent?alt=sse`` events -> spec stream parts (a sans-I/O decoder).

Each SSE ``data`` is a whole ``GenerateContentResponse`` holding the next parts of the
candidate: text and thought deltas (grouped into text and reasoning blocks), complete
function calls (each one ``tool-input-start`` / ``-delta`` / ``-end`` and ``tool-call``),
files, code execution. Usage and grounding come with the chunks and the last ones count;
the chunk with ``finishReason`` ends the answer (Gemini sends no ``[DONE]``), so a
stream that stops before it was cut off. An ``{"error": ...}`` event or an unreadable
chunk becomes an ``error`` part and the stream goes on, keeping what was said.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ...spec import (
    FileContent,
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
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
    ToolResultContent,
)
from ...spec.errors import APICallError, InvalidResponseDataError
from ...spec.prompt import DataFile
from .error_message import google_error_class, google_error_message
from .fields import mapping, string
from .finish_reason import map_block_reason, map_finish_reason
from .response_parts import (
    candidate_parts,
    create_time,
    function_call_arguments,
    grounding_sources,
    result_metadata,
    signature_metadata,
)
from .usage import convert_usage


class GoogleStreamDecoder:
    __slots__ = (
        "_block",
        "_block_id",
        "_blocks",
        "_body",
        "_candidate",
        "_failed",
        "_finish_raw",
        "_grounding",
        "_has_calls",
        "_include_raw",
        "_last_code",
        "_metadata_sent",
        "_new_id",
        "_provider",
        "_source_urls",
    )

    def __init__(self, provider: str, new_id: Callable[[], str], *, include_raw: bool = False) -> None:
        self._provider = provider
        self._new_id = new_id
        self._include_raw = include_raw
        self._block: str | None = None  # "text" or "reasoning": the open block's kind
        self._block_id = ""
        self._blocks = 0
        self._body: dict[str, Any] = {}  # the latest chunk's top-level metadata
        self._candidate: dict[str, Any] = {}  # the latest candidate's metadata
        self._grounding: Any = None
        self._source_urls: set[str] = set()
        self._has_calls = False
        self._last_code: str | None = None
        self._finish_raw: str | None = None
        self._metadata_sent = False
        self._failed = False

    def feed(self, data: str) -> list[StreamPart]:
        try:
            chunk = json.loads(data)
        except ValueError:
            return self._fail(
                InvalidResponseDataError(f"stream chunk is not JSON: {data[:200]!r}", provider=self._provider)
            )
        parts: list[StreamPart] = [Raw(chunk)] if self._include_raw else []
        if isinstance(chunk, list) and len(chunk) == 1:  # an error sent as a JSON array
            chunk = chunk[0]
        if not isinstance(chunk, dict):
            parts.extend(self._invalid(data))
            return parts
        try:
            self._chunk(chunk, parts)
        except (AttributeError, KeyError, TypeError, IndexError, ValueError):
            parts.extend(self._invalid(data))
        return parts

    def _chunk(self, chunk: dict[str, Any], parts: list[StreamPart]) -> None:
        if "error" in chunk and "candidates" not in chunk:
            message = google_error_message(chunk) or str(chunk["error"])[:200]
            cls = google_error_class(200, chunk) or APICallError
            status = int(getattr(cls, "default_status", 200))
            error = cls(
                f"{self._provider} stream error: {message}",
                status_code=status,
                provider=self._provider,
                data=chunk,
            )
            parts.extend(self._fail(error))
            return
        if not self._metadata_sent:
            self._metadata_sent = True
            parts.append(
                ResponseMetadata(
                    string(chunk.get("responseId")),
                    create_time(chunk.get("createTime")),
                    string(chunk.get("modelVersion")),
                )
            )
        for key in ("usageMetadata", "promptFeedback"):
            if isinstance(chunk.get(key), dict):
                self._body[key] = chunk[key]
        candidates = chunk.get("candidates")
        if not candidates:
            return
        candidate = candidates[0]
        if not isinstance(candidate, dict):
            raise TypeError("candidates[0] is not an object")
        for key in ("safetyRatings", "finishMessage", "urlContextMetadata"):
            if key in candidate:
                self._candidate[key] = candidate[key]
        grounding = candidate.get("groundingMetadata")
        if isinstance(grounding, dict):
            self._grounding = grounding
            for source in grounding_sources(grounding, self._new_id):
                if source.url not in self._source_urls:
                    self._source_urls.add(source.url or "")
                    parts.append(source)
        for part in candidate_parts(candidate):
            self._part(part, parts)
        finish = candidate.get("finishReason")
        if isinstance(finish, str) and finish:
            self._finish_raw = finish

    def _part(self, part: dict[str, Any], parts: list[StreamPart]) -> None:
        metadata = signature_metadata(self._provider, part)
        text = part.get("text")
        call = part.get("functionCall")
        if isinstance(text, str):
            if not text:
                if metadata is not None and self._block is not None:  # signs the open block
                    kind = TextDelta if self._block == "text" else ReasoningDelta
                    parts.append(kind(self._block_id, "", metadata))
                return
            wanted = "reasoning" if part.get("thought") is True else "text"
            if self._block != wanted:
                self._close(parts)
                self._block = wanted
                self._blocks += 1
                self._block_id = f"{wanted}-{self._blocks}"
                start = TextStart if wanted == "text" else ReasoningStart
                parts.append(start(self._block_id, metadata))
            delta = TextDelta if wanted == "text" else ReasoningDelta
            parts.append(delta(self._block_id, text, metadata))
            return
        if isinstance(call, dict) and string(call.get("name")):
            self._close(parts)
            call_id = string(call.get("id")) or self._new_id()
            arguments = function_call_arguments(call)
            parts.append(ToolInputStart(call_id, call["name"], provider_metadata=metadata))
            parts.append(ToolInputDelta(call_id, arguments, metadata))
            parts.append(ToolInputEnd(call_id, metadata))
            parts.append(ToolCallContent(call_id, call["name"], arguments, provider_metadata=metadata))
            self._has_calls = True
        elif isinstance(part.get("inlineData"), dict):
            self._close(parts)
            inline = part["inlineData"]
            media_type = string(inline.get("mimeType")) or "application/octet-stream"
            parts.append(FileContent(media_type, DataFile(string(inline.get("data")) or ""), metadata))
        elif isinstance(part.get("executableCode"), dict):
            self._close(parts)
            self._last_code = self._new_id()
            arguments = function_call_arguments({"args": part["executableCode"]})
            parts.append(
                ToolCallContent(self._last_code, "code_execution", arguments, provider_executed=True)
            )
        elif isinstance(part.get("codeExecutionResult"), dict) and self._last_code is not None:
            result = part["codeExecutionResult"]
            output = {"outcome": result.get("outcome"), "output": result.get("output") or ""}
            parts.append(ToolResultContent(self._last_code, "code_execution", output))

    def _close(self, parts: list[StreamPart]) -> None:
        if self._block == "text":
            parts.append(TextEnd(self._block_id))
        elif self._block == "reasoning":
            parts.append(ReasoningEnd(self._block_id))
        self._block = None

    def finish(self) -> list[StreamPart]:
        parts: list[StreamPart] = []
        self._close(parts)
        feedback = mapping(self._body.get("promptFeedback"))
        if self._failed:
            reason = FinishReason("error", self._finish_raw)
        elif self._finish_raw is not None:
            reason = map_finish_reason(self._finish_raw, has_tool_calls=self._has_calls)
        elif "blockReason" in feedback:
            reason = map_block_reason(feedback["blockReason"])
        else:
            parts.append(
                StreamError(
                    InvalidResponseDataError(
                        "the stream ended without a finishReason (cut off?)", provider=self._provider
                    )
                )
            )
            reason = FinishReason("error", None)
        metadata = result_metadata(self._provider, self._body, self._candidate, self._grounding)
        parts.append(Finish(reason, convert_usage(self._body.get("usageMetadata")), metadata))
        return parts

    def _invalid(self, data: str) -> list[StreamPart]:
        return self._fail(
            InvalidResponseDataError(
                f"stream chunk has an unexpected shape: {data[:200]!r}", provider=self._provider
            )
        )

    def _fail(self, error: Exception) -> list[StreamPart]:
        self._failed = True
        return [StreamError(error)]
