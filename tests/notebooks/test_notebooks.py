"""Every notebook under notebooks/ runs top to bottom, in a real Jupyter kernel.

The kernel replays the notebook's HTTP traffic from ``cassettes/notebooks/<name>.yaml``
(recorded from the real local model server). Re-record with the ``local`` extra:

    .venv/bin/pytest tests/notebooks --record-mode=rewrite
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from vcr_setup import (
    CASSETTES,
    NOTEBOOK_CASSETTE_ENV,
    NOTEBOOK_RECORD_MODE_ENV,
    local_server_when_recording,
    recording,
)

ROOT = Path(__file__).resolve().parents[2]
# media.ipynb talks to OpenAI, not the local server: tests/media/test_media_notebook.py runs it;
# ai_sdk_core.ipynb too: tests/notebooks/test_core_notebook.py runs it.
# ray_embeddings.ipynb runs Ray workers against a loopback server on a random port (no
# cassette can hold that) in about 45 s: tests/ray_scaleout runs the same recipe instead.
_OWN_TESTS = ("media", "ai_sdk_core", "ray_embeddings")
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if p.stem not in _OWN_TESTS)


@pytest.fixture(scope="module")
def local_server(request: pytest.FixtureRequest) -> Iterator[None]:
    with local_server_when_recording(request.config):
        yield


def outputs_text(notebook: nbformat.NotebookNode) -> list[str]:
    texts = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            texts.append("".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream"))
    return texts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(
    path: Path, local_server: None, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    cassette = CASSETTES / "notebooks" / f"{path.stem}.yaml"
    record = recording(request.config)
    if not record and not cassette.exists():
        pytest.fail(f"no cassette for {path.name}; record it: pytest tests/notebooks --record-mode=rewrite")
    if record:
        cassette.unlink(missing_ok=True)
    monkeypatch.setenv(NOTEBOOK_CASSETTE_ENV, str(cassette))
    monkeypatch.setenv(NOTEBOOK_RECORD_MODE_ENV, "all" if record else "none")
    tests_dir = str(ROOT / "tests")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [tests_dir, os.environ.get("PYTHONPATH")])))

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": ROOT}}
    ).execute()

    if record:
        return  # the kernel wrote the cassette as it exited
    printed = outputs_text(notebook)
    exchanges = yaml.safe_load(cassette.read_text())["interactions"]
    first_answer = json.loads(exchanges[0]["response"]["body"]["string"])
    # The generate_text cell printed the recorded reply, so the kernel really replayed it.
    assert printed[1].startswith(first_answer["choices"][0]["message"]["content"])
    assert all(e["response"]["status"]["code"] == 200 for e in exchanges)
