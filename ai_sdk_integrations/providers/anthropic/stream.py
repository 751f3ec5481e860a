"""Anthropic stream events -> spec stream parts (a sans-I/O decoder).

Feed it each SSE ``data`` payload (every Anthropic event names its own ``type``
there, so the ``event:`` line is not needed), then call ``finish()`` once.

* ``message_start``: response metadata, and the input side of usage;
* ``content_block_start`` / ``_delta`` / ``_stop``: a block per ``index``. ``text``
  (``text_delta``, ``citations_delta`` -> sources), ``thinking`` (``thinking_delta``,
  then ``signature_delta``: the signature rides on ``reasoning-end`` as provider
  metadata), ``redacted_thinking`` (its data on ``reasoning-start``), ``tool_use`` and
  ``server_tool_use`` (``input_json_delta`` -> tool-input deltas, then the complete
  tool call), ``web_search_tool_result`` (tool result and sources);
* ``message_delta``: stop reason, stop sequence and the final usage counts;
* ``message_stop``: the end; ``ping``: a ``Ping`` part;
* ``error``: a ``StreamError`` typed by the error's ``type`` (``overloaded_error``
  is a retryable ``ServerError`` with status 529).

A payload that cannot be read becomes a ``StreamError`` carrying an
``InvalidResponseDataError`` and the stream goes on, so what was said is kept.
``finish()`` closes open blocks and ends with exactly one ``Finish``; a stream that
ended before saying why it stopped (no stop reason, no ``message_stop``: cut off)
finishes as an error.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from ...spec import (
    Finish,
    FinishReason,
    Ping,
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
from ...spec.wire import arguments_text
from .citations import CitedDocument, citation_source, web_search_result
from .content import tool_input_text
from .errors import stream_error
from .fields import mapping, string, text_of
from .finish_reason import map_stop_reason
from .tools import JSON_TOOL
from .usage import convert_usage, message_metadata


class _Block:
    __slots__ = (
        "call_id", "citations", "executed", "fragments", "initial", "key", "kind", "name", "signature"
    )  # fmt: skip

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        """text, reasoning, redacted, tool, json (the JSON response tool, read as text)."""
        self.key = key
        """The block's index as the id of its stream parts."""
        self.call_id = ""
        self.name = ""
        self.executed: bool | None = None
        self.fragments: list[str] = []
        self.initial: Any = None
        self.signature: str | None = None
        self.citations: list[dict[str, Any]] = []


class AnthropicStreamDecoder:
    __slots__ = (
        "_blocks",
        "_documents",
        "_failed",
        "_include_raw",
        "_json_tool",
        "_new_id",
        "_provider",
        "_stop_reason",
        "_stop_sequence",
        "_stopped",
        "_usage",
    )

    def __init__(
        self,
        provider: str,
        new_id: Callable[[], str],
        *,
        json_tool: bool = False,
        documents: Sequence[CitedDocument] = (),
        include_raw: bool = False,
    ) -> None:
        self._provider = provider
        self._new_id = new_id
        self._json_tool = json_tool
        self._documents = documents
        self._include_raw = include_raw
        self._blocks: dict[int, _Block] = {}
        self._usage: dict[str, Any] = {}
        self._stop_reason: str | None = None
        self._stop_sequence: str | None = None
        self._stopped = False
        self._failed = False

    # -- events ---------------------------------------------------------------------

    def feed(self, data: str) -> list[StreamPart]:
        try:
            event = json.loads(data)
        except ValueError:
            return self._invalid(f"stream event is not JSON: {data[:200]!r}")
        parts: list[StreamPart] = [Raw(event)] if self._include_raw else []
        if not isinstance(event, dict):
            parts.extend(self._invalid(f"stream event is not an object: {data[:200]!r}"))
            return parts
        try:
            self._event(event, parts)
        except (AttributeError, KeyError, TypeError, IndexError, ValueError):
            parts.extend(self._invalid(f"stream event has an unexpected shape: {data[:200]!r}"))
        return parts

    def _event(self, event: dict[str, Any], parts: list[StreamPart]) -> None:
        kind = event.get("type")
        if kind == "content_block_delta":
            index = event["index"]
            if not isinstance(index, int) or index not in self._blocks:
                raise KeyError("a delta for a block that is not open")
            self._delta(self._blocks[index], mapping(event["delta"]), parts)
        elif kind == "content_block_start":
            self._start(event, parts)
        elif kind == "content_block_stop":
            index = event["index"]
            closed = self._blocks.pop(index) if isinstance(index, int) and index in self._blocks else None
            if closed is None:
                raise KeyError("content_block_stop for a block that is not open")
            parts.extend(self._close(closed))
        elif kind == "message_start":
            message = mapping(event.get("message"))
            usage = message.get("usage")
            if isinstance(usage, dict):
                self._usage.update(usage)
            parts.append(ResponseMetadata(string(message.get("id")), None, string(message.get("model"))))
        elif kind == "message_delta":
            delta = mapping(event.get("delta"))
            reason = string(delta.get("stop_reason"))
            if reason:
                self._stop_reason = reason
            self._stop_sequence = string(delta.get("stop_sequence")) or self._stop_sequence
            usage = event.get("usage")
            if isinstance(usage, dict):
                self._usage.update({k: v for k, v in usage.items() if v is not None})
        elif kind == "message_stop":
            self._stopped = True
        elif kind == "ping":
            parts.append(Ping())
        elif kind == "error":
            self._failed = True
            parts.append(StreamError(stream_error(self._provider, event)))
        # Unknown event types are new additions to the protocol: skipped, as Anthropic
        # asks clients to do.

    def _start(self, event: dict[str, Any], parts: list[StreamPart]) -> None:
        index = event["index"]
        block = event["content_block"]
        if not isinstance(index, int) or not isinstance(block, dict) or index in self._blocks:
            raise TypeError("content_block_start without a new index and a block")
        kind = block.get("type")
        key = str(index)
        if kind == "text":
            self._blocks[index] = _Block("text", key)
            parts.append(TextStart(key))
            text = text_of(block, "text")
            if text:
                parts.append(TextDelta(key, text))
        elif kind == "thinking":
            opened = self._blocks[index] = _Block("reasoning", key)
            opened.signature = string(block.get("signature")) or None
            parts.append(ReasoningStart(key))
            thinking = text_of(block, "thinking")
            if thinking:
                parts.append(ReasoningDelta(key, thinking))
        elif kind == "redacted_thinking":
            self._blocks[index] = _Block("redacted", key)
            data = string(block.get("data"))
            parts.append(ReasoningStart(key, {self._provider: {"redactedData": data}} if data else None))
        elif kind in ("tool_use", "server_tool_use"):
            name = string(block.get("name"))
            if name is None:
                raise TypeError("a tool_use block has no name")
            if kind == "tool_use" and self._json_tool and name == JSON_TOOL:
                self._blocks[index] = _Block("json", key)
                parts.append(TextStart(key))
                return
            opened = self._blocks[index] = _Block("tool", key)
            opened.call_id = string(block.get("id")) or self._new_id()
            opened.name = name
            opened.initial = block.get("input")
            opened.executed = True if kind == "server_tool_use" else None
            parts.append(ToolInputStart(opened.call_id, name, provider_executed=opened.executed))
        elif kind == "web_search_tool_result":
            self._blocks[index] = _Block("done", key)
            parts.extend(web_search_result(block, "web_search", self._provider, self._new_id))
        else:
            self._blocks[index] = _Block("other", key)  # a newer block type: its events are skipped

    def _delta(self, block: _Block, delta: dict[str, Any], parts: list[StreamPart]) -> None:
        kind = delta.get("type")
        key = block.key
        if kind == "text_delta" and block.kind == "text":
            parts.append(TextDelta(key, text_of(delta, "text")))
        elif kind == "thinking_delta" and block.kind == "reasoning":
            parts.append(ReasoningDelta(key, text_of(delta, "thinking")))
        elif kind == "signature_delta" and block.kind == "reasoning":
            signature = string(delta.get("signature"))
            if signature:
                block.signature = (block.signature or "") + signature
        elif kind == "input_json_delta" and block.kind in ("tool", "json"):
            fragment = arguments_text(delta.get("partial_json")) or ""
            if not fragment:
                return
            block.fragments.append(fragment)
            if block.kind == "json":
                parts.append(TextDelta(key, fragment))
            else:
                parts.append(ToolInputDelta(block.call_id, fragment))
        elif kind == "citations_delta" and block.kind == "text":
            citation = delta.get("citation")
            if isinstance(citation, dict):
                block.citations.append(citation)
                source = citation_source(citation, self._documents, self._provider, self._new_id)
                if source is not None:
                    parts.append(source)
        elif block.kind != "other" and kind in (
            "text_delta",
            "thinking_delta",
            "signature_delta",
            "input_json_delta",
            "citations_delta",
        ):
            raise TypeError(f"a {kind} for a {block.kind} block")

    def _close(self, block: _Block) -> list[StreamPart]:
        key = block.key
        if block.kind in ("text", "json"):
            return [TextEnd(key)]
        if block.kind == "reasoning":
            signed = {self._provider: {"signature": block.signature}} if block.signature else None
            return [ReasoningEnd(key, signed)]
        if block.kind == "redacted":
            return [ReasoningEnd(key)]
        if block.kind == "tool":
            arguments = "".join(block.fragments)
            if not arguments:
                arguments = tool_input_text(block.initial if isinstance(block.initial, dict) else {})
            call = ToolCallContent(block.call_id, block.name, arguments, provider_executed=block.executed)
            return [ToolInputEnd(block.call_id), call]
        return []

    # -- the end --------------------------------------------------------------------

    def finish(self) -> list[StreamPart]:
        parts: list[StreamPart] = []
        for _, block in sorted(self._blocks.items()):
            parts.extend(self._close(block))
        self._blocks.clear()
        if self._failed:
            reason = FinishReason("error", self._stop_reason)
        elif self._stopped or self._stop_reason is not None:
            reason = map_stop_reason(self._stop_reason, json_tool=self._json_tool)
        else:
            error = InvalidResponseDataError(
                "the stream ended without message_stop (cut off?)", provider=self._provider
            )
            parts.append(StreamError(error))
            reason = FinishReason("error", None)
        usage = self._usage or None
        metadata = message_metadata(self._provider, usage, self._stop_sequence)
        parts.append(Finish(reason, convert_usage(usage), metadata))
        return parts

    def _invalid(self, message: str) -> list[StreamPart]:
        self._failed = True
        return [StreamError(InvalidResponseDataError(message, provider=self._provider))]
