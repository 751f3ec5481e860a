"""``notebooks/ai_sdk_core.ipynb`` runs top to bottom in a real Jupyter kernel, replaying
``cassettes/notebooks/ai_sdk_core.yaml`` (structured output with partial objects, array
elements, a multi-step tool loop, tool approval, an agent).

The cassette is written from the OpenAI fake: with ``AI_SDK_WRITE_CASSETTES=1
--record-mode=rewrite`` the kernel talks to ``openai_wire.FakeOpenAI``
(``OPENAI_BASE_URL``) and the recorded URIs are rewritten to
``https://api.openai.com/v1`` afterwards; with a real ``OPENAI_API_KEY`` and
``--record-mode=rewrite`` it records the real API.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from openai_wire import OPENAI_API, FakeOpenAI
from vcr_setup import CASSETTES, NOTEBOOK_CASSETTE_ENV, NOTEBOOK_RECORD_MODE_ENV, recording

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "ai_sdk_core.ipynb"
CASSETTE = CASSETTES / "notebooks" / "ai_sdk_core.yaml"


def printed(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_core_notebook_runs_top_to_bottom(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = recording(request.config)
    writing = record and os.environ.get("AI_SDK_WRITE_CASSETTES") == "1"
    if not record and not CASSETTE.exists():
        pytest.fail("no cassette for ai_sdk_core.ipynb; write it: AI_SDK_WRITE_CASSETTES=1 pytest "
                    "tests/notebooks/test_core_notebook.py --record-mode=rewrite")  # fmt: skip
    if record and not writing and not os.environ.get("OPENAI_API_KEY"):
        pytest.fail("re-recording ai_sdk_core.ipynb needs OPENAI_API_KEY (or AI_SDK_WRITE_CASSETTES=1)")
    monkeypatch.setenv(NOTEBOOK_CASSETTE_ENV, str(CASSETTE))
    monkeypatch.setenv(NOTEBOOK_RECORD_MODE_ENV, "all" if record else "none")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT / "tests"), os.environ.get("PYTHONPATH")]))
    )
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": ROOT}}
    )
    if record:
        CASSETTE.unlink(missing_ok=True)
    if writing:
        with FakeOpenAI() as fake:
            monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
            monkeypatch.setenv("OPENAI_API_KEY", "sk-fake-writing")
            client.execute()
        text = re.sub(r"http://127\.0\.0\.1:\d+/v1", OPENAI_API, CASSETTE.read_text())
        CASSETTE.write_text(re.sub(r"- 127\.0\.0\.1:\d+\n", "- api.openai.com\n", text))
        return
    client.execute()
    if record:
        return

    interactions = yaml.safe_load(CASSETTE.read_text())["interactions"]
    assert {i["request"]["uri"] for i in interactions} == {f"{OPENAI_API}/chat/completions"}
    assert all(i["response"]["status"]["code"] == 200 for i in interactions)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    partials, elements, loop, approval, agent = (printed(cell).splitlines() for cell in code[1:])
    assert len(partials) > 3 and partials[-1].startswith("CityFacts(name=")
    assert len(elements) == 2 and all(line.startswith("name=") for line in elements)
    answers = [
        json.loads(i["response"]["body"]["string"])
        for i in interactions
        if "stream" not in i["request"]["body"]
    ]
    texts = [a["choices"][0]["message"]["content"] for a in answers]
    assert loop[0].startswith("step 0: tool-calls") and loop[1].startswith("step 1: stop")
    assert loop[-1] in texts
    assert approval[0] == "waiting for approval: send_money {'person': 'Bob', 'amount': 50}"
    assert approval[-1] in texts
    assert agent[0].startswith("2 steps: ")
