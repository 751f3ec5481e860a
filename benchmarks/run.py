"""Benchmark ``ai_sdk_integrations`` against a raw-HTTP floor on a loopback fake server.

Why: the package wraps ``httpx2``; its cost is only worth paying if it stays
close to what a hand-written ``httpx2`` call does. Every scenario therefore has
a *floor* (the first entry of its contender table, raw ``httpx2``) and reports
each contender's median as a ratio to that floor.

Scenarios (``--only`` names):

* ``import``   - wall time of a fresh ``python -c "import X"`` minus ``python -c pass``.
* ``per-call`` - sequential non-streaming chat calls, microseconds per call.
* ``stream``   - one 2,000-chunk SSE stream consumed delta by delta, ms per stream.
* ``async``    - 640 requests at concurrency 64 on one event loop, requests/s.

Adding a contender is a one-line edit to the relevant table below
(``IMPORTS``, ``PER_CALL``, ``STREAM``, ``ASYNC``): map a row name to a
factory. A factory whose imports fail (package not installed) becomes a
"skipped" row instead of an error.

Run: ``.venv/bin/python benchmarks/run.py [--quick] [--rounds N] [--only S] [--json PATH]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

# Run as a script, so benchmarks/ is sys.path[0].
from fake_openai_server import WORDS, running_server

REPO = Path(__file__).resolve().parent.parent

MODEL_ID = "bench"
PROMPT = "hi"
PER_CALL_TOKENS = 20  # the server's default when the client sends no max tokens

T = TypeVar("T")
SyncCall = Callable[[], str]
AsyncCall = Callable[[], Awaitable[str]]
SyncFactory = Callable[[str], AbstractContextManager[SyncCall]]
StreamFactory = Callable[[str, int], AbstractContextManager[SyncCall]]
AsyncFactory = Callable[[str, int], AbstractAsyncContextManager[AsyncCall]]


def expected_text(n: int) -> str:
    """What the fake server answers for ``n`` tokens; used to check contenders do the same work."""
    return "".join(WORDS[i % len(WORDS)] for i in range(n))


def chat_body(max_tokens: int | None = None, stream: bool = False) -> dict[str, Any]:
    """The request a floor sends: the minimum an OpenAI-compatible call needs."""
    body: dict[str, Any] = {
        "model": MODEL_ID,
        "messages": [{"role": "user", "content": PROMPT}],
    }
    if max_tokens is not None:
        body["max_tokens"] = max_tokens
    if stream:
        body["stream"] = True
    return body


# --------------------------------------------------------------------------- floors


@contextlib.contextmanager
def floor_per_call(base_url: str) -> Iterator[SyncCall]:
    """Raw ``httpx2.Client.post(...).json()``: the least work a sync call can do."""
    import httpx2

    url = base_url + "/chat/completions"
    body = chat_body()
    with httpx2.Client() as client:

        def call() -> str:
            content: str = client.post(url, json=body).json()["choices"][0]["message"]["content"]
            return content

        yield call


@contextlib.contextmanager
def floor_stream(base_url: str, n: int) -> Iterator[SyncCall]:
    """Raw ``httpx2`` stream + ``iter_lines`` + ``json.loads`` per ``data:`` line."""
    import httpx2

    url = base_url + "/chat/completions"
    body = chat_body(max_tokens=n, stream=True)
    loads = json.loads
    with httpx2.Client() as client:

        def call() -> str:
            parts: list[str] = []
            with client.stream("POST", url, json=body) as response:
                for line in response.iter_lines():
                    if not line.startswith("data: "):
                        continue
                    data = line[6:]
                    if data == "[DONE]":
                        break
                    choices = loads(data)["choices"]
                    if choices:
                        content = choices[0]["delta"].get("content")
                        if content:
                            parts.append(content)
            return "".join(parts)

        yield call


async def _post_content(client: Any, url: str, body: dict[str, Any]) -> str:
    response = await client.post(url, json=body)
    content: str = response.json()["choices"][0]["message"]["content"]
    return content


@contextlib.asynccontextmanager
async def floor_async(base_url: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """Raw ``httpx2.AsyncClient()`` with default limits, as a user would write it.

    The package does not take pool limits from callers, so the fair floor is
    the client as shipped; ``ref_async_keepalive`` shows the tuned variant.
    """
    import httpx2

    url = base_url + "/chat/completions"
    body = chat_body()
    async with httpx2.AsyncClient() as client:
        yield lambda: _post_content(client, url, body)


@contextlib.asynccontextmanager
async def ref_async_keepalive(base_url: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """Reference row: keep-alive pool sized to the concurrency (no connection churn)."""
    import httpx2

    url = base_url + "/chat/completions"
    body = chat_body()
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx2.AsyncClient(limits=limits) as client:
        yield lambda: _post_content(client, url, body)


# --------------------------------------------------------------------------- ai_sdk_integrations


def _sdk_model(base_url: str) -> Any:
    from ai_sdk_integrations import language_model

    return language_model(f"openai-compatible:{MODEL_ID}", base_url=base_url)


def _close_quietly(obj: Any) -> None:
    """Close a model's client if the package exposes a way; the benchmark must not leak sockets."""
    closer = getattr(obj, "close", None)
    if callable(closer):
        with contextlib.suppress(Exception):
            closer()


@contextlib.contextmanager
def sdk_per_call(base_url: str) -> Iterator[SyncCall]:
    """``generate_text(...).text``: the package's plain sync entry point."""
    from ai_sdk_integrations import generate_text

    model = _sdk_model(base_url)

    def call() -> str:
        text: str = generate_text(model=model, prompt=PROMPT, max_retries=0).text
        return text

    try:
        yield call
    finally:
        _close_quietly(model)


@contextlib.contextmanager
def sdk_stream(base_url: str, n: int) -> Iterator[SyncCall]:
    """``stream_text(...).text_stream``: deltas as the user iterates them."""
    from ai_sdk_integrations import stream_text

    model = _sdk_model(base_url)

    def call() -> str:
        parts: list[str] = []
        result = stream_text(model=model, prompt=PROMPT, max_output_tokens=n)
        for delta in result.text_stream:  # touch each delta, as a UI would
            parts.append(delta)
        return "".join(parts)

    try:
        yield call
    finally:
        _close_quietly(model)


@contextlib.asynccontextmanager
async def sdk_async(base_url: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """``await agenerate_text(...)`` sharing one model (and so one pool) across tasks."""
    from ai_sdk_integrations import agenerate_text

    model = _sdk_model(base_url)

    async def call() -> str:
        result = await agenerate_text(model=model, prompt=PROMPT, max_retries=0)
        text: str = result.text
        return text

    try:
        yield call
    finally:
        aclose = getattr(model, "aclose", None)
        if callable(aclose):
            with contextlib.suppress(Exception):
                await aclose()


# --------------------------------------------------------------------------- contender tables
# The FIRST entry of each table is the floor the others are divided by.

# Statements, not just module names: touching the entry points also counts any
# lazy (module ``__getattr__``) imports the package defers to first use.
IMPORTS: dict[str, str] = {
    "floor: httpx2": "import httpx2",
    "ai_sdk_integrations": "import ai_sdk_integrations as m; m.generate_text",
}

PER_CALL: dict[str, SyncFactory] = {
    "floor: httpx2.Client.post().json()": floor_per_call,
    "ai_sdk_integrations.generate_text": sdk_per_call,
}

STREAM: dict[str, StreamFactory] = {
    "floor: httpx2 stream+iter_lines+json.loads": floor_stream,
    "ai_sdk_integrations.stream_text": sdk_stream,
}

ASYNC: dict[str, AsyncFactory] = {
    "floor: httpx2.AsyncClient()": floor_async,
    "ref: httpx2.AsyncClient (keep-alive=concurrency)": ref_async_keepalive,
    "ai_sdk_integrations.agenerate_text": sdk_async,
}

# Goals from the issue: (scenario, contender) -> ratio bound. Time scenarios
# must stay at or under the bound; throughput must reach at least it.
GOALS: dict[tuple[str, str], float] = {
    ("per-call", "ai_sdk_integrations.generate_text"): 1.3,
    ("stream", "ai_sdk_integrations.stream_text"): 1.5,
    ("async", "ai_sdk_integrations.agenerate_text"): 0.9,
}


# --------------------------------------------------------------------------- measurement


@dataclass
class Row:
    """One table row; ``samples`` holds the per-round values the median is taken over."""

    scenario: str
    contender: str
    unit: str
    higher_is_better: bool = False
    samples: list[float] = field(default_factory=list)
    note: str = ""
    median: float | None = None
    ratio: float | None = None
    goal: float | None = None
    goal_met: bool | None = None


@dataclass
class Config:
    rounds: int
    import_runs: int
    calls: int
    stream_chunks: int
    streams_per_round: int
    requests: int
    concurrency: int


def _skip_note(exc: BaseException) -> str:
    if isinstance(exc, ImportError):
        return f"skipped: {exc}"
    traceback.print_exception(exc, file=sys.stderr)
    return f"error: {type(exc).__name__}: {exc}"


def _check(scenario: str, name: str, got: str, want: str) -> None:
    """Fail loudly if a contender did different work from the floor."""
    if got != want:
        raise AssertionError(f"{scenario}/{name}: got {len(got)} chars, expected {len(want)}: {got[:60]!r}")


def _round_orders(table: dict[str, T], rounds: int) -> Iterator[list[tuple[str, T]]]:
    """Every contender runs once per round, in reversed order on odd rounds.

    Interleaving spreads machine-load drift over all rows; reversing cancels
    any advantage of running first (or right after the floor) in a round.
    """
    items = list(table.items())
    for i in range(rounds):
        yield items if i % 2 == 0 else items[::-1]


def _subprocess_env() -> dict[str, str]:
    """Environment for import timing: the working tree first, and bytecode caching on.

    Users import from cached ``.pyc`` files, so compiling on every run (as
    ``PYTHONDONTWRITEBYTECODE=1`` would force) measures the wrong thing. The
    cache goes to a temp dir so the repo and the venv stay untouched.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "ai_sdk_bench_pycache")
    return env


def _time_python(code: str, env: dict[str, str]) -> float:
    """Wall seconds for a fresh interpreter to run ``code``; raises with its stderr tail."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        raise RuntimeError(tail)
    return elapsed


def bench_import(cfg: Config) -> list[Row]:
    """Fresh-interpreter import cost in ms: the statement minus an empty interpreter.

    Runs are interleaved with the baseline so machine load drifts affect both.
    """
    env = _subprocess_env()
    rows = {name: Row("import", name, "ms") for name in IMPORTS}
    for name, statement in IMPORTS.items():  # warm-up also writes .pyc files
        try:
            _time_python(statement, env)
        except RuntimeError as exc:
            rows[name].note = f"skipped: `{statement}` failed: {exc}"
    for _ in range(cfg.import_runs):
        base = _time_python("pass", env)
        for name, statement in IMPORTS.items():
            if not rows[name].note:
                elapsed = _time_python(statement, env) - base
                rows[name].samples.append(max(0.0, elapsed) * 1e3)
    return list(rows.values())


def bench_per_call(base_url: str, cfg: Config) -> list[Row]:
    """Microseconds per sequential non-streaming call, after a warm-up that opens the connection."""
    rows = {name: Row("per-call", name, "us/call") for name in PER_CALL}
    want = expected_text(PER_CALL_TOKENS)
    with contextlib.ExitStack() as stack:
        calls: dict[str, SyncCall] = {}
        for name, factory in PER_CALL.items():
            try:
                call = stack.enter_context(factory(base_url))
                for _ in range(max(5, cfg.calls // 10)):
                    _check("per-call", name, call(), want)
                calls[name] = call
            except Exception as exc:  # one bad row must not sink the table
                rows[name].note = _skip_note(exc)
        for order in _round_orders(calls, cfg.rounds):
            for name, call in order:
                gc.collect()
                start = time.perf_counter()
                for _ in range(cfg.calls):
                    call()
                rows[name].samples.append((time.perf_counter() - start) / cfg.calls * 1e6)
    return list(rows.values())


def bench_stream(base_url: str, cfg: Config) -> list[Row]:
    """Milliseconds to consume one ``stream_chunks``-token stream delta by delta."""
    rows = {name: Row("stream", name, "ms/stream") for name in STREAM}
    want = expected_text(cfg.stream_chunks)
    with contextlib.ExitStack() as stack:
        calls: dict[str, SyncCall] = {}
        for name, factory in STREAM.items():
            try:
                call = stack.enter_context(factory(base_url, cfg.stream_chunks))
                _check("stream", name, call(), want)
                calls[name] = call
            except Exception as exc:  # one bad row must not sink the table
                rows[name].note = _skip_note(exc)
        for order in _round_orders(calls, cfg.rounds):
            for name, call in order:
                gc.collect()
                start = time.perf_counter()
                for _ in range(cfg.streams_per_round):
                    call()
                rows[name].samples.append((time.perf_counter() - start) / cfg.streams_per_round * 1e3)
    return list(rows.values())


async def _async_round(factory: AsyncFactory, base_url: str, cfg: Config, name: str) -> float:
    """One round: fresh client, warm every connection, then time ``requests`` at ``concurrency``."""
    want = expected_text(PER_CALL_TOKENS)
    async with factory(base_url, cfg.concurrency) as call:
        warm = await asyncio.gather(*(call() for _ in range(cfg.concurrency)))
        _check("async", name, warm[0], want)
        remaining = cfg.requests

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                await call()

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(cfg.concurrency)))
        return cfg.requests / (time.perf_counter() - start)


def bench_async(base_url: str, cfg: Config) -> list[Row]:
    """Requests per second for ``requests`` calls spread over ``concurrency`` tasks."""
    rows = {name: Row("async", name, "req/s", higher_is_better=True) for name in ASYNC}
    for order in _round_orders(ASYNC, cfg.rounds):
        for name, factory in order:
            if rows[name].note:
                continue
            gc.collect()
            try:
                rows[name].samples.append(asyncio.run(_async_round(factory, base_url, cfg, name)))
            except Exception as exc:  # one bad row must not sink the table
                rows[name].note = _skip_note(exc)
    return list(rows.values())


# --------------------------------------------------------------------------- reporting


def finalize(rows: list[Row]) -> None:
    """Fill medians, ratios to the scenario's floor (its first row) and goal checks."""
    floor: dict[str, float | None] = {}
    for row in rows:
        if row.samples:
            row.median = statistics.median(row.samples)
        floor.setdefault(row.scenario, row.median)
        base = floor[row.scenario]
        if row.median is not None and base:
            row.ratio = row.median / base
        row.goal = GOALS.get((row.scenario, row.contender))
        if row.goal is not None and row.ratio is not None:
            row.goal_met = row.ratio >= row.goal if row.higher_is_better else row.ratio <= row.goal


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if value >= 1 else f"{value:.3f}"


def render(rows: list[Row]) -> str:
    lines = [
        "| scenario | contender | median | ratio to floor | spread | goal | note |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        median = f"{_fmt(row.median)} {row.unit}" if row.median is not None else "-"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        goal = "-"
        if row.goal is not None:
            sign = ">=" if row.higher_is_better else "<="
            mark = {True: "met", False: "MISSED", None: "n/a"}[row.goal_met]
            goal = f"{sign}{row.goal}x {mark}"
        spread = "-"
        if row.samples and row.median:
            spread = f"±{(max(row.samples) - min(row.samples)) / 2 / row.median:.0%}"
        cells = (row.scenario, row.contender, median, ratio, spread, goal, row.note)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


SCENARIOS = ("import", "per-call", "stream", "async")


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, Config]:
    parser = argparse.ArgumentParser(
        description="ai_sdk_integrations vs raw httpx2 on a loopback fake server"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny counts: a smoke test, not a measurement",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        help="rounds per scenario; the median is reported (default 7)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=SCENARIOS,
        help="run only this scenario (repeatable)",
    )
    parser.add_argument("--json", type=Path, help="also write the rows (with all samples) to this file")
    parser.add_argument("--calls", type=int, help="sequential calls per per-call round (default 300)")
    parser.add_argument("--stream-chunks", type=int, help="tokens per stream (default 2000)")
    parser.add_argument("--requests", type=int, help="async requests per round (default 640)")
    parser.add_argument("--concurrency", type=int, help="async concurrency (default 64)")
    args = parser.parse_args(argv)
    if args.quick:
        cfg = Config(
            rounds=2,
            import_runs=2,
            calls=30,
            stream_chunks=200,
            streams_per_round=1,
            requests=128,
            concurrency=16,
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
        )
    overrides = {
        "rounds": args.rounds,
        "calls": args.calls,
        "stream_chunks": args.stream_chunks,
        "requests": args.requests,
        "concurrency": args.concurrency,
    }
    for key, value in overrides.items():
        if value is not None:
            setattr(cfg, key, value)
    return args, cfg


def main(argv: list[str] | None = None) -> int:
    args, cfg = parse_args(argv)
    if str(REPO) not in sys.path:  # benchmark the working tree, installed or not
        sys.path.insert(0, str(REPO))
    selected = args.only or list(SCENARIOS)
    rows: list[Row] = []
    started = time.perf_counter()
    if "import" in selected:
        rows += bench_import(cfg)
    network = [s for s in selected if s != "import"]
    if network:
        with running_server() as base_url:
            if "per-call" in network:
                rows += bench_per_call(base_url, cfg)
            if "stream" in network:
                rows += bench_stream(base_url, cfg)
            if "async" in network:
                rows += bench_async(base_url, cfg)
    finalize(rows)
    print(render(rows))
    print(
        f"\nmedians of {cfg.rounds} rounds ({cfg.import_runs} import runs); per-call {cfg.calls} calls, "
        f"stream {cfg.stream_chunks} chunks x{cfg.streams_per_round}, async {cfg.requests} req @ "
        f"{cfg.concurrency}; {os.cpu_count()} CPUs; took {time.perf_counter() - started:.1f}s"
    )
    if args.json:
        payload = {
            "config": asdict(cfg),
            "python": sys.version,
            "rows": [asdict(r) for r in rows],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
