"""Carry out one scenario, check it and record it: shared by the entry-point and the wire matrix."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import pytest
from entry_points import EntryPoint
from fault_server import FaultServer
from faults import Expect, Fault
from observe import KEY, LOGGERS, Observed, error_classes, key_in_error, key_in_logs, record
from wire_shapes import TOOL, Wire

import ai_sdk_integrations

EMBEDDING_MODEL = "openai:text-embedding-3-small"


def make_model(wire: Wire, entry: EntryPoint, url: str, settings: dict[str, Any]) -> Any:
    common = {"base_url": url, "api_key": KEY, **settings}
    if entry.embeds:
        return ai_sdk_integrations.embedding_model(EMBEDDING_MODEL, **common)
    return ai_sdk_integrations.language_model(wire.model, **{**wire.settings, **common})


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else f"{text[: limit // 2]}... ({len(text):,} chars)"


async def run_and_check(
    fault: Fault,
    entry: EntryPoint,
    wire: Wire,
    server: FaultServer,
    delays: list[float],
    caplog: pytest.LogCaptureFixture,
    refused_url: str,
    matrix: str,
) -> Observed:
    scenario = fault.build(wire, entry)
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    server.queue(*scenario.replies)
    model = make_model(wire, entry, refused_url if scenario.refused else server.url, dict(scenario.settings))
    seen = Observed(fault.name, entry.name, wire.name, matrix, expected_partial=scenario.expect.partial)
    error: BaseException | None = None
    answer: Any = None
    try:
        answer = await entry.call(model)
    except Exception as exc:
        error = exc
        seen.error_type = type(exc).__name__
        seen.error_classes = error_classes(exc)
        seen.message = _short(str(exc), 400)
        seen.partial_text = str(getattr(exc, "partial_text", ""))
        seen.key_found_in += key_in_error(exc)
    else:
        seen.ok = True
        seen.text = _short(answer.text) if not entry.embeds else f"{answer.vectors} vectors"
        seen.tool_calls = [(name, _short(str(args))) for name, args in answer.tool_calls]
    seen.requests = len(server.requests)
    seen.delays = list(delays)
    seen.key_found_in += key_in_logs(caplog.records)
    try:
        check(seen, scenario.expect, error, answer)
    except AssertionError as failed:
        seen.as_expected = False
        seen.note = str(failed).splitlines()[0][:300]
        raise
    finally:
        record(seen)
    return seen


def check(seen: Observed, expect: Expect, error: BaseException | None, answer: Any) -> None:
    """The outcome the fault's ``Expect`` says, and the key nowhere."""
    assert seen.key_found_in == [], f"the key leaked into {seen.key_found_in}"
    if expect.error is not None:
        assert error is not None, f"expected {expect.error.__name__}, got an answer: {seen.text!r}"
        assert isinstance(error, expect.error), f"{type(error).__mro__} is not a {expect.error.__name__}"
        if expect.says is not None:
            assert expect.says in str(error)
        if expect.partial is not None:
            assert seen.partial_text == expect.partial
    else:
        if error is not None:
            raise AssertionError(f"expected an answer, got {type(error).__name__}: {error}") from error
        if expect.vectors is not None:
            assert answer.vectors == expect.vectors
        elif expect.tool is not None:
            _check_tool(answer.tool_calls, expect.tool)
        else:
            assert answer.text == expect.text
    assert seen.requests == expect.requests
    assert seen.delays == pytest.approx(list(expect.delays))


def _check_tool(calls: Sequence[tuple[str, Any]], expected: Any) -> None:
    assert len(calls) == 1, calls
    name, arguments = calls[0]
    if expected == "invalid":
        assert isinstance(arguments, str) and arguments.startswith("invalid"), (
            f"arguments that are not JSON read as {arguments!r}, not reported as invalid"
        )
    else:
        assert (name, arguments) == (TOOL, expected), f"arguments {expected!r} read as {arguments!r}"
