"""Lenient readers for fields of Messages API responses and stream events.

Only the answer (text, thinking, tool calls) may fail a parse; every other field
(ids, model, usage, stop reason, citations) that has the wrong type reads as "not
said", so one odd metadata field never costs the caller the answer.
"""

from __future__ import annotations

from typing import Any


def string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def text_of(block: dict[str, Any], key: str) -> str:
    """A block's own text (``text``, ``thinking``): it is the answer, so a wrong type
    is an error the caller sees, never a silent empty string."""
    value = block.get(key, "")
    if not isinstance(value, str):
        raise TypeError(f"{block.get('type')} block has a {key!r} that is not text")
    return value
