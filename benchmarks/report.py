"""Medians, ratios, goals and the tables: the console summary and ``benchmarks/RESULTS.md``.

Why ratios: absolute times move with the machine and its load; a row's ratio
to the floor (raw ``httpx2`` on the same wire, same run) and to the peer it
replaces (same run, same server) are what carry from one machine to another.
Stdlib only.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from contenders import BY_ID, CONTENDERS, FRAMEWORKS, Contender
from measure import Config, Row

FLOOR = "floor: httpx2"
SCENARIOS = ("import", "per-call", "stream", "async", "rss")
TITLES = {
    "import": "Import time (fresh interpreter, minus `python -c pass` in the same venv)",
    "per-call": "Per-call overhead (sequential non-streaming calls on a warm connection)",
    "stream": "Stream time (one `--stream-chunks` stream, 2,000 chunks by default, read chunk by chunk)",
    "async": "Async throughput (requests/s at the configured concurrency; higher is better)",
    "rss": "Peak RSS (one of each scenario in a fresh process, minus a bare worker's peak)",
}


@dataclass(frozen=True)
class Goal:
    """``bound`` on the ratio to the floor, or (``vs_peer``) on the ratio to the replaced peer."""

    bound: float
    vs_peer: bool = False
    higher_is_better: bool = False

    def describe(self, row: Row) -> str:
        sign = ">=" if self.higher_is_better else "<="
        if self.vs_peer and row.scenario == "rss":
            return f"< peer ({row.ref})"
        if self.vs_peer:
            return f"{sign}{self.bound:.2f}x {row.ref} ({1 / self.bound:.0f}x faster)"
        return f"{sign}{self.bound:.2f}x floor"

    def met(self, value: float) -> bool:
        if self.vs_peer and not self.higher_is_better and self.bound == 1.0:
            return value < 1.0
        return value >= self.bound if self.higher_is_better else value <= self.bound


def goal_for(row: Row, contender: Contender) -> Goal | None:
    """The issue's goals: plain functions near the floor; adapters 3x faster than their peer, and lighter."""
    if contender.key == "functions":
        return {
            "per-call": Goal(1.0),
            "stream": Goal(1.25),
            "async": Goal(1.0, higher_is_better=True),
            "rss": Goal(1.0, vs_peer=True) if contender.replaces else None,
        }.get(row.scenario)
    if contender.kind == "ours" and contender.replaces:
        return {
            "per-call": Goal(1 / 3, vs_peer=True),
            "stream": Goal(1 / 3, vs_peer=True),
            "rss": Goal(1.0, vs_peer=True),
        }.get(row.scenario)
    return None


def _contender(row: Row) -> Contender | None:
    if row.scenario == "import":
        return next((c for c in [*CONTENDERS, *FRAMEWORKS] if c.name == row.contender), None)
    return BY_ID.get(f"{row.wire}/{row.contender}")


def finalize(rows: list[Row]) -> None:
    """Medians, ratios to each table's floor and to each row's replaced peer, goals."""
    by_key = {(r.scenario, r.wire, r.contender): r for r in rows}
    for row in rows:
        if row.samples:
            row.median = statistics.median(row.samples)
    for row in rows:
        floor = by_key.get((row.scenario, row.wire, FLOOR))
        if row.median is not None and floor is not None and floor.median:
            row.ratio = row.median / floor.median
        contender = _contender(row)
        if contender is None:
            continue
        if row.scenario == "import" and contender.framework:
            base = by_key.get(("import", "-", contender.framework))
            if base is not None and base.median is not None and row.median is not None:
                row.extra["over_framework"] = row.median - base.median
        if contender.replaces:
            row.ref = contender.replaces
            peer = by_key.get((row.scenario, row.wire, contender.replaces))
            if peer is not None and peer.median and row.median is not None:
                row.vs_ref = row.median / peer.median
        limit = _limit_row(by_key, row, contender)
        if limit is not None and limit.median and row.median:
            # Time per call or stream: ours / limit. Throughput: limit / ours. Above 1: slower.
            row.extra["vs_limit"] = (
                limit.median / row.median if row.higher_is_better else row.median / limit.median
            )
            row.extra["limit"] = limit.contender
        goal = goal_for(row, contender)
        if goal is not None:
            row.goal = goal.describe(row)
            value = row.vs_ref if goal.vs_peer else row.ratio
            row.extra["goal_value"] = value
            row.extra["goal_bound"] = goal.bound
            row.goal_met = None if value is None else goal.met(value)
            if goal.vs_peer and limit is not None and row.ref is not None:
                peer = by_key.get((row.scenario, row.wire, row.ref))
                if peer is not None and peer.median and limit.median:
                    # What the thinnest adapter over raw HTTP reaches against the same peer,
                    # same run: a goal it misses too is out of any adapter's reach here.
                    row.extra["limit_vs_peer"] = limit.median / peer.median


LIMIT_AIM = 1.1
"""Each adapter within 1.1x of its framework's limit row, on every timed column."""


def _limit_row(by_key: dict[tuple[str, str, str], Row], row: Row, contender: Contender) -> Row | None:
    """The row ``row`` is held to: the framework's thinnest model over raw HTTP for an
    adapter; none for the plain functions (their raw-HTTP row is the floor itself)."""
    if contender.kind != "ours" or contender.framework is None or row.scenario in ("import", "rss"):
        return None
    limits = [c for c in CONTENDERS if c.kind == "limit" and c.wire == row.wire]
    limit = next((c for c in limits if c.framework == contender.framework), None)
    return by_key.get((row.scenario, row.wire, limit.name)) if limit is not None else None


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if value >= 1 else f"{value:.3f}"


def _spread(row: Row) -> str:
    if not row.samples or not row.median:
        return "-"
    return f"±{(max(row.samples) - min(row.samples)) / 2 / abs(row.median):.0%}"


def _vs_ref(row: Row) -> str:
    if row.vs_ref is None:
        return "-"
    if row.scenario in ("per-call", "stream", "import") and row.vs_ref > 0:
        return f"{row.vs_ref:.2f}x {row.ref} ({1 / row.vs_ref:.1f}x faster)"
    return f"{row.vs_ref:.2f}x {row.ref}"


def _goal(row: Row) -> str:
    if row.goal is None:
        return "-"
    return f"{row.goal}: " + {True: "met", False: "**MISSED**", None: "n/a"}[row.goal_met]


def render_table(rows: Sequence[Row]) -> str:
    """One scenario on one wire (or the import table)."""
    scenario = rows[0].scenario
    head = ["contender", "median", "spread", "x floor", "vs replaced peer", "goal", "note"]
    if scenario == "rss":
        head.insert(2, "peak RSS")
    if scenario == "import":
        head.insert(4, "over framework")
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---:" if h != "contender" else "---" for h in head) + "|",
    ]
    for row in rows:
        if row.note == "n/a":
            continue
        median = f"{_fmt(row.median)} {row.unit}" if row.median is not None else "-"
        cells = [row.contender, median, _spread(row), f"{row.ratio:.2f}x" if row.ratio is not None else "-"]
        cells += [_vs_ref(row), _goal(row), row.note.replace("|", "/")]
        if scenario == "rss":
            peak = row.extra.get("peak_median")
            cells.insert(2, f"{_fmt(peak)} MiB" if peak is not None else "-")
        if scenario == "import":
            over = row.extra.get("over_framework")
            cells.insert(4, f"{over:+.0f} ms" if over is not None else "-")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def tables(rows: Sequence[Row]) -> list[tuple[str, str]]:
    """``(title, markdown table)`` per scenario and wire, in a fixed order."""
    out = []
    for scenario in SCENARIOS:
        for wire in ("-", "openai", "anthropic"):
            chosen = [r for r in rows if r.scenario == scenario and r.wire == wire]
            if chosen and any(r.note != "n/a" for r in chosen):
                where = "" if wire == "-" else f" - {wire} wire"
                out.append((TITLES[scenario] + where, render_table(chosen)))
    return out


def goals_table(rows: Sequence[Row]) -> str:
    lines = ["| wire | row | scenario | value | goal | status |", "|---|---|---|---:|---|---|"]
    for row in rows:
        if row.goal is None:
            continue
        value = row.extra.get("goal_value")
        status = {True: "met", False: "**MISSED**", None: "n/a (" + (row.note or "no data") + ")"}[
            row.goal_met
        ]
        reach = row.extra.get("limit_vs_peer")
        if row.goal_met is False and reach is not None and reach > row.extra.get("goal_bound", 1 / 3):
            status += f" (out of reach: the limit row is {1 / reach:.1f}x faster than the peer)"
        shown = f"{value:.2f}x" if value is not None else "-"
        lines.append(f"| {row.wire} | {row.contender} | {row.scenario} | {shown} | {row.goal} | {status} |")
    return "\n".join(lines)


def limits_table(rows: Sequence[Row]) -> str:
    """The aim beside the issue's goals: each adapter within 1.1x of the thinnest
    ``BaseChatModel`` / ``LLM`` over raw HTTP, and the plain functions within 1.1x of
    raw HTTP itself, on every timed column."""
    lines = [
        "| wire | row | scenario | vs | value | within 1.1x |",
        "|---|---|---|---|---:|---|",
    ]
    for row in rows:
        contender = _contender(row)
        timed = row.scenario in ("per-call", "stream", "async")
        if contender is None or contender.kind != "ours" or not timed:
            continue
        if contender.key == "functions":
            value = 1 / row.ratio if row.higher_is_better and row.ratio else row.ratio
            against = FLOOR
        else:
            value, against = row.extra.get("vs_limit"), row.extra.get("limit", "-")
        if value is None:
            continue
        status = "yes" if value <= LIMIT_AIM else "**no**"
        cells = (row.wire, row.contender, row.scenario, against, f"{value:.2f}x", status)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> dict[str, str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "?"
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
    }


def results_markdown(
    rows: Sequence[Row],
    cfg: Config,
    versions: dict[str, dict[str, str]],
    loads: tuple[tuple[float, ...], tuple[float, ...]],
    took: float,
    command: str,
) -> str:
    info = machine()
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    start_load, end_load = loads
    busy = max(start_load[0], end_load[0]) > 0.5 * (os.cpu_count() or 1)
    parts = [
        "# Benchmark results",
        "",
        f"Generated {now} by `{command}` in {took / 60:.1f} min. Regenerate with the same command; "
        "see `benchmarks/README.md` for what each row does.",
        "",
        f"- Machine: {info['cpu']}, {info['cores']} cores, {info['memory']}; {info['platform']}; "
        f"Python {info['python']}.",
        f"- Load average (1/5/15 min) at start {'/'.join(f'{x:.2f}' for x in start_load)}, "
        f"at end {'/'.join(f'{x:.2f}' for x in end_load)}."
        + (" **The machine was busy: treat these figures as noisy.**" if busy else ""),
        f"- Config: {cfg.rounds} rounds (median reported, spread = half the min-max range); "
        f"{cfg.import_runs} import runs; per-call {cfg.calls} calls/round; stream {cfg.stream_chunks} chunks "
        f"x{cfg.streams_per_round}/round; async {cfg.requests} requests at concurrency {cfg.concurrency}; "
        f"RSS {cfg.rss_runs} fresh processes per row.",
        "- Every row runs in its own process; peers in their own virtualenvs (versions below), all "
        "against one loopback fake server per wire, in one run, rounds interleaved.",
        "",
        "## Goals",
        "",
        goals_table(rows),
        "",
        "## Against raw HTTP and the limit rows",
        "",
        "Time (or, for async, inverse throughput) relative to the thinnest code that does the same "
        "job: raw `httpx2` for the plain functions, the hand-written `BaseChatModel` / `LLM` over raw "
        "`httpx2` for `ChatAISDK` / `AISDK`. Above 1.00x is slower.",
        "",
        limits_table(rows),
        "",
    ]
    for title, table in tables(rows):
        parts += [f"## {title}", "", table, ""]
    parts += ["## Versions", "", "| venv | packages |", "|---|---|"]
    for name, found in versions.items():
        listed = ", ".join(f"{k} {v}" for k, v in found.items()) or "(not built)"
        parts.append(f"| {name} | {listed} |")
    parts.append("")
    return "\n".join(parts)
