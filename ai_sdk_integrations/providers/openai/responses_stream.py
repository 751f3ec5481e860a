"""Responses API stream events -> spec stream parts (a sans-I/O decoder).

Feed it each SSE ``data`` payload, then call ``finish()`` once. Every event carries its
``type``; blocks are keyed by the output item they belong to: text by the message
item's id, reasoning by ``<item id>:<summary index>`` (one block per summary part),
tool input by the function call's ``call_id`` (found from the event's
``output_index``). Built-in tools (web search, file search, code interpreter) give a
provider-executed ``tool-call`` when their item starts and a ``tool-result`` when it is
done. Progress events (``*.in_progress``, ``*.searching``, ``*.interpreting``...) and
event types this decoder does not know are skipped (kept as ``raw`` parts when asked).

Reasoning blocks end with the item's ``encrypted_content`` in their metadata. With
``store`` (OpenAI's default) a summary part ends when its ``.done`` event arrives;
without it every part waits for the item's ``output_item.done``, the event that carries
the final encrypted content, so the last block of each item holds what must be sent back.

A chunk that cannot be read becomes an ``error`` part and the stream goes on; an
``error`` event or ``response.failed`` becomes an ``error`` part typed by OpenAI's error
code (``responses_output.error_from_code``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
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
    ToolResultContent,
)
from ...spec.errors import InvalidResponseDataError
from ...spec.wire import arguments_text
from .response_fields import mapping, string, timestamp
from .responses_output import (
    PROVIDER_EXECUTED_ITEMS,
    annotation_source,
    convert_usage,
    error_from_code,
    map_finish_reason,
    provider_tool_input,
    provider_tool_result,
    response_provider_metadata,
)

_FINISHED = frozenset({"response.completed", "response.incomplete"})


class _Reasoning:
    __slots__ = ("encrypted", "parts")

    def __init__(self, encrypted: str | None) -> None:
        self.encrypted = encrypted
        self.parts: dict[int, str] = {}
        """summary index -> "active" | "can-conclude" | "concluded"."""


class _Call:
    __slots__ = ("call_id", "code", "container", "name", "provider_executed")

    def __init__(
        self, call_id: str, name: str, provider_executed: bool, container: str | None = None
    ) -> None:
        self.call_id = call_id
        self.name = name
        self.provider_executed = provider_executed
        self.container = container
        self.code: str | None = None
        """For a code interpreter: the code, once its ``.code.done`` event said it."""


class OpenAIResponsesStreamDecoder:
    __slots__ = (
        "_annotations",
        "_calls",
        "_done",
        "_failed",
        "_has_function_call",
        "_include_raw",
        "_new_id",
        "_provider",
        "_reasoning",
        "_refusal",
        "_response",
        "_store",
        "_texts",
    )

    def __init__(
        self, provider: str, new_id: Callable[[], str], *, include_raw: bool = False, store: bool = True
    ) -> None:
        self._provider = provider
        self._new_id = new_id
        self._include_raw = include_raw
        self._store = store
        self._texts: dict[str, list[Any]] = {}  # open message item id -> its annotations
        self._annotations: list[Any] = []
        self._reasoning: dict[str, _Reasoning] = {}
        self._calls: dict[int, _Call] = {}  # output_index -> call whose input is streaming
        self._refusal: list[str] = []
        self._response: Any = None
        self._has_function_call = False
        self._failed = False
        self._done = False

    def feed(self, data: str) -> list[StreamPart]:
        if data == "[DONE]":
            return []
        try:
            event = json.loads(data)
        except ValueError:
            return self._fail(
                InvalidResponseDataError(f"stream event is not JSON: {data[:200]!r}", provider=self._provider)
            )
        parts: list[StreamPart] = [Raw(event)] if self._include_raw else []
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            parts.extend(self._invalid(data))
            return parts
        try:
            self._event(event["type"], event, parts)
        except (AttributeError, KeyError, TypeError, IndexError, ValueError):
            parts.extend(self._invalid(data))
        return parts

    def _event(self, kind: str, event: dict[str, Any], parts: list[StreamPart]) -> None:
        if kind == "response.output_text.delta":  # the per-token case first
            item_id = self._item_id(event)
            if item_id not in self._texts:
                self._open_text(item_id, parts)
            parts.append(TextDelta(item_id, _text(event.get("delta"))))
        elif kind == "response.reasoning_summary_text.delta" or kind == "response.reasoning_text.delta":
            index = _index(event.get("summary_index", event.get("content_index")))
            block = self._reasoning_block(self._item_id(event), index, parts)
            parts.append(ReasoningDelta(block, _text(event.get("delta"))))
        elif kind == "response.function_call_arguments.delta":
            call = self._calls.get(_index(event.get("output_index")))
            if call is not None and not call.provider_executed:
                parts.append(ToolInputDelta(call.call_id, arguments_text(event.get("delta")) or ""))
        elif kind == "response.code_interpreter_call_code.delta":
            call = self._calls.get(_index(event.get("output_index")))
            if call is not None and call.code is None:
                parts.append(ToolInputDelta(call.call_id, json.dumps(_text(event.get("delta")))[1:-1]))
        elif kind == "response.code_interpreter_call_code.done":
            call = self._calls.get(_index(event.get("output_index")))
            if call is not None and call.code is None:
                call.code = _text(event.get("code"))
                parts.extend(self._code_call(call))
        elif kind == "response.output_item.added":
            self._item_added(_index(event.get("output_index")), mapping(event.get("item")), parts)
        elif kind == "response.output_item.done":
            self._item_done(_index(event.get("output_index")), mapping(event.get("item")), parts)
        elif kind == "response.output_text.annotation.added":
            annotation = event.get("annotation")
            self._annotations.append(annotation)
            if (source := annotation_source(annotation, self._provider, self._new_id)) is not None:
                parts.append(source)
        elif kind == "response.reasoning_summary_part.added":
            self._reasoning_block(self._item_id(event), _index(event.get("summary_index")), parts)
        elif kind == "response.reasoning_summary_part.done":
            self._summary_part_done(self._item_id(event), _index(event.get("summary_index")), parts)
        elif kind == "response.refusal.delta":
            self._refusal.append(_text(event.get("delta")))
        elif kind == "response.created":
            response = mapping(event.get("response"))
            self._response = response
            parts.append(
                ResponseMetadata(
                    string(response.get("id")),
                    timestamp(response.get("created_at")),
                    string(response.get("model")),
                )
            )
        elif kind in _FINISHED:
            self._done = True
            self._response = mapping(event.get("response")) or self._response
        elif kind == "response.failed":
            self._done = True
            self._response = mapping(event.get("response")) or self._response
            error = mapping(self._response).get("error")
            if not self._failed:
                parts.extend(self._fail(error_from_code(error, self._provider, event)))
        elif kind == "error":
            error = event.get("error") if isinstance(event.get("error"), dict) else event
            parts.extend(self._fail(error_from_code(error, self._provider, event)))
        # every other event (progress of built-in tools, content_part.*, *.done echoes,
        # response.in_progress, and types added after this was written) says nothing new

    # -- output items ---------------------------------------------------------------------

    def _item_added(self, index: int, item: dict[str, Any], parts: list[StreamPart]) -> None:
        kind = item.get("type")
        item_id = string(item.get("id"))
        if kind == "message":
            self._open_text(item_id or f"msg-{index}", parts)
        elif kind == "reasoning":
            rid = item_id or f"rs-{index}"
            self._reasoning[rid] = _Reasoning(string(item.get("encrypted_content")))
            self._reasoning_block(rid, 0, parts)
        elif kind == "function_call":
            call_id = string(item.get("call_id")) or item_id or self._new_id()
            call = _Call(call_id, string(item.get("name")) or "", False)
            self._calls[index] = call
            parts.append(
                ToolInputStart(call.call_id, call.name, provider_metadata=self._item_metadata(item_id))
            )
        elif kind == "code_interpreter_call":
            call_id = item_id or self._new_id()
            container = string(item.get("container_id"))
            call = _Call(call_id, PROVIDER_EXECUTED_ITEMS[str(kind)], True, container)
            self._calls[index] = call
            parts.append(ToolInputStart(call_id, call.name, provider_executed=True))
            parts.append(ToolInputDelta(call_id, '{"containerId":' + json.dumps(container) + ',"code":"'))
        elif kind in PROVIDER_EXECUTED_ITEMS:
            call_id = item_id or self._new_id()
            name = PROVIDER_EXECUTED_ITEMS[str(kind)]
            self._calls[index] = _Call(call_id, name, True)
            parts.append(ToolInputStart(call_id, name, provider_executed=True))
            parts.append(ToolInputEnd(call_id))
            parts.append(
                ToolCallContent(call_id, name, "{}", True, provider_metadata=self._executed(call_id))
            )

    def _item_done(self, index: int, item: dict[str, Any], parts: list[StreamPart]) -> None:
        kind = item.get("type")
        item_id = string(item.get("id"))
        if kind == "message":
            text_id = item_id or f"msg-{index}"
            if text_id not in self._texts:
                self._open_text(text_id, parts)  # a message whose start we never saw
            for content in item.get("content") or ():
                if isinstance(content, dict) and content.get("type") == "refusal" and not self._refusal:
                    self._refusal.append(_text(content.get("refusal")))
            self._close_text(text_id, parts)
        elif kind == "reasoning":
            rid = item_id or f"rs-{index}"
            reasoning = self._reasoning.pop(rid, None) or _Reasoning(None)
            reasoning.encrypted = string(item.get("encrypted_content")) or reasoning.encrypted
            if not reasoning.parts:
                reasoning.parts[0] = "active"
                parts.append(ReasoningStart(f"{rid}:0", self._reasoning_metadata(rid, reasoning)))
            for summary, state in reasoning.parts.items():
                if state != "concluded":
                    parts.append(ReasoningEnd(f"{rid}:{summary}", self._reasoning_metadata(rid, reasoning)))
        elif kind == "function_call":
            self._has_function_call = True
            call = self._calls.pop(index, None)
            call_id = (
                string(item.get("call_id")) or (call.call_id if call else None) or item_id or self._new_id()
            )
            name = string(item.get("name")) or (call.name if call else "")
            if call is None:
                parts.append(ToolInputStart(call_id, name, provider_metadata=self._item_metadata(item_id)))
            parts.append(ToolInputEnd(call_id))
            parts.append(
                ToolCallContent(
                    call_id,
                    name,
                    arguments_text(item.get("arguments")) or "{}",
                    provider_metadata=self._item_metadata(item_id),
                )
            )
        elif kind in PROVIDER_EXECUTED_ITEMS:
            call = self._calls.pop(index, None)
            call_id = call.call_id if call else item_id or self._new_id()
            name = PROVIDER_EXECUTED_ITEMS[str(kind)]
            if call is None:  # its start was never seen: the call first
                parts.append(
                    ToolCallContent(
                        call_id,
                        name,
                        provider_tool_input(item),
                        True,
                        provider_metadata=self._executed(call_id),
                    )
                )
            elif kind == "code_interpreter_call" and call.code is None:
                call.code = string(item.get("code")) or ""
                call.container = string(item.get("container_id")) or call.container
                parts.extend(self._code_call(call))
            parts.append(
                ToolResultContent(
                    call_id, name, provider_tool_result(item), provider_metadata=self._executed(call_id)
                )
            )

    def _code_call(self, call: _Call) -> list[StreamPart]:
        code = json.dumps({"code": call.code, "containerId": call.container}, ensure_ascii=False)
        return [
            ToolInputDelta(call.call_id, '"}'),
            ToolInputEnd(call.call_id),
            ToolCallContent(
                call.call_id, call.name, code, True, provider_metadata=self._executed(call.call_id)
            ),
        ]

    # -- blocks ---------------------------------------------------------------------------

    def _item_id(self, event: dict[str, Any]) -> str:
        item_id = string(event.get("item_id"))
        if item_id is None:
            raise KeyError("item_id")
        return item_id

    def _item_metadata(self, item_id: str | None) -> dict[str, dict[str, Any]] | None:
        return {self._provider: {"itemId": item_id}} if item_id else None

    def _executed(self, item_id: str) -> dict[str, dict[str, Any]]:
        return {self._provider: {"itemId": item_id, "providerExecuted": True}}

    def _open_text(self, item_id: str, parts: list[StreamPart]) -> None:
        self._texts[item_id] = []
        self._annotations = []
        parts.append(TextStart(item_id, self._item_metadata(item_id)))

    def _close_text(self, item_id: str, parts: list[StreamPart]) -> None:
        self._texts.pop(item_id, None)
        metadata: dict[str, Any] = {"itemId": item_id}
        if self._annotations:
            metadata["annotations"] = self._annotations
            self._annotations = []
        parts.append(TextEnd(item_id, {self._provider: metadata}))

    def _reasoning_metadata(self, item_id: str, reasoning: _Reasoning) -> dict[str, dict[str, Any]]:
        return {self._provider: {"itemId": item_id, "reasoningEncryptedContent": reasoning.encrypted}}

    def _reasoning_block(self, item_id: str, index: int, parts: list[StreamPart]) -> str:
        """The block id of summary ``index`` of ``item_id``, started if it is new (which
        concludes the parts that were only waiting for a successor)."""
        reasoning = self._reasoning.setdefault(item_id, _Reasoning(None))
        block = f"{item_id}:{index}"
        if index not in reasoning.parts:
            for summary, state in reasoning.parts.items():
                if state == "can-conclude":
                    reasoning.parts[summary] = "concluded"
                    parts.append(ReasoningEnd(f"{item_id}:{summary}", {self._provider: {"itemId": item_id}}))
            reasoning.parts[index] = "active"
            parts.append(ReasoningStart(block, self._reasoning_metadata(item_id, reasoning)))
        return block

    def _summary_part_done(self, item_id: str, index: int, parts: list[StreamPart]) -> None:
        reasoning = self._reasoning.get(item_id)
        if reasoning is None or reasoning.parts.get(index) != "active":
            return
        if self._store:  # nothing to send back but the id: end the block now
            reasoning.parts[index] = "concluded"
            parts.append(ReasoningEnd(f"{item_id}:{index}", {self._provider: {"itemId": item_id}}))
        else:
            reasoning.parts[index] = "can-conclude"

    # -- the end ----------------------------------------------------------------------------

    def finish(self) -> list[StreamPart]:
        parts: list[StreamPart] = []
        for item_id in list(self._texts):
            self._close_text(item_id, parts)
        for item_id, reasoning in self._reasoning.items():
            for summary, state in reasoning.parts.items():
                if state != "concluded":
                    parts.append(
                        ReasoningEnd(f"{item_id}:{summary}", self._reasoning_metadata(item_id, reasoning))
                    )
        self._reasoning.clear()
        for call in self._calls.values():
            parts.append(ToolInputEnd(call.call_id))  # cut off: no complete call to give
        self._calls.clear()
        response = mapping(self._response)
        if self._failed:
            reason = FinishReason("error", string(response.get("status")))
        elif self._done:
            reason = map_finish_reason(
                response.get("incomplete_details"), has_function_call=self._has_function_call
            )
        else:
            error = InvalidResponseDataError(
                "the stream ended before response.completed (cut off?)", provider=self._provider
            )
            parts.append(StreamError(error))
            reason = FinishReason("error", None)
        refusal = "".join(self._refusal) or None
        metadata = response_provider_metadata(self._provider, response, refusal)
        parts.append(Finish(reason, convert_usage(response.get("usage")), metadata))
        return parts

    def _invalid(self, data: str) -> list[StreamPart]:
        error = InvalidResponseDataError(
            f"stream event has an unexpected shape: {data[:200]!r}", provider=self._provider
        )
        return self._fail(error)

    def _fail(self, error: Exception) -> list[StreamPart]:
        self._failed = True
        return [StreamError(error)]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _index(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1
