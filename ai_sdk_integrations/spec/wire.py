"""Serialise spec objects to the AI SDK's own JSON (camelCase keys, ``None`` omitted).

The Vercel AI Gateway accepts the call options and returns results in exactly this
shape, so one generic walk replaces a hand-written mapping per type. Keys inside plain
mappings (provider options, JSON schemas, tool inputs) are user data and kept as given.
"""

from __future__ import annotations

import base64
import dataclasses
from datetime import UTC, datetime
from functools import cache
from typing import Any


@cache
def _wire_names(cls: type) -> tuple[tuple[str, str], ...]:
    return tuple((f.name, _camel(f.name)) for f in dataclasses.fields(cls))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def to_wire(value: Any) -> Any:
    """Return ``value`` as JSON-compatible data in the AI SDK's field names and shapes."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for name, wire_name in _wire_names(type(value)):
            item = getattr(value, name)
            if item is not None:
                out[wire_name] = to_wire(item)
        return out
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.isoformat().replace("+00:00", "Z")
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_wire(item) for item in value]
    raise TypeError(f"cannot serialise {type(value).__name__} to AI SDK JSON")
