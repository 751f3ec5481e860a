"""Where the OpenAI cassette tests send their requests, in each of three modes.

* Replay (the default, ``--record-mode=none --block-network``): models use OpenAI's
  default base URL and VCR answers from ``cassettes/openai_*/``. ``OPENAI_API_KEY`` is a
  dummy unless set; ``OPENAI_BASE_URL`` is cleared.
* Writing (``AI_SDK_WRITE_CASSETTES=1`` with ``--record-mode=rewrite``): the models talk to
  ``openai_wire.FakeOpenAI`` on 127.0.0.1 (via ``OPENAI_BASE_URL``), and the recorded
  URIs are rewritten to ``https://api.openai.com/v1`` so replay needs nothing local.
* Real re-recording (``OPENAI_API_KEY=sk-... --record-mode=rewrite``): the real API.
  Tests marked ``openai_written`` ask for something the real API cannot be made to do
  on demand (a 429) and are written from the fake server in every recording mode.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from openai_wire import OPENAI_API, FakeOpenAI
from vcr_setup import recording

WRITE_ENV = "AI_SDK_WRITE_CASSETTES"
DUMMY_KEY = "sk-replay-dummy-not-a-key"
_LOOPBACK_API = re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+/v1(?=/|$)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "openai_written: the cassette is always written from OpenAI's documented wire format "
        "(the real API cannot produce this response on demand)",
    )


def writing(config: pytest.Config) -> bool:
    return recording(config) and os.environ.get(WRITE_ENV) == "1"


def uses_fake_server(item: pytest.Item) -> bool:
    return recording(item.config) and (
        writing(item.config) or item.get_closest_marker("openai_written") is not None
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Refuse a real re-recording without a key before any fixture runs: the ``vcr``
    fixture deletes the old cassette first when recording with ``rewrite``."""
    if recording(item.config) and not uses_fake_server(item) and not os.environ.get("OPENAI_API_KEY"):
        pytest.fail(
            "re-recording OpenAI cassettes against the real API needs OPENAI_API_KEY; to write "
            f"them from the documented wire format instead set {WRITE_ENV}=1 (see cassettes/README.md)",
            pytrace=False,
        )


def to_openai_host(request: Any) -> Any:
    """``before_record_request``: record loopback calls as calls to api.openai.com."""
    if _LOOPBACK_API.match(request.uri):
        request.uri = _LOOPBACK_API.sub(OPENAI_API, request.uri)
        if "host" in request.headers:
            request.headers["host"] = "api.openai.com"
    return request


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    """The root configuration (credential filters and all), plus the URI rewrite."""
    hooks = vcr_config.get("before_record_request") or ()
    if callable(hooks):
        hooks = (hooks,)
    return {**vcr_config, "before_record_request": (*hooks, to_openai_host)}


@pytest.fixture(scope="session")
def openai_wire() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(autouse=True)
def openai_base_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The base URL this test's ``openai:`` models resolve to (set through the environment)."""
    config = request.config
    if uses_fake_server(request.node):
        server: FakeOpenAI = request.getfixturevalue("openai_wire")
        server.reset()
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", DUMMY_KEY)
        return server.base_url
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    if not recording(config) and not os.environ.get("OPENAI_API_KEY"):
        monkeypatch.setenv("OPENAI_API_KEY", DUMMY_KEY)
    return OPENAI_API
