"""Taking the samples: imports in fresh interpreters, timed rounds through workers, peak RSS.

Why here and not in the workers: interleaving. Every row of a table runs one
round in turn (reversed on odd rounds), each in its own worker process and
virtualenv, so a load drift on the machine hits all rows alike and no row
gains from running first. Stdlib only.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from contenders import Contender
from venvs import REPO, Venv, environment

HERE = Path(__file__).resolve().parent
WORKER = HERE / "worker.py"
T = TypeVar("T")


@dataclass
class Config:
    rounds: int
    import_runs: int
    calls: int
    stream_chunks: int
    streams_per_round: int
    requests: int
    concurrency: int
    rss_runs: int


@dataclass
class Row:
    """One table row; ``samples`` holds the per-round values the median is taken over."""

    scenario: str
    wire: str
    contender: str
    kind: str
    unit: str
    higher_is_better: bool = False
    samples: list[float] = field(default_factory=list)
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    median: float | None = None
    ratio: float | None = None  # to the floor of its table
    ref: str | None = None  # the peer it replaces
    vs_ref: float | None = None
    goal: str | None = None
    goal_met: bool | None = None


def interleaved(items: Sequence[T], rounds: int) -> Iterator[list[T]]:
    """Every item once per round, in reversed order on odd rounds."""
    for i in range(rounds):
        yield list(items) if i % 2 == 0 else list(items)[::-1]


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- import


def _import_env(venv: Venv) -> dict[str, str]:
    """Bytecode caching on (users import from .pyc files), cached in a temp dir per venv."""
    env = environment(venv)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "ai_sdk_bench_pycache" / venv.name)
    return env


def _time_python(venv: Venv, code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [str(venv.python), "-c", code], check=False, env=env, cwd=REPO, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError((proc.stderr.strip().splitlines() or ["?"])[-1])
    return elapsed


def bench_import(contenders: Sequence[Contender], venvs: dict[str, Venv], cfg: Config) -> list[Row]:
    """Fresh-interpreter wall time of each import statement minus ``-c pass`` in the same venv, in ms."""
    rows = {c.name: Row("import", "-", c.name, c.kind, "ms") for c in contenders}
    used = {c.venv: venvs[c.venv] for c in contenders}
    envs = {name: _import_env(venv) for name, venv in used.items()}
    for c in contenders:  # warm-up, which also writes the .pyc files
        try:
            _time_python(venvs[c.venv], c.import_stmt or "pass", envs[c.venv])
        except RuntimeError as exc:
            rows[c.name].note = f"skipped: `{c.import_stmt}` failed: {exc}"
    for order in interleaved(contenders, cfg.import_runs):
        bases = {name: _time_python(venv, "pass", envs[name]) for name, venv in used.items()}
        for c in order:
            if not rows[c.name].note:
                elapsed = _time_python(venvs[c.venv], c.import_stmt or "pass", envs[c.venv]) - bases[c.venv]
                rows[c.name].samples.append(max(0.0, elapsed) * 1e3)
    return list(rows.values())


# --------------------------------------------------------------------------- workers


class Worker:
    """One contender's worker process, speaking JSON lines."""

    def __init__(self, contender: Contender, venv: Venv):
        self.contender = contender
        self.proc = subprocess.Popen(
            [str(venv.python), str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,  # tracebacks show on the console
            text=True,
            env=environment(venv),
            cwd=REPO,
        )

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except OSError as exc:
            return {"ok": False, "note": f"worker died: {exc}"}
        if not line:
            return {"ok": False, "note": f"worker exited with {self.proc.wait()}"}
        reply: dict[str, Any] = json.loads(line)
        return reply

    def close(self) -> None:
        if self.proc.poll() is None:
            self.ask({"op": "quit"})
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


UNITS = {"per-call": ("us/call", False), "stream": ("ms/stream", False), "async": ("req/s", True)}


def bench_rounds(
    scenario: str,
    contenders: Sequence[Contender],
    venvs: dict[str, Venv],
    base_url: str,
    cfg: Config,
    unavailable: dict[str, str],
) -> list[Row]:
    """Start a worker per contender, set each up, then take ``cfg.rounds`` interleaved rounds."""
    unit, higher = UNITS[scenario]
    rows = {c.name: Row(scenario, c.wire, c.name, c.kind, unit, higher) for c in contenders}
    workers: list[Worker] = []
    try:
        for c in contenders:
            if c.venv in unavailable:
                rows[c.name].note = f"skipped: {unavailable[c.venv]}"
                continue
            worker = Worker(c, venvs[c.venv])
            reply = worker.ask(
                {"op": "setup", "id": c.id, "scenario": scenario, "base_url": base_url, "cfg": cfg.__dict__}
            )
            if reply["ok"]:
                workers.append(worker)
            else:
                rows[c.name].note = reply["note"] if reply.get("na") else f"error: {reply['note']}"
                worker.close()
        for i, order in enumerate(interleaved(workers, cfg.rounds)):
            _log(f"{scenario} {contenders[0].wire}: round {i + 1}/{cfg.rounds}")
            for worker in order:
                row = rows[worker.contender.name]
                if row.note:
                    continue
                reply = worker.ask({"op": "round"})
                if reply["ok"]:
                    row.samples.append(reply["value"])
                else:
                    row.note = f"error: {reply['note']}"
    finally:
        for worker in workers:
            worker.close()
    return list(rows.values())


# --------------------------------------------------------------------------- peak RSS


def _rss(venv: Venv, args: list[str]) -> dict[str, Any]:
    proc = subprocess.run(
        [str(venv.python), str(WORKER), *args],
        check=False,
        capture_output=True,
        text=True,
        env=environment(venv),
        cwd=REPO,
    )
    if proc.returncode:
        raise RuntimeError((proc.stderr.strip().splitlines() or ["?"])[-1])
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def bench_rss(
    contenders: Sequence[Contender],
    venvs: dict[str, Venv],
    base_urls: dict[str, str],
    cfg: Config,
    unavailable: dict[str, str],
) -> list[Row]:
    """Peak RSS (MiB) of a fresh worker doing one of each scenario, minus a bare worker's in that venv.

    The sample is the added MiB; ``extra["peak"]`` keeps the absolute peaks.
    """
    rows = {c.id: Row("rss", c.wire, c.name, c.kind, "MiB added") for c in contenders}
    for c in contenders:
        if c.venv in unavailable:
            rows[c.id].note = f"skipped: {unavailable[c.venv]}"
    args = {
        c.id: [
            "--rss",
            c.id,
            "--base-url",
            base_urls[c.wire],
            "--calls",
            str(cfg.calls),
            "--n",
            str(cfg.stream_chunks),
            "--requests",
            str(cfg.requests),
            "--concurrency",
            str(cfg.concurrency),
        ]
        for c in contenders
    }
    for i, order in enumerate(interleaved(contenders, cfg.rss_runs)):
        _log(f"rss: run {i + 1}/{cfg.rss_runs}")
        bases: dict[str, float] = {}
        for c in order:
            row = rows[c.id]
            if row.note:
                continue
            try:
                if c.venv not in bases:
                    bases[c.venv] = _rss(venvs[c.venv], ["--rss-baseline"])["peak_mib"]
                result = _rss(venvs[c.venv], args[c.id])
            except RuntimeError as exc:
                row.note = f"error: {exc}"[:300]
                continue
            row.samples.append(result["peak_mib"] - bases[c.venv])
            row.extra.setdefault("peak", []).append(result["peak_mib"])
            row.extra["did"] = result["did"]
    for row in rows.values():
        if row.extra.get("peak"):
            row.extra["peak_median"] = statistics.median(row.extra["peak"])
    return list(rows.values())
