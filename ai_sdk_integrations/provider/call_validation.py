"""Call options checked before anything is sent, for every entry point at once.

A wrong type or an out-of-range value is the caller's mistake: sent anyway, it costs a
round trip and a provider error at best (OpenAI answers 400), and a 500 that is retried
three times at worst (``temperature="hot"`` to a llama.cpp server). Each check says
what was wrong and what to pass instead. Ranges are the widest any provider accepts;
a provider's narrower limits stay its own to enforce.
"""

from __future__ import annotations

from numbers import Real
from typing import Any

from ..spec import CallOptions
from ..spec.errors import InvalidPromptError, UsageError

# attribute -> (low, high, kind); None means unbounded on that side.
_NUMBERS: tuple[tuple[str, float | None, float | None, type], ...] = (
    ("temperature", 0.0, 2.0, float),
    ("top_p", 0.0, 1.0, float),
    ("top_k", 1, None, int),
    ("presence_penalty", -2.0, 2.0, float),
    ("frequency_penalty", -2.0, 2.0, float),
    ("max_output_tokens", 1, None, int),
    ("seed", None, None, int),
)


def validate_call_options(options: CallOptions) -> None:
    if not options.prompt:
        raise InvalidPromptError("the prompt is empty: pass at least one message (or prompt='...')")
    for attribute, low, high, kind in _NUMBERS:
        value = getattr(options, attribute)
        if value is not None:
            _check_number(attribute, value, low, high, kind)
    stops = options.stop_sequences
    if stops is not None and (isinstance(stops, str) or not all(isinstance(s, str) for s in stops)):
        raise UsageError(f"stop_sequences must be a list of strings, e.g. ['END'], not {stops!r}")


def _check_number(name: str, value: Any, low: float | None, high: float | None, kind: type) -> None:
    wrong_type = isinstance(value, bool) or not isinstance(value, Real)
    if not wrong_type and kind is int and not float(value).is_integer():
        wrong_type = True
    if wrong_type:
        what = "an integer" if kind is int else "a number"
        raise UsageError(f"{name} must be {what}, not {value!r} ({type(value).__name__})")
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        raise UsageError(f"{name} must be {span}, not {value!r}")
