"""Where the Anthropic cassette tests send their requests, in each of three modes.

* Replay (the default, ``--record-mode=none --block-network``): models use Anthropic's
  default base URL and VCR answers from ``cassettes/anthropic_*/``.
  ``ANTHROPIC_API_KEY`` is a dummy unless set; ``ANTHROPIC_BASE_URL`` is cleared.
* Writing (``AI_SDK_WRITE_CASSETTES=1`` with ``--record-mode=rewrite``): the models talk
  to ``anthropic_wire.FakeAnthropic`` on 127.0.0.1 (via ``ANTHROPIC_BASE_URL``), and
  the recorded URIs are rewritten to ``https://api.anthropic.com/v1``.
* Real re-recording (``ANTHROPIC_API_KEY=sk-ant-... --record-mode=rewrite``): the real
  API. Tests marked ``anthropic_written`` ask for what the real API cannot be made to
  do on demand (a 529, an error event mid-stream) and use the fake in every mode.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from anthropic_wire import ANTHROPIC_API, FakeAnthropic
from fake_keys import fake_key
from vcr_setup import recording
from written_cassettes import WrittenCassettes

DUMMY_KEY = fake_key("ant-replay-dummy-not-a-key")
WRITTEN = WrittenCassettes(
    provider="Anthropic",
    key_env="ANTHROPIC_API_KEY",
    marker="anthropic_written",
    loopback=re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+/v1(?=/|$)"),
    real_prefix=ANTHROPIC_API,
    real_host="api.anthropic.com",
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
def anthropic_wire() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


@pytest.fixture(autouse=True)
def anthropic_base_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The base URL this test's ``anthropic:`` models resolve to (set through the environment)."""
    config = request.config
    if uses_fake_server(request.node):
        server: FakeAnthropic = request.getfixturevalue("anthropic_wire")
        server.reset()
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.base_url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", DUMMY_KEY)
        return server.base_url
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    if not recording(config) and not os.environ.get("ANTHROPIC_API_KEY"):
        monkeypatch.setenv("ANTHROPIC_API_KEY", DUMMY_KEY)
    return ANTHROPIC_API
