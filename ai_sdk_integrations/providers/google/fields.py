"""Lenient readers for fields of Gemini responses and stream chunks.

The answer itself (a candidate's parts) must be readable or the parse fails; every
other field (usage, safety ratings, grounding, ids) is metadata, and one of the wrong
type reads as "not said", so it never costs the caller the answer.
"""

from __future__ import annotations

from typing import Any


def string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
