"""Provider options as Deepgram query parameters.

Deepgram takes its options in the query string (the body is the audio, or the text to
speak). ``provider_options["deepgram"]`` uses the AI SDK's camelCase names
(``smartFormat``, ``detectLanguage``, ``uttSplit``); every key, known or not, is sent
snake_cased (``fooBar`` -> ``foo_bar``), so an option Deepgram adds later can be used
before this package knows it. Booleans are ``true``/``false``; a list repeats the
parameter (``keyterm=a&keyterm=b``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


def query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def query_pairs(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None:
            continue
        values: Iterable[Any] = value if isinstance(value, (list, tuple)) else (value,)
        pairs.extend((name, query_value(item)) for item in values)
    return pairs


def with_query(path: str, params: Mapping[str, Any]) -> str:
    pairs = query_pairs(params)
    return f"{path}?{urlencode(pairs)}" if pairs else path
