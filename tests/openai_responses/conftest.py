"""Where the OpenAI Responses cassette tests send their requests, in each of three modes.

* Replay (the default, ``--record-mode=none --block-network``): models use OpenAI's
  default base URL and VCR answers from ``cassettes/openai_responses_*/``.
  ``OPENAI_API_KEY`` is a dummy unless set; ``OPENAI_BASE_URL`` is cleared.
* Writing (``AI_SDK_WRITE_CASSETTES=1`` with ``--record-mode=rewrite``): the models talk
  to ``responses_wire.FakeResponses`` on 127.0.0.1 (via ``OPENAI_BASE_URL``), and the
  recorded URIs are rewritten to ``https://api.openai.com/v1``. The one command:

      AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest tests/openai_responses --record-mode=rewrite

* Real re-recording (``OPENAI_API_KEY=sk-... --record-mode=rewrite``): the real API.
  Tests marked ``openai_responses_written`` ask for what the real API cannot be made to
  do on demand (a mid-stream server error) and use the fake in every recording mode.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fake_keys import fake_key
from openai_wire import OPENAI_API
from responses_wire import FakeResponses
from vcr_setup import recording
from written_cassettes import WrittenCassettes

DUMMY_KEY = fake_key("replay-dummy-not-a-key")
WRITTEN = WrittenCassettes(
    provider="OpenAI",
    key_env="OPENAI_API_KEY",
    marker="openai_responses_written",
    loopback=re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+/v1(?=/|$)"),
    real_prefix=OPENAI_API,
    real_host="api.openai.com",
)
uses_fake_server = WRITTEN.uses_fake_server


def pytest_configure(config: pytest.Config) -> None:
    WRITTEN.register_marker(config)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    WRITTEN.refuse_real_recording_without_key(item)


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    return WRITTEN.vcr_config(vcr_config)


@pytest.fixture(scope="session")
def responses_wire() -> Iterator[FakeResponses]:
    with FakeResponses() as server:
        yield server


@pytest.fixture(autouse=True)
def openai_base_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The base URL this test's ``openai.responses:`` models resolve to."""
    config = request.config
    if uses_fake_server(request.node):
        server: FakeResponses = request.getfixturevalue("responses_wire")
        server.reset()
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", DUMMY_KEY)
        return server.base_url
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    if not recording(config) and not os.environ.get("OPENAI_API_KEY"):
        monkeypatch.setenv("OPENAI_API_KEY", DUMMY_KEY)
    return OPENAI_API
