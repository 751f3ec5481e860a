"""Regenerate docs/reliability.md from a run of the reliability suite.

    .venv/bin/python -m tests.reliability.report        (or: ./dev reliability)

Runs ``pytest tests/reliability`` with ``AI_SDK_RELIABILITY_REPORT`` naming a scratch
file, into which every fault test, load check and cancellation test appends what it
observed (tests/reliability/observe.py); then writes the tables from those rows, with
the date, the versions and the run's own summary line. Extra arguments go to pytest
(``AI_SDK_SOAK=1`` in the environment runs the soak sizes).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "docs" / "reliability.md"
REPORT_ENV = "AI_SDK_RELIABILITY_REPORT"
VERSIONS = (
    "ai-sdk-integrations",
    "httpx2",
    "httpcore2",
    "langchain-core",
    "llama-index-core",
    "hypothesis",
    "pytest",
)
WIRE_ORDER = (
    "openai-chat",
    "openai-responses",
    "anthropic",
    "google",
    "mistral",
    "cohere",
    "bedrock",
    "gateway",
)


def run_suite(extra: Sequence[str]) -> tuple[list[dict[str, Any]], str]:
    with tempfile.TemporaryDirectory() as scratch:
        rows_file = Path(scratch) / "rows.jsonl"
        env = {**os.environ, REPORT_ENV: str(rows_file)}
        command = [sys.executable, "-m", "pytest", "tests/reliability", "-p", "no:randomly", "-q", *extra]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        summary = next(
            (line for line in reversed(done.stdout.splitlines()) if re.search(r"\d+ (passed|failed)", line)),
            "(no summary)",
        )
        if done.returncode != 0:
            sys.stdout.write(done.stdout[-5000:])
            raise SystemExit(f"the reliability suite failed ({summary}); docs/reliability.md not written")
        lines = rows_file.read_text(encoding="utf-8").splitlines() if rows_file.exists() else []
        return [json.loads(line) for line in lines], summary.strip("= ")


# -- cells ------------------------------------------------------------------------------


def _seconds(delays: Iterable[float]) -> str:
    return ", ".join(f"{d:g}" for d in delays) or "-"


def _message(row: dict[str, Any]) -> str:
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", row["message"])
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 150 else text[:147] + "..."


def outcome(row: dict[str, Any]) -> str:
    if row["ok"]:
        if row["tool_calls"]:
            return "answer: tool call " + ", ".join(f"`{name}` {args}" for name, args in row["tool_calls"])
        return f"answer ({row['text']})" if "chars)" in row["text"] else "answer"
    return f"`{row['error_type']}`"


def kept(row: dict[str, Any]) -> str:
    if row["ok"] or row["expected_partial"] is None:
        return "-"
    return (
        f"yes: {row['partial_text']!r}"
        if row["partial_text"] == row["expected_partial"]
        else (f"NO: {row['partial_text']!r}")
    )


def key_cell(row: dict[str, Any]) -> str:
    return "absent" if not row["key_found_in"] else "LEAKED: " + ", ".join(row["key_found_in"])


def _signature(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        outcome(row),
        row["requests"],
        _seconds(row["delays"]),
        kept(row),
        key_cell(row),
        row["as_expected"],
    )


def _status(row: dict[str, Any]) -> str:
    return "" if row["as_expected"] else " **(known bug: see below)**"


# -- tables -----------------------------------------------------------------------------


def _grouped(
    rows: list[dict[str, Any]], by: str, order: Sequence[str]
) -> list[tuple[list[str], dict[str, Any]]]:
    """Rows with the same outcome, folded into one: (the ``by`` values, one row)."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[_signature(row)].append(row)
    folded = []
    for members in groups.values():
        names = sorted({m[by] for m in members}, key=lambda n: order.index(n) if n in order else 99)
        folded.append((names, members[0]))
    folded.sort(key=lambda item: order.index(item[0][0]) if item[0][0] in order else 99)
    return folded


def _names(names: list[str], everything: Sequence[str]) -> str:
    if len(names) == len(everything) and len(everything) > 2:
        return f"all {len(everything)}"
    return ", ".join(f"`{n}`" for n in names)


def fault_table(rows: list[dict[str, Any]], entries: Sequence[str], faults: Sequence[str]) -> list[str]:
    out = [
        "| Fault | Entry points | Outcome | Requests | Retry delays (s) | Exception message | "
        "Text kept on the error | Key |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for fault in faults:
        mine = [r for r in rows if r["fault"] == fault]
        applicable = [e for e in entries if any(r["entry"] == e for r in mine)]
        for names, row in _grouped(mine, "entry", entries):
            out.append(
                f"| {fault} | {_names(names, applicable)} | {outcome(row)}{_status(row)} "
                f"| {row['requests']} | {_seconds(row['delays'])} | {_message(row) or '-'} | {kept(row)} "
                f"| {key_cell(row)} |"
            )
    return out


def wire_table(rows: list[dict[str, Any]], faults: Sequence[str]) -> list[str]:
    out = [
        "| Fault | Entry point | Wires | Outcome | Requests | Retry delays (s) | Text kept on the error "
        "| Key |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for fault in faults:
        for entry in ("generate_text", "astream_text"):
            mine = [r for r in rows if r["fault"] == fault and r["entry"] == entry]
            for names, row in _grouped(mine, "wire", WIRE_ORDER):
                out.append(
                    f"| {fault} | `{entry}` | {_names(names, WIRE_ORDER)} | {outcome(row)}{_status(row)} | "
                    f"{row['requests']} | {_seconds(row['delays'])} | {kept(row)} | {key_cell(row)} |"
                )
    return out


def messages_by_wire(rows: list[dict[str, Any]], faults: Sequence[str]) -> list[str]:
    out = ["| Fault | Wire | `generate_text` raised | `astream_text` raised |", "|---|---|---|---|"]
    for fault in faults:
        for wire in WIRE_ORDER:
            cells = []
            for entry in ("generate_text", "astream_text"):
                row = next(
                    (r for r in rows if (r["fault"], r["wire"], r["entry"]) == (fault, wire, entry)), None
                )
                cells.append("-" if row is None or row["ok"] else f"`{row['error_type']}`: {_message(row)}")
            if any(cell != "-" for cell in cells):
                out.append(f"| {fault} | {wire} | {cells[0]} | {cells[1]} |")
    return out


def notes_table(rows: list[dict[str, Any]], header: str) -> list[str]:
    out = [f"| {header} | Entry point | Result | What was measured |", "|---|---|---|---|"]
    for row in rows:
        result = "ok" if row["ok"] else "**FAILED**"
        out.append(f"| {row['fault']} | `{row['entry']}` | {result} | {row['note']} |")
    return out


def versions() -> str:
    found = []
    for name in VERSIONS:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    found.append(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, ")
    return ", ".join(found[:-1]) + f"; {found[-1].rstrip(', ')} ({os.cpu_count()} CPUs)"


def render(rows: list[dict[str, Any]], summary: str) -> str:
    from faults import FAULTS  # only now: tests/reliability is on sys.path (see main)

    entries = list(dict.fromkeys(r["entry"] for r in rows if r["matrix"] == "entry-points"))
    fault_names = [f.name for f in FAULTS]
    wire_faults = [f.name for f in FAULTS if f.wire_level]
    matrix = [r for r in rows if r["matrix"] == "entry-points"]
    per_wire = [r for r in rows if r["matrix"] == "wires"]
    cancels = [r for r in rows if r["fault"].startswith("caller cancels")]
    load = [r for r in rows if r["fault"] in ("load", "100,000-chunk stream")]
    known = [r for r in rows if not r["as_expected"]]
    leaks = [r for r in rows if r["key_found_in"]]
    lines = [
        "# Reliability under faults and load",
        "",
        "<!-- Generated by `python -m tests.reliability.report` (or `./dev reliability`); do not edit. -->",
        "",
        f"Generated {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC with {versions()}.",
        f"Run: `pytest tests/reliability`: {summary}.",
        "",
        "Every row is an outcome the suite observed (tests/reliability/), not a claim: the fault",
        "server (`tests/reliability/fault_server.py`, the scripted loopback server plus TCP resets)",
        "misbehaves on command, and each test records the answer or the exception, the requests",
        "the server saw, the retry delays the client asked for (backoff jitter pinned, so attempt",
        "n waits 2^n s), the text kept on the error (`partial_text`), and whether the fake key",
        "the model was given (which the servers echo in their error bodies) appears in any",
        "exception, cause, `repr`, earlier attempt's error, traceback or DEBUG log record",
        "(`ai_sdk_integrations`, `httpx`, `httpx2`, `httpcore`, `httpcore2`).",
        "",
        f"Key found: **{'nowhere' if not leaks else f'{len(leaks)} times'}** in {len(rows)} outcomes.",
        "",
        "## Faults x entry points (OpenAI Chat wire)",
        "",
        "Rows with the same outcome are folded together; `all N` means every entry point the",
        "fault applies to (a stream fault applies only to streaming calls, a tool fault not to",
        "`embed_many`). Default settings: `max_retries=2`. *Requests* is what the server saw",
        "(retries = requests - 1); *retry delays* are the waits the client asked for, in order.",
        "",
        *fault_table(matrix, entries, fault_names),
        "",
        "## Faults x wire formats",
        "",
        "Each provider's codec with its own error bodies, stream events and tool-call fields, through",
        "`generate_text` (sync, whole answer) and `astream_text` (async, stream).",
        "",
        *wire_table(per_wire, wire_faults),
        "",
        "### What each wire's errors say",
        "",
        *messages_by_wire(per_wire, wire_faults),
        "",
        "## The caller cancels an async stream",
        "",
        *notes_table(cancels, "How"),
        "",
        "## Load",
        "",
        "`AI_SDK_MAX_CONNECTIONS` / `AI_SDK_MAX_KEEPALIVE_CONNECTIONS` bound each shared",
        "connection pool (defaults 100 / 100); the load checks set both to the concurrency.",
        "",
        *notes_table(load, "Check"),
        "",
        "## Known bugs (strict xfails)",
        "",
        "Each is a test marked `xfail(strict=True)`: fixing the bug makes it pass, which fails",
        "the run until the mark is removed.",
        "",
    ]
    if known:
        from test_fault_matrix import KNOWN as BY_ENTRY
        from test_fault_wires import KNOWN as BY_WIRE

        for r in known:
            why = BY_ENTRY.get((r["fault"], r["entry"])) or BY_WIRE.get(
                (r["fault"], r["wire"], r["entry"]), ""
            )
            lines.append(f"- **{r['fault']}** through `{r['entry']}` on {r['wire']}: {r['note']}. {why}.")
    else:
        lines.append("None.")
    lines += [
        "",
        "## Running it",
        "",
        "- `./dev reliability` (or `.venv/bin/python -m tests.reliability.report`) runs the suite and",
        "  rewrites this file; it refuses to write it when a test fails.",
        "- The suite alone: `pytest tests/reliability` (part of the default test run);",
        '  `-m "not load"` leaves out the load checks.',
        "- `AI_SDK_SOAK=1`: 20,000 requests per entry point and a 1,000,000-chunk stream;",
        "  `AI_SDK_FUZZ_EXAMPLES=N`: N hypothesis examples per fuzz property (default 40).",
        "- The fuzz properties (tests/reliability/test_fuzz_decoders.py, every stream decoder",
        "  through the transport's framers) add to tests/providers/test_*robustness.py; they",
        "  produce no table rows: they pass or the run fails.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> None:
    sys.path[:0] = [str(ROOT / "tests" / "reliability"), str(ROOT / "tests")]
    rows, summary = run_suite(argv)
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(render(rows, summary), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(rows)} outcomes; {summary}")


if __name__ == "__main__":
    main(sys.argv[1:])
