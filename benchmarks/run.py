"""Benchmark ``ai_sdk_integrations`` against raw-HTTP floors and the peers it replaces, in one run.

Why: the package wraps ``httpx2``; its cost is only worth paying if it stays
close to a hand-written ``httpx2`` call, and its LangChain / LlamaIndex
adapters only earn their place if they beat the clients they replace. Every
scenario therefore has a floor (raw ``httpx2`` on the same wire) and every
adapter a peer; the tables report each row's median and its ratios to both.

Rows (``contenders/__init__.py``), per wire (OpenAI Chat Completions and
Anthropic Messages, each on its own loopback fake server): the floors (raw
``httpx2``, raw ``httpx``), the package's plain functions (``openai:`` /
``anthropic:``), ``ChatAISDK`` and ``AISDK``, a "limit" row per framework (the
thinnest hand-written model over raw ``httpx2``), and the peers: the openai
SDK, ``ChatOpenAI``, ``OpenAILike``, LiteLLM, the anthropic SDK and
``ChatAnthropic``. Each peer runs in its own virtualenv (``venvs.py``, built
on first use under ``benchmarks/.venvs/``), each row in its own worker process
(``worker.py``), rounds interleaved (``measure.py``).

Scenarios (``--only`` names): ``import``, ``per-call``, ``stream``, ``async``,
``rss``. Groups: ``core``, ``langchain``, ``llama_index``, ``peers``. Wires:
``openai``, ``anthropic``. Floors always run.

Run: ``.venv/bin/python benchmarks/run.py --results`` (the full run, writes
``benchmarks/RESULTS.md``); ``--quick`` for a smoke test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from contenders import CONTENDERS, FRAMEWORKS, Contender
from fake_anthropic_server import running_anthropic_server
from fake_openai_server import running_server
from measure import Config, Row, bench_import, bench_rounds, bench_rss
from report import finalize, goals_table, limits_table, results_markdown, tables
from venvs import REPO, Venv, all_venvs, ensure, versions

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
SCENARIOS = ("import", "per-call", "stream", "async", "rss")
GROUPS = ("core", "langchain", "llama_index", "peers")
WIRES = ("openai", "anthropic")


def select(only: list[str]) -> tuple[list[str], list[Contender], list[str]]:
    """The scenarios, rows and wires ``--only`` picks (everything when it names none of a kind)."""
    scenarios = [s for s in SCENARIOS if s in only] or list(SCENARIOS)
    groups = {g for g in GROUPS if g in only} or set(GROUPS)
    wires = [w for w in WIRES if w in only] or list(WIRES)
    rows = [c for c in CONTENDERS if c.wire in wires and (c.kind == "floor" or c.group in groups)]
    return scenarios, rows, wires


def import_rows(rows: list[Contender]) -> list[Contender]:
    """One import row per distinct statement name, plus the framework baselines the rows need."""
    seen: dict[str, Contender] = {}
    for c in rows:
        if c.import_stmt and c.name not in seen:
            seen[c.name] = c
    for framework in FRAMEWORKS:
        if any(c.framework == framework.name for c in seen.values()):
            seen[framework.name] = framework
    return list(seen.values())


class _Current(Venv):
    """This interpreter, standing in for every venv (``--venvs current``)."""

    @property
    def python(self) -> Path:
        return Path(sys.executable)


def current_venvs() -> dict[str, Venv]:
    """``--venvs current``: every row in this interpreter (the peers must be installed in it)."""
    one = _Current("current", (), all_venvs()["core"].packages, with_repo=True)
    return {name: one for name in all_venvs()}


@contextlib.contextmanager
def servers(wires: list[str]) -> Iterator[dict[str, str]]:
    with contextlib.ExitStack() as stack:
        urls = {}
        if "openai" in wires:
            urls["openai"] = stack.enter_context(running_server())
        if "anthropic" in wires:
            urls["anthropic"] = stack.enter_context(running_anthropic_server())
        yield urls


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, Config]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny counts: a smoke test, not a measurement")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        choices=SCENARIOS + GROUPS + WIRES,
        help="a scenario, row group or wire (repeatable; kinds combine); floors always run",
    )
    parser.add_argument("--results", action="store_true", help=f"write {RESULTS.relative_to(REPO)}")
    parser.add_argument("--json", type=Path, help="also write every row with its samples to this file")
    parser.add_argument(
        "--venvs",
        choices=("own", "current"),
        default="own",
        help="own: one virtualenv per peer under benchmarks/.venvs (default); current: this interpreter",
    )
    parser.add_argument(
        "--refresh-venvs", action="store_true", help="rebuild the venvs at the newest allowed peers"
    )
    for name, default in (
        ("rounds", 7),
        ("import-runs", 7),
        ("calls", 300),
        ("stream-chunks", 2000),
        ("streams-per-round", 3),
        ("requests", 640),
        ("concurrency", 64),
        ("rss-runs", 3),
    ):
        parser.add_argument(f"--{name}", type=int, help=f"default {default}")
    args = parser.parse_args(argv)
    if args.quick:
        cfg = Config(
            rounds=2,
            import_runs=1,
            calls=30,
            stream_chunks=200,
            streams_per_round=1,
            requests=128,
            concurrency=16,
            rss_runs=1,
        )
    else:
        cfg = Config(
            rounds=7,
            import_runs=7,
            calls=300,
            stream_chunks=2000,
            streams_per_round=3,
            requests=640,
            concurrency=64,
            rss_runs=3,
        )
    for key in asdict(cfg):
        value = getattr(args, key)
        if value is not None:
            setattr(cfg, key, value)
    return args, cfg


def main(argv: list[str] | None = None) -> int:
    args, cfg = parse_args(argv)
    started = time.perf_counter()
    scenarios, chosen, wires = select(args.only)
    venvs = all_venvs() if args.venvs == "own" else current_venvs()
    needed = sorted({c.venv for c in chosen} | {"core"})
    unavailable: dict[str, str] = {}
    for name in needed:
        why = ensure(venvs[name], args.refresh_venvs) if args.venvs == "own" else None
        if why:
            unavailable[name] = why
            print(f"warning: {why}", file=sys.stderr)
    found = {name: versions(venvs[name]) for name in needed if name not in unavailable}
    if args.venvs == "current":
        found = {"current": next(iter(found.values()), {})}
    load_start = os.getloadavg()
    rows: list[Row] = []
    if "import" in scenarios:
        to_import = import_rows(chosen)
        rows += [
            Row("import", "-", c.name, c.kind, "ms", note=f"skipped: {unavailable[c.venv]}")
            for c in to_import
            if c.venv in unavailable
        ]
        rows += bench_import([c for c in to_import if c.venv not in unavailable], venvs, cfg)
    network = [s for s in scenarios if s != "import"]
    if network:
        with servers(wires) as urls:
            for scenario in ("per-call", "stream", "async"):
                if scenario in network:
                    for wire in wires:
                        on_wire = [c for c in chosen if c.wire == wire]
                        rows += bench_rounds(scenario, on_wire, venvs, urls[wire], cfg, unavailable)
            if "rss" in network:
                measured = [c for c in chosen if c.key != "httpx2_keepalive"]
                rows += bench_rss(measured, venvs, urls, cfg, unavailable)
    finalize(rows)
    took = time.perf_counter() - started
    for title, table in tables(rows):
        print(f"\n## {title}\n\n{table}")
    print(f"\n## Goals\n\n{goals_table(rows)}")
    print(f"\n## Against raw HTTP and the limit rows\n\n{limits_table(rows)}")
    print(f"\n{os.cpu_count()} CPUs; load {os.getloadavg()[0]:.2f}; took {took:.1f}s")
    if args.results:
        command = "python benchmarks/run.py " + shlex.join(argv if argv is not None else sys.argv[1:])
        RESULTS.write_text(
            results_markdown(rows, cfg, found, (load_start, os.getloadavg()), took, command.strip())
        )
        print(f"wrote {RESULTS}")
    if args.json:
        payload = {"config": asdict(cfg), "versions": found, "rows": [asdict(r) for r in rows]}
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
