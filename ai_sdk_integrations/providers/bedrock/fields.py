"""Lenient readers for Bedrock's JSON: a field of the wrong type reads as "not said"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_EMPTY: Mapping[str, Any] = {}


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else _EMPTY


def string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def own_options(options: Mapping[str, Mapping[str, Any]] | None, provider: str) -> dict[str, Any]:
    """This provider's options from a ``provider_options`` mapping (or ``{}``)."""
    found = (options or {}).get(provider)
    return dict(found) if isinstance(found, Mapping) else {}
