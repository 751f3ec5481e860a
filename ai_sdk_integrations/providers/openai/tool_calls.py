"""Turns streamed tool-call fragments into tool-input blocks and complete tool calls.

OpenAI-style servers send each call as deltas keyed by ``index``. Not all of them
behave: some omit ``index``, some reuse index 0 for every call (each with a new
``id``), some send the name after the first argument fragment. The tracker copes with
all three, so a codec only forwards the deltas it sees.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...spec import StreamPart, ToolCallContent, ToolInputDelta, ToolInputEnd, ToolInputStart
from ...spec.wire import arguments_text
from .response_fields import string


class _Call:
    __slots__ = ("args", "id", "name", "started")

    def __init__(self, call_id: str | None) -> None:
        self.id = call_id
        self.name: str | None = None
        self.args: list[str] = []
        self.started = False


class ToolCallTracker:
    __slots__ = ("_calls", "_new_id", "_order")

    def __init__(self, new_id: Callable[[], str]) -> None:
        self._calls: dict[int, _Call] = {}
        self._order: list[_Call] = []
        self._new_id = new_id

    @property
    def active(self) -> bool:
        return bool(self._calls)

    def feed(self, delta: dict[str, Any], position: int) -> list[StreamPart]:
        """Take one entry of ``delta.tool_calls``; ``position`` is its place in that list."""
        index = delta.get("index")
        key = index if isinstance(index, int) else position
        call_id = string(delta.get("id"))
        call = self._calls.get(key)
        if call is None or (call_id and call.id and call_id != call.id):
            call = _Call(call_id)
            if key in self._calls:  # index reused for a new call: keep the old one apart
                self._calls[-len(self._order) - 1] = self._calls[key]
            self._calls[key] = call
            self._order.append(call)
        elif call_id and not call.id:
            call.id = call_id
        function = delta.get("function")
        function = function if isinstance(function, dict) else {}
        name = string(function.get("name"))
        if name and not call.name:
            call.name = name
        fragment = arguments_text(function.get("arguments"))
        parts: list[StreamPart] = []
        if not call.started and call.name:
            call.started = True
            if call.id is None:
                call.id = self._new_id()
            parts.append(ToolInputStart(call.id, call.name))
            if call.args:  # arguments that arrived before the name
                parts.append(ToolInputDelta(call.id, "".join(call.args)))
        if fragment:
            call.args.append(fragment)
            if call.started:
                parts.append(ToolInputDelta(call.id, fragment))  # type: ignore[arg-type]
        return parts

    def finish(self) -> list[StreamPart]:
        """Close every open call: ``tool-input-end`` then the complete ``tool-call``."""
        parts: list[StreamPart] = []
        for call in self._order:
            if call.id is None:
                call.id = self._new_id()
            name = call.name or ""
            if not call.started:
                parts.append(ToolInputStart(call.id, name))
                if call.args:
                    parts.append(ToolInputDelta(call.id, "".join(call.args)))
            parts.append(ToolInputEnd(call.id))
            parts.append(ToolCallContent(call.id, name, "".join(call.args) or "{}"))
        self._calls.clear()
        self._order.clear()
        return parts
