"""Serialise spec objects to the AI SDK's own JSON (camelCase keys, ``None`` omitted).

The Vercel AI Gateway accepts the call options and returns results in exactly this
shape, so one generic walk replaces a hand-written mapping per type. Keys inside plain
mappings (provider options, JSON schemas, tool inputs) are user data and kept as given.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

# Fields whose null is meaningful on the wire: a tool that returned None sent
# ``{"type": "json", "value": null}``, and the schema requires ``value``.
_NULL_KEPT = frozenset({("ToolResultOutput", "value")})
_JSON_OUTPUTS = frozenset({"json", "error-json"})


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
        cls = type(value)
        for name, wire_name in _wire_names(cls):
            item = getattr(value, name)
            if item is not None:
                out[wire_name] = to_wire(item)
            elif (cls.__name__, name) in _NULL_KEPT and getattr(value, "type", None) in _JSON_OUTPUTS:
                out[wire_name] = None
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


# -- parsing the AI SDK's JSON back into spec objects ---------------------------------
#
# The Gateway answers in the AI SDK's own shapes. Parsing is lenient (unknown keys are
# ignored, unknown part types are kept as ``Raw`` rather than dropped) and driven by two
# tables: which class a ``type`` names, and which fields hold nested spec objects.


def _from_wire(cls: type, data: Mapping[str, Any]) -> Any:
    kwargs = {}
    fixed = _fixed_type(cls)
    for name, wire_name in _wire_names(cls):
        if wire_name in data and not (name == "type" and fixed):
            value = data[wire_name]
            nested = _NESTED.get((cls, name))
            kwargs[name] = nested(value) if nested is not None and value is not None else value
    return cls(**kwargs)


@cache
def _fixed_type(cls: type) -> bool:
    """Whether ``type`` is a fixed discriminator (has a default) or real data (CallWarning)."""
    return any(f.name == "type" and f.default is not dataclasses.MISSING for f in dataclasses.fields(cls))


def parse_usage(data: Mapping[str, Any] | None) -> Usage:
    if not data:
        return Usage()
    inputs, outputs = data.get("inputTokens"), data.get("outputTokens")
    if not isinstance(inputs, Mapping):  # V2's flat usage
        cached, reasoning = data.get("cachedInputTokens"), data.get("reasoningTokens")
        return Usage(
            InputTokens(total=inputs, cache_read=cached),
            OutputTokens(total=outputs, reasoning=reasoning),
            raw=data.get("raw"),
        )
    return Usage(_from_wire(InputTokens, inputs), _from_wire(OutputTokens, outputs or {}), data.get("raw"))


def parse_finish_reason(data: Any) -> FinishReason:
    unified, raw = (data, data) if isinstance(data, str) else (data.get("unified"), data.get("raw"))
    return FinishReason(unified if unified in _UNIFIED else "other", raw)  # type: ignore[arg-type]


def parse_file_data(data: Any) -> DataFile | UrlFile:
    if isinstance(data, Mapping):
        return UrlFile(data["url"]) if data.get("type") == "url" else DataFile(data.get("data", ""))
    return DataFile(data)


def parse_timestamp(value: Any) -> datetime | None:
    if isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value if isinstance(value, datetime) else None


def parse_warnings(data: Any) -> tuple[CallWarning, ...]:
    return tuple(_from_wire(CallWarning, w) for w in data or () if isinstance(w, Mapping))


def parse_content(data: Mapping[str, Any]) -> Any:
    cls = _CONTENT_TYPES.get(data.get("type", ""))
    return _from_wire(cls, data) if cls is not None else Raw(data)


def parse_stream_part(data: Mapping[str, Any]) -> Any:
    cls = _STREAM_PART_TYPES.get(data.get("type", ""))
    return _from_wire(cls, data) if cls is not None else Raw(data)


def parse_generate_result(data: Mapping[str, Any]) -> GenerateResult:
    response = data.get("response") or {}
    return GenerateResult(
        content=[parse_content(part) for part in data.get("content") or ()],
        finish_reason=parse_finish_reason(data.get("finishReason") or {}),
        usage=parse_usage(data.get("usage")),
        warnings=parse_warnings(data.get("warnings")),
        provider_metadata=data.get("providerMetadata"),
        response=ResponseInfo(
            id=response.get("id"),
            timestamp=parse_timestamp(response.get("timestamp")),
            model_id=response.get("modelId"),
        ),
    )


from .prompt import DataFile, UrlFile  # noqa: E402  (tables below need the classes)
from .results import (  # noqa: E402
    CallWarning,
    FileContent,
    FinishReason,
    GenerateResult,
    InputTokens,
    OutputTokens,
    ReasoningContent,
    ResponseInfo,
    SourceContent,
    TextContent,
    ToolCallContent,
    ToolResultContent,
    Usage,
)
from .stream_parts import (  # noqa: E402
    Finish,
    Raw,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    ResponseMetadata,
    StreamError,
    StreamStart,
    TextDelta,
    TextEnd,
    TextStart,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
)

_UNIFIED = frozenset({"stop", "length", "content-filter", "tool-calls", "error", "other"})


def _type_name(cls: type) -> str:
    """The ``type`` discriminator's default (a slot descriptor on the class itself)."""
    return str(next(f.default for f in dataclasses.fields(cls) if f.name == "type"))


_CONTENT_TYPES: dict[str, type] = {
    _type_name(cls): cls
    for cls in (TextContent, ReasoningContent, ToolCallContent, ToolResultContent, FileContent, SourceContent)
}
_STREAM_PART_TYPES: dict[str, type] = {
    **_CONTENT_TYPES,
    **{
        _type_name(cls): cls
        for cls in (
            StreamStart,
            ResponseMetadata,
            TextStart,
            TextDelta,
            TextEnd,
            ReasoningStart,
            ReasoningDelta,
            ReasoningEnd,
            ToolInputStart,
            ToolInputDelta,
            ToolInputEnd,
            Finish,
            Raw,
            StreamError,
        )
    },
}
_NESTED: dict[tuple[type, str], Any] = {
    (Finish, "usage"): parse_usage,
    (Finish, "finish_reason"): parse_finish_reason,
    (StreamStart, "warnings"): parse_warnings,
    (ResponseMetadata, "timestamp"): parse_timestamp,
    (FileContent, "data"): parse_file_data,
}
