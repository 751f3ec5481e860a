"""Serialise spec objects to the AI SDK's own JSON (camelCase keys, ``None`` omitted).

The Vercel AI Gateway accepts the call options and returns results in exactly this
shape, so one generic walk replaces a hand-written mapping per type. Keys inside plain
mappings (provider options, JSON schemas, tool inputs) are user data and kept as given.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math
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


def arguments_text(arguments: Any) -> str | None:
    """Tool arguments as the JSON text the spec carries: a string as sent, an object
    (some servers send one where their docs say a string) serialised; ``None`` when
    absent or of another type."""
    if isinstance(arguments, str):
        return arguments
    if isinstance(arguments, (dict, list)):
        return json.dumps(arguments)
    return None


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
# ignored, unknown part types are kept as ``Raw`` rather than dropped) and driven by
# three tables: which class a ``type`` names, which fields hold nested spec objects, and
# how a field of each annotated type is read. The answer's own fields (text, ids, tool
# input) must have their type or the parse fails with ``TypeError``; a metadata field
# of the wrong type (provider metadata, flags, token counts, timestamps, warnings, the
# finish reason) reads as "not said", so it never costs the caller the answer.


def _from_wire(cls: type, data: Any) -> Any:
    if not isinstance(data, Mapping):
        raise TypeError(f"{cls.__name__} is not an object: {str(data)[:200]}")
    kwargs = {}
    for name, wire_name, read, nested in _field_readers(cls):
        if wire_name in data:
            kwargs[name] = read(data[wire_name])
        elif nested:  # a nested reader decides what an absent field means
            kwargs[name] = read(None)
    return cls(**kwargs)


@cache
def _field_readers(cls: type) -> tuple[tuple[str, str, Any, bool], ...]:
    """``(name, wire name, reader, nested)`` per field; a fixed ``type`` is not read."""
    fixed = _fixed_type(cls)
    out = []
    for field, (name, wire_name) in zip(dataclasses.fields(cls), _wire_names(cls), strict=True):
        if name == "type" and fixed:
            continue
        nested = _NESTED.get((cls, name))
        read = nested or _READERS.get(str(field.type), _as_is)  # annotations are strings here
        out.append((name, wire_name, read, nested is not None))
    return tuple(out)


@cache
def _fixed_type(cls: type) -> bool:
    """Whether ``type`` is a fixed discriminator (has a default) or real data (CallWarning)."""
    return any(f.name == "type" and f.default is not dataclasses.MISSING for f in dataclasses.fields(cls))


def _as_is(value: Any) -> Any:
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {str(value)[:200]}")
    return value


def _optional_text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def parse_count(value: Any) -> int | None:
    """A token count: a non-negative int (or an integral float); anything else is unknown."""
    if type(value) is int:  # nearly always: checked first
        return value if value >= 0 else None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    return None


def parse_seconds(value: Any) -> float | None:
    """A time or duration: a finite, non-negative number, as a float; anything else is
    unknown (a bad field loses that field, never the transcript it belongs to)."""
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    ):
        return float(value)
    return None


def parse_provider_metadata(data: Any) -> ProviderMetadata | None:
    """Provider metadata is an object of objects; entries that are not objects are dropped."""
    if not isinstance(data, Mapping):
        return None
    return {key: value for key, value in data.items() if isinstance(value, Mapping)}


def _mapping(data: Any) -> Mapping[str, Any]:
    return data if isinstance(data, Mapping) else {}


def parse_usage(data: Any) -> Usage:
    if not isinstance(data, Mapping) or not data:
        return Usage()
    inputs, outputs = data.get("inputTokens"), data.get("outputTokens")
    raw = data.get("raw") if isinstance(data.get("raw"), Mapping) else None
    if not isinstance(inputs, Mapping) and not isinstance(outputs, Mapping):  # V2's flat usage
        cached, reasoning = data.get("cachedInputTokens"), data.get("reasoningTokens")
        return Usage(
            InputTokens(total=parse_count(inputs), cache_read=parse_count(cached)),
            OutputTokens(total=parse_count(outputs), reasoning=parse_count(reasoning)),
            raw=raw,
        )
    return Usage(_from_wire(InputTokens, _mapping(inputs)), _from_wire(OutputTokens, _mapping(outputs)), raw)


def parse_finish_reason(data: Any) -> FinishReason:
    """V4's ``{unified, raw}`` or V2's plain string; anything else is "other", raw unknown."""
    fields = {"unified": data, "raw": data} if isinstance(data, str) else _mapping(data)
    unified, raw = fields.get("unified"), fields.get("raw")
    return FinishReason(
        unified if isinstance(unified, str) and unified in _UNIFIED else "other",  # type: ignore[arg-type]
        _optional_text(raw),
    )


def parse_file_data(data: Any) -> SharedFileData:
    if isinstance(data, Mapping):
        kind = data.get("type")
        if kind == "url":
            return UrlFile(_text(data.get("url")))
        if kind == "text":
            return TextFile(_text(data.get("text")))
        if kind == "reference":
            reference = data.get("reference")
            if not isinstance(reference, Mapping):
                raise TypeError(f"a file reference is not an object: {str(reference)[:200]}")
            return ReferenceFile({str(k): _text(v) for k, v in reference.items()})
        return DataFile(_text(data.get("data", "")))
    return DataFile(_text(data))


def _citations(value: Any) -> tuple[Mapping[str, Any], ...] | None:
    """Citations are kept as sent; entries that are not objects are dropped (metadata)."""
    if not isinstance(value, (list, tuple)):
        return None
    return tuple(item for item in value if isinstance(item, Mapping))


def parse_timestamp(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return value if isinstance(value, datetime) else None


def parse_warnings(data: Any) -> tuple[CallWarning, ...]:
    if not isinstance(data, (list, tuple)):
        return ()
    return tuple(_from_wire(CallWarning, w) for w in data if isinstance(w, Mapping))


def _warning_type(value: Any) -> str:
    return value if isinstance(value, str) and value in _WARNING_TYPES else "other"


def _source_type(value: Any) -> str:
    if value not in ("url", "document"):
        raise TypeError(f"unknown source type: {str(value)[:200]}")
    return str(value)


def _tool_input(value: Any) -> str:
    """Tool input is JSON text; an object or array (some servers send one) is serialised."""
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return _text(value)


def parse_content(data: Mapping[str, Any]) -> Any:
    return _parse_typed(_CONTENT_TYPES, data)


def parse_stream_part(data: Mapping[str, Any]) -> Any:
    return _parse_typed(_STREAM_PART_TYPES, data)


def _parse_typed(types: Mapping[str, type], data: Any) -> Any:
    if not isinstance(data, Mapping):
        raise TypeError(f"a part is not an object: {str(data)[:200]}")
    kind = data.get("type")
    cls = types.get(kind) if isinstance(kind, str) else None
    return _from_wire(cls, data) if cls is not None else Raw(data)


def parse_generate_result(data: Mapping[str, Any]) -> GenerateResult:
    response = _mapping(data.get("response"))
    content = data.get("content")
    if content is not None and not isinstance(content, list):
        raise TypeError(f"content is not a list: {str(content)[:200]}")
    return GenerateResult(
        content=[parse_content(part) for part in content or ()],
        finish_reason=parse_finish_reason(data.get("finishReason")),
        usage=parse_usage(data.get("usage")),
        warnings=parse_warnings(data.get("warnings")),
        provider_metadata=parse_provider_metadata(data.get("providerMetadata")),
        response=ResponseInfo(
            id=_optional_text(response.get("id")),
            timestamp=parse_timestamp(response.get("timestamp")),
            model_id=_optional_text(response.get("modelId")),
        ),
        structured_output_text=_optional_text(data.get("structuredOutputText")),
    )


from .prompt import DataFile, ReferenceFile, SharedFileData, TextFile, UrlFile  # noqa: E402  (tables need them)
from .results import (  # noqa: E402
    CallWarning,
    FileContent,
    FinishReason,
    GenerateResult,
    InputTokens,
    OutputTokens,
    ProviderMetadata,
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
    Ping,
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

_UNIFIED = frozenset({"stop", "length", "content-filter", "tool-calls", "error", "interrupted", "other"})
_WARNING_TYPES = frozenset({"unsupported", "compatibility", "deprecated", "other"})


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
            Ping,
            Raw,
            StreamError,
        )
    },
}
_NESTED: dict[tuple[type, str], Any] = {
    (Finish, "usage"): parse_usage,
    (Finish, "finish_reason"): parse_finish_reason,
    (StreamStart, "warnings"): parse_warnings,
    (Finish, "warnings"): lambda data: parse_warnings(data) or None,
    (ResponseMetadata, "timestamp"): parse_timestamp,
    (FileContent, "data"): parse_file_data,
    (TextContent, "citations"): _citations,
    (TextStart, "citations"): _citations,
    (ToolCallContent, "input"): _tool_input,
    (SourceContent, "source_type"): _source_type,
    (CallWarning, "type"): _warning_type,
}
# How the other fields are read, by their annotation (a string: the spec modules use
# ``from __future__ import annotations``); ``Any`` and unlisted types are taken as sent.
_READERS: dict[str, Any] = {
    "str": _text,
    "str | None": _optional_text,
    "bool | None": _flag,
    "int | None": parse_count,
    "ProviderMetadata | None": parse_provider_metadata,
}
