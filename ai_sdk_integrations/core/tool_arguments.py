"""The one policy for reading a model's tool arguments, used by every entry point.

The spec carries arguments as the JSON text the model produced. Empty text means "no
arguments" (``{}``); a JSON object is the arguments; anything else (invalid JSON, or a
JSON array, string or number) is the model's mistake and raises
``InvalidToolInputError``, which callers turn into an error the model can read
(``generate_text``), an ``InvalidToolCall`` (LangChain) and so on; never silently into
``{}``. ``partial=True`` reads an unfinished object as far as it goes, for displays of
a tool call still streaming in.
"""

from __future__ import annotations

import json
from typing import Any

from ..spec.errors import InvalidToolInputError


def parse_tool_arguments(text: str, *, tool_name: str = "tool", partial: bool = False) -> dict[str, Any]:
    if not text.strip():
        return {}
    try:
        value = _partial_json(text) if partial else json.loads(text)
    except ValueError as exc:
        error = InvalidToolInputError(
            f"the model called {tool_name!r} with arguments that are not JSON: {text[:200]!r}"
        )
        raise error from exc
    if not isinstance(value, dict):
        raise InvalidToolInputError(
            f"the model called {tool_name!r} with arguments that are not a JSON object "
            f"(got {type(value).__name__}): {text[:200]!r}"
        )
    return value


def _partial_json(text: str) -> Any:
    """pydantic-core's partial JSON reader (present wherever a framework adapter is)."""
    from pydantic_core import from_json

    return from_json(text, allow_partial="trailing-strings")
