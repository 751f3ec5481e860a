"""A JSON schema as Anthropic's constrained decoder takes it (``output_config.format``).

The decoder rejects numeric, length, pattern and size bounds, ``not``, and string
formats outside a short list; it wants ``additionalProperties: false`` on every
object. As the AI SDK does, the rejected bounds are moved into the ``description``
(so the model still reads them) and ``oneOf`` becomes ``anyOf``. The caller's full
schema is still what validates the answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

_FORMATS = frozenset(
    {"date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"}
)
_BOUNDS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "not",
)
_KEPT = ("$schema", "$id", "title", "description", "default", "const", "enum", "type")


def anthropic_output_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    return _sanitize(schema)


def _definition(value: Any) -> Any:
    return _sanitize(value) if isinstance(value, Mapping) else value


def _sanitize(schema: Mapping[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"$ref": schema["$ref"]}
    out: dict[str, Any] = {key: schema[key] for key in _KEPT if key in schema}
    for union in ("anyOf", "oneOf"):
        if isinstance(schema.get(union), list):
            out["anyOf"] = [_definition(item) for item in schema[union]]
            break
    if isinstance(schema.get("allOf"), list):
        out["allOf"] = [_definition(item) for item in schema["allOf"]]
    for defs in ("definitions", "$defs"):
        if isinstance(schema.get(defs), Mapping):
            out[defs] = {name: _definition(item) for name, item in schema[defs].items()}
    if schema.get("type") == "object" or "properties" in schema:
        if isinstance(schema.get("properties"), Mapping):
            out["properties"] = {name: _definition(item) for name, item in schema["properties"].items()}
        out["additionalProperties"] = False
        if "required" in schema:
            out["required"] = schema["required"]
    items = schema.get("items")
    if isinstance(items, list):
        out["items"] = [_definition(item) for item in items]
    elif isinstance(items, Mapping):
        out["items"] = _sanitize(items)
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt in _FORMATS:
        out["format"] = fmt
    notes = [
        f"{_spaced(key)}: {value if isinstance(value, str) else json.dumps(value)}"
        for key in _BOUNDS
        if (value := schema.get(key)) is not None and value is not False
    ]
    if isinstance(fmt, str) and fmt not in _FORMATS:
        notes.append(f"format: {fmt}")
    if notes:
        note = "; ".join(notes) + "."
        out["description"] = f"{out['description']}\n{note}" if out.get("description") else note
    return out


def _spaced(key: str) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in key)
