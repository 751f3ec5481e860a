"""Schemas for tools and structured output: a JSON schema the model sees, and a validator.

A schema may be given as a pydantic model, a dataclass, a ``TypedDict`` (any type
pydantic's ``TypeAdapter`` takes, e.g. ``list[int]``) or a JSON schema dict. Python types
are validated by pydantic, which is imported only when such a type is first used (it
is not a dependency of the package); a JSON schema dict is sent as given and its
answers are only parsed, as the AI SDK's ``jsonSchema()`` does without a validator.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SchemaLike = Any
"""A pydantic model, dataclass, TypedDict or other type pydantic takes, or a JSON schema."""


@dataclass(frozen=True, slots=True)
class Schema:
    """``json_schema`` for the model; ``adapter`` (a pydantic ``TypeAdapter``) validates."""

    json_schema: Mapping[str, Any]
    adapter: Any = field(default=None, repr=False, compare=False)
    name: str | None = None
    description: str | None = None

    def validate_json(self, text: str) -> Any:
        """The answer, validated; raises ``ValueError`` (pydantic's or json's) if it is not."""
        if self.adapter is not None:
            return self.adapter.validate_json(text)
        import json

        return json.loads(text)

    def validate_python(self, value: Any) -> Any:
        return self.adapter.validate_python(value) if self.adapter is not None else value


def as_schema(spec: SchemaLike) -> Schema:
    """``spec`` as a ``Schema`` (see the module docstring for what it may be)."""
    if isinstance(spec, Schema):
        return spec
    if isinstance(spec, Mapping):
        schema = dict(spec)
        title, description = schema.get("title"), schema.get("description")
        return Schema(
            schema,
            None,
            title if isinstance(title, str) else None,
            description if isinstance(description, str) else None,
        )
    try:
        hash(spec)
    except TypeError:
        return _type_schema.__wrapped__(spec)
    return _type_schema(spec)


@functools.lru_cache(maxsize=256)
def _type_schema(spec: Any) -> Schema:
    """Building a ``TypeAdapter`` costs about a millisecond; a type is reused for every
    call of a loop, so its schema is kept."""
    adapter = type_adapter(spec)
    schema = adapter.json_schema()
    name = getattr(spec, "__name__", None)
    description = schema.get("description") if isinstance(schema.get("description"), str) else None
    return Schema(schema, adapter, name, description)


def type_adapter(spec: Any) -> Any:
    try:
        from pydantic import TypeAdapter
    except ImportError as exc:  # pragma: no cover - pydantic is installed with either framework
        raise ImportError(
            f"a schema given as a Python type ({spec!r}) is validated with pydantic, which is not "
            "installed: pip install pydantic, or pass a JSON schema dict"
        ) from exc
    try:
        return TypeAdapter(spec)
    except Exception as exc:  # pydantic.PydanticSchemaGenerationError and friends
        raise TypeError(
            f"cannot build a JSON schema from {spec!r}: give a pydantic model, a dataclass, a "
            f"TypedDict or a JSON schema dict ({exc})"
        ) from exc


def is_model_like(annotation: Any) -> bool:
    """A pydantic model, a dataclass or a TypedDict: a type whose fields are an object's
    properties (a function with one such parameter takes the object itself)."""
    import dataclasses

    if not isinstance(annotation, type):
        return False
    if hasattr(annotation, "model_json_schema") or dataclasses.is_dataclass(annotation):
        return True
    return hasattr(annotation, "__required_keys__") and hasattr(annotation, "__annotations__")


def hoisted(schema: Mapping[str, Any], wrap: Any) -> dict[str, Any]:
    """``wrap(inner)`` with ``inner``'s ``$defs`` moved to the new root, where its
    ``#/$defs/...`` references still point (array and choice outputs nest a schema)."""
    inner = dict(schema)
    definitions = inner.pop("$defs", None)
    outer: dict[str, Any] = wrap(inner)
    if definitions:
        outer["$defs"] = definitions
    return outer
