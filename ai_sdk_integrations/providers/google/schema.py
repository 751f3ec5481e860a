"""JSON Schema -> the OpenAPI 3.0 subset Gemini takes (``Schema`` in Google's REST reference).

Gemini rejects any key its ``Schema`` message does not have (``additionalProperties``,
``$ref``, ``const``, ``$schema``, ``title`` on older models, ...) with a 400
"Unknown name". So, as the AI SDK's ``convertJSONSchemaToOpenAPISchema`` does, this
keeps only what Gemini reads: ``type`` (a type list becomes ``anyOf`` plus
``nullable``), ``description``, ``required``, ``format``, ``enum`` (``const`` is a
one-value enum; non-string enums become ``format: "enum"`` with string values),
``properties``, ``items``, ``anyOf`` (a ``null`` branch becomes ``nullable``), the
length, item-count and numeric bounds and ``pattern`` (all in Google's ``Schema``), and
only the ``format`` values Google documents. ``$ref`` to a root ``$defs`` /
``definitions`` entry is inlined (Gemini's developer API has no ``ref``); a recursive
reference cannot be inlined and is an error. Where the AI SDK keeps ``oneOf`` and
``allOf`` (which the developer API rejects), ``oneOf`` becomes ``anyOf`` and ``allOf``
is merged into one object, so Pydantic's schemas are accepted as they come.

An empty object schema at the root (a tool without parameters) gives ``None``: the
declaration is then sent without ``parameters``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ...spec.errors import UnsupportedFunctionalityError

_KEPT_AS_IS = ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "pattern")
# Formats Gemini documents; it refuses others ("only 'enum' and 'date-time' are supported
# for STRING type"), so a schema's "uri" or "email" is left out rather than sent.
_FORMATS = frozenset({"enum", "date-time", "int32", "int64", "float", "double"})
_DEF_PREFIXES = (("#/$defs/", "$defs"), ("#/definitions/", "definitions"))


def to_gemini_schema(schema: Mapping[str, Any] | bool | None) -> dict[str, Any] | None:
    """``schema`` in Gemini's subset; ``None`` for nothing to send (no schema, or an
    empty object at the root)."""
    if schema is None:
        return None
    root = schema if isinstance(schema, Mapping) else {}
    converted = _convert(schema, root, frozenset(), is_root=True)
    return converted if isinstance(converted, dict) else None


def gemini_json_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The profile's ``json_schema_transformer``: ``schema`` in Gemini's subset (an empty
    object schema stays ``{"type": "object"}``)."""
    return to_gemini_schema(schema) or {"type": "object"}


def _convert(node: Any, root: Mapping[str, Any], resolving: frozenset[str], *, is_root: bool) -> Any:
    if node is None:
        return None
    if isinstance(node, bool):
        return {"type": "boolean", "properties": {}}
    if not isinstance(node, Mapping):
        raise UnsupportedFunctionalityError(f"a JSON schema node must be an object, not {node!r}")
    if "$ref" in node:
        return _reference(node, root, resolving, is_root=is_root)
    if "allOf" in node:
        return _convert(_merge_all_of(node), root, resolving, is_root=is_root)
    if _is_empty_object(node):
        if is_root:
            return None
        return {"type": "object", **({"description": node["description"]} if node.get("description") else {})}
    out: dict[str, Any] = {}
    if node.get("description"):
        out["description"] = node["description"]
    if node.get("required"):
        out["required"] = list(node["required"])
    for key in _KEPT_AS_IS:
        if key in node:
            out[key] = node[key]
    if node.get("format") in _FORMATS:
        out["format"] = node["format"]
    kind = node.get("type")
    if isinstance(kind, list):
        concrete = [t for t in kind if t != "null"]
        if not concrete:
            out["type"] = "null"
        elif len(concrete) == 1:
            out["type"] = concrete[0]
        else:
            out["anyOf"] = [{"type": t} for t in concrete]
        if "null" in kind and concrete:
            out["nullable"] = True
    elif kind:
        out["type"] = kind
    values = node.get("enum")
    if values is None and "const" in node:
        values = [node["const"]]
    if values is not None:
        _add_enum(list(values), kind, out)
    properties = node.get("properties")
    if isinstance(properties, Mapping):
        out["properties"] = {
            name: _convert(value, root, resolving, is_root=False) for name, value in properties.items()
        }
    items = node.get("items")
    if items is not None and not isinstance(items, list):
        out["items"] = _convert(items, root, resolving, is_root=False)
    elif isinstance(items, list) and items:  # tuple form: Gemini has one item schema
        out["items"] = _convert(items[0], root, resolving, is_root=False)
    for key in ("anyOf", "oneOf"):
        if node.get(key):
            _add_any_of(list(node[key]), root, resolving, out)
    return out


def _add_any_of(
    options: list[Any], root: Mapping[str, Any], resolving: frozenset[str], out: dict[str, Any]
) -> None:
    concrete = [o for o in options if not (isinstance(o, Mapping) and o.get("type") == "null")]
    if len(concrete) < len(options):
        out["nullable"] = True
    if len(concrete) == 1:
        converted = _convert(concrete[0], root, resolving, is_root=False)
        if isinstance(converted, dict):
            out.update(converted)
        return
    out["anyOf"] = [_convert(o, root, resolving, is_root=False) for o in concrete]


def _merge_all_of(node: Mapping[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {k: v for k, v in node.items() if k != "allOf"}
    for part in node.get("allOf") or ():
        if not isinstance(part, Mapping):
            continue
        for key, value in part.items():
            if key == "properties" and isinstance(value, Mapping):
                merged["properties"] = {**(merged.get("properties") or {}), **value}
            elif key == "required":
                merged["required"] = [*(merged.get("required") or []), *value]
            else:
                merged.setdefault(key, value)
    return merged


def _reference(
    node: Mapping[str, Any], root: Mapping[str, Any], resolving: frozenset[str], *, is_root: bool
) -> Any:
    reference = str(node["$ref"])
    for prefix, key in _DEF_PREFIXES:
        if reference.startswith(prefix):
            name = reference[len(prefix) :].replace("~1", "/").replace("~0", "~")
            definitions = root.get(key)
            if isinstance(definitions, Mapping) and name in definitions and "/" not in name:
                break
    else:
        raise UnsupportedFunctionalityError(
            f"JSON schema reference {reference!r}: Gemini schemas take only references to "
            "entries of the root's $defs or definitions"
        )
    if reference in resolving:
        raise UnsupportedFunctionalityError(
            f"recursive JSON schema reference {reference!r}: Gemini's schema cannot express it"
        )
    target = definitions[name]
    siblings = {k: v for k, v in node.items() if k != "$ref"}
    resolved = {**target, **siblings} if isinstance(target, Mapping) else siblings
    return _convert(resolved, root, resolving | {reference}, is_root=is_root)


def _add_enum(values: list[Any], kind: Any, out: dict[str, Any]) -> None:
    nullable = (isinstance(kind, list) and "null" in kind) or (kind is None and None in values)
    present = [v for v in values if v is not None] if nullable else values
    if values and all(v is None for v in values):
        out["type"] = "null"
        out.pop("anyOf", None)
        return
    enum_type = _enum_type(present, kind)
    if enum_type is None:
        raise UnsupportedFunctionalityError(
            f"JSON schema enum {values!r}: Gemini takes enums whose values share one primitive "
            "type that matches the schema's type"
        )
    out["type"] = enum_type
    out.pop("anyOf", None)
    if nullable:
        out["nullable"] = True
    if enum_type == "string":
        out["enum"] = present
    else:
        out["format"] = "enum"
        out["enum"] = [_enum_text(v) for v in present]


def _enum_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _enum_type(values: list[Any], kind: Any) -> str | None:
    if not values:
        return None

    def allows(name: str) -> bool:
        return kind is None or kind == name or (isinstance(kind, list) and name in kind)

    if allows("string") and all(isinstance(v, str) for v in values):
        return "string"
    numbers = all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values
    )
    if numbers and allows("number"):
        return "number"
    if numbers and allows("integer") and all(float(v).is_integer() for v in values):
        return "integer"
    if allows("boolean") and all(isinstance(v, bool) for v in values):
        return "boolean"
    return None


def _is_empty_object(node: Mapping[str, Any]) -> bool:
    return (
        node.get("type") == "object"
        and not node.get("properties")
        and not node.get("additionalProperties")
        and "anyOf" not in node
        and "oneOf" not in node
    )
