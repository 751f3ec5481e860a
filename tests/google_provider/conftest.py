"""Where the Google cassette tests send their requests, in each of three modes.

* Replay (the default, ``--record-mode=none --block-network``): models use the real base
  URLs and VCR answers from ``cassettes/google_*/`` and ``cassettes/vertex_*/``.
  ``GOOGLE_GENERATIVE_AI_API_KEY`` is a dummy unless set; the base-URL variables are cleared.
* Writing (``AI_SDK_WRITE_CASSETTES=1`` with ``--record-mode=rewrite``): the models talk
  to ``google_wire.FakeGoogle`` on 127.0.0.1 (through ``GOOGLE_GENERATIVE_AI_BASE_URL`` /
  ``GOOGLE_VERTEX_BASE_URL``), and each recorded URI is rewritten to the real host the
  fake's ``/_host/<host>`` prefix names, so replay needs nothing local.
* Real re-recording (``GOOGLE_GENERATIVE_AI_API_KEY=... --record-mode=rewrite``): the real
  Gemini API. Tests marked ``google_written`` ask for what the real service cannot be
  made to do on demand (a 429, a safety block, a Vertex AI call with a made-up service
  account) and are written from the fake in every recording mode.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from google_wire import GEMINI_API, VERTEX_API, FakeGoogle, gemini_key
from vcr_setup import recording
from written_cassettes import WrittenCassettes


class GoogleWrittenCassettes(WrittenCassettes):
    """Two real hosts (and more for Vertex AI), so the host comes from the fake's URL."""

    def to_real_host(self, request: Any) -> Any:
        match = self.loopback.match(request.uri)
        if match:
            host = match.group("host")
            request.uri = f"https://{host}" + request.uri[match.end() :]
            if "host" in request.headers:
                request.headers["host"] = host
        return request


WRITTEN = GoogleWrittenCassettes(
    provider="Google (Gemini API)",
    key_env="GOOGLE_GENERATIVE_AI_API_KEY",
    marker="google_written",
    loopback=re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+/_host/(?P<host>[^/]+)"),
    real_prefix="https://",
    real_host="generativelanguage.googleapis.com",
)
uses_fake_server = WRITTEN.uses_fake_server
_BASE_URL_ENV = ("GOOGLE_GENERATIVE_AI_BASE_URL", "GOOGLE_VERTEX_BASE_URL")


def pytest_configure(config: pytest.Config) -> None:
    WRITTEN.register_marker(config)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    WRITTEN.refuse_real_recording_without_key(item)


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    return WRITTEN.vcr_config(vcr_config)


@pytest.fixture(scope="session")
def google_wire() -> Iterator[FakeGoogle]:
    with FakeGoogle() as server:
        yield server


@pytest.fixture(autouse=True)
def google_base_urls(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The base URLs this test's ``google:`` and ``vertex:`` models resolve to."""
    for name in ("GEMINI_API_KEY", "GOOGLE_VERTEX_API_KEY", *_BASE_URL_ENV):
        monkeypatch.delenv(name, raising=False)
    if uses_fake_server(request.node):
        server: FakeGoogle = request.getfixturevalue("google_wire")
        server.reset()
        monkeypatch.setenv("GOOGLE_GENERATIVE_AI_BASE_URL", server.gemini_base_url)
        monkeypatch.setenv("GOOGLE_VERTEX_BASE_URL", server.vertex_base_url)
        monkeypatch.setenv("GOOGLE_GENERATIVE_AI_API_KEY", gemini_key())
        return {
            "gemini": server.gemini_base_url,
            "vertex": server.vertex_base_url,
            "express": server.express_base_url,
        }
    if not recording(request.config) and not os.environ.get("GOOGLE_GENERATIVE_AI_API_KEY"):
        monkeypatch.setenv("GOOGLE_GENERATIVE_AI_API_KEY", gemini_key())
    return {
        "gemini": GEMINI_API,
        "vertex": VERTEX_API,
        "express": "https://aiplatform.googleapis.com/v1/publishers/google",
    }
