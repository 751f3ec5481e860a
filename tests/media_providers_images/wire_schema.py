"""A small field checker for the fakes: what an API's request model accepts, and the
problems it reports, in pydantic v2's words (fal and Luma run pydantic/FastAPI) or
JSON Schema's (Replicate validates inputs against each model's OpenAPI schema)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class F:
    """One field: its kind (str, int, num, bool, enum, obj, list, any), bounds, choices."""

    kind: str
    required: bool = False
    choices: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    check: Callable[[Any], str | None] | None = None


@dataclass(frozen=True)
class Problem:
    field: str
    type: str
    msg: str
    ctx: Mapping[str, Any] | None = None
    input: Any = None


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_num(value: Any) -> bool:
    return type(value) in (int, float)


_KIND_CHECKS: Mapping[str, tuple[Callable[[Any], bool], str, str]] = {
    "str": (lambda v: isinstance(v, str), "string_type", "Input should be a valid string"),
    "int": (_is_int, "int_type", "Input should be a valid integer"),
    "num": (_is_num, "float_type", "Input should be a valid number"),
    "bool": (lambda v: type(v) is bool, "bool_type", "Input should be a valid boolean"),
    "obj": (lambda v: isinstance(v, dict), "dict_type", "Input should be a valid dictionary"),
    "list": (lambda v: isinstance(v, list), "list_type", "Input should be a valid list"),
    "any": (lambda v: True, "", ""),
}


def problems(body: Mapping[str, Any], schema: Mapping[str, F], *, extra_allowed: bool) -> list[Problem]:
    found: list[Problem] = []
    for name, spec in schema.items():
        if name not in body:
            if spec.required:
                found.append(Problem(name, "missing", "Field required"))
            continue
        value = body[name]
        if spec.kind == "enum":
            if value not in spec.choices:
                shown = [repr(c) if isinstance(c, str) else str(c) for c in spec.choices]
                expected = " or ".join([", ".join(shown[:-1]), shown[-1]]) if len(shown) > 1 else shown[0]
                found.append(
                    Problem(
                        name, "literal_error", f"Input should be {expected}", {"expected": expected}, value
                    )
                )
            continue
        ok, kind, message = _KIND_CHECKS[spec.kind]
        if not ok(value):
            found.append(Problem(name, kind, message, None, value))
            continue
        if spec.low is not None and value < spec.low:
            found.append(
                Problem(
                    name,
                    "greater_than_equal",
                    f"Input should be greater than or equal to {spec.low:g}",
                    {"ge": spec.low},
                    value,
                )
            )
        elif spec.high is not None and value > spec.high:
            found.append(
                Problem(
                    name,
                    "less_than_equal",
                    f"Input should be less than or equal to {spec.high:g}",
                    {"le": spec.high},
                    value,
                )
            )
        elif spec.check is not None:
            message = spec.check(value)
            if message:
                found.append(Problem(name, "value_error", message, None, value))
    if not extra_allowed:
        for name in body:
            if name not in schema:
                found.append(
                    Problem(name, "extra_forbidden", "Extra inputs are not permitted", None, body[name])
                )
    return found


def pydantic_detail(found: list[Problem], root: str = "body") -> list[dict[str, Any]]:
    """FastAPI's ``detail`` list for ``found``."""
    out = []
    for problem in found:
        item: dict[str, Any] = {"type": problem.type, "loc": [root, problem.field], "msg": problem.msg}
        item["input"] = problem.input
        if problem.ctx:
            item["ctx"] = dict(problem.ctx)
        out.append(item)
    return out
