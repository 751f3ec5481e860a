"""Where the Mistral cassette tests send their requests, in each of three modes.

* Replay (the default, ``--record-mode=none --block-network``): models use Mistral's
  default base URL and VCR answers from ``cassettes/mistral_*/``. ``MISTRAL_API_KEY``
  is a dummy unless set; ``MISTRAL_BASE_URL`` is cleared.
* Writing (``AI_SDK_WRITE_CASSETTES=1`` with ``--record-mode=rewrite``): the models talk
  to ``mistral_wire.FakeMistral`` on 127.0.0.1 (via ``MISTRAL_BASE_URL``), and the
  recorded URIs are rewritten to ``https://api.mistral.ai/v1``.
* Real re-recording (``MISTRAL_API_KEY=... --record-mode=rewrite``): the real API.
  Tests marked ``mistral_written`` ask for what the real API cannot be made to do on
  demand (a 429) and use the fake in every recording mode.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fake_keys import fake_key
from mistral_wire import MISTRAL_API, FakeMistral
from vcr_setup import recording
from written_cassettes import WrittenCassettes

DUMMY_KEY = fake_key("mistral-replay-dummy-not-a-key")
WRITTEN = WrittenCassettes(
    provider="Mistral",
    key_env="MISTRAL_API_KEY",
    marker="mistral_written",
    loopback=re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+/v1(?=/|$)"),
    real_prefix=MISTRAL_API,
    real_host="api.mistral.ai",
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
def mistral_wire() -> Iterator[FakeMistral]:
    with FakeMistral() as server:
        yield server


@pytest.fixture(autouse=True)
def mistral_base_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The base URL this test's ``mistral:`` models resolve to (set through the environment)."""
    config = request.config
    if uses_fake_server(request.node):
        server: FakeMistral = request.getfixturevalue("mistral_wire")
        server.reset()
        monkeypatch.setenv("MISTRAL_BASE_URL", server.base_url)
        monkeypatch.setenv("MISTRAL_API_KEY", DUMMY_KEY)
        return server.base_url
    monkeypatch.delenv("MISTRAL_BASE_URL", raising=False)
    if not recording(config) and not os.environ.get("MISTRAL_API_KEY"):
        monkeypatch.setenv("MISTRAL_API_KEY", DUMMY_KEY)
    return MISTRAL_API
