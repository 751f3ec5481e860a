"""Cohere Chat v2 stream events -> spec stream parts (a sans-I/O decoder).

Cohere streams Server-Sent Events whose JSON ``data`` names its own ``type``:
``message-start`` (the id), ``content-start`` / ``content-delta`` / ``content-end``
(text or ``thinking`` blocks, by ``index``), ``tool-plan-delta`` (the tool plan, given
here as a reasoning block), ``tool-call-start`` / ``tool-call-delta`` /
``tool-call-end`` (by ``index``), ``citation-start`` / ``citation-end`` (each citation a
document source), ``message-end`` (``delta.finish_reason``, ``delta.usage``, and
``delta.error`` when generation failed) and ``debug``. Unknown event types are skipped.

An event that cannot be read becomes an ``error`` part and the stream goes on; blocks
still open at the end are closed, and exactly one ``finish`` part ends the stream.
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
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
)
from ...spec.errors import APICallError, InvalidResponseDataError
from ...spec.wire import arguments_text
from .chat_messages import THINKING, TOOL_PLAN
from .fields import (
    PROVIDER,
    citation_source,
    convert_usage,
    map_finish_reason,
    mapping,
    string,
    tool_arguments,
    usage_metadata,
)

_PLAN_ID = "tool-plan"
_THINKING_METADATA = {PROVIDER: {"type": THINKING}}
_PLAN_METADATA = {PROVIDER: {"type": TOOL_PLAN}}
_NO_MESSAGE_END = CallWarning(
    "other",
    message="the stream ended with [DONE] but no message-end event; the answer is kept and the "
    "finish reason is 'other'",
)


class _Call:
    __slots__ = ("args", "id", "name")

    def __init__(self, call_id: str, name: str) -> None:
        self.id = call_id
        self.name = name
        self.args: list[str] = []


class CohereChatStreamDecoder:
    __slots__ = (
        "_blocks",
        "_calls",
        "_done",
        "_ended",
        "_failed",
        "_finish_raw",
        "_include_raw",
        "_model_id",
        "_new_id",
        "_plan_open",
        "_provider",
        "_usage",
    )

    def __init__(
        self,
        provider: str,
        new_id: Callable[[], str],
        model_id: str | None = None,
        *,
        include_raw: bool = False,
    ) -> None:
        self._provider = provider
        self._new_id = new_id
        self._model_id = model_id
        self._include_raw = include_raw
        self._blocks: dict[int, str] = {}
        """Open content blocks: index -> "text" or "thinking"."""
        self._calls: dict[int, _Call] = {}
        self._plan_open = False
        self._finish_raw: str | None = None
        self._usage: Any = None
        self._failed = False
        self._done = False
        self._ended = False

    def feed(self, data: str) -> list[StreamPart]:
        if data.strip() == "[DONE]":
            self._done = True
            return []
        try:
            event = json.loads(data)
        except ValueError:
            return self._fail(
                InvalidResponseDataError(f"stream event is not JSON: {data[:200]!r}", provider=self._provider)
            )
        parts: list[StreamPart] = [Raw(event)] if self._include_raw else []
        if not isinstance(event, dict):
            parts.extend(self._invalid(data))
            return parts
        try:
            self._event(event, parts)
        except (AttributeError, KeyError, TypeError, IndexError, ValueError):
            parts.extend(self._invalid(data))
        return parts

    def _event(self, event: dict[str, Any], parts: list[StreamPart]) -> None:
        kind = event.get("type")
        delta = mapping(event.get("delta"))
        message = mapping(delta.get("message"))
        index = event.get("index")
        index = index if isinstance(index, int) and not isinstance(index, bool) else 0
        if kind == "message-start":
            parts.append(ResponseMetadata(string(event.get("id")), None, self._model_id))
        elif kind in ("content-start", "content-delta"):
            content = message["content"]
            if not isinstance(content, dict):
                raise TypeError("delta.message.content is not an object")
            block = self._open(index, content, parts)
            piece = content.get(block)
            if piece is not None and not isinstance(piece, str):
                raise TypeError(f"content.{block} is not a string")
            if piece:
                parts.append(
                    TextDelta(str(index), piece) if block == "text" else ReasoningDelta(str(index), piece)
                )
        elif kind == "content-end":
            self._close(index, parts)
        elif kind == "tool-plan-delta":
            piece = message["tool_plan"]
            if not isinstance(piece, str):
                raise TypeError("delta.message.tool_plan is not a string")
            if not self._plan_open:
                self._plan_open = True
                parts.append(ReasoningStart(_PLAN_ID, _PLAN_METADATA))
            if piece:
                parts.append(ReasoningDelta(_PLAN_ID, piece))
        elif kind == "tool-call-start":
            self._close_plan(parts)
            wire_call = mapping(message["tool_calls"])
            function = mapping(wire_call.get("function"))
            name = function.get("name")
            if not isinstance(name, str):
                raise TypeError("tool-call-start has no function name")
            started = _Call(string(wire_call.get("id")) or self._new_id(), name)
            self._flush_call(index, parts)  # an index reused before its end: finish the old call
            self._calls[index] = started
            parts.append(ToolInputStart(started.id, name))
            self._append_args(started, function.get("arguments"), parts)
        elif kind == "tool-call-delta":
            pending = self._calls.get(index)
            if pending is not None:
                function = mapping(mapping(message.get("tool_calls")).get("function"))
                self._append_args(pending, function.get("arguments"), parts)
        elif kind == "tool-call-end":
            self._flush_call(index, parts)
        elif kind == "citation-start":
            source = citation_source(message.get("citations"), self._new_id)
            if source is not None:
                parts.append(source)
        elif kind == "message-end":
            self._close_all(parts)
            self._ended = True
            self._finish_raw = string(delta.get("finish_reason")) or self._finish_raw
            usage = delta.get("usage")
            if isinstance(usage, dict) and usage:
                self._usage = usage
            error = string(delta.get("error"))
            if error:
                parts.extend(
                    self._fail(APICallError(error, status_code=200, provider=self._provider, data=event))
                )
        # citation-end, debug and event types added later carry nothing to decode.

    # -- blocks ---------------------------------------------------------------------

    def _open(self, index: int, content: dict[str, Any], parts: list[StreamPart]) -> str:
        """The kind of block ``index`` is, opening it if ``content-start`` was missed."""
        open_kind = self._blocks.get(index)
        kind = content.get("type")
        if kind not in ("text", THINKING):
            kind = open_kind or (THINKING if "thinking" in content and "text" not in content else "text")
        if open_kind is not None and open_kind != kind:
            self._close(index, parts)
            open_kind = None
        if open_kind is None:
            self._close_plan(parts)
            self._blocks[index] = kind
            parts.append(
                TextStart(str(index)) if kind == "text" else ReasoningStart(str(index), _THINKING_METADATA)
            )
        return str(kind)

    def _close(self, index: int, parts: list[StreamPart]) -> None:
        kind = self._blocks.pop(index, None)
        if kind == "text":
            parts.append(TextEnd(str(index)))
        elif kind == THINKING:
            parts.append(ReasoningEnd(str(index)))

    def _close_plan(self, parts: list[StreamPart]) -> None:
        if self._plan_open:
            self._plan_open = False
            parts.append(ReasoningEnd(_PLAN_ID))

    def _append_args(self, call: _Call, value: Any, parts: list[StreamPart]) -> None:
        fragment = arguments_text(value)
        if value is not None and fragment is None:
            raise TypeError("tool call arguments are neither text nor JSON")
        if fragment:
            call.args.append(fragment)
            parts.append(ToolInputDelta(call.id, fragment))

    def _flush_call(self, index: int, parts: list[StreamPart]) -> None:
        call = self._calls.pop(index, None)
        if call is not None:
            parts.append(ToolInputEnd(call.id))
            parts.append(ToolCallContent(call.id, call.name, tool_arguments("".join(call.args))))

    def _close_all(self, parts: list[StreamPart]) -> None:
        self._close_plan(parts)
        for index in sorted(self._blocks):
            self._close(index, parts)
        for index in sorted(self._calls):
            self._flush_call(index, parts)

    # -- the end --------------------------------------------------------------------

    def finish(self) -> list[StreamPart]:
        parts: list[StreamPart] = []
        self._close_all(parts)
        warnings: list[CallWarning] = []
        if self._failed:
            reason = FinishReason("error", self._finish_raw)
        elif self._ended:
            reason = map_finish_reason(self._finish_raw)
        elif self._done:
            reason = FinishReason("other", None)
            warnings.append(_NO_MESSAGE_END)
        else:
            error = InvalidResponseDataError(
                "the stream ended without a message-end event (cut off?)", provider=self._provider
            )
            parts.append(StreamError(error))
            reason = FinishReason("error", None)
        usage = self._usage
        parts.append(Finish(reason, convert_usage(usage), usage_metadata(usage), warnings or None))
        return parts

    def _invalid(self, data: str) -> list[StreamPart]:
        return self._fail(
            InvalidResponseDataError(
                f"stream event has an unexpected shape: {data[:200]!r}", provider=self._provider
            )
        )

    def _fail(self, error: Exception) -> list[StreamPart]:
        self._failed = True
        return [StreamError(error)]
