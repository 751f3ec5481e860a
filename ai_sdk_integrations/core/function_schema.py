"""A tool's input schema from a Python function's signature, type hints and docstring.

``def get_weather(city: str, unit: Literal["c", "f"] = "c")`` becomes an object schema
with ``city`` required and ``unit`` optional, each described by the docstring's
``Args:`` (Google), ``:param x:`` (Sphinx) or ``Parameters`` (NumPy) entry; the call
arrives as keyword arguments, validated by pydantic. A function whose only parameter is
a pydantic model, a dataclass or a TypedDict takes that object: its fields are the
schema. Hints are resolved with the function's globals plus the names visible where
``tool()`` was called and the function's closure, so a function defined inside another
function under ``from __future__ import annotations`` works; hints that still cannot be
resolved are an error that names them, never a silently empty schema.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .schemas import as_schema, is_model_like

Binder = Callable[[Any], tuple[tuple[Any, ...], dict[str, Any]]]
"""Validated input -> the ``(args, kwargs)`` to call the function with."""


@dataclass(frozen=True, slots=True)
class FunctionSchema:
    json_schema: Mapping[str, Any]
    adapter: Any
    """Validates the model's arguments (a pydantic ``TypeAdapter`` or model class)."""
    binder: Binder | None
    """``None``: the function takes the validated value as its one argument."""
    description: str | None


def function_schema(
    fn: Callable[..., Any], localns: Mapping[str, Any] | None = None
) -> FunctionSchema | None:
    """The schema of ``fn``'s parameters; ``None`` for a function of one unannotated
    parameter, which (as before type hints were read) takes the arguments dict as is."""
    signature = inspect.signature(fn)
    params = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
        raise TypeError(f"tool function {_name(fn)} takes *args; a tool's input is an object of named fields")
    doc = inspect.getdoc(fn)
    summary, param_docs = split_docstring(doc)
    if len(params) == 1 and params[0].annotation is inspect.Parameter.empty:
        return None
    hints = _hints(fn, localns)
    if len(params) == 1 and is_model_like(hints.get(params[0].name)):
        schema = as_schema(hints[params[0].name])
        return FunctionSchema(schema.json_schema, schema.adapter, None, summary or schema.description)
    from pydantic import Field, create_model

    fields: dict[str, Any] = {}
    for p in params:
        default = ... if p.default is inspect.Parameter.empty else p.default
        fields[p.name] = (hints.get(p.name, Any), Field(default, description=param_docs.get(p.name)))
    model = create_model(re.sub(r"\W", "_", _name(fn)) or "arguments", **fields)
    positional = tuple(p.name for p in params if p.kind is inspect.Parameter.POSITIONAL_ONLY)

    def bind(validated: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        values = dict(validated)  # field -> value, nested models kept as instances
        return tuple(values.pop(name) for name in positional), values

    return FunctionSchema(model.model_json_schema(), model, bind, summary)


def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)


def _hints(fn: Callable[..., Any], localns: Mapping[str, Any] | None) -> dict[str, Any]:
    import typing

    names = dict(localns or {})
    code = getattr(fn, "__code__", None)
    closure = getattr(fn, "__closure__", None) or ()
    if code is not None:
        for name, cell in zip(code.co_freevars, closure, strict=False):
            try:
                names[name] = cell.cell_contents
            except ValueError:  # an empty cell: the name is not bound yet
                continue
    target = fn if inspect.isfunction(fn) or inspect.ismethod(fn) else getattr(fn, "__call__", fn)  # noqa: B004
    try:
        hints = typing.get_type_hints(target, localns=names, include_extras=True)
    except NameError as exc:
        raise TypeError(
            f"cannot read the type hints of tool function {_name(fn)}: {exc}. Under "
            "`from __future__ import annotations` hints are strings resolved later; a type "
            "defined inside another function is only found when tool() is called in that "
            "function. Define the type at module level, call tool() where the type is "
            "visible, or pass parameters=<a pydantic model or JSON schema>"
        ) from exc
    hints.pop("return", None)
    return hints


_SECTION = re.compile(r"^(Args|Arguments|Parameters|Params|Returns?|Raises|Yields|Examples?|Notes?):?\s*$")
_PARAM_SECTIONS = frozenset({"args", "arguments", "parameters", "params"})
_ENTRY = re.compile(r"^\*{0,2}(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$")
_SPHINX = re.compile(r"^:param\s+(?:[^:]*\s)?(\w+):\s*(.*)$")


def split_docstring(doc: str | None) -> tuple[str | None, dict[str, str]]:
    """The description (the text before the first section) and each parameter's text,
    from Google (``city (str): ...``), NumPy (``city : str`` + indented text) or Sphinx
    (``:param city: ...``) docstrings."""
    if not doc:
        return None, {}
    summary: list[str] = []
    params: dict[str, str] = {}
    section: str | None = None
    entry_indent: int | None = None
    numpy = False
    current: str | None = None
    for line in doc.splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        sphinx = _SPHINX.match(stripped)
        header = _SECTION.match(stripped)
        if sphinx:
            section, current = "sphinx", sphinx.group(1)
            params[current] = sphinx.group(2).strip()
        elif header:
            section, current, entry_indent, numpy = header.group(1).lower(), None, None, False
        elif section is None:
            summary.append(line)
        elif not stripped:
            continue
        elif section in _PARAM_SECTIONS and set(stripped) == {"-"}:
            numpy = True  # NumPy's underline: entries are "name : type", text below
        elif section in _PARAM_SECTIONS and (entry_indent is None or indent <= entry_indent):
            entry = _ENTRY.match(stripped)
            if entry:
                entry_indent = indent
                current = entry.group(1)
                params[current] = "" if numpy else entry.group(2).strip()
        elif section == "sphinx" and stripped.startswith(":"):
            current = None  # :returns:, :raises: ...
        elif current is not None and section in (*_PARAM_SECTIONS, "sphinx"):
            params[current] = f"{params[current]} {stripped}".strip()
    text = "\n".join(summary).strip()
    return text or None, {name: value for name, value in params.items() if value}
