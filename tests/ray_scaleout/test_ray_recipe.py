"""The Ray Data recipe runs on a local Ray instance (2 CPUs) against a loopback server.

Why: the recipe (``ai_sdk_integrations.integrations.ray``) is the documented way to
embed a dataset or run batch generation at scale; this runs it for real, end to end,
on a small dataset: every row gets its own answer back in order, the key reaches the
workers through Ray's ``runtime_env`` (never through a pickle), and each worker
process talks through a pool of its own. Ray is the ``ray`` extra, not a test
dependency: without it this module is skipped. With it, it takes about 30-60 s on 2
busy cores, most of it Ray starting its workers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

# ray.data, not ray: a bare "ray" could be any namespace package on the path.
pytest.importorskip("ray.data", reason="Ray is not installed: pip install 'ai-sdk-integrations[ray]'")
import ray
from fake_keys import fake_key
from ray_echo import EchoServer, answer_for, vector_for

import ai_sdk_integrations as ai
from ai_sdk_integrations.integrations.ray import EmbedBatches, GenerateBatches
from ai_sdk_integrations.transport import client as http_client

ENV_KEY = fake_key("ray-worker-SECRET-0123456789abcdef")
ROWS = 120


@pytest.fixture(scope="module")
def echo() -> Iterator[EchoServer]:
    server = EchoServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A local instance on loopback only, with the key in the workers' environment."""
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # tests/ is not on the workers' path
    ray.init(
        num_cpus=2,
        _node_ip_address="127.0.0.1",
        include_dashboard=False,
        log_to_driver=False,
        configure_logging=False,
        runtime_env={"env_vars": {"OPENAI_API_KEY": ENV_KEY}},
    )
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    try:
        yield
    finally:
        ray.shutdown()


def texts() -> list[dict[str, Any]]:
    return [{"id": i, "text": f"document {i} " * (i % 4 + 1)} for i in range(ROWS)]


def test_embeds_a_dataset_on_an_actor_pool(local_ray: None, echo: EchoServer) -> None:
    ds = ray.data.from_items(texts()).map_batches(
        EmbedBatches,
        fn_constructor_kwargs={"model": "openai:text-embedding-3-small", "base_url": echo.url},
        batch_size=20,
        compute=ray.data.ActorPoolStrategy(size=2),
    )
    rows = sorted(ds.take_all(), key=lambda row: row["id"])
    assert [row["id"] for row in rows] == list(range(ROWS))
    assert all(list(row["embedding"]) == vector_for(row["text"]) for row in rows)
    embeds = [r for r in echo.requests if r.path.endswith("/embeddings")]
    assert sum(len(r.json["input"]) for r in embeds) == ROWS
    assert {r.headers["authorization"] for r in embeds} == {f"Bearer {ENV_KEY}"}


def test_generates_for_each_row_on_tasks(local_ray: None, echo: EchoServer) -> None:
    prompts = [{"id": i, "prompt": f"question {i}"} for i in range(40)]
    generate = GenerateBatches("openai:bench", model_settings={"base_url": echo.url}, max_concurrency=4)
    ds = ray.data.from_items(prompts).map_batches(
        generate, batch_size=10, compute=ray.data.TaskPoolStrategy(size=2)
    )
    rows = sorted(ds.take_all(), key=lambda row: row["id"])
    assert [row["text"] for row in rows] == [answer_for(p["prompt"]) for p in prompts]


def _call_in_worker(model: Any) -> tuple[str, int, int | None]:
    text = ai.generate_text(model, prompt="worker").text
    owner = http_client._sync_client[0] if http_client._sync_client else None
    return text, os.getpid(), owner


def test_a_used_model_sent_to_workers_gets_their_own_pools(
    local_ray: None, echo: EchoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", ENV_KEY)
    model = ai.language_model("openai:bench", base_url=echo.url)
    assert ai.generate_text(model, prompt="driver").text == answer_for("driver")
    assert http_client._sync_client is not None and http_client._sync_client[0] == os.getpid()
    remote = ray.remote(_call_in_worker)
    results = ray.get([remote.remote(model) for _ in range(4)])
    for text, pid, owner in results:
        assert text == answer_for("worker")
        assert pid != os.getpid()
        assert owner == pid  # the pool this process uses was made in this process
