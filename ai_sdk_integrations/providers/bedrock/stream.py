"""ConverseStream messages -> spec stream parts (a sans-I/O decoder).

The transport cuts the binary AWS event stream into messages
(``transport/framing/aws_eventstream``); this decoder reads each one's headers and JSON
payload. ``:message-type: event`` messages are, by ``:event-type``: ``messageStart``,
``contentBlockStart`` (a tool call's id and name; text and reasoning blocks often start
with their first delta instead), ``contentBlockDelta`` (``text``, ``toolUse.input``
fragments, ``reasoningContent`` ``text`` / ``signature`` / ``redactedContent``),
``contentBlockStop``, ``messageStop`` (the stop reason) and ``metadata`` (usage,
metrics, the guardrail trace), usually after ``messageStop``. ``exception`` messages
(``throttlingException``, ``validationException``, ``modelStreamErrorException``,
``internalServerException``, ``serviceUnavailableException``) and ``error`` messages
become typed ``StreamError`` parts. A payload that cannot be read is a ``StreamError``
and the stream goes on; ``finish()`` closes what is open and emits one ``Finish``.
Blocks are keyed by ``contentBlockIndex``; the part ids are those indexes as text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ...spec import (
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
from ...spec.errors import InvalidResponseDataError
from ...spec.wire import arguments_text, parse_count
from .content import redacted_metadata, signature_metadata
from .errors import stream_exception
from .fields import mapping, string
from .finish_reason import map_stop_reason
from .messages import tool_call_id
from .tools import JSON_TOOL
from .usage import convert_usage, response_metadata, stop_sequence_of


class _Block:
    __slots__ = ("call_id", "json_answer", "kind", "name", "parts", "redacted")

    def __init__(self, kind: str, call_id: str = "", name: str = "", json_answer: bool = False) -> None:
        self.kind = kind
        self.call_id = call_id
        self.name = name
        self.json_answer = json_answer
        self.parts: list[str] = []
        self.redacted: list[str] = []


class BedrockConverseStreamDecoder:
    __slots__ = (
        "_anthropic",
        "_blocks",
        "_failed",
        "_include_raw",
        "_json_answered",
        "_json_tool",
        "_metadata",
        "_mistral",
        "_model_id",
        "_new_id",
        "_provider",
        "_response_id",
        "_started",
        "_stop",
    )

    def __init__(
        self,
        provider: str,
        model_id: str,
        new_id: Callable[[], str],
        *,
        include_raw: bool = False,
        json_tool: bool = False,
        anthropic: bool = False,
        mistral: bool = False,
    ) -> None:
        self._provider = provider
        self._model_id = model_id
        self._new_id = new_id
        self._include_raw = include_raw
        self._json_tool = json_tool
        self._anthropic = anthropic
        self._mistral = mistral
        self._blocks: dict[int, _Block] = {}
        self._stop: Mapping[str, Any] | None = None
        self._metadata: Mapping[str, Any] = {}
        self._failed = False
        self._json_answered = False
        self._started = False
        self._response_id: str | None = None

    def response_headers(self, headers: Mapping[str, str]) -> None:
        """The request id is the response's id (Converse has no id of its own)."""
        self._response_id = headers.get("x-amzn-requestid")

    def feed(self, message: Any) -> list[StreamPart]:
        parts: list[StreamPart] = []
        if not self._started:
            self._started = True
            parts.append(ResponseMetadata(self._response_id, None, self._model_id))
        headers = getattr(message, "headers", None)
        payload = getattr(message, "payload", None)
        if not isinstance(headers, Mapping) or not isinstance(payload, bytes):
            return self._fail(
                parts, InvalidResponseDataError(f"not an event stream message: {message!r}"[:200])
            )
        kind = headers.get(":message-type")
        try:
            data = json.loads(payload) if payload else {}
        except ValueError:
            data = None
        if self._include_raw:
            parts.append(Raw(data if data is not None else payload.decode("utf-8", "replace")))
        if kind == "exception":
            exception_type = string(headers.get(":exception-type"))
            return self._fail(parts, stream_exception(self._provider, exception_type, data))
        if kind == "error":
            code = string(headers.get(":error-code"))
            return self._fail(
                parts,
                stream_exception(self._provider, code, data, string(headers.get(":error-message")) or ""),
            )
        event = string(headers.get(":event-type"))
        if not isinstance(data, dict):
            return self._fail(
                parts,
                InvalidResponseDataError(
                    f"{self._provider} stream event {event!r} is not a JSON object: {payload[:200]!r}",
                    provider=self._provider,
                ),
            )
        try:
            self._event(event, data, parts)
        except (AttributeError, KeyError, TypeError, ValueError):
            return self._fail(
                parts,
                InvalidResponseDataError(
                    f"{self._provider} stream event {event!r} has an unexpected shape: {payload[:200]!r}",
                    provider=self._provider,
                ),
            )
        return parts

    # -- events ------------------------------------------------------------------------

    def _event(self, event: str | None, data: dict[str, Any], parts: list[StreamPart]) -> None:
        if event == "contentBlockDelta":
            self._delta(_index(data), mapping(data.get("delta")), parts)
        elif event == "contentBlockStart":
            use = mapping(mapping(data.get("start")).get("toolUse"))
            if use:
                self._tool_start(_index(data), use, parts)
        elif event == "contentBlockStop":
            self._close(_index(data), parts)
        elif event == "messageStop":
            self._stop = data
        elif event == "metadata":
            self._metadata = data
        # messageStart says only the role; unknown events are newer than this code.

    def _delta(self, index: int, delta: Mapping[str, Any], parts: list[StreamPart]) -> None:
        text = delta.get("text")
        if isinstance(text, str):
            block = self._open(index, "text", parts)
            if block.kind != "text":
                raise TypeError("text for a block that is not text")
            if text:
                parts.append(TextDelta(str(index), text))
            return
        use = mapping(delta.get("toolUse"))
        if use:
            fragment = arguments_text(use.get("input"))
            tool = self._blocks.get(index)
            if tool is None or tool.kind != "tool":
                raise TypeError("tool input for a block that is not a tool call")
            if isinstance(fragment, str) and fragment:
                tool.parts.append(fragment)
                if not tool.json_answer:
                    parts.append(ToolInputDelta(tool.call_id, fragment))
            return
        reasoning = mapping(delta.get("reasoningContent"))
        if reasoning:
            block = self._open(index, "reasoning", parts)
            if block.kind != "reasoning":
                raise TypeError("reasoning for a block that is not reasoning")
            text = reasoning.get("text")
            signature = string(reasoning.get("signature"))
            redacted = string(reasoning.get("redactedContent")) or string(reasoning.get("data"))
            if isinstance(text, str) and text:
                parts.append(ReasoningDelta(str(index), text))
            if signature:
                parts.append(ReasoningDelta(str(index), "", signature_metadata(self._provider, signature)))
            if redacted:
                block.redacted.append(redacted)  # attached once, at the block's end

    def _open(self, index: int, kind: str, parts: list[StreamPart]) -> _Block:
        block = self._blocks.get(index)
        if block is not None:
            return block
        block = self._blocks[index] = _Block(kind)
        parts.append(TextStart(str(index)) if kind == "text" else ReasoningStart(str(index)))
        return block

    def _tool_start(self, index: int, use: Mapping[str, Any], parts: list[StreamPart]) -> None:
        name = string(use.get("name")) or ""
        call_id = tool_call_id(string(use.get("toolUseId")) or self._new_id(), self._mistral)
        json_answer = self._json_tool and name == JSON_TOOL
        self._blocks[index] = _Block("tool", call_id, name, json_answer)
        if not json_answer:
            parts.append(ToolInputStart(call_id, name))

    def _close(self, index: int, parts: list[StreamPart]) -> None:
        block = self._blocks.pop(index, None)
        if block is None:
            return
        if block.kind == "text":
            parts.append(TextEnd(str(index)))
        elif block.kind == "reasoning":
            redacted = "".join(block.redacted)
            parts.append(
                ReasoningEnd(str(index), redacted_metadata(self._provider, redacted) if redacted else None)
            )
        elif block.json_answer:
            self._json_answered = True
            parts.extend(
                (
                    TextStart(str(index)),
                    TextDelta(str(index), "".join(block.parts) or "{}"),
                    TextEnd(str(index)),
                )
            )
        else:
            parts.append(ToolInputEnd(block.call_id))
            parts.append(ToolCallContent(block.call_id, block.name, "".join(block.parts) or "{}"))

    # -- the end -----------------------------------------------------------------------

    def finish(self) -> list[StreamPart]:
        parts: list[StreamPart] = []
        for index in sorted(self._blocks):
            self._close(index, parts)
        stop = self._stop
        if self._failed:
            reason = FinishReason("error", string(stop.get("stopReason")) if stop else None)
        elif stop is not None:
            reason = map_stop_reason(stop.get("stopReason"), json_tool=self._json_answered)
        else:
            parts.append(
                StreamError(
                    InvalidResponseDataError(
                        f"the {self._provider} stream ended without a messageStop event (cut off?)",
                        provider=self._provider,
                    )
                )
            )
            reason = FinishReason("error", None)
        metadata = self._metadata
        provider_metadata = response_metadata(
            self._provider,
            metadata,
            stop_sequence=stop_sequence_of(stop.get("additionalModelResponseFields")) if stop else None,
            anthropic=self._anthropic,
            json_tool=self._json_answered,
        )
        parts.append(Finish(reason, convert_usage(metadata.get("usage")), provider_metadata))
        return parts

    def _fail(self, parts: list[StreamPart], error: Exception) -> list[StreamPart]:
        self._failed = True
        parts.append(StreamError(error))
        return parts


def _index(data: Mapping[str, Any]) -> int:
    index = parse_count(data.get("contentBlockIndex"))
    if index is None:
        raise ValueError("contentBlockIndex is missing or not a count")
    return index
