"""Embed N texts with Ray Data over the recipe's ``EmbedBatches``; report throughput per worker and total.

Why: the recipe's promise is that a large embedding job needs no code of its
own and scales with workers. This runs it on a local Ray instance (loopback
only) against the benchmark's fake OpenAI server, so it measures the client
side: Ray's scheduling and batching, ``embed_many`` and the HTTP pools, not a
provider's latency. Each actor records its own busy time, so the per-worker
figure is rows per busy second; the total is rows per wall second of the whole
``map_batches`` run (actor start-up included).

Needs the ``ray`` extra in the interpreter that runs it (the dev venv, not a
benchmark venv)::

    .venv/bin/python benchmarks/ray_embed.py                     # 100,000 texts, 2 workers
    .venv/bin/python benchmarks/ray_embed.py --texts 2000 --batch-size 100   # a smoke run

The fake answers 8 floats per input; ``embed_many`` splits each Ray batch into
requests of at most the model's per-call maximum (2,048 for OpenAI) and sends
up to ``--max-parallel-calls`` of them at once.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # benchmark the working tree

from fake_openai_server import running_server  # noqa: E402

from ai_sdk_integrations.integrations.ray import EmbedBatches  # noqa: E402


class TimedEmbedBatches(EmbedBatches):
    """``EmbedBatches`` that also tags each row with its worker's pid and the batch's busy seconds."""

    def __call__(self, batch: Any) -> dict[str, Any]:
        start = time.perf_counter()
        out = super().__call__(batch)
        rows = len(out[self.output_column])
        out["worker"] = [os.getpid()] * rows
        out["batch_seconds"] = [(time.perf_counter() - start) / rows] * rows
        del out[self.output_column]  # keep the driver's memory flat; the vectors were checked in the batch
        return out


def _texts(batch: dict[str, Any]) -> dict[str, Any]:
    return {"text": [f"document {i}: some words to embed, as a chunk of a page would" for i in batch["id"]]}


def run(args: argparse.Namespace) -> dict[str, Any]:
    import ray

    with running_server() as base_url:
        ray.init(
            num_cpus=args.workers + 1,  # one more for the tasks that read the range and make the texts
            _node_ip_address="127.0.0.1",
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
            runtime_env={"env_vars": {"OPENAI_API_KEY": "bench-key"}},
        )
        ray.data.DataContext.get_current().enable_progress_bars = False
        try:
            ds = ray.data.range(args.texts).map_batches(_texts, batch_size=args.batch_size)
            ds = ds.map_batches(
                TimedEmbedBatches,
                fn_constructor_kwargs={
                    "model": "openai:text-embedding-3-small",
                    "base_url": base_url,
                    "max_parallel_calls": args.max_parallel_calls,
                },
                batch_size=args.batch_size,
                compute=ray.data.ActorPoolStrategy(size=args.workers),
            )
            start = time.perf_counter()
            first: tuple[float, int] | None = None  # when the first batch arrived, and its rows
            per_worker: dict[int, list[float]] = {}
            rows = 0
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                if first is None:
                    first = (time.perf_counter(), len(batch["worker"]))
                for pid, seconds in zip(batch["worker"], batch["batch_seconds"], strict=True):
                    entry = per_worker.setdefault(int(pid), [0, 0.0])
                    entry[0] += 1
                    entry[1] += float(seconds)
                rows += len(batch["worker"])
            end = time.perf_counter()
            wall = end - start
        finally:
            ray.shutdown()
    if rows != args.texts:
        raise SystemExit(f"embedded {rows} of {args.texts} texts")
    workers = {
        str(pid): {"rows": n, "busy_s": busy, "rows_per_busy_s": n / busy}
        for pid, (n, busy) in per_worker.items()
    }
    assert first is not None
    after_first = (rows - first[1]) / (end - first[0]) if end > first[0] and rows > first[1] else None
    return {
        "texts": rows,
        "wall_s": wall,
        "rows_per_s": rows / wall,
        "rows_per_s_after_first_batch": after_first,
        "workers": workers,
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="embedding actors (Ray gets one CPU more)")
    parser.add_argument("--batch-size", type=int, default=1000, help="rows per Ray batch")
    parser.add_argument("--max-parallel-calls", type=int, default=4)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    result = run(args)
    print("| worker (pid) | rows | busy s | rows per busy s |\n|---|---:|---:|---:|")
    for pid, w in sorted(result["workers"].items()):
        print(f"| {pid} | {w['rows']:,} | {w['busy_s']:.1f} | {w['rows_per_busy_s']:,.0f} |")
    print(
        f"| **total** | {result['texts']:,} | {result['wall_s']:.1f} (wall) | {result['rows_per_s']:,.0f} |\n"
        f"\nAfter the first batch (actors up): {result['rows_per_s_after_first_batch'] or 0:,.0f} rows/s. "
        f"{args.workers} workers, batches of {args.batch_size}, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.2f}"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
