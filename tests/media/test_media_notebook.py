"""``notebooks/media.ipynb`` runs top to bottom in a real Jupyter kernel, replaying
``cassettes/notebooks/media.yaml``.

The cassette is written from the media fake: with ``AI_SDK_WRITE_CASSETTES=1
--record-mode=rewrite`` the kernel talks to ``FakeMedia`` (``OPENAI_BASE_URL``) and the
recorded URIs are rewritten to ``https://api.openai.com/v1`` afterwards; with a real
``OPENAI_API_KEY`` and ``--record-mode=rewrite`` it records the real API.
"""

from __future__ import annotations

import base64
import io
import os
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from media_wire import OPENAI_API
from nbclient import NotebookClient
from vcr_setup import CASSETTES, NOTEBOOK_CASSETTE_ENV, NOTEBOOK_RECORD_MODE_ENV, recording

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "media.ipynb"
CASSETTE = CASSETTES / "notebooks" / "media.yaml"

pytestmark = pytest.mark.media_provider("openai")


def test_media_notebook_shows_an_image_a_spoken_answer_and_a_transcript(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = recording(request.config)
    writing = record and os.environ.get("AI_SDK_WRITE_CASSETTES") == "1"
    if not record and not CASSETTE.exists():
        pytest.fail(
            "no cassette for media.ipynb; write it: "
            "AI_SDK_WRITE_CASSETTES=1 pytest tests/media --record-mode=rewrite"
        )
    if record:
        CASSETTE.unlink(missing_ok=True)
        if not writing and not os.environ.get("OPENAI_API_KEY"):
            pytest.fail("re-recording media.ipynb needs OPENAI_API_KEY (or AI_SDK_WRITE_CASSETTES=1)")
    if writing:
        fake = request.getfixturevalue("media_fake")
        monkeypatch.setenv("OPENAI_BASE_URL", fake.origin + "/openai/v1")
        monkeypatch.setenv("OPENAI_API_KEY", "sk-fake-writing")
    else:
        monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv(NOTEBOOK_CASSETTE_ENV, str(CASSETTE))
    monkeypatch.setenv(NOTEBOOK_RECORD_MODE_ENV, "all" if record else "none")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT / "tests"), os.environ.get("PYTHONPATH")]))
    )

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": ROOT}}
    ).execute()
    if writing:
        text = CASSETTE.read_text()
        CASSETTE.write_text(re.sub(r"http://127\.0\.0\.1:\d+/openai/v1", OPENAI_API, text))
    if record:
        return

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    image_cell, speech_cell, transcript_cell = code[1], code[2], code[3]
    shown = [o for o in image_cell.outputs if o.output_type == "display_data"]
    png = base64.b64decode(shown[0]["data"]["image/png"])
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size == (1024, 1024)
    assert any(
        "text/html" in o.get("data", {}) and "<audio" in o["data"]["text/html"] for o in speech_cell.outputs
    )
    printed = "".join(o.get("text", "") for o in transcript_cell.outputs if o.output_type == "stream")
    assert "round trip: True" in printed and re.search(r"\[ 0\.00 - +\d+\.\d\d\]", printed)
    uris = [i["request"]["uri"] for i in yaml.safe_load(CASSETTE.read_text())["interactions"]]
    assert uris == [
        f"{OPENAI_API}/{p}"
        for p in ("images/generations", "chat/completions", "audio/speech", "audio/transcriptions")
    ]
