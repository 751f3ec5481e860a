"""Keep API keys out of reprs, logs, pickles shown to users, and error messages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

# Shapes of well-known keys and tokens, redacted even when we never held them
# (an upstream error body may echo a key from another hop).
_KEY_PATTERN = re.compile(
    r"(sk-[A-Za-z0-9_\-]{8,}|AIza[0-9A-Za-z_\-]{20,}|(?i:bearer)\s+[A-Za-z0-9._\-]{8,})"
)
REDACTED = "[REDACTED]"


class Secret:
    """A string that never shows itself: ``repr``/``str`` print stars, ``get()`` reveals."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    return _KEY_PATTERN.sub(REDACTED, text)


def redact_error(error: BaseException, secrets: Iterable[str] = ()) -> None:
    """Redact an error's message (and the parsed body some errors keep) in place."""
    error.args = tuple(redact(a, secrets) if isinstance(a, str) else a for a in error.args)
    data = getattr(error, "data", None)
    if data is not None:
        error.data = json.loads(redact(json.dumps(data), secrets))  # type: ignore[attr-defined]
