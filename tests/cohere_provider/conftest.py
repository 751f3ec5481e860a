"""Where the Cohere cassette tests send their requests, in each of three modes.

* Replay (the default, ``--record-mode=none --block-network``): models use Cohere's
  default base URL and VCR answers from ``cassettes/cohere_*/``. ``COHERE_API_KEY``
  is a dummy unless set; ``COHERE_BASE_URL`` is cleared.
* Writing (``AI_SDK_WRITE_CASSETTES=1`` with ``--record-mode=rewrite``): the models talk
  to ``cohere_wire.FakeCohere`` on 127.0.0.1 (via ``COHERE_BASE_URL``), and the recorded
  URIs are rewritten to ``https://api.cohere.com/v2``.
* Real re-recording (``COHERE_API_KEY=... --record-mode=rewrite``): the real API. Tests
  marked ``cohere_written`` ask for what the real API cannot be made to do on demand
  (a 429) and use the fake in every mode.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from cohere_wire import COHERE_API, FakeCohere
from fake_keys import fake_key
from vcr_setup import recording
from written_cassettes import WrittenCassettes

DUMMY_KEY = fake_key("cohere-replay-dummy-not-a-key")
WRITTEN = WrittenCassettes(
    provider="Cohere",
    key_env="COHERE_API_KEY",
    marker="cohere_written",
    loopback=re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+/v2(?=/|$)"),
    real_prefix=COHERE_API,
    real_host="api.cohere.com",
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
def cohere_wire() -> Iterator[FakeCohere]:
    with FakeCohere() as server:
        yield server


@pytest.fixture(autouse=True)
def cohere_base_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The base URL this test's ``cohere:`` models resolve to (set through the environment)."""
    config = request.config
    if uses_fake_server(request.node):
        server: FakeCohere = request.getfixturevalue("cohere_wire")
        server.reset()
        monkeypatch.setenv("COHERE_BASE_URL", server.base_url)
        monkeypatch.setenv("COHERE_API_KEY", DUMMY_KEY)
        return server.base_url
    monkeypatch.delenv("COHERE_BASE_URL", raising=False)
    if not recording(config) and not os.environ.get("COHERE_API_KEY"):
        monkeypatch.setenv("COHERE_API_KEY", DUMMY_KEY)
    return COHERE_API
