"""What your Gateway calls cost: one generation looked up by id (``GET /v1/generation``)
and the spend report (``GET /v1/report``), both on the Gateway's origin and never cached.

Sans-I/O: the query strings are built and the answers parsed here; ``provider.py`` sends
them. The Gateway answers in snake_case with money as JSON numbers; each field becomes a
typed Python one, money an exact ``Decimal`` (``Decimal(str(number))``: the digits as
the Gateway wrote them, never a binary float's expansion).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, get_args

from ...spec.errors import InvalidResponseDataError, UsageError

GroupBy = Literal["day", "user", "model", "tag", "provider", "credential_type"]
DatePart = Literal["day", "hour"]
CredentialType = Literal["byok", "system"]
GROUP_BY: tuple[str, ...] = get_args(GroupBy)
DATE_PARTS: tuple[str, ...] = get_args(DatePart)
CREDENTIAL_TYPES: tuple[str, ...] = get_args(CredentialType)


@dataclass(frozen=True, slots=True)
class GatewayGeneration:
    """One call as the Gateway recorded it. Money in USD; times in milliseconds; token
    counts are the upstream's own (its tokenizer), hence "native"."""

    id: str
    total_cost: Decimal
    upstream_inference_cost: Decimal
    """What the upstream charged your own credentials (BYOK); 0 otherwise."""
    usage: Decimal
    """The usage cost in USD (the Gateway gives the same as ``total_cost``)."""
    created_at: dt.datetime
    model: str
    is_byok: bool
    provider_name: str
    streamed: bool
    finish_reason: str
    latency: float
    """Milliseconds to the first token."""
    generation_time: float
    """Milliseconds for the whole generation."""
    prompt_tokens: int
    completion_tokens: int
    reasoning_tokens: int
    cached_tokens: int
    cache_creation_tokens: int
    billable_web_search_calls: int


@dataclass(frozen=True, slots=True)
class GatewaySpendRow:
    """One group of the report: the field named by ``group_by`` is set (``day`` or
    ``hour`` for ``group_by="day"``, by ``date_part``), the others are ``None``."""

    total_cost: Decimal
    day: str | None = None
    hour: str | None = None
    user: str | None = None
    model: str | None = None
    tag: str | None = None
    provider: str | None = None
    credential_type: str | None = None
    market_cost: Decimal | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    cached_input_tokens: int | None = None
    cache_creation_input_tokens: int | None = None
    reasoning_tokens: int | None = None
    request_count: int | None = None


@dataclass(frozen=True, slots=True)
class GatewaySpendReport:
    results: tuple[GatewaySpendRow, ...]

    @property
    def total_cost(self) -> Decimal:
        """The sum over the rows (meaningful when each call is in one row: not for
        ``group_by="tag"``, where a call with two tags is in two rows)."""
        return sum((row.total_cost for row in self.results), Decimal(0))


# -- requests ----------------------------------------------------------------------------


def generation_query(generation_id: str) -> dict[str, str]:
    """The query of ``GET /v1/generation``."""
    if not isinstance(generation_id, str) or not generation_id:
        raise UsageError(
            f"a generation id is a non-empty string (gen_..., from "
            f"provider_metadata['gateway']['generationId']), not {generation_id!r}"
        )
    return {"id": generation_id}


def _date(name: str, value: dt.date | str) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise UsageError(f"{name} is a date or a 'YYYY-MM-DD' string, not {value!r}")


def _one_of(name: str, value: str | None, allowed: Sequence[str]) -> str | None:
    if value is None or value in allowed:
        return value
    raise UsageError(f"{name} must be one of {', '.join(map(repr, allowed))}, not {value!r}")


def spend_report_query(
    start_date: dt.date | str,
    end_date: dt.date | str,
    *,
    group_by: str | None = None,
    date_part: str | None = None,
    user_id: str | None = None,
    model: str | None = None,
    provider: str | None = None,
    credential_type: str | None = None,
    tags: Sequence[str] | None = None,
) -> dict[str, str]:
    """The query of ``GET /v1/report``, in the order the AI SDK sends it; unset filters
    are left out, ``tags`` are joined with commas."""
    start, end = _date("start_date", start_date), _date("end_date", end_date)
    if end < start:
        raise UsageError(f"end_date {end} is before start_date {start}")
    if isinstance(tags, str):
        raise UsageError(f"tags is a list of tags, not the string {tags!r}")
    query = {"start_date": start, "end_date": end}
    optional = {
        "group_by": _one_of("group_by", group_by, GROUP_BY),
        "date_part": _one_of("date_part", date_part, DATE_PARTS),
        "user_id": user_id,
        "model": model,
        "provider": provider,
        "credential_type": _one_of("credential_type", credential_type, CREDENTIAL_TYPES),
        "tags": ",".join(tags) if tags else None,
    }
    query.update({key: str(value) for key, value in optional.items() if value})
    return query


# -- responses ---------------------------------------------------------------------------


class _Shape(Exception):
    pass


def _money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _Shape(f"expected a number, got {value!r}")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise _Shape(f"expected a number, got {value!r}") from exc
    if not amount.is_finite():
        raise _Shape(f"expected a finite number, got {value!r}")
    return amount


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise _Shape(f"expected a whole number, got {value!r}")
    return int(value)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Shape(f"expected a number, got {value!r}")
    return float(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Shape(f"expected a string, got {value!r}")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Shape(f"expected true or false, got {value!r}")
    return value


def _timestamp(value: Any) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(_text(value))
    except ValueError as exc:
        raise _Shape(f"expected an ISO 8601 timestamp, got {value!r}") from exc


_GENERATION_FIELDS: Mapping[str, tuple[str, Any]] = {
    # wire name -> (field, parser); every field is required, as the AI SDK's schema has it
    "id": ("id", _text),
    "total_cost": ("total_cost", _money),
    "upstream_inference_cost": ("upstream_inference_cost", _money),
    "usage": ("usage", _money),
    "created_at": ("created_at", _timestamp),
    "model": ("model", _text),
    "is_byok": ("is_byok", _flag),
    "provider_name": ("provider_name", _text),
    "streamed": ("streamed", _flag),
    "finish_reason": ("finish_reason", _text),
    "latency": ("latency", _number),
    "generation_time": ("generation_time", _number),
    "native_tokens_prompt": ("prompt_tokens", _count),
    "native_tokens_completion": ("completion_tokens", _count),
    "native_tokens_reasoning": ("reasoning_tokens", _count),
    "native_tokens_cached": ("cached_tokens", _count),
    "native_tokens_cache_creation": ("cache_creation_tokens", _count),
    "billable_web_search_calls": ("billable_web_search_calls", _count),
}

_ROW_TEXT = ("day", "hour", "user", "model", "tag", "provider")
_ROW_COUNTS = (
    "input_tokens",
    "output_tokens",
    "cached_input_tokens",
    "cache_creation_input_tokens",
    "reasoning_tokens",
    "request_count",
)


def _bad(what: str, body: Any, problem: str) -> InvalidResponseDataError:
    return InvalidResponseDataError(f"gateway {what}: {problem}: {str(body)[:200]}", provider="gateway")


def parse_generation(body: Any) -> GatewayGeneration:
    """``{"data": {...}}`` as a ``GatewayGeneration``; a missing or mistyped field is an
    ``InvalidResponseDataError`` naming it."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise _bad("generation lookup", body, "no 'data' object")
    values: dict[str, Any] = {}
    for wire, (name, parse) in _GENERATION_FIELDS.items():
        if data.get(wire) is None:
            raise _bad("generation lookup", body, f"'{wire}' is missing")
        try:
            values[name] = parse(data[wire])
        except _Shape as exc:
            raise _bad("generation lookup", body, f"'{wire}': {exc}") from None
    return GatewayGeneration(**values)


def _row(entry: Any, index: int, body: Any) -> GatewaySpendRow:
    where = f"spend report result {index}"
    if not isinstance(entry, dict):
        raise _bad(where, body, "not an object")
    if entry.get("total_cost") is None:
        raise _bad(where, body, "'total_cost' is missing")
    values: dict[str, Any] = {}
    parsers: list[tuple[str, Any]] = [
        ("total_cost", _money),
        ("market_cost", _money),
        *((name, _text) for name in _ROW_TEXT),
        *((name, _count) for name in _ROW_COUNTS),
    ]
    for name, parse in parsers:
        if entry.get(name) is None:
            continue
        try:
            values[name] = parse(entry[name])
        except _Shape as exc:
            raise _bad(where, body, f"'{name}': {exc}") from None
    kind = entry.get("credential_type")
    if kind is not None:
        if kind not in CREDENTIAL_TYPES:
            raise _bad(where, body, f"'credential_type' is {kind!r}, not 'byok' or 'system'")
        values["credential_type"] = kind
    return GatewaySpendRow(**values)


def parse_spend_report(body: Any) -> GatewaySpendReport:
    results = body.get("results") if isinstance(body, dict) else None
    if not isinstance(results, list):
        raise _bad("spend report", body, "no 'results' list")
    return GatewaySpendReport(tuple(_row(entry, i, body) for i, entry in enumerate(results)))
