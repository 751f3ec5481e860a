"""Run one call against the fault server and write down everything the table shows.

``Observed`` is the outcome of one (fault, entry point, wire): the answer or the
exception, how many requests the server saw, the retry delays the client asked for,
the text kept on the error, and where (if anywhere) the fake key showed up: in the
exception chain (messages, ``repr``, attributes, causes, earlier attempts'
errors, the formatted traceback) or in a log record at DEBUG.
"""

from __future__ import annotations

import json
import logging
import os
import traceback
import types
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fake_keys import fake_key

KEY = fake_key("reliability-SECRET-7f3a9c2e5b1d4086")
"""The key every model here is given; the servers echo it in their error bodies."""
KEY_LABEL = KEY.removeprefix("sk-")
LOGGERS = ("ai_sdk_integrations", "httpx", "httpx2", "httpcore", "httpcore2")
REPORT_ENV = "AI_SDK_RELIABILITY_REPORT"


@dataclass
class Observed:
    fault: str
    entry: str
    wire: str
    matrix: str = ""
    """``entry-points`` or ``wires``: which fault matrix the row is from (else a check's own)."""
    ok: bool = False
    text: str = ""
    tool_calls: list[Any] = field(default_factory=list)
    error_type: str = ""
    error_classes: list[str] = field(default_factory=list)
    message: str = ""
    requests: int = 0
    delays: list[float] = field(default_factory=list)
    partial_text: str = ""
    expected_partial: str | None = None
    key_found_in: list[str] = field(default_factory=list)
    as_expected: bool = True
    """False: the outcome is not what the fault expects (a known bug, xfail, or a failure)."""
    note: str = ""

    @property
    def retries(self) -> int:
        return max(0, self.requests - 1)


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
        todo += list(getattr(current, "retry_errors", ()) or ())


def key_in_error(error: BaseException) -> list[str]:
    """Where the key shows in ``error``: every error in its chain (causes, contexts, the
    earlier attempts' errors), every way it prints, and every object they hold (an HTTP
    library's error keeps the request it sent, headers and all)."""
    found = []
    if KEY_LABEL in "".join(traceback.format_exception(error)):
        found.append("traceback")
    for item in _chain(error):
        views = {"str": str(item), "repr": repr(item), "args": repr(item.args)}
        for where, text in views.items():
            if KEY_LABEL in text:
                found.append(f"{type(item).__name__}.{where}")
        found += _held(getattr(item, "__dict__", {}), type(item).__name__, set(), 0)
    return found


_SKIP = (type, types.ModuleType, types.FunctionType, types.MethodType, types.FrameType, types.TracebackType)


def _held(value: Any, path: str, seen: set[int], depth: int) -> list[str]:
    """Paths to every string or bytes under ``value`` (attributes, items) holding the key."""
    if depth > 12 or id(value) in seen or isinstance(value, _SKIP):
        return []
    seen.add(id(value))
    if isinstance(value, str | bytes | bytearray):
        text = value if isinstance(value, str) else bytes(value).decode("latin-1")
        return [path] if KEY_LABEL in text else []
    if isinstance(value, BaseException):
        return []  # walked as part of the chain
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _held(item, f"{path}.{key}", seen, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            found += _held(item, f"{path}[{index}]", seen, depth + 1)
    else:
        attributes = dict(getattr(value, "__dict__", {}) or {})
        for slot in getattr(type(value), "__slots__", ()):
            if isinstance(slot, str) and hasattr(value, slot):
                attributes[slot] = getattr(value, slot)
        for name, item in attributes.items():
            found += _held(item, f"{path}.{name}", seen, depth + 1)
    return found


def key_in_logs(records: Sequence[logging.LogRecord]) -> list[str]:
    found = []
    for record in records:
        text = record.getMessage() + " " + (record.exc_text or "")
        if record.exc_info and record.exc_info[1] is not None:
            text += "".join(traceback.format_exception(record.exc_info[1]))
        if KEY_LABEL in text:
            found.append(f"log:{record.name}")
    return found


def error_classes(error: BaseException) -> list[str]:
    """Our classes the error is (LangChain's dual classes add theirs: listed too)."""
    return [cls.__name__ for cls in type(error).__mro__ if cls.__module__.startswith(("ai_sdk", "langchain"))]


# -- the report file ------------------------------------------------------------------


def record(observed: Observed) -> None:
    """Append to the report file named by ``AI_SDK_RELIABILITY_REPORT`` (if set)."""
    target = os.environ.get(REPORT_ENV)
    if not target:
        return
    row = asdict(observed)
    with Path(target).open("a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")
