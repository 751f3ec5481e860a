"""Runs one contender inside its own virtualenv, driven by ``run.py`` over stdin/stdout.

Why a long-lived worker per contender: each peer lives in its own venv (see
``venvs.py``), yet rows must still be interleaved round by round, so load
drifts on the machine hit every row alike. The orchestrator starts one worker
per row, sets each up (imports, client, warm-up, output check), then asks each
in turn for one timed round. Stdlib only at import time.

Protocol: one JSON object per line each way. Requests: ``{"op": "setup",
"id", "scenario", "base_url", "cfg"}``, ``{"op": "round"}``, ``{"op": "quit"}``.
Replies: ``{"ok": true, "value": ...}`` or ``{"ok": false, "note": ...}``
(``"na": true`` when the contender has no factory for the scenario). Replies go
to the original stdout; anything a library prints goes to stderr.

``--rss ID``: a fresh process does one of each scenario (``calls`` calls, one
``n``-chunk stream, one async round) and prints its peak RSS in MiB.
``--rss-baseline`` prints a bare interpreter's.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import os
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from contenders import BY_ID, Contender
from wires import PER_CALL_TOKENS, expected_text

SUFFIX = {"per-call": "per_call", "stream": "stream", "async": "aio"}


class NotApplicable(Exception):
    """The contender has no factory for this scenario."""


def factory(contender: Contender, scenario: str) -> Any:
    module = importlib.import_module(f"contenders.{contender.module}")
    found = getattr(module, f"{contender.key}_{SUFFIX[scenario]}", None)
    if found is None:
        raise NotApplicable(scenario)
    return found


def check(contender: Contender, got: str, want: str) -> None:
    """Fail loudly if a contender did different work from the floor."""
    if got != want:
        raise AssertionError(f"{contender.id}: got {len(got)} chars, expected {len(want)}: {got[:60]!r}")


async def async_round(
    make: Any, contender: Contender, base_url: str, requests: int, concurrency: int
) -> float:
    """One round: a fresh client on this loop, every connection warmed, then ``requests`` timed."""
    import asyncio

    want = expected_text(PER_CALL_TOKENS)
    async with make(base_url, contender.wire, concurrency) as call:
        warm = await asyncio.gather(*(call() for _ in range(concurrency)))
        check(contender, warm[0], want)
        remaining = requests

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                await call()

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return requests / (time.perf_counter() - start)


class Session:
    """One contender in one scenario: set up once, then timed rounds."""

    def __init__(self, request: dict[str, Any]):
        self.contender = BY_ID[request["id"]]
        self.scenario: str = request["scenario"]
        self.base_url: str = request["base_url"]
        self.cfg: dict[str, int] = request["cfg"]
        self.make = factory(self.contender, self.scenario)
        self.stack = contextlib.ExitStack()
        self.call: Any = None
        if self.scenario == "per-call":
            self.call = self.stack.enter_context(self.make(self.base_url, self.contender.wire))
            want = expected_text(PER_CALL_TOKENS)
            for _ in range(max(5, self.cfg["calls"] // 10)):
                check(self.contender, self.call(), want)
        elif self.scenario == "stream":
            n = self.cfg["stream_chunks"]
            self.call = self.stack.enter_context(self.make(self.base_url, self.contender.wire, n))
            check(self.contender, self.call(), expected_text(n))

    def round(self) -> float:
        gc.collect()
        if self.scenario == "per-call":
            calls = self.cfg["calls"]
            start = time.perf_counter()
            for _ in range(calls):
                self.call()
            return (time.perf_counter() - start) / calls * 1e6
        if self.scenario == "stream":
            streams = self.cfg["streams_per_round"]
            start = time.perf_counter()
            for _ in range(streams):
                self.call()
            return (time.perf_counter() - start) / streams * 1e3
        import asyncio

        return asyncio.run(
            async_round(
                self.make, self.contender, self.base_url, self.cfg["requests"], self.cfg["concurrency"]
            )
        )

    def close(self) -> None:
        self.stack.close()


def protocol_stdout() -> Any:
    """The real stdout for replies; fd 1 and ``sys.stdout`` become stderr, so a library's
    ``print()`` cannot corrupt the protocol."""
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return replies


def serve() -> None:
    replies = protocol_stdout()
    session: Session | None = None
    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        reply: dict[str, Any]
        try:
            if op == "setup":
                session = Session(request)
                reply = {"ok": True}
            elif op == "round":
                assert session is not None
                reply = {"ok": True, "value": session.round()}
            elif op == "quit":
                if session is not None:
                    session.close()
                replies.write(json.dumps({"ok": True}) + "\n")
                return
            else:
                reply = {"ok": False, "note": f"unknown op {op!r}"}
        except NotApplicable:
            reply = {"ok": False, "na": True, "note": "n/a"}
        except Exception as exc:
            traceback.print_exc()
            reply = {"ok": False, "note": f"{type(exc).__name__}: {exc}"[:300]}
        replies.write(json.dumps(reply) + "\n")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure_rss(args: argparse.Namespace) -> dict[str, Any]:
    """Peak RSS after one of each scenario the contender has, in a fresh process."""
    import asyncio

    contender = BY_ID[args.rss]
    done = []
    with (
        contextlib.suppress(NotApplicable),
        factory(contender, "per-call")(args.base_url, contender.wire) as call,
    ):
        want = expected_text(PER_CALL_TOKENS)
        for _ in range(args.calls):
            check(contender, call(), want)
        done.append("per-call")
    with (
        contextlib.suppress(NotApplicable),
        factory(contender, "stream")(args.base_url, contender.wire, args.n) as call,
    ):
        check(contender, call(), expected_text(args.n))
        done.append("stream")
    with contextlib.suppress(NotApplicable):
        make = factory(contender, "async")
        asyncio.run(async_round(make, contender, args.base_url, args.requests, args.concurrency))
        done.append("async")
    return {"peak_mib": peak_rss_mib(), "did": done}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rss", help="contender id: measure its peak RSS and exit")
    parser.add_argument("--rss-baseline", action="store_true")
    parser.add_argument("--base-url")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=640)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    if args.rss_baseline:
        print(json.dumps({"peak_mib": peak_rss_mib()}))
    elif args.rss:
        out = protocol_stdout()
        out.write(json.dumps(measure_rss(args)) + "\n")
    else:
        serve()


if __name__ == "__main__":
    main()
